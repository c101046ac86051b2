/**
 * Number → text rendering as SQLite does it: `sqlite3FpDecode` (util.c) and the
 * floating-point branch of `sqlite3_str_vappendf` (printf.c).
 *
 * Owns: the decimal digits SQLite produces for a double (18 significant
 * digits rounded half-up, or n+1 truncated digits, then decimal rounding, with
 * the "%!.17g" shortest-round-trip rule), REAL → TEXT (`%!.17g`: `1.0`,
 * `1.0e+20`, `0.33333333333333332`, `Inf`, `-Inf`) and the %f/%e/%g layouts
 * used by printf().
 * Must never: use JS's own shortest-digit rendering as the answer (it differs
 * from SQLite), or touch anything but numbers and strings.
 * @module
 */

/** Decoded digits of a double (SQLite's FpDecode). */
export interface FpDecoded {
  /** '+' or '-'. */
  sign: 43 | 45;
  /** 0 = finite, 1 = infinity, 2 = NaN. */
  special: 0 | 1 | 2;
  /** Significant digits (no trailing zeros), as ASCII digit codes in a string. */
  z: string;
  /** Position of the decimal point relative to the start of `z`. */
  iDP: number;
}

/** floor(log10(2^p)) as SQLite's pwr2to10. */
function pwr2to10(p: number): number {
  return Math.floor((p * 78913) / 262144);
}

// ---- SQLite's power-of-ten tables (util.c powerOfTen), computed at load ----
// aBase[p] = 10^p left-aligned in 64 bits (exact for 0 ≤ p ≤ 26);
// aScale[k]/aScaleLo[k] = the top 96 bits of 10^(27·(k−13)), rounded to nearest,
// except k = 13 which holds 10^−1 truncated (SQLite's special case).

const M64 = (1n << 64n) - 1n;

function bitLen(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Top 96 bits of num/den, rounded to nearest. Cold (table build). */
function top96(num: bigint, den: bigint): bigint {
  let s = 96 - (bitLen(num) - bitLen(den));
  const at = (v: number): [bigint, bigint, bigint] => {
    const n2 = v >= 0 ? num << BigInt(v) : num;
    const d2 = v >= 0 ? den : den << BigInt(-v);
    return [n2 / d2, n2 % d2, d2];
  };
  let [q, r, d] = at(s);
  while (q >= 1n << 96n) [q, r, d] = at(--s);
  while (q < 1n << 95n) [q, r, d] = at(++s);
  return 2n * r >= d ? q + 1n : q;
}

const A_BASE: bigint[] = [];
for (let p = 0; p <= 26; p++) {
  let v = 10n ** BigInt(p);
  while (v < 1n << 63n) v <<= 1n;
  while (v > M64) v >>= 1n; // exact: only zero bits are dropped
  A_BASE.push(v);
}
const A_SCALE: bigint[] = [];
const A_SCALE_LO: bigint[] = [];
for (let k = 0; k <= 25; k++) {
  if (k === 13) {
    A_SCALE.push(0xccccccccccccccccn);
    A_SCALE_LO.push(0xccccccccn);
    continue;
  }
  const p = 27 * (k - 13);
  const t = p >= 0 ? top96(10n ** BigInt(p), 1n) : top96(1n, 10n ** BigInt(-p));
  A_SCALE.push(t >> 32n);
  A_SCALE_LO.push(t & 0xffffffffn);
}

/** sqlite3Multiply160: [upper 64 bits, next 32 bits] of ((a<<32)+aLo)·b >> 32. */
function multiply160(a: bigint, aLo: bigint, b: bigint): [bigint, bigint] {
  const r = a * b + ((aLo * b) >> 32n);
  return [r >> 64n, (r >> 32n) & 0xffffffffn];
}

const POW10_CACHE = new Map<number, bigint>();

/** SQLite's powerOfTen(p): the most significant 64 bits of 10^p, as SQLite computes them. */
function powerOfTen(p: number): bigint {
  const hit = POW10_CACHE.get(p);
  if (hit !== undefined) return hit;
  let x: bigint;
  if (p === -1) x = A_SCALE[13];
  else if (p >= 0 && p < 27) x = A_BASE[p];
  else {
    let g = Math.trunc(p / 27);
    let n = p % 27;
    if (p < 0 && n) {
      g--;
      n += 27;
    }
    const s = A_SCALE[g + 13];
    if (n === 0) x = s;
    else {
      const [x0, lo] = multiply160(s, A_SCALE_LO[g + 13], A_BASE[n]);
      x = x0;
      if ((x >> 63n) === 0n) x = ((x << 1n) | ((lo >> 31n) & 1n)) & M64;
    }
  }
  POW10_CACHE.set(p, x);
  return x;
}

/** floor(log2(10^p)) as SQLite's pwr10to2. */
function pwr10to2(p: number): number {
  return Math.floor((p * 108853) / 32768);
}

const F64B = new Float64Array(1);
const U64B = new BigUint64Array(F64B.buffer);
const U32B = new Uint32Array(F64B.buffer);
const HI32 = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * sqlite3Fp2Convert10 for a positive finite double: the n (or n+1) leading
 * decimal digits SQLite computes (truncated for n < 18, rounded half-up for
 * n = 18), as [digits, iDP]. Cold-ish (BigInt).
 */
function convert10(r: number, n: number): [string, number] {
  return slowConvert10(r, n);
}

/** Exact emulation of sqlite3Fp2Convert10 with BigInt (see {@link convert10}). Cold. */
function slowConvert10(r: number, n: number): [string, number] {
  F64B[0] = r;
  let v = U64B[0];
  let e = Number((v >> 52n) & 0x7ffn);
  v &= 0xfffffffffffffn;
  if (e === 0) {
    const nn = 64 - bitLen(v);
    v <<= BigInt(nn);
    e = -1074 - nn;
  } else {
    v = (v << 11n) | (1n << 63n);
    e -= 1086;
  }
  const p = n - 1 - pwr2to10(e + 63);
  const h0 = (v * powerOfTen(p)) >> 64n;
  let d: bigint;
  if (n === 18) {
    const h = h0 >> BigInt(-(e + pwr10to2(p) + 2));
    d = (h + ((h << 1n) & 2n)) >> 1n;
  } else {
    d = h0 >> BigInt(-(e + pwr10to2(p) + 1));
  }
  const digits = d.toString();
  return [digits, digits.length - p];
}

/** Add one to a decimal digit string (carry may lengthen it). */
function incDigits(s: string): string {
  let i = s.length - 1;
  while (i >= 0 && s.charCodeAt(i) === 57) i--;
  if (i < 0) return "1" + "0".repeat(s.length);
  return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) + 1) + "0".repeat(s.length - 1 - i);
}

/**
 * `sqlite3FpDecode(p, r, iRound, mxRound)`: significant digits of `r`.
 * iRound ≤ 0: round to −iRound digits after the decimal point; iRound > 0:
 * round to min(iRound, mxRound) significant digits. Cold-ish (printf).
 */
export function fpDecode(r: number, iRound: number, mxRound: number): FpDecoded {
  let sign: 43 | 45 = 43;
  if (r < 0) {
    sign = 45;
    r = -r;
  } else if (r === 0) {
    // Also -0.0: SQLite tests r<0.0 first, so -0.0 renders as positive zero.
    return { sign: 43, special: 0, z: "0", iDP: 1 };
  }
  if (r === Infinity) return { sign, special: 1, z: "", iDP: 0 };
  if (r !== r) return { sign, special: 2, z: "", iDP: 0 };
  const nReq = iRound <= 0 || iRound >= 18 ? 18 : iRound + 1;
  const [raw, iDP0] = convert10(r, nReq);
  let z = raw;
  let n = z.length;
  let iDP = iDP0;
  if (iRound <= 0) {
    iRound = iDP - iRound;
    if (iRound === 0 && z.charCodeAt(0) >= 53) {
      iRound = 1;
      z = "0" + z;
      n++;
      iDP++;
    }
  }
  if (iRound > 0 && (iRound < n || n > mxRound)) {
    if (iRound > mxRound) iRound = mxRound;
    if (iRound === 17) {
      // "%!.17g": shorten when a shorter digit string round-trips.
      if (z[15] === "9" && z[14] === "9") {
        let jj = 14;
        while (jj > 0 && z[jj - 1] === "9") jj--;
        let v2: string;
        if (jj === 0) v2 = "1";
        else v2 = incDigits(z.slice(0, jj));
        if (r === Number(v2 + "e" + (iDP - jj))) iRound = jj + 1;
      } else if (iDP >= n || (z[15] === "0" && z[14] === "0" && z[13] === "0")) {
        let jj = 13;
        while (z[jj - 1] === "0") jj--;
        if (r === Number(z.slice(0, jj) + "e" + (iDP - jj))) iRound = jj + 1;
      }
    }
    n = iRound;
    if (z.charCodeAt(iRound) >= 53) {
      const head = incDigits(z.slice(0, iRound));
      if (head.length > iRound) {
        iDP++;
        n++;
      }
      z = head + z.slice(iRound);
    }
  }
  let end = n;
  while (end > 1 && z.charCodeAt(end - 1) === 48) end--;
  return { sign, special: 0, z: z.slice(0, end), iDP };
}

/** Options of one floating-point printf conversion (%f, %e, %E, %g, %G). */
export interface FloatSpec {
  /** 'f', 'e', 'E', 'g' or 'G'. */
  conv: "f" | "e" | "E" | "g" | "G";
  /** Precision, −1 when absent (→ 6). */
  precision: number;
  /** Field width (only used here for zero padding). */
  width: number;
  /** '+' or ' ' prefix flag, or "" for none. */
  prefix: "" | "+" | " ";
  /** '#' flag. */
  alternate: boolean;
  /** '!' flag. */
  altform2: boolean;
  /** '0' flag. */
  zeropad: boolean;
  /** '-' flag. */
  leftJustify: boolean;
  /** ',' flag (thousands separator). */
  thousands: boolean;
}

/**
 * Render one floating-point conversion exactly as printf.c's etFLOAT/etEXP/
 * etGENERIC branch (before width padding with spaces, which the caller does;
 * zero padding is done here). Cold-ish.
 */
export function renderFloat(value: number, spec: FloatSpec): string {
  let precision = spec.precision < 0 ? 6 : spec.precision;
  if (precision > 100000000) precision = 100000000;
  const isG = spec.conv === "g" || spec.conv === "G";
  const isE = spec.conv === "e" || spec.conv === "E";
  if (isG && precision === 0) precision = 1; // %g with precision 0 behaves as precision 1
  const iRound = spec.conv === "f" ? -precision : isG ? precision : precision + 1;
  const s = fpDecode(value, iRound, spec.altform2 ? 26 : 16);
  let z = s.z;
  let iDP = s.iDP;
  let nz = z.length;
  if (s.special) {
    if (s.special === 2) return spec.zeropad ? "null" : "NaN";
    if (spec.zeropad) {
      z = "9";
      iDP = 1000;
      nz = 1;
    } else {
      if (s.sign === 45) return "-Inf";
      return spec.prefix ? spec.prefix + "Inf" : "Inf";
    }
  }
  const prefix = s.sign === 45 ? "-" : spec.prefix;
  let exp = iDP - 1;
  if (isG && precision > 0) precision--;
  let useExp = isE;
  let rtz: boolean;
  if (isG) {
    rtz = !spec.alternate;
    if (exp < -4 || exp > precision) useExp = true;
    else precision = precision - exp;
  } else rtz = spec.altform2;
  let e2 = useExp ? 0 : iDP - 1;
  const dp = precision > 0 || spec.alternate || spec.altform2;
  const out: string[] = [];
  if (prefix) out.push(prefix);
  let j = 0;
  if (e2 < 0) out.push("0");
  else {
    for (; e2 >= 0; e2--) {
      out.push(j < nz ? z[j++] : "0");
      if (spec.thousands && e2 % 3 === 0 && e2 > 1) out.push(",");
    }
  }
  if (dp) out.push(".");
  for (e2++; e2 < 0 && precision > 0; precision--, e2++) out.push("0");
  while (precision-- > 0) out.push(j < nz ? z[j++] : "0");
  let text = out.join("");
  if (rtz && dp) {
    let k = text.length;
    while (text.charCodeAt(k - 1) === 48) k--;
    if (text.charCodeAt(k - 1) === 46) {
      text = spec.altform2 ? text.slice(0, k) + "0" : text.slice(0, k - 1);
    } else text = text.slice(0, k);
  }
  if (useExp) {
    exp = iDP - 1;
    let t = spec.conv === "E" || spec.conv === "G" ? "E" : "e";
    if (exp < 0) {
      t += "-";
      exp = -exp;
    } else t += "+";
    if (exp >= 100) {
      t += String.fromCharCode(48 + Math.floor(exp / 100));
      exp %= 100;
    }
    t += String.fromCharCode(48 + Math.floor(exp / 10)) + String.fromCharCode(48 + (exp % 10));
    text += t;
  }
  if (spec.zeropad && !spec.leftJustify && text.length < spec.width) {
    const pad = spec.width - text.length;
    const at = prefix ? 1 : 0;
    text = text.slice(0, at) + "0".repeat(pad) + text.slice(at);
  }
  return text;
}

/** A FloatSpec for `conv` at `precision`: no width, prefix or flags but those in `with_`. */
export function floatSpec(
  conv: FloatSpec["conv"],
  precision: number,
  with_: Partial<FloatSpec> = {},
): FloatSpec {
  return {
    conv,
    precision,
    width: 0,
    prefix: "",
    alternate: false,
    altform2: false,
    zeropad: false,
    leftJustify: false,
    thousands: false,
    ...with_,
  };
}

const G17 = floatSpec("g", 17, { altform2: true });

/**
 * REAL → TEXT exactly as SQLite renders a double (`vdbeMemRenderNum`,
 * "%!.17g"): `1.0`, `0.1`, `1.0e+20`, `0.33333333333333332`, `Inf`, `-Inf`.
 * Hot-ish: small integral values take a fast path.
 *
 * @example
 * ```ts
 * import { realToText } from "./render.ts";
 * realToText(100);   // "100.0"
 * realToText(1e20);  // "1.0e+20"
 * ```
 */
export function realToText(r: number): string {
  if (Number.isInteger(r) && r > -1e15 && r < 1e15) {
    return (r === 0 ? "0" : String(r)) + ".0";
  }
  if (r !== r || r === Infinity || r === -Infinity) return renderFloat(r, G17);
  let z: string;
  let iDP: number;
  let sign: string;
  const short = shortDigits(r);
  if (short !== null) {
    // ≤ 13 significant digits: SQLite's 18-digit value is these digits then zeros (or the
    // digit below then nines) within ±90 units of the 18th digit, so its 99/000 shortening
    // rule always lands on them — the same answer as fpDecode, without BigInt.
    z = short;
    iDP = shortIDP;
    sign = r < 0 ? "-" : "";
  } else {
    // "%!.17g" laid out directly from the decoded digits (same result as renderFloat(r, G17)).
    const d = fpDecode(r, 17, 26);
    z = d.z;
    iDP = d.iDP;
    sign = d.sign === 45 ? "-" : "";
  }
  const exp = iDP - 1;
  if (exp < -4 || exp > 16) {
    const a = exp < 0 ? -exp : exp;
    return sign + z[0] + "." + (z.length > 1 ? z.slice(1) : "0") + (exp < 0 ? "e-" : "e+") +
      (a < 10 ? "0" + a : String(a));
  }
  if (iDP <= 0) return sign + "0." + "0".repeat(-iDP) + z;
  if (iDP >= z.length) return sign + z + "0".repeat(iDP - z.length) + ".0";
  return sign + z.slice(0, iDP) + "." + z.slice(iDP);
}

let shortIDP = 0;

/**
 * The shortest round-trip digits of |r| (JS's Number → String) when there are at most 13 of
 * them, with the decimal-point position left in `shortIDP`; else null. Hot.
 */
function shortDigits(r: number): string | null {
  const t = String(r < 0 ? -r : r);
  const e = t.indexOf("e");
  const mant = e < 0 ? t : t.slice(0, e);
  const exp10 = e < 0 ? 0 : +t.slice(e + 1);
  const dot = mant.indexOf(".");
  const intLen = dot < 0 ? mant.length : dot;
  let digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  let lead = 0;
  while (digits.charCodeAt(lead) === 48) lead++;
  let end = digits.length;
  while (end > lead && digits.charCodeAt(end - 1) === 48) end--;
  if (end - lead > 13 || end === lead) return null;
  digits = digits.slice(lead, end);
  shortIDP = intLen - lead + exp10;
  // The argument needs (1) SQLite's power of ten to be exact — 10^p with 0 ≤ p ≤ 26 comes
  // straight from its aBase[] table, so its 18 digits are the exact value rounded — and
  // (2) |r − digits| below 100 units of the 18th significant digit: an ulp of r, measured in
  // those units, must stay well under that (half an ulp reaches ~222 for some exponents).
  const a = r < 0 ? -r : r;
  if (a < 2.2250738585072014e-308) return null; // subnormal
  F64B[0] = a;
  const bexp = (U32B[HI32] >>> 20) & 0x7ff;
  const K = Math.floor(((bexp - 1023) * 78913) / 262144); // SQLite's pwr2to10(e+63)
  if (K < -8 || K > 17) return null; // p = 17 − K must stay within aBase[1..25]
  const ulp = 2 ** (bexp - 1075);
  if (ulp / 10 ** (shortIDP - 18) > 80) return null;
  return digits;
}

/** INTEGER → TEXT (sqlite3Int64ToText). Hot. */
export function intToText(v: number | bigint): string {
  return String(v);
}

/** Test hook: the exact (BigInt) and fast digit paths, for cross-checking. */
export const _internals = { slowConvert10 };
