/**
 * Transactions through the engine connection: BEGIN/COMMIT/ROLLBACK, SAVEPOINT/RELEASE/
 * ROLLBACK TO, autocommit, statement atomicity (a failing statement undoes only itself), the
 * errors SQLite gives for misuse, and durability: a second connection and real SQLite
 * (node:sqlite) see exactly the committed state of a file tsqlite wrote.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";
import { nodeRun, Pair, statements, tsRun } from "./dml_oracle.ts";

function script(sql: string): void {
  const p = new Pair();
  try {
    for (const s of statements(sql)) {
      const [a, b] = p.run(s);
      assert.deepEqual(a, b, s);
      assert.equal(p.ts.inTransaction, p.node.isTransaction, `inTransaction after: ${s}`);
    }
  } finally {
    p.close();
  }
}

Deno.test("txn: BEGIN/COMMIT/ROLLBACK and their errors match SQLite", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE);
COMMIT;
ROLLBACK;
BEGIN;
INSERT INTO t VALUES(1, 'a');
BEGIN;
SELECT * FROM t ORDER BY a;
ROLLBACK;
SELECT * FROM t ORDER BY a;
BEGIN IMMEDIATE;
INSERT INTO t VALUES(2, 'b');
END;
BEGIN EXCLUSIVE TRANSACTION;
INSERT INTO t VALUES(3, 'c');
COMMIT TRANSACTION;
BEGIN DEFERRED;
DELETE FROM t WHERE a = 2;
ROLLBACK TRANSACTION;
SELECT * FROM t ORDER BY a
`));

Deno.test("txn: statement atomicity — a failing statement undoes only its own rows", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE);
INSERT INTO t VALUES(1, 'a');
INSERT INTO t VALUES(2, 'b'), (3, 'c'), (4, 'a');
SELECT * FROM t ORDER BY a;
BEGIN;
INSERT INTO t VALUES(5, 'e');
INSERT INTO t VALUES(6, 'f'), (7, 'a');
UPDATE t SET b = 'zz' WHERE a >= 5;
SELECT * FROM t ORDER BY a;
INSERT OR FAIL INTO t VALUES(8, 'h'), (9, 'a'), (10, 'j');
SELECT * FROM t ORDER BY a;
INSERT OR ROLLBACK INTO t VALUES(11, 'a');
SELECT * FROM t ORDER BY a;
CREATE TABLE u(x UNIQUE);
INSERT INTO u VALUES(1), (1);
BEGIN;
CREATE INDEX ub ON t(b);
CREATE UNIQUE INDEX bad ON t(a % 2);
SELECT name FROM sqlite_schema;
ROLLBACK;
SELECT name FROM sqlite_schema;
SELECT * FROM u
`));

Deno.test("txn: SAVEPOINT, RELEASE and ROLLBACK TO match SQLite", () =>
  script(`
CREATE TABLE t(a);
SAVEPOINT one;
INSERT INTO t VALUES(1);
SAVEPOINT two;
INSERT INTO t VALUES(2);
ROLLBACK TO two;
SELECT * FROM t ORDER BY a;
INSERT INTO t VALUES(3);
RELEASE two;
SELECT * FROM t ORDER BY a;
ROLLBACK TO one;
SELECT * FROM t ORDER BY a;
INSERT INTO t VALUES(4);
RELEASE SAVEPOINT one;
SELECT * FROM t ORDER BY a;
RELEASE nosuch;
ROLLBACK TO nosuch;
BEGIN;
SAVEPOINT a;
INSERT INTO t VALUES(5);
SAVEPOINT b;
INSERT INTO t VALUES(6);
RELEASE a;
SELECT * FROM t ORDER BY a;
ROLLBACK;
SELECT * FROM t ORDER BY a;
SAVEPOINT x;
SAVEPOINT x;
INSERT INTO t VALUES(7);
ROLLBACK TO x;
RELEASE x;
SELECT * FROM t ORDER BY a;
RELEASE x;
SELECT * FROM t ORDER BY a
`));

Deno.test("txn: committed changes are visible to a second connection and to real SQLite", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/t.db`;
  try {
    const a = Connection.open(path);
    const b = Connection.open(path);
    const run = (c: Connection, sql: string) => tsRun(c, sql);
    assert.deepEqual(run(a, "CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)"), { rows: [] });
    assert.deepEqual(run(a, "INSERT INTO t VALUES(1, 'one')"), { rows: [] });
    assert.deepEqual(run(b, "SELECT * FROM t"), { rows: [[{ i: "1" }, { t: "one" }]] });
    assert.deepEqual(run(a, "BEGIN"), { rows: [] });
    assert.deepEqual(run(a, "INSERT INTO t VALUES(2, 'two')"), { rows: [] });
    // b still sees only the committed row; its write must wait for a's lock.
    assert.deepEqual(run(b, "SELECT count(*) FROM t"), { rows: [[{ i: "1" }]] });
    const busy = run(b, "INSERT INTO t VALUES(3, 'three')");
    assert.ok("error" in busy && busy.code === 5, JSON.stringify(busy));
    assert.deepEqual(run(a, "COMMIT"), { rows: [] });
    assert.deepEqual(run(b, "SELECT count(*) FROM t"), { rows: [[{ i: "2" }]] });
    // Schema change by a is seen by b (cookie reload).
    assert.deepEqual(run(a, "CREATE INDEX ty ON t(y)"), { rows: [] });
    assert.deepEqual(run(b, "INSERT INTO t VALUES(3, 'three')"), { rows: [] });
    a.close();
    b.close();
    const real = new DatabaseSync(path);
    assert.deepEqual(real.prepare("PRAGMA integrity_check").all().map((r) => ({ ...r })), [
      { integrity_check: "ok" },
    ]);
    assert.deepEqual(
      real.prepare("SELECT x, y FROM t ORDER BY y").all().map((r) => [r.x, r.y]),
      [[1, "one"], [3, "three"], [2, "two"]],
    );
    real.exec("INSERT INTO t VALUES(4, 'four')");
    real.close();
    const c = Connection.open(path);
    assert.deepEqual(run(c, "SELECT y FROM t WHERE x = 4"), { rows: [[{ t: "four" }]] });
    assert.deepEqual(run(c, "PRAGMA integrity_check"), { rows: [[{ t: "ok" }]] });
    c.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("txn: rollback of an uncommitted transaction leaves the file as it was", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/r.db`;
  try {
    const a = Connection.open(path);
    tsRun(a, "CREATE TABLE t(x)");
    tsRun(a, "INSERT INTO t VALUES(1)");
    tsRun(a, "BEGIN");
    tsRun(a, "INSERT INTO t VALUES(2)");
    tsRun(a, "DROP TABLE t");
    assert.deepEqual(tsRun(a, "SELECT * FROM t"), { error: "no such table: t", code: 1 });
    tsRun(a, "ROLLBACK");
    assert.deepEqual(tsRun(a, "SELECT * FROM t"), { rows: [[{ i: "1" }]] });
    a.close();
    const real = new DatabaseSync(path);
    assert.deepEqual(real.prepare("SELECT x FROM t").all().map((r) => ({ ...r })), [{ x: 1 }]);
    real.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("connection: serialize() is a valid database file; deserialize() opens a copy", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const a = Connection.open(":memory:");
    tsRun(a, "CREATE TABLE t(x INTEGER PRIMARY KEY, y)");
    tsRun(a, "INSERT INTO t VALUES(1, 'one'), (2, zeroblob(5000))");
    const image = a.serialize();
    Deno.writeFileSync(`${dir}/s.db`, image);
    const real = new DatabaseSync(`${dir}/s.db`);
    assert.deepEqual(real.prepare("PRAGMA integrity_check").all().map((r) => ({ ...r })), [
      { integrity_check: "ok" },
    ]);
    assert.equal((real.prepare("SELECT y FROM t WHERE x = 1").get() as { y: string }).y, "one");
    real.close();
    const b = Connection.deserialize(image);
    tsRun(b, "INSERT INTO t VALUES(3, 'three')");
    assert.deepEqual(tsRun(b, "SELECT count(*) FROM t"), { rows: [[{ i: "3" }]] });
    assert.deepEqual(tsRun(a, "SELECT count(*) FROM t"), { rows: [[{ i: "2" }]] });
    const ro = Connection.deserialize(image, { readonly: true });
    const w = tsRun(ro, "INSERT INTO t VALUES(4, 'x')");
    assert.deepEqual(w, { error: "attempt to write a readonly database", code: 8 });
    a.close();
    b.close();
    ro.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("txn: DROP while another statement runs is 'database table is locked'; writes go on", () => {
  const db = Connection.open(":memory:");
  try {
    for (const s of ["CREATE TABLE t(a)", "INSERT INTO t VALUES(1),(2),(3)", "CREATE TABLE u(b)"]) {
      tsRun(db, s);
    }
    tsRun(db, "CREATE INDEX ua ON u(b)");
    const it = db.prepare("SELECT a FROM t")!;
    assert.equal(it.step(), true);
    const locked = { error: "database table is locked", code: 6 };
    assert.deepEqual(tsRun(db, "DROP TABLE u"), locked);
    assert.deepEqual(tsRun(db, "DROP INDEX ua"), locked);
    assert.deepEqual(tsRun(db, "CREATE TABLE v(x)"), { rows: [] });
    assert.deepEqual(tsRun(db, "INSERT INTO t VALUES(9)"), { rows: [] });
    assert.deepEqual(tsRun(db, "DELETE FROM t"), { rows: [] });
    it.finalize();
    assert.deepEqual(tsRun(db, "SELECT name FROM sqlite_schema ORDER BY name"), {
      rows: [[{ t: "t" }], [{ t: "u" }], [{ t: "ua" }], [{ t: "v" }]],
    });
    assert.deepEqual(tsRun(db, "SELECT * FROM t"), { rows: [] });
    assert.deepEqual(tsRun(db, "DROP TABLE u"), { rows: [] });
  } finally {
    db.close();
  }
});

Deno.test("txn: COMMIT that gets SQLITE_BUSY keeps the transaction; a retry commits (as SQLite)", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const a = Connection.open(`${dir}/x.db`), b = Connection.open(`${dir}/x.db`);
    const na = new DatabaseSync(`${dir}/n.db`), nb = new DatabaseSync(`${dir}/n.db`);
    const steps: [0 | 1, string][] = [
      [0, "CREATE TABLE t(x)"],
      [0, "BEGIN"],
      [0, "INSERT INTO t VALUES(1)"],
      [1, "BEGIN"],
      [1, "SELECT count(*) FROM t"],
      [0, "COMMIT"],
      [1, "SELECT count(*) FROM t"],
      [1, "COMMIT"],
      [0, "SELECT count(*) FROM t"],
      [0, "COMMIT"],
      [1, "SELECT count(*) FROM t"],
    ];
    for (const [who, sql] of steps) {
      const mine = who === 0 ? a : b;
      const ref = who === 0 ? na : nb;
      assert.deepEqual(tsRun(mine, sql), nodeRun(ref, sql), `${who}: ${sql}`);
      assert.equal(mine.inTransaction, ref.isTransaction, `${who}: ${sql}`);
    }
    a.close();
    b.close();
    na.close();
    nb.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("txn: RAISE(FAIL/ROLLBACK) inside savepoints, DDL undone by ROLLBACK TO", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE);
CREATE TABLE log(x);
CREATE TRIGGER tr BEFORE INSERT ON t WHEN NEW.b = 'rb' BEGIN SELECT RAISE(ROLLBACK, 'rolled'); END;
CREATE TRIGGER tf BEFORE INSERT ON t WHEN NEW.b = 'fail' BEGIN INSERT INTO log VALUES('before fail'); SELECT RAISE(FAIL, 'failed'); END;
BEGIN;
INSERT INTO t VALUES(1, 'ok');
SAVEPOINT s;
INSERT INTO t VALUES(2, 'ok2');
INSERT INTO t VALUES(3, 'x'), (4, 'fail'), (5, 'y');
SELECT * FROM t;
SELECT * FROM log;
ROLLBACK TO s;
SELECT * FROM t;
INSERT INTO t VALUES(6, 'rb');
SELECT * FROM t;
INSERT INTO t VALUES(7, 'after');
SAVEPOINT a;
CREATE TABLE z(q);
INSERT INTO z VALUES(1);
ROLLBACK TO a;
SELECT name FROM sqlite_schema;
INSERT INTO z VALUES(2);
RELEASE a;
COMMIT;
SELECT * FROM t;
SELECT * FROM log
`));
