/**
 * EXPLAIN and EXPLAIN QUERY PLAN results — the rows sqlite3VdbeList produces: for EXPLAIN
 * `addr, opcode, p1, p2, p3, p4, p5, comment`; for EXPLAIN QUERY PLAN `id, parent, notused,
 * detail` from the plan lines the compiler recorded.
 *
 * Owns: turning a compiled inner program into those result rows.
 * Must never: compile differently because of EXPLAIN (the listed program is the real one).
 * Cold.
 * @module
 */

import type { ExplainStmt, ParameterList } from "../sql/ast.ts";
import { OP_NAMES, type P4, type Program } from "../planner/program.ts";
import type { Engine } from "./connection_engine.ts";
import { rowsProgram, type RowValue } from "./connection_rows.ts";
import { compileAst } from "./connection_compile.ts";

function p4Text(p4: P4): string | null {
  if (p4 === null) return null;
  switch (p4.kind) {
    case "int64":
      return String(p4.value);
    case "real":
      return String(p4.value);
    case "text":
      return p4.value;
    case "blob":
      return "(blob)";
    case "func":
      return `${p4.value.name}(${p4.value.nArg})`;
    case "keyinfo":
      return `k(${p4.value.nKey})`;
    case "cursor":
      return p4.value.name;
    case "coll":
      return p4.value;
    case "affinity":
      return p4.value;
    case "error":
      return p4.value.message;
    case "window":
      return "window";
    case "host":
      return p4.value.name;
    case "vtab":
      return `vtab:${p4.value.name}`;
  }
}

/** Compile EXPLAIN / EXPLAIN QUERY PLAN. */
export function compileExplain(
  engine: Engine,
  stmt: ExplainStmt,
  params: ParameterList,
  sql: string,
): Program {
  const inner = compileAst(engine, stmt.stmt, params, sql);
  // The listing binds the explained statement's parameters (better-sqlite3 requires them all).
  const withParams = (p: Program): Program => ({ ...p, parameters: inner.parameters });
  if (stmt.queryPlan) {
    return withParams(rowsProgram(
      ["id", "parent", "notused", "detail"],
      () => inner.queryPlan.map((l): RowValue[] => [l.id, l.parent, 0, l.detail]),
      false,
      false,
    ));
  }
  return withParams(rowsProgram(
    ["addr", "opcode", "p1", "p2", "p3", "p4", "p5", "comment"],
    () =>
      inner.ops.map((ins, addr): RowValue[] => [
        addr,
        OP_NAMES[ins.op] ?? String(ins.op),
        ins.p1,
        ins.p2,
        ins.p3,
        p4Text(ins.p4),
        ins.p5,
        ins.comment,
      ]),
    false,
    false,
  ));
}
