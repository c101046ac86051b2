/**
 * The engine state shared by a connection and its statements, and the `VmHost` the VM runs
 * against (SQLite's `sqlite3` struct fields: schema, b-tree, counters, flags).
 *
 * Owns: the `Engine` record, opening the b-tree over the pager, the VM host (cursor opening,
 * collations, OP_Transaction), schema reload when the schema cookie moved.
 * Must never: parse or compile SQL (./connection_compile.ts does), touch `Deno`.
 * @module
 */

import { SqliteError } from "../error.ts";
import {
  type BtCursor,
  type BtreeApi,
  type KeyInfo,
  Meta,
  type TextEncoding,
} from "../btree/types.ts";
import type { Vfs } from "../vfs/types.ts";
import type { Schema, Trigger, View } from "../planner/schema.ts";
import type { Collator } from "../vdbe/ops/value_ops.ts";
import { collationByName } from "../vdbe/value/compare.ts";
import type { VmFuncContext, VmHost } from "../vdbe/vm_types.ts";
import type { StmtTxn, TxnState } from "./connection_txn.ts";
import type { FunctionRegistry } from "./connection_funcs.ts";
import { loadSchema } from "./connection_schema.ts";
import { Btree } from "../btree/btree.ts";
import { Pager } from "../pager/pager.ts";

/** PRAGMA-settable connection settings that are not stored in the file. */
export interface EngineSettings {
  cacheSize: number;
  journalMode: string;
  synchronous: number;
}

/** Everything a connection's statements share. */
export interface Engine {
  readonly vfs: Vfs;
  /** File name on the VFS. */
  readonly file: string;
  /** The database's file name as PRAGMA database_list reports it ("" for memory). */
  readonly filename: string | null;
  /** The pager (replaced only while the database is still empty: PRAGMA page_size). */
  pager: Pager;
  /** The b-trees over `pager`. */
  bt: BtreeApi;
  readonly txn: TxnState;
  /** The catalog at `schema.cookie`. */
  schema: Schema;
  /** A rollback may have undone DDL: reload before the next statement. */
  schemaDirty: boolean;
  /** Bumped on every catalog change; statements compiled at another generation re-prepare. */
  generation: number;
  /** TEMP views (kept in memory only; re-added to the catalog after every reload). */
  readonly tempViews: Map<string, View>;
  /** Triggers whose programs are running (recursive_triggers=OFF: they do not fire again). */
  readonly activeTriggers: Set<Trigger>;
  /**
   * Row writers whose b-tree cursors stay open between statements of one explicit transaction
   * (saves reopening them for every prepared INSERT); closed at every transaction boundary and
   * schema change.
   */
  readonly openWriters: Set<{ close(): void }>;
  readonly functions: FunctionRegistry;
  changes: number;
  totalChanges: number;
  lastInsertRowid: number | bigint;
  /**
   * The time 'now' means for the top-level step in progress (ms since 1970; 0 = not read yet,
   * undefined = no step running): vdbe.c's iCurrentTime, cleared at every sqlite3_step and
   * shared by the trigger and helper programs that step runs (sqlite3StmtCurrentTime).
   */
  stepTime?: number;
  flags: {
    foreignKeys: boolean;
    dqs: boolean;
    likeMatchesBlobs: boolean;
    /** PRAGMA trusted_schema (SQLITE_DBCONFIG_TRUSTED_SCHEMA). */
    trustedSchema: boolean;
  };
  readonly settings: EngineSettings;
}

/** Open the b-tree layer over a pager. Cold. */
export function openBtree(
  pager: Pager,
  autoVacuum: 0 | 1 | 2 = 0,
  textEncoding: TextEncoding = 1,
): BtreeApi {
  return new Btree(pager, { autoVacuum, textEncoding });
}

/**
 * PRAGMA encoding = X on a database with no pages yet (pragma.c: only while the database is
 * empty): page 1 will be created with `enc`. No-op once the file has pages. Cold.
 */
export function setNewEncoding(engine: Engine, enc: TextEncoding): void {
  if (engine.pager.pageCount() !== 0) return;
  const bt = engine.bt;
  if (bt instanceof Btree) bt.setNewDatabaseOptions({ textEncoding: enc });
}

/**
 * PRAGMA page_size / auto_vacuum on a database with no pages yet: reopen the pager and b-tree
 * with the new geometry (SQLite applies both when it creates page 1). No-op otherwise. Cold.
 */
export function reconfigureEmpty(
  engine: Engine,
  pageSize: number | null,
  autoVacuum: 0 | 1 | 2 | null,
): void {
  if (engine.pager.pageCount() !== 0 || engine.txn.writing) return;
  const ps = pageSize ?? engine.pager.pageSize;
  if (ps < 512 || ps > 65536 || (ps & (ps - 1)) !== 0) return;
  const av = autoVacuum ?? engine.bt.autoVacuum;
  const enc = engine.bt.textEncoding;
  engine.txn.replaceStorage(() => {
    engine.pager.close();
    engine.pager = new Pager(engine.vfs, engine.file, {
      pageSize: ps,
      readonly: engine.txn.readonly,
      journalMode: engine.filename === null ? "memory" : "delete",
      memory: engine.filename === null,
    });
    engine.bt = openBtree(engine.pager, av, enc);
  });
}

/**
 * Make sure `engine.schema` reflects the file: reload when the cookie in the header differs
 * (another connection changed the schema) or a rollback undid DDL. Needs a read transaction.
 * Returns true when the schema was reloaded. Cold (one header read per statement).
 */
export function refreshSchema(engine: Engine): boolean {
  const cookie = engine.pager.pageCount() === 0 ? 0 : engine.bt.getMeta(Meta.SCHEMA_VERSION);
  if (!engine.schemaDirty && cookie === engine.schema.cookie) return false;
  engine.schema = loadSchema(engine.bt);
  for (const v of engine.tempViews.values()) engine.schema.addView(v, true);
  engine.schemaDirty = false;
  engine.generation++;
  return true;
}

/** Close every cursor kept open between statements (transaction boundary, schema change). */
export function closeOpenWriters(engine: Engine): void {
  if (engine.openWriters.size === 0) return;
  for (const w of engine.openWriters) w.close();
  engine.openWriters.clear();
}

/**
 * Finish a statement's use of a row writer: inside an explicit transaction its cursors stay
 * open for the next statement, otherwise they are closed now.
 */
export function releaseWriter(engine: Engine, w: { close(): void }): void {
  if (!engine.txn.autocommit && engine.txn.writing) engine.openWriters.add(w);
  else {
    engine.openWriters.delete(w);
    w.close();
  }
}

/** Resolve a collation name to its comparison (null = BINARY). Throws for unknown names. */
export function collatorOf(name: string | null): Collator {
  if (name === null) return null;
  const u = name.toUpperCase();
  if (u === "BINARY") return null;
  const f = collationByName(name);
  if (f === undefined) {
    throw new SqliteError(`no such collation sequence: ${name}`);
  }
  return f;
}

/**
 * The statement's current time (sqlite3StmtCurrentTime): read from the clock once per top-level
 * step and kept until the step returns; the wall clock outside a step. Cold.
 */
export function stepNow(engine: Engine): number {
  const t = engine.stepTime;
  if (t === undefined) return Date.now();
  return t !== 0 ? t : (engine.stepTime = Date.now());
}

/** How many statements' write cursors stay open between runs inside a transaction. */
const MAX_KEPT_WRITERS = 8;

/** The VM host for one running statement. */
export class EngineHost implements VmHost {
  readonly funcContext: VmFuncContext;
  /** The statement's transaction bookkeeping (null for nested helper programs). */
  st: StmtTxn | null;

  constructor(readonly engine: Engine, st: StmtTxn | null) {
    this.st = st;
    this.funcContext = {
      changes: () => engine.changes,
      totalChanges: () => engine.totalChanges,
      lastInsertRowid: () => engine.lastInsertRowid,
      now: () => stepNow(engine),
    };
  }

  openCursor(
    root: number,
    write: boolean,
    keyInfo: KeyInfo | null,
    reuse: BtCursor | null = null,
    kind?: "table" | "index",
  ): BtCursor {
    const opts = { write, keyInfo: keyInfo ?? undefined, reuse };
    // A known tree kind skips reading the root page (the b-tree's cursorOf).
    const bt = this.engine.bt as BtreeApi & {
      cursorOf?: (r: number, k: "table" | "index", o: typeof opts) => BtCursor;
    };
    if (kind !== undefined && bt.cursorOf !== undefined) return bt.cursorOf(root, kind, opts);
    return bt.cursor(root, opts);
  }

  textEncoding(): number {
    return this.engine.bt.textEncoding;
  }

  collator(name: string | null): Collator {
    return collatorOf(name);
  }

  clearTable(root: number): number | null {
    // DELETE without WHERE clears the trees unless another statement is reading them (then it
    // deletes row by row, as OP_Destroy's "database table is locked" rule implies).
    if (this.engine.txn.active > 1) return null;
    closeOpenWriters(this.engine);
    return this.engine.bt.clearTable(root);
  }

  keepCursors(closer: { close(): void }): boolean {
    // As the row writer's cursors (releaseWriter): kept only inside an explicit write
    // transaction, closed with the other kept cursors at every transaction boundary.
    const txn = this.engine.txn;
    if (txn.autocommit || !txn.writing) return false;
    const kept = this.engine.openWriters;
    if (!kept.has(closer)) {
      // Bounded: many one-shot statements in a transaction must not pile up open cursors (every
      // write saves the other cursors on its tree); the oldest kept set is closed first.
      if (kept.size >= MAX_KEPT_WRITERS) {
        const oldest = kept.values().next().value!;
        kept.delete(oldest);
        oldest.close();
      }
      kept.add(closer);
    }
    return true;
  }

  transaction(write: boolean): void {
    this.engine.txn.transaction(this.st, write);
  }
}
