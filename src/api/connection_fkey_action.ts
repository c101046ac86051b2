/**
 * How FOREIGN KEY actions change child rows — the statements of SQLite's fkActionTrigger
 * (`DELETE FROM child WHERE …` / `UPDATE child SET key = NULL | DEFAULT | new key WHERE …`).
 *
 * Owns: the action statement text and a per-connection pool of its compiled programs (one per
 * nesting level in use, for child tables with triggers, which must see real statements), and the
 * per-connection row writers that carry actions out directly on trigger-less child tables.
 * Both are keyed by schema generation. ./connection_fkey.ts decides when an action runs.
 * Must never: decide which rows an action touches or count violations. Cold (compilation,
 * pooling); the writers' work per row is warm.
 * @module
 */

import { SqliteError } from "../error.ts";
import { parseOne } from "../sql/mod.ts";
import type { Statement as Ast } from "../sql/ast.ts";
import { foldName, type Table } from "../planner/schema.ts";
import { Vm } from "../vdbe/vm.ts";
import { type Engine, EngineHost } from "./connection_engine.ts";
import { compileHook } from "./connection_trigger.ts";
import { type FkRowHooks, TableWriter } from "./connection_write.ts";
import { SchemaEval } from "./connection_subquery.ts";
import type { FkLink } from "./connection_fkey_scan.ts";

/** What a write statement is (the subset an action writer's hooks are built for). */
export interface FkActionStatement {
  readonly kind: "delete" | "update";
  readonly changed?: ReadonlySet<number> | null;
  readonly or?: "ABORT";
}

/**
 * The action statement for `l`: `DELETE FROM child WHERE rowid = ?1` or `UPDATE OR ABORT child
 * SET col = NULL | DEFAULT | ?2… WHERE rowid = ?1` (SQLite's action trigger step, run for each
 * child row the scan found, with the orconf of sqlite3FkActions: ABORT). Cold.
 */
export function actionSql(l: FkLink, kind: "delete" | "update", act: string): string {
  const child = l.child;
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rid = ["rowid", "_rowid_", "oid"].find((n) =>
    !child.columns.some((c) => foldName(c.name) === n)
  );
  if (rid === undefined) {
    throw new SqliteError(`FOREIGN KEY actions on table ${child.name} are not supported yet`);
  }
  if (kind === "delete" && act === "CASCADE") {
    return `DELETE FROM main.${q(child.name)} WHERE ${rid} = ?1`;
  }
  const sets = l.childCols.map((c, i) => {
    const col = child.columns[c];
    let value = "NULL";
    if (act === "CASCADE") value = `?${i + 2}`;
    else if (act === "SET DEFAULT" && col.defaultText !== null) value = `(${col.defaultText})`;
    return `${q(col.name)} = ${value}`;
  });
  return `UPDATE OR ABORT main.${q(child.name)} SET ${sets.join(", ")} WHERE ${rid} = ?1`;
}

/**
 * Compiled action statements of a connection, by SQL text: the idle ones of the current schema
 * generation. A cascade that nests takes one per level (a running program is never re-entered).
 */
const ACTION_POOLS = new WeakMap<Engine, { generation: number; idle: Map<string, Vm[]> }>();

function actionPool(engine: Engine): Map<string, Vm[]> {
  let pool = ACTION_POOLS.get(engine);
  if (pool === undefined || pool.generation !== engine.generation) {
    pool = { generation: engine.generation, idle: new Map() };
    ACTION_POOLS.set(engine, pool);
  }
  return pool.idle;
}

/** An idle compiled program for `sql`, compiled now if none is idle. Cold. */
export function acquireAction(engine: Engine, sql: string): Vm {
  const vm = actionPool(engine).get(sql)?.pop();
  if (vm !== undefined) return vm;
  const parsed = parseOne(sql, 0);
  const prog = compileHook.compile!(engine, parsed.stmt as Ast, parsed.params, sql);
  return new Vm(prog, new EngineHost(engine, null));
}

export function releaseAction(engine: Engine, sql: string, vm: Vm): void {
  const idle = actionPool(engine);
  let list = idle.get(sql);
  if (list === undefined) idle.set(sql, list = []);
  list.push(vm);
}

/** A row writer that carries out actions on one trigger-less child table. */
export interface ActionWriter {
  readonly w: TableWriter;
  readonly ev: SchemaEval;
}

/** Action row writers, per connection and schema generation. */
const ACTION_WRITERS = new WeakMap<
  Engine,
  { generation: number; byKey: Map<string, ActionWriter> }
>();

/**
 * The row writer (with its own foreign-key hooks) that deletes `child` rows for ON DELETE CASCADE
 * (`cols` null) or sets its key columns `cols` for the other actions. One per table and column
 * set: a nested action re-enters it only after each row's own work is done. Cold.
 */
export function actionWriter(
  engine: Engine,
  child: Table,
  cols: readonly number[] | null,
  hooks: (st: FkActionStatement) => FkRowHooks | null,
): ActionWriter {
  let d = ACTION_WRITERS.get(engine);
  if (d === undefined || d.generation !== engine.generation) {
    d = { generation: engine.generation, byKey: new Map() };
    ACTION_WRITERS.set(engine, d);
  }
  const key = `${foldName(child.name)}\u0000${cols === null ? "delete" : cols.join(",")}`;
  let a = d.byKey.get(key);
  if (a === undefined) {
    const ev = new SchemaEval(engine);
    const w = new TableWriter(engine.bt, child, ev);
    if (cols === null) w.fk = hooks({ kind: "delete" });
    else {
      const changed = new Set(cols);
      w.setChangedColumns(changed);
      w.fk = hooks({ kind: "update", changed, or: "ABORT" });
    }
    a = { w, ev };
    d.byKey.set(key, a);
  }
  return a;
}
