/**
 * Soak: 600k random insert/update/delete operations on table + index across
 * page sizes, each file checked by SQLite's integrity_check and read back
 * against the model. Run: deno test -A tests/btree/write_workload.soak.ts
 */
import { workload } from "./_workload.ts";

for (
  const [ps, ops, keys] of [[512, 150_000, 30_000], [1024, 150_000, 60_000], [
    4096,
    200_000,
    100_000,
  ], [65536, 100_000, 50_000]]
) {
  Deno.test(`soak: ${ops} random ops at page size ${ps}`, () => {
    workload(ps, ops, ps + 17, keys);
  });
}

for (const av of [1, 2] as const) {
  Deno.test(`soak: 120000 random ops, auto_vacuum ${av === 1 ? "FULL" : "INCREMENTAL"} (page size 1024)`, () => {
    workload(1024, 120_000, 31 + av, 40_000, 0, av);
  });
}
