/**
 * The SqliteErrors the VFS layer raises, with SQLite's own messages
 * (main.c `sqlite3ErrStr`: "disk I/O error", "unable to open database file",
 * "attempt to write a readonly database", "database or disk is full"). Cold path; no I/O here.
 * @module
 */

import { SqliteError, type SqliteErrorCode } from "../error.ts";

/** An I/O failure: `code` is one of the SQLITE_IOERR_* names. */
export function ioError(code: SqliteErrorCode = "SQLITE_IOERR", detail?: string): SqliteError {
  const err = new SqliteError("disk I/O error", code);
  if (detail !== undefined) (err as SqliteError & { detail?: string }).detail = detail;
  return err;
}

/** SQLITE_CANTOPEN "unable to open database file". */
export function cantOpenError(detail?: string): SqliteError {
  const err = new SqliteError("unable to open database file", "SQLITE_CANTOPEN");
  if (detail !== undefined) (err as SqliteError & { detail?: string }).detail = detail;
  return err;
}

/** SQLITE_READONLY "attempt to write a readonly database". */
export function readonlyError(): SqliteError {
  return new SqliteError("attempt to write a readonly database", "SQLITE_READONLY");
}

/** SQLITE_FULL "database or disk is full" (os_unix maps ENOSPC to it). */
export function fullError(): SqliteError {
  return new SqliteError("database or disk is full", "SQLITE_FULL");
}
