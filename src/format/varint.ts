/**
 * SQLite varints (fileformat2 §1.6 "Variable-length integers"; util.c
 * sqlite3GetVarint / sqlite3PutVarint).
 *
 * Owns: reading and writing the 1..9 byte big-endian varint. Bytes 1..8
 * carry 7 bits each (high bit = "more follows"); a 9th byte carries all 8
 * bits. Values are 64-bit two's complement: negative numbers always take 9
 * bytes. Decoded values are JS numbers when they are safe integers and
 * bigints otherwise.
 * Must never: allocate on the 1- and 2-byte paths (hot), or read past 9 bytes.
 * @module
 */

/** A decoded 64-bit integer: a number when safe, else a bigint. */
export type Int64 = number | bigint;

/**
 * Byte length of the varint starting at `buf[off]` (1..9). Hot, allocation-free.
 * @example
 * ```ts
 * varintLength(new Uint8Array([0x81, 0x00]), 0); // 2
 * ```
 */
export function varintLength(buf: Uint8Array, off: number): number {
  for (let i = 0; i < 8; i++) {
    if ((buf[off + i] & 0x80) === 0) return i + 1;
  }
  return 9;
}

/**
 * Decode a varint known to be small (payload sizes, serial types, header
 * sizes: anything < 2^53). Hot; allocation-free for every length but 9.
 * Values ≥ 2^53 come back as an imprecise number: use {@link readVarint64}
 * for rowids.
 * @example
 * ```ts
 * readVarint(new Uint8Array([0x81, 0x00]), 0); // 128
 * ```
 */
export function readVarint(buf: Uint8Array, off: number): number {
  const b0 = buf[off];
  if (b0 < 0x80) return b0;
  const b1 = buf[off + 1];
  if (b1 < 0x80) return ((b0 & 0x7f) << 7) | b1;
  let v = ((b0 & 0x7f) << 7) | (b1 & 0x7f);
  for (let i = 2; i < 8; i++) {
    const b = buf[off + i];
    v = v * 128 + (b & 0x7f);
    if (b < 0x80) return v;
  }
  return v * 256 + buf[off + 8];
}

const TWO_53 = 9007199254740992;

/**
 * Decode a full 64-bit varint (rowids): a number when it is a safe integer,
 * else a bigint (two's complement, so 9-byte forms can be negative).
 * Hot for the common ≤7-byte case (no allocation).
 * @example
 * ```ts
 * readVarint64(new Uint8Array(9).fill(0xff), 0); // -1
 * ```
 */
export function readVarint64(buf: Uint8Array, off: number): Int64 {
  const b0 = buf[off];
  if (b0 < 0x80) return b0;
  let v = b0 & 0x7f;
  for (let i = 1; i < 8; i++) {
    const b = buf[off + i];
    v = v * 128 + (b & 0x7f);
    if (b < 0x80) {
      if (v < TWO_53) return v;
      return slowVarint64(buf, off);
    }
  }
  return slowVarint64(buf, off);
}

/** Cold: exact bigint decode of an 8- or 9-byte varint. */
function slowVarint64(buf: Uint8Array, off: number): Int64 {
  let v = 0n;
  let i = 0;
  for (; i < 8; i++) {
    const b = buf[off + i];
    v = (v << 7n) | BigInt(b & 0x7f);
    if (b < 0x80) break;
  }
  if (i === 8) v = (v << 8n) | BigInt(buf[off + 8] | 0);
  v = BigInt.asIntN(64, v);
  if (v >= -9007199254740991n && v <= 9007199254740991n) return Number(v);
  return v;
}

/**
 * Bytes needed to encode `v` (1..9). Hot for small non-negative numbers.
 * @example
 * ```ts
 * varintSize(127); // 1
 * varintSize(-1); // 9
 * ```
 */
export function varintSize(v: Int64): number {
  if (typeof v === "number") {
    if (v >= 0) {
      if (v < 0x80) return 1;
      if (v < 0x4000) return 2;
      if (v < 0x200000) return 3;
      if (v < 0x10000000) return 4;
      let n = 4;
      let x = Math.floor(v / 0x10000000);
      while (x > 0 && n < 8) {
        n++;
        x = Math.floor(x / 128);
      }
      return x > 0 ? 9 : n;
    }
    return 9;
  }
  if (v < 0n || v >= 1n << 56n) return 9;
  let n = 1;
  let x = v >> 7n;
  while (x > 0n) {
    n++;
    x >>= 7n;
  }
  return n;
}

/**
 * Write `v` as a varint at `buf[off]`; returns the bytes written (1..9).
 * Hot for small non-negative numbers; 64-bit values take the bigint path.
 * @example
 * ```ts
 * const b = new Uint8Array(9);
 * writeVarint(b, 0, 300); // 2: 0x82 0x2c
 * ```
 */
export function writeVarint(buf: Uint8Array, off: number, v: Int64): number {
  if (typeof v === "number" && v >= 0 && v < 0x10000000) {
    if (v < 0x80) {
      buf[off] = v;
      return 1;
    }
    if (v < 0x4000) {
      buf[off] = 0x80 | (v >>> 7);
      buf[off + 1] = v & 0x7f;
      return 2;
    }
    if (v < 0x200000) {
      buf[off] = 0x80 | (v >>> 14);
      buf[off + 1] = 0x80 | ((v >>> 7) & 0x7f);
      buf[off + 2] = v & 0x7f;
      return 3;
    }
    buf[off] = 0x80 | (v >>> 21);
    buf[off + 1] = 0x80 | ((v >>> 14) & 0x7f);
    buf[off + 2] = 0x80 | ((v >>> 7) & 0x7f);
    buf[off + 3] = v & 0x7f;
    return 4;
  }
  if (typeof v === "number" && v >= 0 && v <= 9007199254740991) {
    // 5..8 bytes, still exact as a double: no BigInt needed.
    const n = varintSize(v);
    let x = v;
    buf[off + n - 1] = x % 128;
    x = Math.floor(x / 128);
    for (let i = n - 2; i >= 0; i--) {
      buf[off + i] = 0x80 | (x % 128);
      x = Math.floor(x / 128);
    }
    return n;
  }
  return writeVarintBig(buf, off, BigInt.asUintN(64, BigInt(v)));
}

/** Cold: encode an unsigned 64-bit value. */
function writeVarintBig(buf: Uint8Array, off: number, u: bigint): number {
  if (u >= 1n << 56n) {
    buf[off + 8] = Number(u & 0xffn);
    u >>= 8n;
    for (let i = 7; i >= 0; i--) {
      buf[off + i] = 0x80 | Number(u & 0x7fn);
      u >>= 7n;
    }
    return 9;
  }
  let n = 1;
  for (let x = u >> 7n; x > 0n; x >>= 7n) n++;
  for (let i = n - 1; i >= 0; i--) {
    buf[off + i] = Number(u & 0x7fn) | (i === n - 1 ? 0 : 0x80);
    u >>= 7n;
  }
  return n;
}
