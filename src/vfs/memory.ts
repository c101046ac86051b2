/**
 * The in-memory VFS backend: each `MemoryVfs` instance is a namespace of
 * files held in RAM (the analogue of SQLite's memdb/memjournal). `:memory:`
 * databases run through the ordinary pager on it; the API layer gives each
 * `:memory:` connection its own instance. Two handles opened on one instance
 * and one path share the bytes and an in-process lock table, so they behave
 * like two connections to one file.
 *
 * Files are stored as sparse 64 KiB chunks (a missing chunk reads as zeros),
 * so tests can make files that reach past the lock-byte page at 1 GiB cheaply.
 * Sync is a no-op: nothing here survives the process. Never touches `Deno`.
 * @module
 */

import { type LockHolder, LockTable } from "./lock_table.ts";
import { cantOpenError, readonlyError } from "./errors.ts";
import { IoCap, type LockLevel, type OpenFlags, type Vfs, type VfsFile } from "./types.ts";

const CHUNK_SHIFT = 16;
const CHUNK = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK - 1;
/** Smallest chunk allocation (chunks grow by doubling up to CHUNK). */
const MIN_CHUNK = 4096;

/** The bytes of one in-memory file: sparse chunks plus a logical size. */
export class MemoryFileData {
  /** 64 KiB chunks; `undefined` reads as zeros. */
  chunks: (Uint8Array | undefined)[] = [];
  /** Logical size in bytes. */
  size = 0;

  /** Copy `buf.length` bytes at `offset` into `buf`, zero-filling past the end. Hot path. */
  read(buf: Uint8Array, offset: number): number {
    const want = buf.length;
    const avail = Math.max(0, Math.min(want, this.size - offset));
    let done = 0;
    while (done < avail) {
      const pos = offset + done;
      const ci = pos >>> CHUNK_SHIFT;
      const co = pos & CHUNK_MASK;
      const n = Math.min(CHUNK - co, avail - done);
      const chunk = this.chunks[ci];
      // A chunk may be shorter than CHUNK (grown on demand): bytes past its length are zeros.
      const have = chunk === undefined ? 0 : Math.max(0, Math.min(n, chunk.length - co));
      if (have === CHUNK) buf.set(chunk!, done);
      else if (have > 0) buf.set(chunk!.subarray(co, co + have), done);
      if (have < n) buf.fill(0, done + have, done + n);
      done += n;
    }
    if (avail < want) buf.fill(0, avail);
    return avail;
  }

  /** Write `data` at `offset`, growing the file. Hot path. */
  write(data: Uint8Array, offset: number): void {
    let done = 0;
    while (done < data.length) {
      const pos = offset + done;
      const ci = pos >>> CHUNK_SHIFT;
      const co = pos & CHUNK_MASK;
      const n = Math.min(CHUNK - co, data.length - done);
      let chunk = this.chunks[ci];
      if (chunk === undefined || chunk.length < co + n) chunk = this.#grow(ci, co + n);
      if (n === data.length) chunk.set(data, co);
      else chunk.set(data.subarray(done, done + n), co);
      done += n;
    }
    const end = offset + data.length;
    if (end > this.size) this.size = end;
  }

  /**
   * Make chunk `ci` at least `need` bytes long. Chunks start small and double (capped at CHUNK),
   * so a small file — a statement's or a `:memory:` transaction's journal — costs a few KiB, not
   * a zero-filled 64 KiB chunk per file.
   */
  #grow(ci: number, need: number): Uint8Array {
    const old = this.chunks[ci];
    let len = old === undefined ? MIN_CHUNK : old.length * 2;
    while (len < need) len *= 2;
    const chunk = new Uint8Array(Math.min(len, CHUNK));
    if (old !== undefined) chunk.set(old);
    this.chunks[ci] = chunk;
    return chunk;
  }

  /** Set the size; bytes past a shrink are zeroed so a later grow reads zeros. */
  truncate(size: number): void {
    if (size < this.size) {
      const ci = size >>> CHUNK_SHIFT;
      const co = size & CHUNK_MASK;
      const chunk = this.chunks[ci];
      // Bytes past the size are always zero, so only the bytes in use need clearing; chunk `ci`
      // is kept (even when emptied) so a file truncated and rewritten reuses its memory.
      if (chunk !== undefined) {
        chunk.fill(0, co, Math.min(chunk.length, this.size - ci * CHUNK));
      }
      this.chunks.length = Math.min(this.chunks.length, ci + 1);
    }
    this.size = size;
  }

  /** A copy of the whole file (tests, fault-injection models). */
  snapshot(): Uint8Array {
    const out = new Uint8Array(this.size);
    this.read(out, 0);
    return out;
  }
}

class MemoryFile implements VfsFile {
  #data: MemoryFileData;
  #lock: LockHolder;
  #readonly: boolean;
  #onClose: (() => void) | null;
  #closed = false;

  constructor(
    data: MemoryFileData,
    lock: LockHolder,
    readonly: boolean,
    onClose: (() => void) | null,
  ) {
    this.#data = data;
    this.#lock = lock;
    this.#readonly = readonly;
    this.#onClose = onClose;
  }
  read(buf: Uint8Array, offset: number): number {
    return this.#data.read(buf, offset);
  }
  write(data: Uint8Array, offset: number): void {
    if (this.#readonly) throw readonlyError();
    this.#data.write(data, offset);
  }
  truncate(size: number): void {
    if (this.#readonly) throw readonlyError();
    this.#data.truncate(size);
  }
  sync(): void {}
  size(): number {
    return this.#data.size;
  }
  lock(level: LockLevel): boolean {
    return this.#lock.lock(level);
  }
  unlock(level: LockLevel): void {
    this.#lock.unlock(level);
  }
  lockLevel(): LockLevel {
    return this.#lock.level;
  }
  checkReservedLock(): boolean {
    return this.#lock.checkReserved();
  }
  sectorSize(): number {
    return 512;
  }
  deviceCharacteristics(): number {
    return IoCap.POWERSAFE_OVERWRITE;
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#lock.close();
    if (this.#onClose) this.#onClose();
  }
}

/**
 * An in-memory namespace of files.
 *
 * @example
 * ```ts
 * import { MemoryVfs } from "./memory.ts";
 * const vfs = new MemoryVfs();
 * const f = vfs.open("db", { create: true, kind: "main-db" });
 * f.write(new Uint8Array([1, 2, 3]), 0);
 * const buf = new Uint8Array(4);
 * console.log(f.read(buf, 0), buf); // 3 Uint8Array [1, 2, 3, 0]
 * f.close();
 * ```
 */
export class MemoryVfs implements Vfs {
  readonly name = "memory";
  #files = new Map<string, MemoryFileData>();
  #locks = new LockTable();

  open(path: string, flags: OpenFlags): VfsFile {
    const key = this.fullPathname(path);
    let data = this.#files.get(key);
    if (data === undefined) {
      if (!flags.create || flags.readonly) throw cantOpenError(`no such file: ${path}`);
      data = new MemoryFileData();
      this.#files.set(key, data);
    } else if (flags.create && flags.exclusive) {
      throw cantOpenError(`file exists: ${path}`);
    }
    const onClose = flags.deleteOnClose ? () => this.delete(path) : null;
    return new MemoryFile(data, this.#locks.holder(key), flags.readonly === true, onClose);
  }
  delete(path: string): void {
    this.#files.delete(this.fullPathname(path));
  }
  exists(path: string): boolean {
    return this.#files.has(this.fullPathname(path));
  }
  fullPathname(path: string): string {
    return path;
  }
  /** The bytes of `path` (tests and the fault VFS), or undefined if it does not exist. */
  fileData(path: string): MemoryFileData | undefined {
    return this.#files.get(this.fullPathname(path));
  }
}
