/**
 * Expression heights as SQLite's expr.c computes them (Expr.nHeight), for the planner's share of
 * the SQLITE_MAX_EXPR_DEPTH check: sqlite3ResolveExprNames adds the height of every expression
 * it resolves to pParse->nHeight, including the enclosing expressions' heights while it descends
 * into subqueries, and reports "Expression tree is too large (maximum depth 1000)" past 1000.
 * The parser applies the same rules while building nodes; this module recomputes them from an AST.
 *
 * Rules (parse.y / expr.c): a leaf is 1; a node is one more than its tallest child; COLLATE and
 * vectors are 1; BETWEEN counts only its left operand; `x IN (const)` counts the `+const`
 * parse.y rewrites it to; `x [NOT] IN ()` is 1; a subquery node counts its SELECT's tallest
 * result / WHERE / GROUP BY / HAVING / ORDER BY / LIMIT expression (compound terms included).
 * Cold: walks the tree on demand.
 * Must never: mutate the AST.
 * @module
 */

import type { Expr, SelectStmt } from "./ast.ts";

function max(a: number, b: number): number {
  return a > b ? a : b;
}

function listHeight(list: readonly Expr[] | null, h: number): number {
  if (list) { for (const e of list) h = max(h, exprHeight(e)); }
  return h;
}

/**
 * The tallest expression of a SELECT (expr.c heightOfSelect), 0 for one without expressions.
 *
 * @example
 * ```ts
 * import { parse } from "./mod.ts";
 * import { selectHeight } from "./height.ts";
 * const s = parse("SELECT 1 + 2 FROM t WHERE a")[0];
 * if (s.kind === "select") selectHeight(s); // 2
 * ```
 */
export function selectHeight(s: SelectStmt): number {
  let h = 0;
  for (const core of [s.first, ...s.compounds.map((c) => c.select)]) {
    if (core.kind === "values") {
      for (const row of core.rows) h = listHeight(row, h);
      continue;
    }
    for (const c of core.columns) if (c.kind === "expr") h = max(h, exprHeight(c.expr));
    if (core.where) h = max(h, exprHeight(core.where));
    h = listHeight(core.groupBy, h);
    if (core.having) h = max(h, exprHeight(core.having));
  }
  if (s.orderBy) { for (const o of s.orderBy) h = max(h, exprHeight(o.expr)); }
  if (s.limit) {
    h = max(h, 1 + max(exprHeight(s.limit.limit), s.limit.offset ? exprHeight(s.limit.offset) : 0));
  }
  return h;
}

/**
 * Whether an expression is constant as the parser sees it (sqlite3ExprIsConstant at parse time:
 * no column other than TRUE/FALSE, no function call, no subquery; parameters count as constant).
 * Cold.
 *
 * @example
 * ```ts
 * import { parse } from "./mod.ts";
 * import { isParseConstant } from "./height.ts";
 * const s = parse("SELECT 1 + ?")[0];
 * if (s.kind === "select" && s.first.kind === "core" && s.first.columns[0].kind === "expr") {
 *   isParseConstant(s.first.columns[0].expr); // true
 * }
 * ```
 */
export function isParseConstant(e: Expr): boolean {
  switch (e.kind) {
    case "integer":
    case "real":
    case "string":
    case "blob":
    case "null":
    case "bool":
    case "param":
    case "raise":
      return true;
    case "column": {
      if (e.table !== null) return false;
      const n = e.column.name.toLowerCase();
      return e.column.quoted === null && (n === "true" || n === "false");
    }
    case "current":
    case "call":
    case "subquery":
    case "exists":
      return false;
    case "unary":
    case "cast":
    case "collate":
    case "isNull":
      return isParseConstant(e.operand);
    case "binary":
      return isParseConstant(e.left) && isParseConstant(e.right);
    case "like":
      return isParseConstant(e.left) && isParseConstant(e.right) &&
        (e.escape === null || isParseConstant(e.escape));
    case "between":
      return isParseConstant(e.operand) && isParseConstant(e.low) && isParseConstant(e.high);
    case "in":
      return isParseConstant(e.operand) && e.source.kind === "list" &&
        e.source.items.every(isParseConstant);
    case "case":
      return (e.operand === null || isParseConstant(e.operand)) &&
        e.whens.every((w) => isParseConstant(w.when) && isParseConstant(w.then)) &&
        (e.else === null || isParseConstant(e.else));
    case "vector":
      return e.items.every(isParseConstant);
  }
}

/**
 * Expr.nHeight of an expression, as SQLite computes it while parsing.
 *
 * @example
 * ```ts
 * import { parse } from "./mod.ts";
 * import { exprHeight } from "./height.ts";
 * const s = parse("SELECT a + b * c")[0];
 * if (s.kind === "select" && s.first.kind === "core" && s.first.columns[0].kind === "expr") {
 *   exprHeight(s.first.columns[0].expr); // 3
 * }
 * ```
 */
export function exprHeight(e: Expr): number {
  switch (e.kind) {
    case "integer":
    case "real":
    case "string":
    case "blob":
    case "null":
    case "bool":
    case "current":
    case "param":
    case "collate":
    case "vector":
      return 1;
    case "column":
      return e.schema ? 3 : e.table ? 2 : 1;
    case "unary":
      return exprHeight(e.operand) + 1;
    case "binary":
      return max(exprHeight(e.left), exprHeight(e.right)) + 1;
    case "isNull":
      return exprHeight(e.operand) + 1;
    case "like": {
      let h = max(exprHeight(e.left), exprHeight(e.right));
      if (e.escape) h = max(h, exprHeight(e.escape));
      return h + (e.not ? 2 : 1);
    }
    case "between":
      return exprHeight(e.operand) + (e.not ? 2 : 1);
    case "in": {
      const hl = exprHeight(e.operand);
      const src = e.source;
      let h: number;
      if (src.kind === "list") {
        if (src.items.length === 0) return 1;
        const one = src.items.length === 1 && e.operand.kind !== "vector" &&
          isParseConstant(src.items[0]);
        const hi = listHeight(src.items, 0);
        h = max(hl, one ? hi + 1 : hi) + 1;
      } else if (src.kind === "select") {
        h = max(hl, selectHeight(src.select)) + 1;
      } else {
        h = hl + 1;
      }
      return h + (e.not ? 1 : 0);
    }
    case "case": {
      let h = e.operand ? exprHeight(e.operand) : 0;
      for (const w of e.whens) h = max(h, max(exprHeight(w.when), exprHeight(w.then)));
      if (e.else) h = max(h, exprHeight(e.else));
      return h + 1;
    }
    case "cast":
      return exprHeight(e.operand) + 1;
    case "exists":
    case "subquery":
      return selectHeight(e.select) + 1;
    case "raise":
      return e.message ? exprHeight(e.message) + 1 : 1;
    case "call":
      return listHeight(e.args, 0) + 1;
  }
}
