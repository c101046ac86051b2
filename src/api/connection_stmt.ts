/**
 * One prepared statement — SQLite's `sqlite3_stmt` (vdbeapi.c: bind, step, column, reset,
 * finalize) over a compiled `Program` and its `Vm`.
 *
 * Owns: parameter binding, stepping with statement-level transaction bookkeeping
 * (./connection_txn.ts), automatic re-preparation when the schema changed since compilation
 * (SQLite's SQLITE_SCHEMA retry in sqlite3_prepare_v2 statements), result-column access.
 * Must never: parse SQL again except to re-prepare after a schema change.
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
import type { ColumnOrigin, PreparedStatement } from "./connection.ts";

function misuse(msg = "bad parameter or other API misuse"): SqliteError {
  return new SqliteError(msg, "SQLITE_MISUSE");
}

/** A prepared statement bound to one connection. */
export class Statement implements PreparedStatement {
  readonly sql: string;
  readonly tail: number;
  #program: Program;
  #vm: Vm;
  readonly #host: EngineHost;
  readonly #txn: StmtTxn = { holdsRead: false, stmtDepth: 0, wrote: false };
  readonly #parsed: ParsedStatement;
  readonly #engine: Engine;
  readonly #source: string;
  #generation: number;
  #running = false;
  #finalized = false;
  readonly #owner: Set<Statement>;

  constructor(
    engine: Engine,
    source: string,
    offset: number,
    parsed: ParsedStatement,
    owner: Set<Statement>,
  ) {
    this.#engine = engine;
    this.#source = source;
    this.#parsed = parsed;
    this.#owner = owner;
    this.sql = source.slice(offset, parsed.tail);
    this.tail = parsed.tail;
    this.#host = new EngineHost(engine, this.#txn);
    this.#refreshIfNeeded();
    this.#program = compileStatement(engine, parsed, source);
    this.#generation = engine.generation;
    this.#vm = new Vm(this.#program, this.#host);
    this.#txn.noJournal = needsNoJournal(this.#program);
  }

  /** Reload the schema before compiling when the file's cookie moved (needs a short read). */
  #refreshIfNeeded(): void {
    const e = this.#engine;
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
    return this.#vm.vars[i];
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
    for (const m of this.#vm.vars) m.setNull();
  }

  /** Begin an execution: transaction bookkeeping, re-prepare if the schema moved. Cold. */
  #start(): void {
    const e = this.#engine;
    e.txn.beginStatement(this.#txn);
    this.#running = true;
    try {
      e.txn.ensureRead();
      refreshSchema(e);
      if (e.generation !== this.#generation) {
        const prog = compileStatement(e, this.#parsed, this.#source);
        const vm = new Vm(prog, this.#host);
        for (let i = 1; i < vm.vars.length && i < this.#vm.vars.length; i++) {
          vm.vars[i].copyFrom(this.#vm.vars[i]);
        }
        this.#program = prog;
        this.#vm = vm;
        this.#txn.noJournal = needsNoJournal(prog);
        this.#generation = e.generation;
      }
    } catch (err) {
      this.#finish(err);
      throw err;
    }
  }

  #finish(err: unknown): void {
    if (!this.#running) return;
    this.#running = false;
    this.#engine.txn.endStatement(this.#txn, err);
  }

  step(): boolean {
    if (this.#finalized) throw misuse();
    const vm = this.#vm;
    if (!this.#running) {
      if (vm.started) vm.reset();
      this.#start();
    }
    let row: boolean;
    // 'now' is read once per step (vdbe.c clears iCurrentTime at each sqlite3VdbeExec)
    const e = this.#engine;
    const outerTime = e.stepTime;
    e.stepTime = 0;
    try {
      row = this.#vm.step();
    } catch (err) {
      try {
        this.#finish(err);
      } finally {
        this.#vm.reset();
      }
      throw err;
    } finally {
      e.stepTime = outerTime;
    }
    if (!row) {
      this.#finish(null);
    }
    return row;
  }

  columnType(i: number): MemType {
    const vm = this.#vm;
    return vm.regs[vm.resultStart + i].type;
  }

  columnValue(i: number, safeIntegers: boolean): null | number | bigint | string | Uint8Array {
    const vm = this.#vm;
    return vm.regs[vm.resultStart + i].toJs(safeIntegers);
  }

  reset(): void {
    if (this.#finalized) return;
    if (this.#running) this.#finish(null);
    this.#vm.reset();
  }

  finalize(): void {
    if (this.#finalized) return;
    this.reset();
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
