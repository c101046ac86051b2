/**
 * VACUUM and VACUUM INTO — SQLite's vacuum.c (sqlite3Vacuum / sqlite3RunVacuum) as api-layer
 * orchestration: the compact image is built by ./connection_vacuum_image.ts on a private memory
 * VFS, then either written over the main database page by page inside one write transaction of
 * the main pager (rollback journal + exclusive lock, so a failure leaves the old or the new
 * database, never a mix) and cut to the new page count, or written to a new file (INTO).
 *
 * Owns: the checks and their messages ("cannot VACUUM from within a transaction", "cannot VACUUM
 * - SQL statements in progress", "output file already exists"), the pending auto_vacuum mode a
 * VACUUM applies, swapping in a fresh b-tree over the rewritten pager.
 * Must never: run while another statement of the connection is active, leave the connection's
 * b-tree caches pointing at the old layout. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { AutoVacuumMode } from "../btree/types.ts";
import type { VacuumStmt } from "../sql/ast.ts";
import { Op, type Program, ProgramBuilder } from "../planner/program.ts";
import { foldName } from "../planner/schema.ts";
import { errorAt } from "../planner/error_at.ts";
import { type Mem, MemType } from "../vdbe/mem.ts";
import { get32, hasMagic, put32, WRITER_VERSION_NUMBER } from "../format/header.ts";
import { MemoryVfs } from "../vfs/memory.ts";
import { DenoFileVfs } from "../vfs/deno_file.ts";
import type { Vfs } from "../vfs/types.ts";
import { closeOpenWriters, type Engine, openBtree } from "./connection_engine.ts";
import { buildVacuumImage, type VacuumImage } from "./connection_vacuum_image.ts";

/** Settings a VACUUM applies (db->nextAutovac, db->nextPagesize). */
interface PendingSettings {
  autoVacuum?: AutoVacuumMode;
  pageSize?: number;
}

/**
 * `PRAGMA auto_vacuum = N` / `PRAGMA page_size = N` on a database that already has pages: SQLite
 * keeps them in db->nextAutovac / db->nextPagesize and the next VACUUM rebuilds the file with
 * them.
 */
const pendingSettings = new WeakMap<Engine, PendingSettings>();

/**
 * Remember an auto_vacuum mode and/or page size for the next VACUUM of `engine` (the PRAGMAs on
 * a non-empty database). Cold.
 * @example
 * ```ts
 * setPendingVacuumSettings(engine, { pageSize: 8192 }); // then: VACUUM
 * ```
 */
export function setPendingVacuumSettings(engine: Engine, s: PendingSettings): void {
  const cur = pendingSettings.get(engine) ?? {};
  if (s.autoVacuum !== undefined) cur.autoVacuum = s.autoVacuum;
  if (s.pageSize !== undefined) cur.pageSize = s.pageSize;
  pendingSettings.set(engine, cur);
}

/**
 * Optional progress report: called with (b-trees copied, b-trees in all) while the image is
 * built — (0, n) first, (n, n) when the copy is done.
 */
export type VacuumProgress = (done: number, total: number) => void;

const progressHooks = new WeakMap<Engine, VacuumProgress>();

/**
 * Install (or with null remove) a progress callback for VACUUM on `engine` (the shell's TTY
 * progress). Cold.
 * @example
 * ```ts
 * setVacuumProgress(engine, (done, total) => console.error(done, "/", total));
 * ```
 */
export function setVacuumProgress(engine: Engine, cb: VacuumProgress | null): void {
  if (cb === null) progressHooks.delete(engine);
  else progressHooks.set(engine, cb);
}

/** How the VACUUM INTO file name is found at run time. */
type IntoName =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "param"; readonly index: number }
  | { readonly kind: "nonText" };

/**
 * The VACUUM INTO file name: a string literal or a bound parameter; other literals fail as in
 * SQLite ("non-text filename"); other expressions are refused.
 */
function intoName(stmt: VacuumStmt): IntoName | null {
  const e = stmt.into;
  if (e === null) return null;
  switch (e.kind) {
    case "string":
      return { kind: "text", value: e.value };
    case "param":
      return { kind: "param", index: e.index };
    case "integer":
    case "real":
    case "blob":
    case "null":
      return { kind: "nonText" };
    default:
      throw new SqliteError("VACUUM INTO: only a string literal or a parameter is supported");
  }
}

/** A program `Host(check) ; [Variable] ; Transaction ; Host(run) ; Halt`. */
function vacuumProgram(
  check: () => void,
  write: boolean,
  into: IntoName | null,
  params: readonly (string | null)[],
  run: (file: string | null) => void,
): Program {
  const b = new ProgramBuilder();
  const reg = b.allocReg();
  const host = (f: (c: HostCtx) => void) => ({
    kind: "host" as const,
    value: { name: "VACUUM", run: (c: unknown) => f(c as HostCtx) },
  });
  b.emit(Op.Host, 0, 0, 0, host(() => check()));
  if (into !== null && into.kind === "param") b.emit(Op.Variable, into.index, reg);
  b.emit(Op.Transaction, 0, write ? 1 : 0);
  b.emit(
    Op.Host,
    0,
    0,
    0,
    host((c) => {
      if (into === null) return run(null);
      if (into.kind === "text") return run(into.value);
      if (into.kind === "param") {
        const m = c.vm.regs[reg];
        if (m.type === MemType.TEXT) return run(m.s);
      }
      throw new SqliteError("non-text filename");
    }),
  );
  b.emit(Op.Halt);
  return b.finish([], [null, ...params], false);
}

/** What a Host op's callback receives from the VM. */
interface HostCtx {
  vm: { regs: Mem[] };
}

/** The VFS a VACUUM INTO file is written on: the file system even for a :memory: database. */
function outputVfs(engine: Engine): Vfs {
  if (engine.filename === null && engine.vfs instanceof MemoryVfs) return new DenoFileVfs();
  return engine.vfs;
}

/** Compile VACUUM [schema] [INTO expr]. */
export function compileVacuum(
  engine: Engine,
  stmt: VacuumStmt,
  params: readonly (string | null)[] = [],
): Program {
  if (stmt.schema !== null) {
    const s = foldName(stmt.schema.name);
    if (s !== "main" && s !== "temp") {
      throw errorAt(
        new SqliteError(`unknown database ${stmt.schema.name}`),
        stmt.schema.span.start,
      );
    }
  }
  const into = intoName(stmt);
  // VACUUM temp rebuilds the TEMP database; this engine keeps TEMP objects in memory only.
  const temp = stmt.schema !== null && foldName(stmt.schema.name) === "temp";
  const check = () => {
    if (!engine.txn.autocommit) {
      throw new SqliteError("cannot VACUUM from within a transaction");
    }
    if (engine.txn.active > 1) {
      throw new SqliteError("cannot VACUUM - SQL statements in progress");
    }
  };
  return vacuumProgram(check, into === null && !temp, into, params, (file) => {
    if (temp) return;
    if (file !== null) vacuumInto(engine, file);
    else vacuumMain(engine);
  });
}

/** Build the image of the main database with the settings VACUUM applies. */
function image(engine: Engine): VacuumImage | null {
  const p = pendingSettings.get(engine);
  return buildVacuumImage(engine.bt, engine.schema, {
    // vacuum.c applies db->nextPagesize only to a database that is not in memory.
    pageSize: engine.filename === null
      ? engine.pager.pageSize
      : p?.pageSize ?? engine.pager.pageSize,
    autoVacuum: p?.autoVacuum ?? engine.bt.autoVacuum,
    progress: progressHooks.get(engine),
  });
}

/** VACUUM INTO: write the compact image to a new (or empty) file. */
function vacuumInto(engine: Engine, file: string): void {
  const vfs = outputVfs(engine);
  if (vfs.exists(file)) {
    const f = vfs.open(file, { kind: "main-db" });
    try {
      // os_unix.c reports a 1-byte file as empty (its NFS work-around byte).
      if (f.size() > 1) {
        const head = new Uint8Array(16);
        f.read(head, 0);
        if (!hasMagic(head)) throw new SqliteError("file is not a database", "SQLITE_NOTADB");
        throw new SqliteError("output file already exists");
      }
    } finally {
      f.close();
    }
  }
  const img = image(engine);
  let f;
  try {
    f = vfs.open(file, { create: true, kind: "main-db" });
  } catch {
    throw new SqliteError("unable to open database: " + file, "SQLITE_CANTOPEN");
  }
  try {
    f.truncate(0);
    if (img !== null) {
      // A fresh file's first commit: change counter 1 (vacuum.c's output pager commits once).
      const b = img.bytes;
      put32(b, 24, 1);
      put32(b, 28, img.pageCount);
      put32(b, 92, 1);
      put32(b, 96, WRITER_VERSION_NUMBER);
      f.write(b, 0);
    }
    f.sync();
  } finally {
    f.close();
  }
}

/**
 * Give the image's page 1 the header fields a commit writes (pager.c pager_write_changecounter):
 * the old file's change counter + 1, the page count, version-valid-for and the library version.
 * A memory database keeps its counter fields, as SQLite's MEMDB pager does.
 */
function finishHeader(img: VacuumImage, oldPage1: Uint8Array, memory: boolean): void {
  const b = img.bytes;
  if (memory) {
    b.set(oldPage1.subarray(24, 28), 24);
    b.set(oldPage1.subarray(92, 100), 92);
  } else {
    const counter = (get32(oldPage1, 24) + 1) >>> 0;
    put32(b, 24, counter);
    put32(b, 92, counter);
    put32(b, 96, WRITER_VERSION_NUMBER);
  }
  put32(b, 28, img.pageCount);
}

/**
 * VACUUM: replace the main database with its compact image inside the open write transaction
 * (the pager journals every old page first, so a failure leaves the old file).
 */
function vacuumMain(engine: Engine): void {
  closeOpenWriters(engine);
  const img = image(engine);
  if (img === null) return;
  const pager = engine.pager;
  const p1 = pager.get(1);
  const old = p1.data.slice(0, 100);
  pager.release(p1);
  finishHeader(img, old, engine.filename === null);
  pager.commitImage(img.bytes, img.pageSize);
  // The b-tree caches geometry and header state: a fresh one over the rewritten pager.
  engine.bt = openBtree(pager, engine.bt.autoVacuum);
  pendingSettings.delete(engine);
  engine.schemaDirty = true;
  engine.generation++;
}
