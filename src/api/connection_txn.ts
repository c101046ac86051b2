/**
 * Transaction state of one connection — SQLite's autocommit flag, savepoint stack
 * (`sqlite3Savepoint`, `db->pSavepoint`), statement journals (`OP_Transaction` opening a
 * statement savepoint, `vdbeHalt` closing it) and BEGIN/COMMIT/ROLLBACK semantics (lang_transaction.html,
 * lang_savepoint.html).
 *
 * Owns: when the pager's read and write transactions begin and end, the SAVEPOINT name stack and
 * its mapping to pager savepoint depths, statement atomicity (a failing statement undoes its own
 * work: ABORT → roll back to the statement savepoint; FAIL → keep; ROLLBACK → roll back all),
 * and the FOREIGN KEY constraint counters of fkey.c's design (the running statement's immediate
 * counter, the connection's deferred counters, PRAGMA defer_foreign_keys): checked when a
 * statement ends (vdbeHalt / sqlite3VdbeCheckFk) and at COMMIT, restored by statement and
 * savepoint rollbacks, cleared when a transaction ends.
 * Must never: compile SQL or touch b-tree pages itself (it calls the pager/b-tree API only).
 * Cold except `beginStatement`/`endStatement`, which run once per statement execution.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { BtreeApi } from "../btree/types.ts";

/** What a failed statement asks for (SQLite's OE_* of the constraint that failed). */
export type FailAction = "ABORT" | "FAIL" | "ROLLBACK";

/** An error carrying the conflict-resolution action that decides how much is undone. */
export interface ActionError extends SqliteError {
  onError?: FailAction;
  /**
   * The statement failed without a statement journal in SQLite (a single-row INSERT's FOREIGN
   * KEY check): the deferred FK counters keep what it counted.
   */
  keepDeferred?: boolean;
}

/** One SAVEPOINT on the stack. */
interface SavepointEntry {
  /** Name as written. */
  readonly name: string;
  /** True for the outermost SAVEPOINT that started the transaction (RELEASE commits). */
  readonly startedTxn: boolean;
  /** Whether a pager savepoint exists for it (only inside a write transaction). */
  open: boolean;
  /** Deferred FOREIGN KEY counters when it was opened (ROLLBACK TO restores them). */
  readonly fkDeferred: number;
  readonly fkDeferredImm: number;
}

/** The error a FOREIGN KEY counter check raises (sqlite3VdbeCheckFk). */
export function foreignKeyError(): ActionError {
  const e = new SqliteError(
    "FOREIGN KEY constraint failed",
    "SQLITE_CONSTRAINT_FOREIGNKEY",
  ) as ActionError;
  e.onError = "ABORT";
  return e;
}

/**
 * FOREIGN KEY constraint counters (fkey.c's header: "Deferred and Immediate FKs"): SQLite's
 * `Vdbe.nFkConstraint` of the running top-level statement, `db->nDeferredCons`,
 * `db->nDeferredImmCons` and the SQLITE_DeferFKs flag (PRAGMA defer_foreign_keys). Rows that
 * violate a constraint add one, rows that resolve a violation take one away.
 */
export class FkCounters {
  /** Violations of immediate constraints by the running top-level statement. */
  immediate = 0;
  /** Violations of DEFERRABLE INITIALLY DEFERRED constraints in the open transaction. */
  deferred = 0;
  /** Violations of immediate constraints counted while defer_foreign_keys is on. */
  deferredImm = 0;
  /** PRAGMA defer_foreign_keys (cleared when the transaction ends). */
  deferAll = false;
  /**
   * Set by the PRAGMA that turns defer_foreign_keys on in autocommit mode: that statement (no
   * OP_Transaction in SQLite) does not end a transaction, so it does not clear the flag.
   */
  deferSetOutsideTxn = false;
  /** Nesting depth of ON DELETE/UPDATE action programs (SQLITE_MAX_TRIGGER_DEPTH). */
  depth = 0;
  /** The connection's change counters, zeroed when a statement fails its FK check. */
  changeCounters: { changes: number; totalChanges: number } | null = null;

  /**
   * OP_FkCounter: count `n` violations of a deferred (`isDeferred`) or immediate constraint. A
   * DEFERRABLE INITIALLY DEFERRED key always counts in the deferred counter; defer_foreign_keys
   * moves only the immediate ones (to deferredImm), as SQLite 3.53 does.
   */
  add(isDeferred: boolean, n: number): void {
    if (isDeferred) this.deferred += n;
    else if (this.deferAll) this.deferredImm += n;
    else this.immediate += n;
  }

  /** OP_FkIfZero: no outstanding violation a removal could resolve. */
  isZero(isDeferred: boolean): boolean {
    return isDeferred
      ? this.deferred === 0 && this.deferredImm === 0
      : this.immediate === 0 && this.deferredImm === 0;
  }

  /** Outstanding deferred violations (checked at COMMIT). */
  get pendingDeferred(): number {
    return this.deferred + this.deferredImm;
  }

  /** The transaction ended (commit or rollback): counters and defer_foreign_keys reset. */
  clearTransaction(): void {
    this.deferred = 0;
    this.deferredImm = 0;
    this.deferAll = false;
  }
}

/** Per-statement transaction bookkeeping. */
export interface StmtTxn {
  /** This statement holds a read reference. */
  holdsRead: boolean;
  /** Pager savepoint depth opened for this statement (0 = none). */
  stmtDepth: number;
  /** The statement writes. */
  wrote: boolean;
  /**
   * The statement cannot fail after its first write (one row, no triggers, no REPLACE), so it
   * needs no statement journal — SQLite's `usesStmtJournal == 0`.
   */
  noJournal?: boolean;
  /** The enclosing statement's immediate FK counter, saved while this one runs. */
  fkOuter?: number;
  /** Deferred FK counters when the statement began (restored if it is undone). */
  fkDeferred?: number;
  fkDeferredImm?: number;
}

/**
 * The connection's transaction machine.
 *
 * @example
 * ```ts
 * // inside the engine: txn.beginStatement(st) … txn.requireWrite(st) … txn.endStatement(st, null)
 * ```
 */
export class TxnState {
  /** Autocommit mode (no BEGIN / SAVEPOINT open). */
  autocommit = true;
  /** Statements currently running (stepped, not done/reset). */
  active = 0;
  /** SAVEPOINT stack, outermost first. */
  private readonly savepoints: SavepointEntry[] = [];
  /** A read transaction is open on the pager. */
  private reading = false;
  /** Called after a rollback that may have undone schema changes. */
  onRollback: () => void = () => {};
  /** Called when a transaction commits. */
  onCommit: () => void = () => {};
  /**
   * Called before the pager's content changes wholesale (commit, rollback, rollback to a
   * savepoint): cursors kept open between statements must be closed first.
   */
  onBoundary: () => void = () => {};
  /** BEGIN IMMEDIATE/EXCLUSIVE deferred lock mode for the next write. */
  private readonly bt: () => BtreeApi;
  /** Read-only connection. */
  readonly readonly: boolean;
  /** FOREIGN KEY constraint counters. */
  readonly fk = new FkCounters();

  constructor(bt: () => BtreeApi, readonly: boolean) {
    this.bt = bt;
    this.readonly = readonly;
  }

  /** True inside BEGIN … COMMIT or a SAVEPOINT transaction. */
  get inTransaction(): boolean {
    return !this.autocommit;
  }

  /** The pager's write transaction is open. */
  get writing(): boolean {
    return this.bt().pager.inWriteTransaction;
  }

  /** Make sure a read transaction is open (SHARED lock). */
  ensureRead(): void {
    if (!this.reading) {
      this.bt().pager.beginRead();
      this.reading = true;
    }
  }

  /** Swap the pager/b-tree underneath (empty database only), carrying the read state over. */
  replaceStorage(swap: () => void): void {
    const was = this.reading;
    if (was) {
      this.bt().pager.endRead();
      this.reading = false;
    }
    swap();
    if (was) this.ensureRead();
  }

  /** Drop the read transaction if nothing needs it (autocommit, no statement running). */
  endIdleRead(): void {
    if (this.autocommit && this.active === 0 && !this.writing) this.endRead();
  }

  /** Start the statement: counts it active. */
  beginStatement(st: StmtTxn): void {
    this.active++;
    st.holdsRead = true;
    st.stmtDepth = 0;
    st.wrote = false;
    const fk = this.fk;
    st.fkOuter = fk.immediate;
    st.fkDeferred = fk.deferred;
    st.fkDeferredImm = fk.deferredImm;
    fk.immediate = 0;
  }

  /**
   * OP_Transaction: read (and, when `write`, write) access for the running statement. Opens a
   * statement savepoint for writers so a failing statement undoes only itself.
   */
  transaction(st: StmtTxn | null, write: boolean): void {
    this.ensureRead();
    if (!write) return;
    if (this.readonly) {
      throw new SqliteError("attempt to write a readonly database", "SQLITE_READONLY");
    }
    const pager = this.bt().pager;
    if (!pager.inWriteTransaction) {
      // From autocommit with no other statement running, SQLite holds no transaction before
      // OP_Transaction (TRANS_NONE), so the busy handler (the `timeout`) applies.
      pager.beginWrite(false, this.autocommit && this.active <= 1);
      this.openPendingSavepoints();
    }
    if (st !== null && !st.wrote) {
      st.wrote = true;
      // A statement journal is needed only when a failure could follow a write and something
      // else must survive it: inside a transaction, or beside another running statement.
      if (!st.noJournal || this.active > 1) {
        if (!this.autocommit || this.active > 1) {
          st.stmtDepth = this.openDepth() + 1;
          pager.savepoint(st.stmtDepth);
        }
      }
    }
  }

  private openDepth(): number {
    let n = 0;
    for (const s of this.savepoints) if (s.open) n++;
    return n;
  }

  private openPendingSavepoints(): void {
    const pager = this.bt().pager;
    let d = 0;
    for (const s of this.savepoints) {
      d++;
      pager.savepoint(d);
      s.open = true;
    }
  }

  /**
   * End a statement (vdbeHalt): close its statement savepoint, keeping or undoing its work
   * according to `err`, then commit if in autocommit and nothing else runs.
   */
  endStatement(st: StmtTxn, err: unknown): void {
    if (!st.holdsRead) return;
    st.holdsRead = false;
    this.active--;
    const pager = this.bt().pager;
    const fk = this.fk;
    // vdbeHalt → sqlite3VdbeCheckFk: a statement that ran to completion fails if its immediate
    // FOREIGN KEY counter is not back to zero (a negative count fails too, as in SQLite), or,
    // committing an autocommit transaction, if the deferred counters are not.
    let fkErr: ActionError | null = null;
    // An OR FAIL error keeps the statement's work, so its FK counts are checked too.
    const kept = err === null || (err as ActionError).onError === "FAIL";
    if (kept && st.wrote) {
      if (fk.immediate !== 0) fkErr = foreignKeyError();
      else if (
        this.autocommit && this.active === 0 && pager.inWriteTransaction && fk.pendingDeferred !== 0
      ) fkErr = foreignKeyError();
    }
    fk.immediate = st.fkOuter ?? 0;
    if (fkErr !== null) {
      // The statement is undone: it changed nothing (sqlite3VdbeSetChanges(db, 0)).
      const cc = fk.changeCounters;
      if (cc !== null) {
        cc.totalChanges -= cc.changes;
        cc.changes = 0;
      }
      err = fkErr;
    }
    const action: FailAction | null = err === null
      ? null
      : ((err as ActionError).onError ?? "ABORT");
    if (action === "ROLLBACK" && !this.autocommit) {
      st.stmtDepth = 0;
      this.rollbackAll();
      if (fkErr !== null) throw fkErr;
      return;
    }
    const hadJournal = st.stmtDepth > 0;
    if (hadJournal && pager.inWriteTransaction) {
      if (action === "ABORT" || action === "ROLLBACK") {
        this.onBoundary();
        pager.rollbackTo(st.stmtDepth);
        this.onRollback();
        if ((err as ActionError).keepDeferred !== true) {
          fk.deferred = st.fkDeferred ?? 0;
          fk.deferredImm = st.fkDeferredImm ?? 0;
        }
      }
      pager.releaseSavepoint(st.stmtDepth);
    }
    st.stmtDepth = 0;
    if (this.autocommit && this.active === 0) {
      if (pager.inWriteTransaction) {
        // Without a statement journal an aborted autocommit statement undoes the transaction.
        if (action === "ROLLBACK" || (action === "ABORT" && !hadJournal && st.wrote)) {
          this.rollbackPager();
        } else this.commitPager();
      }
      this.endRead();
      // vdbeHalt's autocommit commit (even of a read) clears the counters and
      // defer_foreign_keys.
      if (fk.deferSetOutsideTxn) fk.deferSetOutsideTxn = false;
      else fk.clearTransaction();
    }
    if (fkErr !== null) throw fkErr;
  }

  private endRead(): void {
    if (this.reading) {
      this.reading = false;
      this.bt().pager.endRead();
    }
  }

  private commitPager(keepOnBusy = false): void {
    this.onBoundary();
    try {
      this.bt().commit();
    } catch (e) {
      // An explicit COMMIT that cannot get its lock leaves the transaction open so it can be
      // retried (SQLite's SQLITE_BUSY on COMMIT); anything else rolls back.
      if (keepOnBusy && e instanceof SqliteError && e.primaryCode === "SQLITE_BUSY") throw e;
      this.rollbackPager();
      throw e;
    }
    this.fk.clearTransaction();
    this.onCommit();
  }

  private rollbackPager(): void {
    this.onBoundary();
    this.bt().rollback();
    this.fk.clearTransaction();
    this.onRollback();
  }

  /**
   * OP_AutoCommit / OP_Savepoint(RELEASE) committing: outstanding deferred FOREIGN KEY
   * violations fail the COMMIT and leave the transaction open.
   */
  private checkDeferredForeignKeys(): void {
    if (this.fk.pendingDeferred !== 0) throw foreignKeyError();
  }

  /** BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE]. */
  begin(mode: "DEFERRED" | "IMMEDIATE" | "EXCLUSIVE" | null): void {
    if (!this.autocommit) {
      throw new SqliteError("cannot start a transaction within a transaction");
    }
    if (mode === "IMMEDIATE" || mode === "EXCLUSIVE") {
      if (this.readonly) {
        throw new SqliteError("attempt to write a readonly database", "SQLITE_READONLY");
      }
      this.ensureRead();
      this.bt().pager.beginWrite(mode === "EXCLUSIVE", this.active <= 1);
    }
    this.autocommit = false;
  }

  /** COMMIT / END. */
  commit(): void {
    if (this.autocommit) {
      throw new SqliteError("cannot commit - no transaction is active");
    }
    this.checkDeferredForeignKeys();
    if (this.writing) this.commitPager(true);
    this.fk.clearTransaction();
    this.savepoints.length = 0;
    this.autocommit = true;
    if (this.active <= 1) this.endRead();
  }

  /** ROLLBACK (whole transaction). */
  rollback(): void {
    if (this.autocommit) {
      throw new SqliteError("cannot rollback - no transaction is active");
    }
    this.rollbackAll();
  }

  private rollbackAll(): void {
    if (this.writing) this.rollbackPager();
    this.fk.clearTransaction();
    this.savepoints.length = 0;
    this.autocommit = true;
    if (this.active <= 1) this.endRead();
  }

  private findSavepoint(name: string): number {
    const key = name.toLowerCase();
    for (let i = this.savepoints.length - 1; i >= 0; i--) {
      if (this.savepoints[i].name.toLowerCase() === key) return i;
    }
    return -1;
  }

  /** SAVEPOINT name. */
  savepoint(name: string): void {
    const startedTxn = this.autocommit;
    this.autocommit = false;
    const entry: SavepointEntry = {
      name,
      startedTxn,
      open: false,
      fkDeferred: this.fk.deferred,
      fkDeferredImm: this.fk.deferredImm,
    };
    this.savepoints.push(entry);
    if (this.writing) {
      this.bt().pager.savepoint(this.savepoints.length);
      entry.open = true;
    }
  }

  /** RELEASE [SAVEPOINT] name. */
  release(name: string): void {
    const i = this.findSavepoint(name);
    if (i < 0) throw new SqliteError(`no such savepoint: ${name}`);
    const sp = this.savepoints[i];
    if (sp.startedTxn && i === 0) {
      // Releasing the outermost savepoint that opened the transaction commits it.
      this.checkDeferredForeignKeys();
      if (this.writing) this.commitPager();
      this.fk.clearTransaction();
      this.savepoints.length = 0;
      this.autocommit = true;
      if (this.active <= 1) this.endRead();
      return;
    }
    if (this.writing && sp.open) this.bt().pager.releaseSavepoint(i + 1);
    this.savepoints.length = i;
  }

  /** ROLLBACK TO [SAVEPOINT] name: undo to it, keep it open. */
  rollbackTo(name: string): void {
    const i = this.findSavepoint(name);
    if (i < 0) throw new SqliteError(`no such savepoint: ${name}`);
    const sp = this.savepoints[i];
    this.fk.deferred = sp.fkDeferred;
    this.fk.deferredImm = sp.fkDeferredImm;
    if (this.writing && sp.open) {
      const pager = this.bt().pager;
      this.onBoundary();
      pager.rollbackTo(i + 1);
      if (this.savepoints.length > i + 1) pager.releaseSavepoint(i + 2);
      this.onRollback();
    } else if (this.writing && !sp.open) {
      // The write transaction began after this savepoint: undo everything written.
      this.rollbackPager();
      for (const s of this.savepoints) s.open = false;
    }
    this.savepoints.length = i + 1;
  }

  /** Close: roll back whatever is open. */
  close(): void {
    this.fk.clearTransaction();
    try {
      if (this.writing) this.bt().rollback();
    } finally {
      this.savepoints.length = 0;
      this.autocommit = true;
      this.active = 0;
      this.endRead();
    }
  }
}
