/**
 * INSERT / REPLACE / UPDATE / DELETE grammar (parse.y's `cmd ::= with insert_cmd …`,
 * `with UPDATE …`, `with DELETE …`, `upsert`, `returning`, `setlist`, `xfullname`, and the
 * trigger-body forms `trigger_cmd` with `tridxby`), including the parser actions' errors for
 * RETURNING and INDEXED BY inside triggers and qualified table names in trigger bodies.
 * Cold-ish: allocation is the AST itself.
 * Must never: check that tables or columns exist.
 * @module
 */

import type {
  ConflictAction,
  DeleteStmt,
  Expr,
  InsertStmt,
  JoinClause,
  LimitClause,
  Name,
  OrderingTerm,
  ResultColumn,
  SetClause,
  TableRef,
  UpdateStmt,
  UpsertClause,
  WithClause,
} from "../ast.ts";
import { parseExpr, parseSortList } from "./expr.ts";
import {
  parseFrom,
  parseIdList,
  parseIndexedOpt,
  parseLimitOpt,
  parseOrderByOpt,
  parseResultColumns,
  parseSelect,
  parseSelectNoWith,
} from "./select.ts";
import type { ParserState } from "./state.ts";

/** `resolvetype`: ROLLBACK | ABORT | FAIL | IGNORE | REPLACE. */
export function parseResolveType(p: ParserState): ConflictAction {
  const t = p.tok();
  if (t === "ROLLBACK" || t === "ABORT" || t === "FAIL" || t === "IGNORE" || t === "REPLACE") {
    p.advance();
    return t;
  }
  p.syntaxError();
}

/** `orconf`: `OR resolvetype` or nothing. */
function parseOrConf(p: ParserState): ConflictAction | null {
  if (p.tok() !== "OR") return null;
  p.advance();
  return parseResolveType(p);
}

/** `xfullname`: `nm [. nm] [AS nm]`, checking trigger-body rules. */
function parseXFullname(p: ParserState): { schema: Name | null; name: Name; alias: Name | null } {
  const first = p.nm();
  let schema: Name | null = null;
  let name = first;
  if (p.tok() === "DOT") {
    p.advance();
    schema = first;
    name = p.nm();
  }
  let alias: Name | null = null;
  if (p.tok() === "AS") {
    p.advance();
    alias = p.nm();
  }
  // Reported when the trigger step ends (see parseCreateTrigger).
  if (p.inTrigger && schema !== null) p.qualifiedTriggerTarget = true;
  return { schema, name, alias };
}

/** `RETURNING selcollist`, raising SQLite's error inside a trigger. */
function parseReturning(p: ParserState, held: number): ResultColumn[] {
  p.expect("RETURNING");
  p.push(held + 3); // … RETURNING sclp scanpt
  const cols = parseResultColumns(p);
  p.pop(held + 3);
  if (p.inTrigger) p.deferError("cannot use RETURNING in a trigger");
  return cols;
}

/** `setlist`: `nm = expr` / `(nm, …) = expr`, comma-separated. */
function parseSetList(p: ParserState, held: number): SetClause[] {
  const out: SetClause[] = [];
  for (;;) {
    const start = p.start;
    let columns: Name[];
    let parenthesized = false;
    if (p.tok() === "LP") {
      p.advance();
      columns = parseIdList(p);
      p.expect("RP");
      parenthesized = true;
    } else {
      columns = [p.nm()];
    }
    p.expect("EQ");
    const k = held + (out.length === 0 ? 2 : 4); // [setlist COMMA] nm EQ
    p.push(k);
    const value = parseExpr(p);
    p.pop(k);
    out.push({ columns, parenthesized, value, span: p.span(start) });
    if (p.tok() !== "COMMA") break;
    p.advance();
  }
  return out;
}

/** Trigger-body `tridxby`: INDEXED BY / NOT INDEXED are errors there. */
function checkTriggerIndexHint(p: ParserState): void {
  if (p.tok() === "INDEXED") {
    p.advance();
    p.expect("BY");
    p.nm();
    p.deferError(
      "the INDEXED BY clause is not allowed on UPDATE or DELETE statements within triggers",
    );
  }
  if (p.tok() === "NOT") {
    // NOT can only start NOT INDEXED here: SQLite shifts it and fails on the next token.
    if (p.peek(1) !== "INDEXED") p.syntaxErrorAt(1);
    p.advance();
    p.advance();
    p.deferError(
      "the NOT INDEXED clause is not allowed on UPDATE or DELETE statements within triggers",
    );
  }
}

/** INSERT / REPLACE after an optional WITH. */
export function parseInsert(
  p: ParserState,
  withClause: WithClause | null,
  start: number,
): InsertStmt {
  let verb: "INSERT" | "REPLACE";
  let or: ConflictAction | null = null;
  if (p.tok() === "REPLACE") {
    p.advance();
    verb = "REPLACE";
  } else {
    p.expect("INSERT");
    verb = "INSERT";
    or = parseOrConf(p);
  }
  p.expect("INTO");
  const { schema, name, alias } = parseXFullname(p);
  let columns: Name[] | null = null;
  if (p.tok() === "LP") {
    p.advance();
    columns = parseIdList(p);
    p.expect("RP");
  }
  let source: InsertStmt["source"];
  const upsert: UpsertClause[] = [];
  let returning: ResultColumn[] | null = null;
  if (p.tok() === "DEFAULT" && !p.inTrigger) {
    p.advance();
    p.expect("VALUES");
    source = { kind: "defaultValues" };
    if (p.tok() === "RETURNING") returning = parseReturning(p, 7);
  } else {
    const t = p.tok();
    if (t !== "SELECT" && t !== "VALUES" && t !== "WITH") p.syntaxError();
    p.push(5); // with insert_cmd INTO xfullname idlist_opt
    source = { kind: "select", select: parseSelect(p) };
    p.pop(5);
    // upsert ::= ON CONFLICT … (repeatable while a target is given) | RETURNING …
    for (;;) {
      if (p.tok() === "RETURNING") {
        returning = parseReturning(p, 6);
        break;
      }
      if (p.tok() !== "ON") break;
      const s = p.start;
      p.advance();
      p.expect("CONFLICT");
      let target: OrderingTerm[] | null = null;
      let targetWhere: Expr | null = null;
      if (p.tok() === "LP") {
        p.advance();
        target = parseSortList(p);
        p.expect("RP");
        if (p.tok() === "WHERE") {
          p.advance();
          targetWhere = parseExpr(p);
        }
      }
      p.expect("DO");
      let action: UpsertClause["action"];
      if (p.tok() === "NOTHING") {
        p.advance();
        action = { kind: "nothing" };
      } else {
        p.expect("UPDATE");
        p.expect("SET");
        const sets = parseSetList(p, 11); // with … select ON CONFLICT DO UPDATE SET
        let where: Expr | null = null;
        if (p.tok() === "WHERE") {
          p.advance();
          p.push(13);
          where = parseExpr(p);
          p.pop(13);
        }
        action = { kind: "update", sets, where };
      }
      upsert.push({ target, targetWhere, action, span: p.span(s) });
      if (target === null) {
        if (p.tok() === "RETURNING") returning = parseReturning(p, 10);
        break;
      }
    }
  }
  return {
    kind: "insert",
    with: withClause,
    verb,
    or,
    schema,
    table: name,
    alias,
    columns,
    source,
    upsert,
    returning,
    span: p.span(start),
  };
}

/** UPDATE after an optional WITH. */
export function parseUpdate(
  p: ParserState,
  withClause: WithClause | null,
  start: number,
): UpdateStmt {
  p.expect("UPDATE");
  const or = parseOrConf(p);
  const ts = p.start;
  const { schema, name, alias } = parseXFullname(p);
  let indexHint = null;
  if (p.inTrigger) checkTriggerIndexHint(p);
  else indexHint = parseIndexedOpt(p);
  const table: TableRef = { kind: "table", schema, name, alias, indexHint, span: p.span(ts) };
  p.expect("SET");
  const sets = parseSetList(p, 6); // with UPDATE orconf xfullname indexed_opt SET
  let from: JoinClause | null = null;
  if (p.tok() === "FROM") {
    p.advance();
    p.push(7); // with UPDATE orconf xfullname indexed_opt SET setlist
    from = parseFrom(p);
    p.pop(7);
  }
  let where: Expr | null = null;
  if (p.tok() === "WHERE") {
    p.advance();
    p.push(9); // with UPDATE orconf xfullname indexed_opt SET setlist from WHERE
    where = parseExpr(p);
    p.pop(9);
  }
  let returning: ResultColumn[] | null = null;
  if (!p.inTrigger && p.tok() === "RETURNING") returning = parseReturning(p, where ? 10 : 8);
  let orderBy: OrderingTerm[] | null = null;
  let limit: LimitClause | null = null;
  if (p.updateDeleteLimit && !p.inTrigger) {
    orderBy = parseOrderByOpt(p);
    limit = parseLimitOpt(p);
  }
  return {
    kind: "update",
    with: withClause,
    or,
    table,
    sets,
    from,
    where,
    returning,
    orderBy,
    limit,
    span: p.span(start),
  };
}

/** DELETE after an optional WITH. */
export function parseDelete(
  p: ParserState,
  withClause: WithClause | null,
  start: number,
): DeleteStmt {
  p.expect("DELETE");
  p.expect("FROM");
  const ts = p.start;
  const { schema, name, alias } = parseXFullname(p);
  let indexHint = null;
  if (p.inTrigger) checkTriggerIndexHint(p);
  else indexHint = parseIndexedOpt(p);
  const table: TableRef = { kind: "table", schema, name, alias, indexHint, span: p.span(ts) };
  let where: Expr | null = null;
  if (p.tok() === "WHERE") {
    p.advance();
    p.push(6);
    where = parseExpr(p);
    p.pop(6);
  }
  let returning: ResultColumn[] | null = null;
  if (!p.inTrigger && p.tok() === "RETURNING") returning = parseReturning(p, where ? 7 : 5);
  let orderBy: OrderingTerm[] | null = null;
  let limit: LimitClause | null = null;
  if (p.updateDeleteLimit && !p.inTrigger) {
    orderBy = parseOrderByOpt(p);
    limit = parseLimitOpt(p);
  }
  return {
    kind: "delete",
    with: withClause,
    table,
    where,
    returning,
    orderBy,
    limit,
    span: p.span(start),
  };
}

/** A statement that may begin with WITH: SELECT, INSERT, REPLACE, UPDATE, DELETE. */
export function parseWithStatement(
  p: ParserState,
  withClause: WithClause,
  start: number,
): InsertStmt | UpdateStmt | DeleteStmt | ReturnType<typeof parseSelectNoWith> {
  const t = p.tok();
  if (t === "SELECT" || t === "VALUES") return parseSelectNoWith(p, withClause, start);
  if (t === "INSERT" || t === "REPLACE") return parseInsert(p, withClause, start);
  if (t === "UPDATE") return parseUpdate(p, withClause, start);
  if (t === "DELETE") return parseDelete(p, withClause, start);
  p.syntaxError();
}
