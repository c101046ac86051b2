/**
 * ALTER TABLE … ADD COLUMN — SQLite's alter.c (sqlite3AlterBeginAddColumn /
 * sqlite3AlterFinishAddColumn): the column definition's text is spliced into the stored CREATE
 * TABLE statement after the last column definition (before any table constraint), with
 * SQLite's restrictions and messages.
 *
 * Owns: validating the new column, rewriting the table's sqlite_schema row, bumping the schema
 * cookie, and giving existing rows the column's DEFAULT. SQLite leaves old records short and
 * supplies the default when reading; this engine appends the default to existing records
 * instead (same results, valid file).
 * Must never: handle the other ALTER forms (RENAME, DROP COLUMN, constraints) — they fail with
 * a clear "not supported yet" error until implemented.
 * Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { AlterTableStmt, CreateTableStmt, Expr } from "../sql/ast.ts";
import { parseOne } from "../sql/mod.ts";
import type { Program } from "../planner/program.ts";
import { columnIndex, foldName, type Table } from "../planner/schema.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { makeRecord, RecordHeader } from "../vdbe/ops/record.ts";
import { setColumnDefault } from "../vdbe/ops/cursor.ts";
import { columnDefault } from "../planner/column_default.ts";
import { applyAffinity } from "../vdbe/value/affinity.ts";
import { type Engine, refreshSchema } from "./connection_engine.ts";
import { bumpCookie, ddlProgramFor, editSchemaRows } from "./connection_ddl.ts";
import { SchemaEval } from "./connection_subquery.ts";
import { renameTableInSql } from "../planner/schema_rename.ts";

/** A DEFAULT SQLite can store without evaluating per row (literals, signed literals, NULL). */
function isPlainConstant(e: Expr): boolean {
  if (e.kind === "unary" && (e.op === "-" || e.op === "+")) return isPlainConstant(e.operand);
  return e.kind === "integer" || e.kind === "real" || e.kind === "string" ||
    e.kind === "blob" || e.kind === "null" || e.kind === "bool";
}

/**
 * Field `i` of a table record: a field past the end of a short record (written before an earlier
 * ADD COLUMN, by SQLite) is the column's DEFAULT, as OP_Column reads it.
 */
function readField(h: RecordHeader, t: Table, i: number, out: Mem): void {
  if (i < h.nField) {
    h.column(i, out);
    return;
  }
  const d = columnDefault(t.columns[i]);
  if (d === null) out.setNull();
  else setColumnDefault(d.p4, d.aff, out);
}

/** A DEFAULT whose value does not depend on when it is evaluated. */
function isConstantExpr(e: Expr): boolean {
  let ok = true;
  const walk = (x: unknown): void => {
    if (!ok || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      x.forEach(walk);
      return;
    }
    const o = x as Record<string, unknown>;
    if (
      o.kind === "current" || o.kind === "column" || o.kind === "param" ||
      o.kind === "subquery" || o.kind === "exists" || o.kind === "call"
    ) {
      ok = false;
      return;
    }
    for (const k of Object.keys(o)) if (k !== "span") walk(o[k]);
  };
  walk(e);
  return ok;
}

function tableIsEmpty(engine: Engine, t: Table): boolean {
  const c = engine.bt.cursor(t.rootPage);
  try {
    return !c.first();
  } finally {
    c.close();
  }
}

/** Where `, coldef` goes in a stored CREATE TABLE: the comma before the table constraints, else the closing parenthesis. */
function addColumnOffset(sql: string): number {
  const stmt = parseOne(sql, 0).stmt as CreateTableStmt;
  if (stmt.definition.kind !== "columns") throw new SqliteError("internal: not a column list");
  const def = stmt.definition;
  if (def.constraints.length > 0) return sql.lastIndexOf(",", def.constraints[0].span.start);
  const last = def.columns[def.columns.length - 1];
  return sql.indexOf(")", last.span.end);
}

/** Rewrite the `sql` column of a table's sqlite_schema row. */
function setSchemaSql(engine: Engine, name: string, newSql: string): void {
  const key = foldName(name);
  editSchemaRows(engine, (m) => {
    if (m[0].s !== "table" || foldName(m[1].s) !== key) return false;
    m[4].setText(newSql);
    return true;
  });
}

/** Compile ALTER TABLE. Only ADD COLUMN is implemented. */
export function compileAlter(engine: Engine, stmt: AlterTableStmt, sql: string): Program {
  if (stmt.schema !== null && foldName(stmt.schema.name) !== "main") {
    throw new SqliteError(`unknown database ${stmt.schema.name}`);
  }
  const action = stmt.action;
  if (action.kind === "renameTable") {
    return compileRenameTable(engine, stmt.table.name, action.newName.name);
  }
  if (action.kind === "dropColumn") {
    return compileDropColumn(engine, stmt, action.column.name);
  }
  if (action.kind !== "addColumn") {
    throw new SqliteError(`ALTER TABLE ${action.kind} is not supported yet`);
  }
  const col = action.column;
  // `atRun`: the emptiness-dependent rules need the table's rows (run time only).
  const check = (atRun: boolean): Table => {
    const s = engine.schema;
    const t = s.table(stmt.table.name);
    if (t === undefined) {
      if (s.view(stmt.table.name)) throw new SqliteError("Cannot add a column to a view");
      throw new SqliteError(`no such table: ${stmt.table.name}`);
    }
    if (foldName(t.name).startsWith("sqlite_")) {
      const shown = foldName(t.name) === "sqlite_schema" ? "sqlite_master" : t.name;
      throw new SqliteError(`table ${shown} may not be altered`);
    }
    if (columnIndex(t, col.name.name) >= 0) {
      throw new SqliteError(`duplicate column name: ${col.name.name}`);
    }
    let dflt: Expr | null = null;
    let notNull = false;
    let references = false;
    for (const c of col.constraints) {
      const b = c.body;
      if (b.kind === "primaryKey") throw new SqliteError("Cannot add a PRIMARY KEY column");
      if (b.kind === "unique") throw new SqliteError("Cannot add a UNIQUE column");
      if (b.kind === "generated") throw new SqliteError("generated columns are not supported yet");
      if (b.kind === "default") dflt = b.value.kind === "null" ? null : b.value;
      if (b.kind === "notNull") notNull = true;
      if (b.kind === "references") references = true;
    }
    // alter.c: with foreign_keys on, existing rows would get a non-NULL child key unchecked.
    if (
      atRun && references && engine.flags.foreignKeys && dflt !== null && !tableIsEmpty(engine, t)
    ) {
      throw new SqliteError("Cannot add a REFERENCES column with non-NULL default value");
    }
    if (atRun && notNull && dflt === null && !tableIsEmpty(engine, t)) {
      throw new SqliteError("Cannot add a NOT NULL column with default value NULL");
    }
    if (atRun && dflt !== null && !isConstantExpr(dflt) && !tableIsEmpty(engine, t)) {
      throw new SqliteError("Cannot add a column with non-constant default");
    }
    return t;
  };
  check(false);
  const colText = sql.slice(col.span.start, stmt.span.end).replace(/[;\s]+$/, "");
  return ddlProgramFor(engine, "ALTER TABLE", () => {
    const t = check(true);
    const old = t.sql!;
    const pos = addColumnOffset(old);
    const newSql = old.slice(0, pos) + ", " + colText + old.slice(pos);
    setSchemaSql(engine, t.name, newSql);
    bumpCookie(engine);
    engine.schemaDirty = true;
    refreshSchema(engine);
    const nt = engine.schema.table(t.name)!;
    const n = nt.columns.length;
    const added = nt.columns[n - 1];
    if (added.defaultExpr === null || tableIsEmpty(engine, nt)) return;
    // Give existing rows the new column's value: the one SQLite's OP_Column supplies for a short
    // row (sqlite3ColumnDefault: `TEXT DEFAULT 1.50` reads '1.50'), else the evaluated DEFAULT.
    const value = new Mem();
    const d = columnDefault(added);
    if (d !== null) setColumnDefault(d.p4, d.aff, value);
    else {
      new SchemaEval(engine).defaultValue(nt, n - 1, value);
      applyAffinity(value, added.affinity);
    }
    if (value.type === MemType.NULL && !isPlainConstant(added.defaultExpr)) return;
    const c = engine.bt.cursor(nt.rootPage, { write: true });
    const h = new RecordHeader();
    h.enc = engine.bt.textEncoding;
    const vals: Mem[] = [];
    for (let i = 0; i < n; i++) vals.push(new Mem());
    try {
      for (let ok = c.first(); ok; ok = c.next()) {
        const p = c.payload();
        h.parse(p.data, p.offset, p.length);
        for (let i = 0; i < n - 1; i++) {
          readField(h, nt, i, vals[i]);
          if (vals[i].type === MemType.BLOB) vals[i].setBlob(vals[i].b.slice());
        }
        vals[n - 1].copyFrom(value);
        c.insert(c.rowid(), makeRecord(vals, 0, n, null, engine.bt.textEncoding));
      }
    } finally {
      c.close();
    }
  });
}

/**
 * ALTER TABLE … RENAME TO (alter.c sqlite3AlterRenameTable with legacy_alter_table off): every
 * schema statement that mentions the table is rewritten (./../planner/schema_rename.ts), the
 * table's rows in sqlite_schema, its automatic indexes' names and sqlite_sequence follow.
 */
function compileRenameTable(engine: Engine, oldName: string, newName: string): Program {
  const check = (): Table => {
    const s = engine.schema;
    const t = s.table(oldName);
    if (t === undefined) {
      if (s.view(oldName)) {
        throw new SqliteError(`view ${s.view(oldName)!.name} may not be altered`);
      }
      throw new SqliteError(`no such table: ${oldName}`);
    }
    if (foldName(t.name).startsWith("sqlite_")) {
      const shown = foldName(t.name) === "sqlite_schema" ? "sqlite_master" : t.name;
      throw new SqliteError(`table ${shown} may not be altered`);
    }
    if (s.table(newName) || s.view(newName) || s.index(newName)) {
      throw new SqliteError(`there is already another table or index with this name: ${newName}`);
    }
    if (foldName(newName).startsWith("sqlite_")) {
      throw new SqliteError(`object name reserved for internal use: ${newName}`);
    }
    return t;
  };
  check();
  return ddlProgramFor(engine, "ALTER TABLE", () => {
    const t = check();
    const oldKey = foldName(t.name);
    const autoPrefix = `sqlite_autoindex_${t.name}_`;
    editSchemaRows(engine, (m) => {
      let changed = false;
      if (m[4].type === MemType.TEXT) {
        const sql2 = renameTableInSql(m[4].s, t.name, newName);
        if (sql2 !== m[4].s) {
          m[4].setText(sql2);
          changed = true;
        }
      }
      if (m[1].type === MemType.TEXT && foldName(m[1].s) === oldKey && m[0].s === "table") {
        m[1].setText(newName);
        changed = true;
      }
      if (m[1].type === MemType.TEXT && m[1].s.startsWith(autoPrefix)) {
        m[1].setText(`sqlite_autoindex_${newName}_${m[1].s.slice(autoPrefix.length)}`);
        changed = true;
      }
      if (m[2].type === MemType.TEXT && foldName(m[2].s) === oldKey) {
        m[2].setText(newName);
        changed = true;
      }
      return changed;
    });
    // sqlite_sequence follows the rename; sqlite_stat1 keeps the old name (as SQLite).
    for (const sys of ["sqlite_sequence"]) {
      const st = engine.schema.table(sys);
      if (st === undefined) continue;
      const sc = engine.bt.cursor(st.rootPage, { write: true });
      const vals: Mem[] = st.columns.map(() => new Mem());
      const h = new RecordHeader();
      h.enc = engine.bt.textEncoding;
      try {
        for (let ok = sc.first(); ok; ok = sc.next()) {
          const p = sc.payload();
          h.parse(p.data, p.offset, p.length);
          for (let i = 0; i < vals.length; i++) h.column(i, vals[i]);
          if (vals[0].type !== MemType.TEXT || foldName(vals[0].s) !== oldKey) continue;
          vals[0].setText(newName);
          sc.insert(sc.rowid(), makeRecord(vals, 0, vals.length, null, engine.bt.textEncoding));
        }
      } finally {
        sc.close();
      }
    }
    bumpCookie(engine);
    engine.schemaDirty = true;
    refreshSchema(engine);
  });
}

/** True when `node` references column `col` (by name, unqualified or qualified by `table`). */
function mentionsColumn(node: unknown, table: string, col: string): boolean {
  if (Array.isArray(node)) return node.some((x) => mentionsColumn(x, table, col));
  if (node === null || typeof node !== "object") return false;
  const o = node as Record<string, unknown>;
  if (o.kind === "column") {
    const r = o as unknown as { table: { name: string } | null; column: { name: string } };
    if (
      r.column.name.toLowerCase() === col &&
      (r.table === null || r.table.name.toLowerCase() === table)
    ) return true;
  }
  for (const k of Object.keys(o)) if (k !== "span" && mentionsColumn(o[k], table, col)) return true;
  return false;
}

/**
 * ALTER TABLE … DROP COLUMN (alter.c sqlite3AlterDropColumn): the column's text is cut from the
 * stored CREATE TABLE, every row is rewritten without it, with SQLite's refusals (PRIMARY KEY,
 * UNIQUE, last column, views) and its "error in <object> after drop column" checks for
 * indexes, table CHECK constraints, views and trigger NEW/OLD references.
 */
function compileDropColumn(
  engine: Engine,
  stmt: AlterTableStmt,
  colName: string,
): Program {
  const check = (): { t: Table; ci: number } => {
    const s = engine.schema;
    const t = s.table(stmt.table.name);
    if (t === undefined) {
      if (s.view(stmt.table.name)) {
        throw new SqliteError(`cannot drop column from view "${s.view(stmt.table.name)!.name}"`);
      }
      throw new SqliteError(`no such table: ${stmt.table.name}`);
    }
    if (foldName(t.name).startsWith("sqlite_")) {
      const shown = foldName(t.name) === "sqlite_schema" ? "sqlite_master" : t.name;
      throw new SqliteError(`table ${shown} may not be altered`);
    }
    if (t.withoutRowid) {
      throw new SqliteError("DROP COLUMN on a WITHOUT ROWID table is not supported yet");
    }
    const ci = columnIndex(t, colName);
    if (ci < 0) throw new SqliteError(`no such column: "${colName}"`);
    const col = t.columns[ci];
    if (col.pkPosition > 0) throw new SqliteError(`cannot drop PRIMARY KEY column: "${col.name}"`);
    // COLFLAG_UNIQUE: only a column-level UNIQUE refuses here (a table UNIQUE(…) fails below).
    const def = parseOne(t.sql!, 0).stmt as CreateTableStmt;
    if (
      def.definition.kind === "columns" &&
      def.definition.columns[ci].constraints.some((c) => c.body.kind === "unique")
    ) {
      throw new SqliteError(`cannot drop UNIQUE column: "${col.name}"`);
    }
    if (t.columns.length <= 1) {
      throw new SqliteError(`cannot drop column "${col.name}": no other columns exist`);
    }
    const key = col.name.toLowerCase();
    const tkey = t.name.toLowerCase();
    const after = (what: string) =>
      new SqliteError(`error in ${what} after drop column: no such column: ${col.name}`);
    for (const ix of [...t.indexes].reverse()) {
      if (ix.origin !== "c") continue;
      if (
        ix.columns.some((k) =>
          k.column === ci || (k.expr !== null && mentionsColumn(k.expr, tkey, key))
        ) ||
        (ix.where !== null && mentionsColumn(ix.where, tkey, key))
      ) throw after(`index ${ix.name}`);
    }
    const created = parseOne(t.sql!, 0).stmt as CreateTableStmt;
    if (created.definition.kind === "columns") {
      for (const tc of created.definition.constraints) {
        if (mentionsColumn(tc.body, tkey, key)) throw after(`table ${t.name}`);
      }
    }
    for (const tr of t.triggers) {
      const refs = (x: unknown): boolean => {
        if (Array.isArray(x)) return x.some(refs);
        if (x === null || typeof x !== "object") return false;
        const o = x as Record<string, unknown>;
        if (o.kind === "column") {
          const r = o as unknown as { table: { name: string } | null; column: { name: string } };
          const q = r.table?.name.toLowerCase();
          if ((q === "new" || q === "old") && r.column.name.toLowerCase() === key) {
            throw new SqliteError(
              `error in trigger ${tr.name} after drop column: no such column: ${
                r.table!.name
              }.${r.column.name}`,
            );
          }
        }
        for (const k of Object.keys(o)) if (k !== "span" && refs(o[k])) return true;
        return false;
      };
      refs(tr.stmt);
    }
    for (const v of engine.schema.views.values()) {
      if (mentionsColumn(v.select, tkey, key) && mentionsTable(v.select, tkey)) {
        throw after(`view ${v.name}`);
      }
    }
    return { t, ci };
  };
  check();
  return ddlProgramFor(engine, "ALTER TABLE", () => {
    const { t, ci } = check();
    const old = t.sql!;
    const created = parseOne(old, 0).stmt as CreateTableStmt;
    if (created.definition.kind !== "columns") throw new SqliteError("internal: not a column list");
    const cols = created.definition.columns;
    // alter.c: cut from this column's name to the next column's name; the last column is cut
    // from the comma before it to the end of the column list.
    let start = cols[ci].span.start;
    let end: number;
    if (ci < cols.length - 1) end = cols[ci + 1].span.start;
    else {
      end = addColumnOffset(old);
      while (start > 0 && old[start] !== ",") start--;
    }
    const newSql = old.slice(0, start) + old.slice(end);
    setSchemaSql(engine, t.name, newSql);
    // Rewrite every row without the column.
    const n = t.columns.length;
    const c = engine.bt.cursor(t.rootPage, { write: true });
    const h = new RecordHeader();
    h.enc = engine.bt.textEncoding;
    const vals: Mem[] = [];
    for (let i = 0; i < n - 1; i++) vals.push(new Mem());
    try {
      for (let ok = c.first(); ok; ok = c.next()) {
        const p = c.payload();
        h.parse(p.data, p.offset, p.length);
        let k = 0;
        for (let i = 0; i < n; i++) {
          if (i === ci) continue;
          readField(h, t, i, vals[k]);
          if (vals[k].type === MemType.BLOB) vals[k].setBlob(vals[k].b.slice());
          k++;
        }
        c.insert(c.rowid(), makeRecord(vals, 0, n - 1, null, engine.bt.textEncoding));
      }
    } finally {
      c.close();
    }
    bumpCookie(engine);
    engine.schemaDirty = true;
    refreshSchema(engine);
  });
}

/** True when a SELECT reads table `table` in some FROM clause. */
function mentionsTable(node: unknown, table: string): boolean {
  if (Array.isArray(node)) return node.some((x) => mentionsTable(x, table));
  if (node === null || typeof node !== "object") return false;
  const o = node as Record<string, unknown>;
  if (o.kind === "table" && typeof o.name === "object" && o.name !== null) {
    if ((o.name as { name: string }).name.toLowerCase() === table) return true;
  }
  for (const k of Object.keys(o)) if (k !== "span" && mentionsTable(o[k], table)) return true;
  return false;
}
