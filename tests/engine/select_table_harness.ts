/**
 * Differential harness over real tables: the same schema and rows are created in a tsqlite
 * `Connection` and in node:sqlite, then queries are compared row for row and type for type
 * (INTEGER as bigint, REAL as number), errors by message.
 */
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";
import { registerLike } from "../../src/func/like.ts";
import { type Outcome, show } from "./select_harness.ts";

/** A pair of databases with the same content. */
/** An EXPLAIN QUERY PLAN outcome as its detail lines joined by " | " (or the error). */
export function planText(o: Outcome): string {
  return "error" in o ? o.error : o.rows.map((r) => String(r[3])).join(" | ");
}

export class Pair {
  readonly ts = Connection.open(":memory:");
  readonly ref = new DatabaseSync(":memory:");

  constructor() {
    // node:sqlite is built without SQLITE_LIKE_DOESNT_MATCH_BLOBS (better-sqlite3 is): compare
    // like with like
    registerLike(this.ts.functions, false);
  }

  /** Run statements (no results) on both. */
  exec(sql: string): void {
    this.ref.exec(sql);
    let off = 0;
    for (;;) {
      const st = this.ts.prepare(sql, off);
      if (st === null) break;
      while (st.step()) { /* drain */ }
      off = st.tail;
      st.finalize();
    }
  }

  /** tsqlite's outcome. */
  tsq(sql: string): Outcome {
    try {
      const st = this.ts.prepare(sql);
      if (st === null) return { rows: [] };
      const rows: unknown[][] = [];
      try {
        while (st.step()) {
          const r: unknown[] = [];
          for (let i = 0; i < st.columnCount; i++) r.push(st.columnValue(i, true));
          rows.push(r);
        }
      } finally {
        st.finalize();
      }
      return { rows };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /** node:sqlite's outcome. */
  refq(sql: string): Outcome {
    try {
      const st = this.ref.prepare(sql);
      st.setReadBigInts(true);
      (st as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
      return { rows: st.all() as unknown as unknown[][] };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /** null when equal, else a description. */
  diff(sql: string, ordered = true): string | null {
    const a = this.tsq(sql);
    const b = this.refq(sql);
    let sa = show(a);
    let sb = show(b);
    if (!ordered && "rows" in a && "rows" in b) {
      sa = JSON.stringify(a.rows.map((r) => show({ rows: [r] })).sort());
      sb = JSON.stringify(b.rows.map((r) => show({ rows: [r] })).sort());
    }
    return sa === sb ? null : `${sql}\n  tsqlite: ${sa}\n  sqlite:  ${sb}`;
  }

  /** null when `EXPLAIN QUERY PLAN sql` gives the same detail lines on both sides, else both. */
  planDiff(sql: string): string | null {
    const a = planText(this.tsq("EXPLAIN QUERY PLAN " + sql));
    const b = planText(this.refq("EXPLAIN QUERY PLAN " + sql));
    return a === b ? null : `${sql}\n  tsqlite: ${a}\n  sqlite:  ${b}`;
  }

  close(): void {
    this.ts.close();
    this.ref.close();
  }
}

/** A schema with every affinity, collations and indexes, plus mixed-type rows. */
export const SCHEMA = `
CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT, c REAL, d NUMERIC, e BLOB, f, g VARCHAR(10) COLLATE NOCASE);
CREATE INDEX t1b ON t1(b);
CREATE INDEX t1cd ON t1(c, d);
CREATE INDEX t1g ON t1(g);
CREATE TABLE t2(x INT, y TEXT, z);
CREATE UNIQUE INDEX t2xy ON t2(x, y);
INSERT INTO t1 VALUES (1,'x',1.5,'12',x'01','a','Abc'),(2,'y',NULL,'3.0',NULL,2,'abc'),
 (3,'10',2,'1e3','t',2.5,'b'),(4,NULL,-0.0,NULL,3,'7','B'),(5,'x',7,' 4 ','','x',NULL),
 (6,'2',10,'abc',x'ff',NULL,'zz'),(7,'Y',0.5,-1,5.5,x'00','a'),(8,'',1e20,9223372036854775807,'1','',' a'),
 (9,'x',3,2,2,2,'A'),(10,'y',3,'2',2.0,'2','c');
INSERT INTO t2 VALUES (1,'one',1),(2,'two','2'),(2,'deux',2.0),(3,NULL,NULL),(NULL,'nil',x'02'),
 ('4','four',4),(10,'x',1.5),(7,'Y','a');
`;
