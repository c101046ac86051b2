/**
 * String and blob scalar functions of func.c: length, octet_length, lower, upper, ltrim, rtrim,
 * trim, replace, substr/substring, instr, char, unicode, hex, unhex, concat, concat_ws.
 *
 * Owns: their results over every storage class — characters (code points) for TEXT, bytes for
 * BLOB, numbers read through their text rendering, NULL propagation exactly as func.c.
 * Must never: fold case beyond ASCII (SQLite without ICU only folds A–Z).
 * @module
 */

import { type Mem, MemType } from "../vdbe/mem.ts";
import { memToText } from "../vdbe/value/convert.ts";
import {
  bytesToHexUpper,
  charLength,
  dbByteLength,
  decodeUtf8,
  encodeUtf8,
} from "../vdbe/value/text.ts";
import { SqliteError } from "../error.ts";
import { argBlob, argCText, argInt, argText } from "./args.ts";
import { FuncFlag, type FunctionRegistry } from "./registry.ts";

const D = FuncFlag.DETERMINISTIC;

/** ASCII-only case mapping (sqlite3Tolower / sqlite3Toupper). */
function asciiCase(s: string, upper: boolean): string {
  let i = 0;
  const n = s.length;
  // fast path: nothing to change
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (upper ? c >= 97 && c <= 122 : c >= 65 && c <= 90) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (upper ? c >= 97 && c <= 122 : c >= 65 && c <= 90) out += String.fromCharCode(c ^ 32);
    else out += s[i];
  }
  return out;
}

/** Code points of a string (trim sets). */
function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) as number);
  return out;
}

/** trim helper: flags 1 = left, 2 = right. */
function trimText(s: string, set: number[], flags: number): string {
  let start = 0;
  let end = s.length;
  if (set.length === 1 && set[0] < 0x10000) {
    const c = set[0];
    if (flags & 1) { while (start < end && s.charCodeAt(start) === c) start++; }
    if (flags & 2) { while (end > start && s.charCodeAt(end - 1) === c) end--; }
    return s.slice(start, end);
  }
  if (flags & 1) {
    while (start < end) {
      const cp = s.codePointAt(start) as number;
      if (!set.includes(cp)) break;
      start += cp > 0xffff ? 2 : 1;
    }
  }
  if (flags & 2) {
    while (end > start) {
      let cp = s.charCodeAt(end - 1);
      let w = 1;
      if (cp >= 0xdc00 && cp <= 0xdfff && end - 2 >= start) {
        const hi = s.charCodeAt(end - 2);
        if (hi >= 0xd800 && hi <= 0xdbff) {
          cp = (hi - 0xd800) * 0x400 + (cp - 0xdc00) + 0x10000;
          w = 2;
        }
      }
      if (!set.includes(cp)) break;
      end -= w;
    }
  }
  return s.slice(start, end);
}

/** Index (in UTF-16 units) just past `n` code points from `from`, capped at the end. */
function skipChars(s: string, from: number, n: number): number {
  let i = from;
  const len = s.length;
  while (n > 0 && i < len) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < len ? 2 : 1;
    n--;
  }
  return i;
}

/** substr(X, Y[, Z]) as func.c substrFunc. Hot-ish. */
function substr(args: Mem[], nArg: number, out: Mem): void {
  const x = args[0];
  if (args[1].type === MemType.NULL || (nArg === 3 && args[2].type === MemType.NULL)) {
    return out.setNull();
  }
  if (x.type === MemType.NULL) return out.setNull();
  const isBlob = x.type === MemType.BLOB;
  const text = isBlob ? "" : (memToText(x) as string);
  const r1 = argInt(args[1]);
  const r2 = nArg === 3 ? argInt(args[2]) : 0;
  if (typeof r1 === "bigint" || typeof r2 === "bigint") {
    return substrInt64(x, text, isBlob, BigInt(r1), nArg === 3 ? BigInt(r2) : null, out);
  }
  let p1 = r1;
  let len = 0;
  if (isBlob) len = x.b.length;
  else if (p1 < 0) len = charLength(text);
  let p2: number;
  let negP2 = false;
  if (nArg === 3) {
    p2 = r2 as number;
    if (p2 < 0) {
      p2 = -p2;
      negP2 = true;
    }
  } else p2 = 1000000000; // SQLITE_LIMIT_LENGTH
  if (p1 < 0) {
    p1 += len;
    if (p1 < 0) {
      if (p2 < 0) p2 = 0;
      else p2 += p1;
      p1 = 0;
    }
  } else if (p1 > 0) p1--;
  else if (p2 > 0) p2--;
  if (negP2) {
    p1 -= p2;
    if (p1 < 0) {
      p2 += p1;
      p1 = 0;
    }
  }
  if (p2 < 0) p2 = 0;
  if (!isBlob) {
    const a = skipChars(text, 0, p1);
    const b = skipChars(text, a, p2);
    out.setText(text.slice(a, b));
  } else {
    if (p1 >= len) p1 = p2 = 0;
    else if (p2 > len - p1) p2 = len - p1;
    out.setBlob(x.b.slice(p1, p1 + p2));
  }
}

/**
 * substr() with an argument beyond ±2^53: the same algorithm in wrapping int64 arithmetic,
 * as the C code computes it. Cold.
 */
function substrInt64(
  x: Mem,
  text: string,
  isBlob: boolean,
  a1: bigint,
  a2: bigint | null,
  out: Mem,
): void {
  const w = (v: bigint) => BigInt.asIntN(64, v);
  let p1 = a1;
  let len = 0n;
  if (isBlob) len = BigInt(x.b.length);
  else if (p1 < 0n) len = BigInt(charLength(text));
  let p2: bigint;
  let negP2 = false;
  if (a2 !== null) {
    p2 = a2;
    if (p2 < 0n) {
      p2 = w(-p2);
      negP2 = true;
    }
  } else p2 = 1000000000n;
  if (p1 < 0n) {
    p1 = w(p1 + len);
    if (p1 < 0n) {
      if (p2 < 0n) p2 = 0n;
      else p2 = w(p2 + p1);
      p1 = 0n;
    }
  } else if (p1 > 0n) p1--;
  else if (p2 > 0n) p2--;
  if (negP2) {
    p1 = w(p1 - p2);
    if (p1 < 0n) {
      p2 = w(p2 + p1);
      p1 = 0n;
    }
  }
  if (p2 < 0n) p2 = 0n;
  const MAXN = 9007199254740991n;
  const n1 = Number(p1 > MAXN ? MAXN : p1);
  const n2 = Number(p2 > MAXN ? MAXN : p2);
  if (!isBlob) {
    const a = skipChars(text, 0, n1);
    out.setText(text.slice(a, skipChars(text, a, n2)));
  } else {
    const L = x.b.length;
    if (n1 >= L) out.setBlob(new Uint8Array(0));
    else out.setBlob(x.b.slice(n1, n1 + Math.min(n2, L - n1)));
  }
}

/** Position of needle in haystack (1-based chars or bytes), as instrFunc. */
function instr(args: Mem[], out: Mem): void {
  const h = args[0];
  const n = args[1];
  if (h.type === MemType.NULL || n.type === MemType.NULL) return out.setNull();
  if (h.type === MemType.BLOB && n.type === MemType.BLOB) {
    const hb = h.b;
    const nb = n.b;
    if (nb.length === 0) return out.setInt(1);
    outer: for (let i = 0; i + nb.length <= hb.length; i++) {
      for (let j = 0; j < nb.length; j++) if (hb[i + j] !== nb[j]) continue outer;
      return out.setInt(i + 1);
    }
    return out.setInt(0);
  }
  const hs = memToText(h) as string;
  const ns = memToText(n) as string;
  const at = hs.indexOf(ns);
  if (at < 0) return out.setInt(0);
  out.setInt(charLength(hs.slice(0, at)) + 1);
}

/** unhex(X[, Y]) as func.c unhexFunc. */
function unhex(args: Mem[], nArg: number, out: Mem): void {
  const hex = argCText(args[0]);
  const pass = nArg > 1 ? argCText(args[1]) : "";
  if (hex === null || pass === null) return out.setNull();
  const allowed = codePoints(pass);
  const bytes: number[] = [];
  let i = 0;
  const isX = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
  const val = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87);
  while (i < hex.length) {
    let c = hex.charCodeAt(i);
    while (!isX(c)) {
      const cp = hex.codePointAt(i) as number;
      if (!allowed.includes(cp)) return out.setNull();
      i += cp > 0xffff ? 2 : 1;
      if (i >= hex.length) {
        out.setBlob(Uint8Array.from(bytes));
        return;
      }
      c = hex.charCodeAt(i);
    }
    i++;
    const d = i < hex.length ? hex.charCodeAt(i) : 0;
    if (!isX(d)) return out.setNull();
    i++;
    bytes.push((val(c) << 4) | val(d));
  }
  out.setBlob(Uint8Array.from(bytes));
}

/**
 * The character SQLite's sqlite3AppendOneUtf8Character writes for code point `v`, as a client
 * decodes it: a valid scalar value is itself; a surrogate or a value past U+10FFFF becomes the
 * (invalid) UTF-8 bytes SQLite emits, decoded with U+FFFD replacement — what every JS client
 * of SQLite sees. Cold.
 */
function looseChar(v: number): string {
  if (v < 0xd800 || (v > 0xdfff && v <= 0x10ffff)) return String.fromCodePoint(v);
  let bytes: number[];
  if (v < 0x10000) bytes = [0xe0 + ((v >> 12) & 0x0f), 0x80 + ((v >> 6) & 0x3f), 0x80 + (v & 0x3f)];
  else {
    bytes = [
      0xf0 + ((v >>> 18) & 0x07),
      0x80 + ((v >>> 12) & 0x3f),
      0x80 + ((v >>> 6) & 0x3f),
      0x80 + (v & 0x3f),
    ];
  }
  return decodeUtf8(Uint8Array.from(bytes));
}

// soundex codes for A..Z (func.c iCode[]): vowels, H, W, Y → 0.
const SOUNDEX = [0, 1, 2, 3, 0, 1, 2, 0, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, 0, 2, 0, 2];

function soundexCode(b: number): number {
  const c = b & 0x7f;
  if (c >= 65 && c <= 90) return SOUNDEX[c - 65];
  if (c >= 97 && c <= 122) return SOUNDEX[c - 97];
  return 0;
}

/** soundex(X) as func.c soundexFunc (over the UTF-8 bytes, ASCII letters only). */
export function soundex(text: string): string {
  const z = encodeUtf8(text);
  const isAlpha = (b: number) => (b >= 65 && b <= 90) || (b >= 97 && b <= 122);
  let i = 0;
  while (i < z.length && !isAlpha(z[i])) i++;
  if (i >= z.length) return "?000";
  let prev = soundexCode(z[i]);
  let out = String.fromCharCode(z[i] >= 97 ? z[i] - 32 : z[i]);
  for (; out.length < 4 && i < z.length; i++) {
    const code = soundexCode(z[i]);
    if (code > 0) {
      if (code !== prev) {
        prev = code;
        out += String.fromCharCode(48 + code);
      }
    } else prev = 0;
  }
  return out.padEnd(4, "0");
}

/** unistr(X) as func.c unistrFunc: \\, \XXXX, \uXXXX, \+XXXXXX, \UXXXXXXXX escapes. */
export function unistr(text: string): string {
  let out = "";
  let i = 0;
  const n = text.length;
  const hexN = (at: number, count: number): number => {
    if (at + count > n) return -1;
    let v = 0;
    for (let k = 0; k < count; k++) {
      const c = text.charCodeAt(at + k);
      const d = c >= 48 && c <= 57
        ? c - 48
        : (c | 32) >= 97 && (c | 32) <= 102
        ? (c | 32) - 87
        : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  };
  const bad = (): never => {
    throw new SqliteError("invalid Unicode escape");
  };
  while (i < n) {
    const z = text.indexOf("\\", i);
    if (z < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, z);
    i = z;
    const c = i + 1 < n ? text[i + 1] : "";
    if (c === "\\") {
      out += "\\";
      i += 2;
      continue;
    }
    // Where the hex digits start after the backslash, and how many there are.
    const [from, digits] = /^[0-9a-fA-F]$/.test(c)
      ? [1, 4]
      : c === "+"
      ? [2, 6]
      : c === "u"
      ? [2, 4]
      : c === "U"
      ? [2, 8]
      : bad();
    const v = hexN(i + from, digits);
    if (v < 0) bad();
    out += looseChar(v);
    i += from + digits;
  }
  return out;
}

/** Register the string/blob functions. Cold. */
export function registerString(reg: FunctionRegistry): void {
  reg.scalar("length", 1, D, (_ctx, args, out) => {
    const x = args[0];
    switch (x.type) {
      case MemType.NULL:
        return out.setNull();
      case MemType.BLOB:
        return out.setInt(x.b.length);
      case MemType.TEXT: {
        const s = x.s;
        const z = s.indexOf("\0");
        return out.setInt(charLength(z < 0 ? s : s.slice(0, z)));
      }
      default:
        return out.setInt((memToText(x) as string).length);
    }
  });
  reg.scalar("octet_length", 1, D, (_ctx, args, out) => {
    const x = args[0];
    switch (x.type) {
      case MemType.NULL:
        return out.setNull();
      case MemType.BLOB:
        return out.setInt(x.b.length);
      case MemType.TEXT:
        return out.setInt(dbByteLength(x.s));
      default:
        return out.setInt(dbByteLength(memToText(x) as string));
    }
  });
  reg.scalar("lower", 1, D, (_ctx, args, out) => {
    const t = argText(args[0]);
    if (t === null) out.setNull();
    else out.setText(asciiCase(t, false));
  });
  reg.scalar("upper", 1, D, (_ctx, args, out) => {
    const t = argText(args[0]);
    if (t === null) out.setNull();
    else out.setText(asciiCase(t, true));
  });
  const SPACE = [32];
  for (const [name, flags] of [["ltrim", 1], ["rtrim", 2], ["trim", 3]] as const) {
    reg.scalar(name, 1, D, (_ctx, args, out) => {
      const t = argText(args[0]);
      if (t === null) out.setNull();
      else out.setText(trimText(t, SPACE, flags));
    });
    reg.scalar(name, 2, D, (_ctx, args, out) => {
      const t = argText(args[0]);
      if (t === null) return out.setNull();
      const set = argText(args[1]);
      if (set === null) return out.setNull();
      out.setText(set.length === 0 ? t : trimText(t, codePoints(set), flags));
    });
  }
  reg.scalar("replace", 3, D, (_ctx, args, out) => {
    const s = argText(args[0]);
    if (s === null) return out.setNull();
    const pat = argText(args[1]);
    if (pat === null) return out.setNull();
    if (pat.length === 0) return out.setText(s);
    const rep = argText(args[2]);
    if (rep === null) return out.setNull();
    out.setText(s.split(pat).join(rep));
  });
  reg.scalar("substr", 2, D, (ctx, args, out) => substr(args, ctx.nArg, out));
  reg.scalar("substr", 3, D, (ctx, args, out) => substr(args, ctx.nArg, out));
  reg.scalar("substring", 2, D, (ctx, args, out) => substr(args, ctx.nArg, out));
  reg.scalar("substring", 3, D, (ctx, args, out) => substr(args, ctx.nArg, out));
  reg.scalar("instr", 2, D, (_ctx, args, out) => instr(args, out));
  reg.scalar("char", -1, D, (ctx, args, out) => {
    let s = "";
    for (let i = 0; i < ctx.nArg; i++) {
      const v = argInt(args[i]);
      let c = typeof v === "bigint" ? 0xfffd : v;
      if (c < 0 || c > 0x10ffff) c = 0xfffd;
      // A surrogate code point is written as 3 bytes of (invalid) UTF-8, which every client
      // decodes as three U+FFFD; JS strings cannot hold it, so produce what clients see.
      s += looseChar(c);
    }
    out.setText(s);
  });
  reg.scalar("unicode", 1, D, (_ctx, args, out) => {
    const t = argCText(args[0]);
    if (t === null || t.length === 0) return out.setNull();
    out.setInt(t.codePointAt(0) as number);
  });
  reg.scalar("hex", 1, D, (_ctx, args, out) => {
    const b = argBlob(args[0]);
    out.setText(b === null ? "" : bytesToHexUpper(b));
  });
  reg.scalar("unhex", 1, D, (ctx, args, out) => unhex(args, ctx.nArg, out));
  reg.scalar("unhex", 2, D, (ctx, args, out) => unhex(args, ctx.nArg, out));
  reg.scalar("soundex", 1, D, (_ctx, args, out) => out.setText(soundex(argCText(args[0]) ?? "")));
  reg.scalar("unistr", 1, D, (_ctx, args, out) => {
    const t = argCText(args[0]);
    if (t === null) return out.setNull();
    out.setText(unistr(t));
  });
  reg.scalar("concat", -1, D, (ctx, args, out) => {
    let s = "";
    for (let i = 0; i < ctx.nArg; i++) {
      const t = argText(args[i]);
      if (t !== null) s += t;
    }
    out.setText(s);
  }, 1);
  reg.scalar("concat_ws", -1, D, (ctx, args, out) => {
    const sep = argText(args[0]);
    if (sep === null) return out.setNull();
    let s = "";
    let first = true;
    for (let i = 1; i < ctx.nArg; i++) {
      const t = argText(args[i]);
      if (t === null) continue;
      if (!first) s += sep;
      s += t;
      first = false;
    }
    out.setText(s);
  }, 2);
}
