/**
 * VACUUM's compact image builder — the copy half of SQLite's vacuum.c (sqlite3RunVacuum): a fresh
 * database with the same schema, built on a private memory VFS, b-tree by b-tree.
 *
 * Owns: the creation order of the new b-trees (tables in sqlite_schema rowid order except
 * sqlite_sequence, each followed by its automatic indexes and, for the first AUTOINCREMENT table,
 * sqlite_sequence; then the CREATE INDEX indexes; then views, triggers and virtual tables as
 * schema rows only), the row-order copy of every tree, and the header meta values vacuum.c
 * carries over (schema cookie + 1, default cache size, text encoding, user_version,
 * application_id).
 * Must never: write the source database, touch `Deno`, or run SQL (b-tree level only). Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import {
  type AutoVacuumMode,
  type BtreeApi,
  type KeyInfo as BtKeyInfo,
  Meta,
  type PageNumber,
} from "../btree/types.ts";
import { Btree } from "../btree/btree.ts";
import { Pager } from "../pager/pager.ts";
import { MemoryVfs } from "../vfs/memory.ts";
import { encodeRecord } from "../format/record.ts";
import type { KeyInfo } from "../planner/program.ts";
import { foldName, type Schema } from "../planner/schema.ts";
import { rowidIndexKeyInfo } from "../planner/dml_target.ts";
import { indexKeyInfo } from "../planner/without_rowid.ts";
import { readSchemaRows, type SchemaRow } from "./connection_schema.ts";
import { collatorOf } from "./connection_engine.ts";

/** What the new image is built with. */
export interface VacuumImageOptions {
  /** Page size of the new image. */
  pageSize: number;
  /** auto_vacuum mode of the new image. */
  autoVacuum: AutoVacuumMode;
  /** Called with (b-trees copied, b-trees in all) before the first and after each copy. */
  progress?: (done: number, total: number) => void;
}

/** The built image: the whole database file, page 1 first. */
export interface VacuumImage {
  readonly bytes: Uint8Array;
  readonly pageSize: number;
  readonly pageCount: number;
}

/** The b-tree KeyInfo of the index tree `name` (an index, or a WITHOUT ROWID table). */
function treeKeyInfo(schema: Schema, row: SchemaRow): BtKeyInfo | undefined {
  let ki: KeyInfo | null = null;
  if (row.type === "table") {
    const t = schema.table(row.name);
    if (t !== undefined && t.withoutRowid) {
      const pk = t.indexes.find((ix) => ix.rootPage === t.rootPage);
      if (pk !== undefined) ki = indexKeyInfo(t, pk).keyInfo;
    }
  } else {
    const ix = schema.index(row.name);
    const t = ix === undefined ? undefined : schema.table(ix.tableName);
    if (ix !== undefined && t !== undefined) {
      ki = t.withoutRowid ? indexKeyInfo(t, ix).keyInfo : rowidIndexKeyInfo(ix);
    }
  }
  if (ki === null) return undefined;
  return { collations: ki.collations.map((c) => collatorOf(c)), desc: ki.desc.slice() };
}

/** The order vacuum.c creates the schema's b-trees and rows in. */
function creationOrder(schema: Schema, rows: readonly SchemaRow[]): SchemaRow[] {
  const out: SchemaRow[] = [];
  const seq = rows.find((r) => r.type === "table" && foldName(r.name) === "sqlite_sequence");
  let seqDone = seq === undefined;
  const tables = rows.filter((r) => r.type === "table" && r.rootpage > 0 && r !== seq);
  for (const t of tables) {
    out.push(t);
    // The automatic indexes (PRIMARY KEY / UNIQUE) are made by the CREATE TABLE itself.
    for (const r of rows) {
      if (r.type === "index" && r.sql === null && foldName(r.tblName) === foldName(t.name)) {
        out.push(r);
      }
    }
    if (!seqDone && schema.table(t.name)?.autoincrement === true) {
      out.push(seq!);
      seqDone = true;
    }
  }
  if (!seqDone) out.push(seq!);
  for (const r of rows) if (r.type === "index" && r.sql !== null) out.push(r);
  for (const r of rows) {
    if (r.type === "view" || r.type === "trigger" || (r.type === "table" && r.rootpage <= 0)) {
      out.push(r);
    }
  }
  return out;
}

/** Copy every entry of the tree at `from` (in `src`) into the empty tree at `to` (in `dst`). */
function copyTree(
  src: BtreeApi,
  from: PageNumber,
  dst: BtreeApi,
  to: PageNumber,
  keyInfo: BtKeyInfo | undefined,
): void {
  const r = src.cursor(from, { keyInfo });
  // insert.c's transfer opens every index destination with OPFLAG_BULKCSR (BTREE_BULKLOAD).
  const w = dst.cursor(to, { write: true, keyInfo, bulkLoad: r.kind === "index" });
  try {
    const table = r.kind === "table";
    for (let ok = r.first(); ok; ok = r.next()) {
      // A view, not a copy: the source tree is only read while the destination is written.
      const p = r.payload();
      const bytes = p.data.subarray(p.offset, p.offset + p.length);
      if (table) w.insert(r.rowid(), bytes);
      else w.insertIndex(bytes);
    }
  } finally {
    w.close();
    r.close();
  }
}

/**
 * Build the compact copy of the database behind `src` (which must be in a read transaction).
 * Returns null for a database with no pages yet.
 */
export function buildVacuumImage(
  src: BtreeApi,
  schema: Schema,
  opts: VacuumImageOptions,
): VacuumImage | null {
  if (src.pager.pageCount() === 0) return null;
  const rows = readSchemaRows(src);
  const enc = src.textEncoding;
  const vfs = new MemoryVfs();
  const name = "vacuum.db";
  // vacuum.c keeps the reserved bytes at the end of each page (sqlite3BtreeGetRequestedReserve).
  const reservedBytes = src.pageSize - src.usableSize;
  const pager = new Pager(vfs, name, {
    pageSize: opts.pageSize,
    reservedBytes,
    journalMode: "off",
    memory: true,
  });
  try {
    pager.beginWrite(true);
    const dst = new Btree(pager, { autoVacuum: opts.autoVacuum, textEncoding: enc });
    const order = creationOrder(schema, rows);
    const roots = new Map<number, number>();
    const trees: { row: SchemaRow; to: number }[] = [];
    // The header values vacuum.c copies (this also makes page 1 of an image without tables).
    if (rows.length > 0) dst.setMeta(Meta.FILE_FORMAT, Math.max(4, src.getMeta(Meta.FILE_FORMAT)));
    dst.setMeta(Meta.SCHEMA_VERSION, (src.getMeta(Meta.SCHEMA_VERSION) + 1) >>> 0);
    dst.setMeta(Meta.DEFAULT_CACHE_SIZE, src.getMeta(Meta.DEFAULT_CACHE_SIZE));
    dst.setMeta(Meta.USER_VERSION, src.getMeta(Meta.USER_VERSION));
    dst.setMeta(Meta.APPLICATION_ID, src.getMeta(Meta.APPLICATION_ID));
    // sqlite_schema rows are written as the CREATE statements write them, so page 1 comes out
    // as SQLite's: CREATE TABLE inserts a placeholder row of five NULLs (sqlite3StartTable's
    // nullRow), the table's automatic indexes insert their rows, then sqlite3EndTable's UPDATE
    // replaces the placeholder; indexes, views and triggers insert their final rows.
    let rowid = 0;
    let pending: { rowid: number; values: (string | number | null)[] } | null = null;
    const put = (id: number, values: (string | number | null)[]) => {
      const sc = dst.cursor(1, { write: true });
      try {
        sc.insert(id, encodeRecord(values, enc));
      } finally {
        sc.close();
      }
    };
    const flush = () => {
      if (pending !== null) put(pending.rowid, pending.values);
      pending = null;
    };
    const placeholder = [null, null, null, null, null];
    for (const r of order) {
      const autoIndexOfPending = pending !== null && r.type === "index" && r.sql === null;
      if (!autoIndexOfPending) flush();
      let root = 0;
      if (r.rootpage > 0) {
        const seen = roots.get(r.rootpage);
        if (seen !== undefined) root = seen;
        else {
          const c = src.cursor(r.rootpage);
          const kind = c.kind;
          c.close();
          root = dst.createTable(kind);
          roots.set(r.rootpage, root);
          trees.push({ row: r, to: root });
        }
      }
      const values = [r.type, r.name, r.tblName, root, r.sql];
      if (r.type === "table" && r.rootpage > 0) {
        put(++rowid, placeholder);
        pending = { rowid, values };
      } else put(++rowid, values);
    }
    flush();
    // Data: each table's rows, then the trees of its indexes (the transfer optimisation's order).
    let done = 0;
    opts.progress?.(0, trees.length);
    const copy = (t: { row: SchemaRow; to: number }) => {
      copyTree(src, t.row.rootpage, dst, t.to, treeKeyInfo(schema, t.row));
      opts.progress?.(++done, trees.length);
    };
    for (const t of trees) {
      if (t.row.type !== "table") continue;
      copy(t);
      for (const ix of trees) {
        if (ix.row.type === "index" && foldName(ix.row.tblName) === foldName(t.row.name)) copy(ix);
      }
    }
    dst.commit();
  } catch (e) {
    if (pager.inWriteTransaction) pager.rollback();
    pager.close();
    throw e;
  }
  pager.close();
  const f = vfs.open(name, { kind: "main-db" });
  try {
    const size = f.size();
    const bytes = new Uint8Array(size);
    f.read(bytes, 0);
    if (size % opts.pageSize !== 0) {
      throw new SqliteError("VACUUM: bad image size", "SQLITE_CORRUPT");
    }
    return { bytes, pageSize: opts.pageSize, pageCount: size / opts.pageSize };
  } finally {
    f.close();
  }
}
