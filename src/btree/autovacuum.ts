/**
 * auto_vacuum page relocation (btree.c relocatePage, modifyPagePointer,
 * setChildPtrmaps, incrVacuumStep, autoVacuumCommit, finalDbSize).
 *
 * Owns: moving an in-use page to another page number while keeping every
 * pointer to it (parent cell / right child / overflow link) and the pointer
 * map right, and shrinking the file by moving the last pages into free
 * slots: all of them at commit in FULL mode, N of them for
 * PRAGMA incremental_vacuum.
 * Must never: move a root page except through dropTable/createTable (roots
 * are named by sqlite_schema), or run without the ptrmap being valid.
 * @module
 */

import { corruptError } from "../error.ts";
import { get16, get32, put32 } from "../format/header.ts";
import { CellInfo, headerOffset, pageHeaderSize, parseCell } from "../format/page.ts";
import { isPtrmapPage, ptrmapPageFor, PtrmapType } from "../format/ptrmap.ts";
import type { PageNumber } from "../pager/types.ts";
import { ptrmapPageChildren } from "./balance.ts";
import type { BtContext } from "./context.ts";
import { rightChild, setRightChild } from "./node.ts";

const info = new CellInfo();

/** Copy page `src` to `dst` and re-point everything that referenced `src`. Cold. */
export function relocatePage(
  ctx: BtContext,
  src: PageNumber,
  type: number,
  parent: PageNumber,
  dst: PageNumber,
): void {
  if (src < 3 || dst < 2) throw corruptError("relocatePage");
  const s = ctx.page(src);
  const d = ctx.page(dst);
  try {
    ctx.pager.write(d);
    d.data.set(s.data);
    if (type === PtrmapType.BTREE || type === PtrmapType.ROOTPAGE) ptrmapPageChildren(ctx, d);
    else if (type === PtrmapType.OVERFLOW1 || type === PtrmapType.OVERFLOW2) {
      const next = get32(d.data, 0);
      if (next !== 0) ctx.ptrmapPut(next, PtrmapType.OVERFLOW2, dst);
    }
  } finally {
    ctx.pager.release(s);
    ctx.pager.release(d);
  }
  ctx.ptrmapPut(dst, type, parent);
  if (type === PtrmapType.ROOTPAGE) return;
  const p = ctx.page(parent);
  try {
    ctx.pager.write(p);
    modifyPagePointer(ctx, p.data, parent, src, dst, type);
  } finally {
    ctx.pager.release(p);
  }
}

function modifyPagePointer(
  ctx: BtContext,
  data: Uint8Array,
  pgno: PageNumber,
  from: PageNumber,
  to: PageNumber,
  type: number,
): void {
  if (type === PtrmapType.OVERFLOW2) {
    if (get32(data, 0) !== from) throw corruptError("modifyPagePointer: overflow link");
    put32(data, 0, to);
    return;
  }
  const h = headerOffset(pgno);
  const t = data[h];
  const n = get16(data, h + 3);
  const hsz = pageHeaderSize(t);
  for (let i = 0; i < n; i++) {
    const off = get16(data, h + hsz + 2 * i);
    parseCell(data, off, t, ctx.lim, info);
    if (type === PtrmapType.OVERFLOW1) {
      if (info.overflow === from) {
        put32(data, off + info.size - 4, to);
        return;
      }
    } else if ((t & 8) === 0 && info.child === from) {
      put32(data, off, to);
      return;
    }
  }
  if (type === PtrmapType.BTREE && (t & 8) === 0 && rightChild(data, pgno) === from) {
    setRightChild(data, pgno, to);
    return;
  }
  throw corruptError("modifyPagePointer: pointer not found");
}

/** Database size after removing `nFree` free pages and the ptrmap pages they needed (finalDbSize). */
function finalDbSize(ctx: BtContext, nOrig: number, nFree: number): number {
  const nEntry = Math.floor(ctx.usable / 5);
  const nPtrmap = Math.floor(
    (nFree - nOrig + ptrmapPageFor(nOrig, ctx.pageSize, ctx.usable) + nEntry) / nEntry,
  );
  let nFin = nOrig - nFree - nPtrmap;
  if (nOrig > ctx.pendingPage && nFin < ctx.pendingPage) nFin--;
  while (isPtrmapPage(nFin, ctx.pageSize, ctx.usable) || nFin === ctx.pendingPage) nFin--;
  return nFin;
}

/** Take any page off the freelist (never extends the file). */
function takeAnyFree(ctx: BtContext): PageNumber {
  if (ctx.readHeader32(36) === 0) throw corruptError("freelist empty");
  const pg = ctx.allocatePage();
  const n = pg.pgno;
  ctx.pager.release(pg);
  return n;
}

/**
 * Shrink the file by moving pages off its end into free slots, using up to
 * `nUse` free pages (all when nUse < 0). Returns the pages removed. Cold.
 */
export function vacuumPages(
  ctx: BtContext,
  nUse: number,
  removeFromFreelist: (p: number) => void,
): number {
  const nOrig = ctx.pager.pageCount();
  const nFree = ctx.readHeader32(36);
  const use = nUse < 0 ? nFree : Math.min(nUse, nFree);
  if (use === 0) return 0;
  const nFin = finalDbSize(ctx, nOrig, use);
  if (nFin > nOrig || nFin < 1) throw corruptError("autovacuum: bad final size");
  const taken = new Set<number>(); // free pages past nFin already pulled off the freelist
  for (let last = nOrig; last > nFin; last--) {
    if (last === ctx.pendingPage || isPtrmapPage(last, ctx.pageSize, ctx.usable)) continue;
    if (taken.has(last)) continue;
    const [type, parent] = ctx.ptrmapGet(last);
    if (type === PtrmapType.ROOTPAGE) throw corruptError("autovacuum: root page past end");
    if (type === PtrmapType.FREEPAGE) {
      removeFromFreelist(last);
      continue;
    }
    if (type < 1 || type > 5) throw corruptError("autovacuum: bad ptrmap type");
    let dst = takeAnyFree(ctx);
    let guard = nOrig;
    while (dst > nFin) {
      if (guard-- < 0) throw corruptError("autovacuum: freelist");
      taken.add(dst);
      dst = takeAnyFree(ctx);
    }
    relocatePage(ctx, last, type, parent, dst);
  }
  ctx.pager.truncate(nFin);
  ctx.writeHeader32(28, nFin);
  return nOrig - nFin;
}

/** autoVacuumCommit: in FULL mode, remove every free page before committing. */
export function autoVacuumCommit(ctx: BtContext): void {
  if (ctx.readHeader32(36) === 0) return;
  vacuumPages(ctx, -1, (p) => removeFree(ctx, p));
}

/** PRAGMA incremental_vacuum(n): use up to n free pages (all when n <= 0); returns pages removed. */
export function incrementalVacuum(ctx: BtContext, n: number): number {
  return vacuumPages(ctx, n <= 0 ? -1 : n, (p) => removeFree(ctx, p));
}

let removeFreeImpl: ((ctx: BtContext, p: PageNumber) => void) | null = null;
/** Wire the exact freelist-removal routine (set by btree.ts to avoid an import cycle). */
export function setRemoveFree(fn: (ctx: BtContext, p: PageNumber) => void): void {
  removeFreeImpl = fn;
}
function removeFree(ctx: BtContext, p: PageNumber): void {
  if (!removeFreeImpl) throw corruptError("removeFree not wired");
  removeFreeImpl(ctx, p);
}
