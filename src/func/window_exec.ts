/**
 * The window-function executor behind `Op.Window` — the run-time half of SQLite's window.c
 * (sqlite3WindowCodeStep and its frame machinery), done over a materialised result instead of
 * streaming through three cursors.
 *
 * Owns: splitting the rows of a window sub-select into partitions and peer groups, every frame
 * shape (ROWS / RANGE / GROUPS with UNBOUNDED, `n` PRECEDING/FOLLOWING and CURRENT ROW bounds,
 * RANGE offsets with windowCodeRangeTest's arithmetic — text/blob keys are not offset, NULL is
 * the smallest value, NULLS LAST flips that as KEYINFO_ORDER_BIGNULL does — and EXCLUDE NO
 * OTHERS / CURRENT ROW / GROUP / TIES), the frame-offset checks (windowCheckValue's messages),
 * FILTER, and running aggregates as window functions: a frame that only grows steps one state;
 * a sliding frame steps new rows and calls xInverse for rows that leave it (O(n)) when the
 * aggregate has one, and otherwise (min/max, EXCLUDE) recomputes the frame per row.
 * Rows of every group after the first are re-sorted stably by that group's keys, the order
 * SQLite's nested sub-selects produce.
 * Must never: compile anything or touch storage; it only rearranges and extends the decoded
 * rows it is given. Warm (once per query run, linear in the rows for the common frames).
 * @module
 */

import { SqliteError } from "../error.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { applyAffinity, type Collator, memCompare, truth } from "../vdbe/ops/value_ops.ts";
import { arith, ArithOp } from "../vdbe/value/arith.ts";
import type { VmAggregate, VmAggState, VmHost } from "../vdbe/vm_types.ts";
import {
  WindowExclude,
  type WindowFrameSpec,
  type WindowFuncSpec,
  type WindowGroupSpec,
  type WindowKey,
  type WindowOpSpec,
} from "../planner/select_window_spec.ts";
import { evaluateWindow, type WindowFrame, type WindowPartition } from "./window.ts";

/** One materialised row (an ephemeral table row of the VM). */
export interface WindowRow {
  rowid: number;
  vals: Mem[];
}

/** A key with its collator resolved. */
interface Key {
  col: number;
  desc: boolean;
  nulls: number;
  coll: Collator;
}

const NUMERIC = 0x43;
const NULL_MEM = new Mem();

function resolveKeys(keys: readonly WindowKey[], host: VmHost): Key[] {
  return keys.map((k) => ({
    col: k.col,
    desc: k.desc,
    nulls: k.nulls,
    coll: host.collator(k.collation),
  }));
}

/** Compare two rows on `keys` as the sorter does (NULLS FIRST/LAST independent of DESC). */
function compareKeys(keys: Key[], a: Mem[], b: Mem[]): number {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const x = a[k.col];
    const y = b[k.col];
    if (k.nulls !== 0 && (x.type === MemType.NULL || y.type === MemType.NULL)) {
      if (x.type === y.type) continue;
      let c = x.type === MemType.NULL ? -1 : 1;
      if (k.nulls === 2) c = -c;
      return c;
    }
    const c = memCompare(x, y, k.coll);
    if (c !== 0) return k.desc ? -c : c;
  }
  return 0;
}

/** The frame offsets of one function, checked as windowCheckValue does. */
interface Offsets {
  start: number;
  end: number;
  startMem: Mem;
  endMem: Mem;
}

function checkOffset(m: Mem, range: boolean, which: "starting" | "ending"): Mem {
  const v = new Mem();
  v.copyFrom(m);
  applyAffinity(v, NUMERIC);
  if (range) {
    if ((v.type !== MemType.INT && v.type !== MemType.REAL) || v.n < 0 || Number.isNaN(v.n)) {
      throw new SqliteError(`frame ${which} offset must be a non-negative number`);
    }
    return v;
  }
  if (v.type === MemType.REAL && Number.isInteger(v.n) && Math.abs(v.n) < 2 ** 63) v.setInt(v.n);
  if (v.type !== MemType.INT || (v.big === null ? v.n < 0 : v.big < 0n)) {
    throw new SqliteError(`frame ${which} offset must be a non-negative integer`);
  }
  return v;
}

function offsetsOf(f: WindowFrameSpec, regs: Mem[]): Offsets {
  const range = f.units === "RANGE";
  const hasStart = f.start === "preceding" || f.start === "following";
  const hasEnd = f.end === "preceding" || f.end === "following";
  const startMem = hasStart ? checkOffset(regs[f.startReg], range, "starting") : new Mem();
  const endMem = hasEnd ? checkOffset(regs[f.endReg], range, "ending") : new Mem();
  const num = (m: Mem) => (m.big !== null ? Number(m.big) : m.n);
  return {
    start: hasStart && !range ? num(startMem) : 0,
    end: hasEnd && !range ? num(endMem) : 0,
    startMem,
    endMem,
  };
}

/**
 * Evaluate every window function of `spec` over `rows` (reordered in place for groups after
 * the first), appending each function's result at its output column. Warm.
 *
 * @example
 * ```ts
 * // Op.Window: runWindow(cursor.rows, p4.value, vm.regs, host)
 * ```
 */
export function runWindow(rows: WindowRow[], spec: WindowOpSpec, regs: Mem[], host: VmHost): void {
  depth++;
  try {
    runLevels(rows, spec, regs, host);
  } finally {
    depth--;
  }
}

/** runWindow's work: every level (group) in turn, partition by partition. Warm. */
function runLevels(rows: WindowRow[], spec: WindowOpSpec, regs: Mem[], host: VmHost): void {
  let width = spec.nCol;
  for (const g of spec.groups) for (const f of g.funcs) width = Math.max(width, f.out + 1);
  // result columns start as one shared NULL (each is replaced by its own Mem below)
  for (const r of rows) while (r.vals.length < width) r.vals.push(NULL_MEM);
  if (rows.length === 0) return;
  let resorted = false;
  for (let gi = 0; gi < spec.groups.length; gi++) {
    const g = spec.groups[gi];
    const part = resolveKeys(g.partition, host);
    const order = resolveKeys(g.order, host);
    if (gi > 0 && part.length + order.length > 0) {
      const all = [...part, ...order];
      rows.sort((a, b) => compareKeys(all, a.vals, b.vals)); // stable
      resorted = true;
    }
    const offsets = g.funcs.map((f) => offsetsOf(f.frame, regs));
    let ps = 0;
    while (ps < rows.length) {
      let pe = ps + 1;
      while (pe < rows.length && compareKeys(part, rows[ps].vals, rows[pe].vals) === 0) pe++;
      partition(rows, ps, pe, g, order, offsets, host);
      ps = pe;
    }
  }
  if (resorted) { for (let i = 0; i < rows.length; i++) rows[i].rowid = i + 1; }
}

/**
 * Per-partition work arrays, reused across partitions and queries (a query with many small
 * partitions would otherwise allocate several typed arrays per partition). Only [0, size) of
 * each is meaningful; each is consumed before the next partition or function fills it.
 */
const scratchArrays: Float64Array[] = [];

/** Nesting of runWindow (a user aggregate may run another window query): only depth 1 reuses. */
let depth = 0;

function scratch(slot: number, size: number): Float64Array {
  if (depth > 1) return new Float64Array(size);
  let a = scratchArrays[slot];
  if (a === undefined || a.length < size) {
    a = new Float64Array(Math.max(size, 64, a === undefined ? 0 : a.length * 2));
    scratchArrays[slot] = a;
  }
  return a;
}

/** Evaluate the group's functions over rows[ps..pe). */
function partition(
  rows: WindowRow[],
  ps: number,
  pe: number,
  g: WindowGroupSpec,
  order: Key[],
  offsets: Offsets[],
  host: VmHost,
): void {
  const size = pe - ps;
  const peerStart = scratch(0, size);
  const peerEnd = scratch(1, size);
  for (let i = 0; i < size;) {
    let j = i + 1;
    while (j < size && compareKeys(order, rows[ps + i].vals, rows[ps + j].vals) === 0) j++;
    for (let k = i; k < j; k++) {
      peerStart[k] = i;
      peerEnd[k] = j;
    }
    i = j;
  }
  for (let fi = 0; fi < g.funcs.length; fi++) {
    const f = g.funcs[fi];
    const p: WindowPartition = {
      size,
      peerStart,
      peerEnd,
      arg: (row, k) => rows[ps + row].vals[f.args[k]],
    };
    const frames = frameOf(f.frame, offsets[fi], p, order[0] ?? null, rows, ps);
    let out: Mem[];
    if (f.builtin) out = evaluateWindow(f.name, f.nArg, p, frames);
    else {
      // ROWS n FOLLOWING AND m FOLLOWING: window.c steps row t, then inverses row t-(m-n)
      const fr = f.frame;
      const lag = fr.units === "ROWS" && fr.start === "following" && fr.end === "following"
        ? offsets[fi].end - offsets[fi].start
        : -1;
      out = aggregate(f, p, frames, rows, ps, host, lag);
    }
    for (let i = 0; i < size; i++) rows[ps + i].vals[f.out] = out[i];
  }
}

// ---------------------------------------------------------------------------------------------
// frames

/** windowCodeRangeTest: `v1 (+|-) n  op  v2`, with SQLite's text/NULL rules. */
function rangeTest(op: "ge" | "gt" | "le", v1: Mem, n: Mem, v2: Mem, key: Key): boolean {
  let o: "ge" | "gt" | "le" | "lt" = op;
  if (key.desc) o = op === "ge" ? "le" : op === "gt" ? "lt" : "ge";
  const r1 = new Mem();
  if (v1.type === MemType.TEXT || v1.type === MemType.BLOB) r1.copyFrom(v1);
  else arith(key.desc ? ArithOp.SUB : ArithOp.ADD, v1, n, r1);
  const bigNull = key.desc ? key.nulls === 1 : key.nulls === 2;
  if (bigNull) {
    if (r1.type === MemType.NULL) {
      if (o === "ge") return true;
      if (o === "gt") return v2.type !== MemType.NULL;
      if (o === "le") return v2.type === MemType.NULL;
      return false;
    }
    if (v2.type === MemType.NULL) return o === "le" || o === "lt";
  }
  let c: number;
  if (r1.type === MemType.NULL || v2.type === MemType.NULL) {
    c = r1.type === v2.type ? 0 : r1.type === MemType.NULL ? -1 : 1;
  } else c = memCompare(r1, v2, key.coll);
  return o === "ge" ? c >= 0 : o === "gt" ? c > 0 : o === "le" ? c <= 0 : c < 0;
}

/** Every row's frame [start, end) within the partition (plus its EXCLUDE range). */
function frameOf(
  fr: WindowFrameSpec,
  off: Offsets,
  p: WindowPartition,
  key: Key | null,
  rows: WindowRow[],
  ps: number,
): (row: number) => WindowFrame {
  const size = p.size;
  const starts = scratch(2, size);
  const ends = scratch(3, size);
  if (fr.units === "ROWS") {
    for (let i = 0; i < size; i++) {
      starts[i] = boundRows(fr.start, off.start, i, size, true);
      ends[i] = boundRows(fr.end, off.end, i, size, false);
    }
  } else if (fr.units === "GROUPS") {
    // group number of each row, and each group's first row
    const gStart: number[] = [];
    const gOf = scratch(4, size);
    for (let i = 0; i < size; i++) {
      if (p.peerStart[i] === i) gStart.push(i);
      gOf[i] = gStart.length - 1;
    }
    const nG = gStart.length;
    const firstOf = (g: number) => (g >= nG ? size : gStart[Math.max(0, g)]);
    const endOf = (g: number) => (g < 0 ? 0 : g + 1 >= nG ? size : gStart[g + 1]);
    for (let i = 0; i < size; i++) {
      const g = gOf[i];
      switch (fr.start) {
        case "unboundedPreceding":
          starts[i] = 0;
          break;
        case "preceding":
          starts[i] = firstOf(g - off.start);
          break;
        case "currentRow":
          starts[i] = gStart[g];
          break;
        case "following":
          starts[i] = firstOf(g + off.start);
          break;
        default:
          starts[i] = size;
      }
      switch (fr.end) {
        case "unboundedFollowing":
          ends[i] = size;
          break;
        case "following":
          ends[i] = endOf(Math.min(nG - 1, g + off.end));
          break;
        case "currentRow":
          ends[i] = endOf(g);
          break;
        case "preceding":
          ends[i] = endOf(g - off.end);
          break;
        default:
          ends[i] = 0;
      }
    }
  } else {
    rangeFrames(fr, off, p, key, rows, ps, starts, ends);
  }
  const ex = fr.exclude;
  const frame: WindowFrame = { start: 0, end: 0 };
  return (row) => {
    frame.start = starts[row];
    frame.end = Math.max(starts[row], ends[row]);
    frame.exclude = undefined;
    if (ex === WindowExclude.CURRENT_ROW) frame.exclude = { start: row, end: row + 1, keep: -1 };
    else if (ex === WindowExclude.GROUP) {
      frame.exclude = { start: p.peerStart[row], end: p.peerEnd[row], keep: -1 };
    } else if (ex === WindowExclude.TIES) {
      frame.exclude = { start: p.peerStart[row], end: p.peerEnd[row], keep: row };
    } else if (ex === WindowExclude.NO_OTHERS) frame.exclude = { start: 0, end: 0, keep: -1 };
    return frame;
  };
}

function boundRows(kind: string, n: number, i: number, size: number, start: boolean): number {
  switch (kind) {
    case "unboundedPreceding":
      return 0;
    case "preceding":
      return Math.min(size, Math.max(0, i - n + (start ? 0 : 1)));
    case "currentRow":
      return start ? i : i + 1;
    case "following":
      return Math.min(size, i + n + (start ? 0 : 1));
    default:
      return size;
  }
}

/** RANGE frames: per peer group, with the monotone start/end cursors of window.c. */
function rangeFrames(
  fr: WindowFrameSpec,
  off: Offsets,
  p: WindowPartition,
  key: Key | null,
  rows: WindowRow[],
  ps: number,
  starts: Float64Array,
  ends: Float64Array,
): void {
  const size = p.size;
  const val = (j: number): Mem => rows[ps + j].vals[key!.col];
  let s = 0;
  let e = 0;
  const empty = new Mem();
  for (let i = 0; i < size; i = p.peerEnd[i]) {
    const cur = key === null ? empty : val(i);
    let st: number;
    switch (fr.start) {
      case "unboundedPreceding":
        st = 0;
        break;
      case "currentRow":
        st = p.peerStart[i];
        break;
      case "preceding":
        while (s < size && !rangeTest("ge", val(s), off.startMem, cur, key!)) s++;
        st = s;
        break;
      case "following":
        while (s < size && !rangeTest("le", cur, off.startMem, val(s), key!)) s++;
        st = s;
        break;
      default:
        st = size;
    }
    let en: number;
    switch (fr.end) {
      case "unboundedFollowing":
        en = size;
        break;
      case "currentRow":
        en = p.peerEnd[i];
        break;
      case "following":
        while (e < size && rangeTest("ge", cur, off.endMem, val(e), key!)) e++;
        en = e;
        break;
      case "preceding":
        while (e < size && !rangeTest("gt", val(e), off.endMem, cur, key!)) e++;
        en = e;
        break;
      default:
        en = 0;
    }
    for (let k = i; k < p.peerEnd[i]; k++) {
      starts[k] = st;
      ends[k] = en;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// aggregates as window functions

interface WindowAggState extends VmAggState {
  inverse?(args: Mem[], nArg: number): void;
  value?(out: Mem): void;
}

/**
 * min()/max() over frames whose start and end only move forwards, as SQLite's ephemeral-index
 * path computes them (of equal values the latest row wins): a monotonic deque of candidate rows,
 * so each row enters and leaves once. Warm.
 */
class MinMaxWindow {
  private readonly rows: number[] = [];
  private readonly vals: Mem[] = [];
  private head = 0;
  private to = 0;
  constructor(
    private readonly isMax: boolean,
    private readonly coll: Collator,
    private readonly value: (j: number) => Mem | null,
  ) {}
  /** The best value of rows [s, e). */
  frame(s: number, e: number): Mem {
    for (; this.to < e; this.to++) {
      const v = this.value(this.to);
      if (v === null) continue;
      // drop candidates the new row beats or equals (the later of equal values wins)
      while (this.rows.length > this.head) {
        const c = memCompare(this.vals[this.vals.length - 1], v, this.coll);
        if (this.isMax ? c > 0 : c < 0) break;
        this.rows.pop();
        this.vals.pop();
      }
      this.rows.push(this.to);
      this.vals.push(v);
    }
    while (this.head < this.rows.length && this.rows[this.head] < s) this.head++;
    const out = new Mem();
    if (this.head < this.rows.length && this.rows[this.head] < e) {
      out.copyFrom(this.vals[this.head]);
    }
    return out;
  }
}

/** Every row's value of aggregate `f` over its frame. */
function aggregate(
  f: WindowFuncSpec,
  p: WindowPartition,
  frames: (row: number) => WindowFrame,
  rows: WindowRow[],
  ps: number,
  host: VmHost,
  lag: number,
): Mem[] {
  const impl = f.impl as VmAggregate;
  const coll = host.collator(f.collation);
  const ctx = host.funcContext;
  const nArg = f.nArg;
  const args = new Array<Mem>(nArg);
  const load = (j: number): boolean => {
    const vals = rows[ps + j].vals;
    if (f.filter >= 0 && truth(vals[f.filter]) !== 1) return false;
    for (let k = 0; k < nArg; k++) args[k] = vals[f.args[k]];
    return true;
  };
  const create = () => impl.create(coll, ctx) as WindowAggState;
  const result = (st: WindowAggState): Mem => {
    const m = new Mem();
    if (st.value !== undefined) st.value(m);
    else st.final(m);
    return m;
  };
  const stepRange = (st: WindowAggState, from: number, to: number) => {
    for (let j = from; j < to; j++) if (load(j)) st.step(args, nArg);
  };
  const out: Mem[] = [];
  const startFixed = f.frame.start === "unboundedPreceding";
  const inverseFirst = f.frame.start !== "following";
  // min()/max() over a frame that does not start at the partition: SQLite keeps the frame's
  // values in an ephemeral index and reads its last entry — of equal values the latest row
  const minMax = (f.name === "min" || f.name === "max") && nArg === 1 && !startFixed;
  let st: WindowAggState | null = null;
  let mm: MinMaxWindow | null = null;
  let stream = true;
  let from = 0;
  let to = 0;
  let prevStart = -1;
  let prevEnd = -1;
  let prev: Mem | null = null;
  for (let i = 0; i < p.size; i++) {
    const fr = frames(i);
    const s = fr.start;
    const e = fr.end;
    if (fr.exclude !== undefined || minMax) {
      // recompute over the frame minus the excluded rows
      const x = fr.exclude;
      if (minMax && x === undefined) {
        mm ??= new MinMaxWindow(f.name === "max", coll, (j) => {
          if (!load(j) || args[0].type === MemType.NULL) return null;
          return args[0];
        });
        out.push(mm.frame(s, e));
        continue;
      }
      const acc = create();
      for (let j = s; j < e; j++) {
        if (x !== undefined && j >= x.start && j < x.end && j !== x.keep) continue;
        if (load(j)) acc.step(args, nArg);
      }
      out.push(result(acc));
      continue;
    }
    if (s === prevStart && e === prevEnd && prev !== null) {
      const m = new Mem();
      m.copyFrom(prev);
      out.push(m);
      continue;
    }
    const fresh: WindowAggState | null = st === null ? create() : null;
    if (fresh !== null && !startFixed && fresh.inverse === undefined) stream = false;
    if (stream) {
      // the streaming path of window.c: rows enter as the frame's end passes them and leave
      // (xInverse) as its start does; the state is never reset within a partition
      // (in window.c's order: the rows that left the frame go before the new ones come in —
      // except for a frame starting FOLLOWING, whose end cursor runs ahead of its start)
      const cur: WindowAggState = st ?? fresh!;
      st = cur;
      if (!inverseFirst && e > to) {
        if (lag >= 0) {
          // interleaved: each step lets the row `lag` behind it leave (the one due at the last
          // step before the previous row was returned goes first)
          for (; from <= to - 1 - lag && from < s; from++) {
            if (load(from)) cur.inverse!(args, nArg);
          }
          for (; to < e; to++) {
            if (load(to)) cur.step(args, nArg);
            const k = to - lag;
            for (; from <= k && from < s; from++) if (load(from)) cur.inverse!(args, nArg);
          }
        } else {
          stepRange(cur, to, e);
          to = e;
        }
      }
      if (s > to) {
        // rows the frame jumped over still pass through the state, as window.c's cursors do
        stepRange(cur, to, s);
        to = s;
      }
      for (let j = from; j < s; j++) if (load(j)) cur.inverse!(args, nArg);
      from = Math.max(from, s);
      if (e > to) {
        stepRange(cur, to, e);
        to = e;
      }
    } else {
      // no xInverse (min/max): recompute the frame
      const cur: WindowAggState = fresh ?? create();
      st = cur;
      stepRange(cur, s, e);
    }
    prevStart = s;
    prevEnd = e;
    prev = s >= e ? result(create()) : result(st!);
    if (!stream) st = null;
    out.push(prev);
  }
  return out;
}
