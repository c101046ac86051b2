/**
 * FOREIGN KEY lookups over the b-trees — the two searches of SQLite's fkey.c: finding the parent
 * row a child row refers to (`fkLookupParent`: the parent's INTEGER PRIMARY KEY or its UNIQUE
 * index, with the parent key's affinity applied to the child values) and finding the child rows
 * that refer to a parent key (`fkScanChildren`: `parent.k = child.col` with the parent column's
 * affinity and collation, foreignkeys.html §3). Also `sqlite3FkLocateIndex`, which decides the
 * parent key and reports "foreign key mismatch".
 *
 * Owns: the resolved shape of one foreign key (`FkLink`) and those lookups. A child scan uses an
 * index of the child table when the comparison it stands for can use it (same collation, an
 * affinity the index agrees with), else reads the whole table, as SQLite's planner would.
 * Must never: write anything, or count violations (./connection_fkey.ts does). Warm: once per
 * row written to a table involved in a foreign key.
 * @module
 */

import type { BtCursor, BtreeApi, CollationCompare, Rowid } from "../btree/types.ts";
import { foldName, type ForeignKey, type Index, type Table } from "../planner/schema.ts";
import { columnDefault } from "../planner/column_default.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { makeRecord, RecordBuf, RecordHeader } from "../vdbe/ops/record.ts";
import { setColumnDefault } from "../vdbe/ops/cursor.ts";
import {
  Affinity,
  applyAffinity,
  applyComparisonAffinity,
  comparisonAffinity,
  realAffinity,
} from "../vdbe/value/affinity.ts";
import { compareMem } from "../vdbe/value/compare.ts";
import { collatorOf } from "./connection_engine.ts";
import { tableLayout } from "../planner/without_rowid.ts";

/**
 * One foreign key with its parent key resolved: `parentCols[i]` (a parent column, or the
 * INTEGER PRIMARY KEY when `index` is null) is referred to by child column `childCols[i]`, in
 * the parent index's column order.
 */
export interface FkLink {
  readonly child: Table;
  readonly fk: ForeignKey;
  readonly parent: Table;
  /** The parent's UNIQUE index on the key, or null when the key is its INTEGER PRIMARY KEY. */
  readonly index: Index | null;
  readonly parentCols: readonly number[];
  readonly childCols: readonly number[];
  /** DEFERRABLE INITIALLY DEFERRED. */
  readonly deferred: boolean;
}

/** `DEFERRABLE INITIALLY DEFERRED` (anything else is immediate). */
export function isDeferredFk(fk: ForeignKey): boolean {
  const d = fk.clause.deferrable;
  return d !== null && !d.not && d.initially === "DEFERRED";
}

/**
 * sqlite3FkLocateIndex: the parent key of `fk` in `parent` — its INTEGER PRIMARY KEY, or a
 * UNIQUE index (not partial) on exactly the named columns with each column's default collation
 * (the PRIMARY KEY when no columns are named). Null when there is none ("foreign key mismatch").
 * Cold.
 */
export function locateParentKey(child: Table, fk: ForeignKey, parent: Table): FkLink | null {
  const n = fk.columns.length;
  const named = fk.clause.columns;
  const deferred = isDeferredFk(fk);
  if (n === 1 && parent.rowidAlias >= 0 && !parent.withoutRowid) {
    const ipk = parent.rowidAlias;
    if (named === null || foldName(named[0].name) === foldName(parent.columns[ipk].name)) {
      return {
        child,
        fk,
        parent,
        index: null,
        parentCols: [ipk],
        childCols: [fk.columns[0]],
        deferred,
      };
    }
  }
  for (const ix of parent.indexes) {
    if (ix.columns.length !== n || !ix.unique || ix.where !== null) continue;
    if (named === null) {
      if (ix.origin !== "pk") continue;
      return {
        child,
        fk,
        parent,
        index: ix,
        parentCols: ix.columns.map((k) => k.column),
        childCols: [...fk.columns],
        deferred,
      };
    }
    const childCols: number[] = [];
    let ok = true;
    for (const k of ix.columns) {
      const col = k.column;
      if (col < 0) {
        ok = false;
        break;
      }
      const pc = parent.columns[col];
      if (foldName(k.collation) !== foldName(pc.collation ?? "BINARY")) {
        ok = false;
        break;
      }
      const j = named.findIndex((nm) => foldName(nm.name) === foldName(pc.name));
      if (j < 0) {
        ok = false;
        break;
      }
      childCols.push(fk.columns[j]);
    }
    if (ok) {
      return {
        child,
        fk,
        parent,
        index: ix,
        parentCols: ix.columns.map((k) => k.column),
        childCols,
        deferred,
      };
    }
  }
  return null;
}

/** The "foreign key mismatch" error text for `fk` of `child`. */
export function mismatchMessage(child: Table, fk: ForeignKey): string {
  return `foreign key mismatch - "${child.name}" referencing "${fk.clause.table.name}"`;
}

/** Key comparison of an index (collations per key column, then the rowid). */
function keyInfoOf(ix: Index): { collations: (CollationCompare | null)[]; desc: boolean[] } {
  const collations: (CollationCompare | null)[] = ix.columns.map((k) => collatorOf(k.collation));
  collations.push(null);
  const desc = ix.columns.map((k) => k.desc);
  desc.push(false);
  return { collations, desc };
}

/** Reads columns of table rows (record fields, the rowid alias, ADD COLUMN defaults). */
class RowReader {
  private readonly hdr = new RecordHeader();
  /** WITHOUT ROWID: table column → field of the PRIMARY KEY b-tree's records. */
  private readonly pos: readonly number[] | null;
  constructor(private readonly table: Table) {
    this.pos = table.withoutRowid ? tableLayout(table).pos : null;
  }

  /** Position-independent: parse the cursor's current row. */
  load(c: BtCursor, enc: number): void {
    const p = c.payload();
    this.hdr.enc = enc;
    this.hdr.parse(p.data, p.offset, p.length);
  }

  /** Column `col` of the loaded row (rowid `rowid`) into `out`. */
  column(col: number, rowid: Rowid, out: Mem): void {
    if (col === this.table.rowidAlias) {
      out.setSqlInt(rowid);
      return;
    }
    const f = this.pos === null ? col : this.pos[col];
    if (f < this.hdr.nField) {
      this.hdr.column(f, out);
      if (out.type === MemType.BLOB) out.setBlob(out.b.slice());
      else if (this.table.columns[col].affinity === Affinity.REAL) realAffinity(out);
      return;
    }
    const d = columnDefault(this.table.columns[col]);
    if (d === null) out.setNull();
    else setColumnDefault(d.p4, d.aff, out);
  }
}

/**
 * fkLookupParent's search for one foreign key, with its scratch registers, record buffer and a
 * cursor object reopened in place from one lookup to the next. Hot (once per child row written).
 */
export class ParentProbe {
  private readonly vals: Mem[];
  private readonly affs: number[];
  private readonly rec = new RecordBuf();
  private readonly keyInfo: { collations: (CollationCompare | null)[]; desc: boolean[] } | null;
  private spare: BtCursor | null = null;

  constructor(private readonly link: FkLink) {
    const parent = link.parent;
    this.vals = link.parentCols.map(() => new Mem());
    this.affs = link.parentCols.map((col) =>
      link.index === null || col === parent.rowidAlias
        ? Affinity.INTEGER
        : parent.columns[col].affinity
    );
    this.keyInfo = link.index === null ? null : keyInfoOf(link.index);
  }

  /** Does the parent row that child key `key` (parent-key order, none NULL) refers to exist? */
  exists(bt: BtreeApi, key: readonly Mem[]): boolean {
    const link = this.link;
    const vals = this.vals;
    if (link.index === null) {
      // OP_MustBeInt on a copy: the parent key's INTEGER affinity, or no match.
      const m = vals[0];
      m.copyFrom(key[0]);
      applyAffinity(m, Affinity.NUMERIC);
      if (m.type !== MemType.INT) return false;
      const c = bt.cursor(link.parent.rootPage, { reuse: this.spare });
      try {
        return c.seekRowid(m.intValue) === 0;
      } finally {
        c.close();
        this.spare = c;
      }
    }
    const n = vals.length;
    for (let i = 0; i < n; i++) {
      // OP_Affinity with the index's affinity string (the parent columns' affinities).
      vals[i].copyFrom(key[i]);
      applyAffinity(vals[i], this.affs[i]);
    }
    const c = bt.cursor(link.index.rootPage, { keyInfo: this.keyInfo!, reuse: this.spare });
    try {
      const rb = this.rec;
      makeRecord(vals, 0, n, rb, bt.textEncoding);
      return c.seekIndex(rb.buf, 0, rb.len, 0) === 0;
    } finally {
      c.close();
      this.spare = c;
    }
  }
}

/** fkLookupParent's search, one-off (PRAGMA foreign_key_check). Cold. */
export function parentExists(bt: BtreeApi, link: FkLink, key: readonly Mem[]): boolean {
  return new ParentProbe(link).exists(bt, key);
}

/** How one term `parent.k = child.col` of a child scan compares. */
interface ScanTerm {
  /** Child column. */
  readonly col: number;
  /** Comparison affinity (sqlite3CompareAffinity of the two columns). */
  readonly aff: number;
  /** Comparison collation name. */
  readonly coll: string;
}

function scanTerms(link: FkLink): ScanTerm[] {
  const { parent, child } = link;
  return link.parentCols.map((pc, i) => {
    const col = link.childCols[i];
    const cc = child.columns[col];
    const childAff = col === child.rowidAlias ? Affinity.INTEGER : cc.affinity;
    if (link.index === null || pc === parent.rowidAlias) {
      // exprTableRegister for the rowid: INTEGER affinity and no collation, so the child
      // column's collation applies.
      return { col, aff: comparisonAffinity(Affinity.INTEGER, childAff), coll: cc.collation };
    }
    const p = parent.columns[pc];
    return { col, aff: comparisonAffinity(p.affinity, childAff), coll: p.collation ?? "BINARY" };
  });
}

/** A child index whose leading columns answer every term exactly as the comparison would. */
function usableChildIndex(child: Table, terms: readonly ScanTerm[]): Index | null {
  const n = terms.length;
  for (const ix of child.indexes) {
    if (ix.where !== null || ix.columns.length < n || ix.rootPage === child.rootPage) continue;
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      const k = ix.columns[j];
      const t = terms.find((x) => x.col === k.column);
      if (t === undefined || foldName(k.collation) !== foldName(t.coll)) ok = false;
      else if (t.aff >= Affinity.NUMERIC && child.columns[t.col].affinity < Affinity.NUMERIC) {
        ok = false;
      } else if (t.aff === Affinity.TEXT && child.columns[t.col].affinity !== Affinity.TEXT) {
        ok = false;
      }
    }
    if (ok) return ix;
  }
  return null;
}

/**
 * fkScanChildren's search for one foreign key: the child rows whose key equals a parent key
 * under each term's affinity and collation. The plan (a usable child index, else a table scan),
 * scratch registers and cursor objects are made once and reused parent row after parent row.
 * Warm.
 */
export class ChildScan {
  private readonly terms: ScanTerm[];
  private readonly ix: Index | null;
  /** Index path: key position per index column, probe registers, collations, key comparison. */
  private readonly order: number[] = [];
  private readonly probe: Mem[] = [];
  private readonly idxColls: (CollationCompare | null)[] = [];
  private readonly keyInfo: { collations: (CollationCompare | null)[]; desc: boolean[] } | null;
  private readonly rec = new RecordBuf();
  /** Table path: comparison collations, a row reader. */
  private readonly colls: (CollationCompare | null)[];
  private readonly reader: RowReader;
  private readonly hdr = new RecordHeader();
  private readonly x = new Mem();
  private readonly y = new Mem();
  private readonly none = new Mem();
  private spare: BtCursor | null = null;

  constructor(private readonly link: FkLink) {
    this.terms = scanTerms(link);
    // A WITHOUT ROWID child is scanned (its rows have no rowid to report; they are counted).
    this.ix = link.child.withoutRowid ? null : usableChildIndex(link.child, this.terms);
    const ix = this.ix;
    if (ix !== null) {
      for (let j = 0; j < this.terms.length; j++) {
        this.order.push(this.terms.findIndex((t) => t.col === ix.columns[j].column));
        this.probe.push(new Mem());
        this.idxColls.push(collatorOf(ix.columns[j].collation));
      }
    }
    this.keyInfo = ix === null ? null : keyInfoOf(ix);
    this.colls = this.terms.map((t) => collatorOf(t.coll));
    this.reader = new RowReader(link.child);
  }

  /**
   * Append to `out`, in ascending order, the rowid of every child row referring to parent key
   * `key` (parent-key order), skipping row `exclude` (the parent row itself in a
   * self-referencing table).
   */
  collect(bt: BtreeApi, key: readonly Mem[], exclude: Rowid | null, out: Rowid[]): void {
    this.hdr.enc = bt.textEncoding;
    for (const m of key) if (m.type === MemType.NULL) return;
    const start = out.length;
    if (this.ix !== null) this.collectByIndex(bt, this.ix, key, exclude, out);
    else this.collectByScan(bt, key, exclude, out);
    if (this.ix !== null && out.length - start > 1) {
      const part = out.splice(start).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const r of part) out.push(r);
    }
  }

  private collectByIndex(
    bt: BtreeApi,
    ix: Index,
    key: readonly Mem[],
    exclude: Rowid | null,
    out: Rowid[],
  ): void {
    const n = this.order.length;
    const probe = this.probe;
    for (let j = 0; j < n; j++) {
      const i = this.order[j];
      probe[j].copyFrom(key[i]);
      // The seek key gets the comparison's affinity (OP_Affinity before OP_SeekGE).
      this.none.setNull();
      applyComparisonAffinity(probe[j], this.none, this.terms[i].aff);
    }
    const c = bt.cursor(ix.rootPage, { keyInfo: this.keyInfo!, reuse: this.spare });
    try {
      const rb = this.rec;
      makeRecord(probe, 0, n, rb, bt.textEncoding);
      if (c.seekIndex(rb.buf, 0, rb.len, 0) !== 0) return;
      // The seek lands on some equal entry: back up to the first, then walk forward.
      for (;;) {
        if (!c.prev()) {
          if (!c.first()) return;
          break;
        }
        if (!this.prefixEqual(c, n)) {
          if (!c.next()) return;
          break;
        }
      }
      const rid = this.y;
      while (this.prefixEqual(c, n)) {
        this.hdr.column(ix.columns.length, rid);
        if (rid.type === MemType.INT && !(exclude !== null && rid.intValue == exclude)) {
          out.push(rid.intValue);
        }
        if (!c.next()) return;
      }
    } finally {
      c.close();
      this.spare = c;
    }
  }

  /** The index entry under `c` starts with the probe key (parsed into this.hdr). */
  private prefixEqual(c: BtCursor, n: number): boolean {
    const p = c.payload();
    const hdr = this.hdr;
    hdr.parse(p.data, p.offset, p.length);
    const m = this.x;
    for (let i = 0; i < n; i++) {
      hdr.column(i, m);
      if (m.type === MemType.NULL || compareMem(m, this.probe[i], this.idxColls[i]) !== 0) {
        return false;
      }
    }
    return true;
  }

  private collectByScan(
    bt: BtreeApi,
    key: readonly Mem[],
    exclude: Rowid | null,
    out: Rowid[],
  ): void {
    const terms = this.terms;
    const rd = this.reader;
    const x = this.x;
    const y = this.y;
    const wr = this.link.child.withoutRowid;
    const c = bt.cursor(this.link.child.rootPage);
    try {
      for (let ok = c.first(); ok; ok = c.next()) {
        const r = wr ? 0 : c.rowid();
        if (exclude !== null && r == exclude) continue;
        rd.load(c, bt.textEncoding);
        let match = true;
        for (let i = 0; i < terms.length && match; i++) {
          rd.column(terms[i].col, r, y);
          if (y.type === MemType.NULL) {
            match = false;
            break;
          }
          x.copyFrom(key[i]);
          applyComparisonAffinity(x, y, terms[i].aff);
          if (compareMem(x, y, this.colls[i]) !== 0) match = false;
        }
        if (match) out.push(r);
      }
    } finally {
      c.close();
    }
  }
}

/**
 * The key of `link` read from a row of the child table (`vals`, one Mem per column; `rowid`),
 * in parent-key order. Cold-ish.
 */
export function childKey(link: FkLink, vals: readonly Mem[], rowid: Mem): Mem[] {
  const t = link.child;
  return link.childCols.map((c) => (c === t.rowidAlias ? rowid : asRead(t, c, vals[c])));
}

/** The key of `link` read from a row of the parent table, in parent-key order. */
export function parentKey(link: FkLink, vals: readonly Mem[], rowid: Mem): Mem[] {
  const t = link.parent;
  return link.parentCols.map((c) =>
    link.index === null || c === t.rowidAlias ? rowid : asRead(t, c, vals[c])
  );
}

/**
 * A column value as the row's register holds it when SQLite codes the FK check: a REAL column's
 * integral value is a REAL there (OP_RealAffinity), though the record stores it as an integer.
 */
function asRead(t: Table, col: number, m: Mem): Mem {
  if (m.type !== MemType.INT || t.columns[col].affinity !== Affinity.REAL) return m;
  const r = new Mem();
  r.copyFrom(m);
  realAffinity(r);
  return r;
}

/** Read the child-key values of every row of `link.child` (PRAGMA foreign_key_check). */
export function forEachChildRow(
  bt: BtreeApi,
  link: { child: Table; cols: readonly number[] },
  f: (rowid: Rowid | null, key: Mem[]) => void,
): void {
  const rd = new RowReader(link.child);
  const wr = link.child.withoutRowid;
  const c = bt.cursor(link.child.rootPage);
  try {
    for (let ok = c.first(); ok; ok = c.next()) {
      // A WITHOUT ROWID table's rows have no rowid (foreign_key_check reports NULL).
      const r = wr ? null : c.rowid();
      rd.load(c, bt.textEncoding);
      const key = link.cols.map((col) => {
        const m = new Mem();
        rd.column(col, r ?? 0, m);
        return m;
      });
      f(r, key);
    }
  } finally {
    c.close();
  }
}
