/**
 * Constraint checks and row completion for INSERT and UPDATE programs — SQLite's insert.c
 * sqlite3GenerateConstraintChecks and sqlite3CompleteInsertion for a rowid table:
 *
 * - NOT NULL (OP_HaltIfNull with the action in P2; IGNORE jumps to the next row; REPLACE loads
 *   the column's DEFAULT and is ABORT when there is none or it is NULL),
 * - CHECK (the expression over the row's registers; NULL passes; REPLACE acts as ABORT),
 * - the rowid / INTEGER PRIMARY KEY (OP_NotExists on the table),
 * - UNIQUE indexes in the table's index order with REPLACE indexes last (key via
 *   sqlite3GenerateIndexKey, OP_NoConflict; an UPDATE's own old entry is no conflict),
 * - completion: OP_IdxInsert of every index key, then OP_MakeRecord + OP_Insert of the row.
 *
 * Errors carry SQLite's messages and extended codes (`NOT NULL constraint failed: t.a`,
 * `UNIQUE constraint failed: t.a, t.b`, `UNIQUE constraint failed: index 'i'` for expression
 * indexes, `CHECK constraint failed: name|expr`, SQLITE_CONSTRAINT_ROWID for a plain rowid) and
 * the conflict action (statement `OR …` over the constraint's `ON CONFLICT`) in OP_Halt's P2.
 * REPLACE of a conflicting row (rowid or UNIQUE) deletes it with its index entries first
 * (uncounted); a table-declared INTEGER PRIMARY KEY REPLACE is checked after the UNIQUE indexes
 * (`rowidCheckDeferred`), as insert.c's ipkTop/ipkBottom arrangement does.
 *
 * Owns: `emitColumnChecks`, `emitRowidCheck`, `emitIndexChecks`, `emitCompletion`,
 * `replaceApplies`. Must never: run anything.
 * Cold (compile time).
 * @module
 */

import type { ConflictAction } from "../sql/ast.ts";
import { defaultValueExpr, type WriteTarget } from "./dml_target.ts";
import { Op } from "./program.ts";
import { EXPR_COLUMN, type Index, ROWID_COLUMN, type Table } from "./schema.ts";

/** OP_Halt P2 for an action that raises (SQLite's OE_Rollback, OE_Abort, OE_Fail). */
function haltAction(a: ConflictAction): number {
  return a === "ROLLBACK" ? 1 : a === "FAIL" ? 3 : 2;
}

/**
 * True when a REPLACE that deletes another row can apply to writes on `t` under `or` (a rowid
 * or UNIQUE conflict resolved by REPLACE).
 */
export function replaceApplies(t: Table, or: ConflictAction | null): boolean {
  if (or !== null) return or === "REPLACE";
  return t.ipkConflict === "REPLACE" ||
    t.indexes.some((ix) => ix.unique && ix.onConflict === "REPLACE");
}

/** SQLite's message for a UNIQUE index conflict. */
export function uniqueMessage(t: Table, ix: Index): string {
  const parts: string[] = [];
  for (const kc of ix.columns) {
    if (kc.column === EXPR_COLUMN) return `UNIQUE constraint failed: index '${ix.name}'`;
    const name = kc.column === ROWID_COLUMN ? "rowid" : t.columns[kc.column].name;
    parts.push(`${t.name}.${name}`);
  }
  return `UNIQUE constraint failed: ${parts.join(", ")}`;
}

/** Registers of the row being written and where a skipped (IGNOREd) row goes. */
export interface RowTarget {
  /** First of n registers holding the new row's columns (affinity applied). */
  readonly data: number;
  /** The new rowid. */
  readonly rowid: number;
  /** UPDATE: the old rowid (its own index entries are no conflict), else 0. */
  readonly oldRowid: number;
  /** Label of the next row (OR IGNORE). */
  readonly ignore: number;
  /** Statement conflict clause. */
  readonly or: ConflictAction | null;
  /**
   * INSERT … ON CONFLICT [(target)] DO NOTHING: the uniqueness constraint it names (an index,
   * "ipk" for the INTEGER PRIMARY KEY, null for every one) is IGNOREd; undefined without upsert.
   */
  readonly doNothing?: Index | "ipk" | null;
}

/** The action for a uniqueness conflict on `which` (an index or the rowid) under an upsert. */
function upsertAction(row: RowTarget, which: Index | "ipk"): ConflictAction | null {
  if (row.doNothing === undefined) return null;
  return row.doNothing === null || row.doNothing === which ? "IGNORE" : null;
}

/** Emit a raising OP_Halt: SQLite's message and extended code, the action in P2. */
function emitHalt(tgt: WriteTarget, action: ConflictAction, message: string, code: string): void {
  tgt.c.emit(Op.Halt, 1, haltAction(action), 0, { kind: "error", value: { message, code } });
}

/** NOT NULL and CHECK constraints on the new row (SQLite's order: NOT NULL first). */
export function emitColumnChecks(tgt: WriteTarget, row: RowTarget): void {
  const c = tgt.c;
  const b = c.b;
  const t = tgt.table;
  t.columns.forEach((col, i) => {
    if (!col.notNull || i === t.rowidAlias) return;
    const reg = row.data + i;
    let action = row.or ?? col.notNullConflict;
    if (action === "REPLACE") {
      // REPLACE: the column's DEFAULT instead of NULL; ABORT when there is none (or NULL).
      action = "ABORT";
      if (col.defaultExpr !== null) {
        const ok = b.newLabel();
        b.emitJump(Op.NotNull, reg, ok);
        c.exprTo(tgt.scope, defaultValueExpr(col.defaultExpr), reg);
        c.emit(Op.Affinity, reg, 1, 0, {
          kind: "affinity",
          value: String.fromCharCode(col.affinity),
        });
        b.resolve(ok);
      }
    }
    const message = `NOT NULL constraint failed: ${t.name}.${col.name}`;
    if (action === "IGNORE") {
      b.emitJump(Op.IsNull, reg, row.ignore);
      return;
    }
    c.emit(Op.HaltIfNull, 0, haltAction(action), reg, {
      kind: "error",
      value: { message, code: "SQLITE_CONSTRAINT_NOTNULL" },
    });
  });
  for (const ck of t.checks) {
    const r = b.allocReg();
    tgt.exprOnRow(ck.expr, row.data, row.rowid, r);
    const ok = b.newLabel();
    b.emitJump(Op.If, r, ok, 1);
    let action = row.or ?? "ABORT";
    if (action === "REPLACE") action = "ABORT";
    if (action === "IGNORE") b.emitJump(Op.Goto, 0, row.ignore);
    else {
      emitHalt(
        tgt,
        action,
        `CHECK constraint failed: ${ck.name ?? ck.text}`,
        "SQLITE_CONSTRAINT_CHECK",
      );
    }
    b.resolve(ok);
  }
}

/**
 * True when the rowid check runs after the UNIQUE checks: insert.c defers an INTEGER PRIMARY
 * KEY REPLACE declared on the table (not by the statement) until the other constraints have
 * passed, so an ABORT/FAIL/IGNORE there does not follow a deletion.
 */
export function rowidCheckDeferred(t: Table, or: ConflictAction | null): boolean {
  return or === null && t.ipkConflict === "REPLACE" && t.indexes.length > 0;
}

/**
 * The rowid uniqueness check: when `rowid` names an existing row (other than `oldRowid` for an
 * UPDATE) the INTEGER PRIMARY KEY's conflict action applies; REPLACE deletes that row. Moves the
 * table cursor.
 */
export function emitRowidCheck(tgt: WriteTarget, row: RowTarget): void {
  const b = tgt.c.b;
  const t = tgt.table;
  const ok = b.newLabel();
  if (row.oldRowid !== 0) b.emitJump(Op.Eq, row.rowid, ok, row.oldRowid);
  b.emitJump(Op.NotExists, tgt.tabCur, ok, row.rowid);
  const action = upsertAction(row, "ipk") ?? row.or ?? t.ipkConflict ?? "ABORT";
  if (action === "REPLACE") tgt.deleteRow(row.rowid);
  else if (action === "IGNORE") b.emitJump(Op.Goto, 0, row.ignore);
  else {
    const col = t.rowidAlias >= 0 ? t.columns[t.rowidAlias].name : "rowid";
    emitHalt(
      tgt,
      action,
      `UNIQUE constraint failed: ${t.name}.${col}`,
      t.rowidAlias >= 0 ? "SQLITE_CONSTRAINT_PRIMARYKEY" : "SQLITE_CONSTRAINT_ROWID",
    );
  }
  b.resolve(ok);
}

/**
 * Build the new index keys of the indexes `which` selects (key registers, then the record in
 * `recs[i]`, NULL for a row a partial index excludes) and check the UNIQUE ones in SQLite's
 * order. Returns the record register per index (0 for indexes not selected).
 */
export function emitIndexChecks(
  tgt: WriteTarget,
  row: RowTarget,
  which: (ix: Index) => boolean,
  afterFirst: (() => void) | null = null,
): number[] {
  const c = tgt.c;
  const b = c.b;
  const t = tgt.table;
  const recs: number[] = t.indexes.map(() => 0);
  // UNIQUE indexes whose action is REPLACE are checked after the others (insert.c).
  const order = t.indexes.map((ix, i) => ({ ix, i }));
  order.sort((x, y) =>
    Number(x.ix.unique && (row.or ?? x.ix.onConflict) === "REPLACE") -
    Number(y.ix.unique && (row.or ?? y.ix.onConflict) === "REPLACE")
  );
  // upsert.c: the conflict target's index is checked before every other one.
  const target = row.doNothing;
  if (target !== undefined && target !== null && target !== "ipk") {
    const at = order.findIndex((o) => o.ix === target);
    if (at > 0) order.unshift(...order.splice(at, 1));
  }
  let first = true;
  for (const { ix, i } of order) {
    if (!first && afterFirst !== null) {
      afterFirst();
      afterFirst = null;
    }
    first = false;
    if (!which(ix)) continue;
    const n = ix.columns.length;
    const key = b.allocRegs(n + 1);
    const rec = b.allocReg();
    recs[i] = rec;
    const skip = b.newLabel();
    if (ix.where !== null) c.emit(Op.Null, 0, rec);
    tgt.indexKey(ix, row.data, row.rowid, key, skip);
    if (ix.unique) {
      const ok = b.newLabel();
      b.emitJump(Op.NoConflict, tgt.idxCur[i], ok, key, null, n);
      const action = upsertAction(row, ix) ?? row.or ?? ix.onConflict;
      const other = row.oldRowid !== 0 || action === "REPLACE" ? b.allocReg() : 0;
      if (other !== 0) c.emit(Op.IdxRowid, tgt.idxCur[i], other);
      // An UPDATE's own old entry is no conflict.
      if (row.oldRowid !== 0) b.emitJump(Op.Eq, other, ok, row.oldRowid);
      if (action === "REPLACE") tgt.deleteRow(other);
      else if (action === "IGNORE") b.emitJump(Op.Goto, 0, row.ignore);
      else {
        emitHalt(
          tgt,
          action,
          uniqueMessage(t, ix),
          ix.origin === "pk" ? "SQLITE_CONSTRAINT_PRIMARYKEY" : "SQLITE_CONSTRAINT_UNIQUE",
        );
      }
      b.resolve(ok);
    }
    c.emit(Op.MakeRecord, key, n + 1, rec, null, 1);
    b.resolve(skip);
  }
  if (afterFirst !== null) afterFirst();
  return recs;
}

/**
 * sqlite3CompleteInsertion: insert the index records built by `emitIndexChecks`, then the row
 * (the INTEGER PRIMARY KEY column stored as NULL). `flags`: OP_Insert's P5 (1 count the change,
 * 2 set last_insert_rowid).
 */
export function emitCompletion(
  tgt: WriteTarget,
  row: RowTarget,
  recs: readonly number[],
  flags: number,
): void {
  const c = tgt.c;
  const b = c.b;
  const t = tgt.table;
  t.indexes.forEach((ix, i) => {
    const rec = recs[i];
    if (rec === 0) return;
    const skip = b.newLabel();
    if (ix.where !== null) b.emitJump(Op.IsNull, rec, skip);
    c.emit(Op.IdxInsert, tgt.idxCur[i], rec);
    b.resolve(skip);
  });
  if (t.rowidAlias >= 0) c.emit(Op.SoftNull, row.data + t.rowidAlias);
  const rec = b.allocReg();
  c.emit(Op.MakeRecord, row.data, Math.max(t.columns.length, 0), rec, null, 1);
  c.emit(Op.Insert, tgt.tabCur, rec, row.rowid, null, flags);
}
