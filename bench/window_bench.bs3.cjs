// better-sqlite3 twin of bench/window_bench.ts, run under Node by `deno task bench`
// (bench/run.ts). Same data and queries as the Deno file.
"use strict";

const N = 20000;
let shared;

function setup(Database) {
  if (shared) return shared;
  const db = new Database(":memory:");
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, g INTEGER, v REAL)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  for (let i = 1; i <= N; i++) ins.run(i, (i * 7919) % 1000, i % 50, i * 0.5);
  db.exec("COMMIT");
  shared = db;
  return db;
}

const CASES = [
  ["running", "SELECT id, sum(v) OVER (ORDER BY id) FROM t"],
  [
    "sliding",
    "SELECT id, sum(v) OVER (ORDER BY id ROWS BETWEEN 10 PRECEDING AND 10 FOLLOWING) FROM t",
  ],
  [
    "rank",
    "SELECT id, row_number() OVER w, rank() OVER w FROM t WINDOW w AS (PARTITION BY g ORDER BY k)",
  ],
  ["slidingmax", "SELECT id, max(k) OVER (ORDER BY id ROWS 4 PRECEDING) FROM t"],
];

module.exports = CASES.map(([group, sql]) => ({
  group: `window-${group}`,
  name: `better-sqlite3 window ${group}, 20k rows`,
  setup(Database) {
    const st = setup(Database).prepare(sql);
    return () => st.all();
  },
}));
