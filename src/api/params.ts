/**
 * Parameter binding for the better-sqlite3-compatible API (better-sqlite3's `Binder`).
 *
 * Owns: turning `run(...params)`/`bind(...params)` arguments into `bind*` calls on an engine
 * statement — positional values (spread or in arrays) fill the anonymous parameters (`?`) in
 * order, one plain object fills every named parameter (`:a`, `@a`, `$a`, and `?NNN` under key
 * "NNN"), and every count/shape/type error is the TypeError/RangeError better-sqlite3 throws.
 * Value mapping: number → REAL, bigint → INTEGER (must fit 64 bits), string → TEXT, any
 * ArrayBufferView (Uint8Array, Buffer, …) → BLOB, null/undefined → NULL.
 * Follows: better-sqlite3 src/util/binder.cpp, data.cpp; sqlite3_bind_* (bind.html).
 * Must never: allocate per call on the common path (no args, or positional primitives) — hot.
 * @module
 */
import type { PreparedStatement } from "./engine.ts";
import { missingNamedParameter, MSG } from "./errors.ts";

/** Named parameters of a statement: keys without their prefix, and their 1-based indexes. */
export interface BindMap {
  readonly keys: readonly string[];
  readonly indexes: readonly number[];
}

const EMPTY_MAP: BindMap = { keys: [], indexes: [] };
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Build the named-parameter map of a statement (once per statement). Cold. */
export function buildBindMap(stmt: PreparedStatement): BindMap {
  const n = stmt.parameterCount;
  let keys: string[] | null = null;
  let indexes: number[] | null = null;
  for (let i = 1; i <= n; i++) {
    const name = stmt.parameterName(i);
    if (name === null) continue;
    (keys ??= []).push(name.slice(1));
    (indexes ??= []).push(i);
  }
  return keys === null ? EMPTY_MAP : { keys, indexes: indexes! };
}

/** A binding failure: the error to throw once bindings are cleared. */
type Fail = TypeError | RangeError;

/**
 * Bind one JS value to parameter `index` (1-based), or return the error to throw. Hot.
 * `record`, when given, receives the value (for expanded SQL: verbose/toString).
 */
export function bindValue(
  stmt: PreparedStatement,
  index: number,
  value: unknown,
  count: number,
): Fail | null {
  // As better-sqlite3: the value is checked first, then sqlite3_bind_* reports SQLITE_RANGE.
  switch (typeof value) {
    case "number":
      if (index > count) return new RangeError(MSG.tooMany);
      stmt.bindReal(index, value);
      return null;
    case "string":
      if (index > count) return new RangeError(MSG.tooMany);
      stmt.bindText(index, value);
      return null;
    case "bigint":
      if (value < INT64_MIN || value > INT64_MAX) return new RangeError(MSG.tooBig);
      if (index > count) return new RangeError(MSG.tooMany);
      stmt.bindInt(index, value);
      return null;
    case "undefined":
      if (index > count) return new RangeError(MSG.tooMany);
      stmt.bindNull(index);
      return null;
    case "object":
      if (value === null) {
        if (index > count) return new RangeError(MSG.tooMany);
        stmt.bindNull(index);
        return null;
      }
      if (ArrayBuffer.isView(value)) {
        if (index > count) return new RangeError(MSG.tooMany);
        stmt.bindBlob(
          index,
          value instanceof Uint8Array
            ? value
            : new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
        );
        return null;
      }
  }
  return new TypeError(MSG.badBindValue);
}

function nextAnon(anon: number, named: readonly number[]): number {
  anon++;
  if (named.length !== 0) { while (named.includes(anon)) anon++; }
  return anon;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Bind `args` as better-sqlite3 does; on any error, clear the bindings and throw it. Hot.
 * `values`, when given, is filled with the bound value of each parameter index (1-based).
 */
export function bindArgs(
  stmt: PreparedStatement,
  args: ArrayLike<unknown>,
  map: BindMap,
  values: unknown[] | null,
): void {
  const count = stmt.parameterCount;
  let bound = 0;
  let anon = 0;
  let boundObject = false;
  let fail: Fail | null = null;
  const named = map.indexes;
  outer: for (let a = 0; a < args.length; a++) {
    const arg = args[a];
    if (Array.isArray(arg)) {
      for (let j = 0; j < arg.length; j++) {
        const idx = anon = nextAnon(anon, named);
        fail = bindValue(stmt, idx, arg[j], count);
        if (fail !== null) break outer;
        if (values !== null) values[idx] = arg[j];
        bound++;
      }
      continue;
    }
    if (typeof arg === "object" && arg !== null && !ArrayBuffer.isView(arg)) {
      if (isPlainObject(arg)) {
        if (boundObject) {
          fail = new TypeError(MSG.twoObjects);
          break;
        }
        boundObject = true;
        const obj = arg as Record<string, unknown>;
        for (let k = 0; k < map.keys.length; k++) {
          const key = map.keys[k];
          if (!Object.hasOwn(obj, key)) {
            fail = missingNamedParameter(key);
            break outer;
          }
          const v = obj[key];
          fail = bindValue(stmt, map.indexes[k], v, count);
          if (fail !== null) break outer;
          if (values !== null) values[map.indexes[k]] = v;
          bound++;
        }
        continue;
      }
      if (named.length !== 0) {
        fail = new TypeError(MSG.plainObjects);
        break;
      }
    }
    const idx = anon = nextAnon(anon, named);
    fail = bindValue(stmt, idx, arg, count);
    if (fail !== null) break;
    if (values !== null) values[idx] = arg;
    bound++;
  }
  if (fail === null && bound !== count) {
    if (bound < count) {
      fail = !boundObject && named.length !== 0
        ? new TypeError(MSG.missingNamed)
        : new RangeError(MSG.tooFew);
    } else {
      fail = new RangeError(MSG.tooMany);
    }
  }
  if (fail !== null) {
    stmt.clearBindings();
    if (values !== null) values.length = 0;
    throw fail;
  }
}
