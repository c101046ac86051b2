/**
 * Long FOREIGN KEY soak: the random workload of ./fkey_random.ts over many seeds, compared with
 * node:sqlite statement by statement. Not part of `deno test`; run on its own:
 *
 *   deno run -A tests/engine/fkey_random.soak.ts [firstSeed] [lastSeed] [statementsPerSeed] [A|B]
 *
 * (workload A: the one fkey_test.ts runs; B: the harsher second workload)
 *
 * Prints each diverging seed with its last statements and exits non-zero if any diverged.
 * @module
 */
import { Pair, statements } from "./dml_oracle.ts";
import {
  RANDOM_SCHEMA,
  RANDOM_SCHEMA_B,
  RANDOM_TABLES,
  RANDOM_TABLES_B,
  randomStatement,
  randomStatementB,
  rng,
} from "./fkey_random.ts";

const from = Number(Deno.args[0] ?? 1);
const to = Number(Deno.args[1] ?? 200);
const n = Number(Deno.args[2] ?? 400);
const b = Deno.args[3] === "B";
const schema = b ? RANDOM_SCHEMA_B : RANDOM_SCHEMA;
const tables = b ? RANDOM_TABLES_B : RANDOM_TABLES;
const next = b ? randomStatementB : randomStatement;
let bad = 0;
for (let seed = from; seed <= to; seed++) {
  const r = rng(seed);
  const p = new Pair();
  try {
    for (const s of statements(schema)) p.run(s);
    const log: string[] = [];
    let diverged = false;
    for (let i = 0; i < n && !diverged; i++) {
      const s = next(r);
      log.push(`${i}: ${s}`);
      const [a, b] = p.run(s);
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        console.log(`seed ${seed}, statement ${i}: tsqlite ${JSON.stringify(a)}`);
        console.log(`  node:sqlite ${JSON.stringify(b)}\n  ${log.slice(-8).join("\n  ")}`);
        diverged = true;
      }
    }
    for (const t of tables) {
      if (diverged) break;
      const [a, b] = p.run(`SELECT rowid, * FROM ${t} ORDER BY rowid`);
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        console.log(`seed ${seed}: table ${t} differs`);
        diverged = true;
      }
    }
    if (diverged) bad++;
  } finally {
    p.close();
  }
}
console.log(`${to - from + 1} seeds x ${n} statements: ${bad} diverged`);
if (bad > 0) Deno.exit(1);
