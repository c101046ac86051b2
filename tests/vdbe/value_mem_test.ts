// Mem register invariants: one representation per INTEGER, NaN → NULL, toJs as better-sqlite3.
import assert from "node:assert/strict";
import { Mem, memOf, MemType } from "../../src/vdbe/mem.ts";

Deno.test("mem: setBigInt normalises safe values, keeps unsafe ones exact", () => {
  const m = new Mem();
  m.setBigInt(42n);
  assert.equal(m.type, MemType.INT);
  assert.equal(m.big, null);
  assert.equal(m.n, 42);
  m.setBigInt(2n ** 60n);
  assert.equal(m.big, 2n ** 60n);
  assert.equal(m.n, 2 ** 60);
  m.setBigInt(-(2n ** 53n) + 1n);
  assert.equal(m.big, null);
  m.setInt(5);
  assert.equal(m.big, null);
});

Deno.test("mem: NaN REAL is NULL; copyFrom copies every field", () => {
  const m = new Mem();
  m.setReal(NaN);
  assert.equal(m.type, MemType.NULL);
  const a = memOf(2n ** 63n - 1n);
  const b = new Mem();
  b.copyFrom(a);
  assert.equal(b.big, 2n ** 63n - 1n);
  assert.equal(b.type, MemType.INT);
});

Deno.test("mem: toJs matches better-sqlite3 (lossy number by default, bigint with safeIntegers)", () => {
  const big = memOf(9223372036854775807n);
  assert.equal(big.toJs(), 9223372036854775807);
  assert.equal(typeof big.toJs(), "number");
  assert.equal(big.toJs(true), 9223372036854775807n);
  assert.equal(memOf(7).toJs(true), 7n);
  assert.equal(memOf(1.5).toJs(true), 1.5);
  assert.equal(memOf(null).toJs(), null);
  assert.equal(memOf("x").toJs(), "x");
  assert.deepEqual(memOf(new Uint8Array([1])).toJs(), new Uint8Array([1]));
  // setValue: out-of-range bigint becomes REAL, integral numbers INTEGER, others REAL
  assert.equal(memOf(2n ** 64n).type, MemType.REAL);
  assert.equal(memOf(3).type, MemType.INT);
  assert.equal(memOf(3.5).type, MemType.REAL);
  assert.equal(memOf(true).n, 1);
});
