/**
 * Executing INSERT, UPDATE and DELETE — the run-time half of SQLite's insert.c / update.c /
 * delete.c for this engine: the write statement's program is `Transaction(write)` followed by
 * one `Host` instruction that runs the planned row source (a SELECT compiled by the SELECT
 * compiler and run on the VM) and hands each row to the row writer (./connection_write.ts).
 *
 * Owns: the INSERT/UPDATE/DELETE programs (the literal/parameter INSERT fast path, UPDATE's
 * one-pass vs RowSet row order and per-row recomputation, DELETE's truncate optimisation), the
 * statement-journal decision, and the per-statement change counting (changes, total_changes,
 * last_insert_rowid). Helper programs and schema-expression evaluation live in
 * ./connection_subquery.ts, writes through views in ./connection_dml_view.ts.
 * Must never: decide constraint semantics (the writer does) or commit (the transaction machine
 * does). Warm: the per-row loops.
 * @module
 */

import { SqliteError } from "../error.ts";
import type {
  ConflictAction,
  ParameterList,
  SelectStmt,
  SetClause,
  UpdateStmt,
} from "../sql/ast.ts";
import type { Expr, ResultColumn as AstResultColumn } from "../sql/ast.ts";
import { parseRealLiteral } from "../planner/expr.ts";
import { checkSourceWidth, type InsertPlan } from "../planner/insert.ts";
import { planUpdate, type UpdatePlan } from "../planner/update.ts";
import type { DeletePlan } from "../planner/delete.ts";
import { Op, type Program, ProgramBuilder } from "../planner/program.ts";
import { columnIndex, type Index, isRowidName, type Table } from "../planner/schema.ts";
import {
  collated,
  columnRefOf,
  mapColumnRefs,
  paramOf,
  tableRefOf,
} from "../planner/insert_ast.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { Vm } from "../vdbe/vm.ts";
import { CursorKind } from "../vdbe/vm_cursor.ts";
import { closeOpenWriters, type Engine, EngineHost, releaseWriter } from "./connection_engine.ts";
import { TableWriter } from "./connection_write.ts";
import { Returning, returningProgram } from "./connection_returning.ts";
import { Compiler } from "../planner/expr.ts";
import { SelectCompiler } from "../planner/select.ts";
import type { HostCall, ResultColumn } from "../planner/program.ts";
import type { ReturningSpec } from "../planner/dml_target.ts";
import { emitDelete } from "../planner/delete_codegen.ts";
import { emitInsert, singleValuesRow } from "../planner/insert_codegen.ts";
import { emitUpdate } from "../planner/update_codegen.ts";
import type { RowTriggerCalls } from "../planner/trigger_codegen.ts";
import { replaceApplies } from "../planner/dml_constraints.ts";
import { type DmlEvent, DmlEventKind } from "../vdbe/ops/write.ts";
import { TriggerRunner } from "./connection_trigger.ts";
import { foreignKeyWriter } from "./connection_fkey.ts";

import { copyRow, envOf, SchemaEval, SubQuery } from "./connection_subquery.ts";
export { envOf, SchemaEval, SubQuery } from "./connection_subquery.ts";
export { compileViewWrite } from "./connection_dml_view.ts";

/** The run-time context of one write statement's Host instruction. */
interface HostCtx {
  vm: Vm;
}

/** Programs that need no statement journal (see StmtTxn.noJournal). */
const NO_JOURNAL = new WeakSet<Program>();

/** True when `p` can run without a statement journal. */
export function needsNoJournal(p: Program): boolean {
  return NO_JOURNAL.has(p);
}

/** Emit `Transaction(write) ; Host(run) ; Halt` for a write statement. */
export function writeProgram(
  name: string,
  run: (vm: Vm) => void,
  params: ParameterList,
  noJournal = false,
  planOf: Program | null = null,
  ret: Returning | null = null,
): Program {
  if (ret !== null) return returningProgram(name, run, params, ret);
  const b = new ProgramBuilder();
  // EXPLAIN QUERY PLAN of a write shows how its rows are found (the row source's plan). An
  // UPDATE rewrites whole rows, so its index searches are never "covering" in SQLite's output.
  if (planOf !== null) {
    for (const l of planOf.queryPlan) {
      const detail = name === "UPDATE"
        ? l.detail.replace(" USING COVERING INDEX ", " USING INDEX ")
        : l.detail;
      b.plan.push({ ...l, detail });
    }
  }
  b.emit(Op.Transaction, 0, 1);
  b.emit(Op.Host, 0, 0, 0, {
    kind: "host",
    value: { name, run: (ctx: unknown) => run((ctx as HostCtx).vm) },
  });
  b.emit(Op.Halt);
  const p = b.finish([], [null, ...params], false);
  if (noJournal) NO_JOURNAL.add(p);
  return p;
}

/**
 * The change sink of a bytecode write program (OP_CountChanges): the statement's change count
 * when it halts (the rows written before an OR FAIL error, 0 after any other error), and
 * last_insert_rowid after each inserted row (OP_Insert's OPFLAG_LASTROWID). Warm.
 */
function dmlSink(engine: Engine): HostCall {
  return {
    name: "changes",
    run: (ctx: unknown) => {
      const ev = ctx as DmlEvent;
      if (ev.kind === DmlEventKind.ROWID) engine.lastInsertRowid = ev.rowid;
      else if (ev.kind === DmlEventKind.HALT) setChanges(engine, ev.nChange);
      else {
        const fail = (ev.error as { onError?: string } | null)?.onError === "FAIL";
        setChanges(engine, fail ? failedChanges(engine, ev.nChange) : 0);
      }
    },
  };
}

/**
 * Build a bytecode write program: `emit` generates the whole statement (its row source compiled
 * by the SELECT compiler into the same program) against a fresh compiler. Cold.
 */
function bytecodeProgram(
  engine: Engine,
  params: ParameterList,
  sql: string,
  noJournal: boolean,
  emit: (c: Compiler, sc: SelectCompiler, sink: HostCall) => ResultColumn[],
): Program {
  const b = new ProgramBuilder();
  const c = new Compiler(b, envOf(engine));
  const sc = new SelectCompiler(sql);
  c.sub = sc;
  const columns = emit(c, sc, dmlSink(engine));
  const p = b.finish(columns, [null, ...params], false);
  if (noJournal) NO_JOURNAL.add(p);
  return p;
}

/**
 * True when FOREIGN KEY processing applies to writes on `t` (foreign_keys on and `t` is a
 * child or a parent): such writes stay on the row writer, which enforces them.
 */
function foreignKeysApply(engine: Engine, t: Table): boolean {
  if (!engine.flags.foreignKeys) return false;
  if (t.foreignKeys.length > 0) return true;
  const name = t.name.toLowerCase();
  for (const other of engine.schema.tables.values()) {
    if (other.foreignKeys.some((fk) => fk.clause.table.name.toLowerCase() === name)) return true;
  }
  return false;
}

/**
 * Whether a write on `t` can be compiled to bytecode (src/planner/*_codegen.ts) rather than run
 * by the row writer: a rowid table without triggers, generated columns or foreign-key work.
 */
function bytecodeTarget(engine: Engine, t: Table): boolean {
  return !t.withoutRowid && t.triggers.length === 0 && !foreignKeysApply(engine, t) &&
    t.columns.every((col) => col.generated === null);
}

/**
 * Whether an INSERT into a table with triggers compiles to bytecode with its triggers as
 * OP_Program calls: a plain INSERT (no upsert, no RETURNING) into a rowid table the bytecode
 * path takes but for its triggers, without AUTOINCREMENT (a trigger writing the same table
 * would move sqlite_sequence under the statement's kept high-water mark).
 */
function bytecodeTriggerInsert(engine: Engine, plan: InsertPlan): boolean {
  const t = plan.table;
  return plan.upsert === null && plan.returning === null && !t.autoincrement &&
    bytecodeTriggerTarget(engine, t);
}

/**
 * The OP_Program calls of a statement's triggers, or null when none fires for it (a table with
 * only other events' triggers compiles as one without: one-pass UPDATE in index order, no
 * ephemeral copy of an INSERT's SELECT).
 */
function rowCalls(trig: TriggerRunner): RowTriggerCalls | null {
  const before = trig.rowCall("BEFORE");
  const after = trig.rowCall("AFTER");
  return before === null && after === null ? null : { before, after };
}

/** A rowid table the bytecode path takes but for its triggers (UPDATE/DELETE with triggers). */
function bytecodeTriggerTarget(engine: Engine, t: Table): boolean {
  return !t.withoutRowid && !foreignKeysApply(engine, t) &&
    t.columns.every((col) => col.generated === null);
}

/**
 * A RETURNING list for the bytecode compilers: the items and the result columns the connection
 * names for them (the row writer's Returning validates the list and names the columns). Cold.
 */
function returningSpec(
  engine: Engine,
  table: Table,
  alias: string | null,
  items: AstResultColumn[] | null,
  params: ParameterList,
  sql: string,
): ReturningSpec | null {
  if (items === null) return null;
  return { items, columns: new Returning(engine, table, alias, items, params, sql).columns };
}

/**
 * The changes an OR FAIL error keeps counted: the statement's rows at top level; none for a
 * trigger's statement (SQLite counts a trigger step's writes by the OP_ResetCount after the step,
 * which an error skips).
 */
function failedChanges(engine: Engine, n: number): number {
  return engine.activeTriggers.size === 0 ? n : 0;
}

/** Record a finished write statement's counts (sqlite3VdbeSetChanges). */
export function setChanges(engine: Engine, n: number): void {
  engine.changes = n;
  engine.totalChanges += n;
}

function sequenceTable(engine: Engine): Table | null {
  return engine.schema.table("sqlite_sequence") ?? null;
}

/** A source value computable without running a program: a literal or a bound parameter. */
type DirectValue = { readonly param: number } | { readonly mem: Mem };

/**
 * The rows of `INSERT … VALUES (…)` when every term is a literal, a negated numeric literal or a
 * parameter (the common prepared-INSERT case), else null. Cold (compile time).
 */
function directValues(sel: SelectStmt | null): DirectValue[][] | null {
  if (sel === null || sel.first.kind !== "values" || sel.compounds.length > 0) return null;
  if (sel.orderBy !== null || sel.limit !== null || sel.with !== null) return null;
  const rows: DirectValue[][] = [];
  for (const r of sel.first.rows) {
    const out: DirectValue[] = [];
    for (const e of r) {
      const d = directValue(e);
      if (d === null) return null;
      out.push(d);
    }
    rows.push(out);
  }
  return rows;
}

function directValue(e: Expr): DirectValue | null {
  let neg = false;
  let x = e;
  if (
    x.kind === "unary" && x.op === "-" &&
    (x.operand.kind === "integer" || x.operand.kind === "real")
  ) {
    neg = true;
    x = x.operand;
  }
  const m = new Mem();
  switch (x.kind) {
    case "param":
      return { param: x.index };
    case "null":
      m.setNull();
      return { mem: m };
    case "string":
      m.setText(x.value);
      return { mem: m };
    case "integer": {
      const t = x.text.replace(/_/g, "");
      if (/^0[xX]/.test(t)) return null;
      let v = BigInt(t);
      if (neg) v = -v;
      if (v > 9223372036854775807n || v < -9223372036854775808n) {
        m.setReal(Number(neg ? "-" + t : t));
      } else m.setBigInt(v);
      return { mem: m };
    }
    case "real":
      m.setReal((neg ? -1 : 1) * parseRealLiteral(x.text));
      return { mem: m };
    case "blob": {
      const b = new Uint8Array(x.hex.length / 2);
      for (let i = 0; i < b.length; i++) b[i] = parseInt(x.hex.substr(i * 2, 2), 16);
      m.setBlob(b);
      return { mem: m };
    }
    default:
      return null;
  }
}

/**
 * Rewind a finished helper program for another run without clearing its OP_Once state (and
 * the registers holding once-computed subquery results). Warm: once per row of a two-pass
 * UPDATE.
 */
function softRewindOk(p: Program): boolean {
  return !p.ops.some((ins) => ins.op === Op.OpenEphemeral || ins.op === Op.SorterOpen);
}

function rewindKeepingOnce(vm: Vm): void {
  for (let i = 0; i < vm.cursors.length; i++) {
    const c = vm.cursors[i];
    // Ephemeral tables filled under OP_Once (materialised subqueries, automatic indexes) stay
    // with their rows; b-tree and other cursors are reopened by the program.
    if (c === null || c.kind === CursorKind.EPHEMERAL) continue;
    c.close();
    vm.cursors[i] = null;
  }
  vm.pc = 0;
  vm.done = false;
  vm.started = false;
  vm.nChange = 0;
}

/** True when the AST contains a subquery anywhere. */
function hasSubquery(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasSubquery);
  if (node === null || typeof node !== "object") return false;
  const o = node as Record<string, unknown>;
  if (o.kind === "subquery" || o.kind === "exists") return true;
  if (o.kind === "in" && (o.source as { kind: string }).kind === "select") return true;
  for (const k of Object.keys(o)) if (k !== "span" && hasSubquery(o[k])) return true;
  return false;
}

/** Order two INTEGER Mems (rowids). */
function compareRowid(a: Mem, b: Mem): number {
  const x = a.intValue;
  const y = b.intValue;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when the UPDATE's row scan reads an index whose key the UPDATE does not change. */
function onePassOverUnmodifiedIndex(p: Program, table: Table, plan: UpdatePlan): boolean {
  if (table.triggers.length > 0 || !noReplace(table, plan.or) || plan.setsRowid) return false;
  if (table.rowidAlias >= 0 && plan.changed.has(table.rowidAlias)) return false;
  const line = p.queryPlan.find((l) => / USING (COVERING )?INDEX /.test(l.detail));
  if (line === undefined) return false;
  const m = / USING (?:COVERING )?INDEX (\S+)/.exec(line.detail);
  const ix = m === null ? undefined : table.indexes.find((i) => i.name === m[1]);
  if (ix === undefined) return false;
  return ix.columns.every((k) => k.column >= 0 && !plan.changed.has(k.column));
}

/** No REPLACE conflict resolution can apply to writes on `table` under `or`. */
function noReplace(table: Table, or: ConflictAction | null): boolean {
  return or !== "REPLACE" && table.ipkConflict !== "REPLACE" &&
    table.indexes.every((ix) => ix.onConflict !== "REPLACE");
}

/**
 * The uniqueness constraint an upsert's conflict target names: the INTEGER PRIMARY KEY or the
 * UNIQUE/PRIMARY KEY index with exactly those columns (upsert.c's rules, collations aside).
 */
function upsertTarget(table: Table, target: readonly string[] | null): Index | "ipk" | null {
  if (target === null) return null;
  const cols = target.map((n) => {
    const c = columnIndex(table, n);
    if (c < 0) throw new SqliteError(`no such column: ${n}`);
    return c;
  });
  if (cols.length === 1 && cols[0] === table.rowidAlias) return "ipk";
  for (const ix of table.indexes) {
    if (!ix.unique || ix.where !== null || ix.columns.length !== cols.length) continue;
    if (ix.columns.every((k) => cols.includes(k.column))) return ix;
  }
  throw new SqliteError("ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint");
}

/**
 * The DO UPDATE half of an upsert (upsert.c): `UPDATE t SET … WHERE rowid = ?K [AND …]` with
 * `excluded.col` read from bound parameters after the statement's own. Returns a runner that
 * updates one conflicting row and reports whether it changed.
 */
function compileUpsertUpdate(
  engine: Engine,
  table: Table,
  u: { readonly sets: SetClause[]; readonly where: Expr | null },
  params: ParameterList,
  sql: string,
): (vm: Vm, excluded: readonly Mem[], rowid: number | bigint) => boolean {
  const p0 = params.length;
  const n = table.columns.length;
  const rewrite = <T>(node: T): T =>
    mapColumnRefs(node, (ref) => {
      if (ref.table === null || ref.table.name.toLowerCase() !== "excluded") return null;
      const c = columnIndex(table, ref.column.name);
      if (c >= 0) return collated(paramOf(p0 + 1 + c, ref.span), table.columns[c].collation);
      if (isRowidName(ref.column.name)) return paramOf(p0 + n + 1, ref.span);
      throw new SqliteError(`no such column: excluded.${ref.column.name}`);
    });
  const rowidParam = p0 + n + 2;
  const byRowid: Expr = {
    kind: "binary",
    op: "=",
    left: columnRefOf(table.name, "rowid"),
    right: paramOf(rowidParam),
    span: { start: 0, end: 0 },
  };
  const where: Expr = u.where === null ? byRowid : {
    kind: "binary",
    op: "AND",
    left: byRowid,
    right: rewrite(u.where),
    span: { start: 0, end: 0 },
  };
  const stmt: UpdateStmt = {
    kind: "update",
    with: null,
    or: null,
    table: tableRefOf(table.name),
    sets: rewrite(u.sets),
    from: null,
    where,
    returning: null,
    orderBy: null,
    limit: null,
    span: { start: 0, end: 0 },
  };
  const allParams: ParameterList = [...params, ...new Array(n + 2).fill(null)];
  const plan = planUpdate(stmt, engine.schema, allParams.length);
  const prog = compileUpdate(engine, plan, allParams, sql);
  const uvm = new Vm(prog, new EngineHost(engine, null));
  return (vm, excluded, rowid) => {
    uvm.reset();
    for (let i = 1; i <= p0 && i < vm.vars.length; i++) uvm.vars[i].copyFrom(vm.vars[i]);
    for (let i = 0; i < n; i++) uvm.vars[p0 + 1 + i].copyFrom(excluded[i]);
    uvm.vars[p0 + n + 1].setSqlInt(rowid);
    uvm.vars[rowidParam].setSqlInt(rowid);
    const saved = engine.lastInsertRowid;
    try {
      while (uvm.step()) { /* no rows */ }
    } finally {
      uvm.reset();
      engine.lastInsertRowid = saved;
    }
    // The INSERT counts the upserted row itself: take the nested UPDATE's own count back out
    // of total_changes (its triggers' writes stay counted).
    const changed = engine.changes;
    engine.totalChanges -= changed;
    return changed > 0;
  };
}

/**
 * insert.c codes a REPLACE deletion (and so makes the statement a multi-write one) for a unique
 * index whose conflict action is REPLACE, or for the rowid when the INSERT supplies it.
 */
function replacePathCoded(table: Table, plan: InsertPlan): boolean {
  const or = plan.or;
  const rowidGiven = plan.rowidSource >= 0 ||
    (table.rowidAlias >= 0 && plan.columnMap[table.rowidAlias] >= 0);
  if (rowidGiven && (or ?? table.ipkConflict ?? "ABORT") === "REPLACE") return true;
  return table.indexes.some((ix) => ix.unique && (or ?? ix.onConflict) === "REPLACE");
}

/** Compile an INSERT into its program. */
export function compileInsert(
  engine: Engine,
  plan: InsertPlan,
  params: ParameterList,
  sql: string,
): Program {
  const table = plan.table;
  // ON CONFLICT … DO NOTHING compiles too (its target IGNOREd); DO UPDATE stays on the writer.
  const nothing = plan.upsert !== null && plan.upsert.update === null &&
    !replaceApplies(table, plan.or);
  if ((plan.upsert === null || nothing) && bytecodeTarget(engine, table)) {
    const ret = returningSpec(engine, table, null, plan.returning, params, sql);
    const doNothing = nothing ? upsertTarget(table, plan.upsert!.target) : undefined;
    // One row (DEFAULT VALUES or one VALUES row) and no REPLACE deletion: nothing can fail
    // after the first write.
    const one = (plan.source === null || singleValuesRow(plan.source) !== null) &&
      !replaceApplies(table, plan.or);
    return bytecodeProgram(
      engine,
      params,
      sql,
      one,
      (c, sc, sink) => emitInsert(c, sc, plan, engine.schema, sink, ret, doNothing),
    );
  }
  if (bytecodeTriggerInsert(engine, plan)) {
    // BEFORE/AFTER INSERT triggers as OP_Program calls (trigger_codegen.ts); their programs
    // are compiled now, so an error in a trigger body fails prepare.
    const names = table.columns.map((c) => c.name);
    const trig = new TriggerRunner(engine, table, names, "insert", null, plan.or);
    const calls = rowCalls(trig);
    return bytecodeProgram(
      engine,
      params,
      sql,
      false,
      (c, sc, sink) => emitInsert(c, sc, plan, engine.schema, sink, null, undefined, calls),
    );
  }
  const direct = directValues(plan.source);
  const src = plan.source === null || direct !== null
    ? null
    : new SubQuery(engine, plan.source, params, sql);
  if (src !== null) checkSourceWidth(plan, src.width);
  if (direct !== null) { for (const r of direct) checkSourceWidth(plan, r.length); }
  let writer: TableWriter | null = null;
  const doNothing = plan.upsert === null
    ? null
    : { target: upsertTarget(table, plan.upsert.target), update: plan.upsert.update !== null };
  const upsertUpdate = plan.upsert?.update
    ? compileUpsertUpdate(engine, table, plan.upsert.update, params, sql)
    : null;
  const fk = foreignKeyWriter(engine, table, {
    kind: "insert",
    multiWrite: direct === null || direct.length !== 1 ||
      table.triggers.some((tr) => tr.stmt.event.kind === "insert") ||
      replacePathCoded(table, plan),
    replacePath: replacePathCoded(table, plan),
  });
  // One row, no triggers, no REPLACE anywhere: nothing can fail after the row is written (a
  // foreign key of such an INSERT fails before it, as fkLookupParent's single-row case does).
  const safe = direct !== null && direct.length === 1 && table.triggers.length === 0 &&
    plan.upsert === null &&
    plan.or !== "REPLACE" && table.ipkConflict !== "REPLACE" &&
    table.indexes.every((ix) => ix.onConflict !== "REPLACE");
  const ev = new SchemaEval(engine);
  const nCol = table.columns.length;
  const ret = plan.returning === null
    ? null
    : new Returning(engine, table, null, plan.returning, params, sql);
  const trig = table.triggers.length === 0
    ? null
    : new TriggerRunner(engine, table, table.columns.map((c) => c.name), "insert", null, plan.or);
  // Per-statement scratch, reused run after run (the prepared-INSERT loop allocates nothing).
  const vals: Mem[] = [];
  for (let i = 0; i < nCol; i++) vals.push(new Mem());
  const rowid = new Mem();
  const directRows: Mem[][] = direct === null ? [] : direct.map((r) => r.map(() => new Mem()));
  return writeProgram(
    "INSERT",
    (vm) => {
      let rows: Mem[][];
      if (direct !== null) {
        rows = directRows;
        for (let k = 0; k < direct.length; k++) {
          const d = direct[k];
          const out = directRows[k];
          for (let i = 0; i < d.length; i++) {
            const v = d[i];
            out[i] = "param" in v ? vm.vars[v.param] : v.mem;
          }
        }
      } else if (src === null) rows = [[]];
      else {
        rows = [];
        src.bind(vm.vars);
        const acc = rows;
        src.run((regs, start, n) => acc.push(copyRow(regs, start, n)));
      }
      // One writer per compiled statement: its scratch registers are reused run after run.
      const w = writer ??= new TableWriter(engine.bt, table, ev);
      if (table.autoincrement) w.setSequenceTable(sequenceTable(engine));
      w.reset();
      w.fk = fk;
      w.doNothing = doNothing;
      let n = 0;
      try {
        for (const row of rows) {
          for (let i = 0; i < nCol; i++) {
            const s = plan.columnMap[i];
            if (s >= 0) vals[i].copyFrom(row[s]);
            else if (i === table.rowidAlias || table.columns[i].defaultExpr === null) {
              vals[i].setNull();
            } else ev.defaultValue(table, i, vals[i]);
          }
          if (plan.rowidSource >= 0) rowid.copyFrom(row[plan.rowidSource]);
          else rowid.setNull();
          if (trig !== null && trig.has("BEFORE")) {
            const nv = vals.map((m) => {
              const c = new Mem();
              c.copyFrom(m);
              return c;
            });
            w.applyAffinities(nv);
            const nr = new Mem();
            const ipk = table.rowidAlias >= 0 ? nv[table.rowidAlias] : rowid;
            if (ipk.type === MemType.NULL) nr.setInt(-1);
            else nr.copyFrom(ipk);
            // NEW.<INTEGER PRIMARY KEY> reads the rowid register, -1 while not yet assigned
            // (insert.c substitutes -1 for a NULL key before BEFORE triggers).
            if (table.rowidAlias >= 0) nv[table.rowidAlias].copyFrom(nr);
            if (!trig.fire("BEFORE", nv, nr, null, null)) continue;
          }
          const res = w.insert(vals, plan.rowidSource >= 0 ? rowid : null, plan.or);
          if (res === "upsert" && upsertUpdate !== null) {
            // DO UPDATE: update the conflicting row with excluded.* = this row's values.
            if (upsertUpdate(vm, vals, w.upsertRowid)) n++;
            continue;
          }
          if (res === "written") {
            n++;
            engine.lastInsertRowid = w.lastRowid.intValue;
            ret?.capture(vm, vals, w.lastRowid);
            if (trig !== null && trig.has("AFTER")) {
              const nr = new Mem();
              nr.copyFrom(w.lastRowid);
              trig.fire("AFTER", vals, nr, null, null);
            }
          }
        }
        w.finishAutoincrement();
      } catch (e) {
        // OR FAIL keeps the rows written so far: count them.
        setChanges(
          engine,
          (e as { onError?: string }).onError === "FAIL" ? failedChanges(engine, n) : 0,
        );
        throw e;
      } finally {
        releaseWriter(engine, w);
      }
      setChanges(engine, n);
    },
    params,
    safe,
    src?.program ?? null,
    ret,
  );
}

/** Compile an UPDATE into its program. */
export function compileUpdate(
  engine: Engine,
  plan: UpdatePlan,
  params: ParameterList,
  sql: string,
): Program {
  const table = plan.table;
  if (!plan.hasFrom && bytecodeTarget(engine, table)) {
    const ret = returningSpec(engine, table, plan.qualifier, plan.returning, params, sql);
    const single = plan.singleRow && !replaceApplies(table, plan.or);
    return bytecodeProgram(engine, params, sql, single, (c, sc, sink) => {
      const columns = emitUpdate(c, sc, plan, sink, ret);
      // An UPDATE rewrites whole rows: its index searches are never "covering" in SQLite's plan.
      const lines = c.b.plan;
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        lines[i] = { ...l, detail: l.detail.replace(" USING COVERING INDEX ", " USING INDEX ") };
      }
      return columns;
    });
  }
  const changedNames = new Set([...plan.changed].map((c) => table.columns[c].name.toLowerCase()));
  if (plan.setsRowid) changedNames.add("rowid");
  if (!plan.hasFrom && plan.returning === null && bytecodeTriggerTarget(engine, table)) {
    // BEFORE/AFTER UPDATE [OF] triggers as OP_Program calls (update_codegen.ts).
    const names = table.columns.map((c) => c.name);
    const trig = new TriggerRunner(engine, table, names, "update", changedNames, plan.or);
    const calls = rowCalls(trig);
    return bytecodeProgram(engine, params, sql, false, (c, sc, sink) => {
      const columns = emitUpdate(c, sc, plan, sink, null, calls);
      const lines = c.b.plan;
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        lines[i] = { ...l, detail: l.detail.replace(" USING COVERING INDEX ", " USING INDEX ") };
      }
      return columns;
    });
  }
  const q = new SubQuery(engine, plan.select, params, sql);
  const ev = new SchemaEval(engine);
  const nCol = table.columns.length;
  const ret = plan.returning === null
    ? null
    : new Returning(engine, table, plan.qualifier, plan.returning, params, sql);
  const trig = table.triggers.length === 0 ? null : new TriggerRunner(
    engine,
    table,
    table.columns.map((c) => c.name),
    "update",
    changedNames,
    plan.or,
  );
  let writer: TableWriter | null = null;
  const fk = foreignKeyWriter(engine, table, {
    kind: "update",
    changed: plan.changed,
    setsRowid: plan.setsRowid,
    or: plan.or,
  });
  const safe = fk === null && plan.singleRow && table.triggers.length === 0 &&
    noReplace(table, plan.or);
  // SQLite updates in scan order only in one pass over an index it does not modify (no
  // triggers, no REPLACE, no foreign keys, key unchanged); otherwise (table scans, modified
  // indexes) it visits the rowids in ascending order (a RowSet).
  const rowidOrder = !plan.singleRow &&
    (fk !== null || !onePassOverUnmodifiedIndex(q.program, table, plan));
  // New values must be computed when each row is reached (not in the first pass) whenever an
  // earlier row's write can change what they read: REPLACE deletions, triggers, rowid moves,
  // or a subquery in SET that reads the table.
  const recompute = !plan.singleRow &&
    (table.triggers.length > 0 || fk !== null || !noReplace(table, plan.or) || plan.setsRowid ||
      (table.rowidAlias >= 0 && plan.changed.has(table.rowidAlias)) ||
      hasSubquery(plan.rowSelect.first));
  let rowQ: SubQuery | null = null;
  return writeProgram(
    "UPDATE",
    (vm) => {
      let rows: Mem[][] = [];
      q.bind(vm.vars);
      q.run((regs, start, n) => rows.push(copyRow(regs, start, n)));
      if (plan.hasFrom) {
        // A target row joined to several FROM rows is updated once, from the first of them.
        const seen = new Set<number | bigint>();
        rows = rows.filter((r) => {
          const k = r[0].intValue;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
      }
      // Two passes when SQLite uses a RowSet: rowids ascending, each row's new values computed
      // from the row as it is at that moment (an earlier REPLACE may have moved another row
      // onto that rowid).
      let rq: SubQuery | null = null;
      if (rowidOrder) rows.sort((x, y) => compareRowid(x[0], y[0]));
      if (recompute) {
        rq = rowQ ??= new SubQuery(engine, plan.rowSelect, [...params, null], sql);
        rq.bind(vm.vars);
      }
      // One program run per row; between rows only a soft rewind, so uncorrelated subqueries
      // in SET (OP_Once) are evaluated once per statement, as in SQLite.
      let firstRow = true;
      const current = (r: Mem[]): Mem[] | null => {
        if (rq === null) return r;
        const vm = rq.vm;
        // Programs that materialise (ephemeral tables, sorters) close them at Halt, so they
        // cannot keep OP_Once state between rows: those are fully reset every time.
        if (firstRow || !softRewindOk(rq.program)) {
          vm.reset();
          firstRow = false;
        } else rewindKeepingOnce(vm);
        vm.vars[plan.rowidParam].copyFrom(r[0]);
        let got: Mem[] | null = null;
        while (vm.step()) got ??= copyRow(vm.regs, vm.resultStart, vm.resultCount);
        return got;
      };
      const w = writer ??= new TableWriter(engine.bt, table, ev);
      w.setSequenceTable(sequenceTable(engine));
      w.reset();
      w.fk = fk;
      w.setChangedColumns(plan.setsRowid ? null : plan.changed);
      let n = 0;
      try {
        for (const scanned of rows) {
          const row = current(scanned);
          if (row === null) continue;
          const old = row[0];
          if (old.type !== MemType.INT) continue;
          const vals = row.slice(1, 1 + nCol);
          const newRowid = plan.setsRowid ? row[1 + nCol] : null;
          let oldVals: Mem[] | null = null;
          if (trig !== null) {
            oldVals = table.columns.map(() => new Mem());
            if (!w.readRow(old.intValue, oldVals)) continue;
            if (trig.has("BEFORE")) {
              const nv = vals.map((m) => {
                const c = new Mem();
                c.copyFrom(m);
                return c;
              });
              w.applyAffinities(nv);
              const nr = new Mem();
              nr.copyFrom(newRowid ?? (table.rowidAlias >= 0 ? nv[table.rowidAlias] : old));
              if (!trig.fire("BEFORE", nv, nr, oldVals, old)) continue;
              // A BEFORE trigger may have deleted the row.
              if (!w.readRow(old.intValue, table.columns.map(() => new Mem()))) continue;
            }
          }
          if (w.update(old.intValue, vals, newRowid, plan.or) === "written") {
            n++;
            if (ret !== null) {
              const nr = new Mem();
              nr.copyFrom(table.rowidAlias >= 0 ? vals[table.rowidAlias] : newRowid ?? old);
              ret.capture(vm, vals, nr);
            }
            if (trig !== null && trig.has("AFTER")) {
              const nr = new Mem();
              nr.copyFrom(table.rowidAlias >= 0 ? vals[table.rowidAlias] : newRowid ?? old);
              trig.fire("AFTER", vals, nr, oldVals, old);
            }
          }
        }
        // UPDATE never advances sqlite_sequence (only INSERT does, as in SQLite).
      } catch (e) {
        setChanges(
          engine,
          (e as { onError?: string }).onError === "FAIL" ? failedChanges(engine, n) : 0,
        );
        throw e;
      } finally {
        releaseWriter(engine, w);
        rq?.vm.reset();
      }
      setChanges(engine, n);
    },
    params,
    safe,
    q.program,
    ret,
  );
}

/** Compile a DELETE into its program. */
export function compileDelete(
  engine: Engine,
  plan: DeletePlan,
  params: ParameterList,
  sql: string,
): Program {
  const table = plan.table;
  if (bytecodeTarget(engine, table)) {
    const ret = returningSpec(engine, table, plan.qualifier, plan.returning, params, sql);
    return bytecodeProgram(
      engine,
      params,
      sql,
      plan.singleRow,
      (c, sc, sink) => emitDelete(c, sc, plan, sink, ret),
    );
  }
  if (plan.returning === null && bytecodeTriggerTarget(engine, table)) {
    // BEFORE/AFTER DELETE triggers as OP_Program calls (delete_codegen.ts).
    const names = table.columns.map((c) => c.name);
    const trig = new TriggerRunner(engine, table, names, "delete", null);
    const calls = rowCalls(trig);
    return bytecodeProgram(
      engine,
      params,
      sql,
      false,
      (c, sc, sink) => emitDelete(c, sc, plan, sink, null, calls),
    );
  }
  const q = plan.select === null ? null : new SubQuery(engine, plan.select, params, sql);
  const ev = new SchemaEval(engine);
  const ret = plan.returning === null
    ? null
    : new Returning(engine, table, plan.qualifier, plan.returning, params, sql);
  const trig = table.triggers.length === 0
    ? null
    : new TriggerRunner(engine, table, table.columns.map((c) => c.name), "delete", null);
  let writer: TableWriter | null = null;
  const fk = foreignKeyWriter(engine, table, { kind: "delete" });
  const safe = (fk === null || !fk.mayAbort) && plan.singleRow && table.triggers.length === 0;
  return writeProgram(
    "DELETE",
    (vm) => {
      if (q === null && fk === null && engine.txn.active <= 1) {
        if (table.withoutRowid) {
          throw new SqliteError(
            `writing to WITHOUT ROWID table ${table.name} is not supported yet`,
          );
        }
        closeOpenWriters(engine);
        const n = engine.bt.clearTable(table.rootPage);
        for (const ix of table.indexes) engine.bt.clearTable(ix.rootPage);
        setChanges(engine, n);
        return;
      }
      const rowids: (number | bigint)[] = [];
      if (q === null) {
        // Another statement is reading: delete row by row instead of clearing the trees.
        const c = engine.bt.cursor(table.rootPage);
        try {
          for (let ok = c.first(); ok; ok = c.next()) rowids.push(c.rowid());
        } finally {
          c.close();
        }
      } else {
        q.bind(vm.vars);
        q.run((regs, start) => {
          const m = regs[start];
          if (m.type === MemType.INT) rowids.push(m.intValue);
        });
      }
      // SQLite reads the rowids back from a RowSet: ascending.
      rowids.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      const w = writer ??= new TableWriter(engine.bt, table, ev);
      w.reset();
      w.fk = fk;
      let n = 0;
      try {
        for (const r of rowids) {
          if (trig === null && ret === null) {
            if (w.deleteRow(r)) n++;
            continue;
          }
          const oldVals = table.columns.map(() => new Mem());
          if (!w.readRow(r, oldVals)) continue;
          const or = new Mem();
          or.setSqlInt(r);
          if (trig !== null && !trig.fire("BEFORE", null, null, oldVals, or)) continue;
          if (!w.deleteRow(r)) continue;
          n++;
          ret?.capture(vm, oldVals, or);
          trig?.fire("AFTER", null, null, oldVals, or);
        }
      } catch (e) {
        setChanges(engine, 0);
        throw e;
      } finally {
        releaseWriter(engine, w);
      }
      setChanges(engine, n);
    },
    params,
    safe,
    q?.program ?? null,
    ret,
  );
}
