/**
 * CREATE VIRTUAL TABLE and DROP TABLE of a virtual table — SQLite's vtab.c
 * (sqlite3VtabBeginParse / sqlite3VtabFinishParse / sqlite3VtabCallCreate) and build.c's
 * sqlite3DropTable for a virtual table.
 *
 * Owns: the checks (`table t already exists`, `there is already an index named t`, reserved
 * names, `no such module: m` for an unknown or eponymous-only module), the sqlite_schema row
 * SQLite writes (`table`, name, name, rootpage 0, `CREATE VIRTUAL TABLE ` + the text from the
 * table name to the end of the statement), xCreate at run time, removing the row again, and
 * ALTER TABLE on a virtual table (RENAME TO rewrites the row in place with the new name
 * quoted, as sqlite_rename_table does; every other action is refused with SQLite's message).
 * Must never: keep rows (virtual tables own no b-tree here). Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { AlterTableStmt, CreateVirtualTableStmt, DropStmt } from "../sql/ast.ts";
import { parseOne } from "../sql/mod.ts";
import { MemType } from "../vdbe/mem.ts";
import { foldName } from "../planner/schema.ts";
import { renameTableInSql } from "../planner/schema_rename.ts";
import type { Program } from "../planner/program.ts";
import type { Engine } from "./connection_engine.ts";
import {
  bumpCookie,
  checkSchemaName,
  ddlProgramFor,
  deleteSchemaRows,
  editSchemaRows,
  insertSchemaRow,
  noopProgram,
} from "./connection_ddl.ts";
import { vtabsOf } from "./vtab.ts";

/** Compile `CREATE VIRTUAL TABLE [IF NOT EXISTS] t USING m[(args)]`. */
export function compileCreateVirtualTable(
  engine: Engine,
  stmt: CreateVirtualTableStmt,
  sql: string,
): Program {
  checkSchemaName(stmt.schema);
  const name = stmt.name.name;
  const key = foldName(name);
  const exists = (): boolean => {
    const s = engine.schema;
    if (s.tableOrView(name) !== undefined || s.virtualTables.has(key)) {
      if (stmt.ifNotExists) return true;
      throw new SqliteError(`table ${name} already exists`);
    }
    if (s.index(name) !== undefined) {
      throw new SqliteError(`there is already an index named ${name}`);
    }
    return false;
  };
  if (exists()) return noopProgram();
  if (key.startsWith("sqlite_")) {
    throw new SqliteError(`object name reserved for internal use: ${name}`);
  }
  const reg = vtabsOf(engine.functions);
  const m = reg.creatable(engine, stmt.module.name);
  if (m === undefined || m.create === null) {
    throw new SqliteError(`no such module: ${stmt.module.name}`);
  }
  const create = m.create;
  const args = stmt.args ?? [];
  // sqlite3VtabFinishParse: "CREATE VIRTUAL TABLE " + the text from the name to the end
  const stored = "CREATE VIRTUAL TABLE " + sql.slice(stmt.name.span.start, stmt.span.end).trimEnd();
  return ddlProgramFor(engine, "CREATE VIRTUAL TABLE", () => {
    if (exists()) return;
    const vt = create(name, args); // xCreate: the module's constructor may throw
    insertSchemaRow(engine, "table", name, name, 0, stored);
    const def = { name, module: stmt.module.name, args, sql: stored };
    engine.schema.virtualTables.set(key, def);
    engine.schema.tblOrder.insert(name);
    reg.adopt(def, vt);
    bumpCookie(engine);
  });
}

/** DROP TABLE of a virtual table, or null when `stmt` names no virtual table. */
export function compileDropVirtualTable(engine: Engine, stmt: DropStmt): Program | null {
  if (stmt.object !== "TABLE") return null;
  if (stmt.schema !== null && foldName(stmt.schema.name) !== "main") return null;
  const key = foldName(stmt.name.name);
  const found = engine.schema.virtualTables.get(key);
  if (found === undefined) return null;
  // sqlite3DropTable connects the table first (xDestroy needs it): an unknown module — say a
  // file's fts5 table — is `no such module: fts5`, and its shadow tables stay untouched
  vtabsOf(engine.functions).connect(found, engine);
  return ddlProgramFor(engine, "DROP TABLE", () => {
    const def = engine.schema.virtualTables.get(key);
    if (def === undefined) return;
    deleteSchemaRows(engine, (type, n) => type === "table" && foldName(n) === key);
    engine.schema.virtualTables.delete(key);
    engine.schema.tblOrder.remove(def.name);
    bumpCookie(engine);
  });
}

/**
 * Rewrite sqlite_schema in place for a rename (rowids kept): the virtual table's own row gets
 * `name` and `sql`; every other statement that mentions the table is rewritten as
 * sqlite_rename_table does (views, triggers: ../planner/schema_rename.ts).
 */
function rewriteSchemaRows(
  engine: Engine,
  key: string,
  oldName: string,
  name: string,
  sql: string,
): void {
  editSchemaRows(engine, (m) => {
    if (m[0].s === "table" && foldName(m[1].s) === key) {
      m[1].setText(name);
      m[2].setText(name);
      m[4].setText(sql);
      return true;
    }
    if (m[4].type !== MemType.TEXT) return false;
    const sql2 = renameTableInSql(m[4].s, oldName, name);
    if (sql2 === m[4].s) return false;
    m[4].setText(sql2);
    return true;
  });
}

/** ALTER TABLE of a virtual table, or null when `stmt` names no virtual table. */
export function compileAlterVirtualTable(engine: Engine, stmt: AlterTableStmt): Program | null {
  if (stmt.schema !== null && foldName(stmt.schema.name) !== "main") return null;
  const key = foldName(stmt.table.name);
  const def = engine.schema.virtualTables.get(key);
  if (def === undefined) return null;
  const action = stmt.action;
  switch (action.kind) {
    case "renameTable":
      break;
    case "renameColumn":
      throw new SqliteError(`cannot rename columns of virtual table "${def.name}"`);
    case "dropColumn":
      throw new SqliteError(`cannot drop column from virtual table "${def.name}"`);
    default:
      throw new SqliteError("virtual tables may not be altered");
  }
  const newName = action.newName.name;
  const nk = foldName(newName);
  const s = engine.schema;
  if (
    s.tableOrView(newName) !== undefined || s.index(newName) !== undefined ||
    s.virtualTables.has(nk)
  ) {
    throw new SqliteError(
      `there is already another table or index with this name: ${newName}`,
    );
  }
  if (nk.startsWith("sqlite_")) {
    throw new SqliteError(`object name reserved for internal use: ${newName}`);
  }
  return ddlProgramFor(engine, "ALTER TABLE", () => {
    const parsed = parseOne(def.sql, 0).stmt as CreateVirtualTableStmt;
    const span = parsed.name.span;
    const sql = def.sql.slice(0, span.start) + `"${newName.replace(/"/g, '""')}"` +
      def.sql.slice(span.end);
    rewriteSchemaRows(engine, key, def.name, newName, sql);
    s.virtualTables.delete(key);
    s.tblOrder.remove(def.name);
    s.virtualTables.set(nk, { name: newName, module: def.module, args: def.args, sql });
    s.tblOrder.insert(newName);
    bumpCookie(engine);
    // renameReloadSchema: the catalog (and its hash order) is read again from sqlite_schema
    engine.schemaDirty = true;
  });
}
