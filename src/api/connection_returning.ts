/**
 * RETURNING — SQLite's returning handling (insert.c/update.c/delete.c with the RETURNING
 * trigger-like program in trigger.c): for every row an INSERT, UPDATE or DELETE changes, the
 * RETURNING expressions are evaluated against that row (new values for INSERT/UPDATE, old for
 * DELETE) and the results are handed back, all of them after the statement's changes are done.
 *
 * Owns: expanding `*` / `t.*`, naming result columns as SELECT does, compiling the expressions
 * against a pseudo cursor standing for the row (column affinity/collation apply; `rowid` and
 * the statement's own parameters are bound), buffering the rows, and the program shape that
 * returns them after the write.
 * Must never: write rows. Warm: once per changed row.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { Expr, ParameterList, ResultColumn as AstResultColumn } from "../sql/ast.ts";
import { Compiler } from "../planner/expr.ts";
import { columnRefOf, mapColumnRefs, paramOf } from "../planner/insert_ast.ts";
import { Op, type Program, ProgramBuilder, type ResultColumn } from "../planner/program.ts";
import { isRowidName, type Table } from "../planner/schema.ts";
import { SelectCompiler } from "../planner/select.ts";
import { Mem } from "../vdbe/mem.ts";
import { Vm } from "../vdbe/vm.ts";
import { type Engine, EngineHost } from "./connection_engine.ts";
import { emitRowExprs, envOf } from "./connection_subquery.ts";

/**
 * Name and origin of a RETURNING item that is column `name` of `table` (sqlite3_column_name /
 * _table_name / _origin_name / _decltype): the declared column, or for a rowid name the INTEGER
 * PRIMARY KEY column (else `rowid` INTEGER); null when `name` is not a column. Cold.
 */
function originOf(table: Table, name: string, alias: string | null): ResultColumn | null {
  const folded = name.toLowerCase();
  let col = table.columns.find((c) => c.name.toLowerCase() === folded);
  if (col === undefined && isRowidName(name) && !table.withoutRowid) {
    if (table.rowidAlias >= 0) col = table.columns[table.rowidAlias];
    else {
      return {
        name: alias ?? "rowid",
        decltype: "INTEGER",
        database: "main",
        table: table.name,
        column: "rowid",
      };
    }
  }
  if (col === undefined) return null;
  return {
    name: alias ?? col.name,
    decltype: col.declType,
    database: "main",
    table: table.name,
    column: col.name,
  };
}

/**
 * RETURNING resolves its columns against the table alone, so a schema-qualified reference is
 * "no such column: main.t.c" (subqueries inside it resolve as usual). Cold.
 */
function refuseQualifiedRefs(node: unknown): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const x of node) refuseQualifiedRefs(x);
    return;
  }
  const obj = node as Record<string, unknown>;
  if (obj.kind === "select") return;
  if (obj.kind === "column") {
    const ref = obj as unknown as Extract<Expr, { kind: "column" }>;
    if (ref.schema !== null) {
      const t = ref.table === null ? "" : `${ref.table.name}.`;
      throw new SqliteError(`no such column: ${ref.schema.name}.${t}${ref.column.name}`);
    }
    return;
  }
  for (const k of Object.keys(obj)) if (k !== "span") refuseQualifiedRefs(obj[k]);
}

/** The RETURNING clause of one write statement, compiled. */
export class Returning {
  /** Result columns (names as SQLite gives them). */
  readonly columns: ResultColumn[];
  /** Rows captured by the running statement. */
  rows: Mem[][] = [];
  private readonly vm: Vm;
  private readonly nParams: number;
  private readonly nCols: number;

  constructor(
    engine: Engine,
    table: Table,
    _alias: string | null,
    items: readonly AstResultColumn[],
    params: ParameterList,
    sql: string,
  ) {
    // RETURNING sees the table by its name only, never by the statement's alias (SQLite:
    // `UPDATE t AS x … RETURNING x.v` is "no such column: x.v").
    const qual = table.name;
    const exprs: Expr[] = [];
    const names: string[] = [];
    const origins: (ResultColumn | null)[] = [];
    for (const it of items) {
      if (it.kind === "tableStar") {
        throw new SqliteError('RETURNING may not use "TABLE.*" wildcards');
      }
      if (it.kind === "star") {
        for (const c of table.columns) {
          exprs.push(columnRefOf(qual, c.name));
          names.push(c.name);
          origins.push(originOf(table, c.name, c.name));
        }
      } else {
        exprs.push(it.expr);
        // A column of the table takes its declared name and origin, as in a SELECT.
        const ref = it.expr.kind === "column" &&
            it.expr.schema === null &&
            (it.expr.table === null || it.expr.table.name.toLowerCase() === qual.toLowerCase())
          ? it.expr.column.name
          : null;
        const origin = ref === null ? null : originOf(table, ref, it.alias?.name ?? null);
        origins.push(origin);
        names.push(
          it.alias !== null
            ? it.alias.name
            : origin !== null
            ? origin.name
            : it.expr.kind === "column"
            ? it.expr.column.name
            : sql.slice(it.expr.span.start, it.expr.span.end),
        );
      }
    }
    for (const e of exprs) refuseQualifiedRefs(e);
    const p0 = params.length;
    const n = table.columns.length;
    this.nParams = p0;
    this.nCols = n;
    const mapped = exprs.map((e) =>
      mapColumnRefs(e, (ref) => {
        if (ref.table !== null && ref.table.name.toLowerCase() !== qual.toLowerCase()) return null;
        if (table.columns.some((c) => c.name.toLowerCase() === ref.column.name.toLowerCase())) {
          return null;
        }
        if (isRowidName(ref.column.name)) return paramOf(p0 + n + 1, ref.span);
        return null;
      })
    );
    const b = new ProgramBuilder();
    const c = new Compiler(b, envOf(engine));
    c.sub = new SelectCompiler(sql);
    emitRowExprs(b, c, table, qual, p0, mapped);
    this.columns = names.map((name, i) => ({
      name,
      decltype: origins[i]?.decltype ?? null,
      database: origins[i]?.database ?? null,
      table: origins[i]?.table ?? null,
      column: origins[i]?.column ?? null,
    }));
    const allParams: ParameterList = [...params, ...new Array(n + 1).fill(null)];
    this.vm = new Vm(
      b.finish(this.columns, [null, ...allParams], true),
      new EngineHost(engine, null),
    );
  }

  /** Evaluate the RETURNING list for one row (`outer` supplies the statement's parameters). */
  capture(outer: Vm, vals: readonly Mem[], rowid: Mem): void {
    const vm = this.vm;
    vm.reset();
    const v = vm.vars;
    for (let i = 1; i <= this.nParams && i < outer.vars.length; i++) v[i].copyFrom(outer.vars[i]);
    for (let i = 0; i < this.nCols; i++) v[this.nParams + 1 + i].copyFrom(vals[i]);
    v[this.nParams + this.nCols + 1].copyFrom(rowid);
    try {
      if (vm.step()) {
        const row: Mem[] = [];
        for (let i = 0; i < vm.resultCount; i++) {
          const m = new Mem();
          m.copyFrom(vm.regs[vm.resultStart + i]);
          row.push(m);
        }
        this.rows.push(row);
      }
    } finally {
      vm.reset();
    }
  }
}

interface HostCtx {
  vm: Vm;
}

/**
 * `Transaction(write) ; Host(run) ; loop { ResultRow ; Host(next) }` — the write runs to
 * completion first, then its RETURNING rows are returned one by one.
 */
export function returningProgram(
  name: string,
  run: (vm: Vm) => void,
  params: ParameterList,
  ret: Returning,
): Program {
  const b = new ProgramBuilder();
  const n = ret.columns.length;
  const first = b.allocRegs(Math.max(n, 1));
  const flag = b.allocReg();
  let pos = 0;
  const load = (vm: Vm) => {
    if (pos < ret.rows.length) {
      const row = ret.rows[pos++];
      for (let i = 0; i < n; i++) vm.regs[first + i].copyFrom(row[i]);
      vm.regs[flag].setInt(1);
    } else {
      vm.regs[flag].setInt(0);
      ret.rows = [];
    }
  };
  b.emit(Op.Transaction, 0, 1);
  b.emit(Op.Host, 0, 0, 0, {
    kind: "host",
    value: {
      name,
      run: (ctx: unknown) => {
        const vm = (ctx as HostCtx).vm;
        ret.rows = [];
        pos = 0;
        run(vm);
        load(vm);
      },
    },
  });
  const done = b.newLabel();
  b.emitJump(Op.IfNot, flag, done);
  const top = b.here;
  b.emit(Op.ResultRow, first, n);
  b.emit(Op.Host, 0, 0, 0, {
    kind: "host",
    value: { name: "next", run: (ctx: unknown) => load((ctx as HostCtx).vm) },
  });
  b.emit(Op.If, flag, top);
  b.resolve(done);
  b.emit(Op.Halt);
  return b.finish(ret.columns, [null, ...params], false);
}
