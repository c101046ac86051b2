// better-sqlite3 twin of bench/dml_insert_bench.ts, run under Node by `deno task bench`
// (bench/run.ts). Each entry: { group, name, setup(Database) → function to time }. Same data and
// workloads as the Deno file.
"use strict";

const N = 100000;

function insert(Database, indexed) {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v REAL, s TEXT)");
  if (indexed) db.exec("CREATE INDEX tk ON t(k)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  for (let i = 1; i <= N; i++) ins.run(i, (i * 7919) % N, i * 0.5, `row${i}`);
  db.exec("COMMIT");
  db.close();
}

module.exports = [
  {
    group: "insert-100k",
    name: "better-sqlite3 100k INSERT in a transaction",
    setup(Database) {
      return () => insert(Database, false);
    },
  },
  {
    group: "insert-100k-indexed",
    name: "better-sqlite3 100k INSERT, one secondary index",
    setup(Database) {
      return () => insert(Database, true);
    },
  },
  {
    group: "update-rowid",
    name: "better-sqlite3 UPDATE by rowid",
    setup(Database) {
      // UPDATE by rowid on a 10k-row table.
      const M = 10000;
      const db = new Database(":memory:");
      db.exec("CREATE TABLE u(id INTEGER PRIMARY KEY, v INTEGER)");
      db.exec("BEGIN");
      for (let i = 1; i <= M; i++) db.exec(`INSERT INTO u VALUES(${i}, 0)`);
      db.exec("COMMIT");
      const upd = db.prepare("UPDATE u SET v = v + 1 WHERE id = ?");
      let k = 0;
      return () => {
        upd.run((k++ % M) + 1);
      };
    },
  },
];
