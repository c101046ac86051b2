/**
 * Misuse errors of the better-sqlite3-compatible API, with better-sqlite3's exact wording.
 *
 * Owns: every TypeError/RangeError message the API layer raises for misuse (closed database,
 * busy statement, bad parameters, bad options). SQLite-level failures are `SqliteError`
 * (src/error.ts), re-exported here for the API's convenience.
 * Follows: better-sqlite3 12.x (lib/*.js and src/util/*.cpp messages).
 * Must never: raise SqliteError for an API misuse, or reword a message better-sqlite3 defines.
 * @module
 */
import { SqliteError } from "../error.ts";

export { SqliteError };

/** better-sqlite3's misuse messages, keyed by situation. */
export const MSG = {
  notOpen: "The database connection is not open",
  dbBusy: "This database connection is busy executing a query",
  stmtBusy: "This statement is busy executing a query",
  noData: "This statement does not return data. Use run() instead",
  alreadyBound: "This statement already has bound parameters",
  bindOnce: "The bind() method can only be invoked once per statement object",
  noStatements: "The supplied SQL string contains no statements",
  moreStatements: "The supplied SQL string contains more than one statement",
  badBindValue: "SQLite3 can only bind numbers, strings, bigints, buffers, and null",
  tooFew: "Too few parameter values were provided",
  tooMany: "Too many parameter values were provided",
  missingNamed: "Missing named parameters",
  twoObjects: "You cannot specify named parameters in two different objects",
  plainObjects: "Named parameters can only be passed within plain objects",
  tooBig: "The bound string, buffer, or bigint is too big",
  txPromise: "Transaction function cannot return a promise",
  tooManyIterators: "Too many active database iterators",
} as const;

/** `The <method>() method is only for statements that return data`. */
export function onlyForReaders(method: "pluck" | "expand" | "raw" | "columns"): TypeError {
  return new TypeError(`The ${method}() method is only for statements that return data`);
}

/** `Missing named parameter "<name>"`. */
export function missingNamedParameter(name: string): RangeError {
  return new RangeError(`Missing named parameter "${name}"`);
}

/** `Expected <position> argument to be <what>` (the addon's argument checks). */
export function expectedArgument(position: string, what: string): TypeError {
  return new TypeError(`Expected ${position} argument to be ${what}`);
}

/** `Expected the "<key>" option to be a boolean` — better-sqlite3's getBooleanOption. Cold. */
export function booleanOption(options: Record<string, unknown>, key: string): boolean {
  if (!(key in options)) return false;
  const value = options[key];
  if (typeof value !== "boolean") {
    throw new TypeError(`Expected the "${key}" option to be a boolean`);
  }
  return value;
}

/**
 * Make an engine error look like better-sqlite3's: a SqliteError whose only own enumerable
 * property is `code` (engine bookkeeping such as `onError` stays, non-enumerable). Cold.
 */
export function asApiError(e: unknown): unknown {
  if (e instanceof SqliteError) {
    for (const key of Object.keys(e)) {
      if (key !== "code") Object.defineProperty(e, key, { enumerable: false });
    }
  }
  return e;
}
