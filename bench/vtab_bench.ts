/**
 * Virtual-table scans (H5): the VFilter/VNext/VColumn loop over json_each of a 1,000-element
 * array (summed, so every row's value is read), and a better-sqlite3 `db.table()` generator of
 * 1,000 rows read through the API. node:sqlite is the baseline of the json_each group (it has
 * no JS virtual tables: its group compares with better-sqlite3 only, through bench/run.ts).
 */
import { DatabaseSync } from "node:sqlite";
import { Database } from "../mod.ts";

const DOC = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ k: i, s: `v${i}` })));
const SQL = "SELECT count(*), sum(json_extract(value, '$.k')) FROM json_each(?)";

const ref = new DatabaseSync(":memory:");
const refSt = ref.prepare(SQL);
const ts = new Database(":memory:");
const tsSt = ts.prepare(SQL);

Deno.bench(
  "node:sqlite json_each over 1,000 elements",
  { group: "json_each", baseline: true },
  () => {
    refSt.get(DOC);
  },
);
Deno.bench("tsqlite json_each over 1,000 elements", { group: "json_each" }, () => {
  tsSt.get(DOC);
});

ts.table("series", {
  columns: ["v"],
  *rows(n: number) {
    for (let i = 0; i < n; i++) yield [i];
  },
});
const tsGen = ts.prepare("SELECT v FROM series(1000)").pluck();
Deno.bench("tsqlite db.table generator, 1,000 rows", { group: "table_generator" }, () => {
  tsGen.all();
});
