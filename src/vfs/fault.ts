/**
 * A fault-injecting VFS wrapper for tests (the analogue of SQLite's
 * test_devsym.c / crash-test VFS in test6.c).
 *
 * It passes every call through to a base VFS while counting writes and syncs
 * across all files, and keeps a model of what is *durable*: for each file, the
 * image as of its last sync plus the list of writes/truncates since. A plan
 * can make the Nth write or sync fail with SQLITE_IOERR_WRITE/_FSYNC, or
 * "crash" there (optionally tearing the crashing write in half). After a
 * crash every further call fails with SQLITE_IOERR, and `powerLoss()` rewrites
 * the base files as a disk would look after power loss: by default unsynced
 * writes are dropped; they can also all be kept or a seeded random subset kept
 * (writes may reach the platter in any order). Deletes are taken as durable at
 * once. Test-only: never used by the engine itself.
 * @module
 */

import { ioError } from "./errors.ts";
import { MemoryFileData } from "./memory.ts";
import type { FileKind, LockLevel, OpenFlags, SyncFlags, Vfs, VfsFile } from "./types.ts";

/** Which fault to inject; counts are 1-based over all files of the VFS. */
export interface FaultPlan {
  /** The Nth read throws SQLITE_IOERR_READ (nothing read) and life goes on. */
  failReadAt?: number;
  /** The Nth write throws SQLITE_IOERR_WRITE (nothing written) and life goes on. */
  failWriteAt?: number;
  /** The Nth sync throws SQLITE_IOERR_FSYNC and life goes on. */
  failSyncAt?: number;
  /** Power is lost at the Nth write: it does not happen (or only half, with `tornWrite`). */
  crashAtWrite?: number;
  /** Power is lost at the Nth sync, before it makes anything durable. */
  crashAtSync?: number;
  /** With `crashAtWrite`: the first half of the crashing write reaches the file. */
  tornWrite?: boolean;
}

/** Options for `FaultVfs`. */
export interface FaultVfsOptions {
  /**
   * Pass syncs through to the base VFS (default true). Tests that only need the
   * durability *model* turn this off to avoid real fsync latency.
   */
  realSync?: boolean;
}

/** What happens to writes that were not synced when power was lost. */
export type PowerLossModel = "drop-unsynced" | "keep-unsynced" | { seed: number };

/** One logged operation (with `trace` on). */
export interface FaultEvent {
  /** The operation. */
  op: "write" | "sync" | "truncate" | "delete";
  /** What the file is for, as given to `open`. */
  kind: FileKind | "unknown";
  /** The path it was opened by. */
  path: string;
  /** Byte offset of a write. */
  offset?: number;
  /** Bytes written, or the new size of a truncate. */
  length?: number;
}

type PendingOp = { t: "w"; offset: number; data: Uint8Array } | { t: "t"; size: number };

/** The durability model of one file. */
class FileModel {
  durable = new MemoryFileData();
  pending: PendingOp[] = [];
  kind: FileKind | "unknown" = "unknown";
}

/** Error thrown at the moment of a simulated crash (an SQLITE_IOERR). */
function crashError(): Error {
  return ioError("SQLITE_IOERR", "simulated power loss");
}

class FaultFile implements VfsFile {
  #vfs: FaultVfs;
  #base: VfsFile;
  #model: FileModel;
  #path: string;

  constructor(vfs: FaultVfs, base: VfsFile, model: FileModel, path: string) {
    this.#vfs = vfs;
    this.#base = base;
    this.#model = model;
    this.#path = path;
  }
  read(buf: Uint8Array, offset: number): number {
    const v = this.#vfs;
    v.checkAlive();
    const n = ++v.reads;
    if (v.plan.failReadAt === n) throw ioError("SQLITE_IOERR_READ", `injected at read ${n}`);
    return this.#base.read(buf, offset);
  }
  write(data: Uint8Array, offset: number): void {
    const v = this.#vfs;
    v.checkAlive();
    const n = ++v.writes;
    v.record({
      op: "write",
      kind: this.#model.kind,
      path: this.#path,
      offset,
      length: data.length,
    });
    if (v.plan.failWriteAt === n) throw ioError("SQLITE_IOERR_WRITE", `injected at write ${n}`);
    if (v.plan.crashAtWrite === n) {
      if (v.plan.tornWrite && data.length > 1) {
        const half = data.slice(0, data.length >> 1);
        this.#base.write(half, offset);
        this.#model.pending.push({ t: "w", offset, data: half });
      }
      v.crash();
      throw crashError();
    }
    this.#base.write(data, offset);
    this.#model.pending.push({ t: "w", offset, data: data.slice() });
  }
  truncate(size: number): void {
    const v = this.#vfs;
    v.checkAlive();
    v.truncates++;
    v.record({ op: "truncate", kind: this.#model.kind, path: this.#path, length: size });
    this.#base.truncate(size);
    this.#model.pending.push({ t: "t", size });
  }
  sync(flags?: SyncFlags): void {
    const v = this.#vfs;
    v.checkAlive();
    const n = ++v.syncs;
    v.record({ op: "sync", kind: this.#model.kind, path: this.#path });
    if (v.plan.failSyncAt === n) throw ioError("SQLITE_IOERR_FSYNC", `injected at sync ${n}`);
    if (v.plan.crashAtSync === n) {
      v.crash();
      throw crashError();
    }
    if (v.realSync) this.#base.sync(flags);
    applyOps(this.#model.durable, this.#model.pending, null);
    this.#model.pending = [];
  }
  size(): number {
    this.#vfs.checkAlive();
    return this.#base.size();
  }
  lock(level: LockLevel): boolean {
    this.#vfs.checkAlive();
    return this.#base.lock(level);
  }
  unlock(level: LockLevel): void {
    this.#base.unlock(level);
  }
  lockLevel(): LockLevel {
    return this.#base.lockLevel();
  }
  checkReservedLock(): boolean {
    this.#vfs.checkAlive();
    return this.#base.checkReservedLock();
  }
  sectorSize(): number {
    return this.#base.sectorSize();
  }
  deviceCharacteristics(): number {
    return this.#base.deviceCharacteristics();
  }
  close(): void {
    this.#base.close();
  }
}

/** Apply `ops` to `img`; with `keep`, only the ops for which it returns true. */
function applyOps(img: MemoryFileData, ops: PendingOp[], keep: (() => boolean) | null): void {
  for (const op of ops) {
    if (keep !== null && !keep()) continue;
    if (op.t === "w") img.write(op.data, op.offset);
    else img.truncate(op.size);
  }
}

/**
 * A VFS that injects I/O errors and simulated power loss into a base VFS.
 *
 * @example
 * ```ts
 * import { FaultVfs } from "./fault.ts";
 * import { MemoryVfs } from "./memory.ts";
 * const mem = new MemoryVfs();
 * const vfs = new FaultVfs(mem, { crashAtSync: 1 });
 * const f = vfs.open("x", { create: true, kind: "main-db" });
 * f.write(new Uint8Array([7]), 0);
 * try { f.sync(); } catch { /* power lost *\/ }
 * f.close();
 * vfs.powerLoss("drop-unsynced");
 * console.log(mem.fileData("x")?.size); // 0: the write never became durable
 * ```
 */
export class FaultVfs implements Vfs {
  readonly name = "fault";
  /** The wrapped VFS. */
  readonly base: Vfs;
  /** The active plan (replace it with `setPlan`). */
  plan: FaultPlan;
  /** Reads attempted so far. */
  reads = 0;
  /** Writes attempted so far (the crashing/failing one included). */
  writes = 0;
  /** Syncs attempted so far. */
  syncs = 0;
  /** Truncates so far. */
  truncates = 0;
  /** True between a simulated crash and `powerLoss()`. */
  crashed = false;
  /** When true, every operation is appended to `log`. */
  trace = false;
  /** The operations seen while `trace` was on. */
  log: FaultEvent[] = [];
  /** Whether syncs reach the base VFS. */
  readonly realSync: boolean;
  #models = new Map<string, FileModel>();

  /** Wrap `base`, injecting faults according to `plan`. */
  constructor(base: Vfs, plan: FaultPlan = {}, options: FaultVfsOptions = {}) {
    this.base = base;
    this.plan = plan;
    this.realSync = options.realSync !== false;
  }

  /** Replace the plan and reset the counters. */
  setPlan(plan: FaultPlan): void {
    this.plan = plan;
    this.reads = 0;
    this.writes = 0;
    this.syncs = 0;
    this.truncates = 0;
  }

  /** @internal */
  checkAlive(): void {
    if (this.crashed) throw crashError();
  }
  /** @internal */
  crash(): void {
    this.crashed = true;
  }
  /** @internal */
  record(e: FaultEvent): void {
    if (this.trace) this.log.push(e);
  }

  open(path: string, flags: OpenFlags): VfsFile {
    this.checkAlive();
    const key = this.base.fullPathname(path);
    const existed = this.base.exists(path);
    const f = this.base.open(path, flags);
    let model = this.#models.get(key);
    if (model === undefined) {
      model = new FileModel();
      if (existed) {
        // What was there before we started watching counts as durable.
        const img = new Uint8Array(f.size());
        f.read(img, 0);
        model.durable.write(img, 0);
      }
      this.#models.set(key, model);
    }
    model.kind = flags.kind;
    return new FaultFile(this, f, model, path);
  }

  delete(path: string, syncDir?: boolean): void {
    this.checkAlive();
    this.record({
      op: "delete",
      kind: this.#models.get(this.base.fullPathname(path))?.kind ?? "unknown",
      path,
    });
    this.base.delete(path, syncDir);
    this.#models.delete(this.base.fullPathname(path));
  }
  exists(path: string): boolean {
    this.checkAlive();
    return this.base.exists(path);
  }
  fullPathname(path: string): string {
    return this.base.fullPathname(path);
  }

  /**
   * Make the base files look as they would after power loss (call after the
   * crash, once the handles are closed): each file becomes its last synced
   * image plus the unsynced operations the model keeps. Clears the crash and
   * the plan so the files can be reopened.
   */
  powerLoss(model: PowerLossModel = "drop-unsynced"): void {
    let keep: (() => boolean) | null;
    if (model === "keep-unsynced") keep = null;
    else if (model === "drop-unsynced") keep = () => false;
    else {
      let s = (model.seed >>> 0) || 1;
      keep = () => {
        s ^= s << 13;
        s >>>= 0;
        s ^= s >>> 17;
        s ^= s << 5;
        s >>>= 0;
        return (s & 1) === 1;
      };
    }
    for (const [key, m] of this.#models) {
      applyOps(m.durable, m.pending, keep);
      m.pending = [];
      const img = m.durable.snapshot();
      const f = this.base.open(key, {
        create: true,
        kind: m.kind === "unknown" ? "main-db" : m.kind,
      });
      try {
        f.truncate(0);
        if (img.length > 0) f.write(img, 0);
        if (this.realSync) f.sync();
      } finally {
        f.close();
      }
    }
    this.crashed = false;
    this.plan = {};
  }
}
