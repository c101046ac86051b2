/**
 * The date and time SQL functions of date.c: date(), time(), datetime(), julianday(),
 * unixepoch(), strftime() (%d %e %f %F %g %G %H %I %j %J %k %l %m %M %p %P %R %s %S %T %u
 * %U %V %w %W %Y %%), timediff(), current_date/current_time/current_timestamp.
 *
 * Owns: the output formats (C's %02d / %04d / %06.3f spellings) and registration.
 * Must never: return a result for an invalid date (that is NULL).
 * @module
 */

import type { Mem } from "../../vdbe/mem.ts";
import { floatSpec, renderFloat } from "../../vdbe/value/render.ts";
import { argCText } from "../args.ts";
import { type FuncContext, FuncFlag, type FunctionRegistry } from "../registry.ts";
import {
  computeHMS,
  computeJD,
  computeYMD,
  computeYMD_HMS,
  type DateTime,
  newDateTime,
  setDateTimeToCurrent,
  trunc,
  UNIX_EPOCH_JD_MS,
} from "./model.ts";
import { isDate } from "./modifiers.ts";

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

function fmtFloat(v: number, conv: "f" | "g", precision: number, width = 0, zeropad = false) {
  return renderFloat(v, floatSpec(conv, precision, { width, zeropad }));
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
  // SQLite's timediffFunc: move d2 to d1's year and month, step it back month by month until
  // it no longer passes d1, and the rest is a span of days and time. `dir` is +1 when d1 is
  // the later one (sign "+"): every difference below is taken as dir * (d1 - d2).
  const dir = d1.iJD >= d2.iJD ? 1 : -1;
  const moveD2 = (Y: number, M: number) => {
    d2.Y = Y;
    d2.M = M;
    d2.validJD = false;
    computeJD(d2);
  };
  let Y = dir * (d1.Y - d2.Y);
  if (Y) moveD2(d1.Y, d2.M);
  let M = dir * (d1.M - d2.M);
  if (M < 0) {
    Y--;
    M += 12;
  }
  if (M !== 0) moveD2(d2.Y, d1.M);
  while (dir * (d1.iJD - d2.iJD) < 0) {
    M--;
    if (M < 0) {
      M = 11;
      Y--;
    }
    const m = d2.M - dir; // one month back toward where d2 started
    if (m < 1) moveD2(d2.Y - 1, 12);
    else if (m > 12) moveD2(d2.Y + 1, 1);
    else moveD2(d2.Y, m);
  }
  d1.iJD = dir * (d1.iJD - d2.iJD) + 1486995408 * 100000;
  d1.validYMD = false;
  d1.validHMS = false;
  d1.validTZ = false;
  computeYMD_HMS(d1);
  return (dir > 0 ? "+" : "-") + pad(Y, 4) + "-" + pad(M, 2) + "-" + pad(d1.D - 1, 2) + " " +
    pad(d1.h, 2) + ":" +
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
