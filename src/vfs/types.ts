/**
 * The VFS contract: how tsqlite reaches storage (the analogue of SQLite's
 * `sqlite3_vfs` / `sqlite3_io_methods`, sqlite3.h §"OS Interface").
 *
 * Owns: the `Vfs` and `VfsFile` interfaces, SQLite's lock levels and the
 * device-characteristic bits the pager consults. Everything is synchronous
 * (better-sqlite3 is synchronous). Backends live beside this file; only
 * `deno_file.ts` may touch the `Deno` namespace. This module must never
 * import anything above `src/error.ts`.
 * @module
 */

/** SQLite's file lock levels (sqlite3.h SQLITE_LOCK_*), ordered weakest first. */
export const LockLevel = {
  NONE: 0,
  SHARED: 1,
  RESERVED: 2,
  PENDING: 3,
  EXCLUSIVE: 4,
} as const;

/** One of SQLite's lock levels: 0 NONE, 1 SHARED, 2 RESERVED, 3 PENDING, 4 EXCLUSIVE. */
export type LockLevel = typeof LockLevel[keyof typeof LockLevel];

/** Human-readable names of lock levels, indexed by level (for messages and docs). */
export const LOCK_NAMES: readonly string[] = ["NONE", "SHARED", "RESERVED", "PENDING", "EXCLUSIVE"];

/** What a file is for (SQLite's SQLITE_OPEN_MAIN_DB, _MAIN_JOURNAL, …). */
export type FileKind =
  | "main-db"
  | "main-journal"
  | "temp-db"
  | "temp-journal"
  | "subjournal"
  | "super-journal"
  | "wal";

/** Flags for `Vfs.open`. */
export interface OpenFlags {
  /** Create the file if it does not exist. */
  create?: boolean;
  /** Open read-only (writes fail with SQLITE_READONLY). */
  readonly?: boolean;
  /** With `create`: fail if the file already exists (O_EXCL). */
  exclusive?: boolean;
  /** Delete the file when it is closed. */
  deleteOnClose?: boolean;
  /** What the file is for. */
  kind: FileKind;
}

/** Device characteristic bits (sqlite3.h SQLITE_IOCAP_*). */
export const IoCap = {
  ATOMIC: 0x00000001,
  SAFE_APPEND: 0x00000200,
  SEQUENTIAL: 0x00000400,
  UNDELETABLE_WHEN_OPEN: 0x00000800,
  POWERSAFE_OVERWRITE: 0x00001000,
  IMMUTABLE: 0x00002000,
  BATCH_ATOMIC: 0x00004000,
} as const;

/** Sync flavours (sqlite3.h SQLITE_SYNC_NORMAL / _FULL / _DATAONLY). */
export type SyncFlags = "normal" | "full" | "dataonly";

/** An open file. Every method is synchronous and throws `SqliteError` on failure. */
export interface VfsFile {
  /**
   * Read `buf.length` bytes at `offset` into `buf`. A short read (past end of
   * file) zero-fills the rest of `buf`. Returns the number of bytes actually read.
   */
  read(buf: Uint8Array, offset: number): number;
  /** Write all of `data` at `offset`, growing the file as needed. */
  write(data: Uint8Array, offset: number): void;
  /** Set the file's size to `size` bytes. */
  truncate(size: number): void;
  /** Make every write so far durable. */
  sync(flags?: SyncFlags): void;
  /** The file's size in bytes. */
  size(): number;
  /**
   * Raise the lock to `level` (SHARED, RESERVED or EXCLUSIVE; EXCLUSIVE passes
   * through PENDING). Returns false when another connection holds a conflicting
   * lock (SQLITE_BUSY); a failed EXCLUSIVE may leave the lock at PENDING.
   */
  lock(level: LockLevel): boolean;
  /** Lower the lock to `level` (SHARED or NONE). */
  unlock(level: LockLevel): void;
  /** The lock level this handle holds. */
  lockLevel(): LockLevel;
  /** True if any connection holds RESERVED or higher on this file. */
  checkReservedLock(): boolean;
  /** The device's sector size in bytes. */
  sectorSize(): number;
  /** `IoCap` bits describing the device. */
  deviceCharacteristics(): number;
  /** Close the file, releasing any lock it holds. */
  close(): void;
}

/** A storage backend: a namespace of files. */
export interface Vfs {
  /** A short name for the backend ("memory", "deno", "fault"). */
  readonly name: string;
  /** Open (or create) `path`. Throws SQLITE_CANTOPEN when it cannot. */
  open(path: string, flags: OpenFlags): VfsFile;
  /** Delete `path`. `syncDir` asks for the directory entry to be made durable. */
  delete(path: string, syncDir?: boolean): void;
  /** True if `path` exists. */
  exists(path: string): boolean;
  /** The canonical full path of `path` (used as the lock-table key). */
  fullPathname(path: string): string;
}
