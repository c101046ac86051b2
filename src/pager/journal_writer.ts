/**
 * The rollback journal of one write transaction, as pager.c writes it
 * (`pager_open_journal`, `writeJournalHdr`, `pagerAddPageToRollbackJournal`,
 * `syncJournal`, `pager_end_transaction`): opening it (and taking the journal
 * file's writer lock), appending page records, the two-step sync that makes
 * it hot, starting a new segment after a mid-transaction sync, in-process
 * playback, and retiring it per journal mode. The on-disk layout itself lives
 * in journal.ts.
 *
 * This module decides nothing about *when* to sync or write the database:
 * the pager calls it in SQLite's order. It never writes the database file
 * except through `playbackInto` (rollback).
 * @module
 */

import { MemoryVfs } from "../vfs/memory.ts";
import { LockLevel, type Vfs, type VfsFile } from "../vfs/types.ts";
import { put32 } from "../format/header.ts";
import { busyError } from "./busy.ts";
import {
  encodeJournalHeader,
  JOURNAL_HDR_FIELDS,
  JOURNAL_MAGIC,
  journalChecksum,
  nextHeaderOffset,
  NREC_UNKNOWN,
  playbackJournal,
} from "./journal.ts";
import type { JournalMode, PageNumber, SyncLevel } from "./types.ts";

/** What a transaction's journal needs to know. */
export interface JournalConfig {
  /** The VFS the journal file lives on. */
  vfs: Vfs;
  /** `<db>-journal`. */
  path: string;
  /** Any mode but "off" (OFF has no journal). */
  mode: JournalMode;
  /** PRAGMA synchronous. */
  sync: SyncLevel;
  /** Journal header size (sector size). */
  sectorSize: number;
  /** Database page size. */
  pageSize: number;
  /** Database size in pages when the transaction began (header offset 16). */
  dbOrigSize: number;
  /**
   * MEMORY mode: an open in-memory file to hold the journal, owned by the pager so one
   * transaction after another reuses the same file and buffer: emptied when a journal opens on
   * it, and neither closed nor retired with the journal. Absent: a fresh file per journal.
   */
  memoryFile?: VfsFile;
}

/**
 * Retire a journal file after commit or rollback (pager.c
 * `pager_end_transaction`): DELETE unlinks it (while still holding its lock,
 * then closes), TRUNCATE cuts it to zero, PERSIST zeroes the 28-byte header;
 * MEMORY just closes. Cold path.
 */
export function retireJournal(
  vfs: Vfs,
  path: string,
  j: VfsFile,
  mode: JournalMode,
  sync: SyncLevel,
): void {
  switch (mode) {
    case "delete":
      try {
        vfs.delete(path, sync === "extra");
      } finally {
        j.close();
      }
      break;
    case "truncate":
      try {
        j.truncate(0);
        if (sync === "full" || sync === "extra") j.sync();
      } finally {
        j.close();
      }
      break;
    case "persist":
      try {
        j.write(new Uint8Array(JOURNAL_HDR_FIELDS), 0);
        if (sync !== "off") j.sync();
      } finally {
        j.close();
      }
      break;
    default:
      j.close();
  }
}

/**
 * Scratch buffers by size, shared by every journal: a buffer is filled and handed to a
 * synchronous `VfsFile.write` (which copies it) within one call, so sharing is safe, and a
 * transaction no longer allocates a page-sized buffer (off-heap) when it opens its journal.
 */
const scratch = new Map<number, Uint8Array>();
function recordBuffer(size: number): Uint8Array {
  let b = scratch.get(size);
  if (b === undefined) {
    b = new Uint8Array(size);
    scratch.set(size, b);
  }
  return b;
}

/** Journal nonces, drawn from crypto.getRandomValues 256 at a time (one call per journal cost ~µs). */
const noncePool = new Uint32Array(256);
let nonceNext = noncePool.length;
function nextNonce(): number {
  if (nonceNext === noncePool.length) {
    crypto.getRandomValues(noncePool);
    nonceNext = 0;
  }
  return noncePool[nonceNext++];
}

/**
 * One transaction's rollback journal.
 *
 * @example
 * ```ts
 * import { RollbackJournal } from "./journal_writer.ts";
 * import { MemoryVfs } from "../vfs/memory.ts";
 * const vfs = new MemoryVfs();
 * const j = RollbackJournal.open({
 *   vfs, path: "db-journal", mode: "delete", sync: "full",
 *   sectorSize: 512, pageSize: 512, dbOrigSize: 3,
 * });
 * j.append(2, new Uint8Array(512));
 * j.sync(false); // the journal is now hot: magic + nRec = 1 written and synced
 * j.finalize();  // DELETE mode: gone
 * console.log(vfs.exists("db-journal")); // false
 * ```
 */
export class RollbackJournal {
  /** The journal file (an in-memory file in MEMORY mode). */
  readonly file: VfsFile;
  #cfg: JournalConfig;
  #off = 0;
  #hdr = 0;
  #nRec = 0;
  #nonce: number;
  #unsynced = false;
  #journaled = new Set<PageNumber>();
  #rec: Uint8Array;

  private constructor(cfg: JournalConfig, file: VfsFile) {
    this.#cfg = cfg;
    this.file = file;
    this.#nonce = nextNonce();
    this.#rec = recordBuffer(cfg.pageSize + 8);
  }

  /**
   * Create or reuse the journal file, take its writer lock (SQLITE_BUSY if
   * another connection or process holds it) and write the first header.
   */
  static open(cfg: JournalConfig): RollbackJournal {
    let f: VfsFile;
    if (cfg.mode === "memory") {
      if (cfg.memoryFile !== undefined) {
        f = cfg.memoryFile;
        f.truncate(0); // reused: nothing of an earlier transaction's journal may remain
      } else f = new MemoryVfs().open("journal", { create: true, kind: "main-journal" });
    } else {
      f = cfg.vfs.open(cfg.path, { create: true, kind: "main-journal" });
      // The journal's own EXCLUSIVE lock is the cross-process "one writer" lock.
      if (!f.lock(LockLevel.SHARED) || !f.lock(LockLevel.EXCLUSIVE)) {
        f.close();
        throw busyError();
      }
    }
    const j = new RollbackJournal(cfg, f);
    try {
      j.#writeHeader();
    } catch (e) {
      f.close();
      throw e;
    }
    // Until this header (with the original size) is durable, not even a page past the
    // original end may reach the database file (pager.c PGHDR_NEED_SYNC for new pages).
    j.#unsynced = true;
    return j;
  }

  /** True while the journal holds bytes written since its last sync. */
  get unsynced(): boolean {
    return this.#unsynced;
  }

  /** True if page `pgno`'s original bytes are already journaled in this transaction. */
  has(pgno: PageNumber): boolean {
    return this.#journaled.has(pgno);
  }

  /** Append the original bytes of page `pgno` (pager.c pagerAddPageToRollbackJournal). */
  append(pgno: PageNumber, data: Uint8Array): void {
    const rec = this.#rec;
    const ps = this.#cfg.pageSize;
    put32(rec, 0, pgno);
    rec.set(data, 4);
    put32(rec, 4 + ps, journalChecksum(this.#nonce, data, ps));
    this.file.write(rec, this.#off);
    this.#off += ps + 8;
    this.#nRec++;
    this.#journaled.add(pgno);
    this.#unsynced = true;
  }

  /** pager.c writeJournalHdr: a header at the next sector boundary. */
  #writeHeader(): void {
    const c = this.#cfg;
    const off = nextHeaderOffset(this.#off, c.sectorSize);
    const noSync = c.sync === "off" || c.mode === "memory";
    const buf = recordBuffer(c.sectorSize);
    buf.fill(0);
    encodeJournalHeader(buf, {
      nRec: noSync ? NREC_UNKNOWN : null,
      nonce: this.#nonce,
      dbSize: c.dbOrigSize,
      sectorSize: c.sectorSize,
      pageSize: c.pageSize,
    });
    this.file.write(buf, off);
    this.#hdr = off;
    this.#off = off + c.sectorSize;
  }

  /**
   * pager.c syncJournal: make every record durable (synchronous=FULL), then
   * write nRec and the magic into the current header and sync again; with
   * `newHeader`, start a new segment for the records that follow.
   */
  sync(newHeader: boolean): void {
    const c = this.#cfg;
    const j = this.file;
    if (c.sync !== "off" && c.mode !== "memory") {
      const nextOff = nextHeaderOffset(this.#off, c.sectorSize);
      const magic = new Uint8Array(8);
      if (j.read(magic, nextOff) === 8 && magic.every((b, i) => b === JOURNAL_MAGIC[i])) {
        j.write(new Uint8Array(1), nextOff); // a stale header from an older journal must not look valid
      }
      if (c.sync === "full" || c.sync === "extra") j.sync();
      const hdr = new Uint8Array(12);
      hdr.set(JOURNAL_MAGIC, 0);
      put32(hdr, 8, this.#nRec);
      j.write(hdr, this.#hdr);
      j.sync(c.sync === "full" ? "dataonly" : "normal");
      this.#hdr = this.#off;
      if (newHeader) {
        this.#nRec = 0;
        this.#writeHeader();
      }
    } else {
      this.#hdr = this.#off;
    }
    this.#unsynced = false;
  }

  /** Play the journal back onto `dbfd` (in-process rollback, pager_playback with isHot=0). */
  playbackInto(dbfd: VfsFile): void {
    playbackJournal(this.file, dbfd, {
      isHot: false,
      pageSize: this.#cfg.pageSize,
      sectorSize: this.#cfg.sectorSize,
      lastHeader: this.#hdr,
    });
  }

  /** Retire the journal per the journal mode (the commit point in DELETE/TRUNCATE/PERSIST). */
  finalize(): void {
    const c = this.#cfg;
    if (c.memoryFile !== undefined) {
      // The pager's reusable in-memory file stays open; emptied now so a large transaction's
      // journal is not held until the next one.
      c.memoryFile.truncate(0);
      return;
    }
    retireJournal(c.vfs, c.path, this.file, c.mode, c.sync);
  }

  /** Close without retiring (the journal stays as it is on disk). Never throws. */
  abandon(): void {
    if (this.#cfg.memoryFile !== undefined) return; // owned by the pager
    try {
      this.file.close();
    } catch { /* already failing */ }
  }
}
