/**
 * Reading the schema — SQLite's prepare.c (`sqlite3InitOne`, `sqlite3InitCallback`): walk
 * `sqlite_schema` (root page 1), parse each stored CREATE statement and build the catalog.
 *
 * Owns: turning sqlite_schema rows into a `Schema` at the current schema cookie, matching
 * automatic-index rows (`sql` NULL) to the indexes their table's constraints imply.
 * Must never: write anything, or keep cursors open past the load. Cold.
 * @module
 */

import { corruptError, SqliteError } from "../error.ts";
import { type BtreeApi, Meta } from "../btree/types.ts";
import { parseOne } from "../sql/mod.ts";
import { Schema, stat1Key } from "../planner/schema.ts";
import {
  buildIndex,
  buildTable,
  buildTrigger,
  buildView,
  fillDefaultTexts,
  storedIndexes,
} from "../planner/schema_build.ts";
import { RecordHeader } from "../vdbe/ops/record.ts";
import { decodeText } from "../format/text.ts";
import { Mem, MemType } from "../vdbe/mem.ts";

/** One row of sqlite_schema. */
export interface SchemaRow {
  readonly rowid: number | bigint;
  readonly type: string;
  readonly name: string;
  readonly tblName: string;
  readonly rootpage: number;
  readonly sql: string | null;
}

/**
 * Column `i` of the parsed record as text (numbers rendered, BLOBs decoded in the file's
 * encoding), or null. Cold.
 */
function columnText(hdr: RecordHeader, i: number, m: Mem): string | null {
  hdr.column(i, m);
  if (m.type === MemType.NULL) return null;
  if (m.type === MemType.TEXT) return m.s;
  if (m.type === MemType.INT || m.type === MemType.REAL) return String(m.n);
  return decodeText(m.b, 0, m.b.length, hdr.enc);
}

/** Read every sqlite_schema row in rowid order. Needs a read transaction. Cold. */
export function readSchemaRows(bt: BtreeApi): SchemaRow[] {
  const rows: SchemaRow[] = [];
  if (bt.pager.pageCount() === 0) return rows;
  scanTable(bt, 1, (text, m, rowid) => {
    const r = m(3);
    const rootpage = r.type === MemType.INT ? r.n : 0; // read before text() reuses the Mem
    rows.push({
      rowid,
      type: text(0) ?? "",
      name: text(1) ?? "",
      tblName: text(2) ?? "",
      rootpage,
      sql: text(4),
    });
  });
  return rows;
}

/**
 * Visit every row of the table b-tree at `root` in rowid order; `text(i)` and `mem(i)` read
 * column i of the current row (the Mem is reused). Cold.
 */
function scanTable(
  bt: BtreeApi,
  root: number,
  visit: (
    text: (i: number) => string | null,
    mem: (i: number) => Mem,
    rowid: number | bigint,
  ) => void,
): void {
  const cur = bt.cursor(root);
  const hdr = new RecordHeader();
  hdr.enc = bt.textEncoding;
  const m = new Mem();
  const text = (i: number): string | null => columnText(hdr, i, m);
  const mem = (i: number): Mem => {
    hdr.column(i, m);
    return m;
  };
  try {
    for (let ok = cur.first(); ok; ok = cur.next()) {
      const p = cur.payload();
      hdr.parse(p.data, p.offset, p.length);
      visit(text, mem, cur.rowid());
    }
  } finally {
    cur.close();
  }
}

/** Parse one stored CREATE statement (errors become "malformed database schema"). */
function parseStored(name: string, sql: string) {
  try {
    const parsed = parseOne(sql, 0);
    if (parsed.stmt === null) throw new SqliteError("empty");
    return parsed.stmt;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new SqliteError(`malformed database schema (${name}) - ${msg}`, "SQLITE_CORRUPT");
  }
}

/**
 * Build the catalog from the database. Needs a read transaction. Cold.
 */
export function loadSchema(bt: BtreeApi): Schema {
  const schema = new Schema();
  if (bt.pager.pageCount() === 0) return schema;
  schema.cookie = bt.getMeta(Meta.SCHEMA_VERSION);
  schema.fileFormat = bt.getMeta(Meta.FILE_FORMAT) || 4;
  const rows = readSchemaRows(bt);
  const later: SchemaRow[] = [];
  const autoRoots = new Map<string, number>();
  for (const r of rows) {
    if (r.type === "table" && r.sql !== null) {
      const stmt = parseStored(r.name, r.sql);
      if (stmt.kind === "createVirtualTable") {
        // connected to its module on first use (src/api/vtab.ts), as SQLite does
        schema.virtualTables.set(r.name.toLowerCase(), {
          name: r.name,
          module: stmt.module.name,
          args: stmt.args ?? [],
          sql: r.sql,
        });
        schema.tblOrder.insert(r.name); // (it is in SQLite's table hash, like any table)
        continue;
      }
      if (stmt.kind !== "createTable" || stmt.definition.kind !== "columns") {
        throw corruptError(`sqlite_schema row for ${r.name} is not CREATE TABLE`);
      }
      const built = buildTable(stmt, r.sql);
      fillDefaultTexts(built.table, stmt, r.sql);
      built.table.rootPage = r.rootpage;
      schema.addTable(built.table);
      if (built.pkIndex !== null) built.pkIndex.rootPage = r.rootpage;
      for (const ix of built.autoIndexes) {
        schema.addIndex(ix);
      }
      for (const ix of storedIndexes(built)) autoRoots.set(ix.name.toLowerCase(), 0);
    } else if (r.type === "index" && r.sql === null) {
      autoRoots.set(r.name.toLowerCase(), r.rootpage);
    } else if (r.type === "view" && r.sql !== null) {
      // Views join the table hash in rowid order, interleaved with tables (as SQLite loads).
      const stmt = parseStored(r.name, r.sql);
      if (stmt.kind === "createView") schema.addView(buildView(stmt, r.sql));
    } else {
      later.push(r);
    }
  }
  for (const [name, root] of autoRoots) {
    const ix = schema.index(name);
    if (ix !== undefined) ix.rootPage = root;
  }
  for (const r of later) {
    if (r.sql === null) continue;
    const stmt = parseStored(r.name, r.sql);
    switch (stmt.kind) {
      case "createIndex": {
        const t = schema.table(stmt.table.name);
        if (t === undefined) {
          throw new SqliteError(`malformed database schema (${r.name})`, "SQLITE_CORRUPT");
        }
        const ix = buildIndex(stmt, r.sql, t);
        ix.rootPage = r.rootpage;
        schema.addIndex(ix);
        break;
      }
      case "createTrigger":
        schema.addTrigger(buildTrigger(stmt, r.sql));
        break;
      default:
        break;
    }
  }
  loadStat1(bt, schema);
  return schema;
}

/**
 * Read sqlite_stat1 into `schema.stat1`, as analyze.c's sqlite3AnalysisLoad does when the schema
 * loads: rows whose `tbl` names no table, or whose `stat` is NULL, are skipped. Cold.
 */
export function loadStat1(bt: BtreeApi, schema: Schema): void {
  schema.stat1.clear();
  const t = schema.table("sqlite_stat1");
  if (t === undefined || t.rootPage <= 0) return;
  scanTable(bt, t.rootPage, (text) => {
    const tbl = text(0);
    const stat = text(2);
    if (tbl === null || stat === null || schema.table(tbl) === undefined) return;
    schema.stat1.set(stat1Key(tbl, text(1)), stat);
  });
}
