/**
 * Hostile input: random token sequences and mutated corpus statements always give a
 * SqliteError (SQLITE_ERROR) or a parse — never a crash, hang or JavaScript stack overflow —
 * and wherever node:sqlite reports a parser-level error our message is the same. Deep nesting
 * hits SQLite's own limits with SQLite's messages.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parseOne, tokenize } from "../../src/sql/mod.ts";
import { KEYWORD_NAMES } from "../../src/sql/keywords.ts";
import { SqliteError } from "../../src/error.ts";
import { ORACLE_SCHEMA, validCorpus } from "./corpus.ts";
import { SqlGen } from "./gen.ts";
import { PARSE_TIME } from "./generated_diff.ts";

const VOCAB = [
  ...KEYWORD_NAMES,
  ..."( ) , ; . + - * / % = == != <> < <= > >= << >> & | ~ || -> ->>".split(" "),
  "1",
  "2.5",
  "1e3",
  "0x10",
  "1_000",
  "'s'",
  "x'00'",
  "?",
  "?2",
  ":p",
  "@q",
  "$r",
  "t",
  "a",
  "b",
  "u",
  '"q"',
  "[b]",
  "`c`",
  "abs",
  "count",
  "x'0'",
  "'open",
  "!",
  "#1",
];

const PARSER_MESSAGE = new RegExp(
  PARSE_TIME.source +
    "|RETURNING in a trigger|qualified table names|INDEXED clause|VALUES must have",
);

function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

function ours(sql: string): string {
  try {
    parseOne(sql, 0);
    return "OK";
  } catch (e) {
    if (!(e instanceof SqliteError)) throw new Error(`${sql}: threw ${e}`);
    assert.equal(e.code, "SQLITE_ERROR");
    return e.message;
  }
}

function differential(list: string[]): { compared: number; diffs: string[] } {
  const db = new DatabaseSync(":memory:");
  db.exec(ORACLE_SCHEMA);
  let compared = 0;
  const diffs: string[] = [];
  for (const sql of list) {
    let theirs = "OK";
    try {
      db.prepare(sql);
    } catch (e) {
      theirs = (e as Error).message;
    }
    const mine = ours(sql);
    // ALTER TABLE ADD COLUMN's duplicate-name check needs the schema (the planner's).
    const schemaCheck = /^\s*ALTER/i.test(sql) && /duplicate column/.test(theirs);
    if (PARSER_MESSAGE.test(theirs) && !schemaCheck) {
      compared++;
      if (mine !== theirs) diffs.push(`${sql}\n  sqlite: ${theirs}\n  ours:   ${mine}`);
    } else if (theirs === "OK" && mine !== "OK") {
      diffs.push(`${sql}\n  sqlite: OK\n  ours:   ${mine}`);
    }
  }
  db.close();
  return { compared, diffs };
}

Deno.test("fuzz: 10,000 random token sequences match node:sqlite's parser", () => {
  const r = rng(20261121);
  const list: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const n = 1 + r(14);
    const toks: string[] = [];
    for (let k = 0; k < n; k++) toks.push(VOCAB[r(VOCAB.length)]);
    list.push(toks.join(" "));
  }
  const { compared, diffs } = differential(list);
  assert.ok(compared > 9000, `compared ${compared}`);
  assert.deepEqual(diffs, []);
});

Deno.test("fuzz: 5,000 mutated corpus statements match node:sqlite's parser", () => {
  const r = rng(7);
  const corpus = validCorpus();
  const list: string[] = [];
  for (let i = 0; i < 5_000; i++) {
    const toks = tokenize(corpus[r(corpus.length)]).filter((t) => t.type !== "SPACE").map((t) =>
      t.text
    );
    const edits = 1 + r(3);
    for (let e = 0; e < edits; e++) {
      const pos = r(toks.length + 1);
      const mode = r(3);
      if (mode === 0) toks.splice(pos, 0, VOCAB[r(VOCAB.length)]);
      else if (mode === 1) toks[Math.min(pos, toks.length - 1)] = VOCAB[r(VOCAB.length)];
      else toks.splice(pos, 1);
    }
    list.push(toks.join(" "));
  }
  const { compared, diffs } = differential(list);
  assert.ok(compared > 3000, `compared ${compared}`);
  assert.deepEqual(diffs, []);
});

Deno.test("limits: 10,000 nested parentheses give SQLite's Recursion limit, not a stack overflow", () => {
  const deep = (n: number) => "SELECT " + "(".repeat(n) + "1" + ")".repeat(n);
  assert.equal(ours(deep(2493)), "OK");
  assert.equal(ours(deep(2494)), "Recursion limit");
  assert.equal(ours(deep(10_000)), "Recursion limit");
  assert.equal(ours("SELECT " + "(".repeat(10_000)), "Recursion limit");
  const calls = (n: number) => "SELECT " + "abs(".repeat(n) + "1" + ")".repeat(n);
  assert.equal(ours(calls(831)), "OK");
  assert.equal(ours(calls(832)), "Recursion limit");
  assert.equal(ours("SELECT " + "-(".repeat(5000) + "1" + ")".repeat(5000)), "Recursion limit");
  assert.equal(
    ours("SELECT " + "(SELECT ".repeat(3000) + "1" + ")".repeat(3000)),
    "Recursion limit",
  );
  assert.equal(
    ours("SELECT * FROM " + "(".repeat(5000) + "t" + ")".repeat(5000)),
    "Recursion limit",
  );
});

Deno.test("limits: expression depth 1000 and 500 compound terms, with SQLite's messages", () => {
  const depth = "Expression tree is too large (maximum depth 1000)";
  assert.equal(ours("SELECT " + "1+".repeat(999) + "1"), "OK");
  assert.equal(ours("SELECT " + "1+".repeat(1000) + "1"), depth);
  assert.equal(ours("SELECT " + "NOT ".repeat(999) + "1"), "OK");
  assert.equal(ours("SELECT " + "NOT ".repeat(1000) + "1"), depth);
  assert.equal(ours("SELECT " + "~".repeat(1000) + "1"), depth);
  assert.equal(ours("SELECT 1 UNION ".repeat(499) + "SELECT 1"), "OK");
  assert.equal(
    ours("SELECT 1 UNION ".repeat(500) + "SELECT 1"),
    "too many terms in compound SELECT",
  );
  assert.equal(ours("SELECT 1 UNION ".repeat(5000) + "VALUES(1)"), "OK");
});

Deno.test("fuzz: 3,000 mutated random statements (gen.ts) match node:sqlite's parser", () => {
  const g = new SqlGen(5);
  const list: string[] = [];
  while (list.length < 3_000) {
    const base = g.statement();
    if (base.length > 600) continue;
    const toks = tokenize(base).filter((t) => t.type !== "SPACE").map((t) => t.text);
    const edits = 1 + g.r(2);
    for (let e = 0; e < edits; e++) {
      const pos = g.r(toks.length + 1);
      const mode = g.r(3);
      if (mode === 0) toks.splice(pos, 0, g.pick(VOCAB));
      else if (mode === 1) toks[Math.min(pos, toks.length - 1)] = g.pick(VOCAB);
      else toks.splice(pos, 1);
    }
    list.push(toks.join(" "));
  }
  const { compared, diffs } = differential(list);
  assert.ok(compared > 1500, `compared ${compared}`);
  assert.deepEqual(diffs, []);
});

Deno.test("fuzz: 3,000 character-mutated random statements match node:sqlite's tokenizer and parser", () => {
  const g = new SqlGen(9);
  const chars = [
    "'",
    '"',
    "[",
    "]",
    "`",
    "$",
    "#",
    ":",
    "@",
    "?",
    "x'",
    "X'0",
    "_",
    "1",
    "e",
    ".",
    "-",
    "/",
    "*",
    "!",
    "=",
    "<",
    ">",
    "|",
    "(",
    ")",
    ",",
    ";",
    " ",
    "\n",
    "\v",
    "\f",
    "é",
    "中",
    "\ufeff",
    "0x",
    "1_",
    "::",
  ];
  const list: string[] = [];
  while (list.length < 3_000) {
    let sql = g.statement();
    if (sql.length > 400) continue;
    const edits = 1 + g.r(2);
    for (let e = 0; e < edits; e++) {
      const pos = g.r(sql.length + 1);
      sql = g.r(3) === 0
        ? sql.slice(0, pos) + sql.slice(pos + 1)
        : sql.slice(0, pos) + g.pick(chars) + sql.slice(pos);
    }
    list.push(sql);
  }
  const { compared, diffs } = differential(list);
  assert.ok(compared > 1500, `compared ${compared}`);
  assert.deepEqual(diffs, []);
});
