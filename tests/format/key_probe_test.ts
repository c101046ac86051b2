/**
 * KeyProbe (unpacked-key comparison, the index-seek fast path) against the reference slow path
 * `compareRecords`: random records of mixed types (NULL, small/wide/huge integers, REALs near
 * integers, -0.0, TEXT with shared prefixes and non-ASCII, BLOBs), prefix keys, every
 * defaultRc, DESC flags, the NOCASE/RTRIM-like collations and all three text encodings must
 * give the same sign, whether the probe is filled from record bytes or field by field.
 */
import assert from "node:assert/strict";
import { encodeRecord, type RecordValue } from "../../src/format/record.ts";
import { type CompareInfo, compareRecords } from "../../src/format/record_compare.ts";
import { KeyProbe } from "../../src/format/key_probe.ts";
import { SqliteError } from "../../src/error.ts";

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = [
  "",
  "a",
  "A",
  "ab",
  "aB",
  "abc",
  "b",
  "é",
  "éa",
  "z ",
  "z",
  "z  ",
  "日本",
  "\u{1F600}",
];
const INTS: (number | bigint)[] = [
  0,
  1,
  -1,
  2,
  127,
  128,
  -129,
  32768,
  8388608,
  2147483648,
  -2147483649,
  140737488355328,
  9007199254740991,
  -9007199254740991,
  2n ** 53n,
  2n ** 62n,
  -(2n ** 63n),
  2n ** 63n - 1n,
];
const REALS = [0.5, -0.5, 1.0, -0.0, 2.5, 1e300, -1e300, 9007199254740992, 2 ** 62, 1.5];

function value(r: () => number): RecordValue {
  const k = Math.floor(r() * 6);
  switch (k) {
    case 0:
      return null;
    case 1:
    case 2:
      return INTS[Math.floor(r() * INTS.length)];
    case 3:
      return { real: REALS[Math.floor(r() * REALS.length)] };
    case 4:
      return TEXTS[Math.floor(r() * TEXTS.length)];
    default: {
      const b = new Uint8Array(Math.floor(r() * 3));
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 3);
      return b;
    }
  }
}

const nocase = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};
const rtrim = (a: string, b: string) => {
  const x = a.replace(/ +$/, "");
  const y = b.replace(/ +$/, "");
  return x < y ? -1 : x > y ? 1 : 0;
};

function fillFields(p: KeyProbe, vals: RecordValue[], defaultRc: number): void {
  p.reset(vals.length, defaultRc);
  vals.forEach((v, i) => {
    if (v === null) p.setNull(i);
    else if (typeof v === "number") p.setInt(i, v);
    else if (typeof v === "bigint") p.setBigInt(i, v);
    else if (typeof v === "string") p.setText(i, v);
    else if (v instanceof Uint8Array) p.setBlob(i, v);
    else p.setReal(i, v.real);
  });
}

Deno.test("KeyProbe.compare gives compareRecords' sign on random mixed-type records", () => {
  const r = rng(20261121);
  const infos: (CompareInfo | null)[] = [
    null,
    { collations: [], desc: [true, false, true] },
    { collations: [nocase, rtrim, nocase], desc: [false, true] },
    { collations: [rtrim], desc: [], nField: 1 },
  ];
  const fromBytes = new KeyProbe();
  const byField = new KeyProbe();
  let nonzero = 0;
  for (let iter = 0; iter < 6000; iter++) {
    const enc = 1 + (iter % 3);
    const info = infos[iter % infos.length];
    const rowLen = 1 + Math.floor(r() * 3);
    const row: RecordValue[] = [];
    for (let i = 0; i < rowLen; i++) row.push(value(r));
    // keys: a random record, or a prefix/extension of the row sharing its leading fields
    const key: RecordValue[] = [];
    const keyLen = Math.floor(r() * 4);
    for (let i = 0; i < keyLen; i++) key.push(i < rowLen && r() < 0.5 ? row[i] : value(r));
    const defaultRc = Math.floor(r() * 3) - 1;
    const a = encodeRecord(row, enc);
    const b = encodeRecord(key, enc);
    const want = Math.sign(compareRecords(a, 0, a.length, b, 0, b.length, info, enc, defaultRc));
    fromBytes.fromRecord(b, 0, b.length, defaultRc, enc);
    fromBytes.info = info;
    fromBytes.encoding = enc;
    fillFields(byField, key, defaultRc);
    byField.info = info;
    byField.encoding = enc;
    const msg = `row ${JSON.stringify(row, (_, v) => typeof v === "bigint" ? `${v}n` : v)} key ${
      JSON.stringify(key, (_, v) => typeof v === "bigint" ? `${v}n` : v)
    } enc ${enc} info ${iter % infos.length} drc ${defaultRc}`;
    assert.equal(Math.sign(fromBytes.compare(a, 0, a.length)), want, msg);
    assert.equal(Math.sign(byField.compare(a, 0, a.length)), want, msg);
    if (want !== Math.sign(defaultRc)) nonzero++;
  }
  assert.ok(nonzero > 1500, `many comparisons are decided by a field (${nonzero})`);
});

Deno.test("KeyProbe: integers and reals compare exactly across widths (sqlite3IntFloatCompare)", () => {
  const p = new KeyProbe();
  const cases: [RecordValue, RecordValue][] = [
    [2n ** 62n, { real: 2 ** 62 }],
    [2n ** 63n - 1n, { real: 2 ** 63 }],
    [9007199254740993n, { real: 9007199254740992 }],
    [-(2n ** 63n), { real: -(2 ** 63) }],
    [{ real: -0.0 }, 0],
    [{ real: 0.5 }, 0],
    [9007199254740991, 2n ** 60n],
    [-(2n ** 60n), -9007199254740991],
  ];
  for (const [x, y] of cases) {
    for (const [row, key] of [[x, y], [y, x]]) {
      const a = encodeRecord([row]);
      const b = encodeRecord([key]);
      p.fromRecord(b, 0, b.length, 0, 1);
      p.info = null;
      p.encoding = 1;
      assert.equal(
        Math.sign(p.compare(a, 0, a.length)),
        Math.sign(compareRecords(a, 0, a.length, b, 0, b.length, null, 1, 0)),
      );
    }
  }
});

Deno.test("KeyProbe: a record whose header or body overruns it is SQLITE_CORRUPT", () => {
  const p = new KeyProbe();
  p.reset(1, 0);
  p.setInt(0, 5);
  const good = encodeRecord([1000, "abc"]);
  const badHeader = good.slice();
  badHeader[0] = 50;
  assert.throws(() => p.compare(badHeader, 0, badHeader.length), SqliteError);
  const truncated = good.subarray(0, good.length - 2);
  p.reset(2, 0);
  p.setInt(0, 1000);
  p.setText(1, "abc");
  assert.throws(() => p.compare(truncated, 0, truncated.length), SqliteError);
  assert.throws(() => p.fromRecord(truncated, 0, truncated.length, 0, 1), SqliteError);
});
