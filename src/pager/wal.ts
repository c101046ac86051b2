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
 * `encodeWalHeader`/`encodeFrame` build the same structures for the pager's
 * own journal_mode=WAL commits. Never decides when to write or sync.
 * @module
 */

import { get32 } from "../format/header.ts";
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
  /** First salt from the header (every valid frame repeats it). */
  salt1: number;
  /** Second salt from the header (every valid frame repeats it). */
  salt2: number;
  /** Checkpoint sequence number from the header. */
  seq: number;
  /** Checksum words are big-endian (magic 0x377f0683). */
  bigEndian: boolean;
  /** Running checksum after the last commit frame (seed of the next frame). */
  cksum: Uint32Array;
  /** Byte offset just past the last commit frame (where the next frame goes). */
  end: number;
}

/** A 32-byte WAL header (little-endian checksum words, as SQLite writes on x86). Cold path. */
export function encodeWalHeader(
  pageSize: number,
  seq: number,
  salt1: number,
  salt2: number,
): { bytes: Uint8Array; cksum: Uint32Array } {
  const h = new Uint8Array(32);
  const dv = new DataView(h.buffer);
  dv.setUint32(0, WAL_MAGIC_LE);
  dv.setUint32(4, WAL_VERSION);
  dv.setUint32(8, pageSize);
  dv.setUint32(12, seq >>> 0);
  dv.setUint32(16, salt1 >>> 0);
  dv.setUint32(20, salt2 >>> 0);
  const s = new Uint32Array(2);
  walChecksum(false, h, 0, 24, s);
  dv.setUint32(24, s[0]);
  dv.setUint32(28, s[1]);
  return { bytes: h, cksum: s };
}

/**
 * Fill `frame` (24 + page size bytes) with page `pgno`'s frame: header
 * (page number, `commitSize` or 0, salts, running checksum) and the page.
 * Advances the running checksum `s`. Hot during a WAL commit.
 */
export function encodeFrame(
  frame: Uint8Array,
  pgno: PageNumber,
  commitSize: number,
  snap: { salt1: number; salt2: number; bigEndian: boolean },
  s: Uint32Array,
  page: Uint8Array,
): void {
  const dv = new DataView(frame.buffer, frame.byteOffset, 24);
  dv.setUint32(0, pgno);
  dv.setUint32(4, commitSize);
  dv.setUint32(8, snap.salt1);
  dv.setUint32(12, snap.salt2);
  frame.set(page, 24);
  walChecksum(snap.bigEndian, frame, 0, 8, s);
  walChecksum(snap.bigEndian, frame, 24, page.length, s);
  dv.setUint32(16, s[0]);
  dv.setUint32(20, s[1]);
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
 * Returns null when the log has no valid header or no committed frame. Given
 * the previous snapshot of the same log (same salts: no restart since), only
 * the frames after it are read. Cold path.
 */
export function readWal(f: VfsFile, prev: WalSnapshot | null = null): WalSnapshot | null {
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
  let frames = new Map<PageNumber, number>();
  let dbSize = 0, mxFrame = 0, lastKey = "", end = 32;
  const atCommit = new Uint32Array(2);
  let start = 32;
  if (
    prev !== null && prev.salt1 === salt1 && prev.salt2 === salt2 && prev.pageSize === pageSize &&
    prev.bigEndian === bigEndian && prev.end <= size
  ) {
    // Same log, only appended to: resume after the previous snapshot.
    frames = new Map(prev.frames);
    dbSize = prev.dbSize;
    mxFrame = prev.mxFrame;
    end = prev.end;
    start = prev.end;
    s.set(prev.cksum);
    atCommit.set(prev.cksum);
    lastKey = `${s[0]}:${s[1]}`;
  }
  for (let n = mxFrame + 1, off = start; off + frameSize <= size; n++, off += frameSize) {
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
      atCommit.set(s);
      end = off + frameSize;
    }
  }
  if (mxFrame === 0) return null;
  return {
    pageSize,
    dbSize,
    frames,
    mxFrame,
    key: `${salt1}:${salt2}:${mxFrame}:${lastKey}`,
    salt1,
    salt2,
    seq: get32(hdr, 12),
    bigEndian,
    cksum: atCommit,
    end,
  };
}

/**
 * A cheap identity of the log's current state — size, header and last frame
 * header — so a reader can tell whether anything was appended or restarted
 * without re-running recovery. Cold path.
 */
export function walFingerprint(f: VfsFile): string {
  const size = f.size();
  const probe = new Uint8Array(32 + 24);
  f.read(probe.subarray(0, 32), 0);
  const ps = get32(probe, 8);
  if (size >= 32 && isValidPageSize(ps)) {
    f.read(probe.subarray(32), Math.max(32, size - ps - 24));
  }
  return `${size}:${probe.join(",")}`;
}
