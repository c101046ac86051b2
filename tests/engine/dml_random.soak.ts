/**
 * Soak: the randomised DML differential run over many seeds.
 *   deno run -A tests/engine/dml_random.soak.ts [firstSeed] [seeds] [statementsPerSeed]
 */
import { runRandomDml } from "./dml_random_run.ts";

const first = Number(Deno.args[0] ?? 1);
const seeds = Number(Deno.args[1] ?? 50);
const count = Number(Deno.args[2] ?? 3000);
let failed = 0;
for (let s = first; s < first + seeds; s++) {
  try {
    runRandomDml(s, count);
    console.log(`seed ${s}: ok`);
  } catch (e) {
    failed++;
    console.log(`seed ${s}: FAILED ${(e as Error).message.split("\n")[0]}`);
  }
}
console.log(`${seeds - failed}/${seeds} seeds passed`);
