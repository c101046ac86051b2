/**
 * `db.function`, `db.aggregate` and `db.table`: argument and option validation with
 * better-sqlite3's wording, producing a normalized definition the engine registers.
 * Owns: the argument-count rule (`fn.length`, or -1 with `varargs`; aggregates use
 * max(step.length, inverse.length) - 1), the 100-argument limit, option types, and the
 * safeIntegers tri-state (0 off, 1 on, 2 = the database default).
 * Follows: better-sqlite3 lib/methods/function.js, aggregate.js, table.js.
 * Must never: register anything itself — that is the engine's function registry.
 * @module
 */
import { booleanOption } from "./errors.ts";

/** A user scalar function, normalized. */
export interface ScalarDefinition {
  kind: "scalar";
  name: string;
  fn: (...args: never[]) => unknown;
  /** -1 for varargs. */
  argCount: number;
  /** 0 off, 1 on, 2 follow the database default. */
  safeIntegers: 0 | 1 | 2;
  deterministic: boolean;
  directOnly: boolean;
}

/** A user aggregate (window-capable when `inverse` is given), normalized. */
export interface AggregateDefinition {
  kind: "aggregate";
  name: string;
  start: unknown;
  step: (...args: never[]) => unknown;
  inverse: ((...args: never[]) => unknown) | null;
  result: ((...args: never[]) => unknown) | null;
  argCount: number;
  safeIntegers: 0 | 1 | 2;
  deterministic: boolean;
  directOnly: boolean;
}

/** Options of `db.function`. */
export interface FunctionOptions {
  /** Same inputs always give the same output (lets SQLite use it in indexes). */
  deterministic?: boolean;
  /** Any number of arguments (ignore `fn.length`). */
  varargs?: boolean;
  /** Only callable from top-level SQL, not from views/triggers/schema. */
  directOnly?: boolean;
  /** Pass INTEGER arguments as bigint. */
  safeIntegers?: boolean;
}

/** Options of `db.aggregate`. */
export interface AggregateOptions extends FunctionOptions {
  /** The initial accumulator (or a function returning it). */
  start?: unknown;
  /** `(acc, ...args) => acc` — called per row. Required. */
  step: (...args: never[]) => unknown;
  /** `(acc, ...args) => acc` — removes a row (makes the aggregate usable as a window function). */
  inverse?: (...args: never[]) => unknown;
  /** `(acc) => value` — the final value. */
  result?: (...args: never[]) => unknown;
}

function safeIntegersOption(options: Record<string, unknown>): 0 | 1 | 2 {
  return "safeIntegers" in options ? (booleanOption(options, "safeIntegers") ? 1 : 0) : 2;
}

function fnLength(f: { length: number }): number {
  const n = f.length;
  if (Number.isInteger(n) && n >= 0) return n;
  throw new TypeError("Expected function.length to be a positive integer");
}

/** Validate `db.function(name, [options], fn)` arguments. Cold. */
export function parseFunction(name: unknown, options: unknown, fn: unknown): ScalarDefinition {
  if (options == null) options = {};
  if (typeof options === "function") {
    fn = options;
    options = {};
  }
  if (typeof name !== "string") throw new TypeError("Expected first argument to be a string");
  if (typeof fn !== "function") throw new TypeError("Expected last argument to be a function");
  if (typeof options !== "object") {
    throw new TypeError("Expected second argument to be an options object");
  }
  if (!name) throw new TypeError("User-defined function name cannot be an empty string");
  const opts = options as Record<string, unknown>;
  const safeIntegers = safeIntegersOption(opts);
  const deterministic = booleanOption(opts, "deterministic");
  const directOnly = booleanOption(opts, "directOnly");
  const varargs = booleanOption(opts, "varargs");
  let argCount = -1;
  if (!varargs) {
    argCount = fnLength(fn as { length: number });
    if (argCount > 100) {
      throw new RangeError("User-defined functions cannot have more than 100 arguments");
    }
  }
  return {
    kind: "scalar",
    name,
    fn: fn as (...args: never[]) => unknown,
    argCount,
    safeIntegers,
    deterministic,
    directOnly,
  };
}

function functionOption(
  options: Record<string, unknown>,
  key: string,
  required: boolean,
): ((...args: never[]) => unknown) | null {
  const value = key in options ? options[key] : null;
  if (typeof value === "function") return value as (...args: never[]) => unknown;
  if (value != null) throw new TypeError(`Expected the "${key}" option to be a function`);
  if (required) throw new TypeError(`Missing required option "${key}"`);
  return null;
}

/** Validate `db.aggregate(name, options)` arguments. Cold. */
export function parseAggregate(name: unknown, options: unknown): AggregateDefinition {
  if (typeof name !== "string") throw new TypeError("Expected first argument to be a string");
  if (typeof options !== "object" || options === null) {
    throw new TypeError("Expected second argument to be an options object");
  }
  if (!name) throw new TypeError("User-defined function name cannot be an empty string");
  const opts = options as Record<string, unknown>;
  const start = "start" in opts ? opts.start : null;
  const step = functionOption(opts, "step", true)!;
  const inverse = functionOption(opts, "inverse", false);
  const result = functionOption(opts, "result", false);
  const safeIntegers = safeIntegersOption(opts);
  const deterministic = booleanOption(opts, "deterministic");
  const directOnly = booleanOption(opts, "directOnly");
  const varargs = booleanOption(opts, "varargs");
  let argCount = -1;
  if (!varargs) {
    argCount = Math.max(fnLength(step), inverse ? fnLength(inverse) : 0);
    if (argCount > 0) argCount -= 1;
    if (argCount > 100) {
      throw new RangeError("User-defined functions cannot have more than 100 arguments");
    }
  }
  return {
    kind: "aggregate",
    name,
    start,
    step,
    inverse,
    result,
    argCount,
    safeIntegers,
    deterministic,
    directOnly,
  };
}

/** Validate `db.table(name, definition)` arguments (the part that needs no engine). Cold. */
export function parseTable(name: unknown, factory: unknown): { name: string } {
  if (typeof name !== "string") throw new TypeError("Expected first argument to be a string");
  if (!name) throw new TypeError("Virtual table module name cannot be an empty string");
  if (typeof factory !== "function" && (typeof factory !== "object" || factory === null)) {
    throw new TypeError(
      "Expected second argument to be a function or a table definition object",
    );
  }
  return { name };
}
