/**
 * Transitive WHERE constraints (where.c's WO_EQUIV equivalence classes, termIsEquivalence):
 * `t.b = u.y AND u.y = 5` also means `t.b = 5`, so t's index can be searched with the constant
 * and t can lead the join. Rows (as a multiset, types exact) and plans vs node:sqlite, including
 * affinity and value-type corners where no equivalence may be drawn.
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair, planText } from "./select_table_harness.ts";

function setup(): Pair {
  const p = new Pair();
  p.exec(`CREATE TABLE t(a INTEGER PRIMARY KEY, b, c, d); CREATE INDEX tb ON t(b);
    CREATE INDEX tcd ON t(c, d); CREATE TABLE u(x, y); CREATE UNIQUE INDEX ux ON u(x);`);
  const v: string[] = [];
  const w: string[] = [];
  for (let i = 1; i <= 40; i++) {
    v.push(`(${i}, ${i % 9}, ${i % 4}, ${i % 6 === 0 ? "'x'" : i % 5})`);
  }
  for (let i = 1; i <= 12; i++) w.push(`(${i}, ${i % 7 === 0 ? "'2'" : i % 6})`);
  p.exec(`INSERT INTO t VALUES ${v.join(",")}; INSERT INTO u VALUES ${w.join(",")}, (NULL, 2.0);`);
  return p;
}

const QUERIES = [
  "SELECT * FROM t, u WHERE t.b = u.y AND u.y = 5",
  "SELECT * FROM t, u WHERE u.y = t.b AND u.y = 5",
  "SELECT * FROM t, u WHERE t.b = u.x AND u.x = 5",
  "SELECT * FROM t, u WHERE t.a = u.y AND u.y = 3",
  "SELECT * FROM t, u WHERE t.d = u.y AND u.y = 'x'",
  "SELECT * FROM t, u WHERE t.c = u.x AND u.x = 2",
  "SELECT * FROM t, u, t AS t2 WHERE t.b = u.y AND t2.b = u.y AND u.y = 4",
  "SELECT * FROM t, u WHERE t.b = u.y AND 5 = u.y",
  "SELECT * FROM t, u WHERE t.b = u.y AND u.y = -2",
  "SELECT * FROM t, u WHERE t.b = u.y AND u.y = 2.0",
  "SELECT * FROM t, u WHERE t.b = u.y AND u.y = '2'",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.y = 5",
  "SELECT * FROM t JOIN u ON t.b = u.y WHERE u.y = 5",
  "SELECT count(*) FROM t, u WHERE t.b = u.y AND u.y = 1",
];

const PLANS = [
  "SELECT * FROM t, u WHERE t.b = u.y AND u.y = 5",
  "SELECT * FROM t, u WHERE u.y = t.b AND u.y = 5",
  "SELECT * FROM t, u WHERE t.b = u.x AND u.x = 5",
  "SELECT * FROM t, u WHERE t.c = u.x AND u.x = 2",
  "SELECT * FROM t, u WHERE t.b = u.y AND 5 = u.y",
  "SELECT * FROM t, u WHERE t.b = u.y AND u.y = -2",
  "SELECT * FROM t, u WHERE t.b = u.y AND u.y = 2.0",
  "SELECT * FROM t, u WHERE t.b = u.y AND u.y = '2'",
  "SELECT * FROM t JOIN u ON t.b = u.y WHERE u.y = 5",
  "SELECT count(*) FROM t, u WHERE t.b = u.y AND u.y = 1",
  // t leads through the equivalence (SQLite then builds a PARTIAL automatic index on u)
];

Deno.test("transitive constraints: rows match node:sqlite", () => {
  const p = setup();
  try {
    const bad: string[] = [];
    for (const q of QUERIES) {
      const d = p.diff(q, false);
      if (d !== null) bad.push(d);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});

Deno.test("transitive constraints: plans match node:sqlite", () => {
  const p = setup();
  try {
    const bad: string[] = [];
    for (const q of PLANS) {
      const plan = p.planDiff(q);
      if (plan !== null) bad.push(plan);
    }
    // the three-table case: t and t2 both searched with the constant, as in SQLite
    const q3 = "SELECT * FROM t, u, t AS t2 WHERE t.b = u.y AND t2.b = u.y AND u.y = 4";
    const lines = planText(p.tsq("EXPLAIN QUERY PLAN " + q3)).split(" | ").slice(0, 2);
    deepStrictEqual(lines, ["SEARCH t USING INDEX tb (b=?)", "SEARCH t2 USING INDEX tb (b=?)"]);
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});
