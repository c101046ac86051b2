/**
 * The connection's function registry seam: user and built-in functions live in `src/func`'s
 * registry; this module adapts it to the planner's `FunctionResolver`.
 *
 * Owns: creating a connection's registry and the resolver view the compiler uses.
 * Must never: implement SQL functions itself.
 * @module
 */

import type { FunctionResolver, ResolvedFunction } from "../planner/expr.ts";

/** The function registry of one connection (src/func's registry once it lands). */
export interface FunctionRegistry {
  /** Look a function up by name and argument count (see FunctionResolver). */
  resolve(name: string, nArg: number): ResolvedFunction | "wrong-args" | null;
}

/** A fresh registry with the built-in functions. Cold. */
export function newFunctionRegistry(): FunctionRegistry {
  return { resolve: () => null };
}

/** The compiler's view of a registry. */
export function resolverOf(reg: FunctionRegistry): FunctionResolver {
  return reg;
}
