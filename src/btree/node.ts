/**
 * Page-level b-tree operations (btree.c btreeInitPage, allocateSpace,
 * freeSpace, defragmentPage, insertCell, dropCell, rebuildPage).
 *
 * Owns: reading a b-tree page's header and cell pointers, validating a page
 * before any cursor trusts it, in-place cell insertion and removal with the
 * freeblock list and fragment count kept right, and rebuilding a page from
 * a list of cells. Knows nothing of trees or cursors.
 * Must never: write a page that `pager.write()` has not been called on
 * (callers do that), or trust an offset read from disk without a bound.
 * @module
 */

import { corruptError } from "../error.ts";
import { get16, get32, put16, put32 } from "../format/header.ts";
import {
  CellInfo,
  headerOffset,
  isValidPageType,
  pageHeaderSize,
  parseCell,
} from "../format/page.ts";
import type { PayloadLimits } from "../format/page.ts";

/** Page-type byte of page `pgno`. Hot. */
export function pageType(data: Uint8Array, pgno: number): number {
  return data[pgno === 1 ? 100 : 0];
}

/** Number of cells on the page. Hot. */
export function cellCount(data: Uint8Array, pgno: number): number {
  const h = pgno === 1 ? 100 : 0;
  return (data[h + 3] << 8) | data[h + 4];
}

/** Offset of cell `i`'s bytes (from the cell pointer array). Hot. */
export function cellOffset(data: Uint8Array, pgno: number, i: number): number {
  const h = pgno === 1 ? 100 : 0;
  const p = h + ((data[h] & 8) !== 0 ? 8 : 12) + 2 * i;
  return (data[p] << 8) | data[p + 1];
}

/** Right-child pointer of an interior page. Hot. */
export function rightChild(data: Uint8Array, pgno: number): number {
  const h = pgno === 1 ? 100 : 0;
  return get32(data, h + 8);
}

/** Set the right-child pointer of an interior page. */
export function setRightChild(data: Uint8Array, pgno: number, child: number): void {
  put32(data, (pgno === 1 ? 100 : 0) + 8, child);
}

/** Left-child pointer of interior cell `i`. Hot. */
export function childAt(data: Uint8Array, pgno: number, i: number): number {
  const off = cellOffset(data, pgno, i);
  return get32(data, off);
}

/** Content-area start (0 stored means 65536). */
function contentStart(data: Uint8Array, h: number): number {
  const v = get16(data, h + 5);
  return v === 0 ? 65536 : v;
}

const validated = new WeakSet<Uint8Array>();
const scratch = new CellInfo();

/** Forget that `data` was validated (after another layer rewrote it). Cold. */
export function forgetValidation(data: Uint8Array): void {
  validated.delete(data);
}

/**
 * Check a page read from disk before use (btreeInitPage + btreeComputeFreeSpace
 * + cell-size check). Cached per page buffer; cold after the first visit.
 * Throws SQLITE_CORRUPT.
 */
export function validatePage(data: Uint8Array, pgno: number, lim: PayloadLimits): void {
  if (validated.has(data)) return;
  const h = headerOffset(pgno);
  const t = data[h];
  if (!isValidPageType(t)) throw corruptError(`page ${pgno}: bad type ${t}`);
  const usable = lim.usable;
  const hsz = pageHeaderSize(t);
  const n = get16(data, h + 3);
  const ptrEnd = h + hsz + 2 * n;
  const top = contentStart(data, h);
  // btreeInitPage: the cell count must fit (MX_CELL); the content-area start is
  // only judged through nFree below, as SQLite does.
  if (ptrEnd > usable) throw corruptError(`page ${pgno}: bad cell count`);
  // btreeCellSizeCheck: every cell inside [end of pointer array, usable).
  for (let i = 0; i < n; i++) {
    const off = get16(data, h + hsz + 2 * i);
    if (off < ptrEnd || off > usable - 4) throw corruptError(`page ${pgno}: cell offset`);
    const c = parseCell(data, off, t, lim, scratch);
    if (off + c.size > usable) throw corruptError(`page ${pgno}: cell extends past page`);
  }
  // Freeblocks and nFree exactly as btreeComputeFreeSpace checks them.
  let fb = get16(data, h + 1);
  let nFree = data[h + 7] + top;
  if (fb !== 0) {
    if (fb < top) throw corruptError(`page ${pgno}: freeblock before content`);
    let guard = 0;
    for (;;) {
      if (fb > usable - 4 || ++guard > usable / 4) {
        throw corruptError(`page ${pgno}: freeblock list`);
      }
      const next = get16(data, fb);
      const sz = get16(data, fb + 2);
      nFree += sz;
      if (next <= fb + sz + 3) {
        if (next > 0) throw corruptError(`page ${pgno}: freeblock order`);
        if (fb + sz > usable) throw corruptError(`page ${pgno}: freeblock past end`);
        break;
      }
      fb = next;
    }
  }
  if (nFree > usable || nFree < ptrEnd) throw corruptError(`page ${pgno}: free space`);
  validated.add(data);
}

/** Free bytes on a page (gap + freeblocks + fragments), as SQLite's nFree. Hot-ish. */
export function freeSpace(data: Uint8Array, pgno: number, usable: number): number {
  const h = pgno === 1 ? 100 : 0;
  const hsz = (data[h] & 8) !== 0 ? 8 : 12;
  const n = (data[h + 3] << 8) | data[h + 4];
  let free = contentStart(data, h) - (h + hsz + 2 * n) + data[h + 7];
  let fb = get16(data, h + 1);
  let guard = 0;
  while (fb !== 0 && guard++ < usable) {
    free += get16(data, fb + 2);
    fb = get16(data, fb);
  }
  return free;
}

/** Initialise `data` as an empty b-tree page of type `t` (zeroPage). */
export function zeroPage(data: Uint8Array, pgno: number, t: number, usable: number): void {
  const h = headerOffset(pgno);
  data.fill(0, h, h + 12);
  data[h] = t;
  put16(data, h + 5, usable === 65536 ? 0 : usable);
}

/**
 * Insert `cell` (bytes, already built) as cell `idx` if it fits; returns false
 * (page untouched) when it does not. Hot (every insert).
 */
export function insertCellInPlace(
  data: Uint8Array,
  pgno: number,
  idx: number,
  cell: Uint8Array,
  cellLen: number,
  lim: PayloadLimits,
): boolean {
  const h = pgno === 1 ? 100 : 0;
  const hsz = (data[h] & 8) !== 0 ? 8 : 12;
  const n = (data[h + 3] << 8) | data[h + 4];
  const sz = cellLen < 4 ? 4 : cellLen;
  const usable = lim.usable;
  if (freeSpace(data, pgno, usable) < sz + 2) return false;
  const ptrStart = h + hsz;
  let gapEnd = ptrStart + 2 * n + 2; // pointer array after insertion
  let top = contentStart(data, h);
  let at = -1;
  // First fit in the freeblock list (pageFindSlot), only if the pointer array still fits.
  if (get16(data, h + 1) !== 0 && gapEnd <= top) {
    let prev = h + 1;
    let fb = get16(data, prev);
    let guard = 0;
    while (fb !== 0 && guard++ < usable) {
      const fsz = get16(data, fb + 2);
      if (fsz >= sz) {
        const rem = fsz - sz;
        if (rem < 4) {
          if (data[h + 7] + rem <= 60) {
            put16(data, prev, get16(data, fb));
            data[h + 7] += rem;
            at = fb;
          }
        } else {
          put16(data, fb + 2, rem);
          at = fb + rem;
        }
        break;
      }
      prev = fb;
      fb = get16(data, fb);
    }
  }
  if (at < 0) {
    if (gapEnd + sz > top) {
      defragment(data, pgno, lim);
      top = contentStart(data, h);
      gapEnd = ptrStart + 2 * n + 2;
      if (gapEnd + sz > top) throw corruptError("insertCell: no room after defragment");
    }
    top -= sz;
    put16(data, h + 5, top === 65536 ? 0 : top);
    at = top;
  }
  // Small cells by hand: a typed-array set() call costs more than a few dozen bytes.
  if (cellLen <= 64) { for (let k = 0; k < cellLen; k++) data[at + k] = cell[k]; }
  else data.set(cellLen === cell.length ? cell : cell.subarray(0, cellLen), at);
  const pi = ptrStart + 2 * idx;
  data.copyWithin(pi + 2, pi, ptrStart + 2 * n);
  put16(data, pi, at);
  put16(data, h + 3, n + 1);
  return true;
}

/** Remove cell `idx` (of size `size`), returning its space to the freeblock list. Hot. */
export function dropCell(
  data: Uint8Array,
  pgno: number,
  idx: number,
  size: number,
  usable: number,
): void {
  const h = pgno === 1 ? 100 : 0;
  const hsz = (data[h] & 8) !== 0 ? 8 : 12;
  const n = (data[h + 3] << 8) | data[h + 4];
  const ptrStart = h + hsz;
  const off = get16(data, ptrStart + 2 * idx);
  freeBlock(data, h, off, size < 4 ? 4 : size, usable);
  data.copyWithin(ptrStart + 2 * idx, ptrStart + 2 * idx + 2, ptrStart + 2 * n);
  put16(data, h + 3, n - 1);
  if (n - 1 === 0) {
    // Empty page: reset the content area completely (as SQLite's dropCell does).
    data[h + 1] = 0;
    data[h + 2] = 0;
    data[h + 7] = 0;
    put16(data, h + 5, usable === 65536 ? 0 : usable);
  }
}

/** Add [start, start+size) to the sorted freeblock list, coalescing neighbours (freeSpace). */
function freeBlock(data: Uint8Array, h: number, start: number, size: number, usable: number): void {
  let prev = h + 1;
  let fb = get16(data, prev);
  let guard = 0;
  while (fb !== 0 && fb < start) {
    if (++guard > usable) throw corruptError("freeblock loop");
    prev = fb;
    fb = get16(data, fb);
  }
  let end = start + size;
  let frag = 0;
  // Coalesce with the following block (possibly through a fragment gap of < 4 bytes).
  if (fb !== 0 && fb <= end + 3) {
    frag += fb - end;
    end = fb + get16(data, fb + 2);
    fb = get16(data, fb);
  }
  // Coalesce with the preceding block.
  if (prev > h + 1) {
    const pend = prev + get16(data, prev + 2);
    if (pend + 3 >= start) {
      frag += start - pend;
      start = prev;
      // find the predecessor of prev to relink
      let pp = h + 1;
      let x = get16(data, pp);
      while (x !== prev) {
        pp = x;
        x = get16(data, x);
      }
      prev = pp;
    }
  }
  const f = data[h + 7] - frag;
  data[h + 7] = f < 0 ? 0 : f;
  const top = contentStart(data, h);
  if (start <= top) {
    // Block touches the content start: give it back to the gap.
    put16(data, prev, fb);
    put16(data, h + 5, end === 65536 ? 0 : end);
    return;
  }
  put16(data, prev, start);
  put16(data, start, fb);
  put16(data, start + 2, end - start);
}

/** Compact all cells to the end of the page, leaving one gap (defragmentPage). */
export function defragment(data: Uint8Array, pgno: number, lim: PayloadLimits): void {
  const h = pgno === 1 ? 100 : 0;
  const t = data[h];
  const hsz = pageHeaderSize(t);
  const n = get16(data, h + 3);
  const copy = data.slice(0, lim.usable);
  let top = lim.usable;
  for (let i = 0; i < n; i++) {
    const pi = h + hsz + 2 * i;
    const off = get16(copy, pi);
    const sz = parseCell(copy, off, t, lim, scratch).size;
    top -= sz;
    // Overlapping cells on a damaged page do not fit once laid end to end.
    if (top < h + hsz + 2 * n || off + sz > lim.usable) {
      throw corruptError(`page ${pgno}: defragment`);
    }
    data.set(copy.subarray(off, off + sz), top);
    put16(data, pi, top);
  }
  data[h + 1] = 0;
  data[h + 2] = 0;
  data[h + 7] = 0;
  put16(data, h + 5, top === 65536 ? 0 : top);
}
