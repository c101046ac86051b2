/**
 * A test double of the engine connection backed by node:sqlite (tests only).
 *
 * Implements the Connection/PreparedStatement contract (src/api/connection.ts) over node:sqlite's
 * DatabaseSync so the better-sqlite3 API layer (src/api/database.ts, statement.ts, params.ts, …)
 * can be tested differentially against better-sqlite3 on its own, before and independently of
 * tsqlite's engine. With it, a failing API test points at the API layer, not the engine.
 * Limits: statements are split at top-level `;` (no CREATE TRIGGER bodies); `readonly` is judged
 * from the leading keyword. Must never be imported by src/.
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { SqliteError, type SqliteErrorCode } from "../../src/error.ts";
import type { Engine, EngineConnection, PreparedStatement } from "../../src/api/engine.ts";
import { scanParameters } from "../../src/api/expand.ts";

type Value = null | number | bigint | string | Uint8Array;

function rethrow(e: unknown): never {
  const err = e as { message?: string; errstr?: string; errcode?: number; code?: string };
  if (typeof err?.errcode === "number") {
    const code = EXTENDED[err.errcode] ?? PRIMARY[err.errcode & 0xff] ?? "SQLITE_ERROR";
    throw new SqliteError(err.message ?? "", code as SqliteErrorCode);
  }
  throw e;
}

const PRIMARY: Record<number, string> = {
  1: "SQLITE_ERROR",
  5: "SQLITE_BUSY",
  8: "SQLITE_READONLY",
  14: "SQLITE_CANTOPEN",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  25: "SQLITE_RANGE",
};
const EXTENDED: Record<number, string> = {
  275: "SQLITE_CONSTRAINT_CHECK",
  787: "SQLITE_CONSTRAINT_FOREIGNKEY",
  1299: "SQLITE_CONSTRAINT_NOTNULL",
  1555: "SQLITE_CONSTRAINT_PRIMARYKEY",
  2067: "SQLITE_CONSTRAINT_UNIQUE",
  2579: "SQLITE_CONSTRAINT_ROWID",
  1811: "SQLITE_CONSTRAINT_TRIGGER",
};

/** End offset of the first statement at `sql[from..]` (just past its `;`, or the end). */
function statementEnd(sql: string, from: number): number {
  let i = from;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === "`") {
      i++;
      while (i < n && sql[i] !== c) i++;
      i++;
    } else if (c === "[") {
      const j = sql.indexOf("]", i);
      i = j < 0 ? n : j + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      const j = sql.indexOf("\n", i);
      i = j < 0 ? n : j + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const j = sql.indexOf("*/", i + 2);
      i = j < 0 ? n : j + 2;
    } else if (c === ";") {
      return i + 1;
    } else i++;
  }
  return n;
}

function skipTrivia(sql: string, at: number): number {
  const n = sql.length;
  while (at < n) {
    const c = sql[at];
    if (/\s/.test(c)) at++;
    else if (c === "-" && sql[at + 1] === "-") {
      const j = sql.indexOf("\n", at);
      at = j < 0 ? n : j + 1;
    } else if (c === "/" && sql[at + 1] === "*") {
      const j = sql.indexOf("*/", at + 2);
      at = j < 0 ? n : j + 2;
    } else break;
  }
  return at;
}

interface ColumnInfo {
  name: string;
  column: string | null;
  table: string | null;
  database: string | null;
  type: string | null;
}

class NodeStatement implements PreparedStatement {
  readonly sql: string;
  readonly tail: number;
  readonly readonly: boolean;
  readonly columnCount: number;
  readonly parameterCount: number;
  #stmt: StatementSync;
  #cols: ColumnInfo[];
  #names: (string | null)[];
  #values: Value[] = [];
  #iter: Iterator<unknown> | null = null;
  #row: Value[] | null = null;
  #done = false;

  constructor(db: DatabaseSync, sql: string, tail: number) {
    this.sql = sql;
    this.tail = tail;
    try {
      this.#stmt = db.prepare(sql);
    } catch (e) {
      rethrow(e);
    }
    this.#stmt.setReadBigInts(true);
    (this.#stmt as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
    this.#cols = this.#stmt.columns() as unknown as ColumnInfo[];
    this.columnCount = this.#cols.length;
    const head = sql.trim().toUpperCase();
    this.readonly =
      /^(SELECT|VALUES|EXPLAIN SELECT|BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|ATTACH|DETACH)\b/
        .test(head) ||
      (/^WITH\b/.test(head) && !/\b(INSERT|UPDATE|DELETE|REPLACE)\b/.test(head)) ||
      (/^PRAGMA\b/.test(head) && !head.includes("="));
    const tokens = scanParameters(sql);
    let count = 0;
    const names: (string | null)[] = [];
    for (const t of tokens) {
      count = Math.max(count, t.index);
      if (t.name !== null) names[t.index] = t.name;
    }
    this.parameterCount = count;
    this.#names = names;
  }

  columnName(i: number): string {
    return this.#cols[i].name;
  }
  columnOrigin(i: number) {
    const c = this.#cols[i];
    return { database: c.database, table: c.table, column: c.column };
  }
  columnDecltype(i: number): string | null {
    return this.#cols[i].type;
  }
  parameterName(i: number): string | null {
    return this.#names[i] ?? null;
  }
  bindNull(i: number): void {
    this.#values[i] = null;
  }
  bindInt(i: number, v: number | bigint): void {
    this.#values[i] = BigInt(v);
  }
  bindReal(i: number, v: number): void {
    this.#values[i] = v;
  }
  bindText(i: number, v: string): void {
    this.#values[i] = v;
  }
  bindBlob(i: number, v: Uint8Array): void {
    this.#values[i] = v;
  }
  clearBindings(): void {
    this.#values = [];
  }
  step(): boolean {
    try {
      if (this.#done) return false;
      if (this.#iter === null) {
        const named: Record<string, Value> = {};
        const anon: Value[] = [];
        for (let i = 1; i <= this.parameterCount; i++) {
          const v = this.#values[i] ?? null;
          const name = this.#names[i];
          if (name) named[name] = v;
          else anon.push(v);
        }
        if (this.columnCount === 0) {
          // node:sqlite's iterate() does not run statements without result columns.
          this.#stmt.run(named as never, ...(anon as never[]));
          this.#iter = [][Symbol.iterator]();
        } else {
          // all(), not iterate(): node:sqlite's iterate() drops errors of the first step.
          const rows = this.#stmt.all(named as never, ...(anon as never[]));
          this.#iter = rows[Symbol.iterator]();
        }
      }
      const r = this.#iter.next();
      if (r.done) {
        this.#done = true;
        this.#row = null;
        return false;
      }
      this.#row = r.value as Value[];
      return true;
    } catch (e) {
      this.reset();
      rethrow(e);
    }
  }
  columnType(i: number): number {
    const v = this.#row![i];
    return v === null
      ? 5
      : typeof v === "bigint"
      ? 1
      : typeof v === "number"
      ? 2
      : typeof v === "string"
      ? 3
      : 4;
  }
  columnValue(i: number, safe: boolean): Value {
    const v = this.#row![i];
    if (typeof v === "bigint" && !safe) return Number(v);
    return v;
  }
  reset(): void {
    this.#iter?.return?.();
    this.#iter = null;
    this.#row = null;
    this.#done = false;
  }
  finalize(): void {
    this.reset();
  }
  get busy(): boolean {
    return this.#iter !== null && !this.#done;
  }
}

class NodeConnection implements EngineConnection {
  flags = { foreignKeys: true, dqs: false, likeMatchesBlobs: false, trustedSchema: true };
  dialect = {};
  expireStatements(): void {}
  #db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.#db = db;
  }
  #counter(sql: string): number | bigint {
    const s = this.#db.prepare(sql);
    s.setReadBigInts(true);
    const v = (s.get() as Record<string, bigint>).v;
    return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  }
  serialize(): Uint8Array {
    throw new SqliteError("serialize is not available in the node:sqlite test engine");
  }
  prepare(sql: string, offset = 0): PreparedStatement | null {
    const start = skipTrivia(sql, offset);
    if (start >= sql.length) return null;
    const end = statementEnd(sql, start);
    const text = sql.slice(start, end);
    if (skipTrivia(text.replace(/;\s*$/, ""), 0) >= text.replace(/;\s*$/, "").length) {
      return this.prepare(sql, end);
    }
    return new NodeStatement(this.#db, text, end);
  }
  get inTransaction(): boolean {
    return this.#db.isTransaction;
  }
  get changes(): number {
    return Number(this.#counter("SELECT changes() AS v"));
  }
  get totalChanges(): number {
    return Number(this.#counter("SELECT total_changes() AS v"));
  }
  get lastInsertRowid(): number | bigint {
    return this.#counter("SELECT last_insert_rowid() AS v");
  }
  get functions(): never {
    throw new SqliteError("no function registry in the node:sqlite test engine");
  }
  setBusyTimeout(ms: number): void {
    this.#db.exec(`PRAGMA busy_timeout = ${ms}`);
  }

  close(): void {
    this.#db.close();
  }
}

/** The node:sqlite-backed engine (pass to `useEngine`). */
export const nodeSqliteEngine: Engine = {
  open(path, options = {}) {
    try {
      const db = new DatabaseSync(path === "" ? ":memory:" : path, {
        readOnly: options.readonly === true,
        enableForeignKeyConstraints: true,
        enableDoubleQuotedStringLiterals: false,
      });
      return new NodeConnection(db);
    } catch (e) {
      rethrow(e);
    }
  },
  deserialize() {
    throw new SqliteError("deserialize is not available in the node:sqlite test engine");
  },
};
