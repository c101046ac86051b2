/**
 * DELETE planning — SQLite's delete.c (sqlite3DeleteFrom) up to code generation: the target and
 * the SELECT that lists the rowids to delete (`SELECT rowid FROM t WHERE … ORDER BY … LIMIT …`),
 * or the truncate optimisation when there is no WHERE clause (and no triggers).
 *
 * Owns: `planDelete`. Must never: evaluate or write. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { DeleteStmt, ResultColumn, SelectStmt } from "../sql/ast.ts";
import { columnRefOf, isSingleRowWhere, selectOf } from "./insert_ast.ts";
import { writeTarget } from "./insert.ts";
import type { Schema, Table } from "./schema.ts";
import { rowidNames } from "./update.ts";

/** What a DELETE will do. */
export interface DeletePlan {
  readonly kind: "delete";
  readonly table: Table;
  /** `SELECT rowid FROM t WHERE …`, or null to delete every row (truncate). */
  readonly select: SelectStmt | null;
  /**
   * For a truncate: `SELECT rowid FROM t`, the row-by-row fallback when the trees cannot be
   * cleared because another statement reads them.
   */
  readonly scanAll: SelectStmt | null;
  /** The WHERE clause picks at most one row by rowid. */
  readonly singleRow: boolean;
  /** The RETURNING list, or null. */
  readonly returning: ResultColumn[] | null;
  /** The name the table is qualified by (alias or table name). */
  readonly qualifier: string;
}

/** Plan a DELETE. */
export function planDelete(stmt: DeleteStmt, schema: Schema): DeletePlan {
  if (stmt.with !== null) throw new SqliteError("WITH on DELETE is not supported yet");
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
  const all = stmt.where === null && stmt.limit === null && table.triggers.length === 0 &&
    stmt.returning === null;
  const select = all ? null : selectOf(
    [columnRefOf(qual, "rowid")],
    { ...stmt.table },
    stmt.where,
    stmt.orderBy,
    stmt.limit,
  );
  const singleRow = isSingleRowWhere(stmt.where, [qual.toLowerCase()], rowidNames(table));
  return {
    kind: "delete",
    table,
    select,
    scanAll: select === null ? selectOf([columnRefOf(qual, "rowid")], { ...stmt.table }) : null,
    singleRow,
    returning: stmt.returning,
    qualifier: qual,
  };
}
