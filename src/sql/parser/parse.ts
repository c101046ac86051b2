/**
 * Parser entry points (interim: signatures only, implementation lands next commit).
 * @module
 */
import type { ParsedStatement, Statement } from "../ast.ts";
import { SqliteError } from "../../error.ts";

/**
 * Parse every statement of `sql`.
 * @example
 * ```ts
 * import { parse } from "../mod.ts";
 * parse("SELECT 1; SELECT 2").length; // 2
 * ```
 */
export function parse(sql: string): Statement[] {
  throw new SqliteError(`parser not implemented yet: ${sql.length}`);
}

/**
 * Parse the statement starting at `offset`.
 * @example
 * ```ts
 * import { parseOne } from "../mod.ts";
 * const { stmt, tail } = parseOne("SELECT 1; SELECT 2", 0); // tail === 9
 * ```
 */
export function parseOne(sql: string, offset: number): ParsedStatement {
  throw new SqliteError(`parser not implemented yet: ${sql.length} ${offset}`);
}
