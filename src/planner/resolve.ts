/**
 * Name resolution — SQLite's resolve.c: which FROM-clause source and column a name refers to,
 * `*` / `tbl.*` expansion, ambiguous / no-such-column errors worded as SQLite words them, the
 * rowid aliases (`rowid`, `oid`, `_rowid_`), USING/NATURAL column coalescing, and the DQS rule
 * (an unresolvable double-quoted identifier becomes a string literal only when DQS is on).
 *
 * Owns: `Source` (one FROM item as the code generator sees it: cursor, columns, how to read
 * them) and `Scope` (the sources visible at one query level, chained to the enclosing query for
 * correlated subqueries).
 * Never: emits code or touches the schema beyond reading it. Cold (compile time).
 * @module
 */

import { SqliteError } from "../error.ts";
import type * as A from "../sql/ast.ts";
import type { Table } from "./schema.ts";
import type { VTable } from "./vtab.ts";

/** One column of a FROM source. */
export interface SourceColumn {
  /** Name as it resolves (original case). */
  readonly name: string;
  /** Column affinity (program.ts `Affinity` code) used by comparisons. */
  readonly affinity: number;
  /** Declared collation name, or null for BINARY. */
  readonly collation: string | null;
  /** Declared type, for sqlite3_column_decltype. */
  readonly decltype: string | null;
  /** Origin table / column for sqlite3_column_table_name / origin_name. */
  readonly originTable: string | null;
  readonly originColumn: string | null;
  /** Omitted from `*` (right-hand USING/NATURAL duplicates). */
  hidden: boolean;
}

/** How a source's rows are read. */
export type SourceKind = "btree" | "ephemeral" | "vtab";

/** One FROM-clause item. */
export interface Source {
  /** The name it is qualified by (alias, else table name). */
  readonly name: string;
  /** The b-tree table (null for subqueries/views/values). */
  readonly table: Table | null;
  /** Columns in order. */
  readonly columns: SourceColumn[];
  /** VM cursor number. */
  readonly cursor: number;
  readonly kind: SourceKind;
  /** Column number aliasing the rowid (INTEGER PRIMARY KEY), or -1. */
  readonly rowidAlias: number;
  /** Whether `rowid` can be read from this source. */
  readonly hasRowid: boolean;
  /** Position in the FROM clause (loop level). */
  readonly level: number;
  /** Names coalesced by USING/NATURAL: column name (folded) → the earlier source that owns it. */
  readonly usingFrom: Map<string, Source>;
  /** Set when this source is the right side of a LEFT/FULL join (or left side of RIGHT/FULL). */
  nullable: boolean;
  /**
   * How this source joins the ones before it, when that is a RIGHT or FULL JOIN: an unqualified
   * USING/NATURAL column then names its right-hand copy (RIGHT) or the coalesce of all of them
   * (FULL), as resolve.c's lookupName does.
   */
  outerRight?: "right" | "full";
  /** The index cursor that covers this table's reads, when a covering index scan is used. */
  coverCursor: number;
  /** Map table column → index field for the covering index (or null). */
  coverMap: Map<number, number> | null;
  /** Table size as LogEst from sqlite_stat1 (default 200, i.e. 2^20 rows). */
  rowEst?: number;
  /** Per-index LogEst row estimates from sqlite_stat1: [rows, after 1 eq, after 2 eq, …]. */
  idxEst?: Map<string, number[]>;
  /** `INDEXED BY name` (only that index) / `NOT INDEXED` (no index), else null. */
  hint?: { kind: "indexedBy"; name: string } | { kind: "notIndexed" } | null;
  /** The virtual table (kind "vtab"; see ./vtab_plan.ts). */
  vtab?: VTable;
}

/** A resolved column reference. */
export interface ResolvedColumn {
  readonly source: Source;
  /** Column index, or -1 for the rowid. */
  readonly column: number;
  /** How many scopes up the source lives (0 = this query). */
  readonly depth: number;
  /**
   * A USING/NATURAL column of a FULL JOIN: the value is coalesce(this column, these columns…)
   * (resolve.c's pFJMatch), in FROM order.
   */
  readonly coalesce?: readonly { readonly source: Source; readonly column: number }[];
}

/**
 * Column references made by the compiler that name their source directly (a table-valued
 * function's argument terms, ./vtab_plan.ts), so two FROM items of one name stay distinct.
 */
export const boundColumns: WeakMap<object, ResolvedColumn> = new WeakMap();

/**
 * Column references inside a subquery of WHERE / HAVING / ORDER BY / GROUP BY that name a
 * result-set alias of the enclosing query (resolve.c's NC_UEList on an outer name context):
 * when no FROM column of any level matches, the reference is that alias's expression, read in
 * the scope that defines it. Set by select.ts before such a clause is compiled.
 */
export const outerAliases: WeakMap<A.ColumnRef, { expr: A.Expr; scope: Scope }> = new WeakMap();

/**
 * Mark every scope from `from` up to (not including) `owner` as correlated; returns how many
 * levels up `owner` is, or -1 when it is not an ancestor. Cold.
 */
export function correlateTo(from: Scope, owner: Scope): number {
  let depth = 0;
  for (let s: Scope | null = from; s !== null; s = s.parent, depth++) {
    if (s === owner) {
      for (let t: Scope | null = from; t !== owner && t !== null; t = t.parent) {
        t.correlated = true;
      }
      return depth;
    }
  }
  return -1;
}

/** Fold an identifier for comparison (SQLite compares names ASCII-case-insensitively). */
export function fold(s: string): string {
  return s.toLowerCase();
}

const ROWID_NAMES = new Set(["rowid", "oid", "_rowid_"]);

/** The sources visible at one query level. */
export class Scope {
  readonly sources: Source[] = [];
  /** Set when a name resolved into an enclosing scope (correlated subquery). */
  correlated = false;
  /** Lowest source level referenced per resolution (for WHERE term placement). */
  constructor(readonly parent: Scope | null) {}

  /**
   * Resolve `[table.]column`. Returns null when nothing matches (the caller decides between
   * an error and the DQS string fallback). Throws for ambiguous names.
   */
  lookup(table: string | null, column: string): ResolvedColumn | null {
    let depth = 0;
    // deno-lint-ignore no-this-alias
    let scope: Scope | null = this;
    const col = fold(column);
    const tab = table === null ? null : fold(table);
    while (scope !== null) {
      const r = scope.lookupHere(tab, col, table, column);
      if (r !== null) {
        if (depth > 0) {
          // mark every scope between here and there as correlated
          // deno-lint-ignore no-this-alias
          let s: Scope | null = this;
          for (let i = 0; i < depth && s !== null; i++, s = s.parent) s.correlated = true;
        }
        return r.coalesce === undefined
          ? { source: r.source, column: r.column, depth }
          : { source: r.source, column: r.column, depth, coalesce: r.coalesce };
      }
      scope = scope.parent;
      depth++;
    }
    return null;
  }

  /**
   * Resolve `[table.]column` among this level's sources only (not enclosing queries): null when
   * nothing matches; throws for ambiguous names. Cold.
   */
  lookupLocal(table: string | null, column: string): ResolvedColumn | null {
    const r = this.lookupHere(table === null ? null : fold(table), fold(column), table, column);
    if (r === null) return null;
    return r.coalesce === undefined
      ? { source: r.source, column: r.column, depth: 0 }
      : { source: r.source, column: r.column, depth: 0, coalesce: r.coalesce };
  }

  private lookupHere(
    tab: string | null,
    col: string,
    tableText: string | null,
    columnText: string,
  ): { source: Source; column: number; coalesce?: { source: Source; column: number }[] } | null {
    let found:
      | { source: Source; column: number; coalesce?: { source: Source; column: number }[] }
      | null = null;
    let matchedTable = false;
    for (const s of this.sources) {
      if (tab !== null && fold(s.name) !== tab) continue;
      matchedTable = true;
      for (let i = 0; i < s.columns.length; i++) {
        if (fold(s.columns[i].name) !== col) continue;
        if (found !== null) {
          // USING/NATURAL: the right-hand duplicate is the same column — the left-most copy,
          // the right-hand one of a RIGHT JOIN, the coalesce of them all for a FULL JOIN
          if (tab === null && s.usingFrom.get(col) !== undefined) {
            if (s.outerRight === "right") found = { source: s, column: i };
            else if (s.outerRight === "full") {
              found = {
                source: found.source,
                column: found.column,
                coalesce: [...(found.coalesce ?? []), { source: s, column: i }],
              };
            }
            break;
          }
          throw new SqliteError(
            `ambiguous column name: ${tableText === null ? "" : tableText + "."}${columnText}`,
          );
        }
        found = { source: s, column: i };
        break;
      }
    }
    if (found !== null) return found;
    if (ROWID_NAMES.has(col)) {
      let rs: Source | null = null;
      for (const s of this.sources) {
        if (tab !== null && fold(s.name) !== tab) continue;
        if (!s.hasRowid) continue;
        if (rs !== null && tab === null) {
          throw new SqliteError(`ambiguous column name: ${columnText}`);
        }
        rs = s;
      }
      if (rs !== null) return { source: rs, column: rs.rowidAlias >= 0 ? rs.rowidAlias : -1 };
    }
    void matchedTable;
    return null;
  }

  /** The source named `name` (for `tbl.*`), or undefined. */
  source(name: string): Source | undefined {
    const n = fold(name);
    return this.sources.find((s) => fold(s.name) === n);
  }
}

/** The message for an unresolvable column as SQLite words it. */
export function noSuchColumn(
  table: string | null,
  column: string,
  schema?: string | null,
): SqliteError {
  const q = schema
    ? `${schema}.${table}.${column}`
    : table === null
    ? column
    : `${table}.${column}`;
  return new SqliteError(`no such column: ${q}`);
}
