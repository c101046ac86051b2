/**
 * SQL tokenizer: SQLite's sqlite3GetToken (tokenize.c) on UTF-16 char codes.
 *
 * Owns: splitting SQL text into tokens with SQLite's exact lexical rules — character classes,
 * identifier characters (ASCII letters, digits, `_`, `$`, and every non-ASCII character),
 * `"…"`/`[…]`/`` `…` `` identifiers, `'…'` strings, `X'…'` blobs, integers, reals, hex, `_` digit
 * separators (QNUMBER), parameters (`?NNN`, `:a`, `@a`, `#a`, `$a` with `::` and `(…)` suffixes),
 * `--` and `/* *\/` comments, and keyword recognition through `keywords.ts`. Token lengths match
 * SQLite's so `unrecognized token: "X"` quotes the same text.
 * Hot path: `scanToken` works on char codes with no per-character (or per-token) allocation.
 * Must never: decide grammar (WINDOW/OVER/FILTER contextual rules live in the parser's lexer).
 * @module
 */

import type { ParseOptions } from "./ast.ts";
import { keywordCode, type KeywordToken } from "./keywords.ts";

/** Token types: SQLite's TK_ names (without the prefix). Keywords map per keywords.ts. */
export type TokenType =
  | KeywordToken
  | "SEMI"
  | "LP"
  | "RP"
  | "COMMA"
  | "DOT"
  | "PLUS"
  | "MINUS"
  | "STAR"
  | "SLASH"
  | "REM"
  | "EQ"
  | "NE"
  | "LT"
  | "LE"
  | "GT"
  | "GE"
  | "LSHIFT"
  | "RSHIFT"
  | "BITAND"
  | "BITOR"
  | "BITNOT"
  | "CONCAT"
  | "PTR"
  | "ID"
  | "STRING"
  | "INTEGER"
  | "FLOAT"
  | "BLOB"
  | "VARIABLE"
  | "QNUMBER"
  | "SPACE"
  | "COMMENT"
  | "ILLEGAL"
  | "EOF";

/** One token of `tokenize`'s output. */
export interface Token {
  type: TokenType;
  /** Offset of the token's first character. */
  start: number;
  /** Offset just after the token. */
  end: number;
  /** The token's source text. */
  text: string;
}

// Character classes (tokenize.c aiClass).
const CC_X = 0,
  CC_KYWD0 = 1,
  CC_KYWD = 2,
  CC_DIGIT = 3,
  CC_DOLLAR = 4,
  CC_VARALPHA = 5,
  CC_VARNUM = 6,
  CC_SPACE = 7,
  CC_QUOTE = 8,
  CC_QUOTE2 = 9,
  CC_PIPE = 10,
  CC_MINUS = 11,
  CC_LT = 12,
  CC_GT = 13,
  CC_EQ = 14,
  CC_BANG = 15,
  CC_SLASH = 16,
  CC_LP = 17,
  CC_RP = 18,
  CC_SEMI = 19,
  CC_PLUS = 20,
  CC_STAR = 21,
  CC_PERCENT = 22,
  CC_COMMA = 23,
  CC_AND = 24,
  CC_TILDA = 25,
  CC_DOT = 26,
  CC_ID = 27,
  CC_ILLEGAL = 28,
  CC_NUL = 29,
  CC_BOM = 30;

const aiClass = new Uint8Array(128);
(function initClasses() {
  aiClass.fill(CC_ILLEGAL);
  aiClass[0] = CC_NUL;
  for (const c of [9, 10, 12, 13, 32]) aiClass[c] = CC_SPACE;
  for (let c = 65; c <= 90; c++) aiClass[c] = CC_KYWD0;
  for (let c = 97; c <= 122; c++) aiClass[c] = CC_KYWD0;
  aiClass[0x58] = aiClass[0x78] = CC_X; // X x
  aiClass[0x59] =
    aiClass[0x5a] =
    aiClass[0x79] =
    aiClass[0x7a] =
      CC_KYWD; // Y Z y z
  aiClass[0x5f] = CC_KYWD; // _
  for (let c = 48; c <= 57; c++) aiClass[c] = CC_DIGIT;
  aiClass[0x24] = CC_DOLLAR;
  aiClass[0x40] = aiClass[0x23] = aiClass[0x3a] = CC_VARALPHA; // @ # :
  aiClass[0x3f] = CC_VARNUM; // ?
  aiClass[0x22] = aiClass[0x27] = aiClass[0x60] = CC_QUOTE; // " ' `
  aiClass[0x5b] = CC_QUOTE2; // [
  aiClass[0x7c] = CC_PIPE;
  aiClass[0x2d] = CC_MINUS;
  aiClass[0x3c] = CC_LT;
  aiClass[0x3e] = CC_GT;
  aiClass[0x3d] = CC_EQ;
  aiClass[0x21] = CC_BANG;
  aiClass[0x2f] = CC_SLASH;
  aiClass[0x28] = CC_LP;
  aiClass[0x29] = CC_RP;
  aiClass[0x3b] = CC_SEMI;
  aiClass[0x2b] = CC_PLUS;
  aiClass[0x2a] = CC_STAR;
  aiClass[0x25] = CC_PERCENT;
  aiClass[0x2c] = CC_COMMA;
  aiClass[0x26] = CC_AND;
  aiClass[0x7e] = CC_TILDA;
  aiClass[0x2e] = CC_DOT;
})();

/** Character class of a char code (non-ASCII is an identifier character; U+FEFF is a BOM). */
function classOf(c: number): number {
  if (c < 128) return c < 0 ? CC_NUL : aiClass[c];
  return c === 0xfeff ? CC_BOM : CC_ID;
}

/** sqlite3Isspace: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True for a hexadecimal digit char code. */
export function isXDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** IdChar(): letters, digits, `_`, `$`, or any non-ASCII character. */
export function isIdChar(c: number): boolean {
  if (c >= 128) return true;
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ||
    c === 36;
}

/** Char code at `i`, or 0 past the end (SQLite's NUL terminator). Hot; inlined by V8. */
function at(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c === c ? c : 0; // NaN past the end
}

/** The type of the token most recently scanned by `scanToken` (read it right after the call). */
export let scannedType: TokenType = "EOF";

/**
 * Scan one token of `sql` starting at `pos`; sets `scannedType` and returns the offset just
 * after the token (`tcl` false: no `::`/`(…)` parameter suffixes, as SQLITE_OMIT_TCL_VARIABLE) (equal to `pos` only at the end of input, where the type is `EOF`). A NUL
 * character ends the input as it does for SQLite's C strings.
 * Hot: allocation-free.
 *
 * @example
 * ```ts
 * import { scanToken, scannedType } from "./tokenizer.ts";
 * const end = scanToken("SELECT 1", 0); // end === 6, scannedType === "SELECT"
 * ```
 */
export function scanToken(sql: string, pos: number, tcl = true): number {
  const c0 = at(sql, pos);
  let i: number;
  let c: number;
  switch (classOf(c0)) {
    case CC_SPACE: {
      const n = sql.length;
      for (i = pos + 1; i < n && isSpace(sql.charCodeAt(i)); i++);
      scannedType = "SPACE";
      return i;
    }
    case CC_MINUS: {
      c = at(sql, pos + 1);
      if (c === 45) {
        for (i = pos + 2; (c = at(sql, i)) !== 0 && c !== 10; i++);
        scannedType = "COMMENT";
        return i;
      } else if (c === 62) {
        scannedType = "PTR";
        return pos + 2 + (at(sql, pos + 2) === 62 ? 1 : 0);
      }
      scannedType = "MINUS";
      return pos + 1;
    }
    case CC_LP:
      scannedType = "LP";
      return pos + 1;
    case CC_RP:
      scannedType = "RP";
      return pos + 1;
    case CC_SEMI:
      scannedType = "SEMI";
      return pos + 1;
    case CC_PLUS:
      scannedType = "PLUS";
      return pos + 1;
    case CC_STAR:
      scannedType = "STAR";
      return pos + 1;
    case CC_SLASH: {
      if (at(sql, pos + 1) !== 42 || at(sql, pos + 2) === 0) {
        scannedType = "SLASH";
        return pos + 1;
      }
      c = at(sql, pos + 2);
      for (i = pos + 3; (c !== 42 || at(sql, i) !== 47) && (c = at(sql, i)) !== 0; i++);
      if (c) i++;
      scannedType = "COMMENT";
      return i;
    }
    case CC_PERCENT:
      scannedType = "REM";
      return pos + 1;
    case CC_EQ:
      scannedType = "EQ";
      return pos + 1 + (at(sql, pos + 1) === 61 ? 1 : 0);
    case CC_LT: {
      c = at(sql, pos + 1);
      if (c === 61) {
        scannedType = "LE";
        return pos + 2;
      } else if (c === 62) {
        scannedType = "NE";
        return pos + 2;
      } else if (c === 60) {
        scannedType = "LSHIFT";
        return pos + 2;
      }
      scannedType = "LT";
      return pos + 1;
    }
    case CC_GT: {
      c = at(sql, pos + 1);
      if (c === 61) {
        scannedType = "GE";
        return pos + 2;
      } else if (c === 62) {
        scannedType = "RSHIFT";
        return pos + 2;
      }
      scannedType = "GT";
      return pos + 1;
    }
    case CC_BANG:
      if (at(sql, pos + 1) !== 61) {
        scannedType = "ILLEGAL";
        return pos + 1;
      }
      scannedType = "NE";
      return pos + 2;
    case CC_PIPE:
      if (at(sql, pos + 1) !== 124) {
        scannedType = "BITOR";
        return pos + 1;
      }
      scannedType = "CONCAT";
      return pos + 2;
    case CC_COMMA:
      scannedType = "COMMA";
      return pos + 1;
    case CC_AND:
      scannedType = "BITAND";
      return pos + 1;
    case CC_TILDA:
      scannedType = "BITNOT";
      return pos + 1;
    case CC_QUOTE: {
      const delim = c0;
      c = 0;
      for (i = pos + 1; (c = at(sql, i)) !== 0; i++) {
        if (c === delim) {
          if (at(sql, i + 1) === delim) i++;
          else break;
        }
      }
      if (c === 39) {
        scannedType = "STRING";
        return i + 1;
      } else if (c !== 0) {
        scannedType = "ID";
        return i + 1;
      }
      scannedType = "ILLEGAL";
      return i;
    }
    case CC_DOT:
      if (!isDigit(at(sql, pos + 1))) {
        scannedType = "DOT";
        return pos + 1;
      }
      return scanNumber(sql, pos);
    case CC_DIGIT:
      return scanNumber(sql, pos);
    case CC_QUOTE2: {
      c = c0;
      for (i = pos + 1; c !== 93 && (c = at(sql, i)) !== 0; i++);
      scannedType = c === 93 ? "ID" : "ILLEGAL";
      return i;
    }
    case CC_VARNUM: {
      for (i = pos + 1; isDigit(at(sql, i)); i++);
      scannedType = "VARIABLE";
      return i;
    }
    case CC_DOLLAR:
    case CC_VARALPHA: {
      let nId = 0;
      let type: TokenType = "VARIABLE";
      for (i = pos + 1; (c = at(sql, i)) !== 0; i++) {
        if (isIdChar(c)) {
          nId++;
        } else if (!tcl) {
          break;
        } else if (c === 40 && nId > 0) {
          do {
            i++;
          } while ((c = at(sql, i)) !== 0 && !isSpace(c) && c !== 41);
          if (c === 41) i++;
          else type = "ILLEGAL";
          break;
        } else if (c === 58 && at(sql, i + 1) === 58) {
          i++;
        } else {
          break;
        }
      }
      if (nId === 0) type = "ILLEGAL";
      scannedType = type;
      return i;
    }
    case CC_KYWD0: {
      const n = sql.length;
      if (classOf(at(sql, pos + 1)) > CC_KYWD) {
        i = pos + 1;
        break;
      }
      for (i = pos + 2; i < n; i++) {
        const c = sql.charCodeAt(i);
        if (c >= 128 || aiClass[c] > CC_KYWD) break;
      }
      if (isIdChar(at(sql, i))) {
        i++;
        break;
      }
      scannedType = keywordCode(sql, pos, i) ?? "ID";
      return i;
    }
    case CC_X: {
      if (at(sql, pos + 1) === 39) {
        let type: TokenType = "BLOB";
        for (i = pos + 2; isXDigit(at(sql, i)); i++);
        if (at(sql, i) !== 39 || (i - pos) % 2) {
          type = "ILLEGAL";
          while (at(sql, i) !== 0 && at(sql, i) !== 39) i++;
        }
        if (at(sql, i) !== 0) i++;
        scannedType = type;
        return i;
      }
      i = pos + 1;
      break;
    }
    case CC_KYWD:
    case CC_ID:
      i = pos + 1;
      break;
    case CC_BOM:
      // A UTF-16 BOM character stands for SQLite's 3-byte UTF-8 BOM: whitespace.
      scannedType = "SPACE";
      return pos + 1;
    case CC_NUL:
      scannedType = "EOF";
      return pos;
    default:
      scannedType = "ILLEGAL";
      return pos + 1;
  }
  const n = sql.length;
  while (i < n && isIdChar(sql.charCodeAt(i))) i++;
  scannedType = "ID";
  return i;
}

/** Numbers: decimal, hex, reals, with `_` separators making a QNUMBER; trailing id chars are ILLEGAL. */
function scanNumber(sql: string, pos: number): number {
  const n = sql.length;
  let type: TokenType = "INTEGER";
  let i: number;
  let c: number;
  if (
    at(sql, pos) === 48 && (at(sql, pos + 1) === 120 || at(sql, pos + 1) === 88) &&
    isXDigit(at(sql, pos + 2))
  ) {
    for (i = pos + 3; i < n; i++) {
      c = sql.charCodeAt(i);
      if (!isXDigit(c)) {
        if (c === 95) type = "QNUMBER";
        else break;
      }
    }
  } else {
    i = skipDigits(sql, pos, n);
    if (i < 0) {
      i = -i;
      type = "QNUMBER";
    }
    if (i < n && sql.charCodeAt(i) === 46) {
      if (type === "INTEGER") type = "FLOAT";
      const k = skipDigits(sql, i + 1, n);
      if (k < 0) type = "QNUMBER";
      i = k < 0 ? -k : k;
    }
    const e = at(sql, i);
    if (
      (e === 101 || e === 69) &&
      (isDigit(at(sql, i + 1)) ||
        ((at(sql, i + 1) === 43 || at(sql, i + 1) === 45) && isDigit(at(sql, i + 2))))
    ) {
      if (type === "INTEGER") type = "FLOAT";
      const k = skipDigits(sql, i + 2, n);
      if (k < 0) type = "QNUMBER";
      i = k < 0 ? -k : k;
    }
  }
  while (i < n && isIdChar(sql.charCodeAt(i))) {
    type = "ILLEGAL";
    i++;
  }
  scannedType = type;
  return i;
}

/**
 * Skip decimal digits and `_` separators from `i`; returns the end offset, negated when a `_`
 * was seen (a QNUMBER). Hot.
 */
function skipDigits(sql: string, i: number, n: number): number {
  let sep = false;
  for (; i < n; i++) {
    const c = sql.charCodeAt(i);
    if (c < 48 || c > 57) {
      if (c === 95) sep = true;
      else break;
    }
  }
  return sep ? -i : i;
}

/**
 * Split `sql` into tokens (including SPACE and COMMENT tokens), ending at the first NUL or the
 * end of the string. Cold convenience API; the parser scans lazily with `scanToken`.
 *
 * @example
 * ```ts
 * import { tokenize } from "./mod.ts";
 * tokenize("SELECT x'00'").map((t) => t.type); // ["SELECT", "SPACE", "BLOB"]
 * ```
 */
export function tokenize(sql: string, options: ParseOptions = {}): Token[] {
  const out: Token[] = [];
  const tcl = options.tclVariables ?? true;
  let pos = 0;
  for (;;) {
    const end = scanToken(sql, pos, tcl);
    const type = scannedType;
    if (type === "EOF") break;
    out.push({ type, start: pos, end, text: sql.slice(pos, end) });
    pos = end;
  }
  return out;
}
