// Long JSON fuzz against node:sqlite (not part of `deno test`):
//   deno run -A tests/func/json_fuzz.soak.ts [documents=50000] [seed]
import { checkRandomJson } from "./json_random.ts";

const count = Number(Deno.args[0] ?? 50000);
const seed = Number(Deno.args[1] ?? Date.now() % 2147483647);
console.log(`json soak: ${count} documents, seed ${seed}`);
const failures: string[] = [];
checkRandomJson(count, seed, failures);
for (const f of failures.slice(0, 40)) console.log("MISMATCH", f);
console.log(`finished: ${failures.length} mismatches`);
if (failures.length) Deno.exit(1);
