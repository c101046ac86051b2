/**
 * Name resolution of a new table's CHECK constraints and generated columns and of a new index's
 * expressions and WHERE clause at CREATE time — SQLite's sqlite3ResolveSelfReference (resolve.c)
 * with NC_IsCheck / NC_GenCol / NC_IdxExpr / NC_PartIdx, run by sqlite3EndTable and
 * sqlite3CreateIndex before anything is written.
 *
 * Owns: the errors SQLite raises there, in its order — `no such column: X` (which abandons the
 * rest of the enclosing function's arguments), `no such function: F`, `wrong number of arguments
 * to function F()`, `misuse of aggregate function F()`, `non-deterministic functions prohibited
 * in index expressions` (…, partial index WHERE clauses, generated columns), `subqueries` and
 * `parameters prohibited in …`, and `unsafe use of F()` for a `directOnly` user function (TEMP
 * tables exempt). Within one expression a later error replaces an earlier one; the first
 * expression with an error ends the check (resolveExprStep / sqlite3ResolveExprListNames).
 * Must never: compile or write anything. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import { WINDOW_BUILTIN_ARGS } from "../planner/select_window_spec.ts";
import type { CreateIndexStmt, CreateTableStmt, Expr, FunctionCall } from "../sql/ast.ts";
import { FuncFlag } from "../func/mod.ts";
import { isRowidName } from "../planner/schema.ts";
import type { Engine } from "./connection_engine.ts";
import { isUnsafeInSchema } from "./udf.ts";

/** Where the expression sits (selects the `… prohibited in …` wording). */
type Context =
  | "CHECK constraints"
  | "generated columns"
  | "index expressions"
  | "partial index WHERE clauses";

interface Target {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rowid: boolean;
}

const ABORT = true;

class Checker {
  err: string | null = null;
  constructor(
    readonly engine: Engine,
    readonly target: Target,
    readonly context: Context,
    readonly fromDdl: boolean,
  ) {}

  /** Walk one node; true = abort (WRC_Abort). */
  walk(node: unknown): boolean {
    if (node === null || typeof node !== "object") return false;
    if (Array.isArray(node)) {
      for (const x of node) if (this.walk(x)) return ABORT;
      return false;
    }
    const e = node as Expr;
    switch (e.kind) {
      case "column":
        return this.column(e);
      case "call":
        this.call(e);
        for (const a of e.args) if (this.walk(a)) break; // the call's own walk: abort ignored
        return false; // WRC_Prune
      case "param":
        return this.fail(`parameters prohibited in ${this.context}`);
      case "subquery":
      case "exists":
        return this.fail(`subqueries prohibited in ${this.context}`);
      case "in":
        if (e.source.kind !== "list") {
          return this.fail(`subqueries prohibited in ${this.context}`);
        }
        break;
    }
    // Any other node: once an error is recorded the walk stops at the next node.
    if (this.err !== null) return ABORT;
    const obj = node as unknown as Record<string, unknown>;
    for (const k in obj) {
      if (k === "span") continue;
      if (this.walk(obj[k])) return ABORT;
    }
    return false;
  }

  fail(msg: string): boolean {
    this.err = msg;
    return ABORT;
  }

  column(ref: Extract<Expr, { kind: "column" }>): boolean {
    const t = this.target;
    const name = ref.column.name.toLowerCase();
    if (ref.table === null && ref.column.quoted === null && (name === "true" || name === "false")) {
      return false;
    }
    const tableOk = ref.table === null || ref.table.name.toLowerCase() === t.name.toLowerCase();
    if (tableOk) {
      if (t.columns.some((c) => c.toLowerCase() === name)) return false;
      if (t.rowid && isRowidName(name)) return false;
    }
    if (ref.table === null && ref.column.quoted === '"') {
      if (this.engine.flags.dqs) return false; // a string literal
      return this.fail(
        `no such column: "${ref.column.name}" - should this be a string literal in single-quotes?`,
      );
    }
    const q = ref.schema !== null
      ? `${ref.schema.name}.${ref.table!.name}.${ref.column.name}`
      : ref.table !== null
      ? `${ref.table.name}.${ref.column.name}`
      : ref.column.name;
    return this.fail(`no such column: ${q}`);
  }

  call(e: FunctionCall): void {
    const name = e.name.name;
    const nArg = e.star ? 0 : e.args.length;
    const r = this.engine.functions.lookup(name.toLowerCase(), nArg);
    if (e.over !== null || (r === null && WINDOW_BUILTIN_ARGS.has(name.toLowerCase()))) {
      this.err = `misuse of window function ${name}()`; // no windows in the schema (resolve.c)
      return;
    }
    if (typeof r === "object" && r !== null) {
      const flags = (r.impl as { flags?: number }).flags ?? 0;
      if ((flags & FuncFlag.VOLATILE) !== 0 && this.context !== "CHECK constraints") {
        this.err = `non-deterministic functions prohibited in ${this.context}`;
      }
      if (this.fromDdl && isUnsafeInSchema(r.impl, this.engine.flags.trustedSchema)) {
        this.err = `unsafe use of ${name}()`;
      }
      if (r.aggregate) this.err = `misuse of aggregate function ${name}()`;
    } else if (r === null) {
      this.err = `no such function: ${name}`;
    } else {
      this.err = `wrong number of arguments to function ${name}()`;
    }
  }
}

function check(engine: Engine, target: Target, ctx: Context, fromDdl: boolean, e: Expr): void {
  const c = new Checker(engine, target, ctx, fromDdl);
  c.walk(e);
  if (c.err !== null) throw new SqliteError(c.err);
}

/**
 * Resolve a new table's CHECK constraints, then its generated columns, as sqlite3EndTable does.
 * Call once the statement is otherwise valid and the table does not exist yet. Cold.
 */
export function checkCreateTable(engine: Engine, stmt: CreateTableStmt): void {
  const def = stmt.definition;
  if (def.kind !== "columns") return;
  const target: Target = {
    name: stmt.name.name,
    columns: def.columns.map((c) => c.name.name),
    rowid: !def.withoutRowid,
  };
  const fromDdl = !stmt.temp && (stmt.schema === null || stmt.schema.name.toLowerCase() !== "temp");
  for (const col of def.columns) {
    for (const k of col.constraints) {
      if (k.body.kind === "check") check(engine, target, "CHECK constraints", fromDdl, k.body.expr);
    }
  }
  for (const k of def.constraints) {
    if (k.body.kind === "check") check(engine, target, "CHECK constraints", fromDdl, k.body.expr);
  }
  for (const col of def.columns) {
    for (const k of col.constraints) {
      if (k.body.kind === "generated") {
        check(engine, target, "generated columns", fromDdl, k.body.expr);
      }
    }
  }
}

/**
 * Resolve a new index's WHERE clause, then its key expressions, as sqlite3CreateIndex does.
 * Call once the table is known and the index does not exist yet. Cold.
 */
export function checkCreateIndex(engine: Engine, stmt: CreateIndexStmt): void {
  const t = engine.schema.table(stmt.table.name);
  if (t === undefined) return;
  const target: Target = {
    name: t.name,
    columns: t.columns.map((c) => c.name),
    rowid: !t.withoutRowid,
  };
  if (stmt.where !== null) check(engine, target, "partial index WHERE clauses", true, stmt.where);
  for (const term of stmt.columns) {
    // A string names a column (sqlite3StringToId): the catalog builder resolves those.
    const x = term.expr.kind === "collate" ? term.expr.operand : term.expr;
    if (x.kind === "string") continue;
    check(engine, target, "index expressions", true, term.expr);
  }
}
