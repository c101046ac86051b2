/**
 * INSERT benchmark (issue 4 target: 100k INSERTs through one prepared statement in a
 * transaction within 3x of better-sqlite3): tsqlite's engine Connection beside node:sqlite,
 * node:sqlite as the baseline of each group. Also an indexed table (every index kept in step)
 * and UPDATE/DELETE by rowid through prepared statements.
 * Hot path measured: bind → step → row writer (affinity, constraint checks, record encode,
 * b-tree insert) → reset.
 */
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../src/api/connection.ts";

const N = 100_000;

function tsRun(db: Connection, sql: string): void {
  const st = db.prepare(sql)!;
  while (st.step()) { /* drain */ }
  st.finalize();
}

function tsInsert(indexed: boolean): void {
  const db = Connection.open(":memory:");
  tsRun(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v REAL, s TEXT)");
  if (indexed) tsRun(db, "CREATE INDEX tk ON t(k)");
  tsRun(db, "BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)")!;
  for (let i = 1; i <= N; i++) {
    ins.bindInt(1, i);
    ins.bindInt(2, (i * 7919) % N);
    ins.bindReal(3, i * 0.5);
    ins.bindText(4, `row${i}`);
    ins.step();
    ins.reset();
  }
  ins.finalize();
  tsRun(db, "COMMIT");
  db.close();
}

function refInsert(indexed: boolean): void {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v REAL, s TEXT)");
  if (indexed) db.exec("CREATE INDEX tk ON t(k)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  for (let i = 1; i <= N; i++) ins.run(i, (i * 7919) % N, i * 0.5, `row${i}`);
  db.exec("COMMIT");
  db.close();
}

Deno.bench({
  name: "node:sqlite 100k INSERT in a transaction",
  group: "insert-100k",
  baseline: true,
  n: 5,
  fn: () => refInsert(false),
});
Deno.bench({
  name: "tsqlite 100k INSERT in a transaction",
  group: "insert-100k",
  n: 5,
  fn: () => tsInsert(false),
});
Deno.bench({
  name: "node:sqlite 100k INSERT, one secondary index",
  group: "insert-100k-indexed",
  baseline: true,
  n: 5,
  fn: () => refInsert(true),
});
Deno.bench({
  name: "tsqlite 100k INSERT, one secondary index",
  group: "insert-100k-indexed",
  n: 5,
  fn: () => tsInsert(true),
});

// UPDATE by rowid on a 10k-row table.
const M = 10_000;
const tsDb = Connection.open(":memory:");
tsRun(tsDb, "CREATE TABLE u(id INTEGER PRIMARY KEY, v INTEGER)");
tsRun(tsDb, "BEGIN");
for (let i = 1; i <= M; i++) tsRun(tsDb, `INSERT INTO u VALUES(${i}, 0)`);
tsRun(tsDb, "COMMIT");
const refDb = new DatabaseSync(":memory:");
refDb.exec("CREATE TABLE u(id INTEGER PRIMARY KEY, v INTEGER)");
refDb.exec("BEGIN");
for (let i = 1; i <= M; i++) refDb.exec(`INSERT INTO u VALUES(${i}, 0)`);
refDb.exec("COMMIT");
const tsUpd = tsDb.prepare("UPDATE u SET v = v + 1 WHERE id = ?")!;
const refUpd = refDb.prepare("UPDATE u SET v = v + 1 WHERE id = ?");
let k = 0;
Deno.bench({
  name: "node:sqlite UPDATE by rowid",
  group: "update-rowid",
  baseline: true,
  fn: () => {
    refUpd.run((k++ % M) + 1);
  },
});
Deno.bench({
  name: "tsqlite UPDATE by rowid",
  group: "update-rowid",
  fn: () => {
    tsUpd.bindInt(1, (k++ % M) + 1);
    tsUpd.step();
    tsUpd.reset();
  },
});
