/**
 * Building catalog objects from parsed CREATE statements — SQLite's build.c
 * (sqlite3StartTable/AddColumn/AddPrimaryKey/CreateIndex/EndTable, convertToWithoutRowidTable)
 * and the text SQLite stores in `sqlite_schema.sql` for each kind of object.
 *
 * Owns: turning a `CreateTableStmt` into a `Table` plus its automatic indexes (named
 * `sqlite_autoindex_<table>_<n>` in creation order, duplicates suppressed as build.c does), a
 * `CreateIndexStmt` into an `Index`, views and triggers; the rowid-alias rule (a column declared
 * exactly `INTEGER` with a single-column PRIMARY KEY that is not a column-level `DESC`); the
 * stored-SQL text rules (`CREATE TABLE ` + text from the name token; CREATE INDEX keeps text up
 * to the `;`; views trimmed; CREATE TABLE AS gets a generated definition).
 * Must never: touch storage (root pages are passed in), or evaluate expressions.
 * @module
 */

import { SqliteError } from "../error.ts";
import type {
  ColumnDef,
  ConflictAction,
  CreateIndexStmt,
  CreateTableStmt,
  CreateTriggerStmt,
  CreateViewStmt,
  Expr,
  OrderingTerm,
} from "../sql/ast.ts";
import { keywordCode } from "../sql/keywords.ts";
import {
  type Affinity,
  affinityOfType,
  type CheckConstraint,
  type Column,
  columnIndex,
  EXPR_COLUMN,
  foldName,
  type ForeignKey,
  type Index,
  type IndexColumn,
  type IndexOrigin,
  isRowidName,
  ROWID_COLUMN,
  strictAffinity,
  type Table,
  type Trigger,
  type View,
} from "./schema.ts";
import { Affinity as Aff } from "./program.ts";
import { markFromDdl } from "./vtab.ts";

/** The result of building a table: the table and the automatic indexes its constraints need. */
export interface BuiltTable {
  readonly table: Table;
  /**
   * Automatic indexes in creation order. For a WITHOUT ROWID table the PRIMARY KEY index is
   * included (its `rootPage` equals the table's and it gets no sqlite_schema row: see
   * {@link storedIndexes}).
   */
  readonly autoIndexes: Index[];
  /** The PRIMARY KEY index of a WITHOUT ROWID table (also in `autoIndexes`), else null. */
  readonly pkIndex: Index | null;
}

/** Source text of `sql[start..end)`. */
function slice(sql: string, start: number, end: number): string {
  return sql.slice(start, end);
}

/** Mutable column while building. */
type MutColumn = { -readonly [K in keyof Column]: Column[K] };
/** Mutable index while building. */
type MutIndex = { -readonly [K in keyof Index]: Index[K] } & { explicitConflict?: boolean };

/** True if `declType` is exactly INTEGER (SQLite's COLTYPE_INTEGER test), case-insensitive. */
function isIntegerType(declType: string | null): boolean {
  return declType !== null && declType.toUpperCase() === "INTEGER";
}

/** The collation named by an index/PK term (`x COLLATE nocase`), else the column's. */
function termCollation(term: OrderingTerm, col: Column | null): string {
  let e: Expr = term.expr;
  let coll: string | null = null;
  while (e.kind === "collate") {
    if (coll === null) coll = e.collation.name;
    e = e.operand;
  }
  if (coll !== null) return normCollation(coll);
  return col ? col.collation : "BINARY";
}

/** A collation name as SQLite keeps it: as written (PRAGMA index_xinfo shows `nocase`). */
export function normCollation(name: string): string {
  return name;
}

/** Strip COLLATE wrappers from an index term's expression. */
function stripCollate(e: Expr): Expr {
  while (e.kind === "collate") e = e.operand;
  return e;
}

/** The column number a PK/UNIQUE/index term names, or -1 (expression) with errors as SQLite. */
function termColumn(t: MutTable, term: OrderingTerm, allowExpr: boolean): number {
  const e = stripCollate(term.expr);
  if (e.kind === "column" && e.table === null) {
    const i = columnIndex(t, e.column.name);
    if (i >= 0) return i;
    if (!allowExpr) {
      throw new SqliteError(`no such column: ${e.column.name}`);
    }
    if (isRowidName(e.column.name)) return ROWID_COLUMN;
    throw new SqliteError(`no such column: ${e.column.name}`);
  }
  if (e.kind === "string" && !allowExpr) {
    // SQLite accepts a string literal naming a column in PRIMARY KEY/UNIQUE lists.
    const i = columnIndex(t, e.value);
    if (i >= 0) return i;
  }
  if (!allowExpr) {
    throw new SqliteError("expressions prohibited in PRIMARY KEY and UNIQUE constraints");
  }
  return EXPR_COLUMN;
}

type MutTable = { -readonly [K in keyof Table]: Table[K] };

function conflictOf(c: ConflictAction | null): ConflictAction {
  return c ?? "ABORT";
}

/**
 * Build a table from `CREATE TABLE … (columns)`. `sql` is the full source the statement was
 * parsed from. Root pages are assigned by the caller (0 here). Cold.
 */
export function buildTable(stmt: CreateTableStmt, sql: string): BuiltTable {
  if (stmt.definition.kind !== "columns") {
    throw new SqliteError("internal: buildTable needs a column list");
  }
  const def = stmt.definition;
  const tableName = stmt.name.name;
  const strict = def.strict;
  const columns: MutColumn[] = [];
  const seen = new Set<string>();
  for (const cd of def.columns) {
    const key = foldName(cd.name.name);
    if (seen.has(key)) throw new SqliteError(`duplicate column name: ${cd.name.name}`);
    seen.add(key);
    columns.push(makeColumn(cd, strict, tableName));
  }
  if (columns.length > 2000) throw new SqliteError(`too many columns on ${tableName}`);
  const t: MutTable = {
    kind: "table",
    name: tableName,
    rootPage: 0,
    sql: storedTableSql(stmt, sql),
    columns,
    rowidAlias: -1,
    primaryKey: [],
    autoincrement: false,
    withoutRowid: def.withoutRowid,
    strict,
    checks: [],
    foreignKeys: [],
    indexes: [],
    triggers: [],
  };
  const checks: CheckConstraint[] = [];
  const fks: ForeignKey[] = [];
  const autoIndexes: MutIndex[] = [];
  let hasPk = false;
  let pkIndex: MutIndex | null = null;
  let ipkConflict: ConflictAction = "ABORT";

  const addIndex = (
    colTerms: { col: number; desc: boolean; coll: string }[],
    conflict: ConflictAction | null,
    origin: IndexOrigin,
  ): MutIndex | null => {
    // build.c sqlite3CreateIndex for constraint indexes: suppress an equivalent earlier one.
    for (const ix of autoIndexes) {
      if (ix.columns.length !== colTerms.length) continue;
      let same = true;
      for (let k = 0; k < colTerms.length; k++) {
        if (
          ix.columns[k].column !== colTerms[k].col ||
          foldName(ix.columns[k].collation) !== foldName(colTerms[k].coll)
        ) {
          same = false;
          break;
        }
      }
      if (!same) continue;
      if (ix.onConflict !== conflictOf(conflict) && conflict !== null) {
        if (ix.explicitConflict) throw new SqliteError("conflicting ON CONFLICT clauses specified");
        ix.onConflict = conflict;
        ix.explicitConflict = true;
      }
      if (origin === "pk") ix.origin = "pk";
      return ix;
    }
    const ix: MutIndex = {
      kind: "index",
      name: `sqlite_autoindex_${tableName}_${autoIndexes.length + 1}`,
      tableName,
      rootPage: 0,
      sql: null,
      unique: true,
      onConflict: conflictOf(conflict),
      origin,
      where: null,
      columns: colTerms.map((c) => ({
        column: c.col,
        expr: null,
        desc: c.desc,
        collation: c.coll,
      })),
      explicitConflict: conflict !== null,
    };
    autoIndexes.push(ix);
    return ix;
  };

  const addPrimaryKey = (
    terms: { col: number; desc: boolean; coll: string }[],
    conflict: ConflictAction | null,
    autoinc: boolean,
    columnLevelDesc: boolean,
  ) => {
    if (hasPk) throw new SqliteError(`table "${tableName}" has more than one primary key`);
    hasPk = true;
    for (let k = 0; k < terms.length; k++) columns[terms[k].col].pkPosition = k + 1;
    t.primaryKey = terms.map((x) => x.col);
    if (
      terms.length === 1 && isIntegerType(columns[terms[0].col].declType) && !columnLevelDesc
    ) {
      t.rowidAlias = terms[0].col;
      t.autoincrement = autoinc;
      ipkConflict = conflictOf(conflict);
    } else if (autoinc) {
      throw new SqliteError("AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY");
    } else {
      pkIndex = addIndex(terms, conflict, "pk");
    }
  };

  for (let ci = 0; ci < def.columns.length; ci++) {
    const cd = def.columns[ci];
    for (const cons of cd.constraints) {
      const b = cons.body;
      switch (b.kind) {
        case "primaryKey":
          addPrimaryKey(
            [{ col: ci, desc: b.direction === "DESC", coll: columns[ci].collation }],
            b.conflict,
            b.autoincrement,
            b.direction === "DESC",
          );
          break;
        case "unique":
          addIndex([{ col: ci, desc: false, coll: columns[ci].collation }], b.conflict, "u");
          break;
        case "check":
          checks.push({
            name: cons.name ? cons.name.name : null,
            expr: b.expr,
            text: slice(sql, b.expr.span.start, b.expr.span.end),
          });
          break;
        case "references":
          // sqlite3CreateForeignKey: a column's REFERENCES names at most one parent column.
          if (b.fk.columns !== null && b.fk.columns.length !== 1) {
            throw new SqliteError(
              `foreign key on ${
                columns[ci].name
              } should reference only one column of table ${b.fk.table.name}`,
            );
          }
          fks.push({ columns: [ci], clause: b.fk });
          break;
        default:
          break;
      }
    }
  }
  for (const tc of def.constraints) {
    const b = tc.body;
    switch (b.kind) {
      case "primaryKey": {
        const terms = b.columns.map((term) => {
          const col = termColumn(t, term, false);
          return { col, desc: term.direction === "DESC", coll: termCollation(term, columns[col]) };
        });
        addPrimaryKey(terms, b.conflict, b.autoincrement, false);
        break;
      }
      case "unique": {
        const terms = b.columns.map((term) => {
          const col = termColumn(t, term, false);
          return { col, desc: term.direction === "DESC", coll: termCollation(term, columns[col]) };
        });
        addIndex(terms, b.conflict, "u");
        break;
      }
      case "check":
        checks.push({
          name: tc.name ? tc.name.name : null,
          expr: b.expr,
          text: slice(sql, b.expr.span.start, b.expr.span.end),
        });
        break;
      case "foreignKey": {
        if (b.fk.columns !== null && b.fk.columns.length !== b.columns.length) {
          throw new SqliteError(
            "number of columns in foreign key does not match the number of columns in the referenced table",
          );
        }
        const cols = b.columns.map((n) => {
          const i = columnIndex(t, n.name);
          if (i < 0) {
            throw new SqliteError(`unknown column "${n.name}" in foreign key definition`);
          }
          return i;
        });
        fks.push({ columns: cols, clause: b.fk });
        break;
      }
    }
  }
  if (def.withoutRowid) {
    if (!hasPk) throw new SqliteError(`PRIMARY KEY missing on table ${tableName}`);
    if (t.autoincrement) {
      throw new SqliteError("AUTOINCREMENT not allowed on WITHOUT ROWID tables");
    }
    if (t.rowidAlias >= 0) {
      // convertToWithoutRowidTable: the INTEGER PRIMARY KEY becomes an ordinary PK index.
      const c = t.rowidAlias;
      t.rowidAlias = -1;
      pkIndex = addIndex([{ col: c, desc: false, coll: columns[c].collation }], ipkConflict, "pk");
    }
    // PRIMARY KEY columns of a WITHOUT ROWID table are NOT NULL.
    for (const c of t.primaryKey) columns[c].notNull = true;
  }
  if (!def.withoutRowid) pkIndex = null; // a rowid table's PK index is an ordinary index
  t.checks = checks;
  t.foreignKeys = fks;
  for (const ix of autoIndexes) delete ix.explicitConflict;
  if (t.rowidAlias >= 0) t.ipkConflict = ipkConflict;
  return { table: t, autoIndexes, pkIndex };
}

/** The indexes of a built table that get their own b-tree and sqlite_schema row. */
export function storedIndexes(b: BuiltTable): Index[] {
  return b.autoIndexes.filter((ix) => ix !== b.pkIndex);
}

/** SQLite keeps a standard type name (INT, INTEGER, REAL, TEXT, BLOB, ANY) in upper case. */
const STD_TYPES = new Set(["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"]);

function makeColumn(cd: ColumnDef, strict: boolean, tableName: string): MutColumn {
  let declType = cd.type ? cd.type.text : null;
  if (declType !== null && STD_TYPES.has(declType.toUpperCase())) declType = declType.toUpperCase();
  let affinity: Affinity = affinityOfType(declType);
  if (strict) {
    if (declType === null) {
      throw new SqliteError(`missing datatype for ${tableName}.${cd.name.name}`);
    }
    const a = strictAffinity(declType);
    if (a === null) {
      throw new SqliteError(`unknown datatype for ${tableName}.${cd.name.name}: "${declType}"`);
    }
    affinity = a;
  }
  const col: MutColumn = {
    name: cd.name.name,
    declType,
    affinity,
    notNull: false,
    notNullConflict: "ABORT",
    defaultExpr: null,
    defaultText: null,
    collation: "BINARY",
    pkPosition: 0,
    hidden: 0,
    generated: null,
  };
  for (const cons of cd.constraints) {
    const b = cons.body;
    switch (b.kind) {
      case "notNull":
        col.notNull = true;
        col.notNullConflict = conflictOf(b.conflict);
        break;
      case "default":
        col.defaultExpr = b.value;
        col.defaultText = null; // filled by caller with the source text (needs sql)
        break;
      case "collate":
        col.collation = normCollation(b.collation.name);
        break;
      case "generated":
        throw new SqliteError("generated columns are not supported yet");
      default:
        break;
    }
  }
  return col;
}

/**
 * Fill `defaultText` of every column from the statement's source (PRAGMA table_info.dflt_value
 * is the DEFAULT expression's source text). Cold.
 */
export function fillDefaultTexts(table: Table, stmt: CreateTableStmt, sql: string): void {
  if (stmt.definition.kind !== "columns") return;
  const defs = stmt.definition.columns;
  for (let i = 0; i < defs.length; i++) {
    for (const cons of defs[i].constraints) {
      if (cons.body.kind === "default") {
        const v = cons.body.value;
        (table.columns[i] as MutColumn).defaultText = slice(sql, v.span.start, v.span.end);
      }
    }
  }
}

/** `CREATE TABLE ` + the text from the table-name token to the end of the definition. */
export function storedTableSql(stmt: CreateTableStmt, sql: string): string {
  return "CREATE TABLE " + slice(sql, stmt.name.span.start, stmt.span.end).replace(/;$/, "");
}

/**
 * `CREATE [UNIQUE] INDEX ` + text from the index-name token up to (not including) the `;` that
 * ends the statement, or to the last token when there is no `;` (build.c sqlite3CreateIndex).
 */
export function storedIndexSql(stmt: CreateIndexStmt, sql: string): string {
  let end = stmt.span.end;
  // The statement span ends at its last token; SQLite keeps whatever lies before the ';'.
  let p = end;
  while (p < sql.length && /\s/.test(sql[p])) p++;
  if (sql[p] === ";") end = p;
  else if (sql[end - 1] === ";") end = end - 1;
  return `CREATE${stmt.unique ? " UNIQUE" : ""} INDEX ` + slice(sql, stmt.name.span.start, end);
}

/** `CREATE VIEW ` + text from the view name to the end, trailing blanks trimmed. */
export function storedViewSql(stmt: CreateViewStmt, sql: string): string {
  return "CREATE VIEW " + slice(sql, stmt.name.span.start, stmt.span.end).replace(/[;\s]+$/, "");
}

/** `CREATE TRIGGER ` + text from the trigger name to END. */
export function storedTriggerSql(stmt: CreateTriggerStmt, sql: string): string {
  return "CREATE TRIGGER " + slice(sql, stmt.name.span.start, stmt.span.end).replace(/;$/, "");
}

/** Build an index from CREATE INDEX on `table`. Errors as SQLite words them. Cold. */
export function buildIndex(stmt: CreateIndexStmt, sql: string, table: Table): Index {
  const cols: IndexColumn[] = stmt.columns.map((term) => {
    const col = termColumn(table as MutTable, term, true);
    const c = col >= 0 ? table.columns[col] : null;
    return {
      column: col,
      expr: col === EXPR_COLUMN ? stripCollate(term.expr) : null,
      desc: term.direction === "DESC",
      collation: termCollation(term, c),
    };
  });
  return {
    kind: "index",
    name: stmt.name.name,
    tableName: table.name,
    rootPage: 0,
    sql: storedIndexSql(stmt, sql),
    unique: stmt.unique,
    onConflict: "ABORT",
    origin: "c",
    where: stmt.where,
    columns: cols,
  };
}

/** Build a view object. Cold. */
export function buildView(stmt: CreateViewStmt, sql: string): View {
  markFromDdl(stmt.select);
  return {
    kind: "view",
    name: stmt.name.name,
    sql: storedViewSql(stmt, sql),
    columnNames: stmt.columns ? stmt.columns.map((n) => n.name) : null,
    select: stmt.select,
    triggers: [],
  };
}

/** Build a trigger object. Cold. */
export function buildTrigger(stmt: CreateTriggerStmt, sql: string): Trigger {
  markFromDdl(stmt.body);
  return {
    kind: "trigger",
    name: stmt.name.name,
    tableName: stmt.table.name,
    sql: storedTriggerSql(stmt, sql),
    stmt,
  };
}

/** SQLite's identPut: quote an identifier with "…" when it is not a plain non-keyword word. */
export function quoteIdentIfNeeded(id: string): string {
  let j = 0;
  while (j < id.length && /[A-Za-z0-9_]/.test(id[j])) j++;
  const needQuote = id.length === 0 || /[0-9]/.test(id[0]) || j !== id.length ||
    keywordCode(id, 0, id.length) !== null;
  const body = id.replace(/"/g, '""');
  return needQuote ? `"${body}"` : body;
}

const CTAS_TYPE: Record<number, string> = {
  [Aff.BLOB]: "",
  [Aff.TEXT]: " TEXT",
  [Aff.NUMERIC]: " NUM",
  [Aff.INTEGER]: " INT",
  [Aff.REAL]: " REAL",
};

/**
 * The CREATE TABLE text SQLite generates for `CREATE TABLE … AS SELECT` (build.c
 * createTableStmt): columns typed only by affinity, on one line when short, else one per line.
 */
export function ctasSql(
  name: string,
  cols: readonly { name: string; affinity: Affinity }[],
): string {
  let n = 0;
  for (const c of cols) n += identLength(c.name) + 5;
  n += identLength(name);
  const [sep1, sep2, end] = n < 50 ? ["", ",", ")"] : ["\n  ", ",\n  ", "\n)"];
  let s = "CREATE TABLE " + quoteIdentIfNeeded(name) + "(";
  let sep = sep1;
  for (const c of cols) {
    s += sep + quoteIdentIfNeeded(c.name) + (CTAS_TYPE[c.affinity] ?? "");
    sep = sep2;
  }
  return s + end;
}

function identLength(z: string): number {
  let n = 0;
  for (const ch of new TextEncoder().encode(z)) n += ch === 0x22 ? 2 : 1;
  return n + 2;
}

/** Build a table for CREATE TABLE AS SELECT from the result columns' names and affinities. */
export function buildCtasTable(
  name: string,
  cols: readonly { name: string; affinity: Affinity }[],
): Table {
  const declOf = (a: Affinity): string | null => {
    const t = CTAS_TYPE[a] ?? "";
    return t === "" ? null : t.slice(1);
  };
  return {
    kind: "table",
    name,
    rootPage: 0,
    sql: ctasSql(name, cols),
    columns: cols.map((c) => ({
      name: c.name,
      declType: declOf(c.affinity),
      affinity: c.affinity === Aff.NONE ? Aff.BLOB : c.affinity,
      notNull: false,
      notNullConflict: "ABORT",
      defaultExpr: null,
      defaultText: null,
      collation: "BINARY",
      pkPosition: 0,
      hidden: 0,
      generated: null,
    })),
    rowidAlias: -1,
    primaryKey: [],
    autoincrement: false,
    withoutRowid: false,
    strict: false,
    checks: [],
    foreignKeys: [],
    indexes: [],
    triggers: [],
  };
}
