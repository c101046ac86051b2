/**
 * The connection loads sqlite_stat1 with the schema (analyze.c sqlite3AnalysisLoad) and after
 * ANALYZE, so the planner's choices follow the measured row counts end to end: EXPLAIN QUERY
 * PLAN through the public API matches node:sqlite's on files ANALYZEd by SQLite and by tsqlite.
 */
import { deepStrictEqual, notDeepStrictEqual } from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import Database from "../../mod.ts";

const SETUP = `
CREATE TABLE t(a, b, c);
CREATE INDEX ta ON t(a);
CREATE INDEX tb ON t(b);
CREATE TABLE small(x, y);
CREATE INDEX sx ON small(x);
CREATE INDEX sy ON small(y);
`;

const QUERIES = [
  "SELECT * FROM t, small WHERE t.b = small.y",
  "SELECT * FROM t WHERE a = 1 AND b = 2",
  "SELECT * FROM t WHERE b = 1 AND a = 2",
  "SELECT * FROM t, small WHERE t.b = small.y",
  "SELECT * FROM small, t WHERE t.a = small.x",
  "SELECT * FROM t WHERE a = 1 AND c = 3",
  "SELECT * FROM t, small WHERE t.a = small.x AND t.b = small.y",
];

/** The join whose plan SQLite changes once statistics exist (SCAN t … becomes SCAN small …). */
const STAT_SENSITIVE = "SELECT * FROM t, small WHERE t.b = small.y";

function fill(exec: (sql: string) => void): void {
  exec(SETUP);
  const rows: string[] = [];
  // a has 3 distinct values (a poor index), b is unique (a good one)
  for (let i = 0; i < 300; i++) rows.push(`(${i % 3}, ${i}, ${i % 7})`);
  exec(`INSERT INTO t VALUES ${rows.join(",")}; INSERT INTO small VALUES (1, 2), (2, 3);`);
}

function planOf(rows: unknown[]): string[] {
  return (rows as { detail: string }[]).map((r) => r.detail);
}

Deno.test("stat1: a file ANALYZEd by SQLite plans like SQLite when tsqlite opens it", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/s.db`;
    const ref = new DatabaseSync(path);
    fill((sql) => ref.exec(sql));
    ref.exec("ANALYZE");
    const db = new Database(path);
    try {
      for (const q of QUERIES) {
        const want = planOf(ref.prepare(`EXPLAIN QUERY PLAN ${q}`).all());
        const got = planOf(db.prepare(`EXPLAIN QUERY PLAN ${q}`).all());
        deepStrictEqual(got, want, q);
      }
    } finally {
      db.close();
      ref.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("stat1: ANALYZE run by tsqlite takes effect at once, as in SQLite", () => {
  const ref = new DatabaseSync(":memory:");
  const db = new Database(":memory:");
  try {
    fill((sql) => ref.exec(sql));
    fill((sql) => db.exec(sql));
    const q = STAT_SENSITIVE;
    const stmt = db.prepare(`EXPLAIN QUERY PLAN ${q}`);
    // Before ANALYZE both use the default estimates.
    const before = planOf(ref.prepare(`EXPLAIN QUERY PLAN ${q}`).all());
    deepStrictEqual(planOf(stmt.all()), before);
    ref.exec("ANALYZE");
    // The statistics change SQLite's plan for this join, so the comparisons below can fail.
    notDeepStrictEqual(planOf(ref.prepare(`EXPLAIN QUERY PLAN ${q}`).all()), before);
    db.exec("ANALYZE");
    deepStrictEqual(
      db.prepare("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx").all(),
      ref.prepare("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx").all().map((r) => ({
        ...r,
      })),
    );
    for (const q of QUERIES) {
      const want = planOf(ref.prepare(`EXPLAIN QUERY PLAN ${q}`).all());
      deepStrictEqual(planOf(db.prepare(`EXPLAIN QUERY PLAN ${q}`).all()), want, q);
    }
    // A statement prepared before ANALYZE re-prepares against the new statistics.
    deepStrictEqual(planOf(stmt.all()), planOf(ref.prepare(`EXPLAIN QUERY PLAN ${q}`).all()));
  } finally {
    db.close();
    ref.close();
  }
});
