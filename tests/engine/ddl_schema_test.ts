/**
 * DDL through the engine connection compared with real SQLite: the same CREATE/DROP statements
 * must leave byte-identical sqlite_schema rows (type, name, tbl_name, rootpage, sql), the same
 * PRAGMA table_info/index_list/index_xinfo answers, and the same errors.
 */
import assert from "node:assert/strict";
import { Pair, statements } from "./dml_oracle.ts";

function same(p: Pair, sql: string): void {
  const [a, b] = p.run(sql);
  assert.deepEqual(a, b, sql);
}

const SCHEMA_SCRIPT = `
create table  IF NOT EXISTS main."T1" ( a INTEGER primary key , b text unique, c, d unique, unique(c,d) ) ;
CREATE TABLE t2(x PRIMARY KEY, y UNIQUE, z DEFAULT (1+2), w TEXT NOT NULL DEFAULT 'a', UNIQUE(y), UNIQUE(z,y));
create unique index   if not exists  i1 on t2(z desc, x collate nocase) where z > 0 ;
create index i0 on t2(w);
create index i2 on t2(w+1, y);
CREATE TABLE w(a, b, PRIMARY KEY(b,a)) WITHOUT ROWID;
CREATE TABLE w2(a PRIMARY KEY, b UNIQUE) WITHOUT ROWID;
CREATE TABLE w3(a INTEGER PRIMARY KEY, b UNIQUE) WITHOUT ROWID;
CREATE TABLE s(a INTEGER PRIMARY KEY AUTOINCREMENT, b);
CREATE TABLE t5(a INTEGER PRIMARY KEY DESC, b);
CREATE TABLE t6(a INTEGER, b, PRIMARY KEY(a DESC));
CREATE TABLE t7(a INT PRIMARY KEY, "we""ird" VARCHAR(10) COLLATE NOCASE CHECK(length(a) > 0), CONSTRAINT ck CHECK(a > 0));
CREATE TABLE st(a INT, b TEXT, c ANY) STRICT;
create view v1 (a,b) as select 1, 2  ;
CREATE VIEW v2 AS SELECT a, b FROM t5;
create trigger tr1 after insert on t2 for each row begin select 1; end;
CREATE TABLE ctas1 AS SELECT a, b AS bb, c FROM "T1";
CREATE TABLE ctas2 AS SELECT x, y, z, w AS "long column name here", x AS x2 FROM t2
`;

Deno.test("ddl: sqlite_schema rows are identical to SQLite's after the same DDL", () => {
  const p = new Pair();
  try {
    for (const s of statements(SCHEMA_SCRIPT)) same(p, s);
    same(p, "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema");
    same(p, "SELECT rowid, name FROM sqlite_master");
  } finally {
    p.close();
  }
});

Deno.test("ddl: PRAGMA table_info / index_list / index_info / index_xinfo match SQLite", () => {
  const p = new Pair();
  try {
    for (const s of statements(SCHEMA_SCRIPT)) p.run(s);
    for (const t of ["T1", "t2", "w", "w2", "w3", "s", "t5", "t6", "t7", "st", "ctas1", "ctas2"]) {
      same(p, `PRAGMA table_info(${t})`);
      same(p, `PRAGMA table_xinfo("${t}")`);
      same(p, `PRAGMA index_list(${t})`);
    }
    for (
      const i of [
        "i0",
        "i1",
        "i2",
        "sqlite_autoindex_T1_1",
        "sqlite_autoindex_t2_3",
        "sqlite_autoindex_w2_2",
        "sqlite_autoindex_w3_1",
      ]
    ) {
      same(p, `PRAGMA index_info(${i})`);
      same(p, `PRAGMA index_xinfo(${i})`);
    }
    same(p, "PRAGMA table_info(nosuch)");
    same(p, "PRAGMA schema_version");
  } finally {
    p.close();
  }
});

Deno.test("ddl: errors match SQLite (duplicates, reserved names, bad drops)", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE t(a, b UNIQUE);
CREATE TABLE t(x);
CREATE TABLE T(x);
CREATE TABLE IF NOT EXISTS t(x);
CREATE TABLE sqlite_foo(x);
CREATE TABLE d(a, a);
CREATE TABLE pk2(a PRIMARY KEY, b PRIMARY KEY);
CREATE TABLE ai(a TEXT PRIMARY KEY AUTOINCREMENT);
CREATE TABLE nw(a) WITHOUT ROWID;
CREATE INDEX i ON t(a);
CREATE INDEX i ON t(b);
CREATE INDEX IF NOT EXISTS i ON t(b);
CREATE INDEX t ON t(b);
CREATE INDEX j ON nosuch(a);
CREATE INDEX k ON t(nosuch);
CREATE VIEW v AS SELECT 1;
CREATE INDEX vi ON v(a);
CREATE VIEW v AS SELECT 2;
CREATE TABLE v(x);
DROP TABLE nosuch;
DROP TABLE IF EXISTS nosuch;
DROP TABLE v;
DROP VIEW t;
DROP INDEX sqlite_autoindex_t_1;
DROP INDEX nosuch;
DROP VIEW IF EXISTS nosuch;
DROP TRIGGER nosuch;
DROP TABLE sqlite_master;
CREATE TABLE st(a FOO) STRICT;
CREATE TABLE st2(a) STRICT;
SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema
`)
    ) same(p, s);
  } finally {
    p.close();
  }
});

Deno.test("ddl: DROP TABLE/INDEX/VIEW remove rows, free pages, keep integrity", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE a(x INTEGER PRIMARY KEY, y UNIQUE, z);
CREATE INDEX az ON a(z);
CREATE TABLE b(x);
INSERT INTO a VALUES(1, 'one', 1), (2, 'two', 2), (3, 'three', 3);
INSERT INTO b VALUES(1),(2);
CREATE VIEW va AS SELECT * FROM a;
DROP INDEX az;
SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema;
DROP TABLE a;
SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema;
PRAGMA freelist_count;
PRAGMA page_count;
DROP VIEW va;
CREATE TABLE c(q);
SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema;
PRAGMA freelist_count;
PRAGMA integrity_check;
SELECT * FROM b
`)
    ) same(p, s);
  } finally {
    p.close();
  }
});

Deno.test("ddl: quoting, DEFAULT forms, CTAS naming/types, index collations, table-level ON CONFLICT", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE "my table"("first col" INTEGER PRIMARY KEY, [second] TEXT UNIQUE, \`third\` DEFAULT CURRENT_TIMESTAMP, fourth DEFAULT -1.5e3, fifth DEFAULT (abs(-3)), sixth DEFAULT 'it''s', seventh DEFAULT x'abcd', eighth DEFAULT TRUE, ninth VARCHAR ( 10 , 5 ) NOT NULL DEFAULT +7);
PRAGMA table_info("my table");
SELECT sql FROM sqlite_schema;
CREATE TABLE c1 AS SELECT 1 AS a, 1 AS A, 2 AS "a:1", 3, 3, 'x' || 'y', CAST(1 AS TEXT) AS t, CAST(2 AS INTEGER) i, CAST(3 AS REAL) r, CAST(4 AS NUMERIC) n, CAST(5 AS BLOB) b;
SELECT sql FROM sqlite_schema WHERE name = 'c1';
SELECT * FROM c1;
CREATE TABLE c2 AS SELECT * FROM "my table";
SELECT sql FROM sqlite_schema WHERE name = 'c2';
CREATE TABLE "select"(x);
CREATE TABLE c3 AS SELECT x AS "order", x AS "a b", x AS _ok, x AS "9x" FROM "select";
SELECT sql FROM sqlite_schema WHERE name = 'c3';
CREATE INDEX "idx ""q""" ON "my table"(second COLLATE rtrim DESC, lower(second) COLLATE nocase);
PRAGMA index_xinfo("idx ""q""");
SELECT name, sql FROM sqlite_schema WHERE type = 'index';
CREATE TABLE t8(a, b, c, PRIMARY KEY(a, b) ON CONFLICT REPLACE, UNIQUE(b COLLATE NOCASE, c) ON CONFLICT IGNORE, CHECK(a <> b));
PRAGMA index_list(t8);
INSERT INTO t8 VALUES(1, 2, 3), (1, 2, 4), (5, 'X', 3), (6, 'x', 3);
SELECT * FROM t8;
INSERT INTO t8 VALUES(9, 9, 9);
CREATE TABLE t9(a INTEGER PRIMARY KEY ON CONFLICT IGNORE, b);
INSERT INTO t9 VALUES(1, 1), (1, 2);
SELECT * FROM t9;
INSERT INTO "my table"(second) VALUES('s');
SELECT "first col", second, typeof(third), fourth, fifth, sixth, hex(seventh), eighth, ninth FROM "my table"
`)
    ) same(p, s);
  } finally {
    p.close();
  }
});

Deno.test("ddl: system tables (sqlite_sequence, sqlite_stat1/4, sqlite_schema) follow SQLite's rules", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE s(id INTEGER PRIMARY KEY AUTOINCREMENT, v);
INSERT INTO s(v) VALUES(1);
UPDATE sqlite_sequence SET seq = 100;
INSERT INTO s(v) VALUES(2);
SELECT * FROM s;
DELETE FROM sqlite_sequence;
INSERT INTO s(v) VALUES(3);
SELECT * FROM s;
SELECT * FROM sqlite_sequence;
DROP TABLE sqlite_sequence;
CREATE TABLE t(a); CREATE INDEX ta ON t(a);
INSERT INTO t VALUES(1),(2);
ANALYZE;
DELETE FROM sqlite_stat1;
DROP TABLE sqlite_stat1;
CREATE INDEX ss ON sqlite_sequence(name);
CREATE TRIGGER trs AFTER INSERT ON sqlite_sequence BEGIN SELECT 1; END;
CREATE VIEW sqlite_v AS SELECT 1;
DROP TABLE sqlite_schema;
DELETE FROM sqlite_master;
UPDATE sqlite_schema SET name = 'x';
SELECT name FROM sqlite_schema
`)
    ) same(p, s);
  } finally {
    p.close();
  }
});

Deno.test("ddl: ALTER TABLE ADD COLUMN rewrites sqlite_schema and fills rows as SQLite", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE t(a, b , UNIQUE(a) );
INSERT INTO t VALUES(1, 2);
ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'x' ;
ALTER TABLE t ADD d INTEGER NOT NULL DEFAULT 5 CHECK(d > 0);
ALTER TABLE t ADD COLUMN "e f" ;
SELECT * FROM t;
INSERT INTO t(a, b) VALUES(2, 3);
INSERT INTO t(a, b, d) VALUES(3, 4, 0);
SELECT * FROM t;
CREATE TABLE u(a);
ALTER TABLE u ADD COLUMN b DEFAULT (1+2);
CREATE TABLE w(x INTEGER PRIMARY KEY, y) WITHOUT ROWID;
ALTER TABLE w ADD COLUMN z DEFAULT -1.5;
CREATE TABLE s(a INT) STRICT;
ALTER TABLE s ADD COLUMN b TEXT DEFAULT 'q';
SELECT sql FROM sqlite_schema;
ALTER TABLE t ADD COLUMN g PRIMARY KEY;
ALTER TABLE t ADD COLUMN g UNIQUE;
ALTER TABLE t ADD COLUMN g NOT NULL;
ALTER TABLE u ADD COLUMN g NOT NULL;
ALTER TABLE t ADD COLUMN g DEFAULT CURRENT_TIME;
ALTER TABLE t ADD COLUMN a;
ALTER TABLE nosuch ADD COLUMN x;
ALTER TABLE t ADD COLUMN h DEFAULT (random());
CREATE VIEW v AS SELECT 1;
ALTER TABLE v ADD COLUMN x;
ALTER TABLE sqlite_schema ADD COLUMN x;
PRAGMA schema_version;
PRAGMA table_info(t);
PRAGMA integrity_check;
`)
    ) same(p, s);
  } finally {
    p.close();
  }
});

Deno.test("ddl: ALTER TABLE RENAME TO rewrites every schema statement that names the table", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b UNIQUE); CREATE INDEX tb ON t(b);
CREATE VIEW v AS SELECT t.a, b FROM t WHERE t.b > 0;
PRAGMA foreign_keys = OFF;
CREATE TABLE o(x REFERENCES t(a));
CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO o VALUES(NEW.a); UPDATE t SET b = b WHERE a = 0; END;
CREATE VIEW w AS SELECT x.a FROM t AS x, o WHERE x.a = o.x;
INSERT INTO t(b) VALUES(1);
ANALYZE;
ALTER TABLE t RENAME TO "new name";
SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema;
SELECT * FROM sqlite_sequence;
SELECT * FROM sqlite_stat1 ORDER BY idx;
INSERT INTO "new name"(b) VALUES(2);
SELECT * FROM v;
SELECT * FROM o;
ALTER TABLE "new name" RENAME TO t3;
SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema;
CREATE TABLE u(b); CREATE INDEX ui ON u(b);
ALTER TABLE t3 RENAME TO u;
ALTER TABLE t3 RENAME TO ui;
ALTER TABLE t3 RENAME TO V;
ALTER TABLE t3 RENAME TO sqlite_x;
ALTER TABLE sqlite_schema RENAME TO x;
ALTER TABLE nosuch RENAME TO x;
ALTER TABLE v RENAME TO v2;
ALTER TABLE t3 RENAME TO T3;
PRAGMA integrity_check
`)
    ) same(p, s);
  } finally {
    p.close();
  }
});

Deno.test("ddl: schema-qualified CREATE/DROP as SQLite (main, temp, unknown databases)", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE main.t(a);
CREATE TABLE other.t2(a);
CREATE INDEX main.i ON t(a);
CREATE INDEX other.i2 ON t(a);
DROP TABLE temp.t;
DROP TABLE other.t;
DROP INDEX main.i;
CREATE VIEW main.v AS SELECT 1;
DROP VIEW main.v;
CREATE TRIGGER main.tr AFTER INSERT ON t BEGIN SELECT 1; END;
DROP TRIGGER main.tr;
DROP TABLE main.t;
SELECT name FROM sqlite_schema
DROP INDEX temp.x;
DROP VIEW other.v;
DROP TRIGGER temp.tr;
DROP TABLE IF EXISTS other.t
`)
    ) same(p, s);
  } finally {
    p.close();
  }
});

Deno.test("ddl: ALTER TABLE DROP COLUMN (text cut, rows rewritten, SQLite's refusals)", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c, d UNIQUE, e CHECK(e > 0), f, g, h);
CREATE INDEX tg ON t(g); CREATE VIEW v AS SELECT h FROM t; CREATE TABLE one(x);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT NEW.f; END;
INSERT INTO t VALUES(1, 'b', 'c', 'd', 5, 'f', 'g', 'h');
ALTER TABLE t DROP COLUMN c;
ALTER TABLE t DROP COLUMN b ;
SELECT sql FROM sqlite_schema WHERE name = 't';
SELECT * FROM t;
ALTER TABLE t DROP COLUMN a;
ALTER TABLE t DROP COLUMN d;
ALTER TABLE t DROP COLUMN e;
ALTER TABLE t DROP COLUMN f;
ALTER TABLE t DROP COLUMN g;
ALTER TABLE t DROP COLUMN h;
ALTER TABLE t DROP COLUMN nosuch;
ALTER TABLE one DROP COLUMN x;
ALTER TABLE v DROP COLUMN h;
ALTER TABLE t DROP h;
SELECT sql FROM sqlite_schema WHERE name = 't';
SELECT * FROM t;
CREATE TABLE w(p, q, r, CHECK(q > 0), UNIQUE(r));
ALTER TABLE w DROP COLUMN q;
ALTER TABLE w DROP COLUMN p;
ALTER TABLE w DROP COLUMN r;
SELECT sql FROM sqlite_schema WHERE name = 'w';
CREATE TABLE z(a, b /* comment */ , c);
INSERT INTO z VALUES(1, 2, 3);
ALTER TABLE z DROP COLUMN c;
ALTER TABLE z DROP COLUMN a;
SELECT sql FROM sqlite_schema WHERE name = 'z';
SELECT * FROM z;
PRAGMA schema_version;
PRAGMA integrity_check
`)
    ) same(p, s);
  } finally {
    p.close();
  }
});
