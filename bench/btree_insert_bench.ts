/**
 * Bulk insert: 100k rows (4 columns) in one transaction into a fresh
 * in-memory database — tsqlite (record encoding + cursor insert over the
 * real Pager on the memory VFS) beside node:sqlite's prepared INSERT in
 * BEGIN/COMMIT on :memory:. Target: within 3x.
 */
import { DatabaseSync } from "node:sqlite";
import { Btree } from "../src/btree/btree.ts";
import { encodeRecord } from "../src/format/record.ts";
import { Pager } from "../src/pager/pager.ts";
import { MemoryVfs } from "../src/vfs/memory.ts";
import { row, ROWS } from "./_btree_data.ts";

const rows = Array.from({ length: ROWS }, (_, i) => row(i + 1));
let n = 0;

/** tsqlite: every row, at rowid `ids[i]`, into a new in-memory database in one transaction. */
function tsqliteInsert(ids: ArrayLike<number>): void {
  const pager = new Pager(new MemoryVfs(), `b${n++}.db`, {
    journalMode: "memory",
    cacheSize: -512000,
  });
  const bt = new Btree(pager);
  pager.beginWrite();
  const root = bt.createTable("table");
  const cur = bt.cursorOf(root, "table", { write: true });
  for (let i = 0; i < rows.length; i++) cur.insert(ids[i], encodeRecord(rows[i]));
  cur.close();
  bt.commit();
  pager.close();
}

const sequentialIds = Array.from({ length: ROWS }, (_, i) => i + 1);

Deno.bench({
  name: "node:sqlite 100k INSERTs in one transaction",
  group: "bulk insert",
  baseline: true,
  fn() {
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE TABLE t(a INTEGER, b TEXT, c REAL, d BLOB)");
    const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
    db.exec("BEGIN");
    for (const r of rows) ins.run(...r);
    db.exec("COMMIT");
    db.close();
  },
});

Deno.bench({
  name: "tsqlite 100k encodeRecord + cursor.insert in one transaction",
  group: "bulk insert",
  fn() {
    tsqliteInsert(sequentialIds);
  },
});

// Random-order keys: every insert lands mid-tree, so balance_nonroot does the work.
const randomIds: number[] = [];
{
  let s = 1;
  for (let i = 0; i < ROWS; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    randomIds.push(s);
  }
}

Deno.bench({
  name: "node:sqlite 100k random-rowid INSERTs in one transaction",
  group: "random insert",
  baseline: true,
  fn() {
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE TABLE t(a INTEGER, b TEXT, c REAL, d BLOB)");
    const ins = db.prepare("INSERT OR REPLACE INTO t(rowid, a, b, c, d) VALUES (?, ?, ?, ?, ?)");
    db.exec("BEGIN");
    for (let i = 0; i < ROWS; i++) ins.run(randomIds[i], ...rows[i]);
    db.exec("COMMIT");
    db.close();
  },
});

Deno.bench({
  name: "tsqlite 100k random-rowid inserts in one transaction",
  group: "random insert",
  fn() {
    tsqliteInsert(randomIds);
  },
});
