/**
 * Property test of seek semantics (sqlite3BtreeTableMoveto / IndexMoveto):
 * after a seek the cursor sits on the entry the result code promises —
 * 0: an equal entry; -1: an entry smaller than the key whose successor is
 * larger; +1: an entry larger than the key whose predecessor is smaller —
 * for random trees (with interior index entries) and random probe keys,
 * prefix keys and every default_rc.
 */
import assert from "node:assert/strict";
import type { Cursor } from "../../src/btree/cursor.ts";
import { encodeRecord, type RecordValue } from "../../src/format/record.ts";
import { BINARY_INFO, compareRecords } from "../../src/format/record_compare.ts";
import { freshBtree, prng } from "./_util.ts";

function val(r: () => number): RecordValue {
  const k = Math.floor(r() * 5);
  if (k === 0) return null;
  if (k === 1) return Math.floor(r() * 50) - 10;
  if (k === 2) return Math.floor(r() * 100) / 4;
  if (k === 3) {
    return "s" + Math.floor(r() * 40) + "x".repeat(Math.floor(r() * (r() < 0.05 ? 900 : 8)));
  }
  return new Uint8Array([Math.floor(r() * 4)]);
}

function cmpAt(c: Cursor, key: Uint8Array, drc: number): number {
  const p = c.payload();
  return compareRecords(p.data, p.offset, p.length, key, 0, key.length, BINARY_INFO, 1, drc);
}

for (const ps of [512, 4096]) {
  Deno.test(`seek property: index seeks land where the result code says (page size ${ps})`, () => {
    const { bt } = freshBtree(ps);
    const root = bt.createTable("index");
    const c = bt.cursorOf(root, "index", { write: true });
    const r = prng(ps);
    for (let i = 0; i < 4000; i++) c.insertIndex(encodeRecord([val(r), val(r), i]));
    for (let i = 0; i < 1500; i++) {
      const k = encodeRecord([val(r), val(r)]);
      const res = c.seekIndex(k, 0, k.length, 0);
      if (res === 0) c.delete();
    }
    const total = c.count();
    for (let probe = 0; probe < 3000; probe++) {
      const fields: RecordValue[] = [val(r)];
      if (r() < 0.6) fields.push(val(r));
      const key = encodeRecord(fields);
      const drc = [-1, 0, 1][Math.floor(r() * 3)] as -1 | 0 | 1;
      const res = c.seekIndex(key, 0, key.length, drc);
      if (c.eof) {
        assert.equal(total, 0);
        continue;
      }
      const here = cmpAt(c, key, drc);
      if (res === 0) assert.equal(here, 0);
      else if (res < 0) {
        assert.ok(here < 0, `res -1 but entry is not smaller (${here})`);
        if (c.next()) assert.ok(cmpAt(c, key, drc) > 0, "successor must be larger");
      } else {
        assert.ok(here > 0, `res +1 but entry is not larger (${here})`);
        if (c.prev()) assert.ok(cmpAt(c, key, drc) < 0, "predecessor must be smaller");
      }
    }
    c.close();
  });

  Deno.test(`seek property: rowid seeks land where the result code says (page size ${ps})`, () => {
    const { bt } = freshBtree(ps);
    const root = bt.createTable("table");
    const c = bt.cursorOf(root, "table", { write: true });
    const r = prng(ps + 1);
    const ids = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const id = Math.floor(r() * 20000) - 5000;
      c.insert(id, encodeRecord([id]));
      ids.add(id);
    }
    const sorted = [...ids].sort((a, b) => a - b);
    for (let probe = 0; probe < 5000; probe++) {
      const key = Math.floor(r() * 22000) - 6000;
      const res = c.seekRowid(key);
      const at = Number(c.rowid());
      if (res === 0) assert.equal(at, key);
      else if (res < 0) {
        assert.ok(at < key);
        const nxt = sorted.find((x) => x > at);
        assert.ok(nxt === undefined || nxt > key);
      } else {
        assert.ok(at > key);
        const prv = sorted.findLast((x) => x < at);
        assert.ok(prv === undefined || prv < key);
      }
    }
    c.close();
  });
}
