/**
 * The few database-header fields the pager itself reads and writes, at their
 * fixed offsets (fileformat2 §1.3 "The Database Header"): magic (0), page size
 * (16), reserved bytes (20), file change counter (24), in-header database size
 * (28), version-valid-for (92) and SQLITE_VERSION_NUMBER (96); plus the
 * lock-byte page rule (§1.3.2). Full header parsing and the byte-level helpers
 * (get32/put32, MAGIC, lockBytePage) belong to `src/format/header.ts`, which
 * the pager imports. Cold path. Never does I/O.
 * @module
 */

import { SqliteError } from "../error.ts";
import { MAGIC } from "../format/header.ts";

/** Byte offsets of the header fields the pager owns. */
export const HDR = {
  PAGE_SIZE: 16,
  RESERVED: 20,
  CHANGE_COUNTER: 24,
  DB_SIZE: 28,
  VERSION_VALID_FOR: 92,
  VERSION_NUMBER: 96,
} as const;

/** True if `n` is a legal page size: a power of two from 512 to 65536. */
export function isValidPageSize(n: number): boolean {
  return n >= 512 && n <= 65536 && (n & (n - 1)) === 0;
}

/** SQLITE_NOTADB "file is not a database". */
export function notADbError(detail?: string): SqliteError {
  const err = new SqliteError("file is not a database", "SQLITE_NOTADB");
  if (detail !== undefined) (err as SqliteError & { detail?: string }).detail = detail;
  return err;
}

/** Page size and reserved bytes read from the first bytes of a database file. */
export interface HeaderGeometry {
  /** Page size in bytes (offset 16; 1 means 65536). */
  pageSize: number;
  /** Reserved bytes at the end of each page (offset 20). */
  reservedBytes: number;
}

/**
 * Validate the magic and page size of a header prefix (at least 100 bytes,
 * zero-filled past the end of a short file) and return the geometry; throws
 * SQLITE_NOTADB as SQLite's `lockBtree` does. Cold path.
 */
export function readGeometry(hdr: Uint8Array): HeaderGeometry {
  for (let i = 0; i < MAGIC.length; i++) {
    if (hdr[i] !== MAGIC[i]) throw notADbError("bad magic");
  }
  const raw = (hdr[HDR.PAGE_SIZE] << 8) | hdr[HDR.PAGE_SIZE + 1];
  const pageSize = raw === 1 ? 65536 : raw;
  if (!isValidPageSize(pageSize)) throw notADbError(`bad page size ${raw}`);
  const reservedBytes = hdr[HDR.RESERVED];
  if (pageSize - reservedBytes < 480) throw notADbError(`usable size ${pageSize - reservedBytes}`);
  return { pageSize, reservedBytes };
}

/** Store `pageSize` at offset 16 in SQLite's encoding (65536 is written as 1). */
export function putPageSize(hdr: Uint8Array, pageSize: number): void {
  const raw = pageSize === 65536 ? 1 : pageSize;
  hdr[HDR.PAGE_SIZE] = raw >>> 8;
  hdr[HDR.PAGE_SIZE + 1] = raw & 0xff;
}
