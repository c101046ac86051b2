/**
 * The connection's function registry seam: built-in and user functions live in `src/func`'s
 * `FunctionRegistry`; this module creates a connection's registry (better-sqlite3's build:
 * math functions on, LIKE does not match BLOBs) and adapts it to the planner's
 * `FunctionResolver`.
 *
 * Owns: creating a connection's registry and the resolver view the compiler uses.
 * Must never: implement SQL functions itself.
 * @module
 */

import type { FunctionResolver } from "../planner/expr.ts";
import { builtinFunctions, FunctionRegistry } from "../func/mod.ts";

export { FunctionRegistry };

/** A fresh registry with the built-in functions. Cold. */
export function newFunctionRegistry(): FunctionRegistry {
  return builtinFunctions({ likeDoesntMatchBlobs: true, mathFunctions: true });
}

/** The compiler's view of a registry. */
export function resolverOf(reg: FunctionRegistry): FunctionResolver {
  return { resolve: (name, nArg) => reg.lookup(name, nArg) };
}
