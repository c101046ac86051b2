/**
 * Value comparison and collating sequences, following vdbeaux.c
 * `sqlite3MemCompare` / `sqlite3IntFloatCompare` and the built-in collations
 * of main.c (BINARY, NOCASE, RTRIM; datatype3.html §7).
 *
 * Owns: the total order of SQL values — NULL < INTEGER/REAL (compared
 * numerically, int vs real exactly) < TEXT (by collation) < BLOB (memcmp,
 * then length) — and the collation functions.
 * Must never: allocate on the comparison path, or apply affinity (callers do
 * that first with `applyComparisonAffinity`).
 * @module
 */

import { type Mem, MemType } from "../mem.ts";
import { compareBinary, compareUtf8 } from "./text.ts";

/** A collating function: negative, zero or positive like `memcmp`. */
export type CollationFn = (a: string, b: string) => number;

/** BINARY: byte order (memcmp) of the text in the database's encoding. Hot. */
export const binaryCollation: CollationFn = compareBinary;

/** NOCASE: BINARY after folding ASCII A–Z to a–z (no Unicode folding). Hot. */
export const nocaseCollation: CollationFn = (a: string, b: string): number => {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
};

/** RTRIM: BINARY ignoring trailing spaces (U+0020 only). Hot. */
export const rtrimCollation: CollationFn = (a: string, b: string): number => {
  let na = a.length;
  let nb = b.length;
  while (na > 0 && a.charCodeAt(na - 1) === 32) na--;
  while (nb > 0 && b.charCodeAt(nb - 1) === 32) nb--;
  // (main.c registers RTRIM for UTF-8 only: UTF-8 order in UTF-16 databases too)
  if (na === a.length && nb === b.length) return compareUtf8(a, b);
  return compareUtf8(a.slice(0, na), b.slice(0, nb));
};

const BUILTIN: Record<string, CollationFn> = {
  BINARY: binaryCollation,
  NOCASE: nocaseCollation,
  RTRIM: rtrimCollation,
};

/**
 * A built-in collation by name (case-insensitive), or undefined — the caller
 * raises `no such collation sequence: X`. Cold.
 *
 * @example
 * ```ts
 * import { collationByName } from "./compare.ts";
 * collationByName("nocase")!("ABC", "abc"); // 0
 * ```
 */
export function collationByName(name: string): CollationFn | undefined {
  return BUILTIN[name.toUpperCase()];
}

/**
 * Compare two numeric Mems (INT or REAL) exactly: int vs real compares the
 * mathematical values (as `sqlite3IntFloatCompare`). Hot.
 */
export function compareNumeric(a: Mem, b: Mem): number {
  if (a.big === null && b.big === null) {
    const x = a.n;
    const y = b.n;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = a.big === null ? a.n : a.big;
  const y = b.big === null ? b.n : b.big;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** memcmp of two byte arrays, then length. Hot. */
export function compareBlobs(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * `sqlite3MemCompare(a, b, coll)`: negative/zero/positive in SQLite's order
 * NULL < numbers < TEXT < BLOB; TEXT by `coll` (BINARY when null). Hot.
 *
 * @example
 * ```ts
 * import { memOf } from "../mem.ts";
 * import { compareMem } from "./compare.ts";
 * compareMem(memOf(1), memOf(1.5), null) < 0;    // true
 * compareMem(memOf(99), memOf("1"), null) < 0;   // true: numbers sort before text
 * ```
 */
export function compareMem(a: Mem, b: Mem, coll: CollationFn | null): number {
  const ta = a.type;
  const tb = b.type;
  if (ta === MemType.NULL || tb === MemType.NULL) {
    return ta === tb ? 0 : ta === MemType.NULL ? -1 : 1;
  }
  const aNum = ta <= MemType.REAL;
  const bNum = tb <= MemType.REAL;
  if (aNum || bNum) {
    if (aNum && bNum) return compareNumeric(a, b);
    return aNum ? -1 : 1;
  }
  if (ta === MemType.TEXT) {
    if (tb !== MemType.TEXT) return -1;
    return coll === null ? compareBinary(a.s, b.s) : coll(a.s, b.s);
  }
  if (tb === MemType.TEXT) return 1;
  return compareBlobs(a.b, b.b);
}
