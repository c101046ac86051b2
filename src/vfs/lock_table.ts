/**
 * In-process lock table: SQLite's five-level file lock state machine shared by
 * every connection of this process to one file (the analogue of os_unix.c's
 * `unixInodeInfo` + `unixLock`/`unixUnlock`, which model the SHARED, RESERVED
 * and PENDING byte-range locks at 0x40000000).
 *
 * Rules (os_unix.c `unixLock`):
 *  - SHARED is refused while another holder has PENDING or EXCLUSIVE.
 *  - RESERVED is refused while another holder has RESERVED (only one writer).
 *  - EXCLUSIVE first takes PENDING (refused if another holds PENDING), which
 *    blocks new SHARED locks; it then waits for the other SHARED holders to
 *    leave — a failed attempt leaves the holder at PENDING, as SQLite does.
 *
 * Backends own one `LockTable` per namespace of files and key it by full path.
 * This module never does I/O; it only records who holds what.
 * @module
 */

import { type LockLevel, LockLevel as L } from "./types.ts";

/** Lock state of one file, shared by all its holders in this process. */
class LockEntry {
  /** Holders at SHARED or above. */
  shared = 0;
  /** The holder with RESERVED (or null). */
  reserved: LockHolder | null = null;
  /** The holder with PENDING (or null). */
  pending: LockHolder | null = null;
  /** The holder with EXCLUSIVE (or null). */
  exclusive: LockHolder | null = null;
  /** Open handles using this entry. */
  refs = 0;
}

/** One open file's view of the lock table: its own level plus the shared entry. */
export class LockHolder {
  #level: LockLevel = L.NONE;
  #entry: LockEntry;
  #table: LockTable;
  #key: string;
  #closed = false;

  /** @internal use `LockTable.holder()`. */
  constructor(table: LockTable, key: string, entry: LockEntry) {
    this.#table = table;
    this.#key = key;
    this.#entry = entry;
  }

  /** The level this holder has. */
  get level(): LockLevel {
    return this.#level;
  }

  /**
   * Raise this holder's lock to `level`; false when a conflicting lock is held
   * elsewhere (the caller reports SQLITE_BUSY). Cold path.
   */
  lock(level: LockLevel): boolean {
    const e = this.#entry;
    if (this.#closed) throw new Error("lock on a closed file");
    if (this.#level >= level) return true;
    if (level === L.SHARED) {
      if ((e.pending !== null && e.pending !== this) || (e.exclusive !== null)) return false;
      e.shared++;
      this.#level = L.SHARED;
      return true;
    }
    if (this.#level < L.SHARED) throw new Error("lock above SHARED requested without SHARED");
    if (level === L.RESERVED) {
      if (e.reserved !== null && e.reserved !== this) return false;
      e.reserved = this;
      this.#level = L.RESERVED;
      return true;
    }
    // PENDING or EXCLUSIVE: take PENDING first.
    if (e.pending !== null && e.pending !== this) return false;
    e.pending = this;
    if (this.#level < L.PENDING) this.#level = L.PENDING;
    if (level === L.PENDING) return true;
    if (e.shared > 1) return false; // other readers still active: stay at PENDING
    e.exclusive = this;
    this.#level = L.EXCLUSIVE;
    return true;
  }

  /** Lower this holder's lock to `level` (SHARED or NONE). Cold path. */
  unlock(level: LockLevel): void {
    if (level > L.SHARED) throw new Error("unlock only lowers to SHARED or NONE");
    this.lower(level);
  }

  /**
   * Lower this holder's lock to any weaker `level` (e.g. EXCLUSIVE back to
   * PENDING when a backend's own lock could not follow). Cold path.
   */
  lower(level: LockLevel): void {
    const e = this.#entry;
    if (this.#level <= level) return;
    if (level < L.EXCLUSIVE && e.exclusive === this) e.exclusive = null;
    if (level < L.PENDING && e.pending === this) e.pending = null;
    if (level < L.RESERVED && e.reserved === this) e.reserved = null;
    if (level === L.NONE && this.#level >= L.SHARED) e.shared--;
    this.#level = level;
  }

  /** True if any holder (this one included) has RESERVED or above. */
  checkReserved(): boolean {
    const e = this.#entry;
    return e.reserved !== null || e.pending !== null || e.exclusive !== null;
  }

  /** Release everything and detach from the table. */
  close(): void {
    if (this.#closed) return;
    this.unlock(L.NONE);
    this.#closed = true;
    this.#table.detach(this.#key, this.#entry);
  }
}

/**
 * A table of per-file lock entries, keyed by canonical path.
 *
 * @example
 * ```ts
 * import { LockTable } from "./lock_table.ts";
 * import { LockLevel } from "./types.ts";
 * const t = new LockTable();
 * const a = t.holder("/db"), b = t.holder("/db");
 * a.lock(LockLevel.SHARED); b.lock(LockLevel.SHARED);
 * a.lock(LockLevel.RESERVED);
 * console.log(b.lock(LockLevel.RESERVED)); // false: one writer at a time
 * ```
 */
export class LockTable {
  #entries = new Map<string, LockEntry>();

  /** A new holder for the file `key` (one per open file handle). */
  holder(key: string): LockHolder {
    let e = this.#entries.get(key);
    if (e === undefined) {
      e = new LockEntry();
      this.#entries.set(key, e);
    }
    e.refs++;
    return new LockHolder(this, key, e);
  }

  /** @internal called by `LockHolder.close()`. */
  detach(key: string, entry: LockEntry): void {
    entry.refs--;
    if (entry.refs === 0 && this.#entries.get(key) === entry) this.#entries.delete(key);
  }

  /** Number of files with open holders (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}
