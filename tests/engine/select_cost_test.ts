/**
 * Cost-model corners of the access planner against node:sqlite's EXPLAIN QUERY PLAN: a
 * MULTI-INDEX OR competes with a full scan (rRun rSize + 16; on a tie the fewer output rows win, as
 * wherePathSolver ranks them), and a closed range (`BETWEEN`, `> AND <`) is estimated at 1/64 of
 * the rows (whereRangeScanEst: ÷4 per bound and ÷4 more, at least 10 rows). Rows are compared too.
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair } from "./select_table_harness.ts";

const SCHEMA = `CREATE TABLE tab1(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT,
  col3 INTEGER, col4 FLOAT, col5 TEXT);
CREATE INDEX idx_tab1_0 ON tab1 (col0); CREATE INDEX idx_tab1_1 ON tab1 (col1);
CREATE INDEX idx_tab1_3 ON tab1 (col3); CREATE INDEX idx_tab1_4 ON tab1 (col4);
CREATE TABLE t(a INTEGER PRIMARY KEY, b, c, d); CREATE INDEX tb ON t(b); CREATE INDEX tcd ON t(c, d);`;

const QUERIES = [
  // ranges OR'ed: a full scan is cheaper than three or more range lookups
  "SELECT pk FROM tab1 WHERE col3 > 80 OR col3 < 57 OR col0 > 5",
  "SELECT pk FROM tab1 WHERE col0 > 83 OR col0 < 72 OR col1 IS NULL",
  "SELECT pk FROM tab1 WHERE col3 >= 10 OR col3 >= 13 OR col0 <= 72 AND col0 BETWEEN 41 AND 11",
  // closed ranges are narrow: the OR of them is cheaper than the scan
  "SELECT pk FROM tab1 WHERE col3 > 93 OR col1 BETWEEN 19.71 AND 17.18 OR col3 > 38 AND col1 > 62.35",
  "SELECT pk FROM tab1 WHERE (col3 BETWEEN 42 AND 48) AND col0 < 15 OR (col0 > 48 OR col0 >= 66)",
  "SELECT pk FROM tab1 WHERE col0 BETWEEN 1 AND 5 OR col3 BETWEEN 7 AND 9",
  "SELECT pk FROM tab1 WHERE col0 > 1 AND col0 < 5",
  "SELECT pk FROM tab1 WHERE col0 > 1 AND col0 < 5 AND col3 > 2",
  // two ranges OR'ed: equal cost, fewer rows: MULTI-INDEX OR
  "SELECT a FROM t WHERE b > 'x' OR c < 2",
  "SELECT * FROM t WHERE b > 'x' OR c < 2",
  "SELECT * FROM t WHERE b > 1 OR c < 2 OR d = 3",
];

Deno.test("MULTI-INDEX OR against a full scan, closed-range estimates: plans match node:sqlite", () => {
  const p = new Pair();
  try {
    p.exec(SCHEMA);
    const rows: string[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push(
        `(${i}, ${(i * 7) % 100}, ${(i * 3.5) % 90}, 'v${i}', ${(i * 11) % 100}, ${i * 1.25}, 'w')`,
      );
    }
    p.exec(`INSERT INTO tab1 VALUES ${rows.join(",")};`);
    const bad: string[] = [];
    for (const q of QUERIES) {
      const plan = p.planDiff(q);
      if (plan !== null) bad.push(plan);
      const d = p.diff(q, false);
      if (d !== null) bad.push(d);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});
