/**
 * The b-tree layer's public contract (the tsqlite analogue of btree.h).
 *
 * Owns: the shape of `Btree` (one database file's forest of table and index
 * b-trees over a `PagerApi`) and `BtCursor` (a position within one tree).
 * Follows SQLite's btree.h / btree.c semantics: table trees are keyed by a
 * 64-bit rowid and carry a record payload; index trees are keyed by a record
 * (the whole payload) compared with `sqlite3VdbeRecordCompare` rules under a
 * `KeyInfo`. WITHOUT ROWID tables are index trees.
 * Must never: touch `Deno`, know SQL, or interpret record contents beyond
 * the key comparison that index seeks need.
 * @module
 */

import type { PageNumber, PagerApi } from "../pager/types.ts";
import type { KeyProbe } from "../format/key_probe.ts";
export type { PageNumber, PagerApi };

/**
 * A rowid: a JS number when it is a safe integer, otherwise a bigint
 * (64-bit rowids beyond ±2^53 must round-trip exactly).
 */
export type Rowid = number | bigint;

/** Which kind of b-tree a root page holds: rowid table (intkey) or index (blob key). */
export type TreeKind = "table" | "index";

/** Text encoding of the database (header offset 56): 1 UTF-8, 2 UTF-16le, 3 UTF-16be. */
export type TextEncoding = 1 | 2 | 3;

/**
 * A collation: compares two strings, returning <0, 0 or >0 (like sqlite3's
 * xCompare). `null` in a KeyInfo slot means BINARY (memcmp of the UTF-8/16 bytes).
 */
export type CollationCompare = (a: string, b: string) => number;

/**
 * How index keys compare (SQLite's KeyInfo): one entry per key field.
 * Fields beyond `collations.length` compare with BINARY, ascending.
 */
export interface KeyInfo {
  /** Collation per field; `null`/missing = BINARY. */
  readonly collations: readonly (CollationCompare | null)[];
  /** DESC flag per field; missing = ascending. */
  readonly desc: readonly boolean[];
  /** Number of key fields that take part in comparisons (default: all). */
  readonly nField?: number;
}

/**
 * A view of a cell's payload bytes: `data[offset .. offset+length)`.
 * When the payload is entirely local, `data` is the live page buffer
 * (zero-copy: valid only until the cursor moves or the tree is modified);
 * otherwise it is a buffer owned by the cursor holding the assembled
 * local part plus its overflow chain.
 */
export interface PayloadView {
  /** The bytes holding the payload. */
  data: Uint8Array;
  /** Offset of the first payload byte in `data`. */
  offset: number;
  /** Payload length in bytes. */
  length: number;
}

/**
 * Meta slots of the database header (btree.h BTREE_* numbering):
 * slot n lives at header offset 36 + 4n.
 */
export const Meta = {
  /** Offset 36: total freelist pages (read-only to callers). */
  FREE_PAGE_COUNT: 0,
  /** Offset 40: schema cookie. */
  SCHEMA_VERSION: 1,
  /** Offset 44: schema format number (1..4). */
  FILE_FORMAT: 2,
  /** Offset 48: suggested default cache size. */
  DEFAULT_CACHE_SIZE: 3,
  /** Offset 52: largest root page (non-zero = auto_vacuum / incremental). */
  LARGEST_ROOT_PAGE: 4,
  /** Offset 56: text encoding (1,2,3). */
  TEXT_ENCODING: 5,
  /** Offset 60: user_version. */
  USER_VERSION: 6,
  /** Offset 64: incremental-vacuum flag (non-zero = incremental). */
  INCR_VACUUM: 7,
  /** Offset 68: application_id. */
  APPLICATION_ID: 8,
} as const;

/** A meta slot index (0..8); see {@link Meta}. */
export type MetaIndex = (typeof Meta)[keyof typeof Meta];

/** auto_vacuum mode of a database: 0 none, 1 full, 2 incremental. */
export type AutoVacuumMode = 0 | 1 | 2;

/** Options when opening a cursor. */
export interface CursorOptions {
  /** Open for writing (insert/delete). Requires a write transaction when writing. */
  write?: boolean;
  /** Key comparison for index trees (default: BINARY ascending on every field). */
  keyInfo?: KeyInfo;
  /**
   * A closed cursor of this b-tree to reopen instead of allocating a new one, used when it was
   * opened with the same root, kind, key comparison and mode (else a new cursor is made).
   */
  reuse?: BtCursor | null;
  /**
   * BTREE_BULKLOAD (sqlite3BtreeCursorHintFlags): keys arrive in ascending order into an empty
   * tree, so balancing leaves the left siblings full (VACUUM's index copies).
   */
  bulkLoad?: boolean;
}

/** Result of a seek: -1 cursor is at an entry smaller than the key, 0 exact, 1 larger (as sqlite3BtreeTableMoveto). */
export type SeekResult = -1 | 0 | 1;

/**
 * A position in one b-tree (table or index). Movement methods return true
 * when the cursor is positioned on an entry.
 *
 * @example
 * ```ts
 * const cur = btree.cursor(root);
 * for (let ok = cur.first(); ok; ok = cur.next()) {
 *   const p = cur.payload(); // record bytes at p.data[p.offset..]
 * }
 * cur.close();
 * ```
 */
export interface BtCursor {
  /** Root page of the tree. */
  readonly root: PageNumber;
  /** Table (rowid) or index tree. */
  readonly kind: TreeKind;
  /** True when not positioned on an entry. */
  readonly eof: boolean;
  /** Move to the first entry; false if the tree is empty. */
  first(): boolean;
  /** Move to the last entry; false if the tree is empty. */
  last(): boolean;
  /** Move to the next entry; false (and eof) past the last. */
  next(): boolean;
  /** Move to the previous entry; false (and eof) before the first. */
  prev(): boolean;
  /**
   * Table trees: move to `rowid` or a neighbour. Returns 0 exact, -1 when the
   * cursor is left on an entry smaller than rowid, 1 when on a larger one
   * (as sqlite3BtreeTableMoveto); on an empty tree returns -1 with eof set.
   */
  seekRowid(rowid: Rowid): SeekResult;
  /**
   * Index trees: move to the entry equal to the record `key` (bytes
   * `key[offset..offset+length)`, possibly a prefix) or a neighbour, by
   * the KeyInfo's comparison. Same return convention as `seekRowid`.
   * Prefix keys compare equal to longer entries that share the prefix;
   * `defaultRc` (-1/0/+1, default 0) is the result used when all compared
   * fields are equal (SQLite's UnpackedRecord.default_rc), for ">" / "<=" seeks.
   * TEXT in `key` must be in the database's text encoding (`Btree.textEncoding`).
   */
  seekIndex(key: Uint8Array, offset?: number, length?: number, defaultRc?: -1 | 0 | 1): SeekResult;
  /**
   * Index trees: the same seek as `seekIndex` with the key held unpacked in `probe` (filled
   * field by field, no record built); the probe's collations and encoding are set to this
   * cursor's. Same return convention.
   */
  seekProbe(probe: KeyProbe): SeekResult;
  /** Index trees: a probe owned by this cursor, to fill before `seekProbe`/`compareProbe`. */
  keyProbe(): KeyProbe;
  /**
   * Index trees: compare the current entry with `probe` (<0, 0 or >0 for entry < key, equal,
   * entry > key; `probe.defaultRc` when every compared field is equal).
   */
  compareProbe(probe: KeyProbe): number;
  /** The current entry's rowid (table trees). */
  rowid(): Rowid;
  /** The current entry's payload size in bytes. */
  payloadSize(): number;
  /** The current entry's payload (record); zero-copy when local. */
  payload(): PayloadView;
  /** Table trees: insert or replace the entry with `rowid`. Leaves the cursor on it. */
  insert(rowid: Rowid, record: Uint8Array): void;
  /**
   * Index trees: insert the key record (replacing an entry that compares equal
   * under the KeyInfo). TEXT must be in the database's encoding. Leaves the cursor on it.
   */
  insertIndex(key: Uint8Array): void;
  /**
   * Delete the current entry (freeing its overflow pages). Afterwards
   * `next()` moves to the entry after the deleted one and `prev()` to the
   * one before it.
   */
  delete(): void;
  /** Number of entries in the tree (walks every leaf). */
  count(): number;
  /** Release the pages this cursor holds. */
  close(): void;
}

/**
 * One database file's b-trees (the tsqlite analogue of `Btree`/`BtShared`).
 *
 * @example
 * ```ts
 * const bt = new Btree(pager);
 * pager.beginWrite();
 * const root = bt.createTable("table");
 * const cur = bt.cursor(root, { write: true });
 * cur.insert(1, encodeRecord([1, "x"]));
 * cur.close();
 * bt.commit();
 * ```
 */
export interface BtreeApi {
  /** The pager underneath. */
  readonly pager: PagerApi;
  /** Page size in bytes. */
  readonly pageSize: number;
  /** Usable bytes per page (page size minus reserved bytes). */
  readonly usableSize: number;
  /** The database's text encoding (header offset 56; 1 if unset). */
  readonly textEncoding: TextEncoding;
  /** auto_vacuum mode from the header (0 none, 1 full, 2 incremental). */
  readonly autoVacuum: AutoVacuumMode;
  /** Create an empty tree and return its root page number. */
  createTable(kind: TreeKind): PageNumber;
  /**
   * Drop a tree, freeing its pages. In auto_vacuum databases the last root
   * page may be moved into the freed slot: returns the page number that
   * moved to `root` (caller must update sqlite_schema), else 0.
   */
  dropTable(root: PageNumber): PageNumber;
  /** Delete every entry of a tree, keeping its root; returns the number of entries removed. */
  clearTable(root: PageNumber): number;
  /** Read a meta slot of the header. */
  getMeta(idx: MetaIndex): number;
  /** Write a meta slot of the header (needs a write transaction). */
  setMeta(idx: MetaIndex, value: number): void;
  /** Open a cursor on the tree rooted at `root`. */
  cursor(root: PageNumber, options?: CursorOptions): BtCursor;
  /** Incremental vacuum: move up to `n` pages (all if n<=0) off the end; returns pages freed. */
  incrementalVacuum(n: number): number;
  /**
   * Check the trees rooted at `roots` plus the freelist and page accounting;
   * returns problems in SQLite's wording (empty = ok), at most `maxErrors`.
   */
  integrityCheck(roots: readonly PageNumber[], maxErrors?: number): string[];
  /** Finish b-tree work for the transaction (auto_vacuum relocation) then commit the pager. */
  commit(): void;
  /** Roll back the pager's transaction and drop cached b-tree state. */
  rollback(): void;
}
