/**
 * The sqllogictest runner checked on real SQLite (node:sqlite): it must pass every record of a
 * corpus sample, and it must catch planted wrong answers (so a runner that passes everything
 * cannot hide behind a bug).
 */
import assert from "node:assert/strict";
import { nodeEngine } from "./slt_engine_node.ts";
import { runSlt } from "./slt_run.ts";
import { md5Values } from "./slt_render.ts";

const SLT = "/work/shared/slt";

Deno.test("slt runner: node:sqlite passes select1.test and evidence/*.test completely", () => {
  const files = [`${SLT}/select1.test`];
  for (const e of Deno.readDirSync(`${SLT}/evidence`)) files.push(`${SLT}/evidence/${e.name}`);
  for (const f of files) {
    const eng = nodeEngine();
    const r = runSlt(Deno.readTextFileSync(f), eng);
    eng.close();
    assert.equal(r.failures.length, 0, `${f}: ${JSON.stringify(r.failures.slice(0, 3))}`);
    assert.ok(r.run > 0);
  }
});

Deno.test("slt runner: detects wrong values, wrong hashes, wrong column counts, label mismatch", () => {
  const vals = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
  const text = [
    "statement ok",
    "CREATE TABLE t(a INTEGER)",
    "",
    "statement ok",
    "INSERT INTO t VALUES(1),(2),(3),(4),(5),(6),(7),(8),(9)",
    "",
    "query I rowsort",
    "SELECT a FROM t WHERE a < 3",
    "----",
    "1",
    "3",
    "", // wrong value
    "query I rowsort",
    "SELECT a FROM t",
    "----",
    `9 values hashing to ${md5Values(vals.map((v) => v + "x"))}`,
    "", // wrong hash
    "query II nosort",
    "SELECT a FROM t WHERE a = 1",
    "----",
    "1",
    "", // wrong column count
    "query I nosort label-1",
    "SELECT 1",
    "----",
    "1",
    "",
    "query I nosort label-1",
    "SELECT 2",
    "", // label mismatch
    "statement ok",
    "SELECT * FROM nosuch",
    "", // statement error not expected
    "statement error",
    "SELECT 1",
    "", // error expected
    "query R nosort",
    "SELECT 1.5, 'a'",
    "----",
    "1.500",
    "", // wrong column count (2 columns)
    "query T valuesort",
    "SELECT 'b' UNION ALL SELECT '' UNION ALL SELECT NULL UNION ALL SELECT 'é'",
    "----",
    "(empty)",
    "@@",
    "NULL",
    "b",
    "", // correct
    "query I nosort",
    "SELECT 4294967297",
    "----",
    "1",
  ].join("\n");
  const eng = nodeEngine();
  const r = runSlt(text, eng);
  eng.close();
  assert.equal(r.run, 12);
  assert.deepEqual(r.failures.map((f) => f.line), [7, 13, 18, 28, 31, 34, 37]);
  assert.equal(r.passed, 5);
});

Deno.test("slt runner: skipif/onlyif/halt/hash-threshold", () => {
  const text = [
    "hash-threshold 0",
    "",
    "skipif sqlite",
    "query I nosort",
    "SELECT 1",
    "----",
    "2",
    "",
    "onlyif mysql",
    "statement ok",
    "garbage",
    "",
    "query I nosort",
    "VALUES(1),(2),(3),(4),(5),(6),(7),(8),(9)",
    "----",
    ...["1", "2", "3", "4", "5", "6", "7", "8", "9"],
    "",
    "onlyif mssql",
    "halt",
    "",
    "halt",
    "",
    "statement ok",
    "garbage",
  ].join("\n");
  const eng = nodeEngine();
  const r = runSlt(text, eng);
  eng.close();
  assert.equal(r.run, 1);
  assert.equal(r.passed, 1);
  assert.equal(r.skipped, 2);
});
