/**
 * Record encoding and decoding (fileformat2 §2.1 "Record Format").
 *
 * Owns: turning a row of typed values into record bytes (header of serial
 * types, then bodies) and the zero-allocation `RecordReader` the VM uses for
 * every row: it parses a record header once into reusable arrays, then reads
 * column i as int / real / text / blob without copying the record.
 * Must never: allocate per column on the read path except for the returned
 * string/bigint itself; accept a header that points outside the record
 * (that is SQLITE_CORRUPT).
 * @module
 */

import { corruptError } from "../error.ts";
import { readVarint, varintSize, writeVarint } from "./varint.ts";
import { bigintSerialType, intSerialType, type SerialType, serialTypeSize } from "./serial_type.ts";
import { decodeText, encodeText } from "./text.ts";

/**
 * A REAL whose value happens to be integral (so a plain `number` would be
 * stored as INTEGER). `{ real: 1 }` encodes as serial type 7.
 */
export interface RealValue {
  /** The double value. */
  readonly real: number;
}

/**
 * A value to encode: null → NULL; a safe-integer number or a bigint →
 * INTEGER; any other number → REAL (NaN → NULL, as SQLite stores it);
 * `{ real }` → REAL; string → TEXT; Uint8Array → BLOB.
 */
export type RecordValue = null | number | bigint | string | Uint8Array | RealValue;

/** A decoded value (REAL and INTEGER both come back as number/bigint; use `typeOf` to tell). */
export type DecodedValue = null | number | bigint | string | Uint8Array;

/** Storage classes as `RecordReader.typeOf` reports them (same numbering as the VM's MemType). */
export const ColumnType = { NULL: 0, INT: 1, REAL: 2, TEXT: 3, BLOB: 4 } as const;
/** One of the {@link ColumnType} values. */
export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType];

const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Read the big-endian double at `buf[off]`. Hot, allocation-free. */
export function readFloat64(buf: Uint8Array, off: number): number {
  if (LITTLE_ENDIAN) { for (let i = 0; i < 8; i++) f64b[7 - i] = buf[off + i]; }
  else for (let i = 0; i < 8; i++) f64b[i] = buf[off + i];
  return f64[0];
}

/** Write `v` as a big-endian double at `buf[off]`. Hot. */
export function writeFloat64(buf: Uint8Array, off: number, v: number): void {
  f64[0] = v;
  if (LITTLE_ENDIAN) { for (let i = 0; i < 8; i++) buf[off + i] = f64b[7 - i]; }
  else for (let i = 0; i < 8; i++) buf[off + i] = f64b[i];
}

/**
 * Read an integer body of serial type 1..6 (or the constants 8/9). Hot;
 * returns a bigint only for 8-byte values outside the safe range.
 */
export function readSerialInt(buf: Uint8Array, off: number, t: SerialType): number | bigint {
  switch (t) {
    case 1:
      return (buf[off] << 24) >> 24;
    case 2:
      return (((buf[off] << 8) | buf[off + 1]) << 16) >> 16;
    case 3:
      return (((buf[off] << 16) | (buf[off + 1] << 8) | buf[off + 2]) << 8) >> 8;
    case 4:
      return (buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3];
    case 5: {
      const hi = (((buf[off] << 8) | buf[off + 1]) << 16) >> 16;
      const lo =
        ((buf[off + 2] << 24) | (buf[off + 3] << 16) | (buf[off + 4] << 8) | buf[off + 5]) >>>
        0;
      return hi * 4294967296 + lo;
    }
    case 6: {
      const hi = (buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3];
      const lo =
        ((buf[off + 4] << 24) | (buf[off + 5] << 16) | (buf[off + 6] << 8) | buf[off + 7]) >>>
        0;
      if (hi >= -2097152 && hi < 2097152) return hi * 4294967296 + lo; // |v| < 2^53
      return (BigInt(hi) << 32n) | BigInt(lo);
    }
    case 8:
      return 0;
    case 9:
      return 1;
  }
  return 0;
}

/** Write integer `v` as serial type `t` (1..6) at `buf[off]`. Hot. */
function writeSerialInt(buf: Uint8Array, off: number, t: SerialType, v: number | bigint): void {
  const n = serialTypeSize(t);
  if (typeof v === "number" && n <= 4) {
    for (let i = n - 1; i >= 0; i--) {
      buf[off + i] = v & 0xff;
      v = v >> 8;
    }
    return;
  }
  let b = BigInt.asUintN(64, BigInt(v));
  for (let i = n - 1; i >= 0; i--) {
    buf[off + i] = Number(b & 0xffn);
    b >>= 8n;
  }
}

/**
 * Encode a row as a record. Text is stored in `encoding` (1 UTF-8,
 * 2 UTF-16le, 3 UTF-16be). Cold-ish: allocates the result.
 * @example
 * ```ts
 * const rec = encodeRecord([1, "a", null, 2.5]);
 * const r = new RecordReader();
 * r.reset(rec, 0, rec.length, 1);
 * r.text(1); // "a"
 * ```
 */
export function encodeRecord(values: readonly RecordValue[], encoding = 1): Uint8Array {
  const n = values.length;
  if (encTypes.length < n) {
    encTypes = new Float64Array(n * 2);
    encLens = new Int32Array(n * 2);
  }
  const types = encTypes;
  const lens = encLens;
  let hdr = 0;
  let body = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let t: number;
    let len = 0;
    if (v === null) t = 0;
    else if (typeof v === "number") {
      if (Number.isSafeInteger(v)) t = intSerialType(v);
      else t = Number.isNaN(v) ? 0 : 7;
    } else if (typeof v === "bigint") t = bigintSerialType(v);
    else if (typeof v === "string") {
      len = encoding <= 1 ? utf8Length(v) : v.length * 2;
      t = len * 2 + 13;
    } else if (v instanceof Uint8Array) {
      len = v.length;
      t = len * 2 + 12;
    } else t = Number.isNaN(v.real) ? 0 : 7;
    types[i] = t;
    lens[i] = len;
    hdr += t < 0x80 ? 1 : varintSize(t);
    body += t < 12 ? serialTypeSize(t) : len;
  }
  let hlen = hdr + 1;
  while (varintSize(hlen) + hdr > hlen) hlen = hdr + varintSize(hlen + 1);
  const out = new Uint8Array(hlen + body);
  let p = writeVarint(out, 0, hlen);
  let q = hlen;
  for (let i = 0; i < n; i++) {
    const t = types[i];
    if (t < 0x80) out[p++] = t;
    else p += writeVarint(out, p, t);
    const v = values[i];
    if (t >= 12) {
      if (typeof v === "string") {
        if (encoding <= 1) writeUtf8(v, out, q);
        else out.set(encodeText(v, encoding), q);
      } else out.set(v as Uint8Array, q);
      q += lens[i];
    } else if (t === 7) {
      writeFloat64(out, q, typeof v === "number" ? v : (v as RealValue).real);
      q += 8;
    } else if (t >= 1 && t <= 6) {
      writeSerialInt(out, q, t, v as number | bigint);
      q += serialTypeSize(t);
    }
  }
  return out;
}

let encTypes = new Float64Array(16);
let encLens = new Int32Array(16);

/** UTF-8 byte length of `s` (lone surrogates count as U+FFFD, as TextEncoder). Hot. */
export function utf8Length(s: string): number {
  const n = s.length;
  let len = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) len += 1;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        len += 2; // 4 bytes for 2 UTF-16 units
        i++;
      } else len += 2;
    } else len += 2;
  }
  return len;
}

/** Write `s` as UTF-8 at `out[off]` (length from utf8Length). Hot. */
export function writeUtf8(s: string, out: Uint8Array, off: number): void {
  const n = s.length;
  let p = off;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
      continue;
    }
    if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c < 0xe000) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out[p++] = 0xf0 | (cp >> 18);
        out[p++] = 0x80 | ((cp >> 12) & 0x3f);
        out[p++] = 0x80 | ((cp >> 6) & 0x3f);
        out[p++] = 0x80 | (cp & 0x3f);
        i++;
        continue;
      }
      c = 0xfffd;
    }
    out[p++] = 0xe0 | (c >> 12);
    out[p++] = 0x80 | ((c >> 6) & 0x3f);
    out[p++] = 0x80 | (c & 0x3f);
  }
}

/**
 * Reads one record in place. Hot: `reset()` parses the header into arrays
 * reused across rows; column accessors read straight from the record bytes.
 * Columns past the record's end read as NULL (the VM applies defaults).
 *
 * @example
 * ```ts
 * const r = new RecordReader();
 * const rec = encodeRecord([42, "x"]);
 * r.reset(rec, 0, rec.length, 1);
 * [r.columnCount, r.int(0), r.text(1)]; // [2, 42, "x"]
 * ```
 */
export class RecordReader {
  /** Number of columns in the current record. */
  columnCount = 0;
  /** The record bytes (e.g. a live page buffer). */
  buf: Uint8Array = new Uint8Array(0);
  /** Text encoding for TEXT columns. */
  encoding = 1;
  private types: Int32Array = new Int32Array(16);
  private offs: Int32Array = new Int32Array(16);

  /** Parse the header of the record at `buf[off..off+len)`. Hot. Throws SQLITE_CORRUPT if malformed. */
  reset(buf: Uint8Array, off: number, len: number, encoding: number): void {
    this.buf = buf;
    this.encoding = encoding;
    const end = off + len;
    const hlen = readVarint(buf, off);
    if (len === 0) {
      this.columnCount = 0;
      return;
    }
    if (hlen > len || hlen < 1) throw corruptError("record header size");
    let p = off + (buf[off] < 0x80 ? 1 : varintLenSafe(buf, off));
    const hend = off + hlen;
    let body = hend;
    let n = 0;
    while (p < hend) {
      let t: number;
      const b = buf[p];
      if (b < 0x80) {
        t = b;
        p++;
      } else {
        t = readVarint(buf, p);
        p += varintLenSafe(buf, p);
      }
      if (n === this.types.length) this.grow();
      this.types[n] = t;
      this.offs[n] = body;
      body += serialTypeSize(t);
      n++;
    }
    if (p > hend || body > end) throw corruptError("record body overflow");
    this.columnCount = n;
  }

  /** Double the header arrays (records with many columns). Cold. */
  private grow(): void {
    const t = new Int32Array(this.types.length * 2);
    t.set(this.types);
    this.types = t;
    const o = new Int32Array(this.offs.length * 2);
    o.set(this.offs);
    this.offs = o;
  }

  /** Serial type of column i (0 = NULL for columns past the end). Hot. */
  serialType(i: number): SerialType {
    return i < this.columnCount ? this.types[i] : 0;
  }

  /** Offset of column i's body within `buf`. Hot. */
  bodyOffset(i: number): number {
    return this.offs[i];
  }

  /** Storage class of column i (a stored NaN reads as NULL, as in SQLite). Hot. */
  typeOf(i: number): ColumnType {
    const t = i < this.columnCount ? this.types[i] : 0;
    if (t === 0 || t === 10 || t === 11) return 0;
    if (t <= 6 || t === 8 || t === 9) return 1;
    if (t === 7) return Number.isNaN(readFloat64(this.buf, this.offs[i])) ? 0 : 2;
    return (t & 1) === 1 ? 3 : 4;
  }

  /** Column i as an integer (INTEGER columns). Hot. */
  int(i: number): number | bigint {
    return readSerialInt(this.buf, this.offs[i], this.types[i]);
  }

  /** Column i as a double (REAL columns; INTEGER columns convert). Hot. */
  real(i: number): number {
    const t = this.types[i];
    if (t === 7) return readFloat64(this.buf, this.offs[i]);
    return Number(readSerialInt(this.buf, this.offs[i], t));
  }

  /** Column i as a string (TEXT columns), decoded in the record's encoding. Hot. */
  text(i: number): string {
    const t = this.types[i];
    return decodeText(this.buf, this.offs[i], (t - 13) >>> 1, this.encoding);
  }

  /** Column i's bytes (BLOB/TEXT) as a zero-copy view: copy it to keep it. Hot. */
  blob(i: number): Uint8Array {
    const t = this.types[i];
    const off = this.offs[i];
    return this.buf.subarray(off, off + serialTypeSize(t));
  }

  /** Column i as a plain JS value (copies blobs). Cold: for tests and tools. */
  value(i: number): DecodedValue {
    switch (this.typeOf(i)) {
      case 0:
        return null;
      case 1:
        return this.int(i);
      case 2:
        return this.real(i);
      case 3:
        return this.text(i);
      default:
        return this.blob(i).slice();
    }
  }
}

function varintLenSafe(buf: Uint8Array, off: number): number {
  for (let i = 0; i < 8; i++) if ((buf[off + i] & 0x80) === 0) return i + 1;
  return 9;
}

/**
 * Decode a whole record into plain values and their storage classes. Cold:
 * for tests and tools.
 */
export function decodeRecord(
  buf: Uint8Array,
  off = 0,
  len = buf.length - off,
  encoding = 1,
): { values: DecodedValue[]; types: ColumnType[] } {
  const r = new RecordReader();
  r.reset(buf, off, len, encoding);
  const values: DecodedValue[] = [];
  const types: ColumnType[] = [];
  for (let i = 0; i < r.columnCount; i++) {
    values.push(r.value(i));
    types.push(r.typeOf(i));
  }
  return { values, types };
}
