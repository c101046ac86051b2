/**
 * Corrupt input gives SQLITE_CORRUPT or SQLITE_NOTADB — never a hang,
 * another exception type, or a write: truncated files, bad headers, cyclic
 * page pointers, out-of-range cell offsets, and 2,500 seeded random
 * mutations (the 12,000-file run is corrupt_fuzz.soak.ts).
 */
import assert from "node:assert/strict";
import { put32 } from "../../src/format/header.ts";
import { mutate, readEverything, sampleImage, writeSomething } from "./_corrupt.ts";
import { prng, tmpdir } from "./_util.ts";

const dir = tmpdir();
const PS = 1024;
const img = sampleImage(`${dir}/sample.db`, PS);

/** First interior table page and its offset in the image. */
function findPage(type: number): number {
  for (let pg = 2; pg <= img.length / PS; pg++) if (img[(pg - 1) * PS] === type) return pg;
  throw new Error("no such page");
}

Deno.test("corrupt: the intact sample reads fully", () => {
  assert.equal(readEverything(img), "ok");
});

Deno.test("corrupt: truncated files", () => {
  const seen = new Set<string>();
  for (
    const len of [
      1,
      50,
      99,
      100,
      512,
      PS,
      PS + 1,
      2 * PS,
      Math.floor(img.length / 2),
      img.length - PS,
    ]
  ) {
    seen.add(readEverything(img.slice(0, len)));
  }
  assert.ok(seen.has("SQLITE_CORRUPT"));
  assert.ok(seen.has("SQLITE_NOTADB"));
});

Deno.test("corrupt: bad headers are SQLITE_NOTADB", () => {
  const cases: [number, number][] = [
    [0, 0x51],
    [15, 1],
    [16, 0x03],
    [17, 0x01],
    [21, 65],
    [22, 0],
    [23, 31],
    [19, 9],
  ];
  for (const [off, v] of cases) {
    const b = img.slice();
    b[off] = v;
    assert.equal(readEverything(b), "SQLITE_NOTADB", `header byte ${off} = ${v}`);
  }
  // 200 reserved bytes leave a legal usable size: SQLite opens it and finds the cells misplaced.
  const rb = img.slice();
  rb[20] = 200;
  assert.equal(readEverything(rb), "SQLITE_CORRUPT");
});

Deno.test("corrupt: cyclic child pointers are SQLITE_CORRUPT, not a hang", () => {
  const pg = findPage(5);
  const b = img.slice();
  // Right child points at the page itself.
  put32(b, (pg - 1) * PS + 8, pg);
  assert.equal(readEverything(b), "SQLITE_CORRUPT");
  // First cell's child points back at the table root.
  const c = img.slice();
  const cellOff = (c[(pg - 1) * PS + 12] << 8) | c[(pg - 1) * PS + 13];
  put32(c, (pg - 1) * PS + cellOff, pg);
  assert.equal(readEverything(c), "SQLITE_CORRUPT");
});

Deno.test("corrupt: cyclic overflow chain and freelist are bounded", () => {
  // Make every overflow page point to itself and the freelist trunk to itself.
  const b = img.slice();
  for (let pg = 2; pg <= b.length / PS; pg++) {
    const t = b[(pg - 1) * PS];
    if (t !== 2 && t !== 5 && t !== 10 && t !== 13) put32(b, (pg - 1) * PS, pg);
  }
  const out = readEverything(b);
  assert.ok(out === "ok" || out === "SQLITE_CORRUPT", out);
});

Deno.test("corrupt: out-of-range cell offsets and counts", () => {
  const pg = findPage(13);
  const base = (pg - 1) * PS;
  const cases: [number, number][] = [[8, 0xff], [9, 0xff], [3, 0xff], [5, 0xff], [1, 0x03]];
  for (const [off, v] of cases) {
    const b = img.slice();
    b[base + off] = v;
    if (off === 1) b[base + 2] = 0xff;
    assert.equal(readEverything(b), "SQLITE_CORRUPT", `leaf byte ${off}`);
  }
  const b = img.slice();
  b[base] = 7; // invalid page type
  assert.equal(readEverything(b), "SQLITE_CORRUPT");
});

Deno.test("corrupt: 2,500 seeded random mutations give CORRUPT/NOTADB or read cleanly", () => {
  const r = prng(2024);
  const counts: Record<string, number> = {};
  for (let i = 0; i < 2500; i++) {
    const m = mutate(img, r, PS);
    const out = readEverything(m);
    counts[out] = (counts[out] ?? 0) + 1;
  }
  assert.ok((counts.SQLITE_CORRUPT ?? 0) > 100, JSON.stringify(counts));
});

Deno.test("corrupt: writing into 600 damaged files fails only with SQLITE_CORRUPT/NOTADB", () => {
  const r = prng(77);
  const counts: Record<string, number> = {};
  for (let i = 0; i < 600; i++) {
    const out = writeSomething(mutate(img, r, PS), i);
    counts[out] = (counts[out] ?? 0) + 1;
  }
  assert.ok((counts.SQLITE_CORRUPT ?? 0) > 0, JSON.stringify(counts));
});

Deno.test("corrupt: a varint running off the end of the page is not a crash", () => {
  const pg = findPage(13);
  const base = (pg - 1) * PS;
  const b = img.slice();
  b[base + 8] = (PS - 4) >> 8;
  b[base + 9] = (PS - 4) & 0xff;
  b.fill(0xff, base + PS - 4, base + PS);
  const out = readEverything(b);
  assert.ok(out === "SQLITE_CORRUPT" || out === "ok", out);
  const r = prng(3);
  for (let i = 0; i < 50; i++) writeSomething(b, i + Math.floor(r() * 1000));
});
