/**
 * Text → number parsing exactly as SQLite's `sqlite3AtoF` and `sqlite3Atoi64` (util.c).
 *
 * Owns: recognising the numeric prefix of a string (leading/trailing whitespace,
 * sign, digits, `.`, `eNNN`), the 19-significant-digit mantissa rule of
 * `sqlite3AtoF`, and the 64-bit clamping of `sqlite3Atoi64`. Hexadecimal text
 * ('0x10') is never numeric here: it parses as the prefix "0".
 * Must never: allocate per call on the hot path (results are written into a
 * reusable scratch object), or accept a syntax SQLite rejects.
 * @module
 */

import { INT64_MAX, INT64_MIN } from "../mem.ts";

/** Result flags of {@link parseReal}, as the low bits of `sqlite3AtoF`'s return value. */
export const AtoF = {
  /** A valid number (or a valid numeric prefix) was seen. */
  DIGIT: 1,
  /** The number contains a decimal point or an exponent. */
  FP: 2,
  /** The value is exactly zero. */
  ZERO: 4,
  /** More than 19 significant digits. */
  MANY: 8,
} as const;

/**
 * Scratch result of {@link parseReal}: `flags` is 0 when no prefix is numeric,
 * `pure` tells whether the whole text (modulo whitespace) was the number.
 */
export interface RealParse {
  /** Combination of {@link AtoF} bits; 0 = not even a numeric prefix. */
  flags: number;
  /** True when nothing but whitespace follows the number. */
  pure: boolean;
  /** The value (0 when flags is 0). */
  value: number;
}

/** Shared scratch for {@link parseReal} (single-threaded engine). */
export const realScratch: RealParse = { flags: 0, pure: false, value: 0 };

/** sqlite3Isspace: space, \t, \n, \v, \f, \r. Hot. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** {@link parseReal}'s answer for text without even a numeric prefix. */
function notANumber(out: RealParse): RealParse {
  out.flags = 0;
  out.pure = false;
  out.value = 0;
  return out;
}

const LIMIT = 1844674407370955161n; // (2^64-1-9)/10 as in sqlite3AtoF
const LIMIT_N = 1844674407370955161;

/**
 * Parse `s` like `sqlite3AtoF`: returns {@link realScratch} filled in. Hot.
 * The mantissa keeps about 19 significant digits (like SQLite's u64 mantissa);
 * conversion to a double is correctly rounded (SQLite's sqlite3Fp10Convert2).
 */
export function parseReal(s: string): RealParse {
  const out = realScratch;
  const len = s.length;
  let i = 0;
  while (i < len && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  let c = i < len ? s.charCodeAt(i) : 0;
  if (c === 45 /* - */) {
    neg = true;
    i++;
  } else if (c === 43 /* + */) i++;
  const mStart = i;
  let state = 0;
  // Fast accumulation in a double while exact (< 2^53), then switch to digit string.
  let intDigitsEnd = i;
  while (i < len) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  intDigitsEnd = i;
  if (intDigitsEnd > mStart) state = 1;
  let fracStart = -1;
  let fracEnd = -1;
  if (i < len && s.charCodeAt(i) === 46 /* . */) {
    const j = i + 1;
    let k = j;
    while (k < len) {
      c = s.charCodeAt(k);
      if (c < 48 || c > 57) break;
      k++;
    }
    if (k > j) {
      state |= 1;
      fracStart = j;
      fracEnd = k;
      i = k;
      state |= 2;
    } else if (state === 0) return notANumber(out);
    else {
      i = j;
      state |= 2;
    }
  } else if (state === 0) return notANumber(out);
  let exp = 0;
  if (i < len && (s.charCodeAt(i) | 0x20) === 101 /* e */) {
    let k = i + 1;
    let esign = 1;
    if (k < len && s.charCodeAt(k) === 45) {
      esign = -1;
      k++;
    } else if (k < len && s.charCodeAt(k) === 43) k++;
    if (k < len && (c = s.charCodeAt(k)) >= 48 && c <= 57) {
      let e = 0;
      while (k < len && (c = s.charCodeAt(k)) >= 48 && c <= 57) {
        e = e < 10000 ? e * 10 + (c - 48) : 10000;
        k++;
      }
      exp = esign * e;
      state |= 2;
      i = k;
    }
  }
  // Build the mantissa value.
  let value: number;
  const nInt = intDigitsEnd - mStart;
  const nFrac = fracStart < 0 ? 0 : fracEnd - fracStart;
  const e10 = exp - nFrac;
  if (nInt + nFrac <= 15 && e10 >= -22 && e10 <= 22) {
    // Exact in a double: digits < 10^15 and 10^|e10| exact, so one correctly
    // rounded multiplication or division gives the correctly rounded value.
    let m = 0;
    for (let k = mStart; k < intDigitsEnd; k++) m = m * 10 + (s.charCodeAt(k) - 48);
    for (let k = fracStart; k < fracEnd; k++) m = m * 10 + (s.charCodeAt(k) - 48);
    value = e10 === 0 ? m : e10 > 0 ? m * POW10[e10] : m / POW10[-e10];
    if (m === 0) state |= 4;
  } else {
    value = slowMantissa(s, mStart, intDigitsEnd, fracStart, fracEnd, exp);
    if (value === 0 && mantissaIsZero(s, mStart, intDigitsEnd, fracStart, fracEnd)) state |= 4;
  }
  if (neg) value = -value;
  while (i < len && isSpace(s.charCodeAt(i))) i++;
  out.flags = state;
  out.pure = i >= len;
  out.value = value;
  return out;
}

const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(Number("1e" + i));

function mantissaIsZero(s: string, a: number, b: number, fa: number, fb: number): boolean {
  for (let k = a; k < b; k++) if (s.charCodeAt(k) !== 48) return false;
  for (let k = fa; k < fb; k++) if (s.charCodeAt(k) !== 48) return false;
  return true;
}

/**
 * The u64-mantissa rule of sqlite3AtoF: integer digits accumulate until the
 * mantissa reaches (2^64-1-9)/10, further integer digits only bump the
 * exponent; fraction digits are dropped once the mantissa is that large.
 * Then s·10^d is rounded correctly to a double. Cold-ish (long or exponent forms).
 */
function slowMantissa(
  s: string,
  a: number,
  b: number,
  fa: number,
  fb: number,
  exp: number,
): number {
  let m = 0n;
  let small = 0; // exact accumulation while below 2^53
  let useBig = false;
  let d = 0;
  let k = a;
  let full = false;
  for (; k < b; k++) {
    const v = s.charCodeAt(k) - 48;
    if (!useBig) {
      small = small * 10 + v;
      if (small > 9007199254740991) {
        useBig = true;
        m = bigFromDigits(s, a, k + 1);
      }
    } else m = m * 10n + BigInt(v);
    const cur = useBig ? m >= LIMIT : small >= LIMIT_N;
    if (cur) {
      full = true;
      d += b - k - 1;
      break;
    }
  }
  if (fa >= 0) {
    for (let j = fa; j < fb; j++) {
      const under = useBig ? m < LIMIT : small < LIMIT_N;
      if (full || !under) break;
      const v = s.charCodeAt(j) - 48;
      if (!useBig) {
        small = small * 10 + v;
        if (small > 9007199254740991) {
          useBig = true;
          m = bigFromDigits2(s, a, b, fa, j + 1);
        }
      } else m = m * 10n + BigInt(v);
      d--;
    }
  }
  d += exp;
  const mant = useBig ? m.toString() : String(small);
  if (mant === "0") return 0;
  if (d < -400) return 0;
  if (d > 400) return Infinity;
  return Number(mant + "e" + d);
}

function bigFromDigits(s: string, a: number, b: number): bigint {
  return BigInt(s.slice(a, b));
}

function bigFromDigits2(s: string, a: number, b: number, fa: number, fb: number): bigint {
  return BigInt(s.slice(a, b) + s.slice(fa, fb));
}

/** Result codes of {@link parseInt64}, as `sqlite3Atoi64`. */
export const Atoi = {
  /** No digits at all. */
  NONE: -1,
  /** Fits in 64 bits, nothing but whitespace after it. */
  OK: 0,
  /** Fits, but non-space text follows. */
  EXTRA: 1,
  /** Too large for a signed 64-bit integer (value clamped). */
  OVERFLOW: 2,
  /** Exactly 9223372036854775808 without a minus sign (value clamped). */
  OVERFLOW_2P63: 3,
} as const;

/** Scratch result of {@link parseInt64}. */
export interface IntParse {
  /** One of the {@link Atoi} codes. */
  rc: number;
  /** The integer (clamped to the int64 range): a safe number, or a bigint. */
  value: number | bigint;
}

/** Shared scratch for {@link parseInt64}. */
export const intScratch: IntParse = { rc: 0, value: 0 };

/**
 * Parse `s` like `sqlite3Atoi64`: leading whitespace, optional sign, decimal
 * digits (the longest prefix); the value is clamped to the int64 range.
 * Hex is not accepted. Hot.
 */
export function parseInt64(s: string): IntParse {
  const out = intScratch;
  const len = s.length;
  let i = 0;
  while (i < len && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < len) {
    const c = s.charCodeAt(i);
    if (c === 45) {
      neg = true;
      i++;
    } else if (c === 43) i++;
  }
  const start = i;
  while (i < len && s.charCodeAt(i) === 48) i++;
  const dStart = i;
  let v = 0;
  let c = 0;
  while (i < len && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    if (i - dStart < 15) v = v * 10 + (c - 48);
    i++;
  }
  const nDigits = i - dStart;
  let rc: number = Atoi.OK;
  if (i === start) rc = Atoi.NONE;
  else {
    let j = i;
    while (j < len) {
      if (!isSpace(s.charCodeAt(j))) {
        rc = Atoi.EXTRA;
        break;
      }
      j++;
    }
  }
  if (nDigits <= 15) {
    out.value = neg ? (v === 0 ? 0 : -v) : v;
    out.rc = rc;
    return out;
  }
  if (nDigits > 19) {
    out.value = neg ? INT64_MIN : INT64_MAX;
    out.rc = Atoi.OVERFLOW;
    return out;
  }
  const big = BigInt(s.slice(dStart, i));
  if (big > 9223372036854775807n) {
    out.value = neg ? INT64_MIN : INT64_MAX;
    if (big === 9223372036854775808n) out.rc = neg ? rc : Atoi.OVERFLOW_2P63;
    else out.rc = Atoi.OVERFLOW;
    return out;
  }
  out.value = normInt(neg ? -big : big);
  out.rc = rc;
  return out;
}

/** A 64-bit integer as number when safe, else bigint. Hot-ish. */
export function normInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/**
 * `doubleToInt64` of vdbemem.c: truncate toward zero, clamping to the int64
 * range (values ≥ 2^63 → max, ≤ -2^63 → min); NaN → 0. Hot-ish.
 */
export function realToInt64(r: number): number | bigint {
  if (r !== r) return 0;
  if (r > -9007199254740991 && r < 9007199254740991) return Math.trunc(r) || 0;
  if (r <= -9223372036854775808) return INT64_MIN;
  if (r >= 9223372036854775808) return INT64_MAX;
  return normInt(BigInt(Math.trunc(r)));
}

/**
 * `sqlite3RealSameAsInt`: true when `r` is 0.0, or is bit-identical to the
 * double of `i` and |i| < 2^51.
 */
export function realSameAsInt(r: number, i: number | bigint): boolean {
  if (r === 0) return true;
  if (typeof i === "bigint") return false; // |i| ≥ 2^53 > 2^51
  return r === i && !Object.is(r, -0) && i >= -2251799813685248 && i < 2251799813685248;
}
