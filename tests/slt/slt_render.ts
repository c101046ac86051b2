/**
 * Result rendering of the sqllogictest reference runner (slt_sqlite.c) on SQLite:
 * `I` = `sqlite3_column_int` (a 32-bit int), `R` = `sqlite3_snprintf("%.3f", column_double)`,
 * `T` = the column text with "" → `(empty)` and every byte outside 0x20..0x7e → `@`; NULL
 * prints `NULL` in any column. Also the md5 result hash.
 *
 * Owns: turning typed result values into those strings, engine-independently, given the
 * engine's own REAL→TEXT conversion (which is engine behaviour under test).
 * Must never: reach into an engine.
 * @module
 */
import { createHash } from "node:crypto";

/** A result value as an engine reports it: INTEGER as bigint, REAL as number. */
export type SltValue = null | bigint | number | string | Uint8Array;

const enc = new TextEncoder();
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);

/** sqlite3Atoi64 on a string prefix: spaces, sign, digits; saturating. Cold. */
function atoi64(s: string): bigint {
  const m = /^[ \t\n\f\r\v]*([+-]?)0*(\d*)/.exec(s);
  if (m === null || m[2] === "") return 0n;
  let v = BigInt(m[2]);
  if (m[1] === "-") v = -v;
  if (v > I64_MAX) return I64_MAX;
  if (v < I64_MIN) return I64_MIN;
  return v;
}

/** sqlite3AtoF on a string prefix (decimal only; no hex, no inf). Cold. */
function atof(s: string): number {
  const m = /^[ \t\n\f\r\v]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(s);
  if (m === null) return 0;
  return Number(m[1]);
}

/** double → int64 as sqlite3 doubleToInt64 (saturating). */
function doubleToInt64(r: number): bigint {
  if (r !== r) return 0n;
  if (r <= -9223372036854775808) return I64_MIN;
  if (r >= 9223372036854775807) return I64_MAX;
  return BigInt(Math.trunc(r));
}

function bytesOf(v: string | Uint8Array): Uint8Array {
  return typeof v === "string" ? enc.encode(v) : v;
}

/** Bytes → text with every byte outside 0x20..0x7e replaced by '@'. */
function printable(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    s += c < 0x20 || c > 0x7e ? "@" : String.fromCharCode(c);
  }
  return s;
}

/** Render one value for a column of type letter `t`; `realText` is the engine's REAL→TEXT. */
export function renderValue(
  v: SltValue,
  t: string,
  realText: (x: number) => string,
  fmt3: (x: number) => string,
): string {
  if (v === null) return "NULL";
  if (t === "I") {
    let i: bigint;
    if (typeof v === "bigint") i = v;
    else if (typeof v === "number") i = doubleToInt64(v);
    else i = atoi64(typeof v === "string" ? v : new TextDecoder().decode(v));
    return String(BigInt.asIntN(32, i));
  }
  if (t === "R") {
    let r: number;
    if (typeof v === "bigint") r = Number(v);
    else if (typeof v === "number") r = v;
    else r = atof(typeof v === "string" ? v : new TextDecoder().decode(v));
    return fmt3(r);
  }
  // T (and anything else): the column text.
  let text: string | Uint8Array;
  if (typeof v === "bigint") text = v.toString();
  else if (typeof v === "number") text = realText(v);
  else text = v;
  const b = bytesOf(text);
  if (b.length === 0) return "(empty)";
  return printable(b);
}

/**
 * `%.3f` as SQLite's printf prints it, for the common range; values whose magnitude makes
 * JS and SQLite formatting differ (≥1e15, non-finite) are left to `fallback` (the engine).
 */
export function fixed3(x: number, fallback: (x: number) => string): string {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e15) return fallback(x);
  if (x === 0) return "0.000"; // SQLite prints -0.0 without its sign
  return x.toFixed(3);
}

/** md5 over every value followed by "\n", hex, as the reference runner computes it. */
export function md5Values(values: readonly string[]): string {
  const h = createHash("md5");
  for (const v of values) {
    h.update(v);
    h.update("\n");
  }
  return h.digest("hex");
}
