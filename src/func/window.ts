/**
 * The built-in window functions of window.c — row_number, rank, dense_rank, percent_rank,
 * cume_dist, ntile, lag, lead, first_value, last_value, nth_value — evaluated over a
 * materialised partition.
 *
 * Owns: each function's result for every row of one partition, given the partition's ORDER BY
 * peer groups and (for first_value/last_value/nth_value) each row's frame, with SQLite's
 * argument rules and error messages ("argument of ntile must be a positive integer",
 * "second argument to nth_value must be a positive integer"); lag/lead offsets follow
 * SQLite's arithmetic (a negative offset looks the other way, a non-integral one finds no
 * row, text counts as its numeric prefix).
 * Must never: decide frames or partitions (the VM does) or be registered as aggregates:
 * these names are only valid with OVER — the planner reports `misuse of window function
 * NAME()` otherwise (see {@link WINDOW_BUILTINS}).
 * @module
 */

import { SqliteError } from "../error.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { arith, ArithOp } from "../vdbe/value/arith.ts";
import { argInt, argNumeric } from "./args.ts";
import { WINDOW_BUILTIN_ARGS } from "../planner/select_window_spec.ts";

/** One partition in window ORDER BY order. */
export interface WindowPartition {
  /** Number of rows. */
  readonly size: number;
  /** For each row, the index of the first row of its peer group (equal ORDER BY keys). */
  readonly peerStart: ArrayLike<number>;
  /** For each row, one past the last row of its peer group. */
  readonly peerEnd: ArrayLike<number>;
  /** Argument `k` of the call, evaluated for row `row`. */
  arg(row: number, k: number): Mem;
}

/** A row's frame as a half-open range of partition rows [start, end). */
export interface WindowFrame {
  /** First row of the frame. */
  start: number;
  /** One past the last row of the frame. */
  end: number;
  /**
   * Rows [start, end) taken out of the frame by EXCLUDE CURRENT ROW / GROUP / TIES, except row
   * `keep` (the current row under EXCLUDE TIES; -1 otherwise).
   */
  exclude?: { start: number; end: number; keep: number };
}

/**
 * The `n`-th row (0-based) of a frame after its EXCLUDE clause, or -1. O(1).
 */
export function nthFrameRow(f: WindowFrame, n: number): number {
  if (n < 0) return -1;
  const x = f.exclude;
  if (x === undefined) return f.start + n < f.end ? f.start + n : -1;
  // the frame is up to three runs: [start, x.start) · keep · [x.end, end)
  const runs: [number, number][] = [
    [f.start, Math.min(f.end, x.start)],
    [x.keep, x.keep + 1],
    [Math.max(f.start, x.end), f.end],
  ];
  if (x.keep < f.start || x.keep >= f.end) runs[1] = [0, 0];
  for (const [a, b] of runs) {
    if (b <= a) continue;
    if (n < b - a) return a + n;
    n -= b - a;
  }
  return -1;
}

/** Number of rows in a frame after its EXCLUDE clause. O(1). */
function frameSize(f: WindowFrame): number {
  let n = Math.max(0, f.end - f.start);
  const x = f.exclude;
  if (x !== undefined) {
    n -= Math.max(0, Math.min(f.end, x.end) - Math.max(f.start, x.start));
    if (x.keep >= f.start && x.keep < f.end && x.keep >= x.start && x.keep < x.end) n++;
  }
  return n;
}

/** Name → accepted argument counts of the built-in window functions. */
export const WINDOW_BUILTINS: ReadonlyMap<string, readonly number[]> = WINDOW_BUILTIN_ARGS;

/**
 * The frame SQLite uses for first_value/last_value/nth_value without a frame clause:
 * RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (through the last peer).
 */
export function defaultFrame(p: WindowPartition, row: number): WindowFrame {
  return { start: 0, end: p.peerEnd[row] };
}

function real(v: number): Mem {
  const m = new Mem();
  m.setReal(v);
  return m;
}

function int(v: number): Mem {
  const m = new Mem();
  m.setInt(v);
  return m;
}

function copy(src: Mem): Mem {
  const m = new Mem();
  m.copyFrom(src);
  return m;
}

/** lag/lead: the row `offset` rows back (lag) or forward (lead), with SQLite's arithmetic. */
function lagLead(p: WindowPartition, nArg: number, lead: boolean): Mem[] {
  const out: Mem[] = [];
  const rowMem = new Mem();
  const target = new Mem();
  const one = int(1);
  for (let i = 0; i < p.size; i++) {
    rowMem.setInt(i);
    const off = nArg >= 2 ? p.arg(i, 1) : one;
    arith(lead ? ArithOp.ADD : ArithOp.SUB, rowMem, off, target);
    let t = -1;
    if (target.type === MemType.INT && target.big === null) t = target.n;
    else if (target.type === MemType.REAL && Number.isInteger(target.n)) t = target.n;
    if (t >= 0 && t < p.size) out.push(copy(p.arg(t, 0)));
    else out.push(nArg >= 3 ? copy(p.arg(i, 2)) : new Mem());
  }
  return out;
}

/** nth_value's N for one row, validated as SQLite does. */
function nthIndex(m: Mem): number {
  const v = argNumeric(m);
  let n: number;
  if (v.type === MemType.INT) n = v.big === null ? v.n : Number.MAX_SAFE_INTEGER;
  else if (v.type === MemType.REAL && Number.isInteger(v.n)) n = v.n;
  else n = 0;
  if (n <= 0) throw new SqliteError("second argument to nth_value must be a positive integer");
  return n;
}

/**
 * Every row's result of window function `name` over partition `p`. `frames(row)` gives the
 * frame for first_value/last_value/nth_value (default: {@link defaultFrame}). Cold-ish.
 *
 * @example
 * ```ts
 * import { memOf } from "../vdbe/mem.ts";
 * import { evaluateWindow } from "./window.ts";
 * const p = { size: 3, peerStart: [0, 1, 1], peerEnd: [1, 3, 3], arg: () => memOf(null) };
 * evaluateWindow("rank", 0, p).map((m) => m.n); // [1, 2, 2]
 * ```
 */
export function evaluateWindow(
  name: string,
  nArg: number,
  p: WindowPartition,
  frames: (row: number) => WindowFrame = (row) => defaultFrame(p, row),
): Mem[] {
  const n = p.size;
  const out: Mem[] = [];
  switch (name.toLowerCase()) {
    case "row_number":
      for (let i = 0; i < n; i++) out.push(int(i + 1));
      return out;
    case "rank":
      for (let i = 0; i < n; i++) out.push(int(p.peerStart[i] + 1));
      return out;
    case "dense_rank": {
      let group = 0;
      for (let i = 0; i < n; i++) {
        if (p.peerStart[i] === i) group++;
        out.push(int(group));
      }
      return out;
    }
    case "percent_rank":
      for (let i = 0; i < n; i++) out.push(real(n > 1 ? p.peerStart[i] / (n - 1) : 0));
      return out;
    case "cume_dist":
      for (let i = 0; i < n; i++) out.push(real(p.peerEnd[i] / n));
      return out;
    case "ntile": {
      if (n === 0) return out;
      const raw = argInt(p.arg(0, 0));
      const nParam = typeof raw === "bigint" ? Number(raw) : raw;
      if (nParam <= 0) throw new SqliteError("argument of ntile must be a positive integer");
      const nSize = Math.trunc(n / nParam);
      for (let i = 0; i < n; i++) {
        if (nSize === 0) {
          out.push(int(i + 1));
          continue;
        }
        const nLarge = n - nParam * nSize;
        const iSmall = nLarge * (nSize + 1);
        out.push(
          int(
            i < iSmall
              ? 1 + Math.trunc(i / (nSize + 1))
              : 1 + nLarge + Math.trunc((i - iSmall) / nSize),
          ),
        );
      }
      return out;
    }
    case "lag":
      return lagLead(p, nArg, false);
    case "lead":
      return lagLead(p, nArg, true);
    case "first_value":
    case "last_value":
    case "nth_value": {
      const kind = name.toLowerCase();
      for (let i = 0; i < n; i++) {
        const f = frames(i);
        let at = -1;
        if (kind === "first_value") at = nthFrameRow(f, 0);
        else if (kind === "last_value") at = nthFrameRow(f, frameSize(f) - 1);
        else at = nthFrameRow(f, nthIndex(p.arg(i, 1)) - 1);
        out.push(at >= 0 ? copy(p.arg(at, 0)) : new Mem());
      }
      return out;
    }
    default:
      throw new SqliteError(`no such function: ${name}`);
  }
}
