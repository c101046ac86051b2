/**
 * Expanded SQL (what `verbose` receives) against SQLite's own sqlite3_expanded_sql, read through
 * node:sqlite's `expandedSQL`: REAL rendering over random doubles, text quoting, blobs, NULL,
 * and parameter numbering for `?`, `?NNN`, `:a`, `@a`, `$a` mixed with strings and comments.
 * @module
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { expandSql, scanParameters } from "../../src/api/expand.ts";

function expanded(db: DatabaseSync, sql: string, named: Record<string, unknown>, anon: unknown[]) {
  const st = db.prepare(sql);
  st.all(named as never, ...(anon as never[]));
  return (st as unknown as { expandedSQL: string }).expandedSQL;
}

Deno.test("expanded SQL renders REALs as SQLite does (%!.15g, Inf)", () => {
  const db = new DatabaseSync(":memory:");
  const vals = [
    0,
    -0,
    1,
    1.5,
    0.1,
    1 / 3,
    1e20,
    1e-7,
    2 ** 53,
    1e15,
    1e16,
    Math.PI,
    Infinity,
    -Infinity,
  ];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 3000; i++) vals.push((rnd() - 0.5) * 10 ** Math.floor(rnd() * 60 - 30));
  for (const v of vals) {
    assert.equal(
      expandSql("SELECT ?", [undefined, v]),
      expanded(db, "SELECT ?", {}, [v]),
      String(v),
    );
  }
  db.close();
});

Deno.test("expanded SQL: text, blobs, NULL, integers and parameter numbering", () => {
  const db = new DatabaseSync(":memory:");
  const cases: [string, Record<string, unknown>, unknown[]][] = [
    ["SELECT ?, ?, ?, ?", {}, ["it's", new Uint8Array([0, 255, 16]), null, 42n]],
    ["SELECT :a, @b, $c, :a", { a: 1.5, b: "x", c: null }, []],
    ["SELECT ?2, ?1, ?", {}, [10n, 20n, 30n]],
    ["SELECT '?' AS \"?\", ? AS [?], ? AS `?` -- ?\n, ? /* :x */", {}, ["p", "q", "r"]],
    ["SELECT ?, :n, ?", { n: "mid" }, ["first", "last"]],
    ["SELECT x'3F', ?", {}, [-7n]],
  ];
  for (const [sql, named, anon] of cases) {
    const tokens = scanParameters(sql);
    const values: unknown[] = [];
    let k = 0;
    const byIndex = new Map<number, string | null>();
    for (const t of tokens) byIndex.set(t.index, t.name);
    const max = Math.max(0, ...tokens.map((t) => t.index));
    for (let i = 1; i <= max; i++) {
      const name = byIndex.get(i);
      values[i] = name && !name.startsWith("?") ? named[name.slice(1)] : anon[k++];
    }
    // node:sqlite's SQLite has no SQLITE_TRACE_SIZE_LIMIT: compare without the cut.
    assert.equal(expandSql(sql, values, Infinity), expanded(db, sql, named, anon), sql);
  }
  db.close();
});
