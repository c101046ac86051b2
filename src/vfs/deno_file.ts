/**
 * The Deno-file VFS backend: real files through `Deno.openSync`, positioned
 * reads and writes (seek + read/write loops), `truncateSync`, `syncSync`
 * (fsync) — the analogue of SQLite's os_unix.c. The only module in tsqlite
 * that touches the `Deno` namespace.
 *
 * Locking: SQLite's unix VFS takes fcntl byte-range locks on the PENDING,
 * RESERVED and SHARED bytes at 0x40000000. Deno offers only whole-file
 * `flock` (with a non-blocking try). So the lock *levels* are decided by an
 * in-process lock table keyed by real path (exact SQLite semantics between
 * connections of this process), and across processes:
 *  - a database handle holds a shared flock from SHARED to PENDING and an
 *    exclusive one at EXCLUSIVE (so no process writes the file while another
 *    reads it, and a hot journal is only rolled back by a sole owner);
 *  - a journal handle locked EXCLUSIVE holds an exclusive flock on the journal
 *    file: the pager takes it when it opens the journal, which makes "one
 *    writer at a time" hold between processes (RESERVED's job in SQLite).
 * Every attempt is non-blocking and a refusal becomes SQLITE_BUSY. PENDING is
 * not visible across processes (a writer can be starved by new readers), and
 * none of this interacts with a real sqlite3 process's fcntl locks.
 * docs/pager.md spells out what that does and does not
 * guarantee. Never used for anything but files the caller named.
 * @module
 */

import { existsSync } from "node:fs";
import { type LockHolder, LockTable } from "./lock_table.ts";
import { cantOpenError, fullError, ioError, readonlyError } from "./errors.ts";
import { SqliteError } from "../error.ts";
import {
  IoCap,
  type LockLevel,
  LockLevel as L,
  type OpenFlags,
  type SyncFlags,
  type Vfs,
  type VfsFile,
} from "./types.ts";

/** fsync the directory holding `path` (os_unix.c osOpenDirectory + fsync); failures are tolerated. */
function syncDirectoryOf(path: string): void {
  const cut = path.lastIndexOf("/");
  const dir = cut > 0 ? path.slice(0, cut) : cut === 0 ? "/" : ".";
  try {
    const d = Deno.openSync(dir, { read: true });
    try {
      d.syncSync();
    } finally {
      d.close();
    }
  } catch { /* directories that cannot be fsync'd are tolerated, as os_unix does */ }
}

/** One lock table for the whole process: every DenoFileVfs shares it, like os_unix's inode list. */
const processLocks = new LockTable();

/** Options for the Deno-file backend. */
export interface DenoFileVfsOptions {
  /** Mirror lock levels onto flock for cross-process exclusion (default true). */
  flock?: boolean;
}

class DenoFile implements VfsFile {
  #file: Deno.FsFile;
  #lock: LockHolder;
  #readonly: boolean;
  #path: string;
  #deleteOnClose: boolean;
  #flockMode: "none" | "db" | "writer";
  #flockState: 0 | 1 | 2 = 0; // none, shared, exclusive
  /** Sync the parent directory at the next sync (set for newly created journals). */
  #dirSync = false;
  /** The OS file offset if known (-1 = unknown), to skip redundant seeks. */
  #pos = -1;
  #closed = false;

  constructor(
    file: Deno.FsFile,
    lock: LockHolder,
    path: string,
    readonly: boolean,
    deleteOnClose: boolean,
    flockMode: "none" | "db" | "writer",
  ) {
    this.#file = file;
    this.#lock = lock;
    this.#path = path;
    this.#readonly = readonly;
    this.#deleteOnClose = deleteOnClose;
    this.#flockMode = flockMode;
  }

  /** @internal ask for a directory sync at the next `sync()` (os_unix.c UNIXFILE_DIRSYNC). */
  markDirSync(): void {
    this.#dirSync = true;
  }

  /**
   * Hot path (one page per call): seek (skipped when the file offset is already
   * there, as in sequential scans and commits), then read until full or EOF;
   * zero-fill the rest.
   */
  read(buf: Uint8Array, offset: number): number {
    let done = 0;
    try {
      if (this.#pos !== offset) this.#file.seekSync(offset, Deno.SeekMode.Start);
      this.#pos = -1;
      while (done < buf.length) {
        const n = this.#file.readSync(done === 0 ? buf : buf.subarray(done));
        if (n === null || n === 0) break;
        done += n;
      }
      this.#pos = offset + done;
    } catch (e) {
      throw ioError("SQLITE_IOERR_READ", String(e));
    }
    if (done < buf.length) buf.fill(0, done);
    return done;
  }

  /** Hot path: seek (unless already there), then write until every byte is out. */
  write(data: Uint8Array, offset: number): void {
    if (this.#readonly) throw readonlyError();
    try {
      if (this.#pos !== offset) this.#file.seekSync(offset, Deno.SeekMode.Start);
      this.#pos = -1;
      let done = 0;
      while (done < data.length) {
        done += this.#file.writeSync(done === 0 ? data : data.subarray(done));
      }
      this.#pos = offset + done;
    } catch (e) {
      if ((e as { code?: string }).code === "ENOSPC") throw fullError();
      throw ioError("SQLITE_IOERR_WRITE", String(e));
    }
  }

  truncate(size: number): void {
    if (this.#readonly) throw readonlyError();
    try {
      this.#file.truncateSync(size);
    } catch (e) {
      throw ioError("SQLITE_IOERR_TRUNCATE", String(e));
    }
  }

  sync(flags?: SyncFlags): void {
    try {
      if (flags === "dataonly") this.#file.syncDataSync();
      else this.#file.syncSync();
    } catch (e) {
      throw ioError("SQLITE_IOERR_FSYNC", String(e));
    }
    if (this.#dirSync) {
      // os_unix.c UNIXFILE_DIRSYNC: a new journal's directory entry must be durable too,
      // or a synced hot journal could vanish with the power.
      this.#dirSync = false;
      syncDirectoryOf(this.#path);
    }
  }

  size(): number {
    try {
      return this.#file.statSync().size;
    } catch (e) {
      throw ioError("SQLITE_IOERR_FSTAT", String(e));
    }
  }

  lock(level: LockLevel): boolean {
    const prev = this.#lock.level;
    if (!this.#lock.lock(level)) return false;
    if (this.#flockMode === "none") return true;
    let ok: boolean;
    try {
      ok = this.#flockMode === "db" ? this.#flockDb(level) : this.#flockWriter(level);
    } catch (e) {
      this.#lock.lower(prev);
      throw ioError("SQLITE_IOERR_LOCK", String(e));
    }
    if (!ok) this.#lock.lower(level === L.EXCLUSIVE && prev >= L.SHARED ? L.PENDING : prev);
    return ok;
  }

  /**
   * Database file: SHARED..PENDING hold a shared flock, EXCLUSIVE an exclusive
   * one; never blocks on another process's long hold. Linux drops the shared
   * flock when a shared→exclusive conversion fails, so it is taken back at
   * once (waiting, if need be, only for another process's brief exclusive
   * hold at the end of its commit). Cold path.
   */
  #flockDb(level: LockLevel): boolean {
    const want = level === L.EXCLUSIVE ? 2 : 1;
    if (this.#flockState >= want) return true;
    if (want === 1) {
      if (!this.#file.tryLockSync(false)) return false;
      this.#flockState = 1;
      return true;
    }
    if (this.#file.tryLockSync(true)) {
      this.#flockState = 2;
      return true;
    }
    if (!this.#file.tryLockSync(false)) this.#file.lockSync(false);
    this.#flockState = 1;
    return false;
  }

  /**
   * Journal file: EXCLUSIVE takes an exclusive flock — the cross-process
   * "one writer" lock that RESERVED is in SQLite — and checks that the path
   * still names this file (a committer may just have deleted it). Cold path.
   */
  #flockWriter(level: LockLevel): boolean {
    if (level !== L.EXCLUSIVE || this.#flockState === 2) return true;
    if (!this.#file.tryLockSync(true)) return false;
    let same = false;
    try {
      same = Deno.statSync(this.#path).ino === this.#file.statSync().ino;
    } catch { /* path gone */ }
    if (!same) {
      this.#file.unlockSync();
      return false;
    }
    this.#flockState = 2;
    return true;
  }

  unlock(level: LockLevel): void {
    this.#lock.unlock(level);
    if (this.#flockMode === "none") return;
    const lvl = this.#lock.level;
    try {
      if (lvl === L.NONE || (this.#flockMode === "writer" && lvl < L.EXCLUSIVE)) {
        if (this.#flockState !== 0) this.#file.unlockSync();
        this.#flockState = 0;
      } else if (lvl < L.EXCLUSIVE && this.#flockState === 2) {
        this.#file.lockSync(false); // exclusive -> shared never waits
        this.#flockState = 1;
      }
    } catch (e) {
      throw ioError("SQLITE_IOERR_UNLOCK", String(e));
    }
  }

  lockLevel(): LockLevel {
    return this.#lock.level;
  }
  checkReservedLock(): boolean {
    return this.#lock.checkReserved();
  }
  sectorSize(): number {
    return 4096; // os_unix.c SQLITE_DEFAULT_SECTOR_SIZE
  }
  deviceCharacteristics(): number {
    return IoCap.POWERSAFE_OVERWRITE; // os_unix.c default (psow=1)
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#lock.close();
    try {
      this.#file.close();
    } catch (e) {
      throw ioError("SQLITE_IOERR_CLOSE", String(e));
    } finally {
      if (this.#deleteOnClose) {
        try {
          Deno.removeSync(this.#path);
        } catch { /* already gone */ }
      }
    }
  }
}

/**
 * Real files on the local file system.
 *
 * @example
 * ```ts
 * import { DenoFileVfs } from "./deno_file.ts";
 * const vfs = new DenoFileVfs();
 * const dir = Deno.makeTempDirSync();
 * const f = vfs.open(`${dir}/x.db`, { create: true, kind: "main-db" });
 * f.write(new TextEncoder().encode("hello"), 0);
 * console.log(f.size()); // 5
 * f.close();
 * ```
 */
export class DenoFileVfs implements Vfs {
  readonly name = "deno";
  #flock: boolean;
  #dirs = new Map<string, string>();

  /**
   * A Deno-file VFS.
   * @param options `flock: false` turns off the cross-process flock mirror.
   */
  constructor(options: DenoFileVfsOptions = {}) {
    this.#flock = options.flock !== false;
  }

  open(path: string, flags: OpenFlags): VfsFile {
    const readonly = flags.readonly === true;
    const journalLike = flags.kind === "main-journal" || flags.kind === "super-journal" ||
      flags.kind === "wal";
    const create = !readonly && flags.create === true;
    let isNew = false;
    let file: Deno.FsFile;
    try {
      if (create && journalLike && flags.exclusive !== true) {
        // Try O_EXCL first: it tells us, in one call, whether the journal is new (DIRSYNC).
        try {
          file = Deno.openSync(path, { read: true, write: true, createNew: true });
          isNew = true;
        } catch (e) {
          if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
          file = Deno.openSync(path, { read: true, write: true });
        }
      } else {
        file = Deno.openSync(path, {
          read: true,
          write: !readonly,
          create: create && flags.exclusive !== true,
          createNew: create && flags.exclusive === true,
        });
      }
    } catch (e) {
      if (e instanceof Deno.errors.IsADirectory) {
        throw new SqliteError("unable to open database file", "SQLITE_CANTOPEN_ISDIR");
      }
      throw cantOpenError(String(e));
    }
    const full = this.#canonical(path, flags.kind === "main-db");
    const handle = new DenoFile(
      file,
      processLocks.holder(full),
      path,
      readonly,
      flags.deleteOnClose === true,
      !this.#flock
        ? "none"
        : flags.kind === "main-db"
        ? "db"
        : flags.kind === "main-journal" || flags.kind === "wal"
        ? "writer"
        : "none",
    );
    if (isNew) handle.markDirSync();
    return handle;
  }

  delete(path: string, syncDir?: boolean): void {
    try {
      Deno.removeSync(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new SqliteError("disk I/O error", "SQLITE_IOERR_DELETE_NOENT");
      }
      throw ioError("SQLITE_IOERR_DELETE", String(e));
    }
    if (syncDir) syncDirectoryOf(path);
  }

  exists(path: string): boolean {
    // Asked at every read transaction (hot-journal and WAL checks) and usually answered "no".
    // Deno.statSync reports a missing file by throwing, which costs ~6 µs; node:fs existsSync
    // answers without an exception. As os_unix's unixAccess, a failing stat means "absent".
    return existsSync(path);
  }

  /**
   * The canonical path: the directory resolved through symlinks (cached per
   * directory, as every open of a journal asks again) plus the file name.
   */
  fullPathname(path: string): string {
    return this.#canonical(path, true);
  }

  #canonical(path: string, resolveLink: boolean): string {
    const cut = path.lastIndexOf("/");
    const dir = cut > 0 ? path.slice(0, cut) : cut === 0 ? "/" : ".";
    const name = path.slice(cut + 1);
    let real = this.#dirs.get(dir);
    if (real === undefined) {
      try {
        real = Deno.realPathSync(dir);
      } catch {
        real = dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`;
      }
      if (this.#dirs.size > 256) this.#dirs.clear();
      this.#dirs.set(dir, real);
    }
    let full = real === "/" ? `/${name}` : `${real}/${name}`;
    // A symlinked database file itself resolves to its target, as os_unix does.
    if (resolveLink) {
      try {
        if (Deno.lstatSync(full).isSymlink) full = Deno.realPathSync(full);
      } catch { /* not there yet */ }
    }
    return full;
  }
}
