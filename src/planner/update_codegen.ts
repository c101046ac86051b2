/**
 * UPDATE code generation — SQLite's update.c (sqlite3Update) for a rowid table without
 * UPDATE … FROM: the rows are found by the planned
 * `SELECT rowid, … FROM t WHERE … [ORDER BY … LIMIT …]` compiled into the same program, then
 * for each row:
 *
 * ```
 * NotExists t old ; Column … (old row, when an index must change)
 * new values: SET expressions over the table cursor, other columns read as they are
 * MustBeInt new rowid ; Affinity / TypeCheck ; NOT NULL ; CHECK ; rowid ; UNIQUE (NoConflict)
 * IdxDelete old keys ; [Delete old row when the rowid moves] ; IdxInsert new keys ; Insert
 * ```
 *
 * With BEFORE/AFTER UPDATE triggers (rowids always collected first): the OLD row is read into a
 * trigger block, the new values computed and passed as NEW to `Program` (BEFORE; RAISE(IGNORE)
 * skips the row), the row sought again (a trigger may have deleted it) and its unchanged columns
 * reloaded; after the write `Program` (AFTER) gets the row as written.
 *
 * Row order follows SQLite: one pass when the WHERE picks one row by rowid; the scan's order when
 * it walks an index the UPDATE does not modify (SQLite's one-pass over that index); otherwise the
 * rowids are collected first and visited ascending (the RowSet two-pass strategy), each row's
 * new values computed from the row as it is when it is reached. Only indexes whose key can change
 * are opened and rewritten (SQLite's aRegIdx): all of them when the rowid changes.
 *
 * Owns: `emitUpdate`. Must never: execute. Cold (compile time).
 * @module
 */

import type * as A from "../sql/ast.ts";
import { type Compiler, Scope } from "./expr.ts";
import { loopRowSet, openRowSet } from "./delete_codegen.ts";
import {
  emitColumnChecks,
  emitCompletion,
  emitIndexChecks,
  emitRowidCheck,
  replaceApplies,
  rowidCheckDeferred,
} from "./dml_constraints.ts";
import { emitCountChanges, ReturningRows, type ReturningSpec, WriteTarget } from "./dml_target.ts";
import { type HostCall, Op, type ResultColumn } from "./program.ts";
import type { Index } from "./schema.ts";
import type { SelectCompiler } from "./select.ts";
import type { UpdatePlan } from "./update.ts";
import {
  emitNewHalf,
  emitOldRowBlock,
  emitProgramCall,
  type RowTriggerCalls,
} from "./trigger_codegen.ts";

/** The rowid-only form of the row source (a lookup by rowid needs no other column). */
function rowidOnly(sel: A.SelectStmt): A.SelectStmt {
  if (sel.first.kind !== "core") return sel;
  return { ...sel, first: { ...sel.first, columns: sel.first.columns.slice(0, 1) } };
}

/**
 * Emit the whole UPDATE program body (the caller finishes the program); returns the result
 * columns (RETURNING's, else none).
 */
export function emitUpdate(
  c: Compiler,
  sc: SelectCompiler,
  plan: UpdatePlan,
  sink: HostCall,
  returning: ReturningSpec | null = null,
  triggers: RowTriggerCalls | null = null,
): ResultColumn[] {
  const b = c.b;
  const t = plan.table;
  const n = t.columns.length;
  b.emit(Op.Transaction, 0, 1);
  emitCountChanges(c, sink);
  const tgt = new WriteTarget(c, t, plan.qualifier);
  const ipkChanged = t.rowidAlias >= 0 && plan.changed.has(t.rowidAlias);
  const chngRowid = plan.rowidExpr !== null || ipkChanged;
  const affected = (ix: Index) =>
    chngRowid || ix.where !== null ||
    ix.columns.some((k) => k.column < 0 || plan.changed.has(k.column));
  // A REPLACE deletes other rows with their entries in every index: all are opened then.
  const replace = replaceApplies(t, plan.or);
  tgt.open(replace ? () => true : affected);
  const ret = returning === null
    ? null
    : new ReturningRows(tgt, returning.items, returning.columns);
  const needOld = t.indexes.some(affected);
  const regOld = b.allocRegs(Math.max(n, 1));
  const regNew = b.allocRegs(Math.max(n, 1));
  const newRowid = b.allocReg();

  const body = (old: number, next: number) => {
    b.emitJump(Op.NotExists, tgt.tabCur, next, old);
    // With triggers: the OLD row goes to a block (flag, NEW half, OLD half) read up front.
    const blk = triggers === null ? -1 : emitOldRowBlock(tgt, old, true);
    if (needOld && triggers === null) tgt.readRow(regOld);
    for (let i = 0; i < n; i++) {
      const e = plan.newValues[i];
      if (e !== null) c.exprTo(tgt.scope, e, regNew + i);
      else if (i === t.rowidAlias) c.emit(Op.SCopy, old, regNew + i);
      else c.readColumn(tgt.source, i, regNew + i);
    }
    if (ipkChanged) {
      c.emit(Op.MustBeInt, regNew + t.rowidAlias);
      c.emit(Op.SCopy, regNew + t.rowidAlias, newRowid);
    } else if (plan.rowidExpr !== null) {
      c.exprTo(tgt.scope, plan.rowidExpr, newRowid);
      c.emit(Op.MustBeInt, newRowid);
    } else c.emit(Op.SCopy, old, newRowid);
    if (triggers?.before) {
      // update.c: NEW (affinities applied) to the BEFORE triggers; they may delete the row (go
      // on with the next one) or change its other columns (reloaded; SET values are kept).
      tgt.applyAffinity(regNew);
      emitNewHalf(tgt, blk, regNew, newRowid);
      emitProgramCall(tgt, triggers.before, blk, next);
      b.emitJump(Op.NotExists, tgt.tabCur, next, old);
      for (let i = 0; i < n; i++) {
        if (plan.newValues[i] === null && i !== t.rowidAlias) {
          c.readColumn(tgt.source, i, regNew + i);
        }
      }
    }
    // The old index keys come from the row as it is now (sqlite3GenerateRowIndexDelete).
    if (needOld && triggers !== null) tgt.readRow(regOld);
    tgt.applyAffinity(regNew);
    const row = { data: regNew, rowid: newRowid, oldRowid: old, ignore: next, or: plan.or };
    emitColumnChecks(tgt, row);
    const deferred = rowidCheckDeferred(t, plan.or);
    if (chngRowid && !deferred) emitRowidCheck(tgt, row);
    const recs = emitIndexChecks(tgt, row, affected);
    if (chngRowid && deferred) emitRowidCheck(tgt, row);
    if (needOld) tgt.deleteIndexEntries(regOld, old, affected);
    if (chngRowid) {
      // The rowid check moved the table cursor: find the old row again to delete it.
      const same = b.newLabel();
      b.emitJump(Op.Eq, newRowid, same, old);
      b.emitJump(Op.NotExists, tgt.tabCur, same, old);
      c.emit(Op.Delete, tgt.tabCur);
      b.resolve(same);
    }
    emitCompletion(tgt, row, recs, 1);
    ret?.capture(regNew, newRowid);
    if (triggers?.after) {
      emitNewHalf(tgt, blk, regNew, newRowid);
      emitProgramCall(tgt, triggers.after, blk, null);
    }
  };

  sc.root = plan.rowidSelect;
  // With triggers the rowids are always collected first (update.c: no one-pass with triggers
  // beyond a single row; a RowSet visit is the same for one row).
  if (plan.singleRow && triggers === null) {
    sc.select(c, new Scope(null), rowidOnly(plan.rowidSelect), {
      emit(first) {
        const next = b.newLabel();
        body(first, next);
        b.resolve(next);
      },
    });
    ret?.emitOutput();
    b.emit(Op.Halt);
    return ret?.columns ?? [];
  }
  // First pass: collect the rowids. Emitted as an ephemeral table in scan order; switched to a
  // sorted RowSet below unless the scan walks an index this UPDATE leaves unchanged.
  const eph = openRowSet(b);
  const openAddr = b.here - 1;
  const planStart = b.plan.length;
  const inserts: number[] = [];
  const tmp = b.allocReg();
  sc.select(c, new Scope(null), plan.rowidSelect, {
    emit(first) {
      inserts.push(b.emit(Op.NewRowid, eph, tmp));
      b.emit(Op.Insert, eph, first, tmp, null, 1 << 8);
    },
  });
  let scanOrder = false;
  if (!chngRowid && !replace && triggers === null) {
    for (const line of b.plan.slice(planStart)) {
      const m = / USING (?:COVERING )?INDEX (\S+)/.exec(line.detail);
      const ix = m === null ? undefined : t.indexes.find((i) => i.name === m[1]);
      if (ix !== undefined) {
        scanOrder = ix.columns.every((k) => k.column >= 0 && !plan.changed.has(k.column));
        break;
      }
    }
  }
  if (scanOrder) {
    b.ops[openAddr].p4 = {
      kind: "cursor",
      value: { root: 0, kind: "table", nField: 1, name: "rowset", keyInfo: null },
    };
    b.ops[openAddr].p5 = 0;
  } else {
    for (const a of inserts) {
      b.ops[a].op = Op.Noop;
      const ins = b.ops[a + 1];
      ins.op = Op.IdxInsert;
      ins.p3 = 1;
      ins.p5 = 0;
    }
  }
  loopRowSet(b, eph, body);
  ret?.emitOutput();
  b.emit(Op.Halt);
  return ret?.columns ?? [];
}
