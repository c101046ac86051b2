/**
 * The VM's contracts with the layers around it: the host (the engine connection, which owns the
 * b-tree, transactions and collations) and the function implementations the compiler resolves.
 *
 * Owns: `VmHost`, `VmScalar`, `VmAggregate`/`VmAggState`, `VmFuncContext`.
 * Never: contains behaviour — it is the seam that lets the VM be tested without a database.
 * @module
 */

import type { BtCursor, KeyInfo as BtKeyInfo } from "../btree/types.ts";
import type { Mem } from "./mem.ts";
import type { Collator } from "./ops/value_ops.ts";

/** What the VM needs from the connection that runs it. */
export interface VmHost {
  /** Open a b-tree cursor on `root` (OP_OpenRead / OP_OpenWrite). */
  openCursor(
    root: number,
    write: boolean,
    keyInfo: BtKeyInfo | null,
    reuse?: BtCursor | null,
    /** The tree's kind when the code generator knows it (saves reading the root page). */
    kind?: "table" | "index",
  ): BtCursor;
  /**
   * The database's text encoding (1 UTF-8, 2 UTF-16le, 3 UTF-16be): records written and read
   * hold TEXT in it. Absent means UTF-8.
   */
  textEncoding?(): number;
  /** The collator for a collation name (null/"BINARY" → null). Throws for unknown names. */
  collator(name: string | null): Collator;
  /**
   * OP_Transaction: make sure a read (or, when `write`, a write) transaction is open, beginning
   * one if the connection is in autocommit. Returns nothing; throws SqliteError (e.g. BUSY).
   */
  transaction(write: boolean): void;
  /** The context handed to functions (changes(), last_insert_rowid(), …). */
  readonly funcContext: VmFuncContext;
  /** Bump the connection's change counter (OP_Insert / OP_Delete with the count flag). */
  countChange?(n: number): void;
  /**
   * May the halting program keep its marked write cursors open (OpenWrite P5 bit 2)? When the
   * answer is true the host must call `closer.close()` before the transaction ends or the schema
   * changes.
   */
  keepCursors?(closer: { close(): void }): boolean;
  /**
   * OP_Clear: delete every entry of the b-tree rooted at `root`, returning how many there were,
   * or null when it cannot be done now (another statement of the connection is reading).
   */
  clearTable?(root: number): number | null;
  /** Hook for OP_Host instructions (DDL/PRAGMA work done by the connection). */
  host?(name: string, regs: Mem[], first: number, count: number): void;
}

/** Context passed to scalar and aggregate functions. */
export interface VmFuncContext {
  /** sqlite3_changes() of the connection. */
  changes(): number | bigint;
  /** sqlite3_total_changes(). */
  totalChanges(): number | bigint;
  /** sqlite3_last_insert_rowid(). */
  lastInsertRowid(): number | bigint;
  /** The statement's 'now' in ms since 1970 (sqlite3StmtCurrentTime); wall clock when absent. */
  now?(): number;
}

/** A scalar function implementation as the VM calls it. */
export interface VmScalar {
  readonly kind: "scalar";
  /** Compute `out` from `args` (args[0..nArg)). `coll` is the collation in force. */
  call(args: Mem[], nArg: number, out: Mem, coll: Collator, ctx: VmFuncContext): void;
}

/** One aggregate's running state (SQLite's sqlite3_aggregate_context). */
export interface VmAggState {
  /** Accumulate one row. */
  step(args: Mem[], nArg: number): void;
  /** Produce the result. */
  final(out: Mem): void;
  /**
   * min()/max(): false after a step that did not take the row as the best (SQLite's
   * sqlite3SkipAccumulatorLoad); read by OP_AggStep when its P1 names a register to set.
   */
  readonly rowChosen?: boolean;
}

/** An aggregate function implementation as the VM calls it. */
export interface VmAggregate {
  readonly kind: "aggregate";
  /** A fresh state for one group. */
  create(coll: Collator, ctx: VmFuncContext): VmAggState;
}

/** Anything `FuncRef.impl` may hold. */
export type VmFunction = VmScalar | VmAggregate;
