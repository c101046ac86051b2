/**
 * INSERT / UPDATE / DELETE through the engine connection compared statement by statement with
 * real SQLite: stored rows and storage classes, constraint failures (NOT NULL, UNIQUE, PRIMARY
 * KEY, CHECK) with SQLite's messages and extended codes, every conflict clause, rowid aliasing,
 * AUTOINCREMENT and sqlite_sequence, and what each failure leaves behind.
 */
import assert from "node:assert/strict";
import { Pair, statements } from "./dml_oracle.ts";

function script(sql: string): void {
  const p = new Pair();
  try {
    for (const s of statements(sql)) {
      const [a, b] = p.run(s);
      assert.deepEqual(a, b, s);
    }
    const [a, b] = p.run("PRAGMA integrity_check");
    assert.deepEqual(a, b);
  } finally {
    p.close();
  }
}

Deno.test("dml: INSERT forms, affinity, rowid aliasing", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, r REAL, tx TEXT, n NUMERIC, b BLOB, x);
INSERT INTO t VALUES(1, '12', '3.5', 42, '1e3', x'00ff', 'abc');
INSERT INTO t(i, r, tx, n, b, x) VALUES(1.0, 2, 4.5, '12abc', 7, 1.5), ('0x10', '-0', NULL, ' 12 ', '', x'');
INSERT INTO t(rowid, i) VALUES(100, 9);
INSERT INTO t(oid, i) VALUES('101', 9);
INSERT INTO t DEFAULT VALUES;
INSERT INTO t(id) VALUES(-5);
INSERT INTO t(id, i) SELECT id + 1000, i FROM t WHERE id < 100;
SELECT rowid, * FROM t;
INSERT INTO t(id) VALUES('abc');
INSERT INTO t(id) VALUES(1.5);
INSERT INTO t VALUES(1,2,3);
INSERT INTO t(nosuch) VALUES(1);
INSERT INTO t(i, r) VALUES(1);
INSERT INTO nosuch VALUES(1);
CREATE TABLE nr(a, b);
INSERT INTO nr VALUES(1, 2), (3, 4);
INSERT INTO nr(rowid, a) VALUES(10, 'ten');
INSERT INTO nr(a) VALUES(11);
SELECT rowid, a, b FROM nr;
INSERT INTO nr(rowid) VALUES(10);
INSERT INTO sqlite_master VALUES(1,2,3,4,5)
`));

Deno.test("dml: NOT NULL, UNIQUE, PRIMARY KEY, CHECK failures and messages", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL, c UNIQUE, d CHECK(d > 0), e, CONSTRAINT named CHECK(e <> 'bad'), UNIQUE(b, e));
INSERT INTO t VALUES(1, 'x', 1, 1, 'ok');
INSERT INTO t VALUES(2, NULL, 2, 2, 'ok');
INSERT INTO t VALUES(1, 'y', 3, 3, 'ok');
INSERT INTO t VALUES(3, 'y', 1, 3, 'ok');
INSERT INTO t VALUES(4, 'y', 4, 0, 'ok');
INSERT INTO t VALUES(5, 'y', 5, 5, 'bad');
INSERT INTO t VALUES(6, 'x', 6, 6, 'ok');
INSERT INTO t VALUES(7, 'x', NULL, NULL, NULL);
INSERT INTO t VALUES(8, 'x', NULL, NULL, NULL);
SELECT * FROM t;
UPDATE t SET c = 1 WHERE a = 7;
UPDATE t SET a = 1 WHERE a = 7;
UPDATE t SET b = NULL;
UPDATE t SET d = -1 WHERE a = 8;
UPDATE t SET a = a + 100;
SELECT * FROM t;
CREATE TABLE pk(a TEXT PRIMARY KEY, b);
INSERT INTO pk VALUES('k', 1);
INSERT INTO pk VALUES('k', 2);
INSERT INTO pk VALUES(NULL, 3);
INSERT INTO pk VALUES(NULL, 4);
SELECT * FROM pk;
CREATE TABLE nn(a NOT NULL DEFAULT 5, b NOT NULL);
INSERT INTO nn(b) VALUES(1);
INSERT OR REPLACE INTO nn VALUES(NULL, 2);
INSERT OR REPLACE INTO nn VALUES(3, NULL);
INSERT OR IGNORE INTO nn VALUES(3, NULL);
SELECT * FROM nn
`));

Deno.test("dml: conflict clauses OR REPLACE/IGNORE/ABORT/FAIL/ROLLBACK and ON CONFLICT", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c);
INSERT INTO t VALUES(1, 'one', 1), (2, 'two', 2), (3, 'three', 3);
INSERT OR REPLACE INTO t VALUES(1, 'uno', 10);
INSERT OR REPLACE INTO t VALUES(9, 'two', 20);
SELECT * FROM t;
INSERT OR IGNORE INTO t VALUES(3, 'x', 0), (4, 'four', 4), (5, 'four', 5);
SELECT * FROM t;
REPLACE INTO t VALUES(4, 'three', 40);
SELECT * FROM t;
BEGIN;
INSERT INTO t VALUES(20, 'twenty', 0);
INSERT OR FAIL INTO t SELECT a + 100, b || '!', c FROM t WHERE a < 5 UNION ALL SELECT 1, 'dup', 0;
SELECT * FROM t;
INSERT OR ABORT INTO t SELECT a + 200, b || '?', c FROM t WHERE a < 5 UNION ALL SELECT 1, 'dup', 0;
SELECT * FROM t;
INSERT OR ROLLBACK INTO t VALUES(1, 'dup', 0);
SELECT * FROM t;
COMMIT;
CREATE TABLE oc(a UNIQUE ON CONFLICT REPLACE, b NOT NULL ON CONFLICT IGNORE, c INTEGER PRIMARY KEY ON CONFLICT IGNORE);
INSERT INTO oc VALUES(1, 1, 1);
INSERT INTO oc VALUES(1, 2, 2);
INSERT INTO oc VALUES(3, NULL, 3);
INSERT INTO oc VALUES(4, 4, 2);
INSERT OR ABORT INTO oc VALUES(1, 9, 9);
SELECT * FROM oc;
UPDATE OR REPLACE t SET b = 'uno' WHERE a = 2;
UPDATE OR IGNORE t SET a = 9 WHERE a = 3;
SELECT * FROM t
`));

Deno.test("dml: UPDATE and DELETE with WHERE, ORDER BY-free forms, indexes kept in step", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b, c TEXT COLLATE NOCASE UNIQUE, d REAL);
CREATE INDEX tb ON t(b DESC, d);
CREATE INDEX partial ON t(d) WHERE d > 1;
INSERT INTO t VALUES(1, 10, 'a', 1), (2, 20, 'B', 2.5), (3, 30, 'c', 3), (4, NULL, NULL, NULL);
INSERT INTO t VALUES(5, 50, 'A', 5);
UPDATE t SET b = b * 2, d = d + 0.5 WHERE a IN (1, 3);
UPDATE t SET c = 'b' WHERE a = 1;
UPDATE t SET c = 'C' WHERE a = 3;
UPDATE t SET a = 10 WHERE a = 4;
UPDATE t SET rowid = 11 WHERE a = 10;
SELECT * FROM t;
SELECT b, d FROM t ORDER BY b DESC, d;
UPDATE t SET (b, d) = (d, b) WHERE a = 2;
UPDATE t SET (b) = (b * 10), d = 0 WHERE a = 3;
UPDATE t SET (b, d) = (1, 2, 3);
UPDATE t SET (b, d) = 5;
SELECT * FROM t ORDER BY a;
DELETE FROM t WHERE b > 25;
SELECT * FROM t;
DELETE FROM t;
SELECT * FROM t;
INSERT INTO t VALUES(1, 1, 'x', 1.0)
`));

Deno.test("dml: AUTOINCREMENT and sqlite_sequence", () =>
  script(`
CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v);
INSERT INTO s(v) VALUES('a'), ('b');
DELETE FROM s WHERE id = 2;
INSERT INTO s(v) VALUES('c');
INSERT INTO s VALUES(100, 'd');
DELETE FROM s WHERE id = 100;
INSERT INTO s(v) VALUES('e');
SELECT * FROM s;
SELECT * FROM sqlite_sequence;
CREATE TABLE s2(id INTEGER PRIMARY KEY AUTOINCREMENT);
INSERT INTO s2 DEFAULT VALUES;
SELECT * FROM sqlite_sequence;
DROP TABLE s;
SELECT * FROM sqlite_sequence;
SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema
`));

Deno.test("dml: changes, total_changes and last_insert_rowid through the connection", () => {
  const p = new Pair();
  try {
    const db = p.ts;
    const exec = (sql: string) => {
      const st = db.prepare(sql)!;
      while (st.step()) { /* rows */ }
      st.finalize();
    };
    exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE)");
    assert.equal(db.changes, 0);
    exec("INSERT INTO t VALUES(5, 1), (6, 2), (7, 3)");
    assert.equal(db.changes, 3);
    assert.equal(db.lastInsertRowid, 7);
    exec("UPDATE t SET b = b + 10 WHERE a > 5");
    assert.equal(db.changes, 2);
    exec("INSERT OR IGNORE INTO t VALUES(8, 1)");
    assert.equal(db.changes, 0);
    assert.equal(db.lastInsertRowid, 7);
    exec("DELETE FROM t");
    assert.equal(db.changes, 3);
    assert.equal(db.totalChanges, 8);
    assert.throws(
      () => exec("INSERT INTO t VALUES(1, 1), (1, 2)"),
      /UNIQUE constraint failed: t.a/,
    );
    assert.equal(db.totalChanges, 8);
    exec("SELECT 1");
    assert.equal(db.changes, 0);
  } finally {
    p.close();
  }
});

Deno.test("dml: FOREIGN KEY writes are enforced while foreign_keys is on, free when off", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE parent(id INTEGER PRIMARY KEY);
CREATE TABLE child(pid REFERENCES parent(id))
`)
    ) p.run(s);
    const [a, a2] = p.run("INSERT INTO child VALUES(1)");
    assert.deepEqual(a, a2);
    assert.ok("error" in a && a.error === "FOREIGN KEY constraint failed");
    const [b, b2] = p.run("DELETE FROM parent");
    assert.deepEqual(b, b2);
    for (
      const s of ["PRAGMA foreign_keys = OFF", "INSERT INTO child VALUES(1)", "SELECT * FROM child"]
    ) {
      const [x, y] = p.run(s);
      assert.deepEqual(x, y, s);
    }
  } finally {
    p.close();
  }
});

Deno.test("dml: changes()/total_changes() across DDL, CTAS, truncate and PRAGMA as SQLite", () =>
  script(`
CREATE TABLE t(a);
INSERT INTO t VALUES(1),(2),(3);
CREATE TABLE t2 AS SELECT * FROM t;
SELECT changes(), total_changes();
CREATE INDEX i ON t(a);
SELECT changes(), total_changes();
DROP TABLE t2;
SELECT changes(), total_changes();
DELETE FROM t;
SELECT changes(), total_changes();
BEGIN;
SELECT changes(), total_changes();
COMMIT;
PRAGMA user_version = 3;
SELECT changes(), total_changes()
`));

Deno.test("dml: CHECK and partial-index WHERE compare with the column's affinity and collation", () =>
  script(`
CREATE TABLE c(b TEXT COLLATE NOCASE CHECK(b <> 'bad'), n INTEGER CHECK(n <> '5'));
INSERT INTO c VALUES('BAD', 1);
INSERT INTO c VALUES('ok', 5);
INSERT INTO c VALUES('ok', '5');
CREATE INDEX pc ON c(n) WHERE b = 'X';
INSERT INTO c VALUES('x', 7);
SELECT n FROM c WHERE b = 'X';
SELECT * FROM c
`));

Deno.test("dml: UPDATE evaluates SET subqueries as SQLite (uncorrelated once, correlated per row as reached)", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b UNIQUE);
INSERT INTO t VALUES(1, 1, 1), (2, 2, 2), (3, 3, 3);
UPDATE t SET a = (SELECT max(a) FROM t) + 1;
SELECT * FROM t;
UPDATE OR REPLACE t SET a = (SELECT max(a) FROM t) + 1, b = b + 1;
SELECT * FROM t;
UPDATE t SET a = (SELECT count(*) FROM t AS x WHERE x.a < t.a) WHERE b > 0;
SELECT * FROM t;
UPDATE OR REPLACE t SET id = id + 1, a = (SELECT sum(a) FROM t);
SELECT * FROM t
`));

Deno.test("dml: sqlite_sequence follows INSERT only (not UPDATE), through REPLACE, IGNORE, ROLLBACK", () =>
  script(`
CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v);
INSERT INTO s(v) VALUES(1), (2);
UPDATE s SET id = 100 WHERE id = 2;
SELECT * FROM sqlite_sequence;
INSERT INTO s(v) VALUES(3);
SELECT * FROM s;
SELECT * FROM sqlite_sequence;
REPLACE INTO s VALUES(50, 'r');
INSERT OR IGNORE INTO s VALUES(500, 'x'), (500, 'y');
SELECT * FROM sqlite_sequence;
BEGIN;
INSERT INTO s VALUES(1000, 'z');
ROLLBACK;
SELECT * FROM sqlite_sequence;
INSERT INTO s(v) VALUES('after');
SELECT * FROM s ORDER BY id
`));

Deno.test("dml: STRICT tables accept and reject values as SQLite (SQLITE_CONSTRAINT_DATATYPE)", () =>
  script(`
CREATE TABLE s(i INT, n INTEGER, r REAL, t TEXT, b BLOB, a ANY) STRICT;
INSERT INTO s VALUES(1, 2, 3.5, 'x', x'00', 1.5);
INSERT INTO s VALUES('1', '2', '3', 4, x'01', 'txt');
INSERT INTO s VALUES(1.0, 2, 3, 'y', NULL, x'02');
INSERT INTO s(i) VALUES(1.5);
INSERT INTO s(i) VALUES('abc');
INSERT INTO s(r) VALUES('abc');
INSERT INTO s(r) VALUES(7);
INSERT INTO s(t) VALUES(5);
INSERT INTO s(t) VALUES(x'00');
INSERT INTO s(b) VALUES('text');
INSERT INTO s(b) VALUES(5);
INSERT INTO s(a) VALUES('12');
SELECT i, typeof(i), n, typeof(n), r, typeof(r), t, typeof(t), b, typeof(b), a, typeof(a) FROM s;
UPDATE s SET i = 'zz';
CREATE TABLE s2(id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;
INSERT INTO s2 VALUES('5', 'a');
INSERT INTO s2 VALUES(NULL, NULL);
SELECT * FROM s2
`));

Deno.test("dml: UPDATE … FROM (joins, subqueries, aliases, RETURNING) as SQLite", () =>
  script(`
CREATE TABLE inv(id INTEGER PRIMARY KEY, item TEXT, qty INT);
CREATE TABLE sales(item TEXT, n INT);
INSERT INTO inv VALUES(1, 'a', 10), (2, 'b', 20), (3, 'c', 30);
INSERT INTO sales VALUES('a', 1), ('b', 5);
UPDATE inv SET qty = qty - sales.n FROM sales WHERE inv.item = sales.item;
SELECT * FROM inv;
UPDATE inv SET qty = qty - s.total FROM (SELECT item, sum(n) AS total FROM sales GROUP BY item) AS s WHERE s.item = inv.item RETURNING id, qty;
SELECT changes();
UPDATE inv AS i SET qty = 0 FROM sales s JOIN inv j ON j.item = s.item WHERE i.id = j.id AND s.n > 2;
SELECT * FROM inv;
UPDATE inv SET qty = nosuch FROM sales;
UPDATE inv SET qty = sales.n FROM sales;
SELECT count(*) FROM inv WHERE qty IN (1, 5)
`));

Deno.test("dml: target and column-list errors, schema qualifiers, views without triggers", () =>
  script(`
CREATE TABLE t(a, b);
CREATE VIEW v AS SELECT * FROM t;
INSERT INTO t VALUES (1),(2,3);
INSERT INTO t(a, a) VALUES(1, 2);
SELECT * FROM t;
UPDATE nosuch SET a = 1;
DELETE FROM nosuch;
INSERT INTO v VALUES(1, 2);
UPDATE v SET a = 1;
DELETE FROM v;
UPDATE t SET a = 1, a = 2;
SELECT * FROM t;
INSERT INTO main.t VALUES(9, 9);
INSERT INTO other.t VALUES(9, 9);
INSERT INTO temp.t VALUES(9, 9);
UPDATE main.t SET b = 0 WHERE a = 9;
DELETE FROM main.t WHERE a = 9;
SELECT * FROM t;
INSERT INTO t SELECT 1;
INSERT INTO t(a) SELECT 1, 2;
INSERT INTO t DEFAULT VALUES;
UPDATE t SET rowid = rowid + 10;
SELECT rowid, * FROM t;
DELETE FROM t WHERE rowid IN (SELECT rowid FROM t LIMIT 1);
SELECT count(*) FROM t
`));

Deno.test("dml: the new rowid is chosen before NOT NULL/CHECK (CHECK on the INTEGER PRIMARY KEY)", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY CHECK(id IS NOT NULL AND id < 3), v NOT NULL);
INSERT INTO t(v) VALUES(1);
INSERT INTO t(v) VALUES(2);
INSERT INTO t(v) VALUES(3);
INSERT INTO t(v) VALUES(NULL);
INSERT OR IGNORE INTO t(v) VALUES(NULL);
INSERT INTO t(v) VALUES(4);
SELECT * FROM t;
CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v NOT NULL);
INSERT INTO s(v) VALUES(1);
INSERT INTO s(v) VALUES(NULL);
INSERT INTO s(v) VALUES(2);
SELECT * FROM s;
SELECT * FROM sqlite_sequence
`));

Deno.test("dml: OR FAIL/ROLLBACK/ABORT/REPLACE in autocommit, NOT NULL REPLACE with default", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c NOT NULL DEFAULT 'd');
INSERT INTO t VALUES(1, 1, 'x');
INSERT OR FAIL INTO t VALUES(2, 2, 'y'), (3, 1, 'z'), (4, 4, 'w');
SELECT * FROM t;
INSERT OR ROLLBACK INTO t VALUES(5, 5, 'v'), (6, 1, 'u');
SELECT * FROM t;
INSERT OR ABORT INTO t VALUES(7, 7, 'v'), (8, 1, 'u');
SELECT * FROM t;
INSERT OR REPLACE INTO t VALUES(9, 9, NULL);
INSERT OR REPLACE INTO t(a, b) VALUES(1, 2);
SELECT * FROM t;
UPDATE OR FAIL t SET b = 100 WHERE a >= 2;
SELECT * FROM t;
UPDATE OR REPLACE t SET c = NULL WHERE a = 9;
UPDATE t SET c = NULL WHERE a = 9;
SELECT * FROM t;
SELECT changes(), total_changes()
`));
