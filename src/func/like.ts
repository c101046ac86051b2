/**
 * LIKE and GLOB pattern matching: func.c `patternCompare`, `likeFunc`, `globFunc`.
 *
 * Owns: `%`/`_` (LIKE, ASCII case-insensitive, optional ESCAPE character) and `*`/`?`/`[...]`
 * (GLOB, case-sensitive, ranges and `^` negation) over Unicode code points; the
 * `SQLITE_LIKE_DOESNT_MATCH_BLOBS` variant (better-sqlite3's build) in which a BLOB operand
 * never matches; SQLite's error messages for a bad ESCAPE and for over-long patterns.
 * Must never: use regular expressions (SQLite's matcher semantics differ in corner cases).
 * @module
 */

import { SqliteError } from "../error.ts";
import { type Mem, MemType } from "../vdbe/mem.ts";
import { argCText } from "./args.ts";
import { FuncFlag, type FunctionRegistry } from "./registry.ts";
import { charLength, utf8Length } from "../vdbe/value/text.ts";

/** Pattern dialect (SQLite's compareInfo). */
export interface PatternInfo {
  /** Code point matching any sequence ('%' or '*'), 0 for none. */
  matchAll: number;
  /** Code point matching one character ('_' or '?'), 0 for none. */
  matchOne: number;
  /** '[' for GLOB character sets, 0 for LIKE. */
  matchSet: number;
  /** ASCII case-insensitive. */
  noCase: boolean;
}

/** LIKE's dialect. */
export const LIKE_INFO: PatternInfo = { matchAll: 37, matchOne: 95, matchSet: 0, noCase: true };
/** GLOB's dialect. */
export const GLOB_INFO: PatternInfo = { matchAll: 42, matchOne: 63, matchSet: 91, noCase: false };

const MATCH = 0;
const NOMATCH = 1;
const NOWILDCARDMATCH = 2;

/** Next code point of `s` at `pos.i` (0 at the end), advancing `pos.i`. */
function read(s: string, pos: { i: number }): number {
  const i = pos.i;
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      pos.i = i + 2;
      return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
    }
  }
  pos.i = i + 1;
  return c;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * `patternCompare(zPattern, zString, pInfo, matchOther)`: MATCH (0), NOMATCH (1) or
 * NOWILDCARDMATCH (2). `matchOther` is the ESCAPE character for LIKE or '[' for GLOB.
 * Hot-ish: recursion only at wildcards.
 */
function patternCompare(
  pat: string,
  pi: number,
  str: string,
  si: number,
  info: PatternInfo,
  matchOther: number,
): number {
  const p = { i: pi };
  const s = { i: si };
  const { matchOne, matchAll, noCase } = info;
  let escapedAt = -1;
  let c: number;
  while ((c = read(pat, p)) !== 0) {
    if (c === matchAll) {
      while ((c = read(pat, p)) === matchAll || (c === matchOne && matchOne !== 0)) {
        if (c === matchOne && read(str, s) === 0) return NOWILDCARDMATCH;
      }
      if (c === 0) return MATCH;
      if (c === matchOther) {
        if (info.matchSet === 0) {
          c = read(pat, p);
          if (c === 0) return NOWILDCARDMATCH;
        } else {
          // "[...]" right after "*": try every suffix of the string
          const setStart = p.i - 1;
          while (s.i < str.length) {
            const r = patternCompare(pat, setStart, str, s.i, info, matchOther);
            if (r !== NOMATCH) return r;
            read(str, s);
          }
          return NOWILDCARDMATCH;
        }
      }
      if (c < 0x80 && noCase) {
        const a = lower(c);
        const rest = p.i;
        for (;;) {
          const c2 = read(str, s);
          if (c2 === 0) break;
          if (lower(c2) !== a || c2 >= 0x80) continue;
          const r = patternCompare(pat, rest, str, s.i, info, matchOther);
          if (r !== NOMATCH) return r;
        }
      } else {
        const rest = p.i;
        for (;;) {
          const c2 = read(str, s);
          if (c2 === 0) break;
          if (c2 !== c) continue;
          const r = patternCompare(pat, rest, str, s.i, info, matchOther);
          if (r !== NOMATCH) return r;
        }
      }
      return NOWILDCARDMATCH;
    }
    if (c === matchOther) {
      if (info.matchSet === 0) {
        c = read(pat, p);
        if (c === 0) return NOMATCH;
        escapedAt = p.i;
      } else {
        let prior = 0;
        let seen = false;
        let invert = false;
        c = read(str, s);
        if (c === 0) return NOMATCH;
        let c2 = read(pat, p);
        if (c2 === 94 /* ^ */) {
          invert = true;
          c2 = read(pat, p);
        }
        if (c2 === 93 /* ] */) {
          if (c === 93) seen = true;
          c2 = read(pat, p);
        }
        while (c2 !== 0 && c2 !== 93) {
          const next = p.i < pat.length ? pat.charCodeAt(p.i) : 0;
          if (c2 === 45 /* - */ && next !== 93 && next !== 0 && prior > 0) {
            c2 = read(pat, p);
            if (c >= prior && c <= c2) seen = true;
            prior = 0;
          } else {
            if (c === c2) seen = true;
            prior = c2;
          }
          c2 = read(pat, p);
        }
        if (c2 === 0 || seen === invert) return NOMATCH;
        continue;
      }
    }
    const c2 = read(str, s);
    if (c === c2) continue;
    if (noCase && c < 0x80 && c2 < 0x80 && lower(c) === lower(c2)) continue;
    if (c === matchOne && p.i !== escapedAt && c2 !== 0) continue;
    return NOMATCH;
  }
  return s.i >= str.length ? MATCH : NOMATCH;
}

/**
 * True when `str` matches `pattern` in the given dialect (`escape` = 0 for none).
 *
 * @example
 * ```ts
 * import { LIKE_INFO, GLOB_INFO, patternMatch } from "./like.ts";
 * patternMatch("a%C", "abc", LIKE_INFO, 0);    // true
 * patternMatch("[a-c]*", "bxx", GLOB_INFO, 91); // true
 * ```
 */
export function patternMatch(
  pattern: string,
  str: string,
  info: PatternInfo,
  escape: number,
): boolean {
  return patternCompare(pattern, 0, str, 0, info, escape) === MATCH;
}

/** SQLITE_LIMIT_LIKE_PATTERN_LENGTH default. */
const LIKE_PATTERN_LIMIT = 50000;

/**
 * like(pattern, string[, escape]) / glob(pattern, string) into `out`, as likeFunc. With
 * `blobsNeverMatch`, a BLOB operand gives 0 (SQLITE_LIKE_DOESNT_MATCH_BLOBS). Hot-ish.
 */
export function likeCall(
  args: Mem[],
  nArg: number,
  out: Mem,
  base: PatternInfo,
  blobsNeverMatch: boolean,
): void {
  if (blobsNeverMatch && (args[0].type === MemType.BLOB || args[1].type === MemType.BLOB)) {
    return out.setInt(0);
  }
  const pat = argCText(args[0]);
  const str = argCText(args[1]);
  if (pat !== null && pat.length * 3 > LIKE_PATTERN_LIMIT && utf8Length(pat) > LIKE_PATTERN_LIMIT) {
    throw new SqliteError("LIKE or GLOB pattern too complex");
  }
  let info = base;
  let escape: number;
  if (nArg === 3) {
    const esc = argCText(args[2]);
    if (esc === null) return out.setNull();
    if (charLength(esc) !== 1) {
      throw new SqliteError("ESCAPE expression must be a single character");
    }
    escape = esc.codePointAt(0) as number;
    if (escape === info.matchAll || escape === info.matchOne) {
      info = { ...info };
      if (escape === info.matchAll) info.matchAll = 0;
      if (escape === info.matchOne) info.matchOne = 0;
    }
  } else escape = info.matchSet;
  if (pat === null || str === null) return out.setNull();
  out.setInt(patternCompare(pat, 0, str, 0, info, escape) === MATCH ? 1 : 0);
}

/** Register like(2/3 args) and glob(2 args). Cold. */
export function registerLike(reg: FunctionRegistry, blobsNeverMatch: boolean): void {
  const D = FuncFlag.DETERMINISTIC;
  reg.scalar(
    "like",
    2,
    D,
    (ctx, args, out) => likeCall(args, ctx.nArg, out, LIKE_INFO, blobsNeverMatch),
  );
  reg.scalar(
    "like",
    3,
    D,
    (ctx, args, out) => likeCall(args, ctx.nArg, out, LIKE_INFO, blobsNeverMatch),
  );
  reg.scalar(
    "glob",
    2,
    D,
    (ctx, args, out) => likeCall(args, ctx.nArg, out, GLOB_INFO, blobsNeverMatch),
  );
}
