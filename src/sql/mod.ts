/**
 * The SQL front end's public entry points: tokenize, parse, print.
 *
 * Owns: turning SQL text into the typed AST of `ast.ts` (SQLite's tokenize.c + parse.y) and
 * back (the printer). Raises only `SqliteError` with code `SQLITE_ERROR` and SQLite's wording
 * (`near "X": syntax error`, `incomplete input`, `unrecognized token: "X"`, …).
 * Must never: resolve names, touch storage, or import a layer above `src/error.ts`.
 * @module
 */

export type * from "./ast.ts";
import type { ParseOptions } from "./ast.ts";
export { tokenize } from "./tokenizer.ts";
export type { Token, TokenType } from "./tokenizer.ts";
export type { KeywordToken } from "./keywords.ts";
export { parse, parseOne } from "./parser/parse.ts";
export { print } from "./printer/stmt.ts";
export { printExpr } from "./printer/expr.ts";

/**
 * The dialect switches of better-sqlite3 12.x's SQLite build (SQLITE_ENABLE_UPDATE_DELETE_LIMIT,
 * SQLITE_OMIT_TCL_VARIABLE), for `parse`/`parseOne`/`tokenize`'s `options`.
 *
 * @example
 * ```ts
 * import { BETTER_SQLITE3_DIALECT, parseOne } from "./mod.ts";
 * parseOne("DELETE FROM t ORDER BY a LIMIT 1", 0, BETTER_SQLITE3_DIALECT);
 * ```
 */
export const BETTER_SQLITE3_DIALECT: Readonly<ParseOptions> = Object.freeze({
  updateDeleteLimit: true,
  tclVariables: false,
});
export { exprHeight, selectHeight } from "./height.ts";
