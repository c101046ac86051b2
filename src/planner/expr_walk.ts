/**
 * Walking an expression tree — the planner's analogue of SQLite's walker.c for the cases that
 * stay inside one SELECT: every node of an expression, not descending into subqueries.
 * Owns: the traversal order only; callers decide what to collect. Cold (compile time).
 * @module
 */

import type * as A from "../sql/ast.ts";

/** Visit every expression node (not descending into subqueries). */
export function walk(e: A.Expr, f: (x: A.Expr) => boolean): void {
  if (!f(e)) return;
  switch (e.kind) {
    case "unary":
      walk(e.operand, f);
      return;
    case "binary":
      walk(e.left, f);
      walk(e.right, f);
      return;
    case "like":
      walk(e.left, f);
      walk(e.right, f);
      if (e.escape !== null) walk(e.escape, f);
      return;
    case "isNull":
      walk(e.operand, f);
      return;
    case "between":
      walk(e.operand, f);
      walk(e.low, f);
      walk(e.high, f);
      return;
    case "in":
      walk(e.operand, f);
      if (e.source.kind === "list") { for (const i of e.source.items) walk(i, f); }
      return;
    case "case":
      if (e.operand !== null) walk(e.operand, f);
      for (const w of e.whens) {
        walk(w.when, f);
        walk(w.then, f);
      }
      if (e.else !== null) walk(e.else, f);
      return;
    case "cast":
    case "collate":
      walk(e.operand, f);
      return;
    case "vector":
      for (const i of e.items) walk(i, f);
      return;
    case "call":
      for (const a of e.args) walk(a, f);
      if (e.filter !== null) walk(e.filter, f);
      return;
    default:
      return;
  }
}
