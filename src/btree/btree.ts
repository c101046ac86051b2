/**
 * `Btree`: one database file's forest of b-trees (btree.c sqlite3BtreeOpen,
 * newDatabase, sqlite3BtreeCreateTable, DropTable, ClearTable, GetMeta,
 * UpdateMeta, sqlite3BtreeCommitPhaseOne/autoVacuumCommit, IncrVacuum).
 *
 * Owns: initialising an empty file (page 1 with the header and an empty
 * sqlite_schema leaf), the header's meta slots, creating/clearing/dropping
 * trees, opening cursors, and auto_vacuum bookkeeping at commit.
 * Follows fileformat2 §1.3 (header), §1.6 (b-tree pages), §1.7 (ptrmap).
 * Must never: touch `Deno`; write outside a write transaction; leave the
 * header's freelist count/trunk inconsistent with the freelist.
 * @module
 */

import { corruptError, SqliteError } from "../error.ts";
import {
  defaultHeader,
  effectiveEncoding,
  get16,
  get32,
  parseHeader,
  writeHeader,
} from "../format/header.ts";
import { CellInfo, headerOffset, parseCell } from "../format/page.ts";
import { PtrmapType } from "../format/ptrmap.ts";
import type { PageNumber, PagerApi } from "../pager/types.ts";
import { BtContext } from "./context.ts";
import { Cursor } from "./cursor.ts";
import { validatePage, zeroPage } from "./node.ts";
import { integrityCheck } from "./integrity.ts";
import { autoVacuumCommit, incrementalVacuum, relocatePage, setRemoveFree } from "./autovacuum.ts";
import type {
  AutoVacuumMode,
  BtCursor,
  BtreeApi,
  CursorOptions,
  MetaIndex,
  TextEncoding,
  TreeKind,
} from "./types.ts";

/** Options for a new database (used only when the file is empty). */
export interface BtreeOptions {
  /** auto_vacuum mode to create the database with (default 0). */
  autoVacuum?: AutoVacuumMode;
  /** Text encoding for a new database (default 1, UTF-8). */
  textEncoding?: TextEncoding;
}

/**
 * The b-trees of one database file over a pager.
 * @example
 * ```ts
 * const bt = new Btree(pager);
 * pager.beginWrite();
 * const root = bt.createTable("table");
 * const c = bt.cursor(root, { write: true });
 * c.insert(1, encodeRecord(["hello"]));
 * c.close();
 * bt.commit();
 * ```
 */
export class Btree implements BtreeApi {
  /** The pager. */
  readonly pager: PagerApi;
  /** Shared geometry and allocation. */
  readonly ctx: BtContext;
  private readonly options: BtreeOptions;

  /**
   * Open the b-trees of the database behind `pager`. `options` apply only if
   * the file is still empty (they shape the database the first write creates).
   */
  constructor(pager: PagerApi, options: BtreeOptions = {}) {
    this.pager = pager;
    this.ctx = new BtContext(pager);
    this.options = { ...options };
    if (pager.pageCount() > 0) {
      const p1 = pager.get(1);
      try {
        const h = parseHeader(p1.data);
        if (h.pageSize !== pager.pageSize) throw corruptError("page size mismatch");
      } finally {
        pager.release(p1);
      }
    }
  }

  /**
   * Set the auto_vacuum mode / text encoding a database will be created with
   * (PRAGMA auto_vacuum / encoding before the first write). Ignored once
   * page 1 exists; returns whether it took effect.
   */
  setNewDatabaseOptions(options: BtreeOptions): boolean {
    if (this.pager.pageCount() > 0) return false;
    if (options.autoVacuum !== undefined) this.options.autoVacuum = options.autoVacuum;
    if (options.textEncoding !== undefined) this.options.textEncoding = options.textEncoding;
    return true;
  }

  /** Page size. */
  get pageSize(): number {
    return this.ctx.pageSize;
  }
  /** Usable size. */
  get usableSize(): number {
    return this.ctx.usable;
  }
  /** Text encoding (1 if the database is still empty). */
  get textEncoding(): TextEncoding {
    if (this.pager.pageCount() === 0) return this.options.textEncoding ?? 1;
    return effectiveEncoding(this.ctx.readHeader32(56));
  }
  /** auto_vacuum mode from the header. */
  get autoVacuum(): AutoVacuumMode {
    if (this.pager.pageCount() === 0) return this.options.autoVacuum ?? 0;
    if (this.ctx.readHeader32(52) === 0) return 0;
    return this.ctx.readHeader32(64) !== 0 ? 2 : 1;
  }

  /** Create page 1 if the file is empty (newDatabase). Needs a write transaction. */
  private ensureDb(): void {
    if (this.pager.pageCount() > 0) return;
    this.ctx.requireWrite();
    const p1 = this.pager.allocateAtEnd();
    try {
      const h = defaultHeader(this.pager.pageSize, this.pager.pageSize - this.pager.usableSize);
      // newDatabase leaves bytes 92..99 zero: the first commit writes them (never, for MEMDB)
      h.versionNumber = 0;
      const av = this.options.autoVacuum ?? 0;
      h.largestRootPage = av ? 1 : 0;
      h.incrementalVacuum = av === 2 ? 1 : 0;
      h.textEncoding = this.options.textEncoding ?? 1;
      writeHeader(h, p1.data);
      zeroPage(p1.data, 1, 13, this.ctx.usable);
    } finally {
      this.pager.release(p1);
    }
  }

  /** Read a meta slot. */
  getMeta(idx: MetaIndex): number {
    if (this.pager.pageCount() === 0) {
      if (idx === 5) return this.options.textEncoding ?? 1;
      return 0;
    }
    const v = this.ctx.readHeader32(36 + 4 * idx);
    return idx === 3 || idx === 6 || idx === 8 ? v | 0 : v;
  }

  /** Write a meta slot. */
  setMeta(idx: MetaIndex, value: number): void {
    this.ctx.requireWrite();
    this.ensureDb();
    if (idx === 0) {
      throw new SqliteError("meta slot 0 (free page count) is read-only", "SQLITE_MISUSE");
    }
    this.ctx.writeHeader32(36 + 4 * idx, value >>> 0);
  }

  /**
   * Validate page 1's header once per file size seen (lockBtree): a bad magic,
   * page size, payload fractions or read version is SQLITE_NOTADB.
   */
  private checkHeader(): void {
    const n = this.pager.pageCount();
    if (n === 0 || this.headerChecked === n) return;
    const p1 = this.pager.get(1);
    try {
      const h = parseHeader(p1.data);
      if (h.pageSize !== this.pager.pageSize) throw corruptError("page size mismatch");
    } finally {
      this.pager.release(p1);
    }
    this.headerChecked = n;
  }
  private headerChecked = -1;

  /** Open a cursor. */
  cursor(root: PageNumber, options: CursorOptions = {}): BtCursor {
    return this.openCursor(root, null, options);
  }

  /** Open a cursor of a known kind (no root read). */
  cursorOf(root: PageNumber, kind: TreeKind, options: CursorOptions = {}): Cursor {
    return this.openCursor(root, kind, options);
  }

  /** Open a cursor; its tree kind is read from the root page when `kind` is null. */
  private openCursor(root: PageNumber, kind: TreeKind | null, options: CursorOptions): Cursor {
    this.checkHeader();
    if (options.write) this.ensureDb();
    const k = kind ?? this.kindOf(root);
    const keyInfo = options.keyInfo ?? null;
    const write = !!options.write;
    const reuse = options.reuse;
    if (
      reuse instanceof Cursor && reuse.reopen(this.ctx, root, k, keyInfo, this.textEncoding, write)
    ) {
      reuse.bulkLoad = options.bulkLoad === true;
      return reuse;
    }
    const c = new Cursor(this.ctx, root, k, keyInfo, this.textEncoding, write);
    if (options.bulkLoad === true) c.bulkLoad = true;
    return c;
  }

  /** Kind of tree rooted at `root`, from its page type. */
  kindOf(root: PageNumber): TreeKind {
    if (this.pager.pageCount() === 0 && root === 1) return "table";
    const pg = this.ctx.page(root);
    try {
      const t = pg.data[headerOffset(root)];
      if (t === 5 || t === 13) return "table";
      if (t === 2 || t === 10) return "index";
      throw corruptError(`root page ${root}: bad type`);
    } finally {
      this.pager.release(pg);
    }
  }

  /** Create a new empty tree; returns its root page. */
  createTable(kind: TreeKind): PageNumber {
    this.ctx.requireWrite();
    this.ensureDb();
    const ctx = this.ctx;
    const type = kind === "table" ? 13 : 10;
    if (ctx.autoVacuum) {
      // The new root goes right after the largest existing root (btreeCreateTable).
      ctx.saveCursors(0, null);
      let root = ctx.readHeader32(52) + 1;
      while (root === ctx.pendingPage || isPtrmap(ctx, root)) root++;
      if (root > this.pager.pageCount()) {
        const pg = ctx.allocatePage();
        root = pg.pgno;
        this.pager.release(pg);
      } else {
        // Move whatever lives at `root` elsewhere.
        const [ptype, parent] = ctx.ptrmapGet(root);
        if (ptype === PtrmapType.ROOTPAGE) throw corruptError("createTable: root slot in use");
        if (ptype === PtrmapType.FREEPAGE) {
          takeFreePage(ctx, root);
        } else {
          const dst = ctx.allocatePage();
          const dstNo = dst.pgno;
          this.pager.release(dst);
          relocatePage(ctx, root, ptype, parent, dstNo);
        }
      }
      ctx.writeHeader32(52, root);
      const pg = ctx.page(root);
      try {
        this.pager.write(pg);
        pg.data.fill(0);
        zeroPage(pg.data, root, type, ctx.usable);
      } finally {
        this.pager.release(pg);
      }
      ctx.ptrmapPut(root, PtrmapType.ROOTPAGE, 0);
      return root;
    }
    const pg = ctx.allocatePage();
    try {
      pg.data.fill(0);
      zeroPage(pg.data, pg.pgno, type, ctx.usable);
      return pg.pgno;
    } finally {
      this.pager.release(pg);
    }
  }

  /** Free every page below `pgno` (and `pgno` itself unless keepRoot). Returns entries removed. */
  private clearPage(
    pgno: PageNumber,
    keepRoot: boolean,
    depth: number,
    kindTable: boolean,
  ): number {
    if (depth > 20) throw corruptError("clearTable: too deep");
    const ctx = this.ctx;
    const pg = ctx.page(pgno);
    let removed = 0;
    try {
      validatePage(pg.data, pgno, ctx.lim);
      const d = pg.data;
      const h = headerOffset(pgno);
      const t = d[h];
      const n = get16(d, h + 3);
      const info = new CellInfo();
      const leaf = (t & 8) !== 0;
      for (let i = 0; i < n; i++) {
        const off = get16(d, h + (leaf ? 8 : 12) + 2 * i);
        parseCell(d, off, t, ctx.lim, info);
        const child = info.child;
        if (info.overflow) ctx.freeOverflow(info.overflow, info.payload, info.local);
        if (!leaf) removed += this.clearPage(child, false, depth + 1, kindTable);
        if (leaf || !kindTable) removed++;
      }
      if (!leaf) removed += this.clearPage(get32(d, h + 8), false, depth + 1, kindTable);
      if (keepRoot) {
        this.pager.write(pg);
        zeroPage(pg.data, pgno, leaf ? t : (t | 8), ctx.usable);
      }
    } finally {
      this.pager.release(pg);
    }
    if (!keepRoot) ctx.freePage(pgno);
    return removed;
  }

  /** Delete all entries of a tree, keeping the root. */
  clearTable(root: PageNumber): number {
    this.ctx.requireWrite();
    this.ctx.saveCursors(root, null);
    return this.clearPage(root, true, 0, this.kindOf(root) === "table");
  }

  /** Drop a tree. Returns the page moved into `root`'s slot (auto_vacuum), else 0. */
  dropTable(root: PageNumber): PageNumber {
    this.ctx.requireWrite();
    const ctx = this.ctx;
    for (const c of ctx.cursors) {
      if (c.root === root) throw new SqliteError("database table is locked", "SQLITE_LOCKED");
    }
    this.clearTable(root);
    if (root === 1) return 0;
    if (!ctx.autoVacuum) {
      ctx.freePage(root);
      return 0;
    }
    const maxRoot = ctx.readHeader32(52);
    let moved = 0;
    if (root === maxRoot) {
      ctx.freePage(root);
    } else {
      // Move the last root page into the freed slot (btreeDropTable).
      ctx.saveCursors(0, null);
      const pg = ctx.page(root);
      this.pager.write(pg);
      this.pager.release(pg);
      relocatePage(ctx, maxRoot, PtrmapType.ROOTPAGE, 0, root);
      ctx.freePage(maxRoot);
      moved = maxRoot;
    }
    let newMax = maxRoot - 1;
    while (newMax === ctx.pendingPage || isPtrmap(ctx, newMax)) newMax--;
    ctx.writeHeader32(52, newMax < 1 ? 1 : newMax);
    return moved;
  }

  /** Incremental vacuum: free up to n pages from the end (all if n <= 0). */
  incrementalVacuum(n: number): number {
    this.ctx.requireWrite();
    if (!this.ctx.autoVacuum) return 0;
    this.ctx.saveCursors(0, null);
    return incrementalVacuum(this.ctx, n);
  }

  /** Integrity check of the given trees plus page accounting. */
  integrityCheck(roots: readonly PageNumber[], maxErrors = 100): string[] {
    return integrityCheck(this.ctx, roots, maxErrors);
  }

  /** Finish the transaction: auto_vacuum FULL relocation, then pager commit. */
  commit(): void {
    if (this.pager.inWriteTransaction && this.autoVacuum === 1) {
      this.ctx.saveCursors(0, null);
      autoVacuumCommit(this.ctx);
    }
    this.pager.commit();
  }

  /** Roll back. */
  rollback(): void {
    this.ctx.saveCursors(0, null);
    this.ctx.resetCache();
    this.pager.rollback();
  }
}

function isPtrmap(ctx: BtContext, pgno: number): boolean {
  const perMap = Math.floor(ctx.usable / 5) + 1;
  const iMap = Math.floor((pgno - 2) / perMap);
  let r = iMap * perMap + 2;
  if (r === ctx.pendingPage) r++;
  return pgno >= 2 && r === pgno;
}

/** Remove a specific page from the freelist (allocateBtreePage's exact-match search). */
function takeFreePage(ctx: BtContext, pgno: PageNumber): void {
  let prevTrunk = 0;
  let trunkNo = ctx.readHeader32(32);
  let guard = ctx.pager.pageCount();
  while (trunkNo !== 0) {
    if (guard-- < 0) throw corruptError("freelist cycle");
    const t = ctx.page(trunkNo);
    try {
      const n = get32(t.data, 4);
      const next = get32(t.data, 0);
      if (trunkNo === pgno) {
        // The trunk itself: its leaves (if any) must move to a new trunk.
        if (n > 0) {
          const leafNo = get32(t.data, 8);
          const leaf = ctx.page(leafNo);
          ctx.pager.write(leaf);
          leaf.data.fill(0, 0, 8);
          leaf.data.set(t.data.subarray(0, 4), 0);
          const cnt = n - 1;
          leaf.data[4] = cnt >>> 24;
          leaf.data[5] = cnt >>> 16;
          leaf.data[6] = cnt >>> 8;
          leaf.data[7] = cnt;
          leaf.data.set(t.data.subarray(12, 8 + 4 * n), 8);
          ctx.pager.release(leaf);
          replaceTrunkLink(ctx, prevTrunk, leafNo);
        } else replaceTrunkLink(ctx, prevTrunk, next);
        ctx.writeHeader32(36, ctx.readHeader32(36) - 1);
        return;
      }
      for (let i = 0; i < n; i++) {
        if (get32(t.data, 8 + 4 * i) === pgno) {
          ctx.pager.write(t);
          t.data.copyWithin(8 + 4 * i, 8 + 4 * (n - 1), 8 + 4 * n);
          const cnt = n - 1;
          t.data[4] = cnt >>> 24;
          t.data[5] = cnt >>> 16;
          t.data[6] = cnt >>> 8;
          t.data[7] = cnt;
          ctx.writeHeader32(36, ctx.readHeader32(36) - 1);
          return;
        }
      }
      prevTrunk = trunkNo;
      trunkNo = next;
    } finally {
      ctx.pager.release(t);
    }
  }
  throw corruptError("page not on freelist");
}

function replaceTrunkLink(ctx: BtContext, prevTrunk: PageNumber, to: PageNumber): void {
  if (prevTrunk === 0) ctx.writeHeader32(32, to);
  else {
    const p = ctx.page(prevTrunk);
    ctx.pager.write(p);
    p.data[0] = to >>> 24;
    p.data[1] = to >>> 16;
    p.data[2] = to >>> 8;
    p.data[3] = to;
    ctx.pager.release(p);
  }
}

setRemoveFree(takeFreePage);
export { takeFreePage };
