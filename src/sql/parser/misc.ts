/**
 * The smaller statements of parse.y: BEGIN / COMMIT / END / ROLLBACK [TO], SAVEPOINT, RELEASE,
 * PRAGMA (`nmnum`, `plus_num`, `minus_num`), ATTACH / DETACH, VACUUM [INTO], ANALYZE, REINDEX.
 * Cold.
 * Must never: act on the statement (the engine does).
 * @module
 */

import type {
  AnalyzeStmt,
  AttachStmt,
  BeginStmt,
  CommitStmt,
  DetachStmt,
  Expr,
  Name,
  PragmaStmt,
  PragmaValue,
  ReindexStmt,
  ReleaseStmt,
  RollbackStmt,
  SavepointStmt,
  VacuumStmt,
} from "../ast.ts";
import { parseExpr } from "./expr.ts";
import { dequote, type ParserState } from "./state.ts";

/** `trans_opt`: `[TRANSACTION [nm]]`. */
function transOpt(p: ParserState): void {
  if (p.tok() === "TRANSACTION") {
    p.advance();
    if (p.isNm()) p.takeName();
  }
}

/** BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION [nm]]. */
export function parseBegin(p: ParserState, start: number): BeginStmt {
  p.expect("BEGIN");
  let mode: BeginStmt["mode"] = null;
  const t = p.tok();
  if (t === "DEFERRED" || t === "IMMEDIATE" || t === "EXCLUSIVE") {
    p.advance();
    mode = t;
  }
  transOpt(p);
  return { kind: "begin", mode, span: p.span(start) };
}

/** COMMIT|END [TRANSACTION [nm]]. */
export function parseCommit(p: ParserState, start: number): CommitStmt {
  p.advance();
  transOpt(p);
  return { kind: "commit", span: p.span(start) };
}

/** ROLLBACK [TRANSACTION [nm]] [TO [SAVEPOINT] nm]. */
export function parseRollback(p: ParserState, start: number): RollbackStmt {
  p.expect("ROLLBACK");
  transOpt(p);
  let savepoint: Name | null = null;
  if (p.tok() === "TO") {
    p.advance();
    if (p.tok() === "SAVEPOINT") p.advance();
    savepoint = p.nm();
  }
  return { kind: "rollback", savepoint, span: p.span(start) };
}

/** SAVEPOINT nm. */
export function parseSavepoint(p: ParserState, start: number): SavepointStmt {
  p.expect("SAVEPOINT");
  return { kind: "savepoint", name: p.nm(), span: p.span(start) };
}

/** RELEASE [SAVEPOINT] nm. */
export function parseRelease(p: ParserState, start: number): ReleaseStmt {
  p.expect("RELEASE");
  if (p.tok() === "SAVEPOINT") p.advance();
  return { kind: "release", name: p.nm(), span: p.span(start) };
}

/** `nmnum` / `minus_num` after `=` or `(`. */
function pragmaValue(p: ParserState): PragmaValue {
  const start = p.start;
  const t = p.tok();
  if (t === "PLUS" || t === "MINUS") {
    p.advance();
    const n = p.tok();
    if (n !== "INTEGER" && n !== "FLOAT") p.syntaxError();
    const text = (t === "MINUS" ? "-" : "") + p.text();
    p.advance();
    return { kind: "number", text, span: p.span(start) };
  }
  if (t === "INTEGER" || t === "FLOAT") {
    const text = p.text();
    p.advance();
    return { kind: "number", text, span: p.span(start) };
  }
  if (t === "STRING") {
    p.advance();
    return { kind: "string", value: dequote(p.sql, start, p.prevEnd), span: p.span(start) };
  }
  if (t === "ON" || t === "DELETE" || t === "DEFAULT") {
    const name = p.takeName();
    return { kind: "name", name, span: p.span(start) };
  }
  const name = p.nm();
  return { kind: "name", name, span: p.span(start) };
}

/** PRAGMA [schema.]name [= value | (value)]. */
export function parsePragma(p: ParserState, start: number): PragmaStmt {
  p.expect("PRAGMA");
  let schema: Name | null = null;
  let name = p.nm();
  if (p.tok() === "DOT") {
    p.advance();
    schema = name;
    name = p.nm();
  }
  let value: PragmaValue | null = null;
  if (p.tok() === "EQ") {
    p.advance();
    value = pragmaValue(p);
  } else if (p.tok() === "LP") {
    p.advance();
    value = pragmaValue(p);
    p.expect("RP");
  }
  return { kind: "pragma", schema, name, value, span: p.span(start) };
}

/** ATTACH [DATABASE] expr AS expr [KEY expr]. */
export function parseAttach(p: ParserState, start: number): AttachStmt {
  p.expect("ATTACH");
  if (p.tok() === "DATABASE") p.advance();
  p.push(2); // ATTACH database_kw_opt
  const file = parseExpr(p);
  p.expect("AS");
  p.push(2); // expr AS
  const schema = parseExpr(p);
  let key: Expr | null = null;
  if (p.tok() === "KEY") {
    p.advance();
    p.push(2); // expr KEY
    key = parseExpr(p);
    p.pop(2);
  }
  p.pop(4);
  return { kind: "attach", file, schema, key, span: p.span(start) };
}

/** DETACH [DATABASE] expr. */
export function parseDetach(p: ParserState, start: number): DetachStmt {
  p.expect("DETACH");
  if (p.tok() === "DATABASE") p.advance();
  p.push(2); // DETACH database_kw_opt
  const schema = parseExpr(p);
  p.pop(2);
  return { kind: "detach", schema, span: p.span(start) };
}

/** VACUUM [nm] [INTO expr]. */
export function parseVacuum(p: ParserState, start: number): VacuumStmt {
  p.expect("VACUUM");
  let schema: Name | null = null;
  if (p.tok() !== "INTO" && p.isNm()) schema = p.takeName();
  let into: Expr | null = null;
  if (p.tok() === "INTO") {
    p.advance();
    const held = schema ? 3 : 2; // VACUUM [nm] INTO
    p.push(held);
    into = parseExpr(p);
    p.pop(held);
  }
  return { kind: "vacuum", schema, into, span: p.span(start) };
}

/** ANALYZE / REINDEX [nm [. nm]]. */
export function parseAnalyzeOrReindex(
  p: ParserState,
  start: number,
): AnalyzeStmt | ReindexStmt {
  const kind = p.tok() === "ANALYZE" ? "analyze" : "reindex";
  p.advance();
  let schema: Name | null = null;
  let name: Name | null = null;
  if (p.isNm()) {
    schema = p.takeName();
    if (p.tok() === "DOT") {
      p.advance();
      name = p.nm();
    }
  }
  return { kind, schema, name, span: p.span(start) };
}
