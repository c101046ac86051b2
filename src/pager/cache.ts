/**
 * The page cache (the analogue of SQLite's pcache.c + pcache1.c): one `PgHdr`
 * per cached page number, a map from page number to header, and an LRU list
 * of the pages nobody references (clean and dirty alike, least recently
 * released first). Referenced pages are never on the list and never evicted.
 *
 * The cache decides nothing about durability: the pager asks it for an
 * eviction victim and spills dirty ones itself (journal synced first).
 * `fetch`/`unref` are the hot path of every b-tree page access and allocate
 * nothing on a hit.
 * @module
 */

import type { Page, PageNumber } from "./types.ts";

/** A cached page: the `Page` the b-tree sees plus the pager's bookkeeping. */
export class PgHdr implements Page {
  /** The page number. */
  readonly pgno: PageNumber;
  /** The page bytes (live). */
  readonly data: Uint8Array;
  /** Outstanding `get()` references. */
  refs = 0;
  #dirty = false;
  /** The owning cache's set of dirty headers, kept in step by the `dirty` setter. */
  readonly #dirtySet: Set<PgHdr> | null;
  /** Dirty while the journal held unsynced bytes: must not reach the file before a journal sync. */
  needSync = false;
  /** Savepoint generation at which this page's pre-image was last captured. */
  spGen = 0;
  /** Previous (less recently released) page on the LRU list, while `refs === 0`. */
  prev: PgHdr | null = null;
  /** Next (more recently released) page on the LRU list, while `refs === 0`. */
  next: PgHdr | null = null;
  /** True while on the LRU list. */
  onLru = false;
  /** The b-tree layer validated this page (see `Page.checked`). */
  checked = false;
  /** In its cache's map (false once dropped or the cache is cleared: a detached header). */
  cached = false;

  /** A zero-filled page `pgno` of `pageSize` bytes (tracked in `dirtySet` while dirty). */
  constructor(pgno: PageNumber, pageSize: number, dirtySet: Set<PgHdr> | null = null) {
    this.pgno = pgno;
    this.data = new Uint8Array(pageSize);
    this.#dirtySet = dirtySet;
  }

  /** Modified in the current write transaction and not yet written to the database file. */
  get dirty(): boolean {
    return this.#dirty;
  }
  set dirty(v: boolean) {
    if (v === this.#dirty) return;
    this.#dirty = v;
    if (this.#dirtySet !== null) {
      if (v) this.#dirtySet.add(this);
      else this.#dirtySet.delete(this);
    }
  }
}

/**
 * Page-number → PgHdr map plus the LRU list of unreferenced pages.
 *
 * @example
 * ```ts
 * import { PageCache } from "./cache.ts";
 * const c = new PageCache(4096);
 * const p = c.create(1);
 * c.ref(p);
 * c.unref(p);
 * console.log(c.lruHead === p); // true: unreferenced pages sit on the LRU
 * ```
 */
export class PageCache {
  /** Bytes per page of every header this cache makes. */
  pageSize: number;
  #map = new Map<PageNumber, PgHdr>();
  /**
   * Headers whose `dirty` is set (maintained by PgHdr's setter), so commit and journal sync
   * visit the dirty pages only instead of every cached page (pcache.c keeps a dirty list too).
   * May hold headers no longer in the map; they are skipped.
   */
  #dirty = new Set<PgHdr>();
  /** Least recently released unreferenced page. */
  lruHead: PgHdr | null = null;
  /** Most recently released unreferenced page. */
  lruTail: PgHdr | null = null;

  /** An empty cache of `pageSize`-byte pages. */
  constructor(pageSize: number) {
    this.pageSize = pageSize;
  }

  /** Number of cached pages. */
  get size(): number {
    return this.#map.size;
  }

  /** The cached header for `pgno`, if any. Hot. */
  lookup(pgno: PageNumber): PgHdr | undefined {
    return this.#map.get(pgno);
  }

  /** Make and insert an unreferenced, zero-filled header for `pgno` (not on the LRU). */
  create(pgno: PageNumber): PgHdr {
    const p = new PgHdr(pgno, this.pageSize, this.#dirty);
    const old = this.#map.get(pgno);
    if (old !== undefined) old.cached = false; // replaced: detached from now on
    this.#map.set(pgno, p);
    p.cached = true;
    return p;
  }

  /** Take a reference (removes the page from the LRU). Hot. */
  ref(p: PgHdr): void {
    if (p.onLru) this.#unlink(p);
    p.refs++;
  }

  /** Drop a reference; at zero the page joins the LRU tail. Hot. */
  unref(p: PgHdr): void {
    if (p.refs <= 0) throw new Error(`page ${p.pgno} released more often than fetched`);
    p.refs--;
    if (p.refs === 0 && p.cached) this.#append(p);
  }

  /** Remove `p` from the cache (it must be unreferenced or abandoned by the caller). */
  drop(p: PgHdr): void {
    if (p.onLru) this.#unlink(p);
    if (p.cached) {
      p.cached = false;
      this.#map.delete(p.pgno);
      this.#dirty.delete(p); // not cached any more: dirtyPages() would skip it anyway
    }
  }

  /** The least recently used unreferenced page that is clean (or dirty, if `dirty`). */
  victim(dirty: boolean): PgHdr | null {
    for (let p = this.lruHead; p !== null; p = p.next) {
      if (p.dirty === dirty) return p;
    }
    return null;
  }

  /**
   * The spill victim: the least recently used unreferenced dirty page that
   * needs no journal sync, else the least recently used dirty one (as
   * pcache.c prefers synced pages), or null.
   */
  spillVictim(): PgHdr | null {
    let first: PgHdr | null = null;
    for (let p = this.lruHead; p !== null; p = p.next) {
      if (!p.dirty) continue;
      if (!p.needSync) return p;
      first ??= p;
    }
    return first;
  }

  /** Every cached header (a snapshot array; cold path). */
  all(): PgHdr[] {
    return [...this.#map.values()];
  }

  /** True when some cached header is dirty (no array built). Hot: every commit. */
  hasDirty(): boolean {
    for (const p of this.#dirty) if (p.cached) return true;
    return false;
  }

  /** The dirty cached headers sorted by page number (commit order). */
  dirtyPages(): PgHdr[] {
    const out: PgHdr[] = [];
    for (const p of this.#dirty) if (p.cached) out.push(p);
    out.sort((a, b) => a.pgno - b.pgno);
    return out;
  }

  /** Forget every page (headers still referenced elsewhere are merely detached). */
  clear(): void {
    for (const p of this.#map.values()) {
      p.cached = false;
      p.onLru = false;
      p.prev = p.next = null;
    }
    this.#map.clear();
    this.#dirty.clear(); // detached headers are never cached again (create() makes new ones)
    this.lruHead = this.lruTail = null;
  }

  #append(p: PgHdr): void {
    p.prev = this.lruTail;
    p.next = null;
    if (this.lruTail !== null) this.lruTail.next = p;
    else this.lruHead = p;
    this.lruTail = p;
    p.onLru = true;
  }

  #unlink(p: PgHdr): void {
    if (p.prev !== null) p.prev.next = p.next;
    else this.lruHead = p.next;
    if (p.next !== null) p.next.prev = p.prev;
    else this.lruTail = p.prev;
    p.prev = p.next = null;
    p.onLru = false;
  }
}
