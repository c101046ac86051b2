/**
 * The 100-byte database header (fileformat2 §1.3).
 *
 * Owns: parsing, validating and serializing every header field, plus the
 * big-endian integer helpers the format layer shares. Validation follows
 * what SQLite checks on open (btree.c lockBtree): the magic string (else
 * SQLITE_NOTADB), read/write versions, page size a power of two in
 * 512..65536, payload fractions 64/32/32, usable size ≥ 480.
 * Must never: touch files or pages; it only reads and writes byte arrays.
 * @module
 */

import { SqliteError } from "../error.ts";

/** "SQLite format 3\0" — the 16-byte magic string at offset 0. */
export const MAGIC: Uint8Array = new TextEncoder().encode("SQLite format 3\0");

/** Size of the database header at the start of page 1. */
export const HEADER_SIZE = 100;

/** Byte offset of the file's lock-byte range (os.h PENDING_BYTE). */
export const PENDING_BYTE = 0x40000000;

/** SQLITE_VERSION_NUMBER written at offset 96 by tsqlite (matches the oracle's major line). */
export const WRITER_VERSION_NUMBER = 3053002;

/** Every field of the database header, by name. */
export interface DatabaseHeader {
  /** Offset 16: page size in bytes (the stored 1 means 65536). */
  pageSize: number;
  /** Offset 18: file format write version (1 legacy/rollback, 2 WAL). */
  writeVersion: number;
  /** Offset 19: file format read version (1 legacy/rollback, 2 WAL). */
  readVersion: number;
  /** Offset 20: bytes reserved at the end of each page. */
  reservedBytes: number;
  /** Offset 21: maximum embedded payload fraction (must be 64). */
  maxPayloadFraction: number;
  /** Offset 22: minimum embedded payload fraction (must be 32). */
  minPayloadFraction: number;
  /** Offset 23: leaf payload fraction (must be 32). */
  leafPayloadFraction: number;
  /** Offset 24: file change counter. */
  changeCounter: number;
  /** Offset 28: database size in pages (valid when versionValidFor == changeCounter). */
  databaseSize: number;
  /** Offset 32: first freelist trunk page (0 = none). */
  firstFreelistTrunk: number;
  /** Offset 36: total number of freelist pages. */
  freelistCount: number;
  /** Offset 40: schema cookie. */
  schemaCookie: number;
  /** Offset 44: schema format number (1..4). */
  schemaFormat: number;
  /** Offset 48: default page cache size. */
  defaultCacheSize: number;
  /** Offset 52: largest root b-tree page when auto/incremental vacuum, else 0. */
  largestRootPage: number;
  /** Offset 56: text encoding: 1 UTF-8, 2 UTF-16le, 3 UTF-16be. */
  textEncoding: number;
  /** Offset 60: user_version. */
  userVersion: number;
  /** Offset 64: non-zero for incremental vacuum mode. */
  incrementalVacuum: number;
  /** Offset 68: application_id. */
  applicationId: number;
  /** Offset 92: the change counter value when versionNumber was stored. */
  versionValidFor: number;
  /** Offset 96: SQLITE_VERSION_NUMBER of the last writer. */
  versionNumber: number;
}

/** Read a big-endian u16. Hot. */
export function get16(b: Uint8Array, off: number): number {
  return (b[off] << 8) | b[off + 1];
}
/** Read a big-endian u32 (as a non-negative number). Hot. */
export function get32(b: Uint8Array, off: number): number {
  return ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
}
/** Write a big-endian u16. Hot. */
export function put16(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 8;
  b[off + 1] = v;
}
/** Write a big-endian u32. Hot. */
export function put32(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 24;
  b[off + 1] = v >>> 16;
  b[off + 2] = v >>> 8;
  b[off + 3] = v;
}

/** True when `b` starts with the SQLite magic string. Cold. */
export function hasMagic(b: Uint8Array): boolean {
  if (b.length < 16) return false;
  for (let i = 0; i < 16; i++) if (b[i] !== MAGIC[i]) return false;
  return true;
}

/**
 * Parse (and validate) the 100-byte header at the start of `b`. Throws
 * SQLITE_NOTADB ("file is not a database") for a bad magic or impossible
 * geometry, as SQLite does on open. Cold.
 * @example
 * ```ts
 * const h = parseHeader(serializeHeader(defaultHeader(4096)));
 * h.pageSize; // 4096
 * ```
 */
export function parseHeader(b: Uint8Array): DatabaseHeader {
  if (b.length < HEADER_SIZE || !hasMagic(b)) throw notADb();
  const raw = get16(b, 16);
  const pageSize = raw === 1 ? 65536 : raw;
  const h: DatabaseHeader = {
    pageSize,
    writeVersion: b[18],
    readVersion: b[19],
    reservedBytes: b[20],
    maxPayloadFraction: b[21],
    minPayloadFraction: b[22],
    leafPayloadFraction: b[23],
    changeCounter: get32(b, 24),
    databaseSize: get32(b, 28),
    firstFreelistTrunk: get32(b, 32),
    freelistCount: get32(b, 36),
    schemaCookie: get32(b, 40),
    schemaFormat: get32(b, 44),
    defaultCacheSize: get32(b, 48) | 0,
    largestRootPage: get32(b, 52),
    textEncoding: get32(b, 56),
    userVersion: get32(b, 60) | 0,
    incrementalVacuum: get32(b, 64),
    applicationId: get32(b, 68) | 0,
    versionValidFor: get32(b, 92),
    versionNumber: get32(b, 96),
  };
  validateHeader(h);
  return h;
}

/** Throw SQLITE_NOTADB unless the header's geometry is one SQLite would open. Cold. */
export function validateHeader(h: DatabaseHeader): void {
  const ps = h.pageSize;
  if (ps < 512 || ps > 65536 || (ps & (ps - 1)) !== 0) throw notADb();
  if (h.readVersion > 2) throw notADb(); // SQLite: read-only if write version > 2, refuse if read version > 2
  if (h.maxPayloadFraction !== 64 || h.minPayloadFraction !== 32 || h.leafPayloadFraction !== 32) {
    throw notADb();
  }
  if (ps - h.reservedBytes < 480) throw notADb();
}

/**
 * The text encoding a header's offset-56 value means, as SQLite reads it
 * (prepare.c: `meta & 3`, 0 meaning UTF-8): 1 UTF-8, 2 UTF-16le, 3 UTF-16be.
 */
export function effectiveEncoding(v: number): 1 | 2 | 3 {
  const e = v & 3;
  return e === 0 ? 1 : (e as 1 | 2 | 3);
}

/** A fresh header as sqlite3BtreeNewDb writes it. Cold. */
export function defaultHeader(pageSize: number, reservedBytes = 0): DatabaseHeader {
  return {
    pageSize,
    writeVersion: 1,
    readVersion: 1,
    reservedBytes,
    maxPayloadFraction: 64,
    minPayloadFraction: 32,
    leafPayloadFraction: 32,
    changeCounter: 0,
    databaseSize: 1,
    firstFreelistTrunk: 0,
    freelistCount: 0,
    schemaCookie: 0,
    schemaFormat: 4,
    defaultCacheSize: 0,
    largestRootPage: 0,
    textEncoding: 1,
    userVersion: 0,
    incrementalVacuum: 0,
    applicationId: 0,
    versionValidFor: 0,
    versionNumber: WRITER_VERSION_NUMBER,
  };
}

/** Write every header field into `out[0..100)` (zeroing the reserved 72..91). Cold. */
export function writeHeader(h: DatabaseHeader, out: Uint8Array): void {
  out.set(MAGIC, 0);
  put16(out, 16, h.pageSize === 65536 ? 1 : h.pageSize);
  out[18] = h.writeVersion;
  out[19] = h.readVersion;
  out[20] = h.reservedBytes;
  out[21] = h.maxPayloadFraction;
  out[22] = h.minPayloadFraction;
  out[23] = h.leafPayloadFraction;
  put32(out, 24, h.changeCounter);
  put32(out, 28, h.databaseSize);
  put32(out, 32, h.firstFreelistTrunk);
  put32(out, 36, h.freelistCount);
  put32(out, 40, h.schemaCookie);
  put32(out, 44, h.schemaFormat);
  put32(out, 48, h.defaultCacheSize);
  put32(out, 52, h.largestRootPage);
  put32(out, 56, h.textEncoding);
  put32(out, 60, h.userVersion);
  put32(out, 64, h.incrementalVacuum);
  put32(out, 68, h.applicationId);
  out.fill(0, 72, 92);
  put32(out, 92, h.versionValidFor);
  put32(out, 96, h.versionNumber);
}

/** Serialize a header into a new 100-byte array. Cold. */
export function serializeHeader(h: DatabaseHeader): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE);
  writeHeader(h, out);
  return out;
}

/** The page number holding the lock byte (never used for data). */
export function lockBytePage(pageSize: number): number {
  return Math.floor(PENDING_BYTE / pageSize) + 1;
}

/** SQLITE_NOTADB as SQLite words it. */
export function notADb(): SqliteError {
  return new SqliteError("file is not a database", "SQLITE_NOTADB");
}
