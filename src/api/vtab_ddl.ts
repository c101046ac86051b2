/**
 * CREATE VIRTUAL TABLE and DROP TABLE of a virtual table — SQLite's vtab.c
 * (sqlite3VtabBeginParse / sqlite3VtabFinishParse / sqlite3VtabCallCreate) and build.c's
 * sqlite3DropTable for a virtual table.
 *
 * Owns: the checks (`table t already exists`, `there is already an index named t`, reserved
 * names, `no such module: m` for an unknown or eponymous-only module), the sqlite_schema row
 * SQLite writes (`table`, name, name, rootpage 0, `CREATE VIRTUAL TABLE ` + the text from the
 * table name to the end of the statement), xCreate at run time, and removing the row again.
 * Must never: keep rows (virtual tables own no b-tree here). Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { CreateVirtualTableStmt, DropStmt } from "../sql/ast.ts";
import { foldName } from "../planner/schema.ts";
import { Op, type Program, ProgramBuilder } from "../planner/program.ts";
import type { Engine } from "./connection_engine.ts";
import {
  bumpCookie,
  checkSchemaName,
  ddlProgramFor,
  deleteSchemaRows,
  insertSchemaRow,
} from "./connection_ddl.ts";
import { vtabsOf } from "./vtab.ts";

function noop(): Program {
  const b = new ProgramBuilder();
  b.emit(Op.Halt);
  return b.finish([], [null], false);
}

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
  if (exists()) return noop();
  if (key.startsWith("sqlite_")) {
    throw new SqliteError(`object name reserved for internal use: ${name}`);
  }
  const reg = vtabsOf(engine.functions);
  const m = reg.module(stmt.module.name);
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
    reg.adopt(def, vt);
    bumpCookie(engine);
  });
}

/** DROP TABLE of a virtual table, or null when `stmt` names no virtual table. */
export function compileDropVirtualTable(engine: Engine, stmt: DropStmt): Program | null {
  if (stmt.object !== "TABLE") return null;
  if (stmt.schema !== null && foldName(stmt.schema.name) !== "main") return null;
  const key = foldName(stmt.name.name);
  if (!engine.schema.virtualTables.has(key)) return null;
  return ddlProgramFor(engine, "DROP TABLE", () => {
    const def = engine.schema.virtualTables.get(key);
    if (def === undefined) return;
    deleteSchemaRows(engine, (type, n) => type === "table" && foldName(n) === key);
    engine.schema.virtualTables.delete(key);
    bumpCookie(engine);
  });
}
