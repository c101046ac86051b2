/**
 * The pager (the analogue of SQLite's pager.c): page cache, locks, read and
 * write transactions, the rollback journal, savepoints, and the header fields
 * of page 1 that change on every commit. It implements `PagerApi` for the
 * b-tree layer and knows nothing of b-trees.
 *
 * States and locks (pager.c's state machine, simplified):
 *   OPEN     no transaction, lock NONE; the cache may be stale.
 *   READER   `beginRead()` depth > 0, lock SHARED. Taking SHARED first rolls
 *            back a hot journal (under EXCLUSIVE) and drops the cache if the
 *            file-change counter (header bytes 24..39) moved.
 *   WRITER   `beginWrite()`: lock RESERVED (EXCLUSIVE at once if asked). The
 *            first `write()` opens the journal and writes its header; each
 *            page's original bytes are journaled before it is first changed.
 *            Writing to the database file (spill or commit) needs EXCLUSIVE.
 *
 * Commit order (sqlite3PagerCommitPhaseOne/Two), never reordered:
 *   1 EXCLUSIVE lock; journal pages a shrink will cut off
 *   2 page 1: change counter+1 (24), db size (28), version-valid-for (92),
 *     SQLITE_VERSION_NUMBER (96)
 *   3 journal sync (synchronous=FULL), write nRec+magic into the header,
 *     journal sync again           — the journal is now hot
 *   4 write dirty pages to the database in page order; truncate if shrunk
 *   5 database sync                — the new state is durable
 *   6 finalize the journal (delete / truncate / zero the header) — commit point
 *   7 lock back to SHARED or NONE
 * Spill (cache full of dirty pages) prefers a page whose journal record is
 * already synced; otherwise it syncs the journal and starts a new journal
 * header first, as pagerStress/syncJournal do. A `-wal` left by real SQLite
 * overlays the file for reads (wal.ts) and is checkpointed into it before the
 * first write. The lock-byte page at 1 GiB is never written. Only the VFS
 * does I/O; the journal's bookkeeping is journal_writer.ts, its format
 * journal.ts. Must never skip or reorder a write crash safety depends on.
 * @module
 */

import { corruptError, SqliteError } from "../error.ts";
import { IoCap, LockLevel, type Vfs, type VfsFile } from "../vfs/types.ts";
import { MemoryVfs } from "../vfs/memory.ts";
import { PageCache, type PgHdr } from "./cache.ts";
import { get32, lockBytePage, put32, WRITER_VERSION_NUMBER } from "../format/header.ts";
import { HDR, isValidPageSize, putPageSize, readGeometry } from "./header.ts";
import { playbackJournal, readSuperJournalName } from "./journal.ts";
import { retireJournal, RollbackJournal } from "./journal_writer.ts";
import { SavepointStack } from "./savepoint.ts";
import { encodeFrame, encodeWalHeader, readWal, walFingerprint, type WalSnapshot } from "./wal.ts";
import { busyError, type BusyHandler } from "./busy.ts";
import type { JournalMode, Page, PageNumber, PagerApi, PagerOptions, SyncLevel } from "./types.ts";

/** PRAGMA wal_autocheckpoint default: checkpoint once the log holds this many frames. */
const WAL_AUTOCHECKPOINT = 1000;

/** Per-page bookkeeping SQLite counts against cache_size in KiB (approximation of szExtra). */
const PAGE_OVERHEAD = 136;

/** Cache and I/O counters (tests, benchmarks). */
export interface PagerStats {
  /** `get()` calls served from the cache. */
  hits: number;
  /** `get()` calls that read the file (or the WAL). */
  misses: number;
  /** Dirty pages written to the database mid-transaction to make room. */
  spills: number;
  /** Page writes to the database file (spills and commits). */
  dbPageWrites: number;
  /** Page records appended to rollback journals. */
  journalRecords: number;
  /** Hot journals rolled back when taking SHARED. */
  hotRollbacks: number;
}

/**
 * A pager over one database file of a VFS.
 *
 * @example
 * ```ts
 * import { Pager } from "./pager.ts";
 * import { MemoryVfs } from "../vfs/memory.ts";
 * const pager = new Pager(new MemoryVfs(), "db", { pageSize: 1024 });
 * pager.beginWrite();
 * const p1 = pager.allocateAtEnd();
 * p1.data[100] = 42;
 * pager.release(p1);
 * pager.commit();
 * pager.beginRead();
 * console.log(pager.pageCount(), pager.get(1).data[100]); // 1 42
 * ```
 */
export class Pager implements PagerApi {
  /** The VFS the files live on. */
  readonly vfs: Vfs;
  /** The database path. */
  readonly path: string;
  /** The rollback journal's path (`<path>-journal`). */
  readonly journalPath: string;
  /** Where real SQLite keeps a WAL-mode database's log (`<path>-wal`); read, never written. */
  readonly walPath: string;
  /** Counters. */
  readonly stats: PagerStats = {
    hits: 0,
    misses: 0,
    spills: 0,
    dbPageWrites: 0,
    journalRecords: 0,
    hotRollbacks: 0,
  };

  /**
   * Called when SHARED (starting a read), RESERVED (starting a write with no
   * read open) or EXCLUSIVE (commit, hot-journal rollback) is busy; see busy.ts.
   * Null (the default) reports SQLITE_BUSY at once.
   */
  busyHandler: BusyHandler | null = null;

  #fd: VfsFile;
  #journal: RollbackJournal | null = null;
  /** The file holding MEMORY-mode journals, reused by one transaction after another. */
  #memJournal: VfsFile | null = null;
  #readonly: boolean;
  #pageSize: number;
  #reserved: number;
  #cache: PageCache;
  #cacheSetting: number;
  /** In-memory database: nothing is evicted (pcache bPurgeable = 0). */
  readonly #memory: boolean;
  /** A ":memory:" database (memory, created empty): pager.c's MEMDB commit rules. */
  readonly #memDb: boolean;
  #cacheLimit = 0;
  #journalMode: JournalMode;
  #sync: SyncLevel;
  #sectorSize: number;
  #closed = false;

  #readDepth = 0;
  #writeOwnsRead = false;
  #inWrite = false;
  #dbSize = 0;
  #dbOrigSize = 0;
  #dbFileSize = 0;
  #fileVers = new Uint8Array(16);
  #walFormat = false;
  /** journal_mode was chosen by the caller (else it follows the file: WAL format means "wal"). */
  #modeExplicit: boolean;
  #walKey = "";

  #dbWritten = false;
  #savepoints = new SavepointStack();
  /** A committed WAL (SQLite's or ours), overlaying the database file (null when there is none). */
  #wal: { file: VfsFile; snap: WalSnapshot; fingerprint: string } | null = null;
  /** This write transaction commits by appending WAL frames (journal_mode=WAL, non-empty db). */
  #txnWal = false;
  /** The WAL opened read-write by a WAL-mode writer (holds the cross-process writer lock). */
  #walWriter: VfsFile | null = null;

  /**
   * Open `path` on `vfs` (created if missing unless `readonly`). Reads the
   * page size from the header if it is valid; a bad header is reported as
   * SQLITE_NOTADB by the first `beginRead()`, as SQLite does.
   */
  constructor(vfs: Vfs, path: string, options: PagerOptions = {}) {
    this.vfs = vfs;
    this.path = path;
    this.journalPath = `${path}-journal`;
    this.walPath = `${path}-wal`;
    this.#readonly = options.readonly === true;
    this.#fd = vfs.open(path, {
      create: !this.#readonly,
      readonly: this.#readonly,
      kind: "main-db",
    });
    const ps = options.pageSize ?? 4096;
    if (!isValidPageSize(ps)) {
      this.#fd.close();
      throw new SqliteError(`invalid page size ${ps}`, "SQLITE_MISUSE");
    }
    this.#pageSize = ps;
    this.#reserved = options.reservedBytes ?? 0;
    try {
      if (this.#fd.size() >= 100) {
        const hdr = new Uint8Array(100);
        this.#fd.read(hdr, 0);
        const g = readGeometry(hdr);
        this.#pageSize = g.pageSize;
        this.#reserved = g.reservedBytes;
      }
    } catch (e) {
      if (!(e instanceof SqliteError) || e.code !== "SQLITE_NOTADB") {
        this.#fd.close();
        throw e;
      }
    }
    this.#journalMode = options.journalMode ?? "delete";
    this.#modeExplicit = options.journalMode !== undefined;
    this.#sync = options.synchronous ?? "full";
    const dc = this.#fd.deviceCharacteristics();
    const ss = this.#fd.sectorSize();
    this.#sectorSize = (dc & IoCap.POWERSAFE_OVERWRITE) !== 0
      ? 512
      : ss < 32
      ? 512
      : Math.min(ss, 65536);
    this.#cache = new PageCache(this.#pageSize);
    this.#cacheSetting = options.cacheSize ?? -2000;
    this.#memory = options.memory === true;
    // ":memory:" proper (an empty private file, not a deserialized image): SQLite's MEMDB
    // pager, whose commits never touch the change counter (see #commitHeader).
    this.#memDb = this.#memory && this.#fd.size() === 0;
    this.#recomputeCacheLimit();
  }

  // ---- configuration (cold) -------------------------------------------------

  /** Page size in bytes. */
  get pageSize(): number {
    return this.#pageSize;
  }
  /** Page size minus the reserved bytes at the end of each page. */
  get usableSize(): number {
    return this.#pageSize - this.#reserved;
  }
  /** Reserved bytes per page (header offset 20). */
  get reservedBytes(): number {
    return this.#reserved;
  }
  /** True while a write transaction is open. */
  get inWriteTransaction(): boolean {
    return this.#inWrite;
  }
  /** True while a read (or write) transaction is open. */
  get inReadTransaction(): boolean {
    return this.#readDepth > 0 || this.#inWrite;
  }
  /** The database file's current lock level. */
  get lockLevel(): LockLevel {
    return this.#fd.lockLevel();
  }
  /** The journal mode. */
  get journalMode(): JournalMode {
    return this.#journalMode;
  }
  /** The synchronous level. */
  get synchronous(): SyncLevel {
    return this.#sync;
  }
  /** The cache_size setting (pages if positive, KiB if negative). */
  get cacheSize(): number {
    return this.#cacheSetting;
  }
  /** The cache capacity in pages that `cacheSize` works out to. */
  get cacheLimit(): number {
    return this.#cacheLimit;
  }
  /** Pages currently cached. */
  get cachedPages(): number {
    return this.#cache.size;
  }
  /**
   * True if the header's file-format bytes (18/19) say WAL, as of the last
   * read transaction: SQLite would report `journal_mode` "wal" for this file.
   */
  get walFormat(): boolean {
    return this.#walFormat;
  }
  /** True if this pager was opened read-only. */
  get readonly(): boolean {
    return this.#readonly;
  }

  /** PRAGMA cache_size: positive = pages, negative = KiB. */
  setCacheSize(n: number): void {
    this.#cacheSetting = Math.trunc(n);
    this.#recomputeCacheLimit();
    // Shrinking takes effect at once for clean unreferenced pages; dirty ones spill lazily.
    while (this.#cache.size > this.#cacheLimit) {
      const clean = this.#cache.victim(false);
      if (clean === null) break;
      this.#cache.drop(clean);
    }
  }

  /**
   * PRAGMA journal_mode (not inside a write transaction). Entering "wal" marks
   * the file format WAL (header bytes 18/19 = 2, written through the rollback
   * journal, as SQLite does); leaving it checkpoints and removes the log, then
   * marks the format back to 1. Either switch needs the database to itself
   * (else SQLITE_BUSY, mode unchanged).
   */
  setJournalMode(mode: JournalMode): void {
    if (this.#inWrite) {
      throw new SqliteError("cannot change journal mode within a transaction", "SQLITE_ERROR");
    }
    this.#modeExplicit = true;
    const old = this.#journalMode;
    if (old === mode) return;
    if (mode !== "wal" && old !== "wal") {
      this.#journalMode = mode;
      return;
    }
    if (this.#readonly) return; // a read-only connection cannot change the file format
    // Rewrite the format bytes in a rollback-journal transaction (DELETE journal).
    this.#journalMode = "delete";
    try {
      this.beginWrite(); // leaving WAL: folds the log into the file first (needs EXCLUSIVE)
      try {
        if (this.#dbSize >= 1) {
          const p1 = this.get(1);
          this.write(p1);
          p1.data[18] = p1.data[19] = mode === "wal" ? 2 : 1;
          this.release(p1);
        }
        this.#journalMode = mode === "wal" ? "delete" : mode;
        this.commit();
      } catch (e) {
        if (this.#inWrite) this.rollback();
        throw e;
      }
      this.#journalMode = mode;
    } catch (e) {
      this.#journalMode = old;
      throw e;
    }
  }

  /** PRAGMA synchronous. */
  setSynchronous(level: SyncLevel): void {
    this.#sync = level;
  }

  /** PRAGMA page_size: only takes effect while the database is still empty. Returns the page size in force. */
  setPageSize(pageSize: number): number {
    if (!isValidPageSize(pageSize)) return this.#pageSize;
    if (this.#dbSize !== 0 || this.#cache.size !== 0 || this.#fd.size() !== 0) {
      return this.#pageSize;
    }
    this.#setGeometry(pageSize, this.#reserved);
    return this.#pageSize;
  }

  #setGeometry(pageSize: number, reserved: number): void {
    if (pageSize !== this.#pageSize) {
      for (const p of this.#cache.all()) {
        if (p.refs > 0) {
          throw new SqliteError("page size changed while pages are in use", "SQLITE_MISUSE");
        }
      }
      this.#cache.clear();
      this.#cache.pageSize = pageSize;
      this.#pageSize = pageSize;
      this.#recomputeCacheLimit();
    }
    this.#reserved = reserved;
  }

  #recomputeCacheLimit(): void {
    const n = this.#cacheSetting;
    const pages = n >= 0 ? n : Math.floor((-n * 1024) / (this.#pageSize + PAGE_OVERHEAD));
    this.#cacheLimit = this.#memory ? Infinity : Math.max(1, pages);
  }

  // ---- pages (hot) --------------------------------------------------------------

  /** Number of pages in the database as of the current transaction. */
  pageCount(): number {
    return this.#dbSize;
  }

  /** Reference page `pgno`. Hot: a cache hit allocates nothing. */
  get(pgno: PageNumber): Page {
    if (this.#readDepth === 0 && !this.#inWrite) {
      throw new SqliteError("pager: get() outside a transaction", "SQLITE_MISUSE");
    }
    if (pgno < 1 || pgno > this.#dbSize || !Number.isInteger(pgno)) {
      throw corruptError(`page ${pgno} out of range 1..${this.#dbSize}`);
    }
    const p = this.#cache.lookup(pgno);
    if (p !== undefined) {
      this.stats.hits++;
      this.#cache.ref(p);
      return p;
    }
    return this.#fetchMiss(pgno);
  }

  /** Cold half of `get`: make room, then read the page from the file (or zeros past its end). */
  #fetchMiss(pgno: PageNumber): PgHdr {
    this.stats.misses++;
    this.#makeRoom();
    const p = this.#cache.create(pgno);
    try {
      this.#readPage(pgno, p.data);
    } catch (e) {
      this.#cache.drop(p);
      throw e;
    }
    this.#cache.ref(p);
    return p;
  }

  /** Read page `pgno` as of this connection's snapshot: its WAL frame if any, else the file. */
  #readPage(pgno: PageNumber, buf: Uint8Array): void {
    const wal = this.#wal;
    const off = wal === null ? undefined : wal.snap.frames.get(pgno);
    if (off !== undefined) (wal as { file: VfsFile }).file.read(buf, off);
    else if (pgno <= this.#dbFileSize) this.#fd.read(buf, (pgno - 1) * this.#pageSize);
    else buf.fill(0);
  }

  /** Drop a reference. Hot. */
  release(page: Page): void {
    this.#cache.unref(page as PgHdr);
  }

  /** Make `page` writable: capture savepoint pre-images and journal its original bytes once. Hot on repeat calls. */
  write(page: Page): void {
    const p = page as PgHdr;
    if (!this.#inWrite) {
      throw new SqliteError("pager: write() outside a write transaction", "SQLITE_MISUSE");
    }
    if (p.spGen !== this.#savepoints.gen) {
      if (this.#savepoints.depth > 0) this.#savepoints.capture(p.pgno, p.data);
      p.spGen = this.#savepoints.gen;
    }
    if (p.dirty) return;
    if (p.pgno === lockBytePage(this.#pageSize)) throw corruptError("write to the lock-byte page");
    let needSync = false;
    if (this.#usesJournal()) {
      const j = this.#journal ?? this.#openJournal();
      if (p.pgno <= this.#dbOrigSize && !j.has(p.pgno)) this.#journalAppend(j, p.pgno, p.data);
      needSync = j.unsynced;
    }
    p.dirty = true;
    p.needSync = needSync;
  }

  /** True when this write transaction keeps a rollback journal (not OFF, not a WAL commit). */
  #usesJournal(): boolean {
    return this.#journalMode !== "off" && !this.#txnWal;
  }

  /** Grow the database by one zero-filled writable page (skipping the lock-byte page). */
  allocateAtEnd(): Page {
    if (!this.#inWrite) {
      throw new SqliteError("pager: allocateAtEnd() outside a write transaction", "SQLITE_MISUSE");
    }
    let pgno = this.#dbSize + 1;
    if (pgno === lockBytePage(this.#pageSize)) pgno++;
    this.#dbSize = pgno;
    let p = this.#cache.lookup(pgno);
    if (p !== undefined || pgno <= this.#dbFileSize || pgno <= this.#dbOrigSize) {
      // The slot had content (earlier shrink in this transaction): journal/capture it first.
      const page = this.get(pgno) as PgHdr;
      this.write(page);
      page.data.fill(0);
      return page;
    }
    this.#makeRoom();
    p = this.#cache.create(pgno);
    this.#cache.ref(p);
    this.write(p);
    return p;
  }

  /** Shrink the database to `pageCount` pages; the file is cut at commit. */
  truncate(pageCount: number): void {
    if (!this.#inWrite) {
      throw new SqliteError("pager: truncate() outside a write transaction", "SQLITE_MISUSE");
    }
    if (pageCount >= this.#dbSize) return;
    for (const p of this.#cache.all()) {
      if (p.pgno <= pageCount) continue;
      if (this.#savepoints.depth > 0) this.#savepoints.capture(p.pgno, p.data);
      p.dirty = false;
      this.#cache.drop(p);
    }
    this.#dbSize = pageCount;
  }

  /** Evict until there is room for one more page; spill a dirty page if nothing clean is free. */
  #makeRoom(): void {
    while (this.#cache.size >= this.#cacheLimit) {
      const clean = this.#cache.victim(false);
      if (clean !== null) {
        this.#cache.drop(clean);
        continue;
      }
      if (this.#txnWal) return; // WAL commits keep every dirty page until commit
      const dirty = this.#cache.spillVictim();
      if (dirty === null || !this.#spill(dirty)) return; // everything referenced: grow past the limit
    }
  }

  /** Write one dirty page to the database mid-transaction (pager.c pagerStress). */
  #spill(p: PgHdr): boolean {
    if (!this.#fd.lock(LockLevel.EXCLUSIVE)) return false; // readers active: keep it in memory
    if (p.needSync && this.#journal?.unsynced) this.#syncJournal(true);
    this.#dbWritten = true;
    this.#writeToDb(p);
    p.dirty = false;
    this.#cache.drop(p);
    this.stats.spills++;
    return true;
  }

  #writeToDb(p: PgHdr): void {
    if (p.pgno === lockBytePage(this.#pageSize)) throw corruptError("write to the lock-byte page");
    this.#fd.write(p.data, (p.pgno - 1) * this.#pageSize);
    if (p.pgno > this.#dbFileSize) this.#dbFileSize = p.pgno;
    this.stats.dbPageWrites++;
  }

  // ---- journal (cold) -------------------------------------------------------------

  #openJournal(): RollbackJournal {
    this.#journal = RollbackJournal.open({
      vfs: this.vfs,
      path: this.journalPath,
      // A WAL-mode database's first transaction (the file is still empty) uses DELETE.
      mode: this.#journalMode === "wal" ? "delete" : this.#journalMode,
      sync: this.#sync,
      sectorSize: this.#sectorSize,
      pageSize: this.#pageSize,
      dbOrigSize: this.#dbOrigSize,
      memoryFile: this.#journalMode === "memory"
        ? (this.#memJournal ??= new MemoryVfs().open("journal", {
          create: true,
          kind: "main-journal",
        }))
        : undefined,
    });
    return this.#journal;
  }

  #journalAppend(j: RollbackJournal, pgno: PageNumber, data: Uint8Array): void {
    j.append(pgno, data);
    this.stats.journalRecords++;
  }

  /** Sync the journal (pager.c syncJournal); afterwards no cached page needs a sync. */
  #syncJournal(newHeader: boolean): void {
    if (this.#journal === null) return;
    this.#journal.sync(newHeader);
    // needSync is read on dirty pages only (a page made dirty gets it afresh in write()).
    for (const p of this.#cache.dirtyPages()) p.needSync = false;
  }

  /** Retire this transaction's journal, if it has one. */
  #finalizeJournal(): void {
    const j = this.#journal;
    if (j === null) return;
    this.#journal = null;
    j.finalize();
  }

  // ---- transactions -------------------------------------------------------------

  /** Take `level`, consulting the busy handler while it is refused (pager.c pager_wait_on_lock). */
  #lockWait(level: LockLevel): boolean {
    for (let attempt = 0;; attempt++) {
      if (this.#fd.lock(level)) return true;
      if (this.busyHandler === null || !this.busyHandler(attempt)) return false;
    }
  }

  /** Start (or nest) a read transaction: SHARED lock, hot-journal rollback, cache validation. */
  beginRead(): void {
    if (this.#closed) throw new SqliteError("pager is closed", "SQLITE_MISUSE");
    if (this.#readDepth++ > 0 || this.#inWrite) return;
    try {
      if (!this.#lockWait(LockLevel.SHARED)) throw busyError();
      // A private in-memory file read once cannot change behind this pager (no other connection,
      // no hot journal, never WAL): what #refresh would learn it already knows (as memdb's pager).
      if (this.#memory && this.#memoryFresh) return;
      try {
        if (this.vfs.exists(this.journalPath)) this.#rollbackHotJournal();
        this.#refresh();
        this.#memoryFresh = this.#memory;
      } catch (e) {
        this.#fd.unlock(LockLevel.NONE);
        throw e;
      }
    } catch (e) {
      this.#readDepth--;
      throw e;
    }
  }

  /** End a read transaction; the last one releases the lock (unless a write is open). */
  endRead(): void {
    if (this.#readDepth === 0) {
      throw new SqliteError("pager: endRead() without beginRead()", "SQLITE_MISUSE");
    }
    if (--this.#readDepth > 0) return;
    if (this.#inWrite) {
      this.#writeOwnsRead = true; // released when the write transaction ends
      return;
    }
    this.#fd.unlock(LockLevel.NONE);
  }

  /** pager.c hasHotJournal + pager_playback(isHot): roll back a journal a crashed writer left. */
  #rollbackHotJournal(): void {
    if (this.#fd.checkReservedLock()) return; // a live writer owns that journal
    if (this.#fd.size() === 0) {
      // A leftover journal beside an empty database can simply go (pager.c hasHotJournal).
      if (!this.#readonly && this.#fd.lock(LockLevel.RESERVED)) {
        try {
          this.vfs.delete(this.journalPath);
        } catch { /* raced with another connection */ }
        this.#fd.unlock(LockLevel.SHARED);
      }
      return;
    }
    let j: VfsFile;
    try {
      j = this.vfs.open(this.journalPath, {
        create: false,
        readonly: this.#readonly,
        kind: "main-journal",
      });
    } catch {
      return; // vanished meanwhile
    }
    let handedOver = false;
    try {
      const first = new Uint8Array(1);
      if (j.read(first, 0) === 0 || first[0] === 0) return; // not hot
      if (this.#readonly) {
        throw new SqliteError("attempt to write a readonly database", "SQLITE_READONLY_ROLLBACK");
      }
      if (!j.lock(LockLevel.SHARED) || !j.lock(LockLevel.EXCLUSIVE)) throw busyError();
      if (!this.#lockWait(LockLevel.EXCLUSIVE)) throw busyError();
      // A multi-database commit whose super-journal is gone did commit: nothing to undo.
      const sup = readSuperJournalName(j);
      if (sup === "" || this.#accessExists(sup)) {
        playbackJournal(j, this.#fd, {
          isHot: true,
          pageSize: this.#pageSize,
          sectorSize: this.#sectorSize,
        });
        if (this.#sync !== "off") this.#fd.sync();
        this.stats.hotRollbacks++;
      }
      this.#cache.clear();
      handedOver = true;
      // MEMORY/OFF connections retire a hot journal as DELETE does.
      const mode =
        this.#journalMode === "memory" || this.#journalMode === "off" || this.#journalMode === "wal"
          ? "delete"
          : this.#journalMode;
      retireJournal(this.vfs, this.journalPath, j, mode, this.#sync);
    } finally {
      if (!handedOver) j.close();
      this.#fd.unlock(LockLevel.SHARED);
    }
  }

  /** SQLITE_ACCESS_EXISTS as os_unix answers it: present and not an empty regular file. Cold. */
  #accessExists(path: string): boolean {
    if (!this.vfs.exists(path)) return false;
    try {
      const f = this.vfs.open(path, { readonly: true, kind: "super-journal" });
      try {
        return f.size() > 0;
      } finally {
        f.close();
      }
    } catch {
      return true; // exists but unreadable (e.g. a directory): not empty
    }
  }

  /** In-memory database: #refresh ran since the last rollback (see beginRead). */
  #memoryFresh = false;

  /** #refresh's header buffer (reused: every read transaction re-reads the header). */
  readonly #hdrBuf = new Uint8Array(100);

  /** Re-read size and header under SHARED; drop the cache if another connection changed the file. */
  #refresh(): void {
    const size = this.#fd.size();
    this.#loadWal(size);
    const wal = this.#wal;
    const hdr = this.#hdrBuf;
    hdr.fill(0);
    const walPage1 = wal === null ? undefined : wal.snap.frames.get(1);
    if (walPage1 !== undefined) (wal as { file: VfsFile }).file.read(hdr, walPage1);
    else if (size > 0) this.#fd.read(hdr, 0);
    if (size > 0 || walPage1 !== undefined) {
      const g = readGeometry(hdr);
      this.#setGeometry(g.pageSize, g.reservedBytes);
    }
    this.#walFormat = hdr[18] === 2 || hdr[19] === 2;
    if (!this.#modeExplicit && !this.#inWrite) {
      // As SQLite: a database whose header says WAL is opened in WAL mode.
      if (this.#walFormat) this.#journalMode = "wal";
      else if (this.#journalMode === "wal") this.#journalMode = "delete";
    }
    let changed = this.#walKey !== (wal === null ? "" : wal.snap.key);
    for (let i = 0; i < 16; i++) {
      if (hdr[HDR.CHANGE_COUNTER + i] !== this.#fileVers[i]) changed = true;
    }
    if (changed) {
      this.#fileVers.set(hdr.subarray(HDR.CHANGE_COUNTER, HDR.CHANGE_COUNTER + 16));
      this.#walKey = wal === null ? "" : wal.snap.key;
      this.#invalidateCache();
    }
    this.#dbFileSize = Math.ceil(size / this.#pageSize);
    this.#dbSize = wal === null ? this.#dbFileSize : wal.snap.dbSize;
  }

  /**
   * pager.c pagerOpenWalIfPresent + wal.c recovery: if SQLite left a non-empty
   * `-wal`, read its committed frames (re-using the last snapshot when the log
   * is unchanged). A log beside an empty database is deleted, as SQLite does.
   */
  #loadWal(dbBytes: number): void {
    if (!this.vfs.exists(this.walPath)) {
      this.#closeWal();
      return;
    }
    if (dbBytes === 0) {
      this.#closeWal();
      if (!this.#readonly) {
        try {
          this.vfs.delete(this.walPath);
        } catch { /* raced */ }
      }
      return;
    }
    let f: VfsFile;
    try {
      f = this.#wal?.file ?? this.vfs.open(this.walPath, { readonly: true, kind: "wal" });
    } catch {
      this.#closeWal();
      return;
    }
    const fingerprint = walFingerprint(f);
    if (this.#wal !== null && this.#wal.fingerprint === fingerprint) return;
    const snap = readWal(f, this.#wal === null ? null : this.#wal.snap);
    if (snap === null) {
      if (this.#wal === null) f.close();
      else this.#closeWal();
      return;
    }
    this.#wal = { file: f, snap, fingerprint };
  }

  #closeWal(): void {
    if (this.#wal === null) return;
    const f = this.#wal.file;
    this.#wal = null;
    try {
      f.close();
    } catch { /* ignore */ }
  }

  /**
   * Fold a WAL left by SQLite into the database file before tsqlite writes
   * with its rollback journal (a TRUNCATE checkpoint, wal.c walCheckpoint):
   * under EXCLUSIVE, copy each page's last committed frame, cut the file to
   * the committed size, sync, then delete the log (and its -shm index). The
   * log itself is synced first, as wal.c does before backfilling.
   * A crash before the delete leaves the log intact, so it is replayed again.
   */
  #checkpointWal(retire: "delete" | "truncate" = "delete"): void {
    const wal = this.#wal;
    if (wal === null) return;
    const ps = this.#pageSize;
    // wal.c walCheckpoint: the log must be durable before any of it lands in the file.
    if (this.#sync !== "off") wal.file.sync();
    const buf = new Uint8Array(ps);
    const pages = [...wal.snap.frames.keys()].filter((p) => p <= wal.snap.dbSize).sort((a, b) =>
      a - b
    );
    for (const pgno of pages) {
      wal.file.read(buf, wal.snap.frames.get(pgno) as number);
      this.#fd.write(buf, (pgno - 1) * ps);
    }
    if (this.#fd.size() !== wal.snap.dbSize * ps) this.#fd.truncate(wal.snap.dbSize * ps);
    if (this.#sync !== "off") this.#fd.sync();
    this.#closeWal();
    if (retire === "truncate" && this.#walWriter !== null) {
      this.#walWriter.truncate(0); // WAL mode keeps the (now empty) log, as a RESTART would
    } else {
      this.vfs.delete(this.walPath);
      try {
        if (this.vfs.exists(`${this.path}-shm`)) this.vfs.delete(`${this.path}-shm`);
      } catch { /* a stale index is rebuilt by SQLite anyway */ }
    }
    this.#walKey = "";
    this.#dbFileSize = wal.snap.dbSize;
  }

  /** Forget cached pages; referenced ones are re-read in place so holders stay valid. */
  #invalidateCache(): void {
    for (const p of this.#cache.all()) {
      p.dirty = false;
      if (p.refs === 0) this.#cache.drop(p);
      else this.#readPage(p.pgno, p.data);
    }
  }

  /** Start a write transaction (RESERVED; EXCLUSIVE at once if `exclusive`). */
  beginWrite(exclusive = false, waitForLock = false): void {
    if (this.#closed) throw new SqliteError("pager is closed", "SQLITE_MISUSE");
    if (this.#readonly) {
      throw new SqliteError("attempt to write a readonly database", "SQLITE_READONLY");
    }
    if (this.#inWrite) {
      if (exclusive && !this.#fd.lock(LockLevel.EXCLUSIVE)) throw busyError();
      return;
    }
    let ownRead = false;
    if (this.#readDepth === 0) {
      this.beginRead();
      ownRead = true;
    }
    const fail = (): never => {
      this.#fd.unlock(LockLevel.SHARED);
      if (ownRead) this.endRead();
      throw busyError();
    };
    // As btree.c: wait for RESERVED only if no read was open (else two waiting writers deadlock).
    // The caller may vouch that its read is only the statement's own (waitForLock).
    const wait = ownRead || waitForLock;
    if (!(wait ? this.#lockWait(LockLevel.RESERVED) : this.#fd.lock(LockLevel.RESERVED))) fail();
    if (exclusive && !this.#fd.lock(LockLevel.EXCLUSIVE)) fail();
    const txnWal = this.#journalMode === "wal" && this.#dbSize > 0;
    if (txnWal) {
      this.#beginWalWrite(ownRead);
    } else if (this.#wal !== null) {
      // A rollback-journal write: fold the log into the file first.
      if (!this.#lockWait(LockLevel.EXCLUSIVE)) fail();
      try {
        this.#checkpointWal();
      } catch (e) {
        this.#fd.unlock(LockLevel.SHARED);
        if (ownRead) this.endRead();
        throw e;
      }
    }
    this.#inWrite = true;
    this.#txnWal = txnWal;
    this.#writeOwnsRead = ownRead;
    this.#dbOrigSize = this.#dbSize;
    this.#journal = null;
    this.#dbWritten = false;
    this.#savepoints.clear();
  }

  /**
   * WAL-mode writer start: open the log read-write and take its lock (the
   * cross-process "one writer" lock), then make sure this connection's
   * snapshot is the newest — else SQLITE_BUSY_SNAPSHOT, as wal.c does for a
   * reader that wants to write on top of an older snapshot.
   */
  #beginWalWrite(ownRead: boolean): void {
    const undo = () => {
      this.#fd.unlock(LockLevel.SHARED);
      if (ownRead) this.endRead();
    };
    let w: VfsFile;
    try {
      w = this.vfs.open(this.walPath, { create: true, kind: "wal" });
    } catch (e) {
      undo();
      throw e;
    }
    try {
      if (!w.lock(LockLevel.SHARED) || !w.lock(LockLevel.EXCLUSIVE)) throw busyError();
      const stale = this.#wal === null
        ? readWal(w) !== null
        : walFingerprint(w) !== this.#wal.fingerprint;
      if (stale) {
        if (!ownRead) {
          throw new SqliteError("database is locked", "SQLITE_BUSY_SNAPSHOT");
        }
        this.#refresh(); // nothing read yet in this transaction: just move to the newest snapshot
      }
    } catch (e) {
      w.close();
      undo();
      throw e;
    }
    this.#walWriter = w;
  }

  /**
   * A WAL-mode commit (wal.c sqlite3WalFrames): page 1 gets its header fields,
   * every dirty page becomes a frame appended after the last commit (a new log
   * starts with a fresh header and random salts), the last frame carries the
   * database size, and the log is synced under synchronous=FULL/EXTRA (NORMAL
   * defers syncing to the checkpoint, as SQLite). The database file is not
   * touched until a checkpoint.
   */
  #commitWal(): void {
    if (this.#dbSize >= 1) this.#updatePage1();
    const pages = this.#cache.dirtyPages().filter((p) => p.pgno <= this.#dbSize);
    if (pages.length === 0) return; // nothing to log (a database shrunk to nothing keeps its log)
    const w = this.#walWriter as VfsFile;
    const ps = this.#pageSize;
    let snap = this.#wal === null ? null : this.#wal.snap;
    let off: number;
    let s: Uint32Array;
    let meta: { salt1: number; salt2: number; bigEndian: boolean; seq: number };
    if (snap === null) {
      const r = new Uint32Array(2);
      crypto.getRandomValues(r);
      meta = { salt1: r[0], salt2: r[1], bigEndian: false, seq: 0 };
      const h = encodeWalHeader(ps, 0, r[0], r[1]);
      w.write(h.bytes, 0);
      s = h.cksum;
      off = 32;
    } else {
      meta = snap;
      s = snap.cksum.slice();
      off = snap.end;
    }
    const frame = new Uint8Array(24 + ps);
    const placed: [PageNumber, number][] = [];
    for (let i = 0; i < pages.length; i++) {
      const p = pages[i];
      encodeFrame(frame, p.pgno, i === pages.length - 1 ? this.#dbSize : 0, meta, s, p.data);
      w.write(frame, off);
      placed.push([p.pgno, off + 24]);
      off += 24 + ps;
    }
    if (this.#sync === "full" || this.#sync === "extra") w.sync();
    for (const p of pages) p.dirty = false;
    if (snap === null) {
      snap = {
        pageSize: ps,
        dbSize: 0,
        frames: new Map(),
        mxFrame: 0,
        key: "",
        salt1: meta.salt1,
        salt2: meta.salt2,
        seq: meta.seq,
        bigEndian: false,
        cksum: s,
        end: off,
      };
    }
    for (const [pg, o] of placed) snap.frames.set(pg, o);
    snap.mxFrame += pages.length;
    snap.dbSize = this.#dbSize;
    snap.cksum = s;
    snap.end = off;
    snap.key = `${snap.salt1}:${snap.salt2}:${snap.mxFrame}:${s[0]}:${s[1]}`;
    if (this.#wal === null) {
      const f = this.vfs.open(this.walPath, { readonly: true, kind: "wal" });
      this.#wal = { file: f, snap, fingerprint: "" };
    }
    this.#wal.snap = snap;
    this.#wal.fingerprint = walFingerprint(this.#wal.file);
    this.#walKey = snap.key;
    const p1 = this.#cache.lookup(1);
    if (p1 !== undefined) {
      this.#fileVers.set(p1.data.subarray(HDR.CHANGE_COUNTER, HDR.CHANGE_COUNTER + 16));
    }
    // wal_autocheckpoint=1000: fold the log back when nobody else is reading.
    if (snap.mxFrame >= WAL_AUTOCHECKPOINT && this.#fd.lock(LockLevel.EXCLUSIVE)) {
      this.#checkpointWal("truncate");
    }
  }

  /**
   * Commit a whole new database image in place of the file (VACUUM with a new page size, as
   * backup.c's sqlite3BtreeCopyFile does across page sizes): every page of the old file goes
   * into the rollback journal, which is synced; then `image` (page size `pageSize`, its page 1
   * header already final) is written straight to the file, the file is cut to its length and
   * synced, and retiring the journal commits. Until then a hot journal restores the old file
   * (its header records the old page size). The pager then has the image's geometry. Must be
   * called inside a write transaction with no page referenced. Cold.
   */
  commitImage(image: Uint8Array, pageSize: number): void {
    if (!this.#inWrite || this.#txnWal) {
      throw new SqliteError(
        "pager: commitImage() outside a rollback-journal write",
        "SQLITE_MISUSE",
      );
    }
    if (!isValidPageSize(pageSize) || image.length === 0 || image.length % pageSize !== 0) {
      throw new SqliteError("pager: bad database image", "SQLITE_MISUSE");
    }
    if (!this.#lockWait(LockLevel.EXCLUSIVE)) throw busyError();
    if (this.#usesJournal()) {
      const j = this.#journal ?? this.#openJournal();
      const buf = new Uint8Array(this.#pageSize);
      const lockPage = lockBytePage(this.#pageSize);
      const onDisk = Math.min(this.#dbOrigSize, this.#dbFileSize);
      for (let pg = 1; pg <= onDisk; pg++) {
        if (pg === lockPage || j.has(pg)) continue;
        this.#fd.read(buf, (pg - 1) * this.#pageSize);
        this.#journalAppend(j, pg, buf);
      }
      this.#syncJournal(false);
    }
    this.#dbWritten = true;
    this.#fd.write(image, 0);
    if (this.#fd.size() > image.length) this.#fd.truncate(image.length);
    if (this.#sync !== "off") this.#fd.sync();
    this.#finalizeJournal();
    for (const p of this.#cache.all()) p.dirty = false;
    this.#cache.clear();
    this.#setGeometry(pageSize, image[20]);
    const pages = image.length / pageSize;
    this.#dbSize = this.#dbOrigSize = this.#dbFileSize = pages;
    this.#fileVers.set(image.subarray(HDR.CHANGE_COUNTER, HDR.CHANGE_COUNTER + 16));
    this.#endWrite();
  }

  /** Commit the write transaction in SQLite's order (see the module comment). */
  commit(): void {
    if (!this.#inWrite) return;
    const changed = this.#cache.hasDirty() || this.#dbSize !== this.#dbOrigSize ||
      this.#dbWritten;
    if (this.#txnWal) {
      if (changed) this.#commitWal();
      this.#endWrite();
      return;
    }
    if (changed) {
      if (!this.#lockWait(LockLevel.EXCLUSIVE)) throw busyError();
      // Pages a shrink cuts off must be in the journal before the file is cut.
      if (this.#dbSize < this.#dbOrigSize && this.#usesJournal()) {
        const lockPage = lockBytePage(this.#pageSize);
        const buf = new Uint8Array(this.#pageSize);
        const j = this.#journal ?? this.#openJournal();
        for (let pg = this.#dbSize + 1; pg <= this.#dbOrigSize; pg++) {
          if (pg === lockPage || j.has(pg)) continue;
          this.#fd.read(buf, (pg - 1) * this.#pageSize);
          this.#journalAppend(j, pg, buf);
        }
      }
      if (this.#dbSize >= 1) {
        if (this.#memDb) this.#updateMemDbSize();
        else this.#updatePage1();
      }
      this.#syncJournal(false);
      this.#dbWritten = true;
      for (const p of this.#cache.dirtyPages()) {
        if (p.pgno > this.#dbSize) continue;
        this.#writeToDb(p);
        p.dirty = false;
      }
      if (this.#dbFileSize > this.#dbSize) {
        this.#fd.truncate(this.#dbSize * this.#pageSize);
        this.#dbFileSize = this.#dbSize;
      }
      if (this.#sync !== "off") this.#fd.sync();
      this.#finalizeJournal();
      const p1 = this.#cache.lookup(1);
      if (p1 !== undefined) {
        this.#fileVers.set(p1.data.subarray(HDR.CHANGE_COUNTER, HDR.CHANGE_COUNTER + 16));
      }
    } else {
      this.#finalizeJournal();
    }
    this.#endWrite();
  }

  /**
   * A MEMDB commit (pager.c sqlite3PagerCommitPhaseOne skips pager_incr_changecounter for
   * MEMDB): the change counter, version-valid-for and library version stay as they are; only the
   * in-header page count follows the size, as btree.c allocateBtreePage keeps it. Page 1 is not
   * touched when the size is unchanged — a one-row UPDATE journals and writes its own page only.
   */
  #updateMemDbSize(): void {
    const p1 = this.get(1) as PgHdr;
    try {
      if (get32(p1.data, HDR.DB_SIZE) !== this.#dbSize) {
        this.write(p1);
        put32(p1.data, HDR.DB_SIZE, this.#dbSize);
      }
    } finally {
      this.release(p1);
    }
  }

  /** pager.c pager_incr_changecounter + pager_write_changecounter. */
  #updatePage1(): void {
    const p1 = this.get(1) as PgHdr;
    try {
      this.write(p1);
      const d = p1.data;
      const counter = (get32(d, HDR.CHANGE_COUNTER) + 1) >>> 0;
      put32(d, HDR.CHANGE_COUNTER, counter);
      put32(d, HDR.DB_SIZE, this.#dbSize);
      put32(d, HDR.VERSION_VALID_FOR, counter);
      put32(d, HDR.VERSION_NUMBER, WRITER_VERSION_NUMBER);
      if (this.#journalMode === "wal") d[18] = d[19] = 2; // file format: WAL
      putPageSize(d, this.#pageSize);
      d[HDR.RESERVED] = this.#reserved;
    } finally {
      this.release(p1);
    }
  }

  #endWrite(): void {
    this.#inWrite = false;
    this.#txnWal = false;
    if (this.#journal !== null) {
      // Only reachable after a failure: close it as it is (a hot journal stays hot).
      this.#journal.abandon();
    }
    if (this.#walWriter !== null) {
      const w = this.#walWriter;
      this.#walWriter = null;
      try {
        w.close(); // releases the writer lock
      } catch { /* nothing to keep */ }
    }
    this.#journal = null;
    this.#savepoints.clear();
    this.#dbOrigSize = this.#dbSize;
    this.#dbWritten = false;
    if (this.#writeOwnsRead && this.#readDepth <= 1) {
      this.#writeOwnsRead = false;
      this.#readDepth = 0;
      this.#fd.unlock(LockLevel.NONE);
    } else {
      if (this.#writeOwnsRead) {
        this.#writeOwnsRead = false;
        this.#readDepth--;
      }
      this.#fd.unlock(LockLevel.SHARED);
    }
  }

  /** Roll back the write transaction: play the journal back if the file was touched, drop changed pages. */
  rollback(): void {
    if (!this.#inWrite) return;
    this.#memoryFresh = false; // the next read transaction re-reads the restored header
    let err: unknown = null;
    const journal = this.#journal;
    try {
      if (this.#dbWritten && journal !== null) {
        journal.playbackInto(this.#fd);
        if (this.#sync !== "off") this.#fd.sync();
      } else if (this.#dbWritten && this.#fd.size() > this.#dbOrigSize * this.#pageSize) {
        // journal_mode=OFF: spilled pages cannot be restored, but the file need not stay grown.
        this.#fd.truncate(this.#dbOrigSize * this.#pageSize);
      }
      this.#finalizeJournal();
    } catch (e) {
      err = e;
    }
    try {
      for (const p of this.#cache.all()) {
        const touched = p.dirty || journal?.has(p.pgno) === true || p.pgno > this.#dbOrigSize;
        if (!touched && !this.#dbWritten) continue;
        p.dirty = false;
        if (p.refs === 0) this.#cache.drop(p);
        else if (p.pgno <= this.#dbOrigSize) this.#readPage(p.pgno, p.data);
        else p.data.fill(0);
      }
      this.#dbSize = this.#dbOrigSize;
      this.#dbFileSize = Math.ceil(this.#fd.size() / this.#pageSize);
    } catch (e) {
      err ??= e;
    }
    if (this.#journal !== null) {
      this.#journal.abandon();
      this.#journal = null;
    }
    this.#endWrite();
    if (err !== null) throw err;
  }

  /**
   * PRAGMA wal_checkpoint: fold the log into the database file and restart it.
   * Returns SQLite's triple — `busy` 1 when other connections are reading or
   * writing (nothing is done then), `log` frames in the log, `checkpointed`
   * frames copied — or (0, -1, -1) when not in WAL mode. tsqlite always copies
   * everything and empties the log, so "truncate" reports (0, 0, 0) as SQLite
   * does and the other modes report (0, n, n). Not inside a transaction.
   */
  walCheckpoint(
    mode: "passive" | "full" | "restart" | "truncate" = "passive",
  ): { busy: number; log: number; checkpointed: number } {
    if (this.#journalMode !== "wal") return { busy: 0, log: -1, checkpointed: -1 };
    if (this.#inWrite || this.#readDepth > 0) {
      throw new SqliteError("database table is locked", "SQLITE_LOCKED");
    }
    this.beginRead();
    try {
      const n = this.#wal === null ? 0 : this.#wal.snap.mxFrame;
      if (n === 0) return { busy: 0, log: 0, checkpointed: 0 };
      if (this.#readonly || !this.#fd.lock(LockLevel.EXCLUSIVE)) {
        return { busy: 1, log: n, checkpointed: 0 };
      }
      this.#checkpointWal("delete");
      return mode === "truncate"
        ? { busy: 0, log: 0, checkpointed: 0 }
        : { busy: 0, log: n, checkpointed: n };
    } finally {
      this.#fd.unlock(LockLevel.SHARED);
      this.endRead();
    }
  }

  // ---- savepoints ---------------------------------------------------------------

  /** Open savepoint levels up to `depth` (1-based). */
  savepoint(depth: number): void {
    if (!this.#inWrite) {
      throw new SqliteError("pager: savepoint() outside a write transaction", "SQLITE_MISUSE");
    }
    this.#savepoints.open(depth, this.#dbSize);
  }

  /** Restore every page to its state when level `depth` opened; the level stays open. */
  rollbackTo(depth: number): void {
    const lv = this.#savepoints.level(depth);
    if (lv === undefined) return;
    this.#dbSize = lv.dbSize;
    for (const p of this.#cache.all()) {
      if (p.pgno > lv.dbSize) {
        p.dirty = false;
        this.#cache.drop(p);
      }
    }
    const images = lv.pages;
    this.#savepoints.resetTo(depth);
    for (const [pgno, img] of images) {
      if (pgno > lv.dbSize) continue;
      const p = this.get(pgno) as PgHdr;
      // A page whose image came from truncate() may never have been journaled;
      // its bytes are still the original ones, so journal them before restoring.
      let needSync = false;
      if (this.#usesJournal()) {
        const j = this.#journal ?? this.#openJournal();
        if (pgno <= this.#dbOrigSize && !j.has(pgno)) this.#journalAppend(j, pgno, p.data);
        needSync = j.unsynced;
      }
      p.data.set(img);
      p.dirty = true;
      p.needSync = needSync;
      p.spGen = 0;
      this.release(p);
    }
  }

  /** Close levels `depth` and deeper, keeping their changes. */
  releaseSavepoint(depth: number): void {
    this.#savepoints.release(depth);
  }

  /** Number of open savepoint levels. */
  get savepointDepth(): number {
    return this.#savepoints.depth;
  }

  // ---- close --------------------------------------------------------------------

  /** Roll back any write transaction, release locks and close the files. Never throws on I/O failure. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#inWrite) this.rollback();
    } catch { /* a failing disk must not keep the handle open */ }
    if (this.#journalMode === "wal" && !this.#readonly && this.#wal !== null) {
      // Last one out folds the log into the file and removes it, as SQLite's close does.
      try {
        if (this.#fd.lock(LockLevel.SHARED) && this.#fd.lock(LockLevel.EXCLUSIVE)) {
          this.#refresh();
          this.#checkpointWal("delete");
        }
      } catch { /* the log stays; the next opener reads it */ }
    }
    this.#journal?.abandon();
    this.#journal = null;
    this.#closeWal();
    try {
      this.#fd.unlock(LockLevel.NONE);
    } catch { /* ignore */ }
    this.#fd.close();
    this.#cache.clear();
  }
}
