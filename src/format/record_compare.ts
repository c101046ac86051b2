/**
 * Record comparison for index keys (vdbeaux.c sqlite3VdbeRecordCompare and
 * sqlite3MemCompare; datatype3.html §4.1 "Sort Order").
 *
 * Owns: comparing two packed records field by field: NULL < INTEGER/REAL
 * (compared numerically, integer vs real exactly) < TEXT (collation, else
 * memcmp of the encoded bytes) < BLOB (memcmp, then length). Per-field DESC
 * flips the sign. When every compared field is equal — including when one
 * record is a prefix of the other — the result is `defaultRc`, as SQLite's
 * UnpackedRecord.default_rc.
 * Must never: allocate on the BINARY path (hot: every index seek step).
 * @module
 */

import { corruptError } from "../error.ts";
import { readVarint, varintLength } from "./varint.ts";
import { readFloat64, readSerialInt } from "./record.ts";
import { serialTypeSize } from "./serial_type.ts";
import { decodeText } from "./text.ts";

/** A collation compare function (see btree KeyInfo). */
export type Collation = (a: string, b: string) => number;

/** The parts of a KeyInfo that comparison needs. */
export interface CompareInfo {
  /** Collation per field (null/missing = BINARY). */
  readonly collations: readonly (Collation | null)[];
  /** DESC flag per field. */
  readonly desc: readonly boolean[];
  /** Number of fields to compare (default all). */
  readonly nField?: number;
}

/** Storage-class rank for ordering: 0 NULL, 1 numeric, 2 text, 3 blob. */
function rank(t: number): number {
  if (t === 0 || t === 10 || t === 11) return 0;
  if (t < 12) return 1;
  return (t & 1) === 1 ? 2 : 3;
}

/**
 * Compare integer `i` with double `r` exactly (sqlite3IntFloatCompare). Hot.
 * @example
 * ```ts
 * compareIntReal(2n ** 62n, 2 ** 62); // 0
 * ```
 */
export function compareIntReal(i: number | bigint, r: number): number {
  if (Number.isNaN(r)) return 1;
  if (typeof i === "number") return i < r ? -1 : i > r ? 1 : 0;
  if (r >= 9223372036854775808) return -1;
  if (r < -9223372036854775808) return 1;
  const tr = Math.trunc(r);
  const bi = BigInt(tr);
  if (i < bi) return -1;
  if (i > bi) return 1;
  const frac = r - tr;
  return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

function compareInts(a: number | bigint, b: number | bigint): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Byte-wise comparison of a[ao..ao+al) with b[bo..bo+bl), then by length (SQLite's memcmp + length rule). Hot. */
export function memcmp(
  a: Uint8Array,
  ao: number,
  al: number,
  b: Uint8Array,
  bo: number,
  bl: number,
): number {
  const n = al < bl ? al : bl;
  for (let i = 0; i < n; i++) {
    const d = a[ao + i] - b[bo + i];
    if (d !== 0) return d;
  }
  return al - bl;
}

/**
 * Compare record A (`a[ao..ao+al)`) with record B (`b[bo..bo+bl)`), field by
 * field under `info`. Returns <0, 0 or >0 for A<B, A==B, A>B; when all
 * fields that both records have (up to nField) are equal, returns
 * `defaultRc`. Hot. Throws SQLITE_CORRUPT on a malformed header.
 * @example
 * ```ts
 * const x = encodeRecord([1, "a"]), y = encodeRecord([1]);
 * compareRecords(x, 0, x.length, y, 0, y.length, BINARY_INFO, 1, 0); // 0 (prefix)
 * ```
 */
export function compareRecords(
  a: Uint8Array,
  ao: number,
  al: number,
  b: Uint8Array,
  bo: number,
  bl: number,
  info: CompareInfo | null,
  encoding: number,
  defaultRc: number,
): number {
  const ah = readVarint(a, ao);
  const bh = readVarint(b, bo);
  if (ah > al || bh > bl || ah < 1 || bh < 1) throw corruptError("record header");
  let ap = ao + varintLength(a, ao);
  let bp = bo + varintLength(b, bo);
  const ahEnd = ao + ah;
  const bhEnd = bo + bh;
  let ad = ahEnd;
  let bd = bhEnd;
  const aEnd = ao + al;
  const bEnd = bo + bl;
  const nField = info?.nField ?? 0x7fffffff;
  for (let i = 0; i < nField && ap < ahEnd && bp < bhEnd; i++) {
    let at = a[ap];
    if (at < 0x80) ap++;
    else {
      at = readVarint(a, ap);
      ap += varintLength(a, ap);
    }
    let bt = b[bp];
    if (bt < 0x80) bp++;
    else {
      bt = readVarint(b, bp);
      bp += varintLength(b, bp);
    }
    const as = serialTypeSize(at);
    const bs = serialTypeSize(bt);
    if (ad + as > aEnd || bd + bs > bEnd) throw corruptError("record body");
    let c = 0;
    const ra = rank(at);
    const rb = rank(bt);
    if (ra !== rb) c = ra - rb;
    else if (ra === 1) {
      if (at === 7) {
        const x = readFloat64(a, ad);
        if (bt === 7) {
          const y = readFloat64(b, bd);
          c = x < y ? -1 : x > y ? 1 : 0;
        } else c = -compareIntReal(readSerialInt(b, bd, bt), x);
      } else if (bt === 7) c = compareIntReal(readSerialInt(a, ad, at), readFloat64(b, bd));
      else c = compareInts(readSerialInt(a, ad, at), readSerialInt(b, bd, bt));
    } else if (ra === 2) {
      const coll = info ? info.collations[i] : null;
      if (coll) {
        c = coll(decodeText(a, ad, as, encoding), decodeText(b, bd, bs, encoding));
      } else c = memcmp(a, ad, as, b, bd, bs);
    } else if (ra === 3) c = memcmp(a, ad, as, b, bd, bs);
    if (c !== 0) {
      if (info && info.desc[i]) return c < 0 ? 1 : -1;
      return c < 0 ? -1 : 1;
    }
    ad += as;
    bd += bs;
  }
  return defaultRc;
}

/** BINARY, ascending, every field. */
export const BINARY_INFO: CompareInfo = { collations: [], desc: [] };
