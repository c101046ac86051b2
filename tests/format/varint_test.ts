import assert from "node:assert/strict";
import {
  readVarint,
  readVarint64,
  varintLength,
  varintSize,
  writeVarint,
} from "../../src/format/varint.ts";

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("varint: boundary values round-trip with SQLite's lengths", () => {
  const cases: [bigint, number][] = [
    [0n, 1],
    [127n, 1],
    [128n, 2],
    [16383n, 2],
    [16384n, 3],
    [2097151n, 3],
    [2097152n, 4],
    [268435455n, 4],
    [268435456n, 5],
    [(1n << 35n) - 1n, 5],
    [1n << 35n, 6],
    [(1n << 56n) - 1n, 8],
    [1n << 56n, 9],
    [(1n << 63n) - 1n, 9],
    [-1n, 9],
    [-(1n << 63n), 9],
  ];
  const buf = new Uint8Array(9);
  for (const [v, len] of cases) {
    const asNum = v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
    assert.equal(varintSize(asNum), len, `size ${v}`);
    assert.equal(writeVarint(buf, 0, asNum), len, `write ${v}`);
    assert.equal(varintLength(buf, 0), len);
    assert.equal(readVarint64(buf, 0), asNum, `read ${v}`);
    if (v >= 0n && v < 1n << 53n) assert.equal(readVarint(buf, 0), Number(v));
  }
});

Deno.test("varint: 9-byte form uses all 8 bits of the last byte", () => {
  const buf = new Uint8Array(9).fill(0xff);
  assert.equal(readVarint64(buf, 0), -1);
  buf[8] = 0x7f;
  assert.equal(readVarint64(buf, 0), -129);
});

Deno.test("varint: random 64-bit values round-trip", () => {
  const r = prng(7);
  const buf = new Uint8Array(9);
  for (let i = 0; i < 20000; i++) {
    const hi = BigInt(Math.floor(r() * 2 ** 32));
    const lo = BigInt(Math.floor(r() * 2 ** 32));
    const bits = Math.floor(r() * 64);
    let v = BigInt.asIntN(64, ((hi << 32n) | lo) >> BigInt(bits));
    if (r() < 0.3) v = BigInt(Math.floor(r() * 1e6));
    const x = v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
    const n = writeVarint(buf, 0, x);
    assert.equal(n, varintSize(x));
    assert.equal(readVarint64(buf, 0), x);
  }
});
