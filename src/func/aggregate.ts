/**
 * Aggregate functions of func.c: count(*), count(X), sum, total, avg, min, max,
 * group_concat(X[,SEP]), string_agg(X,SEP) — with xInverse/xValue for window use.
 *
 * Owns: the accumulators exactly as SQLite computes them: sum/total/avg keep an exact int64
 * sum until a REAL (or an overflow) appears, then switch to Kahan–Babuška–Neumaier
 * compensated summation seeded from the integer; sum() of integers that overflow raises
 * "integer overflow"; min/max keep a copy of the best value under the call's collation;
 * group_concat takes each row's separator from that row.
 * Must never: handle DISTINCT or ORDER BY inside the call — the VM feeds rows already
 * filtered and ordered.
 * @module
 */

import { SqliteError } from "../error.ts";
import { INT64_MAX, INT64_MIN, Mem, MemType } from "../vdbe/mem.ts";
import { compareMem } from "../vdbe/value/compare.ts";
import { memToText } from "../vdbe/value/convert.ts";
import { normInt } from "../vdbe/value/numeric.ts";
import { MAX_STRING } from "../vdbe/value/text.ts";
import { utf8Length } from "../format/record.ts";
import { argNumeric, argReal } from "./args.ts";
import { type AggState, type FuncContext, FuncFlag, type FunctionRegistry } from "./registry.ts";

const SAFE = 9007199254740991;

/** count(*) / count(X). Hot (one call per row). */
class CountState implements AggState {
  n = 0;
  constructor(private readonly star: boolean) {}
  step(args: Mem[], nArg: number): void {
    if (this.star || nArg === 0 || args[0].type !== MemType.NULL) this.n++;
  }
  inverse(args: Mem[], nArg: number): void {
    if (this.star || nArg === 0 || args[0].type !== MemType.NULL) this.n--;
  }
  value(out: Mem): void {
    out.setInt(this.n);
  }
  final(out: Mem): void {
    out.setInt(this.n);
  }
}

/** Which result a SumState produces. */
type SumKind = "sum" | "total" | "avg";

/** SQLite's SumCtx: sum(), total() and avg(). Hot. */
class SumState implements AggState {
  /** Exact integer sum while !approx (number when safe, else bigint). */
  iSum: number | bigint = 0;
  rSum = 0;
  rErr = 0;
  cnt = 0;
  approx = false;
  ovrfl = false;
  constructor(private readonly kind: SumKind) {}

  private kbnStep(r: number): void {
    const s = this.rSum;
    const t = s + r;
    if (Math.abs(s) > Math.abs(r)) this.rErr += (s - t) + r;
    else this.rErr += (r - t) + s;
    this.rSum = t;
  }
  private kbnStepInt(v: number | bigint): void {
    if (typeof v === "number" && v > -4503599627370496 && v < 4503599627370496) {
      this.kbnStep(v);
      return;
    }
    const b = BigInt(v);
    const sm = b % 16384n;
    this.kbnStep(Number(b - sm));
    this.kbnStep(Number(sm));
  }
  private kbnInit(v: number | bigint): void {
    if (typeof v === "number" && v > -4503599627370496 && v < 4503599627370496) {
      this.rSum = v;
      this.rErr = 0;
      return;
    }
    const b = BigInt(v);
    const sm = b % 16384n;
    this.rSum = Number(b - sm);
    this.rErr = Number(sm);
  }

  step(args: Mem[]): void {
    const v = argNumeric(args[0]);
    const type = v.type;
    if (type === MemType.NULL) return;
    this.cnt++;
    if (!this.approx) {
      if (type !== MemType.INT) {
        this.kbnInit(this.iSum);
        this.approx = true;
        this.kbnStep(argReal(v));
      } else {
        const x = v.big === null ? v.n : v.big;
        const s = this.iSum;
        if (typeof s === "number" && typeof x === "number") {
          const r = s + x;
          if (r >= -SAFE && r <= SAFE) {
            this.iSum = r;
            return;
          }
        }
        const r = BigInt(s) + BigInt(x);
        if (r >= INT64_MIN && r <= INT64_MAX) {
          this.iSum = normInt(r);
        } else {
          this.ovrfl = true;
          this.kbnInit(this.iSum);
          this.approx = true;
          this.kbnStepInt(x);
        }
      }
    } else if (type === MemType.INT) {
      this.kbnStepInt(v.big === null ? v.n : v.big);
    } else {
      this.ovrfl = false;
      this.kbnStep(argReal(v));
    }
  }

  inverse(args: Mem[]): void {
    const v = argNumeric(args[0]);
    const type = v.type;
    if (type === MemType.NULL) return;
    this.cnt--;
    if (!this.approx) {
      const x = v.type === MemType.INT ? (v.big === null ? v.n : v.big) : 0;
      const r = BigInt(this.iSum) - BigInt(x);
      if (r < INT64_MIN || r > INT64_MAX) {
        this.ovrfl = true;
        this.approx = true;
      } else this.iSum = normInt(r);
    } else if (type === MemType.INT) {
      const x = v.big === null ? v.n : v.big;
      if (x !== INT64_MIN) this.kbnStepInt(typeof x === "number" ? -x : -x);
      else {
        this.kbnStepInt(INT64_MAX);
        this.kbnStepInt(1);
      }
    } else {
      this.kbnStep(-argReal(v));
    }
  }

  private approxValue(): number {
    return Number.isFinite(this.rErr) ? this.rSum + this.rErr : this.rSum;
  }

  value(out: Mem): void {
    this.final(out);
  }

  final(out: Mem): void {
    switch (this.kind) {
      case "sum":
        if (this.cnt <= 0) return out.setNull();
        if (this.approx) {
          if (this.ovrfl) throw new SqliteError("integer overflow");
          return out.setReal(this.approxValue());
        }
        return out.setSqlInt(this.iSum);
      case "total":
        return out.setReal(this.approx ? this.approxValue() : Number(this.iSum));
      default: {
        if (this.cnt <= 0) return out.setNull();
        const r = this.approx ? this.approxValue() : Number(this.iSum);
        return out.setReal(r / this.cnt);
      }
    }
  }
}

/** min(X) / max(X) aggregate. Hot. */
class MinMaxState implements AggState {
  private best = new Mem();
  private has = false;
  rowChosen = false;
  constructor(private readonly isMax: boolean, private readonly ctx: FuncContext) {}
  step(args: Mem[]): void {
    const a = args[0];
    if (a.type === MemType.NULL) {
      this.rowChosen = !this.has;
      return;
    }
    if (this.has) {
      const c = compareMem(this.best, a, this.ctx.coll);
      if (this.isMax ? c < 0 : c > 0) {
        this.best.copyFrom(a);
        this.rowChosen = true;
      } else this.rowChosen = false;
    } else {
      this.best.copyFrom(a);
      this.has = true;
      this.rowChosen = true;
    }
  }
  value(out: Mem): void {
    if (this.has) out.copyFrom(this.best);
    else out.setNull();
  }
  final(out: Mem): void {
    this.value(out);
  }
}

/**
 * group_concat / string_agg: SQLite's GroupConcatCtx (func.c). One accumulated string; for
 * xInverse the byte length of the first separator, or of every separator once they differ, so
 * removing the oldest row drops its text and the separator after it — and an emptied
 * accumulator starts afresh (no separator before the next row), quirks included. Hot.
 */
class GroupConcatState implements AggState {
  private text = "";
  /** UTF-8 byte length of `text` (StrAccum.nChar). */
  private nChar = 0;
  /** Something was appended since the accumulator was (re)started (StrAccum.mxAlloc != 0). */
  private allocated = false;
  private stepped = false;
  private nAccum = 0;
  private nFirstSepLength = 0;
  private sepLengths: number[] | null = null;
  constructor(private readonly defaultSep: boolean) {}
  private append(t: string): void {
    this.text += t;
    this.nChar += utf8Length(t);
    // SQLITE_LIMIT_LENGTH (and what one JS string can hold)
    if (this.text.length > MAX_STRING) {
      throw new SqliteError("string or blob too big", "SQLITE_TOOBIG");
    }
  }
  step(args: Mem[], nArg: number): void {
    const x = args[0];
    if (x.type === MemType.NULL) return;
    this.stepped = true;
    const firstTerm = !this.allocated;
    this.allocated = true;
    if (this.defaultSep && nArg < 2) {
      if (!firstTerm) this.append(",");
      else this.nFirstSepLength = 1;
    } else if (!firstTerm) {
      const sep = memToText(args[1]);
      if (sep !== null) this.append(sep);
      const nSep = sep === null ? 0 : utf8Length(sep);
      if (nSep !== this.nFirstSepLength || this.sepLengths !== null) {
        if (this.sepLengths === null) {
          this.sepLengths = new Array<number>(Math.max(0, this.nAccum - 1)).fill(
            this.nFirstSepLength,
          );
        }
        this.sepLengths[this.nAccum - 1] = nSep;
      }
    } else {
      const sep = memToText(args[1]);
      this.nFirstSepLength = sep === null ? 0 : utf8Length(sep);
    }
    this.nAccum++;
    this.append(memToText(x) as string);
  }
  inverse(args: Mem[]): void {
    if (args[0].type === MemType.NULL) return;
    let nVS = utf8Length(memToText(args[0]) as string);
    this.nAccum--;
    if (this.sepLengths !== null) {
      if (this.nAccum > 0) nVS += this.sepLengths.shift() ?? 0;
    } else nVS += this.nFirstSepLength; // removing the only string: harmlessly over-done
    if (nVS >= this.nChar) {
      this.text = "";
      this.nChar = 0;
    } else {
      this.text = dropUtf8Prefix(this.text, nVS, this.nChar);
      this.nChar -= nVS;
    }
    if (this.nChar === 0) {
      this.allocated = false;
      this.sepLengths = null;
    }
  }
  value(out: Mem): void {
    if (!this.stepped || (this.nChar === 0 && this.nAccum <= 0)) return out.setNull();
    out.setText(this.text);
  }
  final(out: Mem): void {
    this.value(out);
  }
}

/** `s` without its first `n` UTF-8 bytes (`bytes` is the byte length of `s`). */
function dropUtf8Prefix(s: string, n: number, bytes: number): string {
  if (bytes === s.length) return s.slice(n); // ASCII
  let i = 0;
  while (n > 0 && i < s.length) {
    const c = s.codePointAt(i)!;
    n -= c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    i += c >= 0x10000 ? 2 : 1;
  }
  return s.slice(i);
}

/** Which percentile function a PercentileState computes. */
type PercentileKind = "median" | "percentile" | "percentile_cont" | "percentile_disc";

/**
 * median / percentile / percentile_cont / percentile_disc (SQLITE_ENABLE_PERCENTILE,
 * ext/misc/percentile.c): all non-NULL Y values are kept; the result is the value at
 * fraction·(N−1) of the sorted values, interpolated (cont) or not (disc). Always REAL.
 */
class PercentileState implements AggState {
  private values: number[] = [];
  private frac = -1; // the fraction (0..1) fixed by the first row
  private sorted = true;
  constructor(private readonly kind: PercentileKind) {}

  private fraction(args: Mem[]): number {
    if (this.kind === "median") return 0.5;
    const hi = this.kind === "percentile" ? 100 : 1;
    const p = argNumeric(args[1]);
    const r = p.n;
    if ((p.type !== MemType.INT && p.type !== MemType.REAL) || r < 0 || r > hi) {
      throw new SqliteError(
        `the fraction argument to ${this.kind}() is not between 0.0 and ${
          hi === 100 ? "100.0" : "1.0"
        }`,
      );
    }
    return hi === 100 ? r / 100 : r;
  }

  step(args: Mem[]): void {
    const f = this.fraction(args);
    if (this.frac < 0) this.frac = f;
    else if (Math.abs(this.frac - f) > 0.001) {
      throw new SqliteError(
        `the fraction argument to ${this.kind}() is not the same for all input rows`,
      );
    }
    const y = args[0];
    if (y.type === MemType.NULL) return;
    if (y.type !== MemType.INT && y.type !== MemType.REAL) {
      throw new SqliteError(`input to ${this.kind}() is not numeric`);
    }
    const v = y.n;
    if (v === Infinity || v === -Infinity) throw new SqliteError(`Inf input to ${this.kind}()`);
    this.values.push(v);
    this.sorted = false;
  }

  inverse(args: Mem[]): void {
    const y = args[0];
    if (y.type !== MemType.INT && y.type !== MemType.REAL) return;
    const i = this.values.indexOf(y.n);
    if (i >= 0) this.values.splice(i, 1);
  }

  value(out: Mem): void {
    const a = this.values;
    const n = a.length;
    if (n === 0) return out.setNull();
    if (!this.sorted) {
      a.sort((x, y) => x - y);
      this.sorted = true;
    }
    const ix = this.frac * (n - 1);
    const i1 = Math.floor(ix);
    if (this.kind === "percentile_disc") return out.setReal(a[i1]);
    const i2 = ix === i1 || i1 === n - 1 ? i1 : i1 + 1;
    const v1 = a[i1];
    const v2 = a[i2];
    out.setReal(v1 + (v2 - v1) * (ix - i1));
  }

  final(out: Mem): void {
    this.value(out);
  }
}

/** Register the aggregates. Cold. */
export function registerAggregates(reg: FunctionRegistry): void {
  const W = FuncFlag.WINDOW | FuncFlag.DETERMINISTIC;
  reg.aggregate("count", 0, W, () => new CountState(true));
  reg.aggregate("count", 1, W, () => new CountState(false));
  reg.aggregate("sum", 1, W, () => new SumState("sum"));
  reg.aggregate("total", 1, W, () => new SumState("total"));
  reg.aggregate("avg", 1, W, () => new SumState("avg"));
  reg.aggregate("min", 1, FuncFlag.NEEDCOLL | W, (ctx) => new MinMaxState(false, ctx));
  reg.aggregate("max", 1, FuncFlag.NEEDCOLL | W, (ctx) => new MinMaxState(true, ctx));
  reg.aggregate("group_concat", 1, W, () => new GroupConcatState(true));
  reg.aggregate("group_concat", 2, W, () => new GroupConcatState(false));
  reg.aggregate("string_agg", 2, W, () => new GroupConcatState(false));
  reg.aggregate("median", 1, W, () => new PercentileState("median"));
  reg.aggregate("percentile", 2, W, () => new PercentileState("percentile"));
  reg.aggregate("percentile_cont", 2, W, () => new PercentileState("percentile_cont"));
  reg.aggregate("percentile_disc", 2, W, () => new PercentileState("percentile_disc"));
}
