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

/**
 * Scratch reused from one balance to the next: page copies made by `fromPage` (a page-sized
 * typed array gets an off-heap backing store whose allocation, and the GC pressure of thousands
 * of them, dominated balancing) and the lists themselves (their arrays keep their capacity).
 * `resetBalanceScratch()` hands everything back; the b-tree calls it before it starts
 * gathering cells for a balance, when no list of an earlier balance is alive.
 */
const copies: Uint8Array[] = [];
let copiesUsed = 0;
const lists: CellList[] = [];
let listsUsed = 0;

/** Make every page copy and scratch list reusable (start of a balance). */
export function resetBalanceScratch(): void {
  copiesUsed = 0;
  listsUsed = 0;
}

/** A scratch buffer of `size` bytes holding a copy of data[0..size). Cold-ish (once per page per balance). */
function pageCopy(data: Uint8Array, size: number): Uint8Array {
  let b = copies[copiesUsed];
  if (b === undefined || b.length !== size) {
    b = new Uint8Array(size);
    copies[copiesUsed] = b;
  }
  copiesUsed++;
  b.set(data.subarray(0, size));
  return b;
}

/** Cells in order, as (buffer, offset, length) triples, plus page type and right child. */
export class CellList {
  /** Page-type byte. */
  type: number;
  /** Right child (interior pages), else 0. */
  right: PageNumber;
  /** Buffer holding cell i. */
  bufs: Uint8Array[];
  /** Offset of cell i in its buffer (plain arrays: small on-heap integers, cheap to allocate). */
  offs: number[];
  /** Length of cell i (bytes it occupies on a page are max(4, len)). */
  lens: number[];
  /** Number of cells (the arrays may be longer: pooled lists keep their capacity). */
  private n = 0;

  /** An empty list for pages of `type` with right child `right`. */
  constructor(type: number, right: PageNumber) {
    this.type = type;
    this.right = right;
    this.bufs = [];
    this.offs = [];
    this.lens = [];
  }

  /**
   * An empty list from the balance scratch pool (valid until the next `resetBalanceScratch`).
   * Warm: a few per balance.
   */
  static scratch(type: number, right: PageNumber): CellList {
    let l = lists[listsUsed];
    if (l === undefined) {
      l = new CellList(type, right);
      lists[listsUsed] = l;
    } else {
      l.type = type;
      l.right = right;
      l.n = 0;
    }
    listsUsed++;
    return l;
  }

  /** Number of cells. */
  get length(): number {
    return this.n;
  }

  /** Append a cell. Hot within balance. */
  push(buf: Uint8Array, off: number, len: number): void {
    const i = this.n++;
    if (i < this.offs.length) {
      this.bufs[i] = buf;
      this.offs[i] = off;
      this.lens[i] = len;
    } else {
      this.bufs.push(buf);
      this.offs.push(off);
      this.lens.push(len);
    }
  }

  /** Insert a cell at index i. */
  insert(i: number, buf: Uint8Array, off: number, len: number): void {
    this.push(buf, off, len);
    for (let k = this.n - 1; k > i; k--) {
      this.bufs[k] = this.bufs[k - 1];
      this.offs[k] = this.offs[k - 1];
      this.lens[k] = this.lens[k - 1];
    }
    this.bufs[i] = buf;
    this.offs[i] = off;
    this.lens[i] = len;
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
    const list = CellList.scratch(t, right);
    const copy = pageCopy(data, lim.usable);
    // Index cells whose payload size is a one-byte varint and fits locally (the usual case):
    // size = [child] + 1 + payload, at least 4 — parseCell's answer without the call.
    const skip = t === 2 ? 4 : t === 10 ? 0 : -1;
    const maxLocal = lim.maxLocal;
    const usable = lim.usable;
    for (let i = 0; i < n; i++) {
      const q = h + hsz + 2 * i;
      const off = (copy[q] << 8) | copy[q + 1];
      const b = skip < 0 ? 0x80 : copy[off + skip];
      if (b < 0x80 && b <= maxLocal) {
        const sz = skip + 1 + b;
        if (off + sz > usable) throw corruptError("cell past page end");
        list.push(copy, off, sz < 4 ? 4 : sz);
      } else list.push(copy, off, parseCell(copy, off, t, lim, info).size);
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
    const bufs = this.bufs;
    const offs = this.offs;
    const lens = this.lens;
    for (let i = from; i < to;) {
      // A run of cells lying back to back in one buffer (each ending where the one before it
      // starts, as a page this code wrote lays them out) is copied as one block, keeping its
      // layout: one native copy instead of one per cell.
      const b = bufs[i];
      const end = offs[i] + (lens[i] < 4 ? 4 : lens[i]);
      let j = i;
      while (j + 1 < to && bufs[j + 1] === b) {
        const l = lens[j + 1];
        if (offs[j + 1] + (l < 4 ? 4 : l) !== offs[j]) break;
        j++;
      }
      const start = offs[j];
      top -= end - start;
      if (top < ptrEnd) throw corruptError("writePage overflow");
      if (end - start <= 64) { for (let k = start; k < end; k++) data[top + k - start] = b[k]; }
      else data.set(b.subarray(start, end), top);
      const shift = top - start;
      for (let k = i; k <= j; k++) put16(data, h + hsz + 2 * (k - from), offs[k] + shift);
      i = j + 1;
    }
    put16(data, h + 3, to - from);
    put16(data, h + 5, top === 65536 ? 0 : top);
    if (hsz === 12) put32(data, h + 8, right);
  }
}
