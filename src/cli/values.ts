/**
 * Result cells of the shell and their text forms, as the sqlite3 shell prints them.
 *
 * Owns: the `Cell` (storage class + value) and the renderings the output modes share — the
 * plain text of a value (sqlite3_column_text: REAL as SQLite renders it, BLOB bytes as text),
 * the SQL literal of a value (quote/insert/.dump: REAL with "%!.20g", ±Inf as ±1e999, BLOB as
 * X'..', TEXT quoted), the JSON form, identifier quoting, and display width.
 * Follows: shell.c.in (output_quoted_string, output_hex_blob, output_json_string, quoteChar,
 * utf8_width, which counts code points), vdbemem.c (REAL → TEXT).
 * Must never: touch the database or do I/O.
 * @module
 */
import { MemType } from "../vdbe/mem.ts";
import { realToText } from "../vdbe/value/render.ts";
import { memOf } from "../vdbe/mem.ts";
import { sqlPrintf } from "../func/printf.ts";

/** One result value with its storage class. */
export interface Cell {
  /** MemType tag: NULL, INT, REAL, TEXT or BLOB. */
  t: MemType;
  /** The value (number or bigint for INT). */
  v: null | number | bigint | string | Uint8Array;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Length of the valid UTF-8 sequence starting at `b[i]`, or 0 if it is not one. */
function utf8SeqLength(b: Uint8Array, i: number): number {
  const c = b[i];
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1];
    if (c === 0xe0 && !(c1 >= 0xa0 && c1 <= 0xbf)) return 0;
    if (c === 0xed && !(c1 >= 0x80 && c1 <= 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1];
    if (c === 0xf0 && !(c1 >= 0x90 && c1 <= 0xbf)) return 0;
    if (c === 0xf4 && !(c1 >= 0x80 && c1 <= 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Bytes as text the shell can print byte for byte: valid UTF-8 decodes normally; every byte of
 * an invalid sequence becomes the lone surrogate U+DC80+byte ("surrogate escape"), which the
 * host's output encoder ({@link encodeOutput}) turns back into that raw byte — so BLOBs print
 * their bytes exactly as sqlite3 writes them.
 */
export function decodeBytes(b: Uint8Array): string {
  try {
    return strictUtf8.decode(b);
  } catch {
    let out = "";
    for (let i = 0; i < b.length;) {
      const n = utf8SeqLength(b, i);
      if (n === 0) {
        out += String.fromCharCode(0xdc00 + b[i]);
        i++;
      } else {
        out += strictUtf8.decode(b.subarray(i, i + n));
        i += n;
      }
    }
    return out;
  }
}

const textEncoder = new TextEncoder();
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

/** Text to output bytes: UTF-8, with surrogate-escaped bytes (see {@link decodeBytes}) raw. */
export function encodeOutput(s: string): Uint8Array {
  if (!ESCAPED_BYTE.test(s)) return textEncoder.encode(s);
  const parts: Uint8Array[] = [];
  let total = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
    if (c >= 0xdc80 && c <= 0xdcff && !(prev >= 0xd800 && prev <= 0xdbff)) {
      const piece = textEncoder.encode(s.slice(start, i));
      parts.push(piece, new Uint8Array([c - 0xdc00]));
      total += piece.length + 1;
      start = i + 1;
    }
  }
  const tail = textEncoder.encode(s.slice(start));
  parts.push(tail);
  total += tail.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The value as sqlite3_column_text gives it (up to a NUL); NULL → `nullValue`. */
export function cellText(c: Cell, nullValue: string): string {
  switch (c.t) {
    case MemType.NULL:
      return nullValue;
    case MemType.INT:
      return String(c.v);
    case MemType.REAL:
      return realToText(c.v as number);
    case MemType.TEXT:
      return cString(c.v as string);
    default:
      return cString(decodeBytes(c.v as Uint8Array));
  }
}

/** Text as the shell prints it through C strings: cut at the first NUL. */
export function cString(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}

/** A REAL as the shell writes it in SQL contexts ("%!.20g"; ±Infinity as ±1e999). */
export function realLiteral(r: number): string {
  if (r === Infinity) return "1e999";
  if (r === -Infinity) return "-1e999";
  return sqlPrintf("%!.20g", [memOf(r)], 0, 1) ?? String(r);
}

/** BLOB bytes as X'hex'. */
export function blobLiteral(b: Uint8Array): string {
  let s = "X'";
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, "0");
  return s + "'";
}

/** TEXT as an SQL string literal ('' doubled). */
export function textLiteral(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** `a` if it does not occur in `s`, else `b`, else `b` with a counter (shell's unused_string). */
function unusedString(s: string, a: string, b: string): string {
  if (!s.includes(a)) return a;
  if (!s.includes(b)) return b;
  for (let i = 1;; i++) {
    const c = `(${b}${i})`;
    if (!s.includes(c)) return c;
  }
}

/**
 * TEXT as .dump writes it: control characters are rebuilt with replace(…, '\n', char(10)) as
 * the shell's output_quoted_escaped_string does for \n and \r.
 */
export function escapedTextLiteral(s: string): string {
  if (!s.includes("\n") && !s.includes("\r")) return textLiteral(s);
  let body = s.replaceAll("'", "''");
  let expr = "";
  const hasN = body.includes("\n");
  const hasR = body.includes("\r");
  const nl = unusedString(s, "\\n", "\\012");
  const cr = unusedString(s, "\\r", "\\015");
  if (hasN) body = body.replaceAll("\n", nl);
  if (hasR) body = body.replaceAll("\r", cr);
  expr = `'${body}'`;
  if (hasN) expr = `replace(${expr},'${nl}',char(10))`;
  if (hasR) expr = `replace(${expr},'${cr}',char(13))`;
  return expr;
}

/** The value as an SQL literal (quote and insert modes). */
export function cellLiteral(c: Cell): string {
  switch (c.t) {
    case MemType.NULL:
      return "NULL";
    case MemType.INT:
      return String(c.v);
    case MemType.REAL:
      return realLiteral(c.v as number);
    case MemType.TEXT:
      return textLiteral(cString(c.v as string));
    default:
      return blobLiteral(c.v as Uint8Array);
  }
}

/** A string as a JSON string literal, as the shell's output_json_string writes it. */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (c <= 0x1f) {
      if (ch === "\b") out += "\\b";
      else if (ch === "\f") out += "\\f";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (ch === "\t") out += "\\t";
      else out += "\\u" + c.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

/** The value in JSON mode. */
export function cellJson(c: Cell): string {
  switch (c.t) {
    case MemType.NULL:
      return "null";
    case MemType.INT:
      return String(c.v);
    case MemType.REAL:
      return realLiteral(c.v as number);
    case MemType.TEXT:
      return jsonString(cString(c.v as string));
    default:
      return jsonString(decodeBytes(c.v as Uint8Array));
  }
}

const KEYWORDS = new Set(
  ("ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN " +
    "BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS " +
    "CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED " +
    "DELETE DESC DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS " +
    "EXPLAIN FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING " +
    "IF IGNORE IMMEDIATE IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL " +
    "JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF " +
    "OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE RANGE " +
    "RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK " +
    "ROW ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER UNBOUNDED " +
    "UNION UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT")
    .split(" "),
);

/** True if `name` is an SQL keyword. */
export function isKeyword(name: string): boolean {
  return KEYWORDS.has(name.toUpperCase());
}

/** An identifier as the shell writes it: bare when plain and not a keyword, else "quoted". */
export function quoteIdent(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !isKeyword(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Display width of a string as the sqlite3 shell (3.4x) measures it: one column per code point,
 * combining marks (U+0300–U+036F) taking none.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    // A raw byte (surrogate-escaped) counts like a UTF-8 lead byte: continuation bytes don't.
    if (c >= 0xdc80 && c <= 0xdcbf) continue;
    if (c < 0x300 || c > 0x36f) w++;
  }
  return w;
}

const encoder = new TextEncoder();

/** Width in UTF-8 bytes (line mode pads names with printf's byte-counting `%*s`). */
export function byteWidth(s: string): number {
  return encoder.encode(s).length;
}
