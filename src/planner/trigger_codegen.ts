/**
 * Row-trigger calls in bytecode write programs — the caller's half of SQLite's trigger.c
 * (sqlite3CodeRowTrigger): the NEW row is copied into a register block and an `OP_Program`
 * instruction hands it to the connection, which runs the trigger programs for the row (their
 * statements are ordinary compiled statements, bytecode where their targets allow) and reports
 * whether RAISE(IGNORE) abandoned the row.
 *
 * Register block of one call (`Program first n`): regs[first] = flag (1 = go on, 0 = RAISE(IGNORE):
 * skip the row), regs[first+1] = NEW rowid, regs[first+2 …] = the NEW column values.
 *
 * Register block of an UPDATE/DELETE call: flag, [NEW rowid, NEW values (UPDATE)], OLD rowid, OLD
 * values.
 *
 * Owns: `RowTriggerCalls`, the INSERT calls, `emitOldRowBlock`, `emitNewHalf`, `emitProgramCall`.
 * Must never: run triggers (the connection does) or decide which statements may use it.
 * Cold (compile time).
 * @module
 */

import { type HostCall, Op } from "./program.ts";
import type { WriteTarget } from "./dml_target.ts";

/** The connection's trigger runners for one statement, one per timing (null: none fire). */
export interface RowTriggerCalls {
  readonly before: HostCall | null;
  readonly after: HostCall | null;
}

/**
 * BEFORE INSERT triggers (insert.c): the NEW row is a copy of the column values with the
 * table's affinities applied (a STRICT table's type checks), its rowid the given INTEGER PRIMARY KEY / rowid value (MustBeInt) or -1 while not yet
 * chosen; NEW.<ipk> reads the same. Jumps to `skip` when RAISE(IGNORE) abandoned the row.
 * `given`: register of the explicit rowid value, or -1 when the INSERT gives none.
 */
export function emitBeforeInsertTriggers(
  tgt: WriteTarget,
  call: HostCall,
  data: number,
  given: number,
  skip: number,
): void {
  const c = tgt.c;
  const b = c.b;
  const t = tgt.table;
  const n = t.columns.length;
  const blk = b.allocRegs(n + 2);
  for (let i = 0; i < n; i++) c.emit(Op.Copy, data + i, blk + 2 + i);
  if (given >= 0) {
    c.emit(Op.Copy, given, blk + 1);
    const have = b.newLabel();
    b.emitJump(Op.NotNull, blk + 1, have);
    c.emit(Op.Integer, -1, blk + 1);
    b.resolve(have);
    c.emit(Op.MustBeInt, blk + 1);
  } else c.emit(Op.Integer, -1, blk + 1);
  if (t.rowidAlias >= 0) c.emit(Op.SCopy, blk + 1, blk + 2 + t.rowidAlias);
  // (A STRICT table's type checks run here, before the triggers, as SQLite 3.53 does.)
  tgt.applyAffinity(blk + 2);
  c.emit(Op.Program, blk, n + 2, 0, { kind: "host", value: call });
  b.emitJump(Op.IfNot, blk, skip);
}

/** AFTER INSERT triggers: the row as written (`data`, `rowid`), after its Insert. */
export function emitAfterInsertTriggers(
  tgt: WriteTarget,
  call: HostCall,
  data: number,
  rowid: number,
): void {
  const c = tgt.c;
  const b = c.b;
  const t = tgt.table;
  const n = t.columns.length;
  const blk = b.allocRegs(n + 2);
  c.emit(Op.SCopy, rowid, blk + 1);
  for (let i = 0; i < n; i++) c.emit(Op.SCopy, data + i, blk + 2 + i);
  if (t.rowidAlias >= 0) c.emit(Op.SCopy, rowid, blk + 2 + t.rowidAlias);
  c.emit(Op.Program, blk, n + 2, 0, { kind: "host", value: call });
}

/**
 * Allocate a trigger register block with `hasNew` NEW and one OLD half, and read the row the
 * table cursor is on into its OLD half (OLD.<ipk> reads the rowid). Returns the block's first
 * register (the flag); the OLD half starts at `first + 1 + (hasNew ? n + 1 : 0)`.
 */
export function emitOldRowBlock(tgt: WriteTarget, rowid: number, hasNew: boolean): number {
  const c = tgt.c;
  const t = tgt.table;
  const n = t.columns.length;
  const blk = c.b.allocRegs(1 + (hasNew ? 2 * (n + 1) : n + 1));
  const old = blk + 1 + (hasNew ? n + 1 : 0);
  c.emit(Op.SCopy, rowid, old);
  tgt.readRow(old + 1);
  if (t.rowidAlias >= 0) c.emit(Op.SCopy, rowid, old + 1 + t.rowidAlias);
  return blk;
}

/**
 * `Program` over a block from `emitOldRowBlock`; with `skip`, jump there when RAISE(IGNORE)
 * abandoned the row (BEFORE triggers).
 */
export function emitProgramCall(
  tgt: WriteTarget,
  call: HostCall,
  blk: number,
  skip: number | null,
): void {
  const c = tgt.c;
  const n = tgt.table.columns.length;
  c.emit(Op.Program, blk, 1 + 2 * (n + 1), 0, { kind: "host", value: call });
  if (skip !== null) c.b.emitJump(Op.IfNot, blk, skip);
}

/** Copy the NEW row (`data`, `rowid`) into an UPDATE block's NEW half (NEW.<ipk> = rowid). */
export function emitNewHalf(tgt: WriteTarget, blk: number, data: number, rowid: number): void {
  const c = tgt.c;
  const t = tgt.table;
  const n = t.columns.length;
  c.emit(Op.SCopy, rowid, blk + 1);
  for (let i = 0; i < n; i++) c.emit(Op.SCopy, data + i, blk + 2 + i);
  if (t.rowidAlias >= 0) c.emit(Op.SCopy, rowid, blk + 2 + t.rowidAlias);
}
