/**
 * Randomised INSERT/UPDATE/DELETE differential test with a fixed seed (see dml_random_run.ts);
 * `deno run -A tests/engine/dml_random.soak.ts` runs many seeds.
 */
import { runRandomDml } from "./dml_random_run.ts";

Deno.test("dml: 3000 random writes keep rows, indexes and errors identical to SQLite", () => {
  runRandomDml(20261121, 3000);
});

Deno.test("dml: 1500 random writes with BEFORE/AFTER triggers (WHEN, RAISE) match SQLite", () => {
  runRandomDml(7, 1500, true);
});
