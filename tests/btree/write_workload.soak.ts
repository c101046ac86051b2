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
