/**
 * The tsqlite engine for the sqllogictest runner: runs records through the engine
 * `Connection` (src/api/connection.ts) exactly as an application would. Tests only.
 * @module
 */
import { Connection, type PreparedStatement } from "../../src/api/connection.ts";
import type { QueryResult, SltEngine } from "./slt_run.ts";
import type { SltValue } from "./slt_render.ts";

/** Run every statement of `sql` to completion. */
function execAll(db: Connection, sql: string): void {
  let off = 0;
  for (;;) {
    const st: PreparedStatement | null = db.prepare(sql, off);
    if (st === null) return;
    try {
      while (st.step()) { /* discard rows */ }
    } finally {
      st.finalize();
    }
    off = st.tail;
  }
}

function scalar(db: Connection, sql: string, x: number): string {
  const st = db.prepare(sql)!;
  try {
    st.bindReal(1, x);
    st.step();
    return String(st.columnValue(0, false));
  } finally {
    st.finalize();
  }
}

/** Open a fresh in-memory tsqlite engine. */
export function tsqliteEngine(): SltEngine {
  const db = Connection.open(":memory:");
  return {
    exec(sql: string): void {
      execAll(db, sql);
    },
    query(sql: string): QueryResult {
      const st = db.prepare(sql);
      if (st === null) return { columnCount: 0, rows: [] };
      const columnCount = st.columnCount;
      const rows: SltValue[][] = [];
      try {
        for (;;) {
          let more: boolean;
          try {
            more = st.step();
          } catch {
            break; // a runtime error ends the result set
          }
          if (!more) break;
          const row: SltValue[] = new Array(columnCount);
          for (let i = 0; i < columnCount; i++) {
            const v = st.columnValue(i, true);
            // MemType: 1 INT, 2 REAL. safeIntegers gives bigint for INTEGER; REAL stays number.
            row[i] = st.columnType(i) === 2 && typeof v === "bigint" ? Number(v) : v;
          }
          rows.push(row);
        }
      } finally {
        st.finalize();
      }
      return { columnCount, rows };
    },
    realText(x: number): string {
      return scalar(db, "SELECT CAST(?1 AS TEXT)", x);
    },
    printf3(x: number): string {
      return scalar(db, "SELECT printf('%.3f', ?1)", x);
    },
    close(): void {
      db.close();
    },
  };
}
