/**
 * Expression gaps closed against node:sqlite, value and type exact: the JSON `->`/`->>`
 * operators (json.c's abbreviated paths and errors), CURRENT_TIME/DATE/TIMESTAMP (date.c, one
 * 'now' per step, as expressions and column DEFAULTs), when a COLLATE name is looked up
 * (sqlite3GetCollSeq runs only where a comparison is coded or the WHERE analysis compares
 * collations), and compound SELECT collations (multiSelectCollSeq).
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { Pair } from "./select_table_harness.ts";

function check(p: Pair, queries: readonly string[]): void {
  const bad: string[] = [];
  for (const q of queries) {
    const d = p.diff(q);
    if (d !== null) bad.push(d);
  }
  deepStrictEqual(bad, []);
}

Deno.test("-> and ->> extract JSON text and SQL values as SQLite's json.c does", () => {
  const p = new Pair();
  try {
    p.exec(`CREATE TABLE j(id INTEGER PRIMARY KEY, d TEXT, e);
      INSERT INTO j VALUES
       (1,'{"a":1,"b":[1,2,{"c":"x"}],"d":null,"e":1.5,"f":"txt","a b":7,"1":"one"}','a'),
       (2,'[10,20,30]',1),(3,'not json','b'),(4,NULL,NULL),(5,'{"a":{"b":{"c":3}}}','$.a.b');`);
    check(p, [
      "SELECT d->'a', d->>'a', typeof(d->'a'), typeof(d->>'a') FROM j WHERE id=1",
      "SELECT d->'$.b[2].c', d->>'$.b[2].c', d->'b', d->>'b', typeof(d->'b') FROM j WHERE id=1",
      "SELECT d->'d', d->>'d', typeof(d->'d'), typeof(d->>'d') FROM j WHERE id=1",
      "SELECT d->'e', d->>'e', typeof(d->>'e'), d->'f', d->>'f', typeof(d->'f') FROM j WHERE id=1",
      "SELECT d->'a b', d->>'a b', d->'1', d->1, d->'[1]', d->'x\"y' FROM j WHERE id=1",
      "SELECT id, d->0, d->>1, d->-1, d->>-3, d->-4, d->'$[#-1]', d->'[2]', d->>e FROM j WHERE id=2",
      "SELECT id, d->>e, d->e FROM j WHERE id IN (1,5)",
      "SELECT '{\"x\":[1,2]}' -> 'x' -> 1, '{\"x\":[1,2]}' ->> 'x' ->> 1",
      "SELECT 1 -> 2, '[1,2]' -> 1.5, '[5,6]' -> 1.0, '[5,6]' -> '1', '[1,2,3]' -> 9223372036854775807",
      "SELECT '{\"a\":1}' -> NULL, NULL -> 'a', '{\"a\":1}' -> 'a' COLLATE nocase",
      "SELECT '{\"a\":{\"b\":1}}' -> 'a.b', '{\"a.b\":2}' -> 'a.b', '{\"a\":1}' -> 'a[0]'",
      "SELECT d ->> 'a' + 1, -d->>'a', d -> 'a' || 'x' FROM j WHERE id = 1",
      "SELECT id FROM j WHERE d->>'a' = 1",
      "SELECT json('{\"a\":[1,2]}') -> 'a', jsonb('{\"a\":[1,2]}') -> 'a', jsonb('[3]') ->> 0",
      "SELECT d->'a' AS x FROM j ORDER BY x",
      // errors: a malformed document, bad paths (shown as written), the empty label
      "SELECT id, d->'a' FROM j",
      "SELECT '{\"a\":1}' -> ''",
      "SELECT '{\"a\":1}' ->> x''",
      "SELECT '{\"a\":1}' -> x'00'",
      "SELECT '{\"a\":1}' -> '$.'",
      "SELECT '{\"a\":1}' -> '$x'",
      "SELECT '{\"a\":1}' -> 'a.'",
      "SELECT '{\"a\":1}' -> '['",
      "SELECT '{\"a\":1}' -> '[]'",
    ]);
  } finally {
    p.close();
  }
});

Deno.test("CURRENT_TIMESTAMP/DATE/TIME: formats, one 'now' per step, column DEFAULTs", () => {
  const p = new Pair();
  try {
    p.exec(`CREATE TABLE n(x INTEGER PRIMARY KEY);
      INSERT INTO n VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10);`);
    check(p, [
      "SELECT typeof(CURRENT_TIMESTAMP), length(CURRENT_TIMESTAMP), length(CURRENT_DATE), " +
      "length(current_time), CURRENT_DATE < CURRENT_TIMESTAMP",
      "SELECT CURRENT_TIMESTAMP = datetime('now'), CURRENT_DATE = date('now'), " +
      "CURRENT_TIME = time('now'), substr(CURRENT_TIMESTAMP, 12) = CURRENT_TIME",
      // 10,000 rows in one step all see the same instant
      "SELECT count(DISTINCT strftime('%Y-%m-%d %H:%M:%f','now') || CURRENT_TIMESTAMP) " +
      "FROM n a, n b, n c, n d",
      "SELECT current_timestamp()",
      "SELECT CURRENT_TIMESTAMP(1)",
    ]);
    p.exec(`CREATE TABLE d(id INTEGER PRIMARY KEY, a DEFAULT CURRENT_TIMESTAMP,
      b DEFAULT CURRENT_DATE, c DEFAULT CURRENT_TIME, e DEFAULT (CURRENT_TIMESTAMP),
      f DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')));
      INSERT INTO d(id) SELECT x FROM n; INSERT INTO d(id) SELECT a.x * 10 + b.x + 100 FROM n a, n b;`);
    check(p, [
      "SELECT count(DISTINCT a), count(DISTINCT b), count(DISTINCT c), count(DISTINCT e), " +
      "count(DISTINCT f), min(a = e), min(substr(f, 1, 19) = a) FROM d WHERE id > 100",
      "SELECT typeof(a), length(a), length(b), length(c), length(e) FROM d LIMIT 1",
    ]);
    const st = p.ts.prepare("SELECT CURRENT_TIMESTAMP, current_date AS x FROM n")!;
    strictEqual(st.columnName(0), "CURRENT_TIMESTAMP");
    strictEqual(st.columnName(1), "x");
    st.finalize();
  } finally {
    p.close();
  }
});

Deno.test("an unknown COLLATE fails only where SQLite looks the collation up", () => {
  const p = new Pair();
  try {
    p.exec(`CREATE TABLE t(a INTEGER PRIMARY KEY, b, c TEXT COLLATE nocase);
      CREATE INDEX tb ON t(b); INSERT INTO t VALUES (1,'x','y'),(2,'X','Y'),(3,3,'3');`);
    check(p, [
      // rowid lookups and ranges code no comparison: never looked up
      "SELECT * FROM t WHERE rowid = 1 COLLATE nosuch",
      "SELECT * FROM t WHERE a = 1 COLLATE nosuch",
      "SELECT * FROM t WHERE a = 5 COLLATE nosuch",
      "SELECT * FROM t WHERE a COLLATE nosuch = 1",
      "SELECT * FROM t WHERE a = (1 COLLATE nosuch)",
      "SELECT * FROM t WHERE a IS 1 COLLATE nosuch",
      "SELECT * FROM t WHERE a > 1 COLLATE nosuch",
      "SELECT * FROM t WHERE a >= 9 COLLATE nosuch",
      "SELECT * FROM t WHERE a > 0 AND a < 3 COLLATE nosuch",
      "SELECT * FROM t WHERE a > 0 COLLATE nosuch AND a < 3",
      "SELECT * FROM t WHERE a BETWEEN 1 AND 2 COLLATE nosuch",
      "SELECT * FROM t WHERE rowid IN (1, 2 COLLATE nosuch)",
      "SELECT * FROM t WHERE a IN (1,2) COLLATE nosuch",
      "SELECT count(*) FROM t WHERE a = 1 COLLATE nosuch",
      "SELECT * FROM t WHERE a = 1 COLLATE nosuch ORDER BY b",
      // no comparison at all, or a function that takes no collation
      "SELECT 1 COLLATE nosuch",
      "SELECT length('abc' COLLATE nosuch), upper('x' COLLATE nosuch)",
      "SELECT 'a' COLLATE nosuch LIKE 'A', 'a' COLLATE nosuch GLOB 'A'",
      "SELECT * FROM t WHERE b COLLATE nosuch LIKE 'x'",
      "SELECT * FROM t WHERE b COLLATE nosuch IS NULL",
      "SELECT count(*) FROM t WHERE b COLLATE nosuch",
      "SELECT b COLLATE nosuch FROM t UNION ALL SELECT 1",
      "SELECT count(b COLLATE nosuch), group_concat(c COLLATE nosuch) FROM t",
      // comparisons, sorts, sets, min/max/nullif, and the WHERE analysis: no such collation
      "SELECT * FROM t WHERE +a = 1 COLLATE nosuch",
      "SELECT a = 1 COLLATE nosuch FROM t",
      "SELECT * FROM t WHERE a COLLATE nosuch IN (1,2)",
      "SELECT * FROM t WHERE b = 'x' COLLATE nosuch",
      "SELECT * FROM t WHERE c = 'y' COLLATE nosuch",
      "SELECT 'a' = 'a' COLLATE nosuch",
      "SELECT 1 COLLATE nosuch ORDER BY 1",
      "SELECT * FROM t ORDER BY b COLLATE nosuch",
      "SELECT CASE 'a' COLLATE nosuch WHEN 'a' THEN 1 END",
      "SELECT DISTINCT b COLLATE nosuch FROM t",
      "SELECT b COLLATE nosuch FROM t GROUP BY 1",
      "SELECT b COLLATE nosuch FROM t UNION SELECT 1",
      "SELECT b COLLATE nosuch FROM t UNION ALL SELECT 1 ORDER BY 1",
      "SELECT min('a' COLLATE nosuch, 'b')",
      "SELECT max(b COLLATE nosuch) FROM t",
      "SELECT nullif('a', 'A' COLLATE nosuch)",
      "SELECT * FROM t WHERE a = 1 COLLATE nosuch OR a = 2",
      "SELECT * FROM t WHERE a = 1 COLLATE nosuch AND b = 'x'",
      "SELECT * FROM t WHERE a = 2 AND a = 1 COLLATE nosuch",
      "SELECT * FROM t WHERE a = 1 COLLATE nosuch AND a = 2",
      "SELECT * FROM t WHERE a = 1 AND b = 2 COLLATE nosuch",
      "SELECT * FROM t, t AS u WHERE t.a = u.a COLLATE nosuch",
      "SELECT * FROM t WHERE 1 COLLATE nosuch = a",
      // the collation min/max/nullif use (SQLITE_FUNC_NEEDCOLL)
      "SELECT min(b, c), max(b, c), min(c, b), max(c, b), min(c, b COLLATE binary), " +
      "nullif(c, 'Y'), nullif('Y', c) FROM t",
    ]);
  } finally {
    p.close();
  }
});

Deno.test("compound SELECT compares with the left-most arm's collation (multiSelectCollSeq)", () => {
  const p = new Pair();
  try {
    p.exec(`CREATE TABLE t(a INTEGER PRIMARY KEY, b, c TEXT COLLATE nocase);
      INSERT INTO t VALUES (1,'x','y'),(2,'X','Y'),(3,3,'3');`);
    check(p, [
      "SELECT 'a' COLLATE nocase UNION SELECT 'A'",
      "SELECT 'a' UNION SELECT 'A' COLLATE nocase",
      "SELECT 'a' COLLATE nocase INTERSECT SELECT 'A'",
      "SELECT 'a' COLLATE nocase EXCEPT SELECT 'A'",
      "SELECT b COLLATE nocase FROM t UNION SELECT c FROM t",
      "SELECT c FROM t UNION SELECT b FROM t",
      "SELECT b FROM t UNION SELECT c FROM t",
      "SELECT c FROM t UNION SELECT b FROM t ORDER BY 1",
      "SELECT c FROM t UNION SELECT b FROM t ORDER BY 1 COLLATE binary",
      "SELECT b FROM t UNION ALL SELECT c FROM t ORDER BY 1",
      "SELECT 'A' UNION ALL SELECT 'a' UNION SELECT c FROM t",
      "SELECT 'A' UNION ALL SELECT c FROM t INTERSECT SELECT b FROM t",
      "SELECT x FROM (SELECT c AS x FROM t) UNION SELECT b FROM t",
      "SELECT c || '' FROM t UNION SELECT b FROM t",
      "SELECT 1 WHERE 'X' IN (SELECT c FROM t UNION SELECT 'q')",
      "SELECT a, c FROM t UNION SELECT a, b FROM t",
      // the rowid (and an INTEGER PRIMARY KEY) has no collation of its own
      "SELECT rowid FROM t UNION SELECT c FROM t",
      "SELECT a FROM t UNION SELECT c FROM t",
    ]);
  } finally {
    p.close();
  }
});

Deno.test("a SELECT that reads no b-tree begins no transaction (no OP_Transaction)", () => {
  const p = new Pair();
  try {
    p.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
    const opcodes = (sql: string) => {
      const o = p.tsq("EXPLAIN " + sql);
      return "rows" in o ? o.rows.map((r) => String(r[1])) : [o.error];
    };
    for (
      const q of ["SELECT 1", "VALUES (1), (2)", "SELECT (SELECT 2) + 1", "SELECT 1 UNION SELECT 2"]
    ) {
      deepStrictEqual(opcodes(q).includes("Transaction"), false, q);
      deepStrictEqual(p.diff(q), null);
    }
    for (
      const q of [
        "SELECT a FROM t",
        "SELECT (SELECT count(*) FROM t)",
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM t)",
      ]
    ) {
      deepStrictEqual(opcodes(q).includes("Transaction"), true, q);
      deepStrictEqual(p.diff(q), null);
    }
  } finally {
    p.close();
  }
});

Deno.test("x IN (SELECT y …) compares with sqlite3BinaryCompareCollSeq(x, y)", () => {
  const p = new Pair();
  try {
    p.exec(`CREATE TABLE t(a INTEGER PRIMARY KEY, b, c TEXT COLLATE nocase);
      CREATE INDEX tb ON t(b); INSERT INTO t VALUES (1,'x','y'),(2,'X','Y'),(3,3,'3');`);
    check(p, [
      "SELECT 'a' IN (SELECT 'A' COLLATE nocase)",
      "SELECT 'a' IN (SELECT c FROM t)",
      "SELECT 'Y' IN (SELECT c FROM t), 'y' IN (SELECT b FROM t), 'X' IN (SELECT b COLLATE nocase FROM t)",
      "SELECT * FROM t WHERE b IN (SELECT 'X' COLLATE nocase)",
      "SELECT * FROM t WHERE b COLLATE nocase IN (SELECT 'X')",
      "SELECT * FROM t WHERE c IN (SELECT 'y' COLLATE binary)",
      "SELECT * FROM t WHERE a IN (SELECT 1 COLLATE nosuch)",
      "SELECT 'a' IN (SELECT 1 COLLATE nosuch)",
      "SELECT * FROM t WHERE +b IN (SELECT 'X' COLLATE nocase)",
      "SELECT * FROM t WHERE c IN (SELECT 'y' COLLATE binary)",
      "SELECT * FROM t WHERE c IN (SELECT b FROM t)",
      "SELECT * FROM t WHERE +c IN (SELECT b FROM t)",
      "SELECT * FROM t WHERE b IN (SELECT c FROM t)",
      "SELECT * FROM t WHERE +b IN (SELECT c FROM t)",
      "SELECT 'x' IN (SELECT c FROM t), 'X' IN (SELECT c FROM t), 'x' COLLATE binary IN (SELECT c FROM t)",
    ]);
  } finally {
    p.close();
  }
});
