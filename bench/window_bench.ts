/**
 * Window-function benchmarks: tsqlite's engine Connection beside node:sqlite (the baseline of
 * each group) on the same 20k-row table —
 *   - running sum: `sum(v) OVER (ORDER BY id)` (a growing frame, one state per partition),
 *   - sliding sum: `sum(v) OVER (ORDER BY id ROWS BETWEEN 10 PRECEDING AND 10 FOLLOWING)`
 *     (xInverse path),
 *   - ranking per partition: `row_number()` and `rank()` over `PARTITION BY g ORDER BY k`,
 *   - sliding max over 5 rows (no xInverse: SQLite's ephemeral-index path, recomputed here).
 * Measured figures are recorded in docs/planner.md ("Window functions").
 */
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../src/api/connection.ts";

const N = 20_000;

function setupTs(): Connection {
  const db = Connection.open(":memory:");
  const run = (sql: string) => {
    const st = db.prepare(sql)!;
    while (st.step()) { /* drain */ }
    st.finalize();
  };
  run("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, g INTEGER, v REAL)");
  run("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)")!;
  for (let i = 1; i <= N; i++) {
    ins.bindInt(1, i);
    ins.bindInt(2, (i * 7919) % 1000);
    ins.bindInt(3, i % 50);
    ins.bindReal(4, i * 0.5);
    ins.step();
    ins.reset();
  }
  ins.finalize();
  run("COMMIT");
  return db;
}

function setupRef(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, g INTEGER, v REAL)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  for (let i = 1; i <= N; i++) ins.run(i, (i * 7919) % 1000, i % 50, i * 0.5);
  db.exec("COMMIT");
  return db;
}

const ts = setupTs();
const ref = setupRef();

const CASES: [string, string][] = [
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

for (const [group, sql] of CASES) {
  const tsSt = ts.prepare(sql)!;
  const refSt = ref.prepare(sql);
  Deno.bench(
    `node:sqlite window ${group}, 20k rows`,
    { group: `window-${group}`, baseline: true },
    () => {
      refSt.all();
    },
  );
  Deno.bench(`tsqlite window ${group}, 20k rows`, { group: `window-${group}` }, () => {
    while (tsSt.step()) {
      for (let i = 0; i < tsSt.columnCount; i++) tsSt.columnValue(i, false);
    }
    tsSt.reset();
  });
}
