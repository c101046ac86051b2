/**
 * `Database`: the better-sqlite3-compatible connection object.
 *
 * Owns: opening (path, ":memory:", "" or a serialized image; options readonly, fileMustExist,
 * timeout, verbose) with better-sqlite3's validation and wording; prepare/exec/close;
 * transaction, pragma, explain, serialize, backup, function/aggregate/table, the
 * defaultSafeIntegers/unsafeMode switches and the name/open/inTransaction/readonly/memory
 * properties. Applies better-sqlite3's build defaults to the engine: foreign keys on,
 * double-quoted string literals off, LIKE never matching BLOBs, a 16 MB page cache.
 * Follows: better-sqlite3 lib/database.js, lib/methods/*.js, src/objects/database.cpp.
 * Must never: touch the file system or `Deno` directly, or re-word better-sqlite3's errors.
 * @module
 */
import { BETTER_SQLITE3_DIALECT } from "../sql/mod.ts";
import { currentEngine, type EngineConnection } from "./engine.ts";
import { expandSql } from "./expand.ts";
import { directoryExists, writeImage } from "./files.ts";
import { asApiError, booleanOption, MSG, SqliteError } from "./errors.ts";
import {
  type AggregateOptions,
  type FunctionOptions,
  parseAggregate,
  parseFunction,
} from "./functions.ts";
import { vtabsOf } from "./vtab.ts";
import { defineTable } from "./vtab_js.ts";
import type { DbState, Logger } from "./state.ts";
import { registerAggregate, registerScalar } from "./udf.ts";
import { type BindParameters, Statement } from "./statement.ts";
import {
  type Controllers,
  makeControllers,
  makeTransaction,
  type Transaction,
  type TransactionHost,
} from "./transaction.ts";

/** Options of `new Database(filename, options)`. */
export interface DatabaseOptions {
  /** Open read-only (default false). */
  readonly?: boolean;
  /** Fail if the file does not exist instead of creating it (default false). */
  fileMustExist?: boolean;
  /** Busy timeout in milliseconds (default 5000). */
  timeout?: number;
  /** Called with each statement's SQL before it runs. */
  verbose?: ((sql: string) => unknown) | null;
  /** Accepted for compatibility and ignored (there is no native addon). */
  nativeBinding?: unknown;
}

/** Options of `db.pragma(source, options)`. */
export interface PragmaOptions {
  /** Return only the first column of the first row. */
  simple?: boolean;
}

/** Options of `db.backup(filename, options)`. */
export interface BackupOptions {
  /** The attached database to copy (only "main" is supported). */
  attached?: string;
  /** Called with `{ totalPages, remainingPages }`; returns how many pages to copy next. */
  progress?: (info: { totalPages: number; remainingPages: number }) => number | void;
}

/** Options of `db.serialize(options)`. */
export interface SerializeOptions {
  /** The attached database to serialize (only "main" is supported). */
  attached?: string;
}

let readConnection: (db: Database) => EngineConnection;

/**
 * A Database dropped without close() releases its connection (files, locks) when collected, as
 * better-sqlite3's does; an explicit close() unregisters it.
 */
const unclosed = new FinalizationRegistry<EngineConnection>((conn) => {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
});

/**
 * The engine connection under a Database (for the shell; not part of the public API, so the
 * engine's types stay out of mod.ts). Cold.
 */
export function connectionOf(db: Database): EngineConnection {
  return readConnection(db);
}

function isSkipped(c: number): boolean {
  return c === 32 || c === 59 || (c >= 9 && c <= 13);
}

/** True if `sql` from `at` holds only whitespace, ';' and comments (better-sqlite3's rule). */
function onlyTrivia(sql: string, at: number): boolean {
  const n = sql.length;
  while (at < n) {
    const c = sql.charCodeAt(at);
    if (isSkipped(c)) {
      at++;
    } else if (c === 47 && sql.charCodeAt(at + 1) === 42) {
      const end = sql.indexOf("*/", at + 2);
      at = end < 0 ? n : end + 2;
    } else if (c === 45 && sql.charCodeAt(at + 1) === 45) {
      const end = sql.indexOf("\n", at + 2);
      at = end < 0 ? n : end + 1;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * A database connection with better-sqlite3's API.
 *
 * @example
 * ```ts
 * import Database from "../../mod.ts";
 * const db = new Database(":memory:");
 * db.exec("CREATE TABLE t(a, b)");
 * db.prepare("INSERT INTO t VALUES (?, ?)").run(1, "one");
 * console.log(db.prepare("SELECT * FROM t").all()); // [ { a: 1, b: "one" } ]
 * db.close();
 * ```
 */
export class Database {
  /** The error class (as `require("better-sqlite3").SqliteError`). */
  static readonly SqliteError: typeof SqliteError = SqliteError;

  /** The filename given to the constructor (":memory:" for a serialized image). */
  declare readonly name: string;
  /** False once the database is closed. */
  declare readonly open: boolean;
  /** True inside a transaction (BEGIN without COMMIT/ROLLBACK yet). */
  declare readonly inTransaction: boolean;
  /** True if opened read-only. */
  declare readonly readonly: boolean;
  /** True for ":memory:", "" and serialized-image databases. */
  declare readonly memory: boolean;

  #state: DbState;
  #controllers: Controllers | null = null;
  #timeout: number;

  /**
   * Open a database: a file path, ":memory:", "" (a private temporary database) or a
   * `Uint8Array` holding a serialized database.
   */
  constructor(filename?: string | Uint8Array | null, options?: DatabaseOptions | null) {
    let buffer: Uint8Array | null = null;
    let given: unknown = filename;
    if (given instanceof Uint8Array) {
      buffer = given;
      given = ":memory:";
    }
    if (given == null) given = "";
    if (options == null) options = {};
    if (typeof given !== "string") throw new TypeError("Expected first argument to be a string");
    if (typeof options !== "object") {
      throw new TypeError("Expected second argument to be an options object");
    }
    if ("readOnly" in options) {
      throw new TypeError('Misspelled option "readOnly" should be "readonly"');
    }
    if ("memory" in options) {
      throw new TypeError(
        'Option "memory" was removed in v7.0.0 (use ":memory:" filename instead)',
      );
    }
    const opts = options as Record<string, unknown>;
    const name = given.trim();
    const anonymous = name === "" || name === ":memory:";
    const readonly = booleanOption(opts, "readonly");
    const fileMustExist = booleanOption(opts, "fileMustExist");
    const timeout = "timeout" in opts ? opts.timeout : 5000;
    const verbose = "verbose" in opts ? opts.verbose : null;
    if (readonly && anonymous && !buffer) {
      throw new TypeError("In-memory/temporary databases cannot be readonly");
    }
    if (!Number.isInteger(timeout) || (timeout as number) < 0) {
      throw new TypeError('Expected the "timeout" option to be a positive integer');
    }
    if ((timeout as number) > 0x7fffffff) {
      throw new RangeError('Option "timeout" cannot be greater than 2147483647');
    }
    if (verbose != null && typeof verbose !== "function") {
      throw new TypeError('Expected the "verbose" option to be a function');
    }
    if (!anonymous && !name.startsWith("file:") && !directoryExists(name)) {
      throw new TypeError("Cannot open database because the directory does not exist");
    }
    this.#timeout = timeout as number;
    const engine = currentEngine();
    const conn: EngineConnection = buffer
      ? engine.deserialize(buffer, { readonly })
      : engine.open(name, { readonly, fileMustExist });
    conn.setBusyTimeout(timeout as number);
    conn.flags.foreignKeys = true;
    conn.flags.dqs = false;
    conn.flags.likeMatchesBlobs = false;
    conn.flags.trustedSchema = true;
    // better-sqlite3 builds SQLite with SQLITE_ENABLE_UPDATE_DELETE_LIMIT and without TCL
    // variables (`$a::b`, `$a(x)`).
    conn.dialect = BETTER_SQLITE3_DIALECT;
    // better-sqlite3 builds SQLite with SQLITE_DEFAULT_CACHE_SIZE=-16000 (16 MB of cache).
    const cache = conn.prepare("PRAGMA cache_size = -16000", 0);
    if (cache !== null) {
      try {
        cache.step();
      } finally {
        cache.finalize();
      }
    }
    this.#state = {
      conn,
      open: true,
      busy: false,
      iterators: 0,
      unsafe: false,
      safeIntegers: false,
      logger: (verbose as Logger | null) ?? null,
    };
    const state = this.#state;
    unclosed.register(this, conn, this);
    const ro = { enumerable: true, writable: false, configurable: false };
    Object.defineProperties(this, {
      name: { value: given, ...ro },
      open: { get: () => state.open, enumerable: true },
      inTransaction: { get: () => state.open && state.conn.inTransaction, enumerable: true },
      readonly: { value: readonly, ...ro },
      memory: { value: anonymous, ...ro },
    });
  }

  /** The busy timeout in milliseconds this database was opened with. */
  get timeout(): number {
    return this.#timeout;
  }

  static {
    readConnection = (db) => db.#state.conn;
  }

  #checkOpen(): void {
    if (!this.#state.open) throw new TypeError(MSG.notOpen);
    if (this.#state.busy) throw new TypeError(MSG.dbBusy);
  }

  /**
   * Prepare one SQL statement. The optional type parameters describe its parameters and rows
   * (as in @types/better-sqlite3).
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * db.exec("CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT)");
   * const stmt = db.prepare<[number], { name: string }>("SELECT name FROM people WHERE id = ?");
   * const row = stmt.get(1); // { name: string } | undefined
   * ```
   */
  prepare<P extends BindParameters = unknown[], R = unknown>(source: string): Statement<P, R> {
    return this.#prepare(source, false) as unknown as Statement<P, R>;
  }

  #prepare(source: unknown, pragmaMode: boolean): Statement {
    if (typeof source !== "string") throw new TypeError("Expected first argument to be a string");
    this.#checkOpen();
    const st = this.#state;
    if (pragmaMode && st.iterators > 0 && !st.unsafe) throw new TypeError(MSG.dbBusy);
    let handle;
    try {
      handle = st.conn.prepare(source, 0);
    } catch (e) {
      throw asApiError(e);
    }
    if (handle === null) throw new RangeError(MSG.noStatements);
    if (!onlyTrivia(source, handle.tail)) {
      handle.finalize();
      throw new RangeError(MSG.moreStatements);
    }
    return new Statement(this, st, handle, source, handle.columnCount >= 1 || pragmaMode);
  }

  /**
   * Run one or more SQL statements (no parameters, no results). Returns this.
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * db.exec("CREATE TABLE a(x); CREATE TABLE b(y);");
   * ```
   */
  exec(source: string): this {
    if (typeof source !== "string") throw new TypeError("Expected first argument to be a string");
    this.#checkOpen();
    const st = this.#state;
    if (st.iterators > 0 && !st.unsafe) throw new TypeError(MSG.dbBusy);
    st.busy = true;
    try {
      let at = 0;
      const n = source.length;
      for (;;) {
        while (at < n && isSkipped(source.charCodeAt(at))) at++;
        const handle = st.conn.prepare(source, at);
        if (handle === null) break;
        try {
          if (st.logger !== null) st.logger(expandSql(handle.sql, []));
          while (handle.step()) { /* discard rows */ }
        } finally {
          handle.finalize();
        }
        at = handle.tail;
      }
    } catch (e) {
      throw asApiError(e);
    } finally {
      st.busy = false;
    }
    return this;
  }

  /** Close the database. Further use throws. Returns this. */
  close(): this {
    const st = this.#state;
    if (st.open) {
      if (st.busy) throw new TypeError(MSG.dbBusy);
      if (st.iterators > 0) throw new TypeError(MSG.dbBusy);
      st.open = false;
      unclosed.unregister(this);
      st.conn.close();
    }
    return this;
  }

  /**
   * Wrap `fn` so it runs in a transaction (a savepoint when nested); see `Transaction`.
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * db.exec("CREATE TABLE t(x)");
   * const insert = db.prepare("INSERT INTO t VALUES (?)");
   * const insertMany = db.transaction((rows: number[][]) => {
   *   for (const r of rows) insert.run(r);
   * });
   * insertMany([[1], [2]]);
   * ```
   */
  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F> {
    if (typeof fn !== "function") throw new TypeError("Expected first argument to be a function");
    const state = this.#state;
    const host: TransactionHost = {
      prepare: (sql: string) => this.#prepare(sql, false),
      get inTransaction() {
        return state.open && state.conn.inTransaction;
      },
    };
    const controllers = this.#controllers ??= makeControllers(host);
    return makeTransaction(fn, host, controllers, this);
  }

  /**
   * Run a PRAGMA; returns its rows, or only the first value with `{ simple: true }`.
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * db.pragma("user_version = 3");
   * const fk = db.pragma("foreign_keys", { simple: true }); // 1
   * ```
   */
  pragma(source: string, options?: PragmaOptions | null): unknown {
    if (options == null) options = {};
    if (typeof source !== "string") throw new TypeError("Expected first argument to be a string");
    if (typeof options !== "object") {
      throw new TypeError("Expected second argument to be an options object");
    }
    const simple = booleanOption(options as Record<string, unknown>, "simple");
    const stmt = this.#prepare(`PRAGMA ${source}`, true);
    return simple ? stmt.pluck().get() : stmt.all();
  }

  /**
   * The EXPLAIN rows of `sql` (or the EXPLAIN QUERY PLAN rows when `sql` starts with
   * `QUERY PLAN`). A tsqlite convenience; better-sqlite3 has no explain().
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * db.exec("CREATE TABLE t(a INTEGER PRIMARY KEY)");
   * db.explain("QUERY PLAN SELECT * FROM t WHERE a = 1"); // [{ id, parent, notused, detail }]
   * ```
   */
  explain(sql: string): unknown[] {
    if (typeof sql !== "string") throw new TypeError("Expected first argument to be a string");
    return this.#prepare(`EXPLAIN ${sql}`, false).all();
  }

  /**
   * The database file as bytes, in SQLite's format (sqlite3_serialize).
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * const copy = new Database(db.serialize());
   * ```
   */
  serialize(options?: SerializeOptions | null): Uint8Array {
    if (options == null) options = {};
    if (typeof options !== "object") {
      throw new TypeError("Expected first argument to be an options object");
    }
    const attached = "attached" in options ? options.attached : "main";
    if (typeof attached !== "string") {
      throw new TypeError('Expected the "attached" option to be a string');
    }
    if (!attached) throw new TypeError('The "attached" option cannot be an empty string');
    this.#checkOpen();
    if (this.#state.iterators > 0) throw new TypeError(MSG.dbBusy);
    if (attached !== "main") {
      throw new SqliteError(`unknown database ${attached}`, "SQLITE_ERROR");
    }
    return this.#state.conn.serialize();
  }

  /**
   * Copy the database to a file (replacing it). Resolves with `{ totalPages, remainingPages }`.
   * The copy is a snapshot taken when the backup starts (better-sqlite3 copies live pages).
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * await db.backup(`${Deno.makeTempDirSync()}/backup.db`);
   * ```
   */
  backup(
    filename: string,
    options?: BackupOptions | null,
  ): Promise<{ totalPages: number; remainingPages: number }> {
    return (async () => {
      if (options == null) options = {};
      if (typeof filename !== "string") {
        throw new TypeError("Expected first argument to be a string");
      }
      if (typeof options !== "object") {
        throw new TypeError("Expected second argument to be an options object");
      }
      filename = filename.trim();
      const attached = "attached" in options ? options.attached : "main";
      const handler = "progress" in options ? options.progress : null;
      if (!filename) throw new TypeError("Backup filename cannot be an empty string");
      if (filename === ":memory:") throw new TypeError('Invalid backup filename ":memory:"');
      if (typeof attached !== "string") {
        throw new TypeError('Expected the "attached" option to be a string');
      }
      if (!attached) throw new TypeError('The "attached" option cannot be an empty string');
      if (handler != null && typeof handler !== "function") {
        throw new TypeError('Expected the "progress" option to be a function');
      }
      if (!directoryExists(filename)) {
        throw new TypeError("Cannot save backup because the directory does not exist");
      }
      await Promise.resolve();
      const image = this.serialize({ attached });
      return await writeImage(
        filename,
        image,
        (handler as BackupOptions["progress"] | null) ?? null,
      );
    })();
  }

  /**
   * Register a user-defined scalar function.
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * db.function("add2", (a: number, b: number) => a + b);
   * db.prepare("SELECT add2(1, 2)").pluck().get(); // 3
   * ```
   */
  function(
    name: string,
    options: FunctionOptions | ((...args: never[]) => unknown),
    fn?: (...args: never[]) => unknown,
  ): this {
    const def = parseFunction(name, options, fn);
    this.#checkOpen();
    if (this.#state.iterators > 0) throw new TypeError(MSG.dbBusy);
    registerScalar(this.#state.conn.functions, def, this.#state.safeIntegers);
    this.#state.conn.expireStatements();
    return this;
  }

  /**
   * Register a user-defined aggregate (a window function too when `inverse` is given).
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * db.aggregate("addAll", { start: 0, step: (total: number, next: number) => total + next });
   * ```
   */
  aggregate(name: string, options: AggregateOptions): this {
    const def = parseAggregate(name, options);
    this.#checkOpen();
    if (this.#state.iterators > 0) throw new TypeError(MSG.dbBusy);
    registerAggregate(this.#state.conn.functions, def, this.#state.safeIntegers);
    this.#state.conn.expireStatements();
    return this;
  }

  /**
   * Register a virtual table module written in JS, as better-sqlite3 defines them: an object
   * `{ columns, rows, parameters?, safeIntegers?, directOnly? }` (`rows` a generator function)
   * is a table-valued function (`SELECT * FROM name(args)`); a factory function returning such
   * an object serves `CREATE VIRTUAL TABLE t USING name(args)` (called with the arguments'
   * text). Rows are yielded as arrays or objects; the tables are read-only.
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * db.table("range", {
   *   columns: ["value"],
   *   *rows(start: number, end: number) {
   *     for (let i = start; i < end; i++) yield [i];
   *   },
   * });
   * db.prepare("SELECT value FROM range(1, 4)").pluck().all(); // [1, 2, 3]
   * ```
   */
  table(name: string, definition: unknown): this {
    const state = this.#state;
    const module = defineTable(name, definition, () => state.safeIntegers);
    this.#checkOpen();
    if (state.iterators > 0) throw new TypeError(MSG.dbBusy);
    vtabsOf(state.conn.functions).register(module);
    state.conn.expireStatements();
    return this;
  }

  /** Extensions cannot be loaded into a pure TypeScript engine: always throws. */
  loadExtension(_path: string, _entryPoint?: string): this {
    this.#checkOpen();
    throw new SqliteError("tsqlite: extensions cannot be loaded", "SQLITE_ERROR");
  }

  /** Make new statements read INTEGERs as bigint (default `true` when called bare). */
  defaultSafeIntegers(...toggle: [boolean?]): this {
    if (toggle.length === 0) this.#state.safeIntegers = true;
    else if (typeof toggle[0] !== "boolean") {
      throw new TypeError("Expected first argument to be a boolean");
    } else this.#state.safeIntegers = toggle[0];
    return this;
  }

  /** Allow writes while iterators are open (default `true` when called bare). */
  unsafeMode(...toggle: [boolean?]): this {
    if (toggle.length === 0) this.#state.unsafe = true;
    else if (typeof toggle[0] !== "boolean") {
      throw new TypeError("Expected first argument to be a boolean");
    } else this.#state.unsafe = toggle[0];
    return this;
  }
}
