/**
 * The Deno-file VFS backend: real files through `Deno.openSync`, positioned
 * reads and writes (seek + read/write loops), `truncateSync`, `syncSync`
 * (fsync) — the analogue of SQLite's os_unix.c. The only module in tsqlite
 * that touches the `Deno` namespace.
 *
 * Locking: SQLite's unix VFS takes fcntl byte-range locks on the PENDING,
 * RESERVED and SHARED bytes at 0x40000000. Deno offers only whole-file
 * `flock`. So the lock *levels* are decided by an in-process lock table keyed
 * by real path (exact SQLite semantics between connections of this process),
 * and each handle mirrors its level onto flock as far as flock can express it:
 * SHARED/RESERVED/PENDING hold a shared flock, EXCLUSIVE an exclusive one.
 * Deno's flock call blocks (there is no try-lock), so between processes a
 * writer waits for readers instead of getting SQLITE_BUSY, RESERVED is not
 * visible across processes, and none of it interacts with a real sqlite3
 * process's fcntl locks. docs/pager.md spells out what that does and does not
 * guarantee. Never used for anything but files the caller named.
 * @module
 */

import { type LockHolder, LockTable } from "./lock_table.ts";
import { cantOpenError, ioError, readonlyError } from "./errors.ts";
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
  #useFlock: boolean;
  #flockState: 0 | 1 | 2 = 0; // none, shared, exclusive
  #closed = false;

  constructor(
    file: Deno.FsFile,
    lock: LockHolder,
    path: string,
    readonly: boolean,
    deleteOnClose: boolean,
    useFlock: boolean,
  ) {
    this.#file = file;
    this.#lock = lock;
    this.#path = path;
    this.#readonly = readonly;
    this.#deleteOnClose = deleteOnClose;
    this.#useFlock = useFlock;
  }

  /** Hot path (one page per call): seek, then read until full or EOF; zero-fill the rest. */
  read(buf: Uint8Array, offset: number): number {
    let done = 0;
    try {
      this.#file.seekSync(offset, Deno.SeekMode.Start);
      while (done < buf.length) {
        const n = this.#file.readSync(done === 0 ? buf : buf.subarray(done));
        if (n === null || n === 0) break;
        done += n;
      }
    } catch (e) {
      throw ioError("SQLITE_IOERR_READ", String(e));
    }
    if (done < buf.length) buf.fill(0, done);
    return done;
  }

  /** Hot path: seek, then write until every byte is out. */
  write(data: Uint8Array, offset: number): void {
    if (this.#readonly) throw readonlyError();
    try {
      this.#file.seekSync(offset, Deno.SeekMode.Start);
      let done = 0;
      while (done < data.length) {
        done += this.#file.writeSync(done === 0 ? data : data.subarray(done));
      }
    } catch (e) {
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
  }

  size(): number {
    try {
      return this.#file.statSync().size;
    } catch (e) {
      throw ioError("SQLITE_IOERR_FSTAT", String(e));
    }
  }

  lock(level: LockLevel): boolean {
    if (!this.#lock.lock(level)) return false;
    this.#mirror();
    return true;
  }

  unlock(level: LockLevel): void {
    this.#lock.unlock(level);
    this.#mirror();
  }

  /** Bring the flock in line with the in-process level (cold path). */
  #mirror(): void {
    if (!this.#useFlock) return;
    const lvl = this.#lock.level;
    const want: 0 | 1 | 2 = lvl === L.NONE ? 0 : lvl === L.EXCLUSIVE ? 2 : 1;
    if (want === this.#flockState) return;
    try {
      if (want === 0) this.#file.unlockSync();
      else this.#file.lockSync(want === 2);
      this.#flockState = want;
    } catch (e) {
      throw ioError(want === 0 ? "SQLITE_IOERR_UNLOCK" : "SQLITE_IOERR_LOCK", String(e));
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

  /** @param options `flock: false` turns off the cross-process flock mirror. */
  constructor(options: DenoFileVfsOptions = {}) {
    this.#flock = options.flock !== false;
  }

  open(path: string, flags: OpenFlags): VfsFile {
    const readonly = flags.readonly === true;
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(path, {
        read: true,
        write: !readonly,
        create: !readonly && flags.create === true && flags.exclusive !== true,
        createNew: !readonly && flags.create === true && flags.exclusive === true,
      });
    } catch (e) {
      if (e instanceof Deno.errors.IsADirectory) {
        throw new SqliteError("unable to open database file", "SQLITE_CANTOPEN_ISDIR");
      }
      throw cantOpenError(String(e));
    }
    const full = this.fullPathname(path);
    return new DenoFile(
      file,
      processLocks.holder(full),
      path,
      readonly,
      flags.deleteOnClose === true,
      this.#flock && (flags.kind === "main-db" || flags.kind === "temp-db"),
    );
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
    if (syncDir) {
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
  }

  exists(path: string): boolean {
    try {
      Deno.statSync(path);
      return true;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return false;
      throw ioError("SQLITE_IOERR", String(e));
    }
  }

  fullPathname(path: string): string {
    try {
      return Deno.realPathSync(path);
    } catch {
      if (path.startsWith("/")) return path;
      return `${Deno.cwd()}/${path}`;
    }
  }
}
