/**
 * Printer entry points (interim: signatures only, implementation lands next commit).
 * @module
 */
import type { Expr, Statement } from "../ast.ts";
import { SqliteError } from "../../error.ts";

/**
 * Render a statement back to SQL such that `parse(print(s))` equals `s` (ignoring spans).
 * @example
 * ```ts
 * import { parse, print } from "../mod.ts";
 * print(parse("select 1")[0]); // "SELECT 1"
 * ```
 */
export function print(stmt: Statement): string {
  throw new SqliteError(`printer not implemented yet: ${stmt.kind}`);
}

/**
 * Render an expression back to SQL.
 * @example
 * ```ts
 * import { parse, printExpr } from "../mod.ts";
 * ```
 */
export function printExpr(expr: Expr): string {
  throw new SqliteError(`printer not implemented yet: ${expr.kind}`);
}
