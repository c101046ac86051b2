/**
 * Parse throughput: tsqlite's tokenizer + parser over a slice of the sqllogictest corpus
 * (the `query` SQL of select1.test, random/expr and index/between: SELECTs with joins,
 * subqueries, CASE, BETWEEN, IN, aggregates), beside node:sqlite's `prepare` of the same
 * statements against the same tables (prepare = tokenize + parse + name resolution + code
 * generation, so it is an upper bound for SQLite's parse alone). Reported per statement set;
 * statements/second = set size / time.
 */
import { DatabaseSync } from "node:sqlite";
import { parseOne, tokenize } from "../src/sql/mod.ts";
import { parseSlt } from "../tests/slt/slt_parse.ts";

const FILES = [
  "/work/shared/slt/select1.test",
  "/work/shared/slt/random/expr/slt_good_0.test",
  "/work/shared/slt/index/between/10/slt_good_1.test",
];
const db = new DatabaseSync(":memory:");
const queries: string[] = [];
for (const file of FILES) {
  for (const r of parseSlt(Deno.readTextFileSync(file))) {
    if (r.conditions.some((c) => c.kind === "onlyif" && c.engine !== "sqlite")) continue;
    if (r.kind === "statement" && /^\s*CREATE\s+(TABLE|INDEX|VIEW)/i.test(r.sql)) {
      try {
        db.exec(r.sql);
      } catch { /* duplicate tables across files: first definition wins */ }
    } else if (r.kind === "query" && queries.length < 3000) {
      queries.push(r.sql);
    }
  }
}
// Keep only what node:sqlite can prepare, so both sides do the same work.
const set = queries.filter((q) => {
  try {
    db.prepare(q);
    return true;
  } catch {
    return false;
  }
});
const chars = set.reduce((n, q) => n + q.length, 0);
console.log(`parse bench: ${set.length} statements, ${chars} characters`);
let sink = 0;

Deno.bench({
  name: `node:sqlite prepare (${set.length} slt statements)`,
  group: "parse",
  baseline: true,
  fn() {
    for (const q of set) sink += db.prepare(q) ? 1 : 0;
  },
});
Deno.bench({
  name: `tsqlite parseOne (${set.length} slt statements)`,
  group: "parse",
  fn() {
    for (const q of set) sink += parseOne(q, 0).tail;
  },
});
Deno.bench({
  name: `tsqlite tokenize only (${set.length} slt statements)`,
  group: "parse",
  fn() {
    for (const q of set) sink += tokenize(q).length;
  },
});
addEventListener("unload", () => {
  if (sink === -1) console.log(sink);
});
