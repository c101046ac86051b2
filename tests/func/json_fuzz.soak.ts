// Long JSON fuzz against node:sqlite (not part of `deno test`):
//   deno run -A tests/func/json_fuzz.soak.ts [documents=50000] [seed]
import { check } from "./func_harness.ts";

function run(count: number, seed0: number): string[] {
  const failures: string[] = [];
  let seed = seed0;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const pick = <T>(xs: T[]): T => xs[int(0, xs.length - 1)];
  const keys = ["a", "b", "c d", "é", "x.y", "k1"];
  const ws = () => pick(["", "", " ", "\n", "\t ", "/* c */", " // x\n"]);
  const gen = (depth: number): string => {
    const r = rnd();
    if (depth > 3 || r < 0.4) {
      return pick([
        "null",
        "true",
        "false",
        String(int(-100, 100)),
        `${int(0, 99)}.${int(0, 99)}`,
        `${int(1, 9)}e${int(-5, 5)}`,
        "-0",
        "0.5E+3",
        `"${pick(keys)}"`,
        '"a\\nb\\u00e9\\"q"',
        "'single'",
        "0x1A",
        "+3",
        ".25",
        "7.",
        "Infinity",
        "NaN",
        "12345678901234567890",
      ]);
    }
    if (r < 0.7) {
      const n = int(0, 4);
      const items = Array.from({ length: n }, () => ws() + gen(depth + 1) + ws());
      return "[" + items.join(",") + (n && rnd() < 0.1 ? "," : "") + "]";
    }
    const n = int(0, 4);
    const items = Array.from({ length: n }, () => {
      const k = pick(keys);
      const key = rnd() < 0.1 && /^[a-z]+$/.test(k) ? k : `"${k}"`;
      return ws() + key + ws() + ":" + ws() + gen(depth + 1);
    });
    return "{" + items.join(",") + (n && rnd() < 0.1 ? "," : "") + "}";
  };
  const paths = [
    "$",
    "$.a",
    "$.b[0]",
    "$[0]",
    "$[1].a",
    '$."c d"',
    "$.é",
    "$[#-1]",
    '$."x.y"[0]',
    "$.k1.a",
  ];
  for (let i = 0; i < count; i++) {
    let doc = gen(0);
    if (rnd() < 0.05) doc = doc.slice(0, int(0, doc.length)); // truncated → malformed
    check("json", [doc], failures);
    check("json_valid", [doc], failures);
    check("json_error_position", [doc], failures);
    const p = pick(paths);
    check("json_extract", [doc, p], failures);
    check("json_set", [doc, p, int(0, 9) > 4 ? BigInt(int(0, 99)) : "v"], failures);
    check("json_remove", [doc, p], failures);
    check("jsonb", [doc], failures);
    check("jsonb_set", [doc, p, int(0, 9) > 4 ? BigInt(int(0, 999)) : 'vv"w'], failures);
    check("jsonb_remove", [doc, p], failures);
    check("jsonb_insert", [doc, p, 1.5], failures);
  }
  return failures;
}

const count = Number(Deno.args[0] ?? 50000);
const seed = Number(Deno.args[1] ?? Date.now() % 2147483647);
console.log(`json soak: ${count} documents, seed ${seed}`);
const failures = run(count, seed);
for (const f of failures.slice(0, 40)) console.log("MISMATCH", f);
console.log(`finished: ${failures.length} mismatches`);
if (failures.length) Deno.exit(1);
