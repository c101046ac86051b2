/**
 * Long differential soak of window functions against node:sqlite:
 * `deno run -A tests/engine/window.soak.ts [seed] [seeds] [queries-per-seed]`.
 * Prints every query whose rows, types, order or error differ, and a summary.
 */
import { Pair } from "./select_table_harness.ts";
import { rng } from "./fuzz_gen.ts";
import { genQuery, WINDOW_GEN_SETUP } from "./window_gen.ts";

const first = Number(Deno.args[0] ?? 1);
const seeds = Number(Deno.args[1] ?? 5);
const perSeed = Number(Deno.args[2] ?? 2000);
const p = new Pair();
p.exec(WINDOW_GEN_SETUP);
let bad = 0;
let total = 0;
for (let seed = first; seed < first + seeds; seed++) {
  const r = rng(seed);
  for (let i = 0; i < perSeed; i++) {
    const q = genQuery(r);
    total++;
    const d = p.diff(q);
    if (d !== null) {
      bad++;
      console.log(`seed ${seed} #${i}: ${d}`);
    }
  }
}
console.log(`${total - bad}/${total} window queries match node:sqlite`);
if (bad > 0) Deno.exit(1);
