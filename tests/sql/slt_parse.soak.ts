/**
 * Soak: parse and round-trip every statement of the whole sqllogictest corpus (~129k records).
 * Run on its own: `deno run -A tests/sql/slt_parse.soak.ts`.
 */
import { parse, print } from "../../src/sql/mod.ts";
import { sltFiles, sltSql } from "./slt_corpus.ts";

function shape(v: unknown): string {
  return JSON.stringify(v, (k, x) => (k === "span" ? undefined : x));
}

let total = 0;
let failures = 0;
const t0 = performance.now();
for (const file of sltFiles()) {
  for (const rec of sltSql(file)) {
    if (rec.expectError) continue;
    total++;
    try {
      const s = parse(rec.sql);
      for (const one of s) {
        const again = parse(print(one));
        if (shape(again[0]) !== shape(one)) throw new Error("round-trip differs");
      }
    } catch (e) {
      failures++;
      if (failures <= 20) console.log(`${rec.file}:${rec.line}: ${(e as Error).message}`);
    }
  }
}
const ms = performance.now() - t0;
console.log(`${total} statements, ${failures} failures, ${ms.toFixed(0)} ms`);
if (failures > 0) Deno.exit(1);
