/**
 * Soak: 12,000 seeded random mutations of several sample databases (page
 * sizes 512, 1024, 4096). Run: deno test -A tests/btree/corrupt_fuzz.soak.ts
 */
import assert from "node:assert/strict";
import { mutate, readEverything, sampleImage, writeSomething } from "./_corrupt.ts";
import { prng, tmpdir } from "./_util.ts";

const dir = tmpdir();

for (const ps of [512, 1024, 4096]) {
  Deno.test(`soak: 4,000 mutated files (page size ${ps})`, () => {
    const img = sampleImage(`${dir}/s${ps}.db`, ps);
    const r = prng(ps * 31);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 4000; i++) {
      const out = readEverything(mutate(img, r, ps));
      counts[out] = (counts[out] ?? 0) + 1;
    }
    console.log(ps, counts);
    assert.ok((counts.SQLITE_CORRUPT ?? 0) > 0);
  });
}

for (const ps of [512, 1024, 4096]) {
  Deno.test(`soak: writes into 3,000 mutated files (page size ${ps}) fail only with CORRUPT/NOTADB`, () => {
    const img = sampleImage(`${dir}/w${ps}.db`, ps);
    const r = prng(ps + 5);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) {
      const out = writeSomething(mutate(img, r, ps), i);
      counts[out] = (counts[out] ?? 0) + 1;
    }
    console.log(ps, counts);
    assert.ok((counts.SQLITE_CORRUPT ?? 0) > 0);
  });
}
