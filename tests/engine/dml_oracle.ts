/**
 * Differential-test helper for the engine connection: runs the same SQL through tsqlite's
 * `Connection` and node:sqlite (real SQLite 3.53) and returns comparable outcomes — result rows
 * with storage classes, or the error message and extended result code. Tests only.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";
import type { SqliteError } from "../../src/error.ts";

/** A value tagged with its storage class. */
export type Tagged = null | { i: string } | { r: number } | { t: string } | { b: string };

/** One statement's outcome. */
export type Outcome = { rows: Tagged[][] } | { error: string; code: number };

/** Extended result codes by name (sqlite3.h). */
export const CODES: Record<string, number> = {
  SQLITE_ERROR: 1,
  SQLITE_INTERNAL: 2,
  SQLITE_ABORT: 4,
  SQLITE_BUSY: 5,
  SQLITE_LOCKED: 6,
  SQLITE_READONLY: 8,
  SQLITE_CORRUPT: 11,
  SQLITE_FULL: 13,
  SQLITE_CANTOPEN: 14,
  SQLITE_CONSTRAINT: 19,
  SQLITE_MISMATCH: 20,
  SQLITE_MISUSE: 21,
  SQLITE_RANGE: 25,
  SQLITE_CONSTRAINT_CHECK: 275,
  SQLITE_CONSTRAINT_NOTNULL: 1299,
  SQLITE_CONSTRAINT_PRIMARYKEY: 1555,
  SQLITE_CONSTRAINT_TRIGGER: 1811,
  SQLITE_CONSTRAINT_UNIQUE: 2067,
  SQLITE_CONSTRAINT_ROWID: 2579,
  SQLITE_CONSTRAINT_DATATYPE: 3091,
  SQLITE_CONSTRAINT_FOREIGNKEY: 787,
};

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** Tag a node:sqlite value (read with setReadBigInts). */
export function tagNode(v: unknown): Tagged {
  if (v === null) return null;
  if (typeof v === "bigint") return { i: v.toString() };
  if (typeof v === "number") return { r: v };
  if (typeof v === "string") return { t: v };
  return { b: hex(v as Uint8Array) };
}

/** Run one statement on node:sqlite. */
export function nodeRun(db: DatabaseSync, sql: string): Outcome {
  try {
    const st = db.prepare(sql);
    st.setReadBigInts(true);
    (st as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
    const rows = (st.all() as unknown as unknown[][]).map((r) => r.map(tagNode));
    return { rows };
  } catch (e) {
    const err = e as { message: string; errcode?: number };
    return { error: err.message, code: err.errcode ?? -1 };
  }
}

/** Run one statement on tsqlite. */
export function tsRun(db: Connection, sql: string): Outcome {
  try {
    const st = db.prepare(sql);
    if (st === null) return { rows: [] };
    const rows: Tagged[][] = [];
    try {
      while (st.step()) {
        const r: Tagged[] = [];
        for (let i = 0; i < st.columnCount; i++) {
          const t = st.columnType(i);
          const v = st.columnValue(i, true);
          if (t === 0) r.push(null);
          else if (t === 1) r.push({ i: String(v) });
          else if (t === 2) r.push({ r: Number(v) });
          else if (t === 3) r.push({ t: v as string });
          else r.push({ b: hex(v as Uint8Array) });
        }
        rows.push(r);
      }
    } finally {
      st.finalize();
    }
    return { rows };
  } catch (e) {
    const err = e as SqliteError;
    return { error: err.message, code: CODES[err.code] ?? -1 };
  }
}

/** Both engines on fresh in-memory databases. */
export class Pair {
  readonly ts = Connection.open(":memory:");
  readonly node = new DatabaseSync(":memory:");

  /** Run `sql` (one statement) on both; returns [tsqlite, node:sqlite]. */
  run(sql: string): [Outcome, Outcome] {
    return [tsRun(this.ts, sql), nodeRun(this.node, sql)];
  }

  close(): void {
    this.ts.close();
    this.node.close();
  }
}

/** Split a script into statements at top-level semicolons (no semicolons inside literals). */
export function statements(script: string): string[] {
  return script.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.length > 0);
}
