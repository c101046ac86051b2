/**
 * Expanded SQL text: a statement's SQL with its bound parameter values written in as literals.
 *
 * Owns: finding parameter tokens in SQL text (`?`, `?NNN`, `:a`, `@a`, `$a`, skipping strings,
 * quoted identifiers and comments) and numbering them as SQLite does, and rendering values as
 * sqlite3_expanded_sql does (integers plainly, reals with SQLite's "%!.15g", text quoted with ''
 * doubled, blobs as x'..', NULL) — what better-sqlite3 passes to the `verbose` logger.
 * Follows: sqlite3VdbeExpandSql (vdbetrace.c), the tokenizer's parameter rules (tokenize.c).
 * Must never: be on a hot path — it runs only when a logger is set or toString() is called. Cold.
 * @module
 */

import { sqlPrintf } from "../func/printf.ts";
import { memOf } from "../vdbe/mem.ts";

/** One parameter token found in SQL text. */
export interface ParamToken {
  /** Offset of the token in the text. */
  start: number;
  /** Offset just past it. */
  end: number;
  /** Its 1-based parameter index. */
  index: number;
  /** Its name with prefix (`:a`, `?3`), or null for a bare `?`. */
  name: string | null;
}

function isIdChar(c: string): boolean {
  return /[A-Za-z0-9_\u0080-\uffff]/.test(c);
}

/** Find every parameter token in `sql`, numbered as sqlite3_bind_parameter_index would. Cold. */
export function scanParameters(sql: string): ParamToken[] {
  const out: ParamToken[] = [];
  const byName = new Map<string, number>();
  let max = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === "`") {
      const close = c;
      i++;
      while (i < n) {
        if (sql[i] === close) {
          if (sql[i + 1] === close) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === "[") {
      const j = sql.indexOf("]", i);
      i = j < 0 ? n : j + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      const j = sql.indexOf("\n", i);
      i = j < 0 ? n : j + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const j = sql.indexOf("*/", i + 2);
      i = j < 0 ? n : j + 2;
    } else if (c === "?") {
      let j = i + 1;
      while (j < n && sql[j] >= "0" && sql[j] <= "9") j++;
      if (j === i + 1) {
        out.push({ start: i, end: j, index: ++max, name: null });
      } else {
        const idx = Number(sql.slice(i + 1, j));
        const name = sql.slice(i, j);
        if (!byName.has(name)) byName.set(name, idx);
        if (idx > max) max = idx;
        out.push({ start: i, end: j, index: idx, name });
      }
      i = j;
    } else if ((c === ":" || c === "@" || c === "$") && i + 1 < n && isIdChar(sql[i + 1])) {
      let j = i + 1;
      while (j < n && isIdChar(sql[j])) j++;
      const name = sql.slice(i, j);
      let idx = byName.get(name);
      if (idx === undefined) byName.set(name, idx = ++max);
      out.push({ start: i, end: j, index: idx, name });
      i = j;
    } else if (isIdChar(c)) {
      // A whole word (so x'..' blobs and identifiers are skipped as one token).
      let j = i + 1;
      while (j < n && isIdChar(sql[j])) j++;
      if ((c === "x" || c === "X") && j === i + 1 && sql[j] === "'") {
        const k = sql.indexOf("'", j + 1);
        j = k < 0 ? n : k + 1;
      }
      i = j;
    } else {
      i++;
    }
  }
  return out;
}

/** Render a REAL as sqlite3_expanded_sql does: SQLite's printf "%!.15g" ("Inf", "-Inf"). Cold. */
export function renderReal(r: number): string {
  if (Number.isNaN(r)) return "NULL";
  return sqlPrintf("%!.15g", [memOf(r)], 0, 1) ?? String(r);
}

/** better-sqlite3 builds SQLite with SQLITE_TRACE_SIZE_LIMIT=32: longer TEXT/BLOB is cut. */
export const TRACE_SIZE_LIMIT = 32;

const utf8 = new TextEncoder();
const utf8Decode = new TextDecoder();

/**
 * Render one bound value as an SQL literal; TEXT and BLOB longer than `limit` bytes are cut
 * (TEXT on a character boundary) and followed by a `/*+N bytes*\/` note, as vdbetrace.c does.
 * Cold.
 */
export function renderLiteral(v: unknown, limit = TRACE_SIZE_LIMIT): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") return renderReal(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") {
    const bytes = utf8.encode(v);
    let n = bytes.length;
    let text = v;
    if (n > limit) {
      n = limit;
      while (n < bytes.length && (bytes[n] & 0xc0) === 0x80) n++;
      text = utf8Decode.decode(bytes.subarray(0, n));
    }
    const more = bytes.length - n;
    return `'${text.replaceAll("'", "''")}'` + (more > 0 ? `/*+${more} bytes*/` : "");
  }
  if (ArrayBuffer.isView(v)) {
    const b = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    const n = Math.min(b.length, limit);
    let hex = "";
    for (let i = 0; i < n; i++) hex += b[i].toString(16).padStart(2, "0");
    return `x'${hex}'` + (b.length > n ? `/*+${b.length - n} bytes*/` : "");
  }
  return "NULL";
}

/**
 * `sql` with each parameter replaced by the literal of `values[index]` (1-based; missing → NULL),
 * TEXT/BLOB cut at `limit` bytes (better-sqlite3's SQLITE_TRACE_SIZE_LIMIT by default).
 * @example
 * ```ts
 * expandSql("SELECT ?, :a", [undefined, 1, "x"]); // "SELECT 1.0, 'x'"
 * ```
 */
export function expandSql(
  sql: string,
  values: readonly unknown[],
  limit: number = TRACE_SIZE_LIMIT,
): string {
  const tokens = scanParameters(sql);
  if (tokens.length === 0) return sql;
  let out = "";
  let at = 0;
  for (const t of tokens) {
    out += sql.slice(at, t.start) + renderLiteral(values[t.index], limit);
    at = t.end;
  }
  return out + sql.slice(at);
}
