/**
 * Reading a write-ahead log left by real SQLite (fileformat2 §4.4 "The
 * Write-Ahead Log", wal.c `walIndexRecover` / `walDecodeFrame` /
 * `walChecksumBytes`), so a WAL-mode database whose last transactions live
 * only in `<db>-wal` reads exactly as SQLite would read it.
 *
 *   WAL header (32 bytes, big-endian): magic 0x377f0682 (checksums over
 *   little-endian words) or 0x377f0683 (big-endian words); format 3007000;
 *   page size; checkpoint sequence; salt-1; salt-2; checksum-1, -2 of bytes 0..23.
 *   Frame: 24-byte header — page number; database size in pages after the
 *   commit (non-zero only on a commit frame); salt-1; salt-2; cumulative
 *   checksum-1, -2 over the header's first 8 bytes and the page — then the page.
 *
 * Recovery keeps the frames up to the last valid commit frame; a frame with
 * wrong salts or checksum ends the log. No wal-index (-shm) is read: this is
 * the recovery path SQLite itself takes when it is the first to open the log.
 * Never writes; tsqlite does not write WAL files (the pager checkpoints a log
 * into the database file before it writes with its rollback journal).
 * @module
 */

import { get32 } from "./header.ts";
import { isValidPageSize } from "./header.ts";
import type { VfsFile } from "../vfs/types.ts";
import type { PageNumber } from "./types.ts";

/** WAL magic with little-endian checksum words. */
export const WAL_MAGIC_LE = 0x377f0682;
/** WAL magic with big-endian checksum words. */
export const WAL_MAGIC_BE = 0x377f0683;
/** The only WAL format version. */
export const WAL_VERSION = 3007000;

/** The committed content of a WAL as recovery finds it. */
export interface WalSnapshot {
  /** Page size recorded in the WAL header. */
  pageSize: number;
  /** Database size in pages as of the last commit frame. */
  dbSize: number;
  /** Latest committed frame per page: byte offset of that frame's page data in the WAL. */
  frames: Map<PageNumber, number>;
  /** Number of frames up to and including the last commit. */
  mxFrame: number;
  /** Identity of this snapshot (salts, frame count, last checksum), to notice a changed log. */
  key: string;
}

/**
 * wal.c walChecksumBytes: fold `len` bytes (a multiple of 8) of `b` at `off`
 * into the running pair `s`, reading 32-bit words big- or little-endian.
 * Hot during recovery.
 */
export function walChecksum(
  bigEndian: boolean,
  b: Uint8Array,
  off: number,
  len: number,
  s: Uint32Array,
): void {
  let s1 = s[0], s2 = s[1];
  const end = off + len;
  if (bigEndian) {
    for (let i = off; i < end; i += 8) {
      const x0 = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
      const x1 = ((b[i + 4] << 24) | (b[i + 5] << 16) | (b[i + 6] << 8) | b[i + 7]) >>> 0;
      s1 = (s1 + x0 + s2) >>> 0;
      s2 = (s2 + x1 + s1) >>> 0;
    }
  } else {
    for (let i = off; i < end; i += 8) {
      const x0 = (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
      const x1 = (b[i + 4] | (b[i + 5] << 8) | (b[i + 6] << 16) | (b[i + 7] << 24)) >>> 0;
      s1 = (s1 + x0 + s2) >>> 0;
      s2 = (s2 + x1 + s1) >>> 0;
    }
  }
  s[0] = s1;
  s[1] = s2;
}

/**
 * Recover the committed snapshot of the WAL file `f` (wal.c walIndexRecover).
 * Returns null when the log has no valid header or no committed frame. Cold path.
 */
export function readWal(f: VfsFile): WalSnapshot | null {
  const size = f.size();
  if (size < 32) return null;
  const hdr = new Uint8Array(32);
  f.read(hdr, 0);
  const magic = get32(hdr, 0);
  if (magic !== WAL_MAGIC_LE && magic !== WAL_MAGIC_BE) return null;
  const bigEndian = (magic & 1) === 1;
  const pageSize = get32(hdr, 8);
  if (get32(hdr, 4) !== WAL_VERSION || !isValidPageSize(pageSize)) return null;
  const s = new Uint32Array(2);
  walChecksum(bigEndian, hdr, 0, 24, s);
  if (s[0] !== get32(hdr, 24) || s[1] !== get32(hdr, 28)) return null;
  const salt1 = get32(hdr, 16), salt2 = get32(hdr, 20);
  const frameSize = pageSize + 24;
  const frame = new Uint8Array(frameSize);
  const pending = new Map<PageNumber, number>();
  const frames = new Map<PageNumber, number>();
  let dbSize = 0, mxFrame = 0, lastKey = "";
  for (let n = 1, off = 32; off + frameSize <= size; n++, off += frameSize) {
    f.read(frame, off);
    const pgno = get32(frame, 0);
    if (pgno === 0 || get32(frame, 8) !== salt1 || get32(frame, 12) !== salt2) break;
    walChecksum(bigEndian, frame, 0, 8, s);
    walChecksum(bigEndian, frame, 24, pageSize, s);
    if (s[0] !== get32(frame, 16) || s[1] !== get32(frame, 20)) break;
    pending.set(pgno, off + 24);
    const commit = get32(frame, 4);
    if (commit !== 0) {
      for (const [p, o] of pending) frames.set(p, o);
      pending.clear();
      dbSize = commit;
      mxFrame = n;
      lastKey = `${s[0]}:${s[1]}`;
    }
  }
  if (mxFrame === 0) return null;
  return { pageSize, dbSize, frames, mxFrame, key: `${salt1}:${salt2}:${mxFrame}:${lastKey}` };
}
