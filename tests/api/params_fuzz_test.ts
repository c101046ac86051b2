/**
 * Randomised differential test of parameter binding: random statements mixing `?`, `?NNN`,
 * `:a`, `@a`, `$a` and random argument lists (spread values, arrays, one or two plain objects,
 * class instances, every bindable and unbindable type) run through better-sqlite3 and tsqlite;
 * the bound values — or the TypeError/RangeError and its message — must be identical.
 * Fixed seed, 600 cases, one Node round trip.
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

type Case = { sql: string; args: unknown[] };

function makeCases(n: number): Case[] {
  const r = rng(20260521);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const names = ["a", "b", "c"];
  const value = (): unknown =>
    pick<() => unknown>([
      () => Math.floor(r() * 100),
      () => r() * 10 - 5,
      () => "s" + Math.floor(r() * 9),
      () => BigInt(Math.floor(r() * 1000)),
      () => null,
      () => undefined,
      () => new Uint8Array([1, 2, 3]),
      () => true,
      () => ({ $date: 1 }), // becomes a Date inside the scenario (not a plain object)
      () => 2n ** 64n,
    ])();
  const cases: Case[] = [];
  for (let k = 0; k < n; k++) {
    const parts: string[] = [];
    const nParams = Math.floor(r() * 4);
    for (let i = 0; i < nParams; i++) {
      parts.push(
        pick([
          () => "?",
          () => "?",
          () => `?${1 + Math.floor(r() * 3)}`,
          () => `${pick([":", "@", "$"])}${pick(names)}`,
        ])(),
      );
    }
    const sql = `SELECT ${parts.length ? parts.join(", ") : "0"}`;
    const args: unknown[] = [];
    const nArgs = Math.floor(r() * 4);
    for (let i = 0; i < nArgs; i++) {
      const kind = r();
      if (kind < 0.5) args.push(value());
      else if (kind < 0.7) args.push(Array.from({ length: Math.floor(r() * 3) }, value));
      else {
        const obj: Record<string, unknown> = {};
        for (const nm of names) if (r() < 0.6) obj[nm] = value();
        if (r() < 0.2) obj["1"] = value();
        args.push(obj);
      }
    }
    cases.push({ sql, args });
  }
  return cases;
}

const BODY = `
  const db = new Database(":memory:");
  const fix = (v) => {
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array)) {
      if (v.$date) return new Date(0);
      const o = {};
      for (const k of Object.keys(v)) o[k] = fix(v[k]);
      return o;
    }
    return Array.isArray(v) ? v.map(fix) : v;
  };
  const out = [];
  for (const c of args.cases) {
    const a = c.args.map(fix);
    out.push(capture(() => db.prepare(c.sql).raw().safeIntegers().get(...a)));
  }
  db.close();
  return out;`;

Deno.test("parameter binding: 600 random statements × argument lists match better-sqlite3", async () => {
  const cases = makeCases(600);
  const oracle = new BetterSqlite3Oracle();
  try {
    const expected = await oracle.scenario(BODY, { cases });
    const actual = await runScenarioLocal(Database, BODY, { cases });
    assert.ok(Array.isArray(expected), JSON.stringify(expected).slice(0, 300));
    const exp = expected as unknown[];
    const act = actual as unknown[];
    for (let i = 0; i < cases.length; i++) {
      assert.deepEqual(
        act[i],
        exp[i],
        `${cases[i].sql} with ${
          JSON.stringify(cases[i].args, (_k, v) => typeof v === "bigint" ? `${v}n` : v)
        }`,
      );
    }
    // The fuzz reaches both outcomes.
    const oks = exp.filter((x) => (x as { ok: boolean }).ok).length;
    assert.ok(oks > 50 && oks < cases.length - 50, `ok=${oks}`);
  } finally {
    await oracle.close();
  }
});
