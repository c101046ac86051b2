/**
 * Randomised differential test of user functions and aggregates: random SQL argument values of
 * every storage class (and 64-bit edges) passed to JS functions that echo, inspect or transform
 * them, with and without safeIntegers, and aggregates over random groups — results, result
 * types and errors must match better-sqlite3. Fixed seed, 400 calls, one Node round trip.
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

const SQL_VALUES = [
  "1",
  "-7",
  "2.5",
  "-0.0",
  "'text'",
  "''",
  "x'00ff'",
  "x''",
  "NULL",
  "9223372036854775807",
  "-9223372036854775808",
  "9007199254740993",
  "1e308",
  "'12'",
];
const FUNCS = ["echo", "echoSafe", "kind", "kindSafe", "plus1", "concat", "nargs", "toBig", "bad"];

const BODY = `
  const db = new Database(":memory:");
  db.function("echo", (x) => x);
  db.function("echoSafe", { safeIntegers: true }, (x) => x);
  db.function("kind", (x) => typeof x + (x instanceof Uint8Array ? ":bytes" : ""));
  db.function("kindSafe", { safeIntegers: true }, (x) => typeof x);
  db.function("plus1", (x) => (x instanceof Uint8Array ? x.length : x + 1));
  db.function("concat", { varargs: true }, (...xs) => xs.map((x) => x instanceof Uint8Array ? "bytes:" + Array.from(x).join(".") : String(x)).join("|"));
  db.function("nargs", { varargs: true, deterministic: true }, (...xs) => xs.length);
  db.function("toBig", { safeIntegers: true }, (x) => typeof x === "bigint" ? x * 2n : null);
  db.function("bad", (x) => (x === null ? {} : [x]));
  db.aggregate("agg", { start: () => [], step: (a, x) => { a.push(x === null ? "null" : typeof x); }, result: (a) => a.join(",") });
  db.aggregate("sumSafe", { start: 0n, safeIntegers: true, step: (a, x) => typeof x === "bigint" ? a + x : a });
  db.exec("CREATE TABLE g(k, v)");
  const ins = db.prepare("INSERT INTO g VALUES (?, ?)");
  for (const [k, v] of args.rows) ins.run(k, v);
  const out = args.calls.map((c) => capture(() => db.prepare(c).raw().get()));
  out.push(capture(() => db.prepare("SELECT k, agg(v), sumSafe(k) FROM g GROUP BY k ORDER BY k").raw().all()));
  db.close();
  return out;`;

Deno.test("user functions: 400 random calls match better-sqlite3", async () => {
  const r = rng(99);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const calls: string[] = [];
  for (let i = 0; i < 400; i++) {
    const f = pick(FUNCS);
    const n = f === "concat" || f === "nargs" ? Math.floor(r() * 4) : 1;
    const argsSql = Array.from({ length: n }, () => pick(SQL_VALUES)).join(", ");
    calls.push(`SELECT ${f}(${argsSql}), typeof(${f}(${argsSql}))`);
  }
  const rows = Array.from({ length: 30 }, () => [
    Math.floor(r() * 4),
    pick([1, 2.5, "s", null, new Uint8Array([1])]),
  ]);
  const oracle = new BetterSqlite3Oracle();
  try {
    const expected = (await oracle.scenario(BODY, { calls, rows })) as unknown[];
    const actual = (await runScenarioLocal(Database, BODY, { calls, rows })) as unknown[];
    assert.ok(Array.isArray(expected), JSON.stringify(expected).slice(0, 300));
    for (let i = 0; i < expected.length; i++) {
      assert.deepEqual(actual[i], expected[i], calls[i] ?? "aggregates");
    }
  } finally {
    await oracle.close();
  }
});
