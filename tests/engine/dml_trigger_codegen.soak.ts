/**
 * Soak: random trigger sets and writes (tests/engine/dml_trigger_random.ts) against node:sqlite
 * over many seeds — outcome, changes(), total_changes(), last_insert_rowid() after every
 * statement. Not part of `deno test`; run on its own:
 *   deno run -A tests/engine/dml_trigger_codegen.soak.ts [firstSeed] [lastSeed] [triggers] [statements]
 */
import { Pair, statements } from "./dml_oracle.ts";
import { randomTriggerScript } from "./dml_trigger_random.ts";

const [from, to, nTrig, nStmt] = [
  Number(Deno.args[0] ?? 1),
  Number(Deno.args[1] ?? 500),
  Number(Deno.args[2] ?? 6),
  Number(Deno.args[3] ?? 40),
];
const STATE = "SELECT changes(), total_changes(), last_insert_rowid()";
let bad = 0;
for (let seed = from; seed <= to; seed++) {
  const p = new Pair();
  try {
    for (const s of statements(randomTriggerScript(seed, nTrig, nStmt))) {
      const [a, b] = p.run(s);
      const [sa, sb] = p.run(STATE);
      if (JSON.stringify([a, sa]) !== JSON.stringify([b, sb])) {
        bad++;
        console.log(
          `seed ${seed}: ${s}\n  tsqlite ${JSON.stringify([a, sa])}\n  sqlite  ${
            JSON.stringify([b, sb])
          }`,
        );
        break;
      }
    }
  } finally {
    p.close();
  }
}
console.log(`${bad} divergent of ${to - from + 1} seeds`);
if (bad > 0) Deno.exit(1);
