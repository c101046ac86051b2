/**
 * Argument accessors for function implementations — the sqlite3_value_* API of vdbeapi.c over
 * tsqlite's Mem: `sqlite3_value_text`, `_int64`, `_double`, `_bytes`, `_numeric_type`.
 *
 * Owns: reading a Mem the way a C function in func.c reads its `sqlite3_value*` arguments.
 * Must never: modify the caller's argument Mems (numeric_type works on a scratch copy).
 * @module
 */

import { Mem, MemType } from "../vdbe/mem.ts";
import { applyNumericAffinity } from "../vdbe/value/affinity.ts";
import { memToBlob, memToInt, memToReal, memToText } from "../vdbe/value/convert.ts";
import { utf8Length } from "../vdbe/value/text.ts";

/** sqlite3_value_text: the TEXT form, or null for NULL. Hot. */
export const argText: (m: Mem) => string | null = memToText;
/**
 * sqlite3_value_text as a C function reads it: the text up to its first NUL character (a
 * BLOB x'00ff' reads as ''). LIKE/GLOB, unicode(), unhex(), quote() and printf's %s see this.
 */
export function argCText(m: Mem): string | null {
  const t = memToText(m);
  if (t === null) return null;
  const z = t.indexOf("\0");
  return z < 0 ? t : t.slice(0, z);
}

/** sqlite3_value_int64. Hot. */
export const argInt: (m: Mem) => number | bigint = memToInt;
/** sqlite3_value_double. Hot. */
export const argReal: (m: Mem) => number = memToReal;
/** sqlite3_value_blob: bytes, or null for NULL. */
export const argBlob: (m: Mem) => Uint8Array | null = memToBlob;

/** sqlite3_value_int64 clamped into the JS safe range (for counts and positions). Hot. */
export function argIntClamped(m: Mem): number {
  const v = memToInt(m);
  if (typeof v === "number") return v;
  return v < 0n ? -9007199254740991 : 9007199254740991;
}

/** sqlite3_value_bytes: byte length of the TEXT (UTF-8) or BLOB form. */
export function argBytes(m: Mem): number {
  switch (m.type) {
    case MemType.BLOB:
      return m.b.length;
    case MemType.TEXT:
      return utf8Length(m.s);
    case MemType.NULL:
      return 0;
    default:
      return (memToText(m) as string).length;
  }
}

const numScratch = new Mem();

/**
 * sqlite3_value_numeric_type: TEXT that is a well-formed number is read as INTEGER/REAL; the
 * converted value is returned in a scratch Mem (valid until the next call). Hot-ish.
 */
export function argNumeric(m: Mem): Mem {
  if (m.type !== MemType.TEXT) return m;
  numScratch.copyFrom(m);
  applyNumericAffinity(numScratch, false);
  return numScratch;
}
