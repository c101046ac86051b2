/**
 * Row triggers compared statement by statement with real SQLite (node:sqlite): after every
 * statement the outcome (rows or error message and extended code), changes(), total_changes()
 * and last_insert_rowid(); at the end every table's rows and PRAGMA integrity_check. Covers
 * BEFORE/AFTER × INSERT/UPDATE/DELETE, WHEN, UPDATE OF, RAISE variants, the recursive_triggers=OFF
 * rule, triggers writing other tables with indexes and conflict clauses, trigger-caused
 * constraint errors rolling back the statement, and trigger bodies compiled at prepare (an error
 * in a body fails prepare(), as sqlite3CodeRowTrigger codes triggers into the statement).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";
import { Pair, statements } from "./dml_oracle.ts";
import { randomTriggerScript } from "./dml_trigger_random.ts";

const STATE = "SELECT changes(), total_changes(), last_insert_rowid()";

/** Run a script on both engines, comparing every statement, the counters and the final tables. */
function script(sql: string): void {
  const p = new Pair();
  try {
    for (const s of statements(sql)) {
      const [a, b] = p.run(s);
      assert.deepEqual(a, b, s);
      const [sa, sb] = p.run(STATE);
      assert.deepEqual(sa, sb, `counters after: ${s}`);
    }
    const [tables] = p.run(
      "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
    );
    assert.ok("rows" in tables);
    for (const row of tables.rows) {
      const name = (row[0] as { t: string }).t;
      const q = `SELECT rowid, * FROM "${name}" ORDER BY rowid`;
      const [a, b] = p.run(q);
      assert.deepEqual(a, b, q);
    }
    const [ia, ib] = p.run("PRAGMA integrity_check");
    assert.deepEqual(ia, ib, "integrity_check");
  } finally {
    p.close();
  }
}

const LOG = `CREATE TABLE log(n INTEGER PRIMARY KEY, ev TEXT, a, b, c)`;

Deno.test("trigger codegen: BEFORE/AFTER INSERT with WHEN, NEW values and rowids", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT);
${LOG};
CREATE TRIGGER bi BEFORE INSERT ON t BEGIN INSERT INTO log VALUES(NULL, 'bi', NEW.id, NEW.a, NEW.b); END;
CREATE TRIGGER ai AFTER INSERT ON t WHEN NEW.a > 5 BEGIN INSERT INTO log VALUES(NULL, 'ai', NEW.id, NEW.rowid, NEW.b); END;
INSERT INTO t VALUES(1, 10, 'x');
INSERT INTO t(a, b) VALUES(3, 'y'), (7, 'z');
INSERT INTO t SELECT NULL, a + 1, b || '!' FROM t;
INSERT INTO t DEFAULT VALUES;
INSERT INTO t VALUES(100, 6, 7);
SELECT last_insert_rowid();
INSERT OR IGNORE INTO t VALUES(1, 99, 'dup');
INSERT OR REPLACE INTO t VALUES(1, 98, 'rep')`));

Deno.test("trigger codegen: UPDATE [OF cols] with OLD/NEW, WHEN and rowid changes", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b, c);
${LOG};
CREATE INDEX tb ON t(b);
CREATE TRIGGER bu BEFORE UPDATE ON t BEGIN INSERT INTO log VALUES(NULL, 'bu', OLD.a, NEW.a, NEW.id); END;
CREATE TRIGGER auof AFTER UPDATE OF b, c ON t WHEN OLD.b IS NOT NEW.b BEGIN INSERT INTO log VALUES(NULL, 'au', OLD.b, NEW.b, OLD.id); END;
INSERT INTO t VALUES(1, 1, 'p', 0), (2, 2, 'q', 0), (3, 3, 'r', 0);
UPDATE t SET a = a * 10;
UPDATE t SET b = b || b WHERE id >= 2;
UPDATE t SET c = 5;
UPDATE t SET id = id + 10 WHERE id = 1;
UPDATE t SET b = 'same' WHERE id = 2;
UPDATE t SET b = 'same' WHERE id = 2;
UPDATE t SET a = 0 WHERE 0`));

Deno.test("trigger codegen: BEFORE/AFTER DELETE, a BEFORE trigger deleting the row itself", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a UNIQUE, b);
${LOG};
CREATE TRIGGER bd BEFORE DELETE ON t WHEN OLD.a % 2 = 0 BEGIN INSERT INTO log VALUES(NULL, 'bd', OLD.id, OLD.a, OLD.b); END;
CREATE TRIGGER ad AFTER DELETE ON t BEGIN INSERT INTO log VALUES(NULL, 'ad', OLD.rowid, OLD.a, (SELECT count(*) FROM t)); END;
INSERT INTO t VALUES(1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c'), (4, 4, 'd'), (5, 5, 'e');
DELETE FROM t WHERE id = 2;
DELETE FROM t WHERE a > 3;
CREATE TRIGGER bd2 BEFORE DELETE ON t BEGIN DELETE FROM t WHERE id = OLD.id + 2; END;
DELETE FROM t;
SELECT * FROM log ORDER BY n`));

Deno.test("trigger codegen: RAISE(IGNORE/ABORT/FAIL/ROLLBACK) with messages and codes", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a);
${LOG};
CREATE TRIGGER ig BEFORE INSERT ON t WHEN NEW.a < 0 BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER ab BEFORE UPDATE ON t WHEN NEW.a = 13 BEGIN SELECT RAISE(ABORT, 'unlucky ' || NEW.id); END;
CREATE TRIGGER fa AFTER INSERT ON t WHEN NEW.a = 99 BEGIN SELECT RAISE(FAIL, 'fail here'); END;
CREATE TRIGGER rb BEFORE DELETE ON t WHEN OLD.a = 42 BEGIN SELECT RAISE(ROLLBACK, 'rolled'); END;
CREATE TRIGGER lg AFTER INSERT ON t BEGIN INSERT INTO log VALUES(NULL, 'ins', NEW.id, NEW.a, NULL); END;
INSERT INTO t VALUES(1, 1), (2, -1), (3, 3);
UPDATE t SET a = 13 WHERE id = 3;
UPDATE t SET a = a + 12;
INSERT INTO t VALUES(10, 5), (11, 99), (12, 6);
BEGIN;
INSERT INTO t VALUES(20, 42);
DELETE FROM t WHERE id = 1;
DELETE FROM t WHERE a = 42;
SELECT count(*) FROM t;
COMMIT;
BEGIN;
INSERT INTO t VALUES(30, 1), (31, 99);
COMMIT;
UPDATE t SET a = 13`));

Deno.test("trigger codegen: recursive_triggers=OFF — a trigger does not fire itself", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a);
CREATE TABLE u(id INTEGER PRIMARY KEY, a);
CREATE TRIGGER tt AFTER INSERT ON t WHEN NEW.a < 5 BEGIN INSERT INTO t VALUES(NULL, NEW.a + 1); INSERT INTO u VALUES(NULL, NEW.a); END;
CREATE TRIGGER uu AFTER INSERT ON u BEGIN INSERT INTO t VALUES(NULL, NEW.a + 100); END;
INSERT INTO t VALUES(NULL, 1);
CREATE TRIGGER tu AFTER UPDATE ON t BEGIN UPDATE t SET a = a + 1 WHERE id = NEW.id + 1; END;
UPDATE t SET a = 0 WHERE id = 1;
SELECT last_insert_rowid()`));

Deno.test("trigger codegen: triggers writing indexed tables with conflict clauses; errors roll back the statement", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a);
CREATE TABLE dst(k INTEGER PRIMARY KEY, v UNIQUE, w NOT NULL, CHECK (w <> 'bad'));
CREATE INDEX dw ON dst(w);
CREATE TRIGGER r1 AFTER INSERT ON t BEGIN INSERT OR REPLACE INTO dst VALUES(NEW.a, NEW.a * 2, 'x' || NEW.id); END;
CREATE TRIGGER r2 AFTER UPDATE ON t BEGIN INSERT OR IGNORE INTO dst VALUES(NULL, NEW.a, 'u'); END;
CREATE TRIGGER r3 BEFORE DELETE ON t BEGIN INSERT INTO dst VALUES(NULL, OLD.a, CASE WHEN OLD.a = 7 THEN NULL ELSE 'd' END); END;
INSERT INTO t VALUES(1, 1), (2, 2), (3, 1);
UPDATE t SET a = 2;
UPDATE t SET a = 50 WHERE id = 1;
INSERT INTO t VALUES(4, 7);
DELETE FROM t;
SELECT count(*) FROM t;
CREATE TRIGGER r4 AFTER INSERT ON t WHEN NEW.a = 9 BEGIN INSERT INTO dst VALUES(NULL, 1000, 'bad'); END;
INSERT INTO t VALUES(5, 8), (6, 9);
CREATE TRIGGER r5 AFTER INSERT ON t WHEN NEW.a = 11 BEGIN INSERT INTO dst VALUES(NULL, 16, 'dup'); END;
INSERT INTO t VALUES(7, 10), (8, 11);
INSERT OR IGNORE INTO t VALUES(7, 12)`));

Deno.test("trigger codegen: changes(), total_changes() and last_insert_rowid() inside and after triggers", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a);
CREATE TABLE seen(n INTEGER PRIMARY KEY, ch, lr);
CREATE TABLE other(id INTEGER PRIMARY KEY AUTOINCREMENT, x);
CREATE TRIGGER a1 AFTER INSERT ON t BEGIN INSERT INTO other VALUES(NULL, NEW.a); INSERT INTO other VALUES(NULL, NEW.a); INSERT INTO seen VALUES(NULL, changes(), last_insert_rowid()); END;
CREATE TRIGGER a2 AFTER DELETE ON t BEGIN DELETE FROM other WHERE x = OLD.a; INSERT INTO seen VALUES(NULL, changes(), last_insert_rowid()); END;
INSERT INTO t VALUES(50, 1);
INSERT INTO t VALUES(60, 2), (70, 3);
DELETE FROM t WHERE id = 60;
UPDATE t SET a = 9;
DELETE FROM t;
SELECT * FROM sqlite_sequence`));

/** Whether preparing `sql` fails, and how, on one engine. */
function prepareOutcome(run: () => unknown): string {
  try {
    run();
    return "ok";
  } catch (e) {
    return (e as Error).message;
  }
}

Deno.test("trigger codegen: errors in trigger bodies fail prepare(), as in SQLite", () => {
  const ts = Connection.open(":memory:");
  const node = new DatabaseSync(":memory:");
  try {
    const ddl = [
      "CREATE TABLE t(a, b)",
      "CREATE TABLE u(x)",
      "CREATE TRIGGER tr1 AFTER INSERT ON t BEGIN INSERT INTO nosuch VALUES(1); END",
      "CREATE TRIGGER tr2 AFTER UPDATE OF b ON t WHEN NEW.zz > 0 BEGIN SELECT 1; END",
      "CREATE TRIGGER tr3 BEFORE DELETE ON t BEGIN UPDATE u SET y = 1; END",
      "CREATE TRIGGER tr4 AFTER INSERT ON u BEGIN INSERT INTO u SELECT x + 1 FROM u WHERE x < 3; END",
    ];
    for (const s of ddl) {
      ts.prepare(s)!.step();
      node.exec(s);
    }
    for (
      const s of [
        "INSERT INTO t VALUES(1, 2)",
        "UPDATE t SET b = 1 WHERE 0",
        "UPDATE t SET a = 1",
        "DELETE FROM t WHERE 0",
        "INSERT INTO u VALUES(1)",
        "DELETE FROM u",
      ]
    ) {
      const a = prepareOutcome(() => ts.prepare(s)?.finalize());
      const b = prepareOutcome(() => node.prepare(s));
      assert.equal(a, b, s);
    }
  } finally {
    ts.close();
    node.close();
  }
});

Deno.test("trigger codegen: INSERT triggers over bytecode — sources the trigger writes, STRICT, explicit rowids", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT);
CREATE TABLE s(x INTEGER, y REAL) STRICT;
CREATE TABLE nr(a, b);
CREATE TABLE src(v);
${LOG};
INSERT INTO src VALUES(1), (2), (3);
CREATE TRIGGER fill AFTER INSERT ON t BEGIN INSERT INTO src VALUES(NEW.a * 10); INSERT INTO t VALUES(NULL, -NEW.a, 'inner'); END;
INSERT INTO t(a) SELECT v FROM src;
SELECT count(*) FROM src;
CREATE TRIGGER sb BEFORE INSERT ON s BEGIN INSERT INTO log VALUES(NULL, 'sb', NEW.x, NEW.y, typeof(NEW.y)); END;
INSERT INTO s VALUES(1, 2), ('3', '4.5');
INSERT INTO s VALUES('x', 1);
CREATE TRIGGER nb BEFORE INSERT ON nr BEGIN INSERT INTO log VALUES(NULL, 'nb', NEW.rowid, NEW.a, typeof(NEW.b)); END;
CREATE TRIGGER na AFTER INSERT ON nr BEGIN INSERT INTO log VALUES(NULL, 'na', NEW.rowid, NEW.a, NEW.b); END;
INSERT INTO nr VALUES(1, '2');
INSERT INTO nr(rowid, a, b) VALUES(50, 'five', 5), (NULL, 'six', 6);
INSERT INTO t VALUES('abc', 1, 2);
INSERT INTO t VALUES('7', 1, 2);
CREATE TRIGGER tdel BEFORE DELETE ON t BEGIN INSERT INTO log VALUES(NULL, 'del', OLD.id, NULL, NULL); END;
INSERT OR REPLACE INTO t VALUES(7, 70, 'rep');
CREATE TRIGGER ign AFTER INSERT ON nr WHEN NEW.a = 'ign' BEGIN SELECT RAISE(IGNORE); INSERT INTO log VALUES(NULL, 'never', 0, 0, 0); END;
INSERT INTO nr VALUES('ign', 1), ('after', 2)`));

Deno.test("trigger codegen: OR FAIL / OR ROLLBACK with trigger errors mid-statement", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a UNIQUE);
CREATE TABLE u(k INTEGER PRIMARY KEY, v UNIQUE);
CREATE TRIGGER tt AFTER INSERT ON t BEGIN INSERT INTO u VALUES(NULL, NEW.a % 3); END;
INSERT OR FAIL INTO t VALUES(1, 1), (2, 2), (3, 4), (4, 5);
BEGIN;
INSERT INTO t VALUES(10, 10);
INSERT OR ROLLBACK INTO t VALUES(11, 11), (12, 12), (13, 13), (14, 14);
SELECT count(*) FROM t;
INSERT OR IGNORE INTO t VALUES(20, 20);
INSERT OR FAIL INTO t VALUES(21, 21), (22, 1)`));

Deno.test("trigger codegen: EXPLAIN of an INSERT with triggers shows its OP_Program calls", () => {
  const ts = Connection.open(":memory:");
  try {
    for (
      const s of [
        "CREATE TABLE t(a, b)",
        "CREATE TABLE log(x)",
        "CREATE TRIGGER b1 BEFORE INSERT ON t BEGIN INSERT INTO log VALUES(NEW.a); END",
        "CREATE TRIGGER a1 AFTER INSERT ON t BEGIN INSERT INTO log VALUES(NEW.b); END",
      ]
    ) ts.prepare(s)!.step();
    const st = ts.prepare("EXPLAIN INSERT INTO t VALUES(1, 2)")!;
    const ops: string[] = [];
    try {
      while (st.step()) ops.push(String(st.columnValue(1, false)));
    } finally {
      st.finalize();
    }
    assert.equal(ops.filter((o) => o === "Program").length, 2, ops.join(" "));
    assert.ok(ops.includes("Insert"), ops.join(" "));
    assert.ok(!ops.includes("Host"), ops.join(" "));
  } finally {
    ts.close();
  }
});

Deno.test("trigger codegen: DELETE triggers over bytecode — rows changed, deleted or added by triggers", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b);
CREATE INDEX ta ON t(a);
CREATE UNIQUE INDEX tb ON t(b);
${LOG};
INSERT INTO t VALUES(1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c'), (4, 4, 'd'), (5, 5, 'e'), (6, 6, 'f');
CREATE TRIGGER bchg BEFORE DELETE ON t WHEN OLD.a = 2 BEGIN UPDATE t SET a = 20, b = 'bb' WHERE id = OLD.id; END;
CREATE TRIGGER bign BEFORE DELETE ON t WHEN OLD.a = 3 BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER bdel BEFORE DELETE ON t WHEN OLD.a = 4 BEGIN DELETE FROM t WHERE id IN (OLD.id, OLD.id + 1); END;
CREATE TRIGGER aadd AFTER DELETE ON t WHEN OLD.id = 1 BEGIN INSERT INTO t VALUES(100, 100, 'new'); END;
CREATE TRIGGER alog AFTER DELETE ON t BEGIN INSERT INTO log VALUES(NULL, 'ad', OLD.id, OLD.a, OLD.b); END;
DELETE FROM t WHERE id <= 4;
SELECT * FROM t ORDER BY id;
DELETE FROM t;
SELECT * FROM t ORDER BY id;
INSERT INTO t VALUES(7, 3, 'x'), (8, 8, 'y');
DELETE FROM t WHERE id = 7;
DELETE FROM t WHERE id = 8;
DELETE FROM t WHERE 0`));

Deno.test("trigger codegen: UPDATE triggers over bytecode — BEFORE triggers changing, deleting or ignoring rows", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b, c);
CREATE INDEX ta ON t(a);
CREATE UNIQUE INDEX tc ON t(c);
${LOG};
INSERT INTO t VALUES(1, 1, 'a', 10), (2, 2, 'b', 20), (3, 3, 'c', 30), (4, 4, 'd', 40), (5, 5, 'e', 50), (6, 6, 'f', 60);
CREATE TRIGGER bchg BEFORE UPDATE ON t WHEN OLD.id = 2 BEGIN UPDATE t SET b = 'changed', c = 21 WHERE id = OLD.id; END;
CREATE TRIGGER bign BEFORE UPDATE OF a ON t WHEN NEW.a = 31 BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER bdel BEFORE UPDATE ON t WHEN OLD.id = 4 BEGIN DELETE FROM t WHERE id = OLD.id; END;
CREATE TRIGGER bnext BEFORE UPDATE ON t WHEN OLD.id = 5 BEGIN UPDATE t SET a = 600 WHERE id = 6; END;
CREATE TRIGGER alog AFTER UPDATE ON t BEGIN INSERT INTO log VALUES(NULL, 'au', OLD.id || '>' || NEW.id, OLD.a || '>' || NEW.a, OLD.b || '>' || NEW.b); END;
CREATE TRIGGER aof AFTER UPDATE OF c ON t BEGIN INSERT INTO log VALUES(NULL, 'of-c', NEW.id, OLD.c, NEW.c); END;
UPDATE t SET a = a * 10 + 1;
SELECT * FROM t ORDER BY id;
UPDATE t SET c = c + 1 WHERE id >= 5;
UPDATE t SET id = id + 100 WHERE id = 1;
UPDATE t SET b = upper(b) WHERE id = 3;
UPDATE OR REPLACE t SET c = 21 WHERE id = 3;
UPDATE t SET c = 61 WHERE id = 5;
UPDATE OR IGNORE t SET c = 61 WHERE id = 101;
UPDATE t SET a = NULL WHERE 0`));

Deno.test("trigger codegen: EXPLAIN of writes with triggers shows their OP_Program calls", () => {
  const ts = Connection.open(":memory:");
  try {
    for (
      const s of [
        "CREATE TABLE t(a, b)",
        "CREATE TABLE log(x)",
        "CREATE TRIGGER bu BEFORE UPDATE OF b ON t BEGIN INSERT INTO log VALUES(NEW.a); END",
        "CREATE TRIGGER ad AFTER DELETE ON t BEGIN INSERT INTO log VALUES(OLD.b); END",
      ]
    ) ts.prepare(s)!.step();
    const count = (sql: string): number => {
      const st = ts.prepare(sql)!;
      const ops: string[] = [];
      try {
        while (st.step()) ops.push(String(st.columnValue(1, false)));
      } finally {
        st.finalize();
      }
      assert.ok(!ops.includes("Host"), ops.join(" "));
      return ops.filter((o) => o === "Program").length;
    };
    assert.equal(count("EXPLAIN UPDATE t SET b = 1"), 1);
    assert.equal(count("EXPLAIN UPDATE t SET a = 1"), 0);
    assert.equal(count("EXPLAIN DELETE FROM t WHERE a > 1"), 1);
    assert.equal(count("EXPLAIN DELETE FROM t"), 1);
  } finally {
    ts.close();
  }
});

Deno.test("trigger codegen: a branching trigger graph compiles each trigger once per statement", () => {
  const ts = Connection.open(":memory:");
  const node = new DatabaseSync(":memory:");
  const both = (sql: string) => {
    const st = ts.prepare(sql)!;
    while (st.step()) { /* drain */ }
    st.finalize();
    node.exec(sql);
  };
  try {
    const L = 12;
    for (let i = 0; i <= L; i++) both(`CREATE TABLE t${i}(a)`);
    for (let i = 0; i < L; i++) {
      both(
        `CREATE TRIGGER tr${i} AFTER INSERT ON t${i} WHEN NEW.a < ${L - i} BEGIN ` +
          `INSERT INTO t${i + 1} VALUES(NEW.a + 1); INSERT INTO t${i + 1} VALUES(NEW.a + 2); ` +
          `INSERT INTO t${i + 1} VALUES(NEW.a + 3); END`,
      );
    }
    // 3^12 paths: compiled per path this would not finish; SQLite codes each trigger once.
    const t0 = performance.now();
    both("INSERT INTO t0 VALUES(9)");
    assert.ok(performance.now() - t0 < 5000);
    for (let i = 0; i <= L; i++) {
      const q = `SELECT count(*), total(a) FROM t${i}`;
      const st = ts.prepare(q)!;
      st.step();
      const a = [st.columnValue(0, false), st.columnValue(1, false)].map(Number);
      st.finalize();
      const b = Object.values(node.prepare(q).get()!).map(Number);
      assert.deepEqual(a, b, q);
    }
  } finally {
    ts.close();
    node.close();
  }
});

Deno.test("trigger codegen: random trigger sets and writes match node:sqlite (fixed seeds)", () => {
  for (let seed = 1; seed <= 25; seed++) {
    try {
      script(randomTriggerScript(seed, 4, 25));
    } catch (e) {
      throw new Error(`seed ${seed}: ${(e as Error).message}`);
    }
  }
});

Deno.test("trigger codegen: a table with only other events' triggers keeps SQLite's UPDATE row order", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b);
CREATE INDEX ta ON t(a);
CREATE UNIQUE INDEX tb ON t(b);
INSERT INTO t VALUES(2, 4, 5), (8, 20, 0), (9, 106, 1), (10, 6, 3);
CREATE TRIGGER tr2 BEFORE INSERT ON t BEGIN UPDATE t SET b = NEW.a % 5 WHERE a > NEW.a; END;
INSERT OR IGNORE INTO t(a, b) VALUES(11, 2), (14, -1), (16, 16), (9, -1), (10, -1), (13, -1), (12, -1);
UPDATE OR IGNORE t SET b = 7 WHERE a > 5;
INSERT OR IGNORE INTO t(a, b) SELECT a + 1, b + 100 FROM t`));
