/**
 * Btree.integrityCheck reports what SQLite's PRAGMA integrity_check reports,
 * in the same words, for intact files and for common damage (freelist count
 * wrong, overflow chain cut short, pages never used).
 */
import assert from "node:assert/strict";
import { Btree } from "../../src/btree/btree.ts";
import { readSchema } from "../../src/btree/schema_table.ts";
import { MemPager } from "./_mem_pager.ts";
import { DatabaseSync, tmpdir } from "./_util.ts";

const dir = tmpdir();
const path = `${dir}/a.db`;
{
  const db = new DatabaseSync(path);
  db.exec("PRAGMA page_size=1024; CREATE TABLE t(a, b); CREATE INDEX ta ON t(a)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  for (let i = 0; i < 500; i++) ins.run(i, "x".repeat(i % 30 === 0 ? 2000 : 40));
  db.exec("COMMIT");
  db.close();
}
const img = Deno.readFileSync(path);

function theirs(m: Uint8Array): string[] {
  Deno.writeFileSync(`${dir}/m.db`, m);
  const d = new DatabaseSync(`${dir}/m.db`);
  const out = (d.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[])
    .map((r) => r.integrity_check);
  d.close();
  if (out.length === 1 && out[0] === "ok") return [];
  return out.join("\n").replace("*** in database main ***\n", "").split("\n");
}

function ours(m: Uint8Array): string[] {
  const bt = new Btree(new MemPager(m.slice(), 4096, 0, true));
  return bt.integrityCheck([1, ...readSchema(bt).map((r) => r.rootpage).filter((x) => x > 0)]);
}

Deno.test("integrity: intact file is ok for both", () => {
  assert.deepEqual(ours(img), []);
  assert.deepEqual(theirs(img), []);
});

Deno.test("integrity: wrong freelist count, same message as SQLite", () => {
  const m = img.slice();
  m[39] += 3;
  assert.deepEqual(ours(m), theirs(m));
});

Deno.test("integrity: overflow chain cut short + orphaned page, same messages as SQLite", () => {
  for (let pg = 2; pg <= img.length / 1024; pg++) {
    const o = (pg - 1) * 1024;
    const t = img[o];
    if (
      t !== 2 && t !== 5 && t !== 10 && t !== 13 &&
      (img[o] | img[o + 1] | img[o + 2] | img[o + 3]) !== 0
    ) {
      const m = img.slice();
      m.fill(0, o, o + 4);
      const want = theirs(m);
      assert.ok(want.length >= 2, JSON.stringify(want));
      assert.deepEqual(ours(m), want);
      return;
    }
  }
  throw new Error("no overflow chain in sample");
});

Deno.test("integrity: wrong fragment count is reported as SQLite reports it (and the page still reads)", () => {
  for (let pg = 2; pg <= img.length / 1024; pg++) {
    if (img[(pg - 1) * 1024] !== 13) continue;
    const m = img.slice();
    m[(pg - 1) * 1024 + 7] = 3;
    const want = theirs(m);
    assert.equal(want.length, 1);
    assert.deepEqual(ours(m), want);
    return;
  }
  throw new Error("no leaf page");
});
