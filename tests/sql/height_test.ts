/**
 * `exprHeight` reproduces SQLite's Expr.nHeight: for every construct whose nesting is limited by
 * "Expression tree is too large (maximum depth 1000)" while parsing, the deepest statement
 * node:sqlite accepts has a top expression of height 999 or 1000 by our count, and one level
 * more exceeds 1000.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { exprHeight, parseOne } from "../../src/sql/mod.ts";
import type { SelectStmt } from "../../src/sql/ast.ts";

const CASES: Record<string, (n: number) => string> = {
  chain: (n) => "SELECT " + "1+".repeat(n) + "1",
  minus: (n) => "SELECT " + "-(".repeat(n) + "1" + ")".repeat(n),
  not: (n) => "SELECT " + "NOT ".repeat(n) + "1",
  between: (n) => "SELECT 1" + " BETWEEN 1 AND 2".repeat(n),
  notbetween: (n) => "SELECT 1" + " NOT BETWEEN 1 AND 2".repeat(n),
  like: (n) => "SELECT 'a'" + " LIKE 'a'".repeat(n),
  notlike: (n) => "SELECT 'a'" + " NOT LIKE 'a'".repeat(n),
  inlist: (n) => "SELECT 1" + " IN (1,2)".repeat(n),
  inconst: (n) => "SELECT 1" + " IN (1)".repeat(n),
  notin: (n) => "SELECT 1" + " NOT IN (1,2)".repeat(n),
  is: (n) => "SELECT 1" + " IS NOT 2".repeat(n),
  cast: (n) => "SELECT " + "CAST(".repeat(n) + "1" + " AS INT)".repeat(n),
  caseop: (n) => "SELECT " + "CASE ".repeat(n) + "1" + " WHEN 1 THEN 1 END".repeat(n),
  dotcol: (n) => "SELECT t.a" + " + t.a".repeat(n) + " FROM t",
  concat: (n) => "SELECT 'a'" + " || 'b'".repeat(n),
};

Deno.test("exprHeight matches SQLite's expression-height limit for every construct", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(a)");
  const ok = (s: string) => {
    try {
      db.prepare(s);
      return true;
    } catch {
      return false;
    }
  };
  for (const [name, sql] of Object.entries(CASES)) {
    let lo = 1, hi = 3000;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ok(sql(mid))) lo = mid;
      else hi = mid - 1;
    }
    const top = (n: number) => {
      const s = parseOne(sql(n), 0).stmt as SelectStmt;
      assert.ok(s.first.kind === "core" && s.first.columns[0].kind === "expr");
      return exprHeight(s.first.columns[0].expr);
    };
    const h = top(lo);
    assert.ok(h === 1000 || h === 999, `${name}: deepest accepted (${lo}) has height ${h}`);
    assert.throws(() => parseOne(sql(lo + 1), 0), /Expression tree is too large/, name);
  }
  db.close();
});
