// better-sqlite3 twin of bench/fkey_bench.ts, run under Node by `deno task bench`
// (bench/run.ts). Each entry: { group, name, setup(Database) → function to time }. Same data and
// workloads as the Deno file (foreign keys are on in better-sqlite3's build).
"use strict";

const PARENTS = 1000;
const CHILDREN = 20000;
const DELETED = 200;

function open(Database, withChildren) {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)");
  db.exec("CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p ON DELETE CASCADE, v)");
  db.exec("CREATE INDEX c_pid ON c(pid)");
  db.exec("BEGIN");
  const ip = db.prepare("INSERT INTO p VALUES (?, ?)");
  for (let i = 1; i <= PARENTS; i++) ip.run(i, `p${i}`);
  if (withChildren) {
    db.exec("INSERT INTO c(pid, v) SELECT p.id, p.id FROM p, p AS q WHERE q.id <= 20");
  }
  db.exec("COMMIT");
  return db;
}

module.exports = [
  {
    group: "fk-insert-20k",
    name: "better-sqlite3 20k child INSERTs (parent probe)",
    setup(Database) {
      const db = open(Database, false);
      const ins = db.prepare("INSERT INTO c(pid, v) VALUES (?, ?)");
      return () => {
        db.exec("BEGIN");
        for (let i = 0; i < CHILDREN; i++) ins.run((i % PARENTS) + 1, i);
        db.exec("ROLLBACK");
      };
    },
  },
  {
    group: "fk-cascade-delete",
    name: "better-sqlite3 200 parent DELETEs cascading to 4000 children",
    setup(Database) {
      const db = open(Database, true);
      const del = db.prepare("DELETE FROM p WHERE id = ?");
      return () => {
        db.exec("BEGIN");
        for (let i = 1; i <= DELETED; i++) del.run(i);
        db.exec("ROLLBACK");
      };
    },
  },
];
