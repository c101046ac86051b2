// Randomized pager workloads against a model (short run; random.soak.ts runs it long).
import assert from "node:assert/strict";
import { runConcurrent, runWorkload } from "./random_workload.ts";

for (const seed of [1, 2, 3, 4]) {
  Deno.test(`pager random workload vs model, seed ${seed} (savepoints, truncate, spills, power cuts)`, () => {
    const r = runWorkload({ seed, transactions: 300, crashRate: 0.2 });
    assert.ok(r.commits > 50 && r.rollbacks > 10 && r.crashes > 10, JSON.stringify(r));
  });
}

Deno.test("pager random workload vs model, journal_mode=memory (no power cuts: MEMORY is not crash-safe)", () => {
  const r = runWorkload({ seed: 9, transactions: 300, crashRate: 0, journalModes: ["memory"] });
  assert.ok(r.commits > 50 && r.rollbacks > 10, JSON.stringify(r));
});

for (const seed of [11, 12]) {
  Deno.test(`pager: three connections interleaved at random see consistent states (seed ${seed})`, () => {
    const r = runConcurrent(seed, 3000);
    assert.ok(r.commits > 20 && r.busy > 20, JSON.stringify(r));
  });
}

Deno.test("pager random workload vs model on real files (DenoFileVfs), seed 21", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const r = runWorkload({ seed: 21, transactions: 250, crashRate: 0.2, dir });
    assert.ok(r.commits > 50 && r.crashes > 10, JSON.stringify(r));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

for (const seed of [31, 32]) {
  Deno.test(`pager random workload vs model with journal_mode=WAL mixed in (seed ${seed})`, () => {
    const r = runWorkload({
      seed,
      transactions: 300,
      crashRate: 0.2,
      journalModes: ["wal", "delete", "wal", "persist"],
    });
    assert.ok(r.commits > 50 && r.crashes > 10, JSON.stringify(r));
  });
}

Deno.test("pager: three connections interleaved at random in journal_mode=WAL (readers keep snapshots)", () => {
  const r = runConcurrent(13, 3000, 3, "wal");
  assert.ok(r.commits > 50, JSON.stringify(r));
});
