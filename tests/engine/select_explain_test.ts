/**
 * EXPLAIN QUERY PLAN text compared with node:sqlite: the planner's access paths (SCAN, SEARCH
 * by rowid or index with the constraint list, COVERING INDEX, index-ordered scans, temp b-trees
 * for ORDER BY / GROUP BY / DISTINCT, subquery lines). Ids are bytecode addresses in SQLite, so
 * only the detail text and its order are compared.
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair } from "./select_table_harness.ts";

const SCHEMA = "CREATE TABLE t(a INTEGER PRIMARY KEY, b, c, d); CREATE INDEX tb ON t(b);" +
  "CREATE INDEX tcd ON t(c, d); CREATE TABLE u(x, y); CREATE UNIQUE INDEX ux ON u(x);";

const QUERIES = [
  "SELECT * FROM t",
  "SELECT b FROM t",
  "SELECT * FROM t AS z WHERE a = 1",
  "SELECT * FROM t WHERE a > 1 AND a < 5",
  "SELECT * FROM t WHERE b = 1",
  "SELECT b FROM t WHERE b > 1",
  "SELECT * FROM t WHERE c = 1 AND d > 2",
  "SELECT * FROM t WHERE b BETWEEN 1 AND 2",
  "SELECT * FROM t ORDER BY b",
  "SELECT * FROM t ORDER BY d",
  "SELECT * FROM t ORDER BY a DESC",
  "SELECT * FROM t, u WHERE b = x",
  "SELECT DISTINCT d FROM t",
  "SELECT d, count(*) FROM t GROUP BY d",
  "SELECT (SELECT x FROM u WHERE x = t.b) FROM t",
  // subqueries are numbered in parse order (SQLite's selId), listed in coding order
  "SELECT (SELECT avg(y) FROM u) FROM t WHERE d < (SELECT count(*) FROM u WHERE u.x < t.b)",
  "SELECT a FROM t WHERE d > (SELECT avg(y) FROM u) AND d < (SELECT count(*) FROM u WHERE x < t.b)",
  "SELECT (SELECT y FROM u WHERE y = t.d), (SELECT avg(x) FROM u WHERE y > 2) FROM t",
  "SELECT a FROM t WHERE d IN (SELECT y FROM u WHERE y > (SELECT avg(c) FROM t)) AND d > 3",
  // with ORDER BY, the columns it refers to are computed after the others
  "SELECT (SELECT x FROM u WHERE x = t.b), (SELECT avg(y) FROM u) FROM t ORDER BY 1",
  "SELECT (SELECT avg(y) FROM u), (SELECT x FROM u WHERE x = t.b) FROM t ORDER BY 1",
  "SELECT count(*) FROM t",
  "SELECT * FROM t WHERE b < 5",
  "SELECT c FROM t WHERE c > 1 ORDER BY c",
  "SELECT * FROM t WHERE c = 1 AND d = 2",
  "SELECT * FROM u WHERE x = 1 AND y = 2",
  "SELECT * FROM t WHERE b = 1 AND c = 1",
  "SELECT c, d FROM t ORDER BY c DESC, d DESC",
  "SELECT * FROM t WHERE b IN (1,2)",
  "SELECT * FROM t WHERE a IN (1,2)",
  "SELECT * FROM t WHERE b IN (SELECT y FROM u)",
  "SELECT * FROM t LEFT JOIN u ON a = y",
  "SELECT * FROM u RIGHT JOIN t ON b = x",
  "SELECT * FROM t, u WHERE a = y",
  "SELECT * FROM u, t WHERE b = x",
  "SELECT t.a, u.x FROM t, u",
  "SELECT * FROM t CROSS JOIN u WHERE a = y",
  "SELECT * FROM t LEFT JOIN u ON b = x",
  "SELECT * FROM t, u WHERE t.d = u.y",
  "SELECT t.a, u.x FROM t, u WHERE t.d = u.y",
  "SELECT * FROM t LEFT JOIN u ON t.d = u.y",
  "SELECT * FROM t JOIN u ON t.d = u.y WHERE t.a = 5",
  "SELECT b, count(*) FROM t GROUP BY b",
  "SELECT c, d, sum(a) FROM t GROUP BY c, d",
  "SELECT a, count(*) FROM t GROUP BY a",
  "SELECT max(b) FROM t",
  "SELECT min(c) FROM t",
  "SELECT max(a) FROM t",
  "SELECT max(c) + 1 FROM t",
  "SELECT * FROM t WHERE b = 1 OR b = 2",
  "SELECT * FROM t WHERE a = 1 OR a = 3",
  "SELECT * FROM t WHERE (b = 'x' OR b = 'Y') AND c > 0",
  "SELECT * FROM t WHERE b = 1 OR c = 2",
  "SELECT * FROM t WHERE b = 'x' OR a = 4",
  "SELECT * FROM t WHERE b = 'x' OR d = 2",
  "SELECT a FROM t WHERE b > 'x' OR c < 2",
  "SELECT b FROM t UNION SELECT c FROM t",
  "SELECT b FROM t UNION ALL SELECT c FROM t",
  "SELECT b FROM t EXCEPT SELECT c FROM t",
  "SELECT b FROM t UNION SELECT c FROM t UNION ALL SELECT d FROM t",
  "SELECT DISTINCT b FROM t",
  "SELECT DISTINCT d, c FROM t",
  "SELECT DISTINCT d FROM t",
  "SELECT DISTINCT a, b FROM t",
  "SELECT DISTINCT b, c FROM t",
  "SELECT DISTINCT c, b FROM t",
  "SELECT b, c, count(*) FROM t GROUP BY b, c",
  "SELECT d, c, count(*) FROM t GROUP BY d, c",
  "SELECT * FROM t ORDER BY b, c",
  "SELECT * FROM t ORDER BY b DESC, c",
  "SELECT * FROM t ORDER BY b, c, d",
  "SELECT * FROM t ORDER BY b, c LIMIT 3",
  "SELECT * FROM t WHERE b > 'a' ORDER BY b, c",
];

Deno.test("EXPLAIN QUERY PLAN details match node:sqlite", () => {
  const p = new Pair();
  try {
    p.exec(SCHEMA);
    const bad: string[] = [];
    for (const q of QUERIES) {
      const text = (o: ReturnType<Pair["tsq"]>) =>
        "error" in o ? o.error : o.rows.map((r) => String(r[3])).join(" | ");
      const a = text(p.tsq("EXPLAIN QUERY PLAN " + q));
      const b = text(p.refq("EXPLAIN QUERY PLAN " + q));
      if (a !== b) bad.push(`${q}\n  tsqlite: ${a}\n  sqlite:  ${b}`);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});
