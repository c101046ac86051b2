/**
 * The engine connection — SQLite's `sqlite3` handle and `sqlite3_stmt` (main.c, prepare.c,
 * vdbeapi.c) below the better-sqlite3-compatible `Database`/`Statement`.
 *
 * Owns: opening a database (VFS → pager → b-tree), the schema catalog and its reload when the
 * schema cookie changes, preparing statements (parse → plan → code generation → `Program`),
 * running them on the VM, autocommit and explicit transactions, and the connection counters
 * (changes, total_changes, last_insert_rowid).
 * Must never: touch `Deno` directly (only `src/vfs` backends do), or know better-sqlite3's
 * JS-facing conventions (binding objects, `.all()`, …) — that is `src/api/database.ts`.
 *
 * STATUS: contract skeleton. The types below are final (the API layer codes against them);
 * the implementation is wired in as the lower layers land, and until then `open` fails with a
 * clear SqliteError.
 * @module
 */

import { SqliteError } from "../error.ts";

/**
 * The VFS a connection opens its file through (from `src/vfs`). Placeholder shape until
 * `src/vfs` lands; then this re-exports its `Vfs` type.
 */
export interface Vfs {
  readonly name: string;
}

/**
 * The function registry user functions and aggregates register into (from `src/func`).
 * Placeholder shape until `src/func` lands; then this re-exports its `FunctionRegistry`.
 */
export interface FunctionRegistry {
  readonly size: number;
}

/** Options for {@link Connection.open} and {@link Connection.deserialize}. */
export interface ConnectionOptions {
  /** Open read-only: writes fail with SQLITE_READONLY. */
  readonly?: boolean;
  /** Fail with SQLITE_CANTOPEN if the file does not exist (instead of creating it). */
  fileMustExist?: boolean;
  /** The VFS to use (default: memory for ":memory:"/"", Deno files otherwise). */
  vfs?: Vfs;
}

/** Where a result column comes from (sqlite3_column_database/table/origin_name). */
export interface ColumnOrigin {
  database: string | null;
  table: string | null;
  column: string | null;
}

/** Connection-level behaviour switches (better-sqlite3's build: true, false, false). */
export interface ConnectionFlags {
  /** PRAGMA foreign_keys. */
  foreignKeys: boolean;
  /** Accept double-quoted string literals (SQLITE_DBCONFIG_DQS_DML/DDL). */
  dqs: boolean;
  /** LIKE matches BLOBs (false under SQLITE_LIKE_DOESNT_MATCH_BLOBS). */
  likeMatchesBlobs: boolean;
}

/**
 * One prepared statement (SQLite's `sqlite3_stmt`).
 *
 * @example
 * ```ts
 * import { Connection } from "./connection.ts";
 * const db = Connection.open(":memory:");
 * const st = db.prepare("SELECT ?1 + 1")!;
 * st.bindInt(1, 41);
 * if (st.step()) console.log(st.columnValue(0, false)); // 42
 * st.finalize();
 * ```
 */
export interface PreparedStatement {
  /** This statement's text. */
  readonly sql: string;
  /** Offset just past this statement in the source string. */
  readonly tail: number;
  /** As sqlite3_stmt_readonly. */
  readonly readonly: boolean;
  /** Number of result columns; 0 if it returns no data. */
  readonly columnCount: number;
  /** Result column name (sqlite3_column_name). */
  columnName(i: number): string;
  /** Result column origin (sqlite3_column_database/table/origin_name). */
  columnOrigin(i: number): ColumnOrigin;
  /** Declared type of the result column's origin (sqlite3_column_decltype). */
  columnDecltype(i: number): string | null;
  /** Highest parameter index (sqlite3_bind_parameter_count). */
  readonly parameterCount: number;
  /** 1-based; ":a", "@a", "$a", "?3"; null for bare "?". */
  parameterName(i: number): string | null;
  /** Bind NULL to parameter i (1-based). */
  bindNull(i: number): void;
  /** Bind an INTEGER to parameter i. */
  bindInt(i: number, v: number | bigint): void;
  /** Bind a REAL to parameter i. */
  bindReal(i: number, v: number): void;
  /** Bind TEXT to parameter i. */
  bindText(i: number, v: string): void;
  /** Bind a BLOB to parameter i. */
  bindBlob(i: number, v: Uint8Array): void;
  /** Set every parameter back to NULL. */
  clearBindings(): void;
  /** Run to the next row: true = a row is ready; false = done; throws SqliteError (then resets). */
  step(): boolean;
  /** MemType of the current row's column i. */
  columnType(i: number): number;
  /** The current row's column i as a JS value. Hot path. */
  columnValue(i: number, safeIntegers: boolean): null | number | bigint | string | Uint8Array;
  /** Rewind to the start (bindings are kept). */
  reset(): void;
  /** Release the statement; it may not be used afterwards. */
  finalize(): void;
  /** Stepped at least once and not yet done/reset. */
  readonly busy: boolean;
}

/**
 * A database connection (SQLite's `sqlite3` handle).
 *
 * @example
 * ```ts
 * import { Connection } from "./connection.ts";
 * const db = Connection.open(":memory:");
 * db.prepare("CREATE TABLE t(a)")!.step();
 * db.close();
 * ```
 */
export class Connection {
  /** Connection behaviour switches. */
  flags: ConnectionFlags = { foreignKeys: true, dqs: false, likeMatchesBlobs: false };

  private constructor() {}

  /** Open (or create) a database. ":memory:" and "" open a private in-memory/temp database. */
  static open(path: string, options: ConnectionOptions = {}): Connection {
    void path;
    void options;
    throw new SqliteError("unable to open database: engine not yet wired", "SQLITE_CANTOPEN");
  }

  /** Open an in-memory database holding a copy of `image` (a whole database file). */
  static deserialize(image: Uint8Array, options: ConnectionOptions = {}): Connection {
    void image;
    void options;
    throw new SqliteError("unable to open database: engine not yet wired", "SQLITE_CANTOPEN");
  }

  /** The whole database file as bytes (sqlite3_serialize). */
  serialize(): Uint8Array {
    throw new SqliteError("not yet wired", "SQLITE_MISUSE");
  }

  /**
   * Prepare the first statement at `sql[offset..]`; null if only whitespace/comments remain.
   * Throws SqliteError on a syntax or resolution error.
   */
  prepare(sql: string, offset = 0): PreparedStatement | null {
    void sql;
    void offset;
    throw new SqliteError("not yet wired", "SQLITE_MISUSE");
  }

  /** True inside BEGIN … COMMIT (sqlite3_get_autocommit() == 0). */
  get inTransaction(): boolean {
    return false;
  }
  /** Rows changed by the most recent INSERT/UPDATE/DELETE (sqlite3_changes64). */
  get changes(): number {
    return 0;
  }
  /** Rows changed since the connection opened (sqlite3_total_changes64). */
  get totalChanges(): number {
    return 0;
  }
  /** Rowid of the most recent successful INSERT (sqlite3_last_insert_rowid). */
  get lastInsertRowid(): number | bigint {
    return 0;
  }
  /** User functions and aggregates register here. */
  get functions(): FunctionRegistry {
    throw new SqliteError("not yet wired", "SQLITE_MISUSE");
  }

  /** Close the connection, rolling back any open transaction. */
  close(): void {}
}
