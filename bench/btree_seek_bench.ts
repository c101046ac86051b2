/**
 * Cursor seeks on a 100k-row table: rowid lookups (cell lookup by binary
 * search down the tree, then decode the row) and index-key lookups (record
 * comparison at every step), beside node:sqlite doing the same lookups with
 * prepared `WHERE rowid = ?` / `WHERE b = ?` statements on the same file.
 */
import { DatabaseSync } from "node:sqlite";
import { Btree } from "../src/btree/btree.ts";
import { readSchema } from "../src/btree/schema_table.ts";
import { encodeRecord, RecordReader } from "../src/format/record.ts";
import { Pager } from "../src/pager/pager.ts";
import { DenoFileVfs } from "../src/vfs/deno_file.ts";
import { benchDb, keys, row, ROWS } from "./_btree_data.ts";

const path = benchDb();
const pager = new Pager(new DenoFileVfs(), path, { readonly: true, cacheSize: -512000 });
const bt = new Btree(pager);
pager.beginRead();
const schema = readSchema(bt);
const root = schema.find((s) => s.name === "t")!.rootpage;
const iroot = schema.find((s) => s.name === "t_b")!.rootpage;
const reader = new RecordReader();
const db = new DatabaseSync(path, { readOnly: true });
const byRowid = db.prepare("SELECT * FROM t WHERE rowid = ?");
const byName = db.prepare("SELECT rowid FROM t WHERE b = ?");
const ids = keys(10_000, ROWS);
const names = ids.map((i) => row(i)[1]);
const nameKeys = names.map((n) => encodeRecord([n]));
const cur = bt.cursorOf(root, "table");
const icur = bt.cursorOf(iroot, "index");
let sink = 0;

Deno.bench({
  name: "node:sqlite SELECT * WHERE rowid=? (10k lookups)",
  group: "rowid seek",
  baseline: true,
  fn() {
    for (const id of ids) sink += (byRowid.get(id) as { a: number }).a;
  },
});

Deno.bench({
  name: "tsqlite seekRowid + decode row (10k lookups)",
  group: "rowid seek",
  fn() {
    for (const id of ids) {
      if (cur.seekRowid(id) !== 0) throw new Error("miss");
      const p = cur.payload();
      reader.reset(p.data, p.offset, p.length, 1);
      sink += reader.int(0) as number;
    }
  },
});

Deno.bench({
  name: "node:sqlite SELECT rowid WHERE b=? via index (10k lookups)",
  group: "index seek",
  baseline: true,
  fn() {
    for (const n of names) sink += (byName.get(n) as { rowid: number }).rowid;
  },
});

Deno.bench({
  name: "tsqlite seekIndex (prefix key, record compare) (10k lookups)",
  group: "index seek",
  fn() {
    for (const k of nameKeys) {
      let c = icur.seekIndex(k, 0, k.length, 1);
      if (c < 0) c = icur.next() ? 1 : -1;
      const p = icur.payload();
      reader.reset(p.data, p.offset, p.length, 1);
      sink += reader.int(1) as number;
    }
  },
});
