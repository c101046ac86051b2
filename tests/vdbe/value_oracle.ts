/**
 * Test helpers for the value and function differential tests: converting
 * between JS values, tsqlite Mems and node:sqlite results, plus the shared
 * edge-value corpus. Tests only (imports node:sqlite).
 * @module
 */

import assert from "node:assert/strict";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { Mem, MemType } from "../../src/vdbe/mem.ts";

/** A SQL value as node:sqlite reads it with readBigInts: INTEGER → bigint, REAL → number. */
export type V = null | bigint | number | string | Uint8Array;

/** A typed result: value plus SQLite type name. */
export interface Typed {
  v: V;
  t: string;
}

/** Mem holding `v` (bigint → INTEGER, number → REAL). */
export function toMem(v: V): Mem {
  const m = new Mem();
  if (v === null) m.setNull();
  else if (typeof v === "bigint") m.setBigInt(v);
  else if (typeof v === "number") m.setReal(v);
  else if (typeof v === "string") m.setText(v);
  else m.setBlob(v);
  return m;
}

/** The typed value of a Mem in node:sqlite's readBigInts form. */
export function fromMem(m: Mem): Typed {
  switch (m.type) {
    case MemType.NULL:
      return { v: null, t: "null" };
    case MemType.INT:
      return { v: m.big ?? BigInt(m.n), t: "integer" };
    case MemType.REAL:
      return { v: m.n, t: "real" };
    case MemType.TEXT:
      return { v: m.s, t: "text" };
    default:
      return { v: m.b, t: "blob" };
  }
}

/** Render a typed value for messages. */
export function show(x: Typed | V): string {
  if (x !== null && typeof x === "object" && "t" in x) return `${show(x.v)}:${x.t}`;
  if (x === null) return "NULL";
  if (typeof x === "bigint") return `${x}n`;
  if (typeof x === "number") return Object.is(x, -0) ? "-0.0" : `${x}`;
  if (typeof x === "string") return JSON.stringify(x);
  return `x'${[...x].map((b) => b.toString(16).padStart(2, "0")).join("")}'`;
}

/** Same value and type (reals compared with Object.is, blobs bytewise). */
export function sameTyped(a: Typed, b: Typed): boolean {
  if (a.t !== b.t) return false;
  return sameValue(a.v, b.v);
}

/** Value equality as above. */
export function sameValue(a: V, b: V): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return false;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return Object.is(a, b);
}

/** What an evaluation gave: a typed value, or the message of the error it raised. */
export type Outcome = Typed | { error: string };

/** Run a tsqlite evaluation, turning a thrown error into `{ error }` as the oracle does. */
export function outcome(fn: () => Typed): Outcome {
  try {
    return fn();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** node:sqlite reads TEXT as a C string: cut `t`'s text at its first NUL to compare with it. */
export function cString(t: Typed): Typed {
  if (typeof t.v === "string" && t.v.includes("\0")) t.v = t.v.slice(0, t.v.indexOf("\0"));
  return t;
}

/**
 * Compare tsqlite's outcome `got` with the oracle's `want`: the same error message, or the same
 * typed value (or values `alike` says are close enough). On a difference push
 * `label: <oracle>=… tsqlite=…` onto `failures`.
 */
export function compareOutcome(
  label: string,
  want: Outcome,
  got: Outcome,
  failures: string[],
  { oracle = "sqlite", alike }: { oracle?: string; alike?: (got: Typed, want: Typed) => boolean } =
    {},
): void {
  const ok = "error" in want
    ? "error" in got && got.error === want.error
    : !("error" in got) && (sameTyped(got, want) || (alike?.(got, want) ?? false));
  if (!ok) {
    const text = (x: Outcome) => "error" in x ? "ERR " + x.error : show(x);
    failures.push(`${label}: ${oracle}=${text(want)} tsqlite=${text(got)}`);
  }
}

/** Fail the test when there are failures, showing the first 30. */
export function report(failures: string[]): void {
  assert.equal(failures.length, 0, failures.slice(0, 30).join("\n"));
}

/** A node:sqlite connection with a statement cache. */
export class Oracle {
  /** The underlying connection. */
  readonly db = new DatabaseSync(":memory:");
  private cache = new Map<string, StatementSync>();
  /** Prepared (cached) statement reading INTEGERs as bigint. */
  stmt(sql: string): StatementSync {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      s.setReadBigInts(true);
      this.cache.set(sql, s);
    }
    return s;
  }
  /**
   * Evaluate `expr` (using ?1..?n) with typeof: `SELECT expr, typeof(expr)`.
   * Returns the typed value or `{ error }` with SQLite's message.
   */
  eval(expr: string, params: V[]): Typed | { error: string } {
    try {
      const row = this.stmt(`SELECT (${expr}) AS v, typeof(${expr}) AS t`).get(
        ...(params as never[]),
      ) as { v: V; t: string };
      return { v: row.v, t: row.t };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
}

/** Edge values used across the differential tests. */
export const EDGE_VALUES: V[] = [
  null,
  0n,
  1n,
  -1n,
  2n,
  3n,
  -7n,
  10n,
  63n,
  64n,
  -64n,
  65n,
  9007199254740991n,
  9007199254740992n,
  -9007199254740993n,
  4611686018427387904n,
  9223372036854775807n,
  -9223372036854775808n,
  -9223372036854775807n,
  0,
  -0,
  1.5,
  -2.5,
  0.1,
  3.0,
  1e308,
  -1e308,
  1e-320,
  9007199254740992,
  9223372036854775808,
  -9223372036854775808,
  1e20,
  123456.789,
  Infinity,
  -Infinity,
  "abc",
  "",
  "  12  ",
  "12abc",
  "0x1F",
  "1e3",
  "-0.0",
  "9223372036854775808",
  "9223372036854775807",
  "-9223372036854775809",
  " -5 ",
  ".5",
  "3.0",
  "1e999",
  "+7",
  "1.5e2x",
  "ABC",
  "é",
  new Uint8Array([0x00, 0xff]),
  new Uint8Array([0x31, 0x32]),
  new Uint8Array([]),
];
