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
import { builtinFunctions, FuncFlag, FunctionRegistry } from "../func/mod.ts";
import { RAISE_FUNCTION } from "../planner/trigger.ts";
import { SqliteError } from "../error.ts";
import { MemType } from "../vdbe/mem.ts";
import { memToText } from "../vdbe/value/convert.ts";
import type { ActionError } from "./connection_txn.ts";
import { isUnsafeInSchema } from "./udf.ts";

export { FunctionRegistry };

/** Thrown by RAISE(IGNORE): abandons the current row's trigger programs (and, BEFORE, the row). */
export class RaiseIgnore extends Error {
  constructor() {
    super("RAISE(IGNORE)");
  }
}

/** A fresh registry with the built-in functions (and RAISE's internal function). Cold. */
export function newFunctionRegistry(): FunctionRegistry {
  const reg = builtinFunctions({ likeDoesntMatchBlobs: true, mathFunctions: true });
  reg.scalar(RAISE_FUNCTION, 2, FuncFlag.VOLATILE, (_ctx, args) => {
    const action = args[0].s;
    if (action === "IGNORE") throw new RaiseIgnore();
    const msg = args[1].type === MemType.NULL ? "" : memToText(args[1]) ?? "";
    const e = new SqliteError(msg, "SQLITE_CONSTRAINT_TRIGGER") as ActionError;
    e.onError = action === "FAIL" ? "FAIL" : action === "ROLLBACK" ? "ROLLBACK" : "ABORT";
    throw e;
  });
  return reg;
}

/** The compiler's view of a registry. */
export function resolverOf(
  reg: FunctionRegistry,
  flags: { readonly trustedSchema: boolean },
): FunctionResolver {
  return {
    resolve: (name, nArg) => {
      const r = reg.lookup(name, nArg);
      return typeof r === "object" && r !== null && isUnsafeInSchema(r.impl, flags.trustedSchema)
        ? { ...r, directOnly: true }
        : r;
    },
  };
}
