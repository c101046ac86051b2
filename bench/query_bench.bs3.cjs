// better-sqlite3 twin of bench/query_bench.ts, run under Node by `deno task bench`
// (bench/run.ts). Each entry: { group, name, setup(Database) → function to time }. Same data and
// workloads as the Deno file.
"use strict";

const N = 100000;
let shared;

function setup(Database) {
  if (shared) return shared;
  const db = new Database(":memory:");
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, g INTEGER, v REAL, s TEXT)");
  db.exec("CREATE INDEX tk ON t(k)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
  for (let i = 1; i <= N; i++) ins.run(i, (i * 7919) % N, i % 100, i * 0.5, `row${i}`);
  db.exec("COMMIT");
  shared = db;
  return db;
}

module.exports = [
  {
    group: "point",
    name: "better-sqlite3 point SELECT by rowid",
    setup(Database) {
      const st = setup(Database).prepare("SELECT id, k, g, v, s FROM t WHERE id = ?");
      let r = 1;
      return () => {
        r = (r * 48271) % N + 1;
        st.get(r);
      };
    },
  },
  {
    group: "index",
    name: "better-sqlite3 indexed equality lookup",
    setup(Database) {
      const st = setup(Database).prepare("SELECT id, s FROM t WHERE k = ?");
      let r = 1;
      return () => {
        r = (r * 48271) % N;
        st.get(r);
      };
    },
  },
  {
    group: "groupby",
    name: "better-sqlite3 GROUP BY, 3 aggregates, 100k rows",
    setup(Database) {
      const st = setup(Database).prepare("SELECT g, count(*), sum(v), max(k) FROM t GROUP BY g");
      return () => st.all();
    },
  },
  {
    group: "orderby",
    name: "better-sqlite3 ORDER BY without index, 100k rows",
    setup(Database) {
      const st = setup(Database).prepare("SELECT id, g, s FROM t ORDER BY g, s DESC");
      return () => st.all();
    },
  },
];
