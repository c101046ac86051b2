/**
 * Tree balancing (btree.c balance, balance_nonroot, balance_deeper,
 * balance_quick; the shallower case of balance_nonroot at the root).
 *
 * Owns: restoring the b-tree invariants after a page overflows (a cell
 * list that no longer fits) or underflows (more than 2/3 free). As SQLite
 * does, a non-root page is balanced together with up to two siblings: all
 * their cells plus the dividers between them are gathered, packed left to
 * right, then shifted right so that pages end up evenly full; new dividers
 * go to the parent, which may in turn overflow and be balanced. The root
 * grows a level (balance_deeper) when it overflows and absorbs its only
 * child (balance_shallower) when it empties. Appending past the right edge
 * of a table takes balance_quick: a new page with just the new cell.
 * Cold-ish path: works on cell lists (one copy per page, cells as views).
 * Must never: leave a non-root page it builds empty when cells exist, or
 * place cells past the usable area.
 * @module
 */

import { corruptError } from "../error.ts";
import { get16, put32 } from "../format/header.ts";
import { CellInfo, headerOffset, pageHeaderSize, parseCell } from "../format/page.ts";
import { PtrmapType } from "../format/ptrmap.ts";
import { varintSize, writeVarint } from "../format/varint.ts";
import type { Page, PageNumber } from "../pager/types.ts";
import { CellList, resetBalanceScratch } from "./cell_list.ts";
import type { BtContext } from "./context.ts";
import {
  cellCount,
  childAt,
  dropCell,
  freeSpace,
  insertCellInPlace,
  rightChild,
  setRightChild,
  validatePage,
} from "./node.ts";

export { CellList, resetBalanceScratch };

const info = new CellInfo();

/** The cells of a page as a list (one copy of the page). */
export function pageList(ctx: BtContext, pg: Page): CellList {
  return CellList.fromPage(pg.data, pg.pgno, ctx.lim);
}

/** Child page pointed to by child slot `i` of an interior page (i == nCell: right child). */
export function childSlot(data: Uint8Array, pgno: PageNumber, i: number): PageNumber {
  return i === cellCount(data, pgno) ? rightChild(data, pgno) : childAt(data, pgno, i);
}

/** Re-point every child/overflow page referenced from page `pgno` in the ptrmap (auto_vacuum). */
export function ptrmapPageChildren(ctx: BtContext, pg: Page): void {
  const d = pg.data;
  const h = headerOffset(pg.pgno);
  const t = d[h];
  const n = get16(d, h + 3);
  const hsz = pageHeaderSize(t);
  for (let i = 0; i < n; i++) {
    const off = get16(d, h + hsz + 2 * i);
    parseCell(d, off, t, ctx.lim, info);
    if ((t & 8) === 0) ctx.ptrmapPut(info.child, PtrmapType.BTREE, pg.pgno);
    if (info.overflow !== 0) ctx.ptrmapPut(info.overflow, PtrmapType.OVERFLOW1, pg.pgno);
  }
  if ((t & 8) === 0) ctx.ptrmapPut(rightChild(d, pg.pgno), PtrmapType.BTREE, pg.pgno);
}

/** Write cells [from, to) of `list` onto `pg` (made writable here), updating the ptrmap in auto_vacuum. */
function writeRange(
  ctx: BtContext,
  pg: Page,
  list: CellList,
  from: number,
  to: number,
  right: number,
  av: boolean,
): void {
  ctx.pager.write(pg);
  list.writePage(pg.data, pg.pgno, from, to, right, ctx.usable);
  if (av) ptrmapPageChildren(ctx, pg);
}

/** Write a whole list onto `pg`. */
function writeList(ctx: BtContext, pg: Page, list: CellList, av: boolean): void {
  writeRange(ctx, pg, list, 0, list.length, list.right, av);
}

function cellOffsetOf(data: Uint8Array, pgno: number, i: number): number {
  const h = headerOffset(pgno);
  return get16(data, h + pageHeaderSize(data[h]) + 2 * i);
}

/**
 * balance_nonroot: rebalance child slot `childIdx` of `parent` with up to two
 * siblings. `override` replaces the child's on-page content (an overflowing
 * page). Returns the parent's new list when it does not fit on the parent
 * (the caller balances the parent next), else updates the parent and returns null.
 */
export function balanceNonroot(
  ctx: BtContext,
  parent: Page,
  childIdx: number,
  override: CellList | null,
  bulk = false,
): CellList | null {
  const av = ctx.autoVacuum;
  const pd = parent.data;
  const P = parent.pgno;
  const ptype = pd[headerOffset(P)];
  const nCellP = cellCount(pd, P);
  const nChild = nCellP + 1;
  let start: number;
  let nOld: number;
  if (nChild <= 3 && !(bulk && nChild === 3)) {
    start = 0;
    nOld = nChild;
  } else if (bulk) {
    // btree.c with bBulk: only the page and its left neighbour (or right, for the first child).
    start = childIdx === 0 ? 0 : childIdx - 1;
    nOld = 2;
  } else {
    start = childIdx === 0 ? 0 : childIdx === nCellP ? nCellP - 2 : childIdx - 1;
    nOld = 3;
  }
  const oldPgnos: PageNumber[] = [];
  const lists: CellList[] = [];
  for (let i = 0; i < nOld; i++) {
    const pgno = childSlot(pd, P, start + i);
    if (pgno < 2 || pgno === P || oldPgnos.includes(pgno)) throw corruptError("balance: bad child");
    oldPgnos.push(pgno);
    if (start + i === childIdx && override) lists.push(override);
    else {
      const pg = ctx.page(pgno);
      try {
        validatePage(pg.data, pgno, ctx.lim);
        lists.push(pageList(ctx, pg));
      } finally {
        ctx.pager.release(pg);
      }
    }
  }
  const type = lists[0].type;
  for (const l of lists) if (l.type !== type) throw corruptError("balance: sibling types differ");
  const leaf = (type & 8) !== 0;
  const leafData = type === 13;

  // Gather every cell of the siblings plus the dividers between them.
  const cells = CellList.scratch(type, 0);
  for (let i = 0; i < nOld; i++) {
    const l = lists[i];
    for (let k = 0; k < l.length; k++) cells.push(l.bufs[k], l.offs[k], l.lens[k]);
    if (i < nOld - 1 && !leafData) {
      const off = cellOffsetOf(pd, P, start + i);
      const sz = parseCell(pd, off, ptype, ctx.lim, info).size;
      const div = pd.slice(off, off + sz);
      if (leaf) cells.push(div, 4, sz - 4);
      else {
        put32(div, 0, l.right);
        cells.push(div, 0, sz);
      }
    }
  }
  const finalRight = lists[nOld - 1].right;
  const n = cells.length;

  // Pack left to right, then shift cells right so pages are evenly full.
  const space = ctx.usable - pageHeaderSize(type);
  const from: number[] = [0];
  const to: number[] = [];
  const fill: number[] = [0];
  for (let i = 0, k = 0; i < n; i++) {
    const c = cells.cost(i);
    if (fill[k] + c > space) {
      to.push(i);
      k++;
      if (leafData) {
        from.push(i);
        fill.push(c);
      } else {
        from.push(i + 1);
        fill.push(0);
      }
    } else fill[k] += c;
  }
  to.push(n);
  const nNew = from.length;
  if (nNew > 5) throw corruptError("balance: too many pages");
  for (let k = nNew - 1; k > 0; k--) {
    for (;;) {
      const r = to[k - 1] - 1; // last cell of the left page
      if (r <= from[k - 1]) break; // keep the left page non-empty
      const cr = cells.cost(r);
      if (leafData) {
        if (fill[k] !== 0 && (bulk || fill[k] + cr > fill[k - 1] - cr)) break;
        fill[k] += cr;
        fill[k - 1] -= cr;
        to[k - 1] = r;
        from[k] = r;
      } else {
        const cd = cells.cost(to[k - 1]); // current divider moves right, r becomes the divider
        if (fill[k] !== 0 && (bulk || fill[k] + cd > fill[k - 1] - cr)) break;
        if (fill[k] + cd > space) break;
        fill[k] += cd;
        fill[k - 1] -= cr;
        to[k - 1] = r;
        from[k] = r + 1;
      }
    }
  }

  // Choose page numbers: reuse the old pages, allocate more, free the rest.
  const newPages: Page[] = [];
  try {
    for (let k = 0; k < nNew; k++) {
      if (k < nOld) newPages.push(ctx.page(oldPgnos[k]));
      else newPages.push(ctx.allocatePage());
    }
    for (let k = nNew; k < nOld; k++) ctx.freePage(oldPgnos[k]);
    newPages.sort((a, b) => a.pgno - b.pgno);

    const dividers: Uint8Array[] = [];
    for (let k = 0; k < nNew; k++) {
      const pg = newPages[k];
      const right = leaf ? 0 : k < nNew - 1 ? cells.child(to[k]) : finalRight;
      writeRange(ctx, pg, cells, from[k], to[k], right, av);
      if (av) ctx.ptrmapPut(pg.pgno, PtrmapType.BTREE, P);
      if (k < nNew - 1) {
        let div: Uint8Array;
        const j = to[k];
        if (leafData) {
          const last = to[k] - 1;
          const rowid = parseCell(cells.bufs[last], cells.offs[last], 13, ctx.lim, info).rowid;
          div = new Uint8Array(4 + varintSize(rowid));
          writeVarint(div, 4, rowid);
        } else if (leaf) {
          div = new Uint8Array(4 + cells.lens[j]);
          div.set(cells.bufs[j].subarray(cells.offs[j], cells.offs[j] + cells.lens[j]), 4);
        } else div = cells.copy(j);
        put32(div, 0, pg.pgno);
        dividers.push(div);
      }
    }

    // The parent: old dividers out, new ones in, last pointer re-aimed.
    const lastNew = newPages[nNew - 1].pgno;
    let oldBytes = 0;
    for (let k = 0; k < nOld - 1; k++) {
      const sz = parseCell(pd, cellOffsetOf(pd, P, start + k), ptype, ctx.lim, info).size;
      oldBytes += (sz < 4 ? 4 : sz) + 2;
    }
    let newBytes = 0;
    for (const d of dividers) newBytes += (d.length < 4 ? 4 : d.length) + 2;
    if (freeSpace(pd, P, ctx.usable) + oldBytes >= newBytes) {
      // Fits: edit the parent in place (cheap for wide parents).
      ctx.pager.write(parent);
      for (let k = nOld - 2; k >= 0; k--) {
        const sz = parseCell(pd, cellOffsetOf(pd, P, start + k), ptype, ctx.lim, info).size;
        dropCell(pd, P, start + k, sz, ctx.usable);
      }
      for (let k = 0; k < dividers.length; k++) {
        if (!insertCellInPlace(pd, P, start + k, dividers[k], dividers[k].length, ctx.lim)) {
          throw corruptError("balance: parent space");
        }
      }
      const last = start + dividers.length;
      if (last === cellCount(pd, P)) setRightChild(pd, P, lastNew);
      else put32(pd, cellOffsetOf(pd, P, last), lastNew);
      if (av) ptrmapPageChildren(ctx, parent);
      return null;
    }
    const old = pageList(ctx, parent);
    const plist = CellList.scratch(old.type, old.right);
    for (let k = 0; k < start; k++) plist.push(old.bufs[k], old.offs[k], old.lens[k]);
    for (const d of dividers) plist.push(d, 0, d.length);
    for (let k = start + nOld - 1; k < old.length; k++) {
      if (k === start + nOld - 1) {
        const c = old.copy(k);
        put32(c, 0, lastNew);
        plist.push(c, 0, c.length);
      } else plist.push(old.bufs[k], old.offs[k], old.lens[k]);
    }
    if (start + nOld - 1 === nCellP) plist.right = lastNew;
    return plist;
  } finally {
    for (const pg of newPages) ctx.pager.release(pg);
  }
}

/**
 * Balance from `depth` of a cursor path upward. `path[d]` are page numbers
 * root-first; `slots[d]` the child slot taken at interior level d. `override`
 * is the overflowing content of `path[depth]` (null: check for underflow).
 */
export function balance(
  ctx: BtContext,
  path: readonly PageNumber[],
  slots: readonly number[],
  depth: number,
  override: CellList | null,
  bulk = false,
): void {
  const av = ctx.autoVacuum;
  let d = depth;
  let ov = override;
  for (let guard = 0; guard < 64; guard++) {
    if (d === 0) {
      const root = ctx.page(path[0]);
      try {
        if (ov && !ov.fits(root.pgno, ctx.usable)) {
          // balance_deeper: the root's content moves to a new child.
          const child = ctx.allocatePage();
          const childNo = child.pgno;
          ctx.pager.release(child);
          const itype = (ov.type & 8) !== 0 ? (ov.type === 13 ? 5 : 2) : ov.type;
          writeList(ctx, root, CellList.scratch(itype, childNo), false);
          if (av) ctx.ptrmapPut(childNo, PtrmapType.BTREE, root.pgno);
          const up = balanceNonroot(ctx, root, 0, ov, bulk);
          if (up) throw corruptError("balance_deeper: root overflow");
        } else if (ov) writeList(ctx, root, ov, av);
        balanceShallower(ctx, root);
      } finally {
        ctx.pager.release(root);
      }
      return;
    }
    if (!ov) {
      const pg = ctx.page(path[d]);
      const free = freeSpace(pg.data, pg.pgno, ctx.usable);
      const n = cellCount(pg.data, pg.pgno);
      ctx.pager.release(pg);
      if (n > 0 && free <= Math.floor((ctx.usable * 2) / 3)) return;
    }
    const parent = ctx.page(path[d - 1]);
    try {
      ov = balanceNonroot(ctx, parent, slots[d - 1], ov, bulk);
    } finally {
      ctx.pager.release(parent);
    }
    d--;
  }
  throw corruptError("balance: too deep");
}

/** The root is interior with no cells: pull its only child up if it fits. */
function balanceShallower(ctx: BtContext, root: Page): void {
  const d = root.data;
  const h = headerOffset(root.pgno);
  if ((d[h] & 8) !== 0 || get16(d, h + 3) !== 0) return;
  const childNo = rightChild(d, root.pgno);
  const child = ctx.page(childNo);
  try {
    validatePage(child.data, childNo, ctx.lim);
    const list = pageList(ctx, child);
    if (!list.fits(root.pgno, ctx.usable)) return;
    writeList(ctx, root, list, ctx.autoVacuum);
  } finally {
    ctx.pager.release(child);
  }
  ctx.freePage(childNo);
}

/**
 * btree.c balance() when a table tree's root leaf overflows by a cell appended past its end:
 * balance_deeper copies the root's content byte for byte to a new child (copyNodeContent) and
 * leaves the root an empty interior page over it; the next level then meets balance_quick's
 * conditions (the child is the rightmost leaf of a root other than page 1), so the child stays
 * full and the new cell starts a page of its own. Cold (once per tree growing past one page).
 */
export function balanceDeeperQuick(ctx: BtContext, root: Page, cell: Uint8Array): void {
  const av = ctx.autoVacuum;
  const child = ctx.allocatePage();
  const childNo = child.pgno;
  try {
    ctx.pager.write(child);
    child.data.set(root.data);
    if (av) {
      ctx.ptrmapPut(childNo, PtrmapType.BTREE, root.pgno);
      ptrmapPageChildren(ctx, child);
    }
  } finally {
    ctx.pager.release(child);
  }
  writeList(ctx, root, CellList.scratch(5, childNo), false);
  const up = balanceQuick(ctx, root, childNo, cell);
  if (up) throw corruptError("balance_deeper: root overflow");
}

/**
 * balance_quick: the new cell `cell` goes past the end of the rightmost leaf
 * `leafNo` of a table tree; put it alone on a new page to the right. Returns
 * the parent's list if the new divider does not fit on the parent.
 */
export function balanceQuick(
  ctx: BtContext,
  parent: Page,
  leafNo: PageNumber,
  cell: Uint8Array,
): CellList | null {
  const av = ctx.autoVacuum;
  const leaf = ctx.page(leafNo);
  const neu = ctx.allocatePage();
  try {
    const one = CellList.scratch(13, 0);
    one.push(cell, 0, cell.length);
    writeList(ctx, neu, one, av);
    if (av) ctx.ptrmapPut(neu.pgno, PtrmapType.BTREE, parent.pgno);
    const n = cellCount(leaf.data, leafNo);
    const lastOff = cellOffsetOf(leaf.data, leafNo, n - 1);
    const rowid = parseCell(leaf.data, lastOff, 13, ctx.lim, info).rowid;
    const div = new Uint8Array(4 + varintSize(rowid));
    put32(div, 0, leafNo);
    writeVarint(div, 4, rowid);
    ctx.pager.write(parent);
    const pn = cellCount(parent.data, parent.pgno);
    if (insertCellInPlace(parent.data, parent.pgno, pn, div, div.length, ctx.lim)) {
      setRightChild(parent.data, parent.pgno, neu.pgno);
      if (av) ptrmapPageChildren(ctx, parent);
      return null;
    }
    const plist = pageList(ctx, parent);
    plist.push(div, 0, div.length);
    plist.right = neu.pgno;
    return plist;
  } finally {
    ctx.pager.release(neu);
    ctx.pager.release(leaf);
  }
}
