/**
 * Randomised differential test of `.dump` against the real sqlite3 binary: random schemas (tables
 * with and without rowid aliases, quoted names, indexes, views, triggers, AUTOINCREMENT) and random
 * rows (integers at the 64-bit edges, text with quotes/newlines/CR/unicode, blobs, NULL) must dump
 * to the same text, table by table and whole. REALs are limited to values the 3.40 reference and
 * SQLite 3.53 print alike. Ignored where no sqlite3 binary is installed.
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
  const value = () =>
    pick([
      () => String(Math.floor(r() * 1e6) - 5e5),
      () => "9223372036854775807",
      () => "-9223372036854775808",
      () => "NULL",
      () =>
        pick(["'a'", "'it''s'", "''", "'ünï 日本'", "'x' || char(10) || 'y'", "'c' || char(13)"]),
      () => pick(["x''", "x'00ff'", "x'0a0d27'"]),
      () => pick(["0.5", "-2.25", "1e10", "'nul' || char(0) || 'x'"]),
    ])();
  let out = "";
  const nTables = 1 + Math.floor(r() * 3);
  for (let t = 0; t < nTables; t++) {
    const name = pick([`t${t}`, `"odd ${t}"`, `"q""${t}"`, `[b${t}]`]);
    const pk = pick(["id INTEGER PRIMARY KEY", "id INTEGER PRIMARY KEY AUTOINCREMENT", "id"]);
    out += `CREATE TABLE ${name}(${pk}, a, b TEXT);\n`;
    if (r() < 0.5) out += `CREATE INDEX i${t} ON ${name}(a);\n`;
    if (r() < 0.3) out += `CREATE VIEW v${t} AS SELECT a FROM ${name};\n`;
    if (r() < 0.3 && t > 0) {
      out += `CREATE TRIGGER tr${t} AFTER DELETE ON ${name} BEGIN SELECT 1; END;\n`;
    }
    const nRows = Math.floor(r() * 6);
    for (let k = 0; k < nRows; k++) {
      out += `INSERT INTO ${name}(a, b) VALUES (${value()}, ${value()});\n`;
    }
  }
  return out + ".dump\n";
}

for (const seed of [101, 102, 103, 104, 105, 106, 107, 108]) {
  Deno.test({
    name: `.dump of a random database matches sqlite3 (seed ${seed})`,
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
