/**
 * INSERT code generation — SQLite's insert.c (sqlite3Insert, autoIncBegin/autoIncStep/
 * autoIncEnd) for a rowid table without triggers, upsert or RETURNING:
 *
 * ```
 * Transaction 0 1 ; CountChanges ; [AUTOINCREMENT: read sqlite_sequence's row for t]
 * OpenWrite t ; OpenWrite each index
 * rows: DEFAULT VALUES / one VALUES row computed in place / VALUES rows or a SELECT compiled into
 *       the program and written as they come (through an ephemeral table first when the source
 *       reads the target table or a view)
 * per row: columns (source value or DEFAULT) ; rowid = IPK/explicit value (MustBeInt) or
 *          NewRowid ; Affinity / TypeCheck ; NOT NULL ; CHECK ; rowid ; UNIQUE ;
 *          IdxInsert each index ; MakeRecord ; Insert (counted, sets last_insert_rowid)
 *          [AUTOINCREMENT: MemMax]
 * [AUTOINCREMENT: write the sequence row back when it grew] ; Halt
 * ```
 *
 * Owns: `emitInsert`. Must never: execute. Cold (compile time).
 * @module
 */

import type * as A from "../sql/ast.ts";
import { type Compiler, Scope } from "./expr.ts";
import { checkSourceWidth, type InsertPlan } from "./insert.ts";
import {
  emitColumnChecks,
  emitCompletion,
  emitIndexChecks,
  emitRowidCheck,
  rowidCheckDeferred,
} from "./dml_constraints.ts";
import {
  defaultValueExpr,
  emitCountChanges,
  ReturningRows,
  type ReturningSpec,
  WriteTarget,
} from "./dml_target.ts";
import { type HostCall, Op, type ResultColumn } from "./program.ts";
import type { Index, Schema, Table } from "./schema.ts";
import type { SelectCompiler } from "./select.ts";
import {
  emitAfterInsertTriggers,
  emitBeforeInsertTriggers,
  type RowTriggerCalls,
} from "./trigger_codegen.ts";

/** True when `sel` reads `t` or any view (its rows must be gathered before writing). */
function readsTarget(sel: A.SelectStmt, t: Table, schema: Schema): boolean {
  const name = t.name.toLowerCase();
  let found = false;
  const walk = (x: unknown): void => {
    if (found || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    const o = x as Record<string, unknown>;
    if (o.kind === "table" && typeof o.name === "object" && o.name !== null && "name" in o.name) {
      const n = String((o.name as { name: string }).name).toLowerCase();
      if (n === name || schema.view(n) !== undefined) found = true;
    }
    for (const k in o) if (k !== "span") walk(o[k]);
  };
  walk(sel);
  return found;
}

/** The only row of `VALUES (…)` when the source is exactly that, else null. */
export function singleValuesRow(sel: A.SelectStmt | null): A.Expr[] | null {
  if (sel === null || sel.compounds.length > 0 || sel.orderBy !== null || sel.limit !== null) {
    return null;
  }
  if (sel.with !== null || sel.first.kind !== "values" || sel.first.rows.length !== 1) return null;
  return sel.first.rows[0];
}

/**
 * Emit the whole INSERT program body (the caller finishes the program); returns the result
 * columns (RETURNING's, else none).
 */
export function emitInsert(
  c: Compiler,
  sc: SelectCompiler,
  plan: InsertPlan,
  schema: Schema,
  sink: HostCall,
  returning: ReturningSpec | null = null,
  doNothing: Index | "ipk" | null | undefined = undefined,
  triggers: RowTriggerCalls | null = null,
): ResultColumn[] {
  const b = c.b;
  const t = plan.table;
  const n = t.columns.length;
  b.emit(Op.Transaction, 0, 1);
  emitCountChanges(c, sink);
  const seq = t.autoincrement ? schema.table("sqlite_sequence") : undefined;
  const auto = seq === undefined ? null : autoIncBegin(c, t, seq);
  // The alias names the table only in an upsert; CHECK constraints see the table name.
  const tgt = new WriteTarget(c, t, t.name);
  tgt.open();
  const ret = returning === null
    ? null
    : new ReturningRows(tgt, returning.items, returning.columns);
  const rowid = b.allocReg();
  const data = b.allocRegs(Math.max(n, 1));
  const explicit = t.rowidAlias >= 0 ? plan.columnMap[t.rowidAlias] >= 0 : plan.rowidSource >= 0;

  // `filled`: the source values were computed straight into their column registers.
  const body = (src: number, filled = false) => {
    const next = b.newLabel();
    for (let i = 0; i < n; i++) {
      const s = plan.columnMap[i];
      const def = t.columns[i].defaultExpr;
      if (s >= 0) {
        if (!filled) c.emit(Op.SCopy, src + s, data + i);
      } else if (i === t.rowidAlias || def === null) c.emit(Op.Null, 0, data + i);
      else c.exprTo(new Scope(null), defaultValueExpr(def), data + i);
    }
    if (triggers?.before) {
      const given = !explicit
        ? -1
        : t.rowidAlias >= 0
        ? data + t.rowidAlias
        : src + plan.rowidSource;
      emitBeforeInsertTriggers(tgt, triggers.before, data, given, next);
    }
    // The rowid: the INTEGER PRIMARY KEY / rowid value when given and not NULL (MustBeInt),
    // else a new one; chosen before the constraint checks, so CHECKs see it.
    const newId = auto === null ? 0 : auto.value;
    if (explicit) {
      const given = t.rowidAlias >= 0 ? data + t.rowidAlias : src + plan.rowidSource;
      const isNull = b.newLabel();
      const done = b.newLabel();
      c.emit(Op.SCopy, given, rowid);
      b.emitJump(Op.IsNull, rowid, isNull);
      c.emit(Op.MustBeInt, rowid);
      b.emitJump(Op.Goto, 0, done);
      b.resolve(isNull);
      c.emit(Op.NewRowid, tgt.tabCur, rowid, newId);
      b.resolve(done);
    } else c.emit(Op.NewRowid, tgt.tabCur, rowid, newId);
    if (t.rowidAlias >= 0) c.emit(Op.SCopy, rowid, data + t.rowidAlias);
    tgt.applyAffinity(data);
    const row = { data, rowid, oldRowid: 0, ignore: next, or: plan.or, doNothing };
    emitColumnChecks(tgt, row);
    // The rowid is checked first, except: after the UNIQUE indexes for a table-declared REPLACE
    // (insert.c's ipkTop), after the upsert's target index for DO NOTHING (upsertIpkDelay).
    const deferred = rowidCheckDeferred(t, plan.or);
    const afterTarget = doNothing !== undefined && doNothing !== null && doNothing !== "ipk";
    if (explicit && !deferred && !afterTarget) emitRowidCheck(tgt, row);
    const recs = emitIndexChecks(
      tgt,
      row,
      () => true,
      explicit && afterTarget ? () => emitRowidCheck(tgt, row) : null,
    );
    if (explicit && deferred && !afterTarget) emitRowidCheck(tgt, row);
    emitCompletion(tgt, row, recs, 3);
    if (auto !== null) c.emit(Op.MemMax, auto.value, rowid);
    ret?.capture(data, rowid);
    if (triggers?.after) emitAfterInsertTriggers(tgt, triggers.after, data, rowid);
    b.resolve(next);
  };

  const single = singleValuesRow(plan.source);
  if (plan.source === null) body(0);
  else if (single !== null) {
    checkSourceWidth(plan, single.length);
    // Each value is computed into its column's register (a value no column takes, or an
    // explicit rowid, into a scratch register).
    const src = b.allocRegs(Math.max(single.length, 1));
    const scope = new Scope(null);
    single.forEach((e, j) => {
      const col = plan.columnMap.indexOf(j);
      c.exprTo(scope, e, col >= 0 ? data + col : src + j);
    });
    body(src, true);
  } else if (triggers === null && !readsTarget(plan.source, t, schema)) {
    sc.root = plan.source;
    const cols = sc.select(c, new Scope(null), plan.source, { emit: (first) => body(first) });
    checkSourceWidth(plan, cols.length);
  } else {
    // The source reads the table being written, or triggers may write what it reads: gather
    // its rows first (SQLite's temp table: insert.c's useTempTable).
    const eph = b.allocCursor();
    b.emit(Op.OpenEphemeral, eph, 0, 0, {
      kind: "cursor",
      value: { root: 0, kind: "table", nField: plan.width, name: "source", keyInfo: null },
    });
    const tmp = b.allocReg();
    sc.root = plan.source;
    const cols = sc.select(c, new Scope(null), plan.source, {
      emit(first, w) {
        c.emit(Op.NewRowid, eph, tmp);
        c.emit(Op.Insert, eph, first, tmp, null, w << 8);
      },
    });
    checkSourceWidth(plan, cols.length);
    const src = b.allocRegs(Math.max(cols.length, 1));
    const end = b.newLabel();
    b.emitJump(Op.Rewind, eph, end);
    const top = b.here;
    for (let i = 0; i < cols.length; i++) c.emit(Op.Column, eph, i, src + i);
    body(src);
    c.emit(Op.Next, eph, top);
    b.resolve(end);
  }
  if (auto !== null) autoIncEnd(c, t, seq!, auto);
  ret?.emitOutput();
  b.emit(Op.Halt);
  return ret?.columns ?? [];
}

/** Registers of the AUTOINCREMENT bookkeeping (autoIncBegin's memId block). */
interface AutoInc {
  readonly name: number;
  /** The high-water mark (sqlite_sequence.seq, raised by every inserted rowid). */
  readonly value: number;
  /** sqlite_sequence rowid of t's row, NULL when it has none. */
  readonly seqRowid: number;
  /** The value read at the start (NULL when there was no row). */
  readonly original: number;
}

/** Read t's sqlite_sequence row (autoIncBegin): seq into `value`, its rowid into `seqRowid`. */
function autoIncBegin(c: Compiler, t: Table, seq: Table): AutoInc {
  const b = c.b;
  const a: AutoInc = {
    name: b.allocReg(),
    value: b.allocReg(),
    seqRowid: b.allocReg(),
    original: b.allocReg(),
  };
  const cur = b.allocCursor();
  c.emit(Op.OpenRead, cur, seq.rootPage, 0, {
    kind: "cursor",
    value: { root: seq.rootPage, kind: "table", nField: 2, keyInfo: null, name: seq.name },
  });
  c.emit(Op.String8, 0, a.name, 0, { kind: "text", value: t.name });
  c.emit(Op.Null, 0, a.value, a.original);
  const none = b.newLabel();
  const done = b.newLabel();
  b.emitJump(Op.Rewind, cur, none);
  const top = b.here;
  const name = b.allocReg();
  const skip = b.newLabel();
  c.emit(Op.Column, cur, 0, name);
  b.emitJump(Op.Ne, a.name, skip, name);
  c.emit(Op.Rowid, cur, a.seqRowid);
  c.emit(Op.Column, cur, 1, a.value);
  c.emit(Op.AddImm, a.value, 0);
  c.emit(Op.SCopy, a.value, a.original);
  b.emitJump(Op.Goto, 0, done);
  b.resolve(skip);
  c.emit(Op.Next, cur, top);
  b.resolve(none);
  c.emit(Op.Integer, 0, a.value);
  b.resolve(done);
  c.emit(Op.Close, cur);
  return a;
}

/** Write the sequence row back when it grew or did not exist (autoIncEnd). */
function autoIncEnd(c: Compiler, t: Table, seq: Table, a: AutoInc): void {
  const b = c.b;
  const end = b.newLabel();
  b.emitJump(Op.Le, a.original, end, a.value);
  const cur = b.allocCursor();
  c.emit(Op.OpenWrite, cur, seq.rootPage, 0, {
    kind: "cursor",
    value: { root: seq.rootPage, kind: "table", nField: 2, keyInfo: null, name: seq.name },
  });
  const have = b.newLabel();
  b.emitJump(Op.NotNull, a.seqRowid, have);
  c.emit(Op.NewRowid, cur, a.seqRowid);
  b.resolve(have);
  const rec = b.allocReg();
  c.emit(Op.MakeRecord, a.name, 2, rec);
  c.emit(Op.Insert, cur, rec, a.seqRowid);
  c.emit(Op.Close, cur);
  b.resolve(end);
  void t;
}
