/**
 * Synthesised AST for the write statements — the SELECTs an INSERT/UPDATE/DELETE runs to find
 * its rows and evaluate schema expressions, in the spirit of SQLite's insert.c/update.c, which
 * compile the same expressions with column references redirected to registers
 * (`pParse->iSelfTab`).
 *
 * Owns: building `SelectStmt` nodes (`SELECT exprs [FROM t] [WHERE …] [ORDER BY …] [LIMIT …]`)
 * and rewriting column references to bound parameters (`?N`) so an expression can be evaluated
 * for a row held in memory (CHECK, DEFAULT, index expressions, partial-index WHERE, trigger
 * NEW/OLD).
 * Must never: mutate the input AST (it copies), or evaluate anything. Cold.
 * @module
 */

import type {
  ColumnRef,
  Expr,
  LimitClause,
  Name,
  OrderingTerm,
  Parameter,
  SelectStmt,
  Span,
  TableRef,
} from "../sql/ast.ts";

const NOSPAN: Span = { start: 0, end: 0 };

/** A name node. */
export function nameOf(name: string, span: Span = NOSPAN): Name {
  return { name, quoted: null, span };
}

/** A `?index` parameter node. */
export function paramOf(index: number, span: Span = NOSPAN): Parameter {
  return { kind: "param", token: `?${index}`, index, name: null, span };
}

/** A column reference `tbl.col` (or bare `col` when tbl is null). */
export function columnRefOf(table: string | null, column: string): ColumnRef {
  return {
    kind: "column",
    schema: null,
    table: table === null ? null : nameOf(table),
    column: nameOf(column),
    span: NOSPAN,
  };
}

/** A table reference for FROM. */
export function tableRefOf(name: string, alias: string | null = null): TableRef {
  return {
    kind: "table",
    schema: null,
    name: nameOf(name),
    alias: alias === null ? null : nameOf(alias),
    indexHint: null,
    span: NOSPAN,
  };
}

/** `SELECT exprs [FROM from] [WHERE where] [ORDER BY …] [LIMIT …]`. */
export function selectOf(
  exprs: readonly Expr[],
  from: TableRef | null = null,
  where: Expr | null = null,
  orderBy: OrderingTerm[] | null = null,
  limit: LimitClause | null = null,
): SelectStmt {
  return {
    kind: "select",
    with: null,
    first: {
      kind: "core",
      distinct: null,
      columns: exprs.map((e) => ({ kind: "expr" as const, expr: e, alias: null, span: NOSPAN })),
      from: from === null ? null : { first: from, joins: [], span: NOSPAN },
      where,
      groupBy: null,
      having: null,
      windows: null,
      span: NOSPAN,
    },
    compounds: [],
    orderBy,
    limit,
    span: NOSPAN,
  };
}

/**
 * Deep-copy `node`, replacing every column reference for which `fn` returns an expression.
 * Generic over the AST: walks arrays and plain objects. Cold.
 */
export function mapColumnRefs<T>(node: T, fn: (ref: ColumnRef) => Expr | null): T {
  return walk(node, fn) as T;
}

function walk(node: unknown, fn: (ref: ColumnRef) => Expr | null): unknown {
  if (Array.isArray(node)) return node.map((x) => walk(x, fn));
  if (node === null || typeof node !== "object") return node;
  const obj = node as Record<string, unknown>;
  if (obj.kind === "column") {
    const r = fn(obj as unknown as ColumnRef);
    if (r !== null) return r;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    out[k] = k === "span" ? v : walk(v, fn);
  }
  return out;
}

/**
 * True when `where` selects at most one row of a rowid table: `rowid = <expr>` (or the INTEGER
 * PRIMARY KEY) where the other side reads no column. Lets a write skip its statement journal.
 */
export function isSingleRowWhere(
  where: Expr | null,
  qualifiers: readonly string[],
  rowidNames: readonly string[],
): boolean {
  if (where === null || where.kind !== "binary" || where.op !== "=") return false;
  const isKey = (e: Expr): boolean => {
    if (e.kind !== "column" || e.schema !== null) return false;
    if (e.table !== null && !qualifiers.includes(e.table.name.toLowerCase())) return false;
    return rowidNames.includes(e.column.name.toLowerCase());
  };
  const constant = (e: Expr): boolean =>
    e.kind === "param" || e.kind === "integer" || e.kind === "real" || e.kind === "string" ||
    e.kind === "null" || (e.kind === "unary" && constant(e.operand));
  return (isKey(where.left) && constant(where.right)) ||
    (isKey(where.right) && constant(where.left));
}

/**
 * `expr COLLATE coll` when `coll` is not BINARY: a column reference rewritten to a parameter
 * keeps its column's collating sequence (comparisons in CHECK, WHEN, trigger bodies).
 */
export function collated(expr: Expr, coll: string | null): Expr {
  if (coll === null || coll.toUpperCase() === "BINARY") return expr;
  return { kind: "collate", operand: expr, collation: nameOf(coll, expr.span), span: expr.span };
}
