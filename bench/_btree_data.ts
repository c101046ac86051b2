/**
 * Shared data for the format/b-tree benchmarks: a 100k-row, 4-column table
 * written by node:sqlite (INTEGER, TEXT, REAL, BLOB-or-NULL), plus an index
 * on the TEXT column. Cold: built once per bench process.
 */
import { DatabaseSync } from "node:sqlite";

/** Rows in the benchmark table. */
export const ROWS = 100_000;

/** Row `i` (1-based) of the benchmark table. */
export function row(i: number): [number, string, number, Uint8Array | null] {
  return [
    i * 3,
    `name-${i}-${(i * 2654435761) % 100000}`,
    i / 7,
    i % 4 === 0 ? new Uint8Array([i & 255, 7, 9]) : null,
  ];
}

/** Create (once) and return the path of the benchmark database. */
export function benchDb(): string {
  const dir = Deno.makeTempDirSync({ prefix: "tsqlite_bench_" });
  const path = `${dir}/bench.db`;
  const db = new DatabaseSync(path);
  db.exec("CREATE TABLE t(a INTEGER, b TEXT, c REAL, d BLOB); CREATE INDEX t_b ON t(b)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  for (let i = 1; i <= ROWS; i++) ins.run(...row(i));
  db.exec("COMMIT");
  db.close();
  return path;
}

/** Deterministic pseudo-random integers in [1, n]. */
export function keys(count: number, n: number, seed = 7): number[] {
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out.push(1 + (s % n));
  }
  return out;
}
