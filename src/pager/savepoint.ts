/**
 * Savepoints and statement sub-journals, held in memory (the analogue of
 * pager.c's `PagerSavepoint` array and sub-journal, sqlite3PagerOpenSavepoint /
 * sqlite3PagerSavepoint). Each open level remembers the database size when it
 * opened and the pre-image of every page first written after that.
 *
 * Invariant: when a page is captured, every open level that lacks it gets the
 * same pre-image, so an outer level's set is always a superset of an inner's
 * and rolling back to level d only needs level d's images. A generation
 * counter (`gen`) lets `Pager.write` skip all of this in O(1) for a page
 * already captured since the last savepoint change. Never touches I/O.
 * @module
 */

import type { PageNumber } from "./types.ts";

/** One open savepoint level. */
export interface SavepointLevel {
  /** Database size (pages) when the level opened. */
  dbSize: number;
  /** Page pre-images as of the moment the level opened. */
  pages: Map<PageNumber, Uint8Array>;
}

/**
 * The stack of open savepoint levels of one write transaction.
 *
 * @example
 * ```ts
 * import { SavepointStack } from "./savepoint.ts";
 * const s = new SavepointStack();
 * s.open(1, 10);
 * s.capture(3, new Uint8Array([1]));
 * console.log(s.level(1)?.pages.get(3)); // Uint8Array [1]
 * ```
 */
export class SavepointStack {
  /** Open levels, outermost first (level d is `levels[d - 1]`). */
  levels: SavepointLevel[] = [];
  /** Bumped whenever the set of levels or their contents is reset. */
  gen = 1;

  /** Number of open levels. */
  get depth(): number {
    return this.levels.length;
  }

  /** Open levels up to `depth` (existing ones are kept), each starting at `dbSize` pages. */
  open(depth: number, dbSize: number): void {
    while (this.levels.length < depth) this.levels.push({ dbSize, pages: new Map() });
    this.gen++;
  }

  /** Level `depth` (1-based) or undefined. */
  level(depth: number): SavepointLevel | undefined {
    return this.levels[depth - 1];
  }

  /**
   * Record `pgno`'s current bytes as its pre-image in every level that lacks
   * it and had the page (pgno <= level.dbSize). Copies at most once. Cold-ish:
   * runs once per page per savepoint generation.
   */
  capture(pgno: PageNumber, data: Uint8Array): void {
    let copy: Uint8Array | null = null;
    for (const lv of this.levels) {
      if (pgno > lv.dbSize || lv.pages.has(pgno)) continue;
      if (copy === null) copy = data.slice();
      lv.pages.set(pgno, copy);
    }
  }

  /** Drop levels deeper than `depth` and empty level `depth` itself (after a rollback to it). */
  resetTo(depth: number): void {
    this.levels.length = Math.min(this.levels.length, depth);
    const lv = this.levels[depth - 1];
    if (lv !== undefined) lv.pages = new Map();
    this.gen++;
  }

  /** Close levels `depth` and deeper, keeping their changes. */
  release(depth: number): void {
    this.levels.length = Math.min(this.levels.length, Math.max(0, depth - 1));
    this.gen++;
  }

  /** Close every level. */
  clear(): void {
    this.levels.length = 0;
    this.gen++;
  }
}
