/**
 * The engine connection — SQLite's `sqlite3` handle and `sqlite3_stmt` (main.c, prepare.c,
 * vdbeapi.c) below the better-sqlite3-compatible `Database`/`Statement`.
 *
 * Owns: opening a database (VFS → pager → b-tree), the schema catalog and its reload when the
 * schema cookie changes, preparing statements (parse → plan → code generation → `Program`),
 * running them on the VM, autocommit and explicit transactions (./connection_txn.ts), and the
 * connection counters (changes, total_changes, last_insert_rowid).
 * Must never: touch `Deno` directly (only `src/vfs` backends do), or know better-sqlite3's
 * JS-facing conventions (binding objects, `.all()`, …) — that is `src/api/database.ts`.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { BtreeApi } from "../btree/types.ts";
import type { Vfs } from "../vfs/types.ts";
import { MemoryVfs } from "../vfs/memory.ts";
import { DenoFileVfs } from "../vfs/deno_file.ts";
import { Pager } from "../pager/pager.ts";
import { busyTimeout } from "../pager/busy.ts";
import { parseOne } from "../sql/mod.ts";
import type { ParsedStatement, ParseOptions } from "../sql/ast.ts";
import type { Schema } from "../planner/schema.ts";
import { loadSchema } from "./connection_schema.ts";
import { TxnState } from "./connection_txn.ts";
import { closeOpenWriters, type Engine, openBtree } from "./connection_engine.ts";
import { Statement, type StatementCore } from "./connection_stmt.ts";
import { type CacheEntry, flagsKey, StatementCache } from "./connection_cache.ts";
import { type FunctionRegistry, newFunctionRegistry } from "./connection_funcs.ts";

export type { Vfs };
export type { FunctionRegistry };

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
  /**
   * PRAGMA trusted_schema (on in both builds): off, no user function may be called from the
   * schema (views, triggers, CHECK, DEFAULT, indexes).
   */
  trustedSchema: boolean;
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

let denoVfs: DenoFileVfs | null = null;

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
  flags: ConnectionFlags = {
    foreignKeys: true,
    dqs: false,
    likeMatchesBlobs: false,
    trustedSchema: true,
  };
  /**
   * The SQL dialect `prepare` parses (compile-time options of the SQLite build being mirrored):
   * stock SQLite's by default; the better-sqlite3 API sets `BETTER_SQLITE3_DIALECT`.
   */
  dialect: Readonly<ParseOptions> = {};
  /** @internal The engine internals (schema, b-tree, transactions, counters). */
  readonly engine: Engine;
  #closed = false;
  readonly #statements = new Set<Statement>();
  /** Parsed statements and idle compiled bodies by SQL text (./connection_cache.ts). */
  readonly #cache = new StatementCache<StatementCore>();

  private constructor(engine: Engine) {
    this.engine = engine;
  }

  /** Open (or create) a database. ":memory:" and "" open a private in-memory database. */
  static open(path: string, options: ConnectionOptions = {}): Connection {
    const memory = path === ":memory:" || path === "";
    let vfs: Vfs;
    if (options.vfs) vfs = options.vfs;
    else if (memory) vfs = new MemoryVfs();
    else {
      denoVfs ??= new DenoFileVfs();
      vfs = denoVfs;
    }
    const file = memory && !options.vfs ? "main.db" : path;
    const readonly = options.readonly === true;
    if ((options.fileMustExist || readonly) && !memory && !vfs.exists(file)) {
      throw new SqliteError("unable to open database file", "SQLITE_CANTOPEN");
    }
    return Connection.#openOn(vfs, file, readonly, memory ? null : path);
  }

  /** Open an in-memory database holding a copy of `image` (a whole database file). */
  static deserialize(image: Uint8Array, options: ConnectionOptions = {}): Connection {
    const vfs = new MemoryVfs();
    const f = vfs.open("main.db", { create: true, kind: "main-db" });
    f.write(image.slice(), 0);
    f.close();
    return Connection.#openOn(vfs, "main.db", options.readonly === true, null);
  }

  static #openOn(vfs: Vfs, file: string, readonly: boolean, filename: string | null): Connection {
    let pager: Pager;
    try {
      // In-memory databases keep their rollback journal in memory (journal_mode=MEMORY), as
      // SQLite does for ":memory:".
      pager = new Pager(vfs, file, {
        readonly,
        journalMode: filename === null ? "memory" : "delete",
        memory: filename === null,
      });
    } catch (e) {
      if (e instanceof SqliteError && e.code.startsWith("SQLITE_CANTOPEN")) {
        throw new SqliteError("unable to open database file", "SQLITE_CANTOPEN");
      }
      throw e;
    }
    const bt: BtreeApi = openBtree(pager);
    let engineRef: Engine | null = null;
    const txn = new TxnState(() => engineRef === null ? bt : engineRef.bt, readonly);
    const engine: Engine = {
      vfs,
      file,
      filename,
      pager,
      bt,
      txn,
      schema: null as unknown as Schema,
      schemaDirty: false,
      generation: 0,
      tempViews: new Map(),
      activeTriggers: new Set(),
      openWriters: new Set(),
      functions: newFunctionRegistry(),
      changes: 0,
      totalChanges: 0,
      lastInsertRowid: 0,
      flags: null as unknown as ConnectionFlags,
      settings: { cacheSize: -2000, journalMode: "delete", synchronous: 2 },
    };
    engineRef = engine;
    const conn = new Connection(engine);
    engine.flags = conn.flags;
    txn.onRollback = () => {
      engine.schemaDirty = true;
    };
    txn.onBoundary = () => closeOpenWriters(engine);
    // Read the schema now so a corrupt file or a non-database fails at open, as SQLite does on
    // first use.
    txn.ensureRead();
    try {
      engine.schema = loadSchema(bt);
    } catch (e) {
      txn.close();
      pager.close();
      throw e;
    } finally {
      txn.endIdleRead();
    }
    return conn;
  }

  /** The whole database file as bytes (sqlite3_serialize). */
  serialize(): Uint8Array {
    this.#check();
    const e = this.engine;
    e.txn.ensureRead();
    try {
      const n = e.pager.pageCount();
      const out = new Uint8Array(n * e.pager.pageSize);
      for (let p = 1; p <= n; p++) {
        const page = e.pager.get(p);
        out.set(page.data, (p - 1) * e.pager.pageSize);
        e.pager.release(page);
      }
      return out;
    } finally {
      e.txn.endIdleRead();
    }
  }

  /**
   * Prepare the first statement at `sql[offset..]`; null if only whitespace/comments remain.
   * Throws SqliteError on a syntax or resolution error.
   */
  prepare(sql: string, offset = 0): PreparedStatement | null {
    this.#check();
    let entry: CacheEntry<StatementCore> | null | undefined;
    let parsed: ParsedStatement;
    const flags = offset === 0 ? flagsKey(this.flags) : 0;
    if (offset === 0 && (entry = this.#cache.lookup(sql, this.dialect, flags)) !== undefined) {
      parsed = entry.parsed;
    } else {
      parsed = parseOne(sql, offset, this.dialect);
      if (parsed.stmt === null) return null;
      entry = offset === 0 ? this.#cache.add(sql, parsed, this.dialect, flags) : null;
    }
    const st = new Statement(this.engine, sql, offset, parsed, this.#statements, entry);
    // A pragma that sets something may change how later statements compile (as SQLite's
    // OP_Expire after a flag pragma): cached bodies are dropped whenever one runs.
    if (parsed.stmt!.kind === "pragma" && parsed.stmt!.value !== null) st.onRun = this.#expire;
    this.#statements.add(st);
    return st;
  }

  /** True inside BEGIN … COMMIT (sqlite3_get_autocommit() == 0). */
  get inTransaction(): boolean {
    return this.engine.txn.inTransaction;
  }
  /** Rows changed by the most recent INSERT/UPDATE/DELETE (sqlite3_changes64). */
  get changes(): number {
    return this.engine.changes;
  }
  /** Rows changed since the connection opened (sqlite3_total_changes64). */
  get totalChanges(): number {
    return this.engine.totalChanges;
  }
  /** Rowid of the most recent successful INSERT (sqlite3_last_insert_rowid). */
  get lastInsertRowid(): number | bigint {
    return this.engine.lastInsertRowid;
  }
  /** User functions and aggregates register here (call `expireStatements` after a change). */
  get functions(): FunctionRegistry {
    return this.engine.functions;
  }

  /**
   * Drop cached compiled statements, as sqlite3_create_function expires prepared statements:
   * the next prepare compiles against the current function definitions. Cold.
   */
  expireStatements(): void {
    this.#cache.clear();
  }
  readonly #expire = (): void => this.#cache.clear();
  /** True once closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Wait up to `ms` milliseconds for a lock another connection holds before failing with
   * SQLITE_BUSY (sqlite3_busy_timeout; 0 fails at once).
   */
  setBusyTimeout(ms: number): void {
    this.engine.pager.busyHandler = ms > 0 ? busyTimeout(ms) : null;
  }

  /** Close the connection, rolling back any open transaction. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const st of this.#statements) st.finalize();
    this.#statements.clear();
    this.#cache.clear();
    try {
      this.engine.txn.close();
    } finally {
      this.engine.pager.close();
    }
  }

  #check(): void {
    if (this.#closed) throw new SqliteError("The database connection is not open", "SQLITE_MISUSE");
  }
}
