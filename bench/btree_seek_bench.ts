/**
 * Cursor seeks on a 100k-row table: rowid lookups (cell lookup by binary
 * search down the tree, then decode the row) and index-key lookups (record
 * comparison at every step), beside node:sqlite doing the same lookups with
 * prepared `WHERE rowid = ?` / `WHERE b = ?` statements on the same file.
 */
import { DatabaseSync } from "node:sqlite";
import { Btree } from "../src/btree/btree.ts";
import { readSchema } from "../src/btree/schema_table.ts";
import { encodeRecord, RecordReader } from "../src/format/record.ts";
import { Pager } from "../src/pager/pager.ts";
import { DenoFileVfs } from "../src/vfs/deno_file.ts";
import { CellInfo, parseCell, payloadLimits } from "../src/format/page.ts";
import { cellCount, cellOffset, childAt, rightChild } from "../src/btree/node.ts";
import { benchDb, keys, row, ROWS } from "./_btree_data.ts";

const path = benchDb();
const pager = new Pager(new DenoFileVfs(), path, { readonly: true, cacheSize: -512000 });
const bt = new Btree(pager);
pager.beginRead();
const schema = readSchema(bt);
const root = schema.find((s) => s.name === "t")!.rootpage;
const iroot = schema.find((s) => s.name === "t_b")!.rootpage;
const reader = new RecordReader();
const db = new DatabaseSync(path, { readOnly: true });
const byRowid = db.prepare("SELECT * FROM t WHERE rowid = ?");
const byName = db.prepare("SELECT rowid FROM t WHERE b = ?");
const ids = keys(10_000, ROWS);
const names = ids.map((i) => row(i)[1]);
const nameKeys = names.map((n) => encodeRecord([n]));
const cur = bt.cursorOf(root, "table");
const icur = bt.cursorOf(iroot, "index");
let sink = 0;

Deno.bench({
  name: "node:sqlite SELECT * WHERE rowid=? (10k lookups)",
  group: "rowid seek",
  baseline: true,
  fn() {
    for (const id of ids) sink += (byRowid.get(id) as { a: number }).a;
  },
});

Deno.bench({
  name: "tsqlite seekRowid + decode row (10k lookups)",
  group: "rowid seek",
  fn() {
    for (const id of ids) {
      if (cur.seekRowid(id) !== 0) throw new Error("miss");
      const p = cur.payload();
      reader.reset(p.data, p.offset, p.length, 1);
      sink += reader.int(0) as number;
    }
  },
});

Deno.bench({
  name: "node:sqlite SELECT rowid WHERE b=? via index (10k lookups)",
  group: "index seek",
  baseline: true,
  fn() {
    for (const n of names) sink += (byName.get(n) as { rowid: number }).rowid;
  },
});

Deno.bench({
  name: "tsqlite seekIndex (prefix key, record compare) (10k lookups)",
  group: "index seek",
  fn() {
    for (const k of nameKeys) {
      let c = icur.seekIndex(k, 0, k.length, 1);
      if (c < 0) c = icur.next() ? 1 : -1;
      const p = icur.payload();
      reader.reset(p.data, p.offset, p.length, 1);
      sink += reader.int(1) as number;
    }
  },
});

// Cell lookup: binary search for a rowid within one leaf page's cells (the inner step of every
// seek) — cell pointer + cell parse — beside node:sqlite's nearest equivalent, a covering
// `SELECT rowid ... WHERE rowid = ?` probe.

const lim = payloadLimits(bt.usableSize);
const info = new CellInfo();
const leafPages: Uint8Array[] = [];
{
  // Collect the leaf pages of t (page buffers stay referenced by the cache).
  const walk = bt.cursorOf(root, "table");
  const seen = new Set<number>();
  for (let ok = walk.first(); ok; ok = walk.next()) {
    const id = Number(walk.rowid());
    if (id % 50 !== 1) continue;
    const leaf = pager.get(findLeaf(id));
    if (!seen.has(leaf.pgno)) {
      seen.add(leaf.pgno);
      leafPages.push(leaf.data);
    }
    pager.release(leaf);
  }
  walk.close();
}
function findLeaf(id: number): number {
  let pgno = root;
  for (;;) {
    const pg = pager.get(pgno);
    const d = pg.data;
    pager.release(pg);
    if ((d[0] & 8) !== 0) return pgno;
    const n = cellCount(d, pgno);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = parseCell(d, cellOffset(d, pgno, mid), 5, lim, info).rowid as number;
      if (r < id) lo = mid + 1;
      else hi = mid;
    }
    pgno = lo === n ? rightChild(d, pgno) : childAt(d, pgno, lo);
  }
}
const probeRowid = db.prepare("SELECT rowid FROM t WHERE rowid = ?");

Deno.bench({
  name: "node:sqlite SELECT rowid WHERE rowid=? (10k probes)",
  group: "cell lookup",
  baseline: true,
  fn() {
    for (const id of ids) sink += (probeRowid.get(id) as { rowid: number }).rowid;
  },
});

Deno.bench({
  name: "tsqlite binary search of one leaf's cells (10k lookups)",
  group: "cell lookup",
  fn() {
    for (let k = 0; k < 10_000; k++) {
      const d = leafPages[k % leafPages.length];
      const n = cellCount(d, 2);
      const want = parseCell(d, cellOffset(d, 2, k % n), 13, lim, info).rowid as number;
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((parseCell(d, cellOffset(d, 2, mid), 13, lim, info).rowid as number) < want) {
          lo = mid + 1;
        } else hi = mid;
      }
      sink += lo;
    }
  },
});
