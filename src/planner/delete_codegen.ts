/**
 * DELETE code generation — SQLite's delete.c (sqlite3DeleteFrom, sqlite3GenerateRowDelete) for a
 * rowid table (RETURNING included): the rows are found by the planned
 * `SELECT rowid FROM t WHERE … [ORDER BY … LIMIT …]` compiled into the same program, then each
 * row is deleted with its index entries:
 *
 * ```
 * Transaction 0 1 ; CountChanges ; OpenWrite t ; OpenWrite each index
 * one pass (WHERE picks one row by rowid):  <lookup loop> { body(rowid) }
 * two passes (SQLite's RowSet):  OpenEphemeral ; <scan> { IdxInsert eph rowid }
 *                                Rewind eph ; loop: Column eph 0 → r ; body(r) ; Next eph
 * body(r): NotExists t r ; Column … (old row) ; IdxDelete per index ; Delete t (counted)
 * with triggers (always two passes): NotExists t r ; OLD block ; Program (BEFORE) ; IfNot → next ;
 *          NotExists t r ; Column … ; IdxDelete … ; Delete t ; Program (AFTER)
 * ```
 *
 * The two-pass ephemeral index hands the rowids back ascending and without duplicates, as
 * SQLite's RowSet does. Without WHERE (and without triggers or RETURNING) the trees are emptied
 * with OP_Clear (the table's, counted, then each index's), falling back to the row loop when
 * another statement of the connection is reading them. Owns: `emitDelete`. Must never: execute. Cold (compile time).
 * @module
 */

import type { Compiler } from "./expr.ts";
import { Scope } from "./expr.ts";
import type { DeletePlan } from "./delete.ts";
import { emitCountChanges, ReturningRows, type ReturningSpec, WriteTarget } from "./dml_target.ts";
import { type HostCall, Op, type ProgramBuilder, type ResultColumn } from "./program.ts";
import type { SelectCompiler } from "./select.ts";
import { emitOldRowBlock, emitProgramCall, type RowTriggerCalls } from "./trigger_codegen.ts";

/**
 * Open an ephemeral index of single rowids (the RowSet stand-in), filled in bulk and sorted when
 * first read; returns its cursor.
 */
export function openRowSet(b: ProgramBuilder): number {
  const eph = b.allocCursor();
  b.emit(Op.OpenEphemeral, eph, 1, 0, {
    kind: "cursor",
    value: {
      root: 0,
      kind: "index",
      nField: 1,
      name: "rowset",
      keyInfo: { nKey: 1, collations: [null], desc: [false] },
    },
  }, 1);
  return eph;
}

/**
 * Loop over the rowids collected in `eph` (ascending, each once as from a RowSet): `body(reg)`
 * handles one rowid and may jump to the label it is given to go on with the next one.
 */
export function loopRowSet(
  b: ProgramBuilder,
  eph: number,
  body: (rowid: number, next: number) => void,
): void {
  const r = b.allocReg();
  const prev = b.allocReg();
  const end = b.newLabel();
  const next = b.newLabel();
  b.emit(Op.Null, 0, prev);
  b.emitJump(Op.Rewind, eph, end);
  const top = b.here;
  b.emit(Op.Column, eph, 0, r);
  // The bulk-filled index keeps duplicates: a rowid equal to the previous one is skipped.
  b.emitJump(Op.Eq, r, next, prev);
  b.emit(Op.SCopy, r, prev);
  body(r, next);
  b.resolve(next);
  b.emit(Op.Next, eph, top);
  b.resolve(end);
}

/**
 * Emit the whole DELETE program body (the caller finishes the program); returns the result
 * columns (RETURNING's, else none).
 */
export function emitDelete(
  c: Compiler,
  sc: SelectCompiler,
  plan: DeletePlan,
  sink: HostCall,
  returning: ReturningSpec | null = null,
  triggers: RowTriggerCalls | null = null,
): ResultColumn[] {
  const b = c.b;
  const t = plan.table;
  const select = plan.select ?? plan.scanAll!;
  b.emit(Op.Transaction, 0, 1);
  emitCountChanges(c, sink);
  if (plan.select === null && triggers === null) {
    // Truncate: OP_Clear on every tree (sqlite3DeleteFrom's "DELETE FROM t" optimisation).
    const rowLoop = b.newLabel();
    b.emitJump(Op.Clear, t.rootPage, rowLoop, 1);
    for (const ix of t.indexes) c.emit(Op.Clear, ix.rootPage);
    b.emit(Op.Halt);
    b.resolve(rowLoop);
  }
  const tgt = new WriteTarget(c, t, plan.qualifier);
  tgt.open();
  const ret = returning === null
    ? null
    : new ReturningRows(tgt, returning.items, returning.columns);
  const data = b.allocRegs(Math.max(t.columns.length, 1));
  const body = (rowid: number, next: number) => {
    b.emitJump(Op.NotExists, tgt.tabCur, next, rowid);
    let blk = -1;
    if (triggers !== null) {
      // sqlite3GenerateRowDelete: OLD read first; the BEFORE triggers may delete or change the
      // row (or move the cursor), so it is sought again and re-read for its index entries.
      blk = emitOldRowBlock(tgt, rowid, false);
      if (triggers.before !== null) {
        emitProgramCall(tgt, triggers.before, blk, next);
        b.emitJump(Op.NotExists, tgt.tabCur, next, rowid);
      }
    }
    if (t.indexes.length > 0 || ret !== null) tgt.readRow(data);
    if (t.indexes.length > 0) tgt.deleteIndexEntries(data, rowid, () => true);
    b.emit(Op.Delete, tgt.tabCur, 0, 0, null, 1);
    // RETURNING sees the old row, evaluated after the delete (as an AFTER trigger).
    ret?.capture(data, rowid);
    if (triggers?.after) emitProgramCall(tgt, triggers.after, blk, null);
  };
  sc.root = select;
  if (plan.singleRow && triggers === null) {
    // One pass: the lookup positions at most one row.
    sc.select(c, new Scope(null), select, {
      emit(first) {
        const next = b.newLabel();
        body(first, next);
        b.resolve(next);
      },
    });
  } else {
    const eph = openRowSet(b);
    sc.select(c, new Scope(null), select, {
      emit(first) {
        b.emit(Op.IdxInsert, eph, first, 1);
      },
    });
    loopRowSet(b, eph, body);
  }
  ret?.emitOutput();
  b.emit(Op.Halt);
  return ret?.columns ?? [];
}
