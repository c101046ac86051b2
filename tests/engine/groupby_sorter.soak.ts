/**
 * Soak for GROUP BY / the sorter (not part of `deno test`): many seeds of random data and random
 * grouped queries (tests/engine/groupby_sorter_test.ts's generator) compared with node:sqlite.
 * Usage: `deno run -A tests/engine/groupby_sorter.soak.ts [seeds=20] [queries=200] [rows=2000]`.
 * Prints each divergence and exits non-zero if there was one.
 */
import { build, lcg, randomGroupQuery } from "./groupby_sorter_test.ts";

const seeds = Number(Deno.args[0] ?? 20);
const queries = Number(Deno.args[1] ?? 200);
const rows = Number(Deno.args[2] ?? 2000);
let bad = 0;
for (let seed = 1; seed <= seeds; seed++) {
  const p = build(rows, seed * 7919);
  const r = lcg(seed);
  try {
    for (let i = 0; i < queries; i++) {
      const d = p.diff(randomGroupQuery(r));
      if (d !== null) {
        bad++;
        console.log(`seed ${seed}: ${d.slice(0, 2000)}`);
      }
    }
  } finally {
    p.close();
  }
}
console.log(`${seeds} seeds x ${queries} queries: ${bad} divergences`);
if (bad > 0) Deno.exit(1);
