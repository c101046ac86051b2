/**
 * Freelist pages (fileformat2 §1.5 "The Freelist").
 *
 * Owns: the layout of freelist trunk pages — 4-byte next-trunk page number,
 * 4-byte leaf count, then that many 4-byte leaf page numbers — and the
 * capacity rules: readers accept up to usable/4-2 leaves; writers, like
 * SQLite (btree.c freePage2), fill a trunk only to usable/4-8 so that
 * older SQLite versions can read it. Leaf pages carry no information.
 * Must never: allocate or do I/O; callers fetch the pages.
 * @module
 */

/** Offset of the next-trunk pointer on a trunk page. */
export const TRUNK_NEXT = 0;
/** Offset of the leaf count on a trunk page. */
export const TRUNK_COUNT = 4;
/** Offset of the first leaf page number on a trunk page. */
export const TRUNK_LEAVES = 8;

/** Most leaf numbers a trunk page may hold when reading. */
export function trunkMaxLeavesRead(usable: number): number {
  return Math.floor(usable / 4) - 2;
}

/** Most leaf numbers tsqlite (like SQLite) stores on a trunk page when writing. */
export function trunkMaxLeavesWrite(usable: number): number {
  return Math.floor(usable / 4) - 8;
}
