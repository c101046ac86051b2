/**
 * UPDATE planning — SQLite's update.c (sqlite3Update) up to code generation: the target, the
 * SET list mapped onto columns (rowid aliases included), and the SELECT that finds each row to
 * change together with its new values: `SELECT rowid, <new value of every column>[, new rowid]
 * FROM t WHERE … ORDER BY … LIMIT …` (the two-pass strategy SQLite uses when it cannot update
 * in one pass).
 *
 * Owns: `planUpdate`. Must never: evaluate or write. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { ConflictAction, Expr, ResultColumn, SelectStmt, UpdateStmt } from "../sql/ast.ts";
import { columnRefOf, isSingleRowWhere, paramOf, selectOf } from "./insert_ast.ts";
import { writeTarget } from "./insert.ts";
import { columnIndex, isRowidName, type Table } from "./schema.ts";
import type { Schema } from "./schema.ts";

/** What an UPDATE will do. */
export interface UpdatePlan {
  readonly kind: "update";
  readonly table: Table;
  /** `SELECT rowid, col0', col1', …[, newRowid]` over the rows to change. */
  readonly select: SelectStmt;
  /**
   * The same columns for one row, `… FROM t WHERE rowid = ?K` (K = `rowidParam`): the second
   * pass of a two-pass UPDATE recomputes the new values from the row as it is then.
   */
  readonly rowSelect: SelectStmt;
  /** The parameter index the second pass binds the rowid to. */
  readonly rowidParam: number;
  /** True when the SELECT has a trailing new-rowid column (SET rowid = … without an alias). */
  readonly setsRowid: boolean;
  /** Columns assigned by SET. */
  readonly changed: ReadonlySet<number>;
  /** The WHERE clause picks at most one row by rowid. */
  readonly singleRow: boolean;
  /** The RETURNING list, or null. */
  readonly returning: ResultColumn[] | null;
  /** The name the table is qualified by (alias or table name). */
  readonly qualifier: string;
  readonly or: ConflictAction | null;
  /** `UPDATE … FROM`: a target row may match several joined rows; the first one is used. */
  readonly hasFrom: boolean;
  /** Per column: its SET expression, or null when the column keeps its value (bytecode UPDATE). */
  readonly newValues: readonly (Expr | null)[];
  /** `SET rowid = …` on a table without an INTEGER PRIMARY KEY, else null. */
  readonly rowidExpr: Expr | null;
  /**
   * `SELECT rowid, <every column> FROM t WHERE … ORDER BY … LIMIT …`: the rows to change
   * (bytecode UPDATE; only the rowid is used).
   */
  readonly rowidSelect: SelectStmt;
}

/** Join the UPDATE … FROM sources after the target table (a comma join, as SQLite does). */
function withFrom(sel: SelectStmt, stmt: UpdateStmt): SelectStmt {
  if (stmt.from === null || sel.first.kind !== "core" || sel.first.from === null) return sel;
  const jc = sel.first.from;
  const span = { start: 0, end: 0 };
  const joins = [
    {
      op: { kind: "comma" as const, natural: false },
      source: stmt.from.first,
      on: null,
      using: null,
      span,
    },
    ...stmt.from.joins,
  ];
  return { ...sel, first: { ...sel.first, from: { first: jc.first, joins, span } } };
}

/** The names that denote the rowid of `t` (its INTEGER PRIMARY KEY included), folded. */
export function rowidNames(t: Table): string[] {
  const n = ["rowid", "oid", "_rowid_"];
  if (t.rowidAlias >= 0) n.push(t.columns[t.rowidAlias].name.toLowerCase());
  return n;
}

/** Plan an UPDATE. */
export function planUpdate(stmt: UpdateStmt, schema: Schema, nParams = 0): UpdatePlan {
  if (stmt.with !== null) throw new SqliteError("WITH on UPDATE is not supported yet");
  const table = writeTarget(
    schema,
    stmt.table.name.name,
    false,
    stmt.table.schema?.name ?? null,
  ) as Table;
  if (table.withoutRowid) {
    // rows are found by rowid below; WITHOUT ROWID writes arrive with a later issue
    throw new SqliteError(`writing to WITHOUT ROWID table ${table.name} is not supported yet`);
  }
  const qual = stmt.table.alias?.name ?? table.name;
  const newVals: (Expr | null)[] = table.columns.map(() => null);
  let rowidExpr: Expr | null = null;
  const changed = new Set<number>();
  // Row-value assignments `(a, b) = (x, y)` become one assignment per column.
  const pairs: { name: string; value: Expr }[] = [];
  for (const set of stmt.sets) {
    if (set.columns.length === 1 && !set.parenthesized) {
      pairs.push({ name: set.columns[0].name, value: set.value });
      continue;
    }
    const v = set.value;
    const width = v.kind === "vector" ? v.items.length : 1;
    if (v.kind === "subquery" && set.columns.length > 1) {
      throw new SqliteError("row-value SET from a subquery is not supported yet");
    }
    if (width !== set.columns.length) {
      throw new SqliteError(`${set.columns.length} columns assigned ${width} values`);
    }
    set.columns.forEach((c, i) =>
      pairs.push({ name: c.name, value: v.kind === "vector" ? v.items[i] : v })
    );
  }
  for (const set of pairs) {
    const n = set.name;
    const c = columnIndex(table, n);
    if (c >= 0) {
      newVals[c] = set.value;
      changed.add(c);
    } else if (isRowidName(n) && !table.withoutRowid) {
      if (table.rowidAlias >= 0) {
        newVals[table.rowidAlias] = set.value;
        changed.add(table.rowidAlias);
      } else rowidExpr = set.value;
    } else {
      throw new SqliteError(`no such column: ${n}`);
    }
  }
  const exprs: Expr[] = [columnRefOf(qual, "rowid")];
  table.columns.forEach((col, i) => exprs.push(newVals[i] ?? columnRefOf(qual, col.name)));
  if (rowidExpr !== null) exprs.push(rowidExpr);
  const from = { ...stmt.table };
  const select = withFrom(selectOf(exprs, from, stmt.where, stmt.orderBy, stmt.limit), stmt);
  const rowidParam = nParams + 1;
  const byRowid: Expr = {
    kind: "binary",
    op: "=",
    left: columnRefOf(qual, "rowid"),
    right: paramOf(rowidParam),
    span: { start: 0, end: 0 },
  };
  // UPDATE … FROM: the row's new values come from its first matching joined row.
  const rowWhere: Expr = stmt.from === null || stmt.where === null ? byRowid : {
    kind: "binary",
    op: "AND",
    left: byRowid,
    right: stmt.where,
    span: { start: 0, end: 0 },
  };
  const rowSelect = withFrom(selectOf(exprs, { ...stmt.table }, rowWhere), stmt);
  return {
    kind: "update",
    table,
    select,
    rowSelect,
    rowidParam,
    setsRowid: rowidExpr !== null,
    changed,
    or: stmt.or,
    singleRow: stmt.from === null &&
      isSingleRowWhere(stmt.where, [qual.toLowerCase()], rowidNames(table)),
    hasFrom: stmt.from !== null,
    newValues: newVals,
    rowidExpr,
    // Every column is listed so the access path is chosen as for the whole UPDATE (an index
    // covering only the rowid must not be preferred for the scan).
    rowidSelect: withFrom(
      selectOf(
        [columnRefOf(qual, "rowid"), ...table.columns.map((col) => columnRefOf(qual, col.name))],
        { ...stmt.table },
        stmt.where,
        stmt.orderBy,
        stmt.limit,
      ),
      stmt,
    ),
    returning: stmt.returning,
    qualifier: qual,
  };
}
