/**
 * Query benchmarks (issue 4 performance targets), tsqlite's engine Connection beside node:sqlite
 * on the same data, node:sqlite as the baseline of each group:
 *   - point SELECT by rowid through a prepared statement (target: within 1.5x),
 *   - indexed equality lookup returning one row (target: within 2x),
 *   - GROUP BY with three aggregates over 100k rows (target: within 3x),
 *   - ORDER BY without an index over 100k rows (same sorter; no target, reported).
 * Measured figures are recorded in docs/planner.md.
 */
import { DatabaseSync } from "node:sqlite";
import { Connection, type PreparedStatement } from "../src/api/connection.ts";

const N = 100_000;

function setupTs(): Connection {
  const db = Connection.open(":memory:");
  const run = (sql: string) => {
    const st = db.prepare(sql)!;
    while (st.step()) { /* drain */ }
    st.finalize();
  };
  run("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, g INTEGER, v REAL, s TEXT)");
  run("CREATE INDEX tk ON t(k)");
  run("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")!;
  for (let i = 1; i <= N; i++) {
    ins.bindInt(1, i);
    ins.bindInt(2, (i * 7919) % N);
    ins.bindInt(3, i % 100);
    ins.bindReal(4, i * 0.5);
    ins.bindText(5, `row${i}`);
    ins.step();
    ins.reset();
  }
  ins.finalize();
  run("COMMIT");
  return db;
}

function setupRef(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, g INTEGER, v REAL, s TEXT)");
  db.exec("CREATE INDEX tk ON t(k)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
  for (let i = 1; i <= N; i++) ins.run(i, (i * 7919) % N, i % 100, i * 0.5, `row${i}`);
  db.exec("COMMIT");
  return db;
}

const ts = setupTs();
const ref = setupRef();

/** `get()` as better-sqlite3 does it: bind, step once, read the row, reset. */
function tsGet(st: PreparedStatement, arg: number): unknown[] | undefined {
  st.bindInt(1, arg);
  let row: unknown[] | undefined;
  if (st.step()) {
    row = [];
    for (let i = 0; i < st.columnCount; i++) row.push(st.columnValue(i, false));
  }
  st.reset();
  return row;
}

const tsPoint = ts.prepare("SELECT id, k, g, v, s FROM t WHERE id = ?")!;
const refPoint = ref.prepare("SELECT id, k, g, v, s FROM t WHERE id = ?");
let r1 = 1;
Deno.bench("node:sqlite point SELECT by rowid", { group: "point", baseline: true }, () => {
  r1 = (r1 * 48271) % N + 1;
  refPoint.get(r1);
});
Deno.bench("tsqlite point SELECT by rowid", { group: "point" }, () => {
  r1 = (r1 * 48271) % N + 1;
  tsGet(tsPoint, r1);
});

const tsIdx = ts.prepare("SELECT id, s FROM t WHERE k = ?")!;
const refIdx = ref.prepare("SELECT id, s FROM t WHERE k = ?");
let r2 = 1;
Deno.bench("node:sqlite indexed equality lookup", { group: "index", baseline: true }, () => {
  r2 = (r2 * 48271) % N;
  refIdx.get(r2);
});
Deno.bench("tsqlite indexed equality lookup", { group: "index" }, () => {
  r2 = (r2 * 48271) % N;
  tsGet(tsIdx, r2);
});

const GROUP_SQL = "SELECT g, count(*), sum(v), max(k) FROM t GROUP BY g";
const tsGroup = ts.prepare(GROUP_SQL)!;
const refGroup = ref.prepare(GROUP_SQL);
Deno.bench("node:sqlite GROUP BY, 3 aggregates, 100k rows", {
  group: "groupby",
  baseline: true,
}, () => {
  refGroup.all();
});
Deno.bench("tsqlite GROUP BY, 3 aggregates, 100k rows", { group: "groupby" }, () => {
  while (tsGroup.step()) {
    for (let i = 0; i < tsGroup.columnCount; i++) tsGroup.columnValue(i, false);
  }
  tsGroup.reset();
});

const ORDER_SQL = "SELECT id, g, s FROM t ORDER BY g, s DESC";
const tsOrder = ts.prepare(ORDER_SQL)!;
const refOrder = ref.prepare(ORDER_SQL);
Deno.bench("node:sqlite ORDER BY without index, 100k rows", {
  group: "orderby",
  baseline: true,
}, () => {
  refOrder.all();
});
Deno.bench("tsqlite ORDER BY without index, 100k rows", { group: "orderby" }, () => {
  while (tsOrder.step()) {
    for (let i = 0; i < tsOrder.columnCount; i++) tsOrder.columnValue(i, false);
  }
  tsOrder.reset();
});
