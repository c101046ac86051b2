/**
 * Helper programs of write statements — SQLite runs a write's row source and its schema
 * expressions inside the statement's own VDBE program; here they are small programs compiled by
 * the SELECT/expression compiler and run on the VM beside the write.
 *
 * Owns: `SubQuery` (a compiled helper program and its VM), `SchemaEval` (CHECK, DEFAULT,
 * expression-index and partial-index expressions evaluated for a row held in memory, compiled
 * against a pseudo cursor standing for the table row), `envOf`, `copyRow`.
 * Must never: write rows (./connection_write.ts does).
 * Warm: per-row evaluation.
 * @module
 */

import type { ParameterList, SelectStmt } from "../sql/ast.ts";
import type { Expr } from "../sql/ast.ts";
import { mapColumnRefs, paramOf, selectOf } from "../planner/insert_ast.ts";
import { Op, type Program, ProgramBuilder } from "../planner/program.ts";
import {
  Affinity,
  columnIndex,
  type Index,
  isRowidName,
  stat1Key,
  type Table,
} from "../planner/schema.ts";
import { compileSelect, SelectCompiler } from "../planner/select.ts";
import { type CompileEnv, Compiler } from "../planner/expr.ts";
import { Scope } from "../planner/resolve.ts";
import { tableColumns } from "../planner/select_from.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { Vm } from "../vdbe/vm.ts";
import { truthValue } from "../vdbe/value/arith.ts";
import { type Engine, EngineHost, stepNow } from "./connection_engine.ts";
import { resolverOf } from "./connection_funcs.ts";
import { vtabResolverOf } from "./vtab.ts";
import type { RowEval } from "./connection_write.ts";

/** The compile environment of an engine. */
export function envOf(engine: Engine): CompileEnv {
  const schema = engine.schema;
  return {
    schema,
    functions: resolverOf(engine.functions, engine.flags),
    dqs: engine.flags.dqs,
    stat1: schema.stat1.size === 0 ? undefined : (t, i) => schema.stat1.get(stat1Key(t, i)),
    vtabs: vtabResolverOf(engine),
  };
}

/**
 * The body of a program that evaluates `exprs` over one row of `table`, as SQLite compiles
 * expressions against a row's registers: the row's values, bound as ?(firstParam+1)…, are packed
 * into a record read back through a pseudo cursor standing for the table (named `name`), so
 * column references keep their affinity and collating sequence; the results form one ResultRow.
 */
export function emitRowExprs(
  b: ProgramBuilder,
  c: Compiler,
  table: Table,
  name: string,
  firstParam: number,
  exprs: Expr[],
): void {
  const n = table.columns.length;
  b.emit(Op.Transaction, 0, 0);
  const first = b.allocRegs(Math.max(n, 1));
  for (let i = 0; i < n; i++) b.emit(Op.Variable, firstParam + 1 + i, first + i);
  const rec = b.allocReg();
  b.emit(Op.MakeRecord, first, n, rec);
  const cur = b.allocCursor();
  b.emit(Op.OpenPseudo, cur, rec, n);
  const scope = new Scope(null);
  scope.sources.push({
    name,
    table: null,
    columns: tableColumns(table),
    cursor: cur,
    kind: "ephemeral",
    rowidAlias: -1,
    hasRowid: false,
    level: 0,
    usingFrom: new Map(),
    nullable: false,
    coverCursor: -1,
    coverMap: null,
  });
  const out = b.allocRegs(Math.max(exprs.length, 1));
  exprs.forEach((e, i) => c.exprTo(scope, e, out + i));
  b.emit(Op.ResultRow, out, exprs.length);
  b.emit(Op.Halt);
}

/** A compiled SELECT run as a helper of another statement. Warm. */
export class SubQuery {
  readonly program: Program;
  readonly vm: Vm;

  constructor(
    engine: Engine,
    select: SelectStmt | null,
    params: ParameterList,
    sql: string,
    program: Program | null = null,
  ) {
    this.program = program ?? compileSelect(select!, envOf(engine), params, sql);
    this.vm = new Vm(this.program, new EngineHost(engine, null));
  }

  /** A helper running an already compiled program. */
  static of(engine: Engine, program: Program): SubQuery {
    return new SubQuery(engine, null, [], "", program);
  }

  /** Number of result columns. */
  get width(): number {
    return this.program.columns.length;
  }

  /** Copy parameter values in (vars[1..]). */
  bind(vars: readonly Mem[]): void {
    const v = this.vm.vars;
    const n = Math.min(v.length, vars.length);
    for (let i = 1; i < n; i++) v[i].copyFrom(vars[i]);
  }

  /** Run to completion, calling `row` with the result registers. */
  run(row: (regs: Mem[], start: number, n: number) => void): void {
    const vm = this.vm;
    vm.reset();
    try {
      while (vm.step()) row(vm.regs, vm.resultStart, vm.resultCount);
    } finally {
      vm.reset();
    }
  }

  /** Run and return the first row's values copied into `out` (NULLs when no row). */
  first(out: Mem[]): void {
    const vm = this.vm;
    vm.reset();
    try {
      if (vm.step()) {
        for (let i = 0; i < out.length; i++) out[i].copyFrom(vm.regs[vm.resultStart + i]);
      } else for (const m of out) m.setNull();
    } finally {
      vm.reset();
    }
  }
}

/** Copy a result row into fresh Mems. */
export function copyRow(regs: Mem[], start: number, n: number): Mem[] {
  const out: Mem[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const m = new Mem();
    m.copyFrom(regs[start + i]);
    out[i] = m;
  }
  return out;
}

/**
 * Evaluates schema expressions of one table for rows held in memory: column references become
 * parameters ?1..?n (column values) and ?n+1 (rowid). Programs are compiled on first use.
 */
export class SchemaEval implements RowEval {
  private readonly checkQ = new Map<Table, SubQuery>();
  private readonly defaultQ = new Map<string, SubQuery>();
  private readonly keyQ = new Map<Index, SubQuery>();
  private readonly partialQ = new Map<Index, SubQuery>();
  private readonly out: Mem[] = [];

  constructor(private readonly engine: Engine) {}

  /**
   * Schema expressions over one row of `table`, compiled as SQLite compiles them against the
   * row's registers: the row (bound as ?1..?n) is packed into a record and read back through a
   * pseudo cursor that stands for the table, so column references keep the column's affinity
   * and collating sequence in comparisons. `rowid` reads ?n+1.
   */
  private rowQuery(table: Table, exprs: Expr[]): SubQuery {
    const n = table.columns.length;
    const mapped = exprs.map((e) =>
      mapColumnRefs(e, (ref) => {
        if (ref.table !== null && ref.table.name.toLowerCase() !== table.name.toLowerCase()) {
          return null;
        }
        if (columnIndex(table, ref.column.name) >= 0) return null;
        if (isRowidName(ref.column.name)) return paramOf(n + 1, ref.span);
        return null;
      })
    );
    const b = new ProgramBuilder();
    const c = new Compiler(b, envOf(this.engine));
    c.sub = new SelectCompiler("");
    emitRowExprs(b, c, table, table.name, 0, mapped);
    const params: ParameterList = new Array(n + 1).fill(null);
    return SubQuery.of(this.engine, b.finish([], [null, ...params], true));
  }

  private bindRow(q: SubQuery, vals: readonly Mem[], rowid: Mem): void {
    const v = q.vm.vars;
    const n = vals.length;
    const cols = this.tableOf(q)?.columns;
    for (let i = 0; i < n && i + 1 < v.length; i++) {
      v[i + 1].copyFrom(vals[i]);
      // A REAL column's integral value is stored as an INTEGER but reads back as REAL.
      if (
        cols !== undefined && cols[i].affinity === Affinity.REAL && v[i + 1].type === MemType.INT
      ) {
        v[i + 1].setReal(v[i + 1].big === null ? v[i + 1].n : Number(v[i + 1].big));
      }
    }
    if (n + 1 < v.length) v[n + 1].copyFrom(rowid);
  }

  private readonly owners = new Map<SubQuery, Table>();
  private tableOf(q: SubQuery): Table | undefined {
    return this.owners.get(q);
  }

  private results(n: number): Mem[] {
    while (this.out.length < n) this.out.push(new Mem());
    return this.out.slice(0, n);
  }

  checks(table: Table, vals: readonly Mem[], rowid: Mem): readonly Mem[] {
    let q = this.checkQ.get(table);
    if (q === undefined) {
      q = this.rowQuery(table, table.checks.map((c) => c.expr));
      this.owners.set(q, table);
      this.checkQ.set(table, q);
    }
    this.bindRow(q, vals, rowid);
    const out = this.results(table.checks.length);
    q.first(out);
    return out;
  }

  defaultValue(table: Table, col: number, out: Mem): void {
    const def = table.columns[col].defaultExpr;
    if (def !== null && def.kind === "current") {
      // DEFAULT CURRENT_TIME/DATE/TIMESTAMP: the current UTC time in SQLite's formats.
      const iso = new Date(stepNow(this.engine)).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
      const date = iso.slice(0, 10);
      const time = iso.slice(11, 19);
      out.setText(
        def.keyword === "CURRENT_DATE"
          ? date
          : def.keyword === "CURRENT_TIME"
          ? time
          : `${date} ${time}`,
      );
      return;
    }
    const key = `${table.name}\u0000${col}`;
    let q = this.defaultQ.get(key);
    if (q === undefined) {
      const e = table.columns[col].defaultExpr;
      if (e === null) {
        out.setNull();
        return;
      }
      q = new SubQuery(this.engine, selectOf([e]), [], "");
      this.defaultQ.set(key, q);
    }
    q.first([out]);
  }

  indexKeys(ix: Index, vals: readonly Mem[], rowid: Mem, out: Mem[]): void {
    let q = this.keyQ.get(ix);
    const table = this.engine.schema.table(ix.tableName)!;
    if (q === undefined) {
      q = this.rowQuery(
        table,
        ix.columns.map((k) => k.expr ?? { kind: "null", span: { start: 0, end: 0 } }),
      );
      this.owners.set(q, table);
      this.keyQ.set(ix, q);
    }
    this.bindRow(q, vals, rowid);
    q.first(out);
  }

  partial(ix: Index, vals: readonly Mem[], rowid: Mem): boolean {
    let q = this.partialQ.get(ix);
    const table = this.engine.schema.table(ix.tableName)!;
    if (q === undefined) {
      q = this.rowQuery(table, [ix.where!]);
      this.owners.set(q, table);
      this.partialQ.set(ix, q);
    }
    this.bindRow(q, vals, rowid);
    const out = this.results(1);
    q.first(out);
    return out[0].type !== MemType.NULL && truthValue(out[0]) === true;
  }
}
