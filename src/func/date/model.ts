/**
 * The date model of date.c: a julian day number in milliseconds (`iJD`) with lazily
 * computed Y-M-D and h:m:s, the time-value parsers (YYYY-MM-DD[ HH:MM[:SS[.FFF]]] with an
 * optional T separator and ±HH:MM / Z zone, HH:MM[:SS.FFF], numbers, 'now'), the
 * Meeus conversions with C's integer truncation, and local-time conversion.
 *
 * Owns: {@link DateTime} and everything that fills or normalises one.
 * Must never: read the clock except through `ConnectionHooks.now` (or the wall clock when
 * the connection gives none).
 * @module
 */

import { isSpace, parseReal } from "../../vdbe/value/numeric.ts";
import { type FuncContext, notPure } from "../registry.ts";

/** Julian day of 1970-01-01 00:00:00 in milliseconds. */
export const UNIX_EPOCH_JD_MS = 210866760000000;
/** Largest valid iJD: 9999-12-31 23:59:59.999. */
export const MAX_JD_MS = 464269060799999;

/** SQLite's DateTime (date.c). */
export interface DateTime {
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

export function newDateTime(): DateTime {
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

export function reset(p: DateTime): void {
  Object.assign(p, newDateTime());
}

export const trunc = Math.trunc;

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * getDigits: read fixed-width decimal fields. `spec` is a list of [digits, min, max, sep]
 * (sep 0 for the last field). Returns the values read (stops at the first failure).
 */
export function getDigits(
  z: string,
  at: number,
  spec: [number, number, number, number][],
): number[] {
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

export const COLON = 58;
export const DASH = 45;

/** parseTimezone: trailing [+-]HH:MM or Z; returns true on error. */
export function parseTimezone(z: string, at: number, p: DateTime): boolean {
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
export function parseHhMmSs(z: string, at: number, p: DateTime): boolean {
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

export function datetimeError(p: DateTime): void {
  reset(p);
  p.isError = true;
}

/** computeJD (Meeus p. 61): iJD from Y-M-D h:m:s (default 2000-01-01). */
export function computeJD(p: DateTime): void {
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
export function parseYyyyMmDd(z: string, p: DateTime): boolean {
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
export function computeFloor(p: DateTime): void {
  if (p.D <= 28) p.nFloor = 0;
  else if (((1 << p.M) & 0x15aa) !== 0) p.nFloor = 0;
  else if (p.M !== 2) p.nFloor = p.D === 31 ? 1 : 0;
  else if (p.Y % 4 !== 0 || (p.Y % 100 === 0 && p.Y % 400 !== 0)) p.nFloor = p.D - 28;
  else p.nFloor = p.D - 29;
}

export function setDateTimeToCurrent(ctx: FuncContext, p: DateTime): boolean {
  const now = ctx.conn.now ? ctx.conn.now() : Date.now();
  p.iJD = Math.round(now) + UNIX_EPOCH_JD_MS;
  p.validJD = p.iJD > 0;
  return !p.validJD;
}

export function setRawDateNumber(p: DateTime, r: number): void {
  p.s = r;
  p.rawS = true;
  if (r >= 0 && r < 5373484.5) {
    p.iJD = trunc(r * 86400000 + 0.5);
    p.validJD = true;
  }
}

/** A text that is entirely a number (sqlite3AtoF > 0). */
export function pureNumber(z: string): number | null {
  const r = parseReal(z);
  return r.flags !== 0 && r.pure ? r.value : null;
}

export function parseDateOrTime(ctx: FuncContext, z: string, p: DateTime): boolean {
  if (!parseYyyyMmDd(z, p)) return false;
  if (!parseHhMmSs(z, 0, p)) return false;
  const lower = z.toLowerCase();
  if (lower === "now") {
    notPure(ctx);
    return setDateTimeToCurrent(ctx, p);
  }
  const r = pureNumber(z);
  if (r !== null) {
    setRawDateNumber(p, r);
    return false;
  }
  if (lower === "subsec" || lower === "subsecond") {
    notPure(ctx);
    p.useSubsec = true;
    return setDateTimeToCurrent(ctx, p);
  }
  return true;
}

export function validJulianDay(iJD: number): boolean {
  return iJD >= 0 && iJD <= MAX_JD_MS;
}

/** computeYMD: Y-M-D from iJD (Meeus p. 63), with C's integer truncation. */
export function computeYMD(p: DateTime): void {
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
export function computeHMS(p: DateTime): void {
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

export function computeYMD_HMS(p: DateTime): void {
  computeYMD(p);
  computeHMS(p);
}

export function clearYMD_HMS_TZ(p: DateTime): void {
  p.validYMD = false;
  p.validHMS = false;
  p.validTZ = false;
}

/** toLocaltime: treat p as UTC and move it to local time (JS Date's zone rules). */
export function toLocaltime(p: DateTime): void {
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
