/**
 * Long run of the json_each / json_tree differential fuzz (tests/engine/vtab_json_gen.ts):
 * `deno run -A tests/engine/vtab_json_fuzz.soak.ts [first-seed] [count]` (default 61, 2000).
 * Prints the seeds whose rows differ from node:sqlite and exits 1 if any did.
 */
import { Pair } from "./select_table_harness.ts";
import { checkSeed } from "./vtab_json_gen.ts";

const first = Number(Deno.args[0] ?? 61);
const count = Number(Deno.args[1] ?? 2000);
const p = new Pair();
let failed = 0;
for (let seed = first; seed < first + count; seed++) {
  for (const d of checkSeed(p, seed)) {
    failed++;
    console.log(d);
  }
}
p.close();
console.log(`${count} seeds from ${first}: ${failed} differences`);
if (failed > 0) Deno.exit(1);
