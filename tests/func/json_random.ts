/**
 * Random JSON/JSON5 documents and edits, each checked against node:sqlite. Shared by the
 * 1500-document test in json_test.ts and the long run in json_fuzz.soak.ts. Tests only.
 * @module
 */

import { check, lcg } from "./func_harness.ts";

/**
 * Generate `count` documents from `lcg(seed)` (so a seed names a run) and compare json,
 * json_valid, json_error_position, json_extract, json_set, json_remove, jsonb, jsonb_set,
 * jsonb_remove and jsonb_insert on each with node:sqlite; push a description of every
 * difference onto `failures`.
 */
export function checkRandomJson(count: number, seed: number, failures: string[]): void {
  const rnd = lcg(seed);
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
}
