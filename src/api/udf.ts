/**
 * User-defined functions and aggregates of the better-sqlite3 API, registered into the engine's
 * function registry (src/func).
 *
 * Owns: the calling convention between SQL and JS — arguments become JS values (INTEGER as
 * number, or bigint under the function's safeIntegers), the JS result becomes an SQL value
 * (number → REAL, bigint → INTEGER, string → TEXT, bytes → BLOB, null/undefined → NULL, anything
 * else a TypeError `User-defined function f() returned an invalid value`), and the aggregate
 * accumulator protocol (start value or factory, step/inverse returning the new accumulator —
 * `undefined` keeps it —, result, window value).
 * Follows: better-sqlite3 src/util/custom-function.cpp, custom-aggregate.cpp, data.cpp.
 * Must never: swallow a JS exception (it propagates to the caller of run/get/all as thrown).
 * @module
 */
import {
  AggregateFunc,
  type AggState,
  FuncFlag,
  type FunctionRegistry,
  ScalarFunc,
} from "../func/mod.ts";
import type { Mem } from "../vdbe/mem.ts";
import { JsStore, storeJsValue } from "./js_value.ts";
import type { AggregateDefinition, ScalarDefinition } from "./functions.ts";

type JsFn = (...args: unknown[]) => unknown;

/** Read `n` argument registers into `into` as JS values. Hot (per call). */
function readArgs(args: Mem[], n: number, safe: boolean, into: unknown[], from: number): void {
  for (let i = 0; i < n; i++) {
    const v = args[i].toJs(safe);
    into[from + i] = typeof v === "bigint" && !safe ? Number(v) : v;
  }
}

/** Store a JS result in `out` as better-sqlite3 does, or throw its conversion error. Hot. */
function writeResult(out: Mem, value: unknown, name: string): void {
  const r = storeJsValue(out, value);
  if (r === JsStore.OK) return;
  if (r === JsStore.BIGINT_TOO_BIG) {
    throw new RangeError(`User-defined function ${name}() returned a bigint that was too big`);
  }
  throw new TypeError(`User-defined function ${name}() returned an invalid value`);
}

/** The user functions registered with `directOnly` (SQLITE_DIRECTONLY). */
const directOnly = new WeakSet<object>();

/** Every user function: none is SQLITE_INNOCUOUS, so all are SQLITE_FUNC_UNSAFE. */
const userFunctions = new WeakSet<object>();

/**
 * True when `def` is a user function registered with `directOnly`: SQLite refuses it in views,
 * triggers, CHECK constraints, DEFAULTs, generated columns and index expressions. Cold.
 */
export function isDirectOnly(def: object): boolean {
  return directOnly.has(def);
}

/**
 * True when a call of `def` written in the schema is "unsafe use" (sqlite3ExprFunctionUsable):
 * a `directOnly` user function always, any user function when PRAGMA trusted_schema is off
 * (user functions are never SQLITE_INNOCUOUS in better-sqlite3). Cold.
 */
export function isUnsafeInSchema(def: object, trustedSchema: boolean): boolean {
  return directOnly.has(def) || (!trustedSchema && userFunctions.has(def));
}

function flagsOf(def: { deterministic: boolean }): number {
  return def.deterministic ? FuncFlag.DETERMINISTIC : FuncFlag.VOLATILE;
}

/** Register a scalar; `dbSafe` is the database's defaultSafeIntegers at registration. Cold. */
export function registerScalar(
  reg: FunctionRegistry,
  def: ScalarDefinition,
  dbSafe: boolean,
): void {
  const safe = def.safeIntegers === 2 ? dbSafe : def.safeIntegers === 1;
  const fn = def.fn as unknown as JsFn;
  const name = def.name;
  const f = new ScalarFunc(name, def.argCount, flagsOf(def), (ctx, args, out) => {
    const n = ctx.nArg;
    const js = new Array<unknown>(n);
    readArgs(args, n, safe, js, 0);
    writeResult(out, fn(...js), name);
  });
  if (def.directOnly) directOnly.add(f);
  userFunctions.add(f);
  reg.register(f);
}

/** Register an aggregate (window-capable when it has `inverse`). Cold. */
export function registerAggregate(
  reg: FunctionRegistry,
  def: AggregateDefinition,
  dbSafe: boolean,
): void {
  const safe = def.safeIntegers === 2 ? dbSafe : def.safeIntegers === 1;
  const name = def.name;
  const start = def.start;
  const step = def.step as unknown as JsFn;
  const inverse = def.inverse as unknown as JsFn | null;
  const result = def.result as unknown as JsFn | null;
  const flags = flagsOf(def) | (inverse ? FuncFlag.WINDOW : 0);
  const f = new AggregateFunc(name, def.argCount, flags | FuncFlag.AGGREGATE, (_ctx) => {
    let acc: unknown = typeof start === "function" ? (start as JsFn)() : start;
    const apply = (f: JsFn, args: Mem[], n: number): void => {
      const js = new Array<unknown>(n + 1);
      js[0] = acc;
      readArgs(args, n, safe, js, 1);
      const r = f(...js);
      if (r !== undefined) acc = r;
    };
    const state: AggState = {
      step(args, n) {
        apply(step, args, n);
      },
      final(out) {
        writeResult(out, result ? result(acc) : acc, name);
      },
    };
    if (inverse) {
      state.inverse = (args, n) => apply(inverse, args, n);
      state.value = (out) => writeResult(out, result ? result(acc) : acc, name);
    }
    return state;
  });
  if (def.directOnly) directOnly.add(f);
  userFunctions.add(f);
  reg.register(f);
}
