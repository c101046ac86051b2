/**
 * Randomised differential test of `db.transaction`: random trees of nested transaction functions
 * (default/deferred/immediate/exclusive variants) that insert rows, run raw SQL savepoints and
 * throw at random depths, some caught inside; the surviving rows, `inTransaction` along the way
 * and every error must match better-sqlite3. Fixed seed, 150 plans, one Node round trip.
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

type Step =
  | { op: "insert"; v: number }
  | { op: "dup" }
  | { op: "throw" }
  | { op: "nested"; variant: string; catch: boolean; steps: Step[] };

function plan(r: () => number, depth: number): Step[] {
  const n = 1 + Math.floor(r() * 4);
  const steps: Step[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.45) steps.push({ op: "insert", v: Math.floor(r() * 1000) });
    else if (x < 0.55) steps.push({ op: "dup" });
    else if (x < 0.65) steps.push({ op: "throw" });
    else if (depth < 3) {
      steps.push({
        op: "nested",
        variant: ["default", "deferred", "immediate", "exclusive"][Math.floor(r() * 4)],
        catch: r() < 0.7,
        steps: plan(r, depth + 1),
      });
    }
  }
  return steps;
}

const BODY = `
  const results = [];
  for (const p of args.plans) {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t(v UNIQUE)");
    db.exec("INSERT INTO t VALUES (-1)");
    const ins = db.prepare("INSERT INTO t VALUES (?)");
    const log = [];
    const run = (steps) => {
      for (const s of steps) {
        if (s.op === "insert") ins.run(s.v * 1000 + log.length);
        else if (s.op === "dup") ins.run(-1);
        else if (s.op === "throw") throw new Error("planned");
        else {
          const tx = db.transaction(() => { log.push(db.inTransaction); run(s.steps); return s.steps.length; });
          const f = s.variant === "default" ? tx : tx[s.variant];
          if (s.catch) log.push(capture(() => f()));
          else log.push(f());
        }
      }
    };
    const top = db.transaction(() => run(p));
    log.push(capture(() => top()));
    log.push(db.inTransaction);
    log.push(db.prepare("SELECT v FROM t ORDER BY v").pluck().all());
    db.close();
    results.push(log);
  }
  return results;`;

Deno.test("transactions: 150 random nested plans with throws match better-sqlite3", async () => {
  const r = rng(4242);
  const plans = Array.from({ length: 150 }, () => plan(r, 0));
  const oracle = new BetterSqlite3Oracle();
  try {
    const expected = (await oracle.scenario(BODY, { plans })) as unknown[];
    const actual = (await runScenarioLocal(Database, BODY, { plans })) as unknown[];
    assert.ok(Array.isArray(expected), JSON.stringify(expected).slice(0, 300));
    for (let i = 0; i < plans.length; i++) {
      assert.deepEqual(actual[i], expected[i], JSON.stringify(plans[i]));
    }
  } finally {
    await oracle.close();
  }
});
