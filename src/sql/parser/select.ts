/**
 * SELECT grammar: parse.y's `select`, `selectnowith`, `oneselect`, `values`/`mvalues`,
 * `selcollist`, `from`/`seltablist`/`joinop`/`on_using`, `wqlist`, `windowdefn_list`,
 * `orderby_opt`, `limit_opt`; with the parser actions' errors (parserDoubleLinkSelect's
 * "ORDER BY/LIMIT clause should come after …" and "too many terms in compound SELECT",
 * sqlite3JoinType's "unknown join type", sqlite3SrcListAppendFromTerm's "a JOIN clause is
 * required before ON/USING", sqlite3WithAdd's "duplicate WITH table name",
 * sqlite3MultiValues' row-width check).
 * Cold-ish: allocation is the AST itself.
 * Must never: resolve tables or columns.
 * @module
 */

import type {
  CommonTableExpr,
  CompoundOp,
  CompoundTerm,
  Expr,
  IndexHint,
  JoinClause,
  JoinOperator,
  JoinTerm,
  LimitClause,
  Name,
  OrderingTerm,
  ResultColumn,
  SelectCore,
  SelectStmt,
  Span,
  TableSource,
  ValuesCore,
  WindowDef,
  WithClause,
} from "../ast.ts";
import { parseExpr, parseExprList, parseSelExpr, parseSortList } from "./expr.ts";
import { parseWindowBody } from "./window.ts";
import { MAX_COMPOUND_SELECT, type ParserState } from "./state.ts";
import { isParseConstant } from "../height.ts";

/** Parse a full SELECT (optionally starting with WITH). Sets `p.h` to its height. */
export function parseSelect(p: ParserState): SelectStmt {
  const start = p.start;
  let withClause: WithClause | null = null;
  if (p.tok() === "WITH") withClause = parseWith(p);
  return parseSelectNoWith(p, withClause, start);
}

/** Parse `WITH [RECURSIVE] cte, …`. */
export function parseWith(p: ParserState): WithClause {
  const start = p.start;
  p.expect("WITH");
  let recursive = false;
  if (p.tok() === "RECURSIVE") {
    p.advance();
    recursive = true;
  }
  const ctes: CommonTableExpr[] = [];
  const seen = new Set<string>();
  for (;;) {
    const s = p.start;
    const name = p.nm();
    p.sawWith = true; // withnm: pParse->bHasWith
    const columns = p.tok() === "LP" ? parseEidList(p) : null;
    p.expect("AS");
    let materialized: CommonTableExpr["materialized"] = null;
    if (p.tok() === "MATERIALIZED") {
      p.advance();
      materialized = "MATERIALIZED";
    } else if (p.tok() === "NOT") {
      p.advance();
      p.expect("MATERIALIZED");
      materialized = "NOT MATERIALIZED";
    }
    p.expect("LP");
    p.push(5); // [WITH] withnm eidlist_opt wqas LP
    const select = parseSelect(p);
    p.expect("RP");
    p.pop(5);
    const key = name.name.toLowerCase();
    if (seen.has(key)) p.deferError(`duplicate WITH table name: ${name.name}`);
    seen.add(key);
    ctes.push({ name, columns, materialized, select, span: p.span(s) });
    if (p.tok() !== "COMMA") break;
    p.advance();
  }
  return { recursive, ctes, span: p.span(start) };
}

/** `eidlist_opt` after its `(`-check: `(nm [COLLATE ids] [ASC|DESC], …)`. */
export function parseEidList(p: ParserState): Name[] {
  p.expect("LP");
  const out: Name[] = [];
  for (;;) {
    const name = p.nm();
    let bad = false;
    if (p.tok() === "COLLATE") {
      p.advance();
      p.ids();
      bad = true;
    }
    if (p.tok() === "ASC" || p.tok() === "DESC") {
      p.advance();
      bad = true;
    }
    if (bad) {
      p.deferError(
        `syntax error after column name "${p.sql.slice(name.span.start, name.span.end)}"`,
      );
    }
    out.push(name);
    if (p.tok() !== "COMMA") break;
    p.advance();
  }
  p.expect("RP");
  return out;
}

/** `idlist`: `nm, nm, …` (no parentheses). */
export function parseIdList(p: ParserState): Name[] {
  const out = [p.nm()];
  while (p.tok() === "COMMA") {
    p.advance();
    out.push(p.nm());
  }
  return out;
}

interface OneSelect {
  core: SelectCore | ValuesCore;
  orderBy: OrderingTerm[] | null;
  limit: LimitClause | null;
}

/** `selectnowith` with ORDER BY / LIMIT placement rules and the compound-term limit. */
export function parseSelectNoWith(
  p: ParserState,
  withClause: WithClause | null,
  start: number,
): SelectStmt {
  const savedSelH = p.selH;
  p.selH = 0;
  // select ::= WITH [RECURSIVE] wqlist selectnowith
  const withHeld = withClause === null ? 0 : withClause.recursive ? 3 : 2;
  p.push(withHeld);
  const first = parseOneSelect(p);
  const compounds: CompoundTerm[] = [];
  let last = first;
  let misplaced: string | null = null;
  for (;;) {
    const t = p.tok();
    let op: CompoundOp;
    if (t === "UNION") {
      p.advance();
      if (p.tok() === "ALL") {
        p.advance();
        op = "UNION ALL";
      } else op = "UNION";
    } else if (t === "EXCEPT") {
      p.advance();
      op = "EXCEPT";
    } else if (t === "INTERSECT") {
      p.advance();
      op = "INTERSECT";
    } else break;
    if (misplaced === null && (last.orderBy || last.limit)) {
      misplaced = `${last.orderBy ? "ORDER BY" : "LIMIT"} clause should come after ${
        op === "UNION ALL" ? "UNION ALL" : op
      } not before`;
    }
    p.push(2); // selectnowith multiselect_op
    const next = parseOneSelect(p);
    p.pop(2);
    compounds.push({ op, select: next.core });
    last = next;
  }
  p.pop(withHeld);
  // parserDoubleLinkSelect runs when the token after the SELECT arrives.
  if (misplaced !== null) p.deferError(misplaced);
  if (compounds.length + 1 > MAX_COMPOUND_SELECT && last.core.kind !== "values") {
    p.deferError("too many terms in compound SELECT");
  }
  p.h = p.selH;
  p.selH = savedSelH;
  return {
    kind: "select",
    with: withClause,
    first: first.core,
    compounds,
    orderBy: last.orderBy,
    limit: last.limit,
    span: p.span(start),
  };
}

/** `oneselect`: a SELECT core with its own ORDER BY / LIMIT, or a VALUES list. */
function parseOneSelect(p: ParserState): OneSelect {
  const start = p.start;
  if (p.tok() === "VALUES") {
    p.advance();
    const rows: Expr[][] = [];
    let coroutine = false;
    for (;;) {
      p.expect("LP");
      const held = rows.length === 0 ? 2 : 3; // VALUES LP / [m]values COMMA LP
      p.push(held);
      const row = parseExprList(p);
      p.pop(held);
      if (p.h > p.selH) p.selH = p.h;
      p.expect("RP");
      if (rows.length > 0) {
        // sqlite3MultiValues (run when the token after the row arrives) checks the width only
        // on its co-routine path: no WITH in the statement, constant rows, and a previous row
        // without affinity to start it. Otherwise the rows become a UNION ALL, checked later.
        const constant = !p.sawWith && row.every(isParseConstant);
        if (constant && !coroutine) {
          coroutine = rows[rows.length - 1].every((e) => isParseConstant(e) && noAffinity(e));
        }
        if (constant && coroutine && row.length !== rows[0].length) {
          p.deferError("all VALUES must have the same number of terms");
        }
      }
      rows.push(row);
      if (p.tok() !== "COMMA") break;
      p.advance();
    }
    return { core: { kind: "values", rows, span: p.span(start) }, orderBy: null, limit: null };
  }
  p.expect("SELECT");
  p.push(4); // SELECT distinct sclp scanpt
  let distinct: SelectCore["distinct"] = null;
  if (p.tok() === "DISTINCT") {
    p.advance();
    distinct = "DISTINCT";
  } else if (p.tok() === "ALL") {
    p.advance();
    distinct = "ALL";
  }
  const columns = parseResultColumns(p);
  let from: JoinClause | null = null;
  if (p.tok() === "FROM") {
    p.advance();
    from = parseFrom(p);
  }
  let where: Expr | null = null;
  if (p.tok() === "WHERE") {
    p.advance();
    p.push(1);
    where = parseSelExpr(p);
    p.pop(1);
  }
  let groupBy: Expr[] | null = null;
  if (p.tok() === "GROUP") {
    p.advance();
    p.expect("BY");
    p.push(3); // … from where_opt GROUP BY
    groupBy = parseExprList(p);
    p.pop(3);
    if (p.h > p.selH) p.selH = p.h;
  }
  let having: Expr | null = null;
  if (p.tok() === "HAVING") {
    p.advance();
    p.push(3);
    having = parseSelExpr(p);
    p.pop(3);
  }
  let windows: WindowDef[] | null = null;
  if (p.tok() === "WINDOW") {
    p.advance();
    windows = [];
    for (;;) {
      const s = p.start;
      const name = p.nm();
      p.expect("AS");
      const ls = p.start;
      p.expect("LP");
      p.push(7); // … having_opt WINDOW nm AS LP
      const spec = parseWindowBody(p, ls);
      p.pop(7);
      p.expect("RP");
      spec.span = p.span(ls);
      windows.push({ name, spec, span: p.span(s) });
      if (p.tok() !== "COMMA") break;
      p.advance();
    }
  }
  const core: SelectCore = {
    kind: "core",
    distinct,
    columns,
    from,
    where,
    groupBy,
    having,
    windows,
    span: p.span(start),
  };
  let orderBy: OrderingTerm[] | null = null;
  let limit: LimitClause | null = null;
  if (p.tok() === "ORDER" || p.tok() === "LIMIT") {
    p.push(5); // … from where_opt groupby_opt having_opt ORDER BY / LIMIT
    orderBy = parseOrderByOpt(p);
    limit = parseLimitOpt(p);
    p.pop(5);
  } else {
    // The LALR stack peaks at the end of a oneselect: SELECT … having_opt orderby_opt.
    p.push(3);
    p.pop(3);
  }
  p.pop(4);
  return { core, orderBy, limit };
}

/** sqlite3ExprAffinity(e) == 0 for a constant expression (CAST gives one; COLLATE passes it). */
function noAffinity(e: Expr): boolean {
  if (e.kind === "cast") return false;
  if (e.kind === "collate") return noAffinity(e.operand);
  if (e.kind === "vector") return noAffinity(e.items[0]);
  return true;
}

/** `orderby_opt`. */
export function parseOrderByOpt(p: ParserState): OrderingTerm[] | null {
  if (p.tok() !== "ORDER") return null;
  p.advance();
  p.expect("BY");
  const list = parseSortList(p);
  if (p.h > p.selH) p.selH = p.h;
  return list;
}

/** `limit_opt`: `LIMIT e [OFFSET e | , e]`. */
export function parseLimitOpt(p: ParserState): LimitClause | null {
  if (p.tok() !== "LIMIT") return null;
  const start = p.start;
  p.advance();
  const a = parseExpr(p);
  let h = p.h;
  let limit = a;
  let offset: Expr | null = null;
  if (p.tok() === "OFFSET") {
    p.advance();
    p.push(2); // LIMIT expr OFFSET
    offset = parseExpr(p);
    p.pop(2);
    if (p.h > h) h = p.h;
  } else if (p.tok() === "COMMA") {
    p.advance();
    offset = a;
    p.push(2); // LIMIT expr COMMA
    limit = parseExpr(p);
    p.pop(2);
    if (p.h > h) h = p.h;
  }
  h++;
  p.checkHeight(h);
  if (h > p.selH) p.selH = h;
  if (offset !== null && limit !== a) return { limit, offset, comma: true, span: p.span(start) };
  return { limit, offset, span: p.span(start) };
}

/** `selcollist`: `*`, `nm.*`, `expr [[AS] alias]`, comma-separated. */
export function parseResultColumns(p: ParserState): ResultColumn[] {
  const out: ResultColumn[] = [];
  for (;;) {
    const start = p.start;
    if (p.tok() === "STAR") {
      p.advance();
      out.push({ kind: "star", span: p.span(start) });
    } else if (
      // CAST, RAISE and CURRENT_* start an expression here, so they are not names (fallback).
      p.isNm() && p.tok() !== "CTIME_KW" && p.tok() !== "CAST" && p.tok() !== "RAISE" &&
      p.peek(1) === "DOT" && p.peek(2) === "STAR"
    ) {
      const table = p.takeName();
      p.advance();
      p.advance();
      out.push({ kind: "tableStar", table, span: p.span(start) });
    } else {
      const expr = parseSelExpr(p);
      let alias: Name | null = null;
      let span: Span;
      if (p.tok() === "AS") {
        p.advance();
        alias = p.nm();
        span = p.span(start);
      } else if (p.isIds()) {
        alias = p.takeName();
        span = p.span(start);
      } else {
        // SQLite names an unaliased column by the text up to the next token (comments
        // included), trailing whitespace trimmed (sqlite3ExprListSetSpan + sqlite3DbSpanDup).
        let end = p.starts[p.i];
        while (end > start && isSpaceCode(p.sql.charCodeAt(end - 1))) end--;
        span = { start, end };
      }
      out.push({ kind: "expr", expr, alias, span });
    }
    if (p.tok() !== "COMMA") break;
    p.advance();
  }
  return out;
}

/** sqlite3Isspace. */
function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** sqlite3JoinType: validate `JOIN_KW [nm [nm]] JOIN` and classify it. */
function joinType(p: ParserState, words: [number, number][]): JoinOperator {
  const KW = ["natural", "left", "outer", "right", "full", "inner", "cross"];
  const NATURAL = 1, LEFT = 2, OUTER = 4, RIGHT = 8, INNER = 16, CROSS = 32, ERROR = 64;
  const CODES = [
    NATURAL,
    LEFT | OUTER,
    OUTER,
    RIGHT | OUTER,
    LEFT | RIGHT | OUTER,
    INNER,
    INNER |
    CROSS,
  ];
  let jt = 0;
  for (const [s, e] of words) {
    const w = p.sql.slice(s, e).toLowerCase();
    const j = KW.indexOf(w);
    if (j < 0) {
      jt |= ERROR;
      break;
    }
    jt |= CODES[j];
  }
  if (
    (jt & (INNER | OUTER)) === (INNER | OUTER) || (jt & ERROR) !== 0 ||
    (jt & (OUTER | LEFT | RIGHT)) === OUTER
  ) {
    const txt = words.map(([s, e]) => p.sql.slice(s, e));
    p.deferError(`unknown join type: ${txt.join(" ")}`);
  }
  const natural = (jt & NATURAL) !== 0;
  let kind: JoinOperator["kind"] = "inner";
  if ((jt & LEFT) && (jt & RIGHT)) kind = "full";
  else if (jt & LEFT) kind = "left";
  else if (jt & RIGHT) kind = "right";
  else if (jt & CROSS) kind = "cross";
  return { kind, natural };
}

/** Parse a join operator if one is next, else null. */
function parseJoinOp(p: ParserState): JoinOperator | null {
  const t = p.tok();
  if (t === "COMMA") {
    p.advance();
    return { kind: "comma", natural: false };
  }
  if (t === "JOIN") {
    p.advance();
    return { kind: "inner", natural: false };
  }
  if (t !== "JOIN_KW") return null;
  const words: [number, number][] = [[p.starts[p.i], p.ends[p.i]]];
  p.advance();
  for (let k = 0; k < 2 && p.tok() !== "JOIN"; k++) {
    if (!p.isNm()) p.syntaxError();
    words.push([p.starts[p.i], p.ends[p.i]]);
    p.advance();
  }
  p.expect("JOIN");
  return joinType(p, words);
}

/** `seltablist`: the sources of FROM joined left to right. */
export function parseFrom(p: ParserState): JoinClause {
  const start = p.start;
  p.push(1); // FROM / stl_prefix
  const firstTerm = parseTableTerm(p);
  if (firstTerm.on || firstTerm.using) {
    p.deferError(`a JOIN clause is required before ${firstTerm.on ? "ON" : "USING"}`);
  }
  const joins: JoinTerm[] = [];
  for (;;) {
    const s = p.start;
    const op = parseJoinOp(p);
    if (op === null) break;
    const term = parseTableTerm(p);
    joins.push({ op, source: term.source, on: term.on, using: term.using, span: p.span(s) });
  }
  p.pop(1);
  return { first: firstTerm.source, joins, span: p.span(start) };
}

interface TableTerm {
  source: TableSource;
  on: Expr | null;
  using: Name[] | null;
}

/** One FROM term with its alias, INDEXED BY and ON/USING. */
function parseTableTerm(p: ParserState): TableTerm {
  const start = p.start;
  let source: TableSource;
  if (p.tok() === "LP") {
    p.advance();
    p.push(1);
    const t = p.tok();
    if (t === "SELECT" || t === "VALUES" || t === "WITH") {
      const select = parseSelect(p);
      p.expect("RP");
      p.pop(1);
      source = { kind: "subquery", select, alias: parseAlias(p), span: p.span(start) };
    } else {
      const join = parseFrom(p);
      p.expect("RP");
      p.pop(1);
      source = { kind: "join", join, alias: parseAlias(p), span: p.span(start) };
    }
  } else {
    const first = p.nm();
    let schema: Name | null = null;
    let name = first;
    if (p.tok() === "DOT") {
      p.advance();
      schema = first;
      name = p.nm();
    }
    if (p.tok() === "LP") {
      p.advance();
      const args = p.tok() === "RP" ? [] : parseExprList(p);
      p.expect("RP");
      source = { kind: "function", schema, name, args, alias: parseAlias(p), span: p.span(start) };
    } else {
      const alias = parseAlias(p);
      const indexHint = parseIndexedOpt(p);
      source = { kind: "table", schema, name, alias, indexHint, span: p.span(start) };
    }
  }
  let on: Expr | null = null;
  let using: Name[] | null = null;
  if (p.tok() === "ON") {
    p.advance();
    p.push(4); // nm dbnm as ON
    on = parseExpr(p);
    p.pop(4);
  } else if (p.tok() === "USING") {
    p.advance();
    p.expect("LP");
    using = parseIdList(p);
    p.expect("RP");
  }
  return { source, on, using };
}

/** `as`: `AS nm`, a bare `ids`, or nothing. */
export function parseAlias(p: ParserState): Name | null {
  if (p.tok() === "AS") {
    p.advance();
    return p.nm();
  }
  if (p.isIds()) return p.takeName();
  return null;
}

/** `indexed_opt`: `INDEXED BY nm` / `NOT INDEXED`. */
export function parseIndexedOpt(p: ParserState): IndexHint | null {
  if (p.tok() === "INDEXED") {
    p.advance();
    p.expect("BY");
    return { kind: "indexedBy", index: p.nm() };
  }
  if (p.tok() === "NOT") {
    if (p.peek(1) !== "INDEXED") p.syntaxErrorAt(1);
    p.advance();
    p.advance();
    return { kind: "notIndexed" };
  }
  return null;
}
