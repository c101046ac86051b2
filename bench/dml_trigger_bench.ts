/**
 * Row-trigger benchmark: writes on a table whose BEFORE/AFTER triggers write a log table, as
 * tsqlite compiles them (the outer statement's bytecode calls the trigger programs through
 * OP_Program once per row) beside node:sqlite (baseline of each group).
 * Hot path measured: the per-row OP_Program call — NEW/OLD bound into the trigger program's
 * parameters, WHEN evaluated, the trigger's INSERT run — and the outer write.
 */
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../src/api/connection.ts";

const N = 10_000;

const SETUP = [
  "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, s TEXT)",
  "CREATE INDEX tk ON t(k)",
  "CREATE TABLE log(ev TEXT, id INTEGER, k INTEGER)",
  "CREATE TRIGGER ai AFTER INSERT ON t BEGIN INSERT INTO log VALUES('i', NEW.id, NEW.k); END",
  "CREATE TRIGGER bu BEFORE UPDATE OF k ON t WHEN NEW.k % 2 = 0 BEGIN INSERT INTO log VALUES('u', NEW.id, OLD.k); END",
  "CREATE TRIGGER ad AFTER DELETE ON t BEGIN INSERT INTO log VALUES('d', OLD.id, OLD.k); END",
];

function tsRun(db: Connection, sql: string): void {
  const st = db.prepare(sql)!;
  while (st.step()) { /* drain */ }
  st.finalize();
}

function tsWorkload(): void {
  const db = Connection.open(":memory:");
  for (const s of SETUP) tsRun(db, s);
  tsRun(db, "BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?)")!;
  for (let i = 1; i <= N; i++) {
    ins.bindInt(1, i);
    ins.bindInt(2, (i * 7919) % N);
    ins.bindText(3, `row${i}`);
    ins.step();
    ins.reset();
  }
  ins.finalize();
  tsRun(db, "UPDATE t SET k = k + 1");
  tsRun(db, "DELETE FROM t WHERE id % 2 = 0");
  tsRun(db, "COMMIT");
  db.close();
}

function refWorkload(): void {
  const db = new DatabaseSync(":memory:");
  for (const s of SETUP) db.exec(s);
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?)");
  for (let i = 1; i <= N; i++) ins.run(i, (i * 7919) % N, `row${i}`);
  db.exec("UPDATE t SET k = k + 1");
  db.exec("DELETE FROM t WHERE id % 2 = 0");
  db.exec("COMMIT");
  db.close();
}

Deno.bench({
  name: "node:sqlite 10k INSERT + UPDATE + DELETE, triggers on each",
  group: "trigger-dml-10k",
  baseline: true,
  n: 5,
  fn: refWorkload,
});
Deno.bench({
  name: "tsqlite 10k INSERT + UPDATE + DELETE, triggers on each",
  group: "trigger-dml-10k",
  n: 5,
  fn: tsWorkload,
});
