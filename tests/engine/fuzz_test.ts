/**
 * Differential query fuzzer (fixed seeds): thousands of random SELECTs — expressions over mixed
 * INTEGER/REAL/TEXT/BLOB/NULL data, WHERE, GROUP BY with aggregates, joins of every kind,
 * compound SELECTs, subqueries and ORDER BY — compiled by tsqlite and compared with node:sqlite
 * row for row and type for type (INTEGER vs REAL), errors by message.
 * The long run is tests/engine/fuzz.soak.ts.
 */
import { deepStrictEqual } from "node:assert/strict";
import { diff } from "./select_harness.ts";
import { Gen, rng } from "./fuzz_gen.ts";

/** Run `n` random queries from `seed`; returns the mismatches. */
export function fuzz(seed: number, n: number): string[] {
  const g = new Gen(rng(seed));
  const bad: string[] = [];
  for (let i = 0; i < n; i++) {
    const q = g.query();
    const d = diff(q.sql, q.ordered);
    if (d !== null) bad.push(`#${i} seed ${seed}: ${d}`);
  }
  return bad;
}

for (const seed of [1, 2, 3]) {
  Deno.test(`fuzz: 800 random SELECTs (seed ${seed}) match node:sqlite`, () => {
    deepStrictEqual(fuzz(seed, 800), []);
  });
}
