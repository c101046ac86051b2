/**
 * The planner reads sqlite_stat1 (through CompileEnv.stat1): after ANALYZE, index choice and join
 * order follow the measured row counts, and EXPLAIN QUERY PLAN matches node:sqlite's.
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair } from "./select_table_harness.ts";
import { parseOne } from "../../src/sql/mod.ts";
import type { SelectStmt } from "../../src/sql/ast.ts";
import { compileSelect } from "../../src/planner/select.ts";
import type { CompileEnv } from "../../src/planner/expr.ts";
import type { Schema } from "../../src/planner/schema.ts";

Deno.test("plans use sqlite_stat1 row counts like SQLite after ANALYZE", () => {
  const p = new Pair();
  try {
    p.exec("CREATE TABLE t(a, b, c); CREATE INDEX ta ON t(a); CREATE INDEX tb ON t(b);");
    p.exec("CREATE TABLE small(x, y); CREATE INDEX sx ON small(x);");
    const rows: string[] = [];
    for (let i = 0; i < 300; i++) rows.push(`(${i % 3}, ${i}, ${i % 7})`);
    p.exec(`INSERT INTO t VALUES ${rows.join(",")}; INSERT INTO small VALUES (1, 2), (2, 3);`);
    p.ref.exec("ANALYZE");
    const stats = p.ref.prepare("SELECT tbl, idx, stat FROM sqlite_stat1").all() as {
      tbl: string;
      idx: string | null;
      stat: string;
    }[];
    const env: CompileEnv = {
      schema: (p.ts as unknown as { engine: { schema: Schema } }).engine.schema,
      functions: { resolve: () => null },
      dqs: false,
      stat1: (t, i) => stats.find((r) => r.tbl === t && r.idx === i)?.stat,
    };
    const bad: string[] = [];
    for (
      const q of [
        "SELECT * FROM t WHERE a = 1 AND b = 2",
        "SELECT * FROM t WHERE b = 1 AND a = 2",
        "SELECT * FROM t WHERE a = 1",
        "SELECT * FROM t, small WHERE t.b = small.y",
        "SELECT * FROM small, t WHERE t.a = small.x",
        "SELECT * FROM t WHERE a = 1 AND c = 2",
      ]
    ) {
      const ps = parseOne(q, 0);
      const prog = compileSelect(ps.stmt as SelectStmt, env, ps.params, q);
      const ts = prog.queryPlan.map((l) => l.detail).join(" | ");
      const ref = (p.ref.prepare("EXPLAIN QUERY PLAN " + q).all() as { detail: string }[])
        .map((r) => r.detail).join(" | ");
      if (ts !== ref) bad.push(`${q}\n  tsqlite: ${ts}\n  sqlite:  ${ref}`);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});
