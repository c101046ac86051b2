/**
 * FOREIGN KEY enforcement compared statement by statement with real SQLite (node:sqlite, whose
 * build has foreign_keys on like better-sqlite3's and tsqlite's Connection): child-side checks,
 * every ON DELETE / ON UPDATE action, immediate and deferred constraints, defer_foreign_keys,
 * composite and self-referencing keys, cascades through several levels, DROP TABLE, ALTER
 * TABLE, PRAGMA foreign_key_check, errors with SQLite's messages and extended codes, and a
 * seeded random workload.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";
import { nodeRun, Pair, statements, tsRun } from "./dml_oracle.ts";
import {
  RANDOM_SCHEMA,
  RANDOM_SCHEMA_B,
  RANDOM_TABLES,
  RANDOM_TABLES_B,
  randomStatement,
  randomStatementB,
  rng,
} from "./fkey_random.ts";

/** Run a script on both engines; every statement's outcome and the final tables must match. */
function script(sql: string, tables: string[] = []): void {
  const p = new Pair();
  try {
    for (const s of statements(sql)) {
      const [a, b] = p.run(s);
      assert.deepEqual(a, b, s);
    }
    for (const t of tables) {
      const q = `SELECT rowid, * FROM ${t} ORDER BY rowid`;
      const [a, b] = p.run(q);
      assert.deepEqual(a, b, q);
    }
    const [a, b] = p.run("PRAGMA integrity_check");
    assert.deepEqual(a, b);
  } finally {
    p.close();
  }
}

Deno.test("fkey: child-side checks on INSERT and UPDATE (IPK, UNIQUE, NULL keys, affinity)", () =>
  script(
    `
PRAGMA foreign_keys;
CREATE TABLE p(id INTEGER PRIMARY KEY, code TEXT UNIQUE, n NUMERIC UNIQUE);
CREATE TABLE c(a REFERENCES p, b REFERENCES p(code), d INTEGER REFERENCES p(n));
INSERT INTO p VALUES(1, 'x', 10), (2, 'y', 20.5), (3, '7', '30');
INSERT INTO c VALUES(1, 'x', 10);
INSERT INTO c VALUES(NULL, NULL, NULL);
INSERT INTO c VALUES('1', 'x', '10');
INSERT INTO c VALUES(1.0, 'y', 20.5);
INSERT INTO c VALUES(4, NULL, NULL);
INSERT INTO c VALUES(NULL, 'X', NULL);
INSERT INTO c VALUES(NULL, 7, NULL);
INSERT INTO c VALUES(NULL, NULL, 30);
INSERT INTO c VALUES(NULL, NULL, '30.0');
INSERT INTO c VALUES(1.5, NULL, NULL);
INSERT INTO c VALUES('abc', NULL, NULL);
INSERT INTO c VALUES(1, 'x', 10), (9, 'x', 10);
INSERT INTO c SELECT id, code, n FROM p;
INSERT INTO c SELECT id + 1, code, n FROM p;
UPDATE c SET a = 2 WHERE a = 1;
UPDATE c SET a = 5 WHERE a = 2;
UPDATE c SET b = 'q';
UPDATE c SET d = d;
UPDATE c SET a = NULL, b = NULL, d = NULL WHERE rowid = 1;
SELECT changes(), total_changes();
INSERT OR IGNORE INTO c VALUES(8, NULL, NULL);
INSERT OR REPLACE INTO c VALUES(8, NULL, NULL);
`,
    ["p", "c"],
  ));

Deno.test("fkey: parent-side NO ACTION and RESTRICT on DELETE and UPDATE", () =>
  script(
    `
CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT UNIQUE);
CREATE TABLE c(pid REFERENCES p ON DELETE NO ACTION ON UPDATE RESTRICT, pk REFERENCES p(k) ON DELETE RESTRICT);
INSERT INTO p VALUES(1, 'a'), (2, 'b'), (3, 'c');
INSERT INTO c VALUES(1, NULL), (NULL, 'b');
DELETE FROM p WHERE id = 1;
DELETE FROM p WHERE id = 2;
DELETE FROM p WHERE id = 3;
UPDATE p SET id = 10 WHERE id = 1;
UPDATE p SET id = id WHERE id = 1;
UPDATE p SET k = 'z' WHERE id = 2;
UPDATE p SET k = 'b' WHERE id = 2;
UPDATE p SET k = 'a2' WHERE id = 1;
DELETE FROM p;
DELETE FROM c WHERE pid = 1;
DELETE FROM p WHERE id = 1;
SELECT changes(), total_changes();
DELETE FROM c;
DELETE FROM p;
`,
    ["p", "c"],
  ));

Deno.test("fkey: ON DELETE / ON UPDATE CASCADE, SET NULL, SET DEFAULT", () =>
  script(
    `
CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT UNIQUE);
INSERT INTO p VALUES(1, 'a'), (2, 'b'), (3, 'c'), (0, 'zero');
CREATE TABLE c1(x REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE, v);
CREATE TABLE c2(x REFERENCES p(k) ON DELETE SET NULL ON UPDATE SET NULL, v);
CREATE TABLE c3(x INTEGER DEFAULT 0 REFERENCES p ON DELETE SET DEFAULT ON UPDATE SET DEFAULT, v);
CREATE TABLE c4(x DEFAULT 99 REFERENCES p ON DELETE SET DEFAULT, v);
INSERT INTO c1 VALUES(1, 'a'), (1, 'b'), (2, 'c'), (3, 'd');
INSERT INTO c2 VALUES('a', 1), ('b', 2), ('c', 3);
INSERT INTO c3 VALUES(1, 1), (2, 2), (3, 3);
INSERT INTO c4 VALUES(3, 1);
DELETE FROM p WHERE id = 1;
SELECT changes(), total_changes();
UPDATE p SET id = 20 WHERE id = 2;
UPDATE p SET k = 'B' WHERE id = 20;
UPDATE p SET k = 'B' WHERE id = 20;
DELETE FROM p WHERE id = 3;
DELETE FROM p WHERE id = 20;
SELECT changes(), total_changes();
`,
    ["p", "c1", "c2", "c3", "c4"],
  ));

Deno.test("fkey: cascades through several levels and self-referencing tables", () =>
  script(
    `
CREATE TABLE a(id INTEGER PRIMARY KEY);
CREATE TABLE b(id INTEGER PRIMARY KEY, a REFERENCES a ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE c(id INTEGER PRIMARY KEY, b REFERENCES b ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE d(id INTEGER PRIMARY KEY, c REFERENCES c ON DELETE SET NULL);
INSERT INTO a VALUES(1), (2);
INSERT INTO b VALUES(10, 1), (11, 1), (12, 2);
INSERT INTO c VALUES(100, 10), (101, 11), (102, 12);
INSERT INTO d VALUES(1000, 100), (1001, 102);
UPDATE a SET id = 5 WHERE id = 1;
UPDATE b SET id = 50 WHERE id = 10;
DELETE FROM a WHERE id = 5;
SELECT changes(), total_changes();
CREATE TABLE tree(id INTEGER PRIMARY KEY, parent REFERENCES tree ON DELETE CASCADE);
INSERT INTO tree VALUES(1, NULL), (2, 1), (3, 1), (4, 2), (5, 4), (6, 6);
INSERT INTO tree VALUES(7, 8);
INSERT INTO tree VALUES(8, 8), (9, 10), (10, 8);
DELETE FROM tree WHERE id = 2;
DELETE FROM tree WHERE id = 6;
UPDATE tree SET parent = 42 WHERE id = 3;
UPDATE tree SET id = 30 WHERE id = 3;
DELETE FROM tree WHERE id = 1;
CREATE TABLE emp(id INTEGER PRIMARY KEY, boss INTEGER REFERENCES emp(id));
INSERT INTO emp VALUES(1, NULL), (2, 1), (3, 2);
DELETE FROM emp WHERE id = 2;
UPDATE emp SET id = 20 WHERE id = 2;
INSERT INTO emp VALUES(4, 4);
DELETE FROM emp WHERE id = 3;
DELETE FROM emp WHERE id = 2;
`,
    ["a", "b", "c", "d", "tree", "emp"],
  ));

Deno.test("fkey: composite keys, collations, mismatch and missing-parent errors", () =>
  script(
    `
CREATE TABLE p(a, b COLLATE NOCASE, c, PRIMARY KEY(a, b));
CREATE TABLE c(x, y, FOREIGN KEY(x, y) REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE);
INSERT INTO p VALUES(1, 'One', 0), (2, 'two', 0);
INSERT INTO c VALUES(1, 'one');
INSERT INTO c VALUES(1, 'ONE'), (2, 'TWO');
INSERT INTO c VALUES(1, 'two');
INSERT INTO c VALUES(NULL, 'zzz'), (3, NULL);
UPDATE p SET b = 'ONE' WHERE a = 1;
UPDATE p SET b = 'uno' WHERE a = 1;
DELETE FROM p WHERE a = 2;
CREATE TABLE q(a, b, UNIQUE(b, a));
CREATE TABLE cq(x, y, FOREIGN KEY(y, x) REFERENCES q(a, b));
INSERT INTO q VALUES(1, 2);
INSERT INTO cq VALUES(2, 1);
INSERT INTO cq VALUES(1, 2);
DELETE FROM q;
CREATE TABLE nouniq(a, b);
CREATE TABLE cm(x REFERENCES nouniq(a));
INSERT INTO cm VALUES(NULL);
DELETE FROM nouniq;
DELETE FROM cm;
CREATE TABLE orphan(x REFERENCES nowhere);
INSERT INTO orphan VALUES(1);
DELETE FROM orphan;
UPDATE orphan SET x = 1;
CREATE TABLE pk2(a, b, PRIMARY KEY(a, b));
CREATE TABLE cpk(x REFERENCES pk2);
INSERT INTO cpk VALUES(1);
CREATE TABLE bad1(a, b, FOREIGN KEY(a, b) REFERENCES q(a));
CREATE TABLE bad2(a REFERENCES q(a, b));
CREATE TABLE vt(a);
CREATE VIEW v AS SELECT a FROM vt;
CREATE TABLE cv(x REFERENCES v(a));
INSERT INTO cv VALUES(1);
DELETE FROM cv;
PRAGMA foreign_key_check;
DROP VIEW v;
CREATE TABLE pcoll(a TEXT COLLATE NOCASE UNIQUE);
CREATE TABLE ccoll(x REFERENCES pcoll(a));
INSERT INTO pcoll VALUES('Abc');
INSERT INTO ccoll VALUES('aBC');
DELETE FROM pcoll;
`,
    ["p", "c", "q", "cq", "pcoll", "ccoll"],
  ));

Deno.test("fkey: deferred constraints, COMMIT failing, defer_foreign_keys, savepoints", () =>
  script(
    `
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE c(x REFERENCES p DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE i(x REFERENCES p);
INSERT INTO c VALUES(1);
BEGIN;
INSERT INTO c VALUES(1);
INSERT INTO c VALUES(2);
COMMIT;
SELECT count(*) FROM c;
INSERT INTO p VALUES(1);
COMMIT;
INSERT INTO p VALUES(2);
COMMIT;
BEGIN;
DELETE FROM p WHERE id = 1;
SAVEPOINT s1;
DELETE FROM p WHERE id = 2;
ROLLBACK TO s1;
INSERT INTO p VALUES(1);
RELEASE s1;
COMMIT;
SAVEPOINT outer1;
INSERT INTO c VALUES(5);
RELEASE outer1;
DELETE FROM c WHERE x = 5;
RELEASE outer1;
BEGIN;
INSERT INTO i VALUES(7);
PRAGMA defer_foreign_keys = ON;
PRAGMA defer_foreign_keys;
INSERT INTO i VALUES(7);
DELETE FROM p WHERE id = 2;
COMMIT;
DELETE FROM i WHERE x = 7;
INSERT INTO p VALUES(2);
COMMIT;
PRAGMA defer_foreign_keys;
BEGIN;
PRAGMA defer_foreign_keys = 1;
INSERT INTO i VALUES(9);
ROLLBACK;
PRAGMA defer_foreign_keys;
BEGIN;
PRAGMA foreign_keys = OFF;
PRAGMA foreign_keys;
INSERT INTO i VALUES(11);
ROLLBACK;
PRAGMA foreign_keys = OFF;
INSERT INTO i VALUES(11);
PRAGMA foreign_keys = ON;
PRAGMA foreign_key_check;
PRAGMA foreign_key_check(i);
PRAGMA foreign_key_check(p);
PRAGMA foreign_key_check(nope);
DELETE FROM i WHERE x = 11;
BEGIN;
INSERT INTO i VALUES(12);
INSERT INTO i VALUES(1);
COMMIT;
`,
    ["p", "c", "i"],
  ));

Deno.test("fkey: PRAGMA foreign_key_check reports every orphan row", () =>
  script(
    `
PRAGMA foreign_keys = OFF;
CREATE TABLE p(id INTEGER PRIMARY KEY, u UNIQUE);
CREATE TABLE c(a REFERENCES p, b REFERENCES p(u), z REFERENCES gone(k));
CREATE TABLE d(x, y, FOREIGN KEY(x) REFERENCES p, FOREIGN KEY(y) REFERENCES c(a));
INSERT INTO p VALUES(1, 'one'), (2, 'two');
INSERT INTO c VALUES(1, 'one', NULL), (3, 'two', 5), ('2', 'three', NULL), (NULL, NULL, NULL), (2.0, 1, 'x');
INSERT INTO d VALUES(1, 1), (9, NULL);
PRAGMA foreign_key_check(c);
PRAGMA foreign_key_check(p);
PRAGMA foreign_key_list(c);
PRAGMA foreign_keys = ON;
PRAGMA foreign_key_check(c);
PRAGMA foreign_key_check(d);
PRAGMA foreign_key_check;
`,
  ));

Deno.test("fkey: DROP TABLE deletes first; ALTER TABLE ADD COLUMN REFERENCES", () =>
  script(
    `
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE c(x REFERENCES p);
CREATE TABLE cc(x REFERENCES p ON DELETE CASCADE);
INSERT INTO p VALUES(1), (2);
INSERT INTO c VALUES(1);
INSERT INTO cc VALUES(2), (1);
DROP TABLE p;
DELETE FROM c;
DROP TABLE p;
SELECT count(*) FROM cc;
INSERT INTO c VALUES(NULL);
DELETE FROM c;
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE dc(x REFERENCES p DEFERRABLE INITIALLY DEFERRED);
INSERT INTO p VALUES(1);
INSERT INTO dc VALUES(1);
BEGIN;
DROP TABLE p;
COMMIT;
ROLLBACK;
SELECT count(*) FROM dc;
CREATE TABLE e(a);
ALTER TABLE e ADD COLUMN z REFERENCES p DEFAULT 5;
INSERT INTO e(a) VALUES(1);
ALTER TABLE e ADD COLUMN y REFERENCES p DEFAULT 5;
ALTER TABLE e ADD COLUMN w REFERENCES p DEFAULT NULL;
INSERT INTO e VALUES(1, NULL, 7);
INSERT INTO e VALUES(1, 1, NULL);
`,
    ["c", "cc", "dc", "e"],
  ));

Deno.test("fkey: foreign_keys OFF writes freely and re-prepares statements", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE c(x REFERENCES p);
PRAGMA foreign_keys = OFF;
INSERT INTO c VALUES(5);
DELETE FROM p;
PRAGMA foreign_keys = ON;
INSERT INTO c VALUES(6);
DELETE FROM c WHERE x = 5
`)
    ) {
      const [a, b] = p.run(s);
      assert.deepEqual(a, b, s);
    }
    // A statement prepared while foreign keys were on is re-prepared after they are turned off.
    const st = p.ts.prepare("INSERT INTO c VALUES(7)")!;
    p.run("PRAGMA foreign_keys = OFF");
    assert.equal(st.step(), false);
    st.finalize();
  } finally {
    p.close();
  }
});

const WORKLOADS = [
  {
    name: "A",
    seeds: [1, 2, 3, 4, 5, 6],
    schema: RANDOM_SCHEMA,
    tables: RANDOM_TABLES,
    next: randomStatement,
  },
  {
    name: "B",
    seeds: [1, 2, 3],
    schema: RANDOM_SCHEMA_B,
    tables: RANDOM_TABLES_B,
    next: randomStatementB,
  },
];
for (const w of WORKLOADS) {
  for (const seed of w.seeds) {
    Deno.test(`fkey: random workload ${w.name} (seed ${seed}) matches SQLite statement by statement`, () => {
      const r = rng(seed);
      const p = new Pair();
      try {
        for (const s of statements(w.schema)) p.run(s);
        const log: string[] = [];
        for (let i = 0; i < 250; i++) {
          const s = w.next(r);
          log.push(s);
          const [a, b] = p.run(s);
          assert.deepEqual(
            a,
            b,
            `seed ${seed}, statement ${i}: ${s}\n${log.slice(-12).join("\n")}`,
          );
        }
        for (const t of w.tables) {
          const q = `SELECT rowid, * FROM ${t} ORDER BY rowid`;
          const [a, b] = p.run(q);
          assert.deepEqual(a, b, `seed ${seed}: ${q}`);
        }
        const [a, b] = p.run("PRAGMA foreign_key_check");
        assert.deepEqual(a, b, `seed ${seed}: foreign_key_check`);
      } finally {
        p.close();
      }
    });
  }
}

Deno.test("fkey: deep cascades — hundreds of levels, and SQLite's depth limit message past it", () => {
  for (const n of [300, 1001]) {
    const p = new Pair();
    try {
      p.run("CREATE TABLE t(id INTEGER PRIMARY KEY, parent REFERENCES t ON DELETE CASCADE)");
      const rows = Array.from({ length: n }, (_, k) => `(${k + 1}, ${k === 0 ? "NULL" : k})`);
      const [i1, i2] = p.run(`INSERT INTO t VALUES ${rows.join(", ")}`);
      assert.deepEqual(i1, i2);
      for (const s of ["DELETE FROM t WHERE id = 1", "SELECT count(*) FROM t"]) {
        const [a, b] = p.run(s);
        assert.deepEqual(a, b, `${n}: ${s}`);
      }
    } finally {
      p.close();
    }
  }
});

Deno.test("fkey: interplay with triggers, RETURNING, UPSERT, UPDATE FROM, REPLACE and ALTER TABLE", () =>
  script(
    `
CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT UNIQUE);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE, note);
CREATE TABLE log(msg);
CREATE TRIGGER c_del AFTER DELETE ON c BEGIN INSERT INTO log VALUES('del ' || old.id || ' of ' || old.pid); END;
CREATE TRIGGER c_upd AFTER UPDATE OF pid ON c BEGIN INSERT INTO log VALUES('upd ' || old.pid || '->' || new.pid); END;
CREATE TRIGGER p_ins AFTER INSERT ON p BEGIN INSERT INTO c(pid, note) VALUES(new.id, 'auto'); END;
INSERT INTO p VALUES(1, 'a'), (2, 'b');
INSERT INTO c(pid, note) VALUES(1, 'x'), (2, 'y');
UPDATE p SET id = 10 WHERE id = 1;
DELETE FROM p WHERE id = 2;
INSERT INTO c(pid) VALUES(5) RETURNING id, pid;
INSERT INTO c(pid) VALUES(10) RETURNING id, pid;
DELETE FROM p WHERE id = 10 RETURNING *;
INSERT INTO p VALUES(3, 'c') ON CONFLICT(id) DO UPDATE SET k = excluded.k;
INSERT INTO p VALUES(3, 'cc') ON CONFLICT(id) DO UPDATE SET id = 30;
INSERT INTO p VALUES(4, 'cc') ON CONFLICT(k) DO NOTHING;
CREATE TABLE m(src, dst);
INSERT INTO m VALUES(30, 31);
UPDATE p SET id = m.dst FROM m WHERE p.id = m.src;
INSERT OR REPLACE INTO p VALUES(31, 'zz');
REPLACE INTO p VALUES(99, 'zz');
CREATE TABLE q(id INTEGER PRIMARY KEY);
CREATE TABLE cq(x REFERENCES q);
INSERT INTO q VALUES(1);
INSERT INTO cq VALUES(1);
ALTER TABLE q RENAME TO q2;
SELECT sql FROM sqlite_schema WHERE name IN ('q2', 'cq') ORDER BY name;
DELETE FROM q2;
INSERT INTO cq VALUES(2);
PRAGMA foreign_key_list(cq);
ALTER TABLE cq DROP COLUMN x;
ALTER TABLE cq ADD COLUMN y REFERENCES q2;
INSERT INTO cq(x, y) VALUES(NULL, 7);
SELECT * FROM log;
CREATE TABLE wc(k PRIMARY KEY, pid REFERENCES pp) WITHOUT ROWID;
CREATE TABLE pp(id INTEGER PRIMARY KEY);
INSERT INTO pp VALUES(1);
`,
    ["p", "c", "log", "cq", "pp"],
  ));

Deno.test("fkey: WITHOUT ROWID parents are probed through their PRIMARY KEY b-tree", () => {
  const dir = Deno.makeTempDirSync();
  const setup = new DatabaseSync(`${dir}/a.db`);
  setup.exec(`CREATE TABLE p(code TEXT PRIMARY KEY, name) WITHOUT ROWID;
    CREATE TABLE p2(a, b COLLATE NOCASE, c, PRIMARY KEY(b, a)) WITHOUT ROWID;
    INSERT INTO p VALUES('x', 1), ('y', 2);
    INSERT INTO p2 VALUES(1, 'B', 3);
    CREATE TABLE c(code REFERENCES p, w);
    CREATE TABLE c2(a, b, FOREIGN KEY(a, b) REFERENCES p2(a, b));
    CREATE TABLE c3(a, b, FOREIGN KEY(b, a) REFERENCES p2);
    PRAGMA foreign_keys = OFF;
    CREATE TABLE wc(k, code REFERENCES p, n, z, PRIMARY KEY(z, k), FOREIGN KEY(n, k) REFERENCES p2(b, a)) WITHOUT ROWID;
    INSERT INTO wc VALUES (1, 'x', NULL, 'a'), (2, 'nope', 3, 'b'), (3, NULL, 'B', 'c'), (4, 'y', 'q', 'd');`);
  setup.close();
  Deno.copyFileSync(`${dir}/a.db`, `${dir}/b.db`);
  const ts = Connection.open(`${dir}/a.db`);
  const node = new DatabaseSync(`${dir}/b.db`);
  try {
    for (
      const s of [
        "INSERT INTO c VALUES('x', 1)",
        "INSERT INTO c VALUES('z', 1)",
        "INSERT INTO c2 VALUES(1, 'b')",
        "INSERT INTO c2 VALUES(1, 'c')",
        "INSERT INTO c3 VALUES('B', 1)",
        "INSERT INTO c3 VALUES(1, 'B')",
        "UPDATE c SET code = 'y'",
        "UPDATE c SET code = 'q'",
        "PRAGMA foreign_keys = OFF",
        "INSERT INTO c VALUES('nope', 3)",
        "PRAGMA foreign_key_check",
        "PRAGMA foreign_keys = ON",
        "PRAGMA foreign_key_check(c)",
        "SELECT rowid, * FROM c",
        "PRAGMA foreign_key_check(wc)",
      ]
    ) assert.deepEqual(tsRun(ts, s), nodeRun(node, s), s);
  } finally {
    ts.close();
    node.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("fkey: parent/child affinity and collation matrix (child checks and parent-side matches)", () => {
  const parentTypes = [
    "INTEGER PRIMARY KEY",
    "INT PRIMARY KEY",
    "TEXT UNIQUE",
    "TEXT COLLATE NOCASE UNIQUE",
    "NUMERIC UNIQUE",
    "UNIQUE",
    "REAL UNIQUE",
  ];
  const childTypes = ["", "TEXT", "INTEGER", "NUMERIC", "REAL", "BLOB", "TEXT COLLATE NOCASE"];
  const values = ["1", "'1'", "1.0", "'1.0'", "' 1'", "'1e0'", "'abc'", "'ABC'", "x'31'"];
  const p = new Pair();
  try {
    let n = 0;
    for (const pt of parentTypes) {
      for (const ct of childTypes) {
        for (const indexed of [false, true]) {
          n++;
          const run = (s: string) => {
            const [a, b] = p.run(s);
            assert.deepEqual(a, b, `${pt} / ${ct} / ${indexed}: ${s}`);
          };
          run(`CREATE TABLE p${n}(k ${pt})`);
          run(`CREATE TABLE c${n}(x ${ct} REFERENCES p${n}(k))`);
          if (indexed) run(`CREATE INDEX ci${n} ON c${n}(x)`);
          // Parent keys stored with the parent's affinity; every child value tried against them.
          for (const v of ["1", "'abc'"]) run(`INSERT OR IGNORE INTO p${n} VALUES(${v})`);
          for (const v of values) run(`INSERT INTO c${n} VALUES(${v})`);
          run(`SELECT x, typeof(x) FROM c${n} ORDER BY rowid`);
          // Parent-side: which parent rows are still referenced (NO ACTION makes DELETE fail).
          run(`DELETE FROM p${n} WHERE k = 1`);
          run(`DELETE FROM p${n} WHERE k = 'abc'`);
          run(`UPDATE p${n} SET k = k`);
          run(`PRAGMA foreign_key_check(c${n})`);
        }
      }
    }
  } finally {
    p.close();
  }
});

Deno.test("fkey: WITHOUT ROWID children are counted for NO ACTION / RESTRICT (file written by SQLite)", () => {
  const dir = Deno.makeTempDirSync();
  const setup = new DatabaseSync(`${dir}/a.db`);
  setup.exec(`CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT UNIQUE);
    INSERT INTO p VALUES(1, 'a'), (2, 'b'), (3, 'c');
    CREATE TABLE wc(z PRIMARY KEY, pid REFERENCES p, pk REFERENCES p(k) ON DELETE RESTRICT) WITHOUT ROWID;
    CREATE TABLE wdef(z PRIMARY KEY, pid REFERENCES p DEFERRABLE INITIALLY DEFERRED) WITHOUT ROWID;
    INSERT INTO wc VALUES('x', 1, NULL), ('y', NULL, 'b');
    INSERT INTO wdef VALUES('q', 3);`);
  setup.close();
  Deno.copyFileSync(`${dir}/a.db`, `${dir}/b.db`);
  const ts = Connection.open(`${dir}/a.db`);
  const node = new DatabaseSync(`${dir}/b.db`);
  try {
    for (
      const s of [
        "DELETE FROM p WHERE id = 1",
        "DELETE FROM p WHERE id = 2",
        "UPDATE p SET k = 'bb' WHERE id = 2",
        "UPDATE p SET id = 30 WHERE id = 3",
        "BEGIN",
        "DELETE FROM p WHERE id = 3",
        "COMMIT",
        "ROLLBACK",
        "INSERT INTO p VALUES(4, 'd')",
        "DELETE FROM p WHERE id = 4",
        "SELECT * FROM p",
        "PRAGMA foreign_key_check",
      ]
    ) assert.deepEqual(tsRun(ts, s), nodeRun(node, s), s);
    // An action would have to write the WITHOUT ROWID child: refused clearly, nothing changed.
    tsRun(ts, "CREATE TABLE wd(z PRIMARY KEY, pid REFERENCES p ON DELETE CASCADE) WITHOUT ROWID");
    assert.deepEqual(tsRun(ts, "DELETE FROM p WHERE id = 3"), {
      error: "FOREIGN KEY enforcement involving WITHOUT ROWID table wd is not supported yet",
      code: 1,
    });
  } finally {
    ts.close();
    node.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("fkey: an OR FAIL error after an FK violation becomes the FK error and undoes the statement", () =>
  script(
    `
CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE c(x REFERENCES p, u UNIQUE);
INSERT INTO c VALUES(NULL, 1);
INSERT OR FAIL INTO c SELECT 5, 2 UNION ALL SELECT NULL, 1;
SELECT * FROM c;
BEGIN;
INSERT OR FAIL INTO c SELECT 5, 3 UNION ALL SELECT NULL, 1;
INSERT OR FAIL INTO c SELECT NULL, 3 UNION ALL SELECT NULL, 1;
SELECT changes(), total_changes();
COMMIT;
CREATE TABLE d(x REFERENCES p DEFERRABLE INITIALLY DEFERRED, u UNIQUE);
INSERT INTO d VALUES(NULL, 1);
INSERT OR FAIL INTO d SELECT 5, 2 UNION ALL SELECT NULL, 1;
SELECT changes(), total_changes();
`,
    ["c", "d"],
  ));
