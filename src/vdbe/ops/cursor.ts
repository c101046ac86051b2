/**
 * Cursor opcodes (vdbe.c OP_OpenRead … OP_IdxLT, OP_Column, OP_Rowid, OP_Sorter*): moving VM
 * cursors over b-trees, ephemeral tables and sorters, and reading columns out of the current row.
 *
 * Owns: the per-kind behaviour behind the VM's cursor instructions; the VM's switch calls these.
 * Never: decides what to scan (that is the planner), applies affinity, or allocates per row on
 * b-tree scans beyond decoded TEXT/BLOB values.
 * Hot: `column`, `next`, `rowid`, seeks.
 * @module
 */

import type { KeyInfo as BtKeyInfo } from "../../btree/types.ts";
import { SqliteError } from "../../error.ts";
import type { CursorSpec, KeyInfo, P4 } from "../../planner/program.ts";
import { Mem, MemType } from "../mem.ts";
import {
  compareRows,
  CursorKind,
  type EphRow,
  type RowComparator,
  snapshot,
  VdbeCursor,
} from "../vm_cursor.ts";
import type { VmHost } from "../vm_types.ts";
import { fillProbe } from "./record.ts";
import { GroupTable } from "../group_table.ts";
import { SorterStore } from "../sorter.ts";
import type { Collator } from "./value_ops.ts";
import { applyAffinity, intValue, textToNumeric } from "./value_ops.ts";
import { Affinity } from "../../planner/program.ts";

/** Build the VM-side comparator for a KeyInfo. Cold (once per open). */
export function rowComparator(ki: KeyInfo | null, host: VmHost, nField: number): RowComparator {
  const collators: Collator[] = [];
  const desc: boolean[] = [];
  const nulls: number[] = [];
  const n = ki === null ? nField : ki.nKey;
  for (let i = 0; i < (ki === null ? nField : Math.max(ki.collations.length, n)); i++) {
    collators.push(ki === null ? null : host.collator(ki.collations[i] ?? null));
    desc.push(ki === null ? false : ki.desc[i] ?? false);
    nulls.push(ki === null || ki.nulls === undefined ? 0 : ki.nulls[i] ?? 0);
  }
  return { nKey: n, collators, desc, nulls, tiesReversed: ki?.tiesReversed ?? false };
}

/** The b-tree form of a KeyInfo. */
export function btKeyInfo(ki: KeyInfo | null, host: VmHost): BtKeyInfo | undefined {
  if (ki === null) return undefined;
  return {
    collations: ki.collations.map((c) => host.collator(c)),
    desc: ki.desc.slice(),
  };
}

const cmpCache = new WeakMap<CursorSpec, RowComparator>();
const btKeyCache = new WeakMap<CursorSpec, BtKeyInfo | undefined>();

/** OP_OpenRead / OP_OpenWrite. */
export function openBtree(
  host: VmHost,
  spec: CursorSpec,
  root: number,
  write: boolean,
  reuse: VdbeCursor | null = null,
): VdbeCursor {
  const c = reuse !== null
    ? reuse.reinit(CursorKind.BTREE, spec.nField, null)
    : new VdbeCursor(CursorKind.BTREE, spec.nField, null);
  c.isTable = spec.kind === "table";
  const ki = spec.keyInfo;
  let bki: BtKeyInfo | undefined = undefined;
  if (!c.isTable) {
    if (btKeyCache.has(spec)) bki = btKeyCache.get(spec);
    else {
      bki = btKeyInfo(ki, host);
      btKeyCache.set(spec, bki);
    }
  }
  c.bt = host.openCursor(root, write, bki ?? null, c.spareBt, spec.kind);
  c.spareBt = null;
  c.hdr.enc = host.textEncoding?.() ?? 1;
  if (!c.isTable) {
    let cmp = cmpCache.get(spec);
    if (cmp === undefined) {
      cmp = rowComparator(ki, host, spec.nField);
      cmpCache.set(spec, cmp);
    }
    c.cmp = cmp;
  }
  return c;
}

/** OP_OpenEphemeral (index when keyInfo given, else rowid table). */
export function openEphemeral(host: VmHost, spec: CursorSpec): VdbeCursor {
  const isIndex = spec.kind === "index";
  const c = new VdbeCursor(
    CursorKind.EPHEMERAL,
    spec.nField,
    isIndex ? rowComparator(spec.keyInfo, host, spec.nField) : null,
  );
  c.isTable = !isIndex;
  return c;
}

/** OP_SorterOpen. */
export function openSorter(host: VmHost, spec: CursorSpec): VdbeCursor {
  const c = new VdbeCursor(
    CursorKind.SORTER,
    spec.nField,
    rowComparator(spec.keyInfo, host, spec.nField),
  );
  c.isTable = false;
  const ki = spec.keyInfo;
  if (ki !== null && ki.hashGroups !== undefined) {
    c.groups = new GroupTable(
      ki.nKey,
      ki.collations,
      ki.hashGroups,
      c.cmp as RowComparator,
      ki.presorted === true,
    );
  } else if (ki !== null && ki.presorted === true) c.presorted = true;
  else if (ki !== null && ki.grouping === true && ki.collations.every(hashableCollation)) {
    c.buckets = new Map();
    bucketColls.set(c, ki.collations.map((n) => (n ?? "BINARY").toUpperCase()));
  }
  // a sorter that really sorts keeps its rows column-packed (sorter.ts); an aggregate's
  // ORDER BY table ("agg-order") keeps argument subtypes as select.c's bUseSubtype does
  if (!c.presorted && c.buckets === null && c.groups === null) {
    c.store = new SorterStore(
      spec.nField,
      spec.name === "agg-order",
      ki !== null && ki.uniqueLast === true,
    );
  }
  return c;
}

/** Rows held by an ephemeral cursor or sorter. Hot. */
function rowCount(c: VdbeCursor): number {
  return c.store !== null ? c.store.count : c.rows.length;
}

const bucketColls = new WeakMap<VdbeCursor, string[]>();

function hashableCollation(name: string | null): boolean {
  const n = (name ?? "BINARY").toUpperCase();
  return n === "BINARY" || n === "NOCASE" || n === "RTRIM";
}

const hex = (b: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
  return s;
};

/**
 * A string equal for two key rows exactly when they compare equal under the collations
 * (numbers by value, so 2 and 2.0 and -0.0/0 agree; NOCASE folds ASCII; RTRIM drops trailing
 * spaces). Warm: once per grouped row.
 */
function groupKey(vals: Mem[], n: number, colls: string[]): string {
  let k = "";
  for (let i = 0; i < n; i++) {
    const m = vals[i];
    switch (m.type) {
      case MemType.NULL:
        k += "z|";
        break;
      case MemType.INT:
        k += "n" + (m.big === null ? String(m.n) : String(m.big)) + "|";
        break;
      case MemType.REAL: {
        const r = m.n;
        if (Number.isInteger(r) && Math.abs(r) >= 9007199254740992 && Math.abs(r) < 1e19) {
          k += "n" + BigInt(r).toString() + "|";
        } else k += "n" + String(r === 0 ? 0 : r) + "|";
        break;
      }
      case MemType.TEXT: {
        let s = m.s;
        const coll = colls[i] ?? "BINARY";
        if (coll === "NOCASE") s = s.replace(/[A-Z]+/g, (x) => x.toLowerCase());
        else if (coll === "RTRIM") s = s.replace(/ +$/, "");
        k += "t" + s.length + ":" + s + "|";
        break;
      }
      default:
        k += "b" + hex(m.b) + "|";
    }
  }
  return k;
}

/** Invalidate the row cache after a move. Hot. */
function moved(c: VdbeCursor, ok: boolean): boolean {
  c.hdrValid = false;
  c.nullRow = false;
  c.eof = !ok;
  c.deferredFrom = null;
  return ok;
}

/** A bulk-filled ephemeral index sorts itself before the first read. */
function ensureSorted(c: VdbeCursor): void {
  if (c.dirty) {
    const cmp = c.cmp as RowComparator;
    c.rows.sort((a, b) => compareRows(a.vals, b.vals, cmp, a.vals.length));
    c.dirty = false;
  }
}

/** OP_Rewind: true when positioned on a first row. */
export function rewind(c: VdbeCursor): boolean {
  if (c.kind === CursorKind.BTREE) return moved(c, c.bt!.first());
  if (c.kind === CursorKind.SORTER && !c.sorted) sortRows(c);
  ensureSorted(c);
  c.pos = 0;
  return moved(c, rowCount(c) > 0);
}

/** OP_Last. */
export function last(c: VdbeCursor): boolean {
  if (c.kind === CursorKind.BTREE) return moved(c, c.bt!.last());
  c.pos = rowCount(c) - 1;
  return moved(c, rowCount(c) > 0);
}

/** OP_Next: true when positioned on another row. Hot. */
export function next(c: VdbeCursor): boolean {
  if (c.kind === CursorKind.BTREE) {
    c.hdrValid = false;
    c.deferredFrom = null;
    const ok = c.bt!.next();
    c.eof = !ok;
    return ok;
  }
  c.pos++;
  return moved(c, c.pos < rowCount(c));
}

/** OP_Prev. */
export function prev(c: VdbeCursor): boolean {
  if (c.kind === CursorKind.BTREE) return moved(c, c.bt!.prev());
  c.pos--;
  return moved(c, c.pos >= 0);
}

function sortRows(c: VdbeCursor): void {
  const cmp = c.cmp as RowComparator;
  if (c.store !== null) {
    c.store.sort(cmp);
    c.sorted = true;
    return;
  }
  if (cmp.tiesReversed) {
    c.rows.sort((a, b) => compareRows(a.vals, b.vals, cmp) || b.rowid - a.rowid);
  } else c.rows.sort((a, b) => compareRows(a.vals, b.vals, cmp) || a.rowid - b.rowid);
  c.sorted = true;
}

/** OP_SorterSort: sort and rewind. */
export function sorterSort(c: VdbeCursor): boolean {
  if (c.presorted) {
    c.pos = 0;
    return moved(c, rowCount(c) > 0);
  }
  if (c.buckets !== null) {
    // groups in key order (their first rows sorted), rows of a group in insertion order
    const groups = [...c.buckets.values()];
    const cmp = c.cmp as RowComparator;
    groups.sort((a, b) => compareRows(a[0].vals, b[0].vals, cmp) || a[0].rowid - b[0].rowid);
    const rows: EphRow[] = [];
    for (const g of groups) for (const r of g) rows.push(r);
    c.rows = rows;
    c.buckets = new Map();
    c.sorted = true;
    c.pos = 0;
    return moved(c, rowCount(c) > 0);
  }
  sortRows(c);
  c.pos = 0;
  return moved(c, rowCount(c) > 0);
}

/** Make sure a table cursor whose seek was deferred (OP_DeferredSeek) is on its row. Hot. */
function finishDeferred(c: VdbeCursor, scratch: Mem): void {
  const from = c.deferredFrom as VdbeCursor;
  c.deferredFrom = null;
  idxRowid(from, scratch);
  const r = c.bt!.seekRowid(scratch.big === null ? scratch.n : scratch.big);
  c.hdrValid = false;
  c.eof = r !== 0;
  if (r !== 0) throw new SqliteError("database disk image is malformed", "SQLITE_CORRUPT");
}

const scratchMem = new Mem();

/** OP_Column: column `i` of the current row into `out`. Hot. */
export function column(
  c: VdbeCursor,
  i: number,
  out: Mem,
  regs: Mem[],
  dflt: P4 = null,
  aff = 0,
): void {
  if (c.nullRow || c.eof) {
    out.setNull();
    return;
  }
  switch (c.kind) {
    case CursorKind.BTREE: {
      if (c.deferredFrom !== null) finishDeferred(c, scratchMem);
      if (!c.hdrValid) {
        const p = c.bt!.payload();
        c.hdr.parse(p.data, p.offset, p.length);
        c.hdrValid = true;
      }
      if (i >= c.hdr.nField && dflt !== null) {
        setColumnDefault(dflt, aff, out);
        return;
      }
      c.hdr.column(i, out);
      return;
    }
    case CursorKind.PSEUDO: {
      const rec = regs[c.pseudoReg];
      if (rec.type !== MemType.BLOB) {
        out.setNull();
        return;
      }
      c.hdr.parse(rec.b, 0, rec.b.length);
      c.hdr.column(i, out);
      return;
    }
    default: {
      if (c.store !== null) {
        c.store.column(c.store.rowAt(c.pos), i, out);
        return;
      }
      const vals = c.rows[c.pos].vals;
      if (i < vals.length) out.copyFrom(vals[i]);
      else out.setNull();
    }
  }
}

/**
 * A field past the end of a short record (a row written before ALTER TABLE ADD COLUMN): the
 * column's DEFAULT from OP_Column's P4, with the column affinity in P5's low byte
 * (sqlite3ColumnDefault). P5 bit 0x100 (a `-` over a non-literal, valueFromExpr's TK_UMINUS
 * branch) numerifies the value, bit 0x200 then negates it, and the affinity is applied again.
 * Cold.
 */
export function setColumnDefault(dflt: P4, p5: number, out: Mem): void {
  switch (dflt!.kind) {
    case "int64":
      out.setBigInt(dflt.value);
      break;
    case "real":
      out.setReal(dflt.value);
      break;
    case "text":
      out.setText(dflt.value);
      break;
    case "blob":
      out.setBlob(dflt.value);
      break;
    default:
      out.setNull();
      return;
  }
  const aff = p5 & 0xff;
  if (aff !== 0) applyAffinity(out, aff);
  if ((p5 & 0x100) === 0) return;
  // sqlite3VdbeMemNumerify: text (or a blob's bytes) to a number, integral values as INTEGER
  if (out.type === MemType.TEXT || out.type === MemType.BLOB) {
    const s = out.type === MemType.TEXT ? out.s : new TextDecoder().decode(out.b);
    textToNumeric(s, out);
    if ((out.type as MemType) === MemType.REAL) {
      const r = out.n;
      if (Number.isInteger(r) && r >= -2251799813685248 && r < 2251799813685248) out.setInt(r + 0);
    }
  }
  if ((p5 & 0x200) !== 0) {
    if (out.type === MemType.REAL) out.setReal(-out.n);
    else if (out.type === MemType.INT) {
      if (out.big === null) out.setInt(0 - out.n);
      else if (out.big === -9223372036854775808n) out.setReal(9223372036854775808);
      else out.setBigInt(-out.big);
    }
  }
  if (aff !== 0) applyAffinity(out, aff);
}

/** OP_Rowid. Hot. */
export function rowid(c: VdbeCursor, out: Mem): void {
  if (c.nullRow || c.eof) {
    out.setNull();
    return;
  }
  if (c.kind === CursorKind.BTREE) {
    if (c.deferredFrom !== null) {
      idxRowid(c.deferredFrom, out);
      return;
    }
    const r = c.bt!.rowid();
    if (typeof r === "number") out.setInt(r);
    else out.setBigInt(r);
    return;
  }
  out.setInt(c.rows[c.pos].rowid);
}

/** OP_IdxRowid: the rowid stored as the last field of an index entry. */
export function idxRowid(c: VdbeCursor, out: Mem): void {
  if (c.nullRow || c.eof) {
    out.setNull();
    return;
  }
  if (c.kind === CursorKind.BTREE) {
    if (!c.hdrValid) {
      const p = c.bt!.payload();
      c.hdr.parse(p.data, p.offset, p.length);
      c.hdrValid = true;
    }
    c.hdr.column(c.hdr.nField - 1, out);
    return;
  }
  const vals = c.rows[c.pos].vals;
  out.copyFrom(vals[vals.length - 1]);
}

/**
 * OP_SeekRowid / OP_NotExists: position a table cursor on `key`. Returns true when found.
 * A key that is not an integer (after numeric conversion) is never found.
 */
export function seekRowid(c: VdbeCursor, key: Mem): boolean {
  let k: number | bigint;
  if (key.type === MemType.INT) k = key.big === null ? key.n : key.big;
  else {
    // OP_SeekRowid: NUMERIC affinity on a copy; only an exact integer can be a rowid
    scratchMem.copyFrom(key);
    applyAffinity(scratchMem, Affinity.NUMERIC);
    if (scratchMem.type === MemType.REAL) {
      const r = scratchMem.n;
      if (!Number.isInteger(r) || Math.abs(r) >= 9223372036854775808) {
        return moved(c, false) && false;
      }
      k = intValue(scratchMem);
    } else if (scratchMem.type === MemType.INT) {
      k = scratchMem.big === null ? scratchMem.n : scratchMem.big;
    } else return moved(c, false) && false;
  }
  if (c.kind === CursorKind.BTREE) {
    const r = c.bt!.seekRowid(k);
    return moved(c, r === 0);
  }
  const kn = Number(k);
  for (let i = 0; i < c.rows.length; i++) {
    if (c.rows[i].rowid === kn) {
      c.pos = i;
      return moved(c, true);
    }
  }
  return moved(c, false);
}

/** Step from a b-tree seek's landing place to the first qualifying row. Hot. */
function adjustSeek(c: VdbeCursor, op: number, r: number): boolean {
  const bt = c.bt!;
  if (bt.eof) return false;
  switch (op) {
    case SeekOp.GE:
      return r < 0 ? bt.next() : true;
    case SeekOp.GT:
      return r <= 0 ? bt.next() : true;
    case SeekOp.LE:
      return r > 0 ? bt.prev() : true;
    default:
      return r >= 0 ? bt.prev() : true;
  }
}

/** Seek kinds for `seekIndex`. */
export const SeekOp = { LT: 0, LE: 1, GE: 2, GT: 3 } as const;

/**
 * OP_SeekLT/LE/GE/GT on an index (or ephemeral index) with the key in regs[first..first+n).
 * Returns true when the cursor is left on a qualifying row.
 */
export function seekIndex(
  c: VdbeCursor,
  op: number,
  regs: Mem[],
  first: number,
  n: number,
): boolean {
  if (c.kind === CursorKind.BTREE) {
    if (c.isTable) {
      // a rowid-range seek on a table b-tree
      const key = regs[first];
      let k: number | bigint;
      if (key.type === MemType.INT) k = key.big === null ? key.n : key.big;
      else {
        // non-integer bound: adjust to the nearest integer in the seek direction
        const r = key.type === MemType.REAL ? key.n : Number(intValue(key));
        if (op === SeekOp.GE || op === SeekOp.LT) k = Math.ceil(r);
        else k = Math.floor(r);
        if (!Number.isFinite(r)) {
          if (r > 0) {
            return op === SeekOp.LE || op === SeekOp.LT ? moved(c, c.bt!.last()) : moved(c, false);
          }
          return op === SeekOp.GE || op === SeekOp.GT ? moved(c, c.bt!.first()) : moved(c, false);
        }
        if (!Number.isSafeInteger(k)) k = BigInt(k);
      }
      return moved(c, adjustSeek(c, op, c.bt!.seekRowid(k)));
    }
    const bt = c.bt!;
    const probe = bt.keyProbe();
    fillProbe(probe, regs, first, n, op === SeekOp.GE || op === SeekOp.LT ? 1 : -1);
    return moved(c, adjustSeek(c, op, bt.seekProbe(probe)));
  }
  // ephemeral index
  ensureSorted(c);
  const key = snapshotView(regs, first, n);
  let at: number;
  if (op === SeekOp.GE) at = c.lowerBound(key, n);
  else if (op === SeekOp.GT) at = c.upperBound(key, n);
  else if (op === SeekOp.LE) at = c.upperBound(key, n) - 1;
  else at = c.lowerBound(key, n) - 1;
  c.pos = at;
  return moved(c, at >= 0 && at < c.rows.length);
}

const keyView: Mem[] = [];

/** regs[first..first+n) as an array without copying the registers (reused; not reentrant). Hot. */
function snapshotView(regs: Mem[], first: number, n: number): Mem[] {
  keyView.length = n;
  for (let i = 0; i < n; i++) keyView[i] = regs[first + i];
  return keyView;
}

/**
 * OP_IdxGE/GT/LE/LT: compare the current index entry's first `n` fields with the key.
 * Returns the comparison (entry vs key) as -1/0/1 semantics (sign only).
 */
export function idxCompare(c: VdbeCursor, regs: Mem[], first: number, n: number): number {
  if (c.kind === CursorKind.BTREE) {
    // sqlite3VdbeIdxKeyCompare: the entry's record against the registers, unpacked
    const bt = c.bt!;
    const probe = bt.keyProbe();
    fillProbe(probe, regs, first, n, 0);
    return bt.compareProbe(probe);
  }
  return compareRows(c.rows[c.pos].vals, snapshotView(regs, first, n), c.cmp as RowComparator, n);
}

/**
 * OP_Found / OP_NotFound / OP_NoConflict on an index: is there an entry whose prefix equals the
 * key in regs[first..first+n)? Leaves the cursor on it when found.
 */
export function found(c: VdbeCursor, regs: Mem[], first: number, n: number): boolean {
  if (c.kind === CursorKind.BTREE) {
    const bt = c.bt!;
    const probe = bt.keyProbe();
    fillProbe(probe, regs, first, n, 1);
    const r = bt.seekProbe(probe);
    let ok = !bt.eof;
    if (ok && r < 0) ok = bt.next();
    moved(c, ok);
    if (!ok) return false;
    probe.defaultRc = 0;
    return bt.compareProbe(probe) === 0;
  }
  ensureSorted(c);
  const key = snapshotView(regs, first, n);
  const at = c.lowerBound(key, n);
  if (at < c.rows.length && compareRows(c.rows[at].vals, key, c.cmp as RowComparator, n) === 0) {
    c.pos = at;
    moved(c, true);
    return true;
  }
  return false;
}

/** Insert registers into an ephemeral index/table or sorter (E1 convention: no record bytes). */
const view: Mem[] = [];

export function ephInsert(c: VdbeCursor, regs: Mem[], first: number, n: number, rid: number): void {
  if (c.threshold !== null) {
    // ORDER BY … LIMIT k: a row that sorts after the k-th row of the last trim can never be output
    const cmp = c.cmp as RowComparator;
    view.length = n;
    for (let i = 0; i < n; i++) view[i] = regs[first + i];
    const r = compareRows(view, c.threshold, cmp);
    if (r > 0 || (r === 0 && !cmp.tiesReversed)) {
      c.seq++;
      return;
    }
  }
  if (c.store !== null) {
    c.store.insert(regs, first, n, c.seq++);
    c.sorted = false;
    // ORDER BY … LIMIT k: keep only the k smallest rows (sorting in batches)
    if (c.limit > 0 && c.store.count >= 2 * c.limit + 64) {
      c.threshold = c.store.trim(c.cmp as RowComparator, c.limit);
      c.sorted = true;
    }
    return;
  }
  const vals = snapshot(regs, first, n);
  if (c.kind === CursorKind.SORTER) {
    if (c.buckets !== null) {
      const key = groupKey(vals, (c.cmp as RowComparator).nKey, bucketColls.get(c)!);
      const row = { rowid: c.seq++, vals };
      const g = c.buckets.get(key);
      if (g === undefined) c.buckets.set(key, [row]);
      else g.push(row);
      c.sorted = false;
      return;
    }
    c.rows.push({ rowid: c.seq++, vals });
    c.sorted = false;
    // ORDER BY … LIMIT k: keep only the k smallest rows (sorting in batches)
    if (c.limit > 0 && c.rows.length >= 2 * c.limit + 64) {
      sortRows(c);
      c.rows.length = c.limit;
      c.threshold = c.rows[c.limit - 1].vals;
    }
  } else if (c.cmp !== null) {
    if (c.bulk) {
      c.rows.push({ rowid: 0, vals });
      c.dirty = true;
    } else c.insertSorted(vals);
  } else c.rows.push({ rowid: rid, vals });
}

/** OP_Count. */
export function count(c: VdbeCursor): number {
  if (c.kind === CursorKind.BTREE) return c.bt!.count();
  return rowCount(c);
}
