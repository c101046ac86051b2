/**
 * Expression grammar: parse.y's `expr`/`term` rules by precedence climbing, with SQLite's
 * operator precedence (%left OR; AND; %right NOT; %left IS MATCH LIKE_KW BETWEEN IN ISNULL
 * NOTNULL NE EQ; GT LE LT GE; %right ESCAPE; BITAND BITOR LSHIFT RSHIFT; PLUS MINUS;
 * STAR SLASH REM; CONCAT PTR; COLLATE; %right BITNOT) and expr.c's height rule (a node is one
 * more than its tallest child; COLLATE and vectors count 1; a subquery counts its SELECT's
 * tallest expression) checked against SQLITE_MAX_EXPR_DEPTH as nodes are built.
 * Hot: runs per expression token; allocates only the AST nodes it returns.
 * Must never: resolve names or evaluate anything (IN-list rewrites are the planner's).
 * @module
 */

import type {
  BinaryOp,
  CaseWhen,
  Expr,
  FunctionCall,
  InSource,
  Name,
  OrderingTerm,
  TypeName,
  WindowRef,
  WindowSpec,
} from "../ast.ts";
import { dequote, MAX_FUNCTION_ARG, type ParserState } from "./state.ts";
import { parseSelect } from "./select.ts";
import { isXDigit, type TokenType } from "../tokenizer.ts";
import { isParseConstant } from "../height.ts";
import { parseWindowBody } from "./window.ts";

// Binding power of each infix token (0 = not an infix operator here).
const PREC: Record<string, number> = {
  OR: 1,
  AND: 2,
  IS: 4,
  MATCH: 4,
  LIKE_KW: 4,
  BETWEEN: 4,
  IN: 4,
  ISNULL: 4,
  NOTNULL: 4,
  NE: 4,
  EQ: 4,
  GT: 5,
  LE: 5,
  LT: 5,
  GE: 5,
  BITAND: 7,
  BITOR: 7,
  LSHIFT: 7,
  RSHIFT: 7,
  PLUS: 8,
  MINUS: 8,
  STAR: 9,
  SLASH: 9,
  REM: 9,
  CONCAT: 10,
  PTR: 10,
  COLLATE: 11,
};

const SIMPLE_BINARY: Record<string, BinaryOp> = {
  OR: "OR",
  AND: "AND",
  NE: "!=",
  EQ: "=",
  GT: ">",
  LE: "<=",
  LT: "<",
  GE: ">=",
  BITAND: "&",
  BITOR: "|",
  LSHIFT: "<<",
  RSHIFT: ">>",
  PLUS: "+",
  MINUS: "-",
  STAR: "*",
  SLASH: "/",
  REM: "%",
  CONCAT: "||",
};

/** Parse a full expression (`expr`). Hot. */
export function parseExpr(p: ParserState): Expr {
  return parseBinary(p, 1);
}

/** Parse an expression and fold its height into the enclosing SELECT's height. */
export function parseSelExpr(p: ParserState): Expr {
  const e = parseBinary(p, 1);
  if (p.h > p.selH) p.selH = p.h;
  return e;
}

/** Parse a comma-separated non-empty list of expressions (`nexprlist`). */
export function parseExprList(p: ParserState): Expr[] {
  const out = [parseBinary(p, 1)];
  let h = p.h;
  while (p.tok() === "COMMA") {
    p.advance();
    p.push(2); // nexprlist COMMA
    out.push(parseBinary(p, 1));
    p.pop(2);
    if (p.h > h) h = p.h;
  }
  p.h = h;
  return out;
}

function maxH(a: number, b: number): number {
  return a > b ? a : b;
}

/**
 * Precedence climbing over prefix, infix and postfix operators; with `left` given, continues
 * from an already parsed left operand. Hot. Nesting costs few JavaScript frames per level
 * (operands starting with `(` go straight to parseParen, prefix-operator runs are a loop) so
 * SQLite's own limits are reached before the JavaScript stack's.
 */
function parseBinary(
  p: ParserState,
  minPrec: number,
  left: Expr | null = null,
  start = 0,
  hl = 0,
): Expr {
  if (left === null) {
    start = p.start;
    const t0 = p.tok();
    if (t0 === "LP") left = parseParen(p);
    else if (t0 === "NOT" || t0 === "BITNOT" || t0 === "PLUS" || t0 === "MINUS") {
      left = parsePrefixed(p);
    } else left = parsePrimary(p);
    hl = p.h;
  }
  for (;;) {
    const t = p.tok();
    let prec = PREC[t] ?? 0;
    let not = false;
    if (t === "NOT") {
      const n = p.peek(1);
      if (n === "NULL" || n === "IN" || n === "BETWEEN" || n === "LIKE_KW" || n === "MATCH") {
        prec = 3;
        not = true;
      } else if (minPrec <= 3) {
        // SQLite shifts NOT after an expression (for NOT NULL/IN/LIKE/BETWEEN) and then
        // fails on the token after it.
        p.syntaxErrorAt(1);
      } else break;
    }
    if (prec === 0 || prec < minPrec) break;
    if (not) p.advance();
    const op = p.tok();
    if (op === "LIKE_KW" || op === "MATCH") {
      left = parseLike(p, left, hl, start, not);
    } else if (op === "BETWEEN") {
      left = parseBetween(p, left, hl, start, not);
    } else if (op === "IN") {
      p.advance();
      p.push(2);
      const source = parseInRhs(p, hl, left.kind === "vector" ? left.items.length : 0);
      p.pop(2);
      left = { kind: "in", not, operand: left, source, span: p.span(start) };
      // `x [NOT] IN ()` becomes a constant in parse.y (no NOT node).
      if (not && !(source.kind === "list" && source.items.length === 0)) p.h++;
    } else if (op === "IS") {
      left = parseIs(p, left, hl, start);
    } else if (op === "NULL" || op === "ISNULL" || op === "NOTNULL") {
      p.advance();
      left = { kind: "isNull", not: op !== "ISNULL", operand: left, span: p.span(start) };
      p.h = hl + 1;
    } else if (op === "COLLATE") {
      p.advance();
      const collation = p.ids();
      left = { kind: "collate", operand: left, collation, span: p.span(start) };
      p.h = 1;
    } else {
      const opLen = p.ends[p.i] - p.starts[p.i];
      p.advance();
      p.push(2);
      const right = parseBinary(p, prec + 1);
      p.pop(2);
      p.h = (hl > p.h ? hl : p.h) + 1;
      const bop: BinaryOp = op === "PTR" ? (opLen === 3 ? "->>" : "->") : SIMPLE_BINARY[op];
      left = { kind: "binary", op: bop, left, right, span: p.span(start) };
    }
    hl = p.h;
    p.checkHeight(hl);
  }
  p.h = hl;
  return left;
}

/** `x IS [NOT] [DISTINCT FROM] y` (IS NULL forms become isNull). Leaves the height in p.h. */
function parseIs(p: ParserState, left: Expr, hl: number, start: number): Expr {
  p.advance();
  let held = 2;
  let isNot = false;
  if (p.tok() === "NOT") {
    p.advance();
    isNot = true;
    held++;
  }
  if (p.tok() === "DISTINCT") {
    p.advance();
    p.expect("FROM");
    isNot = !isNot;
    held += 2;
  }
  p.push(held);
  const right = parseBinary(p, 5);
  p.pop(held);
  p.h = maxH(hl, p.h) + 1;
  if (right.kind === "null") {
    return { kind: "isNull", not: isNot, operand: left, span: p.span(start) };
  }
  return { kind: "binary", op: isNot ? "IS NOT" : "IS", left, right, span: p.span(start) };
}

/** `x [NOT] LIKE|GLOB|REGEXP|MATCH y [ESCAPE z]`. Leaves the height in p.h. */
function parseLike(p: ParserState, left: Expr, hl: number, start: number, not: boolean): Expr {
  const op = p.tok() === "MATCH" ? "MATCH" : p.text().toUpperCase() as "LIKE" | "GLOB" | "REGEXP";
  p.advance();
  p.push(2);
  const right = parseBinary(p, 5);
  p.pop(2);
  let h = maxH(hl, p.h);
  let escape: Expr | null = null;
  if (p.tok() === "ESCAPE") {
    p.advance();
    p.push(4);
    escape = parseBinary(p, 5);
    p.pop(4);
    h = maxH(h, p.h);
  }
  p.h = h + (not ? 2 : 1);
  return { kind: "like", op, not, left, right, escape, span: p.span(start) };
}

/** `x [NOT] BETWEEN low AND high`. Leaves the height in p.h. */
function parseBetween(p: ParserState, left: Expr, hl: number, start: number, not: boolean): Expr {
  p.advance();
  p.push(2);
  const lowStart = p.start;
  // The middle operand extends over everything but AND (no rule can be reduced before it).
  let low = parseBinary(p, 3);
  // SQLite's LALR parser lets OR continue the middle operand (it then needs an AND).
  if (p.tok() === "OR") low = parseBinary(p, 1, low, lowStart, p.h);
  p.expect("AND");
  p.push(2);
  const high = parseBinary(p, 5);
  p.pop(4);
  // parse.y attaches the bounds after sqlite3PExpr computed the height: only `x` counts.
  p.h = hl + (not ? 2 : 1);
  return { kind: "between", not, operand: left, low, high, span: p.span(start) };
}

/**
 * A run of prefix operators (`NOT`, `~`, `-`, `+`) and their operand, built in a loop: the
 * operand of `~ - +` is a primary, the operand of `NOT` extends over operators binding tighter
 * than NOT (parse.y's %right NOT / BITNOT precedence).
 */
function parsePrefixed(p: ParserState): Expr {
  const ops: TokenType[] = [];
  const starts: number[] = [];
  for (;;) {
    const t = p.tok();
    if (t !== "NOT" && t !== "BITNOT" && t !== "PLUS" && t !== "MINUS") break;
    ops.push(t);
    starts.push(p.start);
    p.advance();
  }
  p.push(ops.length);
  let e: Expr;
  if (ops[ops.length - 1] === "NOT") e = parseBinary(p, 3);
  else if (p.tok() === "LP") e = parseParen(p);
  else e = parsePrimary(p);
  let h = p.h;
  for (let k = ops.length - 1; k >= 0; k--) {
    const t = ops[k];
    if (t === "NOT") {
      if (k < ops.length - 1) {
        // The operand of this NOT continues past the unary operators applied so far.
        e = parseBinary(p, 3, e, starts[k + 1], h);
        h = p.h;
      }
      e = { kind: "unary", op: "NOT", operand: e, span: p.span(starts[k]) };
      h++;
    } else {
      const op = t === "BITNOT" ? "~" : t === "PLUS" ? "+" : "-";
      if (op !== "~" && e.kind === "unary" && e.op === "+") {
        // parse.y: a unary +/- applied to a unary + rewrites that node's operator in place.
        e = { kind: "unary", op, operand: e.operand, span: p.span(starts[k]) };
      } else {
        e = { kind: "unary", op, operand: e, span: p.span(starts[k]) };
        h++;
      }
    }
    p.pop(1);
    p.checkHeight(h);
  }
  p.h = h;
  return e;
}

/** The right side of IN: `(list)`, `(select)`, `tbl`, `schema.tbl`, `func(args)`. */
function parseInRhs(p: ParserState, hl: number, vectorLeft: number): InSource {
  if (p.tok() === "LP") {
    p.advance();
    p.push(1);
    const t = p.tok();
    let src: InSource;
    let inError: string | null = null;
    if (t === "SELECT" || t === "VALUES" || t === "WITH") {
      const select = parseSelect(p);
      p.h = maxH(hl, p.h) + 1;
      src = { kind: "select", select };
    } else if (t === "RP") {
      src = { kind: "list", items: [] };
      p.h = 1;
    } else {
      const items = parseExprList(p);
      if (vectorLeft > 0 && !(items.length === 1 && items[0].kind === "subquery")) {
        // sqlite3ExprListToValues: each element must be a row of the left side's width.
        for (const item of items) {
          const n = item.kind === "vector" ? item.items.length : 1;
          if (n !== vectorLeft) {
            inError = `IN(...) element has ${n} term${n > 1 ? "s" : ""} - expected ${vectorLeft}`;
            break;
          }
        }
      }
      // parse.y rewrites `x IN (const)` to `x = +const`: the unary + adds a level.
      const one = items.length === 1 && vectorLeft === 0 && isParseConstant(items[0]);
      p.h = maxH(hl, one ? p.h + 1 : p.h) + 1;
      src = { kind: "list", items };
    }
    p.expect("RP");
    // The IN rule's action runs on the token after `)`.
    if (inError !== null) p.deferError(inError);
    p.pop(1);
    return src;
  }
  const first = p.nm();
  let schema: Name | null = null;
  let name = first;
  if (p.tok() === "DOT") {
    p.advance();
    schema = first;
    name = p.nm();
  }
  let args: Expr[] | null = null;
  if (p.tok() === "LP") {
    p.advance();
    args = p.tok() === "RP" ? [] : parseExprList(p);
    p.expect("RP");
  }
  p.h = hl + 1;
  return { kind: "table", schema, name, args };
}

/**
 * Validate a `_`-separated number as sqlite3DequoteNumber does (run by the QNUMBER rule's
 * action on the next token, so the error is deferred to it).
 */
function checkQNumber(p: ParserState, text: string): void {
  const buf = text.split("");
  const hex = text.length > 1 && text[0] === "0" && (text[1] === "x" || text[1] === "X");
  let out = 0;
  let msg: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "_") {
      buf[out++] = c;
    } else {
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      const ok = hex ? isXDigit(prev) && isXDigit(next) : isDigit(prev) && isDigit(next);
      if (!ok) msg = `unrecognized token: "${buf.join("")}"`;
    }
  }
  if (msg !== null) p.deferError(msg);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether a QNUMBER's text is a real (has `.` or an exponent, and is not hex). */
function qnumberIsReal(text: string): boolean {
  if (text.length > 1 && text[0] === "0" && (text[1] === "x" || text[1] === "X")) return false;
  return /[.eE]/.test(text);
}

/** Primaries: literals, names, calls, parenthesised forms, CAST, CASE, EXISTS, RAISE. */
export function parsePrimary(p: ParserState): Expr {
  const t = p.tok();
  const start = p.start;
  p.h = 1;
  switch (t) {
    case "INTEGER":
      p.advance();
      return { kind: "integer", text: p.sql.slice(start, p.prevEnd), span: p.span(start) };
    case "FLOAT":
      p.advance();
      return { kind: "real", text: p.sql.slice(start, p.prevEnd), span: p.span(start) };
    case "QNUMBER": {
      const text = p.text();
      p.advance();
      checkQNumber(p, text);
      return qnumberIsReal(text)
        ? { kind: "real", text, span: p.span(start) }
        : { kind: "integer", text, span: p.span(start) };
    }
    case "STRING":
      if (p.peek(1) === "DOT") return parseColumnRef(p);
      p.advance();
      return { kind: "string", value: dequote(p.sql, start, p.prevEnd), span: p.span(start) };
    case "BLOB": {
      p.advance();
      const hex = p.sql.slice(start + 2, p.prevEnd - 1);
      return { kind: "blob", hex, span: p.span(start) };
    }
    case "NULL":
      p.advance();
      return { kind: "null", span: p.span(start) };
    case "CTIME_KW": {
      const kw = p.text().toUpperCase() as "CURRENT_TIME" | "CURRENT_DATE" | "CURRENT_TIMESTAMP";
      p.advance();
      return { kind: "current", keyword: kw, span: p.span(start) };
    }
    case "VARIABLE": {
      const token = p.text();
      p.advance();
      if (token.charCodeAt(0) === 35 && isDigit(token.charCodeAt(1))) {
        // `#N` is rejected by the VARIABLE rule's action, which runs on the next token.
        p.deferError(`near "${token}": syntax error`);
        return { kind: "null", span: p.span(start) };
      }
      const [index, name] = p.assignVar(token);
      return { kind: "param", token, index, name, span: p.span(start) };
    }
    case "LP":
      return parseParen(p);
    case "CAST":
      return parseCast(p);
    case "CASE":
      return parseCase(p);
    case "EXISTS": {
      p.advance();
      p.expect("LP");
      p.push(2);
      const select = parseSelect(p);
      const h = p.h + 1;
      p.expect("RP");
      p.pop(2);
      p.checkHeight(h);
      p.h = h;
      return { kind: "exists", select, span: p.span(start) };
    }
    case "RAISE":
      return parseRaise(p);
  }
  if (p.isIdj()) {
    const n1 = p.peek(1);
    if (n1 === "LP") return parseCall(p);
    return parseColumnRef(p);
  }
  p.syntaxError();
}

/** `nm`, `nm.nm`, `nm.nm.nm` column references. */
function parseColumnRef(p: ParserState): Expr {
  const start = p.start;
  const a = p.takeName();
  if (p.tok() !== "DOT") {
    p.h = 1;
    return { kind: "column", schema: null, table: null, column: a, span: p.span(start) };
  }
  p.advance();
  const b = p.nm();
  if (p.tok() !== "DOT") {
    p.h = 2;
    return { kind: "column", schema: null, table: a, column: b, span: p.span(start) };
  }
  p.advance();
  const c = p.nm();
  p.h = 3;
  return { kind: "column", schema: a, table: b, column: c, span: p.span(start) };
}

/**
 * `( … )`: a scalar subquery, a parenthesised expression, or a vector. A run of directly
 * nested parentheses is handled in a loop rather than by recursion, so SQLite's own limit
 * (about 2,500 levels, "Recursion limit") is reached long before the JavaScript stack's.
 */
function parseParen(p: ParserState): Expr {
  const opens: number[] = [];
  while (p.tok() === "LP") {
    const n1 = p.peek(1);
    if (n1 === "SELECT" || n1 === "VALUES" || n1 === "WITH") break;
    opens.push(p.start);
    p.advance();
    p.push(1);
  }
  if (opens.length === 0) {
    const start = p.start;
    p.advance();
    p.push(1);
    const select = parseSelect(p);
    const h = p.h + 1;
    p.expect("RP");
    p.pop(1);
    p.checkHeight(h);
    p.h = h;
    return { kind: "subquery", select, span: p.span(start) };
  }
  let e = parseBinary(p, 1);
  let h = p.h;
  for (let k = opens.length - 1; k >= 0; k--) {
    if (p.tok() === "COMMA") {
      const items = [e];
      while (p.tok() === "COMMA") {
        p.advance();
        p.push(2); // LP nexprlist COMMA
        items.push(parseBinary(p, 1));
        p.pop(2);
      }
      p.expect("RP");
      e = { kind: "vector", items, span: p.span(opens[k]) };
      h = 1;
    } else {
      p.expect("RP");
    }
    p.pop(1);
    if (k > 0) {
      e = parseBinary(p, 1, e, opens[k], h);
      h = p.h;
    }
  }
  p.h = h;
  return e;
}

/** `CAST ( expr AS typetoken )`. */
function parseCast(p: ParserState): Expr {
  const start = p.start;
  p.advance();
  p.expect("LP");
  p.push(2);
  const operand = parseExpr(p);
  const h = p.h + 1;
  p.expect("AS");
  const type = parseTypeToken(p);
  p.expect("RP");
  p.pop(2);
  p.checkHeight(h);
  p.h = h;
  return {
    kind: "cast",
    operand,
    type: type ?? { names: [], args: [], text: "", span: { start: p.prevEnd, end: p.prevEnd } },
    span: p.span(start),
  };
}

/** `typetoken`: zero or more `ids`, then optional `(signed)` or `(signed, signed)`. */
export function parseTypeToken(p: ParserState): TypeName | null {
  if (!isTypeWord(p)) return null;
  const start = p.start;
  const names: string[] = [];
  while (isTypeWord(p)) {
    names.push(p.takeName().name);
  }
  const args: string[] = [];
  if (p.tok() === "LP") {
    p.advance();
    args.push(parseSigned(p));
    if (p.tok() === "COMMA") {
      p.advance();
      args.push(parseSigned(p));
    }
    p.expect("RP");
  }
  return { names, args, text: p.sql.slice(start, p.prevEnd), span: p.span(start) };
}

/** A type-name word: an `ids`, except GENERATED when it starts `GENERATED ALWAYS`. */
function isTypeWord(p: ParserState): boolean {
  return p.isIds() && !(p.tok() === "GENERATED" && p.peek(1) === "ALWAYS" && p.peek(2) === "AS");
}

/** `signed ::= plus_num | minus_num` — returns the text with its sign. */
export function parseSigned(p: ParserState): string {
  let sign = "";
  if (p.tok() === "PLUS") {
    p.advance();
    sign = "+";
  } else if (p.tok() === "MINUS") {
    p.advance();
    sign = "-";
  }
  const t = p.tok();
  if (t !== "INTEGER" && t !== "FLOAT") p.syntaxError();
  const text = p.text();
  p.advance();
  return sign + text;
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END`. */
function parseCase(p: ParserState): Expr {
  const start = p.start;
  p.advance();
  let operand: Expr | null = null;
  let h = 0;
  if (p.tok() !== "WHEN") {
    p.push(1); // CASE
    operand = parseBinary(p, 1);
    p.pop(1);
    h = p.h;
  }
  const whens: CaseWhen[] = [];
  if (p.tok() !== "WHEN") p.syntaxError();
  while (p.tok() === "WHEN") {
    p.advance();
    // CASE case_operand [case_exprlist] WHEN
    const held = whens.length === 0 ? 3 : 4;
    p.push(held);
    const when = parseBinary(p, 1);
    h = maxH(h, p.h);
    p.expect("THEN");
    p.push(2); // … expr THEN
    const then = parseBinary(p, 1);
    p.pop(held + 2);
    h = maxH(h, p.h);
    whens.push({ when, then });
  }
  let elseExpr: Expr | null = null;
  if (p.tok() === "ELSE") {
    p.advance();
    p.push(4); // CASE case_operand case_exprlist ELSE
    elseExpr = parseBinary(p, 1);
    p.pop(4);
    h = maxH(h, p.h);
  }
  p.expect("END");
  h++;
  p.checkHeight(h);
  p.h = h;
  return { kind: "case", operand, whens, else: elseExpr, span: p.span(start) };
}

/** `RAISE(IGNORE)` / `RAISE(ROLLBACK|ABORT|FAIL, expr)`. */
function parseRaise(p: ParserState): Expr {
  const start = p.start;
  p.advance();
  p.expect("LP");
  const t = p.tok();
  if (t === "IGNORE") {
    p.advance();
    p.expect("RP");
    p.h = 1;
    return { kind: "raise", action: "IGNORE", message: null, span: p.span(start) };
  }
  if (t !== "ROLLBACK" && t !== "ABORT" && t !== "FAIL") p.syntaxError();
  p.advance();
  p.expect("COMMA");
  p.push(4);
  const message = parseExpr(p);
  const h = p.h + 1;
  p.expect("RP");
  p.pop(4);
  p.checkHeight(h);
  p.h = h;
  return { kind: "raise", action: t, message, span: p.span(start) };
}

/** A function call with its optional DISTINCT, `*`, ORDER BY, FILTER and OVER. */
function parseCall(p: ParserState): Expr {
  const start = p.start;
  const name = p.takeName();
  p.advance(); // LP
  p.push(3);
  let distinct = false;
  let star = false;
  let args: Expr[] = [];
  let orderBy: OrderingTerm[] | null = null;
  let h = 0;
  if (p.tok() === "STAR") {
    p.advance();
    star = true;
  } else {
    if (p.tok() === "DISTINCT") {
      p.advance();
      distinct = true;
    } else if (p.tok() === "ALL") {
      p.advance();
    }
    if (p.tok() !== "RP" && p.tok() !== "ORDER") {
      args = parseExprList(p);
      h = p.h;
    }
    if (p.tok() === "ORDER") {
      p.advance();
      p.expect("BY");
      orderBy = parseSortList(p);
    }
  }
  p.expect("RP");
  p.pop(3);
  if (args.length > MAX_FUNCTION_ARG) p.deferError(`too many arguments on function ${name.name}`);
  let filter: Expr | null = null;
  let over: WindowRef | WindowSpec | null = null;
  if (p.tok() === "FILTER") {
    p.advance();
    p.expect("LP");
    p.expect("WHERE");
    const held = star ? 7 : 8; // idj LP [distinct exprlist | STAR] RP FILTER LP WHERE
    p.push(held);
    filter = parseExpr(p);
    p.pop(held);
    p.expect("RP");
  }
  if (p.tok() === "OVER") {
    p.advance();
    if (p.tok() === "LP") {
      const s = p.start;
      p.advance();
      const held = star ? 6 : 7; // idj LP [distinct exprlist | STAR] RP OVER LP
      p.push(held);
      over = parseWindowBody(p, s);
      p.pop(held);
      p.expect("RP");
      over.span = p.span(s);
    } else {
      const s = p.start;
      const n = p.nm();
      over = { kind: "windowRef", name: n, span: p.span(s) };
    }
  }
  const call: FunctionCall = {
    kind: "call",
    name,
    distinct,
    star,
    args,
    orderBy,
    filter,
    over,
    span: p.span(start),
  };
  h++;
  p.checkHeight(h);
  p.h = h;
  return call;
}

/** `sortlist`: `expr [ASC|DESC] [NULLS FIRST|LAST]`, comma-separated. */
export function parseSortList(p: ParserState): OrderingTerm[] {
  const out: OrderingTerm[] = [];
  let h = 0;
  for (;;) {
    const start = p.start;
    const expr = parseExpr(p);
    if (p.h > h) h = p.h;
    let direction: "ASC" | "DESC" | null = null;
    if (p.tok() === "ASC") {
      p.advance();
      direction = "ASC";
    } else if (p.tok() === "DESC") {
      p.advance();
      direction = "DESC";
    }
    let nulls: "FIRST" | "LAST" | null = null;
    if (p.tok() === "NULLS") {
      p.advance();
      if (p.tok() === "FIRST") nulls = "FIRST";
      else if (p.tok() === "LAST") nulls = "LAST";
      else p.syntaxError();
      p.advance();
    }
    out.push({ expr, direction, nulls, span: p.span(start) });
    if (p.tok() !== "COMMA") break;
    p.advance();
  }
  p.h = h;
  return out;
}
