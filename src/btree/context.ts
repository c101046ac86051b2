/**
 * Shared state of one open database's b-trees (btree.c BtShared) and the
 * page-allocation machinery every tree operation needs: the freelist
 * (allocateBtreePage / freePage2), pointer-map upkeep for auto_vacuum
 * (ptrmapPut / ptrmapGet), overflow chains (fillInCell / clearCell) and the
 * registry of open cursors (saveAllCursors).
 *
 * Follows fileformat2 §1.5 (freelist), §1.7 (ptrmap), §1.6 (overflow pages).
 * Must never: allocate the lock-byte page or a ptrmap page as a data page;
 * walk a chain or list without a bound (corrupt files must not hang us).
 * @module
 */

import { corruptError, SqliteError } from "../error.ts";
import { get32, lockBytePage, put32 } from "../format/header.ts";
import { localPayloadSize, type PayloadLimits, payloadLimits } from "../format/page.ts";
import { trunkMaxLeavesRead, trunkMaxLeavesWrite } from "../format/freelist.ts";
import { isPtrmapPage, ptrmapOffset, ptrmapPageFor, PtrmapType } from "../format/ptrmap.ts";
import type { Page, PageNumber, PagerApi } from "../pager/types.ts";

/** Anything that can save its position before the tree changes under it. */
export interface SavableCursor {
  /** Root page of the cursor's tree. */
  readonly root: PageNumber;
  /** Save the current key and drop page references (saveCursorPosition). */
  save(): void;
}

/** BtShared: per-file geometry, the pager, and page allocation. */
export class BtContext {
  /** The pager. */
  readonly pager: PagerApi;
  /** Page size. */
  readonly pageSize: number;
  /** Usable bytes per page. */
  readonly usable: number;
  /** Local/overflow payload limits. */
  readonly lim: PayloadLimits;
  /** The lock-byte page number (never allocated). */
  readonly pendingPage: number;
  /** Open cursors (for saveAllCursors). */
  readonly cursors = new Set<SavableCursor>();
  private cellBuf = new Uint8Array(0);
  private avCache = -1;

  /** Shared state for the database behind `pager`. */
  constructor(pager: PagerApi) {
    this.pager = pager;
    this.pageSize = pager.pageSize;
    this.usable = pager.usableSize;
    this.lim = payloadLimits(this.usable);
    this.pendingPage = lockBytePage(this.pageSize);
  }

  /** auto_vacuum in effect (header meta 4 non-zero). */
  get autoVacuum(): boolean {
    // Cached: the mode is fixed when page 1 is created (VACUUM would reset it).
    if (this.avCache < 0) {
      if (this.pager.pageCount() === 0) return false;
      this.avCache = this.readHeader32(52) !== 0 ? 1 : 0;
    }
    return this.avCache === 1;
  }

  /** Forget cached header state (after rollback or another connection's write). */
  resetCache(): void {
    this.avCache = -1;
  }

  /** Read a u32 from page 1's header. Cold-ish. */
  readHeader32(off: number): number {
    if (this.pager.pageCount() === 0) return 0;
    const p = this.pager.get(1);
    const v = get32(p.data, off);
    this.pager.release(p);
    return v;
  }

  /** Write a u32 into page 1's header. */
  writeHeader32(off: number, v: number): void {
    const p = this.pager.get(1);
    try {
      this.pager.write(p);
      put32(p.data, off, v);
    } finally {
      this.pager.release(p);
    }
  }

  /** Get a page, checking the number is in range (SQLITE_CORRUPT otherwise). Hot. */
  page(pgno: PageNumber): Page {
    if (!(pgno >= 1 && pgno <= this.pager.pageCount())) {
      throw corruptError(`page ${pgno} out of range`);
    }
    return this.pager.get(pgno);
  }

  /** Save every open cursor on tree `root` except `except` (root 0 = all trees). */
  saveCursors(root: PageNumber, except: SavableCursor | null): void {
    if (except !== null && this.cursors.size === 1) return; // hot: the common single-cursor write
    for (const c of this.cursors) {
      if (c !== except && (root === 0 || c.root === root)) c.save();
    }
  }

  /**
   * Allocate a page: from the freelist first (allocateBtreePage), else at
   * the end of the file, skipping the lock-byte page and (auto_vacuum)
   * ptrmap pages. The page is returned referenced and writable; its
   * content is unspecified (callers initialise it).
   */
  allocatePage(): Page {
    const av = this.autoVacuum;
    const nFree = this.readHeader32(36);
    if (nFree > 0) {
      const trunkNo = this.readHeader32(32);
      const trunk = this.page(trunkNo);
      try {
        const n = get32(trunk.data, 4);
        if (n > trunkMaxLeavesRead(this.usable)) throw corruptError("freelist trunk count");
        this.pager.write(trunk);
        let pgno: number;
        if (n > 0) {
          pgno = get32(trunk.data, 8 + 4 * (n - 1));
          if (pgno < 2 || pgno > this.pager.pageCount() || pgno === trunkNo) {
            throw corruptError("freelist leaf out of range");
          }
          put32(trunk.data, 4, n - 1);
        } else {
          pgno = trunkNo;
          const next = get32(trunk.data, 0);
          if (next > this.pager.pageCount()) throw corruptError("freelist trunk next");
          this.writeHeader32(32, next);
        }
        this.writeHeader32(36, nFree - 1);
        const pg = pgno === trunkNo ? this.pager.get(pgno) : this.page(pgno);
        this.pager.write(pg);
        return pg; // the caller records the page's ptrmap entry
      } finally {
        this.pager.release(trunk);
      }
    }
    for (;;) {
      const pg = this.pager.allocateAtEnd();
      const pgno = pg.pgno;
      if (pgno === this.pendingPage) {
        this.pager.release(pg);
        continue;
      }
      if (av && isPtrmapPage(pgno, this.pageSize, this.usable)) {
        this.pager.release(pg);
        continue;
      }
      return pg;
    }
  }

  /** Return page `pgno` to the freelist (freePage2). */
  freePage(pgno: PageNumber): void {
    if (pgno < 2 || pgno > this.pager.pageCount()) throw corruptError("freePage out of range");
    const nFree = this.readHeader32(36);
    const trunkNo = this.readHeader32(32);
    this.writeHeader32(36, nFree + 1);
    if (this.autoVacuum) this.ptrmapPut(pgno, PtrmapType.FREEPAGE, 0);
    if (nFree > 0 && trunkNo !== 0) {
      const trunk = this.page(trunkNo);
      try {
        const n = get32(trunk.data, 4);
        if (n > trunkMaxLeavesRead(this.usable)) throw corruptError("freelist trunk count");
        if (n < trunkMaxLeavesWrite(this.usable)) {
          this.pager.write(trunk);
          put32(trunk.data, 8 + 4 * n, pgno);
          put32(trunk.data, 4, n + 1);
          return;
        }
      } finally {
        this.pager.release(trunk);
      }
    }
    const pg = this.pager.get(pgno);
    try {
      this.pager.write(pg);
      put32(pg.data, 0, trunkNo);
      put32(pg.data, 4, 0);
    } finally {
      this.pager.release(pg);
    }
    this.writeHeader32(32, pgno);
  }

  /** Record `pgno`'s parent in the pointer map (auto_vacuum only). */
  ptrmapPut(pgno: PageNumber, type: number, parent: PageNumber): void {
    if (pgno < 2) return;
    const map = ptrmapPageFor(pgno, this.pageSize, this.usable);
    if (map > this.pager.pageCount()) throw corruptError("ptrmap page out of range");
    const pg = this.pager.get(map);
    try {
      const off = ptrmapOffset(pgno, map);
      if (off < 0 || off + 5 > this.usable) throw corruptError("ptrmap offset");
      const d = pg.data;
      if (d[off] === type && get32(d, off + 1) === parent) return;
      this.pager.write(pg);
      d[off] = type;
      put32(d, off + 1, parent);
    } finally {
      this.pager.release(pg);
    }
  }

  /** Read `pgno`'s pointer-map entry as [type, parent]. */
  ptrmapGet(pgno: PageNumber): [number, number] {
    const map = ptrmapPageFor(pgno, this.pageSize, this.usable);
    if (map < 2 || map > this.pager.pageCount()) throw corruptError("ptrmap page out of range");
    const pg = this.pager.get(map);
    try {
      const off = ptrmapOffset(pgno, map);
      if (off < 0 || off + 5 > this.usable) throw corruptError("ptrmap offset");
      return [pg.data[off], get32(pg.data, off + 1)];
    } finally {
      this.pager.release(pg);
    }
  }

  /**
   * Build a complete cell for a payload (fillInCell): `prefix` (child pointer /
   * size / rowid varints) then the local payload and, when it spills, a
   * 4-byte pointer to a freshly written overflow chain. Cold-ish.
   */
  buildCell(
    prefix: Uint8Array,
    prefixLen: number,
    payload: Uint8Array,
    tableLeaf: boolean,
  ): Uint8Array {
    const n = payload.length;
    const local = localPayloadSize(n, tableLeaf, this.lim);
    const spill = local < n;
    const len = prefixLen + local + (spill ? 4 : 0);
    // Hot: the cell is assembled in a reusable buffer; callers copy it if they keep it.
    if (this.cellBuf.length < len + 4) {
      this.cellBuf = new Uint8Array(Math.max(len + 4, this.usable));
    }
    const buf = this.cellBuf;
    // Small copies by hand: a subarray + set per piece costs more than the bytes themselves.
    for (let k = 0; k < prefixLen; k++) buf[k] = prefix[k];
    if (local <= 64) { for (let k = 0; k < local; k++) buf[prefixLen + k] = payload[k]; }
    else buf.set(local === n ? payload : payload.subarray(0, local), prefixLen);
    if (spill) put32(buf, prefixLen + local, this.writeOverflow(payload, local));
    return buf.subarray(0, len);
  }

  /** Write `payload[from..]` to a new overflow chain; returns its first page. */
  writeOverflow(payload: Uint8Array, from: number): PageNumber {
    const per = this.usable - 4;
    let first = 0;
    let prev: Page | null = null;
    let p = from;
    try {
      while (p < payload.length) {
        const pg = this.allocatePage();
        const take = Math.min(per, payload.length - p);
        pg.data.fill(0, 0, this.usable);
        pg.data.set(payload.subarray(p, p + take), 4);
        p += take;
        if (prev) {
          put32(prev.data, 0, pg.pgno);
          if (this.autoVacuum) this.ptrmapPut(pg.pgno, PtrmapType.OVERFLOW2, prev.pgno);
          this.pager.release(prev);
        } else first = pg.pgno;
        prev = pg;
      }
    } finally {
      if (prev) this.pager.release(prev);
    }
    return first;
  }

  /** Free the overflow chain of a cell with `payload` bytes, `local` on-page, starting at `first`. */
  freeOverflow(first: PageNumber, payload: number, local: number): void {
    const per = this.usable - 4;
    let count = Math.ceil((payload - local) / per);
    let pgno = first;
    while (count-- > 0) {
      if (pgno < 2 || pgno > this.pager.pageCount()) throw corruptError("overflow chain");
      const pg = this.pager.get(pgno);
      const next = get32(pg.data, 0);
      this.pager.release(pg);
      this.freePage(pgno);
      pgno = next;
    }
  }

  /**
   * Copy a payload that spills into `out[0..payload)` (local part + overflow
   * chain), bounding the walk by the expected page count. Cold-ish.
   */
  readOverflow(
    data: Uint8Array,
    localOff: number,
    local: number,
    payload: number,
    first: PageNumber,
    out: Uint8Array,
  ): void {
    const per = this.usable - 4;
    if ((payload - local) / per > this.pager.pageCount()) {
      throw corruptError("overflow chain too long");
    }
    out.set(data.subarray(localOff, localOff + local), 0);
    let p = local;
    let pgno = first;
    let guard = Math.ceil((payload - local) / per);
    while (p < payload) {
      if (guard-- <= 0 || pgno < 2 || pgno > this.pager.pageCount()) {
        throw corruptError("overflow chain");
      }
      const pg = this.pager.get(pgno);
      const take = Math.min(per, payload - p);
      out.set(pg.data.subarray(4, 4 + take), p);
      p += take;
      pgno = get32(pg.data, 0);
      this.pager.release(pg);
    }
  }

  /** Require an open write transaction. */
  requireWrite(): void {
    if (!this.pager.inWriteTransaction) {
      throw new SqliteError(
        "cannot modify the database outside a write transaction",
        "SQLITE_MISUSE",
      );
    }
  }
}
