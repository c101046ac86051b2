/**
 * Row writes with constraint enforcement — SQLite's insert.c (`sqlite3GenerateConstraintChecks`,
 * `sqlite3CompleteInsertion`), delete.c (`sqlite3GenerateRowDelete`,
 * `sqlite3GenerateRowIndexDelete`) and the conflict-resolution rules of lang_conflict.html.
 *
 * Owns: writing one row of a rowid table with every index kept in step: column affinity, the
 * INTEGER PRIMARY KEY / rowid (MustBeInt, new-rowid choice, AUTOINCREMENT via sqlite_sequence),
 * NOT NULL → CHECK → PRIMARY KEY → UNIQUE checks in SQLite's order with its messages and
 * extended codes, OR ROLLBACK/ABORT/FAIL/IGNORE/REPLACE, deleting rows and their index entries.
 * Must never: compile SQL (expression values come from a `RowEval` the caller provides), or
 * decide statement atomicity (./connection_txn.ts does, from the error's `onError`).
 * Warm: `insert`/`delete` run once per row written.
 * @module
 */

import { SqliteError, type SqliteErrorCode } from "../error.ts";
import type { BtCursor, BtreeApi, CollationCompare, Rowid } from "../btree/types.ts";
import {
  Affinity,
  type Column,
  EXPR_COLUMN,
  type Index,
  ROWID_COLUMN,
  type Table,
} from "../planner/schema.ts";
import type { ConflictAction } from "../sql/ast.ts";
import { INT64_MAX, Mem, MemType } from "../vdbe/mem.ts";
import { makeRecord, RecordBuf, RecordHeader } from "../vdbe/ops/record.ts";
import { setColumnDefault } from "../vdbe/ops/cursor.ts";
import { strictTypeOk } from "../vdbe/ops/write.ts";
import { columnDefault } from "../planner/column_default.ts";
import { applyAffinity } from "../vdbe/value/affinity.ts";
import { truthValue } from "../vdbe/value/arith.ts";
import type { ActionError, FailAction } from "./connection_txn.ts";
import { collatorOf } from "./connection_engine.ts";

/** Evaluates schema expressions (CHECK, DEFAULT, index expressions, partial-index WHERE) for a row. */
export interface RowEval {
  /** CHECK constraint values of `table` for a row (column values, rowid): one Mem per check. */
  checks(table: Table, vals: readonly Mem[], rowid: Mem): readonly Mem[];
  /** DEFAULT value of column `col` into `out`. */
  defaultValue(table: Table, col: number, out: Mem): void;
  /** Key-column values of an index with expressions (one per key column) into `out`. */
  indexKeys(ix: Index, vals: readonly Mem[], rowid: Mem, out: Mem[]): void;
  /** Partial-index WHERE for a row: true when the row belongs in the index. */
  partial(ix: Index, vals: readonly Mem[], rowid: Mem): boolean;
  /** Fire REPLACE-deletion side effects (not used yet: recursive_triggers is off). */
}

/**
 * FOREIGN KEY processing for the rows a writer changes (fkey.c's sqlite3FkCheck and
 * sqlite3FkActions, implemented by ./connection_fkey.ts). The writer calls it at the points
 * insert.c, update.c and delete.c code it: after the constraint checks, before the row is
 * written or removed, and (actions) after.
 */
export interface FkRowHooks {
  /** A new row is about to be written (I.1, I.2). */
  inserting(vals: readonly Mem[], rowid: Mem): void;
  /** A row is about to be deleted (D.1, D.2). */
  deleting(vals: readonly Mem[], rowid: Mem): void;
  /** A row was deleted: ON DELETE actions. */
  deleted(vals: readonly Mem[], rowid: Mem): void;
  /** A row is about to be replaced by `vals` at `rowid`: the old row's half (D.1, D.2). */
  updatingOld(old: readonly Mem[], oldRowid: Mem): void;
  /** The new row's half (I.1, I.2), once the old row's index entries are gone. */
  updatingNew(vals: readonly Mem[], rowid: Mem): void;
  /**
   * update.c's `hasFK>1`: the old record is deleted before the new row's checks (a
   * self-referencing key changes, or a parent key with an ON UPDATE action).
   */
  readonly deletesOldRow: boolean;
  /** A row was replaced: ON UPDATE actions. */
  updated(old: readonly Mem[], oldRowid: Mem, vals: readonly Mem[], rowid: Mem): void;
}

/** Build a constraint error carrying its conflict action. */
export function constraintError(
  message: string,
  code: SqliteErrorCode,
  action: FailAction,
): ActionError {
  const e = new SqliteError(message, code) as ActionError;
  e.onError = action;
  return e;
}

/** Thrown internally to skip a row under OR IGNORE. */
const IGNORED = Symbol("ignored");

/** Thrown internally when an upsert DO UPDATE takes over the row. */
const UPSERT = Symbol("upsert");

/** Outcome of writing one row ("upsert": the conflicting row `upsertRowid` is to be updated). */
export type WriteResult = "written" | "ignored" | "upsert";

function effective(stmtOr: ConflictAction | null, declared: ConflictAction): ConflictAction {
  return stmtOr ?? declared;
}

function failAction(a: ConflictAction): FailAction {
  return a === "FAIL" ? "FAIL" : a === "ROLLBACK" ? "ROLLBACK" : "ABORT";
}

/** Datatype names for STRICT error messages. */
const STRICT_TYPE_NAME = ["NULL", "INT", "REAL", "TEXT", "BLOB"];

/**
 * Writes rows of one rowid table. One per statement execution; cursors are opened lazily and
 * closed by `close()`.
 */
export class TableWriter {
  readonly table: Table;
  private readonly bt: BtreeApi;
  private readonly ev: RowEval;
  private tcur: BtCursor | null = null;
  private readonly icur = new Map<Index, BtCursor>();
  /** Closed cursors from the previous execution, offered for reuse (see close()). */
  private spareT: BtCursor | null = null;
  private readonly spareI = new Map<Index, BtCursor>();
  /** Each index's key comparison, built once (cursor reuse requires the same object). */
  private readonly keyInfos = new Map<
    Index,
    { collations: (CollationCompare | null)[]; desc: boolean[] }
  >();
  private readonly hdr = new RecordHeader();
  /** Scratch: record fields (columns + rowid) for index keys. */
  private readonly key: Mem[] = [];
  private readonly rowidMem = new Mem();
  private readonly oldVals: Mem[];
  private readonly oldRowid = new Mem();
  /** Rows deleted by REPLACE during the current statement (not counted in changes). */
  replaced = 0;
  /** FOREIGN KEY processing for this statement's rows (null: none applies). */
  fk: FkRowHooks | null = null;
  /** Largest rowid inserted (AUTOINCREMENT bookkeeping). */
  private maxRowid: bigint | null = null;
  private seqLoaded = false;
  private seq: bigint = 0n;

  constructor(bt: BtreeApi, table: Table, ev: RowEval) {
    if (table.withoutRowid) {
      throw new SqliteError(
        `writing to WITHOUT ROWID table ${table.name} is not supported yet`,
        "SQLITE_ERROR",
      );
    }
    this.bt = bt;
    this.hdr.enc = bt.textEncoding;
    this.table = table;
    this.ev = ev;
    this.oldVals = table.columns.map(() => new Mem());
    for (let i = 0; i < table.columns.length + 1; i++) this.key.push(new Mem());
  }

  private tableCursor(): BtCursor {
    if (this.tcur === null) {
      this.tcur = openCursor(this.bt, this.table.rootPage, "table", null, this.spareT);
    }
    return this.tcur;
  }

  private indexCursor(ix: Index): BtCursor {
    let c = this.icur.get(ix);
    if (c === undefined) {
      let keyInfo = this.keyInfos.get(ix);
      if (keyInfo === undefined) {
        const collations: (CollationCompare | null)[] = ix.columns.map((k) =>
          collatorOf(k.collation)
        );
        collations.push(null);
        const desc = ix.columns.map((k) => k.desc);
        desc.push(false);
        keyInfo = { collations, desc };
        this.keyInfos.set(ix, keyInfo);
      }
      c = openCursor(this.bt, ix.rootPage, "index", keyInfo, this.spareI.get(ix) ?? null);
      this.icur.set(ix, c);
    }
    return c;
  }

  /** Prepare for another statement execution (per-execution state only). */
  reset(): void {
    this.replaced = 0;
    this.maxRowid = null;
    this.seqLoaded = false;
    this.seq = 0n;
  }

  /**
   * Release every cursor. The closed cursor objects are kept for the next execution, which
   * reopens them in place (the b-tree checks they match) instead of allocating new ones.
   */
  close(): void {
    if (this.tcur !== null) {
      this.tcur.close();
      this.spareT = this.tcur;
      this.tcur = null;
    }
    for (const [ix, c] of this.icur) {
      c.close();
      this.spareI.set(ix, c);
    }
    this.icur.clear();
  }

  // ---- values -------------------------------------------------------------------------------

  /** Apply column affinities (and STRICT type rules) to a new row's values in place. */
  applyAffinities(vals: Mem[]): void {
    const cols = this.table.columns;
    for (let i = 0; i < cols.length; i++) {
      if (i === this.table.rowidAlias) continue;
      const m = vals[i];
      applyAffinity(m, cols[i].affinity);
      if (this.table.strict && m.type !== MemType.NULL) this.strictCheck(cols[i], m);
    }
  }

  private strictCheck(col: Column, m: Mem): void {
    const t = (col.declType ?? "").toUpperCase();
    const ok = strictTypeOk(t, m);
    if (!ok) {
      throw constraintError(
        `cannot store ${
          STRICT_TYPE_NAME[m.type]
        } value in ${t} column ${this.table.name}.${col.name}`,
        "SQLITE_CONSTRAINT_DATATYPE",
        "ABORT",
      );
    }
  }

  /** OP_MustBeInt on an explicit rowid / INTEGER PRIMARY KEY value. */
  private mustBeInt(m: Mem): void {
    applyAffinity(m, Affinity.INTEGER);
    if (m.type !== MemType.INT) throw new SqliteError("datatype mismatch", "SQLITE_MISMATCH");
  }

  /** Choose a new rowid (OP_NewRowid), honouring AUTOINCREMENT. */
  private newRowid(out: Mem): void {
    const c = this.tableCursor();
    if (!this.table.autoincrement) {
      // Fast path: the largest rowid is a safe integer (hot for bulk INSERT).
      if (!c.last()) {
        out.setInt(1);
        return;
      }
      const r = c.rowid();
      if (typeof r === "number" && r < Number.MAX_SAFE_INTEGER) {
        out.setInt(r + 1);
        return;
      }
    }
    let max: bigint = 0n;
    if (c.last()) max = BigInt(c.rowid());
    if (this.table.autoincrement) {
      this.loadSeq();
      if (this.seq > max) max = this.seq;
      if (max >= INT64_MAX) throw new SqliteError("database or disk is full", "SQLITE_FULL");
      out.setBigInt(max + 1n);
      return;
    }
    if (max < INT64_MAX) {
      out.setBigInt(max + 1n);
      return;
    }
    // Largest rowid in use: try random rowids as SQLite does.
    for (let i = 0; i < 100; i++) {
      const r = BigInt.asIntN(64, BigInt(Math.floor(Math.random() * 2 ** 53)) << 10n) & INT64_MAX;
      if (r > 0n && c.seekRowid(r) !== 0) {
        out.setBigInt(r);
        return;
      }
    }
    throw new SqliteError("database or disk is full", "SQLITE_FULL");
  }

  // ---- AUTOINCREMENT ------------------------------------------------------------------------

  private seqTable: Table | null = null;
  /** The catalog's sqlite_sequence table (set by the statement executor). */
  setSequenceTable(t: Table | null): void {
    this.seqTable = t;
  }

  private loadSeq(): void {
    if (this.seqLoaded) return;
    this.seqLoaded = true;
    this.seq = 0n;
    const st = this.seqTable;
    if (st === null) return;
    const c = this.bt.cursor(st.rootPage);
    const m = new Mem();
    try {
      for (let ok = c.first(); ok; ok = c.next()) {
        const p = c.payload();
        this.hdr.parse(p.data, p.offset, p.length);
        this.hdr.column(0, m);
        if (m.type === MemType.TEXT && m.s === this.table.name) {
          const v = new Mem();
          this.hdr.column(1, v);
          if (v.type === MemType.INT) this.seq = v.bigValue;
          break;
        }
      }
    } finally {
      c.close();
    }
  }

  /** Write the final AUTOINCREMENT value to sqlite_sequence (autoIncEnd). */
  finishAutoincrement(): void {
    if (!this.table.autoincrement || this.maxRowid === null || this.seqTable === null) return;
    this.loadSeq();
    if (this.maxRowid <= this.seq) return;
    this.seq = this.maxRowid;
    const st = this.seqTable;
    const c = this.bt.cursor(st.rootPage, { write: true });
    const m = new Mem();
    const rec = [new Mem(), new Mem()];
    rec[0].setText(this.table.name);
    rec[1].setBigInt(this.seq);
    try {
      let found: Rowid | null = null;
      for (let ok = c.first(); ok; ok = c.next()) {
        const p = c.payload();
        this.hdr.parse(p.data, p.offset, p.length);
        this.hdr.column(0, m);
        if (m.type === MemType.TEXT && m.s === this.table.name) {
          found = c.rowid();
          break;
        }
      }
      let rid: Rowid = found ?? 1;
      if (found === null && c.last()) {
        const r = c.rowid();
        rid = typeof r === "number" ? r + 1 : r + 1n;
      }
      c.insert(rid, makeRecord(rec, 0, 2, null, this.bt.textEncoding));
    } finally {
      c.close();
    }
  }

  // ---- reading existing rows ----------------------------------------------------------------

  /** Load the row `rowid` into `out` (IPK column = rowid). False if it does not exist. */
  readRow(rowid: Rowid, out: Mem[]): boolean {
    const c = this.tableCursor();
    if (c.seekRowid(rowid) !== 0) return false;
    const p = c.payload();
    this.hdr.parse(p.data, p.offset, p.length);
    const cols = this.table.columns;
    for (let i = 0; i < cols.length; i++) {
      if (i === this.table.rowidAlias) out[i].setSqlInt(rowid);
      else {
        this.hdr.column(i, out[i]);
        if (i >= this.hdr.nField) this.columnDefault(i, out[i]);
      }
    }
    return true;
  }

  /**
   * A column missing from an old short record reads as its DEFAULT (ALTER TABLE ADD COLUMN), the
   * value OP_Column gives it (sqlite3ColumnDefault), so index keys match the entries SQLite made.
   */
  private columnDefault(col: number, out: Mem): void {
    const d = columnDefault(this.table.columns[col]);
    if (d === null) out.setNull();
    else setColumnDefault(d.p4, d.aff, out);
  }

  // ---- index keys ---------------------------------------------------------------------------

  /** Fill this.key with the index key of a row (key columns then rowid); false if excluded. */
  private indexKey(ix: Index, vals: readonly Mem[], rowid: Mem): boolean {
    if (ix.where !== null && !this.ev.partial(ix, vals, rowid)) return false;
    const k = this.key;
    const n = ix.columns.length;
    while (k.length < n + 1) k.push(new Mem());
    let hasExpr = false;
    for (let i = 0; i < n; i++) {
      const col = ix.columns[i].column;
      if (col === EXPR_COLUMN) hasExpr = true;
      else if (col === ROWID_COLUMN || col === this.table.rowidAlias) k[i].copyFrom(rowid);
      else k[i].copyFrom(vals[col]);
    }
    if (hasExpr) {
      const tmp: Mem[] = [];
      for (let i = 0; i < n; i++) tmp.push(new Mem());
      this.ev.indexKeys(ix, vals, rowid, tmp);
      for (let i = 0; i < n; i++) if (ix.columns[i].column === EXPR_COLUMN) k[i].copyFrom(tmp[i]);
    }
    k[n].copyFrom(rowid);
    return true;
  }

  private uniqueMessage(ix: Index): string {
    const parts: string[] = [];
    for (const kc of ix.columns) {
      if (kc.column === EXPR_COLUMN) return `UNIQUE constraint failed: index '${ix.name}'`;
      const name = kc.column === ROWID_COLUMN ? "rowid" : this.table.columns[kc.column].name;
      parts.push(`${this.table.name}.${name}`);
    }
    return `UNIQUE constraint failed: ${parts.join(", ")}`;
  }

  /**
   * Look for another row with the same key in unique index `ix` (key in this.key). Returns the
   * conflicting rowid or null.
   */
  private findConflict(ix: Index, selfRowid: Mem | null): Rowid | null {
    const n = ix.columns.length;
    for (let i = 0; i < n; i++) if (this.key[i].type === MemType.NULL) return null;
    const c = this.indexCursor(ix);
    const prefix = makeRecord(this.key, 0, n, null, this.bt.textEncoding);
    if (c.seekIndex(prefix, 0, prefix.length, 0) !== 0) return null;
    const p = c.payload();
    this.hdr.parse(p.data, p.offset, p.length);
    const m = this.oldRowid;
    this.hdr.column(n, m);
    if (selfRowid !== null && m.type === MemType.INT && sameInt(m, selfRowid)) {
      // This row itself: look at the neighbours for another equal key.
      return this.otherEqual(ix, c, n, selfRowid);
    }
    return m.intValue;
  }

  private otherEqual(ix: Index, c: BtCursor, n: number, self: Mem): Rowid | null {
    void ix;
    const m = new Mem();
    const prefix = makeRecord(this.key, 0, n, null, this.bt.textEncoding);
    for (const dir of [1, -1]) {
      c.seekIndex(prefix, 0, prefix.length, 0);
      for (;;) {
        const ok = dir === 1 ? c.next() : c.prev();
        if (!ok) break;
        const p = c.payload();
        this.hdr.parse(p.data, p.offset, p.length);
        if (!this.keyPrefixEquals(n, ix)) break;
        this.hdr.column(n, m);
        if (!sameInt(m, self)) return m.intValue;
      }
    }
    return null;
  }

  private keyPrefixEquals(n: number, ix: Index): boolean {
    const m = new Mem();
    for (let i = 0; i < n; i++) {
      this.hdr.column(i, m);
      const coll = collatorOf(ix.columns[i].collation);
      if (compareForKey(m, this.key[i], coll) !== 0) return false;
    }
    return true;
  }

  // ---- insert -------------------------------------------------------------------------------

  /**
   * Insert one row. `vals` holds one Mem per column (affinity not yet applied); `rowid` an
   * explicit rowid (NULL = choose one; for INTEGER PRIMARY KEY tables the alias column wins).
   * Returns "ignored" when OR IGNORE skipped it. Sets `lastRowid`.
   */
  insert(vals: Mem[], explicitRowid: Mem | null, stmtOr: ConflictAction | null): WriteResult {
    try {
      this.insertInner(vals, explicitRowid, stmtOr);
      return "written";
    } catch (e) {
      if (e === IGNORED) return "ignored";
      if (e === UPSERT) return "upsert";
      throw e;
    }
  }

  /** Rowid of the last row written. */
  readonly lastRowid = new Mem();

  private insertInner(vals: Mem[], explicitRowid: Mem | null, stmtOr: ConflictAction | null) {
    const t = this.table;
    const rowid = this.rowidMem;
    // The rowid: INTEGER PRIMARY KEY value, explicit rowid, or a new one.
    let given: Mem | null = null;
    if (t.rowidAlias >= 0 && vals[t.rowidAlias].type !== MemType.NULL) given = vals[t.rowidAlias];
    else if (explicitRowid !== null && explicitRowid.type !== MemType.NULL) given = explicitRowid;
    if (given !== null) {
      this.mustBeInt(given);
      rowid.copyFrom(given);
    }
    this.applyAffinities(vals);
    // SQLite chooses the new rowid (OP_NewRowid) before the constraint checks, so CHECK
    // constraints on the INTEGER PRIMARY KEY see it.
    if (given === null) this.newRowid(rowid);
    if (t.rowidAlias >= 0) vals[t.rowidAlias].copyFrom(rowid);
    this.checkNotNull(vals, stmtOr);
    this.checkChecks(vals, rowid, stmtOr);
    if (given !== null) {
      const c = this.tableCursor();
      if (c.seekRowid(rowid.intValue) === 0) {
        const up = this.doNothing;
        if (up !== null && (up.target === null || up.target === "ipk")) {
          if (up.update) {
            this.upsertRowid = rowid.intValue;
            throw UPSERT;
          }
          throw IGNORED;
        }
        const action = effective(stmtOr, t.ipkConflict ?? "ABORT");
        if (action === "IGNORE") throw IGNORED;
        if (action === "REPLACE") {
          this.deleteRow(rowid.intValue, true);
        } else {
          const col = t.rowidAlias >= 0 ? t.columns[t.rowidAlias].name : "rowid";
          throw constraintError(
            `UNIQUE constraint failed: ${t.name}.${col}`,
            t.rowidAlias >= 0 ? "SQLITE_CONSTRAINT_PRIMARYKEY" : "SQLITE_CONSTRAINT_ROWID",
            failAction(action),
          );
        }
      }
    }
    this.checkUnique(vals, rowid, null, stmtOr);
    if (this.fk !== null) this.fk.inserting(vals, rowid);
    this.writeRow(vals, rowid);
    this.lastRowid.copyFrom(rowid);
    if (t.autoincrement) {
      const r = rowid.bigValue;
      if (this.maxRowid === null || r > this.maxRowid) this.maxRowid = r;
    }
  }

  private checkNotNull(vals: Mem[], stmtOr: ConflictAction | null): void {
    const t = this.table;
    const cols = t.columns;
    for (let i = 0; i < cols.length; i++) {
      const col = cols[i];
      if (!col.notNull || i === t.rowidAlias || vals[i].type !== MemType.NULL) continue;
      let action = effective(stmtOr, col.notNullConflict);
      if (action === "REPLACE") {
        if (col.defaultExpr !== null) {
          this.ev.defaultValue(t, i, vals[i]);
          applyAffinity(vals[i], col.affinity);
          if (vals[i].type !== MemType.NULL) continue;
        }
        action = "ABORT";
      }
      if (action === "IGNORE") throw IGNORED;
      throw constraintError(
        `NOT NULL constraint failed: ${t.name}.${col.name}`,
        "SQLITE_CONSTRAINT_NOTNULL",
        failAction(action),
      );
    }
  }

  private checkChecks(vals: Mem[], rowid: Mem, stmtOr: ConflictAction | null): void {
    const t = this.table;
    if (t.checks.length === 0) return;
    const res = this.ev.checks(t, vals, rowid);
    for (let i = 0; i < t.checks.length; i++) {
      const r = res[i];
      if (r.type === MemType.NULL) continue;
      if (truthValue(r) !== false) continue;
      let action = effective(stmtOr, "ABORT");
      if (action === "REPLACE") action = "ABORT";
      if (action === "IGNORE") throw IGNORED;
      const ck = t.checks[i];
      throw constraintError(
        `CHECK constraint failed: ${ck.name ?? ck.text}`,
        "SQLITE_CONSTRAINT_CHECK",
        failAction(action),
      );
    }
  }

  /** Unique-index checks; REPLACE deletes the conflicting rows. `self` = row being updated. */
  private checkUnique(
    vals: Mem[],
    rowid: Mem,
    self: Mem | null,
    stmtOr: ConflictAction | null,
    only: ((ix: Index) => boolean) | null = null,
  ): void {
    if (this.uniqueCount === 0) return;
    // SQLite checks REPLACE indexes after the others.
    let order = this.uniqueOrder.get(stmtOr);
    if (order === undefined) {
      order = this.table.indexes.filter((ix) => ix.unique);
      order.sort((a, b) =>
        Number(effective(stmtOr, a.onConflict) === "REPLACE") -
        Number(effective(stmtOr, b.onConflict) === "REPLACE")
      );
      this.uniqueOrder.set(stmtOr, order);
    }
    // upsert.c: the conflict target's index is checked before every other one.
    const target = self === null ? this.doNothing?.target : undefined;
    if (target !== undefined && target !== null && target !== "ipk" && order[0] !== target) {
      order = [target, ...order.filter((ix) => ix !== target)];
    }
    for (const ix of order) {
      if (only !== null && !only(ix)) continue;
      if (!this.indexKey(ix, vals, rowid)) continue;
      const other = this.findConflict(ix, self);
      if (other === null) continue;
      const up = self === null ? this.doNothing : null;
      if (up !== null && (up.target === null || up.target === ix)) {
        if (up.update) {
          this.upsertRowid = other;
          throw UPSERT;
        }
        throw IGNORED;
      }
      const action = effective(stmtOr, ix.onConflict);
      if (action === "IGNORE") throw IGNORED;
      if (action === "REPLACE") {
        this.deleteRow(other, true);
        continue;
      }
      throw constraintError(
        this.uniqueMessage(ix),
        ix.origin === "pk" ? "SQLITE_CONSTRAINT_PRIMARYKEY" : "SQLITE_CONSTRAINT_UNIQUE",
        failAction(action),
      );
    }
  }

  private readonly recBuf: Mem[] = [];
  /** Always NULL: stands in for the INTEGER PRIMARY KEY column while a record is built. */
  private readonly nullMem = new Mem();
  private readonly rowRec = new RecordBuf();
  private readonly keyRec = new RecordBuf();

  /** Write the table record and every index entry (or those `only` selects). */
  private writeRow(vals: Mem[], rowid: Mem, only: ((ix: Index) => boolean) | null = null): void {
    const t = this.table;
    const n = t.columns.length;
    // Trailing NULLs are stored like any other value (SQLite keeps every column).
    // Records are built in reusable buffers: the b-tree copies a record into its cell and keeps
    // no reference past the insert call.
    const rb = this.rowRec;
    if (vals.length >= n) {
      // Encode straight from the values; the INTEGER PRIMARY KEY column is stored as NULL, so its
      // slot holds a NULL register just while the record is built.
      const a = t.rowidAlias;
      if (a < 0) makeRecord(vals, 0, n, rb, this.bt.textEncoding);
      else {
        const ipk = vals[a];
        vals[a] = this.nullMem;
        try {
          makeRecord(vals, 0, n, rb, this.bt.textEncoding);
        } finally {
          vals[a] = ipk;
        }
      }
    } else {
      const rec = this.recBuf;
      while (rec.length < n) rec.push(new Mem());
      for (let i = 0; i < n; i++) {
        if (i === t.rowidAlias || i >= vals.length) rec[i].setNull();
        else rec[i].copyFrom(vals[i]);
      }
      makeRecord(rec, 0, n, rb, this.bt.textEncoding);
    }
    this.tableCursor().insert(rowid.intValue, rb.buf.subarray(0, rb.len));
    const kb = this.keyRec;
    for (const ix of t.indexes) {
      if (only !== null && !only(ix)) continue;
      if (!this.indexKey(ix, vals, rowid)) continue;
      makeRecord(this.key, 0, ix.columns.length + 1, kb, this.bt.textEncoding);
      this.indexCursor(ix).insertIndex(kb.buf.subarray(0, kb.len));
    }
  }

  // ---- delete -------------------------------------------------------------------------------

  /** Delete row `rowid` with its index entries. False if it did not exist. */
  deleteRow(rowid: Rowid, byReplace = false): boolean {
    if (this.fk !== null) return this.deleteRowFk(rowid, byReplace, this.fk);
    if (this.table.indexes.length === 0) {
      // No index entries to find: no need to decode the row.
      const c = this.tableCursor();
      if (c.seekRowid(rowid) !== 0) return false;
      c.delete();
      if (byReplace) this.replaced++;
      return true;
    }
    const old = this.oldVals;
    if (!this.readRow(rowid, old)) return false;
    const rm = new Mem();
    rm.setSqlInt(rowid);
    this.deleteIndexEntries(old, rm);
    const c = this.tableCursor();
    if (c.seekRowid(rowid) === 0) c.delete();
    if (byReplace) this.replaced++;
    return true;
  }

  /** deleteRow with FOREIGN KEY processing around it (delete.c's sqlite3GenerateRowDelete). */
  private deleteRowFk(rowid: Rowid, byReplace: boolean, fk: FkRowHooks): boolean {
    const old = this.table.columns.map(() => new Mem());
    if (!this.readRowCopy(rowid, old)) return false;
    const rm = new Mem();
    rm.setSqlInt(rowid);
    fk.deleting(old, rm);
    this.deleteIndexEntries(old, rm);
    const c = this.tableCursor();
    if (c.seekRowid(rowid) === 0) c.delete();
    if (byReplace) this.replaced++;
    fk.deleted(old, rm);
    return true;
  }

  /** readRow with BLOBs copied out of the page (the values outlive later writes). */
  private readRowCopy(rowid: Rowid, out: Mem[]): boolean {
    if (!this.readRow(rowid, out)) return false;
    for (const m of out) if (m.type === MemType.BLOB) m.setBlob(m.b.slice());
    return true;
  }

  private deleteIndexEntries(
    vals: readonly Mem[],
    rowid: Mem,
    only: ((ix: Index) => boolean) | null = null,
  ): void {
    for (const ix of this.table.indexes) {
      if (only !== null && !only(ix)) continue;
      if (!this.indexKey(ix, vals, rowid)) continue;
      const c = this.indexCursor(ix);
      const key = makeRecord(this.key, 0, ix.columns.length + 1, null, this.bt.textEncoding);
      if (c.seekIndex(key, 0, key.length, 0) === 0) c.delete();
    }
  }

  // ---- integrity_check ----------------------------------------------------------------------

  /**
   * PRAGMA integrity_check's table/index content checks (pragma.c): per row, NULLs in NOT NULL
   * columns and (unless `quick`) a missing index entry for every index; then each index's
   * entry count. Messages in SQLite's words; at most `max` are returned.
   */
  verifyContent(quick: boolean, max: number): string[] {
    return this.verifyRows(quick, max);
  }

  /**
   * integrity_check's first content check (before any row is read): every full index has as
   * many entries as the table has rows.
   */
  verifyCounts(): string[] {
    const t = this.table;
    const errs: string[] = [];
    const indexes = t.indexes.filter((ix) => ix.rootPage !== t.rootPage && ix.where === null);
    if (indexes.length === 0) return errs;
    const rows = countTree(this.bt, t.rootPage);
    for (const ix of indexes) {
      if (countTree(this.bt, ix.rootPage) !== rows) {
        errs.push(`wrong # of entries in index ${ix.name}`);
      }
    }
    return errs;
  }

  private verifyRows(quick: boolean, max: number): string[] {
    const t = this.table;
    const errs: string[] = [];
    const c = this.bt.cursor(t.rootPage);
    const vals = t.columns.map(() => new Mem());
    const rowid = new Mem();
    const expected = new Map<Index, number>();
    const indexes = t.indexes.filter((ix) => ix.rootPage !== t.rootPage);
    try {
      for (let ok = c.first(); ok && errs.length < max; ok = c.next()) {
        const r = c.rowid();
        rowid.setSqlInt(r);
        const p = c.payload();
        this.hdr.parse(p.data, p.offset, p.length);
        for (let i = 0; i < vals.length; i++) {
          if (i === t.rowidAlias) vals[i].setSqlInt(r);
          else if (i < this.hdr.nField) {
            this.hdr.column(i, vals[i]);
            if (vals[i].type === MemType.BLOB) vals[i].setBlob(vals[i].b.slice());
          } else this.columnDefault(i, vals[i]);
        }
        for (let i = 0; i < vals.length; i++) {
          if (t.columns[i].notNull && i !== t.rowidAlias && vals[i].type === MemType.NULL) {
            errs.push(`NULL value in ${t.name}.${t.columns[i].name}`);
          }
        }
        if (quick) continue;
        for (const ix of indexes) {
          if (!this.indexKey(ix, vals, rowid)) continue;
          expected.set(ix, (expected.get(ix) ?? 0) + 1);
          const ic = this.indexCursor(ix);
          const key = makeRecord(this.key, 0, ix.columns.length + 1, null, this.bt.textEncoding);
          if (ic.seekIndex(key, 0, key.length, 0) !== 0) {
            errs.push(`row ${r} missing from index ${ix.name}`);
          }
        }
      }
    } finally {
      c.close();
    }
    if (!quick) {
      // Partial indexes: their expected size is known only after the scan.
      for (const ix of indexes) {
        if (ix.where === null || errs.length >= max) continue;
        if (countTree(this.bt, ix.rootPage) !== (expected.get(ix) ?? 0)) {
          errs.push(`wrong # of entries in index ${ix.name}`);
        }
      }
    }
    return errs.slice(0, max);
  }

  // ---- index build --------------------------------------------------------------------------

  /** Fill index `ix` from every row of the table (CREATE INDEX / REINDEX), enforcing UNIQUE. */
  populateIndex(ix: Index): void {
    const t = this.table;
    const c = this.bt.cursor(t.rootPage);
    const vals = t.columns.map(() => new Mem());
    const rowid = new Mem();
    const n = ix.columns.length;
    try {
      for (let ok = c.first(); ok; ok = c.next()) {
        const r = c.rowid();
        rowid.setSqlInt(r);
        const p = c.payload();
        this.hdr.parse(p.data, p.offset, p.length);
        for (let i = 0; i < vals.length; i++) {
          if (i === t.rowidAlias) vals[i].setSqlInt(r);
          else if (i < this.hdr.nField) {
            this.hdr.column(i, vals[i]);
            if (vals[i].type === MemType.BLOB) vals[i].setBlob(vals[i].b.slice());
          } else this.columnDefault(i, vals[i]);
        }
        if (!this.indexKey(ix, vals, rowid)) continue;
        if (ix.unique && this.findConflict(ix, null) !== null) {
          throw constraintError(
            this.uniqueMessage(ix),
            ix.origin === "pk" ? "SQLITE_CONSTRAINT_PRIMARYKEY" : "SQLITE_CONSTRAINT_UNIQUE",
            "ABORT",
          );
        }
        this.indexCursor(ix).insertIndex(
          makeRecord(this.key, 0, n + 1, null, this.bt.textEncoding),
        );
      }
    } finally {
      c.close();
    }
  }

  /** `ON CONFLICT [(target)] DO NOTHING` of the running INSERT: skip rows that conflict. */
  doNothing: { target: Index | "ipk" | null; update: boolean } | null = null;
  /** The conflicting row's rowid after insert() returned "upsert". */
  upsertRowid: Rowid = 0;

  /** Columns an UPDATE assigns (null: treat every column as changed). */
  private changedColumns: ReadonlySet<number> | null = null;

  /** Tell the writer which columns the UPDATE statement assigns. */
  setChangedColumns(changed: ReadonlySet<number> | null): void {
    this.changedColumns = changed;
  }

  /** Unique indexes in checking order, per statement conflict clause. */
  private readonly uniqueOrder = new Map<ConflictAction | null, Index[]>();
  private get uniqueCount(): number {
    let n = 0;
    for (const ix of this.table.indexes) if (ix.unique) n++;
    return n;
  }

  // ---- update -------------------------------------------------------------------------------

  /**
   * Replace row `oldRowid` by `vals` (all columns, affinity not yet applied) at `newRowid`
   * (NULL/undefined = keep). Constraint checks exclude the row itself.
   */
  update(
    oldRowid: Rowid,
    vals: Mem[],
    newRowid: Mem | null,
    stmtOr: ConflictAction | null,
  ): WriteResult {
    try {
      this.updateInner(oldRowid, vals, newRowid, stmtOr);
      return "written";
    } catch (e) {
      if (e === IGNORED) return "ignored";
      throw e;
    }
  }

  private updateInner(
    oldRowid: Rowid,
    vals: Mem[],
    newRowidIn: Mem | null,
    stmtOr: ConflictAction | null,
  ): void {
    const t = this.table;
    const self = new Mem();
    self.setSqlInt(oldRowid);
    const rowid = this.rowidMem;
    let src: Mem | null = null;
    if (t.rowidAlias >= 0) src = vals[t.rowidAlias];
    else if (newRowidIn !== null) src = newRowidIn;
    if (src !== null) {
      // OP_MustBeInt: NULL or a non-integer new rowid is a datatype mismatch.
      this.mustBeInt(src);
      rowid.copyFrom(src);
    } else rowid.copyFrom(self);
    this.applyAffinities(vals);
    this.checkNotNull(vals, stmtOr);
    this.checkChecks(vals, rowid, stmtOr);
    if (t.rowidAlias >= 0) vals[t.rowidAlias].copyFrom(rowid);
    const moved = !sameInt(rowid, self);
    if (moved && this.tableCursor().seekRowid(rowid.intValue) === 0) {
      const action = effective(stmtOr, t.ipkConflict ?? "ABORT");
      if (action === "IGNORE") throw IGNORED;
      if (action === "REPLACE") this.deleteRow(rowid.intValue, true);
      else {
        const col = t.rowidAlias >= 0 ? t.columns[t.rowidAlias].name : "rowid";
        throw constraintError(
          `UNIQUE constraint failed: ${t.name}.${col}`,
          t.rowidAlias >= 0 ? "SQLITE_CONSTRAINT_PRIMARYKEY" : "SQLITE_CONSTRAINT_ROWID",
          failAction(action),
        );
      }
    }
    // Only indexes whose key can change are checked and rewritten (SQLite's aRegIdx): all of
    // them when the rowid moves; else those on a changed column, expression or partial ones.
    const changed = this.changedColumns;
    const only = moved || changed === null ? null : (ix: Index) =>
      ix.where !== null ||
      ix.columns.some((k) => k.column < 0 || changed.has(k.column));
    this.checkUnique(vals, rowid, self, stmtOr, only);
    let fkOld: Mem[] | null = null;
    if (this.fk !== null) {
      fkOld = this.table.columns.map(() => new Mem());
      if (this.readRowCopy(oldRowid, fkOld)) this.fk.updatingOld(fkOld, self);
      else fkOld = null;
    }
    // Remove the old row's index entries (and the row when its rowid moves), then write.
    const needOld = moved || only === null || this.table.indexes.some(only);
    if (needOld) {
      const old = this.oldVals;
      if (this.readRow(oldRowid, old)) {
        this.deleteIndexEntries(old, self, only);
        if (moved) {
          const c = this.tableCursor();
          if (c.seekRowid(oldRowid) === 0) c.delete();
        }
      }
    }
    if (fkOld !== null) {
      const fk = this.fk!;
      if (fk.deletesOldRow && !moved) {
        const c = this.tableCursor();
        if (c.seekRowid(oldRowid) === 0) c.delete();
      }
      fk.updatingNew(vals, rowid);
    }
    this.writeRow(vals, rowid, only);
    if (t.autoincrement) {
      const r = rowid.bigValue;
      if (this.maxRowid === null || r > this.maxRowid) this.maxRowid = r;
    }
    if (fkOld !== null) this.fk!.updated(fkOld, self, vals, rowid);
  }
}

/** Number of entries of a b-tree. */
function countTree(bt: BtreeApi, root: number): number {
  const c = bt.cursor(root);
  try {
    return c.count();
  } finally {
    c.close();
  }
}

/** Open a write cursor of a known tree kind (skips reading the root page when the b-tree can). */
function openCursor(
  bt: BtreeApi,
  root: number,
  kind: "table" | "index",
  keyInfo: { collations: (CollationCompare | null)[]; desc: boolean[] } | null,
  reuse: BtCursor | null = null,
): BtCursor {
  const opts = { write: true, keyInfo: keyInfo ?? undefined, reuse };
  const b = bt as BtreeApi & {
    cursorOf?: (r: number, k: "table" | "index", o: typeof opts) => BtCursor;
  };
  return b.cursorOf !== undefined ? b.cursorOf(root, kind, opts) : bt.cursor(root, opts);
}

function sameInt(a: Mem, b: Mem): boolean {
  if (a.big === null && b.big === null) return a.n === b.n;
  return a.bigValue === b.bigValue;
}

/** Compare an index field with a key value the way the index orders them. */
function compareForKey(a: Mem, b: Mem, coll: ((x: string, y: string) => number) | null): number {
  if (a.type !== b.type) {
    const na = a.type === MemType.INT || a.type === MemType.REAL;
    const nb = b.type === MemType.INT || b.type === MemType.REAL;
    if (!(na && nb)) return a.type - b.type;
  }
  switch (a.type) {
    case MemType.NULL:
      return 0;
    case MemType.INT:
    case MemType.REAL: {
      const x = a.big ?? a.n;
      const y = b.big ?? b.n;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case MemType.TEXT:
      return coll ? coll(a.s, b.s) : a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
    default: {
      const x = a.b;
      const y = b.b;
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    }
  }
}
