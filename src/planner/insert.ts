/**
 * INSERT planning — SQLite's insert.c (sqlite3Insert) up to code generation: the target table,
 * which source value feeds which column, the row source (VALUES rows, a SELECT, DEFAULT VALUES)
 * and the conflict clause, with SQLite's errors for bad targets and column counts.
 *
 * Owns: `planInsert`. Execution (affinity, constraints, index upkeep) is the connection's
 * row writer (src/api/connection_write.ts) driven by src/api/connection_dml.ts.
 * Must never: evaluate expressions or touch storage. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type {
  ConflictAction,
  Expr,
  InsertStmt,
  ResultColumn,
  SelectStmt,
  SetClause,
} from "../sql/ast.ts";
import {
  columnIndex,
  foldName,
  isRowidName,
  type Schema,
  type Table,
  type View,
} from "./schema.ts";

/** What an INSERT will do. */
export interface InsertPlan {
  readonly kind: "insert";
  readonly table: Table;
  /** For each table column: the index of its value in a source row, or -1 for its DEFAULT. */
  readonly columnMap: readonly number[];
  /** Index in the source row of an explicit `rowid` column, or -1. */
  readonly rowidSource: number;
  /** Source: a SELECT/VALUES statement, or DEFAULT VALUES. */
  readonly source: SelectStmt | null;
  /** `INSERT OR …` / `REPLACE`, or null (each constraint's own clause applies). */
  readonly or: ConflictAction | null;
  /** Number of values each source row must have. */
  readonly width: number;
  /** True when the statement named its columns. */
  readonly namedColumns: boolean;
  /** `ON CONFLICT [(target)] DO NOTHING`, or null. */
  readonly upsert: UpsertNothing | null;
  /** The RETURNING list, or null. */
  readonly returning: ResultColumn[] | null;
  /** `INSERT INTO t AS alias`, or null. */
  readonly alias: string | null;
}

/** An upsert that skips the row on a uniqueness conflict (with the target's columns, or any). */
export interface UpsertNothing {
  /** Conflict-target column names, or null for any PRIMARY KEY / UNIQUE constraint. */
  readonly target: readonly string[] | null;
  /** `DO UPDATE SET … [WHERE …]`, or null for DO NOTHING. */
  readonly update: { readonly sets: SetClause[]; readonly where: Expr | null } | null;
}

/** Count the result columns of a VALUES/SELECT source when it can be known syntactically. */
function sourceWidth(sel: SelectStmt): number | null {
  const f = sel.first;
  if (f.kind === "values") return f.rows.length > 0 ? f.rows[0].length : 0;
  for (const c of f.columns) if (c.kind !== "expr") return null;
  return f.columns.length;
}

/** Resolve the target of a write statement (errors as SQLite words them). */
export function writeTarget(
  schema: Schema,
  name: string,
  allowView = false,
  qualifier: string | null = null,
): Table | View {
  if (qualifier !== null && qualifier.toLowerCase() !== "main") {
    // Only the main database holds tables here (no ATTACH, no TEMP tables).
    throw new SqliteError(`no such table: ${qualifier}.${name}`);
  }
  const t = schema.tableOrView(name);
  if (t === undefined) {
    throw new SqliteError(`no such table: ${qualifier === null ? "" : qualifier + "."}${name}`);
  }
  if (t.kind === "view") {
    if (!allowView) throw new SqliteError(`cannot modify ${t.name} because it is a view`);
    return t;
  }
  const key = foldName(t.name);
  if (key === "sqlite_schema" || key === "sqlite_master") {
    // SQLite names its schema table by the internal (legacy) name in this error.
    throw new SqliteError("table sqlite_master may not be modified");
  }
  return t;
}

/** Plan an INSERT. */
export function planInsert(stmt: InsertStmt, schema: Schema): InsertPlan {
  let upsert: UpsertNothing | null = null;
  if (stmt.upsert.length > 0) {
    const u = stmt.upsert[0];
    if (stmt.upsert.length > 1 || u.targetWhere !== null) {
      throw new SqliteError("multiple or partial-index UPSERT clauses are not supported yet");
    }
    upsert = {
      update: u.action.kind === "update" ? { sets: u.action.sets, where: u.action.where } : null,
      target: u.target === null ? null : u.target.map((t) => {
        const e = t.expr.kind === "collate" ? t.expr.operand : t.expr;
        if (e.kind !== "column") {
          throw new SqliteError(
            "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint",
          );
        }
        return e.column.name;
      }),
    };
  }
  if (stmt.returning !== null && upsert !== null) {
    throw new SqliteError("RETURNING together with UPSERT is not supported yet");
  }
  if (stmt.with !== null) throw new SqliteError("WITH on INSERT is not supported yet");
  const target = writeTarget(schema, stmt.table.name, false, stmt.schema?.name ?? null);
  const table = target as Table;
  const or: ConflictAction | null = stmt.verb === "REPLACE" ? "REPLACE" : stmt.or;
  const nCol = table.columns.length;
  const columnMap: number[] = new Array(nCol).fill(-1);
  let rowidSource = -1;
  let nNamed = nCol;
  if (stmt.columns !== null) {
    nNamed = stmt.columns.length;
    stmt.columns.forEach((n, i) => {
      const c = columnIndex(table, n.name);
      if (c >= 0) {
        if (columnMap[c] < 0) columnMap[c] = i; // a repeated column: the first one wins
      } else if (isRowidName(n.name) && !table.withoutRowid) {
        if (table.rowidAlias >= 0) columnMap[table.rowidAlias] = i;
        else rowidSource = i;
      } else {
        throw new SqliteError(`table ${table.name} has no column named ${n.name}`);
      }
    });
  } else {
    for (let i = 0; i < nCol; i++) columnMap[i] = i;
  }
  let source: SelectStmt | null = null;
  if (stmt.source.kind === "select") {
    source = stmt.source.select;
    const w = sourceWidth(source);
    if (w !== null && w !== nNamed) {
      if (stmt.columns === null) {
        throw new SqliteError(
          `table ${table.name} has ${nCol} columns but ${w} values were supplied`,
        );
      }
      throw new SqliteError(`${w} values for ${nNamed} columns`);
    }
  } else {
    columnMap.fill(-1); // DEFAULT VALUES: every column takes its default
    rowidSource = -1;
  }
  return {
    kind: "insert",
    table,
    columnMap,
    rowidSource,
    source,
    or,
    width: nNamed,
    namedColumns: stmt.columns !== null,
    upsert,
    returning: stmt.returning,
    alias: stmt.alias?.name ?? null,
  };
}

/** The width check for a source whose width is known only after compiling it. */
export function checkSourceWidth(plan: InsertPlan, width: number): void {
  if (width === plan.width) return;
  if (!plan.namedColumns) {
    throw new SqliteError(
      `table ${plan.table.name} has ${plan.table.columns.length} columns but ${width} values were supplied`,
    );
  }
  throw new SqliteError(`${width} values for ${plan.width} columns`);
}
