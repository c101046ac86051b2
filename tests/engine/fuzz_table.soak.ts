/**
 * Long differential fuzz over real tables (affinities, collations, indexes, joins, IN, ranges):
 * `deno run -A tests/engine/fuzz_table.soak.ts [firstSeed] [seeds] [perSeed]`.
 */
import { tableFuzz } from "./select_table_test.ts";

const first = Number(Deno.args[0] ?? 1000);
const seeds = Number(Deno.args[1] ?? 10);
const per = Number(Deno.args[2] ?? 1000);
let total = 0;
for (let s = first; s < first + seeds; s++) {
  const bad = tableFuzz(s, per);
  for (const b of bad) console.log(b);
  total += bad.length;
  console.log(`seed ${s}: ${bad.length} mismatches of ${per}`);
}
console.log(`total mismatches: ${total} of ${seeds * per}`);
if (total > 0) Deno.exit(1);
