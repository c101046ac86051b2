/**
 * Hash aggregation for GROUP BY — the groups of one aggregate query kept in a hash table keyed by
 * the group key, each group holding its own aggregate contexts and state registers.
 *
 * SQLite (select.c, "GROUP BY with a sorter") sorts every input row by the group key, then walks
 * the sorted rows, finalising a group when the key changes. The results of that plan are: one row
 * per distinct key (keys equal under the key's collation are one group), groups in ascending key
 * order, each group's rows stepped in input order. This module gives the same results without
 * storing rows: each input row finds (or creates) its group and steps that group's aggregates at
 * once; at the end the groups are sorted by their first key (ties: first appearance) and output.
 * The planner uses it only when that is indistinguishable from the sorter plan (built-in
 * aggregates whose step cannot fail, no DISTINCT/ORDER BY inside a call, BINARY/NOCASE/RTRIM keys).
 *
 * Owns: `GroupTable` and OP_GroupFind / OP_GroupSort / OP_GroupNext.
 * Never: evaluates expressions or steps aggregates itself — the program does that between
 * GroupFind and the next row; this only swaps one group's state in and out of the registers.
 * @module
 */

import { Mem, MemType } from "./mem.ts";
import { memCompare } from "./ops/value_ops.ts";
import { SorterStore } from "./sorter.ts";
import type { RowComparator } from "./vm_cursor.ts";
import type { VmAggState } from "./vm_types.ts";

/** Which registers hold one group's state (from the SorterOpen KeyInfo's `hashGroups`). */
export interface GroupRegs {
  /** Accumulator registers: their aggregate contexts (the VM's `aggs[reg]`) belong to the group. */
  readonly aggRegs: readonly number[];
  /** Registers whose values belong to the group (bare columns, min/max best values, flags). */
  readonly memRegs: readonly number[];
}

/** The key a collated value hashes under: equal exactly when the values compare equal. */
type HashKey = number | bigint | string | symbol;

/** One level of the key trie: a map per key column (BLOBs in their own map); leaves hold group numbers. */
interface Level {
  readonly m: Map<HashKey, Level | number>;
  blobs: Map<string, Level | number> | null;
}

const NULL_KEY = Symbol("NULL");
const TWO53 = 9007199254740992;
const TWO63 = 9223372036854775808;
const COLL_BINARY = 0;
const COLL_NOCASE = 1;
const COLL_RTRIM = 2;

/** Does a collation name have a hash form here (the planner's test for using a GroupTable)? */
export function hashableCollation(name: string | null): boolean {
  const n = (name ?? "BINARY").toUpperCase();
  return n === "BINARY" || n === "NOCASE" || n === "RTRIM";
}

/**
 * The hash form of a value under a collation (not BLOB). Integers and REALs that compare equal
 * map to the same number (or bigint beyond 2^53); NULL to one symbol; TEXT to itself, ASCII
 * case-folded for NOCASE, trailing spaces dropped for RTRIM. Hot: once per key column per row.
 */
function hashKey(m: Mem, coll: number): HashKey {
  switch (m.type) {
    case MemType.NULL:
      return NULL_KEY;
    case MemType.INT:
      return m.big === null ? m.n : m.big;
    case MemType.REAL: {
      const r = m.n;
      const a = r < 0 ? -r : r;
      if (a < TWO53 || a >= TWO63) return r === 0 ? 0 : r;
      return BigInt(r);
    }
    default: {
      const s = m.s;
      if (coll === COLL_BINARY) return s;
      if (coll === COLL_NOCASE) return foldAscii(s);
      let e = s.length;
      while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
      return e === s.length ? s : s.slice(0, e);
    }
  }
}

/** ASCII-only lower case (sqlite3StrICmp's fold). Warm. */
function foldAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.replace(/[A-Z]+/g, (x) => x.toLowerCase());
  }
  return s;
}

function blobKey(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

/**
 * The groups of one GROUP BY query. Created by OP_SorterOpen when its KeyInfo carries
 * `hashGroups`; lives on the sorter's VdbeCursor. Groups are numbered in order of first
 * appearance; each one's first key and saved registers sit column-packed in two SorterStores
 * and its aggregate contexts in one flat array, so a group costs no objects of its own beyond
 * its aggregate contexts and its hash entry.
 */
export class GroupTable {
  private readonly root: Level = { m: new Map(), blobs: null };
  private readonly colls: number[];
  /** First key of each group (row = group number; sorting it orders the groups). */
  private readonly keys: SorterStore;
  /** Saved `memRegs` of each group. */
  private readonly vals: SorterStore;
  /** Aggregate contexts: group g's j-th at g * aggRegs.length + j. */
  private states: (VmAggState | null)[] = [];
  /** The group whose state is live in the registers (-1: none). */
  private cur = -1;
  private pos = 0;
  private sorted = false;

  /** Ordered input (an index scan delivers each group's rows together): the live group's key. */
  private readonly curKey: Mem[] | null;

  constructor(
    private readonly nKey: number,
    collations: readonly (string | null)[],
    private readonly regs: GroupRegs,
    private readonly cmp: RowComparator,
    ordered = false,
  ) {
    this.colls = [];
    for (let i = 0; i < nKey; i++) {
      const n = (collations[i] ?? "BINARY").toUpperCase();
      this.colls.push(n === "NOCASE" ? COLL_NOCASE : n === "RTRIM" ? COLL_RTRIM : COLL_BINARY);
    }
    this.keys = new SorterStore(nKey);
    this.vals = new SorterStore(regs.memRegs.length, true);
    this.curKey = null;
    if (ordered) {
      this.curKey = [];
      for (let i = 0; i < nKey; i++) this.curKey.push(new Mem());
    }
  }

  /** Ordered input: is the key in regs[first..) the live group's (under the collations)? Hot. */
  private sameAsCurrent(vmRegs: Mem[], first: number): boolean {
    const key = this.curKey as Mem[];
    const colls = this.cmp.collators;
    for (let i = 0; i < this.nKey; i++) {
      if (memCompare(key[i], vmRegs[first + i], colls[i] ?? null) !== 0) return false;
    }
    return true;
  }

  /** Start group number `keys.count` for the key in regs[first..). Warm (once per group). */
  private create(vmRegs: Mem[], aggs: (VmAggState | null)[], first: number): number {
    const g = this.keys.count;
    this.keys.insert(vmRegs, first, this.nKey, g);
    this.vals.insert(vmRegs, 0, 0, g);
    const ar = this.regs.aggRegs;
    for (let j = 0; j < ar.length; j++) this.states.push(null);
    if (this.cur >= 0) this.save(vmRegs, aggs, this.cur);
    this.cur = g;
    for (let j = 0; j < ar.length; j++) aggs[ar[j]] = null;
    return g;
  }

  /**
   * OP_GroupFind: make the group of the key in regs[first..first+nKey) live. Returns true when
   * the group existed (its state is now in the registers); false for a new group, whose
   * aggregate contexts are cleared here and whose registers the program initialises next. Hot.
   */
  find(vmRegs: Mem[], aggs: (VmAggState | null)[], first: number): boolean {
    const curKey = this.curKey;
    if (curKey !== null) {
      // ordered input: a key change starts the next group, no hashing
      if (this.cur >= 0 && this.sameAsCurrent(vmRegs, first)) return true;
      this.create(vmRegs, aggs, first);
      for (let i = 0; i < this.nKey; i++) curKey[i].copyFrom(vmRegs[first + i]);
      return false;
    }
    let level = this.root;
    const last = this.nKey - 1;
    for (let i = 0;; i++) {
      const m = vmRegs[first + i];
      let map: Map<HashKey | string, Level | number>;
      let k: HashKey;
      if (m.type === MemType.BLOB) {
        if (level.blobs === null) level.blobs = new Map();
        map = level.blobs;
        k = blobKey(m.b);
      } else {
        map = level.m;
        k = hashKey(m, this.colls[i]);
      }
      const hit = map.get(k);
      if (i === last) {
        if (hit !== undefined) {
          const g = hit as number;
          if (g !== this.cur) {
            if (this.cur >= 0) this.save(vmRegs, aggs, this.cur);
            this.load(vmRegs, aggs, g);
          }
          return true;
        }
        map.set(k, this.create(vmRegs, aggs, first));
        return false;
      }
      if (hit !== undefined) level = hit as Level;
      else {
        const next: Level = { m: new Map(), blobs: null };
        map.set(k, next);
        level = next;
      }
    }
  }

  /**
   * OP_GroupSort: save the live group, sort the groups (first key under the collations, then
   * first appearance; kept in arrival order when the scan already delivered them grouped, P3)
   * and load the first. False when there are no groups. Cold (once).
   */
  sort(vmRegs: Mem[], aggs: (VmAggState | null)[], arrivalOrder: boolean): boolean {
    if (this.cur >= 0) this.save(vmRegs, aggs, this.cur);
    this.cur = -1;
    this.sorted = !arrivalOrder;
    if (this.sorted) this.keys.sort(this.cmp);
    this.pos = 0;
    if (this.keys.count === 0) return false;
    this.load(vmRegs, aggs, this.groupAt(0));
    return true;
  }

  /** OP_GroupNext: load the next group in sorted order; false after the last. Warm. */
  next(vmRegs: Mem[], aggs: (VmAggState | null)[]): boolean {
    this.pos++;
    if (this.pos >= this.keys.count) {
      this.cur = -1;
      return false;
    }
    this.load(vmRegs, aggs, this.groupAt(this.pos));
    return true;
  }

  private groupAt(pos: number): number {
    return this.sorted ? this.keys.rowAt(pos) : pos;
  }

  /** Registers → group `g`. Hot when consecutive rows change group. */
  private save(vmRegs: Mem[], aggs: (VmAggState | null)[], g: number): void {
    const ar = this.regs.aggRegs;
    const base = g * ar.length;
    for (let j = 0; j < ar.length; j++) this.states[base + j] = aggs[ar[j]];
    const mr = this.regs.memRegs;
    for (let j = 0; j < mr.length; j++) this.vals.set(g, j, vmRegs[mr[j]]);
  }

  /** Group `g` → registers. Hot when consecutive rows change group. */
  private load(vmRegs: Mem[], aggs: (VmAggState | null)[], g: number): void {
    const ar = this.regs.aggRegs;
    const base = g * ar.length;
    for (let j = 0; j < ar.length; j++) aggs[ar[j]] = this.states[base + j];
    const mr = this.regs.memRegs;
    for (let j = 0; j < mr.length; j++) this.vals.column(g, j, vmRegs[mr[j]]);
    this.cur = g;
  }
}
