/**
 * Expression printer: renders an `Expr` back to SQL text that parses to the same AST.
 *
 * Operands are parenthesised exactly where parse.y's precedence would otherwise regroup them
 * (NOT IN / NOT LIKE / NOT BETWEEN bind as loosely as NOT, as SQLite's LALR parser binds them;
 * nested prefix `- + ~` keep parentheses so `- -x` never becomes a `--` comment); identifiers
 * are re-quoted the way they were written (`quoted`), literals keep their source text.
 * Cold: used for schema rewriting and tests, not per row.
 * Must never: change meaning (no constant folding, no normalisation beyond the AST's own).
 * @module
 */

import type {
  Expr,
  FrameBound,
  Name,
  OrderingTerm,
  TypeName,
  WindowRef,
  WindowSpec,
} from "../ast.ts";
import { printSelect } from "./stmt.ts";
import { isIdChar } from "../tokenizer.ts";

/** Quote a name as it was written. */
export function printName(n: Name): string {
  switch (n.quoted) {
    case null:
      // A bare name prints bare (it came from a context where it is an identifier); a name
      // built by the engine that is not lexically an identifier is double-quoted.
      return isBareIdentifier(n.name) ? n.name : '"' + n.name.replaceAll('"', '""') + '"';
    case '"':
      return '"' + n.name.replaceAll('"', '""') + '"';
    case "`":
      return "`" + n.name.replaceAll("`", "``") + "`";
    case "[":
      return "[" + n.name + "]";
    case "'":
      return quoteString(n.name);
  }
}

/** Whether `s` tokenizes as one plain identifier or keyword (letters, digits, `_`, `$`, non-ASCII). */
function isBareIdentifier(s: string): boolean {
  if (s.length === 0) return false;
  const c0 = s.charCodeAt(0);
  if ((c0 >= 48 && c0 <= 57) || c0 === 36) return false;
  for (let i = 0; i < s.length; i++) if (!isIdChar(s.charCodeAt(i))) return false;
  return true;
}

/** A string literal with doubled quotes. */
export function quoteString(s: string): string {
  return "'" + s.replaceAll("'", "''") + "'";
}

/** Binding power of each binary operator (parse.y's precedence lines, lowest first). */
const BINARY_PREC: Record<string, number> = {
  "OR": 1,
  "AND": 2,
  "=": 4,
  "!=": 4,
  "IS": 4,
  "IS NOT": 4,
  "<": 5,
  "<=": 5,
  ">": 5,
  ">=": 5,
  "&": 7,
  "|": 7,
  "<<": 7,
  ">>": 7,
  "+": 8,
  "-": 8,
  "*": 9,
  "/": 9,
  "%": 9,
  "||": 10,
  "->": 10,
  "->>": 10,
};

/**
 * How tightly an expression's printed form binds: 13 for self-delimited forms, 12 for prefix
 * `- + ~`, 11 COLLATE, the binary levels, 4 for IS/IN/LIKE/BETWEEN/IS NULL forms, 3 for prefix
 * NOT and the NOT IN / NOT LIKE / NOT BETWEEN forms (which SQLite's parser binds as loosely as
 * NOT), 2 AND, 1 OR.
 */
function precedence(e: Expr): number {
  switch (e.kind) {
    case "binary":
      return BINARY_PREC[e.op];
    case "unary":
      return e.op === "NOT" ? 3 : 12;
    case "like":
    case "between":
    case "in":
      return e.not ? 3 : 4;
    case "isNull":
      return 4;
    case "collate":
      return 11;
    default:
      return 13;
  }
}

/** Print `e` as an operand needing binding power `min`, parenthesised when it binds less. */
function operand(e: Expr, min: number): string {
  const s = printExpr(e);
  return precedence(e) >= min ? s : "(" + s + ")";
}

/** Print a comma-separated expression list. */
export function printExprList(list: Expr[]): string {
  return list.map(printExpr).join(", ");
}

/** Print an ORDER BY / index term list. */
export function printSortList(list: OrderingTerm[]): string {
  return list.map((o) => {
    let s = printExpr(o.expr);
    if (o.direction) s += " " + o.direction;
    if (o.nulls) s += " NULLS " + o.nulls;
    return s;
  }).join(", ");
}

/** Print a type name (its recorded source text). */
export function printType(t: TypeName): string {
  return t.text;
}

function printBound(b: FrameBound): string {
  switch (b.kind) {
    case "unboundedPreceding":
      return "UNBOUNDED PRECEDING";
    case "unboundedFollowing":
      return "UNBOUNDED FOLLOWING";
    case "currentRow":
      return "CURRENT ROW";
    case "preceding":
      return printExpr(b.expr) + " PRECEDING";
    case "following":
      return printExpr(b.expr) + " FOLLOWING";
  }
}

/** Print a window specification without its parentheses. */
export function printWindowSpec(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.base) parts.push(printName(w.base));
  if (w.partitionBy) parts.push("PARTITION BY " + printExprList(w.partitionBy));
  if (w.orderBy) parts.push("ORDER BY " + printSortList(w.orderBy));
  if (w.frame) {
    const f = w.frame;
    let s = f.units + " ";
    s += f.end
      ? "BETWEEN " + printBound(f.start) + " AND " + printBound(f.end)
      : printBound(f.start);
    if (f.exclude) s += " EXCLUDE " + f.exclude;
    parts.push(s);
  }
  return parts.join(" ");
}

function printOver(o: WindowRef | WindowSpec): string {
  return o.kind === "windowRef" ? printName(o.name) : "(" + printWindowSpec(o) + ")";
}

/**
 * Render an expression as SQL.
 *
 * @example
 * ```ts
 * import { parse, printExpr } from "../mod.ts";
 * const s = parse("SELECT a+b*2")[0];
 * if (s.kind === "select" && s.first.kind === "core" && s.first.columns[0].kind === "expr") {
 *   printExpr(s.first.columns[0].expr); // "a + b * 2"
 * }
 * ```
 */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case "integer":
    case "real":
      return e.text;
    case "string":
      return quoteString(e.value);
    case "blob":
      return "X'" + e.hex + "'";
    case "null":
      return "NULL";
    case "bool":
      return e.value ? "TRUE" : "FALSE";
    case "current":
      return e.keyword;
    case "column": {
      let s = "";
      if (e.schema) s += printName(e.schema) + ".";
      if (e.table) s += printName(e.table) + ".";
      return s + printName(e.column);
    }
    case "param":
      return e.token;
    case "unary":
      if (e.op === "NOT") return "NOT " + operand(e.operand, 3);
      // The operand of - + ~ is a primary; nested prefix operators keep parentheses so that
      // `- -x` never prints as a `--` comment.
      return e.op + operand(e.operand, 13);
    case "binary": {
      const p = BINARY_PREC[e.op];
      return operand(e.left, p) + " " + e.op + " " + operand(e.right, p + 1);
    }
    case "like": {
      let s = operand(e.left, 4) + (e.not ? " NOT " : " ") + e.op + " " + operand(e.right, 5);
      if (e.escape) s += " ESCAPE " + operand(e.escape, 5);
      return s;
    }
    case "isNull":
      return operand(e.operand, 4) + (e.not ? " IS NOT NULL" : " IS NULL");
    case "between":
      return operand(e.operand, 4) + (e.not ? " NOT BETWEEN " : " BETWEEN ") +
        operand(e.low, 5) + " AND " + operand(e.high, 5);
    case "in": {
      let s = operand(e.operand, 4) + (e.not ? " NOT IN " : " IN ");
      const src = e.source;
      if (src.kind === "list") s += "(" + printExprList(src.items) + ")";
      else if (src.kind === "select") s += "(" + printSelect(src.select) + ")";
      else {
        s += (src.schema ? printName(src.schema) + "." : "") + printName(src.name);
        if (src.args) s += "(" + printExprList(src.args) + ")";
      }
      return s;
    }
    case "case": {
      let s = "CASE";
      if (e.operand) s += " " + printExpr(e.operand);
      for (const w of e.whens) s += " WHEN " + printExpr(w.when) + " THEN " + printExpr(w.then);
      if (e.else) s += " ELSE " + printExpr(e.else);
      return s + " END";
    }
    case "cast":
      return "CAST(" + printExpr(e.operand) + " AS " + printType(e.type) + ")";
    case "collate":
      return operand(e.operand, 11) + " COLLATE " + printName(e.collation);
    case "exists":
      return "EXISTS (" + printSelect(e.select) + ")";
    case "subquery":
      return "(" + printSelect(e.select) + ")";
    case "vector":
      return "(" + printExprList(e.items) + ")";
    case "raise":
      return e.message === null
        ? "RAISE(IGNORE)"
        : "RAISE(" + e.action + ", " + printExpr(e.message) + ")";
    case "call": {
      let s = printName(e.name) + "(";
      if (e.star) s += "*";
      else {
        if (e.distinct) s += "DISTINCT ";
        s += printExprList(e.args);
        if (e.orderBy) s += " ORDER BY " + printSortList(e.orderBy);
      }
      s += ")";
      if (e.filter) s += " FILTER (WHERE " + printExpr(e.filter) + ")";
      if (e.over) s += " OVER " + printOver(e.over);
      return s;
    }
  }
}
