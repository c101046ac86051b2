/**
 * `Statement`: better-sqlite3's prepared statement object.
 *
 * Owns: run/get/all/iterate, bind, the row modes (pluck/expand/raw), safeIntegers, columns(),
 * and the misuse rules around them (closed database, busy database/statement, statements that
 * return no data asked for rows, re-binding) with better-sqlite3's exact errors.
 * Follows: better-sqlite3 src/objects/statement.cpp, statement-iterator.cpp, query-macros.cpp.
 * Must never: leave an engine statement mid-step after a call returns or throws (every path
 * resets), or keep temporary bindings past the call that made them.
 * @module
 */
import type { PreparedStatement } from "./engine.ts";
import { asApiError, MSG, onlyForReaders } from "./errors.ts";
import { expandSql } from "./expand.ts";
import { bindArgs, type BindMap, buildBindMap } from "./params.ts";
import {
  type ColumnValue,
  compileObjectReader,
  type ObjectRowReader,
  readExpanded,
  readRaw,
  RowMode,
  toNumberUnlessSafe,
} from "./row.ts";
import type { DbState } from "./state.ts";
import type { Database } from "./database.ts";

/** What `run()` returns. */
export interface RunResult {
  /** Rows inserted, updated or deleted by this statement (0 if it changed none). */
  changes: number;
  /** The rowid of the last row inserted on this connection (a bigint under safeIntegers). */
  lastInsertRowid: number | bigint;
}

/** One entry of `columns()`: where a result column comes from and its declared type. */
export interface ColumnDefinition {
  /** The result column's name. */
  name: string;
  /** The table column it comes from, or null for an expression. */
  column: string | null;
  /** The table it comes from, or null. */
  table: string | null;
  /** The database ("main", …) it comes from, or null. */
  database: string | null;
  /** The declared type of the origin column, or null. */
  type: string | null;
}

/** A row as the statement's current mode shapes it (object, array, single value or nested). */
export type Row = unknown;

/**
 * Engine statements are finalized when their Statement is garbage-collected, as better-sqlite3
 * does: programs call `db.prepare(sql).get()` in loops and never finalize anything, and the
 * engine connection keeps every live statement until it is finalized.
 */
const collected = new FinalizationRegistry<PreparedStatement>((handle) => {
  try {
    handle.finalize();
  } catch {
    // The connection is already closed (which finalized it) — nothing to release.
  }
});

function expectBoolean(v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError("Expected first argument to be a boolean");
  return v;
}

/**
 * The parameters a statement's methods take: a tuple of positional values, or a named-parameter
 * object (as @types/better-sqlite3 models them).
 */
export type BindParameters = unknown[] | Record<string, unknown>;

/** The argument list of run/get/all/iterate/bind for a statement's parameter type. */
export type BindArgs<P extends BindParameters> = P extends unknown[] ? P : [P];

/**
 * A prepared statement, created by `db.prepare(sql)`.
 *
 * @example
 * ```ts
 * import Database from "../../mod.ts";
 * const db = new Database(":memory:");
 * const stmt = db.prepare("SELECT ? AS x");
 * console.log(stmt.get(42)); // { x: 42 }
 * console.log(stmt.pluck().all(1)); // [1]
 * ```
 */
export class Statement<P extends BindParameters = unknown[], R = unknown> {
  /** The Database that prepared this statement. */
  declare readonly database: Database;
  /** The SQL text this statement was prepared from. */
  declare readonly source: string;
  /** True if the statement returns data (use get/all/iterate); false for run-only statements. */
  declare readonly reader: boolean;
  /** True if the statement does not write to the database (sqlite3_stmt_readonly). */
  declare readonly readonly: boolean;

  #s: PreparedStatement;
  #state: DbState;
  /** `reader`, kept in a private field for the hot paths. */
  #reader: boolean;
  /** The statement's parameter count (fixed for its SQL text). */
  #nParams: number;
  #map: BindMap | null = null;
  #bound = false;
  #locked = false;
  #safe: boolean;
  #mode: RowMode = RowMode.FLAT;
  #names: string[] | null = null;
  #tables: string[] | null = null;
  #objectReader: ObjectRowReader | null = null;
  #values: unknown[] | null = null;

  /** @internal Created by Database.prepare; not for direct use. */
  constructor(
    database: Database,
    state: DbState,
    handle: PreparedStatement,
    source: string,
    reader: boolean,
  ) {
    this.#s = handle;
    this.#state = state;
    this.#reader = reader;
    this.#nParams = handle.parameterCount;
    collected.register(this, handle);
    this.#safe = state.safeIntegers;
    // Own enumerable properties in better-sqlite3's order: `busy` a plain data property (as
    // better-sqlite3's reads: writable, configurable) kept in step with the iterator lock, the
    // rest read-only. Shared descriptors keep every statement on one hidden class (prepare is
    // warm).
    (this as { busy: boolean }).busy = false;
    const frozen = Statement.#frozen;
    frozen.value = reader;
    Object.defineProperty(this, "reader", frozen);
    frozen.value = handle.readonly;
    Object.defineProperty(this, "readonly", frozen);
    frozen.value = source;
    Object.defineProperty(this, "source", frozen);
    frozen.value = database;
    Object.defineProperty(this, "database", frozen);
    frozen.value = undefined;
  }

  static readonly #frozen: PropertyDescriptor = {
    value: undefined,
    enumerable: true,
    writable: false,
    configurable: false,
  };

  /** True while an iterator over this statement is open. */
  declare readonly busy: boolean;

  // ---- execution ---------------------------------------------------------------------------

  /** Checks + binding common to every execution (STATEMENT_START). Hot. */
  #start(args: unknown[], mutates: boolean): void {
    const st = this.#state;
    if (!st.open) throw new TypeError(MSG.notOpen);
    if (st.busy) throw new TypeError(MSG.dbBusy);
    if (this.#locked) throw new TypeError(MSG.stmtBusy);
    if (mutates && st.iterators > 0 && !st.unsafe) throw new TypeError(MSG.dbBusy);
    if (!this.#bound) {
      if (args.length !== 0 || this.#nParams !== 0) {
        bindArgs(this.#s, args, this.#map ??= buildBindMap(this.#s), this.#logValues());
      }
    } else if (args.length > 0) {
      throw new TypeError(MSG.alreadyBound);
    }
  }

  /** Where to record bound values: only when a logger needs the expanded SQL. */
  #logValues(): unknown[] | null {
    if (this.#state.logger === null) return null;
    return this.#values = [];
  }

  /** Call the verbose logger, if any, with the expanded SQL. Cold. */
  #log(): void {
    const logger = this.#state.logger;
    if (logger !== null) logger(expandSql(this.#s.sql, this.#values ?? []));
  }

  /** After a call: drop temporary bindings. */
  #finish(): void {
    this.#state.busy = false;
    if (!this.#bound && this.#nParams !== 0) this.#s.clearBindings();
  }

  /**
   * Execute the statement once; returns the change count and last insert rowid.
   * @example
   * ```ts
   * import Database from "../../mod.ts";
   * const db = new Database(":memory:");
   * db.exec("CREATE TABLE t(x)");
   * const info = db.prepare("INSERT INTO t VALUES (?)").run(1); // { changes: 1, lastInsertRowid: 1 }
   * ```
   */
  run(...params: BindArgs<P>): RunResult {
    this.#start(params, true);
    const st = this.#state;
    const conn = st.conn;
    st.busy = true;
    try {
      this.#log();
      const before = conn.totalChanges;
      const s = this.#s;
      s.step();
      s.reset();
      const changes = conn.totalChanges === before ? 0 : conn.changes;
      const id = conn.lastInsertRowid;
      return {
        changes,
        lastInsertRowid: this.#safe ? BigInt(id) : Number(id),
      };
    } catch (e) {
      throw asApiError(e);
    } finally {
      this.#finish();
    }
  }

  /** The first row, or undefined if there is none. */
  get(...params: BindArgs<P>): R | undefined {
    if (!this.#reader) throw new TypeError(MSG.noData);
    this.#start(params, false);
    const st = this.#state;
    st.busy = true;
    const s = this.#s;
    try {
      this.#log();
      if (s.step()) {
        this.#syncColumns();
        const row = this.#read() as R;
        s.reset();
        return row;
      }
      s.reset();
      return undefined;
    } catch (e) {
      throw asApiError(e);
    } finally {
      this.#finish();
    }
  }

  /** Every row, as an array. */
  all(...params: BindArgs<P>): R[] {
    if (!this.#reader) throw new TypeError(MSG.noData);
    this.#start(params, false);
    const st = this.#state;
    st.busy = true;
    const s = this.#s;
    try {
      this.#log();
      const rows: R[] = [];
      if (s.step()) {
        this.#syncColumns();
        if (this.#mode === RowMode.FLAT) {
          const read = this.#objectReader ?? this.#compile();
          const safe = this.#safe;
          do rows.push(read(s, safe) as R); while (s.step());
        } else {
          do rows.push(this.#read() as R); while (s.step());
        }
      }
      s.reset();
      return rows;
    } catch (e) {
      throw asApiError(e);
    } finally {
      this.#finish();
    }
  }

  /**
   * An iterator over the rows. Abandoning it early (`break`, or `return()`) releases the
   * statement; while it is open the statement is busy and writes on the database are refused.
   */
  iterate(...params: BindArgs<P>): IterableIterator<R> {
    if (!this.#reader) throw new TypeError(MSG.noData);
    this.#start(params, false);
    if (this.#state.iterators >= 0xffff) throw new RangeError(MSG.tooManyIterators);
    this.#locked = true;
    (this as { busy: boolean }).busy = true;
    this.#state.iterators++;
    return new StatementIterator<R>(
      this as unknown as Statement,
      this.#state,
      this.#s,
      this.#state.logger === null,
    );
  }

  /** @internal Used by the iterator: log, read a row, release. */
  _logNow(): void {
    this.#log();
  }
  /** @internal */
  _readRow(first: boolean): Row {
    if (first) this.#syncColumns();
    return this.#read();
  }

  /**
   * Drop the cached column names (and the row reader built from them) if the engine re-prepared
   * the statement with other result columns (a schema change). Per execution, not per row.
   */
  #syncColumns(): void {
    const names = this.#names;
    if (names === null) return;
    const s = this.#s;
    const n = s.columnCount;
    let same = n === names.length;
    for (let i = 0; same && i < n; i++) same = s.columnName(i) === names[i];
    if (!same) {
      this.#names = null;
      this.#tables = null;
      this.#objectReader = null;
    }
  }
  /** @internal */
  _release(): void {
    this.#locked = false;
    (this as { busy: boolean }).busy = false;
    this.#state.iterators--;
    this.#s.reset();
    if (!this.#bound && this.#nParams !== 0) this.#s.clearBindings();
  }

  /** Compile the object-row reader for the current column names. Cold. */
  #compile(): ObjectRowReader {
    return this.#objectReader = compileObjectReader(this.#columnNames());
  }

  #columnNames(): string[] {
    if (this.#names !== null) return this.#names;
    const s = this.#s;
    const names: string[] = [];
    for (let i = 0; i < s.columnCount; i++) names.push(s.columnName(i));
    return this.#names = names;
  }

  /** The current row in the current mode. Hot. */
  #read(): Row {
    const s = this.#s;
    switch (this.#mode) {
      case RowMode.FLAT:
        return (this.#objectReader ?? this.#compile())(s, this.#safe);
      case RowMode.PLUCK:
        return toNumberUnlessSafe(s.columnValue(0, this.#safe), this.#safe);
      case RowMode.RAW:
        return readRaw(s, s.columnCount, this.#safe);
      default: {
        if (this.#tables === null) {
          const t: string[] = [];
          for (let i = 0; i < s.columnCount; i++) t.push(s.columnOrigin(i).table ?? "$");
          this.#tables = t;
        }
        return readExpanded(s, this.#columnNames(), this.#tables, this.#safe);
      }
    }
  }

  // ---- configuration -----------------------------------------------------------------------

  /** Bind parameters permanently; later calls take no parameters. Returns this. */
  bind(...params: BindArgs<P>): this {
    const st = this.#state;
    if (this.#bound) throw new TypeError(MSG.bindOnce);
    if (!st.open) throw new TypeError(MSG.notOpen);
    if (st.busy) throw new TypeError(MSG.dbBusy);
    if (this.#locked) throw new TypeError(MSG.stmtBusy);
    const values: unknown[] = [];
    bindArgs(this.#s, params, this.#map ??= buildBindMap(this.#s), values);
    this.#values = values;
    this.#bound = true;
    return this;
  }

  #setMode(method: "pluck" | "expand" | "raw", mode: RowMode, args: unknown[]): this {
    if (!this.#reader) throw onlyForReaders(method);
    if (this.#state.busy) throw new TypeError(MSG.dbBusy);
    if (this.#locked) throw new TypeError(MSG.stmtBusy);
    const use = args.length === 0 ? true : expectBoolean(args[0]);
    this.#mode = use ? mode : this.#mode === mode ? RowMode.FLAT : this.#mode;
    return this;
  }

  /** Return only the first column's value of each row (`pluck(false)` turns it off). */
  pluck(...toggle: [boolean?]): this {
    return this.#setMode("pluck", RowMode.PLUCK, toggle);
  }

  /** Return rows nested by table name (`$` for expressions). */
  expand(...toggle: [boolean?]): this {
    return this.#setMode("expand", RowMode.EXPAND, toggle);
  }

  /** Return rows as arrays instead of objects. */
  raw(...toggle: [boolean?]): this {
    return this.#setMode("raw", RowMode.RAW, toggle);
  }

  /** Read INTEGERs as bigint (and lastInsertRowid as bigint). Returns this. */
  safeIntegers(...toggle: [boolean?]): this {
    if (this.#state.busy) throw new TypeError(MSG.dbBusy);
    if (this.#locked) throw new TypeError(MSG.stmtBusy);
    this.#safe = toggle.length === 0 ? true : expectBoolean(toggle[0]);
    return this;
  }

  /** Describe the result columns: name, origin column/table/database, declared type. */
  columns(): ColumnDefinition[] {
    if (!this.#reader) throw onlyForReaders("columns");
    const st = this.#state;
    if (!st.open) throw new TypeError(MSG.notOpen);
    if (st.busy) throw new TypeError(MSG.dbBusy);
    const s = this.#s;
    const out: ColumnDefinition[] = [];
    for (let i = 0; i < s.columnCount; i++) {
      const o = s.columnOrigin(i);
      out.push({
        name: s.columnName(i),
        column: o.column,
        table: o.table,
        database: o.database,
        type: s.columnDecltype(i),
      });
    }
    return out;
  }

  /**
   * The statement's SQL, with bound parameters written in as literals once `bind()` was used
   * (a tsqlite addition: better-sqlite3 has no toString()).
   */
  toString(): string {
    return this.#bound ? expandSql(this.#s.sql, this.#values ?? []) : this.source;
  }
}

/** The iterator `stmt.iterate()` returns (better-sqlite3's StatementIterator). */
class StatementIterator<R> implements IterableIterator<R> {
  #stmt: Statement;
  #state: DbState;
  #s: PreparedStatement;
  #alive = true;
  #first = true;
  #logged: boolean;

  constructor(stmt: Statement, state: DbState, s: PreparedStatement, logged: boolean) {
    this.#stmt = stmt;
    this.#state = state;
    this.#s = s;
    this.#logged = logged;
  }

  next(): IteratorResult<R> {
    const st = this.#state;
    if (st.busy) throw new TypeError(MSG.dbBusy);
    if (!this.#alive) return { value: undefined, done: true };
    st.busy = true;
    let row: R | undefined;
    let has: boolean;
    try {
      if (!this.#logged) {
        this.#logged = true;
        this.#stmt._logNow();
      }
      has = this.#s.step();
      if (has) {
        row = this.#stmt._readRow(this.#first) as R;
        this.#first = false;
      }
    } catch (e) {
      st.busy = false;
      this.#cleanup();
      throw asApiError(e);
    }
    st.busy = false;
    if (has) return { value: row as R, done: false };
    this.#cleanup();
    return { value: undefined, done: true };
  }

  return(): IteratorResult<R> {
    if (this.#state.busy) throw new TypeError(MSG.dbBusy);
    if (this.#alive) this.#cleanup();
    return { value: undefined, done: true };
  }

  #cleanup(): void {
    this.#alive = false;
    this.#stmt._release();
  }

  [Symbol.iterator](): IterableIterator<R> {
    return this;
  }
}

export type { ColumnValue };
