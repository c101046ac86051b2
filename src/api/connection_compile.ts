/**
 * Statement compilation dispatch — SQLite's prepare.c → parse.y actions → build.c/select.c/…:
 * one parsed statement becomes one `Program`.
 *
 * Owns: choosing the compiler for each statement kind (SELECT/EXPLAIN → the SELECT compiler;
 * INSERT/UPDATE/DELETE → the write planners and executors; DDL; transaction control; PRAGMA)
 * and refusing what the engine does not support yet with a clear SqliteError.
 * Must never: run anything (compilation only). Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { ParsedStatement, Statement as Ast } from "../sql/ast.ts";
import type { Program } from "../planner/program.ts";
import { compileSelect } from "../planner/select.ts";
import { compileTxn } from "../planner/txn.ts";
import { planInsert } from "../planner/insert.ts";
import { planUpdate } from "../planner/update.ts";
import { planDelete } from "../planner/delete.ts";
import type { Engine } from "./connection_engine.ts";
import {
  compileDelete,
  compileInsert,
  compileUpdate,
  compileViewWrite,
  envOf,
} from "./connection_dml.ts";
import type { View } from "../planner/schema.ts";
import { compileVacuum } from "./connection_vacuum.ts";

/**
 * SQLITE_ENABLE_UPDATE_DELETE_LIMIT's sqlite3LimitWhere check: an ORDER BY needs a LIMIT. SQLite
 * makes it right after finding the target table (before resolving SET columns or WHERE), and
 * not for a view (whose rows come from the view's own SELECT).
 */
function requireLimitWithOrderBy(
  engine: Engine,
  stmt: { orderBy: unknown[] | null; limit: unknown | null },
  name: string,
  verb: "UPDATE" | "DELETE",
): void {
  if (stmt.orderBy === null || stmt.limit !== null) return;
  if (engine.schema.table(name) === undefined) return;
  throw new SqliteError(`ORDER BY without LIMIT on ${verb}`);
}

/** The view named `name` when it has an INSTEAD OF trigger for `event`, else null. */
function insteadOfView(
  engine: Engine,
  name: string,
  event: "insert" | "update" | "delete",
): View | null {
  if (engine.schema.table(name) !== undefined) return null;
  const v = engine.schema.view(name);
  if (v === undefined) return null;
  const has = v.triggers.some((t) => t.stmt.event.kind === event && t.stmt.time === "INSTEAD OF");
  return has ? v : null;
}
import {
  compileCreateIndex,
  compileCreateTable,
  compileCreateTrigger,
  compileCreateView,
  compileDrop,
  compileReindex,
} from "./connection_ddl.ts";
import { compilePragma } from "./connection_pragma.ts";
import { compileAnalyze } from "./connection_analyze.ts";
import { compileAlter } from "./connection_alter.ts";
import { refuseVtabWrite } from "./vtab.ts";
import {
  compileAlterVirtualTable,
  compileCreateVirtualTable,
  compileDropVirtualTable,
} from "./vtab_ddl.ts";
import { compileExplain } from "./connection_explain.ts";
import { checkCreateIndex, checkCreateTable } from "./connection_ddl_check.ts";
import { compileHook } from "./connection_trigger.ts";

/** Compile one parsed statement against the engine's current schema. */
export function compileStatement(engine: Engine, parsed: ParsedStatement, sql: string): Program {
  const stmt = parsed.stmt as Ast;
  return compileAst(engine, stmt, parsed.params, sql);
}

/** Compile a statement AST. */
export function compileAst(
  engine: Engine,
  stmt: Ast,
  params: (string | null)[],
  sql: string,
): Program {
  switch (stmt.kind) {
    case "select":
      return compileSelect(stmt, envOf(engine), params, sql);
    case "insert": {
      refuseVtabWrite(engine, stmt.table.name);
      const v = insteadOfView(engine, stmt.table.name, "insert");
      if (v !== null) return compileViewWrite(engine, v, stmt, params, sql);
      const plan = planInsert(stmt, engine.schema);
      return compileInsert(engine, plan, params, sql);
    }
    case "update": {
      refuseVtabWrite(engine, stmt.table.name.name);
      const v = insteadOfView(engine, stmt.table.name.name, "update");
      if (v !== null) return compileViewWrite(engine, v, stmt, params, sql);
      requireLimitWithOrderBy(engine, stmt, stmt.table.name.name, "UPDATE");
      const plan = planUpdate(stmt, engine.schema, params.length);
      return compileUpdate(engine, plan, params, sql);
    }
    case "delete": {
      refuseVtabWrite(engine, stmt.table.name.name);
      const v = insteadOfView(engine, stmt.table.name.name, "delete");
      if (v !== null) return compileViewWrite(engine, v, stmt, params, sql);
      requireLimitWithOrderBy(engine, stmt, stmt.table.name.name, "DELETE");
      const plan = planDelete(stmt, engine.schema);
      return compileDelete(engine, plan, params, sql);
    }
    case "createTable": {
      const exists = engine.schema.tableOrView(stmt.name.name) !== undefined;
      const p = compileCreateTable(engine, stmt, sql, params);
      if (!exists) checkCreateTable(engine, stmt);
      return p;
    }
    case "createIndex": {
      // sqlite3CreateIndex resolves the WHERE clause and key expressions once the table and the
      // name check out, before building anything.
      const fresh = engine.schema.index(stmt.name.name) === undefined &&
        !stmt.table.name.toLowerCase().startsWith("sqlite_");
      if (fresh) checkCreateIndex(engine, stmt);
      return compileCreateIndex(engine, stmt, sql);
    }
    case "createView":
      return compileCreateView(engine, stmt, sql);
    case "createTrigger":
      return compileCreateTrigger(engine, stmt, sql);
    case "drop":
      return compileDropVirtualTable(engine, stmt) ?? compileDrop(engine, stmt);
    case "reindex":
      return compileReindex(engine, stmt);
    case "begin":
    case "commit":
    case "rollback":
    case "savepoint":
    case "release":
      return compileTxn(stmt, {
        begin: (m) => engine.txn.begin(m),
        commit: () => engine.txn.commit(),
        rollback: () => engine.txn.rollback(),
        savepoint: (n) => engine.txn.savepoint(n),
        release: (n) => engine.txn.release(n),
        rollbackTo: (n) => engine.txn.rollbackTo(n),
      });
    case "pragma":
      return compilePragma(engine, stmt);
    case "explain":
      return compileExplain(engine, stmt, params, sql);
    case "createVirtualTable":
      return compileCreateVirtualTable(engine, stmt, sql);
    case "alterTable":
      return compileAlterVirtualTable(engine, stmt) ?? compileAlter(engine, stmt, sql);
    case "attach":
    case "detach":
      throw new SqliteError("ATTACH/DETACH are not supported yet");
    case "vacuum":
      return compileVacuum(engine, stmt, params);
    case "analyze":
      return compileAnalyze(engine, stmt);
  }
}

compileHook.compile = compileAst;
