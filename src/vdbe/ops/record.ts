/**
 * Record decoding and encoding for the VM's OP_Column and OP_MakeRecord (vdbe.c), following the
 * record format of fileformat2.html §2.1: a varint header size, one varint serial type per
 * column, then the column bodies (big-endian integers of 1,2,3,4,6,8 bytes, IEEE doubles, the
 * constants 0 and 1 (types 8/9), TEXT (odd types >= 13) and BLOB (even types >= 12)).
 *
 * Owns: the per-cursor header cache (`RecordHeader`: serial types and body offsets parsed once per
 * row, then reused for every column read) and the encoder that builds a record from registers.
 * Never: allocates per column on the hot path beyond the decoded value itself (strings/blobs),
 * interprets affinity beyond OP_MakeRecord's REAL-as-integer rule, or touches the b-tree.
 * @module
 */

import { type Mem, MemType } from "../mem.ts";
import { corruptError } from "../../error.ts";
import { utf8Length, writeUtf8 } from "../../format/record.ts";
import { decodeText } from "../../format/text.ts";
import type { KeyProbe } from "../../format/key_probe.ts";

const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextDecoder("utf-8");
let dvData: Uint8Array | null = null;
let dv: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
const utf8enc = new TextEncoder();

/**
 * Parsed header of the record a cursor currently points at. Allocated once per cursor and reused
 * row after row (hot).
 */
export class RecordHeader {
  /** Serial type per column. */
  types: Float64Array = new Float64Array(16);
  /** Body offset per column (absolute in `data`). */
  offsets: Int32Array = new Int32Array(17);
  /** Number of columns present in the record. */
  nField = 0;
  /** The bytes the offsets refer to. */
  data: Uint8Array = new Uint8Array(0);
  /** End of the record in `data`. */
  end = 0;
  /**
   * Text encoding of the records parsed (1 UTF-8, 2 UTF-16le, 3 UTF-16be: the database's, set
   * when the cursor is opened). Checked once per column read, never per byte.
   */
  enc = 1;

  /** Parse the header of the record at data[offset..offset+length). Hot. */
  parse(data: Uint8Array, offset: number, length: number): void {
    this.data = data;
    const end = offset + length;
    this.end = end;
    let p = offset;
    // header size varint (almost always one byte)
    let hdrSize = data[p];
    if (hdrSize < 0x80) p++;
    else {
      hdrSize = 0;
      let b: number;
      let n = 0;
      do {
        b = data[p++];
        hdrSize = hdrSize * 128 + (b & 0x7f);
      } while (b >= 0x80 && ++n < 9);
    }
    const hdrEnd = offset + hdrSize;
    if (hdrEnd > end || hdrSize < 1) throw corruptError("record header");
    let body = hdrEnd;
    let i = 0;
    while (p < hdrEnd) {
      let t = data[p++];
      if (t >= 0x80) {
        t &= 0x7f;
        let b: number;
        let n = 1;
        do {
          b = data[p++];
          t = t * 128 + (b & 0x7f);
        } while (b >= 0x80 && ++n < 9);
      }
      if (i >= this.types.length) this.grow();
      this.types[i] = t;
      this.offsets[i] = body;
      body += serialSize(t);
      i++;
    }
    this.offsets[i] = body;
    if (body > end) throw corruptError("record body");
    this.nField = i;
  }

  private grow(): void {
    const t = new Float64Array(this.types.length * 2);
    t.set(this.types);
    this.types = t;
    const o = new Int32Array(this.types.length + 1);
    o.set(this.offsets);
    this.offsets = o;
  }

  /** Decode column `i` into `out` (NULL when the record has fewer columns). Hot. */
  column(i: number, out: Mem): void {
    if (i >= this.nField) {
      out.setNull();
      return;
    }
    const t = this.types[i];
    if (this.enc !== 1 && t >= 13 && (t & 1) === 1) {
      out.setText(decodeText(this.data, this.offsets[i], (t - 13) / 2, this.enc));
      return;
    }
    decodeValue(this.data, this.offsets[i], t, out);
  }
}

/** Body size in bytes of a serial type. Hot. */
export function serialSize(t: number): number {
  if (t >= 12) return (t - 12 - (t & 1)) / 2;
  switch (t) {
    case 0:
    case 8:
    case 9:
    case 10:
    case 11:
      return 0;
    case 1:
      return 1;
    case 2:
      return 2;
    case 3:
      return 3;
    case 4:
      return 4;
    case 5:
      return 6;
    default:
      return 8;
  }
}

/** Decode one value of serial type `t` at data[p..]. Hot. */
export function decodeValue(data: Uint8Array, p: number, t: number, out: Mem): void {
  switch (t) {
    case 0:
      out.setNull();
      return;
    case 1:
      out.setInt((data[p] << 24) >> 24);
      return;
    case 2:
      out.setInt(((data[p] << 24) >> 16) | data[p + 1]);
      return;
    case 3:
      out.setInt(((data[p] << 24) >> 8) | (data[p + 1] << 8) | data[p + 2]);
      return;
    case 4:
      out.setInt((data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3]);
      return;
    case 5: {
      const hi = ((data[p] << 24) >> 16) | data[p + 1];
      const lo = ((data[p + 2] << 24) | (data[p + 3] << 16) | (data[p + 4] << 8) | data[p + 5]) >>>
        0;
      out.setInt(hi * 4294967296 + lo);
      return;
    }
    case 6: {
      const hi = (data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3];
      const lo = ((data[p + 4] << 24) | (data[p + 5] << 16) | (data[p + 6] << 8) | data[p + 7]) >>>
        0;
      if (hi >= -2097152 && hi < 2097152) out.setInt(hi * 4294967296 + lo);
      else out.setBigInt((BigInt(hi) << 32n) | BigInt(lo));
      return;
    }
    case 7: {
      // a DataView over the page buffer, kept while rows come from the same buffer
      if (data !== dvData) {
        dvData = data;
        dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
      }
      out.setReal(dv.getFloat64(p));
      return;
    }
    case 8:
      out.setInt(0);
      return;
    case 9:
      out.setInt(1);
      return;
    case 10:
    case 11:
      throw corruptError("reserved serial type");
    default: {
      if (t & 1) {
        const len = (t - 13) / 2;
        out.setText(decodeUtf8(data, p, len));
      } else {
        const len = (t - 12) / 2;
        out.setBlob(data.slice(p, p + len));
      }
    }
  }
}

/** Decode UTF-8 bytes; a fast path for short ASCII strings. Hot. */
export function decodeUtf8(data: Uint8Array, p: number, len: number): string {
  if (len === 0) return "";
  if (len <= 32) {
    let ascii = true;
    for (let k = 0; k < len; k++) {
      if (data[p + k] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      let s = "";
      for (let k = 0; k < len; k++) s += String.fromCharCode(data[p + k]);
      return s;
    }
  }
  return utf8.decode(data.subarray(p, p + len));
}

/** Encode a string as UTF-8. */
export function encodeUtf8(s: string): Uint8Array {
  return utf8enc.encode(s);
}

/** Serial type for an integer value. */
function intSerialType(v: number): number {
  if (v === 0) return 8;
  if (v === 1) return 9;
  if (v >= -128 && v <= 127) return 1;
  if (v >= -32768 && v <= 32767) return 2;
  if (v >= -8388608 && v <= 8388607) return 3;
  if (v >= -2147483648 && v <= 2147483647) return 4;
  if (v >= -140737488355328 && v <= 140737488355327) return 5;
  return 6;
}

function varintLen(v: number): number {
  let n = 1;
  while (v >= 0x80 && n < 9) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function putVarint(buf: Uint8Array, p: number, v: number): number {
  if (v < 0x80) {
    buf[p] = v;
    return p + 1;
  }
  const tmp: number[] = [];
  while (v > 0) {
    tmp.push(v % 128);
    v = Math.floor(v / 128);
  }
  for (let k = tmp.length - 1; k >= 0; k--) buf[p++] = tmp[k] | (k > 0 ? 0x80 : 0);
  return p;
}

const typeCache: number[] = [];

/** A reusable output buffer for {@link makeRecord}: `buf[0..len)` is the last record built. */
export class RecordBuf {
  /** The bytes (grown as needed). */
  buf = new Uint8Array(64);
  /** Length of the record in `buf`. */
  len = 0;
}

/**
 * Build a record from registers regs[first..first+count). Warm (every INSERT, every index key).
 * With `into`, the record is written to its buffer (no allocation once it is large enough) and
 * that buffer is returned: the record is `into.buf[0..into.len)`, valid until the next use.
 * TEXT is written in `enc` (1 UTF-8, 2 UTF-16le, 3 UTF-16be: the database's text encoding).
 */
export function makeRecord(
  regs: Mem[],
  first: number,
  count: number,
  into: RecordBuf | null = null,
  enc = 1,
): Uint8Array {
  const types = typeCache;
  let hdr = 0;
  let body = 0;
  for (let i = 0; i < count; i++) {
    const m = regs[first + i];
    let t: number;
    switch (m.type) {
      case MemType.NULL:
        t = 0;
        break;
      case MemType.INT:
        t = m.big === null ? intSerialType(m.n) : 6;
        break;
      case MemType.REAL:
        t = 7;
        break;
      case MemType.TEXT:
        // Length first, bytes written straight into the record below (no TextEncoder call
        // and no intermediate array per text value).
        t = (enc === 1 ? utf8Length(m.s) : m.s.length * 2) * 2 + 13;
        break;
      default:
        t = m.b.length * 2 + 12;
    }
    types[i] = t;
    hdr += varintLen(t);
    body += serialSize(t);
  }
  let hdrSize = hdr + 1;
  if (hdrSize >= 0x80) hdrSize = hdr + varintLen(hdr + 2);
  let out: Uint8Array;
  if (into === null) out = new Uint8Array(hdrSize + body);
  else {
    if (into.buf.length < hdrSize + body) into.buf = new Uint8Array((hdrSize + body) * 2);
    out = into.buf;
    into.len = hdrSize + body;
  }
  let p = putVarint(out, 0, hdrSize);
  for (let i = 0; i < count; i++) p = putVarint(out, p, types[i]);
  for (let i = 0; i < count; i++) {
    const m = regs[first + i];
    const t = types[i];
    switch (t) {
      case 0:
      case 8:
      case 9:
        break;
      case 6: {
        const v = m.big === null ? BigInt(m.n) : m.big;
        const u = BigInt.asUintN(64, v);
        const hi = Number(u >> 32n);
        const lo = Number(u & 0xffffffffn);
        out[p++] = hi >>> 24;
        out[p++] = (hi >>> 16) & 0xff;
        out[p++] = (hi >>> 8) & 0xff;
        out[p++] = hi & 0xff;
        out[p++] = lo >>> 24;
        out[p++] = (lo >>> 16) & 0xff;
        out[p++] = (lo >>> 8) & 0xff;
        out[p++] = lo & 0xff;
        break;
      }
      case 7: {
        f64[0] = m.n;
        if (LITTLE) { for (let k = 7; k >= 0; k--) out[p++] = f64b[k]; }
        else for (let k = 0; k < 8; k++) out[p++] = f64b[k];
        break;
      }
      case 1:
      case 2:
      case 3:
      case 4:
      case 5: {
        const size = serialSize(t);
        let v = m.n;
        // two's complement big-endian of `size` bytes
        if (v < 0) v += 2 ** (size * 8);
        for (let k = size - 1; k >= 0; k--) {
          out[p + k] = v % 256;
          v = Math.floor(v / 256);
        }
        p += size;
        break;
      }
      default:
        if (t & 1) {
          if (enc === 1) writeUtf8(m.s, out, p);
          else writeUtf16(m.s, out, p, enc);
          p += (t - 13) / 2;
        } else {
          out.set(m.b, p);
          p += m.b.length;
        }
    }
  }
  return out;
}

/** Write `s` as UTF-16 (enc 2 little-endian, 3 big-endian) at out[p..]. Warm. */
function writeUtf16(s: string, out: Uint8Array, p: number, enc: number): void {
  const lo = enc === 2 ? 0 : 1;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    out[p + 2 * k + lo] = c & 0xff;
    out[p + 2 * k + 1 - lo] = c >>> 8;
  }
}

/**
 * Fill `probe` with regs[first..first+n) as an unpacked key (sqlite3VdbeRecordUnpack's result,
 * built straight from the registers as OP_SeekGE/OP_IdxGT do with their UnpackedRecord), with
 * `defaultRc` for equal prefixes. Hot: no allocation for INTEGER/REAL/NULL keys.
 */
export function fillProbe(
  probe: KeyProbe,
  regs: Mem[],
  first: number,
  n: number,
  defaultRc: number,
): void {
  probe.reset(n, defaultRc);
  for (let i = 0; i < n; i++) {
    const m = regs[first + i];
    switch (m.type) {
      case MemType.NULL:
        probe.setNull(i);
        break;
      case MemType.INT:
        if (m.big === null) probe.setInt(i, m.n);
        else probe.setBigInt(i, m.big);
        break;
      case MemType.REAL:
        probe.setReal(i, m.n);
        break;
      case MemType.TEXT:
        probe.setText(i, m.s);
        break;
      default:
        probe.setBlob(i, m.b);
    }
  }
}
