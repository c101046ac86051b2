// Value-semantics and function micro-benchmarks: tsqlite's direct call beside node:sqlite
// doing the same conversion through a prepared statement (baseline), per operation.
//   deno bench -A bench/func_bench.ts
import { DatabaseSync } from "node:sqlite";
import { Mem } from "../src/vdbe/mem.ts";
import { textToNumeric } from "../src/vdbe/value/convert.ts";
import { realToText } from "../src/vdbe/value/render.ts";
import { compareMem } from "../src/vdbe/value/compare.ts";
import { arith, ArithOp } from "../src/vdbe/value/arith.ts";
import { sqlPrintf } from "../src/func/printf.ts";
import { LIKE_INFO, patternMatch } from "../src/func/like.ts";
import { type AggregateFunc, builtinFunctions, NO_CONNECTION } from "../src/func/mod.ts";

const db = new DatabaseSync(":memory:");
const N = 256;
let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

const texts: string[] = [];
for (let i = 0; i < N; i++) {
  const k = i % 4;
  texts.push(
    k === 0
      ? String(Math.floor(rnd() * 1e9))
      : k === 1
      ? (rnd() * 1000).toFixed(3)
      : k === 2
      ? ` ${Math.floor(rnd() * 100)}abc`
      : `${(rnd() * 10).toFixed(2)}e${Math.floor(rnd() * 40)}`,
  );
}
const reals: number[] = [];
for (let i = 0; i < N; i++) reals.push((rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 10));
const mems: Mem[] = [];
for (let i = 0; i < N; i++) {
  const m = new Mem();
  const k = i % 4;
  if (k === 0) m.setInt(Math.floor(rnd() * 1000));
  else if (k === 1) m.setReal(rnd() * 1000);
  else if (k === 2) m.setText("k" + Math.floor(rnd() * 1000));
  else m.setInt(Math.floor(rnd() * 1000));
  mems.push(m);
}

const out = new Mem();
let sink = 0;

// --- text → number ---
const stNum = db.prepare("SELECT ?1 + 0 AS v");
Deno.bench("text→number: node:sqlite SELECT ?+0", { group: "text2num", baseline: true }, () => {
  for (let i = 0; i < N; i++) sink += (stNum.get(texts[i]) as { v: number }).v;
});
Deno.bench("text→number: tsqlite textToNumeric", { group: "text2num" }, () => {
  for (let i = 0; i < N; i++) {
    textToNumeric(texts[i], out);
    sink += out.n;
  }
});

// --- REAL → text ---
const stTxt = db.prepare("SELECT CAST(?1 AS TEXT) AS v");
Deno.bench("real→text: node:sqlite CAST(? AS TEXT)", { group: "real2text", baseline: true }, () => {
  for (let i = 0; i < N; i++) sink += (stTxt.get(reals[i]) as { v: string }).v.length;
});
Deno.bench("real→text: tsqlite realToText", { group: "real2text" }, () => {
  for (let i = 0; i < N; i++) sink += realToText(reals[i]).length;
});

// --- Mem comparison ---
const stCmp = db.prepare("SELECT ?1 < ?2 AS v");
const js = mems.map((m) => m.toJs());
Deno.bench("compare: node:sqlite SELECT ?<?", { group: "compare", baseline: true }, () => {
  for (let i = 0; i < N - 1; i++) {
    sink += (stCmp.get(js[i] as never, js[i + 1] as never) as { v: number }).v;
  }
});
Deno.bench("compare: tsqlite compareMem", { group: "compare" }, () => {
  for (let i = 0; i < N - 1; i++) sink += compareMem(mems[i], mems[i + 1], null);
});

// --- integer arithmetic ---
Deno.bench("arith: tsqlite int+int / real*int", { group: "arith" }, () => {
  for (let i = 0; i < N - 1; i++) {
    arith(ArithOp.ADD, mems[i], mems[i + 1], out);
    arith(ArithOp.MUL, mems[i], mems[i + 1], out);
  }
});
const stAdd = db.prepare("SELECT ?1 + ?2 AS a, ?1 * ?2 AS b");
Deno.bench("arith: node:sqlite SELECT ?+?, ?*?", { group: "arith", baseline: true }, () => {
  for (let i = 0; i < N - 1; i++) {
    sink += (stAdd.get(js[i] as never, js[i + 1] as never) as { a: number }).a;
  }
});

// --- printf ---
const fmtArgs: Mem[] = [new Mem(), new Mem(), new Mem()];
const stPf = db.prepare("SELECT printf('%8.3f|%-6d|%s', ?1, ?2, ?3) AS v");
Deno.bench("printf: node:sqlite printf()", { group: "printf", baseline: true }, () => {
  for (let i = 0; i < 64; i++) sink += (stPf.get(reals[i], i, texts[i]) as { v: string }).v.length;
});
Deno.bench("printf: tsqlite sqlPrintf", { group: "printf" }, () => {
  for (let i = 0; i < 64; i++) {
    fmtArgs[0].setReal(reals[i]);
    fmtArgs[1].setInt(i);
    fmtArgs[2].setText(texts[i]);
    sink += (sqlPrintf("%8.3f|%-6d|%s", fmtArgs, 0, 3) as string).length;
  }
});

// --- LIKE ---
const words: string[] = [];
for (let i = 0; i < N; i++) words.push("w" + Math.floor(rnd() * 1e6).toString(36) + "_tail");
const stLike = db.prepare("SELECT ?1 LIKE '%A_t%' AS v");
Deno.bench("like: node:sqlite SELECT ? LIKE '%A_t%'", { group: "like", baseline: true }, () => {
  for (let i = 0; i < N; i++) sink += (stLike.get(words[i]) as { v: number }).v;
});
Deno.bench("like: tsqlite patternMatch", { group: "like" }, () => {
  for (let i = 0; i < N; i++) sink += patternMatch("%A_t%", words[i], LIKE_INFO, 0) ? 1 : 0;
});

// --- aggregates: sum/count/avg/max over 10k rows (node scans a table; tsqlite only steps) ---
const reg = builtinFunctions();
db.exec("CREATE TABLE agg(x)");
const ins = db.prepare("INSERT INTO agg VALUES (?)");
const aggRows: Mem[] = [];
for (let i = 0; i < 10000; i++) {
  const v = Math.floor(rnd() * 1e6);
  ins.run(v);
  const m = new Mem();
  m.setInt(v);
  aggRows.push(m);
}
const stAgg = db.prepare("SELECT sum(x), count(x), avg(x), max(x) FROM agg");
Deno.bench("aggregates: node:sqlite sum/count/avg/max over 10k rows", {
  group: "agg",
  baseline: true,
}, () => {
  sink += Object.keys(stAgg.get() as object).length;
});
const aggDefs = ["sum", "count", "avg", "max"].map((n) => reg.find(n, 1) as AggregateFunc);
Deno.bench("aggregates: tsqlite step/final ×4 over 10k rows", { group: "agg" }, () => {
  const states = aggDefs.map((d) => d.create(null, NO_CONNECTION));
  const arg = [aggRows[0]];
  for (let i = 0; i < aggRows.length; i++) {
    arg[0] = aggRows[i];
    for (let k = 0; k < 4; k++) states[k].step(arg, 1);
  }
  for (const st of states) st.final(out);
  sink += out.n;
});

globalThis.addEventListener("unload", () => {
  if (sink === 42) console.log(sink);
});
