/**
 * The schema catalog — SQLite's `Schema`, `Table`, `Column`, `Index`, `Trigger`
 * (sqliteInt.h) and the declared-type → affinity rule of build.c
 * (`sqlite3AffinityType`, datatype3.html §3.1).
 *
 * Owns: the in-memory description of one database's schema (tables, columns,
 * indexes incl. automatic `sqlite_autoindex_*` ones, views, triggers) keyed
 * case-insensitively, plus the schema cookie it was read at. Objects are
 * built from `sqlite_schema` rows by `./schema_build.ts` (which parses the
 * stored CREATE text) and by DDL (`./ddl*.ts`).
 *
 * Must never: touch the b-tree or pager (it is pure data), or be mutated by
 * code generation — only DDL and schema (re)loading change it.
 * @module
 */

import { markSchemaCalls, noteSourceSql } from "./ddl_origin.ts";
import type { PageNumber } from "../pager/types.ts";
import type { ConflictAction, Expr, ForeignKeyClause, Select, TriggerStmt } from "./schema_ast.ts";
import { SqliteHashOrder } from "./schema_hash.ts";
import { Affinity as AFFINITY, type AffinityCode } from "./program.ts";

export type { ConflictAction, Expr, Select };

/** Column/expression affinity codes (SQLite's `SQLITE_AFF_*`), as in the program. */
export const Affinity = AFFINITY;
/** One affinity code (SQLite's `SQLITE_AFF_*`), shared with the program's opcodes. */
export type Affinity = AffinityCode;

/** A table's rowid (64-bit signed). */
export type Rowid = number | bigint;

/** One column of a table (SQLite's `Column`). */
export interface Column {
  /** Column name as declared (original case). */
  readonly name: string;
  /** Declared type text as SQLite keeps it (e.g. `VARCHAR(10)`), or null when omitted. */
  readonly declType: string | null;
  /** Affinity derived from `declType` (STRICT tables: from the strict type). */
  readonly affinity: Affinity;
  /** NOT NULL constraint present. */
  readonly notNull: boolean;
  /** Conflict clause of the NOT NULL constraint (`ON CONFLICT …`), default "ABORT". */
  readonly notNullConflict: ConflictAction;
  /** DEFAULT expression (AST), or null. */
  readonly defaultExpr: Expr | null;
  /** DEFAULT as SQLite reports it in `PRAGMA table_info.dflt_value` (the source text), or null. */
  readonly defaultText: string | null;
  /** Collating sequence name (default "BINARY"). */
  readonly collation: string;
  /** 1-based position in the PRIMARY KEY, 0 if not part of it (PRAGMA table_info.pk). */
  readonly pkPosition: number;
  /** 0 normal, 1 hidden (virtual tables), 2 VIRTUAL generated, 3 STORED generated (table_xinfo). */
  readonly hidden: 0 | 1 | 2 | 3;
  /** Generated-column expression, or null (generated columns arrive with a later issue). */
  readonly generated: Expr | null;
}

/** One key column of an index (SQLite's Index.aiColumn/aColExpr/aSortOrder/azColl). */
export interface IndexColumn {
  /** Table column number, {@link ROWID_COLUMN} for the rowid, {@link EXPR_COLUMN} for an expression. */
  readonly column: number;
  /** The indexed expression when `column === EXPR_COLUMN`. */
  readonly expr: Expr | null;
  /** DESC key order. */
  readonly desc: boolean;
  /** Collating sequence name of this key column. */
  readonly collation: string;
}

/** `IndexColumn.column` for the rowid (SQLite's XN_ROWID). */
export const ROWID_COLUMN = -1;
/** `IndexColumn.column` for an expression (SQLite's XN_EXPR). */
export const EXPR_COLUMN = -2;

/** How an index came to exist: `c` CREATE INDEX, `u` UNIQUE constraint, `pk` PRIMARY KEY. */
export type IndexOrigin = "c" | "u" | "pk";

/** An index b-tree (SQLite's `Index`). */
export interface Index {
  readonly kind: "index";
  /** Index name (`sqlite_autoindex_<table>_<n>` for constraint indexes). */
  readonly name: string;
  /** Name of the table it indexes. */
  readonly tableName: string;
  /** Root page of its b-tree (0 before the b-tree exists). */
  rootPage: PageNumber;
  /** The CREATE INDEX text stored in sqlite_schema; null for automatic indexes. */
  readonly sql: string | null;
  /** UNIQUE index (includes PRIMARY KEY / UNIQUE constraint indexes). */
  readonly unique: boolean;
  /** Conflict resolution of the UNIQUE/PRIMARY KEY constraint (default "ABORT"). */
  readonly onConflict: ConflictAction;
  /** Origin, as PRAGMA index_list reports it. */
  readonly origin: IndexOrigin;
  /** Partial-index WHERE clause, or null. */
  readonly where: Expr | null;
  /**
   * Declared key columns (nKeyCol). A rowid table's index records append the
   * rowid after these; a WITHOUT ROWID table's append the missing PK columns.
   */
  readonly columns: readonly IndexColumn[];
}

/** A table (SQLite's `Table`), rowid or WITHOUT ROWID. */
export interface Table {
  readonly kind: "table";
  /** Table name as declared. */
  readonly name: string;
  /** Root page of its b-tree (for WITHOUT ROWID: the PK index b-tree). */
  rootPage: PageNumber;
  /** The CREATE TABLE text stored in sqlite_schema (null for sqlite_schema itself). */
  readonly sql: string | null;
  /** Columns in declaration order. */
  readonly columns: readonly Column[];
  /** Column number of the INTEGER PRIMARY KEY (rowid alias), or -1. */
  readonly rowidAlias: number;
  /** PRIMARY KEY column numbers in key order (empty when there is no declared PK). */
  readonly primaryKey: readonly number[];
  /** Conflict clause of the INTEGER PRIMARY KEY (`PRIMARY KEY ON CONFLICT …`), default ABORT. */
  ipkConflict?: ConflictAction;
  /** AUTOINCREMENT on the INTEGER PRIMARY KEY. */
  readonly autoincrement: boolean;
  /** WITHOUT ROWID table. */
  readonly withoutRowid: boolean;
  /** STRICT table. */
  readonly strict: boolean;
  /** CHECK constraints (column- and table-level) in declaration order. */
  readonly checks: readonly CheckConstraint[];
  /** FOREIGN KEY constraints (enforced by a later issue; kept for PRAGMA foreign_key_list). */
  readonly foreignKeys: readonly ForeignKey[];
  /** Indexes on this table, in the order PRAGMA index_list lists them (newest first). */
  indexes: Index[];
  /** Triggers on this table. */
  triggers: Trigger[];
}

/** A CHECK constraint. */
export interface CheckConstraint {
  /** The constraint name (`CONSTRAINT name CHECK(…)`), or null. */
  readonly name: string | null;
  /** The checked expression. */
  readonly expr: Expr;
  /** The expression's source text, as SQLite reports it when the constraint is unnamed. */
  readonly text: string;
}

/** A FOREIGN KEY constraint (column numbers in the child table; parent columns by name). */
export interface ForeignKey {
  readonly columns: readonly number[];
  readonly clause: ForeignKeyClause;
}

/** A virtual table as sqlite_schema records it (SQLite's Table with eTabType TABTYP_VTAB). */
export interface VirtualTableDef {
  readonly name: string;
  readonly module: string;
  /** The module arguments' source text. */
  readonly args: string[];
  readonly sql: string;
}

/** A view (SQLite keeps it as a Table with pSelect; here it is its own kind). */
export interface View {
  readonly kind: "view";
  readonly name: string;
  /** The CREATE VIEW text stored in sqlite_schema. */
  readonly sql: string;
  /** Optional column list `CREATE VIEW v(a,b) AS …`. */
  readonly columnNames: readonly string[] | null;
  /** The view's SELECT. */
  readonly select: Select;
  /** Triggers on this view (INSTEAD OF). */
  triggers: Trigger[];
}

/** A trigger. */
export interface Trigger {
  readonly kind: "trigger";
  readonly name: string;
  /** Table or view it fires on. */
  readonly tableName: string;
  /** The CREATE TRIGGER text stored in sqlite_schema. */
  readonly sql: string;
  /** The parsed CREATE TRIGGER statement (timing, event, UPDATE OF, WHEN, body). */
  readonly stmt: TriggerStmt;
}

/** Anything named in sqlite_schema. */
export type SchemaObject = Table | Index | View | Trigger;

/** Name of the schema table, and its legacy alias. */
export const SCHEMA_TABLE = "sqlite_schema";
/** The root page of sqlite_schema. */
export const SCHEMA_ROOT: PageNumber = 1;

/** Fold an identifier for case-insensitive lookup (SQLite folds ASCII only). Cold. */
export function foldName(name: string): string {
  let ascii = true;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return name.toLowerCase();
  return name.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * One database's schema: what `sqlite_schema` describes, at one schema cookie.
 *
 * @example
 * ```ts
 * import { Schema } from "./schema.ts";
 * const s = new Schema();
 * console.log(s.table("sqlite_schema")?.columns.length); // 5
 * ```
 */
/** The key of a sqlite_stat1 row in {@link Schema.stat1}: folded table and index names. */
export function stat1Key(table: string, index: string | null): string {
  return `${foldName(table)}\u0000${index === null ? "" : foldName(index)}`;
}

export class Schema {
  /** Tables by folded name (includes sqlite_schema, sqlite_sequence, sqlite_stat1 when present). */
  readonly tables: Map<string, Table> = new Map();
  /** Views by folded name. */
  readonly views: Map<string, View> = new Map();
  /** Indexes by folded name. */
  readonly indexes: Map<string, Index> = new Map();
  /** Triggers by folded name. */
  readonly triggers: Map<string, Trigger> = new Map();
  /**
   * sqlite_stat1's `stat` column by {@link stat1Key}(tbl, idx), as read when the schema loaded
   * (analyze.c's sqlite3AnalysisLoad): the planner's measured row counts.
   */
  readonly stat1: Map<string, string> = new Map();
  /**
   * Virtual tables (CREATE VIRTUAL TABLE rows, rootpage 0) by folded name; connected to their
   * module on first use (src/api/vtab.ts).
   */
  readonly virtualTables: Map<string, VirtualTableDef> = new Map();
  /** Schema cookie (header offset 40) this catalog reflects. */
  cookie = 0;
  /** Schema format number (header offset 44). */
  fileFormat = 4;
  /** SQLite's tblHash iteration order over tables and views (PRAGMA table_list, ANALYZE). */
  readonly tblOrder: SqliteHashOrder = new SqliteHashOrder();

  constructor() {
    const master = schemaTable();
    this.tables.set(SCHEMA_TABLE, master);
    // SQLite registers its schema table under the legacy name (sqlite3InitOne).
    this.tblOrder.insert("sqlite_master");
  }

  /** Tables and views in SQLite's schema-hash order. */
  tablesAndViewsInHashOrder(): (Table | View)[] {
    const out: (Table | View)[] = [];
    for (const k of this.tblOrder.keys()) {
      const o = this.table(k) ?? this.views.get(k);
      if (o !== undefined) out.push(o);
    }
    return out;
  }

  /** Look up a table by name (case-insensitive; `sqlite_master` is an alias). Cold. */
  table(name: string): Table | undefined {
    const key = foldName(name);
    const t = this.tables.get(key);
    if (t !== undefined) return t;
    if (key === "sqlite_master" || key === "sqlite_temp_master" || key === "sqlite_temp_schema") {
      return this.tables.get(SCHEMA_TABLE);
    }
    return undefined;
  }

  /** Look up a view by name (case-insensitive). */
  view(name: string): View | undefined {
    return this.views.get(foldName(name));
  }

  /** Look up an index by name (case-insensitive). */
  index(name: string): Index | undefined {
    return this.indexes.get(foldName(name));
  }

  /** Look up a trigger by name (case-insensitive). */
  trigger(name: string): Trigger | undefined {
    return this.triggers.get(foldName(name));
  }

  /** Table or view of this name (what a FROM clause may name). */
  tableOrView(name: string): Table | View | undefined {
    return this.table(name) ?? this.view(name);
  }

  /** Add a table (no sqlite_schema write — see ddl). */
  addTable(t: Table): void {
    markSchemaCalls([t.checks, t.columns.map((c) => [c.defaultExpr, c.generated])]);
    this.tables.set(foldName(t.name), t);
    this.tblOrder.insert(t.name);
  }

  /** Add a view (`temp`: a TEMP view, kept beside the main schema). */
  addView(v: View, temp = false): void {
    // A TEMP view is not schema for SQLite's EP_FromDDL (the fixer skips it): no marks.
    if (!temp) markSchemaCalls(v.select);
    noteSourceSql(v.select, v.sql);
    this.views.set(foldName(v.name), v);
    this.tblOrder.insert(v.name);
  }

  /**
   * Add an index and attach it to its table. New indexes go first, as SQLite
   * prepends to Table.pIndex (PRAGMA index_list lists newest first).
   */
  addIndex(ix: Index): void {
    markSchemaCalls([ix.columns, ix.where]);
    this.indexes.set(foldName(ix.name), ix);
    const t = this.table(ix.tableName);
    if (t !== undefined) t.indexes.unshift(ix);
  }

  /** Add a trigger and attach it to its table or view. */
  addTrigger(tr: Trigger): void {
    markSchemaCalls(tr.stmt);
    this.triggers.set(foldName(tr.name), tr);
    const owner = this.tableOrView(tr.tableName);
    if (owner !== undefined) owner.triggers.push(tr);
  }

  /** Remove a table with its indexes and triggers. */
  dropTable(name: string): void {
    const t = this.table(name);
    if (t === undefined) return;
    for (const ix of t.indexes) this.indexes.delete(foldName(ix.name));
    for (const tr of t.triggers) this.triggers.delete(foldName(tr.name));
    this.tables.delete(foldName(t.name));
    this.tblOrder.remove(t.name);
  }

  /** Remove a view and its triggers. */
  dropView(name: string): void {
    const v = this.view(name);
    if (v === undefined) return;
    for (const tr of v.triggers) this.triggers.delete(foldName(tr.name));
    this.views.delete(foldName(v.name));
    this.tblOrder.remove(v.name);
  }

  /** Remove an index. */
  dropIndex(name: string): void {
    const ix = this.index(name);
    if (ix === undefined) return;
    this.indexes.delete(foldName(ix.name));
    const t = this.table(ix.tableName);
    if (t !== undefined) t.indexes = t.indexes.filter((i) => i !== ix);
  }

  /** Remove a trigger. */
  dropTrigger(name: string): void {
    const tr = this.trigger(name);
    if (tr === undefined) return;
    this.triggers.delete(foldName(tr.name));
    const owner = this.tableOrView(tr.tableName);
    if (owner !== undefined) owner.triggers = owner.triggers.filter((x) => x !== tr);
  }
}

/** Build a plain column (helper for built-in tables and CREATE TABLE AS). Cold. */
export function plainColumn(name: string, declType: string | null): Column {
  return {
    name,
    declType,
    affinity: affinityOfType(declType),
    notNull: false,
    notNullConflict: "ABORT",
    defaultExpr: null,
    defaultText: null,
    collation: "BINARY",
    pkPosition: 0,
    hidden: 0,
    generated: null,
  };
}

/** The catalog entry for sqlite_schema itself (type, name, tbl_name, rootpage, sql). */
export function schemaTable(): Table {
  return {
    kind: "table",
    name: SCHEMA_TABLE,
    rootPage: SCHEMA_ROOT,
    sql: null,
    columns: [
      plainColumn("type", "text"),
      plainColumn("name", "text"),
      plainColumn("tbl_name", "text"),
      plainColumn("rootpage", "int"),
      plainColumn("sql", "text"),
    ],
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

/**
 * Affinity of a declared column type, exactly as `sqlite3AffinityType`
 * (datatype3.html §3.1): the rules are checked in order over the whole
 * text, case-insensitively — "INT" anywhere wins; then CHAR/CLOB/TEXT;
 * then BLOB or no type; then REAL/FLOA/DOUB; otherwise NUMERIC. Cold.
 */
export function affinityOfType(declType: string | null): Affinity {
  if (declType === null) return Affinity.BLOB;
  let aff: Affinity = Affinity.NUMERIC;
  let h = 0;
  const s = declType;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = ((h << 8) + (c & 0xff)) >>> 0;
    const h3 = h & 0x00ffffff;
    if (h === 0x63686172) { // 'char'
      aff = Affinity.TEXT;
    } else if (h === 0x636c6f62) { // 'clob'
      aff = Affinity.TEXT;
    } else if (h === 0x74657874) { // 'text'
      aff = Affinity.TEXT;
    } else if (h === 0x626c6f62 && (aff === Affinity.NUMERIC || aff === Affinity.REAL)) { // 'blob'
      aff = Affinity.BLOB;
    } else if (h === 0x7265616c && aff === Affinity.NUMERIC) { // 'real'
      aff = Affinity.REAL;
    } else if (h === 0x666c6f61 && aff === Affinity.NUMERIC) { // 'floa'
      aff = Affinity.REAL;
    } else if (h === 0x646f7562 && aff === Affinity.NUMERIC) { // 'doub'
      aff = Affinity.REAL;
    } else if (h3 === 0x00696e74) { // 'int'
      aff = Affinity.INTEGER;
      break;
    }
  }
  // sqlite3AffinityType: an empty type name has BLOB affinity (no 'blob' seen but zero chars).
  if (s.length === 0) return Affinity.BLOB;
  return aff;
}

/** Affinity of a STRICT table's column type (INT, INTEGER, REAL, TEXT, BLOB, ANY). Cold. */
export function strictAffinity(declType: string): Affinity | null {
  switch (declType.toUpperCase()) {
    case "INT":
    case "INTEGER":
      return Affinity.INTEGER;
    case "REAL":
      return Affinity.REAL;
    case "TEXT":
      return Affinity.TEXT;
    case "BLOB":
    case "ANY":
      return Affinity.BLOB;
    default:
      return null;
  }
}

/** The Column of `t` named `name` (case-insensitive) and its number, or -1. Cold. */
export function columnIndex(t: Table, name: string): number {
  const key = foldName(name);
  const cols = t.columns;
  for (let i = 0; i < cols.length; i++) if (foldName(cols[i].name) === key) return i;
  return -1;
}

/** True if `name` is one of the rowid's spellings (rowid, oid, _rowid_). */
export function isRowidName(name: string): boolean {
  const k = foldName(name);
  return k === "rowid" || k === "oid" || k === "_rowid_";
}
