/**
 * Differential API tests: every scenario in scenarios.ts runs against better-sqlite3 (Node, via
 * tests/oracle) and against tsqlite's Database; the JSON results must match exactly — values,
 * types, error classes, codes and messages.
 *
 * Two runs: (1) the API layer over a node:sqlite-backed engine double (tests/api/sqlite_engine.ts),
 * which isolates the better-sqlite3 API logic; (2) the API over tsqlite's own engine connection,
 * which runs once `Connection.open(":memory:")` works (ignored until then).
 * @module
 */
import assert from "node:assert/strict";
import { BetterSqlite3Oracle, runScenarioLocal } from "../oracle/bs3.ts";
import { Database } from "../../mod.ts";
import { currentEngine, useEngine } from "../../src/api/engine.ts";
import { nodeSqliteEngine } from "./sqlite_engine.ts";
import { SCENARIOS } from "./scenarios.ts";

function engineWorks(): boolean {
  try {
    currentEngine().open(":memory:").close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Engine features the tsqlite engine does not have yet; scenarios needing them are reported
 * as ignored (see the final report / issue notes) rather than hidden.
 */
const TSQLITE_GAPS = new Set<string>([
  "lazyCollation",
  "buildFeatures",
]);
/**
 * The node:sqlite double cannot serialize, host user functions, or step row by row (it fetches
 * a statement's rows at its first step), nor tell big integers from its parameter scanner.
 */
const DOUBLE_GAPS = new Set<string>([
  "udf",
  "serialize",
  "files",
  "stepwise",
  "lazyCollation",
  "buildFeatures",
  "updateDeleteLimit",
  "vtab",
]);

async function runAll(t: Deno.TestContext, label: string, gaps: Set<string>): Promise<void> {
  const oracle = new BetterSqlite3Oracle();
  try {
    for (const sc of SCENARIOS) {
      const missing = (sc.needs ?? []).filter((n) => gaps.has(n));
      await t.step({
        name: `${label}: ${sc.name}${missing.length ? ` (needs ${missing.join(", ")})` : ""}`,
        ignore: missing.length > 0,
        fn: async () => {
          const dir = Deno.makeTempDirSync({ prefix: "tsqlite_api_" });
          Deno.mkdirSync(`${dir}/bs3`);
          Deno.mkdirSync(`${dir}/ts`);
          const zeros = new Uint8Array(100);
          let expected, actual;
          try {
            expected = await oracle.scenario(sc.body, { dir: `${dir}/bs3`, zeros });
            actual = await runScenarioLocal(Database, sc.body, { dir: `${dir}/ts`, zeros });
          } finally {
            Deno.removeSync(dir, { recursive: true });
          }
          // A scenario must capture the errors it provokes; one that throws in better-sqlite3
          // would compare only the first error and hide the rest of its checks.
          assert.notEqual(
            (expected as { $t?: string } | null)?.$t,
            "thrown",
            JSON.stringify(expected),
          );
          assert.deepEqual(actual, expected);
        },
      });
    }
  } finally {
    await oracle.close();
  }
}

Deno.test("api vs better-sqlite3 (API layer over node:sqlite engine double)", async (t) => {
  const previous = useEngine(nodeSqliteEngine);
  try {
    await runAll(t, "double", DOUBLE_GAPS);
  } finally {
    useEngine(previous);
  }
});

Deno.test({
  name: "api vs better-sqlite3 (tsqlite engine)",
  ignore: !engineWorks(),
  fn: async (t) => {
    await runAll(t, "tsqlite", TSQLITE_GAPS);
  },
});
