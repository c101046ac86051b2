/**
 * Generative differential against node:sqlite: 6,000 random statements (every statement form,
 * nested expressions, subqueries, windows, joins, constraints) — accepted and rejected as SQLite
 * does, with SQLite's messages, and round-tripping through the printer. More seeds run in
 * `generated.soak.ts`.
 */
import assert from "node:assert/strict";
import { generatedDiff } from "./generated_diff.ts";

for (const seed of [1, 4, 7, 8]) {
  Deno.test(`generated: 1,500 random statements (seed ${seed}) agree with node:sqlite`, () => {
    const r = generatedDiff(seed, 1500);
    assert.ok(r.accepted > 200, `accepted ${r.accepted}`);
    assert.deepEqual(r.diffs, []);
  });
}
