/**
 * The `sqlite_schema` table (fileformat2 §2.6 "Storage Of The SQL Database
 * Schema"): a rowid table rooted at page 1 with columns
 * (type, name, tbl_name, rootpage, sql).
 *
 * Owns: reading every schema row and writing rows for new objects the way
 * SQLite does (rowid = largest + 1, rootpage 0 for views and triggers, sql
 * stored verbatim — normalising the SQL text is the engine's job).
 * Must never: parse SQL.
 * @module
 */

import { corruptError } from "../error.ts";
import { encodeRecord, RecordReader } from "../format/record.ts";
import type { Btree } from "./btree.ts";
import type { Rowid } from "./types.ts";

/** One row of sqlite_schema. */
export interface SchemaRow {
  /** Rowid of the row in sqlite_schema. */
  rowid: Rowid;
  /** "table" | "index" | "view" | "trigger". */
  type: string;
  /** Object name. */
  name: string;
  /** Table the object belongs to. */
  tbl_name: string;
  /** Root page (0 for views and triggers). */
  rootpage: number;
  /** CREATE statement text, or null for automatic indexes. */
  sql: string | null;
}

/**
 * Read every row of sqlite_schema, in rowid order.
 * @example
 * ```ts
 * for (const r of readSchema(bt)) console.log(r.type, r.name, r.rootpage);
 * ```
 */
export function readSchema(bt: Btree): SchemaRow[] {
  if (bt.pager.pageCount() === 0) return [];
  const cur = bt.cursorOf(1, "table");
  const r = new RecordReader();
  const enc = bt.textEncoding;
  const rows: SchemaRow[] = [];
  try {
    for (let ok = cur.first(); ok; ok = cur.next()) {
      const p = cur.payload();
      r.reset(p.data, p.offset, p.length, enc);
      const text = (i: number): string => {
        const t = r.typeOf(i);
        if (t === 3) return r.text(i);
        if (t === 0) return "";
        throw corruptError("sqlite_schema: non-text column");
      };
      const rootT = r.typeOf(3);
      const root = rootT === 1 ? Number(r.int(3)) : 0;
      rows.push({
        rowid: cur.rowid(),
        type: text(0),
        name: text(1),
        tbl_name: text(2),
        rootpage: root,
        sql: r.typeOf(4) === 3 ? r.text(4) : null,
      });
    }
  } finally {
    cur.close();
  }
  return rows;
}

/**
 * Append a schema row (rowid = largest existing + 1, as OP_NewRowid). Needs a
 * write transaction. Returns the rowid used.
 * @example
 * ```ts
 * pager.beginWrite();
 * const root = bt.createTable("table");
 * writeSchemaRow(bt, { type: "table", name: "t", tbl_name: "t", rootpage: root, sql: "CREATE TABLE t(a)" });
 * bt.setMeta(Meta.SCHEMA_VERSION, bt.getMeta(Meta.SCHEMA_VERSION) + 1);
 * bt.commit();
 * ```
 */
export function writeSchemaRow(bt: Btree, row: Omit<SchemaRow, "rowid">): Rowid {
  const cur = bt.cursorOf(1, "table", { write: true });
  try {
    let rowid: Rowid = 1;
    if (cur.last()) {
      const last = cur.rowid();
      rowid = typeof last === "bigint" ? last + 1n : last + 1;
    }
    const rec = encodeRecord(
      [row.type, row.name, row.tbl_name, row.rootpage, row.sql],
      bt.textEncoding,
    );
    cur.insert(rowid, rec);
    return rowid;
  } finally {
    cur.close();
  }
}

/** Delete the schema row with `rowid`; returns true if it existed. */
export function deleteSchemaRow(bt: Btree, rowid: Rowid): boolean {
  const cur = bt.cursorOf(1, "table", { write: true });
  try {
    if (cur.seekRowid(rowid) !== 0) return false;
    cur.delete();
    return true;
  } finally {
    cur.close();
  }
}
