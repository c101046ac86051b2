/**
 * Integrity checking (btree.c sqlite3BtreeIntegrityCheck, checkTreePage,
 * checkList, checkPtrmap, checkRef).
 *
 * Owns: walking every given tree, the freelist and (auto_vacuum) the
 * pointer map, and reporting problems in SQLite's wording: pages referenced
 * twice or never, out-of-range page numbers, out-of-order rowids, child
 * depth mismatches, bad overflow chains, freelist counts.
 * Cold. Must never: modify anything, or loop on a corrupt file (every walk is
 * bounded by the page count).
 * @module
 */

import { SqliteError } from "../error.ts";
import { get16, get32 } from "../format/header.ts";
import { CellInfo, headerOffset, pageHeaderSize, parseCell } from "../format/page.ts";
import { isPtrmapPage, PtrmapType } from "../format/ptrmap.ts";
import type { PageNumber } from "../pager/types.ts";
import type { BtContext } from "./context.ts";
import { validatePage } from "./node.ts";

class Checker {
  readonly errors: string[] = [];
  readonly refs: Uint8Array;
  readonly n: number;
  constructor(readonly ctx: BtContext, readonly max: number) {
    this.n = ctx.pager.pageCount();
    this.refs = new Uint8Array(this.n + 1);
  }
  msg(s: string): void {
    if (this.errors.length < this.max) this.errors.push(s);
  }
  /** checkRef: returns false when the page must not be visited. */
  ref(pgno: number, prefix: string): boolean {
    if (pgno < 1 || pgno > this.n) {
      this.msg(`${prefix}invalid page number ${pgno}`);
      return false;
    }
    if (this.refs[pgno]) {
      this.msg(`${prefix}2nd reference to page ${pgno}`);
      return false;
    }
    this.refs[pgno] = 1;
    return true;
  }
  ptrmap(child: number, type: number, parent: number, prefix: string): void {
    if (!this.ctx.autoVacuum) return;
    try {
      const [t, p] = this.ctx.ptrmapGet(child);
      if (t !== type || p !== parent) {
        this.msg(
          `${prefix}Bad ptr map entry key=${child} expected=(${type},${parent}) got=(${t},${p})`,
        );
      }
    } catch {
      this.msg(`${prefix}Failed to read ptrmap key=${child}`);
    }
  }
}

/**
 * Check the trees rooted at `roots`, the freelist and page accounting.
 * Returns SQLite-worded problems (empty when ok).
 */
export function integrityCheck(
  ctx: BtContext,
  roots: readonly PageNumber[],
  maxErrors = 100,
): string[] {
  const ck = new Checker(ctx, maxErrors);
  if (ck.n === 0) return [];
  const pending = ctx.pendingPage;
  if (pending <= ck.n) ck.refs[pending] = 1;
  // Freelist.
  const nFree = ctx.readHeader32(36);
  let trunk = ctx.readHeader32(32);
  let counted = 0;
  let guard = ck.n;
  while (trunk !== 0 && guard-- > 0) {
    if (!ck.ref(trunk, "Freelist: ")) break;
    ck.ptrmap(trunk, PtrmapType.FREEPAGE, 0, "Freelist: ");
    counted++;
    const pg = ctx.pager.get(trunk);
    const leaves = get32(pg.data, 4);
    const next = get32(pg.data, 0);
    if (leaves > ctx.usable / 4 - 2) {
      ck.msg(`freelist leaf count too big on page ${trunk}`);
    } else {
      for (let i = 0; i < leaves; i++) {
        const lp = get32(pg.data, 8 + 4 * i);
        if (ck.ref(lp, "Freelist: ")) ck.ptrmap(lp, PtrmapType.FREEPAGE, 0, "Freelist: ");
        counted++;
      }
    }
    ctx.pager.release(pg);
    trunk = next;
  }
  if (counted !== nFree) ck.msg(`Freelist: size is ${counted} but should be ${nFree}`);
  // Trees.
  for (const root of roots) {
    if (root === 0) continue;
    if (ctx.autoVacuum && root > 1) ck.ptrmap(root, PtrmapType.ROOTPAGE, 0, "");
    checkTree(ck, root, root, 0, null, null, 0);
  }
  // Ptrmap pages count as used in auto_vacuum databases.
  if (ctx.autoVacuum) {
    for (let i = 2; i <= ck.n; i++) if (isPtrmapPage(i, ctx.pageSize, ctx.usable)) ck.refs[i] = 1;
  }
  for (let i = 1; i <= ck.n; i++) {
    if (!ck.refs[i]) ck.msg(`Page ${i}: never used`);
  }
  return ck.errors;
}

/** checkTreePage: returns the depth of the subtree (leaf = 1), or -1 on error. */
function checkTree(
  ck: Checker,
  root: number,
  pgno: number,
  parent: number,
  minKey: number | bigint | null,
  maxKey: number | bigint | null,
  level: number,
): number {
  const ctx = ck.ctx;
  const prefix = `Tree ${root} page ${pgno}: `;
  if (level > 20) {
    ck.msg(`${prefix}b-tree too deep`);
    return -1;
  }
  if (!ck.ref(pgno, level === 0 ? "" : `Page ${parent}: `)) return -1;
  const pg = ctx.pager.get(pgno);
  try {
    try {
      validatePage(pg.data, pgno, ctx.lim);
    } catch (e) {
      if (e instanceof SqliteError) {
        ck.msg(`${prefix}btreeInitPage() returns error code 11`);
        return -1;
      }
      throw e;
    }
    const d = pg.data;
    const h = headerOffset(pgno);
    const t = d[h];
    const n = get16(d, h + 3);
    const hsz = pageHeaderSize(t);
    const info = new CellInfo();
    const leaf = (t & 8) !== 0;
    let depth = -2;
    let lo = minKey;
    for (let i = 0; i < n; i++) {
      const off = get16(d, h + hsz + 2 * i);
      parseCell(d, off, t, ctx.lim, info);
      const cp = `Tree ${root} page ${pgno} cell ${i}: `;
      if (t === 13 || t === 5) {
        const r = info.rowid;
        if ((lo !== null && (t === 13 ? r <= lo : r < lo)) || (maxKey !== null && r > maxKey)) {
          ck.msg(`${cp}Rowid ${r} out of order`);
        }
      }
      if (info.overflow) {
        checkOverflow(ck, info.overflow, info.payload - info.local, pgno, cp);
      }
      if (!leaf) {
        ck.ptrmap(info.child, PtrmapType.BTREE, pgno, cp);
        const cd = checkTree(
          ck,
          root,
          info.child,
          pgno,
          lo,
          t === 5 ? info.rowid : null,
          level + 1,
        );
        if (depth === -2) depth = cd;
        else if (cd >= 0 && depth >= 0 && cd !== depth) ck.msg(`${cp}Child page depth differs`);
      }
      if (t === 13 || t === 5) lo = info.rowid;
    }
    if (!leaf) {
      const rc = get32(d, h + 8);
      ck.ptrmap(rc, PtrmapType.BTREE, pgno, prefix);
      const cd = checkTree(ck, root, rc, pgno, lo, maxKey, level + 1);
      if (depth === -2) depth = cd;
      else if (cd >= 0 && depth >= 0 && cd !== depth) ck.msg(`${prefix}Child page depth differs`);
    }
    checkCoverage(ck, d, pgno);
    if (!leaf) return depth < 0 ? -1 : depth + 1;
    return 1;
  } finally {
    ctx.pager.release(pg);
  }
}

function checkOverflow(
  ck: Checker,
  first: number,
  bytes: number,
  parent: number,
  prefix: string,
): void {
  const per = ck.ctx.usable - 4;
  let expected = Math.ceil(bytes / per);
  let pgno = first;
  let prev = parent;
  let type: number = PtrmapType.OVERFLOW1;
  while (expected > 0) {
    if (!ck.ref(pgno, prefix)) return;
    ck.ptrmap(pgno, type, prev, prefix);
    const pg = ck.ctx.pager.get(pgno);
    const next = get32(pg.data, 0);
    ck.ctx.pager.release(pg);
    expected--;
    if (expected > 0 && next === 0) {
      ck.msg(
        `${prefix}overflow list length is ${Math.ceil(bytes / per) - expected} but should be ${
          Math.ceil(bytes / per)
        }`,
      );
      return;
    }
    prev = pgno;
    pgno = next;
    type = PtrmapType.OVERFLOW2;
  }
}

/**
 * The coverage check at the end of checkTreePage: cells and freeblocks must
 * not overlap ("Multiple uses for byte"), and the bytes they leave uncovered
 * must equal the header's fragment count ("Fragmentation of … reported as").
 */
function checkCoverage(ck: Checker, d: Uint8Array, pgno: number): void {
  const lim = ck.ctx.lim;
  const usable = lim.usable;
  const h = headerOffset(pgno);
  const t = d[h];
  const n = get16(d, h + 3);
  const hsz = pageHeaderSize(t);
  const raw = get16(d, h + 5);
  const top = raw === 0 ? 65536 : raw;
  const starts: number[] = [];
  const ends: number[] = [];
  const info = new CellInfo();
  for (let i = 0; i < n; i++) {
    const off = get16(d, h + hsz + 2 * i);
    const sz = parseCell(d, off, t, lim, info).size;
    starts.push(off);
    ends.push(off + sz - 1);
  }
  let fb = get16(d, h + 1);
  for (let guard = 0; fb !== 0 && guard < usable; guard++) {
    starts.push(fb);
    ends.push(fb + get16(d, fb + 2) - 1);
    fb = get16(d, fb);
  }
  const order = starts.map((_, i) => i).sort((a, b) => starts[a] - starts[b] || ends[a] - ends[b]);
  let prev = top - 1;
  let frag = 0;
  for (const i of order) {
    if (prev >= starts[i]) {
      ck.msg(`Multiple uses for byte ${starts[i]} of page ${pgno}`);
      return;
    }
    frag += starts[i] - prev - 1;
    prev = ends[i];
  }
  frag += usable - prev - 1;
  if (frag !== d[h + 7]) {
    ck.msg(`Fragmentation of ${frag} bytes reported as ${d[h + 7]} on page ${pgno}`);
  }
}
