/**
 * The value operations the VM's opcodes need — comparison (vdbeaux.c sqlite3MemCompare), the
 * comparison-affinity step of OP_Eq..OP_Ge (vdbe.c), numeric conversion of operands for
 * arithmetic (vdbe.c numericType / sqlite3AtoF), integer-overflow-to-REAL arithmetic, `||`,
 * CAST (sqlite3VdbeMemCast), column affinity (applyAffinity) and truth values (sqlite3VdbeBooleanValue).
 *
 * Owns: the VM-side glue between opcodes and SQLite's value rules. Where `src/vdbe/value/`
 * (the value-semantics module) provides a rule, this file should delegate to it; until it lands the
 * rules are written here following the same SQLite sources.
 * Never: allocates on the numeric hot paths, touches cursors or the b-tree.
 * @module
 */

import { INT64_MAX, INT64_MIN, Mem, MemType } from "../mem.ts";
import { Affinity } from "../../planner/program.ts";

/** A collation compare function (`null` = BINARY). */
export type Collator = ((a: string, b: string) => number) | null;

/** BINARY comparison of two JS strings in UTF-8 byte order. Hot. */
export function binaryCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // UTF-16 order differs from UTF-8 order only for surrogates vs U+E000..U+FFFF
      if (x >= 0xd800 && y >= 0xd800) {
        const xs = x >= 0xd800 && x <= 0xdfff ? 0x10000 : x;
        const ys = y >= 0xd800 && y <= 0xdfff ? 0x10000 : y;
        if (xs !== ys) return xs < ys ? -1 : 1;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** NOCASE: ASCII case folding, then binary. */
export function nocaseCompare(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** RTRIM: trailing spaces ignored. */
export function rtrimCompare(a: string, b: string): number {
  let la = a.length;
  let lb = b.length;
  while (la > 0 && a.charCodeAt(la - 1) === 32) la--;
  while (lb > 0 && b.charCodeAt(lb - 1) === 32) lb--;
  return binaryCompare(a.slice(0, la), b.slice(0, lb));
}

/** Compare an INTEGER (number/bigint) mem with a REAL exactly. */
function intRealCompare(a: Mem, r: number): number {
  if (a.big === null) return a.n < r ? -1 : a.n > r ? 1 : 0;
  if (r !== r) return 1;
  if (r >= 9223372036854775808) return -1;
  if (r < -9223372036854775808) return 1;
  const ri = BigInt(Math.trunc(r));
  if (a.big < ri) return -1;
  if (a.big > ri) return 1;
  const frac = r - Math.trunc(r);
  return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

/**
 * SQLite's sqlite3MemCompare: NULL < numbers < TEXT < BLOB; numbers compare numerically,
 * TEXT by collation, BLOB by memcmp. Returns <0, 0, >0. Hot.
 */
export function memCompare(a: Mem, b: Mem, coll: Collator): number {
  const ta = a.type;
  const tb = b.type;
  if (ta === MemType.NULL || tb === MemType.NULL) {
    return ta === tb ? 0 : ta === MemType.NULL ? -1 : 1;
  }
  if (ta <= MemType.REAL) {
    if (tb > MemType.REAL) return -1;
    if (ta === MemType.INT && tb === MemType.INT) {
      if (a.big === null && b.big === null) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
      const x = a.big === null ? BigInt(a.n) : a.big;
      const y = b.big === null ? BigInt(b.n) : b.big;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (ta === MemType.REAL && tb === MemType.REAL) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
    if (ta === MemType.INT) return intRealCompare(a, b.n);
    return -intRealCompare(b, a.n);
  }
  if (tb <= MemType.REAL) return 1;
  if (ta === MemType.TEXT) {
    if (tb !== MemType.TEXT) return -1;
    return coll === null ? binaryCompare(a.s, b.s) : coll(a.s, b.s);
  }
  if (tb === MemType.TEXT) return 1;
  const x = a.b;
  const y = b.b;
  const n = x.length < y.length ? x.length : y.length;
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

// ---------------------------------------------------------------------------------------------
// text → number

/** Result slot of `parseNumericPrefix` (reused; not reentrant). */
const parsed = {
  isInt: false,
  int: 0,
  big: null as bigint | null,
  real: 0,
  whole: false,
  any: false,
};

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Parse the longest numeric prefix of `s` as sqlite3AtoF/sqlite3Atoi64 do. Sets `parsed`:
 * `any` (some digits), `whole` (the entire string, bar surrounding spaces, was numeric),
 * `isInt` (integer syntax that fits 64 bits) with `int`/`big`, and `real`. Warm.
 */
function parseNumericPrefix(s: string): void {
  parsed.isInt = false;
  parsed.big = null;
  parsed.any = false;
  parsed.whole = false;
  let i = 0;
  const n = s.length;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  const start = i;
  if (i < n && (s[i] === "+" || s[i] === "-")) i++;
  let digits = 0;
  const intStart = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
    i++;
    digits++;
  }
  let isInt = true;
  let frac = 0;
  if (i < n && s[i] === ".") {
    isInt = false;
    i++;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      i++;
      frac++;
    }
  }
  if (digits === 0 && frac === 0) {
    parsed.real = 0;
    parsed.int = 0;
    parsed.isInt = false;
    return;
  }
  let end = i;
  if (i < n && (s[i] === "e" || s[i] === "E")) {
    let j = i + 1;
    if (j < n && (s[j] === "+" || s[j] === "-")) j++;
    const expStart = j;
    while (j < n && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j > expStart) {
      isInt = false;
      end = j;
    }
  }
  parsed.any = true;
  let k = end;
  while (k < n && isSpace(s.charCodeAt(k))) k++;
  parsed.whole = k === n;
  const text = s.slice(start, end);
  parsed.real = Number(text.endsWith(".") ? text + "0" : text.startsWith(".") ? "0" + text : text);
  if (
    text.startsWith("-.") || text.startsWith("+.")
  ) parsed.real = Number(text[0] + "0" + text.slice(1));
  if (isInt) {
    void intStart;
    const v = parsed.real;
    if (Number.isSafeInteger(v)) {
      parsed.isInt = true;
      parsed.int = v === 0 ? 0 : v;
    } else {
      const b = BigInt(text);
      if (b >= INT64_MIN && b <= INT64_MAX) {
        parsed.isInt = true;
        parsed.big = b;
        parsed.int = Number(b);
      }
    }
  }
}

/**
 * Convert `m` in place to the numeric value arithmetic would use (vdbe.c numericType): TEXT and
 * BLOB are parsed by prefix; NULL stays NULL. Returns the resulting type. Warm.
 */
export function toNumeric(m: Mem, out: Mem): number {
  switch (m.type) {
    case MemType.INT:
    case MemType.REAL:
    case MemType.NULL:
      out.copyFrom(m);
      return m.type;
    case MemType.TEXT:
      textToNumeric(m.s, out);
      return out.type;
    default:
      textToNumeric(new TextDecoder().decode(m.b), out);
      return out.type;
  }
}

/** Text → number by prefix, as in arithmetic (`'12abc'+1` is 13). */
export function textToNumeric(s: string, out: Mem): void {
  parseNumericPrefix(s);
  if (!parsed.any) out.setInt(0);
  else if (parsed.isInt) {
    if (parsed.big !== null) out.setBigInt(parsed.big);
    else out.setInt(parsed.int);
  } else out.setReal(parsed.real);
}

/** The REAL value of a Mem as sqlite3VdbeRealValue. */
export function realValue(m: Mem): number {
  switch (m.type) {
    case MemType.INT:
    case MemType.REAL:
      return m.n;
    case MemType.TEXT:
      parseNumericPrefix(m.s);
      return parsed.any ? parsed.real : 0;
    case MemType.BLOB:
      parseNumericPrefix(new TextDecoder().decode(m.b));
      return parsed.any ? parsed.real : 0;
    default:
      return 0;
  }
}

/** The INTEGER value of a Mem as sqlite3VdbeIntValue (reals truncate, saturating). */
export function intValue(m: Mem): number | bigint {
  switch (m.type) {
    case MemType.INT:
      return m.big === null ? m.n : m.big;
    case MemType.REAL:
      return realToInt(m.n);
    case MemType.TEXT:
    case MemType.BLOB: {
      parseNumericPrefix(m.type === MemType.TEXT ? m.s : new TextDecoder().decode(m.b));
      if (!parsed.any) return 0;
      if (parsed.isInt) return parsed.big !== null ? parsed.big : parsed.int;
      return realToInt(parsed.real);
    }
    default:
      return 0;
  }
}

/** sqlite3RealToI64: truncation, saturating at the int64 bounds, NaN → 0. */
export function realToInt(r: number): number | bigint {
  if (r !== r) return 0;
  if (r <= -9223372036854775808) return INT64_MIN;
  if (r >= 9223372036854775808) return INT64_MAX;
  const t = Math.trunc(r);
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t;
  return BigInt(t);
}

// ---------------------------------------------------------------------------------------------
// rendering

/** REAL → text as SQLite renders it (`%!.15g`, then 17 digits if that does not round-trip). */
export function realToText(r: number): string {
  if (r === Infinity) return "Inf";
  if (r === -Infinity) return "-Inf";
  if (r === 0) return Object.is(r, -0) ? "-0.0" : "0.0";
  let s = r.toPrecision(15);
  if (Number(s) !== r) s = r.toPrecision(17);
  // normalise to %g: strip trailing zeros of the mantissa, decide fixed vs exponent form
  let mant = s;
  let exp = 0;
  const e = s.indexOf("e");
  if (e >= 0) {
    mant = s.slice(0, e);
    exp = Number(s.slice(e + 1));
  } else {
    const neg = s[0] === "-";
    const abs = neg ? s.slice(1) : s;
    const digits = abs.replace(".", "");
    const dot = abs.indexOf(".");
    const intLen = dot < 0 ? abs.length : dot;
    // position of the first significant digit
    let first = 0;
    while (first < digits.length && digits[first] === "0") first++;
    exp = intLen - first - 1;
    mant = (neg ? "-" : "") + digits[first] + "." + digits.slice(first + 1);
  }
  const neg = mant[0] === "-";
  let m = neg ? mant.slice(1) : mant;
  let [ip, fp = ""] = m.split(".");
  const sig = ip + fp;
  const precision = s.replace(/^-/, "").replace(".", "").replace(/e.*$/, "").replace(/^0+/, "")
    .length;
  void precision;
  fp = fp.replace(/0+$/, "");
  if (exp < -4 || exp >= 15 + (sig.length > 15 ? 2 : 0)) {
    m = ip + "." + (fp === "" ? "0" : fp);
    const es = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : String(Math.abs(exp));
    return (neg ? "-" : "") + m + "e" + (exp < 0 ? "-" : "+") + es;
  }
  // fixed notation
  const allDigits = (ip + fp).replace(/^0+/, "") || "0";
  let out: string;
  if (exp >= 0) {
    const intPart = allDigits.slice(0, exp + 1).padEnd(exp + 1, "0");
    const fracPart = allDigits.slice(exp + 1);
    out = intPart + "." + (fracPart === "" ? "0" : fracPart);
  } else {
    out = "0." + "0".repeat(-exp - 1) + allDigits;
  }
  return (neg ? "-" : "") + out;
}

/** Text form of a numeric Mem (INTEGER or REAL). */
export function numberToText(m: Mem): string {
  if (m.type === MemType.INT) return m.big === null ? String(m.n) : String(m.big);
  return realToText(m.n);
}

const dec = new TextDecoder();
const enc = new TextEncoder();

/** TEXT value of any Mem as sqlite3_value_text (NULL → null). */
export function textValue(m: Mem): string | null {
  switch (m.type) {
    case MemType.NULL:
      return null;
    case MemType.INT:
    case MemType.REAL:
      return numberToText(m);
    case MemType.TEXT:
      return m.s;
    default:
      return dec.decode(m.b);
  }
}

// ---------------------------------------------------------------------------------------------
// affinity

/**
 * Apply numeric affinity to a TEXT Mem when the whole text is a well-formed number
 * (applyNumericAffinity). `realOk=false` means INTEGER-preferring (NUMERIC/INTEGER); Warm.
 */
function applyNumeric(m: Mem): void {
  if (m.type !== MemType.TEXT) return;
  const s = m.s;
  // SQLite does not treat hex, or text with embedded NUL, as numeric here
  parseNumericPrefix(s);
  if (!parsed.any || !parsed.whole) return;
  if (parsed.isInt) {
    if (parsed.big !== null) m.setBigInt(parsed.big);
    else m.setInt(parsed.int);
  } else {
    const r = parsed.real;
    // a REAL that is an exact small integer becomes INTEGER under NUMERIC affinity
    if (Number.isInteger(r) && Math.abs(r) < 9.2e18 && !Object.is(r, -0)) {
      const iv = realToInt(r);
      if (typeof iv === "number") m.setInt(iv);
      else m.setBigInt(iv);
    } else m.setReal(r);
  }
}

/** Apply a column affinity to a register in place (sqlite3ValueApplyAffinity / applyAffinity). */
export function applyAffinity(m: Mem, aff: number): void {
  switch (aff) {
    case Affinity.TEXT:
      if (m.type === MemType.INT || m.type === MemType.REAL) m.setText(numberToText(m));
      return;
    case Affinity.NUMERIC:
    case Affinity.INTEGER:
      applyNumeric(m);
      return;
    case Affinity.REAL:
      applyNumeric(m);
      if (m.type === MemType.INT) m.setReal(m.big === null ? m.n : Number(m.big));
      return;
    default:
      return;
  }
}

/**
 * The comparison step of OP_Eq..OP_Ge: with NUMERIC-class affinity, TEXT operands that look
 * numeric become numbers; with TEXT affinity, numbers become TEXT. Operates on scratch copies.
 */
export function applyCompareAffinity(m: Mem, aff: number): void {
  if (aff >= Affinity.NUMERIC) {
    if (m.type === MemType.TEXT) applyNumeric(m);
  } else if (aff === Affinity.TEXT) {
    if (m.type === MemType.INT || m.type === MemType.REAL) m.setText(numberToText(m));
  }
}

// ---------------------------------------------------------------------------------------------
// arithmetic

const na = new Mem();
const nb = new Mem();

/** Arithmetic operator codes for `arith`. */
export const ArithOp = { ADD: 0, SUB: 1, MUL: 2, DIV: 3, REM: 4 } as const;

function setBigOrReal(out: Mem, v: bigint): void {
  if (v < INT64_MIN || v > INT64_MAX) out.setReal(Number(v));
  else out.setBigInt(v);
}

/** `a op b` with SQLite's rules (vdbe.c OP_Add..OP_Remainder). Hot for integers. */
export function arith(op: number, a: Mem, b: Mem, out: Mem): void {
  if (a.type === MemType.NULL || b.type === MemType.NULL) {
    out.setNull();
    return;
  }
  let x = a;
  let y = b;
  if (x.type !== MemType.INT && x.type !== MemType.REAL) {
    toNumeric(x, na);
    x = na;
  }
  if (y.type !== MemType.INT && y.type !== MemType.REAL) {
    toNumeric(y, nb);
    y = nb;
  }
  if (x.type === MemType.INT && y.type === MemType.INT) {
    if (x.big === null && y.big === null) {
      const p = x.n;
      const q = y.n;
      let r: number;
      switch (op) {
        case 0:
          r = p + q;
          break;
        case 1:
          r = p - q;
          break;
        case 2:
          r = p * q;
          break;
        case 3:
          if (q === 0) {
            out.setNull();
            return;
          }
          if (p === -9223372036854775808 && q === -1) {
            out.setReal(9223372036854775808);
            return;
          }
          r = Math.trunc(p / q);
          if (!Number.isSafeInteger(r) || !Number.isSafeInteger(p)) {
            setBigOrReal(out, BigInt(p) / BigInt(q));
            return;
          }
          out.setInt(r === 0 ? 0 : r);
          return;
        default:
          if (q === 0) {
            out.setNull();
            return;
          }
          r = p % q;
          out.setInt(r === 0 ? 0 : r);
          return;
      }
      if (Number.isSafeInteger(r)) {
        out.setInt(r === 0 ? 0 : r);
        return;
      }
    }
    const p = x.big === null ? BigInt(x.n) : x.big;
    const q = y.big === null ? BigInt(y.n) : y.big;
    let r: bigint;
    switch (op) {
      case 0:
        r = p + q;
        break;
      case 1:
        r = p - q;
        break;
      case 2:
        r = p * q;
        break;
      case 3:
        if (q === 0n) {
          out.setNull();
          return;
        }
        if (p === INT64_MIN && q === -1n) {
          out.setReal(9223372036854775808);
          return;
        }
        r = p / q;
        break;
      default:
        if (q === 0n) {
          out.setNull();
          return;
        }
        if (q === -1n) r = 0n;
        else r = p % q;
    }
    if (r < INT64_MIN || r > INT64_MAX) {
      out.setReal(
        op === 0 ? Number(p) + Number(q) : op === 1 ? Number(p) - Number(q) : Number(p) * Number(q),
      );
    } else out.setBigInt(r);
    return;
  }
  const p = x.n;
  const q = y.n;
  switch (op) {
    case 0:
      out.setReal(p + q);
      return;
    case 1:
      out.setReal(p - q);
      return;
    case 2:
      out.setReal(p * q);
      return;
    case 3:
      if (q === 0) out.setNull();
      else out.setReal(p / q);
      return;
    default: {
      // SQLite: both operands cast to integer for % unless one is REAL: then fmod of the ints
      const iq = realToInt(q);
      const ip = realToInt(p);
      const bq = typeof iq === "bigint" ? Number(iq) : iq;
      const bp = typeof ip === "bigint" ? Number(ip) : ip;
      if (bq === 0) {
        out.setNull();
        return;
      }
      const rq = bq === -1 ? 1 : bq;
      out.setReal(bp % rq);
      return;
    }
  }
}

/** `a || b`. */
export function concat(a: Mem, b: Mem, out: Mem): void {
  if (a.type === MemType.NULL || b.type === MemType.NULL) {
    out.setNull();
    return;
  }
  out.setText((textValue(a) as string) + (textValue(b) as string));
}

/** The 64-bit integer operands of bit operations as bigint. */
function bigOf(m: Mem): bigint {
  const v = intValue(m);
  return typeof v === "bigint" ? v : BigInt(v);
}

/** Bit operators: 0 &, 1 |, 2 <<, 3 >>. */
export function bitOp(op: number, a: Mem, b: Mem, out: Mem): void {
  if (a.type === MemType.NULL || b.type === MemType.NULL) {
    out.setNull();
    return;
  }
  const x = bigOf(a);
  let y = bigOf(b);
  let r: bigint;
  if (op === 0) r = x & y;
  else if (op === 1) r = x | y;
  else {
    let left = op === 2;
    if (y < 0n) {
      left = !left;
      y = y > -64n ? -y : 64n;
    }
    if (y >= 64n) r = left || x >= 0n ? 0n : -1n;
    else if (left) r = BigInt.asIntN(64, x << y);
    else r = x >> y;
  }
  out.setBigInt(BigInt.asIntN(64, r));
}

/** `~a`. */
export function bitNot(a: Mem, out: Mem): void {
  if (a.type === MemType.NULL) {
    out.setNull();
    return;
  }
  out.setBigInt(BigInt.asIntN(64, ~bigOf(a)));
}

/** Unary minus. */
export function negate(a: Mem, out: Mem): void {
  switch (a.type) {
    case MemType.NULL:
      out.setNull();
      return;
    case MemType.INT:
      if (a.big === null) out.setInt(a.n === 0 ? 0 : -a.n);
      else if (a.big === INT64_MIN) out.setReal(9223372036854775808);
      else out.setBigInt(-a.big);
      return;
    case MemType.REAL:
      out.setReal(-a.n);
      return;
    default:
      toNumeric(a, na);
      negate(na, out);
  }
}

/**
 * Truth value as sqlite3VdbeBooleanValue: NULL → -1 (unknown), else 0/1 by numeric value.
 */
export function truth(m: Mem): number {
  switch (m.type) {
    case MemType.NULL:
      return -1;
    case MemType.INT:
      return m.big === null ? (m.n !== 0 ? 1 : 0) : 1;
    case MemType.REAL:
      return m.n !== 0 ? 1 : 0;
    default:
      return realValue(m) !== 0 ? 1 : 0;
  }
}

/** CAST(m AS <affinity>) in place (sqlite3VdbeMemCast). */
export function castTo(m: Mem, aff: number): void {
  if (m.type === MemType.NULL) return;
  switch (aff) {
    case Affinity.BLOB:
      if (m.type !== MemType.BLOB) m.setBlob(enc.encode(textValue(m) as string));
      return;
    case Affinity.TEXT:
      if (m.type !== MemType.TEXT) m.setText(textValue(m) as string);
      return;
    case Affinity.INTEGER: {
      const v = intValue(m);
      if (typeof v === "number") m.setInt(v);
      else m.setBigInt(v);
      return;
    }
    case Affinity.REAL:
      m.setReal(realValue(m));
      return;
    case Affinity.NUMERIC: {
      if (m.type === MemType.INT || m.type === MemType.REAL) return;
      const s = textValue(m) as string;
      parseNumericPrefix(s);
      if (!parsed.any) m.setInt(0);
      else if (parsed.isInt) {
        if (parsed.big !== null) m.setBigInt(parsed.big);
        else m.setInt(parsed.int);
      } else {
        const r = parsed.real;
        const iv = realToInt(r);
        if (Number.isInteger(r) && Math.abs(r) < 9.2e18) {
          if (typeof iv === "number") m.setInt(iv);
          else m.setBigInt(iv);
        } else m.setReal(r);
      }
      return;
    }
    default:
      return;
  }
}
