/**
 * Invalid SQL: our error message equals node:sqlite's prepare message exactly (same SQLite as
 * better-sqlite3). The invalid statements are hand-written cases for every parser-raised
 * message, plus every token-boundary truncation and every single-token deletion of corpus
 * statements, compared wherever node:sqlite reports a parser-level error.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parseOne, tokenize } from "../../src/sql/mod.ts";
import { SqliteError } from "../../src/error.ts";
import { ORACLE_SCHEMA, STATEMENTS } from "./corpus.ts";
import { INVALID } from "./invalid.ts";

/** Messages raised by SQLite's tokenizer and parser actions (not by name resolution). */
const PARSER_MESSAGE = new RegExp(
  [
    "syntax error",
    "incomplete input",
    "unrecognized token",
    "Expression tree is too large",
    "too many terms in compound SELECT",
    "clause should come after",
    "unknown join type",
    "a JOIN clause is required before",
    "Recursion limit",
    "unknown table option",
    "all VALUES must have the same number of terms",
    "duplicate WITH table name",
    "variable number must be between",
    "default value of column",
    "error in generated column",
    "unsupported frame specification",
    "syntax error after column name",
  ].join("|"),
);

/** Our message for `sql`, or "OK". */
function ours(sql: string): string {
  try {
    parseOne(sql, 0);
    return "OK";
  } catch (e) {
    assert.ok(e instanceof SqliteError, `${sql}: not a SqliteError: ${e}`);
    assert.equal(e.code, "SQLITE_ERROR");
    return e.message;
  }
}

/** Truncations and single-token deletions of the corpus statements. */
function mutations(): string[] {
  const out: string[] = [];
  for (const sql of STATEMENTS) {
    const toks = tokenize(sql).filter((t) => t.type !== "SPACE");
    for (let k = 1; k < toks.length; k++) out.push(sql.slice(0, toks[k - 1].end));
    for (let k = 0; k < toks.length; k++) {
      out.push(sql.slice(0, toks[k].start) + sql.slice(toks[k].end));
    }
  }
  return out;
}

function compare(list: string[]): { compared: number; mismatches: string[] } {
  const db = new DatabaseSync(":memory:");
  db.exec(ORACLE_SCHEMA);
  let compared = 0;
  const mismatches: string[] = [];
  for (const sql of list) {
    let theirs = "OK";
    try {
      db.prepare(sql);
    } catch (e) {
      theirs = (e as Error).message;
    }
    const mine = ours(sql);
    if (PARSER_MESSAGE.test(theirs)) {
      compared++;
      if (mine !== theirs) {
        mismatches.push(`${sql.slice(0, 120)}\n  sqlite: ${theirs}\n  ours:   ${mine}`);
      }
    } else if (theirs === "OK" && mine !== "OK") {
      // node:sqlite prepared it: we must parse it too.
      mismatches.push(`${sql.slice(0, 120)}\n  sqlite: ${theirs}\n  ours:   ${mine}`);
    }
  }
  db.close();
  return { compared, mismatches };
}

Deno.test("errors: hand-written invalid statements give SQLite's exact message", () => {
  const { compared, mismatches } = compare(INVALID);
  assert.ok(compared >= 200, `only ${compared} compared`);
  assert.deepEqual(mismatches, []);
});

Deno.test("errors: truncated and token-deleted corpus statements match node:sqlite", () => {
  const { compared, mismatches } = compare(mutations());
  assert.ok(compared >= 1000, `only ${compared} compared`);
  assert.deepEqual(mismatches, []);
});
