/**
 * Date modifiers of date.c (parseModifier): ±NNN days/hours/minutes/seconds/months/years,
 * ±HH:MM[:SS.FFF], ±YYYY-MM-DD[ HH:MM], start of day/month/year, weekday N, unixepoch,
 * julianday, auto, localtime, utc, subsec, ceiling, floor — and `isDate`, which applies a
 * time value and its modifiers.
 *
 * Owns: every modifier's arithmetic exactly as SQLite does it (C truncation, month
 * normalisation, the 'floor' bookkeeping).
 * Must never: accept a modifier SQLite rejects (the result would be NULL there).
 * @module
 */

import { type Mem, MemType } from "../../vdbe/mem.ts";
import { argCText } from "../args.ts";
import { type FuncContext, notPure } from "../registry.ts";
import {
  clearYMD_HMS_TZ,
  COLON,
  computeFloor,
  computeJD,
  computeYMD,
  computeYMD_HMS,
  DASH,
  type DateTime,
  getDigits,
  isDigit,
  newDateTime,
  parseDateOrTime,
  parseHhMmSs,
  pureNumber,
  reset,
  setDateTimeToCurrent,
  setRawDateNumber,
  toLocaltime,
  trunc,
  validJulianDay,
} from "./model.ts";
import { isSpace } from "../../vdbe/value/numeric.ts";

/** 'NNN units' transforms: [name, limit, seconds per unit]. */
export const XFORMS: [string, number, number][] = [
  ["second", 4.6427e+14, 1.0],
  ["minute", 7.7379e+12, 60.0],
  ["hour", 1.2897e+11, 3600.0],
  ["day", 5373485.0, 86400.0],
  ["month", 176546.0, 2592000.0],
  ["year", 14713.0, 31536000.0],
];

export function autoAdjustDate(p: DateTime): void {
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
export function normaliseMonth(p: DateTime): void {
  const x = p.M > 0 ? trunc((p.M - 1) / 12) : trunc((p.M - 12) / 12);
  p.Y += x;
  p.M -= x * 12;
}

/** parseModifier: apply one modifier; returns true on error. */
export function parseModifier(ctx: FuncContext, z: string, p: DateTime, idx: number): boolean {
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
        notPure(ctx);
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
        notPure(ctx);
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
export function numericModifier(z: string, p: DateTime): boolean {
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
export function isDate(ctx: FuncContext, args: Mem[], first: number, n: number): DateTime | null {
  const p = newDateTime();
  if (n === 0) {
    notPure(ctx);
    return setDateTimeToCurrent(ctx, p) ? null : p;
  }
  const a0 = args[first];
  if (a0.type === MemType.INT || a0.type === MemType.REAL) setRawDateNumber(p, a0.n);
  else {
    const z = argCText(a0);
    if (z === null || parseDateOrTime(ctx, z, p)) return null;
  }
  for (let i = 1; i < n; i++) {
    const z = argCText(args[first + i]);
    if (z === null || parseModifier(ctx, z, p, i)) return null;
  }
  computeJD(p);
  if (p.isError || !validJulianDay(p.iJD)) return null;
  if (n === 1 && p.validYMD && p.D > 28) p.validYMD = false; // normalise 2023-02-31
  return p;
}
