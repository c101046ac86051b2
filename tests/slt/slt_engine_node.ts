/**
 * The node:sqlite (real SQLite 3.53) engine for the sqllogictest runner — used to validate the
 * runner itself (it must pass 100% of the corpus) and as the reference. Tests only.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { QueryResult, SltEngine } from "./slt_run.ts";
import type { SltValue } from "./slt_render.ts";

/** Open a fresh in-memory node:sqlite engine. */
export function nodeEngine(): SltEngine {
  const db = new DatabaseSync(":memory:");
  const castText = db.prepare("SELECT CAST(?1 AS TEXT)");
  const fmt = db.prepare("SELECT printf('%.3f', ?1)");
  return {
    exec(sql: string): void {
      db.exec(sql);
    },
    query(sql: string): QueryResult {
      const st = db.prepare(sql);
      st.setReadBigInts(true);
      // setReturnArrays exists at runtime in Deno's node:sqlite but not in its type declarations.
      (st as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
      const columnCount = st.columns().length;
      const rows: SltValue[][] = [];
      try {
        for (const row of st.iterate()) rows.push(row as unknown as SltValue[]);
      } catch {
        // A runtime error while stepping ends the result set (reference runner behaviour).
      }
      return { columnCount, rows };
    },
    realText(x: number): string {
      return String((castText.get(x) as Record<string, unknown>)["CAST(?1 AS TEXT)"]);
    },
    printf3(x: number): string {
      return String((fmt.get(x) as Record<string, unknown>)["printf('%.3f', ?1)"]);
    },
    close(): void {
      db.close();
    },
  };
}
