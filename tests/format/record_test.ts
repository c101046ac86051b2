import assert from "node:assert/strict";
import { decodeRecord, encodeRecord, RecordReader } from "../../src/format/record.ts";
import { BINARY_INFO, compareIntReal, compareRecords } from "../../src/format/record_compare.ts";
import { defaultHeader, hasMagic, parseHeader, serializeHeader } from "../../src/format/header.ts";
import { localPayloadSize, payloadLimits } from "../../src/format/page.ts";
import { SqliteError } from "../../src/error.ts";

Deno.test("record: every integer width, REAL, 0/1 constants, TEXT, BLOB round-trip", () => {
  const vals = [
    null,
    0,
    1,
    -1,
    127,
    -128,
    128,
    32767,
    -32769,
    8388607,
    -8388609,
    2147483647,
    -2147483649,
    140737488355327,
    -140737488355329,
    9007199254740991,
    2n ** 63n - 1n,
    -(2n ** 63n),
    1.5,
    { real: 3 },
    "héllo",
    "",
    new Uint8Array([1, 2, 3]),
    new Uint8Array(0),
  ];
  for (const enc of [1, 2, 3]) {
    const rec = encodeRecord(vals, enc);
    const { values, types } = decodeRecord(rec, 0, rec.length, enc);
    assert.deepEqual(types, [
      0,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      2,
      2,
      3,
      3,
      4,
      4,
    ]);
    const expect = vals.map((v) =>
      v !== null && typeof v === "object" && !(v instanceof Uint8Array) ? v.real : v
    );
    assert.deepEqual(values, expect);
  }
});

Deno.test("record: serial types chosen as SQLite chooses them", () => {
  const rec = encodeRecord([
    0,
    1,
    2,
    300,
    70000,
    1 << 30,
    2 ** 40,
    2 ** 50,
    "ab",
    new Uint8Array(2),
  ]);
  // header: size byte then types
  assert.deepEqual([...rec.subarray(0, 11)], [11, 8, 9, 1, 2, 3, 4, 5, 6, 17, 16]);
});

Deno.test("record: header pointing outside the record is SQLITE_CORRUPT", () => {
  const rec = encodeRecord(["abcdef"]);
  const r = new RecordReader();
  assert.throws(
    () => r.reset(rec, 0, rec.length - 2, 1),
    (e) => e instanceof SqliteError && e.code === "SQLITE_CORRUPT",
  );
});

Deno.test("record compare: NULL < numbers < TEXT < BLOB, int vs real exact, prefix = default_rc", () => {
  const order = [null, -5, -4.5, 0, 0.5, 1, 2n ** 62n, 1e300, "", "a", "b", new Uint8Array([0])];
  for (let i = 0; i < order.length; i++) {
    for (let j = 0; j < order.length; j++) {
      const a = encodeRecord([order[i]]);
      const b = encodeRecord([order[j]]);
      const c = compareRecords(a, 0, a.length, b, 0, b.length, BINARY_INFO, 1, 0);
      assert.equal(Math.sign(c), Math.sign(i - j), `${i} vs ${j}`);
    }
  }
  const long = encodeRecord([1, "x"]);
  const pre = encodeRecord([1]);
  assert.equal(compareRecords(long, 0, long.length, pre, 0, pre.length, BINARY_INFO, 1, -1), -1);
  assert.equal(compareIntReal(2n ** 62n, 2 ** 62), 0);
  assert.equal(compareIntReal(2n ** 62n + 1n, 2 ** 62), 1);
  assert.equal(compareIntReal(9007199254740993n, 9007199254740992.5), 1);
  const desc = { collations: [], desc: [true] };
  const x = encodeRecord([1]), y = encodeRecord([2]);
  assert.equal(compareRecords(x, 0, x.length, y, 0, y.length, desc, 1, 0), 1);
  const nocase = {
    collations: [
      (a: string, b: string) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
    ],
    desc: [],
  };
  const p = encodeRecord(["ABC"]), q = encodeRecord(["abc"]);
  assert.equal(compareRecords(p, 0, p.length, q, 0, q.length, nocase, 1, 0), 0);
  assert.ok(compareRecords(p, 0, p.length, q, 0, q.length, BINARY_INFO, 1, 0) < 0);
});

Deno.test("header: round-trip and NOTADB on bad magic / geometry", () => {
  for (const ps of [512, 1024, 4096, 65536]) {
    const h = parseHeader(serializeHeader(defaultHeader(ps, 8)));
    assert.equal(h.pageSize, ps);
    assert.equal(h.reservedBytes, 8);
  }
  const b = serializeHeader(defaultHeader(4096));
  assert.ok(hasMagic(b));
  const bad = b.slice();
  bad[3] = 0;
  assert.throws(
    () => parseHeader(bad),
    (e) => e instanceof SqliteError && e.code === "SQLITE_NOTADB",
  );
  const badPs = b.slice();
  badPs[16] = 0x03;
  assert.throws(
    () => parseHeader(badPs),
    (e) => e instanceof SqliteError && e.code === "SQLITE_NOTADB",
  );
});

Deno.test("page: local payload split matches SQLite's formulas", () => {
  const lim = payloadLimits(4096);
  assert.equal(lim.maxLeaf, 4061);
  assert.equal(lim.maxLocal, 1002);
  assert.equal(lim.minLocal, 489);
  assert.equal(localPayloadSize(4061, true, lim), 4061);
  // 4062 bytes: surplus = 489 + (4062-489)%4092 = 4062 > 4061 -> minLocal
  assert.equal(localPayloadSize(4062, true, lim), 489);
  assert.equal(localPayloadSize(5000, true, lim), 489 + ((5000 - 489) % 4092));
  // index page: 1003 > maxLocal 1002, surplus 489+514 = 1003 > 1002 -> minLocal
  assert.equal(localPayloadSize(1003, false, lim), 489);
  assert.equal(localPayloadSize(1002, false, lim), 1002);
});

Deno.test("record: UTF-8 encoder matches TextEncoder, including surrogate pairs and lone surrogates", () => {
  const strs = ["", "abc", "é", "€uro", "😀 emoji", "\ud800", "x\udc00y", "\ud83d", "mixé€😀"];
  for (const s of strs) {
    const rec = encodeRecord([s]);
    const r = new RecordReader();
    r.reset(rec, 0, rec.length, 1);
    assert.deepEqual(r.blob(0), new TextEncoder().encode(s));
  }
});
