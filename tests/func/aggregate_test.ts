// Aggregates (count, sum, total, avg, min, max, group_concat, string_agg) fed row by row,
// compared with node:sqlite over the same rows — including integer overflow, REAL mixing,
// collations, separators, and the window inverse/value path.
import assert from "node:assert/strict";
import { Mem } from "../../src/vdbe/mem.ts";
import { AggregateFunc, NO_CONNECTION } from "../../src/func/mod.ts";
import { collationByName } from "../../src/vdbe/value/compare.ts";
import {
  compareOutcome,
  cString,
  EDGE_VALUES,
  fromMem,
  type Outcome,
  outcome,
  show,
  toMem,
  type Typed,
  type V,
} from "../vdbe/value_oracle.ts";
import { oracle, registry, report } from "./func_harness.ts";

let tableNo = 0;

/** Load rows (each a list of column values) into a fresh table t<N>(a, b). */
function load(rows: V[][]): string {
  const name = `agg${tableNo++}`;
  oracle.db.exec(`CREATE TABLE ${name}(id INTEGER PRIMARY KEY, a, b)`);
  const ins = oracle.db.prepare(`INSERT INTO ${name}(a, b) VALUES (?, ?)`);
  for (const r of rows) ins.run(...([r[0] ?? null, r[1] ?? null] as never[]));
  return name;
}

function mine(
  name: string,
  rows: V[][],
  nArg: number,
  coll: string | null = null,
): Outcome {
  const def = registry.find(name, nArg);
  assert.ok(def instanceof AggregateFunc, `${name}/${nArg} is an aggregate`);
  const st = def.create(coll ? collationByName(coll)! : null, NO_CONNECTION);
  return outcome(() => {
    for (const r of rows) {
      const args = Array.from({ length: nArg }, (_, k) => toMem(r[k] ?? null));
      st.step(args, nArg);
    }
    const out = new Mem();
    st.final(out);
    return cString(fromMem(out));
  });
}

const CALLS: [string, string, number][] = [
  ["count(*)", "count", 0],
  ["count(a)", "count", 1],
  ["sum(a)", "sum", 1],
  ["total(a)", "total", 1],
  ["avg(a)", "avg", 1],
  ["min(a)", "min", 1],
  ["max(a)", "max", 1],
  ["group_concat(a)", "group_concat", 1],
  ["group_concat(a, b)", "group_concat", 2],
  ["string_agg(a, b)", "string_agg", 2],
];

function runDataset(rows: V[][], failures: string[], label: string): void {
  const t = load(rows);
  for (const [sql, name, nArg] of CALLS) {
    let want: Typed | { error: string };
    try {
      want = oracle.stmt(`SELECT ${sql} AS v, typeof(${sql}) AS t FROM ${t} ORDER BY id`)
        .get() as unknown as Typed;
      want = { v: want.v, t: want.t };
    } catch (e) {
      want = { error: (e as Error).message };
    }
    compareOutcome(`${label} ${sql}`, want, mine(name, rows, nArg), failures);
  }
}

Deno.test("aggregate: datasets of edge values (each alone, pairs, all)", () => {
  const failures: string[] = [];
  runDataset([], failures, "empty");
  for (const v of EDGE_VALUES) runDataset([[v, "-"]], failures, `[${show(v)}]`);
  for (let i = 0; i < EDGE_VALUES.length; i += 3) {
    for (let j = 0; j < EDGE_VALUES.length; j += 4) {
      runDataset([[EDGE_VALUES[i], "|"], [EDGE_VALUES[j], null]], failures, `pair ${i},${j}`);
    }
  }
  runDataset(EDGE_VALUES.map((v) => [v, ";"]), failures, "all");
  report(failures);
});

Deno.test("aggregate: sum/avg/total integer overflow and REAL mixing", () => {
  const failures: string[] = [];
  const M = 9223372036854775807n;
  const sets: V[][][] = [
    [[M], [1n]],
    [[M], [1n], [-1n]],
    [[M], [1.5]],
    [[-M], [-1n], [-1n]],
    [[M], [M], [-M], [-M]],
    [[4611686018427387904n], [4611686018427387904n]],
    [[4611686018427387904n], [4611686018427387903n]],
    [[1n], [2.5], [M]],
    [[0.1], [0.2], [0.3]],
    [[1e308], [1e308], [-1e308]],
    [[1e16], [1n], [-1e16]],
    [["5"], ["abc"], [3n]],
    [["1e3"], [" 7 "], ["0x10"]],
    [[new Uint8Array([0x35])], [2n]],
    [[9007199254740993n], [1n]],
    [[-9223372036854775808n], [-1n]],
  ];
  for (const s of sets) runDataset(s, failures, JSON.stringify(s.map((r) => show(r[0]))));
  report(failures);
});

Deno.test("aggregate: min/max with NOCASE and RTRIM collations", () => {
  const failures: string[] = [];
  const rows: V[][] = [["b"], ["A"], ["a "], ["B"], [null], ["a"]];
  const t = load(rows);
  for (const coll of ["NOCASE", "RTRIM", "BINARY"]) {
    for (const f of ["min", "max"]) {
      const sql = `${f}(a COLLATE ${coll})`;
      const want = oracle.stmt(`SELECT ${sql} AS v, typeof(${sql}) AS t FROM ${t} ORDER BY id`)
        .get() as unknown as Typed;
      compareOutcome(sql, { v: want.v, t: want.t }, mine(f, rows, 1, coll), failures);
    }
  }
  report(failures);
});

Deno.test("aggregate: window frames via step/inverse/value match SQLite's sliding sums", () => {
  const failures: string[] = [];
  const rows: V[][] = [
    [1n, ","],
    [2.5, ";"],
    [null, "+"],
    ["x", "-"],
    [9223372036854775807n, "/"],
    [3n, "*"],
    [-4n, null],
    [0.1, "!"],
  ];
  const t = load(rows);
  const calls: [string, string, number][] = [
    ["count(a)", "count", 1],
    ["sum(a)", "sum", 1],
    ["total(a)", "total", 1],
    ["avg(a)", "avg", 1],
    ["group_concat(a, b)", "group_concat", 2],
  ];
  for (const [sql, name, nArg] of calls) {
    let wantRows: Typed[] | { error: string };
    try {
      wantRows = (oracle.stmt(
        `SELECT ${sql} OVER w AS v, typeof(${sql} OVER w) AS t FROM ${t} ` +
          `WINDOW w AS (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) ORDER BY id`,
      ).all() as unknown as Typed[]).map((r) => ({ v: r.v, t: r.t }));
    } catch (e) {
      wantRows = { error: (e as Error).message };
    }
    const def = registry.find(name, nArg) as AggregateFunc;
    const st = def.create(null, NO_CONNECTION);
    const got: Typed[] = [];
    let err: string | null = null;
    try {
      for (let i = 0; i < rows.length; i++) {
        const argsOf = (r: V[]) => Array.from({ length: nArg }, (_, k) => toMem(r[k] ?? null));
        st.step(argsOf(rows[i]), nArg);
        if (i >= 3) st.inverse!(argsOf(rows[i - 3]), nArg);
        const out = new Mem();
        st.value!(out);
        got.push(fromMem(out));
      }
    } catch (e) {
      err = (e as Error).message;
    }
    if ("error" in wantRows) {
      if (err !== wantRows.error) {
        failures.push(`${sql}: sqlite=ERR ${wantRows.error} tsqlite=${err}`);
      }
      continue;
    }
    if (err !== null) {
      failures.push(`${sql}: tsqlite threw ${err}`);
      continue;
    }
    for (let i = 0; i < rows.length; i++) {
      compareOutcome(`${sql} row ${i}`, wantRows[i], got[i], failures);
    }
  }
  report(failures);
});
