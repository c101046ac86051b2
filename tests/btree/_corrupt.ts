/**
 * Shared driver for the corrupt-input tests and soak: read a (possibly
 * damaged) file image through every read path of the format and b-tree
 * layers and classify the outcome. Not product code.
 */
import { Btree } from "../../src/btree/btree.ts";
import { readSchema } from "../../src/btree/schema_table.ts";
import { SqliteError } from "../../src/error.ts";
import { RecordReader } from "../../src/format/record.ts";
import { encodeRecord } from "../../src/format/record.ts";
import { DatabaseSync, prng } from "./_util.ts";
import { MemPager } from "./_mem_pager.ts";

/** Outcome of reading an image: "ok", or the SqliteError code. Throws on anything else. */
export function readEverything(image: Uint8Array): string {
  const before = image.slice();
  const state: { pager: MemPager | null } = { pager: null };
  const outcome = attempt(image, state);
  if (state.pager && state.pager.writes !== 0) throw new Error("wrote to a file while reading it");
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== image[i]) throw new Error("image modified while reading");
  }
  return outcome;
}

/** The code of an error damage may cause (CORRUPT, NOTADB); anything else is rethrown. */
function damageCode(e: unknown): string {
  if (!(e instanceof SqliteError)) throw e;
  if (e.code !== "SQLITE_CORRUPT" && e.code !== "SQLITE_NOTADB") {
    throw new Error(`unexpected SqliteError ${e.code}: ${e.message}`);
  }
  return e.code;
}

function attempt(image: Uint8Array, state: { pager: MemPager | null }): string {
  let pager: MemPager | null = null;
  try {
    pager = new MemPager(image, 4096, 0, true);
    state.pager = pager;
    const bt = new Btree(pager);
    const schema = readSchema(bt);
    const r = new RecordReader();
    const roots = [1];
    for (const s of schema) {
      if (s.rootpage < 1) continue;
      roots.push(s.rootpage);
      const kind = bt.kindOf(s.rootpage);
      const cur = bt.cursorOf(s.rootpage, kind);
      try {
        let n = 0;
        for (let ok = cur.first(); ok && n < 1_000_000; ok = cur.next(), n++) {
          if (kind === "table") cur.rowid();
          const p = cur.payload();
          r.reset(p.data, p.offset, p.length, bt.textEncoding);
          for (let i = 0; i < r.columnCount; i++) r.value(i);
        }
        for (let ok = cur.last(), k = 0; ok && k < 50; ok = cur.prev(), k++) cur.payload();
        if (kind === "table") {
          for (const id of [1, 7, 100, 5000]) cur.seekRowid(id);
        } else {
          for (const k of [[1], ["m"], [null]]) cur.seekIndex(encodeRecord(k));
        }
        cur.count();
      } finally {
        cur.close();
      }
    }
    bt.integrityCheck(roots, 50);
    if (pager.outstanding() !== 0) throw new Error(`leaked ${pager.outstanding()} page refs`);
    return "ok";
  } catch (e) {
    return damageCode(e);
  }
}

/** A small but varied database made by node:sqlite: table, index, WITHOUT ROWID, overflow, freelist. */
export function sampleImage(path: string, pageSize = 1024): Uint8Array {
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA page_size=${pageSize}`);
  db.exec("CREATE TABLE t(a, b, c); CREATE INDEX tb ON t(b, a)");
  db.exec("CREATE TABLE w(k PRIMARY KEY, v) WITHOUT ROWID");
  db.exec("BEGIN");
  const r = prng(99);
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?)");
  const insw = db.prepare("INSERT OR IGNORE INTO w VALUES (?, ?)");
  for (let i = 0; i < 400; i++) {
    ins.run(i, `s${Math.floor(r() * 1000)}`, i % 40 === 0 ? "z".repeat(3000) : r());
    insw.run(`k${i}`, i % 50 === 0 ? new Uint8Array(2500) : i);
  }
  db.exec("COMMIT");
  db.exec("DELETE FROM t WHERE a % 7 = 0");
  db.close();
  return Deno.readFileSync(path);
}

/** Apply a seeded random mutation to a copy of `img`. */
export function mutate(img: Uint8Array, r: () => number, pageSize: number): Uint8Array {
  const out = img.slice();
  const kind = Math.floor(r() * 10);
  if (kind === 0) return out.subarray(0, Math.floor(r() * out.length));
  const n = 1 + Math.floor(r() * 6);
  const pages = Math.floor(out.length / pageSize);
  for (let i = 0; i < n; i++) {
    const pg = Math.floor(r() * pages);
    const base = pg * pageSize + (pg === 0 ? 100 : 0);
    let off: number;
    if (kind < 5) off = base + Math.floor(r() * 24); // page header + first cell pointers
    else if (kind < 7) off = pg * pageSize + Math.floor(r() * pageSize);
    else if (kind === 7) off = Math.floor(r() * 100); // database header
    else off = pg * pageSize + pageSize - 1 - Math.floor(r() * 200); // cell content
    if (off >= out.length) continue;
    const v = r();
    out[off] = v < 0.3 ? 0 : v < 0.5 ? 0xff : Math.floor(r() * 256);
  }
  return out;
}

/**
 * Try writes (inserts, deletes, a new tree, drop) on a damaged image. Returns
 * "ok" or the SqliteError code; anything else is thrown (a bug).
 */
export function writeSomething(image: Uint8Array, seed: number): string {
  try {
    const pager = new MemPager(image.slice());
    const bt = new Btree(pager);
    pager.beginWrite();
    const schema = readSchema(bt);
    const r = prng(seed);
    for (const s of schema) {
      if (s.rootpage < 2) continue;
      const kind = bt.kindOf(s.rootpage);
      const cur = bt.cursorOf(s.rootpage, kind, { write: true });
      try {
        for (let i = 0; i < 40; i++) {
          if (kind === "table") {
            const id = 1 + Math.floor(r() * 500);
            if (r() < 0.5 && cur.seekRowid(id) === 0) cur.delete();
            else cur.insert(id, encodeRecord([id, "w".repeat(Math.floor(r() * 1500))]));
          } else {
            const k = encodeRecord([`k${Math.floor(r() * 500)}`, i]);
            if (r() < 0.5 && cur.seekIndex(k) === 0) cur.delete();
            else cur.insertIndex(k);
          }
        }
      } finally {
        cur.close();
      }
    }
    const t = bt.createTable("table");
    if (schema.length > 0 && schema[0].rootpage > 1) bt.dropTable(schema[0].rootpage);
    bt.clearTable(t);
    bt.commit();
    return "ok";
  } catch (e) {
    return damageCode(e);
  }
}
