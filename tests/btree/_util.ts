/** Shared helpers for the b-tree tests (not product code). */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Btree, type BtreeOptions } from "../../src/btree/btree.ts";
import { readSchema, writeSchemaRow } from "../../src/btree/schema_table.ts";
import { Meta, type TreeKind } from "../../src/btree/types.ts";
import { RecordReader } from "../../src/format/record.ts";
import { MemPager } from "./_mem_pager.ts";

export { DatabaseSync };

/** Seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value with its SQLite storage class, integers as bigint. */
export type Typed = [string, null | bigint | number | string | Uint8Array];

/** Normalise a decoded value to [typeof, value] with integers as bigint. */
export function typed(r: RecordReader, i: number): Typed {
  switch (r.typeOf(i)) {
    case 0:
      return ["null", null];
    case 1:
      return ["integer", BigInt(r.int(i))];
    case 2:
      return ["real", r.real(i)];
    case 3:
      return ["text", r.text(i)];
    default:
      return ["blob", r.blob(i).slice()];
  }
}

/** Rows of a rowid table read by tsqlite: [rowid, ...typed columns]. */
export function readTableTs(bt: Btree, root: number, ncol: number): unknown[][] {
  return readTreeTs(bt, root, "table", ncol);
}

/** Entries of an index / WITHOUT ROWID tree read by tsqlite, in tree order. */
export function readIndexTs(bt: Btree, root: number, ncol: number): unknown[][] {
  return readTreeTs(bt, root, "index", ncol);
}

/** Every entry of a tree in order: typed columns, after the rowid in a table tree. */
function readTreeTs(bt: Btree, root: number, kind: TreeKind, ncol: number): unknown[][] {
  const cur = bt.cursorOf(root, kind);
  const r = new RecordReader();
  const out: unknown[][] = [];
  for (let ok = cur.first(); ok; ok = cur.next()) {
    const p = cur.payload();
    r.reset(p.data, p.offset, p.length, bt.textEncoding);
    const row: unknown[] = kind === "table" ? [BigInt(cur.rowid())] : [];
    for (let i = 0; i < ncol; i++) row.push(typed(r, i));
    out.push(row);
  }
  cur.close();
  return out;
}

/** Rows as node:sqlite reports them: typeof + value per column. */
export function readTableOracle(
  db: DatabaseSync,
  sql: string,
  cols: string[],
  withRowid = true,
): unknown[][] {
  const sel = (withRowid ? ["rowid"] : []).concat(cols.flatMap((c) => [c, `typeof(${c})`])).join(
    ",",
  );
  const st = db.prepare(`${sql.replace("$COLS", sel)}`);
  st.setReadBigInts(true);
  const out: unknown[][] = [];
  for (const row of st.all() as Record<string, unknown>[]) {
    const vals = Object.values(row);
    const r: unknown[] = [];
    let k = 0;
    if (withRowid) r.push(vals[k++]);
    for (let i = 0; i < cols.length; i++) {
      const v = vals[k++];
      const t = vals[k++] as string;
      r.push([t, t === "real" ? Number(v) : v]);
    }
    out.push(r);
  }
  return out;
}

/** Open a file image with the test pager and a Btree. */
export function openImage(image: Uint8Array): { pager: MemPager; bt: Btree } {
  const pager = new MemPager(image);
  return { pager, bt: new Btree(pager) };
}

/** An empty database in the test pager, with a write transaction open. */
export function freshBtree(
  pageSize: number,
  options: BtreeOptions = {},
  reserved = 0,
): { pager: MemPager; bt: Btree } {
  const pager = new MemPager(null, pageSize, reserved);
  const bt = new Btree(pager, options);
  pager.beginWrite();
  return { pager, bt };
}

/**
 * A schema object to create: a table (a WITHOUT ROWID one, known by its SQL, lives in an
 * index tree) or an index `on` a table.
 */
export type SchemaObject =
  | { table: string; sql: string }
  | { index: string; on: string; sql: string };

/**
 * Create the objects' b-trees in order, then their sqlite_schema rows, then set the schema
 * cookie to 1 — what SQLite's CREATE statements leave in a new file. Needs a write
 * transaction; returns the root pages in the objects' order.
 */
export function createSchema(bt: Btree, objects: SchemaObject[]): number[] {
  const roots = objects.map((o) =>
    bt.createTable("index" in o || /WITHOUT\s+ROWID\s*$/i.test(o.sql) ? "index" : "table")
  );
  objects.forEach((o, k) =>
    writeSchemaRow(
      bt,
      "index" in o
        ? { type: "index", name: o.index, tbl_name: o.on, rootpage: roots[k], sql: o.sql }
        : { type: "table", name: o.table, tbl_name: o.table, rootpage: roots[k], sql: o.sql },
    )
  );
  bt.setMeta(Meta.SCHEMA_VERSION, 1);
  return roots;
}

/** Assert that node:sqlite's PRAGMA integrity_check of `db` is exactly "ok". */
export function assertSqliteIntegrity(db: DatabaseSync): void {
  const rows = db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[];
  assert.deepEqual(rows.map((r) => r.integrity_check), ["ok"]);
}

/** PRAGMA page_count and freelist_count of an open node:sqlite connection. */
export function pageUsage(db: DatabaseSync): { pages: number; free: number } {
  return {
    pages: (db.prepare("PRAGMA page_count").get() as { page_count: number }).page_count,
    free: (db.prepare("PRAGMA freelist_count").get() as { freelist_count: number }).freelist_count,
  };
}

/**
 * Write a file image to `path` and open it with node:sqlite, asserting that its
 * integrity_check is ok. The caller closes the connection.
 */
export function openInSqlite(path: string, image: Uint8Array): DatabaseSync {
  Deno.writeFileSync(path, image);
  const db = new DatabaseSync(path);
  assertSqliteIntegrity(db);
  return db;
}

/** Root page of a named schema object. */
export function rootOf(bt: Btree, name: string): number {
  const row = readSchema(bt).find((r) => r.name === name);
  if (!row) throw new Error(`no schema row ${name}`);
  return row.rootpage;
}

/** Temp directory for this test file. */
export function tmpdir(): string {
  return Deno.makeTempDirSync({ prefix: "tsqlite_btree_" });
}
