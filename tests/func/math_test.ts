// The math functions (SQLITE_ENABLE_MATH_FUNCTIONS) and the LIKE-doesn't-match-blobs build
// option exist only in better-sqlite3's SQLite, so these differential tests run against
// better-sqlite3 under Node (tests/oracle/bs3.ts), batched in one scenario per test.
import assert from "node:assert/strict";
import { BetterSqlite3Oracle } from "../oracle/bs3.ts";
import { decode, type Encoded } from "../oracle/codec.ts";
import { Mem } from "../../src/vdbe/mem.ts";
import { builtinFunctions, NO_CONNECTION, ScalarFunc } from "../../src/func/mod.ts";
import {
  compareOutcome,
  EDGE_VALUES,
  fromMem,
  type Outcome,
  outcome,
  report,
  show,
  toMem,
  type Typed,
  type V,
} from "../vdbe/value_oracle.ts";

const bs3Registry = builtinFunctions({ likeDoesntMatchBlobs: true, mathFunctions: true });

const BODY = `
  const db = new Database(":memory:");
  const out = [];
  for (const [expr, params] of args.cases) {
    try {
      const st = db.prepare("SELECT (" + expr + ") AS v, typeof(" + expr + ") AS t");
      st.safeIntegers(true);
      // better-sqlite3 binds ?NNN parameters by number through an object
      const named = {};
      params.forEach((p, i) => { named[i + 1] = p; });
      const r = params.length ? st.get(named) : st.get();
      out.push({ v: r.v, t: r.t });
    } catch (e) {
      out.push({ error: e.message });
    }
  }
  db.close();
  return out;`;

const TRANSCENDENTAL = new Set([
  "acos",
  "acosh",
  "asin",
  "asinh",
  "atan",
  "atanh",
  "cos",
  "cosh",
  "exp",
  "ln",
  "log",
  "log2",
  "log10",
  "sin",
  "sinh",
  "tan",
  "tanh",
  "atan2",
  "pow",
  "power",
]);

/**
 * libm is not correctly rounded (glibc's log1p(2.0) is one ulp low), so for transcendental
 * functions a one-ulp difference from SQLite's libm is accepted — nothing else is.
 */
function withinUlp(name: string, got: Typed, want: Typed): boolean {
  if (!TRANSCENDENTAL.has(name) || got.t !== "real" || want.t !== "real") return false;
  const a = got.v as number;
  const b = want.v as number;
  const ulp = Math.abs(b) * Number.EPSILON;
  return Math.abs(a - b) <= ulp;
}

async function runCases(cases: [string, string, V[]][]): Promise<string[]> {
  const o = new BetterSqlite3Oracle();
  const failures: string[] = [];
  try {
    const enc = await o.scenario(
      BODY,
      { cases: cases.map(([, expr, params]) => [expr, params]) },
    );
    const results = decode(enc as Encoded) as Outcome[];
    assert.ok(Array.isArray(results), `scenario failed: ${JSON.stringify(enc).slice(0, 300)}`);
    for (let i = 0; i < cases.length; i++) {
      const [name, , params] = cases[i];
      let want = results[i];
      if (!("error" in want)) {
        let v = want.v as unknown;
        if (v instanceof Uint8Array && !(v.constructor === Uint8Array)) v = new Uint8Array(v);
        want = { v: v as V, t: want.t };
      }
      const def = bs3Registry.find(name, params.length);
      const got: Outcome = !(def instanceof ScalarFunc)
        ? { error: "no such function" }
        : outcome(() => {
          const out = new Mem();
          def.call(params.map(toMem), params.length, out, null, NO_CONNECTION);
          return fromMem(out);
        });
      compareOutcome(`${name}(${params.map(show).join(", ")})`, want, got, failures, {
        oracle: "bs3",
        alike: (g, w) => withinUlp(name, g, w),
      });
    }
  } finally {
    await o.close();
  }
  return failures;
}

const MATH1 = [
  "acos",
  "acosh",
  "asin",
  "asinh",
  "atan",
  "atanh",
  "ceil",
  "ceiling",
  "cos",
  "cosh",
  "degrees",
  "exp",
  "floor",
  "ln",
  "log",
  "log2",
  "log10",
  "radians",
  "sin",
  "sinh",
  "sqrt",
  "tan",
  "tanh",
  "trunc",
  "sign",
  "abs",
  "round",
];
const MATH2 = ["atan2", "pow", "power", "mod", "log", "round"];

Deno.test("math (bs3): one-argument math functions over edge values", async () => {
  const pool: V[] = [...EDGE_VALUES, 0.5, -0.5, 2n, 100n, "4", " 2.5 ", "-1", 1e-10, 0.9999];
  const cases: [string, string, V[]][] = [];
  for (const f of MATH1) for (const v of pool) cases.push([f, `${f}(?1)`, [v]]);
  cases.push(["pi", "pi()", []]);
  const failures = await runCases(cases);
  report(failures);
});

Deno.test("math (bs3): two-argument math functions over value pairs", async () => {
  const pool: V[] = [null, 0n, 1n, -1n, 2n, 10n, 3.5, -2.5, 0.5, 1e308, "3", "abc", 0, -0];
  const cases: [string, string, V[]][] = [];
  for (const f of MATH2) {
    for (const a of pool) for (const b of pool) cases.push([f, `${f}(?1, ?2)`, [a, b]]);
  }
  const failures = await runCases(cases);
  report(failures);
});

Deno.test("build info (bs3): sqlite_compileoption_used/get, sqlite_version", async () => {
  const cases: [string, string, V[]][] = [];
  for (
    const o of [
      "ENABLE_MATH_FUNCTIONS",
      "SQLITE_ENABLE_FTS5",
      "enable_fts5",
      "DEFAULT_CACHE_SIZE",
      "DEFAULT_CACHE",
      "THREADSAFE",
      "THREADSAFE=2",
      "OMIT_LOAD_EXTENSION",
      "",
      null,
      1n,
    ] as V[]
  ) cases.push(["sqlite_compileoption_used", "sqlite_compileoption_used(?1)", [o]]);
  for (let i = -1n; i <= 60n; i++) {
    cases.push(["sqlite_compileoption_get", "sqlite_compileoption_get(?1)", [i]]);
  }
  cases.push(["sqlite_version", "sqlite_version()", []]);
  const failures = await runCases(cases);
  report(failures);
});

Deno.test("like/glob (bs3 build): BLOB operands never match", async () => {
  const pool: V[] = [null, "abc", "a%", "*", "%", "", new Uint8Array([0x61, 0x62, 0x63]), 12n];
  const cases: [string, string, V[]][] = [];
  for (const a of pool) {
    for (const b of pool) {
      cases.push(["like", "like(?1, ?2)", [a, b]]);
      cases.push(["glob", "glob(?1, ?2)", [a, b]]);
      cases.push(["like", "like(?1, ?2, ?3)", [a, b, "\\"]]);
    }
  }
  const failures = await runCases(cases);
  report(failures);
});
