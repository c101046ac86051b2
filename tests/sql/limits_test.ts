/**
 * SQLite's parser limits, located exactly: for ~50 constructs nested ever deeper, the depth at
 * which node:sqlite's prepare first reports "Recursion limit" (its LALR stack of 2,500 entries)
 * or "Expression tree is too large (maximum depth 1000)" is the depth at which we do. Deep
 * input must also work in a cold process (first parse, unoptimised code, larger JS frames).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { parseOne } from "../../src/sql/mod.ts";

const P = (n: number) => "(".repeat(n) + "1" + ")".repeat(n);
/** Constructs by name: SQL with `n` nested levels. */
export const NESTING: Record<string, (n: number) => string> = {
  parens: (n) => "SELECT " + P(n),
  plus: (n) => "SELECT " + "1+(".repeat(n) + "1" + ")".repeat(n),
  chain: (n) => "SELECT " + "1+".repeat(n) + "1",
  minus: (n) => "SELECT " + "-(".repeat(n) + "1" + ")".repeat(n),
  bitnot: (n) => "SELECT " + "~".repeat(n) + "1",
  not: (n) => "SELECT " + "NOT ".repeat(n) + "1",
  calls: (n) => "SELECT " + "abs(".repeat(n) + "1" + ")".repeat(n),
  calls2: (n) => "SELECT " + "coalesce(".repeat(n) + "1" + ",2)".repeat(n),
  casewhen: (n) => "SELECT " + "CASE WHEN ".repeat(n) + "1" + " THEN 1 END".repeat(n),
  caseop: (n) => "SELECT " + "CASE ".repeat(n) + "1" + " WHEN 1 THEN 1 END".repeat(n),
  cast: (n) => "SELECT " + "CAST(".repeat(n) + "1" + " AS INT)".repeat(n),
  vector: (n) => "SELECT " + "(1,".repeat(n) + "1" + ")".repeat(n),
  scalar: (n) => "SELECT " + "(SELECT ".repeat(n) + "1" + ")".repeat(n),
  exists: (n) => "SELECT " + "EXISTS(SELECT ".repeat(n) + "1" + ")".repeat(n),
  fromsub: (n) => "SELECT * FROM " + "(SELECT * FROM ".repeat(n) + "t" + ")".repeat(n),
  nestcte: (n) => "WITH a AS (".repeat(n) + "SELECT 1" + ") SELECT 1".repeat(n),
  between: (n) => "SELECT 1" + " BETWEEN 1 AND 2".repeat(n),
  notbetween: (n) => "SELECT 1" + " NOT BETWEEN 1 AND 2".repeat(n),
  like: (n) => "SELECT 'a'" + " LIKE 'a'".repeat(n),
  notlike: (n) => "SELECT 'a'" + " NOT LIKE 'a'".repeat(n),
  inlist: (n) => "SELECT 1" + " IN (1,2)".repeat(n),
  inconst: (n) => "SELECT 1" + " IN (1)".repeat(n),
  notin: (n) => "SELECT 1" + " NOT IN (1,2)".repeat(n),
  is: (n) => "SELECT 1" + " IS 2".repeat(n),
  isnot: (n) => "SELECT 1" + " IS NOT 2".repeat(n),
  where: (n) => "SELECT 1 FROM t WHERE " + P(n),
  groupby: (n) => "SELECT 1 FROM t GROUP BY 1, " + P(n),
  having: (n) => "SELECT 1 FROM t GROUP BY 1 HAVING " + P(n),
  orderby: (n) => "SELECT 1 FROM t ORDER BY " + P(n),
  limit: (n) => "SELECT 1 FROM t LIMIT 1 OFFSET " + P(n),
  union: (n) => "SELECT 1 UNION SELECT 1 FROM t WHERE " + P(n),
  values: (n) => "VALUES(1, " + P(n) + ")",
  join: (n) => "SELECT 1 FROM t JOIN t AS u ON " + P(n),
  filter: (n) => "SELECT count(*) FILTER (WHERE " + P(n) + ") FROM t",
  partition: (n) => "SELECT sum(1) OVER (PARTITION BY " + P(n) + ") FROM t",
  frame: (n) => "SELECT sum(1) OVER (ROWS BETWEEN " + P(n) + " PRECEDING AND CURRENT ROW) FROM t",
  windef: (n) => "SELECT 1 FROM t WINDOW w AS (ORDER BY " + P(n) + ")",
  insert: (n) => "INSERT INTO t VALUES(" + P(n) + ")",
  upsert: (n) => "INSERT INTO t VALUES(1) ON CONFLICT DO UPDATE SET a = " + P(n),
  update: (n) => "UPDATE t SET a = 1 WHERE " + P(n),
  del: (n) => "DELETE FROM t WHERE " + P(n),
  ret: (n) => "DELETE FROM t RETURNING " + P(n),
  check: (n) => "CREATE TABLE x(a CHECK(" + P(n) + "))",
  dflt: (n) => "CREATE TABLE x(a DEFAULT (" + P(n) + "))",
  tcheck: (n) => "CREATE TABLE x(a, CHECK (" + P(n) + "))",
  idx: (n) => "CREATE INDEX i ON t(a) WHERE " + P(n),
  view: (n) => "CREATE VIEW v AS SELECT " + P(n),
  trigwhen: (n) => "CREATE TRIGGER r AFTER INSERT ON t WHEN " + P(n) + " BEGIN SELECT 1; END",
  trigins: (n) =>
    "CREATE TRIGGER r AFTER INSERT ON t BEGIN INSERT INTO t VALUES(" + P(n) + "); END",
  attach: (n) => "ATTACH " + P(n) + " AS y",
  explain: (n) => "EXPLAIN SELECT " + P(n),
};

const LIMIT_MESSAGES = ["Recursion limit", "Expression tree is too large (maximum depth 1000)"];

/** The first depth (1..3000) at which `msg(sql(n))` is one of SQLite's limit messages. */
function firstLimit(sql: (n: number) => string, msg: (s: string) => string): [number, string] {
  let lo = 1, hi = 3000;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (LIMIT_MESSAGES.includes(msg(sql(mid)))) hi = mid;
    else lo = mid + 1;
  }
  return [lo, msg(sql(lo))];
}

Deno.test("limits: every construct reaches SQLite's parser limits at SQLite's depth", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(a)");
  const theirs = (s: string) => {
    try {
      db.prepare(s);
      return "OK";
    } catch (e) {
      return (e as Error).message;
    }
  };
  const ours = (s: string) => {
    try {
      parseOne(s, 0);
      return "OK";
    } catch (e) {
      return (e as Error).message;
    }
  };
  const diffs: string[] = [];
  for (const [name, sql] of Object.entries(NESTING)) {
    const a = firstLimit(sql, theirs);
    // Resolve-time height checks (subqueries) are the planner's; compare parse-time limits.
    if (a[1] !== "Recursion limit" && ["scalar", "exists"].includes(name)) continue;
    const b = firstLimit(sql, ours);
    if (a[0] !== b[0] || a[1] !== b[1]) diffs.push(`${name}: sqlite ${a}, ours ${b}`);
  }
  db.close();
  assert.deepEqual(diffs, []);
});

Deno.test("limits: the deepest input SQLite accepts parses in a fresh process (cold JS stack)", async () => {
  const cases: [string, number][] = [
    ["minus", 999],
    ["plus", 831],
    ["calls", 831],
    [
      "fromsub",
      415,
    ],
    ["vector", 831],
    ["casewhen", 829],
    ["scalar", 498],
    ["parens", 2493],
  ];
  const code = `
    import { parseOne } from ${
    JSON.stringify(new URL("../../src/sql/mod.ts", import.meta.url).href)
  };
    const sql = ${JSON.stringify(cases.map(([k, n]) => NESTING[k](n)))};
    const out = sql.map((s) => { try { parseOne(s, 0); return "OK"; } catch (e) { return e.message; } });
    console.log(JSON.stringify(out));
  `;
  // One fresh process per case, so each deep parse is that process's first.
  for (let k = 0; k < cases.length; k++) {
    const one = code.replace("const out = sql.map", `const out = [sql[${k}]].map`);
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["eval", one],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(r.stdout).trim();
    assert.deepEqual(JSON.parse(text), ["OK"], `${cases[k][0]} ${cases[k][1]}`);
  }
});
