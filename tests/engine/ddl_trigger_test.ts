/**
 * Triggers through the engine connection compared with real SQLite: BEFORE/AFTER on INSERT,
 * UPDATE [OF cols] and DELETE, WHEN clauses, NEW/OLD values (rowid included), RAISE(IGNORE,
 * ABORT, FAIL, ROLLBACK) with SQLITE_CONSTRAINT_TRIGGER, cascades through other tables, and the
 * recursive_triggers=OFF rule.
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
  } finally {
    p.close();
  }
}

const SETUP = `
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT);
CREATE TABLE log(ev TEXT, oid, nid, oa, na, ob, nb);
CREATE TRIGGER ti AFTER INSERT ON t BEGIN
  INSERT INTO log VALUES('ins', NULL, NEW.id, NULL, NEW.a, NULL, NEW.b);
END;
CREATE TRIGGER tbi BEFORE INSERT ON t WHEN NEW.a < 0 BEGIN
  INSERT INTO log VALUES('neg', NULL, NEW.rowid, NULL, NEW.a, NULL, NEW.b);
END;
CREATE TRIGGER tu AFTER UPDATE OF a ON t FOR EACH ROW BEGIN
  INSERT INTO log VALUES('upd', OLD.id, NEW.id, OLD.a, NEW.a, OLD.b, NEW.b);
END;
CREATE TRIGGER td BEFORE DELETE ON t BEGIN
  INSERT INTO log VALUES('del', OLD.rowid, NULL, OLD.a, NULL, OLD.b, NULL);
END`;

Deno.test("triggers: BEFORE/AFTER INSERT/UPDATE OF/DELETE with WHEN and NEW/OLD", () =>
  script(`${SETUP};
INSERT INTO t VALUES(1, 10, 'x');
INSERT INTO t(a, b) VALUES(-5, 'neg'), (7, 42);
UPDATE t SET b = 'only b';
UPDATE t SET a = a * 2 WHERE id > 1;
DELETE FROM t WHERE a > 10;
SELECT * FROM t;
SELECT * FROM log;
SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema WHERE type = 'trigger'
`));

Deno.test("triggers: RAISE(IGNORE/ABORT/FAIL/ROLLBACK) and SQLITE_CONSTRAINT_TRIGGER", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b);
CREATE TABLE audit(x);
CREATE TRIGGER guard BEFORE INSERT ON t BEGIN
  SELECT RAISE(IGNORE) WHERE NEW.b = 'skip';
  SELECT RAISE(ABORT, 'b may not be ' || NEW.b) WHERE NEW.b = 'bad';
  SELECT CASE WHEN NEW.b = 'fail' THEN RAISE(FAIL, 'failed here') END;
  SELECT RAISE(ROLLBACK, 'rolled back') WHERE NEW.b = 'rb';
END;
CREATE TRIGGER after_t AFTER INSERT ON t BEGIN INSERT INTO audit VALUES(NEW.b); END;
INSERT INTO t VALUES(1, 'ok'), (2, 'skip'), (3, 'ok3');
SELECT * FROM t;
INSERT INTO t VALUES(4, 'ok4'), (5, 'bad');
SELECT * FROM t;
BEGIN;
INSERT INTO t VALUES(6, 'ok6'), (7, 'fail'), (8, 'ok8');
SELECT * FROM t;
INSERT INTO t VALUES(9, 'rb');
SELECT * FROM t;
SELECT * FROM audit;
CREATE TRIGGER nodel BEFORE DELETE ON t WHEN OLD.a = 1 BEGIN SELECT RAISE(ABORT, 'keep 1'); END;
DELETE FROM t;
SELECT * FROM t
`));

Deno.test("triggers: cascades across tables, no self-recursion, DROP TRIGGER", () =>
  script(`
CREATE TABLE a(x);
CREATE TABLE b(y);
CREATE TABLE c(z);
CREATE TRIGGER ab AFTER INSERT ON a BEGIN INSERT INTO b VALUES(NEW.x + 1); END;
CREATE TRIGGER bc AFTER INSERT ON b BEGIN INSERT INTO c VALUES(NEW.y * 10); INSERT INTO a VALUES(-1); END;
CREATE TRIGGER aa AFTER INSERT ON a WHEN NEW.x > 0 BEGIN INSERT INTO a VALUES(NEW.x - 100); END;
INSERT INTO a VALUES(1), (5);
SELECT * FROM a;
SELECT * FROM b;
SELECT * FROM c;
DROP TRIGGER bc;
INSERT INTO a VALUES(9);
SELECT * FROM c;
DROP TABLE b;
SELECT name FROM sqlite_schema;
INSERT INTO a VALUES(10)
`));

Deno.test("triggers: errors at CREATE TRIGGER match SQLite", () =>
  script(`
CREATE TABLE t(a);
CREATE VIEW v AS SELECT a FROM t;
CREATE TRIGGER x BEFORE INSERT ON nosuch BEGIN SELECT 1; END;
CREATE TRIGGER x BEFORE INSERT ON v BEGIN SELECT 1; END;
CREATE TRIGGER x INSTEAD OF INSERT ON t BEGIN SELECT 1; END;
CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;
CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 2; END;
CREATE TRIGGER IF NOT EXISTS x AFTER INSERT ON t BEGIN SELECT 2; END;
CREATE TRIGGER sqlite_x AFTER INSERT ON t BEGIN SELECT 2; END;
SELECT name, tbl_name, sql FROM sqlite_schema
`));

Deno.test("triggers: INSTEAD OF INSERT/UPDATE/DELETE on views", () =>
  script(`
CREATE TABLE base(id INTEGER PRIMARY KEY, name TEXT, qty INTEGER);
CREATE VIEW v(k, n, q) AS SELECT id, name, qty FROM base;
CREATE TABLE log(what, a, b, c, d);
INSERT INTO v VALUES(1, 'x', 1);
CREATE TRIGGER vi INSTEAD OF INSERT ON v BEGIN
  INSERT INTO base VALUES(NEW.k, upper(NEW.n), NEW.q * 10);
  INSERT INTO log VALUES('ins', NEW.k, NEW.n, NEW.q, NULL);
END;
CREATE TRIGGER vu INSTEAD OF UPDATE OF q ON v BEGIN
  UPDATE base SET qty = NEW.q WHERE id = OLD.k;
  INSERT INTO log VALUES('upd', OLD.k, OLD.q, NEW.q, NEW.n);
END;
CREATE TRIGGER vd INSTEAD OF DELETE ON v WHEN OLD.q > 15 BEGIN
  DELETE FROM base WHERE id = OLD.k;
  INSERT INTO log VALUES('del', OLD.k, OLD.n, OLD.q, NULL);
END;
INSERT INTO v VALUES(1, 'a', 1), (2, 'b', 2);
INSERT INTO v(n, k) VALUES('c', 3);
INSERT INTO v(n, k) SELECT name || '!', id + 10 FROM base;
SELECT * FROM base;
UPDATE v SET q = q + 1 WHERE k < 3;
UPDATE v SET n = 'no trigger';
DELETE FROM v;
SELECT * FROM base;
SELECT * FROM log;
INSERT INTO v(nosuch) VALUES(1);
UPDATE v SET nosuch = 1
`));

Deno.test("triggers: changes(), total_changes(), last_insert_rowid() around trigger programs", () =>
  script(`
CREATE TABLE base(id INTEGER PRIMARY KEY, v);
CREATE VIEW v AS SELECT id, v FROM base;
CREATE TRIGGER vi INSTEAD OF INSERT ON v BEGIN INSERT INTO base VALUES(NEW.id, NEW.v); INSERT INTO base VALUES(NEW.id + 100, NEW.v); END;
INSERT INTO v VALUES(1, 'a'), (2, 'b');
SELECT changes(), total_changes(), last_insert_rowid();
CREATE TABLE log(x);
CREATE TRIGGER bi AFTER INSERT ON base BEGIN INSERT INTO log VALUES(NEW.id); END;
INSERT INTO base VALUES(50, 'z');
SELECT changes(), total_changes(), last_insert_rowid();
UPDATE base SET v = 'q' WHERE id > 1;
SELECT changes(), total_changes(), last_insert_rowid();
DELETE FROM base;
SELECT changes(), total_changes(), last_insert_rowid();
INSERT OR IGNORE INTO base VALUES(7, 'x'), (7, 'y');
SELECT changes(), total_changes(), last_insert_rowid()
`));

Deno.test("triggers: NEW/OLD compare with the column's collation but without its affinity", () =>
  script(`
CREATE TABLE t(a INTEGER, b TEXT COLLATE NOCASE);
CREATE TABLE log(x);
CREATE TRIGGER w AFTER INSERT ON t WHEN NEW.a = '5' BEGIN INSERT INTO log VALUES('five'); END;
CREATE TRIGGER x BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'no abc') WHERE NEW.b = 'ABC'; SELECT RAISE(IGNORE) WHERE NEW.a > '100'; END;
INSERT INTO t VALUES(5, 'x');
INSERT INTO t VALUES('5', 'y');
INSERT INTO t VALUES(6, 'abc');
INSERT INTO t VALUES(150, 'z');
INSERT INTO t VALUES(99, 'z');
SELECT * FROM t;
SELECT * FROM log;
CREATE VIEW v AS SELECT a, b FROM t;
CREATE TRIGGER vi INSTEAD OF INSERT ON v WHEN NEW.a > 10 BEGIN INSERT INTO log VALUES(NEW.b); SELECT RAISE(FAIL, 'neg') WHERE NEW.a < 0; END;
INSERT INTO v VALUES(20, 'via view'), (5, 'skipped');
SELECT * FROM log
`));
