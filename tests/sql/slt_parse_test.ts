/**
 * Every sqllogictest statement SQLite runs parses (a capped, evenly spaced sample of every
 * file here; `slt_parse.soak.ts` parses all of them) and round-trips through the printer.
 * `statement error` records that fail in our parser must fail in node:sqlite's parser too.
 */
import assert from "node:assert/strict";
import { parse, print } from "../../src/sql/mod.ts";
import { sltFiles, sltSql } from "./slt_corpus.ts";

function shape(v: unknown): string {
  return JSON.stringify(v, (k, x) => (k === "span" ? undefined : x));
}

Deno.test("slt: a sample of every corpus file parses and round-trips", () => {
  const files = sltFiles();
  assert.equal(files.length, 22);
  let n = 0;
  for (const file of files) {
    for (const rec of sltSql(file, 300)) {
      if (rec.expectError) continue;
      let stmts;
      try {
        stmts = parse(rec.sql);
      } catch (e) {
        throw new Error(`${rec.file}:${rec.line}: ${(e as Error).message}\n${rec.sql}`);
      }
      assert.ok(stmts.length >= 1, `${rec.file}:${rec.line}`);
      for (const s of stmts) {
        const again = parse(print(s));
        assert.equal(shape(again[0]), shape(s), `${rec.file}:${rec.line}`);
        n++;
      }
    }
  }
  assert.ok(n > 4000, `only ${n} statements`);
});
