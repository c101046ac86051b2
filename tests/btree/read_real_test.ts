/**
 * Databases written by real SQLite (node:sqlite) read back by tsqlite's
 * format + btree layers with exactly the values and storage classes SQLite
 * reports: every page size, UTF-16 encodings, overflow chains, freelists,
 * auto_vacuum, WITHOUT ROWID, and a 10^5-row table three levels deep.
 */
import assert from "node:assert/strict";
import { get16, get32 } from "../../src/format/header.ts";
import {
  DatabaseSync,
  openImage,
  prng,
  readIndexTs,
  readTableOracle,
  readTableTs,
  rootOf,
  tmpdir,
} from "./_util.ts";
import { readSchema } from "../../src/btree/schema_table.ts";
import { encodeRecord } from "../../src/format/record.ts";

const dir = tmpdir();

function fillMixed(db: DatabaseSync, n: number, seed: number, bigText: boolean): void {
  const r = prng(seed);
  db.exec("CREATE TABLE t(a, b, c, d)");
  db.exec("CREATE INDEX t_ab ON t(a, b)");
  db.exec("CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  const insw = db.prepare("INSERT OR REPLACE INTO w VALUES (?, ?)");
  db.exec("BEGIN");
  const ints = [
    0,
    1,
    -1,
    127,
    128,
    -129,
    32768,
    8388608,
    -2147483649,
    140737488355328,
    9007199254740993n,
    -(2n ** 63n),
  ];
  for (let i = 0; i < n; i++) {
    const kind = i % 6;
    const a = kind === 0
      ? null
      : kind === 1
      ? ints[i % ints.length]
      : kind === 2
      ? r() * 1000 - 500
      : kind === 3
      ? `s${Math.floor(r() * 1e6)}é`
      : kind === 4
      ? new Uint8Array([i & 255, 1, 2])
      : i;
    const len = bigText && i % 17 === 0 ? 3000 + Math.floor(r() * 20000) : Math.floor(r() * 40);
    const c = "x".repeat(len) + i;
    const d = bigText && i % 23 === 0 ? new Uint8Array(5000 + (i % 7000)).fill(i & 255) : 2.5;
    ins.run(a as never, i, c, d as never);
    insw.run(`k${i % 997}` + (bigText && i % 31 === 0 ? "y".repeat(2000) : ""), i);
  }
  db.exec("COMMIT");
}

function compareDb(path: string, tables: boolean): void {
  const db = new DatabaseSync(path);
  const { bt, pager } = openImage(Deno.readFileSync(path));
  const rootT = rootOf(bt, "t");
  const mine = readTableTs(bt, rootT, 4);
  const theirs = readTableOracle(db, "SELECT $COLS FROM t ORDER BY rowid", ["a", "b", "c", "d"]);
  assert.equal(mine.length, theirs.length);
  assert.deepEqual(mine, theirs);
  if (tables) {
    // The index holds (a, b, rowid) in SQLite's order.
    const idx = readIndexTs(bt, rootOf(bt, "t_ab"), 3);
    const want = readTableOracle(
      db,
      "SELECT a, typeof(a), b, typeof(b), rowid, typeof(rowid) FROM t INDEXED BY t_ab ORDER BY a, b, rowid",
      [],
      false,
    );
    const wantRows = db.prepare(
      "SELECT a, typeof(a) ta, b, rowid FROM t INDEXED BY t_ab ORDER BY a, b, rowid",
    ).all() as Record<string, unknown>[];
    assert.equal(idx.length, wantRows.length);
    void want;
    for (let i = 0; i < idx.length; i++) {
      const [ta] = idx[i][0] as [string];
      assert.equal(ta, wantRows[i].ta, `index row ${i}`);
      assert.equal((idx[i][2] as [string, bigint])[1], BigInt(wantRows[i].rowid as number));
    }
    const w = readIndexTs(bt, rootOf(bt, "w"), 2);
    const ww = readTableOracle(db, "SELECT $COLS FROM w ORDER BY k", ["k", "v"], false);
    assert.deepEqual(w, ww);
  }
  assert.deepEqual(bt.integrityCheck(readSchema(bt).map((r) => r.rootpage).concat([1])), []);
  assert.equal(pager.outstanding(), 0);
  db.close();
}

for (const ps of [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]) {
  Deno.test(`read: page_size ${ps} with overflow chains, freelist, index, WITHOUT ROWID`, () => {
    const path = `${dir}/ps${ps}.db`;
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA page_size=${ps}`);
    fillMixed(db, ps <= 1024 ? 600 : 1500, ps, true);
    db.exec("CREATE TABLE junk(x); INSERT INTO junk VALUES (zeroblob(300000)); DROP TABLE junk");
    db.exec("DELETE FROM t WHERE rowid % 5 = 0");
    db.close();
    const check = new DatabaseSync(path);
    const fl = check.prepare("PRAGMA freelist_count").get() as { freelist_count: number };
    assert.ok(fl.freelist_count > 0, "file has a freelist");
    check.close();
    compareDb(path, true);
  });
}

for (const enc of ["UTF-16le", "UTF-16be"]) {
  Deno.test(`read: ${enc} text`, () => {
    const path = `${dir}/${enc}.db`;
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA encoding='${enc}'`);
    fillMixed(db, 800, 3, true);
    db.close();
    const { bt } = openImage(Deno.readFileSync(path));
    assert.equal(bt.textEncoding, enc === "UTF-16le" ? 2 : 3);
    compareDb(path, true);
  });
}

for (const av of ["FULL", "INCREMENTAL"]) {
  Deno.test(`read: auto_vacuum ${av}`, () => {
    const path = `${dir}/av_${av}.db`;
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA auto_vacuum=${av}`);
    fillMixed(db, 1500, 9, true);
    db.exec("DELETE FROM t WHERE rowid % 3 = 0");
    db.close();
    const { bt } = openImage(Deno.readFileSync(path));
    assert.equal(bt.autoVacuum, av === "FULL" ? 1 : 2);
    compareDb(path, true);
  });
}

Deno.test("read: 10^5-row table is three or more levels deep and reads back exactly", () => {
  const path = `${dir}/big.db`;
  const db = new DatabaseSync(path);
  db.exec("PRAGMA page_size=1024");
  db.exec("CREATE TABLE t(a, b, c, d)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  for (let i = 0; i < 100000; i++) ins.run(i * 7, `row ${i}`, i / 3, i % 2 ? null : "v");
  db.exec("COMMIT");
  db.close();
  const { bt } = openImage(Deno.readFileSync(path));
  const root = rootOf(bt, "t");
  // depth: follow leftmost pointers
  let depth = 1;
  let pg = bt.pager.get(root);
  while ((pg.data[0] & 8) === 0) {
    const off = get16(pg.data, 12);
    const child = get32(pg.data, off);
    bt.pager.release(pg);
    pg = bt.pager.get(child);
    depth++;
  }
  bt.pager.release(pg);
  assert.ok(depth >= 3, `depth ${depth}`);
  const db2 = new DatabaseSync(path);
  const mine = readTableTs(bt, root, 4);
  const theirs = readTableOracle(db2, "SELECT $COLS FROM t ORDER BY rowid", ["a", "b", "c", "d"]);
  assert.equal(mine.length, 100000);
  assert.deepEqual(mine, theirs);
  // Seeks land where SQLite's rowids are.
  const cur = bt.cursorOf(root, "table");
  assert.equal(cur.seekRowid(50000), 0);
  assert.equal(cur.rowid(), 50000);
  assert.equal(cur.seekRowid(0), 1);
  assert.equal(cur.rowid(), 1);
  assert.equal(cur.seekRowid(100001), -1);
  assert.equal(cur.rowid(), 100000);
  assert.equal(cur.count(), 100000);
  assert.ok(cur.last());
  let n = 0;
  for (let ok = true; ok; ok = cur.prev()) n++;
  assert.equal(n, 100000);
  cur.close();
  db2.close();
});

Deno.test("read: extreme values — 64-bit rowids, ±inf, -0.0, subnormals, empty text/blob, huge text", () => {
  const path = `${dir}/extreme.db`;
  const db = new DatabaseSync(path);
  db.exec("PRAGMA page_size=512; CREATE TABLE t(a, b, c, d)");
  const ins = db.prepare("INSERT INTO t(rowid, a, b, c, d) VALUES (?, ?, ?, ?, ?)");
  const rows: [bigint, unknown, unknown, unknown, unknown][] = [
    [-(2n ** 63n), 1e308, -1e308, 5e-324, -0],
    [-1n, Infinity, -Infinity, "", new Uint8Array(0)],
    [0n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, -(2n ** 53n) - 1n],
    [2n ** 53n + 1n, "x".repeat(100000), new Uint8Array(70000).fill(7), 0.1, 1 / 3],
    [2n ** 63n - 1n, null, 0, 1, "🎉 ünïcödé"],
  ];
  for (const r of rows) ins.run(...(r as [never, never, never, never, never]));
  db.close();
  compareDb(path, false);
});

Deno.test("read: encodeRecord reproduces SQLite's record bytes exactly (all serial types, UTF-8/16)", () => {
  for (const enc of ["UTF-8", "UTF-16le", "UTF-16be"]) {
    const path = `${dir}/bytes_${enc}.db`;
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA encoding='${enc}'; CREATE TABLE t(a, b, c, d)`);
    const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
    const r = prng(enc.length);
    const pool = [
      0,
      1,
      -1,
      127,
      128,
      -32768,
      32768,
      8388607,
      -8388609,
      2147483647,
      2 ** 40,
      -(2 ** 47),
      2n ** 62n,
      1.5,
      2.0,
      -0.25,
      1e300,
      "",
      "abc",
      "héllo wörld",
      new Uint8Array(0),
      new Uint8Array([1, 2, 3]),
      null,
    ];
    db.exec("BEGIN");
    for (let i = 0; i < 300; i++) {
      const pick = () => pool[Math.floor(r() * pool.length)];
      ins.run(pick() as never, pick() as never, pick() as never, pick() as never);
    }
    db.exec("COMMIT");
    const { bt } = openImage(Deno.readFileSync(path));
    const root = rootOf(bt, "t");
    const c = bt.cursorOf(root, "table");
    const st = db.prepare(
      "SELECT a, typeof(a) ta, b, typeof(b) tb, c, typeof(c) tc, d, typeof(d) td FROM t WHERE rowid = ?",
    );
    st.setReadBigInts(true);
    const code = enc === "UTF-8" ? 1 : enc === "UTF-16le" ? 2 : 3;
    let n = 0;
    for (let ok = c.first(); ok; ok = c.next(), n++) {
      const row = st.get(c.rowid()) as Record<string, unknown>;
      const vals = ["a", "b", "c", "d"].map((k) => {
        const v = row[k];
        const t = row[`t${k}`];
        if (t === "real") return { real: Number(v) };
        if (t === "integer") return v as bigint;
        return v as null | string | Uint8Array;
      });
      const p = c.payload();
      assert.deepEqual(
        encodeRecord(vals, code),
        p.data.slice(p.offset, p.offset + p.length),
        `row ${n}`,
      );
    }
    assert.equal(n, 300);
    c.close();
    db.close();
  }
});
