/**
 * One prepared statement — SQLite's `sqlite3_stmt` (vdbeapi.c: bind, step, column, reset,
 * finalize) over a compiled `Program` and its `Vm`.
 *
 * Owns: parameter binding, stepping with statement-level transaction bookkeeping
 * (./connection_txn.ts), automatic re-preparation when the schema changed since compilation
 * (SQLite's SQLITE_SCHEMA retry in sqlite3_prepare_v2 statements), result-column access, and
 * borrowing/returning the compiled body (`StatementCore`) from the connection's statement
 * cache (./connection_cache.ts): a statement holds a body only while it has bindings or is
 * running, so `db.prepare(sql).run()` in a loop reuses one body instead of compiling each time.
 * Must never: parse SQL again except to re-prepare after a schema change, or share one body
 * between two statements at once.
 * Hot: `step`, `columnValue`, `columnType`, the bind methods.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { ParsedStatement } from "../sql/ast.ts";
import type { Program } from "../planner/program.ts";
import { Vm } from "../vdbe/vm.ts";
import { INT64_MAX, INT64_MIN, type MemType } from "../vdbe/mem.ts";
import type { StmtTxn } from "./connection_txn.ts";
import { type Engine, EngineHost, refreshSchema } from "./connection_engine.ts";
import { compileStatement } from "./connection_compile.ts";
import { needsNoJournal } from "./connection_dml.ts";
import type { CacheEntry } from "./connection_cache.ts";
import type { ColumnOrigin, PreparedStatement } from "./connection.ts";

function misuse(msg = "bad parameter or other API misuse"): SqliteError {
  return new SqliteError(msg, "SQLITE_MISUSE");
}

/**
 * A compiled statement body: the program, its VM and the statement-transaction bookkeeping.
 * Used by one statement at a time; idle bodies wait in their cache entry. Cold.
 */
export class StatementCore {
  program: Program;
  vm: Vm;
  readonly host: EngineHost;
  readonly txn: StmtTxn = { holdsRead: false, stmtDepth: 0, wrote: false };
  generation: number;

  /** Compile `parsed` against the engine's current schema (throws SqliteError). */
  constructor(engine: Engine, parsed: ParsedStatement, source: string) {
    this.host = new EngineHost(engine, this.txn);
    this.program = compileStatement(engine, parsed, source);
    this.generation = engine.generation;
    this.vm = new Vm(this.program, this.host);
    this.txn.noJournal = needsNoJournal(this.program);
  }

  /** Re-prepare after a schema change, keeping the bound values. */
  recompile(engine: Engine, parsed: ParsedStatement, source: string): void {
    const prog = compileStatement(engine, parsed, source);
    const vm = new Vm(prog, this.host);
    for (let i = 1; i < vm.vars.length && i < this.vm.vars.length; i++) {
      vm.vars[i].copyFrom(this.vm.vars[i]);
    }
    this.program = prog;
    this.vm = vm;
    this.txn.noJournal = needsNoJournal(prog);
    this.generation = engine.generation;
  }
}

/** Reload the schema before compiling when the file's cookie moved (needs a short read). */
function refreshIfNeeded(e: Engine): void {
  if (e.txn.inTransaction || e.txn.active > 0) {
    refreshSchema(e);
    return;
  }
  e.txn.ensureRead();
  try {
    refreshSchema(e);
  } finally {
    e.txn.endIdleRead();
  }
}

/** A prepared statement bound to one connection. */
export class Statement implements PreparedStatement {
  readonly sql: string;
  readonly tail: number;
  /** The program last compiled or borrowed (result columns, parameters, readonly). */
  #program: Program;
  /** The body this statement holds, or null while idle without bindings. */
  #core: StatementCore | null;
  /** `#core.vm` (hot paths). */
  #vm: Vm | null;
  /** Some parameter was bound since the last clearBindings (the body must be kept). */
  #bindings = false;
  readonly #parsed: ParsedStatement;
  readonly #engine: Engine;
  readonly #source: string;
  readonly #entry: CacheEntry<StatementCore> | null;
  #running = false;
  #finalized = false;
  readonly #owner: Set<Statement>;
  /** Called at the start of every execution (a setting pragma expires the statement cache). */
  onRun: (() => void) | null = null;

  constructor(
    engine: Engine,
    source: string,
    offset: number,
    parsed: ParsedStatement,
    owner: Set<Statement>,
    entry: CacheEntry<StatementCore> | null = null,
  ) {
    this.#engine = engine;
    this.#source = source;
    this.#parsed = parsed;
    this.#owner = owner;
    this.#entry = entry;
    this.sql = source.slice(offset, parsed.tail);
    this.tail = parsed.tail;
    // A file database may have been changed by another connection: check its schema cookie now
    // so prepare reports what the current schema says (an in-memory database has no other
    // connection, and every schema change here bumps the generation synchronously).
    if (engine.filename !== null) refreshIfNeeded(engine);
    let core = entry === null ? null : entry.take(engine.generation);
    if (core === null) {
      if (engine.filename === null) refreshIfNeeded(engine);
      core = new StatementCore(engine, parsed, source);
    }
    this.#core = core;
    this.#vm = core.vm;
    this.#program = core.program;
  }

  /** The body to bind or run with: the one held, else an idle one, else a fresh compile. */
  #acquire(): StatementCore {
    let core = this.#core;
    if (core !== null) return core;
    const e = this.#engine;
    core = this.#entry === null ? null : this.#entry.take(e.generation);
    if (core === null) core = new StatementCore(e, this.#parsed, this.#source);
    this.#core = core;
    this.#vm = core.vm;
    this.#program = core.program;
    return core;
  }

  /** Hand the body back to the cache when nothing ties it to this statement. Warm. */
  #release(): void {
    const core = this.#core;
    // An uncached statement keeps its body for good (nobody else could use it).
    if (core === null || this.#running || this.#bindings || this.#entry === null) return;
    this.#core = null;
    this.#vm = null;
    // A pooled body is rewound (cursors closed) before anyone else can take it.
    if (core.vm.started) core.vm.reset();
    this.#entry!.give(core, this.#engine.generation);
  }

  get readonly(): boolean {
    return this.#program.readonly;
  }
  get columnCount(): number {
    return this.#program.columns.length;
  }
  columnName(i: number): string {
    return this.#program.columns[i].name;
  }
  columnOrigin(i: number): ColumnOrigin {
    const c = this.#program.columns[i];
    return { database: c.database, table: c.table, column: c.column };
  }
  columnDecltype(i: number): string | null {
    return this.#program.columns[i].decltype;
  }
  get parameterCount(): number {
    return this.#parsed.params.length;
  }
  parameterName(i: number): string | null {
    return this.#parsed.params[i - 1] ?? null;
  }

  #var(i: number) {
    if (this.#finalized) throw misuse();
    if (this.#running) throw misuse();
    if (!(i >= 1 && i <= this.#parsed.params.length)) {
      throw new SqliteError("column index out of range", "SQLITE_RANGE");
    }
    const vm = this.#vm ?? this.#acquire().vm;
    this.#bindings = true;
    return vm.vars[i];
  }
  bindNull(i: number): void {
    this.#var(i).setNull();
  }
  bindInt(i: number, v: number | bigint): void {
    const m = this.#var(i);
    if (typeof v === "number") {
      if (Number.isSafeInteger(v)) m.setInt(v);
      else m.setReal(v);
    } else {
      if (v < INT64_MIN || v > INT64_MAX) {
        throw new SqliteError("integer overflow", "SQLITE_RANGE");
      }
      m.setBigInt(v);
    }
  }
  bindReal(i: number, v: number): void {
    this.#var(i).setReal(v);
  }
  bindText(i: number, v: string): void {
    this.#var(i).setText(v);
  }
  bindBlob(i: number, v: Uint8Array): void {
    this.#var(i).setBlob(v);
  }
  clearBindings(): void {
    if (this.#running) throw misuse();
    const vm = this.#vm;
    if (vm !== null) { for (const m of vm.vars) m.setNull(); }
    this.#bindings = false;
    this.#release();
  }

  /** Begin an execution: transaction bookkeeping, re-prepare if the schema moved. Cold. */
  #start(core: StatementCore): void {
    const e = this.#engine;
    e.txn.beginStatement(core.txn);
    this.#running = true;
    if (this.onRun !== null) this.onRun();
    try {
      e.txn.ensureRead();
      refreshSchema(e);
      if (e.generation !== core.generation) {
        core.recompile(e, this.#parsed, this.#source);
        this.#vm = core.vm;
        this.#program = core.program;
      }
    } catch (err) {
      this.#finish(err);
      throw err;
    }
  }

  #finish(err: unknown): void {
    if (!this.#running) return;
    this.#running = false;
    this.#engine.txn.endStatement(this.#core!.txn, err);
  }

  step(): boolean {
    if (this.#finalized) throw misuse();
    const core = this.#core ?? this.#acquire();
    if (!this.#running) {
      if (core.vm.started) core.vm.reset();
      this.#start(core);
    }
    const vm = core.vm;
    let row: boolean;
    // 'now' is read once per step (vdbe.c clears iCurrentTime at each sqlite3VdbeExec)
    const e = this.#engine;
    const outerTime = e.stepTime;
    e.stepTime = 0;
    try {
      row = vm.step();
    } catch (err) {
      try {
        this.#finish(err);
      } finally {
        vm.reset();
        this.#release();
      }
      throw err;
    } finally {
      e.stepTime = outerTime;
    }
    if (!row) {
      this.#finish(null);
      this.#release();
    }
    return row;
  }

  columnType(i: number): MemType {
    const vm = this.#vm!;
    return vm.regs[vm.resultStart + i].type;
  }

  columnValue(i: number, safeIntegers: boolean): null | number | bigint | string | Uint8Array {
    const vm = this.#vm!;
    return vm.regs[vm.resultStart + i].toJs(safeIntegers);
  }

  reset(): void {
    if (this.#finalized) return;
    if (this.#running) this.#finish(null);
    const vm = this.#vm;
    if (vm !== null) vm.reset();
    this.#release();
  }

  finalize(): void {
    if (this.#finalized) return;
    this.reset();
    if (this.#core !== null) this.clearBindings();
    this.#finalized = true;
    this.#owner.delete(this);
  }

  get busy(): boolean {
    return this.#running;
  }

  /** @internal The compiled program (EXPLAIN and tests). */
  get program(): Program {
    return this.#program;
  }
}
