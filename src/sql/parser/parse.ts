/**
 * Parser entry points: one statement at a time (`parseOne`, as sqlite3_prepare does, reporting
 * where the statement's text ends) or all of them (`parse`, as sqlite3_exec walks them).
 *
 * Follows parse.y's top level (`cmdlist ::= ecmd…`, `ecmd ::= SEMI | explain cmdx SEMI`):
 * empty statements (lone `;`) are skipped, the end of input acts as the final `;`, and a
 * statement must be followed by `;` or the end. Errors are SqliteError(SQLITE_ERROR) with
 * SQLite's wording.
 * Cold per statement; the token loop underneath is hot.
 * Must never: touch a schema or execute anything.
 * @module
 */

import type { ParsedStatement, ParseOptions, Statement } from "../ast.ts";
import { parseSelect, parseWith } from "./select.ts";
import { parseDelete, parseInsert, parseUpdate, parseWithStatement } from "./dml.ts";
import { parseAlter, parseCreate, parseDrop } from "./ddl.ts";
import {
  parseAnalyzeOrReindex,
  parseAttach,
  parseBegin,
  parseCommit,
  parseDetach,
  parsePragma,
  parseRelease,
  parseRollback,
  parseSavepoint,
  parseVacuum,
} from "./misc.ts";
import { fail, ParserState } from "./state.ts";

/** One command (`cmd`), dispatched on its first token. */
function parseCmd(p: ParserState): Statement {
  const start = p.start;
  switch (p.tok()) {
    case "SELECT":
    case "VALUES":
      return parseSelect(p);
    case "WITH": {
      const w = parseWith(p);
      return parseWithStatement(p, w, start);
    }
    case "INSERT":
    case "REPLACE":
      return parseInsert(p, null, start);
    case "UPDATE":
      return parseUpdate(p, null, start);
    case "DELETE":
      return parseDelete(p, null, start);
    case "CREATE":
      return parseCreate(p, start);
    case "DROP":
      return parseDrop(p, start);
    case "ALTER":
      return parseAlter(p, start);
    case "BEGIN":
      return parseBegin(p, start);
    case "COMMIT":
    case "END":
      return parseCommit(p, start);
    case "ROLLBACK":
      return parseRollback(p, start);
    case "SAVEPOINT":
      return parseSavepoint(p, start);
    case "RELEASE":
      return parseRelease(p, start);
    case "PRAGMA":
      return parsePragma(p, start);
    case "ATTACH":
      return parseAttach(p, start);
    case "DETACH":
      return parseDetach(p, start);
    case "VACUUM":
      return parseVacuum(p, start);
    case "ANALYZE":
    case "REINDEX":
      return parseAnalyzeOrReindex(p, start);
  }
  p.syntaxError();
}

/**
 * Parse the statement starting at `offset` of `sql`.
 * `tail` is the offset just after the statement's terminating `;` (or the end of input);
 * `stmt` is null when only whitespace, comments and `;` remain. `params` lists the statement's
 * parameters by index as SQLite numbers them. `options` selects build-time dialect switches
 * (defaults: stock SQLite's; `BETTER_SQLITE3_DIALECT` for better-sqlite3's build).
 *
 * @example
 * ```ts
 * import { parseOne } from "../mod.ts";
 * const { stmt, tail, params } = parseOne("SELECT :a, ?; SELECT 2", 0);
 * // stmt.kind === "select", tail === 14, params deep-equals [":a", null]
 * ```
 */
export function parseOne(
  sql: string,
  offset: number,
  options: ParseOptions = {},
): ParsedStatement {
  try {
    return parseOneInner(sql, offset, options);
  } catch (e) {
    // Safety net: input nested past the JavaScript stack is SQLite's "Recursion limit".
    if (e instanceof RangeError) fail("Recursion limit");
    throw e;
  }
}

function parseOneInner(sql: string, offset: number, options: ParseOptions): ParsedStatement {
  const p = new ParserState(sql, offset, options);
  while (p.tok() === "SEMI") p.advance();
  if (p.tok() === "EOF") return { stmt: null, tail: endOfInput(sql, p), params: [] };
  const start = p.start;
  let stmt: Statement;
  if (p.tok() === "EXPLAIN") {
    p.advance();
    let queryPlan = false;
    if (p.tok() === "QUERY") {
      p.advance();
      p.expect("PLAN");
      queryPlan = true;
    }
    p.push(1); // explain
    const inner = parseCmd(p);
    p.pop(1);
    stmt = { kind: "explain", queryPlan, stmt: inner, span: p.span(start) };
  } else {
    stmt = parseCmd(p);
  }
  const t = p.tok();
  if (t === "SEMI") {
    p.advance();
    return { stmt, tail: p.prevEnd, params: p.params };
  }
  if (t !== "EOF") p.syntaxError();
  p.raisePending();
  return { stmt, tail: endOfInput(sql, p), params: p.params };
}

/** Offset of the end of input (the string's end, or a NUL character that ends it early). */
function endOfInput(sql: string, p: ParserState): number {
  return p.starts[p.i] ?? sql.length;
}

/**
 * Parse every statement of `sql` (empty statements are skipped).
 *
 * @example
 * ```ts
 * import { parse } from "../mod.ts";
 * parse("CREATE TABLE t(a); INSERT INTO t VALUES (1);").map((s) => s.kind);
 * // ["createTable", "insert"]
 * ```
 */
export function parse(sql: string, options: ParseOptions = {}): Statement[] {
  const out: Statement[] = [];
  let offset = 0;
  for (;;) {
    const r = parseOne(sql, offset, options);
    if (r.stmt === null) break;
    out.push(r.stmt);
    offset = r.tail;
  }
  return out;
}
