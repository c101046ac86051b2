/**
 * Writes through views — SQLite's INSTEAD OF trigger handling in insert.c / update.c /
 * delete.c: each row an INSERT/UPDATE/DELETE on a view would affect fires the view's INSTEAD OF
 * triggers with NEW/OLD bound; the statement itself writes nothing and counts no changes.
 *
 * Owns: `compileViewWrite`. Must never: write the view's base tables itself (the triggers do).
 * Cold per statement, warm per row.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { DeleteStmt, InsertStmt, ParameterList, UpdateStmt } from "../sql/ast.ts";
import type { Expr } from "../sql/ast.ts";
import { columnRefOf, selectOf } from "../planner/insert_ast.ts";
import type { Program } from "../planner/program.ts";
import type { View } from "../planner/schema.ts";
import { compileSelect } from "../planner/select.ts";
import { Mem } from "../vdbe/mem.ts";
import type { Engine } from "./connection_engine.ts";
import { TriggerRunner } from "./connection_trigger.ts";

import { copyRow, envOf, SubQuery } from "./connection_subquery.ts";
import { setChanges, writeProgram } from "./connection_dml.ts";

// ---- writes through views (INSTEAD OF triggers) ---------------------------------------------

/** The column names of a view (its column list, else its SELECT's result names). */
function viewColumns(engine: Engine, v: View): string[] {
  if (v.columnNames !== null) return [...v.columnNames];
  return compileSelect(v.select, envOf(engine), [], v.sql).columns.map((c) => c.name);
}

/**
 * INSERT/UPDATE/DELETE on a view: each affected row fires the view's INSTEAD OF triggers with
 * NEW/OLD bound (trigger.c's INSTEAD OF handling); no row is written by the statement itself.
 */
export function compileViewWrite(
  engine: Engine,
  v: View,
  stmt: InsertStmt | UpdateStmt | DeleteStmt,
  params: ParameterList,
  sql: string,
): Program {
  const cols = viewColumns(engine, v);
  const n = cols.length;
  const colIndex = (name: string) => cols.findIndex((c) => c.toLowerCase() === name.toLowerCase());
  if (stmt.kind === "insert") {
    if (stmt.upsert.length > 0 || stmt.returning !== null) {
      throw new SqliteError("UPSERT/RETURNING on a view is not supported yet");
    }
    const map: number[] = new Array(n).fill(-1);
    if (stmt.columns !== null) {
      stmt.columns.forEach((c, i) => {
        const k = colIndex(c.name);
        if (k < 0) throw new SqliteError(`table ${v.name} has no column named ${c.name}`);
        map[k] = i;
      });
    } else for (let i = 0; i < n; i++) map[i] = i;
    const width = stmt.columns !== null ? stmt.columns.length : n;
    const src = stmt.source.kind === "select"
      ? new SubQuery(engine, stmt.source.select, params, sql)
      : null;
    if (src !== null && src.width !== width) {
      throw new SqliteError(
        stmt.columns === null
          ? `table ${v.name} has ${n} columns but ${src.width} values were supplied`
          : `${src.width} values for ${width} columns`,
      );
    }
    const trig = new TriggerRunner(engine, v, cols, "insert", null);
    return writeProgram("INSERT", (vm) => {
      const rows: Mem[][] = [];
      if (src === null) rows.push([]);
      else {
        src.bind(vm.vars);
        src.run((regs, start, k) => rows.push(copyRow(regs, start, k)));
      }
      const neu = cols.map(() => new Mem());
      let count = 0;
      for (const r of rows) {
        for (let i = 0; i < n; i++) {
          if (map[i] >= 0) neu[i].copyFrom(r[map[i]]);
          else neu[i].setNull();
        }
        trig.fire("INSTEAD OF", neu, null, null, null);
        count++;
      }
      // Rows handled by INSTEAD OF triggers are not counted (only the triggers' own writes).
      void count;
      setChanges(engine, 0);
    }, params);
  }
  const qual = stmt.table.alias?.name ?? v.name;
  const from = { ...stmt.table };
  const exprs: Expr[] = cols.map((c) => columnRefOf(qual, c));
  let changed: Set<string> | null = null;
  if (stmt.kind === "update") {
    if (stmt.returning !== null || stmt.from !== null) {
      throw new SqliteError("RETURNING/FROM on a view UPDATE is not supported yet");
    }
    const newVals: (Expr | null)[] = cols.map(() => null);
    changed = new Set();
    for (const set of stmt.sets) {
      if (set.columns.length !== 1) throw new SqliteError("row-value SET is not supported yet");
      const k = colIndex(set.columns[0].name);
      if (k < 0) throw new SqliteError(`no such column: ${set.columns[0].name}`);
      newVals[k] = set.value;
      changed.add(cols[k].toLowerCase());
    }
    cols.forEach((c, i) => exprs.push(newVals[i] ?? columnRefOf(qual, c)));
  } else if (stmt.returning !== null) {
    throw new SqliteError("RETURNING on a view DELETE is not supported yet");
  }
  const q = new SubQuery(
    engine,
    selectOf(exprs, from, stmt.where, stmt.orderBy, stmt.limit),
    params,
    sql,
  );
  const trig = new TriggerRunner(engine, v, cols, stmt.kind, changed);
  const kind = stmt.kind;
  return writeProgram(kind === "update" ? "UPDATE" : "DELETE", (vm) => {
    const rows: Mem[][] = [];
    q.bind(vm.vars);
    q.run((regs, start, k) => rows.push(copyRow(regs, start, k)));
    let count = 0;
    for (const r of rows) {
      const old = r.slice(0, n);
      const neu = kind === "update" ? r.slice(n, 2 * n) : null;
      trig.fire("INSTEAD OF", neu, null, old, null);
      count++;
    }
    void count;
    setChanges(engine, 0); // INSTEAD OF rows are not counted
  }, params);
}
