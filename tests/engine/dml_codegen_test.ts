/**
 * INSERT / UPDATE / DELETE compiled to bytecode (src/planner/*_codegen.ts) compared with real
 * SQLite statement by statement: stored rows and storage classes, changes(), total_changes()
 * and last_insert_rowid() after every statement, constraint errors with SQLite's messages and
 * extended codes under every conflict action (statement OR … over the declared ON CONFLICT),
 * index kinds (UNIQUE, multi-column, partial, expression, DESC, collated), AUTOINCREMENT and
 * sqlite_sequence, STRICT type checks, and what a failure leaves behind; plus EXPLAIN listing
 * the real write program (OpenWrite, NewRowid, MakeRecord, IdxInsert, Insert, Delete, …).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";
import { Pair, statements } from "./dml_oracle.ts";

const COUNTERS = "SELECT changes(), total_changes(), last_insert_rowid()";

function script(sql: string): void {
  const p = new Pair();
  try {
    for (const s of statements(sql)) {
      const [a, b] = p.run(s);
      assert.deepEqual(a, b, s);
      if (!/^\s*SELECT/i.test(s)) {
        const [c, d] = p.run(COUNTERS);
        assert.deepEqual(c, d, `counters after: ${s}`);
      }
    }
    const [a, b] = p.run("PRAGMA integrity_check");
    assert.deepEqual(a, b);
  } finally {
    p.close();
  }
}

/** The opcode names of `EXPLAIN sql` on tsqlite. */
function opcodes(conn: Connection, sql: string): string[] {
  const st = conn.prepare("EXPLAIN " + sql)!;
  const out: string[] = [];
  try {
    while (st.step()) out.push(String(st.columnValue(1, false)));
  } finally {
    st.finalize();
  }
  return out;
}

Deno.test("dml codegen: EXPLAIN lists the real INSERT/UPDATE/DELETE programs", () => {
  const conn = Connection.open(":memory:");
  try {
    for (
      const s of [
        "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL, c UNIQUE)",
        "CREATE INDEX tb ON t(b)",
        "CREATE TABLE s(x INTEGER PRIMARY KEY AUTOINCREMENT, y)",
      ]
    ) {
      const st = conn.prepare(s)!;
      st.step();
      st.finalize();
    }
    const ins = opcodes(conn, "INSERT INTO t(b, c) VALUES (?, ?)");
    for (const op of ["Transaction", "OpenWrite", "NewRowid", "HaltIfNull", "NoConflict"]) {
      assert.ok(ins.includes(op), `INSERT has ${op}: ${ins.join(" ")}`);
    }
    for (const op of ["MakeRecord", "IdxInsert", "Insert", "Halt"]) {
      assert.ok(ins.includes(op), `INSERT has ${op}: ${ins.join(" ")}`);
    }
    assert.ok(!ins.includes("Host"), "INSERT runs no host code");
    const explicit = opcodes(conn, "INSERT INTO t VALUES (?, ?, ?)");
    assert.ok(explicit.includes("MustBeInt") && explicit.includes("NotExists"));
    const multi = opcodes(conn, "INSERT INTO t(b) SELECT b FROM t WHERE a > 5");
    assert.ok(multi.includes("OpenEphemeral") && multi.includes("OpenRead"), multi.join(" "));
    const auto = opcodes(conn, "INSERT INTO s(y) VALUES (1)");
    assert.ok(auto.includes("MemMax"), auto.join(" "));
    const upd = opcodes(conn, "UPDATE t SET b = 'x' WHERE c > 3");
    for (const op of ["OpenWrite", "NotExists", "IdxDelete", "IdxInsert", "Insert"]) {
      assert.ok(upd.includes(op), `UPDATE has ${op}: ${upd.join(" ")}`);
    }
    assert.ok(!upd.includes("Host"));
    const clear = opcodes(conn, "DELETE FROM t");
    assert.ok(clear.includes("Clear") && !clear.includes("Host"), clear.join(" "));
    const del = opcodes(conn, "DELETE FROM t WHERE b = 'x'");
    for (const op of ["OpenWrite", "OpenEphemeral", "NotExists", "IdxDelete", "Delete"]) {
      assert.ok(del.includes(op), `DELETE has ${op}: ${del.join(" ")}`);
    }
    assert.ok(!del.includes("Host"));
  } finally {
    conn.close();
  }
});

Deno.test("dml codegen: INSERT forms, defaults, rowids, counters", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER DEFAULT 7, r REAL DEFAULT (1 + 1), tx TEXT, b BLOB, x);
INSERT INTO t VALUES(1, '12', '3.5', 42, x'00ff', 'abc');
INSERT INTO t(i, r, tx) VALUES(1.0, 2, 4.5), ('0x10', '-0', NULL), (3, 3, 3);
INSERT INTO t DEFAULT VALUES;
INSERT INTO t(id, tx) VALUES(NULL, 'null id');
INSERT INTO t(rowid, tx) VALUES('100', 'text rowid');
INSERT INTO t(id, tx) SELECT id + 1000, tx FROM t WHERE id < 100;
INSERT INTO t(tx) SELECT tx || '!' FROM t;
INSERT INTO t(tx) SELECT 'none' WHERE 0;
SELECT rowid, * FROM t;
INSERT INTO t(id) VALUES('abc');
INSERT INTO t(id) VALUES(1.5);
INSERT INTO t(id) VALUES(1);
INSERT OR IGNORE INTO t(id, tx) VALUES(1, 'ignored'), (2000, 'kept');
INSERT OR FAIL INTO t(id, tx) VALUES(3000, 'a'), (1, 'b'), (3001, 'c');
INSERT OR ABORT INTO t(id, tx) VALUES(4000, 'a'), (1, 'b');
INSERT OR ROLLBACK INTO t(id, tx) VALUES(5000, 'a'), (1, 'b');
SELECT rowid, * FROM t;
`));

Deno.test("dml codegen: a new rowid after the largest possible one is a random unused rowid", () => {
  const conn = Connection.open(":memory:");
  try {
    const run = (sql: string) => {
      const st = conn.prepare(sql)!;
      const rows: unknown[] = [];
      while (st.step()) rows.push(st.columnValue(0, true));
      st.finalize();
      return rows;
    };
    run("CREATE TABLE n(a INTEGER PRIMARY KEY, b)");
    run("INSERT INTO n VALUES(9223372036854775807, 'max')");
    run("INSERT INTO n(b) VALUES('random')");
    const ids = run("SELECT a FROM n WHERE b = 'random'") as bigint[];
    assert.equal(ids.length, 1);
    assert.ok(ids[0] > 0n && ids[0] < 9223372036854775807n);
    assert.equal(BigInt(conn.lastInsertRowid), ids[0]);
  } finally {
    conn.close();
  }
});

Deno.test("dml codegen: NOT NULL, CHECK and UNIQUE under every conflict action", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL, c INT CHECK (c < 100), d UNIQUE, e NOT NULL ON CONFLICT IGNORE, f NOT NULL ON CONFLICT REPLACE DEFAULT 'dflt', CONSTRAINT named CHECK (length(b) < 10));
INSERT INTO t VALUES(1, 'x', 1, 1, 1, 1);
INSERT INTO t(b, c, d, e, f) VALUES(NULL, 1, 2, 1, 1);
INSERT INTO t(b, c, d, e, f) VALUES('y', 1, 3, NULL, 1);
INSERT INTO t(b, c, d, e, f) VALUES('y', 1, 4, 1, NULL);
INSERT INTO t(b, c, d, e, f) VALUES('y', 100, 5, 1, 1);
INSERT INTO t(b, c, d, e, f) VALUES('yyyyyyyyyyy', 1, 6, 1, 1);
INSERT INTO t(b, c, d, e, f) VALUES('y', NULL, 7, 1, 1);
INSERT INTO t(b, c, d, e, f) VALUES('y', 1, 1, 1, 1);
INSERT OR IGNORE INTO t(b, c, d, e, f) VALUES('y', 1, 1, 1, 1), (NULL, 1, 8, 1, 1), ('z', 200, 9, 1, 1), ('w', 1, 10, 1, 1);
INSERT OR FAIL INTO t(b, c, d, e, f) VALUES('v', 1, 11, 1, 1), (NULL, 1, 12, 1, 1);
INSERT OR REPLACE INTO t(b, c, d, e, f) VALUES(NULL, 1, 13, 1, 1);
INSERT OR REPLACE INTO t(b, c, d, e, f) VALUES('q', 1, 14, 1, NULL);
INSERT OR ROLLBACK INTO t(b, c, d, e, f) VALUES('q', 500, 15, 1, 1);
SELECT rowid, * FROM t;
UPDATE t SET b = NULL WHERE a = 1;
UPDATE t SET c = c + 1000;
UPDATE OR IGNORE t SET c = c + 99;
UPDATE t SET d = 1 WHERE a > 1;
UPDATE OR IGNORE t SET d = 1;
UPDATE OR FAIL t SET d = d + 1;
UPDATE t SET e = NULL;
UPDATE t SET f = NULL WHERE a = 1;
UPDATE OR REPLACE t SET b = NULL WHERE a = 1;
SELECT rowid, * FROM t;
`));

Deno.test("dml codegen: index kinds kept in step (multi-column, partial, expression, DESC, collated)", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE, c REAL, d, UNIQUE(b, c));
CREATE INDEX tc ON t(c DESC, d);
CREATE UNIQUE INDEX tpart ON t(d) WHERE d > 10;
CREATE UNIQUE INDEX texpr ON t(lower(b) || '/' || d);
CREATE INDEX trtrim ON t(d COLLATE RTRIM);
INSERT INTO t(b, c, d) VALUES('Abc', 1, 1), ('abc', 2, 2), ('x', 1, 11), ('y', 2, 12);
INSERT INTO t(b, c, d) VALUES('ABC', 1, 3);
INSERT INTO t(b, c, d) VALUES('q', 1, 11);
INSERT INTO t(b, c, d) VALUES('q', 1, 5), ('Q', 7, 5);
INSERT INTO t(b, c, d) VALUES('p', 1, 5);
INSERT INTO t(b, c, d) VALUES('X', 9, 1);
UPDATE t SET d = d + 10;
UPDATE t SET d = 3 WHERE d > 20;
UPDATE t SET b = upper(b), c = c * 2;
UPDATE t SET a = a + 100 WHERE c > 2;
UPDATE t SET rowid = 7 WHERE a = 1;
UPDATE t SET a = 'k' WHERE a = 7;
UPDATE t SET a = NULL WHERE a = 7;
SELECT rowid, * FROM t ORDER BY a;
SELECT b FROM t INDEXED BY trtrim ORDER BY d;
DELETE FROM t WHERE c > 3;
DELETE FROM t WHERE b = 'abc' COLLATE NOCASE;
SELECT rowid, * FROM t ORDER BY a;
DELETE FROM t WHERE a IN (SELECT a FROM t ORDER BY a DESC LIMIT 1);
DELETE FROM t WHERE rowid = 2;
SELECT rowid, * FROM t ORDER BY a;
DELETE FROM t;
SELECT count(*) FROM t;
INSERT INTO t(b, c, d) VALUES('again', 1, 1);
SELECT rowid, * FROM t;
`));

Deno.test("dml codegen: REPLACE deletes conflicting rows (rowid, UNIQUE, declared and statement)", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c UNIQUE ON CONFLICT REPLACE, d);
CREATE INDEX td ON t(d);
INSERT INTO t VALUES(1, 1, 1, 1), (2, 2, 2, 2), (3, 3, 3, 3), (4, 4, 4, 4);
INSERT OR REPLACE INTO t VALUES(1, 10, 10, 10);
INSERT OR REPLACE INTO t VALUES(5, 2, 3, 5);
INSERT INTO t VALUES(6, 6, 4, 6);
INSERT INTO t VALUES(7, 2, 7, 7);
REPLACE INTO t(b, c, d) VALUES(10, 6, 0), (11, 10, 0);
SELECT * FROM t ORDER BY a;
UPDATE t SET c = 5 WHERE a = 7;
UPDATE OR REPLACE t SET b = b + 1;
UPDATE OR REPLACE t SET a = 7 WHERE a = 5;
UPDATE t SET c = 1;
SELECT * FROM t ORDER BY a;
CREATE TABLE r(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, b UNIQUE, c UNIQUE ON CONFLICT IGNORE);
INSERT INTO r VALUES(1, 1, 1), (2, 2, 2), (3, 3, 3);
INSERT INTO r VALUES(1, 9, 9);
INSERT INTO r VALUES(2, 3, 8);
INSERT INTO r VALUES(3, 7, 9);
INSERT INTO r VALUES(3, 3, 3);
INSERT OR FAIL INTO r VALUES(1, 5, 5), (3, 1, 6);
UPDATE r SET a = 1 WHERE a = 3;
UPDATE r SET a = 2, b = 9 WHERE a = 1;
SELECT * FROM r ORDER BY a;
CREATE TABLE p(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, b);
INSERT INTO p VALUES(1, 'x'), (1, 'y'), (2, 'z');
UPDATE p SET a = 2 WHERE a = 1;
SELECT * FROM p;
CREATE TABLE n(a NOT NULL ON CONFLICT REPLACE DEFAULT 5, b NOT NULL ON CONFLICT REPLACE);
INSERT INTO n VALUES(NULL, 1);
INSERT INTO n VALUES(1, NULL);
SELECT * FROM n;
`));

Deno.test("dml codegen: REAL columns read as REAL by CHECK, index expressions and partial WHERE", () =>
  script(`
CREATE TABLE k(r REAL CHECK (typeof(r) = 'real'), s REAL);
CREATE INDEX kt ON k(typeof(s), s * 2) WHERE typeof(s) = 'real';
INSERT INTO k VALUES(2, 3), (2.5, '4');
UPDATE k SET s = s + 1;
SELECT r, s, typeof(s) FROM k;
SELECT count(*) FROM k INDEXED BY kt WHERE typeof(s) = 'real';
DELETE FROM k WHERE r = 2;
SELECT count(*) FROM k INDEXED BY kt WHERE typeof(s) = 'real';
`));

Deno.test("dml codegen: RETURNING rows from the bytecode write programs", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT UNIQUE, b REAL DEFAULT 2, c);
INSERT INTO t(a) VALUES('x'), ('y'), ('z') RETURNING id, a, b, (SELECT count(*) FROM t), changes();
INSERT OR IGNORE INTO t(a, c) VALUES('x', 1), ('w', 2) RETURNING *, rowid;
INSERT OR REPLACE INTO t(a, c) VALUES('y', 3) RETURNING id, c;
UPDATE t SET c = coalesce(c, 0) + 10 WHERE id > 1 RETURNING id, c, (SELECT sum(c) FROM t);
UPDATE t AS q SET id = id + 100 WHERE q.a = 'z' RETURNING rowid, id, t.a;
UPDATE t AS q SET c = 0 RETURNING q.c;
DELETE FROM t WHERE c > 11 RETURNING id, a, (SELECT count(*) FROM t);
SELECT * FROM t;
INSERT INTO t(a) VALUES('x') RETURNING id;
INSERT INTO t(a) VALUES('v') RETURNING t.*;
INSERT INTO t(a) VALUES('v') RETURNING main.t.a;
SELECT * FROM t;
`));

Deno.test("dml codegen: INSERT … ON CONFLICT DO NOTHING (target first, rowid after it)", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c UNIQUE, d NOT NULL);
INSERT INTO t VALUES(1, 1, 1, 1), (2, 2, 2, 2);
INSERT INTO t VALUES(3, 1, 3, 3) ON CONFLICT DO NOTHING;
INSERT INTO t VALUES(1, 5, 5, 5) ON CONFLICT DO NOTHING;
INSERT INTO t VALUES(4, 1, 4, 4) ON CONFLICT (b) DO NOTHING;
INSERT INTO t VALUES(4, 4, 1, 4) ON CONFLICT (b) DO NOTHING;
INSERT INTO t VALUES(1, 1, 9, 9) ON CONFLICT (b) DO NOTHING;
INSERT INTO t VALUES(1, 9, 9, 9) ON CONFLICT (b) DO NOTHING;
INSERT INTO t VALUES(2, 7, 7, 7) ON CONFLICT (a) DO NOTHING;
INSERT INTO t VALUES(8, 2, 8, 8) ON CONFLICT (a) DO NOTHING;
INSERT INTO t VALUES(9, 9, 9, NULL) ON CONFLICT DO NOTHING;
INSERT INTO t(b, c, d) VALUES(1, 10, 10), (11, 11, 11), (12, 2, 12) ON CONFLICT (c) DO NOTHING;
INSERT INTO t SELECT a + 10, b, c + 10, d FROM t WHERE true ON CONFLICT DO NOTHING;
INSERT INTO t VALUES(20, 20, 20, 20) ON CONFLICT (d) DO NOTHING;
SELECT * FROM t ORDER BY a;
`));

Deno.test("dml codegen: UPDATE row order (unique index shifted, scan over an unchanged index)", () =>
  script(`
CREATE TABLE t(a INTEGER PRIMARY KEY, u UNIQUE, k);
CREATE INDEX tk ON t(k);
INSERT INTO t VALUES(1, 1, 3), (2, 2, 2), (3, 3, 1);
UPDATE t SET u = u + 1;
UPDATE t SET u = u + 1 WHERE k > 0;
UPDATE OR FAIL t SET u = u - 1 WHERE k > 0;
UPDATE t SET u = u * 10 WHERE k > 0;
UPDATE t SET a = a + 1;
UPDATE t SET a = a - 1 WHERE k >= 1;
SELECT * FROM t ORDER BY a;
UPDATE t SET k = (SELECT max(k) FROM t) + 1 WHERE a = (SELECT min(a) FROM t);
UPDATE t SET k = k + (SELECT count(*) FROM t AS x WHERE x.k < t.k);
SELECT * FROM t ORDER BY a;
DELETE FROM t WHERE k > (SELECT avg(k) FROM t);
SELECT * FROM t ORDER BY a;
`));

Deno.test("dml codegen: AUTOINCREMENT and sqlite_sequence", () =>
  script(`
CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v UNIQUE);
INSERT INTO t(v) SELECT 1 WHERE 0;
SELECT * FROM sqlite_sequence;
INSERT INTO t(v) VALUES('a'), ('b');
INSERT INTO t VALUES(10, 'c');
INSERT INTO t VALUES(5, 'd');
INSERT INTO t(v) VALUES('e');
SELECT * FROM sqlite_sequence;
INSERT OR IGNORE INTO t(v) VALUES('a');
INSERT INTO t(v) VALUES('f');
DELETE FROM t WHERE id > 5;
INSERT INTO t(v) VALUES('g');
INSERT INTO t(v) VALUES('a');
SELECT * FROM sqlite_sequence;
UPDATE sqlite_sequence SET seq = 100;
INSERT INTO t(v) VALUES('h');
DELETE FROM sqlite_sequence;
INSERT INTO t(v) VALUES('i');
CREATE TABLE u(id INTEGER PRIMARY KEY AUTOINCREMENT, w);
INSERT INTO u(w) SELECT v FROM t;
INSERT INTO u(id, w) VALUES(NULL, 'x');
SELECT rowid, * FROM sqlite_sequence;
SELECT * FROM t;
SELECT * FROM u;
`));

Deno.test("dml codegen: STRICT tables, affinities, writes in a transaction and savepoints", () =>
  script(`
CREATE TABLE s(a INT, b REAL, c TEXT, d BLOB, e ANY, f INTEGER PRIMARY KEY) STRICT;
INSERT INTO s VALUES(1, 2, 'x', x'00', 1.5, NULL);
INSERT INTO s VALUES('1', '2.5', 3, x'01', 'e', NULL);
INSERT INTO s(a) VALUES('abc');
INSERT INTO s(b) VALUES('abc');
INSERT INTO s(c) VALUES(x'00');
INSERT INTO s(d) VALUES(1);
UPDATE s SET a = 'q';
UPDATE s SET b = 4;
SELECT *, typeof(a), typeof(b), typeof(c), typeof(e) FROM s;
CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE);
BEGIN;
INSERT INTO t VALUES(1, 1), (2, 2);
SAVEPOINT sp;
INSERT INTO t VALUES(3, 3);
INSERT INTO t VALUES(4, 4), (5, 1);
ROLLBACK TO sp;
UPDATE t SET b = b + 1;
UPDATE OR FAIL t SET b = 3 WHERE a >= 1;
DELETE FROM t WHERE a = 2;
COMMIT;
SELECT * FROM t;
`));

Deno.test("dml codegen: prepared writes rerun inside a transaction (kept cursors) match SQLite", () => {
  const ts = Connection.open(":memory:");
  const node = new DatabaseSync(":memory:");
  try {
    const tsStmts = new Map<string, ReturnType<Connection["prepare"]>>();
    const tsRun = (sql: string, args: (number | string)[] = []): unknown[][] => {
      let st = tsStmts.get(sql);
      if (st === undefined) {
        st = ts.prepare(sql);
        tsStmts.set(sql, st);
      }
      const s = st!;
      args.forEach((a, i) => typeof a === "number" ? s.bindInt(i + 1, a) : s.bindText(i + 1, a));
      const rows: unknown[][] = [];
      try {
        while (s.step()) {
          const r: unknown[] = [];
          for (let i = 0; i < s.columnCount; i++) r.push(s.columnValue(i, false));
          rows.push(r);
        }
      } catch (e) {
        s.reset();
        return [["error", (e as Error).message]];
      }
      s.reset();
      return rows;
    };
    const nodeStmts = new Map<string, ReturnType<DatabaseSync["prepare"]>>();
    const nodeRun = (sql: string, args: (number | string)[] = []): unknown[][] => {
      let st = nodeStmts.get(sql);
      if (st === undefined) {
        st = node.prepare(sql);
        (st as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
        nodeStmts.set(sql, st);
      }
      try {
        return st.all(...args) as unknown as unknown[][];
      } catch (e) {
        return [["error", (e as Error).message]];
      }
    };
    const both = (sql: string, args: (number | string)[] = []) => {
      assert.deepEqual(tsRun(sql, args), nodeRun(sql, args), `${sql} ${args.join(",")}`);
    };
    both("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c)");
    both("CREATE INDEX tc ON t(c)");
    const ins = "INSERT INTO t(b, c) VALUES (?, ?)";
    const upd = "UPDATE t SET c = c + 1 WHERE a = ?";
    const del = "DELETE FROM t WHERE c = ?";
    both("BEGIN");
    for (let i = 0; i < 200; i++) both(ins, [`k${i}`, i % 7]);
    both(ins, ["k5", 1]);
    for (let i = 1; i < 200; i += 3) both(upd, [i]);
    both("SAVEPOINT s");
    for (let i = 200; i < 260; i++) both(ins, [`k${i}`, i % 5]);
    both(del, [3]);
    both("ROLLBACK TO s");
    for (let i = 260; i < 300; i++) both(ins, [`k${i}`, i % 5]);
    // More statements than the connection keeps cursors for: the oldest are closed and reopen.
    for (let i = 0; i < 60; i++) both(`${ins} -- ${i % 12}`, [`r${i}`, i % 4]);
    for (let i = 0; i < 24; i++) both(`${upd} -- ${i % 12}`, [i * 3 + 1]);
    both("CREATE INDEX tb2 ON t(b, c)");
    for (let i = 300; i < 340; i++) both(ins, [`k${i}`, i % 5]);
    both(del, [2]);
    both("COMMIT");
    both("SELECT count(*), sum(c), max(a) FROM t");
    both("BEGIN");
    for (let i = 340; i < 360; i++) both(ins, [`k${i}`, 9]);
    both("ROLLBACK");
    for (let i = 360; i < 370; i++) both(ins, [`k${i}`, 8]);
    both(upd, [5]);
    both("SELECT * FROM t ORDER BY a");
    both("PRAGMA integrity_check");
    for (const st of tsStmts.values()) st?.finalize();
  } finally {
    ts.close();
    node.close();
  }
});
