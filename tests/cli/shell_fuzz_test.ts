/**
 * Randomised differential test of the shell's output modes against the real sqlite3 binary:
 * random tables (integers, NULLs, text with quotes, commas, spaces, tabs, newlines, unicode)
 * printed in every mode with headers on and off, random separators and null text — one script,
 * compared byte for byte. REALs are limited to values the 3.40 reference and SQLite 3.53 render
 * alike. Ignored where no sqlite3 binary is installed.
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

function script(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const text = () =>
    pick(["a", "it''s", "x,y", "two words", "tab\there", "ünï", "日本", "", " lead", 'q"q', "a|b"]);
  const value = () =>
    pick([
      () => String(Math.floor(r() * 2000) - 1000),
      () => "NULL",
      () => `'${text()}'`,
      () => `'${text()}' || char(10) || '${text()}'`,
      () => "9223372036854775807",
      () => pick(["0.5", "-2.25", "100.0", "1e10", "0.0"]),
      () => pick(["x'00ff41'", "x'c3a9'", "x''", "'nul' || char(0) || 'x'"]),
    ])();
  let out = "";
  for (let t = 0; t < 6; t++) {
    const nCol = 1 + Math.floor(r() * 4);
    const cols = Array.from(
      { length: nCol },
      (_, i) => pick(["c", "name", "Wide Column", "ü"]) + i,
    );
    out += `create table t${t}(${cols.map((c) => `"${c}"`).join(", ")});\n`;
    const nRow = Math.floor(r() * 6);
    for (let k = 0; k < nRow; k++) {
      out += `insert into t${t} values (${cols.map(() => value()).join(", ")});\n`;
    }
    for (
      const mode of [
        "list",
        "csv",
        "tabs",
        "line",
        "column",
        "box",
        "table",
        "markdown",
        "json",
        "quote",
      ]
    ) {
      out += `.mode ${mode}\n.headers ${r() < 0.5 ? "on" : "off"}\n`;
      if (r() < 0.3 && mode === "list") out += `.separator ${pick([";", "::", ","])}\n`;
      if (r() < 0.3) out += `.nullvalue ${pick(["NULL", "-", "(null)"])}\n`;
      out += `select * from t${t};\n`;
    }
    out += ".nullvalue ''\n";
  }
  return out;
}

for (const seed of [1, 2, 3, 4, 5, 6]) {
  Deno.test({
    name: `shell output modes on random tables match sqlite3 (seed ${seed})`,
    ignore: SQLITE3 === null,
    fn: async () => {
      const s = script(seed);
      const expected = await runSqlite3(s);
      const actual = runTsqlite(s);
      assert.equal(actual.err, expected.err);
      assert.equal(actual.out, expected.out);
    },
  });
}
