/**
 * B-tree cursors, reading half (btree.c BtCursor: moveToRoot, moveToChild,
 * moveToLeftmost, sqlite3BtreeNext/Previous, sqlite3BtreeTableMoveto /
 * IndexMoveto, saveCursorPosition/restoreCursorPosition).
 *
 * Owns: a position in one table or index tree as a stack of referenced
 * pages and cell indexes; in-order movement (index trees hold entries in
 * interior cells too); seeks; payload access (zero-copy when local);
 * saving/restoring the position when another cursor changes the tree.
 * Writing (insert/delete) lives in `cursor.ts`, which extends this class.
 * Hot: movement, seek, payload access (no allocation on the local path).
 * Must never: descend deeper than 20 levels (a page cycle is SQLITE_CORRUPT),
 * trust a page before validatePage, or accept an empty non-root page.
 * @module
 */

import { corruptError, SqliteError } from "../error.ts";
import { get16, get32 } from "../format/header.ts";
import { CellInfo, headerOffset, parseCell } from "../format/page.ts";
import { KeyProbe, ProbeKind } from "../format/key_probe.ts";
import { readVarint64 } from "../format/varint.ts";
import type { Page, PageNumber } from "../pager/types.ts";
import type { BtContext, SavableCursor } from "./context.ts";
import { cellCount, cellOffset, pageType, rightChild, validatePage } from "./node.ts";
import type { KeyInfo, PayloadView, Rowid, SeekResult, TreeKind } from "./types.ts";

/** SQLite's BTCURSOR_MAX_DEPTH. */
const MAX_DEPTH = 20;
/** Shared zero-length buffer (never written: buffers are replaced when they must grow). */
const EMPTY = new Uint8Array(0);
/** Cursor states (btree.c CURSOR_VALID / CURSOR_INVALID / CURSOR_REQUIRESEEK). */
export const VALID = 0;
/** Not on an entry. */
export const INVALID = 1;
/** Position saved as a key; re-seek before use. */
export const REQUIRESEEK = 2;

/** A bigint rowid that fits a safe integer becomes a number (the cursor's compact form). */
export function normRowid(r: Rowid): Rowid {
  if (typeof r === "bigint" && r >= -9007199254740991n && r <= 9007199254740991n) return Number(r);
  return r;
}

/**
 * The reading half of a cursor over one tree (see `Cursor` in cursor.ts).
 * @example
 * ```ts
 * const c = bt.cursor(root);
 * if (c.seekRowid(5) === 0) console.log(c.payload().length);
 * c.close();
 * ```
 */
export class ReadCursor implements SavableCursor {
  /** Root page. */
  readonly root: PageNumber;
  /** Tree kind. */
  readonly kind: TreeKind;
  protected readonly ctx: BtContext;
  protected readonly keyInfo: KeyInfo | null;
  protected readonly encoding: number;
  protected readonly writable: boolean;
  protected readonly pages: (Page | null)[] = new Array(MAX_DEPTH + 1).fill(null);
  // A plain small-integer array: a typed array this size gets an off-heap backing store, whose
  // allocation dominated opening a cursor (one per table/index per statement run).
  protected readonly idx: number[] = new Array<number>(MAX_DEPTH + 1).fill(0);
  protected depth = -1;
  protected state = INVALID;
  protected savedRowid: Rowid = 0;
  protected savedKey: Uint8Array | null = null;
  protected readonly info = new CellInfo();
  protected readonly view: PayloadView = { data: EMPTY, offset: 0, length: 0 };
  /** Grown (replaced) on demand; start as the shared empty array so a cursor allocates none. */
  protected ovBuf = EMPTY;
  protected cmpBuf = EMPTY;
  protected readonly isTable: boolean;
  protected closed = false;

  /** Register a cursor on `root` with the shared state (not positioned yet). */
  constructor(
    ctx: BtContext,
    root: PageNumber,
    kind: TreeKind,
    keyInfo: KeyInfo | null,
    encoding: number,
    writable: boolean,
  ) {
    this.ctx = ctx;
    this.root = root;
    this.kind = kind;
    this.isTable = kind === "table";
    this.keyInfo = keyInfo;
    this.encoding = encoding;
    this.writable = writable;
    ctx.cursors.add(this);
  }

  /** True when not positioned on an entry. */
  get eof(): boolean {
    return this.state === INVALID;
  }

  // ---- page stack ------------------------------------------------------

  protected releaseAll(): void {
    for (let d = this.depth; d >= 0; d--) {
      const p = this.pages[d];
      if (p) this.ctx.pager.release(p);
      this.pages[d] = null;
    }
    this.depth = -1;
  }

  protected push(pgno: PageNumber): void {
    if (this.depth + 1 >= MAX_DEPTH) throw corruptError("b-tree too deep (cycle?)");
    if (pgno < 1) throw corruptError("child page 0");
    const pg = this.ctx.page(pgno);
    try {
      if (pg.checked !== true) {
        validatePage(pg.data, pgno, this.ctx.lim);
        pg.checked = true;
      }
      const t = pg.data[headerOffset(pgno)];
      if (this.isTable ? (t !== 5 && t !== 13) : (t !== 2 && t !== 10)) {
        throw corruptError(`page ${pgno}: wrong b-tree kind`);
      }
      // As moveToChild: a non-root page with no cells is corrupt.
      if (this.depth >= 0 && cellCount(pg.data, pgno) < 1) {
        throw corruptError(`page ${pgno}: empty non-root page`);
      }
    } catch (e) {
      this.ctx.pager.release(pg);
      throw e;
    }
    this.depth++;
    this.pages[this.depth] = pg;
    this.idx[this.depth] = 0;
  }

  protected pop(): void {
    const p = this.pages[this.depth];
    if (p) this.ctx.pager.release(p);
    this.pages[this.depth] = null;
    this.depth--;
  }

  protected moveToRoot(): void {
    this.releaseAll();
    this.push(this.root);
  }

  /** An empty file (no page 1 yet) reads as an empty database. */
  protected emptyFile(): boolean {
    return this.ctx.pager.pageCount() === 0;
  }

  /** Child slot i of the page at depth d. Hot. */
  protected child(d: number, i: number): PageNumber {
    const pg = this.pages[d]!;
    const data = pg.data;
    const pgno = pg.pgno;
    if (i >= cellCount(data, pgno)) return rightChild(data, pgno);
    const h = pgno === 1 ? 100 : 0;
    const p = h + 12 + 2 * i;
    const off = (data[p] << 8) | data[p + 1];
    return get32(data, off);
  }

  protected isLeaf(d: number): boolean {
    const pg = this.pages[d]!;
    return (pg.data[pg.pgno === 1 ? 100 : 0] & 8) !== 0;
  }

  protected nCell(d: number): number {
    const pg = this.pages[d]!;
    return cellCount(pg.data, pg.pgno);
  }

  protected descendLeftmost(pgno: PageNumber): void {
    this.push(pgno);
    while (!this.isLeaf(this.depth)) {
      this.idx[this.depth] = 0;
      this.push(this.child(this.depth, 0));
    }
    this.idx[this.depth] = -1;
  }

  protected descendRightmost(pgno: PageNumber): void {
    this.push(pgno);
    while (!this.isLeaf(this.depth)) {
      const n = this.nCell(this.depth);
      this.idx[this.depth] = n;
      this.push(this.child(this.depth, n));
    }
    this.idx[this.depth] = this.nCell(this.depth);
  }

  protected setEof(): false {
    this.releaseAll();
    this.state = INVALID;
    return false;
  }

  // ---- movement --------------------------------------------------------

  /** Move to the first entry. */
  first(): boolean {
    if (this.emptyFile()) return this.setEof();
    this.releaseAll();
    this.descendLeftmost(this.root);
    this.state = VALID;
    return this.stepNext();
  }

  /** Move to the last entry. */
  last(): boolean {
    if (this.emptyFile()) return this.setEof();
    this.releaseAll();
    this.descendRightmost(this.root);
    this.state = VALID;
    return this.stepPrev();
  }

  /** Move to the next entry. Hot. */
  next(): boolean {
    if (this.state !== VALID) {
      if (this.state === INVALID) return false;
      const c = this.restoreSeek();
      if (this.state === INVALID) return false;
      if (c === 1) return true;
    }
    return this.stepNext();
  }

  /** Move to the previous entry. Hot. */
  prev(): boolean {
    if (this.state !== VALID) {
      if (this.state === INVALID) return false;
      const c = this.restoreSeek();
      if (this.state === INVALID) return false;
      if (c === -1) return true;
    }
    return this.stepPrev();
  }

  protected stepNext(): boolean {
    for (let guard = 0; guard < 1 << 30; guard++) {
      const d = this.depth;
      if (this.isLeaf(d)) {
        const i = ++this.idx[d];
        if (i < this.nCell(d)) return true;
        for (;;) {
          if (this.depth === 0) return this.setEof();
          this.pop();
          const pd = this.depth;
          const pi = this.idx[pd];
          if (pi < this.nCell(pd)) {
            if (!this.isTable) return true;
            this.idx[pd] = pi + 1;
            this.descendLeftmost(this.child(pd, pi + 1));
            break;
          }
        }
      } else {
        const i = this.idx[d] + 1;
        this.idx[d] = i;
        this.descendLeftmost(this.child(d, i));
      }
    }
    throw corruptError("next: loop");
  }

  protected stepPrev(): boolean {
    for (let guard = 0; guard < 1 << 30; guard++) {
      const d = this.depth;
      if (this.isLeaf(d)) {
        const i = --this.idx[d];
        if (i >= 0 && i < this.nCell(d)) return true;
        for (;;) {
          if (this.depth === 0) return this.setEof();
          this.pop();
          const pd = this.depth;
          const pi = this.idx[pd];
          if (pi > 0) {
            this.idx[pd] = pi - 1;
            if (!this.isTable) return true;
            this.descendRightmost(this.child(pd, pi - 1));
            break;
          }
        }
      } else {
        this.descendRightmost(this.child(d, this.idx[d]));
      }
    }
    throw corruptError("prev: loop");
  }

  // ---- seeks -----------------------------------------------------------

  /** Rowid of cell i on the page at depth d (table trees). Hot. */
  protected cellRowid(d: number, i: number): Rowid {
    const pg = this.pages[d]!;
    const data = pg.data;
    const leaf = (pageType(data, pg.pgno) & 8) !== 0;
    let off = cellOffset(data, pg.pgno, i);
    if (leaf) {
      while (data[off] >= 0x80) off++;
      off++;
    } else off += 4;
    if (off >= this.ctx.usable) throw corruptError("cell offset");
    const b = data[off];
    return b < 0x80 ? b : readVarint64(data, off);
  }

  /** Seek a rowid in a table tree. Hot. */
  seekRowid(rowid: Rowid): SeekResult {
    if (!this.isTable) throw new SqliteError("seekRowid on an index cursor", "SQLITE_MISUSE");
    const key = normRowid(rowid);
    if (!this.startSeek()) return -1;
    const usable = this.ctx.usable;
    for (;;) {
      const d = this.depth;
      // The binary search of cellRowid with the page's constants hoisted.
      const data = (this.pages[d] as Page).data;
      const h = (this.pages[d] as Page).pgno === 1 ? 100 : 0;
      const leaf = (data[h] & 8) !== 0;
      const ptr = h + (leaf ? 8 : 12);
      const n = (data[h + 3] << 8) | data[h + 4];
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const q = ptr + 2 * mid;
        let off = (data[q] << 8) | data[q + 1];
        if (leaf) {
          while (data[off] >= 0x80) off++;
          off++;
        } else off += 4;
        if (off >= usable) throw corruptError("cell offset");
        // the rowid varint: up to three bytes (rowids below 2^21) decoded inline
        const b0 = data[off];
        let v: Rowid;
        if (b0 < 0x80) v = b0;
        else {
          const b1 = data[off + 1];
          if (b1 < 0x80) v = ((b0 & 0x7f) << 7) | b1;
          else {
            const b2 = data[off + 2];
            if (b2 < 0x80) v = ((b0 & 0x7f) << 14) | ((b1 & 0x7f) << 7) | b2;
            else v = readVarint64(data, off);
          }
        }
        if (v < key) lo = mid + 1;
        else hi = mid;
      }
      if (!leaf) {
        this.idx[d] = lo;
        this.push(this.child(d, lo));
        continue;
      }
      return this.finishLeafSeek(d, lo, n, lo < n && this.cellRowid(d, lo) === key);
    }
  }

  /** Start a seek at the root; false (and at EOF) when the file is empty. */
  private startSeek(): boolean {
    if (this.emptyFile()) {
      this.setEof();
      return false;
    }
    this.moveToRoot();
    this.state = VALID;
    return true;
  }

  protected finishLeafSeek(d: number, lo: number, n: number, exact: boolean): SeekResult {
    if (exact) {
      this.idx[d] = lo;
      return 0;
    }
    if (lo < n) {
      this.idx[d] = lo;
      return 1;
    }
    if (n > 0) {
      this.idx[d] = n - 1;
      return -1;
    }
    if (d === 0) {
      // Empty tree: not on a row, but keep the root so an insert can go there.
      this.idx[d] = 0;
      this.state = INVALID;
      return -1;
    }
    // A non-root empty leaf (only left transiently by a delete): move on.
    this.idx[d] = -1;
    if (this.stepNext()) return 1;
    return -1;
  }

  /**
   * Compare the payload of cell i at depth d with `probe` when it does not sit in the page
   * whole (a payload size of 3+ varint bytes, or spilled to overflow pages). Cold-ish.
   */
  protected compareCellSlow(d: number, i: number, probe: KeyProbe): number {
    const pg = this.pages[d]!;
    const data = pg.data;
    const lim = this.ctx.lim;
    const c = parseCell(
      data,
      cellOffset(data, pg.pgno, i),
      pageType(data, pg.pgno),
      lim,
      this.info,
    );
    if (c.overflow === 0) return probe.compare(data, c.payloadOffset, c.payload);
    if ((c.payload - c.local) / (this.ctx.usable - 4) > this.ctx.pager.pageCount()) {
      throw corruptError("payload larger than the file");
    }
    if (this.cmpBuf.length < c.payload) this.cmpBuf = new Uint8Array(c.payload * 2);
    this.ctx.readOverflow(data, c.payloadOffset, c.local, c.payload, c.overflow, this.cmpBuf);
    return probe.compare(this.cmpBuf, 0, c.payload);
  }

  /** This cursor's own probe (made on first use). */
  private ownProbe: KeyProbe | null = null;

  /** A probe owned by this cursor, for callers that fill it field by field before a seek. */
  keyProbe(): KeyProbe {
    let probe = this.ownProbe;
    if (probe === null) probe = this.ownProbe = new KeyProbe();
    return probe;
  }

  /**
   * Compare the current entry with `probe` (vdbeaux.c sqlite3VdbeIdxKeyCompare): <0, 0, >0 for
   * entry < key, equal (or `probe.defaultRc` when the compared fields are equal), entry > key.
   * Hot (every OP_IdxGT/IdxGE/… of an index range loop).
   */
  compareProbe(probe: KeyProbe): number {
    probe.info = this.keyInfo;
    probe.encoding = this.encoding;
    const v = this.payload();
    return probe.compare(v.data, v.offset, v.length);
  }

  /** Seek an index key given as record bytes (parsed once into a probe). Hot. */
  seekIndex(
    key: Uint8Array,
    offset = 0,
    length = key.length - offset,
    defaultRc: -1 | 0 | 1 = 0,
  ): SeekResult {
    if (this.isTable) throw new SqliteError("seekIndex on a table cursor", "SQLITE_MISUSE");
    const probe = this.keyProbe();
    probe.fromRecord(key, offset, length, defaultRc, this.encoding);
    return this.seekProbe(probe);
  }

  /**
   * Seek an index key held unpacked in `probe` (btree.c sqlite3BtreeIndexMoveto): a binary
   * search per level comparing cell payloads in place with the probe. The probe's collations
   * and encoding are set to this cursor's. Hot: no allocation for keys of local cells.
   */
  seekProbe(probe: KeyProbe): SeekResult {
    if (this.isTable) throw new SqliteError("seekIndex on a table cursor", "SQLITE_MISUSE");
    probe.info = this.keyInfo;
    probe.encoding = this.encoding;
    if (!this.startSeek()) return -1;
    // The integer fast path applies when the key's first field is a safe INTEGER.
    const intKey = probe.nField > 0 && probe.kinds[0] === ProbeKind.INT &&
      probe.bigs[0] === null && (this.keyInfo === null || this.keyInfo.nField !== 0);
    const keyInt = intKey ? probe.nums[0] : 0;
    const intSign = this.keyInfo !== null && this.keyInfo.desc[0] ? -1 : 1;
    const lim = this.ctx.lim;
    const maxLocal = lim.maxLocal;
    const usable = lim.usable;
    for (;;) {
      const d = this.depth;
      // The cell location of cellOffset/parseCell with the page's constants hoisted.
      const pg = this.pages[d] as Page;
      const data = pg.data;
      const h = pg.pgno === 1 ? 100 : 0;
      const leaf = (data[h] & 8) !== 0;
      const ptr = h + (leaf ? 8 : 12);
      const skip = leaf ? 0 : 4;
      const n = (data[h + 3] << 8) | data[h + 4];
      let lo = 0;
      let hi = n;
      let exact = false;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const q = ptr + 2 * mid;
        let p = ((data[q] << 8) | data[q + 1]) + skip;
        // payload size: a one- or two-byte varint that fits locally is the usual cell
        let len = data[p];
        if (len < 0x80) p++;
        else if (data[p + 1] < 0x80) {
          len = ((len & 0x7f) << 7) | data[p + 1];
          p += 2;
        } else len = maxLocal + 1;
        let c: number;
        if (len <= maxLocal) {
          if (p + len > usable) throw corruptError("cell past page end");
          // vdbeRecordCompareInt: a one-byte header size and an integer first field that
          // differs from the key's decide the comparison without calling out
          const t = data[p + 1];
          if (intKey && data[p] < 0x80 && t >= 1 && t <= 4 && data[p] <= len) {
            const o = p + data[p];
            const x = t === 1
              ? (data[o] << 24) >> 24
              : t === 2
              ? ((data[o] << 24) >> 16) | data[o + 1]
              : t === 3
              ? ((data[o] << 24) >> 8) | (data[o + 1] << 8) | data[o + 2]
              : (data[o] << 24) | (data[o + 1] << 16) | (data[o + 2] << 8) | data[o + 3];
            if (o + t > p + len) throw corruptError("record body");
            c = x < keyInt ? -intSign : x > keyInt ? intSign : probe.compare(data, p, len);
          } else c = probe.compare(data, p, len);
        } else c = this.compareCellSlow(d, mid, probe);
        if (c < 0) lo = mid + 1;
        else if (c > 0) hi = mid;
        else {
          lo = mid;
          exact = true;
          break;
        }
      }
      if (exact) {
        this.idx[d] = lo;
        return 0;
      }
      if (!leaf) {
        this.idx[d] = lo;
        this.push(this.child(d, lo));
        continue;
      }
      if (lo === n && n > 0) {
        // Past this leaf's end: the next entry may be an ancestor's cell.
        this.idx[d] = n - 1;
        return -1;
      }
      return this.finishLeafSeek(d, lo, n, false);
    }
  }

  // ---- current entry ---------------------------------------------------

  protected ensurePositioned(): void {
    if (this.state === REQUIRESEEK) this.restoreSeek();
    if (this.state !== VALID) {
      throw new SqliteError("cursor is not positioned on a row", "SQLITE_MISUSE");
    }
  }

  /** Parse the current cell into this.info. Hot. */
  protected current(): CellInfo {
    const d = this.depth;
    const pg = this.pages[d]!;
    const data = pg.data;
    const off = cellOffset(data, pg.pgno, this.idx[d]);
    return parseCell(data, off, pageType(data, pg.pgno), this.ctx.lim, this.info);
  }

  /** Current rowid (table trees). Hot. */
  rowid(): Rowid {
    this.ensurePositioned();
    return this.cellRowid(this.depth, this.idx[this.depth]);
  }

  /** Current payload size. */
  payloadSize(): number {
    this.ensurePositioned();
    return this.current().payload;
  }

  /** Current payload; zero-copy when local. Hot. */
  payload(): PayloadView {
    this.ensurePositioned();
    const c = this.current();
    const v = this.view;
    if (c.overflow === 0) {
      v.data = this.pages[this.depth]!.data;
      v.offset = c.payloadOffset;
      v.length = c.payload;
      return v;
    }
    if ((c.payload - c.local) / (this.ctx.usable - 4) > this.ctx.pager.pageCount()) {
      throw corruptError("payload larger than the file");
    }
    if (this.ovBuf.length < c.payload) this.ovBuf = new Uint8Array(c.payload);
    this.ctx.readOverflow(
      this.pages[this.depth]!.data,
      c.payloadOffset,
      c.local,
      c.payload,
      c.overflow,
      this.ovBuf,
    );
    v.data = this.ovBuf;
    v.offset = 0;
    v.length = c.payload;
    return v;
  }

  // ---- save / restore --------------------------------------------------

  /** Keep the current entry's key (rowid, or a copy of the index record) for a re-seek. */
  protected rememberKey(): void {
    if (this.isTable) this.savedRowid = this.cellRowid(this.depth, this.idx[this.depth]);
    else {
      const p = this.payload();
      this.savedKey = p.data.slice(p.offset, p.offset + p.length);
    }
  }

  /** Save position (key) and release pages (saveCursorPosition). */
  save(): void {
    if (this.state === VALID && this.depth >= 0) {
      this.rememberKey();
      this.state = REQUIRESEEK;
    }
    this.releaseAll();
  }

  protected restoreSeek(): SeekResult {
    const c = this.isTable
      ? this.seekRowid(this.savedRowid)
      : this.seekIndex(this.savedKey!, 0, this.savedKey!.length, 0);
    return c;
  }

  /** Number of entries (walks the tree without moving the cursor). */
  count(): number {
    const ctx = this.ctx;
    if (this.emptyFile()) return 0;
    let total = 0;
    const stack: [PageNumber, number][] = [[this.root, 0]];
    let visited = 0;
    const limit = ctx.pager.pageCount() + 1;
    while (stack.length) {
      const [pgno, depth] = stack.pop()!;
      if (depth > MAX_DEPTH || ++visited > limit) throw corruptError("count: cycle");
      const pg = ctx.page(pgno);
      try {
        validatePage(pg.data, pgno, ctx.lim);
        const data = pg.data;
        const h = headerOffset(pgno);
        const t = data[h];
        if (this.isTable ? (t !== 5 && t !== 13) : (t !== 2 && t !== 10)) {
          throw corruptError("count: wrong page kind");
        }
        const n = get16(data, h + 3);
        if ((t & 8) !== 0) total += n;
        else {
          if (!this.isTable) total += n;
          for (let i = 0; i < n; i++) {
            const off = get16(data, h + 12 + 2 * i);
            stack.push([get32(data, off), depth + 1]);
          }
          stack.push([get32(data, h + 8), depth + 1]);
        }
      } finally {
        ctx.pager.release(pg);
      }
    }
    return total;
  }

  /**
   * Reopen this closed cursor in place when it was opened exactly so (same shared state, tree,
   * key comparison and mode): a prepared statement re-run reuses its cursors instead of
   * allocating new ones. Returns false (nothing changed) when it does not match. Hot.
   */
  reopen(
    ctx: BtContext,
    root: PageNumber,
    kind: TreeKind,
    keyInfo: KeyInfo | null,
    encoding: number,
    writable: boolean,
  ): boolean {
    if (
      !this.closed || this.ctx !== ctx || this.root !== root || this.kind !== kind ||
      this.keyInfo !== keyInfo || this.encoding !== encoding || this.writable !== writable
    ) return false;
    this.closed = false;
    this.state = INVALID;
    this.depth = -1;
    this.savedRowid = 0;
    this.savedKey = null;
    ctx.cursors.add(this);
    return true;
  }

  /** Release pages and unregister. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseAll();
    this.state = INVALID;
    this.ctx.cursors.delete(this);
  }
}
