/**
 * Transaction state of one connection — SQLite's autocommit flag, savepoint stack
 * (`sqlite3Savepoint`, `db->pSavepoint`), statement journals (`OP_Transaction` opening a
 * statement savepoint, `vdbeHalt` closing it) and BEGIN/COMMIT/ROLLBACK semantics (lang_transaction.html,
 * lang_savepoint.html).
 *
 * Owns: when the pager's read and write transactions begin and end, the SAVEPOINT name stack and
 * its mapping to pager savepoint depths, statement atomicity (a failing statement undoes its own
 * work: ABORT → roll back to the statement savepoint; FAIL → keep; ROLLBACK → roll back all).
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
}

/** One SAVEPOINT on the stack. */
interface SavepointEntry {
  /** Name as written. */
  readonly name: string;
  /** True for the outermost SAVEPOINT that started the transaction (RELEASE commits). */
  readonly startedTxn: boolean;
  /** Whether a pager savepoint exists for it (only inside a write transaction). */
  open: boolean;
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
    const action: FailAction | null = err === null
      ? null
      : ((err as ActionError).onError ?? "ABORT");
    if (action === "ROLLBACK" && !this.autocommit) {
      st.stmtDepth = 0;
      this.rollbackAll();
      return;
    }
    const hadJournal = st.stmtDepth > 0;
    if (hadJournal && pager.inWriteTransaction) {
      if (action === "ABORT" || action === "ROLLBACK") {
        this.onBoundary();
        pager.rollbackTo(st.stmtDepth);
        this.onRollback();
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
    }
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
    this.onCommit();
  }

  private rollbackPager(): void {
    this.onBoundary();
    this.bt().rollback();
    this.onRollback();
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
    if (this.writing) this.commitPager(true);
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
    const entry: SavepointEntry = { name, startedTxn, open: false };
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
      if (this.writing) this.commitPager();
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
