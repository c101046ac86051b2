/**
 * Record decoding: 100k 4-column records (INTEGER, TEXT, REAL, BLOB/NULL)
 * decoded column by column with RecordReader, beside node:sqlite iterating
 * `SELECT * FROM t` over the same rows in :memory: (its per-row work is
 * mostly record decoding plus value conversion).
 */
import { DatabaseSync } from "node:sqlite";
import { encodeRecord, RecordReader } from "../src/format/record.ts";
import { row, ROWS } from "./_btree_data.ts";

const recs = Array.from({ length: ROWS }, (_, i) => encodeRecord(row(i + 1)));
const db = new DatabaseSync(":memory:");
db.exec("CREATE TABLE t(a INTEGER, b TEXT, c REAL, d BLOB)");
db.exec("BEGIN");
const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
for (let i = 1; i <= ROWS; i++) ins.run(...row(i));
db.exec("COMMIT");
const all = db.prepare("SELECT * FROM t");
const r = new RecordReader();
let sink = 0;

Deno.bench({
  name: "node:sqlite iterate SELECT * (100k rows)",
  group: "record decode",
  baseline: true,
  fn() {
    for (const _x of all.iterate()) sink++;
  },
});
Deno.bench({
  name: "tsqlite RecordReader: 100k records, every column",
  group: "record decode",
  fn() {
    for (const rec of recs) {
      r.reset(rec, 0, rec.length, 1);
      sink += r.int(0) as number;
      sink += r.text(1).length;
      sink += r.real(2);
      if (r.typeOf(3) === 4) sink += r.blob(3).length;
    }
  },
});
Deno.bench({
  name: "tsqlite encodeRecord: 100k records",
  group: "record encode",
  fn() {
    for (let i = 1; i <= 1000; i++) sink += encodeRecord(row(i)).length;
  },
});
