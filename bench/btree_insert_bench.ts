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
    const vfs = new MemoryVfs();
    const pager = new Pager(vfs, `b${n++}.db`, { journalMode: "memory", cacheSize: -512000 });
    const bt = new Btree(pager);
    pager.beginWrite();
    const root = bt.createTable("table");
    const cur = bt.cursorOf(root, "table", { write: true });
    for (let i = 0; i < rows.length; i++) cur.insert(i + 1, encodeRecord(rows[i]));
    cur.close();
    bt.commit();
    pager.close();
  },
});
