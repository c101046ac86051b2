/**
 * Window grammar: parse.y's `window` (base name, PARTITION BY, ORDER BY, frame), `frame_opt`,
 * `frame_bound_s`/`frame_bound_e` and `frame_exclude_opt`, with sqlite3WindowAlloc's
 * "unsupported frame specification" check and the LALR stack accounting of each part.
 * Cold-ish: allocation is the AST itself.
 * Must never: resolve window names (the planner does).
 * @module
 */

import type { Expr, FrameBound, Name, OrderingTerm, WindowFrame, WindowSpec } from "../ast.ts";
import { parseExpr, parseExprList, parseSortList } from "./expr.ts";
import type { ParserState } from "./state.ts";

/** The inside of a window specification, after its `(`. */
export function parseWindowBody(p: ParserState, start: number): WindowSpec {
  let base: Name | null = null;
  let held = 0; // symbols of parse.y's `window` rule shifted so far
  const t0 = p.tok();
  if (
    t0 !== "PARTITION" && t0 !== "ORDER" && t0 !== "RANGE" && t0 !== "ROWS" &&
    t0 !== "GROUPS" && t0 !== "RP" && p.isNm()
  ) {
    base = p.takeName();
    held++;
  }
  let partitionBy: Expr[] | null = null;
  let orderBy: OrderingTerm[] | null = null;
  if (p.tok() === "PARTITION") {
    p.advance();
    p.expect("BY");
    p.push(held + 2);
    partitionBy = parseExprList(p);
    p.pop(held + 2);
    held += 3;
  }
  if (p.tok() === "ORDER") {
    p.advance();
    p.expect("BY");
    p.push(held + 2);
    orderBy = parseSortList(p);
    p.pop(held + 2);
    held += partitionBy ? 1 : 2; // orderby_opt | ORDER BY sortlist
  }
  let frame: WindowFrame | null = null;
  const t = p.tok();
  if (t === "RANGE" || t === "ROWS" || t === "GROUPS") {
    p.push(held);
    frame = parseFrame(p);
    p.pop(held);
  }
  return { kind: "windowSpec", base, partitionBy, orderBy, frame, span: p.span(start) };
}

/** `frame_opt`: units, bounds and EXCLUDE. */
function parseFrame(p: ParserState): WindowFrame {
  const start = p.start;
  const units = p.tok() as "RANGE" | "ROWS" | "GROUPS";
  p.advance();
  let startB: FrameBound;
  let endB: FrameBound | null = null;
  if (p.tok() === "BETWEEN") {
    p.advance();
    p.push(2); // range_or_rows BETWEEN
    startB = parseBound(p, true);
    p.expect("AND");
    p.push(2); // frame_bound_s AND
    endB = parseBound(p, false);
    p.pop(4);
  } else {
    p.push(1); // range_or_rows
    startB = parseBound(p, true);
    p.pop(1);
  }
  let exclude: WindowFrame["exclude"] = null;
  if (p.tok() === "EXCLUDE") {
    p.advance();
    const t = p.tok();
    if (t === "NO") {
      p.advance();
      p.expect("OTHERS");
      exclude = "NO OTHERS";
    } else if (t === "CURRENT") {
      p.advance();
      p.expect("ROW");
      exclude = "CURRENT ROW";
    } else if (t === "GROUP") {
      p.advance();
      exclude = "GROUP";
    } else if (t === "TIES") {
      p.advance();
      exclude = "TIES";
    } else p.syntaxError();
  }
  const sk = startB.kind;
  const ek = endB ? endB.kind : "currentRow";
  if (
    (sk === "currentRow" && ek === "preceding") ||
    (sk === "following" && (ek === "preceding" || ek === "currentRow"))
  ) {
    p.deferError("unsupported frame specification");
  }
  return { units, start: startB, end: endB, exclude, span: p.span(start) };
}

function parseBound(p: ParserState, isStart: boolean): FrameBound {
  const t = p.tok();
  if (t === "UNBOUNDED") {
    p.advance();
    if (isStart) {
      p.expect("PRECEDING");
      return { kind: "unboundedPreceding" };
    }
    p.expect("FOLLOWING");
    return { kind: "unboundedFollowing" };
  }
  if (t === "CURRENT") {
    p.advance();
    p.expect("ROW");
    return { kind: "currentRow" };
  }
  const expr = parseExpr(p);
  if (p.tok() === "PRECEDING") {
    p.advance();
    return { kind: "preceding", expr };
  }
  if (p.tok() === "FOLLOWING") {
    p.advance();
    return { kind: "following", expr };
  }
  p.syntaxError();
}
