/**
 * The pager's contract with the b-tree layer (the tsqlite analogue of the
 * `sqlite3Pager*` API in SQLite's pager.h).
 *
 * The pager owns: the page cache, locking (via the VFS), read and write
 * transactions, the rollback journal (or WAL later), statement/savepoint
 * sub-journals, and the file-change-counter / in-header database size fields
 * of page 1, which it keeps right at commit. It knows nothing of b-trees.
 *
 * Page lifetime: `get()` returns a referenced Page; the caller must
 * `release()` it when done. A page with references is never evicted, so one
 * `Page` object per page number is live at any time and every holder sees the
 * same bytes. `data` may only be modified after `write(page)` has been called
 * in the current write transaction (it journals the original content first).
 * @module
 */

/** A 1-based page number within the database file. */
export type PageNumber = number;

/** One page of the database as held in the page cache. */
export interface Page {
  /** The page number (1-based). */
  readonly pgno: PageNumber;
  /** The page's bytes, `pageSize` long. Live: mutate only after `Pager.write(this)`. */
  readonly data: Uint8Array;
  /**
   * Set by the b-tree layer once it has validated these bytes (btreeInitPage's isInit, kept
   * with the page as pcache keeps MemPage in pExtra). The pager never reads it; it lives as
   * long as this page object.
   */
  checked?: boolean;
}

/**
 * PRAGMA journal_mode. The rollback-journal modes, plus "wal": commits append
 * frames to `<db>-wal` in SQLite's format (see docs/pager.md for its limits).
 */
export type JournalMode = "delete" | "truncate" | "persist" | "memory" | "off" | "wal";

/** PRAGMA synchronous levels. */
export type SyncLevel = "off" | "normal" | "full" | "extra";

/** Options for opening a pager. */
export interface PagerOptions {
  /** Open read-only: no write transaction may start. */
  readonly?: boolean;
  /** Page size to use if the file is new/empty (default 4096). */
  pageSize?: number;
  /** Reserved bytes at the end of each page if the file is new (default 0). */
  reservedBytes?: number;
  /** Cache size in pages (positive) or KiB (negative), as PRAGMA cache_size (default -2000). */
  cacheSize?: number;
  /** Journal mode (default "delete"). */
  journalMode?: JournalMode;
  /** Sync level (default "full"). */
  synchronous?: SyncLevel;
  /**
   * The file is an in-memory database's private storage: cached pages are never evicted (as
   * SQLite's memdb page cache, which is not purgeable), whatever the cache_size setting.
   */
  memory?: boolean;
}

/** The pager interface the b-tree layer is written against. */
export interface PagerApi {
  /** Page size in bytes (512..65536, a power of two). */
  readonly pageSize: number;
  /** Usable bytes per page: pageSize minus the reserved bytes of header offset 20. */
  readonly usableSize: number;
  /** Number of pages in the database as of the current transaction. */
  pageCount(): number;
  /** Acquire a reference to page `pgno` (1..pageCount()). Throws SQLITE_CORRUPT if out of range. */
  get(pgno: PageNumber): Page;
  /** Drop one reference taken by `get()` or `allocateAtEnd()`. */
  release(page: Page): void;
  /** Make `page` writable in the current write transaction (journals its original content). */
  write(page: Page): void;
  /** Grow the file by one zero-filled, already-writable page and return it (referenced). */
  allocateAtEnd(): Page;
  /** Shrink the database to `pageCount` pages at commit (auto_vacuum, VACUUM). */
  truncate(pageCount: number): void;
  /** Start a read transaction (SHARED lock; rolls back a hot journal first). Nests by count. */
  beginRead(): void;
  /** End a read transaction begun with `beginRead()`. */
  endRead(): void;
  /**
   * Upgrade to a write transaction (RESERVED lock). `exclusive` takes EXCLUSIVE at once.
   * The busy handler is consulted for RESERVED when no read transaction was open, or when
   * `waitForLock` says the caller's read is only its own statement's (btree.c invokes the
   * handler from TRANS_NONE).
   */
  beginWrite(exclusive?: boolean, waitForLock?: boolean): void;
  /** True while a write transaction is open. */
  readonly inWriteTransaction: boolean;
  /** Commit the write transaction: journal sync, database write, sync, journal finalize. */
  commit(): void;
  /** Roll back the write transaction, restoring every page from the journal. */
  rollback(): void;
  /** Open savepoint level `depth` (1-based) inside the write transaction (statement or SAVEPOINT). */
  savepoint(depth: number): void;
  /** Roll back to savepoint `depth`, keeping it open. */
  rollbackTo(depth: number): void;
  /** Release savepoints `depth` and deeper, keeping their changes. */
  releaseSavepoint(depth: number): void;
  /** Close the pager: rolls back any open transaction and releases locks. */
  close(): void;
}
