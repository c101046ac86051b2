/**
 * PRAGMAs and ANALYZE through the engine connection compared with real SQLite: same result
 * columns and values for the pragmas issue 4 lists, setting user_version/application_id/
 * cache_size/synchronous/foreign_keys, and sqlite_stat1 contents after ANALYZE.
 */
import assert from "node:assert/strict";
import { nodeRun, Pair, statements, tsRun } from "./dml_oracle.ts";
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";

function script(sql: string, sortRows = false): void {
  const p = new Pair();
  try {
    for (const s of statements(sql)) {
      let [a, b] = p.run(s);
      if (sortRows && "rows" in a && "rows" in b) {
        const key = (r: unknown) => JSON.stringify(r);
        a = { rows: [...a.rows].sort((x, y) => key(x) < key(y) ? -1 : 1) };
        b = { rows: [...b.rows].sort((x, y) => key(x) < key(y) ? -1 : 1) };
      }
      assert.deepEqual(a, b, s);
    }
  } finally {
    p.close();
  }
}

Deno.test("pragma: header values, settings and their columns match SQLite", () =>
  script(`
PRAGMA page_size;
PRAGMA page_count;
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c);
CREATE INDEX tc ON t(c DESC);
INSERT INTO t VALUES(1, 'x', 3), (2, 'y', 4);
PRAGMA page_count;
PRAGMA freelist_count;
PRAGMA schema_version;
PRAGMA user_version;
PRAGMA user_version = 42;
PRAGMA user_version;
PRAGMA main.application_id = 0x12345;
PRAGMA application_id;
PRAGMA encoding;
PRAGMA auto_vacuum;
PRAGMA cache_size;
PRAGMA cache_size = 500;
PRAGMA cache_size;
PRAGMA synchronous;
PRAGMA synchronous = NORMAL;
PRAGMA synchronous;
PRAGMA synchronous = 0;
PRAGMA synchronous;
PRAGMA journal_mode;
PRAGMA foreign_keys;
PRAGMA foreign_keys = OFF;
PRAGMA foreign_keys;
PRAGMA database_list;
PRAGMA integrity_check;
PRAGMA quick_check;
PRAGMA integrity_check(5);
PRAGMA no_such_pragma;
DROP TABLE t;
PRAGMA freelist_count;
PRAGMA incremental_vacuum;
PRAGMA nosuchdb.user_version
`));

Deno.test("pragma: table_list holds the same objects as SQLite's", () =>
  script(
    `
CREATE TABLE t(a, b);
CREATE TABLE w(a PRIMARY KEY, b) WITHOUT ROWID;
CREATE TABLE s(a INT, b TEXT) STRICT;
CREATE VIEW v AS SELECT a, b, a + b FROM t;
PRAGMA table_list;
PRAGMA table_list(t);
DROP TABLE w;
CREATE TABLE "Another Table"(x);
CREATE TABLE z1(a);
CREATE TABLE z2(a);
CREATE TABLE z3(a);
CREATE VIEW v2 AS SELECT 1;
PRAGMA table_list
`,
  ));

Deno.test("analyze: sqlite_stat1 rows match SQLite's", () =>
  script(
    `
CREATE TABLE t(a, b, c);
CREATE INDEX ta ON t(a);
CREATE INDEX tab ON t(a, b);
CREATE UNIQUE INDEX tc ON t(c);
CREATE INDEX partial ON t(b) WHERE a > 3;
CREATE TABLE e(x);
CREATE INDEX ex ON e(x);
CREATE TABLE n(y);
CREATE TABLE w(p PRIMARY KEY, q) WITHOUT ROWID;
CREATE INDEX wq ON w(q);
INSERT INTO t SELECT value % 7, value % 3, value FROM (SELECT 1 AS value UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11 UNION ALL SELECT 12);
INSERT INTO n VALUES(1), (2);
ANALYZE;
SELECT tbl, idx, stat FROM sqlite_stat1;
INSERT INTO n VALUES(3);
ANALYZE n;
SELECT tbl, idx, stat FROM sqlite_stat1;
ANALYZE main.t;
ANALYZE tab;
SELECT tbl, idx, stat FROM sqlite_stat1;
ANALYZE nosuch
`,
  ));

Deno.test("pragma: page_count and freelist_count follow the file a real SQLite reads", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const db = Connection.open(`${dir}/p.db`);
    tsRun(db, "CREATE TABLE t(x)");
    tsRun(db, "INSERT INTO t VALUES(randomblob(20000))");
    const pc = tsRun(db, "PRAGMA page_count");
    db.close();
    assert.deepEqual(pc, { rows: [[{ i: String(Deno.statSync(`${dir}/p.db`).size / 4096) }]] });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("pragma: page_size and auto_vacuum apply to a new database, not an existing one", () =>
  script(`
PRAGMA page_size = 1024;
PRAGMA auto_vacuum = FULL;
PRAGMA page_size;
PRAGMA auto_vacuum;
CREATE TABLE t(a);
INSERT INTO t VALUES(1);
PRAGMA page_size = 8192;
PRAGMA page_size;
PRAGMA auto_vacuum = 0;
PRAGMA auto_vacuum;
PRAGMA page_count;
PRAGMA integrity_check
`));

Deno.test("pragma: table_list order of a file SQLite wrote matches SQLite's after reopening", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const n = new DatabaseSync(`${dir}/a.db`);
    n.exec(
      "CREATE TABLE t1(a); CREATE VIEW v1 AS SELECT 1; CREATE TABLE t2(b); CREATE VIEW v2 AS SELECT 2;" +
        "CREATE TABLE t3(c); CREATE TABLE t4(d, e); ANALYZE;",
    );
    n.close();
    const n2 = new DatabaseSync(`${dir}/a.db`);
    const ref = nodeRun(n2, "PRAGMA table_list");
    n2.close();
    const c = Connection.open(`${dir}/a.db`);
    assert.deepEqual(tsRun(c, "PRAGMA table_list"), ref);
    c.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("pragma: table_info of views reports SQLite's column types", () =>
  script(`
CREATE TABLE t(a INTEGER, b TEXT, c REAL, d, e VARCHAR(5), f NUMERIC);
CREATE VIEW v AS SELECT a, b, c, d, e, f, a + 1, b || 'x', 5, 'k', 1.5, NULL, CAST(d AS TEXT), max(a) FROM t;
PRAGMA table_info(v);
CREATE VIEW w(x, y) AS SELECT a, b FROM t;
PRAGMA table_info(w);
CREATE VIEW u AS SELECT * FROM (SELECT a AS z, c FROM t) UNION SELECT 1, 2;
PRAGMA table_info(u)
`));

Deno.test("pragma: argument forms, schema prefixes and value parsing as SQLite", () =>
  script(`
CREATE TABLE t(a INT, b);
PRAGMA main.table_info(t);
PRAGMA table_info('t');
PRAGMA TABLE_INFO = t;
PRAGMA table_info("T");
PRAGMA temp.table_info(t);
PRAGMA index_list = t;
PRAGMA cache_size = -4000;
PRAGMA cache_size;
PRAGMA main.cache_size;
PRAGMA user_version = -5;
PRAGMA user_version;
PRAGMA application_id = 'abc';
PRAGMA application_id;
PRAGMA user_version = 2147483648;
PRAGMA user_version;
PRAGMA synchronous = 'FULL';
PRAGMA synchronous;
PRAGMA synchronous = EXTRA;
PRAGMA synchronous;
PRAGMA foreign_keys = yes;
PRAGMA foreign_keys;
PRAGMA encoding = 'UTF-16';
PRAGMA encoding;
PRAGMA page_count;
PRAGMA freelist_count
`));

Deno.test("pragma: foreign_key_list as SQLite", () =>
  script(`
CREATE TABLE p(a, b, c, PRIMARY KEY(a, b));
CREATE TABLE c(x REFERENCES p, y, z, w REFERENCES p(c) ON DELETE CASCADE ON UPDATE SET NULL,
  FOREIGN KEY(y, z) REFERENCES p(a, b) ON DELETE RESTRICT MATCH FULL DEFERRABLE INITIALLY DEFERRED);
PRAGMA foreign_key_list(c);
PRAGMA foreign_key_list(p);
PRAGMA foreign_key_list(nosuch)
`));

Deno.test("flag PRAGMAs tsqlite implements only at their default: read as SQLite, refuse ON", async () => {
  const { default: Database } = await import("../../mod.ts");
  const db = new Database(":memory:");
  const ref = new DatabaseSync(":memory:");
  for (const name of ["recursive_triggers", "ignore_check_constraints", "query_only"]) {
    assert.deepEqual(db.prepare(`PRAGMA ${name}`).all(), [{
      ...ref.prepare(`PRAGMA ${name}`).get(),
    }]);
    db.prepare(`PRAGMA ${name} = OFF`).run();
    assert.throws(() => db.prepare(`PRAGMA ${name} = ON`), {
      name: "SqliteError",
      message: `PRAGMA ${name}=ON is not supported yet`,
    });
  }
  assert.equal(db.prepare("PRAGMA case_sensitive_like").reader, false);
  assert.throws(() => db.prepare("PRAGMA case_sensitive_like = 1"), { name: "SqliteError" });
});
