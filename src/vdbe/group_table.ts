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
import { compareRows, type RowComparator } from "./vm_cursor.ts";
import type { VmAggState } from "./vm_types.ts";

/** Which registers hold one group's state (from the SorterOpen KeyInfo's `hashGroups`). */
export interface GroupRegs {
  /** Accumulator registers: their aggregate contexts (the VM's `aggs[reg]`) belong to the group. */
  readonly aggRegs: readonly number[];
  /** Registers whose values belong to the group (bare columns, min/max best values, flags). */
  readonly memRegs: readonly number[];
}

/** One group: its first key, its first appearance, its aggregate contexts and saved registers. */
interface Group {
  readonly key: Mem[];
  readonly seq: number;
  readonly aggs: (VmAggState | null)[];
  readonly mems: Mem[];
}

/** The key a collated value hashes under: equal exactly when the values compare equal. */
type HashKey = number | bigint | string | symbol;

/** One level of the key trie: a map per key column (BLOBs in their own map, by hex). */
interface Level {
  readonly m: Map<HashKey, Level | Group>;
  blobs: Map<string, Level | Group> | null;
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
 * `hashGroups`; lives on the sorter's VdbeCursor.
 */
export class GroupTable {
  private readonly root: Level = { m: new Map(), blobs: null };
  private readonly colls: number[];
  private groups: Group[] = [];
  /** The group whose state is live in the registers (null: none). */
  private cur: Group | null = null;
  private pos = 0;

  constructor(
    private readonly nKey: number,
    collations: readonly (string | null)[],
    private readonly regs: GroupRegs,
    private readonly cmp: RowComparator,
  ) {
    this.colls = [];
    for (let i = 0; i < nKey; i++) {
      const n = (collations[i] ?? "BINARY").toUpperCase();
      this.colls.push(n === "NOCASE" ? COLL_NOCASE : n === "RTRIM" ? COLL_RTRIM : COLL_BINARY);
    }
  }

  /**
   * OP_GroupFind: make the group of the key in regs[first..first+nKey) live. Returns true when
   * the group existed (its state is now in the registers); false for a new group, whose
   * aggregate contexts are cleared here and whose registers the program initialises next. Hot.
   */
  find(vmRegs: Mem[], aggs: (VmAggState | null)[], first: number): boolean {
    let level = this.root;
    const last = this.nKey - 1;
    for (let i = 0;; i++) {
      const m = vmRegs[first + i];
      let map: Map<HashKey | string, Level | Group>;
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
          const g = hit as Group;
          if (g !== this.cur) {
            if (this.cur !== null) this.save(vmRegs, aggs, this.cur);
            this.load(vmRegs, aggs, g);
          }
          return true;
        }
        const g = this.create(vmRegs, first);
        map.set(k, g);
        if (this.cur !== null) this.save(vmRegs, aggs, this.cur);
        this.cur = g;
        const ar = this.regs.aggRegs;
        for (let j = 0; j < ar.length; j++) aggs[ar[j]] = null;
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
    if (this.cur !== null) this.save(vmRegs, aggs, this.cur);
    this.cur = null;
    const cmp = this.cmp;
    if (!arrivalOrder) this.groups.sort((a, b) => compareRows(a.key, b.key, cmp) || a.seq - b.seq);
    this.pos = 0;
    if (this.groups.length === 0) return false;
    this.load(vmRegs, aggs, this.groups[0]);
    return true;
  }

  /** OP_GroupNext: load the next group in sorted order; false after the last. Warm. */
  next(vmRegs: Mem[], aggs: (VmAggState | null)[]): boolean {
    this.pos++;
    if (this.pos >= this.groups.length) {
      this.groups = [];
      this.cur = null;
      return false;
    }
    this.load(vmRegs, aggs, this.groups[this.pos]);
    return true;
  }

  private create(vmRegs: Mem[], first: number): Group {
    const key: Mem[] = [];
    for (let i = 0; i < this.nKey; i++) {
      const m = new Mem();
      m.copyFrom(vmRegs[first + i]);
      key.push(m);
    }
    const mems: Mem[] = [];
    for (let j = 0; j < this.regs.memRegs.length; j++) mems.push(new Mem());
    const g: Group = {
      key,
      seq: this.groups.length,
      aggs: new Array<VmAggState | null>(this.regs.aggRegs.length).fill(null),
      mems,
    };
    this.groups.push(g);
    return g;
  }

  /** Registers → group. Hot when consecutive rows change group. */
  private save(vmRegs: Mem[], aggs: (VmAggState | null)[], g: Group): void {
    const ar = this.regs.aggRegs;
    for (let j = 0; j < ar.length; j++) g.aggs[j] = aggs[ar[j]];
    const mr = this.regs.memRegs;
    for (let j = 0; j < mr.length; j++) g.mems[j].copyFrom(vmRegs[mr[j]]);
  }

  /** Group → registers. Hot when consecutive rows change group. */
  private load(vmRegs: Mem[], aggs: (VmAggState | null)[], g: Group): void {
    const ar = this.regs.aggRegs;
    for (let j = 0; j < ar.length; j++) aggs[ar[j]] = g.aggs[j];
    const mr = this.regs.memRegs;
    for (let j = 0; j < mr.length; j++) vmRegs[mr[j]].copyFrom(g.mems[j]);
    this.cur = g;
  }
}
