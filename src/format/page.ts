/**
 * B-tree page and cell layout (fileformat2 §1.6 "B-tree Pages", btree.c
 * btreeParseCellPtr / btreeParseCellAdjustSizeForOverflow).
 *
 * Owns: page-type flags, page-header offsets, SQLite's exact split of a
 * payload into a local part and an overflow chain (maxLocal/minLocal differ
 * for table leaves and index pages), and parsing a cell at an offset into a
 * reusable `CellInfo`. Page 1's b-tree header starts after the 100-byte
 * database header.
 * Must never: allocate while parsing (hot: every cell visit), trust a cell
 * that runs past the usable area (SQLITE_CORRUPT).
 * @module
 */

import { corruptError } from "../error.ts";
import { get32 } from "./header.ts";
import { readVarint, readVarint64, varintLength } from "./varint.ts";

/** B-tree page type flags (byte 0 of the page header). */
export const PageType = {
  /** Interior index b-tree page. */
  INTERIOR_INDEX: 2,
  /** Interior table b-tree page. */
  INTERIOR_TABLE: 5,
  /** Leaf index b-tree page. */
  LEAF_INDEX: 10,
  /** Leaf table b-tree page. */
  LEAF_TABLE: 13,
} as const;
/** One of {@link PageType}. */
export type PageType = (typeof PageType)[keyof typeof PageType];

/** Byte offsets within a b-tree page header. */
export const PH = {
  TYPE: 0,
  FIRST_FREEBLOCK: 1,
  NCELL: 3,
  CONTENT_START: 5,
  FRAGMENTED: 7,
  RIGHT_CHILD: 8,
} as const;

/** True for a valid page-type byte. */
export function isValidPageType(t: number): t is PageType {
  return t === 2 || t === 5 || t === 10 || t === 13;
}

/** Header size of a page of type `t`: 8 for leaves, 12 for interior pages. */
export function pageHeaderSize(t: number): number {
  return (t & 8) !== 0 ? 8 : 12;
}

/** Offset of the b-tree page header within page `pgno` (100 on page 1). */
export function headerOffset(pgno: number): number {
  return pgno === 1 ? 100 : 0;
}

/** Payload split limits for one usable size (btree.c BtShared maxLocal/minLocal/maxLeaf/minLeaf). */
export interface PayloadLimits {
  /** Usable bytes per page. */
  readonly usable: number;
  /** Largest local payload on index pages. */
  readonly maxLocal: number;
  /** Smallest local payload on index pages (and table leaves) when spilling. */
  readonly minLocal: number;
  /** Largest local payload on table leaves. */
  readonly maxLeaf: number;
  /** Smallest local payload on table leaves when spilling. */
  readonly minLeaf: number;
}

/**
 * The payload limits for a usable page size.
 * @example
 * ```ts
 * payloadLimits(4096).maxLeaf; // 4061
 * ```
 */
export function payloadLimits(usable: number): PayloadLimits {
  return {
    usable,
    maxLocal: Math.floor(((usable - 12) * 64) / 255) - 23,
    minLocal: Math.floor(((usable - 12) * 32) / 255) - 23,
    maxLeaf: usable - 35,
    minLeaf: Math.floor(((usable - 12) * 32) / 255) - 23,
  };
}

/**
 * Bytes of a `payload`-byte payload stored on the b-tree page (the rest goes
 * to overflow pages). `tableLeaf` selects maxLeaf/minLeaf. Hot.
 */
export function localPayloadSize(payload: number, tableLeaf: boolean, lim: PayloadLimits): number {
  const maxL = tableLeaf ? lim.maxLeaf : lim.maxLocal;
  if (payload <= maxL) return payload;
  const minL = tableLeaf ? lim.minLeaf : lim.minLocal;
  const surplus = minL + ((payload - minL) % (lim.usable - 4));
  return surplus <= maxL ? surplus : minL;
}

/** A parsed cell (reused across calls; fields are overwritten by `parseCell`). */
export class CellInfo {
  /** Table trees: the rowid (interior and leaf). Index trees: unused. */
  rowid: number | bigint = 0;
  /** Total payload bytes (0 on interior table cells). */
  payload = 0;
  /** Payload bytes stored on this page. */
  local = 0;
  /** Offset of the first payload byte within the page. */
  payloadOffset = 0;
  /** Bytes the cell occupies on the page (at least 4). */
  size = 0;
  /** First overflow page (0 when the payload is all local). */
  overflow = 0;
  /** Interior cells: the left child page. */
  child = 0;
}

/** Read the rowid varint at `p` into `out.rowid`; returns the offset after it. Hot. */
function readCellRowid(data: Uint8Array, p: number, out: CellInfo): number {
  const b = data[p];
  if (b < 0x80) {
    out.rowid = b;
    return p + 1;
  }
  out.rowid = readVarint64(data, p);
  return p + varintLength(data, p);
}

/**
 * Parse the cell at `data[off]` on a page of type `type` into `out`. Hot,
 * allocation-free. Throws SQLITE_CORRUPT if the cell runs past `lim.usable`.
 */
export function parseCell(
  data: Uint8Array,
  off: number,
  type: number,
  lim: PayloadLimits,
  out: CellInfo,
): CellInfo {
  let p = off;
  if (type === 5) {
    out.child = get32(data, p);
    p = readCellRowid(data, p + 4, out);
    out.payload = 0;
    out.local = 0;
    out.payloadOffset = p;
    out.overflow = 0;
    out.size = p - off;
    if (p > lim.usable) throw corruptError("cell past page end");
    return out;
  }
  if (type === 2) {
    out.child = get32(data, p);
    p += 4;
  } else out.child = 0;
  let n = data[p];
  if (n < 0x80) p++;
  else {
    n = readVarint(data, p);
    p += varintLength(data, p);
  }
  out.payload = n;
  if (type === 13) p = readCellRowid(data, p, out);
  out.payloadOffset = p;
  const local = localPayloadSize(n, type === 13, lim);
  out.local = local;
  if (local < n) {
    const q = p + local;
    if (q + 4 > lim.usable) throw corruptError("cell past page end");
    out.overflow = get32(data, q);
    out.size = q + 4 - off;
  } else {
    out.overflow = 0;
    const sz = p + local - off;
    out.size = sz < 4 ? 4 : sz;
    if (p + local > lim.usable) throw corruptError("cell past page end");
  }
  return out;
}

/** Size of the cell at `data[off]` (cold helper over parseCell). */
export function cellSizeAt(
  data: Uint8Array,
  off: number,
  type: number,
  lim: PayloadLimits,
): number {
  return parseCell(data, off, type, lim, scratch).size;
}
const scratch = new CellInfo();
