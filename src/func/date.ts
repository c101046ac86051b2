/**
 * Date and time functions: date.c — date(), time(), datetime(), julianday(), unixepoch(),
 * strftime(), timediff(), current_date/current_time/current_timestamp.
 *
 * Owns: SQLite's date model (a julian day number in milliseconds, `iJD`, with lazily
 * computed Y-M-D and h:m:s), the accepted time-value forms (YYYY-MM-DD[ HH:MM[:SS[.FFF]]]
 * with optional T separator and ±HH:MM / Z zone, HH:MM[:SS.FFF], julian day or unix-time
 * numbers, 'now'), every modifier (±NNN units, ±HH:MM[:SS], ±YYYY-MM-DD[ HH:MM],
 * start of day/month/year, weekday N, unixepoch, julianday, auto, localtime, utc, subsec,
 * ceiling, floor) and the strftime conversions — all with C's integer truncation.
 * Must never: read the clock except through {@link ConnectionHooks.now} (or the wall clock
 * when the connection gives none), or return a result for an invalid date (that is NULL).
 * @module
 */

import { type Mem, MemType } from "../vdbe/mem.ts";
import { parseReal } from "../vdbe/value/numeric.ts";
import { renderFloat } from "../vdbe/value/render.ts";
import { argCText } from "./args.ts";
import { type FuncContext, FuncFlag, type FunctionRegistry } from "./registry.ts";

/** Julian day of 1970-01-01 00:00:00 in milliseconds. */
const UNIX_EPOCH_JD_MS = 210866760000000;
/** Largest valid iJD: 9999-12-31 23:59:59.999. */
const MAX_JD_MS = 464269060799999;

/** SQLite's DateTime (date.c). */
interface DateTime {
  iJD: number;
  Y: number;
  M: number;
  D: number;
  h: number;
  m: number;
  tz: number;
  s: number;
  validJD: boolean;
  rawS: boolean;
  validYMD: boolean;
  validHMS: boolean;
  validTZ: boolean;
  tzSet: boolean;
  isError: boolean;
  useSubsec: boolean;
  nFloor: number;
}

function newDateTime(): DateTime {
  return {
    iJD: 0,
    Y: 0,
    M: 0,
    D: 0,
    h: 0,
    m: 0,
    tz: 0,
    s: 0,
    validJD: false,
    rawS: false,
    validYMD: false,
    validHMS: false,
    validTZ: false,
    tzSet: false,
    isError: false,
    useSubsec: false,
    nFloor: 0,
  };
}

function reset(p: DateTime): void {
  Object.assign(p, newDateTime());
}

const trunc = Math.trunc;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * getDigits: read fixed-width decimal fields. `spec` is a list of [digits, min, max, sep]
 * (sep 0 for the last field). Returns the values read (stops at the first failure).
 */
function getDigits(z: string, at: number, spec: [number, number, number, number][]): number[] {
  const out: number[] = [];
  let i = at;
  for (const [n, min, max, sep] of spec) {
    let val = 0;
    for (let k = 0; k < n; k++) {
      const c = z.charCodeAt(i);
      if (!isDigit(c)) return out;
      val = val * 10 + (c - 48);
      i++;
    }
    const next = i < z.length ? z.charCodeAt(i) : 0;
    if (val < min || val > max || (sep !== 0 && sep !== next)) return out;
    out.push(val);
    i++;
  }
  return out;
}

const COLON = 58;
const DASH = 45;

/** parseTimezone: trailing [+-]HH:MM or Z; returns true on error. */
function parseTimezone(z: string, at: number, p: DateTime): boolean {
  let i = at;
  while (i < z.length && isSpace(z.charCodeAt(i))) i++;
  p.tz = 0;
  const c = i < z.length ? z.charCodeAt(i) : 0;
  let sgn = 0;
  if (c === 45) sgn = -1;
  else if (c === 43) sgn = 1;
  else if (c === 90 || c === 122) {
    i++;
    while (i < z.length && isSpace(z.charCodeAt(i))) i++;
    p.tzSet = true;
    return i < z.length;
  } else return c !== 0;
  i++;
  const d = getDigits(z, i, [[2, 0, 14, COLON], [2, 0, 59, 0]]);
  if (d.length !== 2) return true;
  i += 5;
  p.tz = sgn * (d[1] + d[0] * 60);
  while (i < z.length && isSpace(z.charCodeAt(i))) i++;
  p.tzSet = true;
  return i < z.length;
}

/** parseHhMmSs: HH:MM[:SS[.FFF]] then an optional zone; returns true on error. */
function parseHhMmSs(z: string, at: number, p: DateTime): boolean {
  const d = getDigits(z, at, [[2, 0, 24, COLON], [2, 0, 59, 0]]);
  if (d.length !== 2) return true;
  let i = at + 5;
  let s = 0;
  let ms = 0;
  if (z.charCodeAt(i) === COLON) {
    i++;
    const ds = getDigits(z, i, [[2, 0, 59, 0]]);
    if (ds.length !== 1) return true;
    s = ds[0];
    i += 2;
    if (z.charCodeAt(i) === 46 && isDigit(z.charCodeAt(i + 1))) {
      let rScale = 1;
      i++;
      while (isDigit(z.charCodeAt(i))) {
        ms = ms * 10 + (z.charCodeAt(i) - 48);
        rScale *= 10;
        i++;
      }
      ms /= rScale;
      // SQLite truncates sub-millisecond fractions (forum post 766a2c9231)
      if (ms > 0.999) ms = 0.999;
    }
  }
  p.validJD = false;
  p.rawS = false;
  p.validHMS = true;
  p.h = d[0];
  p.m = d[1];
  p.s = s + ms;
  if (parseTimezone(z, i, p)) return true;
  p.validTZ = p.tz !== 0;
  return false;
}

function datetimeError(p: DateTime): void {
  reset(p);
  p.isError = true;
}

/** computeJD (Meeus p. 61): iJD from Y-M-D h:m:s (default 2000-01-01). */
function computeJD(p: DateTime): void {
  if (p.validJD) return;
  let Y: number;
  let M: number;
  let D: number;
  if (p.validYMD) {
    Y = p.Y;
    M = p.M;
    D = p.D;
  } else {
    Y = 2000;
    M = 1;
    D = 1;
  }
  if (Y < -4713 || Y > 9999 || p.rawS) {
    datetimeError(p);
    return;
  }
  if (M <= 2) {
    Y--;
    M += 12;
  }
  const A = trunc(Y / 100);
  const B = 2 - A + trunc(A / 4);
  const X1 = trunc((36525 * (Y + 4716)) / 100);
  const X2 = trunc((306001 * (M + 1)) / 10000);
  p.iJD = trunc((X1 + X2 + D + B - 1524.5) * 86400000);
  p.validJD = true;
  if (p.validHMS) {
    p.iJD += p.h * 3600000 + p.m * 60000 + trunc(p.s * 1000 + 0.5);
    if (p.validTZ) {
      p.iJD -= p.tz * 60000;
      p.validYMD = false;
      p.validHMS = false;
      p.validTZ = false;
    }
  }
}

/** YYYY-MM-DD[ HH:MM[:SS[.FFF]]] (optional leading '-', 'T' separator); true on error. */
function parseYyyyMmDd(z: string, p: DateTime): boolean {
  let i = 0;
  let neg = false;
  if (z.charCodeAt(0) === DASH) {
    i = 1;
    neg = true;
  }
  const d = getDigits(z, i, [[4, 0, 9999, DASH], [2, 1, 12, DASH], [2, 1, 31, 0]]);
  if (d.length !== 3) return true;
  i += 10;
  while (i < z.length && (isSpace(z.charCodeAt(i)) || z.charCodeAt(i) === 84 /* T */)) i++;
  if (!parseHhMmSs(z, i, p)) {
    // got the time
  } else if (i >= z.length) p.validHMS = false;
  else return true;
  p.validJD = false;
  p.validYMD = true;
  p.Y = neg ? -d[0] : d[0];
  p.M = d[1];
  p.D = d[2];
  computeFloor(p);
  if (p.validTZ) computeJD(p);
  return false;
}

/** Days past the end of the month (e.g. 02-31) remembered for the 'floor' modifier. */
function computeFloor(p: DateTime): void {
  if (p.D <= 28) p.nFloor = 0;
  else if (((1 << p.M) & 0x15aa) !== 0) p.nFloor = 0;
  else if (p.M !== 2) p.nFloor = p.D === 31 ? 1 : 0;
  else if (p.Y % 4 !== 0 || (p.Y % 100 === 0 && p.Y % 400 !== 0)) p.nFloor = p.D - 28;
  else p.nFloor = p.D - 29;
}

function setDateTimeToCurrent(ctx: FuncContext, p: DateTime): boolean {
  const now = ctx.conn.now ? ctx.conn.now() : Date.now();
  p.iJD = Math.round(now) + UNIX_EPOCH_JD_MS;
  p.validJD = p.iJD > 0;
  return !p.validJD;
}

function setRawDateNumber(p: DateTime, r: number): void {
  p.s = r;
  p.rawS = true;
  if (r >= 0 && r < 5373484.5) {
    p.iJD = trunc(r * 86400000 + 0.5);
    p.validJD = true;
  }
}

/** A text that is entirely a number (sqlite3AtoF > 0). */
function pureNumber(z: string): number | null {
  const r = parseReal(z);
  return r.flags !== 0 && r.pure ? r.value : null;
}

function parseDateOrTime(ctx: FuncContext, z: string, p: DateTime): boolean {
  if (!parseYyyyMmDd(z, p)) return false;
  if (!parseHhMmSs(z, 0, p)) return false;
  const lower = z.toLowerCase();
  if (lower === "now") return setDateTimeToCurrent(ctx, p);
  const r = pureNumber(z);
  if (r !== null) {
    setRawDateNumber(p, r);
    return false;
  }
  if (lower === "subsec" || lower === "subsecond") {
    p.useSubsec = true;
    return setDateTimeToCurrent(ctx, p);
  }
  return true;
}

function validJulianDay(iJD: number): boolean {
  return iJD >= 0 && iJD <= MAX_JD_MS;
}

/** computeYMD: Y-M-D from iJD (Meeus p. 63), with C's integer truncation. */
function computeYMD(p: DateTime): void {
  if (p.validYMD) return;
  if (!p.validJD) {
    p.Y = 2000;
    p.M = 1;
    p.D = 1;
  } else if (!validJulianDay(p.iJD)) {
    datetimeError(p);
    return;
  } else {
    const Z = trunc((p.iJD + 43200000) / 86400000);
    let A = trunc((Z - 1867216.25) / 36524.25);
    A = Z + 1 + A - trunc(A / 4);
    const B = A + 1524;
    const C = trunc((B - 122.1) / 365.25);
    const D = trunc((36525 * (C & 32767)) / 100);
    const E = trunc((B - D) / 30.6001);
    const X1 = trunc(30.6001 * E);
    p.D = B - D - X1;
    p.M = E < 14 ? E - 1 : E - 13;
    p.Y = p.M > 2 ? C - 4716 : C - 4715;
  }
  p.validYMD = true;
}

/** computeHMS: h:m:s from iJD. */
function computeHMS(p: DateTime): void {
  if (p.validHMS) return;
  computeJD(p);
  const dayMs = (p.iJD + 43200000) % 86400000;
  p.s = (dayMs % 60000) / 1000;
  const dayMin = trunc(dayMs / 60000);
  p.m = dayMin % 60;
  p.h = trunc(dayMin / 60);
  p.rawS = false;
  p.validHMS = true;
}

function computeYMD_HMS(p: DateTime): void {
  computeYMD(p);
  computeHMS(p);
}

function clearYMD_HMS_TZ(p: DateTime): void {
  p.validYMD = false;
  p.validHMS = false;
  p.validTZ = false;
}

/** toLocaltime: treat p as UTC and move it to local time (JS Date's zone rules). */
function toLocaltime(p: DateTime): void {
  computeJD(p);
  let iYearDiff = 0;
  let t: number;
  if (p.iJD < 2108667600 * 100000 || p.iJD > 2130141456 * 100000) {
    const x: DateTime = { ...p };
    computeYMD_HMS(x);
    iYearDiff = 2000 + (x.Y % 4) - x.Y;
    x.Y += iYearDiff;
    x.validJD = false;
    computeJD(x);
    t = trunc(x.iJD / 1000) - 21086676 * 10000;
  } else {
    t = trunc(p.iJD / 1000) - 21086676 * 10000;
  }
  const d = new Date(t * 1000);
  p.Y = d.getFullYear() - iYearDiff;
  p.M = d.getMonth() + 1;
  p.D = d.getDate();
  p.h = d.getHours();
  p.m = d.getMinutes();
  p.s = d.getSeconds() + (p.iJD % 1000) * 0.001;
  p.validYMD = true;
  p.validHMS = true;
  p.validJD = false;
  p.rawS = false;
  p.validTZ = false;
  p.isError = false;
}

/** 'NNN units' transforms: [name, limit, seconds per unit]. */
const XFORMS: [string, number, number][] = [
  ["second", 4.6427e+14, 1.0],
  ["minute", 7.7379e+12, 60.0],
  ["hour", 1.2897e+11, 3600.0],
  ["day", 5373485.0, 86400.0],
  ["month", 176546.0, 2592000.0],
  ["year", 14713.0, 31536000.0],
];

function autoAdjustDate(p: DateTime): void {
  if (!p.rawS || p.validJD) {
    p.rawS = false;
  } else if (p.s >= -21086676 * 10000 && p.s <= 25340230 * 10000 + 799) {
    const r = p.s * 1000 + 210866760000000;
    clearYMD_HMS_TZ(p);
    p.iJD = trunc(r + 0.5);
    p.validJD = true;
    p.rawS = false;
  }
}

/** Normalise month overflow after adding months/years (C's int division). */
function normaliseMonth(p: DateTime): void {
  const x = p.M > 0 ? trunc((p.M - 1) / 12) : trunc((p.M - 12) / 12);
  p.Y += x;
  p.M -= x * 12;
}

/** parseModifier: apply one modifier; returns true on error. */
function parseModifier(z: string, p: DateTime, idx: number): boolean {
  const lower = z.toLowerCase();
  switch (lower.charCodeAt(0)) {
    case 97: // a
      if (lower === "auto") {
        if (idx > 1) return true;
        autoAdjustDate(p);
        return false;
      }
      return true;
    case 99: // c
      if (lower === "ceiling") {
        computeJD(p);
        clearYMD_HMS_TZ(p);
        p.nFloor = 0;
        return false;
      }
      return true;
    case 102: // f
      if (lower === "floor") {
        computeJD(p);
        p.iJD -= p.nFloor * 86400000;
        clearYMD_HMS_TZ(p);
        return false;
      }
      return true;
    case 106: // j
      if (lower === "julianday") {
        if (idx > 1) return true;
        if (p.validJD && p.rawS) {
          p.rawS = false;
          return false;
        }
      }
      return true;
    case 108: // l
      if (lower === "localtime") {
        toLocaltime(p);
        return false;
      }
      return true;
    case 117: // u
      if (lower === "unixepoch" && p.rawS) {
        if (idx > 1) return true;
        const r = p.s * 1000 + 210866760000000;
        if (r >= 0 && r < 464269060800000) {
          clearYMD_HMS_TZ(p);
          p.iJD = trunc(r + 0.5);
          p.validJD = true;
          p.rawS = false;
          return false;
        }
        return true;
      }
      if (lower === "utc") {
        if (!p.tzSet) {
          computeJD(p);
          const iOrigJD = p.iJD;
          let iGuess = iOrigJD;
          let iErr = 0;
          let cnt = 0;
          do {
            const nw = newDateTime();
            iGuess -= iErr;
            nw.iJD = iGuess;
            nw.validJD = true;
            toLocaltime(nw);
            computeJD(nw);
            iErr = nw.iJD - iOrigJD;
          } while (iErr && cnt++ < 3);
          reset(p);
          p.iJD = iGuess;
          p.validJD = true;
          p.tzSet = true;
        }
        return false;
      }
      return true;
    case 119: { // w
      if (lower.startsWith("weekday ")) {
        const r = pureNumber(z.slice(8));
        if (r !== null && r >= 0 && r < 7 && trunc(r) === r) {
          const n = r;
          computeYMD_HMS(p);
          p.validTZ = false;
          p.validJD = false;
          computeJD(p);
          let Z = trunc((p.iJD + 129600000) / 86400000) % 7;
          if (Z > n) Z -= 7;
          p.iJD += (n - Z) * 86400000;
          clearYMD_HMS_TZ(p);
          return false;
        }
      }
      return true;
    }
    case 115: { // s
      if (!lower.startsWith("start of ")) {
        if (lower === "subsec" || lower === "subsecond") {
          p.useSubsec = true;
          return false;
        }
        return true;
      }
      if (!p.validJD && !p.validYMD && !p.validHMS) return true;
      const what = lower.slice(9);
      computeYMD(p);
      p.validHMS = true;
      p.h = p.m = 0;
      p.s = 0;
      p.rawS = false;
      p.validTZ = false;
      p.validJD = false;
      if (what === "month") {
        p.D = 1;
        return false;
      }
      if (what === "year") {
        p.M = 1;
        p.D = 1;
        return false;
      }
      return what !== "day";
    }
    case 43:
    case 45:
    case 48:
    case 49:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 55:
    case 56:
    case 57:
      return numericModifier(z, p);
    default:
      return true;
  }
}

/** ±NNN units, ±HH:MM[:SS.FFF], ±YYYY-MM-DD[ HH:MM[:SS]]; true on error. */
function numericModifier(z: string, p: DateTime): boolean {
  const z0 = z.charCodeAt(0);
  let n = 1;
  for (; n < z.length; n++) {
    const c = z.charCodeAt(n);
    if (c === COLON || isSpace(c)) break;
    if (c === DASH) {
      if (n === 5 && getDigits(z, 1, [[4, 0, 9999, 0]]).length === 1) break;
      if (n === 6 && getDigits(z, 1, [[5, 0, 14712, 0]]).length === 1) break;
    }
  }
  let r = pureNumber(z.slice(0, n));
  if (r === null) return true;
  let zz = z;
  let z2 = z;
  let n2 = n;
  if (z.charCodeAt(n) === DASH) {
    if (z0 !== 43 && z0 !== 45) return true;
    let d: number[];
    if (n === 5) d = getDigits(z, 1, [[4, 0, 9999, DASH], [2, 0, 11, DASH], [2, 0, 30, 0]]);
    else {
      d = getDigits(z, 1, [[5, 0, 14712, DASH], [2, 0, 11, DASH], [2, 0, 30, 0]]);
      zz = z.slice(1);
    }
    if (d.length !== 3) return true;
    let [Y, M, D] = d;
    computeYMD_HMS(p);
    p.validJD = false;
    if (z0 === 45) {
      p.Y -= Y;
      p.M -= M;
      D = -D;
    } else {
      p.Y += Y;
      p.M += M;
    }
    normaliseMonth(p);
    computeFloor(p);
    computeJD(p);
    p.validHMS = false;
    p.validYMD = false;
    p.iJD += D * 86400000;
    if (zz.length <= 11) return false;
    if (
      isSpace(zz.charCodeAt(11)) &&
      getDigits(zz, 12, [[2, 0, 24, COLON], [2, 0, 59, 0]]).length === 2
    ) {
      z2 = zz.slice(12);
      n2 = 2;
    } else return true;
    Y = M = 0;
  }
  if (z2.charCodeAt(n2) === COLON) {
    const tx = newDateTime();
    let t = z2;
    if (!isDigit(t.charCodeAt(0))) t = t.slice(1);
    if (parseHhMmSs(t, 0, tx)) return true;
    computeJD(tx);
    tx.iJD -= 43200000;
    const day = trunc(tx.iJD / 86400000);
    tx.iJD -= day * 86400000;
    if (z0 === 45) tx.iJD = -tx.iJD;
    computeJD(p);
    clearYMD_HMS_TZ(p);
    p.iJD += tx.iJD;
    return false;
  }
  // "+NNN units"
  let rest = zz.slice(n);
  let k = 0;
  while (k < rest.length && isSpace(rest.charCodeAt(k))) k++;
  rest = rest.slice(k);
  let len = rest.length;
  if (len > 10 || len < 3) return true;
  if ((rest.charCodeAt(len - 1) | 32) === 115 /* s */) len--;
  const unit = rest.slice(0, len).toLowerCase();
  computeJD(p);
  const rRounder = r < 0 ? -0.5 : 0.5;
  let rc = true;
  for (let i = 0; i < XFORMS.length; i++) {
    const [name, limit, xform] = XFORMS[i];
    if (name.length === len && name === unit && r > -limit && r < limit) {
      if (i === 4) {
        computeYMD_HMS(p);
        p.M += trunc(r);
        normaliseMonth(p);
        computeFloor(p);
        p.validJD = false;
        r -= trunc(r);
      } else if (i === 5) {
        computeYMD_HMS(p);
        p.Y += trunc(r);
        computeFloor(p);
        p.validJD = false;
        r -= trunc(r);
      }
      computeJD(p);
      p.iJD += trunc(r * 1000 * xform + rRounder);
      rc = false;
      break;
    }
  }
  clearYMD_HMS_TZ(p);
  return rc;
}

/** isDate: parse the time value and every modifier; null when the result is NULL. */
function isDate(ctx: FuncContext, args: Mem[], first: number, n: number): DateTime | null {
  const p = newDateTime();
  if (n === 0) return setDateTimeToCurrent(ctx, p) ? null : p;
  const a0 = args[first];
  if (a0.type === MemType.INT || a0.type === MemType.REAL) setRawDateNumber(p, a0.n);
  else {
    const z = argCText(a0);
    if (z === null || parseDateOrTime(ctx, z, p)) return null;
  }
  for (let i = 1; i < n; i++) {
    const z = argCText(args[first + i]);
    if (z === null || parseModifier(z, p, i)) return null;
  }
  computeJD(p);
  if (p.isError || !validJulianDay(p.iJD)) return null;
  if (n === 1 && p.validYMD && p.D > 28) p.validYMD = false; // normalise 2023-02-31
  return p;
}

function pad(v: number, width: number): string {
  const t = String(v);
  return t.length >= width ? t : "0".repeat(width - t.length) + t;
}

/** C's "%0Nd": zero padding after the sign. */
function padSigned(v: number, width: number): string {
  if (v >= 0) return pad(v, width);
  return "-" + pad(-v, width - 1);
}

function spacePad(v: number, width: number): string {
  const t = String(v);
  return t.length >= width ? t : " ".repeat(width - t.length) + t;
}

function yearText(Y: number): string {
  return (Y < 0 ? "-" : "") + pad(Math.abs(Y) % 10000, 4);
}

function secondsText(p: DateTime): string {
  if (p.useSubsec) {
    const s = trunc(1000 * p.s + 0.5);
    return pad(trunc(s / 1000) % 100, 2) + "." + pad(s % 1000, 3);
  }
  return pad(trunc(p.s) % 100, 2);
}

const FLOAT_SPEC = {
  conv: "f" as const,
  precision: 3,
  width: 0,
  prefix: "" as const,
  alternate: false,
  altform2: false,
  zeropad: false,
  leftJustify: false,
  thousands: false,
};

function fmtFloat(v: number, conv: "f" | "g", precision: number, width = 0, zeropad = false) {
  return renderFloat(v, { ...FLOAT_SPEC, conv, precision, width, zeropad });
}

/** Days since January 1st of the same year (the time of day is kept). */
function daysAfterJan01(p: DateTime): number {
  const jan01: DateTime = { ...p, validJD: false, M: 1, D: 1 };
  computeJD(jan01);
  return trunc((p.iJD - jan01.iJD + 43200000) / 86400000);
}

/** 0 = Monday … 6 = Sunday. */
function daysAfterMonday(p: DateTime): number {
  return trunc((p.iJD + 43200000) / 86400000) % 7;
}

/** 0 = Sunday … 6 = Saturday. */
function daysAfterSunday(p: DateTime): number {
  return trunc((p.iJD + 129600000) / 86400000) % 7;
}

/** strftime(FORMAT, …) body, or null for an unknown conversion. */
function strftime(fmt: string, x: DateTime): string | null {
  computeJD(x);
  computeYMD_HMS(x);
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch !== "%") {
      out += ch;
      continue;
    }
    i++;
    const cf = fmt[i];
    switch (cf) {
      case "d":
        out += pad(x.D, 2);
        break;
      case "e":
        out += spacePad(x.D, 2);
        break;
      case "f": {
        let s = x.s;
        if (s > 59.999) s = 59.999;
        out += fmtFloat(s, "f", 3, 6, true);
        break;
      }
      case "F":
        out += padSigned(x.Y, 4) + "-" + pad(x.M, 2) + "-" + pad(x.D, 2);
        break;
      case "H":
        out += pad(x.h, 2);
        break;
      case "k":
        out += spacePad(x.h, 2);
        break;
      case "I":
      case "l": {
        let h = x.h;
        if (h > 12) h -= 12;
        if (h === 0) h = 12;
        out += cf === "I" ? pad(h, 2) : spacePad(h, 2);
        break;
      }
      case "j":
        out += pad(daysAfterJan01(x) + 1, 3);
        break;
      case "W": // week 00-53, the first Monday starts week 01
        out += pad(trunc((daysAfterJan01(x) - daysAfterMonday(x) + 7) / 7), 2);
        break;
      case "U": // week 00-53, the first Sunday starts week 01
        out += pad(trunc((daysAfterJan01(x) - daysAfterSunday(x) + 7) / 7), 2);
        break;
      case "G":
      case "g":
      case "V": {
        // ISO 8601: the Thursday of x's week decides the year; week 01 holds a Thursday
        const y: DateTime = { ...x };
        y.iJD += (3 - daysAfterMonday(x)) * 86400000;
        y.validYMD = false;
        computeYMD(y);
        if (cf === "g") out += padSigned(y.Y % 100, 2);
        else if (cf === "G") out += padSigned(y.Y, 4);
        else out += pad(trunc(daysAfterJan01(y) / 7) + 1, 2);
        break;
      }
      case "J":
        out += fmtFloat(x.iJD / 86400000, "g", 16);
        break;
      case "m":
        out += pad(x.M, 2);
        break;
      case "M":
        out += pad(x.m, 2);
        break;
      case "p":
      case "P":
        out += x.h >= 12 ? (cf === "p" ? "PM" : "pm") : (cf === "p" ? "AM" : "am");
        break;
      case "R":
        out += pad(x.h, 2) + ":" + pad(x.m, 2);
        break;
      case "s":
        if (x.useSubsec) out += fmtFloat((x.iJD - UNIX_EPOCH_JD_MS) / 1000, "f", 3);
        else out += String(trunc(x.iJD / 1000) - 21086676 * 10000);
        break;
      case "S":
        out += pad(trunc(x.s), 2);
        break;
      case "T":
        out += pad(x.h, 2) + ":" + pad(x.m, 2) + ":" + pad(trunc(x.s), 2);
        break;
      case "u":
      case "w": {
        let c = trunc((x.iJD + 129600000) / 86400000) % 7;
        if (c === 0 && cf === "u") c = 7;
        out += String(c);
        break;
      }
      case "Y":
        out += padSigned(x.Y, 4);
        break;
      case "%":
        out += "%";
        break;
      default:
        return null;
    }
  }
  return out;
}

/** timediff(A, B) text, or null. */
function timediff(ctx: FuncContext, args: Mem[]): string | null {
  const d1 = isDate(ctx, args, 0, 1);
  if (!d1) return null;
  const d2 = isDate(ctx, args, 1, 1);
  if (!d2) return null;
  computeYMD_HMS(d1);
  computeYMD_HMS(d2);
  let sign: string;
  let Y: number;
  let M: number;
  if (d1.iJD >= d2.iJD) {
    sign = "+";
    Y = d1.Y - d2.Y;
    if (Y) {
      d2.Y = d1.Y;
      d2.validJD = false;
      computeJD(d2);
    }
    M = d1.M - d2.M;
    if (M < 0) {
      Y--;
      M += 12;
    }
    if (M !== 0) {
      d2.M = d1.M;
      d2.validJD = false;
      computeJD(d2);
    }
    while (d1.iJD < d2.iJD) {
      M--;
      if (M < 0) {
        M = 11;
        Y--;
      }
      d2.M--;
      if (d2.M < 1) {
        d2.M = 12;
        d2.Y--;
      }
      d2.validJD = false;
      computeJD(d2);
    }
    d1.iJD -= d2.iJD;
  } else {
    sign = "-";
    Y = d2.Y - d1.Y;
    if (Y) {
      d2.Y = d1.Y;
      d2.validJD = false;
      computeJD(d2);
    }
    M = d2.M - d1.M;
    if (M < 0) {
      Y--;
      M += 12;
    }
    if (M !== 0) {
      d2.M = d1.M;
      d2.validJD = false;
      computeJD(d2);
    }
    while (d1.iJD > d2.iJD) {
      M--;
      if (M < 0) {
        M = 11;
        Y--;
      }
      d2.M++;
      if (d2.M > 12) {
        d2.M = 1;
        d2.Y++;
      }
      d2.validJD = false;
      computeJD(d2);
    }
    d1.iJD = d2.iJD - d1.iJD;
  }
  d1.iJD += 1486995408 * 100000;
  d1.validYMD = false;
  d1.validHMS = false;
  d1.validTZ = false;
  computeYMD_HMS(d1);
  return sign + pad(Y, 4) + "-" + pad(M, 2) + "-" + pad(d1.D - 1, 2) + " " + pad(d1.h, 2) + ":" +
    pad(d1.m, 2) + ":" + fmtFloat(d1.s, "f", 3, 6, true);
}

function dateText(x: DateTime): string {
  computeYMD(x);
  return yearText(x.Y) + "-" + pad(x.M, 2) + "-" + pad(x.D, 2);
}

function timeText(x: DateTime): string {
  computeHMS(x);
  return pad(x.h, 2) + ":" + pad(x.m, 2) + ":" + secondsText(x);
}

/** Register the date and time functions. Cold. */
export function registerDate(reg: FunctionRegistry): void {
  const D = FuncFlag.DETERMINISTIC; // deterministic unless 'now'/localtime is used
  const simple = (name: string, render: (x: DateTime) => string) => {
    reg.scalar(name, -1, D, (ctx, args, out) => {
      const x = isDate(ctx, args, 0, ctx.nArg);
      if (!x) return out.setNull();
      out.setText(render(x));
    });
  };
  simple("date", dateText);
  simple("time", timeText);
  simple("datetime", (x) => {
    computeYMD_HMS(x);
    return dateText(x) + " " + timeText(x);
  });
  reg.scalar("julianday", -1, D, (ctx, args, out) => {
    const x = isDate(ctx, args, 0, ctx.nArg);
    if (!x) return out.setNull();
    computeJD(x);
    out.setReal(x.iJD / 86400000);
  });
  reg.scalar("unixepoch", -1, D, (ctx, args, out) => {
    const x = isDate(ctx, args, 0, ctx.nArg);
    if (!x) return out.setNull();
    computeJD(x);
    if (x.useSubsec) out.setReal((x.iJD - UNIX_EPOCH_JD_MS) / 1000);
    else out.setInt(trunc(x.iJD / 1000) - 21086676 * 10000);
  });
  reg.scalar("strftime", -1, D, (ctx, args, out) => {
    if (ctx.nArg === 0) return out.setNull();
    const fmt = argCText(args[0]);
    if (fmt === null) return out.setNull();
    const x = isDate(ctx, args, 1, ctx.nArg - 1);
    if (!x) return out.setNull();
    const r = strftime(fmt, x);
    if (r === null) out.setNull();
    else out.setText(r);
  });
  reg.scalar("timediff", 2, D, (ctx, args, out) => {
    const r = timediff(ctx, args);
    if (r === null) out.setNull();
    else out.setText(r);
  });
  const now = (render: (x: DateTime) => string) => (ctx: FuncContext, _a: Mem[], out: Mem) => {
    const p = newDateTime();
    if (setDateTimeToCurrent(ctx, p)) return out.setNull();
    out.setText(render(p));
  };
  reg.scalar("current_date", 0, FuncFlag.VOLATILE, now(dateText));
  reg.scalar("current_time", 0, FuncFlag.VOLATILE, now(timeText));
  reg.scalar(
    "current_timestamp",
    0,
    FuncFlag.VOLATILE,
    now((x) => {
      computeYMD_HMS(x);
      return dateText(x) + " " + timeText(x);
    }),
  );
}
