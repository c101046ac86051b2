/**
 * Reading files written by real SQLite (node:sqlite): rows left short by ALTER TABLE ADD COLUMN
 * read as the column DEFAULT (OP_Column's P4), and WITHOUT ROWID tables (index b-trees keyed by
 * the PRIMARY KEY) read through scans, PK seeks, secondary indexes, joins and count(*).
 * Every query is compared with node:sqlite on the same file: rows and typeof() of each value.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import Database from "../../mod.ts";

type Row = Record<string, unknown>;

function tmpFile(): string {
  return Deno.makeTempFileSync({ suffix: ".db" });
}

/** Build a file with node:sqlite. */
function build(sql: string): string {
  const path = tmpFile();
  const db = new DatabaseSync(path);
  db.exec(sql);
  db.close();
  return path;
}

function nodeAll(path: string, sql: string): Row[] {
  const db = new DatabaseSync(path);
  try {
    return db.prepare(sql).all().map((r) => ({ ...r }) as Row);
  } finally {
    db.close();
  }
}

function tsAll(path: string, sql: string): Row[] {
  const db = new Database(path);
  try {
    return (db.prepare(sql).all() as Row[]).map((r) => normalize(r));
  } finally {
    db.close();
  }
}

/** node:sqlite returns BLOBs as Uint8Array too; compare as plain arrays. */
function normalize(r: Row): Row {
  const o: Row = {};
  for (const [k, v] of Object.entries(r)) o[k] = v instanceof Uint8Array ? [...v] : v;
  return o;
}

function same(path: string, sql: string): Row[] {
  const want = nodeAll(path, sql).map(normalize);
  const got = tsAll(path, sql);
  assert.deepEqual(got, want, sql);
  return got;
}

function eqpText(path: string, sql: string): string[] {
  const db = new Database(path);
  try {
    return (db.prepare("EXPLAIN QUERY PLAN " + sql).all() as Row[]).map((r) => String(r.detail));
  } finally {
    db.close();
  }
}

function nodeEqp(path: string, sql: string): string[] {
  return nodeAll(path, "EXPLAIN QUERY PLAN " + sql).map((r) => String(r.detail));
}

Deno.test("short rows from real ALTER TABLE ADD COLUMN read the column DEFAULT", () => {
  const path = build(`
    CREATE TABLE t(a);
    INSERT INTO t VALUES(1),(2);
    ALTER TABLE t ADD COLUMN b DEFAULT 7;
    ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'x';
    ALTER TABLE t ADD COLUMN d;
    ALTER TABLE t ADD COLUMN e INTEGER DEFAULT '12';
    ALTER TABLE t ADD COLUMN f TEXT DEFAULT 1.5;
    ALTER TABLE t ADD COLUMN g REAL DEFAULT -3;
    ALTER TABLE t ADD COLUMN h DEFAULT x'00ff';
    ALTER TABLE t ADD COLUMN i DEFAULT -9223372036854775808;
    ALTER TABLE t ADD COLUMN j DEFAULT TRUE;
    ALTER TABLE t ADD COLUMN k NUMERIC DEFAULT '3.0';
    INSERT INTO t(a,b,c,d) VALUES(3,4,'y',5);
  `);
  try {
    const rows = same(path, "SELECT * FROM t");
    assert.equal(rows.length, 3);
    assert.equal(rows[0].b, 7);
    const types = "SELECT " +
      "abcdefghijk".split("").map((c) => `typeof(${c}) AS t${c}, ${c}`).join(", ") +
      " FROM t";
    same(path, types);
    same(path, "SELECT a, b FROM t WHERE b = 7");
    same(path, "SELECT a, c FROM t ORDER BY c, a");
    same(path, "SELECT a FROM t WHERE d IS NULL");
    same(path, "SELECT count(*), sum(b), group_concat(c) FROM t");
    same(path, "SELECT x.a, y.a AS ya FROM t x JOIN t y ON x.b = y.b ORDER BY 1, 2");
    // an index SQLite built from the defaults
    const db = new DatabaseSync(path);
    db.exec("CREATE INDEX tb ON t(b)");
    db.close();
    same(path, "SELECT a, b, c FROM t WHERE b = 7 ORDER BY a");
    same(path, "SELECT a, b, c FROM t WHERE b > 5 ORDER BY a");
    same(path, "SELECT b FROM t ORDER BY b");
    const q = "SELECT a, c FROM t WHERE b = 7";
    assert.deepEqual(eqpText(path, q), nodeEqp(path, q));
    assert.deepEqual(eqpText(path, q), ["SEARCH t USING INDEX tb (b=?)"]);
    // UPDATE of another column keeps the default-valued column
    const ts = new Database(path);
    ts.exec("UPDATE t SET a = a + 10 WHERE a = 1");
    ts.close();
    same(path, "SELECT * FROM t");
    same(path, "PRAGMA integrity_check");
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("tsqlite's own ALTER TABLE ADD COLUMN then SELECT matches SQLite", () => {
  const path = build("CREATE TABLE t(a); INSERT INTO t VALUES(1),(2);");
  const ts = new Database(path);
  ts.exec("ALTER TABLE t ADD COLUMN b DEFAULT 7");
  ts.exec("ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'x'");
  ts.exec("INSERT INTO t VALUES(3, 4, 'y')");
  ts.close();
  try {
    const want = [
      { a: 1, b: 7, c: "x", tb: "integer" },
      { a: 2, b: 7, c: "x", tb: "integer" },
      { a: 3, b: 4, c: "y", tb: "integer" },
    ];
    const sql = "SELECT a, b, c, typeof(b) AS tb FROM t ORDER BY a";
    assert.deepEqual(tsAll(path, sql), want);
    assert.deepEqual(nodeAll(path, sql), want);
    same(path, "SELECT * FROM t WHERE b = 7");
  } finally {
    Deno.removeSync(path);
  }
});
