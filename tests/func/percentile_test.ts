// median / percentile / percentile_cont / percentile_disc (SQLITE_ENABLE_PERCENTILE, only in
// better-sqlite3's build): aggregate and window results and error messages against better-sqlite3.
import assert from "node:assert/strict";
import { BetterSqlite3Oracle } from "../oracle/bs3.ts";
import { decode, type Encoded } from "../oracle/codec.ts";
import { Mem } from "../../src/vdbe/mem.ts";
import { type AggregateFunc, builtinFunctions, NO_CONNECTION } from "../../src/func/mod.ts";
import {
  fromMem,
  type Outcome,
  report,
  sameTyped,
  show,
  toMem,
  type Typed,
  type V,
} from "../vdbe/value_oracle.ts";

const reg = builtinFunctions({ likeDoesntMatchBlobs: true });

const BODY = `
  const out = [];
  for (const c of args.cases) {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, y, p)");
    const ins = db.prepare("INSERT INTO t(y, p) VALUES (?, ?)");
    for (const r of c.rows) ins.run(r[0], r[1]);
    try {
      const sql = c.window
        ? "SELECT " + c.call + " OVER (ORDER BY id ROWS 2 PRECEDING) AS v, typeof(" + c.call +
          " OVER (ORDER BY id ROWS 2 PRECEDING)) AS t FROM t ORDER BY id"
        : "SELECT " + c.call + " AS v, typeof(" + c.call + ") AS t FROM t";
      const st = db.prepare(sql);
      st.safeIntegers(true);
      out.push({ rows: st.all().map((r) => ({ v: r.v, t: r.t })) });
    } catch (e) {
      out.push({ error: e.message });
    }
    db.close();
  }
  return out;`;

interface Case {
  call: string;
  name: string;
  rows: V[][];
  window: boolean;
}

function mine(c: Case): { rows: Outcome[] } | { error: string } {
  const nArg = c.name === "median" ? 1 : 2;
  const def = reg.find(c.name, nArg) as AggregateFunc;
  const st = def.create(null, NO_CONNECTION);
  const argsOf = (r: V[]) => [toMem(r[0]), toMem(r[1])];
  try {
    if (!c.window) {
      for (const r of c.rows) st.step(argsOf(r), nArg);
      const out = new Mem();
      st.final(out);
      return { rows: [fromMem(out)] };
    }
    const rows: Outcome[] = [];
    for (let i = 0; i < c.rows.length; i++) {
      st.step(argsOf(c.rows[i]), nArg);
      if (i >= 3) st.inverse!(argsOf(c.rows[i - 3]), nArg);
      const out = new Mem();
      st.value!(out);
      rows.push(fromMem(out));
    }
    return { rows };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

Deno.test("percentile family (bs3): results, windows and errors", async () => {
  const datasets: V[][] = [
    [1n, 2n, 4n, 10n, null],
    [3.5],
    [],
    [null, null],
    [5n, -1n, 2.5, 2.5, 1e300, -7n],
    ["5", 1n],
    [new Uint8Array([1]), 1n],
    [Infinity, 1n],
    [9223372036854775807n, 1n, 0n],
  ];
  const calls: [string, string, V][] = [
    ["median(y)", "median", null],
    ["percentile(y, p)", "percentile", 25n],
    ["percentile(y, p)", "percentile", 0n],
    ["percentile(y, p)", "percentile", 100n],
    ["percentile(y, p)", "percentile", 33.3],
    ["percentile(y, p)", "percentile", 101n],
    ["percentile(y, p)", "percentile", "50"],
    ["percentile(y, p)", "percentile", "x"],
    ["percentile(y, p)", "percentile", null],
    ["percentile_cont(y, p)", "percentile_cont", 0.25],
    ["percentile_cont(y, p)", "percentile_cont", 1n],
    ["percentile_cont(y, p)", "percentile_cont", 1.5],
    ["percentile_disc(y, p)", "percentile_disc", 0.25],
    ["percentile_disc(y, p)", "percentile_disc", 0.99],
    ["percentile_disc(y, p)", "percentile_disc", 0.5],
  ];
  const cases: Case[] = [];
  for (const ys of datasets) {
    for (const [call, name, p] of calls) {
      const rows = ys.map((y) => [y, p]);
      cases.push({ call, name, rows, window: false });
      cases.push({ call, name, rows, window: true });
    }
  }
  // fractions that change between rows
  for (
    const [name, a, b] of [
      ["percentile", 50n, 50.0005],
      ["percentile", 50n, 50.002],
      ["percentile_cont", 0.5, 0.500005],
      ["percentile_cont", 0.5, 0.5002],
      ["percentile_disc", 0.5, 0.6],
    ] as [string, V, V][]
  ) {
    cases.push({
      call: `${name}(y, p)`,
      name,
      rows: [[1n, a], [2n, b], [3n, a]],
      window: false,
    });
  }
  const o = new BetterSqlite3Oracle();
  const failures: string[] = [];
  try {
    const enc = await o.scenario(BODY, {
      cases: cases.map((c) => ({ call: c.call, rows: c.rows, window: c.window })),
    });
    const results = decode(enc as Encoded) as ({ rows: Typed[] } | { error: string })[];
    assert.ok(Array.isArray(results), JSON.stringify(enc).slice(0, 300));
    for (let i = 0; i < cases.length; i++) {
      const want = results[i];
      const got = mine(cases[i]);
      const label = `${cases[i].call}${cases[i].window ? " OVER" : ""} rows=${
        cases[i].rows.map((r) => `(${r.map(show).join(",")})`).join("")
      }`;
      if ("error" in want || "error" in got) {
        const w = "error" in want ? want.error : "rows";
        const g = "error" in got ? got.error : "rows";
        if (w !== g) failures.push(`${label}: bs3=${w} tsqlite=${g}`);
        continue;
      }
      for (let k = 0; k < want.rows.length; k++) {
        const gw = got.rows[k];
        if (!gw || "error" in gw || !sameTyped(gw, want.rows[k])) {
          failures.push(
            `${label} row ${k}: bs3=${show(want.rows[k])} tsqlite=${
              gw && !("error" in gw) ? show(gw) : "?"
            }`,
          );
        }
      }
    }
  } finally {
    await o.close();
  }
  report(failures);
});
