/**
 * Self-test of the better-sqlite3 oracle harness: the server starts, values round-trip faithfully,
 * errors come back described, scenarios run.
 * @module
 */
import assert from "node:assert/strict";
import { BetterSqlite3Oracle, OracleError, runScenarioLocal } from "./bs3.ts";

Deno.test("bs3 oracle: values round-trip (bigint, blob, NaN, -0, undefined)", async () => {
  const o = new BetterSqlite3Oracle();
  try {
    assert.equal(await o.version(), "12.11.1");
    const db = await o.open(":memory:");
    const row = await o.query(
      db,
      "SELECT ? AS a, ? AS b, ? AS c, ? AS d",
      [
        1n << 60n,
        new Uint8Array([1, 2, 255]),
        -0,
        "x",
      ],
      "get",
      { safeIntegers: true },
    );
    assert.deepEqual(row, {
      a: 1n << 60n,
      b: new Uint8Array([1, 2, 255]),
      c: -0,
      d: "x",
    });
    const real = await o.query(db, "SELECT 1.5 AS r, NULL AS n", [], "get");
    assert.deepEqual(real, { r: 1.5, n: null });
    const info = await o.query(db, "CREATE TABLE t(x)", [], "run");
    assert.deepEqual(info, { changes: 0, lastInsertRowid: 0 });
    await o.closeDb(db);
  } finally {
    await o.close();
  }
});

Deno.test("bs3 oracle: errors are described with class and code", async () => {
  const o = new BetterSqlite3Oracle();
  try {
    const db = await o.open(":memory:");
    await assert.rejects(
      () => o.query(db, "SELECT * FROM nope"),
      (e: unknown) => {
        assert.ok(e instanceof OracleError);
        assert.deepEqual(e.info, {
          name: "SqliteError",
          message: "no such table: nope",
          code: "SQLITE_ERROR",
          constructor: "SqliteError",
        });
        return true;
      },
    );
    const r = await o.attempt("query", {
      db,
      sql: "SELECT ?",
      params: [true],
      method: "get",
    });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.constructor, "TypeError");
  } finally {
    await o.close();
  }
});

Deno.test("bs3 oracle: a scenario runs in Node and locally with the same encoding", async () => {
  const o = new BetterSqlite3Oracle();
  try {
    const body = `
      const db = new Database(":memory:");
      const r = capture(() => db.prepare("SELECT ?").get(args.v));
      db.close();
      return { r, n: NaN, big: 2n ** 70n };`;
    const remote = await o.scenario(body, { v: 42 });
    assert.deepEqual(remote, {
      r: { ok: true, value: { "?": 42 } },
      n: { $t: "num", v: "NaN" },
      big: { $t: "bigint", v: (2n ** 70n).toString() },
    });
    // The local runner with a stand-in class produces the same envelope shape.
    class Fake {
      prepare() {
        return { get: (v: number) => ({ "?": v }) };
      }
      close() {}
    }
    assert.deepEqual(await runScenarioLocal(Fake, body, { v: 42 }), remote);
    const thrown = await o.scenario(`throw new RangeError("boom")`);
    assert.deepEqual(thrown, {
      $t: "thrown",
      error: {
        name: "RangeError",
        message: "boom",
        code: null,
        constructor: "RangeError",
      },
    });
  } finally {
    await o.close();
  }
});
