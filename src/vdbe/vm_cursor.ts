/**
 * VM cursors — SQLite's VdbeCursor (vdbeInt.h): what an opcode's P1 cursor number refers to.
 *
 * Owns: one class covering the cursor kinds the VM needs — a b-tree cursor (table or index, with
 * the parsed-record-header cache OP_Column relies on), an ephemeral in-memory index/table
 * (OP_OpenEphemeral: DISTINCT sets, IN lists, materialised subqueries, compound SELECT), a sorter
 * (OP_SorterOpen: ORDER BY / GROUP BY) and a pseudo cursor (OP_OpenPseudo: one row held in a
 * register).
 * Never: interprets SQL, applies affinity, or writes pages except through `BtCursor`.
 *
 * Ephemeral rows are kept decoded (arrays of Mem) rather than as record bytes: they never reach
 * disk, and comparing decoded values is what sorting needs. Warm paths.
 * @module
 */

import type { BtCursor } from "../btree/types.ts";
import { Mem, MemType } from "./mem.ts";
import { RecordBuf, RecordHeader } from "./ops/record.ts";
import type { GroupTable } from "./group_table.ts";
import type { SorterStore } from "./sorter.ts";
import { type Collator, memCompare } from "./ops/value_ops.ts";

/** Cursor kinds. */
export const CursorKind = { BTREE: 0, EPHEMERAL: 1, SORTER: 2, PSEUDO: 3 } as const;
/** One of {@link CursorKind}. */
export type CursorKind = (typeof CursorKind)[keyof typeof CursorKind];

/** Comparator of decoded key rows (KeyInfo resolved to collators). */
export interface RowComparator {
  nKey: number;
  collators: Collator[];
  desc: boolean[];
  /** 0 default, 1 NULLS FIRST, 2 NULLS LAST per key column. */
  nulls: number[];
  /** Sorter: equal keys in reverse insertion order. */
  tiesReversed?: boolean;
}

/** Compare two decoded rows on the first `nKey` fields (or fewer when a row is a prefix). Hot. */
export function compareRows(a: Mem[], b: Mem[], cmp: RowComparator, n = cmp.nKey): number {
  const len = Math.min(n, a.length, b.length);
  for (let i = 0; i < len; i++) {
    const x = a[i];
    const y = b[i];
    let c: number;
    const nl = cmp.nulls[i] ?? 0;
    if (nl !== 0 && (x.type === MemType.NULL || y.type === MemType.NULL)) {
      if (x.type === y.type) continue;
      // explicit NULLS FIRST/LAST are independent of DESC
      c = x.type === MemType.NULL ? -1 : 1;
      if (nl === 2) c = -c;
      return c;
    }
    c = memCompare(x, y, cmp.collators[i] ?? null);
    if (c !== 0) return cmp.desc[i] ? -c : c;
  }
  return 0;
}

/** One row of an ephemeral table/index or sorter. */
export interface EphRow {
  rowid: number;
  vals: Mem[];
}

/** A VM cursor. One class for every kind keeps the opcode code paths monomorphic. */
export class VdbeCursor {
  /** Which kind of cursor this is. */
  kind: CursorKind;
  /** The b-tree cursor (BTREE kind). */
  bt: BtCursor | null = null;
  /** Scratch for the seek keys built from registers (SeekGE/…, Found): one per cursor, reused. */
  readonly keyBuf = new RecordBuf();
  /** The closed b-tree cursor of an earlier run, offered for reopening by the next OpenRead. */
  spareBt: BtCursor | null = null;
  /** Table (rowid) tree vs index tree. */
  isTable = true;
  /** Parsed header of the current row's record (BTREE kind). */
  readonly hdr = new RecordHeader();
  /** True when `hdr` matches the current row. */
  hdrValid = false;
  /** After OP_NullRow: every column reads NULL. */
  nullRow = false;
  /** True when not positioned on a row. */
  eof = true;
  /** Number of fields in records of this cursor. */
  nField: number;
  /** Ephemeral/sorter rows. */
  rows: EphRow[] = [];
  /** Position in `rows`. */
  pos = -1;
  /** Key comparator for ephemeral indexes and sorters (null = unordered table). */
  cmp: RowComparator | null;
  /** Sequence counter (OP_Sequence, ephemeral rowids). */
  seq = 0;
  /** Next rowid for ephemeral tables. */
  nextRowid = 1;
  /** Pseudo cursor: register holding the row. */
  pseudoReg = 0;
  /** Deferred seek target (OP_DeferredSeek): index cursor whose rowid positions this table. */
  deferredFrom: VdbeCursor | null = null;
  /** Last seek result for a b-tree (for Found/NotFound reuse). */
  seekResult = 0;
  /** Sorter: rows since last sort. */
  sorted = false;
  /** Sorter: only the first `limit` rows in sort order are ever needed (0 = all). */
  limit = 0;
  /** Sorter with a limit: the k-th smallest row seen at the last trim (later rows past it are dropped). */
  threshold: Mem[] | null = null;
  /** Sorter fed in key order already (GROUP BY over an index scan): never sorted. */
  presorted = false;
  /** Ephemeral index filled in bulk (automatic index): rows appended, sorted on first read. */
  bulk = false;
  /** Bulk rows appended since the last sort. */
  dirty = false;
  /** Grouping sorter: rows bucketed by a canonical key (null when sorting instead). */
  buckets: Map<string, EphRow[]> | null = null;
  /** Hash-aggregating GROUP BY sorter: its groups (null otherwise). */
  groups: GroupTable | null = null;
  /** Sorter that sorts: its column-packed rows (null otherwise; `rows` unused then). */
  store: SorterStore | null = null;

  constructor(kind: CursorKind, nField: number, cmp: RowComparator | null) {
    this.kind = kind;
    this.nField = nField;
    this.cmp = cmp;
  }

  /** Make a closed cursor object ready for reuse (avoids reallocating the header cache). */
  reinit(kind: CursorKind, nField: number, cmp: RowComparator | null): this {
    this.kind = kind;
    this.nField = nField;
    this.cmp = cmp;
    this.bt = null;
    this.isTable = true;
    this.hdrValid = false;
    this.nullRow = false;
    this.eof = true;
    this.rows = [];
    this.pos = -1;
    this.seq = 0;
    this.nextRowid = 1;
    this.pseudoReg = 0;
    this.deferredFrom = null;
    this.seekResult = 0;
    this.sorted = false;
    this.limit = 0;
    this.threshold = null;
    this.buckets = null;
    this.groups = null;
    this.store = null;
    this.bulk = false;
    this.dirty = false;
    this.presorted = false;
    return this;
  }

  /** Current ephemeral row (EPHEMERAL/SORTER). */
  get row(): EphRow {
    return this.rows[this.pos];
  }

  /**
   * Binary search for the first row whose key is >= `key` (on `n` fields). Returns the index;
   * `exact` tells whether that row equals the key on those fields.
   */
  lowerBound(key: Mem[], n: number): number {
    const cmp = this.cmp as RowComparator;
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRows(this.rows[mid].vals, key, cmp, n) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First row whose key is > `key` on `n` fields. */
  upperBound(key: Mem[], n: number): number {
    const cmp = this.cmp as RowComparator;
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRows(this.rows[mid].vals, key, cmp, n) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Insert a decoded row into an ephemeral index (kept sorted; an exactly equal key on every
   * field overwrites the stored row, as a b-tree overwrites an equal key).
   */
  insertSorted(vals: Mem[]): void {
    const cmp = this.cmp as RowComparator;
    const at = this.lowerBound(vals, vals.length);
    if (
      at < this.rows.length && this.rows[at].vals.length === vals.length &&
      compareRows(this.rows[at].vals, vals, cmp, vals.length) === 0
    ) {
      // a b-tree overwrites an equal key: the newer row wins (UNION keeps the later arm's value)
      this.rows[at].vals = vals;
      return;
    }
    this.rows.splice(at, 0, { rowid: 0, vals });
  }

  /** Close, releasing the b-tree cursor. */
  close(): void {
    if (this.bt !== null) {
      this.bt.close();
      this.spareBt = this.bt;
      this.bt = null;
    }
    this.rows = [];
    this.groups = null;
    this.store = null;
  }
}

/** Snapshot registers regs[first..first+n) into fresh Mems (ephemeral inserts). Warm. */
export function snapshot(regs: Mem[], first: number, n: number): Mem[] {
  const out = new Array<Mem>(n);
  for (let i = 0; i < n; i++) {
    const m = new Mem();
    m.copyFrom(regs[first + i]);
    out[i] = m;
  }
  return out;
}
