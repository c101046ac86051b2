/**
 * WITHOUT ROWID tables as SQLite stores them (build.c convertToWithoutRowidTable,
 * sqlite3CreateIndex; withoutrowid.html): the table is an index b-tree whose records are the
 * PRIMARY KEY columns (duplicates removed) followed by the other columns in declaration order;
 * a secondary index's records are its key columns followed by the PRIMARY KEY columns it does not
 * already hold (same column and collation), with the PRIMARY KEY's collations and sort orders.
 *
 * Owns: those layouts (storage positions, key infos, covering maps) for the reader's code
 * generation. Pure functions of the catalog; results are cached per Table/Index object.
 * @module
 */

import type { KeyInfo } from "./program.ts";
import type { Index, IndexColumn, Table } from "./schema.ts";

/** The layout of a WITHOUT ROWID table's own b-tree. */
export interface TableLayout {
  /** The PRIMARY KEY index (the table's b-tree). */
  readonly pk: Index;
  /** PRIMARY KEY key columns (duplicates removed), in key order. */
  readonly pkCols: readonly IndexColumn[];
  /** Table column → field position in the table's records. */
  readonly pos: readonly number[];
  /** Key info of the table's b-tree (all record fields). */
  readonly keyInfo: KeyInfo;
}

const layouts = new WeakMap<Table, TableLayout>();
const extras = new WeakMap<Index, readonly IndexColumn[]>();

function collName(c: string): string | null {
  return c.toUpperCase() === "BINARY" ? null : c;
}

/** The PRIMARY KEY index of a WITHOUT ROWID table (the one stored in the table's root). */
export function pkIndexOf(t: Table): Index {
  const ix = t.indexes.find((i) => i.origin === "pk" && i.rootPage === t.rootPage) ??
    t.indexes.find((i) => i.origin === "pk");
  if (ix === undefined) throw new Error(`WITHOUT ROWID table ${t.name} has no PRIMARY KEY index`);
  return ix;
}

/** Is `ix` the PRIMARY KEY b-tree of WITHOUT ROWID table `t`? */
export function isPkIndex(t: Table, ix: Index): boolean {
  return t.withoutRowid && ix === pkIndexOf(t);
}

/** The storage layout of a WITHOUT ROWID table. */
export function tableLayout(t: Table): TableLayout {
  let l = layouts.get(t);
  if (l !== undefined && l.pk.rootPage === t.rootPage) return l;
  const pk = pkIndexOf(t);
  const pkCols: IndexColumn[] = [];
  for (const ic of pk.columns) {
    const dup = pkCols.some((x) =>
      x.column === ic.column && x.collation.toUpperCase() === ic.collation.toUpperCase()
    );
    if (!dup) pkCols.push(ic);
  }
  const pos = new Array<number>(t.columns.length).fill(-1);
  pkCols.forEach((ic, i) => {
    if (pos[ic.column] < 0) pos[ic.column] = i;
  });
  let n = pkCols.length;
  const collations: (string | null)[] = pkCols.map((ic) => collName(ic.collation));
  const desc: boolean[] = pkCols.map((ic) => ic.desc);
  for (let j = 0; j < t.columns.length; j++) {
    if (pkCols.some((ic) => ic.column === j)) continue;
    pos[j] = n++;
    collations.push(collName(t.columns[j].collation));
    desc.push(false);
  }
  l = { pk, pkCols, pos, keyInfo: { nKey: n, collations, desc } };
  layouts.set(t, l);
  return l;
}

/** The PRIMARY KEY columns a secondary index of a WITHOUT ROWID table appends to its key. */
export function indexExtraPk(t: Table, ix: Index): readonly IndexColumn[] {
  let e = extras.get(ix);
  if (e !== undefined) return e;
  const { pkCols } = tableLayout(t);
  if (isPkIndex(t, ix)) e = [];
  else {
    e = pkCols.filter((pc) =>
      !ix.columns.some((ic) =>
        ic.column === pc.column && ic.collation.toUpperCase() === pc.collation.toUpperCase()
      )
    );
  }
  extras.set(ix, e);
  return e;
}

/** Record fields and key info of an index b-tree of a WITHOUT ROWID table. */
export function indexKeyInfo(t: Table, ix: Index): { nField: number; keyInfo: KeyInfo } {
  if (isPkIndex(t, ix)) {
    const l = tableLayout(t);
    return { nField: l.keyInfo.nKey, keyInfo: l.keyInfo };
  }
  const all = [...ix.columns, ...indexExtraPk(t, ix)];
  return {
    nField: all.length,
    keyInfo: {
      nKey: all.length,
      collations: all.map((ic) => collName(ic.collation)),
      desc: all.map((ic) => ic.desc),
    },
  };
}

/** Table column → field of the index's records, for the columns the index holds. */
export function indexCoverMap(t: Table, ix: Index): Map<number, number> {
  const map = new Map<number, number>();
  if (isPkIndex(t, ix)) {
    tableLayout(t).pos.forEach((p, j) => map.set(j, p));
    return map;
  }
  [...ix.columns, ...indexExtraPk(t, ix)].forEach((ic, i) => {
    if (ic.column >= 0 && !map.has(ic.column)) map.set(ic.column, i);
  });
  return map;
}

/** Does the index hold every column in `need` (the PRIMARY KEY index holds them all)? */
export function indexCovers(t: Table, ix: Index, need: Iterable<number>): boolean {
  if (isPkIndex(t, ix)) return true;
  const map = indexCoverMap(t, ix);
  for (const col of need) if (!map.has(col)) return false;
  return true;
}

const extended = new WeakMap<Index, Index>();

/**
 * The index as the planner sees it on a WITHOUT ROWID table: a non-UNIQUE secondary index's
 * entries are ordered (and can be searched) by its key columns followed by the PRIMARY KEY
 * columns it appends (SQLite's Index.nColumn). The PRIMARY KEY index and UNIQUE indexes are
 * returned as they are.
 */
export function plannerIndex(t: Table, ix: Index): Index {
  if (!t.withoutRowid || ix.unique || isPkIndex(t, ix)) return ix;
  const extra = indexExtraPk(t, ix);
  if (extra.length === 0) return ix;
  let e = extended.get(ix);
  if (e === undefined || e.rootPage !== ix.rootPage) {
    e = { ...ix, columns: [...ix.columns, ...extra] };
    extended.set(ix, e);
  }
  return e;
}

/**
 * Do the entries of `ix` (as {@link plannerIndex} gives it) identify one row by their columns
 * alone, so that ORDER BY terms past its last column are already satisfied?
 */
export function entriesUnique(t: Table, ix: Index): boolean {
  return t.withoutRowid && (isPkIndex(t, ix) || indexExtraPk(t, ix).length === 0);
}
