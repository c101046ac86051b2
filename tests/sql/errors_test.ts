/**
 * Invalid SQL: our error message equals node:sqlite's prepare message exactly (same SQLite as
 * better-sqlite3). The invalid statements are hand-written cases for every parser-raised
 * message, plus every token-boundary truncation and every single-token deletion of corpus
 * statements, compared wherever node:sqlite reports a parser-level error.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parseOne, tokenize } from "../../src/sql/mod.ts";
import { SqliteError } from "../../src/error.ts";
import { ORACLE_SCHEMA, STATEMENTS } from "./corpus.ts";

/** Messages raised by SQLite's tokenizer and parser actions (not by name resolution). */
const PARSER_MESSAGE = new RegExp(
  [
    "syntax error",
    "incomplete input",
    "unrecognized token",
    "Expression tree is too large",
    "too many terms in compound SELECT",
    "clause should come after",
    "unknown join type",
    "a JOIN clause is required before",
    "Recursion limit",
    "unknown table option",
    "all VALUES must have the same number of terms",
    "duplicate WITH table name",
    "variable number must be between",
    "default value of column",
    "error in generated column",
    "unsupported frame specification",
    "syntax error after column name",
  ].join("|"),
);

/** Hand-written invalid statements, one or more per parser message. */
export const INVALID: string[] = [
  "SELECT",
  "SELECT 1 FROM",
  "SELECT 1 FROM;",
  "SELECT * FROM t WHERE",
  "SELECT 1 1",
  "SELECT (1",
  "SELECT 1)",
  "SELECT 'abc",
  'SELECT "abc',
  "SELECT [abc",
  "SELECT x'abc'",
  "SELECT x'zz'",
  "SELECT 1e",
  "SELECT 0x",
  "SELECT 1.5e+",
  "SELECT 1__0",
  "SELECT 1_",
  "SELECT 1_0__1",
  "SELECT 0x1_",
  "SELECT $",
  "SELECT $a(b",
  "SELECT #1",
  "SELECT ?0",
  "SELECT ?99999",
  "SELECT !",
  "SELECT 1 !< 2",
  "SELECT a FROM t ORDER a",
  "SELECT a FROM t GROUP a",
  "SELECT 1 ORDER BY 1 UNION SELECT 2",
  "SELECT 1 LIMIT 1 UNION SELECT 2",
  "SELECT 1 LIMIT 1 UNION ALL SELECT 2",
  "SELECT 1 ORDER BY 1 EXCEPT SELECT 2",
  "SELECT 1 UNION VALUES (1) ORDER BY 1",
  "VALUES (1), (2, 3)",
  "VALUES (1) ORDER BY 1",
  "SELECT * FROM t a LEFT OUTER foo JOIN u",
  "SELECT * FROM t INNER OUTER JOIN u",
  "SELECT * FROM t OUTER JOIN u",
  "SELECT * FROM t CROSS LEFT JOIN u",
  "SELECT * FROM t bogus JOIN u",
  "SELECT * FROM t ON 1",
  "SELECT * FROM t USING (a)",
  "SELECT * FROM t LEFT",
  "SELECT * FROM t JOIN",
  "SELECT * FROM json_each(1) INDEXED BY x",
  "SELECT cast FROM t",
  "SELECT CAST(1 AS INTEGER",
  "SELECT CASE END",
  "SELECT CASE 1 END",
  "SELECT CASE WHEN 1 END",
  "SELECT EXISTS 1",
  "SELECT RAISE(IGNORE)",
  "SELECT RAISE(FOO, 'x')",
  "SELECT count(*) FILTER (a)",
  "SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM t",
  "SELECT sum(a) OVER (ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM t",
  "SELECT sum(a) OVER (ROWS UNBOUNDED FOLLOWING) FROM t",
  "SELECT sum(a) OVER (ROWS 1) FROM t",
  "SELECT sum(a) OVER (ORDER BY a EXCLUDE) FROM t",
  "SELECT a FROM t WINDOW w AS (",
  "SELECT a NOT 1",
  "SELECT a IS DISTINCT b",
  "SELECT a BETWEEN 1",
  "SELECT a BETWEEN 1 OR 2",
  "SELECT a IN",
  "SELECT a IN (",
  "SELECT a LIKE",
  "SELECT a LIKE b ESCAPE",
  "SELECT a COLLATE",
  "SELECT a COLLATE 1",
  "SELECT t.",
  "SELECT t.*.a",
  "SELECT 1 AS",
  "SELECT 1 AS 2",
  "SELECT 1 left",
  "SELECT (SELECT 1",
  "SELECT " + "1+".repeat(1000) + "1",
  "SELECT " + "NOT ".repeat(1000) + "1",
  "SELECT " + "(".repeat(2494) + "1" + ")".repeat(2494),
  "SELECT " + "(".repeat(10000) + "1" + ")".repeat(10000),
  "SELECT " + "abs(".repeat(832) + "1" + ")".repeat(832),
  "SELECT 1 UNION ".repeat(500) + "SELECT 1",
  "WITH a AS (SELECT 1), a AS (SELECT 2) SELECT 1",
  "WITH a AS (SELECT 1)",
  "WITH a AS SELECT 1",
  "WITH a(x DESC) AS (SELECT 1) SELECT 1",
  "INSERT INTO t",
  "INSERT INTO t VALUES",
  "INSERT INTO t VALUES (1",
  "INSERT t VALUES (1)",
  "INSERT INTO t (SELECT 1)",
  "INSERT INTO t DEFAULT",
  "INSERT INTO t DEFAULT VALUES ON CONFLICT DO NOTHING",
  "INSERT OR BOGUS INTO t VALUES (1)",
  "INSERT INTO t SELECT * FROM u ON CONFLICT DO NOTHING",
  "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING ON CONFLICT DO NOTHING",
  "INSERT INTO t VALUES (1) ON CONFLICT (a) DO",
  "INSERT INTO t VALUES (1) RETURNING",
  "REPLACE t VALUES (1)",
  "UPDATE t",
  "UPDATE t SET",
  "UPDATE t SET a",
  "UPDATE t SET a = 1 WHERE",
  "UPDATE t SET (a, b) = ",
  "UPDATE t SET a = 1 ORDER BY a",
  "UPDATE t SET a = 1 LIMIT 1",
  "DELETE t",
  "DELETE FROM",
  "DELETE FROM t WHERE",
  "DELETE FROM t ORDER BY a LIMIT 1",
  "DELETE FROM t LIMIT 1",
  "DELETE FROM t RETURNING",
  "CREATE",
  "CREATE TABLE",
  "CREATE TABLE x",
  "CREATE TABLE x(",
  "CREATE TABLE x()",
  "CREATE TABLE x(a,)",
  "CREATE TABLE x(a) foo",
  "CREATE TABLE x(a) WITHOUT foo",
  "CREATE TABLE x(a) STRICT, bar",
  "CREATE TABLE x(a) WITHOUT",
  "CREATE TABLE x(a DEFAULT (b))",
  "CREATE TABLE x(a DEFAULT (?))",
  "CREATE TABLE x(a DEFAULT (SELECT 1))",
  "CREATE TABLE x(a DEFAULT 1 + 2)",
  "CREATE TABLE x(a AS (1) foo)",
  "CREATE TABLE x(a CHECK a)",
  "CREATE TABLE x(a PRIMARY)",
  "CREATE TABLE x(a REFERENCES)",
  "CREATE TABLE x(a REFERENCES p ON DELETE)",
  "CREATE TABLE x(a REFERENCES p ON DELETE BOGUS)",
  "CREATE TABLE x(a REFERENCES p ON FOO CASCADE)",
  "CREATE TABLE x(a, PRIMARY KEY)",
  "CREATE TABLE x(a, b collate x desc, primary key (a))",
  "CREATE TABLE x(a, FOREIGN KEY (a DESC) REFERENCES p)",
  "CREATE TABLE x(a, UNIQUE (a) b INT)",
  "CREATE TABLE x(a NOT NULL ON CONFLICT)",
  "CREATE TABLE x AS",
  "CREATE TABLE x(a) AS SELECT 1",
  "CREATE TEMP INDEX i ON t(a)",
  "CREATE INDEX ON t(a)",
  "CREATE INDEX i ON t",
  "CREATE INDEX i ON t()",
  "CREATE UNIQUE i ON t(a)",
  "CREATE VIEW v",
  "CREATE VIEW v AS",
  "CREATE VIEW v(a DESC) AS SELECT 1",
  "CREATE VIEW v(a COLLATE nocase) AS SELECT 1",
  "CREATE TRIGGER",
  "CREATE TRIGGER tr ON t BEGIN END",
  "CREATE TRIGGER tr INSERT ON t BEGIN END",
  "CREATE TRIGGER tr INSERT ON t BEGIN SELECT 1 END",
  "CREATE TRIGGER tr INSERT ON t BEGIN SELECT 1;",
  "CREATE TRIGGER tr INSERT ON t BEGIN DELETE FROM main.t; END",
  "CREATE TRIGGER tr INSERT ON t BEGIN INSERT INTO t DEFAULT VALUES; END",
  "CREATE TRIGGER tr INSERT ON t BEGIN INSERT INTO t VALUES(1) RETURNING *; END",
  "CREATE TRIGGER tr INSERT ON t BEGIN DELETE FROM t INDEXED BY ti; END",
  "CREATE TRIGGER tr INSERT ON t BEGIN UPDATE t NOT INDEXED SET a = 1; END",
  "CREATE TRIGGER tr INSERT ON t BEGIN WITH x AS (SELECT 1) DELETE FROM t; END",
  "CREATE TRIGGER tr AFTER ON t BEGIN SELECT 1; END",
  "CREATE TRIGGER tr INSTEAD INSERT ON t BEGIN SELECT 1; END",
  "CREATE VIRTUAL TABLE v",
  "CREATE VIRTUAL TABLE v USING",
  "CREATE VIRTUAL TABLE v USING m(a",
  "DROP",
  "DROP TABLE",
  "DROP TABLE IF t",
  "DROP COLUMN t",
  "DROP INDEX IF NOT EXISTS i",
  "ALTER TABLE",
  "ALTER TABLE t",
  "ALTER TABLE t RENAME",
  "ALTER TABLE t RENAME TO",
  "ALTER TABLE t RENAME a",
  "ALTER TABLE t ADD",
  "ALTER TABLE t DROP",
  "ALTER TABLE t MODIFY a INT",
  "ALTER TABLE t ADD CONSTRAINT c",
  "ALTER TABLE t ADD CONSTRAINT c UNIQUE (a)",
  "ALTER TABLE t ADD PRIMARY KEY (a)",
  "ALTER TABLE t ADD CHECK",
  "ALTER TABLE t ADD CHECK (",
  "ALTER TABLE t ADD CHECK (a) ON CONFLICT",
  "ALTER TABLE t ADD CONSTRAINT c NOT NULL (a)",
  "ALTER TABLE t DROP CONSTRAINT",
  "ALTER TABLE t ALTER",
  "ALTER TABLE t ALTER COLUMN a",
  "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1",
  "ALTER TABLE t ALTER COLUMN a SET NOT",
  "ALTER TABLE t ALTER COLUMN a DROP NULL",
  "BEGIN FOO",
  "BEGIN TRANSACTION a b",
  "COMMIT WORK",
  "ROLLBACK TO",
  "ROLLBACK SAVEPOINT sp",
  "SAVEPOINT",
  "RELEASE",
  "PRAGMA",
  "PRAGMA x =",
  "PRAGMA x = 1_000",
  "PRAGMA x(",
  "PRAGMA x = - 'a'",
  "PRAGMA x = a b",
  "ATTACH",
  "ATTACH 'x'",
  "ATTACH 'x' AS",
  "DETACH",
  "VACUUM INTO",
  "VACUUM a b",
  "ANALYZE a.",
  "REINDEX a.b.c",
  "EXPLAIN",
  "EXPLAIN QUERY SELECT 1",
  "EXPLAIN QUERY PLAN",
  "FOO",
  "SELECT 1; SELEC 2",
  "(SELECT 1)",
  "SELECT 1 FROM t WHERE a = 1 2",
  "SELECT * FROM t WHERE a IN (1, 2",
  "SELECT * FROM (SELECT 1",
  "SELECT * FROM (t JOIN u",
  "SELECT a FROM t HAVING",
  "SELECT a FROM t LIMIT",
  "SELECT a FROM t LIMIT 1 OFFSET",
  "SELECT a FROM t LIMIT 1,",
  "SELECT f(DISTINCT *)",
  "SELECT f(* , 1)",
  "SELECT f(1 ORDER BY)",
  "SELECT count() OVER",
  "SELECT count() OVER (PARTITION a)",
  "SELECT a = = b",
  "SELECT a <> > b",
  "SELECT ~",
  "SELECT -",
  "SELECT NOT",
];

/** Our message for `sql`, or "OK". */
function ours(sql: string): string {
  try {
    parseOne(sql, 0);
    return "OK";
  } catch (e) {
    assert.ok(e instanceof SqliteError, `${sql}: not a SqliteError: ${e}`);
    assert.equal(e.code, "SQLITE_ERROR");
    return e.message;
  }
}

/** Truncations and single-token deletions of the corpus statements. */
function mutations(): string[] {
  const out: string[] = [];
  for (const sql of STATEMENTS) {
    const toks = tokenize(sql).filter((t) => t.type !== "SPACE");
    for (let k = 1; k < toks.length; k++) out.push(sql.slice(0, toks[k - 1].end));
    for (let k = 0; k < toks.length; k++) {
      out.push(sql.slice(0, toks[k].start) + sql.slice(toks[k].end));
    }
  }
  return out;
}

function compare(list: string[]): { compared: number; mismatches: string[] } {
  const db = new DatabaseSync(":memory:");
  db.exec(ORACLE_SCHEMA);
  let compared = 0;
  const mismatches: string[] = [];
  for (const sql of list) {
    let theirs = "OK";
    try {
      db.prepare(sql);
    } catch (e) {
      theirs = (e as Error).message;
    }
    const mine = ours(sql);
    if (PARSER_MESSAGE.test(theirs)) {
      compared++;
      if (mine !== theirs) {
        mismatches.push(`${sql.slice(0, 120)}\n  sqlite: ${theirs}\n  ours:   ${mine}`);
      }
    } else if (theirs === "OK" && mine !== "OK") {
      // node:sqlite prepared it: we must parse it too.
      mismatches.push(`${sql.slice(0, 120)}\n  sqlite: ${theirs}\n  ours:   ${mine}`);
    }
  }
  db.close();
  return { compared, mismatches };
}

Deno.test("errors: hand-written invalid statements give SQLite's exact message", () => {
  const { compared, mismatches } = compare(INVALID);
  assert.ok(compared >= 200, `only ${compared} compared`);
  assert.deepEqual(mismatches, []);
});

Deno.test("errors: truncated and token-deleted corpus statements match node:sqlite", () => {
  const { compared, mismatches } = compare(mutations());
  assert.ok(compared >= 1000, `only ${compared} compared`);
  assert.deepEqual(mismatches, []);
});
