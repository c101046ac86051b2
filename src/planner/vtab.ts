/**
 * The virtual-table module interface as the planner sees it — SQLite's sqlite3_module /
 * sqlite3_vtab seen from where.c (whereLoopAddVirtual) and vtab.c: a table whose rows come from
 * code instead of a b-tree. The planner defines the shape (like `FunctionResolver`); the layers
 * above implement it (json_each/json_tree in src/func/json/each.ts, `db.table()` in
 * src/api/vtab.ts) and the VM runs the cursor through `impl` (src/vdbe/ops/vtab.ts).
 *
 * Owns: `VTable` (declared columns, xBestIndex), `VTabConstraint`/`VTabIndexPlan` (the
 * sqlite3_index_info exchange, restricted to what this engine offers: `=` constraints and the
 * operators a module must reject), `VTabResolver` (names → tables for FROM).
 * Must never: run rows or import the VM — `impl` is opaque here, as `FuncRef.impl` is.
 * Cold (compile time).
 * @module
 */

/** One column a virtual table declares (sqlite3_declare_vtab's CREATE TABLE). */
export interface VTabColumn {
  readonly name: string;
  /** Declared HIDDEN: omitted from `*`, bound by table-valued-function arguments. */
  readonly hidden: boolean;
  /** Declared type (affinity), or null. */
  readonly decltype: string | null;
}

/** SQLITE_INDEX_CONSTRAINT_* operators a WHERE term may offer. */
export type VTabOp =
  | "="
  | ">"
  | "<="
  | "<"
  | ">="
  | "MATCH"
  | "LIKE"
  | "GLOB"
  | "REGEXP"
  | "!="
  | "IS NOT"
  | "IS NOT NULL"
  | "IS NULL"
  | "IS";

/** One constraint offered to xBestIndex (sqlite3_index_info.aConstraint[i]). */
export interface VTabConstraint {
  /** Column number (declared order, hidden columns included); -1 = rowid. */
  readonly column: number;
  readonly op: VTabOp;
  /** False when the right-hand side needs a table not yet in the outer loops. */
  readonly usable: boolean;
}

/** One ORDER BY term offered to xBestIndex (aOrderBy[i]): a column (-1 = rowid) and its order. */
export interface VTabOrderBy {
  readonly column: number;
  readonly desc: boolean;
}

/** What xBestIndex chose (idxNum, idxStr, aConstraintUsage, estimatedCost/Rows). */
export interface VTabIndexPlan {
  readonly idxNum: number;
  readonly idxStr: string | null;
  /** Per offered constraint: its 1-based position among xFilter's arguments, or 0. */
  readonly argvIndex: readonly number[];
  /** Per offered constraint: the module enforces it (the VM need not test it again). */
  readonly omit: readonly boolean[];
  readonly estimatedCost: number;
  readonly estimatedRows: number;
  /** The rows come out in the offered ORDER BY order (no sorter needed). */
  readonly orderByConsumed?: boolean;
  /** SQLITE_INDEX_SCAN_HEX: EXPLAIN QUERY PLAN prints idxNum in hex (`INDEX 0x8:`). */
  readonly idxNumHex?: boolean;
}

/**
 * A connected virtual table (sqlite3_vtab). `bestIndex` returns null for SQLITE_CONSTRAINT (the
 * plan is not allowed with these usable flags) and throws SqliteError for a module error;
 * `orderBy` is the query's ORDER BY when every term is a column of this table, else empty.
 */
export interface VTable {
  /** The module name (for messages). */
  readonly module: string;
  readonly columns: readonly VTabColumn[];
  bestIndex(
    constraints: readonly VTabConstraint[],
    orderBy: readonly VTabOrderBy[],
  ): VTabIndexPlan | null;
  /** SQLITE_VTAB_DIRECTONLY: not usable from triggers and views. */
  readonly directOnly: boolean;
  /** SQLITE_VTAB_INNOCUOUS: usable from triggers and views even with trusted_schema off. */
  readonly innocuous?: boolean;
  /** The runtime object the VM opens cursors on (src/vdbe/ops/vtab.ts `VmVTab`). */
  readonly impl: unknown;
}

/**
 * How the compiler finds virtual tables by name: `eponymous` for table-valued functions and
 * eponymous tables (`FROM json_each(…)`, `FROM name`), `table` for tables made by CREATE
 * VIRTUAL TABLE.
 */
export interface VTabResolver {
  eponymous(name: string): VTable | undefined;
  table(name: string): VTable | undefined;
  /** PRAGMA trusted_schema: when off, only innocuous tables may be used in views/triggers. */
  readonly trustedSchema?: boolean;
}

/** FROM items written in a view or a trigger body (SQLite's SrcItem.fg.fromDDL). */
const fromDdl = new WeakSet<object>();

/**
 * Mark every FROM item inside a view's SELECT or a trigger's body as coming from the schema, so
 * a `directOnly` virtual table there is refused (`unsafe use of virtual table "t"`). Cold.
 */
export function markFromDdl(ast: unknown): void {
  const seen = new Set<object>();
  const visit = (x: unknown): void => {
    if (typeof x !== "object" || x === null || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      for (const e of x) visit(e);
      return;
    }
    const k = (x as { kind?: unknown }).kind;
    if ((k === "function" || k === "table") && "alias" in x) fromDdl.add(x);
    for (const v of Object.values(x)) visit(v);
  };
  visit(ast);
}

/** Was this FROM item written in a view or trigger (see {@link markFromDdl})? */
export function isFromDdl(item: object): boolean {
  return fromDdl.has(item);
}
