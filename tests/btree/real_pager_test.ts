/**
 * The b-tree layer over the real Pager (rollback journal, Deno files):
 * files written through it are read by node:sqlite; files written by
 * node:sqlite are read and then modified through it; auto_vacuum FULL and
 * INCREMENTAL files written by tsqlite keep a valid pointer map (SQLite's
 * integrity_check verifies it) and shrink as SQLite's do.
 */
import assert from "node:assert/strict";
import { Btree } from "../../src/btree/btree.ts";
import { readSchema, writeSchemaRow } from "../../src/btree/schema_table.ts";
import { Meta } from "../../src/btree/types.ts";
import { encodeRecord } from "../../src/format/record.ts";
import { Pager } from "../../src/pager/pager.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { MemPager } from "./_mem_pager.ts";
import {
  assertSqliteIntegrity,
  createSchema,
  DatabaseSync,
  pageUsage,
  prng,
  readTableOracle,
  readTableTs,
  tmpdir,
} from "./_util.ts";

const dir = tmpdir();
const vfs = new DenoFileVfs();

function ok(path: string): void {
  const db = new DatabaseSync(path);
  try {
    assertSqliteIntegrity(db);
  } finally {
    db.close();
  }
  // And tsqlite's own check agrees (including the pointer map in auto_vacuum files).
  const bt = new Btree(new MemPager(Deno.readFileSync(path), 4096, 0, true));
  const roots = [1, ...readSchema(bt).map((s) => s.rootpage).filter((x) => x > 0)];
  assert.deepEqual(bt.integrityCheck(roots), []);
}

function sqliteCount(path: string, sql: string): number {
  const db = new DatabaseSync(path);
  const v = Object.values(db.prepare(sql).get() as Record<string, number>)[0];
  db.close();
  return v;
}

Deno.test("real pager: tsqlite writes a table + index file that SQLite reads exactly", () => {
  const path = `${dir}/rp1.db`;
  const pager = new Pager(vfs, path, { pageSize: 1024 });
  const bt = new Btree(pager);
  pager.beginWrite();
  const [root, iroot] = createSchema(bt, [
    { table: "t", sql: "CREATE TABLE t(a, b)" },
    { index: "t_b", on: "t", sql: "CREATE INDEX t_b ON t(b)" },
  ]);
  bt.commit();
  const r = prng(5);
  const model = new Map<number, [number, string]>();
  for (let txn = 0; txn < 5; txn++) {
    pager.beginWrite();
    const c = bt.cursorOf(root, "table", { write: true });
    const ic = bt.cursorOf(iroot, "index", { write: true });
    for (let i = 0; i < 3000; i++) {
      const id = Math.floor(r() * 100000);
      if (model.has(id)) continue;
      const b = "b" + "q".repeat(Math.floor(r() * (r() < 0.02 ? 3000 : 50)));
      c.insert(id, encodeRecord([i, b]));
      ic.insertIndex(encodeRecord([b, id]));
      model.set(id, [i, b]);
    }
    c.close();
    ic.close();
    bt.commit();
  }
  pager.close();
  ok(path);
  const db = new DatabaseSync(path);
  const rows = db.prepare("SELECT rowid AS id, a, b FROM t ORDER BY rowid").all() as {
    id: number;
    a: number;
    b: string;
  }[];
  db.close();
  assert.equal(rows.length, model.size);
  for (const row of rows) assert.deepEqual([row.a, row.b], model.get(row.id));
});

Deno.test("real pager: SQLite's file read back, then modified by tsqlite, stays valid for SQLite", () => {
  const path = `${dir}/rp2.db`;
  const db = new DatabaseSync(path);
  db.exec("CREATE TABLE t(a, b, c, d)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  for (let i = 0; i < 5000; i++) {
    ins.run(i, `t${i}`, i * 0.5, i % 3 ? null : new Uint8Array([i & 255]));
  }
  db.exec("COMMIT");
  db.close();
  const pager = new Pager(vfs, path);
  const bt = new Btree(pager);
  pager.beginRead();
  const root = readSchema(bt).find((s) => s.name === "t")!.rootpage;
  const mine = readTableTs(bt, root, 4);
  pager.endRead();
  const db2 = new DatabaseSync(path);
  assert.deepEqual(
    mine,
    readTableOracle(db2, "SELECT $COLS FROM t ORDER BY rowid", ["a", "b", "c", "d"]),
  );
  db2.close();
  pager.beginWrite();
  const c = bt.cursorOf(root, "table", { write: true });
  for (let ok = c.first(); ok;) {
    const id = Number(c.rowid());
    if (id % 2 === 0) {
      c.delete();
      ok = c.next();
    } else ok = c.next();
  }
  c.insert(100000, encodeRecord(["new", 1, 2, 3]));
  c.close();
  bt.commit();
  pager.close();
  ok(path);
  assert.equal(sqliteCount(path, "SELECT count(*) FROM t"), 2501);
  assert.equal(sqliteCount(path, "SELECT count(*) FROM t WHERE rowid % 2 = 0"), 1);
});

for (const mode of [1, 2] as const) {
  Deno.test(`real pager: auto_vacuum ${mode === 1 ? "FULL" : "INCREMENTAL"} written by tsqlite keeps the ptrmap valid`, () => {
    const path = `${dir}/av${mode}.db`;
    const pager = new Pager(vfs, path, { pageSize: 1024 });
    const bt = new Btree(pager, { autoVacuum: mode });
    pager.beginWrite();
    const roots: number[] = [];
    for (let t = 0; t < 3; t++) {
      const root = bt.createTable("table");
      roots.push(root);
      writeSchemaRow(bt, {
        type: "table",
        name: `t${t}`,
        tbl_name: `t${t}`,
        rootpage: root,
        sql: `CREATE TABLE t${t}(a, b)`,
      });
    }
    bt.setMeta(Meta.SCHEMA_VERSION, 1);
    bt.commit();
    const r = prng(mode);
    pager.beginWrite();
    for (const root of roots) {
      const c = bt.cursorOf(root, "table", { write: true });
      for (let i = 1; i <= 2000; i++) {
        c.insert(i, encodeRecord([i, "x".repeat(r() < 0.05 ? 4000 : 30)]));
      }
      c.close();
    }
    bt.commit();
    pager.close();
    ok(path);
    const before = sqliteCount(path, "PRAGMA page_count");
    const p2 = new Pager(vfs, path);
    const bt2 = new Btree(p2);
    p2.beginWrite();
    for (const root of roots.slice(0, 2)) {
      const c = bt2.cursorOf(root, "table", { write: true });
      for (let ok = c.first(); ok;) {
        if (Number(c.rowid()) % 10 !== 0) {
          c.delete();
          ok = c.next();
        } else ok = c.next();
      }
      c.close();
    }
    if (mode === 2) bt2.incrementalVacuum(0);
    bt2.commit();
    p2.close();
    ok(path);
    const after = sqliteCount(path, "PRAGMA page_count");
    assert.equal(sqliteCount(path, "PRAGMA freelist_count"), 0);
    assert.ok(after < before * 0.6, `shrunk ${before} -> ${after}`);
    // Drop a table in the middle: the last root moves into its slot.
    const p3 = new Pager(vfs, path);
    const bt3 = new Btree(p3);
    p3.beginWrite();
    const moved = bt3.dropTable(roots[0]);
    const schema = readSchema(bt3);
    const cur = bt3.cursorOf(1, "table", { write: true });
    for (const s of schema) {
      if (s.rootpage === roots[0]) {
        assert.equal(cur.seekRowid(s.rowid), 0);
        cur.delete();
      } else if (moved && s.rootpage === moved) {
        assert.equal(cur.seekRowid(s.rowid), 0);
        cur.insert(s.rowid, encodeRecord([s.type, s.name, s.tbl_name, roots[0], s.sql]));
      }
    }
    cur.close();
    bt3.setMeta(Meta.SCHEMA_VERSION, 2);
    if (mode === 2) bt3.incrementalVacuum(0);
    bt3.commit();
    p3.close();
    ok(path);
    assert.equal(sqliteCount(path, "SELECT count(*) FROM t2"), 2000);
    assert.equal(sqliteCount(path, "SELECT count(*) FROM t1"), 200);
  });
}

Deno.test("real pager: tsqlite modifies an auto_vacuum=FULL file SQLite wrote", () => {
  const path = `${dir}/av_sq.db`;
  const db = new DatabaseSync(path);
  db.exec("PRAGMA auto_vacuum=FULL; CREATE TABLE t(a, b); CREATE INDEX ta ON t(a)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  for (let i = 0; i < 3000; i++) ins.run(i, "y".repeat(i % 50 === 0 ? 3000 : 20));
  db.exec("COMMIT");
  db.close();
  const pager = new Pager(vfs, path);
  const bt = new Btree(pager);
  pager.beginWrite();
  const schema = readSchema(bt);
  const root = schema.find((s) => s.name === "t")!.rootpage;
  const iroot = schema.find((s) => s.name === "ta")!.rootpage;
  const c = bt.cursorOf(root, "table", { write: true });
  const ic = bt.cursorOf(iroot, "index", { write: true });
  for (let id = 1; id <= 3000; id++) {
    if (id % 4 === 0) continue;
    assert.equal(c.seekRowid(id), 0);
    c.delete();
    assert.equal(ic.seekIndex(encodeRecord([id - 1, id])), 0);
    ic.delete();
  }
  c.close();
  ic.close();
  bt.commit();
  pager.close();
  ok(path);
  assert.equal(sqliteCount(path, "SELECT count(*) FROM t"), 750);
  assert.equal(sqliteCount(path, "PRAGMA freelist_count"), 0);
});

Deno.test("real pager: a 5-page cache (constant spilling) under random inserts/deletes stays valid", () => {
  const path = `${dir}/tiny_cache.db`;
  const pager = new Pager(vfs, path, { pageSize: 512, cacheSize: 5 });
  const bt = new Btree(pager);
  pager.beginWrite();
  const [root, iroot] = createSchema(bt, [
    { table: "t", sql: "CREATE TABLE t(a, b)" },
    { index: "t_a", on: "t", sql: "CREATE INDEX t_a ON t(a)" },
  ]);
  const c = bt.cursorOf(root, "table", { write: true });
  const ic = bt.cursorOf(iroot, "index", { write: true });
  const r = prng(42);
  const live = new Map<number, number>();
  for (let i = 0; i < 6000; i++) {
    const id = 1 + Math.floor(r() * 3000);
    if (live.has(id)) {
      assert.equal(c.seekRowid(id), 0);
      c.delete();
      assert.equal(ic.seekIndex(encodeRecord([live.get(id)!, id])), 0);
      ic.delete();
      live.delete(id);
    } else {
      const a = Math.floor(r() * 1e6);
      c.insert(id, encodeRecord([a, "v".repeat(Math.floor(r() * (r() < 0.05 ? 2000 : 60)))]));
      ic.insertIndex(encodeRecord([a, id]));
      live.set(id, a);
    }
  }
  c.close();
  ic.close();
  bt.commit();
  pager.close();
  ok(path);
  assert.equal(sqliteCount(path, "SELECT count(*) FROM t"), live.size);
});

Deno.test("real pager: a header SQLite would refuse (payload fractions) is SQLITE_NOTADB at first use", () => {
  const path = `${dir}/badfrac.db`;
  const db = new DatabaseSync(path);
  db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
  db.close();
  const b = Deno.readFileSync(path);
  b[21] = 65;
  Deno.writeFileSync(path, b);
  const pager = new Pager(vfs, path, { readonly: true });
  const bt = new Btree(pager);
  pager.beginRead();
  assert.throws(
    () => readSchema(bt),
    (e: unknown) => (e as { code?: string }).code === "SQLITE_NOTADB",
  );
  pager.endRead();
  pager.close();
  assert.throws(
    () => new DatabaseSync(path).prepare("SELECT * FROM t").all(),
    /file is not a database/,
  );
});

Deno.test("real pager: incrementalVacuum(n) shrinks an INCREMENTAL file exactly as SQLite's PRAGMA incremental_vacuum(n)", () => {
  const a = `${dir}/iv_sqlite.db`;
  const db = new DatabaseSync(a);
  db.exec(
    "PRAGMA page_size=1024; PRAGMA auto_vacuum=INCREMENTAL; CREATE TABLE t(a, b); CREATE INDEX ta ON t(a)",
  );
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  for (let i = 0; i < 3000; i++) ins.run(i, "z".repeat(i % 40 === 0 ? 3000 : 80));
  db.exec("COMMIT");
  db.exec("DELETE FROM t WHERE a % 3 != 0");
  db.close();
  const b = `${dir}/iv_ts.db`;
  Deno.copyFileSync(a, b);
  for (const n of [5, 40, 0]) {
    const s = new DatabaseSync(a);
    // Stepped to completion (exec()/run() step once, i.e. one page).
    s.prepare(`PRAGMA incremental_vacuum(${n})`).all();
    const want = pageUsage(s);
    s.close();
    const pager = new Pager(vfs, b);
    const bt = new Btree(pager);
    pager.beginWrite();
    bt.incrementalVacuum(n);
    bt.commit();
    pager.beginRead();
    const got = { pages: pager.pageCount(), free: bt.getMeta(Meta.FREE_PAGE_COUNT) };
    pager.endRead();
    pager.close();
    assert.deepEqual(got, want, `incremental_vacuum(${n})`);
    ok(b);
  }
  assert.equal(sqliteCount(b, "SELECT count(*) FROM t"), 1000);
});

Deno.test("real pager: savepoint rollback in the middle of b-tree work, then more work, commits a valid file", () => {
  const path = `${dir}/sp.db`;
  const pager = new Pager(vfs, path, { pageSize: 1024 });
  const bt = new Btree(pager);
  pager.beginWrite();
  const [root] = createSchema(bt, [{ table: "t", sql: "CREATE TABLE t(a, b)" }]);
  let c = bt.cursorOf(root, "table", { write: true });
  for (let i = 1; i <= 1000; i++) {
    c.insert(i, encodeRecord([i, "k".repeat(i % 50 === 0 ? 3000 : 40)]));
  }
  c.close();
  pager.savepoint(1);
  c = bt.cursorOf(root, "table", { write: true });
  for (let i = 1001; i <= 3000; i++) c.insert(i, encodeRecord([i, "s".repeat(100)]));
  for (let i = 1; i <= 1000; i += 2) {
    if (c.seekRowid(i) === 0) c.delete();
  }
  c.close();
  pager.rollbackTo(1);
  pager.releaseSavepoint(1);
  c = bt.cursorOf(root, "table", { write: true });
  for (let i = 2; i <= 1000; i += 2) {
    assert.equal(c.seekRowid(i), 0);
    c.delete();
  }
  for (let i = 5000; i < 5500; i++) c.insert(i, encodeRecord([i, "z"]));
  assert.equal(c.count(), 1000);
  c.close();
  bt.commit();
  pager.close();
  ok(path);
  assert.equal(sqliteCount(path, "SELECT count(*) FROM t"), 1000);
  assert.equal(sqliteCount(path, "SELECT count(*) FROM t WHERE a % 2 = 1 AND a <= 1000"), 500);
});

Deno.test("real pager: auto_vacuum createTable moves the page occupying the next root slot", () => {
  for (const mode of [1, 2] as const) {
    const path = `${dir}/avroot${mode}.db`;
    const pager = new Pager(vfs, path, { pageSize: 512 });
    const bt = new Btree(pager, { autoVacuum: mode });
    pager.beginWrite();
    const t0 = bt.createTable("table");
    writeSchemaRow(bt, {
      type: "table",
      name: "t0",
      tbl_name: "t0",
      rootpage: t0,
      sql: "CREATE TABLE t0(a, b)",
    });
    const c = bt.cursorOf(t0, "table", { write: true });
    for (let i = 1; i <= 600; i++) {
      c.insert(i, encodeRecord([i, "q".repeat(i % 30 === 0 ? 1500 : 50)]));
    }
    c.close();
    bt.setMeta(Meta.SCHEMA_VERSION, 1);
    bt.commit();
    pager.beginWrite();
    // New roots go right after the largest root, where t0's pages (and ptrmap pages) now live.
    const roots: number[] = [];
    for (let k = 1; k <= 3; k++) {
      const r = bt.createTable(k === 2 ? "index" : "table");
      roots.push(r);
      const sql = k === 2 ? "CREATE INDEX i2 ON t0(a)" : `CREATE TABLE t${k}(x)`;
      writeSchemaRow(bt, {
        type: k === 2 ? "index" : "table",
        name: k === 2 ? "i2" : `t${k}`,
        tbl_name: k === 2 ? "t0" : `t${k}`,
        rootpage: r,
        sql,
      });
      if (k === 2) {
        const ic = bt.cursorOf(r, "index", { write: true });
        for (let i = 1; i <= 600; i++) ic.insertIndex(encodeRecord([i, i]));
        ic.close();
      } else {
        const tc = bt.cursorOf(r, "table", { write: true });
        for (let i = 1; i <= 50; i++) tc.insert(i, encodeRecord([i]));
        tc.close();
      }
    }
    // The slots right after t0's root were in use by t0's own pages: they were moved away.
    assert.deepEqual(roots, [t0 + 1, t0 + 2, t0 + 3]);
    bt.setMeta(Meta.SCHEMA_VERSION, 2);
    bt.commit();
    pager.close();
    ok(path);
    assert.equal(sqliteCount(path, "SELECT count(*) FROM t0"), 600);
    assert.equal(sqliteCount(path, "SELECT count(*) FROM t3"), 50);
    assert.equal(sqliteCount(path, "SELECT sum(a) FROM t0 INDEXED BY i2 WHERE a > 0"), 180300);
  }
});
