/**
 * SqliteError and SQLite's result codes — the one error type every layer raises.
 *
 * Follows SQLite's "Result and Error Codes" (rescode.html): `code` holds the
 * extended result-code name (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_CORRUPT`, …)
 * exactly as better-sqlite3 reports it; `message` holds SQLite's own wording.
 * This module is a leaf: it imports nothing and is shared by all layers.
 * @module
 */

/** Primary result codes by name, as in sqlite3.h. */
export const PRIMARY_CODES = {
  SQLITE_OK: 0,
  SQLITE_ERROR: 1,
  SQLITE_INTERNAL: 2,
  SQLITE_PERM: 3,
  SQLITE_ABORT: 4,
  SQLITE_BUSY: 5,
  SQLITE_LOCKED: 6,
  SQLITE_NOMEM: 7,
  SQLITE_READONLY: 8,
  SQLITE_INTERRUPT: 9,
  SQLITE_IOERR: 10,
  SQLITE_CORRUPT: 11,
  SQLITE_NOTFOUND: 12,
  SQLITE_FULL: 13,
  SQLITE_CANTOPEN: 14,
  SQLITE_PROTOCOL: 15,
  SQLITE_EMPTY: 16,
  SQLITE_SCHEMA: 17,
  SQLITE_TOOBIG: 18,
  SQLITE_CONSTRAINT: 19,
  SQLITE_MISMATCH: 20,
  SQLITE_MISUSE: 21,
  SQLITE_NOLFS: 22,
  SQLITE_AUTH: 23,
  SQLITE_FORMAT: 24,
  SQLITE_RANGE: 25,
  SQLITE_NOTADB: 26,
  SQLITE_NOTICE: 27,
  SQLITE_WARNING: 28,
} as const;

/** Every result-code name tsqlite can raise: the primary names plus SQLite's extended names. */
export type SqliteErrorCode =
  | keyof typeof PRIMARY_CODES
  | "SQLITE_CONSTRAINT_CHECK"
  | "SQLITE_CONSTRAINT_COMMITHOOK"
  | "SQLITE_CONSTRAINT_FOREIGNKEY"
  | "SQLITE_CONSTRAINT_FUNCTION"
  | "SQLITE_CONSTRAINT_NOTNULL"
  | "SQLITE_CONSTRAINT_PRIMARYKEY"
  | "SQLITE_CONSTRAINT_TRIGGER"
  | "SQLITE_CONSTRAINT_UNIQUE"
  | "SQLITE_CONSTRAINT_VTAB"
  | "SQLITE_CONSTRAINT_ROWID"
  | "SQLITE_CONSTRAINT_DATATYPE"
  | "SQLITE_IOERR_READ"
  | "SQLITE_IOERR_SHORT_READ"
  | "SQLITE_IOERR_WRITE"
  | "SQLITE_IOERR_FSYNC"
  | "SQLITE_IOERR_TRUNCATE"
  | "SQLITE_IOERR_FSTAT"
  | "SQLITE_IOERR_UNLOCK"
  | "SQLITE_IOERR_RDLOCK"
  | "SQLITE_IOERR_DELETE"
  | "SQLITE_IOERR_LOCK"
  | "SQLITE_IOERR_CLOSE"
  | "SQLITE_IOERR_DELETE_NOENT"
  | "SQLITE_BUSY_RECOVERY"
  | "SQLITE_BUSY_SNAPSHOT"
  | "SQLITE_CANTOPEN_ISDIR"
  | "SQLITE_CANTOPEN_FULLPATH"
  | "SQLITE_CORRUPT_INDEX"
  | "SQLITE_READONLY_ROLLBACK"
  | "SQLITE_READONLY_DBMOVED"
  | "SQLITE_READONLY_DIRECTORY"
  | "SQLITE_ABORT_ROLLBACK"
  | "SQLITE_ERROR_MISSING_COLLSEQ"
  | "SQLITE_ERROR_RETRY";

/**
 * The error every layer of tsqlite throws for an SQLite-level failure.
 *
 * `code` is SQLite's extended result-code name, as better-sqlite3 reports it.
 *
 * @example
 * ```ts
 * import { SqliteError } from "./mod.ts";
 * const err = new SqliteError("no such table: t", "SQLITE_ERROR");
 * console.log(err.code, err.message); // SQLITE_ERROR no such table: t
 * ```
 */
export class SqliteError extends Error {
  /** SQLite's (extended) result-code name, e.g. `SQLITE_CONSTRAINT_UNIQUE`. */
  code: SqliteErrorCode;
  /**
   * Create an error with SQLite's message and result-code name.
   * @param message SQLite's own wording, e.g. `near "X": syntax error`.
   * @param code The (extended) result-code name; defaults to `SQLITE_ERROR`.
   */
  constructor(message: string, code: SqliteErrorCode = "SQLITE_ERROR") {
    super(message);
    this.code = code;
  }
  /** The primary result-code name of `code` (`SQLITE_CONSTRAINT` for `SQLITE_CONSTRAINT_UNIQUE`). */
  get primaryCode(): keyof typeof PRIMARY_CODES {
    return primaryCodeOf(this.code);
  }
}
Object.defineProperty(SqliteError.prototype, "name", {
  value: "SqliteError",
  enumerable: false,
  writable: true,
  configurable: true,
});

/** The primary result-code name behind an extended one. */
export function primaryCodeOf(code: SqliteErrorCode): keyof typeof PRIMARY_CODES {
  if (code in PRIMARY_CODES) return code as keyof typeof PRIMARY_CODES;
  const cut = code.indexOf("_", "SQLITE_".length);
  return code.slice(0, cut) as keyof typeof PRIMARY_CODES;
}

/** Shorthand for the common corrupt-database error (`database disk image is malformed`). */
export function corruptError(detail?: string): SqliteError {
  const err = new SqliteError("database disk image is malformed", "SQLITE_CORRUPT");
  if (detail) (err as SqliteError & { detail?: string }).detail = detail;
  return err;
}
