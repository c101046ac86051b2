/**
 * JSONB, SQLite's binary JSON (jsonb.html): encoding a {@link JNode} tree to bytes and decoding
 * (and validating) bytes back into a tree.
 *
 * Owns: element headers (type in the low nibble; payload size in the high nibble, or in the
 * 1, 2, 4 or 8 bytes that follow for sizes 12–15), the minimal header choice, the text payload
 * of numbers and strings (kept as SQLite keeps them: INT5/FLOAT5/TEXT5 hold JSON5 spellings,
 * TEXTRAW holds unescaped text), and the conversion of each payload to RFC 8259 text.
 * Must never: accept a blob whose elements overrun their container or use reserved types.
 * @module
 */

import { decodeUtf8, encodeUtf8 } from "../../vdbe/value/text.ts";
import {
  canonicalBody,
  escapeString,
  J,
  JB,
  JFALSE,
  type JNode,
  JNULL,
  type JStr,
  JTRUE,
  padOf,
  parseJson,
} from "./node.ts";

// ---------------------------------------------------------------- encoding

class Writer {
  buf = new Uint8Array(64);
  n = 0;
  ensure(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const nb = new Uint8Array(size);
    nb.set(this.buf.subarray(0, this.n));
    this.buf = nb;
  }
  header(type: number, size: number): void {
    this.ensure(9);
    const b = this.buf;
    if (size <= 11) b[this.n++] = (size << 4) | type;
    else if (size <= 0xff) {
      b[this.n++] = 0xc0 | type;
      b[this.n++] = size;
    } else if (size <= 0xffff) {
      b[this.n++] = 0xd0 | type;
      b[this.n++] = size >> 8;
      b[this.n++] = size & 0xff;
    } else {
      b[this.n++] = 0xe0 | type;
      b[this.n++] = (size >>> 24) & 0xff;
      b[this.n++] = (size >>> 16) & 0xff;
      b[this.n++] = (size >>> 8) & 0xff;
      b[this.n++] = size & 0xff;
    }
  }
  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.n);
    this.n += data.length;
  }
}

/**
 * Header bytes needed to give a `size`-byte payload a total element size of exactly `total`
 * (SQLite's jsonBlobOverwrite pads a smaller replacement's header so nothing moves), or 0.
 */
function paddedHeader(type: number, size: number, total: number): number {
  if (type <= JB.FALSE) return 0;
  const h = total - size;
  if (h <= minHeader(size)) return 0;
  return h === 2 || h === 3 || h === 5 || h === 9 ? h : 0;
}

function minHeader(size: number): number {
  return size <= 11 ? 1 : size <= 0xff ? 2 : size <= 0xffff ? 3 : 5;
}

function encodeInto(w: Writer, n: JNode): void {
  const pad = padOf.get(n);
  if (pad !== undefined) {
    const inner = new Writer();
    encodeBare(inner, n);
    const bytes = inner.buf.subarray(0, inner.n);
    const type = bytes[0] & 0x0f;
    const hl = minHeader(bytes.length) === 1 && (bytes[0] >> 4) <= 11
      ? 1
      : [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 5, 9][bytes[0] >> 4];
    const size = bytes.length - hl;
    const h = paddedHeader(type, size, pad);
    if (h > 0) {
      w.ensure(pad);
      w.buf[w.n] = type | [0, 0, 0xc0, 0xd0, 0, 0xe0, 0, 0, 0, 0xf0][h];
      let v = size;
      for (let k = h - 1; k >= 1; k--) {
        w.buf[w.n + k] = v & 0xff;
        v = Math.floor(v / 256);
      }
      w.n += h;
      w.bytes(bytes.subarray(hl));
      return;
    }
    w.bytes(bytes);
    return;
  }
  encodeBare(w, n);
}

/** Encoded size of a node as it stands (used to remember the size a replacement keeps). */
export function encodedSize(n: JNode): number {
  const w = new Writer();
  encodeInto(w, n);
  return w.n;
}

function encodeBare(w: Writer, n: JNode): void {
  switch (n.k) {
    case J.NULL:
      return w.header(JB.NULL, 0);
    case J.TRUE:
      return w.header(JB.TRUE, 0);
    case J.FALSE:
      return w.header(JB.FALSE, 0);
    case J.INT:
    case J.REAL: {
      const p = encodeUtf8(n.raw);
      const t = n.k === J.INT ? (n.json5 ? JB.INT5 : JB.INT) : (n.json5 ? JB.FLOAT5 : JB.FLOAT);
      w.header(t, p.length);
      return w.bytes(p);
    }
    case J.STR:
      return encodeText(w, n);
    case J.ARR: {
      const inner = new Writer();
      for (const it of n.items) encodeInto(inner, it);
      w.header(JB.ARRAY, inner.n);
      return w.bytes(inner.buf.subarray(0, inner.n));
    }
    default: {
      const inner = new Writer();
      for (let i = 0; i < n.keys.length; i++) {
        encodeText(inner, n.labels[i]);
        encodeInto(inner, n.vals[i]);
      }
      w.header(JB.OBJECT, inner.n);
      return w.bytes(inner.buf.subarray(0, inner.n));
    }
  }
}

function encodeText(w: Writer, s: JStr): void {
  const p = encodeUtf8(s.payload);
  w.header(s.jt, p.length);
  w.bytes(p);
}

/** The JSONB bytes of a tree. Cold-ish. */
export function encodeJsonb(n: JNode): Uint8Array {
  const w = new Writer();
  encodeInto(w, n);
  return w.buf.slice(0, w.n);
}

// ---------------------------------------------------------------- decoding

/** A JSONB blob that is not well formed. */
export class JsonbError extends Error {
  constructor() {
    super("malformed JSONB");
  }
}

/** Header at `i`: [type, payload start, payload size] or throws. */
function readHeader(b: Uint8Array, i: number, end: number): [number, number, number] {
  if (i >= end) throw new JsonbError();
  const x = b[i];
  const type = x & 0x0f;
  const sz = x >> 4;
  let size: number;
  let start: number;
  if (sz <= 11) {
    size = sz;
    start = i + 1;
  } else if (sz === 12) {
    if (i + 2 > end) throw new JsonbError();
    size = b[i + 1];
    start = i + 2;
  } else if (sz === 13) {
    if (i + 3 > end) throw new JsonbError();
    size = (b[i + 1] << 8) | b[i + 2];
    start = i + 3;
  } else if (sz === 14) {
    if (i + 5 > end) throw new JsonbError();
    size = ((b[i + 1] << 24) >>> 0) + (b[i + 2] << 16) + (b[i + 3] << 8) + b[i + 4];
    start = i + 5;
  } else {
    if (i + 9 > end) throw new JsonbError();
    let v = 0;
    for (let k = 1; k <= 8; k++) v = v * 256 + b[i + k];
    size = v;
    start = i + 9;
  }
  if (start + size > end) throw new JsonbError();
  return [type, start, size];
}

/** RFC 8259 spelling of a JSON5 number payload (INT5 / FLOAT5). */
function canonicalNumber(raw: string): { text: string; real: boolean; isNull: boolean } {
  const parsed = parseJson(raw).node;
  if (parsed.k === J.NULL) return { text: "null", real: true, isNull: true }; // NaN
  if (parsed.k !== J.INT && parsed.k !== J.REAL) throw new JsonbError();
  return { text: parsed.text, real: parsed.k === J.REAL, isNull: false };
}

function decodeAt(b: Uint8Array, i: number, end: number, depth: number): [JNode, number] {
  if (depth > 1000) throw new JsonbError();
  const [type, start, size] = readHeader(b, i, end);
  const stop = start + size;
  switch (type) {
    case JB.NULL:
    case JB.TRUE:
    case JB.FALSE:
      if (size !== 0) throw new JsonbError();
      return [type === JB.NULL ? JNULL : type === JB.TRUE ? JTRUE : JFALSE, stop];
    case JB.INT:
    case JB.FLOAT: {
      const raw = decodeUtf8(b.subarray(start, stop));
      if (raw.length === 0) throw new JsonbError();
      return [{ k: type === JB.INT ? J.INT : J.REAL, text: raw, raw, json5: false }, stop];
    }
    case JB.INT5:
    case JB.FLOAT5: {
      const raw = decodeUtf8(b.subarray(start, stop));
      let c: { text: string; real: boolean; isNull: boolean };
      try {
        c = canonicalNumber(raw);
      } catch {
        throw new JsonbError();
      }
      if (c.isNull) return [JNULL, stop];
      return [{ k: type === JB.INT5 ? J.INT : J.REAL, text: c.text, raw, json5: true }, stop];
    }
    case JB.TEXT:
    case JB.TEXTJ:
    case JB.TEXT5:
    case JB.TEXTRAW:
      return [textFrom(type, decodeUtf8(b.subarray(start, stop))), stop];
    case JB.ARRAY: {
      const items: JNode[] = [];
      let p = start;
      while (p < stop) {
        const [n, next] = decodeAt(b, p, stop, depth + 1);
        items.push(n);
        p = next;
      }
      return [{ k: J.ARR, items }, stop];
    }
    case JB.OBJECT: {
      const keys: string[] = [];
      const vals: JNode[] = [];
      const labels: JStr[] = [];
      let p = start;
      while (p < stop) {
        const [lt, ls, lsz] = readHeader(b, p, stop);
        if (lt < JB.TEXT || lt > JB.TEXTRAW) throw new JsonbError();
        const label = textFrom(lt, decodeUtf8(b.subarray(ls, ls + lsz)));
        p = ls + lsz;
        if (p >= stop) throw new JsonbError();
        const [v, next] = decodeAt(b, p, stop, depth + 1);
        labels.push(label);
        keys.push(label.body);
        vals.push(v);
        p = next;
      }
      return [{ k: J.OBJ, keys, vals, labels }, stop];
    }
    default:
      throw new JsonbError();
  }
}

function textFrom(type: number, payload: string): JStr {
  let body: string;
  if (type === JB.TEXTRAW) body = escapeString(payload);
  else if (type === JB.TEXT5) body = canonicalBody(payload);
  else body = payload;
  return { k: J.STR, body, json5: type === JB.TEXT5, jt: type, payload };
}

/** Decode a whole JSONB blob; throws {@link JsonbError} when it is not well formed. */
export function decodeJsonb(b: Uint8Array): JNode {
  if (b.length === 0) throw new JsonbError();
  const [n, end] = decodeAt(b, 0, b.length, 0);
  if (end !== b.length) throw new JsonbError();
  return n;
}
