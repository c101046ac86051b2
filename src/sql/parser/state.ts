/**
 * Parser state: the lazily filled token buffer, SQLite's contextual keyword rules, error
 * raising, identifier reading, parameter numbering and the depth limits.
 *
 * Follows tokenize.c's sqlite3RunParser loop (spaces and comments skipped, WINDOW/OVER/FILTER
 * decided by look-ahead, `unrecognized token` raised when the parser reaches the bad token,
 * end of input acting as the final `;`), parse.y's `%fallback ID` rule and token classes
 * (`nm`, `id`, `ids`, `idj`), and expr.c's sqlite3ExprAssignVarNumber / sqlite3ExprCheckHeight.
 * Hot: `peek`/`advance` run per token and allocate nothing beyond the buffer's growth.
 * Must never: build AST nodes for a particular statement (that is the grammar files' job).
 * @module
 */

import { SqliteError } from "../../error.ts";
import type { IdQuote, Name, ParameterList, ParseOptions, Span } from "../ast.ts";
import { FALLBACK_ID } from "../keywords.ts";
import { scannedType, scanToken, type TokenType } from "../tokenizer.ts";

/** SQLITE_MAX_EXPR_DEPTH. */
export const MAX_EXPR_DEPTH = 1000;
/** SQLITE_MAX_COMPOUND_SELECT. */
export const MAX_COMPOUND_SELECT = 500;
/** SQLITE_MAX_VARIABLE_NUMBER. */
export const MAX_VARIABLE_NUMBER = 32766;
/** SQLITE_MAX_FUNCTION_ARG. */
export const MAX_FUNCTION_ARG = 1000;
/** SQLITE_LIMIT_PARSER_DEPTH: the LALR stack entries SQLite's parser may hold. */
export const MAX_PARSER_DEPTH = 2500;

/**
 * Raise SQLite's error for a statement (code SQLITE_ERROR). `offset`, when known, is where the
 * offending token starts (UTF-16 units into the SQL), as sqlite3_error_offset reports it (in
 * bytes) for syntax errors and unrecognized tokens; it is set as the error's `offset` property.
 * Cold.
 */
export function fail(message: string, offset?: number): never {
  const err = new SqliteError(message, "SQLITE_ERROR");
  if (offset !== undefined) (err as SqliteError & { offset?: number }).offset = offset;
  throw err;
}

/** Scan-ahead as tokenize.c's getToken(): skip spaces only; map id-like tokens to ID. Cold. */
function aheadType(sql: string, pos: number, tcl: boolean): TokenType {
  let t: TokenType;
  do {
    pos = scanToken(sql, pos, tcl);
    t = scannedType;
  } while (t === "SPACE");
  if (
    t === "ID" || t === "STRING" || t === "JOIN_KW" || t === "WINDOW" || t === "OVER" ||
    FALLBACK_ID.has(t)
  ) return "ID";
  return t;
}

/** The parse of one statement in progress. */
export class ParserState {
  /** The whole SQL text. */
  readonly sql: string;
  /** Token types of the buffered tokens (spaces and comments removed). */
  types: TokenType[] = [];
  /** Start offsets of the buffered tokens. */
  starts: number[] = [];
  /** End offsets of the buffered tokens. */
  ends: number[] = [];
  /** Index of the current token in the buffer. */
  i = 0;
  /** Scan position for the next token to buffer. */
  private scanPos: number;
  /** Parameter names by index - 1. */
  params: ParameterList = [];
  /**
   * The LALR stack depth SQLite's parser would have here (its sentinel, the grammar symbols held
   * by every construct being parsed, and the current token), for its "Recursion limit".
   */
  depth = 2;
  /** Height of the expression most recently parsed (sqlite3ExprCheckHeight's measure). */
  h = 0;
  /** Max height of expressions in the SELECT being parsed (heightOfSelect). */
  selH = 0;
  /** Inside CREATE TRIGGER … BEGIN … END. */
  inTrigger = false;
  /** The trigger step being parsed writes to a schema-qualified table. */
  qualifiedTriggerTarget = false;
  /** A CTE name has been parsed in this statement (parse.y's pParse->bHasWith). */
  sawWith = false;
  /** Token index at which a deferred parser-action error is raised (-1: none). */
  pendingAt = -1;
  /** The deferred error's message. */
  pendingMessage = "";
  /** TCL-style parameter suffixes are tokens (not SQLITE_OMIT_TCL_VARIABLE). */
  readonly tcl: boolean;
  /** ORDER BY / LIMIT on UPDATE and DELETE (SQLITE_ENABLE_UPDATE_DELETE_LIMIT). */
  readonly updateDeleteLimit: boolean;

  constructor(sql: string, offset: number, options: ParseOptions = {}) {
    this.sql = sql;
    this.tcl = options.tclVariables ?? true;
    this.updateDeleteLimit = options.updateDeleteLimit ?? false;
    this.scanPos = offset;
  }

  /** Buffer one more token. Hot. */
  private fill(): void {
    const sql = this.sql;
    let pos = this.scanPos;
    let end: number;
    let t: TokenType;
    for (;;) {
      end = scanToken(sql, pos, this.tcl);
      t = scannedType;
      if (t !== "SPACE" && t !== "COMMENT") break;
      pos = end;
    }
    const n = this.types.length;
    // tokenize.c's lastTokenParsed (a statement's first token follows no `)`).
    const last = n > 0 ? this.types[n - 1] : "SEMI";
    if (t === "WINDOW") {
      t = aheadType(sql, end, this.tcl) === "ID"
        ? (aheadAs(sql, end, this.tcl) ? "WINDOW" : "ID")
        : "ID";
    } else if (t === "OVER") {
      if (last === "RP") {
        const a = aheadType(sql, end, this.tcl);
        t = a === "LP" || a === "ID" ? "OVER" : "ID";
      } else t = "ID";
    } else if (t === "FILTER") {
      t = last === "RP" && aheadType(sql, end, this.tcl) === "LP" ? "FILTER" : "ID";
    }
    this.types.push(t);
    this.starts.push(pos);
    this.ends.push(end);
    this.scanPos = end;
  }

  /** Type of the token `k` places ahead of the current one. Hot. */
  peek(k = 0): TokenType {
    const j = this.i + k;
    while (this.types.length <= j) this.fill();
    return this.types[j];
  }

  /** The current token's type (the parser has reached it: an ILLEGAL token raises). Hot. */
  tok(): TokenType {
    const j = this.i;
    while (this.types.length <= j) this.fill();
    const t = this.types[j];
    if (t === "ILLEGAL") this.illegal();
    return t;
  }

  /** Start offset of the current token. */
  get start(): number {
    this.peek();
    return this.starts[this.i];
  }

  /** End offset of the previous (last consumed) token. */
  get prevEnd(): number {
    return this.i > 0 ? this.ends[this.i - 1] : this.start;
  }

  /** Text of the token `k` ahead. */
  text(k = 0): string {
    this.peek(k);
    return this.sql.slice(this.starts[this.i + k], this.ends[this.i + k]);
  }

  /** Move to the next token. Hot. */
  advance(): void {
    if (this.i === this.pendingAt) this.raisePending();
    this.i++;
  }

  /** Consume the current token if it has type `t`. Hot. */
  eat(t: TokenType): boolean {
    if (this.tok() === t) {
      this.advance();
      return true;
    }
    return false;
  }

  /** Consume a token of type `t` or raise a syntax error. */
  expect(t: TokenType): void {
    if (this.tok() !== t) this.syntaxError();
    this.advance();
  }

  /**
   * Report `message` as SQLite's parser action does: once the next token is accepted (the
   * reduction that raises it runs on that look-ahead), unless that token is itself a syntax
   * error or unrecognized — then that error is reported instead. Cold.
   */
  deferError(message: string): void {
    if (this.pendingAt >= 0) return;
    this.pendingMessage = message;
    this.pendingAt = this.i;
  }

  /** Raise a deferred parser-action error (the look-ahead was accepted, or input ended). */
  raisePending(): void {
    if (this.pendingAt >= 0) fail(this.pendingMessage);
  }

  /** A span from `start` to the end of the last consumed token. */
  span(start: number): Span {
    return { start, end: this.prevEnd };
  }

  /** Raise `unrecognized token` for the current (ILLEGAL) token. Cold. */
  illegal(): never {
    fail(`unrecognized token: "${this.text()}"`, this.starts[this.i]);
  }

  /** Raise SQLite's syntax error at the current token (`incomplete input` at the end). Cold. */
  syntaxError(): never {
    const t = this.tok();
    if (t === "EOF") fail("incomplete input");
    fail(`near "${this.text()}": syntax error`, this.starts[this.i]);
  }

  /** Raise SQLite's syntax error naming the token `k` ahead. Cold. */
  syntaxErrorAt(k: number): never {
    // The tokens skipped were accepted (shifted), so a deferred action error fires first.
    for (let j = 0; j < k; j++) this.advance();
    this.syntaxError();
  }

  // ---- identifier classes (parse.y %token_class and %fallback ID) -------------------------

  /** The current token can be an `id` (ID, INDEXED, or a fallback keyword). */
  isId(k = 0): boolean {
    const t = k === 0 ? this.tok() : this.peek(k);
    return t === "ID" || t === "INDEXED" || FALLBACK_ID.has(t);
  }

  /** The current token can be an `ids` (ID or STRING, or a fallback keyword). */
  isIds(k = 0): boolean {
    const t = k === 0 ? this.tok() : this.peek(k);
    return t === "ID" || t === "STRING" || FALLBACK_ID.has(t);
  }

  /** The current token can be an `idj` (ID, INDEXED, JOIN_KW, or a fallback keyword). */
  isIdj(k = 0): boolean {
    const t = k === 0 ? this.tok() : this.peek(k);
    return t === "ID" || t === "INDEXED" || t === "JOIN_KW" || FALLBACK_ID.has(t);
  }

  /** The current token can be an `nm` (idj or STRING). */
  isNm(k = 0): boolean {
    const t = k === 0 ? this.tok() : this.peek(k);
    return t === "STRING" || t === "ID" || t === "INDEXED" || t === "JOIN_KW" ||
      FALLBACK_ID.has(t);
  }

  /** Build a Name from the current token and consume it. */
  takeName(): Name {
    const s = this.starts[this.i];
    const e = this.ends[this.i];
    this.advance();
    return makeName(this.sql, s, e);
  }

  /** Parse an `nm` or raise a syntax error. */
  nm(): Name {
    if (!this.isNm()) this.syntaxError();
    return this.takeName();
  }

  /** Parse an `ids` (identifier or string) or raise a syntax error. */
  ids(): Name {
    if (!this.isIds()) this.syntaxError();
    return this.takeName();
  }

  // ---- parameters ------------------------------------------------------------------------

  /** Assign a parameter index as sqlite3ExprAssignVarNumber does; returns [index, name]. */
  assignVar(token: string): [number, string | null] {
    const params = this.params;
    if (token.length === 1) {
      params.push(null);
      const x = params.length;
      if (x > MAX_VARIABLE_NUMBER) this.deferError("too many SQL variables");
      return [x, null];
    }
    if (token.charCodeAt(0) === 63) {
      // ?NNN
      const digits = token.slice(1);
      const big = digits.length > 18 ? Infinity : Number(digits);
      if (!(big >= 1 && big <= MAX_VARIABLE_NUMBER)) {
        // Raised by the VARIABLE rule's action, on the next token (deferred).
        this.deferError(`variable number must be between ?1 and ?${MAX_VARIABLE_NUMBER}`);
        return [0, token];
      }
      const x = big;
      while (params.length < x) params.push(null);
      if (params[x - 1] === null) params[x - 1] = token;
      return [x, token];
    }
    const found = params.indexOf(token);
    if (found >= 0) return [found + 1, token];
    params.push(token);
    const x = params.length;
    if (x > MAX_VARIABLE_NUMBER) this.deferError("too many SQL variables");
    return [x, token];
  }

  // ---- limits -----------------------------------------------------------------------------

  /** Check an expression height against SQLITE_MAX_EXPR_DEPTH (sqlite3ExprCheckHeight). */
  checkHeight(h: number): void {
    // sqlite3ExprCheckHeight runs in the rule's action, when the look-ahead token arrives.
    if (h > MAX_EXPR_DEPTH) {
      this.deferError(`Expression tree is too large (maximum depth ${MAX_EXPR_DEPTH})`);
    }
  }

  /** Account for `n` more LALR stack entries; raise "Recursion limit" past the maximum. */
  push(n: number): void {
    this.depth += n;
    if (this.depth >= MAX_PARSER_DEPTH) fail("Recursion limit");
  }

  /** Release `n` LALR stack entries. */
  pop(n: number): void {
    this.depth -= n;
  }
}

/** Whether the token after `pos` (skipping spaces) is followed by AS, for the WINDOW rule. */
function aheadAs(sql: string, pos: number, tcl: boolean): boolean {
  let t: TokenType;
  do {
    pos = scanToken(sql, pos, tcl);
    t = scannedType;
  } while (t === "SPACE");
  do {
    pos = scanToken(sql, pos, tcl);
    t = scannedType;
  } while (t === "SPACE");
  return t === "AS";
}

/** Build a Name for the token `sql[s..e)`, dequoting it as sqlite3Dequote does. */
export function makeName(sql: string, s: number, e: number): Name {
  const c = sql.charCodeAt(s);
  let quoted: IdQuote = null;
  let name: string;
  if (c === 34 || c === 39 || c === 96) {
    quoted = c === 34 ? '"' : c === 39 ? "'" : "`";
    name = dequote(sql, s, e);
  } else if (c === 91) {
    quoted = "[";
    name = sql.slice(s + 1, e - 1);
  } else {
    name = sql.slice(s, e);
  }
  return { name, quoted, span: { start: s, end: e } };
}

/** Remove the quotes of a `"…"`, `'…'` or `` `…` `` token and collapse doubled quotes. */
export function dequote(sql: string, s: number, e: number): string {
  const q = sql[s];
  const body = sql.slice(s + 1, e - 1);
  return body.indexOf(q) < 0 ? body : body.split(q + q).join(q);
}
