/**
 * A page's cells as a list for balancing (btree.c's CellArray).
 *
 * Owns: holding the cells of up to a few pages without copying each cell:
 * a page's bytes are copied once and every cell is an (buffer, offset,
 * length) triple into that copy; new cells (the one being inserted,
 * dividers) are their own small buffers. Also writes a range of cells onto
 * a page (rebuildPage).
 * Must never: keep references to live page buffers (pages are rewritten
 * while the list is in use) — `fromPage` copies first.
 * @module
 */

import { corruptError } from "../error.ts";
import { get16, get32, put16, put32 } from "../format/header.ts";
import {
  CellInfo,
  headerOffset,
  pageHeaderSize,
  parseCell,
  type PayloadLimits,
} from "../format/page.ts";
import type { PageNumber } from "../pager/types.ts";

const info = new CellInfo();

/** Cells in order, as (buffer, offset, length) triples, plus page type and right child. */
export class CellList {
  /** Page-type byte. */
  type: number;
  /** Right child (interior pages), else 0. */
  right: PageNumber;
  /** Buffer holding cell i. */
  bufs: Uint8Array[];
  /** Offset of cell i in its buffer. */
  offs: Int32Array;
  /** Length of cell i (bytes it occupies on a page are max(4, len)). */
  lens: Int32Array;
  private n = 0;

  /** An empty list for pages of `type` with right child `right`, sized for `capacity` cells. */
  constructor(type: number, right: PageNumber, capacity = 8) {
    this.type = type;
    this.right = right;
    const cap = capacity < 4 ? 4 : capacity;
    this.bufs = new Array(cap);
    this.offs = new Int32Array(cap);
    this.lens = new Int32Array(cap);
  }

  /** Number of cells. */
  get length(): number {
    return this.n;
  }

  private grow(): void {
    const cap = this.offs.length * 2;
    const o = new Int32Array(cap);
    o.set(this.offs);
    this.offs = o;
    const l = new Int32Array(cap);
    l.set(this.lens);
    this.lens = l;
    this.bufs.length = cap;
  }

  /** Append a cell. Hot within balance. */
  push(buf: Uint8Array, off: number, len: number): void {
    if (this.n === this.offs.length) this.grow();
    const i = this.n++;
    this.bufs[i] = buf;
    this.offs[i] = off;
    this.lens[i] = len;
  }

  /** Insert a cell at index i. */
  insert(i: number, buf: Uint8Array, off: number, len: number): void {
    if (this.n === this.offs.length) this.grow();
    for (let k = this.n; k > i; k--) {
      this.bufs[k] = this.bufs[k - 1];
      this.offs[k] = this.offs[k - 1];
      this.lens[k] = this.lens[k - 1];
    }
    this.bufs[i] = buf;
    this.offs[i] = off;
    this.lens[i] = len;
    this.n++;
  }

  /** Bytes cell i needs on a page, pointer included. */
  cost(i: number): number {
    const l = this.lens[i];
    return (l < 4 ? 4 : l) + 2;
  }

  /** Bytes cells [from, to) need on a page. */
  bytes(from = 0, to = this.length): number {
    let s = 0;
    for (let i = from; i < to; i++) s += this.cost(i);
    return s;
  }

  /** A fresh copy of cell i's bytes. */
  copy(i: number): Uint8Array {
    const o = this.offs[i];
    return this.bufs[i].slice(o, o + this.lens[i]);
  }

  /** Read the 4-byte child pointer at the start of cell i (interior cells). */
  child(i: number): number {
    const b = this.bufs[i];
    const o = this.offs[i];
    return get32(b, o);
  }

  /** The list of a page's cells: one copy of the page, cells as views into it. */
  static fromPage(data: Uint8Array, pgno: PageNumber, lim: PayloadLimits): CellList {
    const h = headerOffset(pgno);
    const t = data[h];
    const hsz = pageHeaderSize(t);
    const n = get16(data, h + 3);
    const right = (t & 8) === 0 ? get32(data, h + 8) : 0;
    const list = new CellList(t, right, n + 2);
    const copy = data.slice(0, lim.usable);
    for (let i = 0; i < n; i++) {
      const off = get16(copy, h + hsz + 2 * i);
      list.push(copy, off, parseCell(copy, off, t, lim, info).size);
    }
    return list;
  }

  /** True when every cell fits on page `pgno`. */
  fits(pgno: PageNumber, usable: number): boolean {
    return headerOffset(pgno) + pageHeaderSize(this.type) + this.bytes() <= usable;
  }

  /**
   * Rewrite page `pgno` (buffer `data`) with cells [from, to), this list's
   * type and `right` as right child. Caller guarantees they fit. Cold.
   */
  writePage(
    data: Uint8Array,
    pgno: PageNumber,
    from: number,
    to: number,
    right: number,
    usable: number,
  ): void {
    const h = headerOffset(pgno);
    const t = this.type;
    const hsz = pageHeaderSize(t);
    data.fill(0, h, h + hsz);
    data[h] = t;
    let top = usable;
    const ptrEnd = h + hsz + 2 * (to - from);
    for (let i = from; i < to; i++) {
      const len = this.lens[i];
      const sz = len < 4 ? 4 : len;
      top -= sz;
      if (top < ptrEnd) throw corruptError("writePage overflow");
      const b = this.bufs[i];
      const o = this.offs[i];
      if (len <= 64) { for (let k = 0; k < len; k++) data[top + k] = b[o + k]; }
      else data.set(b.subarray(o, o + len), top);
      put16(data, h + hsz + 2 * (i - from), top);
    }
    put16(data, h + 3, to - from);
    put16(data, h + 5, top === 65536 ? 0 : top);
    if (hsz === 12) put32(data, h + 8, right);
  }
}
