/**
 * Full scan of a 100k-row, 4-column table decoding every column: tsqlite's
 * pager + b-tree cursor + RecordReader beside node:sqlite iterating
 * `SELECT * FROM t` on the same file. Target: within 2x.
 */
import { DatabaseSync } from "node:sqlite";
import { Btree } from "../src/btree/btree.ts";
import { readSchema } from "../src/btree/schema_table.ts";
import { RecordReader } from "../src/format/record.ts";
import { Pager } from "../src/pager/pager.ts";
import { DenoFileVfs } from "../src/vfs/deno_file.ts";
import { benchDb, ROWS } from "./_btree_data.ts";

const path = benchDb();
const pager = new Pager(new DenoFileVfs(), path, { readonly: true, cacheSize: -512000 });
const bt = new Btree(pager);
pager.beginRead();
const root = readSchema(bt).find((s) => s.name === "t")!.rootpage;
const reader = new RecordReader();
const db = new DatabaseSync(path, { readOnly: true });
const all = db.prepare("SELECT * FROM t");

let sink = 0;

Deno.bench({
  name: "node:sqlite iterate SELECT * (100k rows, 4 cols)",
  group: "full scan",
  baseline: true,
  fn() {
    let n = 0;
    for (const _r of all.iterate()) n++;
    if (n !== ROWS) throw new Error("row count");
  },
});

Deno.bench({
  name: "tsqlite cursor scan + decode every column",
  group: "full scan",
  fn() {
    const cur = bt.cursorOf(root, "table");
    let n = 0;
    for (let ok = cur.first(); ok; ok = cur.next()) {
      const p = cur.payload();
      reader.reset(p.data, p.offset, p.length, 1);
      cur.rowid();
      for (let i = 0; i < reader.columnCount; i++) {
        switch (reader.typeOf(i)) {
          case 1:
            sink += reader.int(i) as number;
            break;
          case 2:
            sink += reader.real(i);
            break;
          case 3:
            sink += reader.text(i).length;
            break;
          case 4:
            sink += reader.blob(i).length;
            break;
        }
      }
      n++;
    }
    cur.close();
    if (n !== ROWS) throw new Error("row count");
  },
});

globalThis.addEventListener("unload", () => {
  if (sink === 0.5) console.log(sink);
});
