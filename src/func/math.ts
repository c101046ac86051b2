/**
 * Numeric scalar functions: abs, round, sign (func.c) and the SQLITE_ENABLE_MATH_FUNCTIONS set
 * (acos … trunc, pi, ln, log, log2, log10, pow/power, sqrt, ceil/ceiling, floor, exp, mod,
 * degrees, radians, trig and hyperbolic functions) as better-sqlite3's build has them.
 *
 * Owns: SQLite's argument rules (`sqlite3_value_numeric_type`: only INTEGER/REAL or TEXT that
 * is a well-formed number count; anything else yields NULL), NaN → NULL, round()'s printf-based
 * rounding, abs() of INT64_MIN → "integer overflow".
 * Must never: return NaN (a NaN result is NULL in SQLite).
 * @module
 */

import { SqliteError } from "../error.ts";
import { type Mem, MemType } from "../vdbe/mem.ts";
import { parseReal } from "../vdbe/value/numeric.ts";
import { floatSpec, renderFloat } from "../vdbe/value/render.ts";
import { argIntClamped, argNumeric, argReal } from "./args.ts";
import { FuncFlag, type FunctionRegistry } from "./registry.ts";

const D = FuncFlag.DETERMINISTIC;

/**
 * round(r, n) exactly as func.c roundFunc: integers beyond ±2^52 are returned as they are,
 * n = 0 rounds half away from zero through a 64-bit integer, otherwise the value is printed
 * with "%!.*f" and read back.
 */
export function roundReal(r: number, n: number): number {
  if (r < -4503599627370496 || r > 4503599627370496) return r;
  if (n === 0) {
    const t = Math.trunc(r + (r < 0 ? -0.5 : 0.5));
    return t === 0 ? 0 : t;
  }
  const text = renderFloat(r, floatSpec("f", n, { altform2: true }));
  return parseReal(text).value;
}

/** Register abs/round/sign. Cold. */
export function registerNumeric(reg: FunctionRegistry): void {
  reg.scalar("abs", 1, D, (_ctx, args, out) => {
    const x = args[0];
    switch (x.type) {
      case MemType.NULL:
        return out.setNull();
      case MemType.INT:
        if (x.big === null) return out.setInt(x.n < 0 ? -x.n : x.n);
        if (x.big === -9223372036854775808n) throw new SqliteError("integer overflow");
        return out.setBigInt(x.big < 0n ? -x.big : x.big);
      default: {
        const r = argReal(x);
        return out.setReal(r < 0 ? -r : r); // fabs-like but keeps -0.0, as SQLite's absFunc
      }
    }
  });
  const round = (args: Mem[], nArg: number, out: Mem) => {
    let n = 0;
    if (nArg === 2) {
      if (args[1].type === MemType.NULL) return out.setNull();
      n = argIntClamped(args[1]);
      if (n > 30) n = 30;
      if (n < 0) n = 0;
    }
    if (args[0].type === MemType.NULL) return out.setNull();
    out.setReal(roundReal(argReal(args[0]), n));
  };
  reg.scalar("round", 1, D, (ctx, args, out) => round(args, ctx.nArg, out));
  reg.scalar("round", 2, D, (ctx, args, out) => round(args, ctx.nArg, out));
  reg.scalar("sign", 1, D, (_ctx, args, out) => {
    const v = argNumeric(args[0]);
    if (v.type !== MemType.INT && v.type !== MemType.REAL) return out.setNull();
    const x = v.n;
    out.setInt(x < 0 ? -1 : x > 0 ? 1 : 0);
  });
}

/** A one-argument math function: NULL unless the argument is numeric; NaN → NULL. */
function math1(reg: FunctionRegistry, name: string, f: (x: number) => number): void {
  reg.scalar(name, 1, D, (_ctx, args, out) => {
    const v = argNumeric(args[0]);
    if (v.type !== MemType.INT && v.type !== MemType.REAL) return out.setNull();
    out.setReal(f(v.n));
  });
}

/** A two-argument math function (atan2, pow, mod). */
function math2(reg: FunctionRegistry, name: string, f: (x: number, y: number) => number): void {
  reg.scalar(name, 2, D, (_ctx, args, out) => {
    const a = argNumeric(args[0]);
    if (a.type !== MemType.INT && a.type !== MemType.REAL) return out.setNull();
    const x = a.n;
    const b = argNumeric(args[1]);
    if (b.type !== MemType.INT && b.type !== MemType.REAL) return out.setNull();
    out.setReal(f(x, b.n));
  });
}

/** C's fmod (JS % on doubles is fmod). */
function fmod(x: number, y: number): number {
  return x % y;
}

/** Register the SQLITE_ENABLE_MATH_FUNCTIONS functions. Cold. */
export function registerMath(reg: FunctionRegistry): void {
  // ceil/floor/trunc keep INTEGER arguments as they are.
  const rounding = (name: string, f: (x: number) => number) => {
    reg.scalar(name, 1, D, (_ctx, args, out) => {
      const v = argNumeric(args[0]);
      if (v.type === MemType.INT) return out.copyFrom(v);
      if (v.type !== MemType.REAL) return out.setNull();
      out.setReal(f(v.n));
    });
  };
  rounding("ceil", Math.ceil);
  rounding("ceiling", Math.ceil);
  rounding("floor", Math.floor);
  rounding("trunc", Math.trunc);
  const log = (args: Mem[], nArg: number, out: Mem, base1: (x: number) => number) => {
    const a = argNumeric(args[0]);
    if (a.type !== MemType.INT && a.type !== MemType.REAL) return out.setNull();
    let x = a.n;
    if (x <= 0) return out.setNull();
    if (nArg === 2) {
      const b = Math.log(x);
      if (b <= 0) return out.setNull();
      const c = argNumeric(args[1]);
      if (c.type !== MemType.INT && c.type !== MemType.REAL) return out.setNull();
      x = c.n;
      if (x <= 0) return out.setNull();
      return out.setReal(Math.log(x) / b);
    }
    out.setReal(base1(x));
  };
  reg.scalar("ln", 1, D, (ctx, args, out) => log(args, ctx.nArg, out, Math.log));
  reg.scalar("log", 1, D, (ctx, args, out) => log(args, ctx.nArg, out, Math.log10));
  reg.scalar("log10", 1, D, (ctx, args, out) => log(args, ctx.nArg, out, Math.log10));
  reg.scalar("log", 2, D, (ctx, args, out) => log(args, ctx.nArg, out, Math.log));
  reg.scalar("log2", 1, D, (ctx, args, out) => log(args, ctx.nArg, out, Math.log2));
  math1(reg, "exp", Math.exp);
  math1(reg, "sqrt", Math.sqrt);
  math1(reg, "acos", Math.acos);
  math1(reg, "asin", Math.asin);
  math1(reg, "atan", Math.atan);
  math1(reg, "acosh", Math.acosh);
  math1(reg, "asinh", Math.asinh);
  // Transcendentals use V8's implementations; the platform libm SQLite calls is not correctly
  // rounded either, so results may differ from SQLite's in the last bit (e.g. atanh(0.5)).
  math1(reg, "atanh", Math.atanh);
  math1(reg, "cos", Math.cos);
  math1(reg, "sin", Math.sin);
  math1(reg, "tan", Math.tan);
  math1(reg, "cosh", Math.cosh);
  math1(reg, "sinh", Math.sinh);
  math1(reg, "tanh", Math.tanh);
  math1(reg, "degrees", (x) => x * (180.0 / Math.PI));
  math1(reg, "radians", (x) => x * (Math.PI / 180.0));
  math2(reg, "atan2", Math.atan2);
  math2(reg, "pow", Math.pow);
  math2(reg, "power", Math.pow);
  math2(reg, "mod", fmod);
  reg.scalar("pi", 0, D, (_ctx, _args, out) => out.setReal(Math.PI));
}
