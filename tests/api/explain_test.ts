/**
 * `db.explain()` (a tsqlite addition): EXPLAIN QUERY PLAN rows carry SQLite's plan text (the
 * `detail` column, compared with node:sqlite), and EXPLAIN listings have SQLite's columns.
 * @module
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import Database from "../../mod.ts";

const SETUP = "CREATE TABLE t(a INTEGER PRIMARY KEY, b, c); CREATE INDEX tb ON t(b);";

Deno.test("db.explain('QUERY PLAN …') gives SQLite's plan details", () => {
  const db = new Database(":memory:");
  const ref = new DatabaseSync(":memory:");
  db.exec(SETUP);
  ref.exec(SETUP);
  for (
    const q of [
      "SELECT * FROM t",
      "SELECT * FROM t WHERE a = 1",
      "SELECT * FROM t WHERE b = 2",
      "SELECT b FROM t ORDER BY b",
      "SELECT * FROM t ORDER BY c",
    ]
  ) {
    const mine = (db.explain(`QUERY PLAN ${q}`) as { detail: string }[]).map((r) => r.detail);
    const theirs = ref.prepare(`EXPLAIN QUERY PLAN ${q}`).all().map((r) => r.detail);
    assert.deepEqual(mine, theirs, q);
  }
  const listing = db.explain("SELECT 1") as Record<string, unknown>[];
  assert.deepEqual(
    Object.keys(listing[0]),
    Object.keys(ref.prepare("EXPLAIN SELECT 1").all()[0] as object),
  );
  assert.ok(listing.some((r) => r.opcode === "ResultRow"));
  assert.throws(() => db.explain(5 as unknown as string), TypeError);
  db.close();
  ref.close();
});

Deno.test("EXPLAIN of a statement with parameters binds them, as better-sqlite3 requires", () => {
  const db = new Database(":memory:");
  const ref = new DatabaseSync(":memory:");
  db.exec(SETUP);
  ref.exec(SETUP);
  const sql = "EXPLAIN QUERY PLAN SELECT * FROM t WHERE b = ? AND c = :c";
  const mine = db.prepare(sql).all(1, { c: 2 }) as { detail: string }[];
  const theirs = ref.prepare(sql).all({ c: 2 }, 1) as { detail: string }[];
  assert.deepEqual(mine.map((r) => r.detail), theirs.map((r) => r.detail));
  const listing = db.prepare("EXPLAIN INSERT INTO t VALUES (?, ?, ?)").all(1, 2, 3) as {
    opcode: string;
  }[];
  for (const op of ["OpenWrite", "MakeRecord", "IdxInsert", "Insert"]) {
    assert.ok(listing.some((r) => r.opcode === op), op);
  }
  assert.throws(
    () => db.prepare("EXPLAIN INSERT INTO t VALUES (?, ?, ?)").all(1),
    { name: "RangeError", message: "Too few parameter values were provided" },
  );
});
