// Shared helpers for pager tests: building minimal valid databases page by page.
import { Pager } from "../../src/pager/pager.ts";
import type { PagerOptions } from "../../src/pager/types.ts";
import type { Vfs } from "../../src/vfs/types.ts";

const MAGIC = new TextEncoder().encode("SQLite format 3\0");

/**
 * Write a valid empty-schema page 1 (header + empty table-leaf sqlite_schema)
 * into `d`, as SQLite's `zeroPage`/`sqlite3BtreeNewDb` would.
 */
export function initPage1(d: Uint8Array, pageSize: number, reserved = 0): void {
  d.fill(0);
  d.set(MAGIC, 0);
  d[16] = pageSize === 65536 ? 0 : pageSize >> 8;
  d[17] = pageSize === 65536 ? 1 : pageSize & 0xff;
  d[18] = 1; // legacy write version
  d[19] = 1;
  d[20] = reserved;
  d[21] = 64;
  d[22] = 32;
  d[23] = 32;
  d[47] = 4; // schema format
  d[59] = 1; // encoding utf-8
  // b-tree page header at 100: table leaf, no cells, content at usable end.
  d[100] = 0x0d;
  const content = pageSize - reserved;
  d[105] = (content >> 8) & 0xff;
  d[106] = content & 0xff;
}

/** Open a pager and create `nPages` pages: page 1 valid, page k filled with byte k. */
export function makeDb(vfs: Vfs, path: string, nPages: number, opts: PagerOptions = {}): Pager {
  const pager = new Pager(vfs, path, opts);
  pager.beginWrite();
  for (let i = 1; i <= nPages; i++) {
    const p = pager.allocateAtEnd();
    if (p.pgno === 1) initPage1(p.data, pager.pageSize);
    else fillPage(p.data, p.pgno, 0);
    pager.release(p);
  }
  pager.commit();
  return pager;
}

/** A big-endian u32 at `off`, as the file format stores its integers. */
export const be32 = (d: Uint8Array, off: number): number =>
  new DataView(d.buffer, d.byteOffset).getUint32(off);

/** Seeded xorshift32: the same seed gives the same sequence in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Rewrite pages `pgnos` with the fillPage pattern of generation `gen` (write transaction open). */
export function writeGen(pager: Pager, pgnos: number[], gen: number): void {
  for (const n of pgnos) {
    const p = pager.get(n);
    pager.write(p);
    fillPage(p.data, n, gen);
    pager.release(p);
  }
}

/** Fill a non-first page with a recognisable pattern for (pgno, generation). */
export function fillPage(d: Uint8Array, pgno: number, gen: number): void {
  for (let i = 0; i < d.length; i++) d[i] = (pgno * 7 + gen * 13 + (i >> 8)) & 0xff;
}

/** The generation a page's pattern was written with, or -1 for a mix. */
export function pageGen(d: Uint8Array, pgno: number): number {
  for (let gen = 0; gen < 20; gen++) {
    let ok = true;
    for (let i = 0; i < d.length; i += 97) {
      if (d[i] !== ((pgno * 7 + gen * 13 + (i >> 8)) & 0xff)) {
        ok = false;
        break;
      }
    }
    if (ok) return gen;
  }
  return -1;
}

/** Read user_version (header offset 60) through a pager. */
export function userVersion(pager: Pager): number {
  pager.beginRead();
  try {
    const p = pager.get(1);
    const v = new DataView(p.data.buffer, p.data.byteOffset).getUint32(60);
    pager.release(p);
    return v;
  } finally {
    pager.endRead();
  }
}
