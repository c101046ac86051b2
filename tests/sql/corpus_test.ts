/**
 * The valid-SQL corpus: every statement parses, round-trips through the printer
 * (`parse(print(ast))` deep-equals `ast`, spans aside), and node:sqlite accepts it (any error
 * node:sqlite's prepare raises is semantic — never a syntax-class message).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parse, print } from "../../src/sql/mod.ts";
import { ORACLE_SCHEMA, validCorpus } from "./corpus.ts";

/** JSON of an AST without spans (and without TypeName.text, which keeps source spacing). */
export function shape(v: unknown): string {
  return JSON.stringify(v, (k, x) => (k === "span" ? undefined : x));
}

const SYNTAX = /syntax error|incomplete input|unrecognized token/;

Deno.test("corpus: at least 600 statements parse and round-trip through the printer", () => {
  const corpus = validCorpus();
  assert.ok(corpus.length >= 600, `corpus has ${corpus.length}`);
  for (const sql of corpus) {
    const stmts = parse(sql);
    assert.equal(stmts.length, 1, sql);
    const printed = print(stmts[0]);
    let again;
    try {
      again = parse(printed);
    } catch (e) {
      throw new Error(`reparse of ${printed} (from ${sql}) failed: ${(e as Error).message}`);
    }
    assert.equal(shape(again[0]), shape(stmts[0]), `${sql}\n => ${printed}`);
  }
});

Deno.test("corpus: node:sqlite accepts every corpus statement and its printed form alike", () => {
  const db = new DatabaseSync(":memory:");
  db.exec(ORACLE_SCHEMA);
  let prepared = 0;
  for (const sql of validCorpus()) {
    let original = "OK";
    try {
      db.prepare(sql);
      prepared++;
    } catch (e) {
      original = (e as Error).message;
      assert.ok(!SYNTAX.test(original), `node:sqlite: ${sql} -> ${original}`);
    }
    // The printed form is as acceptable to SQLite as the original (same outcome).
    const printed = print(parse(sql)[0]);
    let again = "OK";
    try {
      db.prepare(printed);
    } catch (e) {
      again = (e as Error).message;
    }
    assert.equal(again, original, `printed: ${printed}`);
  }
  assert.ok(prepared > 500, `only ${prepared} prepared`);
  db.close();
});
