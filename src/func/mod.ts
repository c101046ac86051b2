/**
 * The built-in function set of tsqlite (func.c `sqlite3RegisterBuiltinFunctions` plus the
 * math functions of SQLITE_ENABLE_MATH_FUNCTIONS), assembled into a {@link FunctionRegistry}.
 *
 * Owns: which functions exist and the build options that change them.
 * Must never: depend on a connection; the api layer passes connection hooks per call.
 * @module
 */

import { registerAggregates } from "./aggregate.ts";
import { registerBuildInfo, registerCore } from "./core.ts";
import { registerDate } from "./date/funcs.ts";
import { registerJson } from "./json/funcs.ts";
import { registerLike } from "./like.ts";
import { registerMath, registerNumeric } from "./math.ts";
import { registerPrintf } from "./printf.ts";
import { FunctionRegistry } from "./registry.ts";
import { registerString } from "./string.ts";

export * from "./registry.ts";
export { COMPILE_OPTIONS, compileOptionUsed, SQLITE_SOURCE_ID, SQLITE_VERSION } from "./core.ts";
export { GLOB_INFO, LIKE_INFO, likeCall, type PatternInfo, patternMatch } from "./like.ts";
export { sqlPrintf } from "./printf.ts";
export { JSON_EACH_COLUMNS, jsonEachRows } from "./json/each.ts";
export { JSON_SUBTYPE } from "./json/funcs.ts";
export {
  defaultFrame,
  evaluateWindow,
  WINDOW_BUILTINS,
  type WindowFrame,
  type WindowPartition,
} from "./window.ts";

/** Build options that change the function set (as SQLite compile-time options do). */
export interface BuiltinOptions {
  /** SQLITE_LIKE_DOESNT_MATCH_BLOBS (better-sqlite3's build): LIKE/GLOB with a BLOB give 0. */
  likeDoesntMatchBlobs?: boolean;
  /** SQLITE_ENABLE_MATH_FUNCTIONS (on in better-sqlite3's build; default true). */
  mathFunctions?: boolean;
}

/**
 * A registry holding every built-in function.
 *
 * @example
 * ```ts
 * import { builtinFunctions } from "./mod.ts";
 * const reg = builtinFunctions({ likeDoesntMatchBlobs: true });
 * reg.resolve("upper", 1).kind; // "scalar"
 * ```
 */
export function builtinFunctions(options: BuiltinOptions = {}): FunctionRegistry {
  const reg = new FunctionRegistry();
  registerCore(reg);
  registerBuildInfo(reg);
  registerString(reg);
  registerNumeric(reg);
  if (options.mathFunctions ?? true) registerMath(reg);
  registerPrintf(reg);
  registerLike(reg, options.likeDoesntMatchBlobs ?? false);
  registerAggregates(reg);
  registerDate(reg);
  registerJson(reg);
  return reg;
}
