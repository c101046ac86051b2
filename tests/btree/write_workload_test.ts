/**
 * Files written by tsqlite's b-tree layer under random insert / update /
 * delete workloads, checked against an in-memory model as they go, then
 * handed to real SQLite (node:sqlite): PRAGMA integrity_check must say ok
 * (which also checks that the index matches the table) and SQLite must read
 * exactly the model's rows. Also: space reuse after mass deletes stays close
 * to what SQLite itself ends with.
 */
import assert from "node:assert/strict";
import { get16, get32 } from "../../src/format/header.ts";
import { Btree } from "../../src/btree/btree.ts";
import { readSchema } from "../../src/btree/schema_table.ts";
import { Meta } from "../../src/btree/types.ts";
import { encodeRecord, RecordReader } from "../../src/format/record.ts";
import { MemPager } from "./_mem_pager.ts";
import { createDb, workload } from "./_workload.ts";
import {
  createSchema,
  DatabaseSync,
  freshBtree,
  openInSqlite,
  pageUsage,
  prng,
  tmpdir,
} from "./_util.ts";

const dir = tmpdir();

Deno.test("write: 40k random ops (4096-byte pages) pass SQLite's integrity_check and read back", () => {
  workload(4096, 40000, 1, 20000);
});
Deno.test("write: 30k random ops on 512-byte pages (deep trees, many overflow chains)", () => {
  workload(512, 30000, 2, 8000);
});
Deno.test("write: 15k ops on 65536-byte pages", () => {
  workload(65536, 15000, 3, 30000);
});
Deno.test("write: 15k ops with 32 reserved bytes per page (1024-byte pages)", () => {
  workload(1024, 15000, 4, 5000, 32);
});

Deno.test("write: 12k random ops in an auto_vacuum=FULL file (relocation at every commit)", () => {
  workload(1024, 12000, 5, 6000, 0, 1);
});
Deno.test("write: 12k random ops in an auto_vacuum=INCREMENTAL file", () => {
  workload(1024, 12000, 6, 6000, 0, 2);
});

Deno.test("write: 64-bit rowids (negative, > 2^53) round-trip through SQLite", () => {
  const db = createDb(4096);
  db.pager.beginWrite();
  const tc = db.bt.cursorOf(db.tRoot, "table", { write: true });
  const ic = db.bt.cursorOf(db.iRoot, "index", { write: true });
  const ids = [-(2n ** 63n), -1n, 0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n];
  for (const id of ids) {
    tc.insert(id, encodeRecord([id, "x"]));
    ic.insertIndex(encodeRecord([id, id]));
  }
  tc.close();
  ic.close();
  db.bt.commit();
  const sq = openInSqlite(`${dir}/big_rowids.db`, db.pager.image());
  const st = sq.prepare("SELECT rowid AS r, a FROM t ORDER BY rowid");
  st.setReadBigInts(true);
  const rows = st.all() as { r: bigint; a: bigint }[];
  assert.deepEqual(rows.map((x) => x.r), ids);
  assert.deepEqual(rows.map((x) => x.a), ids);
  sq.close();
});

/** Same rows into SQLite and into tsqlite, delete most, compare page usage. */
Deno.test("write: after deleting 90% of rows, page count and depth stay close to SQLite's", () => {
  const n = 20000;
  const r = prng(11);
  const rows: [number, string][] = [];
  for (let i = 0; i < n; i++) {
    rows.push([Math.floor(r() * 1e9), "p".repeat(10 + Math.floor(r() * 80))]);
  }
  const order = rows.map((_, i) => i + 1).sort(() => r() - 0.5);
  const gone = order.filter((_, i) => i % 10 !== 0);

  const path = `${dir}/space_sqlite.db`;
  const sq = new DatabaseSync(path);
  sq.exec("CREATE TABLE t(a, b); CREATE INDEX t_a ON t(a)");
  sq.exec("BEGIN");
  const ins = sq.prepare("INSERT INTO t(rowid, a, b) VALUES (?, ?, ?)");
  for (const id of order) ins.run(id, rows[id - 1][0], rows[id - 1][1]);
  sq.exec("COMMIT");
  sq.exec("BEGIN");
  const dl = sq.prepare("DELETE FROM t WHERE rowid = ?");
  for (const id of gone) dl.run(id);
  sq.exec("COMMIT");
  const theirs = pageUsage(sq);
  sq.close();

  const db = createDb(4096);
  db.pager.beginWrite();
  const tc = db.bt.cursorOf(db.tRoot, "table", { write: true });
  const ic = db.bt.cursorOf(db.iRoot, "index", { write: true });
  for (const id of order) {
    tc.insert(id, encodeRecord([rows[id - 1][0], rows[id - 1][1]]));
    ic.insertIndex(encodeRecord([rows[id - 1][0], id]));
  }
  tc.close();
  ic.close();
  db.bt.commit();
  db.pager.beginWrite();
  const tc2 = db.bt.cursorOf(db.tRoot, "table", { write: true });
  const ic2 = db.bt.cursorOf(db.iRoot, "index", { write: true });
  for (const id of gone) {
    assert.equal(tc2.seekRowid(id), 0);
    tc2.delete();
    assert.equal(ic2.seekIndex(encodeRecord([rows[id - 1][0], id])), 0);
    ic2.delete();
  }
  tc2.close();
  ic2.close();
  db.bt.commit();
  const ours = { pages: db.pager.pageCount(), free: db.bt.getMeta(Meta.FREE_PAGE_COUNT) };
  const mine = `${dir}/space_ts.db`;
  openInSqlite(mine, db.pager.image()).close();
  const usedOurs = ours.pages - ours.free;
  const usedTheirs = theirs.pages - theirs.free;
  console.log(`space: tsqlite ${JSON.stringify(ours)} sqlite ${JSON.stringify(theirs)}`);
  // Tolerance: pages in use within 30% (+3) of SQLite's; total file size within 15%.
  assert.ok(
    Math.abs(usedOurs - usedTheirs) <= usedTheirs * 0.3 + 3,
    `in use ${usedOurs} vs ${usedTheirs}`,
  );
  assert.ok(
    Math.abs(ours.pages - theirs.pages) <= theirs.pages * 0.15 + 3,
    `pages ${ours.pages} vs ${theirs.pages}`,
  );
  // Tree depth of the table and the index: equal to SQLite's, or one less/more at most.
  for (const name of ["t", "t_a"]) {
    const dOurs = treeDepth(Deno.readFileSync(mine), name);
    const dTheirs = treeDepth(Deno.readFileSync(path), name);
    console.log(`depth ${name}: tsqlite ${dOurs} sqlite ${dTheirs}`);
    assert.ok(Math.abs(dOurs - dTheirs) <= 1, `${name} depth ${dOurs} vs ${dTheirs}`);
  }
});

/** Depth of a named tree (leaf = 1), following leftmost child pointers. */
function treeDepth(image: Uint8Array, name: string): number {
  const pager = new MemPager(image);
  const bt = new Btree(pager);
  const root = readSchema(bt).find((r) => r.name === name)!.rootpage;
  let depth = 1;
  let pgno = root;
  for (;;) {
    const pg = pager.get(pgno);
    const h = pgno === 1 ? 100 : 0;
    const leaf = (pg.data[h] & 8) !== 0;
    const n = get16(pg.data, h + 3);
    let child = 0;
    if (!leaf) {
      if (n > 0) {
        const off = get16(pg.data, h + 12);
        child = get32(pg.data, off);
      } else {
        child = get32(pg.data, h + 8);
      }
    }
    pager.release(pg);
    if (leaf) return depth;
    depth++;
    pgno = child;
  }
}

for (const enc of [2, 3] as const) {
  Deno.test(`write: UTF-16${enc === 2 ? "le" : "be"} table + index (BINARY = memcmp of UTF-16 bytes) valid for SQLite`, () => {
    const { pager, bt } = freshBtree(1024, { textEncoding: enc });
    const [t, i] = createSchema(bt, [
      { table: "t", sql: "CREATE TABLE t(a, b)" },
      { index: "t_a", on: "t", sql: "CREATE INDEX t_a ON t(a)" },
    ]);
    const tc = bt.cursorOf(t, "table", { write: true });
    const ic = bt.cursorOf(i, "index", { write: true });
    const r = prng(enc);
    const alphabet = ["a", "B", "é", "ā", "中", "😀", "Z", "ÿ", "ĀĀ"];
    const model = new Map<number, string>();
    for (let k = 1; k <= 3000; k++) {
      let s = "";
      const len = 1 + Math.floor(r() * 6);
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(r() * alphabet.length)];
      tc.insert(k, encodeRecord([s, k], enc));
      ic.insertIndex(encodeRecord([s, k], enc));
      model.set(k, s);
    }
    tc.close();
    ic.close();
    bt.commit();
    const db = openInSqlite(`${dir}/utf16_${enc}.db`, pager.image());
    const rows = db.prepare("SELECT rowid AS id, a FROM t").all() as { id: number; a: string }[];
    assert.equal(rows.length, 3000);
    for (const row of rows) assert.equal(row.a, model.get(row.id));
    // SQLite's own index order (its BINARY on UTF-16) equals the tree's order.
    const viaIdx =
      (db.prepare("SELECT rowid AS id FROM t INDEXED BY t_a ORDER BY a, rowid").all() as {
        id: number;
      }[])
        .map((x) => x.id);
    const mine: number[] = [];
    const c = bt.cursorOf(i, "index");
    const rr = new RecordReader();
    for (let ok = c.first(); ok; ok = c.next()) {
      const p = c.payload();
      rr.reset(p.data, p.offset, p.length, enc);
      mine.push(Number(rr.int(1)));
    }
    c.close();
    assert.deepEqual(mine, viaIdx);
    db.close();
  });
}

Deno.test("write: a WITHOUT ROWID table built by tsqlite (index tree of whole rows) is read by SQLite", () => {
  const { pager, bt } = freshBtree(1024);
  // A WITHOUT ROWID table lives in an index tree.
  const [w] = createSchema(bt, [
    { table: "w", sql: "CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID" },
  ]);
  const c = bt.cursorOf(w, "index", { write: true });
  const r = prng(21);
  const model = new Map<string, number>();
  for (let i = 0; i < 5000; i++) {
    const k = "key" + Math.floor(r() * 3000) + (r() < 0.03 ? "#".repeat(1500) : "");
    if (model.has(k) && r() < 0.5) {
      // Delete by primary key: a prefix seek on k alone.
      assert.equal(c.seekIndex(encodeRecord([k]), 0, undefined, 0), 0);
      c.delete();
      model.delete(k);
    } else {
      if (model.has(k)) {
        assert.equal(c.seekIndex(encodeRecord([k])), 0);
        c.delete();
      }
      c.insertIndex(encodeRecord([k, i]));
      model.set(k, i);
    }
  }
  c.close();
  bt.commit();
  const db = openInSqlite(`${dir}/wr.db`, pager.image());
  const rows = db.prepare("SELECT k, v FROM w ORDER BY k").all() as { k: string; v: number }[];
  assert.equal(rows.length, model.size);
  for (const row of rows) assert.equal(row.v, model.get(row.k));
  const one = [...model.keys()][7];
  assert.equal(
    (db.prepare("SELECT v FROM w WHERE k = ?").get(one) as { v: number }).v,
    model.get(one),
  );
  db.close();
});
