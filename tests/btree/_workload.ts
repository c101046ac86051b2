/**
 * Shared random insert/update/delete workload for the b-tree write tests and
 * soak (not product code): a table `t(a, b)` with index `t_a`, an in-memory
 * model checked as it goes, and a final check by node:sqlite.
 */
import assert from "node:assert/strict";
import type { Btree } from "../../src/btree/btree.ts";
import { Meta } from "../../src/btree/types.ts";
import type { Cursor } from "../../src/btree/cursor.ts";
import { encodeRecord, RecordReader } from "../../src/format/record.ts";
import type { MemPager } from "./_mem_pager.ts";
import {
  assertSqliteIntegrity,
  createSchema,
  DatabaseSync,
  freshBtree,
  prng,
  tmpdir,
} from "./_util.ts";

const dir = tmpdir();

export type Val = number | string | Uint8Array | null;

export interface Db {
  pager: MemPager;
  bt: Btree;
  tRoot: number;
  iRoot: number;
}

/** A fresh database with `CREATE TABLE t(a, b)` and `CREATE INDEX t_a ON t(a)`. */
export function createDb(pageSize: number, reserved = 0, autoVacuum: 0 | 1 | 2 = 0): Db {
  const { pager, bt } = freshBtree(pageSize, { autoVacuum }, reserved);
  const [tRoot, iRoot] = createSchema(bt, [
    { table: "t", sql: "CREATE TABLE t(a, b)" },
    { index: "t_a", on: "t", sql: "CREATE INDEX t_a ON t(a)" },
  ]);
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
  assertSqliteIntegrity(db);
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

export function workload(
  pageSize: number,
  ops: number,
  seed: number,
  keySpace: number,
  reserved = 0,
  autoVacuum: 0 | 1 | 2 = 0,
): void {
  const db = createDb(pageSize, reserved, autoVacuum);
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
  assert.equal(db.bt.autoVacuum, autoVacuum);
  if (autoVacuum === 2) {
    const before = db.pager.pageCount();
    db.pager.beginWrite();
    const freed = db.bt.incrementalVacuum(0);
    db.bt.commit();
    assert.equal(db.pager.pageCount(), before - freed);
  }
  if (autoVacuum !== 0) assert.equal(db.bt.getMeta(Meta.FREE_PAGE_COUNT), 0, "vacuumed");
  assert.equal(db.pager.outstanding(), 0, "no leaked page references");
  checkModel(db, model);
  assert.deepEqual(db.bt.integrityCheck([1, db.tRoot, db.iRoot]), []);
  const path = `${dir}/w_${pageSize}_${seed}_${autoVacuum}.db`;
  Deno.writeFileSync(path, db.pager.image());
  oracleCheck(path, model);
}
