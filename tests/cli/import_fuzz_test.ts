/**
 * Randomised differential test of `.import` against the real sqlite3 binary: random CSV files
 * (quoted fields, doubled quotes, stray quotes, embedded separators and newlines, CRLF, short and
 * long records, unterminated quotes) imported in csv and list mode; the resulting tables (printed
 * in quote mode) and the warnings must match. Ignored where no sqlite3 binary is installed.
 * @module
 */
import assert from "node:assert/strict";
import { runSqlite3, runTsqlite, SQLITE3 } from "./harness.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function csv(seed: number, sep: string): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const field = () =>
    pick([
      () => "plain",
      () => String(Math.floor(r() * 100)),
      () => "",
      () => `"quoted ${sep} sep"`,
      () => '"dbl ""q"""',
      () => '"multi\nline"',
      () => 'stray"quote',
      () => " spaced ",
      () => "ünï",
    ])();
  let out = "";
  const nCol = 1 + Math.floor(r() * 4);
  const nRow = 1 + Math.floor(r() * 8);
  for (let i = 0; i < nRow; i++) {
    const n = r() < 0.8 ? nCol : 1 + Math.floor(r() * 6);
    out += Array.from({ length: n }, field).join(sep) + (r() < 0.3 ? "\r\n" : "\n");
  }
  if (r() < 0.1) out += '"never closed';
  return out;
}

for (const seed of [11, 12, 13, 14, 15, 16, 17, 18]) {
  Deno.test({
    name: `.import of random CSV matches sqlite3 (seed ${seed})`,
    ignore: SQLITE3 === null,
    fn: async () => {
      const dir = Deno.makeTempDirSync();
      try {
        Deno.writeTextFileSync(`${dir}/a.csv`, csv(seed, ","));
        Deno.writeTextFileSync(`${dir}/b.txt`, csv(seed + 100, "|"));
        const script = `.mode csv\n.import ${dir}/a.csv a\n.mode list\n.import ${dir}/b.txt b\n` +
          `.mode quote\n.headers on\nselect * from a;\nselect * from b;\n.schema\n`;
        const expected = await runSqlite3(script);
        const actual = runTsqlite(script);
        assert.equal(actual.out, expected.out);
        assert.equal(actual.err, expected.err);
      } finally {
        Deno.removeSync(dir, { recursive: true });
      }
    },
  });
}
