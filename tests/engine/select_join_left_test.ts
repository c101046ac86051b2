/**
 * LEFT JOIN simplification (sqlite3Select with sqlite3ExprImpliesNonNullRow): a LEFT JOIN whose
 * NULL row the WHERE clause rejects runs as an inner join, so it may be reordered and looked up
 * like one. Rows (multiset, types exact) and plans vs node:sqlite, with WHERE terms that do and
 * do not reject the NULL row (IS, IS NULL, CASE, functions, OR, NOT, BETWEEN, IN).
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair } from "./select_table_harness.ts";

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
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.y = 5",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.y IS NULL",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x IS NOT NULL",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x > 2 OR t.a < 3",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x > 2 AND t.a < 30",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE coalesce(u.x, 0) = 0",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x IN (1, 2, 3)",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x NOT IN (1)",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE NOT (u.x = 1)",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x + 1 > 3",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE CASE WHEN u.x IS NULL THEN 1 END",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x BETWEEN 1 AND 4",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE t.a NOT BETWEEN u.x AND u.y",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y LEFT JOIN t AS t2 ON t2.a = u.x WHERE t2.b = 3",
  "SELECT count(*) FROM t LEFT JOIN u ON t.b = u.y WHERE u.y > 0",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x IS 2",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE (u.x = 1) IS NOT TRUE",
];

const PLANS = [
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.y = 5",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.y IS NULL",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x > 2 OR t.a < 3",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE coalesce(u.x, 0) = 0",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x IN (1, 2, 3)",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x NOT IN (1)",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE NOT (u.x = 1)",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x + 1 > 3",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE CASE WHEN u.x IS NULL THEN 1 END",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x BETWEEN 1 AND 4",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE t.a NOT BETWEEN u.x AND u.y",
  "SELECT count(*) FROM t LEFT JOIN u ON t.b = u.y WHERE u.y > 0",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE u.x IS 2",
  "SELECT * FROM t LEFT JOIN u ON t.b = u.y WHERE (u.x = 1) IS NOT TRUE",
];

Deno.test("LEFT JOIN simplified to an inner join: rows match node:sqlite", () => {
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

Deno.test("LEFT JOIN simplified to an inner join: plans match node:sqlite", () => {
  const p = setup();
  try {
    const bad: string[] = [];
    for (const q of PLANS) {
      const plan = p.planDiff(q);
      if (plan !== null) bad.push(plan);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});
