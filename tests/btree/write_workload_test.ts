/**
 * Files written by tsqlite's b-tree layer under random insert / update /
 * delete workloads, checked against an in-memory model as they go, then
 * handed to real SQLite (node:sqlite): PRAGMA integrity_check must say ok
 * (which also checks that the index matches the table) and SQLite must read
 * exactly the model's rows. Also: space reuse after mass deletes stays close
 * to what SQLite itself ends with.
 */
import assert from "node:assert/strict";
import { Btree } from "../../src/btree/btree.ts";
import { readSchema, writeSchemaRow } from "../../src/btree/schema_table.ts";
import { Meta } from "../../src/btree/types.ts";
import type { Cursor } from "../../src/btree/cursor.ts";
import { encodeRecord, RecordReader } from "../../src/format/record.ts";
import { MemPager } from "./_mem_pager.ts";
import { DatabaseSync, prng, tmpdir } from "./_util.ts";

const dir = tmpdir();

type Val = number | string | Uint8Array | null;

interface Db {
  pager: MemPager;
  bt: Btree;
  tRoot: number;
  iRoot: number;
}

/** A fresh database with `CREATE TABLE t(a, b)` and `CREATE INDEX t_a ON t(a)`. */
function createDb(pageSize: number, reserved = 0, autoVacuum: 0 | 1 | 2 = 0): Db {
  const pager = new MemPager(null, pageSize, reserved);
  const bt = new Btree(pager, { autoVacuum });
  pager.beginWrite();
  const tRoot = bt.createTable("table");
  const iRoot = bt.createTable("index");
  writeSchemaRow(bt, {
    type: "table",
    name: "t",
    tbl_name: "t",
    rootpage: tRoot,
    sql: "CREATE TABLE t(a, b)",
  });
  writeSchemaRow(bt, {
    type: "index",
    name: "t_a",
    tbl_name: "t",
    rootpage: iRoot,
    sql: "CREATE INDEX t_a ON t(a)",
  });
  bt.setMeta(Meta.SCHEMA_VERSION, 1);
  bt.commit();
  return { pager, bt, tRoot, iRoot };
}

function randVal(r: () => number, big: boolean): Val {
  const k = Math.floor(r() * 10);
  if (k < 4) return Math.floor(r() * 100000) - 500;
  if (k < 6) {
    return "v" + Math.floor(r() * 1e6).toString(36) +
      (big && r() < 0.05 ? "z".repeat(Math.floor(r() * 9000)) : "");
  }
  if (k < 7) return null;
  if (k < 8) return r() * 1000;
  return new Uint8Array(Math.floor(r() * (big && r() < 0.1 ? 6000 : 30))).fill(k);
}

/** Insert-or-replace row `rowid` in table + index, keeping the index right. */
function put(
  _db: Db,
  tc: Cursor,
  ic: Cursor,
  model: Map<number, [Val, Val]>,
  rowid: number,
  a: Val,
  b: Val,
): void {
  const old = model.get(rowid);
  if (old) {
    const k = encodeRecord([old[0], rowid]);
    assert.equal(ic.seekIndex(k), 0, "index entry present before update");
    ic.delete();
  }
  tc.insert(rowid, encodeRecord([a, b]));
  ic.insertIndex(encodeRecord([a, rowid]));
  model.set(rowid, [a, b]);
}

function del(tc: Cursor, ic: Cursor, model: Map<number, [Val, Val]>, rowid: number): void {
  const old = model.get(rowid)!;
  assert.equal(tc.seekRowid(rowid), 0);
  tc.delete();
  assert.equal(ic.seekIndex(encodeRecord([old[0], rowid])), 0);
  ic.delete();
  model.delete(rowid);
}

function checkModel(db: Db, model: Map<number, [Val, Val]>): void {
  const cur = db.bt.cursorOf(db.tRoot, "table");
  const r = new RecordReader();
  const keys = [...model.keys()].sort((x, y) => x - y);
  let i = 0;
  for (let ok = cur.first(); ok; ok = cur.next(), i++) {
    assert.equal(cur.rowid(), keys[i]);
    const p = cur.payload();
    r.reset(p.data, p.offset, p.length, 1);
    const want = model.get(keys[i])!;
    const a = r.value(0);
    assert.deepEqual(a, want[0]);
  }
  assert.equal(i, keys.length);
  cur.close();
  const ic = db.bt.cursorOf(db.iRoot, "index");
  assert.equal(ic.count(), model.size);
  ic.close();
}

function oracleCheck(path: string, model: Map<number, [Val, Val]>): void {
  const db = new DatabaseSync(path);
  const ic = db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[];
  assert.deepEqual(ic.map((r) => r.integrity_check), ["ok"]);
  const rows = db.prepare("SELECT rowid AS r, a, b FROM t ORDER BY rowid").all() as {
    r: number;
    a: Val;
    b: Val;
  }[];
  assert.equal(rows.length, model.size);
  for (const row of rows) {
    const want = model.get(row.r);
    assert.ok(want, `rowid ${row.r} in model`);
    assert.deepEqual([row.a, row.b], want);
  }
  const viaIndex = db.prepare(
    "SELECT count(*) AS n FROM t INDEXED BY t_a WHERE a IS NOT NULL OR a IS NULL",
  ).get() as { n: number };
  assert.equal(viaIndex.n, model.size);
  db.close();
}

function workload(
  pageSize: number,
  ops: number,
  seed: number,
  keySpace: number,
  reserved = 0,
): void {
  const db = createDb(pageSize, reserved);
  const r = prng(seed);
  const model = new Map<number, [Val, Val]>();
  db.pager.beginWrite();
  let tc = db.bt.cursorOf(db.tRoot, "table", { write: true });
  let ic = db.bt.cursorOf(db.iRoot, "index", { write: true });
  for (let op = 0; op < ops; op++) {
    const x = r();
    // Phases: grow, churn, shrink.
    const phase = op / ops;
    const pDel = phase < 0.4 ? 0.15 : phase < 0.7 ? 0.45 : 0.8;
    if (x < pDel && model.size > 0) {
      const rowid = Math.floor(r() * keySpace) + 1;
      let k = rowid;
      // delete the nearest existing key at or above rowid (seek semantics)
      const c = tc.seekRowid(rowid);
      if (c === -1 && tc.eof) continue;
      k = Number(tc.rowid());
      if (!model.has(k)) throw new Error(`tree has ${k}, model does not`);
      del(tc, ic, model, k);
    } else {
      const rowid = Math.floor(r() * keySpace) + 1;
      put(db, tc, ic, model, rowid, randVal(r, true), randVal(r, true));
    }
    if (op % 2500 === 2499) {
      tc.close();
      ic.close();
      db.bt.commit();
      if (op % 10000 === 9999) checkModel(db, model);
      db.pager.beginWrite();
      tc = db.bt.cursorOf(db.tRoot, "table", { write: true });
      ic = db.bt.cursorOf(db.iRoot, "index", { write: true });
    }
  }
  tc.close();
  ic.close();
  db.bt.commit();
  assert.equal(db.pager.outstanding(), 0, "no leaked page references");
  checkModel(db, model);
  assert.deepEqual(db.bt.integrityCheck([1, db.tRoot, db.iRoot]), []);
  const path = `${dir}/w_${pageSize}_${seed}.db`;
  Deno.writeFileSync(path, db.pager.image());
  oracleCheck(path, model);
}

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
  const path = `${dir}/big_rowids.db`;
  Deno.writeFileSync(path, db.pager.image());
  const sq = new DatabaseSync(path);
  const st = sq.prepare("SELECT rowid AS r, a FROM t ORDER BY rowid");
  st.setReadBigInts(true);
  const rows = st.all() as { r: bigint; a: bigint }[];
  assert.deepEqual(rows.map((x) => x.r), ids);
  assert.deepEqual(rows.map((x) => x.a), ids);
  assert.equal(
    (sq.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check,
    "ok",
  );
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
  const theirs = {
    pages: (sq.prepare("PRAGMA page_count").get() as { page_count: number }).page_count,
    free: (sq.prepare("PRAGMA freelist_count").get() as { freelist_count: number }).freelist_count,
  };
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
  Deno.writeFileSync(mine, db.pager.image());
  const chk = new DatabaseSync(mine);
  assert.equal(
    (chk.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check,
    "ok",
  );
  chk.close();
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
    const n = (pg.data[h + 3] << 8) | pg.data[h + 4];
    let child = 0;
    if (!leaf) {
      if (n > 0) {
        const off = (pg.data[h + 12] << 8) | pg.data[h + 13];
        child = ((pg.data[off] << 24) | (pg.data[off + 1] << 16) | (pg.data[off + 2] << 8) |
          pg.data[off + 3]) >>> 0;
      } else {
        child = ((pg.data[h + 8] << 24) | (pg.data[h + 9] << 16) | (pg.data[h + 10] << 8) |
          pg.data[h + 11]) >>> 0;
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
    const pager = new MemPager(null, 1024);
    const bt = new Btree(pager, { textEncoding: enc });
    pager.beginWrite();
    const t = bt.createTable("table");
    const i = bt.createTable("index");
    writeSchemaRow(bt, {
      type: "table",
      name: "t",
      tbl_name: "t",
      rootpage: t,
      sql: "CREATE TABLE t(a, b)",
    });
    writeSchemaRow(bt, {
      type: "index",
      name: "t_a",
      tbl_name: "t",
      rootpage: i,
      sql: "CREATE INDEX t_a ON t(a)",
    });
    bt.setMeta(Meta.SCHEMA_VERSION, 1);
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
    const path = `${dir}/utf16_${enc}.db`;
    Deno.writeFileSync(path, pager.image());
    const db = new DatabaseSync(path);
    assert.equal(
      (db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check,
      "ok",
    );
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
