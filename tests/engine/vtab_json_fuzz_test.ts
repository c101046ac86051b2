/**
 * Randomised differential test of json_each / json_tree (H5) against node:sqlite: random JSON
 * documents (nested arrays and objects, labels needing quotes, escapes, non-ASCII text, large
 * numbers, containers past the 1/2/3-byte JSONB header sizes), given as text and as JSONB, walked
 * whole and from random paths; every row's columns (ids are JSONB offsets) must match. Seeds are
 * fixed, so a failure reproduces; tests/engine/vtab_json_fuzz.soak.ts runs many more.
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair } from "./select_table_harness.ts";
import { checkSeed } from "./vtab_json_gen.ts";

Deno.test("json_each / json_tree over random documents match node:sqlite", () => {
  const p = new Pair();
  try {
    const bad: string[] = [];
    for (let seed = 1; seed <= 60; seed++) bad.push(...checkSeed(p, seed));
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});
