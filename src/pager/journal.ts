/**
 * The rollback journal's on-disk format and its playback, exactly as SQLite's
 * pager.c writes and reads it (fileformat2 §4 "The Rollback Journal";
 * pager.c `writeJournalHdr`, `readJournalHdr`, `pager_cksum`,
 * `pager_playback`, `pager_playback_one_page`):
 *
 *   header (padded with zeros to one sector):
 *     0  8  magic d9 d5 05 f9 20 a1 63 d7 (all zero until the journal is synced)
 *     8  4  nRec: page records that follow (0xffffffff = "up to end of file")
 *    12  4  nonce: random checksum seed
 *    16  4  database size in pages before the transaction
 *    20  4  sector size (the header's length)
 *    24  4  page size
 *   page record: 4-byte page number, the page's original bytes, 4-byte checksum
 *     = nonce + data[pageSize-200] + data[pageSize-400] + … (offsets > 0, u32 wrap)
 *   A journal may hold several header+records segments, each header starting
 *   on a sector boundary (a new one follows every mid-transaction sync).
 *   A multi-database commit ends the journal with a super-journal pointer:
 *     4-byte lock-byte page number, the name, 4-byte name length, 4-byte
 *     checksum (sum of the name's bytes), the 8-byte magic.
 *
 * Big-endian throughout. This module never decides *when* to write or sync;
 * the pager does. Super-journal pointers are read (`readSuperJournalName`)
 * but never written: tsqlite has no multi-file commits.
 * @module
 */

import { get32, lockBytePage, put32 } from "../format/header.ts";
import { isValidPageSize } from "./header.ts";
import type { VfsFile } from "../vfs/types.ts";

/** The 8-byte journal magic (pager.c aJournalMagic). */
export const JOURNAL_MAGIC: Uint8Array = new Uint8Array([
  0xd9,
  0xd5,
  0x05,
  0xf9,
  0x20,
  0xa1,
  0x63,
  0xd7,
]);

/** Bytes of the meaningful part of a journal header. */
export const JOURNAL_HDR_FIELDS = 28;

/** nRec meaning "every record to the end of the file" (written when the journal is not synced). */
export const NREC_UNKNOWN = 0xffffffff;

/** The checksum of one page record (pager.c `pager_cksum`). Hot during journaling. */
export function journalChecksum(nonce: number, data: Uint8Array, pageSize: number): number {
  let cksum = nonce >>> 0;
  for (let i = pageSize - 200; i > 0; i -= 200) cksum = (cksum + data[i]) >>> 0;
  return cksum;
}

/** The fields of a journal header. */
export interface JournalHeader {
  /** Null writes an all-zero magic and nRec (a journal not yet synced). */
  nRec: number | null;
  /** Random checksum seed. */
  nonce: number;
  /** Database size in pages before the transaction. */
  dbSize: number;
  /** Sector size (the header's padded length). */
  sectorSize: number;
  /** Page size. */
  pageSize: number;
}

/** Fill `buf` (one sector, zeroed here) with a journal header. Cold path. */
export function encodeJournalHeader(buf: Uint8Array, h: JournalHeader): void {
  buf.fill(0);
  if (h.nRec !== null) {
    buf.set(JOURNAL_MAGIC, 0);
    put32(buf, 8, h.nRec);
  }
  put32(buf, 12, h.nonce);
  put32(buf, 16, h.dbSize);
  put32(buf, 20, h.sectorSize);
  put32(buf, 24, h.pageSize);
}

/** The offset of the next header at or after `off` (pager.c `journalHdrOffset`). */
export function nextHeaderOffset(off: number, sectorSize: number): number {
  return off === 0 ? 0 : Math.ceil(off / sectorSize) * sectorSize;
}

/** Result of a journal playback. */
export interface PlaybackResult {
  /** Page size recorded in the journal (the database's page size). */
  pageSize: number;
  /** Database size in pages before the rolled-back transaction, or -1 if the journal held no valid header. */
  origDbSize: number;
  /** Page records written back to the database file. */
  pagesRestored: number;
}

/** Options for `playbackJournal`. */
export interface PlaybackOptions {
  /** True for a hot journal left by a crash (magic must be present in every header). */
  isHot: boolean;
  /** The pager's page size, used if the journal's header records 0. */
  pageSize: number;
  /** The pager's sector size (size of the first header SQLite expects). */
  sectorSize: number;
  /** For an in-process rollback: offset of the header still being filled (its magic may be zero). */
  lastHeader?: number;
  /** Called for each restored page (after the database write). */
  onPage?: (pgno: number, data: Uint8Array) => void;
}

/**
 * Play the journal `jfd` back onto the database `dbfd`: truncate the database
 * to the original size from the first header and write every valid page
 * record back, stopping at the first torn or foreign record, as pager.c
 * `pager_playback` does. Cold path. Does not sync; the caller syncs the
 * database before finalizing the journal.
 */
export function playbackJournal(
  jfd: VfsFile,
  dbfd: VfsFile,
  opts: PlaybackOptions,
): PlaybackResult {
  const szJ = jfd.size();
  const hdr = new Uint8Array(JOURNAL_HDR_FIELDS);
  let pageSize = opts.pageSize;
  let sectorSize = opts.sectorSize;
  let off = 0;
  let origDbSize = -1;
  let restored = 0;
  let rec: Uint8Array | null = null;
  let first = true;
  for (;;) {
    // readJournalHdr
    off = nextHeaderOffset(off, sectorSize);
    if (off + sectorSize > szJ) break;
    const hdrOff = off;
    jfd.read(hdr, off);
    const current = !opts.isHot && hdrOff === opts.lastHeader;
    if (!current) {
      let ok = true;
      for (let i = 0; i < 8; i++) if (hdr[i] !== JOURNAL_MAGIC[i]) ok = false;
      if (!ok) break;
    }
    let nRec = get32(hdr, 8);
    const mxPg = get32(hdr, 16);
    if (first) {
      let jPageSize = get32(hdr, 24);
      const jSector = get32(hdr, 20);
      if (jPageSize === 0) jPageSize = pageSize;
      if (!isValidPageSize(jPageSize)) break;
      if (jSector < 32 || jSector > 65536 || (jSector & (jSector - 1)) !== 0) break;
      pageSize = jPageSize;
      sectorSize = jSector;
    }
    off += sectorSize;
    const recSize = pageSize + 8;
    if (nRec === NREC_UNKNOWN) nRec = Math.floor((szJ - off) / recSize);
    if (nRec === 0 && current) {
      nRec = Math.floor((szJ - off) / recSize);
    }
    if (first) {
      truncateDb(dbfd, mxPg, pageSize);
      origDbSize = mxPg;
      first = false;
      rec = new Uint8Array(recSize);
    }
    const buf = rec as Uint8Array;
    const data = buf.subarray(4, 4 + pageSize);
    const lockPage = lockBytePage(pageSize);
    let stop = false;
    for (let u = 0; u < nRec; u++) {
      if (off + recSize > szJ) {
        stop = true; // short read: the rest of the journal is not there
        break;
      }
      jfd.read(buf, off);
      off += recSize;
      const pgno = get32(buf, 0);
      if (pgno === 0 || pgno === lockPage) {
        off = szJ;
        break;
      }
      if (pgno > origDbSize) continue;
      const cksum = get32(buf, 4 + pageSize);
      const nonce = get32(hdr, 12);
      if (cksum !== journalChecksum(nonce, data, pageSize)) {
        off = szJ;
        break;
      }
      dbfd.write(data, (pgno - 1) * pageSize);
      restored++;
      if (opts.onPage) opts.onPage(pgno, data);
    }
    if (stop) break;
  }
  return { pageSize, origDbSize, pagesRestored: restored };
}

/** Make the database file exactly `nPage` pages long (pager.c `pager_truncate`). */
function truncateDb(dbfd: VfsFile, nPage: number, pageSize: number): void {
  const cur = dbfd.size();
  const want = nPage * pageSize;
  if (cur > want) dbfd.truncate(want);
  else if (cur + pageSize <= want) dbfd.write(new Uint8Array(pageSize), want - pageSize);
}

/**
 * The super-journal name recorded at the end of a journal, or "" if there is
 * none or its checksum fails (pager.c `readSuperJournal`). Cold path.
 */
export function readSuperJournalName(jfd: VfsFile): string {
  const szJ = jfd.size();
  if (szJ < 16) return "";
  const tail = new Uint8Array(16);
  jfd.read(tail, szJ - 16);
  const len = get32(tail, 0);
  if (len === 0 || len > szJ - 16 || len > 65536) return "";
  for (let i = 0; i < 8; i++) if (tail[8 + i] !== JOURNAL_MAGIC[i]) return "";
  const name = new Uint8Array(len);
  jfd.read(name, szJ - 16 - len);
  let cksum = get32(tail, 4);
  for (let i = 0; i < len; i++) cksum = (cksum - name[i]) >>> 0;
  if (cksum !== 0) return "";
  let end = name.indexOf(0);
  if (end < 0) end = len;
  return new TextDecoder().decode(name.subarray(0, end));
}
