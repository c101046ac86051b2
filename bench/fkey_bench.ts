/**
 * FOREIGN KEY enforcement benchmark (foreign keys on, as better-sqlite3 and node:sqlite build):
 * child INSERTs that each probe the parent's INTEGER PRIMARY KEY, and parent DELETEs that each
 * find their children through an index and cascade to them. tsqlite's engine Connection beside
 * node:sqlite (baseline of each group); the better-sqlite3 twin is bench/fkey_bench.bs3.cjs.
 * Each run is a transaction rolled back at the end, so every run sees the same data.
 * Hot path measured: the row writer's FK hooks (ParentProbe lookup, child-index scan, direct
 * cascade deletes) plus the ordinary write path.
 */
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../src/api/connection.ts";

const PARENTS = 1000;
const CHILDREN = 20_000;
const DELETED = 200;
const SCHEMA = [
  "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)",
  "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p ON DELETE CASCADE, v)",
  "CREATE INDEX c_pid ON c(pid)",
];

function tsRun(db: Connection, sql: string): void {
  const st = db.prepare(sql)!;
  while (st.step()) { /* drain */ }
  st.finalize();
}

function tsOpen(withChildren: boolean): Connection {
  const db = Connection.open(":memory:");
  for (const s of SCHEMA) tsRun(db, s);
  tsRun(db, "BEGIN");
  const ip = db.prepare("INSERT INTO p VALUES (?, ?)")!;
  for (let i = 1; i <= PARENTS; i++) {
    ip.bindInt(1, i);
    ip.bindText(2, `p${i}`);
    ip.step();
    ip.reset();
  }
  ip.finalize();
  if (withChildren) {
    tsRun(db, "INSERT INTO c(pid, v) SELECT p.id, p.id FROM p, p AS q WHERE q.id <= 20");
  }
  tsRun(db, "COMMIT");
  return db;
}

function nodeOpen(withChildren: boolean): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  for (const s of SCHEMA) db.exec(s);
  db.exec("BEGIN");
  const ip = db.prepare("INSERT INTO p VALUES (?, ?)");
  for (let i = 1; i <= PARENTS; i++) ip.run(i, `p${i}`);
  if (withChildren) {
    db.exec("INSERT INTO c(pid, v) SELECT p.id, p.id FROM p, p AS q WHERE q.id <= 20");
  }
  db.exec("COMMIT");
  return db;
}

const tsIns = tsOpen(false);
const tsInsStmt = tsIns.prepare("INSERT INTO c(pid, v) VALUES (?, ?)")!;
const ndIns = nodeOpen(false);
const ndInsStmt = ndIns.prepare("INSERT INTO c(pid, v) VALUES (?, ?)");

Deno.bench({
  name: "node:sqlite 20k child INSERTs (parent probe)",
  group: "fk-insert-20k",
  baseline: true,
  n: 10,
  fn: () => {
    ndIns.exec("BEGIN");
    for (let i = 0; i < CHILDREN; i++) ndInsStmt.run((i % PARENTS) + 1, i);
    ndIns.exec("ROLLBACK");
  },
});
Deno.bench({
  name: "tsqlite 20k child INSERTs (parent probe)",
  group: "fk-insert-20k",
  n: 10,
  fn: () => {
    tsRun(tsIns, "BEGIN");
    for (let i = 0; i < CHILDREN; i++) {
      tsInsStmt.bindInt(1, (i % PARENTS) + 1);
      tsInsStmt.bindInt(2, i);
      tsInsStmt.step();
      tsInsStmt.reset();
    }
    tsRun(tsIns, "ROLLBACK");
  },
});

const tsDel = tsOpen(true);
const tsDelStmt = tsDel.prepare("DELETE FROM p WHERE id = ?")!;
const ndDel = nodeOpen(true);
const ndDelStmt = ndDel.prepare("DELETE FROM p WHERE id = ?");

Deno.bench({
  name: "node:sqlite 200 parent DELETEs cascading to 4000 children",
  group: "fk-cascade-delete",
  baseline: true,
  n: 10,
  fn: () => {
    ndDel.exec("BEGIN");
    for (let i = 1; i <= DELETED; i++) ndDelStmt.run(i);
    ndDel.exec("ROLLBACK");
  },
});
Deno.bench({
  name: "tsqlite 200 parent DELETEs cascading to 4000 children",
  group: "fk-cascade-delete",
  n: 10,
  fn: () => {
    tsRun(tsDel, "BEGIN");
    for (let i = 1; i <= DELETED; i++) {
      tsDelStmt.bindInt(1, i);
      tsDelStmt.step();
      tsDelStmt.reset();
    }
    tsRun(tsDel, "ROLLBACK");
  },
});
