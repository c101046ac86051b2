/**
 * The sorter's row store — SQLite's VdbeSorter (vdbesort.c) for ORDER BY and the other sorters
 * that really sort (aggregate ORDER BY, GROUP BY that cannot hash): rows are appended in
 * insertion order, sorted once by the key columns, then read back in order.
 *
 * vdbesort.c keeps packed records and sorts a list of them with a record comparator. Here the
 * rows are kept column-packed instead: one type tag, one number and one reference (TEXT, BLOB or
 * a bigint INTEGER) per field in flat growable arrays, so appending a row allocates nothing per
 * row (vdbesort.c's in-memory PMA without the record encoding), and sorting is a sort of row
 * numbers with a comparator that reads the arrays. Equal keys keep insertion order, or the
 * reverse for a sorter without a sequence column (KeyInfo.tiesReversed), exactly as before.
 * Sort order is SQLite's (sqlite3MemCompare under each key column's collation, DESC, NULLS
 * FIRST/LAST).
 *
 * Owns: `SorterStore` (append, sort, read a field, keep only the first k rows for ORDER BY …
 * LIMIT). Never: spills to disk (rows live in memory, as before), interprets SQL, or keeps a
 * reference to a caller's register.
 * @module
 */

import { Mem, MemType } from "./mem.ts";
import { binaryCompare, memCompare } from "./ops/value_ops.ts";
import type { RowComparator } from "./vm_cursor.ts";

const NULL = MemType.NULL;
const REAL = MemType.REAL;
const TEXT = MemType.TEXT;

const scratchA = new Mem();
const scratchB = new Mem();

/**
 * Rows of one sorter, column-packed (see the module comment). Hot: `insert` once per input row,
 * the comparator O(n log n) times, `column` once per output field.
 */
export class SorterStore {
  /** Rows stored. */
  count = 0;
  private cap: number;
  private tags: Uint8Array;
  private subs: Uint8Array;
  private nums: Float64Array;
  private refs: (string | Uint8Array | bigint | undefined)[];
  /** Insertion sequence of each row (ties keep it; survives the LIMIT trim). */
  private seqs: Float64Array;
  /** Row numbers in sorted order (null: insertion order). */
  private order: Int32Array | null = null;

  /**
   * `keepSubtypes`: an aggregate's ORDER BY table keeps argument subtypes (select.c bUseSubtype,
   * so `json_group_array(json(x) ORDER BY y)` still nests JSON); other sorters store records,
   * which carry no subtype, so their values come back without one. `uniqueLast`: of rows with
   * equal keys only the last inserted survives the sort (KeyInfo.uniqueLast).
   */
  constructor(
    readonly nField: number,
    private readonly keepSubtypes = false,
    private readonly uniqueLast = false,
  ) {
    this.cap = 16;
    const n = this.cap * nField;
    this.tags = new Uint8Array(n);
    this.subs = new Uint8Array(n);
    this.nums = new Float64Array(n);
    this.refs = new Array(n);
    this.seqs = new Float64Array(this.cap);
  }

  /** Drop every row (OP_ResetSorter). Cold. */
  clear(): void {
    this.count = 0;
    this.order = null;
    this.refs.fill(undefined);
  }

  private grow(): void {
    const cap = this.cap * 2;
    const n = cap * this.nField;
    const tags = new Uint8Array(n);
    tags.set(this.tags);
    const subs = new Uint8Array(n);
    subs.set(this.subs);
    const nums = new Float64Array(n);
    nums.set(this.nums);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    this.tags = tags;
    this.subs = subs;
    this.nums = nums;
    this.seqs = seqs;
    this.refs.length = n;
    this.cap = cap;
  }

  /** Append regs[first..first+n) as a row with sequence `seq` (missing fields NULL). Hot. */
  insert(regs: Mem[], first: number, n: number, seq: number): void {
    if (this.count === this.cap) this.grow();
    const nf = this.nField;
    const base = this.count * nf;
    for (let j = 0; j < nf; j++) {
      if (j < n) this.write(base + j, regs[first + j]);
      else {
        this.tags[base + j] = NULL;
        this.subs[base + j] = 0;
        this.refs[base + j] = undefined;
      }
    }
    this.seqs[this.count] = seq;
    this.count++;
    this.order = null;
  }

  /** Overwrite field `i` of stored row `row` with `m` (the group table's saved registers). Hot. */
  set(row: number, i: number, m: Mem): void {
    this.write(row * this.nField + i, m);
  }

  /** Store `m` in slot `k`. Hot. */
  private write(k: number, m: Mem): void {
    const t = m.type;
    this.tags[k] = t;
    this.subs[k] = this.keepSubtypes ? m.subtype : 0;
    switch (t) {
      case MemType.INT:
        this.nums[k] = m.n;
        this.refs[k] = m.big === null ? undefined : m.big;
        break;
      case MemType.REAL:
        this.nums[k] = m.n;
        this.refs[k] = undefined;
        break;
      case MemType.TEXT:
        this.refs[k] = m.s;
        break;
      case MemType.BLOB:
        this.refs[k] = m.b;
        break;
      default:
        this.refs[k] = undefined;
    }
  }

  /** The stored row at output position `pos` (through the sort order). Hot. */
  rowAt(pos: number): number {
    return this.order === null ? pos : this.order[pos];
  }

  /** Field `i` of stored row `row` into `out`. Hot. */
  column(row: number, i: number, out: Mem): void {
    if (i >= this.nField) {
      out.setNull();
      return;
    }
    const k = row * this.nField + i;
    switch (this.tags[k]) {
      case MemType.NULL:
        out.setNull();
        break;
      case MemType.INT: {
        const r = this.refs[k];
        if (r === undefined) out.setInt(this.nums[k]);
        else out.setBigInt(r as bigint);
        break;
      }
      case MemType.REAL:
        out.setReal(this.nums[k]);
        break;
      case MemType.TEXT:
        out.setText(this.refs[k] as string);
        break;
      default:
        out.setBlob(this.refs[k] as Uint8Array);
    }
    if (this.keepSubtypes) out.subtype = this.subs[k];
  }

  /** Load field `i` of row `row` into a Mem (the slow comparison path). Warm. */
  private load(row: number, i: number, out: Mem): void {
    this.column(row, i, out);
  }

  /** Sort the rows by the key columns under `cmp` (ties by sequence). Cold: once per pass. */
  sort(cmp: RowComparator): void {
    const n = this.count;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const nf = this.nField;
    const nKey = Math.min(cmp.nKey, nf);
    const tags = this.tags;
    const nums = this.nums;
    const refs = this.refs;
    const seqs = this.seqs;
    const collators = cmp.collators;
    const desc = cmp.desc;
    const nulls = cmp.nulls;
    const reversed = cmp.tiesReversed === true;
    // the comparator of vm_cursor.ts compareRows over packed fields; hot
    const keyCompare = (a: number, b: number): number => {
      let ka = a * nf;
      let kb = b * nf;
      for (let i = 0; i < nKey; i++, ka++, kb++) {
        const ta = tags[ka];
        const tb = tags[kb];
        let c: number;
        if (ta === NULL || tb === NULL) {
          if (ta === tb) continue;
          c = ta === NULL ? -1 : 1;
          const nl = nulls[i] ?? 0;
          if (nl !== 0) return nl === 2 ? -c : c; // explicit NULLS FIRST/LAST ignore DESC
        } else if (ta <= REAL && tb <= REAL && refs[ka] === undefined && refs[kb] === undefined) {
          // safe integers and doubles compare exactly as doubles
          const x = nums[ka];
          const y = nums[kb];
          c = x < y ? -1 : x > y ? 1 : 0;
        } else if (ta === TEXT && tb === TEXT && (collators[i] ?? null) === null) {
          c = binaryCompare(refs[ka] as string, refs[kb] as string);
        } else {
          this.load(a, i, scratchA);
          this.load(b, i, scratchB);
          c = memCompare(scratchA, scratchB, collators[i] ?? null);
        }
        if (c !== 0) return desc[i] ? -c : c;
      }
      return 0;
    };
    order.sort((a, b) => keyCompare(a, b) || (reversed ? seqs[b] - seqs[a] : seqs[a] - seqs[b]));
    if (this.uniqueLast) {
      // ties sort by sequence: the last row of each run of equal keys is the newest
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (i + 1 === n || keyCompare(order[i], order[i + 1]) !== 0) order[k++] = order[i];
      }
      this.compact(order, k);
      return;
    }
    this.order = order;
  }

  /**
   * ORDER BY … LIMIT k: sort, keep only the first `k` rows (compacted in sorted order, their
   * sequences kept) and return the last kept row's key fields as fresh Mems (the threshold
   * later rows are compared against). Warm: once per 2k+64 inserted rows.
   */
  trim(cmp: RowComparator, k: number): Mem[] {
    this.sort(cmp);
    if (this.order !== null) this.compact(this.order, k);
    const nf = this.nField;
    const last: Mem[] = [];
    for (let j = 0; j < nf; j++) {
      const m = new Mem();
      this.column(k - 1, j, m);
      last.push(m);
    }
    return last;
  }

  /** Keep only rows rows[0..k), in that order, as rows 0..k-1 (sequences kept). Warm. */
  private compact(rows: Int32Array, k: number): void {
    const nf = this.nField;
    const tags = new Uint8Array(this.cap * nf);
    const subs = new Uint8Array(this.cap * nf);
    const nums = new Float64Array(this.cap * nf);
    const refs: (string | Uint8Array | bigint | undefined)[] = new Array(this.cap * nf);
    const seqs = new Float64Array(this.cap);
    for (let r = 0; r < k; r++) {
      const src = rows[r];
      const from = src * nf;
      const to = r * nf;
      for (let j = 0; j < nf; j++) {
        tags[to + j] = this.tags[from + j];
        subs[to + j] = this.subs[from + j];
        nums[to + j] = this.nums[from + j];
        refs[to + j] = this.refs[from + j];
      }
      seqs[r] = this.seqs[src];
    }
    this.tags = tags;
    this.subs = subs;
    this.nums = nums;
    this.refs = refs;
    this.seqs = seqs;
    this.count = k;
    this.order = null;
  }
}
