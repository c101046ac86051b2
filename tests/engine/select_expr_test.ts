/**
 * SELECT over expressions, VALUES and CTE-defined tables, compiled by tsqlite's planner and run
 * on its VM, compared with node:sqlite row for row and type for type (INTEGER vs REAL), and
 * error messages compared exactly.
 */
import { deepStrictEqual } from "node:assert/strict";
import { diff } from "./select_harness.ts";
import { CASES } from "./select_cases.ts";

Deno.test("SELECT cases match node:sqlite (values, types, errors)", () => {
  const failures: string[] = [];
  for (const sql of CASES) {
    const d = diff(sql);
    if (d !== null) failures.push(d);
  }
  deepStrictEqual(failures, []);
});
