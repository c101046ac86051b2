/**
 * An index key unpacked once for many comparisons (vdbeaux.c UnpackedRecord,
 * sqlite3VdbeRecordUnpack, sqlite3VdbeRecordCompareWithSkip and its
 * vdbeRecordCompareInt / vdbeRecordCompareString fast paths; datatype3.html
 * §4.1 "Sort Order").
 *
 * Owns: a probe key held as decoded values (type, number/bigint, text and
 * blob bytes) plus the comparison of a packed record — an index cell's
 * payload — against it. A seek compares some twenty cells with the same
 * key: parsing the key once and reading only the cell side (integers
 * compared straight off the page, TEXT/BLOB by memcmp of the bytes) is what
 * makes an index seek cheap. The result is exactly `compareRecords(cell,
 * key)` (record_compare.ts), the slow path it replaces, with the same
 * `defaultRc` convention for prefix keys.
 * Filled from record bytes (`fromRecord`, the b-tree's byte-key API) or
 * field by field (`setInt`/`setText`/…, the VM filling it from registers
 * without building a record).
 * Must never: allocate on the compare path for NULL/INTEGER/REAL/BINARY
 * TEXT/BLOB fields (hot: every step of every index seek), or keep a
 * reference to a caller's record bytes (they are copied).
 * @module
 */

import { corruptError } from "../error.ts";
import { readVarint, varintLength } from "./varint.ts";
import { type CompareInfo, compareIntReal, memcmp } from "./record_compare.ts";
import { readFloat64, readSerialInt, utf8Length, writeUtf8 } from "./record.ts";
import { INT_SIZES, serialTypeSize } from "./serial_type.ts";
import { decodeText } from "./text.ts";

/** The value kind of one probe field. */
export const ProbeKind = { NULL: 0, INT: 1, REAL: 2, TEXT: 3, BLOB: 4 } as const;
/** One of {@link ProbeKind}. */
export type ProbeKind = (typeof ProbeKind)[keyof typeof ProbeKind];

/**
 * An unpacked probe key. One object per cursor, refilled before every seek.
 * @example
 * ```ts
 * const probe = new KeyProbe();
 * probe.reset(1, 1);        // one field, defaultRc +1 (a ">" seek)
 * probe.setInt(0, 42);
 * const rec = encodeRecord([42, 7]);
 * probe.compare(rec, 0, rec.length); // 1: the record sorts after the prefix key
 * ```
 */
export class KeyProbe {
  /** Number of fields in the key. */
  nField = 0;
  /** Result when every compared field is equal (UnpackedRecord.default_rc). */
  defaultRc = 0;
  /** Collations and DESC flags (null = BINARY ascending on every field). */
  info: CompareInfo | null = null;
  /** Text encoding of the records compared (1 UTF-8, 2 UTF-16le, 3 UTF-16be). */
  encoding = 1;
  /** Kind per field ({@link ProbeKind}). */
  kinds: Uint8Array = new Uint8Array(8);
  /** INTEGER (when `bigs[i]` is null) or REAL value per field. */
  nums: Float64Array = new Float64Array(8);
  /** INTEGER value beyond ±(2^53-1), else null. */
  bigs: (bigint | null)[] = [];
  /** TEXT as a string (null until needed when filled from bytes). */
  strs: (string | null)[] = [];
  /** TEXT/BLOB bytes per field: `bytes[i][0..lens[i])`; TEXT bytes are in `encodedAs[i]`. */
  bytes: Uint8Array[] = [];
  /** Byte length per TEXT/BLOB field. */
  lens: Int32Array = new Int32Array(8);
  /** Encoding the TEXT bytes of a field are in (0 = not encoded yet). */
  encodedAs: Uint8Array = new Uint8Array(8);
  /** Per-field owned byte buffers (grown on demand, reused across fills). */
  private owned: Uint8Array[] = [];

  /** Start a fill of `n` fields with the given `defaultRc`. Hot. */
  reset(n: number, defaultRc: number): void {
    if (n > this.kinds.length) this.grow(n);
    this.nField = n;
    this.defaultRc = defaultRc;
  }

  private grow(n: number): void {
    const size = Math.max(n, this.kinds.length * 2);
    const k = new Uint8Array(size);
    k.set(this.kinds);
    this.kinds = k;
    const v = new Float64Array(size);
    v.set(this.nums);
    this.nums = v;
    const l = new Int32Array(size);
    l.set(this.lens);
    this.lens = l;
    const e = new Uint8Array(size);
    e.set(this.encodedAs);
    this.encodedAs = e;
  }

  /** Field i is NULL. */
  setNull(i: number): void {
    this.kinds[i] = ProbeKind.NULL;
  }

  /** Field i is the safe integer `v`. Hot. */
  setInt(i: number, v: number): void {
    this.kinds[i] = ProbeKind.INT;
    this.nums[i] = v;
    this.bigs[i] = null;
  }

  /** Field i is an INTEGER beyond ±(2^53-1) (a safe value is stored as a number). */
  setBigInt(i: number, v: bigint): void {
    if (v >= -9007199254740991n && v <= 9007199254740991n) {
      this.setInt(i, Number(v));
      return;
    }
    this.kinds[i] = ProbeKind.INT;
    this.nums[i] = Number(v);
    this.bigs[i] = v;
  }

  /** Field i is the REAL `v`. */
  setReal(i: number, v: number): void {
    this.kinds[i] = ProbeKind.REAL;
    this.nums[i] = v;
    this.bigs[i] = null;
  }

  /** Field i is TEXT `s` (encoded lazily, in the encoding current at compare time). */
  setText(i: number, s: string): void {
    this.kinds[i] = ProbeKind.TEXT;
    this.strs[i] = s;
    this.encodedAs[i] = 0;
  }

  /** Field i is the BLOB `b` (referenced, not copied: valid while the caller keeps it unchanged). */
  setBlob(i: number, b: Uint8Array): void {
    this.kinds[i] = ProbeKind.BLOB;
    this.bytes[i] = b;
    this.lens[i] = b.length;
  }

  /** A byte buffer of at least `n` bytes owned by field i. */
  private buffer(i: number, n: number): Uint8Array {
    let b = this.owned[i];
    if (b === undefined || b.length < n) {
      b = new Uint8Array(Math.max(16, n * 2));
      this.owned[i] = b;
    }
    return b;
  }

  /** Encode TEXT field i's string in `enc` into its owned buffer. Warm (once per fill). */
  private encodeText(i: number, enc: number): void {
    const s = this.strs[i] as string;
    if (enc <= 1) {
      const n = utf8Length(s);
      const b = this.buffer(i, n);
      writeUtf8(s, b, 0);
      this.bytes[i] = b;
      this.lens[i] = n;
    } else {
      const b = this.buffer(i, s.length * 2);
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k);
        b[2 * k + (enc === 2 ? 0 : 1)] = c & 0xff;
        b[2 * k + (enc === 2 ? 1 : 0)] = c >>> 8;
      }
      this.bytes[i] = b;
      this.lens[i] = s.length * 2;
    }
    this.encodedAs[i] = enc;
  }

  /**
   * Fill from the packed record `data[off..off+len)` (TEXT in `encoding`): every field,
   * `defaultRc` as given. Bytes are copied. Throws SQLITE_CORRUPT on a malformed record. Warm
   * (once per seek).
   */
  fromRecord(
    data: Uint8Array,
    off: number,
    len: number,
    defaultRc: number,
    encoding: number,
  ): void {
    const hs = readVarint(data, off);
    const end = off + len;
    if (hs > len || hs < 1) throw corruptError("record header");
    let p = off + varintLength(data, off);
    const hEnd = off + hs;
    let body = hEnd;
    let n = 0;
    while (p < hEnd) {
      let t = data[p];
      if (t < 0x80) p++;
      else {
        t = readVarint(data, p);
        p += varintLength(data, p);
      }
      const size = serialTypeSize(t);
      if (body + size > end) throw corruptError("record body");
      if (n >= this.kinds.length) this.grow(n + 1);
      if (t === 0 || t === 10 || t === 11) this.kinds[n] = ProbeKind.NULL;
      else if (t === 7) this.setReal(n, readFloat64(data, body));
      else if (t < 12) {
        const v = readSerialInt(data, body, t);
        if (typeof v === "number") this.setInt(n, v);
        else this.setBigInt(n, v);
      } else {
        const b = this.buffer(n, size);
        for (let k = 0; k < size; k++) b[k] = data[body + k];
        this.bytes[n] = b;
        this.lens[n] = size;
        if ((t & 1) === 1) {
          this.kinds[n] = ProbeKind.TEXT;
          this.strs[n] = null;
          this.encodedAs[n] = encoding;
        } else this.kinds[n] = ProbeKind.BLOB;
      }
      body += size;
      n++;
    }
    this.nField = n;
    this.defaultRc = defaultRc;
  }

  /** TEXT field i as a string (decoded once when the probe was filled from bytes). */
  private text(i: number): string {
    let s = this.strs[i];
    if (s === null || s === undefined) {
      s = decodeText(this.bytes[i], 0, this.lens[i], this.encodedAs[i]);
      this.strs[i] = s;
    }
    return s;
  }

  /**
   * Compare the packed record `a[ao..ao+al)` (a cell's payload) with this key: <0, 0 or >0 for
   * record < key, equal, record > key, field by field under `info` over the fields both have
   * (at most `info.nField`); `defaultRc` when all of those are equal. Hot: allocation-free but
   * for collation calls. Throws SQLITE_CORRUPT when the record's header or body overruns it.
   */
  compare(a: Uint8Array, ao: number, al: number): number {
    let ap = ao + 1;
    let hs = a[ao];
    if (hs >= 0x80) {
      hs = readVarint(a, ao);
      ap = ao + varintLength(a, ao);
    }
    if (hs > al || hs < 1) throw corruptError("record header");
    const hEnd = ao + hs;
    const aEnd = ao + al;
    let ad = hEnd;
    const info = this.info;
    let n = this.nField;
    if (info !== null && info.nField !== undefined && info.nField < n) n = info.nField;
    const kinds = this.kinds;
    for (let i = 0; i < n && ap < hEnd; i++) {
      let t = a[ap];
      if (t < 0x80) ap++;
      else {
        t = readVarint(a, ap);
        ap += varintLength(a, ap);
      }
      const kind = kinds[i];
      const size = t >= 12 ? (t - 12) >>> 1 : INT_SIZES[t];
      if (ad + size > aEnd) throw corruptError("record body");
      let c: number;
      if (t >= 12) {
        if ((t & 1) === 1) {
          // TEXT
          if (kind === ProbeKind.TEXT) {
            const coll = info === null ? null : info.collations[i];
            if (coll !== null && coll !== undefined) {
              c = coll(decodeText(a, ad, size, this.encoding), this.text(i));
            } else {
              if (this.encodedAs[i] !== this.encoding) this.encodeText(i, this.encoding);
              c = memcmp(a, ad, size, this.bytes[i], 0, this.lens[i]);
            }
          } else c = kind === ProbeKind.BLOB ? -1 : 1;
        } else if (kind === ProbeKind.BLOB) {
          c = memcmp(a, ad, size, this.bytes[i], 0, this.lens[i]);
        } else c = 1;
      } else if (t === 0 || t >= 10) {
        // NULL (and the reserved 10/11, which rank with NULL as compareRecords has them)
        c = kind === ProbeKind.NULL ? 0 : -1;
      } else if (kind === ProbeKind.NULL) c = 1;
      else if (kind >= ProbeKind.TEXT) c = -1;
      else if (t === 7) {
        const x = readFloat64(a, ad);
        const big = this.bigs[i];
        if (kind === ProbeKind.INT && big !== null) c = -compareIntReal(big, x);
        else if (x !== x) c = kind === ProbeKind.INT ? -1 : 0; // NaN: below integers
        else {
          const y = this.nums[i];
          c = x < y ? -1 : x > y ? 1 : 0;
        }
      } else c = this.compareInt(a, ad, t, i, kind); // serial type 1..6, 8, 9 vs a number
      if (c !== 0) {
        if (info !== null && info.desc[i]) return c < 0 ? 1 : -1;
        return c < 0 ? -1 : 1;
      }
      ad += size;
    }
    return this.defaultRc;
  }

  /** The record's integer (serial type t at a[ad]) against numeric field i. Hot. */
  private compareInt(a: Uint8Array, ad: number, t: number, i: number, kind: number): number {
    let x: number;
    switch (t) {
      case 1:
        x = (a[ad] << 24) >> 24;
        break;
      case 2:
        x = ((a[ad] << 24) >> 16) | a[ad + 1];
        break;
      case 3:
        x = ((a[ad] << 24) >> 8) | (a[ad + 1] << 8) | a[ad + 2];
        break;
      case 4:
        x = (a[ad] << 24) | (a[ad + 1] << 16) | (a[ad + 2] << 8) | a[ad + 3];
        break;
      case 5:
        x = (((a[ad] << 24) >> 16) | a[ad + 1]) * 4294967296 +
          (((a[ad + 2] << 24) | (a[ad + 3] << 16) | (a[ad + 4] << 8) | a[ad + 5]) >>> 0);
        break;
      case 8:
        x = 0;
        break;
      case 9:
        x = 1;
        break;
      default: {
        // 8 bytes: beyond ±2^53 its sign decides against any safe number
        const hi = (a[ad] << 24) | (a[ad + 1] << 16) | (a[ad + 2] << 8) | a[ad + 3];
        if (hi < -2097152 || hi >= 2097152 || this.bigs[i] !== null) {
          return this.compareWide(readSerialInt(a, ad, t), i, kind);
        }
        x = hi * 4294967296 +
          (((a[ad + 4] << 24) | (a[ad + 5] << 16) | (a[ad + 6] << 8) | a[ad + 7]) >>> 0);
      }
    }
    const big = this.bigs[i];
    if (big !== null && kind === ProbeKind.INT) return big > 0n ? -1 : 1;
    const y = this.nums[i];
    if (y !== y) return 1; // a NaN REAL key: integers sort above it (sqlite3IntFloatCompare)
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** A record integer that may be a bigint against numeric field i. Cold. */
  private compareWide(x: number | bigint, i: number, kind: number): number {
    if (kind === ProbeKind.REAL) return compareIntReal(x, this.nums[i]);
    const big = this.bigs[i];
    const a = BigInt(x);
    const b = big !== null ? big : BigInt(this.nums[i]);
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
