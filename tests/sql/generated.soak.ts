/**
 * Soak: the generative differential over many seeds. `deno run -A tests/sql/generated.soak.ts
 * [firstSeed] [seeds] [perSeed]`; prints each disagreement (a few known classes are listed in
 * docs/syntax.md "Known differences").
 */
import { generatedDiff } from "./generated_diff.ts";

const first = Number(Deno.args[0] ?? 100);
const seeds = Number(Deno.args[1] ?? 20);
const per = Number(Deno.args[2] ?? 2000);
let accepted = 0, rejected = 0, diffs = 0;
for (let s = first; s < first + seeds; s++) {
  const r = generatedDiff(s, per);
  accepted += r.accepted;
  rejected += r.rejected;
  diffs += r.diffs.length;
  for (const d of r.diffs) console.log(`seed ${s}: ${d.slice(0, 2000)}\n`);
}
console.log(
  `${
    seeds * per
  } statements: ${accepted} accepted by SQLite, ${rejected} rejected by its parser, ${diffs} disagreements`,
);
