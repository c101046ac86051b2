/**
 * Cursor semantics: movement, seeks (rowid and index, prefix keys,
 * default_rc), collations and DESC in KeyInfo (checked by SQLite's own
 * integrity_check on an index declared the same way), delete while
 * iterating, cursors saved and restored around another cursor's writes,
 * clear/drop with freelist reuse, and every page size for writes.
 */
import assert from "node:assert/strict";
import { get16, get32 } from "../../src/format/header.ts";
import { Btree } from "../../src/btree/btree.ts";
import { writeSchemaRow } from "../../src/btree/schema_table.ts";
import { Meta } from "../../src/btree/types.ts";
import { encodeRecord, RecordReader } from "../../src/format/record.ts";
import { MemPager } from "./_mem_pager.ts";
import { createSchema, freshBtree, openInSqlite, prng, tmpdir } from "./_util.ts";

const dir = tmpdir();

const nocase = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

Deno.test("cursor: NOCASE DESC index built by tsqlite passes SQLite's integrity_check", () => {
  const { pager, bt } = freshBtree(1024);
  const [t, i] = createSchema(bt, [
    { table: "t", sql: "CREATE TABLE t(a)" },
    { index: "ti", on: "t", sql: "CREATE INDEX ti ON t(a COLLATE NOCASE DESC)" },
  ]);
  const keyInfo = { collations: [nocase, null], desc: [true, false] };
  const tc = bt.cursorOf(t, "table", { write: true });
  const ic = bt.cursorOf(i, "index", { write: true, keyInfo });
  const r = prng(1);
  const words: string[] = [];
  for (let k = 1; k <= 3000; k++) {
    const w = String.fromCharCode(65 + Math.floor(r() * 26), 97 + Math.floor(r() * 26)) +
      (r() < 0.5 ? "X" : "x");
    words.push(w);
    tc.insert(k, encodeRecord([w]));
    ic.insertIndex(encodeRecord([w, k]));
  }
  // Tree order = NOCASE DESC, then rowid ASC.
  const rr = new RecordReader();
  let prev: [string, number] | null = null;
  let n = 0;
  for (let ok = ic.first(); ok; ok = ic.next(), n++) {
    const p = ic.payload();
    rr.reset(p.data, p.offset, p.length, 1);
    const cur: [string, number] = [rr.text(0), Number(rr.int(1))];
    if (prev) {
      const c = -nocase(prev[0], cur[0]) || prev[1] - cur[1];
      assert.ok(c < 0, `${prev} before ${cur}`);
    }
    prev = cur;
  }
  assert.equal(n, 3000);
  // Prefix seek with default_rc = +1 lands after every "Mm*" entry.
  ic.seekIndex(encodeRecord(["mm"]), 0, undefined, 1);
  tc.close();
  ic.close();
  bt.commit();
  const db = openInSqlite(`${dir}/nocase.db`, pager.image());
  const viaIdx = db.prepare("SELECT a FROM t INDEXED BY ti ORDER BY a COLLATE NOCASE DESC, rowid")
    .all() as { a: string }[];
  assert.equal(viaIdx.length, 3000);
  db.close();
});

Deno.test("cursor: index seeks with prefix keys and default_rc", () => {
  const { bt } = freshBtree(512);
  const i = bt.createTable("index");
  const c = bt.cursorOf(i, "index", { write: true });
  for (let a = 0; a < 200; a++) for (let b = 0; b < 5; b++) c.insertIndex(encodeRecord([a, b]));
  const rr = new RecordReader();
  const at = (): number[] => {
    const p = c.payload();
    rr.reset(p.data, p.offset, p.length, 1);
    return [Number(rr.int(0)), Number(rr.int(1))];
  };
  // default_rc = -1: key compares greater than every (50, *) entry -> seek past them.
  let res = c.seekIndex(encodeRecord([50]), 0, undefined, -1);
  if (res < 0) c.next();
  assert.deepEqual(at(), [51, 0]);
  // default_rc = +1: key compares smaller than every (50, *) entry -> first (50, 0).
  res = c.seekIndex(encodeRecord([50]), 0, undefined, 1);
  if (res < 0) c.next();
  assert.deepEqual(at(), [50, 0]);
  assert.equal(c.seekIndex(encodeRecord([77, 3])), 0);
  assert.deepEqual(at(), [77, 3]);
  // 77.5 sorts between (77, 4) and (78, 0): the cursor lands on one of them.
  const mid = c.seekIndex(encodeRecord([77.5]));
  assert.deepEqual(at(), mid === 1 ? [78, 0] : [77, 4]);
  c.seekIndex(encodeRecord([1000]));
  assert.ok(c.eof || at()[0] === 199);
  assert.equal(c.count(), 1000);
  // Walk backwards across interior entries.
  let n = 0;
  for (let ok = c.last(); ok; ok = c.prev()) n++;
  assert.equal(n, 1000);
  c.close();
});

Deno.test("cursor: delete while iterating forward and backward visits every row once", () => {
  const { bt } = freshBtree(512);
  const t = bt.createTable("table");
  const c = bt.cursorOf(t, "table", { write: true });
  for (let k = 1; k <= 5000; k++) c.insert(k, encodeRecord([k, "x".repeat(k % 40)]));
  const seen: number[] = [];
  for (let ok = c.first(); ok;) {
    const id = Number(c.rowid());
    seen.push(id);
    if (id % 3 !== 0) c.delete();
    ok = c.next();
  }
  assert.equal(seen.length, 5000);
  assert.equal(c.count(), 1666);
  const back: number[] = [];
  for (let ok = c.last(); ok;) {
    back.push(Number(c.rowid()));
    c.delete();
    ok = c.prev();
  }
  assert.equal(back.length, 1666);
  assert.ok(back.every((v, i) => i === 0 || v < back[i - 1]));
  assert.equal(c.count(), 0);
  assert.equal(c.first(), false);
  c.close();
});

Deno.test("cursor: a reader is saved and restored around another cursor's inserts and deletes", () => {
  const { bt } = freshBtree(1024);
  const t = bt.createTable("table");
  const w = bt.cursorOf(t, "table", { write: true });
  for (let k = 2; k <= 4000; k += 2) w.insert(k, encodeRecord([k]));
  const rd = bt.cursorOf(t, "table");
  const got: number[] = [];
  let ok = rd.first();
  for (let step = 0; ok; step++) {
    got.push(Number(rd.rowid()));
    if (step % 10 === 0) {
      w.insert(Number(rd.rowid()) + 1, encodeRecord(["odd", "y".repeat(100)]));
      if (w.seekRowid(Number(rd.rowid()) + 4) === 0) w.delete();
    }
    ok = rd.next();
  }
  for (let i = 1; i < got.length; i++) assert.ok(got[i] > got[i - 1], "strictly ascending");
  rd.close();
  w.close();
});

Deno.test("cursor: clearTable and dropTable return pages that are reused", () => {
  const { pager, bt } = freshBtree(1024);
  const t = bt.createTable("table");
  const c = bt.cursorOf(t, "table", { write: true });
  for (let k = 1; k <= 3000; k++) {
    c.insert(k, encodeRecord([k, "z".repeat(k % 100 === 0 ? 3000 : 50)]));
  }
  c.close();
  const pages = pager.pageCount();
  assert.equal(bt.clearTable(t), 3000);
  assert.ok(bt.getMeta(Meta.FREE_PAGE_COUNT) > pages / 2);
  const c2 = bt.cursorOf(t, "table", { write: true });
  for (let k = 1; k <= 3000; k++) {
    c2.insert(k, encodeRecord([k, "z".repeat(k % 100 === 0 ? 3000 : 50)]));
  }
  c2.close();
  assert.ok(pager.pageCount() <= pages + 2, `${pager.pageCount()} vs ${pages}`);
  bt.dropTable(t);
  const t2 = bt.createTable("index");
  const c3 = bt.cursorOf(t2, "index", { write: true });
  for (let k = 1; k <= 3000; k++) c3.insertIndex(encodeRecord([k, "q".repeat(60)]));
  c3.close();
  assert.ok(pager.pageCount() <= pages + 2);
  assert.deepEqual(bt.integrityCheck([1, t2]), []);
});

for (const ps of [2048, 8192, 16384, 32768]) {
  Deno.test(`cursor: writes at page size ${ps} are valid for SQLite`, () => {
    const { pager, bt } = freshBtree(ps);
    const [t] = createSchema(bt, [{ table: "t", sql: "CREATE TABLE t(a, b)" }]);
    const c = bt.cursorOf(t, "table", { write: true });
    const r = prng(ps);
    for (let k = 0; k < 6000; k++) {
      const id = Math.floor(r() * 4000);
      if (r() < 0.3 && c.seekRowid(id) === 0) c.delete();
      else {c.insert(
          id,
          encodeRecord([id, "w".repeat(Math.floor(r() * (r() < 0.05 ? 3 * ps : 200)))]),
        );}
    }
    c.close();
    bt.commit();
    const db = openInSqlite(`${dir}/ps${ps}.db`, pager.image());
    db.close();
  });
}

Deno.test("cursor: an empty file reads as an empty database; new-database options apply before the first write", () => {
  const pager = new MemPager(null, 4096);
  const bt = new Btree(pager);
  const c = bt.cursor(1);
  assert.equal(c.first(), false);
  assert.equal(c.last(), false);
  assert.equal(c.seekRowid(1), -1);
  assert.equal(c.count(), 0);
  c.close();
  assert.ok(bt.setNewDatabaseOptions({ textEncoding: 2, autoVacuum: 2 }));
  pager.beginWrite();
  const root = bt.createTable("table");
  writeSchemaRow(bt, {
    type: "table",
    name: "t",
    tbl_name: "t",
    rootpage: root,
    sql: "CREATE TABLE t(a)",
  });
  const w = bt.cursorOf(root, "table", { write: true });
  w.insert(1, encodeRecord(["héllo"], 2));
  w.close();
  bt.setMeta(Meta.SCHEMA_VERSION, 1);
  bt.commit();
  assert.equal(bt.setNewDatabaseOptions({ textEncoding: 1 }), false);
  assert.equal(bt.textEncoding, 2);
  assert.equal(bt.autoVacuum, 2);
  const db = openInSqlite(`${dir}/utf16_new.db`, pager.image());
  assert.equal((db.prepare("PRAGMA encoding").get() as { encoding: string }).encoding, "UTF-16le");
  assert.equal((db.prepare("PRAGMA auto_vacuum").get() as { auto_vacuum: number }).auto_vacuum, 2);
  assert.equal((db.prepare("SELECT a FROM t").get() as { a: string }).a, "héllo");
  db.close();
});

Deno.test("cursor: the allocator never hands out the lock-byte page (1 GiB offset)", () => {
  const { pager, bt } = freshBtree(512);
  const root = bt.createTable("table");
  const lockPage = 0x40000000 / 512 + 1;
  // Pretend the file already reaches just below the lock-byte page (sparse pages, created lazily).
  const holeFrom = pager.pages.length;
  pager.pages.length = lockPage - 3;
  const get = pager.get.bind(pager);
  pager.get = (pgno: number) => {
    if (pgno > holeFrom && pgno <= pager.pages.length && !pager.pages[pgno - 1]) {
      pager.pages[pgno - 1] = new Uint8Array(512);
    }
    return get(pgno);
  };
  const written = new Set<number>();
  const write = pager.write.bind(pager);
  pager.write = (p) => {
    written.add(p.pgno);
    write(p);
  };
  const c = bt.cursorOf(root, "table", { write: true });
  for (let i = 1; i <= 200; i++) c.insert(i, encodeRecord([i, "x".repeat(100)]));
  assert.ok(
    pager.pageCount() > lockPage + 5,
    `file grew past the lock page (${pager.pageCount()})`,
  );
  assert.ok(!written.has(lockPage), "lock-byte page never written");
  let n = 0;
  for (let ok = c.first(); ok; ok = c.next()) n++;
  assert.equal(n, 200);
  c.close();
});

Deno.test("cursor: index deletes with large, variable keys (interior replacements) keep every page non-empty", () => {
  const { pager, bt } = freshBtree(512);
  const [t, i] = createSchema(bt, [
    { table: "t", sql: "CREATE TABLE t(a)" },
    { index: "ti", on: "t", sql: "CREATE INDEX ti ON t(a)" },
  ]);
  const tc = bt.cursorOf(t, "table", { write: true });
  const ic = bt.cursorOf(i, "index", { write: true });
  const r = prng(77);
  const live = new Map<number, string>();
  for (let op = 0; op < 6000; op++) {
    const id = 1 + Math.floor(r() * 1500);
    if (live.has(id) && r() < 0.55) {
      assert.equal(ic.seekIndex(encodeRecord([live.get(id)!, id])), 0);
      ic.delete();
      assert.equal(tc.seekRowid(id), 0);
      tc.delete();
      live.delete(id);
    } else if (!live.has(id)) {
      const a = "k" + Math.floor(r() * 1e6) + "-".repeat(Math.floor(r() * (r() < 0.1 ? 600 : 90)));
      tc.insert(id, encodeRecord([a]));
      ic.insertIndex(encodeRecord([a, id]));
      live.set(id, a);
    }
  }
  assert.equal(ic.count(), live.size);
  tc.close();
  ic.close();
  // No non-root page of the index is empty.
  const stack = [i];
  while (stack.length) {
    const pgno = stack.pop()!;
    const pg = pager.get(pgno);
    const n = get16(pg.data, 3);
    if (pgno !== i) assert.ok(n > 0, `page ${pgno} empty`);
    if ((pg.data[0] & 8) === 0) {
      for (let k = 0; k < n; k++) {
        const off = get16(pg.data, 12 + 2 * k);
        stack.push(
          get32(pg.data, off),
        );
      }
      stack.push(
        get32(pg.data, 8),
      );
    }
    pager.release(pg);
  }
  bt.commit();
  const db = openInSqlite(`${dir}/idxdel.db`, pager.image());
  assert.equal((db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n, live.size);
  db.close();
});
