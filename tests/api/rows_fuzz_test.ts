/**
 * Randomised differential test of row materialisation: random column lists (table columns,
 * expressions, aliases, duplicate names, columns of two tables) under random modes (objects,
 * pluck, raw, expand) and safeIntegers, read with get/all/iterate, against better-sqlite3.
 * Fixed seed, 400 cases, one Node round trip.
 * @module
 */
import assert from "node:assert/strict";
import { BetterSqlite3Oracle, runScenarioLocal } from "../oracle/bs3.ts";
import { Database } from "../../mod.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Case {
  sql: string;
  mode: "flat" | "pluck" | "raw" | "expand";
  safe: boolean;
  method: "get" | "all" | "iterate";
}

function makeCases(n: number): Case[] {
  const r = rng(777);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const cols = [
    "t.i",
    "t.r",
    "t.s",
    "t.b",
    "t.n",
    "u.k",
    "u.v",
    "t.i + 1",
    "t.r * 2",
    "t.s || 'x'",
    "typeof(t.b)",
    "9223372036854775807",
    "-0.0",
    "NULL",
    "u.v AS i",
    "t.i AS v",
    "length(t.s)",
  ];
  const out: Case[] = [];
  for (let k = 0; k < n; k++) {
    const m = 1 + Math.floor(r() * 5);
    const list = Array.from({ length: m }, () => pick(cols));
    const where = pick(["", " WHERE t.i > 1", " WHERE 0", " ORDER BY t.i DESC", " LIMIT 2"]);
    out.push({
      sql: `SELECT ${list.join(", ")} FROM t, u${where}`,
      mode: pick(["flat", "pluck", "raw", "expand"]),
      safe: r() < 0.5,
      method: pick(["get", "all", "iterate"]),
    });
  }
  return out;
}

const BODY = `
  const db = new Database(":memory:");
  db.exec("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n)");
  db.exec("CREATE TABLE u(k INTEGER PRIMARY KEY, v)");
  db.exec("INSERT INTO t VALUES (1, 1.5, 'one', x'01', NULL), (2, -2.0, 'two', x'', 9007199254740993), (3, 0.1, '', NULL, 'x')");
  db.exec("INSERT INTO u VALUES (10, 'ten'), (20, 20.5)");
  return args.cases.map((c) => capture(() => {
    const s = db.prepare(c.sql).safeIntegers(c.safe);
    if (c.mode !== "flat") s[c.mode]();
    return c.method === "iterate" ? [...s.iterate()] : s[c.method]();
  }));`;

Deno.test("row materialisation: 400 random column lists × modes match better-sqlite3", async () => {
  const cases = makeCases(400);
  const oracle = new BetterSqlite3Oracle();
  try {
    const expected = (await oracle.scenario(BODY, { cases })) as unknown[];
    const actual = (await runScenarioLocal(Database, BODY, { cases })) as unknown[];
    assert.ok(Array.isArray(expected), JSON.stringify(expected).slice(0, 300));
    for (let i = 0; i < cases.length; i++) {
      assert.deepEqual(actual[i], expected[i], JSON.stringify(cases[i]));
    }
  } finally {
    await oracle.close();
  }
});
