/**
 * Long differential fuzz run: `deno run -A tests/engine/fuzz.soak.ts [firstSeed] [seeds] [perSeed]`.
 * Prints every mismatch and a summary; exits 1 when any query differs from node:sqlite.
 */
import { fuzz } from "./fuzz_test.ts";

const first = Number(Deno.args[0] ?? 100);
const seeds = Number(Deno.args[1] ?? 20);
const per = Number(Deno.args[2] ?? 1000);
let total = 0;
for (let s = first; s < first + seeds; s++) {
  const bad = fuzz(s, per);
  for (const b of bad) console.log(b);
  total += bad.length;
  console.log(`seed ${s}: ${bad.length} mismatches of ${per}`);
}
console.log(`total mismatches: ${total} of ${seeds * per}`);
if (total > 0) Deno.exit(1);
