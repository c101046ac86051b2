/**
 * Test harness for the SELECT compiler and VM: compiles SQL with `compileSelect` and runs it on
 * the VM directly (no storage: table-less queries, VALUES, CTEs, subqueries), or through the
 * engine `Connection` when given one; and the node:sqlite oracle side. Values are compared with
 * INTEGER as bigint and REAL as number on both sides, so types are compared too.
 */
import { DatabaseSync } from "node:sqlite";
import { parseOne } from "../../src/sql/mod.ts";
import type { SelectStmt } from "../../src/sql/ast.ts";
import { builtinFunctions } from "../../src/func/mod.ts";
import { compileSelect } from "../../src/planner/select.ts";
import type { FunctionResolver } from "../../src/planner/expr.ts";
import { Schema } from "../../src/planner/schema.ts";
import { Vm } from "../../src/vdbe/vm.ts";
import type { VmHost } from "../../src/vdbe/vm_types.ts";
import { collationByName } from "../../src/vdbe/value/compare.ts";
import { SqliteError } from "../../src/error.ts";

/** A query outcome: rows of typed values, or an error message. */
export type Outcome = { rows: unknown[][] } | { error: string };

const registry = builtinFunctions();
const resolver: FunctionResolver = {
  resolve(name, nArg) {
    const d = registry.find(name, nArg);
    if (d) return { impl: d, aggregate: d.kind === "aggregate" };
    return registry.has(name) ? "wrong-args" : null;
  },
};

const host: VmHost = {
  openCursor() {
    throw new SqliteError("no storage in this harness", "SQLITE_INTERNAL");
  },
  collator(name) {
    if (name === null || name.toUpperCase() === "BINARY") return null;
    const c = collationByName(name);
    if (c === undefined) throw new SqliteError(`no such collation sequence: ${name}`);
    return c;
  },
  transaction() {},
  funcContext: { changes: () => 0, totalChanges: () => 0, lastInsertRowid: () => 0 },
};

/** Run a table-less SELECT on tsqlite's compiler + VM. */
export function tsq(sql: string): Outcome {
  try {
    const p = parseOne(sql, 0);
    if (p.stmt === null || p.stmt.kind !== "select") return { error: "not a SELECT" };
    const prog = compileSelect(
      p.stmt as SelectStmt,
      {
        schema: new Schema(),
        functions: resolver,
        dqs: false,
      },
      p.params,
      sql,
    );
    const vm = new Vm(prog, host);
    const rows: unknown[][] = [];
    while (vm.step()) {
      const r: unknown[] = [];
      for (let i = 0; i < vm.resultCount; i++) r.push(vm.regs[vm.resultStart + i].toJs(true));
      rows.push(r);
    }
    return { rows };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const oracle = new DatabaseSync(":memory:");

/** Run the same SQL on node:sqlite (INTEGER → bigint). */
export function ref(sql: string): Outcome {
  try {
    const st = oracle.prepare(sql);
    st.setReadBigInts(true);
    (st as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
    const rows = st.all() as unknown as unknown[][];
    return { rows };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Canonical text of an outcome for comparison (NaN/-0 aware). */
export function show(o: Outcome): string {
  if ("error" in o) return `ERROR ${o.error}`;
  return JSON.stringify(o.rows, (_k, v) => {
    if (typeof v === "bigint") return `${v}n`;
    if (typeof v === "number") return Object.is(v, -0) ? "-0.0r" : `${v}r`;
    if (v instanceof Uint8Array) {
      return `x'${[...v].map((b) => b.toString(16).padStart(2, "0")).join("")}'`;
    }
    return v;
  });
}

/** Compare tsqlite with node:sqlite; returns null when equal, else a description. */
export function diff(sql: string, ordered = true): string | null {
  const a = tsq(sql);
  const b = ref(sql);
  let sa = show(a);
  let sb = show(b);
  if (!ordered && "rows" in a && "rows" in b) {
    sa = JSON.stringify(a.rows.map((r) => show({ rows: [r] })).sort());
    sb = JSON.stringify(b.rows.map((r) => show({ rows: [r] })).sort());
  }
  if ("error" in a && "error" in b) {
    return a.error === b.error ? null : `${sql}\n  tsqlite: ${sa}\n  sqlite:  ${sb}`;
  }
  return sa === sb ? null : `${sql}\n  tsqlite: ${sa}\n  sqlite:  ${sb}`;
}
