/**
 * The generative differential: random statements from `gen.ts` through node:sqlite's prepare and
 * our parser. Where SQLite prepares, we parse; where SQLite's tokenizer/parser (or a parser
 * action) rejects, our message is the same; every statement we parse round-trips the printer.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { parseOne, print } from "../../src/sql/mod.ts";
import { SqlGen } from "./gen.ts";
import { ORACLE_SCHEMA } from "./corpus.ts";

/** Messages SQLite raises while parsing (tokenizer, grammar, parser actions). */
export const PARSE_TIME =
  /syntax error|incomplete input|unrecognized token|clause should come after|unknown join type|a JOIN clause|unknown table option|Expression tree|default value of column|error in generated column "|unsupported frame|after column name|duplicate WITH|variable number|Recursion limit|too many terms|more than one primary key|cannot use DEFAULT on a generated|generated columns cannot be part|duplicate column name/;

function shape(v: unknown): string {
  return JSON.stringify(v, (k, x) => (k === "span" ? undefined : x));
}

/** Run `count` generated statements from `seed`; returns counts and the disagreements. */
export function generatedDiff(seed: number, count: number): {
  accepted: number;
  rejected: number;
  diffs: string[];
} {
  const db = new DatabaseSync(":memory:");
  db.exec(ORACLE_SCHEMA);
  const g = new SqlGen(seed);
  let accepted = 0, rejected = 0;
  const diffs: string[] = [];
  for (let i = 0; i < count; i++) {
    const sql = g.statement();
    let theirs = "OK";
    try {
      db.prepare(sql);
    } catch (e) {
      theirs = (e as Error).message;
    }
    let mine = "OK";
    let printed = "";
    try {
      const r = parseOne(sql, 0);
      printed = print(r.stmt!);
      if (shape(parseOne(printed, 0).stmt) !== shape(r.stmt)) mine = `round-trip: ${printed}`;
    } catch (e) {
      mine = (e as Error).message;
    }
    if (theirs === "OK" && mine === "OK") {
      // The printed SQL must be as acceptable to SQLite as the original.
      try {
        db.prepare(printed);
      } catch (e) {
        mine = `printed SQL rejected by SQLite (${(e as Error).message}): ${printed}`;
      }
    }
    if (theirs === "OK") {
      accepted++;
      if (mine !== "OK") diffs.push(`${sql}\n  sqlite OK, ours: ${mine}`);
    } else if (PARSE_TIME.test(theirs)) {
      rejected++;
      if (mine !== theirs) diffs.push(`${sql}\n  sqlite: ${theirs}\n  ours:   ${mine}`);
    } else if (mine.startsWith("round-trip")) {
      diffs.push(`${sql}\n  ${mine}`);
    }
  }
  db.close();
  return { accepted, rejected, diffs };
}
