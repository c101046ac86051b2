/**
 * SELECT over real tables (b-trees through the engine Connection): column affinity in
 * comparisons, collations, INTEGER PRIMARY KEY lookups, index lookups, joins, aggregates and
 * subqueries, plus a fixed-seed fuzz over the same tables — all compared with node:sqlite row for
 * row and type for type.
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair, SCHEMA } from "./select_table_harness.ts";
import { Gen, rng } from "./fuzz_gen.ts";

const QUERIES = [
  "SELECT * FROM t1",
  "SELECT * FROM t2",
  "SELECT a, b FROM t1 WHERE b = 'x'",
  "SELECT a FROM t1 WHERE b = 10",
  "SELECT a FROM t1 WHERE d = 3",
  "SELECT a FROM t1 WHERE d = '3'",
  "SELECT a FROM t1 WHERE c = 2",
  "SELECT a FROM t1 WHERE c = '2'",
  "SELECT a FROM t1 WHERE g = 'ABC'",
  "SELECT a, g FROM t1 ORDER BY g, a",
  "SELECT a FROM t1 WHERE a = 3",
  "SELECT a FROM t1 WHERE a = '3'",
  "SELECT a FROM t1 WHERE rowid = 3.0",
  "SELECT a FROM t1 WHERE a = 3.5",
  "SELECT a FROM t1 WHERE a = NULL",
  "SELECT a FROM t1 WHERE a > 3 AND a <= 7",
  "SELECT x, y FROM t2 WHERE x = 2",
  "SELECT x, y FROM t2 WHERE x = '2'",
  "SELECT x, y FROM t2 WHERE x = 2 AND y = 'deux'",
  "SELECT x, y FROM t2 WHERE y = 'Y' COLLATE NOCASE",
  "SELECT b, count(*), sum(c), avg(d), min(f), max(e) FROM t1 GROUP BY b ORDER BY b",
  "SELECT t1.a, t2.y FROM t1 JOIN t2 ON t1.a = t2.x ORDER BY 1, 2",
  "SELECT t1.a, t2.y FROM t1 LEFT JOIN t2 ON t1.a = t2.x ORDER BY 1, 2",
  "SELECT t1.a, t2.y FROM t2 RIGHT JOIN t1 ON t1.a = t2.x ORDER BY 1, 2",
  "SELECT a, b, c, d, e, f, typeof(d), typeof(f) FROM t1 WHERE f > 1 ORDER BY a",
  "SELECT a FROM t1 WHERE d IN ('3', 2, '1e3') ORDER BY a",
  "SELECT a FROM t1 WHERE d BETWEEN 1 AND '5' ORDER BY a",
  "SELECT count(*) FROM t1, t2 WHERE a = x",
  "SELECT b FROM t1 UNION SELECT y FROM t2",
  "SELECT DISTINCT d FROM t1 ORDER BY 1",
  "SELECT a FROM t1 WHERE g > 'b' ORDER BY a",
  "SELECT max(a), b FROM t1",
  "SELECT min(c), a FROM t1",
  "SELECT a, (SELECT count(*) FROM t2 WHERE x <= a) FROM t1 ORDER BY a",
  "SELECT rowid, oid, _rowid_ FROM t2 ORDER BY 1",
  "SELECT a FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.x = t1.a) ORDER BY a",
  "SELECT * FROM (SELECT b, count(*) AS n FROM t1 GROUP BY b) WHERE n > 1",
  "SELECT nosuch FROM t1",
  "SELECT t3.a FROM t1",
  "SELECT a FROM t1, t1",
  "SELECT x FROM t1, t2 WHERE a = x AND b = y",
  "SELECT a, b FROM t1 ORDER BY b",
  "SELECT a, b FROM t1 ORDER BY b DESC",
  "SELECT a FROM t1 ORDER BY a DESC LIMIT 3",
  "SELECT a, c FROM t1 WHERE c > 1 ORDER BY c",
  "SELECT a, g FROM t1 ORDER BY g",
  "SELECT a, b FROM t1 ORDER BY b COLLATE NOCASE",
  "SELECT a, c, d FROM t1 ORDER BY c, d",
  "SELECT a, c, d FROM t1 ORDER BY c DESC, d DESC",
  "SELECT a, c, d FROM t1 ORDER BY c, d DESC",
  "SELECT a, b FROM t1 ORDER BY b NULLS LAST",
  "SELECT a, b FROM t1 WHERE b > 'a' LIMIT 3",
  "SELECT a, b FROM t1 WHERE b < 'y'",
  "SELECT a, c FROM t1 WHERE c BETWEEN 0 AND 3",
  "SELECT a, d FROM t1 WHERE c = 3 AND d > 1",
  "SELECT a FROM t1 WHERE a > 4 AND a <= 8",
  "SELECT a FROM t1 WHERE a >= '3' AND a < 5.5",
  "SELECT b FROM t1",
  "SELECT c, d FROM t1",
  "SELECT d, count(*) FROM t1 GROUP BY d",
  "SELECT b, count(*), min(a) FROM t1 GROUP BY b",
  "SELECT max(b), min(b), max(a), min(a), max(c), min(c), max(g), min(g) FROM t1",
  "SELECT max(b) FROM t1",
  "SELECT min(c), typeof(min(c)) FROM t1",
  "SELECT min(g) FROM t1",
  "SELECT max(a) FROM t1",
  "SELECT * FROM t1 WHERE b = 'x' OR b = 'y' OR b = 10",
  "SELECT a FROM t1 WHERE a = 7 OR a = 3 OR a = '5'",
  "SELECT a, g FROM t1 WHERE g = 'A' OR g = 'b'",
  "SELECT a FROM t1 WHERE (c = 2 OR c = 3) AND d > 0",
  "SELECT DISTINCT b, c FROM t1",
  "SELECT a, b, c FROM t1 ORDER BY b, c",
  "SELECT a, b, c FROM t1 ORDER BY b DESC, c",
  "SELECT a, b, c FROM t1 ORDER BY b, c LIMIT 4",
  "SELECT DISTINCT c, b FROM t1",
  "SELECT DISTINCT d, c FROM t1",
  "SELECT DISTINCT g FROM t1",
  "SELECT b, c, count(*) FROM t1 GROUP BY b, c",
  "SELECT g, count(*), max(c), a FROM t1 GROUP BY g",
  "SELECT c, d, group_concat(a) FROM t1 GROUP BY c, d",
  "SELECT x, y FROM t2 WHERE x > 1",
  "SELECT a FROM t1 WHERE b IN (SELECT y FROM t2)",
  "SELECT a, b FROM t1 WHERE b IN ('y', 'x', NULL, 10)",
  "SELECT a FROM t1 WHERE a IN (5, 3, '1', 3.0)",
  "SELECT a FROM t1 WHERE a IN (SELECT x FROM t2)",
  "SELECT a, c, d FROM t1 WHERE c IN (2, 3) AND d > 1",
  "SELECT a, g FROM t1 WHERE g IN ('ABC', 'b')",
  "SELECT a, x FROM t1, t2 WHERE a = x",
  "SELECT a, x FROM t2, t1 WHERE a = x",
  "SELECT a, y FROM t1 JOIN t2 ON b = y",
  "SELECT a, x FROM t1, t2 WHERE c = x",
  "SELECT a, x FROM t1, t2 WHERE x = 2 AND a = z",
  "SELECT t1.a, t2.x FROM t1, t2",
  "SELECT a, x FROM t1 CROSS JOIN t2 WHERE a = x",
  "SELECT a, y FROM t1, t2 WHERE g = y",
];

Deno.test("SELECT over tables matches node:sqlite", () => {
  const p = new Pair();
  try {
    p.exec(SCHEMA);
    const bad = QUERIES.map((q) => p.diff(q)).filter((d) => d !== null);
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});

/** Random queries over the tables of SCHEMA (shared with tests/engine/fuzz_table.soak.ts). */
export function tableFuzz(seed: number, n: number): string[] {
  const p = new Pair();
  try {
    p.exec(SCHEMA);
    const g = new Gen(rng(seed));
    const t1 = ["a", "b", "c", "d", "e", "f", "g"];
    const both = [...t1, "x", "y", "z"];
    const bad: string[] = [];
    for (let i = 0; i < n; i++) {
      let sql: string;
      let ordered = true;
      switch (i % 9) {
        case 7: {
          const col = g.pick(t1);
          sql = `SELECT a, ${col} FROM t1 WHERE ${col} = ${g.expr([], 1)} OR ${col} = ${
            g.expr([], 1)
          } OR ${g.expr([], 1)} = ${col}`;
          break;
        }
        case 8:
          // different columns: a MULTI-INDEX OR when both are indexed (SQLite's row order)
          sql = `SELECT a FROM t1 WHERE ${g.pick(t1)} = ${g.expr([], 1)} OR ${g.pick(t1)} = ${
            g.expr([], 1)
          }`;
          break;
        case 0: {
          const e = g.expr(t1);
          sql = `SELECT a, ${e}, typeof(${e}) FROM t1 WHERE ${g.expr(t1)} ORDER BY 1`;
          break;
        }
        case 1: {
          const col = g.pick(t1);
          sql = `SELECT a FROM t1 WHERE ${col} ${g.pick(["=", "<", ">=", "IS", "!=", ">", "<="])} ${
            g.expr([], 2)
          }`;
          break;
        }
        case 2:
          sql = `SELECT ${g.pick(["b", "d", "g", "typeof(c)"])}, count(*), sum(${
            g.expr(t1, 1)
          }), max(${g.expr(t1, 1)}) FROM t1 GROUP BY 1 ORDER BY 1`;
          break;
        case 3:
          sql = `SELECT a, x, ${g.expr(both)} FROM t1 ${g.pick(["JOIN", "LEFT JOIN"])} t2 ON ${
            g.pick(["a = x", "b = y", "g = y", "c = z", "d = z", g.expr(both)])
          }`;
          break;
        case 4: {
          const col = g.pick(t1);
          sql = `SELECT a, ${col} FROM t1 WHERE ${col} BETWEEN ${g.expr([], 1)} AND ${
            g.expr([], 1)
          }`;
          break;
        }
        case 5: {
          const col = g.pick(t1);
          sql = `SELECT a FROM t1 WHERE ${col} IN (${g.expr([], 1)}, ${g.expr([], 1)}, ${
            g.expr([], 1)
          })`;
          break;
        }
        default:
          sql = `SELECT * FROM t1, t2 WHERE ${g.pick(["a", "c", "d", "g", "b"])} ${
            g.pick(["=", "<", ">"])
          } ${g.pick(["x", "y", "z"])}${g.chance(0.5) ? ` AND ${g.expr(both)}` : ""}`;
          ordered = g.chance(0.5);
      }
      const d = p.diff(sql, ordered);
      if (d !== null) bad.push(d);
    }
    return bad;
  } finally {
    p.close();
  }
}

Deno.test("fuzz: 700 random queries over tables with affinities and indexes match node:sqlite", () => {
  deepStrictEqual(tableFuzz(42, 700), []);
});

const VIEW_QUERIES = [
  "SELECT * FROM v1",
  "SELECT b FROM v1 WHERE c > 1",
  "SELECT * FROM v1, t2 WHERE v1.a = t2.x",
  "SELECT v1.b, t2.y FROM t2, v1 WHERE v1.a = t2.x",
  "SELECT x.b FROM (SELECT * FROM t1) AS x WHERE x.g = 'a'",
  "SELECT count(*), max(c) FROM v1",
  "SELECT * FROM (SELECT a + 1, b AS bb FROM t1 WHERE a < 4)",
  "SELECT s.bb FROM (SELECT a + 1, b AS bb FROM t1) AS s ORDER BY s.bb",
  "SELECT * FROM v2",
  "SELECT n, a FROM v2 WHERE n > 0",
  "SELECT * FROM (SELECT b FROM t1 ORDER BY b LIMIT 3)",
  "SELECT * FROM (SELECT DISTINCT b FROM t1)",
  "SELECT * FROM (SELECT b, count(*) FROM t1 GROUP BY b) AS g, t2 WHERE g.b = t2.y",
];

Deno.test("views and FROM subqueries (flattened as SQLite does) match node:sqlite, names included", () => {
  const p = new Pair();
  try {
    p.exec(SCHEMA);
    p.exec(
      "CREATE VIEW v1 AS SELECT a, b, c FROM t1 WHERE a > 2; CREATE VIEW v2(n, a) AS SELECT c * 2, a FROM t1;",
    );
    const bad = VIEW_QUERIES.map((q) => p.diff(q)).filter((d) => d !== null);
    for (const q of VIEW_QUERIES) {
      const st = p.ts.prepare(q)!;
      const names = Array.from({ length: st.columnCount }, (_, i) => st.columnName(i));
      st.finalize();
      const ref = p.ref.prepare(q).columns().map((c) => c.name);
      if (JSON.stringify(names) !== JSON.stringify(ref)) bad.push(`${q}: names ${names} vs ${ref}`);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});

Deno.test("ORDER BY … LIMIT over 600 rows (sorter keeps only the needed rows) matches node:sqlite", () => {
  const p = new Pair();
  try {
    p.exec("CREATE TABLE big(id INTEGER PRIMARY KEY, k, g TEXT)");
    const rows: string[] = [];
    for (let i = 1; i <= 600; i++) rows.push(`(${i}, ${(i * 37) % 101}, 'g${i % 13}')`);
    p.exec(`INSERT INTO big VALUES ${rows.join(",")}`);
    const bad = [
      "SELECT id, k FROM big ORDER BY k LIMIT 7 OFFSET 3",
      "SELECT id, k FROM big ORDER BY k DESC LIMIT 5",
      "SELECT id, k FROM big ORDER BY k, id DESC LIMIT 10",
      "SELECT g, count(*) FROM big GROUP BY g ORDER BY count(*) DESC LIMIT 4",
      "SELECT g, sum(k) FROM big GROUP BY g ORDER BY 2 LIMIT 3 OFFSET 2",
      "SELECT DISTINCT k FROM big ORDER BY k LIMIT 5",
    ].map((q) => p.diff(q)).filter((d) => d !== null);
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});

const ERROR_QUERIES = [
  "SELECT nosuch FROM t1",
  "SELECT t1.nosuch FROM t1",
  "SELECT t9.a FROM t1",
  "SELECT a FROM t1, t1",
  "SELECT a FROM t1 x, t1 y",
  "SELECT * FROM nosuch",
  "SELECT * FROM main.nosuch",
  "SELECT * FROM aux.t1",
  "SELECT count(*) FROM t1 WHERE count(*) > 1",
  "SELECT a FROM t1 GROUP BY count(*)",
  "SELECT sum(sum(a)) FROM t1",
  "SELECT a FROM t1 HAVING a > 1",
  "SELECT a FROM t1 ORDER BY 5",
  "SELECT a FROM t1 ORDER BY 0",
  "SELECT a FROM t1 GROUP BY 3",
  "SELECT a, b FROM t1 UNION SELECT x FROM t2",
  "SELECT a FROM t1 UNION SELECT x FROM t2 ORDER BY nosuch",
  "SELECT abs() FROM t1",
  "SELECT nofunc(a) FROM t1",
  "SELECT a FROM t1 LIMIT 'x'",
  "SELECT a FROM t1 LIMIT 1.5",
  "SELECT (SELECT a, b FROM t1)",
  "SELECT a IN (SELECT a, b FROM t1) FROM t1",
  "SELECT * FROM t1 JOIN t2 USING (nosuch)",
  "SELECT * FROM t1 NATURAL JOIN t2 ON a = x",
  "SELECT * FROM t1 INDEXED BY nosuch",
  'SELECT "a" FROM t1',
  'SELECT "zz" FROM t1',
  "SELECT a FROM (SELECT 1) AS s",
  "SELECT max() FROM t1",
  "SELECT count(DISTINCT a, b) FROM t1",
  "SELECT a COLLATE nosuch FROM t1 ORDER BY 1",
  "SELECT rowid FROM (SELECT a FROM t1)",
  "SELECT * FROM t1 WHERE a = ?5",
  "SELECT group_concat(a, b, c) FROM t1",
  "SELECT a FROM t1 WHERE a MATCH 'x'",
  "SELECT a FROM t1 WHERE a REGEXP 'x'",
  "SELECT 1 UNION SELECT 2 ORDER BY 1 COLLATE nosuch",
  "SELECT t1.* FROM t2",
  "SELECT * FROM t1, (SELECT * FROM nosuch)",
  "SELECT x FROM t2 GROUP BY x HAVING nosuch > 1",
];

Deno.test("errors (no such table/column/function/collation, ambiguity, misuse) match SQLite's messages", () => {
  const p = new Pair();
  try {
    p.exec(SCHEMA);
    const bad = ERROR_QUERIES.map((q) => p.diff(q)).filter((d) => d !== null);
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});

Deno.test("ranges on DESC index columns (scan order, NULLs, bounds) match node:sqlite", () => {
  const p = new Pair();
  try {
    p.exec(
      "CREATE TABLE t(pk INTEGER PRIMARY KEY, a INTEGER, b TEXT, c); CREATE INDEX td ON t(a DESC);" +
        "CREATE INDEX tbd ON t(c, b DESC)",
    );
    const vals: string[] = [];
    for (let i = 1; i <= 40; i++) {
      vals.push(
        `(${i}, ${i % 9 === 0 ? "NULL" : (i * 7) % 13}, ${
          i % 5 === 0 ? "NULL" : `'s${(i * 3) % 11}'`
        }, ${i % 3})`,
      );
    }
    p.exec(`INSERT INTO t VALUES ${vals.join(",")}`);
    const bad = [
      "SELECT pk, a FROM t WHERE a > 5",
      "SELECT pk, a FROM t WHERE a >= 5",
      "SELECT pk, a FROM t WHERE a < 5",
      "SELECT pk, a FROM t WHERE a <= 5",
      "SELECT pk, a FROM t WHERE a > 3 AND a < 9",
      "SELECT pk, a FROM t WHERE a BETWEEN 4 AND 8",
      "SELECT pk, b FROM t WHERE c = 1 AND b > 's3'",
      "SELECT pk, b FROM t WHERE c = 2 AND b < 's5'",
      "SELECT pk, b FROM t WHERE c = 0 AND b BETWEEN 's2' AND 's7'",
      "SELECT pk FROM t WHERE a > 100",
      "SELECT pk FROM t WHERE a < -1",
      "SELECT pk FROM t WHERE a IS NULL",
      "SELECT pk FROM t WHERE a IS NOT NULL",
      "SELECT pk FROM t WHERE a IS 3",
      "SELECT pk FROM t WHERE c IS NULL AND b IS NULL",
      "SELECT pk FROM t WHERE c = 1 AND b IS NOT NULL",
      "SELECT pk FROM t WHERE pk IS 5",
    ].flatMap((q) => {
      const d = p.diff(q);
      const text = (o: ReturnType<Pair["tsq"]>) =>
        "error" in o ? o.error : o.rows.map((r) => String(r[3])).join(" | ");
      const e1 = text(p.tsq("EXPLAIN QUERY PLAN " + q));
      const e2 = text(p.refq("EXPLAIN QUERY PLAN " + q));
      return [...(d === null ? [] : [d]), ...(e1 === e2 ? [] : [`${q}: plan ${e1} vs ${e2}`])];
    });
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});
