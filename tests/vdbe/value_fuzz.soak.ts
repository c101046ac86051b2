// Long-running differential soak of the value layer against node:sqlite (not part of
// `deno test`): REAL → TEXT rendering, text → number conversions and printf float formats
// over millions of random inputs.
//   deno run -A tests/vdbe/value_fuzz.soak.ts [iterations=1000000] [seed]
import { DatabaseSync } from "node:sqlite";
import { Mem } from "../../src/vdbe/mem.ts";
import { realToText } from "../../src/vdbe/value/render.ts";
import { castMem } from "../../src/vdbe/value/convert.ts";
import { arith, ArithOp } from "../../src/vdbe/value/arith.ts";
import { sqlPrintf } from "../../src/func/printf.ts";

const iterations = Number(Deno.args[0] ?? 1_000_000);
let seed = Number(Deno.args[1] ?? Date.now()) >>> 0 || 1;
console.log(`value soak: ${iterations} iterations, seed ${seed}`);
const rnd = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};

const db = new DatabaseSync(":memory:");
const stText = db.prepare("SELECT CAST(?1 AS TEXT) AS v");
const stNum = db.prepare("SELECT ?1 + 0 AS v, typeof(?1 + 0) AS t");
stNum.setReadBigInts(true);
const stPf = db.prepare("SELECT printf(?1, ?2) AS v");
const buf = new Float64Array(1);
const u = new Uint32Array(buf.buffer);
let failures = 0;
const fail = (msg: string) => {
  failures++;
  if (failures <= 50) console.log("MISMATCH", msg);
};
const zero = new Mem();
zero.setInt(0);
const m = new Mem();

for (let i = 0; i < iterations; i++) {
  u[0] = rnd() * 4294967296;
  u[1] = rnd() * 4294967296;
  let x = buf[0];
  if (!Number.isFinite(x)) x = rnd() * 1e6;
  const want = (stText.get(x) as { v: string }).v;
  const got = realToText(x);
  if (want !== got) fail(`CAST(${x} AS TEXT): sqlite=${want} tsqlite=${got}`);
  const x2 = Math.round(rnd() * 10 ** Math.floor(rnd() * 14)) / 10 ** Math.floor(rnd() * 16) *
    (rnd() < 0.1 ? 10 ** Math.floor(rnd() * 40 - 20) : 1);
  const want2 = (stText.get(x2) as { v: string }).v;
  const got2 = realToText(x2);
  if (want2 !== got2) fail(`CAST(${x2} AS TEXT): sqlite=${want2} tsqlite=${got2}`);
  // text → number on the rendered text and a perturbed variant
  const s = i % 2 ? got : got.replace(/\d$/, "7") + (i % 3 ? "" : "x");
  const w = stNum.get(s) as { v: number | bigint; t: string };
  m.setText(s);
  arith(ArithOp.ADD, m, zero, m);
  const gv = m.type === 1 ? (m.big ?? BigInt(m.n)) : m.n;
  const gt = m.type === 1 ? "integer" : "real";
  if (gt !== w.t || !Object.is(gv, w.v)) fail(`'${s}'+0: sqlite=${w.v}:${w.t} tsqlite=${gv}:${gt}`);
  if (i % 16 === 0) {
    const fmt = ["%.3e", "%.10g", "%f", "%.0f", "%!.20e", "%#.5g"][i % 6];
    const pw = (stPf.get(fmt, x) as { v: string }).v;
    m.setReal(x);
    const pg = sqlPrintf(fmt, [m], 0, 1);
    if (pw !== pg) fail(`printf('${fmt}', ${x}): sqlite=${pw} tsqlite=${pg}`);
  }
  if (i % 4 === 0) {
    m.setText(got);
    castMem(m, "NUMERIC");
  }
  if (i > 0 && i % 200000 === 0) console.log(`${i} done, ${failures} mismatches`);
}
console.log(`finished: ${iterations} iterations, ${failures} mismatches`);
if (failures > 0) Deno.exit(1);
