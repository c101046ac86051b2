/**
 * Keywords as identifiers: every SQLite keyword (plus a few special words) placed in ~70
 * identifier positions gives the same result as node:sqlite — accepted where SQLite's
 * `%fallback ID` (or its WINDOW/OVER/FILTER look-ahead) lets it stand for a name, and the same
 * syntax error where it does not.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parseOne } from "../../src/sql/mod.ts";
import { KEYWORD_NAMES } from "../../src/sql/keywords.ts";

const TEMPLATES = [
  "SELECT K",
  "SELECT K FROM t",
  "SELECT a K FROM t",
  "SELECT a AS K FROM t",
  "SELECT * FROM t K",
  "SELECT * FROM t AS K",
  "SELECT * FROM K",
  "SELECT K(1)",
  "SELECT K.a FROM t",
  "SELECT a FROM t WHERE K",
  "SELECT a FROM t WHERE a = K",
  "SELECT a FROM t ORDER BY K",
  "SELECT a FROM t GROUP BY K",
  "SELECT a FROM t LIMIT K",
  "CREATE TABLE x(K)",
  "CREATE TABLE x(K INT)",
  "CREATE TABLE x(a K)",
  "CREATE TABLE x(a INT K)",
  "CREATE TABLE x(a K(1))",
  "CREATE TABLE K(a)",
  "CREATE INDEX K ON t(a)",
  "CREATE INDEX i ON t(K)",
  "WITH K AS (SELECT 1) SELECT * FROM K",
  "INSERT INTO t(K) VALUES(1)",
  "INSERT INTO t VALUES(K)",
  "UPDATE t SET K = 1",
  "UPDATE t SET a = K",
  "DELETE FROM t WHERE K",
  "PRAGMA K",
  "PRAGMA foo = K",
  "SELECT a COLLATE K FROM t",
  "SELECT CAST(a AS K) FROM t",
  "SELECT sum(a) OVER K FROM t",
  "SELECT sum(a) OVER (K) FROM t",
  "SELECT 1 FROM t WINDOW K AS ()",
  "SAVEPOINT K",
  "RELEASE K",
  "ROLLBACK TO K",
  "ANALYZE K",
  "REINDEX K",
  "VACUUM K",
  "DROP TABLE K",
  "SELECT * FROM t JOIN u USING (K)",
  "SELECT x.K FROM t x",
  "CREATE VIEW K AS SELECT 1",
  "CREATE TRIGGER K AFTER INSERT ON t BEGIN SELECT 1; END",
  "ALTER TABLE t RENAME TO K",
  "ALTER TABLE t ADD K",
  "ALTER TABLE t RENAME K TO z",
  "ALTER TABLE t DROP K",
  "SELECT a FROM t WHERE a IN K",
  "SELECT 1 K",
  "BEGIN TRANSACTION K",
  "SELECT * FROM t NATURAL JOIN u K",
  "SELECT * FROM t, u K WHERE 1",
  "CREATE TABLE x(a REFERENCES K)",
  "CREATE TABLE x(a) K",
  "SELECT a FROM t ORDER BY a K",
  "SELECT count(*) K FROM t",
  "SELECT - K",
  "SELECT K + 1",
  "SELECT 1 FROM t LIMIT 1 OFFSET K",
  "INSERT INTO t SELECT * FROM u K",
  "SELECT (K)",
  "SELECT K IS NULL",
  "SELECT K NOT NULL",
  "SELECT a FROM t WHERE K IN (1)",
  "SELECT K BETWEEN 1 AND 2",
  "UPDATE t AS K SET a = 1",
  "DELETE FROM t AS K",
  "INSERT INTO t AS K VALUES (1)",
  "WITH c(K) AS (SELECT 1) SELECT 1",
  "SELECT * FROM t INDEXED BY K",
  "CREATE TABLE x(a COLLATE K)",
  "PRAGMA K = 1",
  "PRAGMA K.user_version",
  "SELECT sum(a) OVER (PARTITION BY K) FROM t",
  "SELECT 1 FROM t WINDOW K AS (ORDER BY a)",
  "SELECT a FROM t WHERE a = K.b",
  "CREATE TABLE x(a, CONSTRAINT K UNIQUE (a))",
  "CREATE TABLE x(a CONSTRAINT K NOT NULL)",
  "CREATE TABLE x(a REFERENCES t(K))",
  "CREATE TABLE x(a, FOREIGN KEY (a) REFERENCES t MATCH K)",
  "SELECT CAST(1 AS INT K)",
  "SELECT K()",
  "SELECT K(*) FROM t",
  "SELECT count(K) FROM t",
  "SELECT 1 AS x ORDER BY K",
  "INSERT INTO t VALUES (1) ON CONFLICT (K) DO NOTHING",
  "INSERT INTO t VALUES (1) ON CONFLICT DO UPDATE SET K = 1",
  "SELECT * FROM t NATURAL K JOIN u",
  "SELECT * FROM t K JOIN u",
  "ATTACH 'x' AS K",
  "DETACH K",
  "VACUUM K INTO 'x'",
  "CREATE VIRTUAL TABLE x USING K",
  "CREATE VIRTUAL TABLE x USING fts5(K)",
  "SELECT * FROM main.K",
  "DROP INDEX K",
  "DROP TRIGGER K",
  "SELECT 1 IN (K)",
  "SELECT (K, 1)",
  "SELECT K COLLATE nocase",
  "SELECT K || 'a'",
  "SELECT 1 FROM t WHERE a IS K",
  "SELECT CASE K WHEN 1 THEN 2 END",
  "SELECT CASE WHEN K THEN 2 END",
  "SELECT 1 LIKE K",
  "SELECT 1 FROM t ORDER BY a COLLATE K",
  "CREATE INDEX i ON t(a COLLATE K)",
];

const PARSER_MESSAGE =
  /syntax error|incomplete input|unrecognized token|clause should come after|unknown join type|a JOIN clause|unknown table option|Expression tree|default value of column|error in generated column "|unsupported frame|after column name|VALUES must have|duplicate WITH|variable number/;

Deno.test("keywords in identifier positions behave as in SQLite", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(a, b); CREATE TABLE u(a, b);");
  const diffs: string[] = [];
  let compared = 0;
  for (const k of [...KEYWORD_NAMES, "rowid", "true", "strict", "within", "stored"]) {
    for (const tpl of TEMPLATES) {
      const sql = tpl.replaceAll("K", k);
      let theirs = "OK";
      try {
        db.prepare(sql);
      } catch (e) {
        theirs = (e as Error).message;
      }
      let mine = "OK";
      try {
        parseOne(sql, 0);
      } catch (e) {
        mine = (e as Error).message;
      }
      if (PARSER_MESSAGE.test(theirs)) {
        compared++;
        if (mine !== theirs) diffs.push(`${sql}: sqlite "${theirs}", ours "${mine}"`);
      } else if (theirs === "OK") {
        compared++;
        if (mine !== "OK") diffs.push(`${sql}: sqlite OK, ours "${mine}"`);
      }
    }
  }
  db.close();
  assert.ok(compared > 10000, `compared ${compared}`);
  assert.deepEqual(diffs, []);
});
