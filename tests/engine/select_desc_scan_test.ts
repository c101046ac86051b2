/**
 * ORDER BY … DESC (or ASC on a DESC index) delivered by walking a rowid range or an index range
 * backwards, as where.c does with bReverse (OP_SeekLT/SeekLE from the far end, OP_IdxLT/IdxLE
 * or a rowid comparison at the near end, OP_Prev): rows, their order (ties come out in reverse
 * rowid order, as SQLite's) and EXPLAIN QUERY PLAN (no `USE TEMP B-TREE FOR ORDER BY`) compared
 * with node:sqlite, over ranges with real, text and NULL bounds, equality prefixes, DESC index
 * columns, LIMIT/OFFSET and correlated subqueries.
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair } from "./select_table_harness.ts";

function setup(): Pair {
  const p = new Pair();
  p.exec(`CREATE TABLE t(a INTEGER PRIMARY KEY, b, c, d); CREATE INDEX tb ON t(b);
    CREATE INDEX tcd ON t(c, d); CREATE INDEX tdesc ON t(d DESC);`);
  const vals: string[] = [];
  for (let i = 1; i <= 60; i++) {
    const b = i % 7 === 0 ? "NULL" : (i * 37) % 23;
    const d = i % 3 === 0 ? "NULL" : (i * 13) % 11;
    vals.push(`(${i}, ${b}, ${i % 5}, ${d})`);
  }
  p.exec(`INSERT INTO t VALUES ${vals.join(",")};`);
  return p;
}

/** Queries whose rows (in order) match SQLite's. */
const ROWS = [
  "SELECT * FROM t WHERE b IN (1,5,9) ORDER BY b DESC",
  "SELECT * FROM t WHERE b IN (1,5,9) ORDER BY b",
  "SELECT * FROM t WHERE c IN (1,3) ORDER BY c DESC, d DESC",
  "SELECT * FROM t WHERE c IN (1,3) AND d > 2 ORDER BY c DESC, d DESC",
  "SELECT * FROM t WHERE b IN (SELECT c FROM t) ORDER BY b DESC",
  "SELECT * FROM t WHERE b > 5 ORDER BY b DESC",
  "SELECT * FROM t WHERE b >= 5 AND b < 15 ORDER BY b DESC",
  "SELECT * FROM t WHERE b < 15 ORDER BY b DESC",
  "SELECT * FROM t WHERE b BETWEEN 3 AND 9 ORDER BY b DESC",
  "SELECT b FROM t WHERE b > 5 ORDER BY b DESC",
  "SELECT b FROM t WHERE b > 5 ORDER BY b DESC LIMIT 3",
  "SELECT * FROM t WHERE a > 10 ORDER BY a DESC",
  "SELECT * FROM t WHERE a > 10 AND a <= 40 ORDER BY a DESC",
  "SELECT * FROM t WHERE a < 30 ORDER BY a DESC",
  "SELECT * FROM t WHERE a < 30 ORDER BY a DESC LIMIT 5",
  "SELECT * FROM t WHERE c = 2 AND d > 3 ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 2 AND d < 9 ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 2 AND d > 3 ORDER BY c DESC, d DESC",
  "SELECT c, d FROM t WHERE c > 2 ORDER BY c DESC, d DESC",
  "SELECT c, d FROM t WHERE c > 2 ORDER BY c DESC",
  "SELECT * FROM t WHERE d > 3 ORDER BY d DESC",
  "SELECT * FROM t WHERE d > 3 ORDER BY d",
  "SELECT * FROM t WHERE d < 8 ORDER BY d",
  "SELECT * FROM t WHERE b > 5 ORDER BY b DESC, a DESC",
  "SELECT * FROM t WHERE b > 5 ORDER BY b DESC, a",
  "SELECT max(b) FROM t WHERE b < 10",
  "SELECT min(b) FROM t WHERE b > 10",
  "SELECT max(d) FROM t WHERE c = 3",
  "SELECT max(a) FROM t WHERE a < 20",
  "SELECT * FROM t WHERE b IS NOT NULL ORDER BY b DESC",
  "SELECT b FROM t WHERE b > 5 ORDER BY b",
  "SELECT * FROM t ORDER BY b DESC",
  "SELECT * FROM t ORDER BY b DESC LIMIT 4",
  "SELECT * FROM t WHERE c = 1 ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 1 AND d IS NOT NULL ORDER BY d DESC",
  "SELECT * FROM t WHERE b > 'a' ORDER BY b DESC",
  "SELECT * FROM t WHERE b > 5.5 ORDER BY b DESC",
  "SELECT * FROM t WHERE b < 5.5 ORDER BY b DESC",
  "SELECT * FROM t WHERE b > NULL ORDER BY b DESC",
  "SELECT * FROM t WHERE a > 10.5 ORDER BY a DESC",
  "SELECT * FROM t WHERE a >= 10.5 AND a < 20.5 ORDER BY a DESC",
  "SELECT * FROM t WHERE a < '30' ORDER BY a DESC",
  "SELECT * FROM t WHERE a > 'x' ORDER BY a DESC",
  "SELECT * FROM t WHERE a > NULL ORDER BY a DESC",
  "SELECT * FROM t WHERE a <= 25 AND a > NULL ORDER BY a DESC",
  "SELECT * FROM t WHERE a > 60 ORDER BY a DESC",
  "SELECT * FROM t WHERE a < 1 ORDER BY a DESC",
  "SELECT * FROM t WHERE a > 10 ORDER BY a DESC LIMIT 3 OFFSET 2",
  "SELECT * FROM t WHERE b > 5 AND b <= 19 ORDER BY b DESC",
  "SELECT * FROM t WHERE b >= 5 AND b < 19 ORDER BY b DESC",
  "SELECT * FROM t WHERE b > 30 ORDER BY b DESC",
  "SELECT * FROM t WHERE b < 0 ORDER BY b DESC",
  "SELECT * FROM t WHERE b < '1' ORDER BY b DESC",
  "SELECT * FROM t WHERE d > 3 AND d <= 8 ORDER BY d",
  "SELECT * FROM t WHERE d >= 3 AND d < 8 ORDER BY d",
  "SELECT * FROM t WHERE d IS NOT NULL ORDER BY d",
  "SELECT * FROM t WHERE d < 5 ORDER BY d",
  "SELECT * FROM t WHERE d > 5 ORDER BY d",
  "SELECT d FROM t WHERE d > 5 ORDER BY d LIMIT 4",
  "SELECT * FROM t WHERE c = 3 AND d >= 2 AND d <= 8 ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 3 AND d IS NOT NULL ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 3 AND d < 5 ORDER BY d DESC LIMIT 2",
  "SELECT c, d FROM t WHERE c >= 1 AND c < 4 ORDER BY c DESC, d DESC",
  "SELECT * FROM t WHERE b > 5 ORDER BY b DESC, c",
  "SELECT b, count(*) FROM t WHERE b > 5 GROUP BY b ORDER BY b DESC",
  "SELECT DISTINCT b FROM t WHERE b > 5 ORDER BY b DESC",
  "SELECT * FROM t AS t1 WHERE t1.b > 17 AND EXISTS (SELECT 1 FROM t AS t2 WHERE t2.a > t1.b ORDER BY t2.a DESC) ORDER BY t1.b DESC",
  "SELECT (SELECT t2.a FROM t AS t2 WHERE t2.a < t1.b ORDER BY t2.a DESC LIMIT 1) FROM t AS t1 ORDER BY t1.a",
];

/** Queries whose plans match SQLite's too. */
const PLANS = [
  "SELECT * FROM t WHERE b IN (1,5,9) ORDER BY b DESC",
  "SELECT * FROM t WHERE b IN (1,5,9) ORDER BY b",
  "SELECT * FROM t WHERE c IN (1,3) ORDER BY c DESC, d DESC",
  "SELECT * FROM t WHERE c IN (1,3) AND d > 2 ORDER BY c DESC, d DESC",
  "SELECT * FROM t WHERE b IN (SELECT c FROM t) ORDER BY b DESC",
  "SELECT * FROM t WHERE b > 5 ORDER BY b DESC",
  "SELECT * FROM t WHERE b >= 5 AND b < 15 ORDER BY b DESC",
  "SELECT * FROM t WHERE b < 15 ORDER BY b DESC",
  "SELECT * FROM t WHERE b BETWEEN 3 AND 9 ORDER BY b DESC",
  "SELECT b FROM t WHERE b > 5 ORDER BY b DESC",
  "SELECT b FROM t WHERE b > 5 ORDER BY b DESC LIMIT 3",
  "SELECT * FROM t WHERE a > 10 ORDER BY a DESC",
  "SELECT * FROM t WHERE a > 10 AND a <= 40 ORDER BY a DESC",
  "SELECT * FROM t WHERE a < 30 ORDER BY a DESC",
  "SELECT * FROM t WHERE a < 30 ORDER BY a DESC LIMIT 5",
  "SELECT * FROM t WHERE c = 2 AND d > 3 ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 2 AND d < 9 ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 2 AND d > 3 ORDER BY c DESC, d DESC",
  "SELECT c, d FROM t WHERE c > 2 ORDER BY c DESC, d DESC",
  "SELECT c, d FROM t WHERE c > 2 ORDER BY c DESC",
  "SELECT * FROM t WHERE d > 3 ORDER BY d DESC",
  "SELECT * FROM t WHERE d > 3 ORDER BY d",
  "SELECT * FROM t WHERE d < 8 ORDER BY d",
  "SELECT * FROM t WHERE b > 5 ORDER BY b DESC, a DESC",
  "SELECT * FROM t WHERE b > 5 ORDER BY b DESC, a",
  "SELECT max(b) FROM t WHERE b < 10",
  "SELECT min(b) FROM t WHERE b > 10",
  "SELECT max(d) FROM t WHERE c = 3",
  "SELECT max(a) FROM t WHERE a < 20",
  "SELECT * FROM t WHERE b IS NOT NULL ORDER BY b DESC",
  "SELECT b FROM t WHERE b > 5 ORDER BY b",
  "SELECT * FROM t ORDER BY b DESC",
  "SELECT * FROM t ORDER BY b DESC LIMIT 4",
  "SELECT * FROM t WHERE c = 1 ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 1 AND d IS NOT NULL ORDER BY d DESC",
  "SELECT * FROM t WHERE b > 'a' ORDER BY b DESC",
  "SELECT * FROM t WHERE b > 5.5 ORDER BY b DESC",
  "SELECT * FROM t WHERE b < 5.5 ORDER BY b DESC",
  "SELECT * FROM t WHERE b > NULL ORDER BY b DESC",
  "SELECT * FROM t WHERE a > 10.5 ORDER BY a DESC",
  "SELECT * FROM t WHERE a >= 10.5 AND a < 20.5 ORDER BY a DESC",
  "SELECT * FROM t WHERE a < '30' ORDER BY a DESC",
  "SELECT * FROM t WHERE a > 'x' ORDER BY a DESC",
  "SELECT * FROM t WHERE a > NULL ORDER BY a DESC",
  "SELECT * FROM t WHERE a <= 25 AND a > NULL ORDER BY a DESC",
  "SELECT * FROM t WHERE a > 60 ORDER BY a DESC",
  "SELECT * FROM t WHERE a < 1 ORDER BY a DESC",
  "SELECT * FROM t WHERE a > 10 ORDER BY a DESC LIMIT 3 OFFSET 2",
  "SELECT * FROM t WHERE b > 5 AND b <= 19 ORDER BY b DESC",
  "SELECT * FROM t WHERE b >= 5 AND b < 19 ORDER BY b DESC",
  "SELECT * FROM t WHERE b > 30 ORDER BY b DESC",
  "SELECT * FROM t WHERE b < 0 ORDER BY b DESC",
  "SELECT * FROM t WHERE b < '1' ORDER BY b DESC",
  "SELECT * FROM t WHERE d > 3 AND d <= 8 ORDER BY d",
  "SELECT * FROM t WHERE d >= 3 AND d < 8 ORDER BY d",
  "SELECT * FROM t WHERE d IS NOT NULL ORDER BY d",
  "SELECT * FROM t WHERE d < 5 ORDER BY d",
  "SELECT * FROM t WHERE d > 5 ORDER BY d",
  "SELECT d FROM t WHERE d > 5 ORDER BY d LIMIT 4",
  "SELECT * FROM t WHERE c = 3 AND d >= 2 AND d <= 8 ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 3 AND d IS NOT NULL ORDER BY d DESC",
  "SELECT * FROM t WHERE c = 3 AND d < 5 ORDER BY d DESC LIMIT 2",
  "SELECT c, d FROM t WHERE c >= 1 AND c < 4 ORDER BY c DESC, d DESC",
  "SELECT * FROM t WHERE b > 5 ORDER BY b DESC, c",
  "SELECT DISTINCT b FROM t WHERE b > 5 ORDER BY b DESC",
  "SELECT (SELECT t2.a FROM t AS t2 WHERE t2.a < t1.b ORDER BY t2.a DESC LIMIT 1) FROM t AS t1 ORDER BY t1.a",
];

Deno.test("backwards range scans: rows in SQLite's order", () => {
  const p = setup();
  try {
    const bad: string[] = [];
    for (const q of ROWS) {
      const d = p.diff(q);
      if (d !== null) bad.push(d);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});

Deno.test("backwards range scans: EXPLAIN QUERY PLAN sorts nothing, as SQLite", () => {
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
