/**
 * Pointer-map pages (fileformat2 §1.7 "The Pointer-map or Ptrmap Pages";
 * btree.c ptrmapPageno / ptrmapPut / ptrmapGet).
 *
 * Owns: where ptrmap pages sit in an auto_vacuum database and the 5-byte
 * entry layout (1 type byte + 4-byte parent page). Page 2 is the first
 * ptrmap page; each covers the usable/5 pages that follow it. The lock-byte
 * page is skipped.
 * Must never: do I/O.
 * @module
 */

import { PENDING_BYTE } from "./header.ts";

/** Pointer-map entry types. */
export const PtrmapType = {
  /** A b-tree root page (parent 0). */
  ROOTPAGE: 1,
  /** A freelist page (parent 0). */
  FREEPAGE: 2,
  /** First page of an overflow chain (parent = b-tree page holding the cell). */
  OVERFLOW1: 3,
  /** Later page of an overflow chain (parent = previous overflow page). */
  OVERFLOW2: 4,
  /** Non-root b-tree page (parent = parent b-tree page). */
  BTREE: 5,
} as const;
/** One of {@link PtrmapType}. */
export type PtrmapType = (typeof PtrmapType)[keyof typeof PtrmapType];

/**
 * The ptrmap page that holds the entry for `pgno`.
 * @example
 * ```ts
 * ptrmapPageFor(3, 4096, 1024); // 2
 * ```
 */
export function ptrmapPageFor(pgno: number, pageSize: number, usable: number): number {
  if (pgno < 2) return 0;
  const perMap = Math.floor(usable / 5) + 1;
  const iMap = Math.floor((pgno - 2) / perMap);
  let ret = iMap * perMap + 2;
  if (ret === Math.floor(PENDING_BYTE / pageSize) + 1) ret++;
  return ret;
}

/** True when `pgno` is itself a ptrmap page. */
export function isPtrmapPage(pgno: number, pageSize: number, usable: number): boolean {
  return pgno >= 2 && ptrmapPageFor(pgno, pageSize, usable) === pgno;
}

/** Byte offset of `pgno`'s entry within its ptrmap page `mapPage`. */
export function ptrmapOffset(pgno: number, mapPage: number): number {
  return 5 * (pgno - mapPage - 1);
}
