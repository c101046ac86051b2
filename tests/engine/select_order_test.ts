/**
 * ORDER BY satisfied without a sorter, differentially against node:sqlite (rows in order and
 * EXPLAIN QUERY PLAN): equality-held ORDER BY terms dropped, terms after the rowid dropped, an
 * equality lookup visited backwards for a descending order; MULTI-INDEX OR chosen by cost; a
 * lookup plus sort weighed against an ordered full scan.
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair, SCHEMA } from "./select_table_harness.ts";

const QUERIES = [
  "SELECT pk FROM tab1 WHERE col0 = 3 ORDER BY 1 DESC",
  "SELECT pk FROM tab1 WHERE col0 = 3 ORDER BY pk DESC",
  "SELECT pk, col0 FROM tab1 WHERE col0 = 3 ORDER BY col0, pk DESC",
  "SELECT pk, col0 FROM tab1 WHERE col0 = 3 ORDER BY col0 DESC, pk DESC LIMIT 5",
  "SELECT pk FROM tab1 WHERE col0 = 3 ORDER BY col0 DESC",
  "SELECT pk FROM tab1 WHERE col0 = 9 ORDER BY 1 DESC",
  "SELECT pk FROM tab1 WHERE col0 = 0 ORDER BY 1 DESC",
  "SELECT pk FROM tab1 WHERE col0 = 0 ORDER BY 1 DESC LIMIT 3 OFFSET 2",
  "SELECT pk, col1, col2 FROM tab1 WHERE col1 = 'a1' ORDER BY col2",
  "SELECT pk, col1, col2 FROM tab1 WHERE col1 = 'a1' ORDER BY col2 DESC, pk",
  "SELECT pk, col1, col2 FROM tab1 WHERE col1 = 'a1' ORDER BY col1, col2 DESC, pk",
  "SELECT pk, col1, col2 FROM tab1 WHERE col1 = 'a1' ORDER BY col1 COLLATE BINARY, col2 DESC, pk",
  "SELECT pk, col1, col2 FROM tab1 WHERE col1 = 'a1' ORDER BY col2 ASC, pk DESC",
  "SELECT pk, col1, col2 FROM tab1 WHERE col1 = 'a1' AND col2 = 3 ORDER BY pk DESC",
  "SELECT pk, col2, col0 FROM tab1 WHERE col2 = 3 ORDER BY col0 DESC, pk DESC",
  "SELECT pk, col2, col0 FROM tab1 WHERE col2 = 3 ORDER BY col0 DESC",
  "SELECT pk, col2, col0 FROM tab1 WHERE col2 IS NULL ORDER BY col0 DESC, pk DESC",
  "SELECT pk, col2, col0 FROM tab1 WHERE col2 = 3 AND col0 = 3 ORDER BY pk DESC",
  "SELECT col0, count(*) FROM tab1 WHERE col0 = 3 GROUP BY col0",
  "SELECT col3, count(*) FROM tab1 WHERE col3 = 4 GROUP BY col3",
  "SELECT pk, col3 FROM tab1 WHERE col3 = 4 ORDER BY col3 DESC",
  "SELECT pk, col3 FROM tab1 WHERE col3 = '4' ORDER BY col3, pk DESC",
  "SELECT pk, col4 FROM tab1 WHERE col4 = 4 ORDER BY col4, pk DESC",
  "SELECT pk, col4 FROM tab1 WHERE col4 = '4' ORDER BY col4, pk DESC",
  "SELECT pk, col3 FROM tab1 WHERE col3 IS NULL ORDER BY col3, pk DESC",
  "SELECT pk, col0 FROM tab1 WHERE col3 > 2 ORDER BY pk DESC, col0",
  "SELECT pk, col0 FROM tab1 ORDER BY pk, col0 DESC LIMIT 4",
  "SELECT pk, col0 FROM tab1 WHERE col3 = 1 AND col3 IS NULL ORDER BY 1 DESC, 2",
  "SELECT DISTINCT col0 FROM tab1 WHERE col0 = 2 ORDER BY col0 DESC",
  "SELECT a, b FROM t1 WHERE b = 'x' ORDER BY a DESC",
  "SELECT a, g FROM t1 WHERE g = 'a' ORDER BY g, a DESC",
  "SELECT a, g FROM t1 WHERE g = 'a' ORDER BY g COLLATE BINARY, a DESC",
  "SELECT x, y FROM t2 WHERE x = 2 ORDER BY y DESC",
  "SELECT x, y FROM t2 WHERE x = '2' ORDER BY x, y DESC",
  "SELECT a, f FROM t1 WHERE f = 2 ORDER BY f, a DESC",
  // MULTI-INDEX OR against the best single index; the other terms seek inside every branch
  "SELECT pk FROM tab1 WHERE col2 > 3 AND (col0 = 2 OR col1 = 'a1') ORDER BY pk DESC",
  "SELECT pk FROM tab1 WHERE col2 > 3 AND (col0 = 2 OR col1 = 'a1')",
  "SELECT pk FROM tab1 WHERE col0 > 3 AND (col2 = 2 OR col1 = 'a1') ORDER BY 1",
  "SELECT pk FROM tab1 WHERE col0 < 3 AND (col2 = 2 AND col0 > 1 OR col1 = 'a1' AND col2 < 5)",
  "SELECT pk FROM tab1 WHERE col1 > 'a' AND (col2 = 2 OR col0 = 1)",
  // a lookup plus a sort against a full scan in ORDER BY order (sorting cost)
  "SELECT pk FROM tab1 WHERE col0 < 3 AND col4 < 5 ORDER BY pk",
  "SELECT pk FROM tab1 WHERE col0 < 3 ORDER BY pk DESC",
  "SELECT pk FROM tab1 WHERE col0 > 1 AND col0 < 5 ORDER BY pk",
  "SELECT pk, col1 FROM tab1 WHERE col0 > 1 ORDER BY col1",
  "SELECT pk, col2 FROM tab1 WHERE col0 > 1 ORDER BY col2, col0",
  "SELECT pk FROM tab1 WHERE col0 = 1 ORDER BY col1",
  "SELECT pk FROM tab1 WHERE col2 > 1 ORDER BY col1",
  // constant terms count as sorted: only the rest is sorted
  "SELECT pk FROM tab1 WHERE col2 = 3 ORDER BY col2 DESC, pk",
  "SELECT pk FROM tab1 WHERE col2 = 3 ORDER BY col2, col4, pk",
  "SELECT pk FROM tab1 WHERE col2 = 3 ORDER BY col0, col2, col4",
  "SELECT pk FROM tab1 WHERE col2 = 3 AND col4 = 2 ORDER BY col2, col4, pk DESC",
  "SELECT pk FROM tab1 WHERE col2 = 3 ORDER BY col2 DESC, pk LIMIT 3",
  // a subquery inside the SELECT does not undo the outer ORDER BY's plan
  "SELECT pk FROM tab1 WHERE col4 IN (SELECT col0 FROM tab1 WHERE col2 < 4) ORDER BY 1 DESC",
  "SELECT pk, (SELECT max(col0) FROM tab1 WHERE col2 = 1) FROM tab1 WHERE col0 < 3 ORDER BY 1",
  "SELECT col0, count(*) FROM tab1 WHERE col4 IN (SELECT col3 FROM tab1 WHERE col3 > 2) GROUP BY col0",
  // an uncorrelated scalar subquery is a constant a lookup can seek with
  "SELECT pk FROM tab1 WHERE col0 = (SELECT count(*) FROM t2 WHERE z > 1)",
  "SELECT pk FROM tab1 WHERE col2 = (SELECT count(*) FROM t1) AND col0 = 2",
  "SELECT pk FROM tab1 WHERE col0 = (SELECT col0 FROM tab1 WHERE pk = tab1.pk + 1)",
  // OR to IN with values of the column's own affinity (okToChngToIN)
  "SELECT a FROM t1 WHERE c = 1.5 OR c = CAST(0 AS REAL)",
  "SELECT a FROM t1 WHERE b = 'x' OR b = CAST(10 AS TEXT)",
  // IN (SELECT …) as index lookups (sqlite3IndexAffinityOk); a NULL in the set matches nothing
  "SELECT a FROM t1 WHERE b IN (SELECT y FROM t2)",
  "SELECT a FROM t1 WHERE b IN (SELECT z FROM t2)",
  "SELECT a FROM t1 WHERE c IN (SELECT x FROM t2)",
  "SELECT a FROM t1 WHERE c IN (SELECT x FROM t2 WHERE x IS NULL)",
  "SELECT a FROM t1 WHERE b IN (NULL, 'x', 'y')",
  "SELECT pk FROM tab1 WHERE col0 IN (SELECT x FROM t2)",
  "SELECT pk FROM tab1 WHERE col2 IN (SELECT z FROM t2) ORDER BY pk DESC",
  // at most one row (rowid or every column of a UNIQUE index by `=`): nothing to sort
  "SELECT * FROM t1 WHERE a = 3 ORDER BY b",
  "SELECT * FROM t1 WHERE a IN (3, 4) ORDER BY b",
  "SELECT * FROM t2 WHERE x = 2 AND y = 'two' ORDER BY z",
  "SELECT * FROM t2 WHERE x = 2 ORDER BY z",
  "SELECT b, count(*) FROM t1 WHERE a = 3 GROUP BY b",
  // an IN lookup visits its values in ascending order
  "SELECT pk, col0 FROM tab1 WHERE col0 IN (5, 1, 3) ORDER BY 2",
  "SELECT pk, col2, col0 FROM tab1 WHERE col2 IN (8, 1, 7) ORDER BY col2, col0",
  "SELECT pk, col1, col2 FROM tab1 WHERE col1 IN ('a1', 'B2', 'b0') ORDER BY col1",
  "SELECT pk, col1, col2 FROM tab1 WHERE col1 IN ('a1', 'B2', 'b0') ORDER BY col1 COLLATE BINARY",
  "SELECT pk, col0 FROM tab1 WHERE col0 IN (SELECT x FROM t2) ORDER BY 2",
];

Deno.test("ORDER BY without a sorter matches node:sqlite (rows and plans)", () => {
  const p = new Pair();
  try {
    p.exec(SCHEMA);
    p.exec(`CREATE TABLE tab1(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 TEXT COLLATE NOCASE,
        col2, col3 TEXT, col4);
      CREATE INDEX i0 ON tab1(col0); CREATE INDEX i1 ON tab1(col1, col2 DESC);
      CREATE INDEX i2 ON tab1(col2, col0);`);
    for (let i = 0; i < 300; i++) {
      const c2 = i % 5 === 0 ? "NULL" : String(i % 11);
      const c3 = i % 4 === 0 ? "NULL" : i % 3 === 0 ? String(i % 6) : `'${i % 6}'`;
      const c4 = i % 2 === 0 ? String(i % 5) : `'${i % 5}'`;
      p.exec(
        `INSERT INTO tab1 VALUES(${i}, ${i % 7}, '${"abAB"[i % 4]}${i % 3}', ${c2}, ${c3}, ${c4})`,
      );
    }
    const bad: string[] = [];
    const plan = (o: ReturnType<Pair["tsq"]>) =>
      "rows" in o ? o.rows.map((r) => r[3]).join(" | ") : o.error;
    for (const q of QUERIES) {
      const d = p.diff(q);
      if (d !== null) bad.push(d);
      const a = plan(p.tsq(`EXPLAIN QUERY PLAN ${q}`));
      const b = plan(p.refq(`EXPLAIN QUERY PLAN ${q}`));
      if (a !== b) bad.push(`${q}\n  tsqlite plan: ${a}\n  sqlite plan:  ${b}`);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});

Deno.test("covering-index choice ignores a subquery's own columns of the same table", () => {
  const p = new Pair();
  try {
    p.exec(`CREATE TABLE tab1(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT,
        col3 INTEGER);
      CREATE INDEX i0 ON tab1(col0); CREATE INDEX i3 ON tab1(col3, col0);`);
    for (let i = 0; i < 60; i++) {
      p.exec(`INSERT INTO tab1 VALUES(${i}, ${i % 7}, ${i * 0.5}, 't${i % 5}', ${i % 9})`);
    }
    const bad: string[] = [];
    const plan = (o: ReturnType<Pair["tsq"]>) =>
      "rows" in o ? o.rows.map((r) => r[3]).join(" | ") : o.error;
    for (
      const q of [
        "SELECT pk FROM tab1 WHERE col0 IN (SELECT col3 FROM tab1 WHERE col1 > 3)",
        "SELECT pk, col0 FROM tab1 WHERE col0 IN (SELECT col3 FROM tab1 WHERE col2 = 't1') ORDER BY 1",
        "SELECT pk, (SELECT max(col1) FROM tab1 AS z WHERE z.col0 = tab1.col0) FROM tab1 WHERE col0 = 2",
        "SELECT pk, (SELECT count(*) FROM tab1 AS z WHERE z.col2 < tab1.col2) FROM tab1 WHERE col3 = 2",
        "SELECT pk, col0 FROM tab1 WHERE col3 = 4 AND col0 IN (SELECT col0 FROM tab1 AS q WHERE q.col1 > tab1.col1)",
        "SELECT (SELECT col2 FROM tab1 AS q WHERE q.pk = tab1.pk) FROM tab1 WHERE col0 = 1",
        "SELECT pk FROM tab1 WHERE col0 = 1 AND col3 IN (SELECT col3 FROM tab1 JOIN tab1 AS w USING (pk) WHERE w.col2 = 't2')",
      ]
    ) {
      const d = p.diff(q);
      if (d !== null) bad.push(d);
      const a = plan(p.tsq(`EXPLAIN QUERY PLAN ${q}`));
      const b = plan(p.refq(`EXPLAIN QUERY PLAN ${q}`));
      if (a !== b) bad.push(`${q}\n  tsqlite plan: ${a}\n  sqlite plan:  ${b}`);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});
