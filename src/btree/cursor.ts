/**
 * B-tree cursors, writing half (btree.c sqlite3BtreeInsert, sqlite3BtreeDelete,
 * insertCell/dropCell at the cursor, the hand-off to balance()).
 *
 * Owns: inserting a table row or index key at the position a seek found
 * (in place when it fits, else via balance_quick / balance), replacing an
 * equal entry, deleting the current entry (leaf, or interior index entry via
 * its predecessor), and keeping the pointer map right for cells it places.
 * Must never: modify a page before `pager.write()`, or leave the cursor
 * pointing into pages that balancing rewrote (it re-seeks instead).
 * @module
 */

import { corruptError, SqliteError } from "../error.ts";
import { get16, put32 } from "../format/header.ts";
import { headerOffset, parseCell } from "../format/page.ts";
import { PtrmapType } from "../format/ptrmap.ts";
import { writeVarint } from "../format/varint.ts";
import type { Page, PageNumber } from "../pager/types.ts";
import {
  balance,
  balanceDeeperQuick,
  balanceQuick,
  type CellList,
  pageList,
  resetBalanceScratch,
} from "./balance.ts";
import { normRowid, ReadCursor, REQUIRESEEK, VALID } from "./cursor_read.ts";
import { dropCell, insertCellInPlace } from "./node.ts";
import type { BtCursor, Rowid, SeekResult } from "./types.ts";

/**
 * Scratch for a new cell's size/rowid varints, shared by all cursors: filled and consumed by
 * `buildCell` (which copies it) within one synchronous insert call, so opening a cursor
 * allocates no buffer of its own.
 */
const cellPrefix = new Uint8Array(18);

/**
 * A cursor over one tree, reading and (when opened for writing) writing.
 * Created by `Btree.cursor()` / `Btree.cursorOf()` (its constructor is ReadCursor's).
 * @example
 * ```ts
 * const c = bt.cursorOf(root, "table", { write: true });
 * c.insert(5, encodeRecord(["five"]));
 * if (c.seekRowid(5) === 0) c.delete();
 * c.close();
 * ```
 */
export class Cursor extends ReadCursor implements BtCursor {
  /** BTREE_BULKLOAD hint: balancing leaves left siblings full (see CursorOptions.bulkLoad). */
  bulkLoad = false;

  /** Throw unless opened for writing inside a write transaction. */
  private requireWritable(): void {
    if (!this.writable) throw new SqliteError("cursor is read-only", "SQLITE_MISUSE");
    this.ctx.requireWrite();
  }

  /** The current page path (root first) and child slots, for balance(). Cold. */
  private path(): { pgnos: PageNumber[]; slots: number[] } {
    const pgnos: PageNumber[] = [];
    const slots: number[] = [];
    for (let d = 0; d <= this.depth; d++) {
      pgnos.push(this.pages[d]!.pgno);
      slots.push(this.idx[d]);
    }
    return { pgnos, slots };
  }

  /** Key of the entry being inserted, to find it again after a balance. */
  private reseekRowid: Rowid = 0;
  private reseekKey: Uint8Array | null = null;

  /** Insert or replace a table row. */
  insert(rowid: Rowid, record: Uint8Array): void {
    if (!this.isTable) throw new SqliteError("insert on an index cursor", "SQLITE_MISUSE");
    this.requireWritable();
    const key = normRowid(rowid);
    this.ctx.saveCursors(this.root, this);
    const c = this.atLastBelow(key) ? -1 : this.seekRowid(key);
    let plen = writeVarint(cellPrefix, 0, record.length);
    plen += writeVarint(cellPrefix, plen, key);
    const cell = this.ctx.buildCell(cellPrefix, plen, record, true);
    this.reseekRowid = key;
    this.reseekKey = null;
    this.insertCell(c, cell);
  }

  /**
   * True when the cursor is on the tree's last row and that row's rowid is below `key`: the
   * position (and result -1) seekRowid(key) would produce, found without a descent — the
   * append case of a rowid-ordered bulk insert (btree.c's BTCF_AtLast shortcut).
   */
  private atLastBelow(key: number | bigint): boolean {
    if (this.state !== VALID) return false;
    const d = this.depth;
    if (d < 0 || !this.isLeaf(d)) return false;
    const n = this.nCell(d);
    if (n === 0 || this.idx[d] !== n - 1) return false;
    for (let k = 0; k < d; k++) if (this.idx[k] !== this.nCell(k)) return false;
    return this.cellRowid(d, n - 1) < key;
  }

  /**
   * The index form of `atLastBelow`: the cursor is on the tree's largest entry (the last cell
   * of the rightmost leaf — interior entries are all below their right subtrees) and that
   * entry sorts below `keyRec`. The key is then appended where seekIndex would put it (result
   * -1), without a descent: consecutive ascending keys (CREATE INDEX over ordered data,
   * INSERT … SELECT in key order) insert at the cursor, as btree.c's BTREE_APPEND bias does.
   */
  private atLastBelowKey(keyRec: Uint8Array): boolean {
    if (this.state !== VALID) return false;
    const d = this.depth;
    if (d < 0 || !this.isLeaf(d)) return false;
    const n = this.nCell(d);
    if (n === 0 || this.idx[d] !== n - 1) return false;
    for (let k = 0; k < d; k++) if (this.idx[k] !== this.nCell(k)) return false;
    const probe = this.keyProbe();
    probe.fromRecord(keyRec, 0, keyRec.length, 0, this.encoding);
    return this.compareProbe(probe) < 0;
  }

  /** Insert an index key (replacing an equal key). */
  insertIndex(keyRec: Uint8Array): void {
    if (this.isTable) throw new SqliteError("insertIndex on a table cursor", "SQLITE_MISUSE");
    this.requireWritable();
    this.ctx.saveCursors(this.root, this);
    const c = this.atLastBelowKey(keyRec) ? -1 : this.seekIndex(keyRec, 0, keyRec.length, 0);
    const plen = writeVarint(cellPrefix, 0, keyRec.length);
    if (c === 0 && !this.isLeaf(this.depth)) {
      // Replace an interior entry in place of equal key: keep its child pointer.
      const d = this.depth;
      const i = this.idx[d];
      const pg = this.pages[d]!;
      const old = this.current();
      if (old.overflow) this.ctx.freeOverflow(old.overflow, old.payload, old.local);
      const body = this.ctx.buildCell(cellPrefix, plen, keyRec, false);
      const cell = new Uint8Array(4 + body.length);
      put32(cell, 0, this.child(d, i));
      cell.set(body, 4);
      this.ctx.pager.write(pg);
      dropCell(pg.data, pg.pgno, i, old.size, this.ctx.usable);
      this.reseekKey = keyRec;
      this.placeCell(d, i, cell);
      return;
    }
    const cell = this.ctx.buildCell(cellPrefix, plen, keyRec, false);
    this.reseekKey = keyRec;
    this.insertCell(c, cell);
  }

  /** Insert a built leaf cell at the position a seek left (c = its result). */
  private insertCell(c: SeekResult, cell: Uint8Array): void {
    const d = this.depth;
    if (d < 0) throw corruptError("insert: no leaf to insert into");
    const pg = this.pages[d]!;
    let i = this.idx[d];
    this.ctx.pager.write(pg);
    if (c === 0) {
      const old = this.current();
      if (old.overflow) this.ctx.freeOverflow(old.overflow, old.payload, old.local);
      dropCell(pg.data, pg.pgno, i, old.size, this.ctx.usable);
    } else if (c === -1) i = this.nCell(d) === 0 ? 0 : i + 1;
    if (i < 0) i = 0;
    this.placeCell(d, i, cell);
  }

  /** Put `cell` at index i of the page at depth d, balancing if it does not fit. */
  private placeCell(d: number, i: number, cell: Uint8Array): void {
    const pg = this.pages[d]!;
    const ctx = this.ctx;
    if (insertCellInPlace(pg.data, pg.pgno, i, cell, cell.length, ctx.lim)) {
      this.idx[d] = i;
      this.state = VALID;
      if (ctx.autoVacuum) this.ptrmapCell(pg, i);
      return;
    }
    const { pgnos, slots } = this.path();
    const n = this.nCell(d);
    resetBalanceScratch(); // a new balance: no cell list of an earlier one is alive
    const type = pg.data[headerOffset(pg.pgno)];
    // balance_quick: appending past the right edge of a table's rightmost leaf.
    if (
      type === 13 && d > 0 && i === n && n > 0 && pgnos[d - 1] !== 1 &&
      slots[d - 1] === this.nCell(d - 1)
    ) {
      const parentNo = pgnos[d - 1];
      this.releaseAll();
      const parent = ctx.page(parentNo);
      let up: CellList | null;
      try {
        up = balanceQuick(ctx, parent, pgnos[d], cell.slice());
      } finally {
        ctx.pager.release(parent);
      }
      if (up) balance(ctx, pgnos, slots, d - 1, up, this.bulkLoad);
    } else if (type === 13 && d === 0 && i === n && n > 0 && pgnos[0] !== 1) {
      // The root leaf overflows by an appended cell: balance_deeper, then balance_quick.
      this.releaseAll();
      const root = ctx.page(pgnos[0]);
      try {
        balanceDeeperQuick(ctx, root, cell.slice());
      } finally {
        ctx.pager.release(root);
      }
    } else {
      const list = pageList(ctx, pg);
      list.insert(i, cell.slice(), 0, cell.length);
      this.releaseAll();
      balance(ctx, pgnos, slots, d, list, this.bulkLoad);
    }
    // Find the new entry again (balancing moved it): by rowid, or by key for index trees.
    if (this.isTable) this.seekRowid(this.reseekRowid);
    else this.seekIndex(this.reseekKey!, 0, this.reseekKey!.length, 0);
    this.state = VALID;
  }

  /** auto_vacuum: point the ptrmap entries of cell i's overflow chain / child at `pg`. */
  private ptrmapCell(pg: Page, i: number): void {
    const data = pg.data;
    const h = headerOffset(pg.pgno);
    const t = data[h];
    const p = h + ((t & 8) !== 0 ? 8 : 12) + 2 * i;
    const c = parseCell(data, get16(data, p), t, this.ctx.lim, this.info);
    if (c.overflow) this.ctx.ptrmapPut(c.overflow, PtrmapType.OVERFLOW1, pg.pgno);
    if ((t & 8) === 0) this.ctx.ptrmapPut(c.child, PtrmapType.BTREE, pg.pgno);
  }

  /** Delete the current entry. */
  delete(): void {
    this.requireWritable();
    this.ensurePositioned();
    const ctx = this.ctx;
    // Remember the key so next()/prev() continue from here afterwards.
    this.rememberKey();
    ctx.saveCursors(this.root, this);
    const d = this.depth;
    const pg = this.pages[d]!;
    const i = this.idx[d];
    if (this.isLeaf(d)) {
      const cur = this.current();
      const size = cur.size;
      if (cur.overflow) ctx.freeOverflow(cur.overflow, cur.payload, cur.local);
      ctx.pager.write(pg);
      dropCell(pg.data, pg.pgno, i, size, ctx.usable);
      const { pgnos, slots } = this.path();
      this.releaseAll();
      resetBalanceScratch();
      if (d > 0) balance(ctx, pgnos, slots, d, null);
    } else {
      this.deleteInterior(d, i);
    }
    this.state = REQUIRESEEK;
  }

  /**
   * Delete the interior index entry E at (d, i): its predecessor P (the last
   * entry of its left subtree, always on a leaf) is taken off its leaf, the
   * leaf is balanced, then E — wherever balancing left it — is replaced by P
   * (interior) or removed and P re-inserted (leaf). Leaves are never left
   * empty. Cold.
   */
  private deleteInterior(d: number, i: number): void {
    const ctx = this.ctx;
    const eKey = this.savedKey!;
    this.descendRightmost(this.child(d, i));
    const ld = this.depth;
    const lpg = this.pages[ld]!;
    const ln = this.nCell(ld);
    if (ln === 0) throw corruptError("delete: empty leaf");
    this.idx[ld] = ln - 1;
    const pv = this.payload();
    const pKey = pv.data.slice(pv.offset, pv.offset + pv.length);
    const lc = this.current();
    const lsz = lc.size;
    const loff = get16(lpg.data, headerOffset(lpg.pgno) + 8 + 2 * (ln - 1));
    const pCell = lpg.data.slice(loff, loff + lsz);
    ctx.pager.write(lpg);
    dropCell(lpg.data, lpg.pgno, ln - 1, lsz, ctx.usable);
    let path = this.path();
    this.releaseAll();
    resetBalanceScratch();
    balance(ctx, path.pgnos, path.slots, ld, null);
    // Find E again: balancing may have moved it.
    if (this.seekIndex(eKey, 0, eKey.length, 0) !== 0) throw corruptError("delete: entry vanished");
    const d2 = this.depth;
    const pg2 = this.pages[d2]!;
    const i2 = this.idx[d2];
    const e = this.current();
    const eSize = e.size;
    if (e.overflow) ctx.freeOverflow(e.overflow, e.payload, e.local);
    ctx.pager.write(pg2);
    if (this.isLeaf(d2)) {
      dropCell(pg2.data, pg2.pgno, i2, eSize, ctx.usable);
      path = this.path();
      this.releaseAll();
      resetBalanceScratch();
      if (d2 > 0) balance(ctx, path.pgnos, path.slots, d2, null);
      const c = this.seekIndex(pKey, 0, pKey.length, 0);
      if (c === 0) throw corruptError("delete: predecessor duplicated");
      this.reseekKey = pKey;
      this.insertCell(c, pCell);
      return;
    }
    const moved = new Uint8Array(4 + pCell.length);
    put32(moved, 0, this.child(d2, i2));
    moved.set(pCell, 4);
    dropCell(pg2.data, pg2.pgno, i2, eSize, ctx.usable);
    if (insertCellInPlace(pg2.data, pg2.pgno, i2, moved, moved.length, ctx.lim)) {
      if (ctx.autoVacuum) this.ptrmapCell(pg2, i2);
      this.releaseAll();
      return;
    }
    resetBalanceScratch();
    const list = pageList(ctx, pg2);
    list.insert(i2, moved, 0, moved.length);
    path = this.path();
    this.releaseAll();
    balance(ctx, path.pgnos, path.slots, d2, list);
  }
}
