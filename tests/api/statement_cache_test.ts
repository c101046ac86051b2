/**
 * The connection's prepared-statement cache (src/api/connection_cache.ts): bounded, keyed by
 * SQL text + dialect + flags, and never stale — a schema change made by another connection is
 * seen by the next prepare, a redefined function is used, bodies are not shared by two live
 * statements. (The better-sqlite3 differential side of this is the "prepare: the same SQL
 * text …" scenarios in scenarios.ts.)
 * @module
 */
import assert from "node:assert/strict";
import { parseOne } from "../../src/sql/mod.ts";
import { flagsKey, StatementCache } from "../../src/api/connection_cache.ts";
import { Connection } from "../../src/api/connection.ts";
import Database from "../../mod.ts";

Deno.test("statement cache: LRU bound, dialect and flags are part of the key", () => {
  const cache = new StatementCache();
  const dialect = {};
  for (let i = 0; i < 300; i++) {
    const sql = `SELECT ${i}`;
    cache.add(sql, parseOne(sql, 0), dialect, 0);
  }
  assert.ok(cache.size <= 128, `size ${cache.size}`);
  assert.equal(cache.lookup("SELECT 0", dialect, 0), undefined); // evicted first
  assert.notEqual(cache.lookup("SELECT 299", dialect, 0), undefined);
  assert.equal(cache.lookup("SELECT 299", {}, 0), undefined); // another dialect: dropped
  cache.add("SELECT 1", parseOne("SELECT 1", 0), dialect, 1);
  assert.equal(cache.lookup("SELECT 1", dialect, 0), undefined); // other flags: dropped
  assert.equal(cache.add("x".repeat(5000), parseOne("SELECT 1", 0), dialect, 0), null);
  assert.equal(
    flagsKey({ foreignKeys: true, dqs: false, likeMatchesBlobs: true, trustedSchema: true }),
    13,
  );
});

Deno.test("statement cache: idle bodies are reused, never shared by two live statements", () => {
  const db = Connection.open(":memory:");
  try {
    db.prepare("CREATE TABLE t(a)")!.step();
    const sql = "INSERT INTO t VALUES (?)";
    const a = db.prepare(sql)!;
    a.bindInt(1, 1);
    assert.equal(a.step(), false);
    a.reset();
    a.clearBindings(); // idle now: its body goes back to the cache
    const b = db.prepare(sql)!;
    const c = db.prepare(sql)!; // the cached body is taken by b: c compiles its own
    b.bindInt(1, 2);
    c.bindInt(1, 3);
    assert.equal(b.step(), false);
    assert.equal(c.step(), false);
    const q = db.prepare("SELECT group_concat(a) FROM t")!;
    assert.equal(q.step(), true);
    assert.equal(q.columnValue(0, false), "1,2,3");
    q.finalize();
    // a statement that keeps bindings keeps its body while others of the same text run
    const s1 = db.prepare("SELECT ?1")!;
    s1.bindText(1, "kept");
    const s2 = db.prepare("SELECT ?1")!;
    s2.bindText(1, "other");
    assert.equal(s2.step(), true);
    assert.equal(s2.columnValue(0, false), "other");
    s2.reset();
    s2.clearBindings();
    assert.equal(s1.step(), true);
    assert.equal(s1.columnValue(0, false), "kept");
    s1.finalize();
  } finally {
    db.close();
  }
});

Deno.test("statement cache: a file database changed by another connection is re-read at prepare", () => {
  const dir = Deno.makeTempDirSync({ prefix: "tsqlite_cache_" });
  const path = `${dir}/x.db`;
  const a = new Database(path);
  const b = new Database(path);
  try {
    a.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
    const q = "SELECT * FROM t";
    assert.deepEqual(a.prepare(q).all(), [{ x: 1 }]);
    assert.deepEqual(b.prepare(q).all(), [{ x: 1 }]);
    b.exec("ALTER TABLE t ADD COLUMN y DEFAULT 2");
    assert.deepEqual(a.prepare(q).all(), [{ x: 1, y: 2 }]);
    b.exec("DROP TABLE t");
    assert.throws(() => a.prepare(q), /no such table: t/);
  } finally {
    a.close();
    b.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("statement cache: a setting pragma expires cached bodies", () => {
  const db = new Database(":memory:");
  try {
    db.exec("CREATE TABLE t(a)");
    const sql = "SELECT count(*) FROM t";
    assert.equal(db.prepare(sql).pluck().get(), 0);
    db.pragma("user_version = 3");
    assert.equal(db.pragma("user_version", { simple: true }), 3);
    db.pragma("user_version = 4");
    assert.equal(db.pragma("user_version", { simple: true }), 4);
    assert.equal(db.prepare(sql).pluck().get(), 0);
  } finally {
    db.close();
  }
});
