/**
 * API hot paths: `stmt.get()` of `SELECT 1` (per-call overhead), `stmt.all()` of 1,000 rows ×
 * 5 columns into objects (row materialisation), and `db.transaction` over 10,000 `run()` calls
 * (binding + DML + commit). tsqlite beside node:sqlite (baseline) on the same data; the
 * better-sqlite3 twin of each workload is bench/api_bench.bs3.cjs (run by `deno task bench`).
 * Targets vs better-sqlite3: 1.5×, 1.5×, 2×.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import Database from "../mod.ts";

const ROWS = 1000;
const TX_RUNS = 10_000;

function fill(exec: (sql: string) => void): void {
  exec("CREATE TABLE t(id INTEGER PRIMARY KEY, r REAL, s TEXT, u TEXT, n INTEGER)");
  let values = "";
  for (let i = 0; i < ROWS; i++) {
    values += `${i ? "," : ""}(${i}, ${i * 1.5}, 'name ${i}', 'some longer text value ${i}', ${
      i * 7
    })`;
  }
  exec(`INSERT INTO t VALUES ${values}`);
  exec("CREATE TABLE w(a INTEGER, b TEXT)");
}

const ts = new Database(":memory:");
fill((sql) => ts.exec(sql));
const nd = new DatabaseSync(":memory:");
fill((sql) => nd.exec(sql));

const tsOne = ts.prepare("SELECT 1");
const ndOne = nd.prepare("SELECT 1");
Deno.bench({ name: "node:sqlite get SELECT 1", group: "api get SELECT 1", baseline: true }, () => {
  ndOne.get();
});
Deno.bench({ name: "tsqlite get SELECT 1", group: "api get SELECT 1" }, () => {
  tsOne.get();
});

const tsAll = ts.prepare("SELECT * FROM t");
const ndAll = nd.prepare("SELECT * FROM t");
Deno.bench({ name: "node:sqlite all 1000x5", group: "api all 1000x5", baseline: true }, () => {
  ndAll.all();
});
Deno.bench({ name: "tsqlite all 1000x5", group: "api all 1000x5" }, () => {
  tsAll.all();
});

const tsIns = ts.prepare("INSERT INTO w VALUES (?, ?)");
const tsDel = ts.prepare("DELETE FROM w");
const tsTx = ts.transaction(() => {
  for (let i = 0; i < TX_RUNS; i++) tsIns.run(i, "v");
});
const ndIns = nd.prepare("INSERT INTO w VALUES (?, ?)");
const ndDel = nd.prepare("DELETE FROM w");
Deno.bench({
  name: "node:sqlite transaction 10k run",
  group: "api transaction 10k run",
  baseline: true,
}, () => {
  nd.exec("BEGIN");
  for (let i = 0; i < TX_RUNS; i++) ndIns.run(i, "v");
  nd.exec("COMMIT");
  ndDel.run();
});
Deno.bench({ name: "tsqlite transaction 10k run", group: "api transaction 10k run" }, () => {
  tsTx();
  tsDel.run();
});

// prepare + run of a point INSERT / SELECT each time (no statement reuse): the cost of
// `db.prepare(sql)` itself, as a `db.prepare(sql).run()` loop pays it.
let tsN = 0;
let ndN = 0;
Deno.bench({
  name: "node:sqlite prepare+run point INSERT",
  group: "api prepare+run INSERT",
  baseline: true,
}, () => {
  nd.prepare("INSERT INTO w VALUES (?, ?)").run(ndN++, "v");
});
Deno.bench({ name: "tsqlite prepare+run point INSERT", group: "api prepare+run INSERT" }, () => {
  ts.prepare("INSERT INTO w VALUES (?, ?)").run(tsN++, "v");
});
Deno.bench({
  name: "node:sqlite prepare+get point SELECT",
  group: "api prepare+get SELECT",
  baseline: true,
}, () => {
  nd.prepare("SELECT * FROM t WHERE id = ?").get(ndN++ % ROWS);
});
Deno.bench({ name: "tsqlite prepare+get point SELECT", group: "api prepare+get SELECT" }, () => {
  ts.prepare("SELECT * FROM t WHERE id = ?").get(tsN++ % ROWS);
});
