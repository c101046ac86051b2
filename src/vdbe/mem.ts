/**
 * Mem — the VM register, SQLite's `Mem` (vdbeInt.h / vdbemem.c) in TypeScript.
 *
 * Owns: the in-memory representation of one SQL value with its storage class
 * (datatype3.html §2): NULL, INTEGER (64-bit), REAL (double), TEXT, BLOB.
 * An INTEGER is held in `n` when it is a safe JS integer (|v| ≤ 2^53-1) and in
 * `big` (a bigint, with `n` holding the nearest double) otherwise; a REAL is
 * held in `n`; TEXT in `s`; BLOB in `b`. Registers are allocated once per
 * statement and reused: setters allocate nothing beyond the value itself.
 *
 * Must never: hold an INTEGER outside the signed 64-bit range, hold a `big`
 * that fits a safe integer (setters normalise), or touch the database.
 * Value semantics (affinity, comparison, conversion, arithmetic) live in
 * `./value/`, not here.
 * @module
 */

/**
 * Storage-class tags. Numbered in SQLite's cross-type sort order
 * (NULL < INTEGER/REAL < TEXT < BLOB), so tags compare directly.
 */
export const MemType = {
  NULL: 0,
  INT: 1,
  REAL: 2,
  TEXT: 3,
  BLOB: 4,
} as const;
/** One of the {@link MemType} tags. */
export type MemType = typeof MemType[keyof typeof MemType];

/** A 64-bit SQL integer as a JS value: a number when safe, else a bigint. */
export type SqlInt = number | bigint;

/** The plain-JS form of a SQL value (NULL → null, INTEGER → number|bigint, REAL → number). */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** Smallest and largest 64-bit signed integers. */
export const INT64_MIN: bigint = -(2n ** 63n);
/** Largest 64-bit signed integer, 9223372036854775807. */
export const INT64_MAX: bigint = 2n ** 63n - 1n;

const EMPTY_BLOB = new Uint8Array(0);

/**
 * One VM register. Hot: every setter is branch-light and allocation-free.
 *
 * @example
 * ```ts
 * import { Mem, MemType } from "./mem.ts";
 * const m = new Mem();
 * m.setInt(42);
 * console.log(m.type === MemType.INT, m.n); // true 42
 * m.setBigInt(2n ** 60n);           // stays a bigint: not a safe integer
 * m.setBigInt(7n);                  // normalised: m.n === 7, m.big === null
 * ```
 */
export class Mem {
  /** Storage class. */
  type: MemType = MemType.NULL;
  /** INTEGER value when safe (big === null), the REAL value, or the double nearest `big`. */
  n = 0;
  /** INTEGER value when outside ±(2^53-1); null otherwise. */
  big: bigint | null = null;
  /** TEXT value (valid only when type is TEXT). */
  s = "";
  /** BLOB value (valid only when type is BLOB). */
  b: Uint8Array = EMPTY_BLOB;
  /** Subtype (sqlite3_result_subtype); 0 = none. Used by JSON functions later. */
  subtype = 0;

  /** Make this register NULL. Hot. */
  setNull(): void {
    this.type = MemType.NULL;
    this.big = null;
    this.subtype = 0;
  }

  /** Store a safe JS integer as INTEGER. Hot. Caller guarantees `Number.isSafeInteger(v)`. */
  setInt(v: number): void {
    this.type = MemType.INT;
    this.n = v;
    this.big = null;
    this.subtype = 0;
  }

  /**
   * Store a 64-bit integer given as bigint; normalised to `n` when it is safe.
   * Caller guarantees INT64_MIN ≤ v ≤ INT64_MAX. Hot-ish (overflow paths only).
   */
  setBigInt(v: bigint): void {
    this.type = MemType.INT;
    this.subtype = 0;
    this.n = Number(v);
    this.big = v >= -9007199254740991n && v <= 9007199254740991n ? null : v;
  }

  /** Store an integer given as number or bigint (see {@link setInt}/{@link setBigInt}). */
  setSqlInt(v: SqlInt): void {
    if (typeof v === "number") this.setInt(v);
    else this.setBigInt(v);
  }

  /** Store a REAL. Hot. NaN becomes NULL, as in SQLite (sqlite3VdbeMemSetDouble). */
  setReal(v: number): void {
    if (v !== v) {
      this.setNull();
      return;
    }
    this.type = MemType.REAL;
    this.n = v;
    this.big = null;
    this.subtype = 0;
  }

  /** Store TEXT. Hot. */
  setText(v: string): void {
    this.type = MemType.TEXT;
    this.s = v;
    this.big = null;
    this.subtype = 0;
  }

  /** Store a BLOB (the array is referenced, not copied). Hot. */
  setBlob(v: Uint8Array): void {
    this.type = MemType.BLOB;
    this.b = v;
    this.big = null;
    this.subtype = 0;
  }

  /** Copy another register's value into this one (blob bytes are shared, not copied). Hot. */
  copyFrom(o: Mem): void {
    this.type = o.type;
    this.n = o.n;
    this.big = o.big;
    this.s = o.s;
    this.b = o.b;
    this.subtype = o.subtype;
  }

  /** Store a plain JS value (null, number → INTEGER if integral else REAL, bigint, string, bytes). Cold. */
  setValue(v: SqlValue | boolean | undefined): void {
    if (v === null || v === undefined) this.setNull();
    else if (typeof v === "number") {
      if (Number.isSafeInteger(v)) this.setInt(v);
      else this.setReal(v);
    } else if (typeof v === "bigint") {
      if (v < INT64_MIN || v > INT64_MAX) this.setReal(Number(v));
      else this.setBigInt(v);
    } else if (typeof v === "string") this.setText(v);
    else if (typeof v === "boolean") this.setInt(v ? 1 : 0);
    else this.setBlob(v);
  }

  /** True when NULL. */
  get isNull(): boolean {
    return this.type === MemType.NULL;
  }

  /** True when INTEGER or REAL. */
  get isNumeric(): boolean {
    return this.type === MemType.INT || this.type === MemType.REAL;
  }

  /** The INTEGER value as number|bigint (only meaningful when type is INT). */
  get intValue(): SqlInt {
    return this.big === null ? this.n : this.big;
  }

  /** The INTEGER value as a bigint (only meaningful when type is INT). Cold. */
  get bigValue(): bigint {
    return this.big === null ? BigInt(this.n) : this.big;
  }

  /**
   * The value as better-sqlite3 returns it: NULL → null, INTEGER → number (the nearest
   * double when beyond ±2^53, as better-sqlite3 does) or bigint when `safeIntegers`,
   * REAL → number, TEXT → string, BLOB → Uint8Array. Hot (row materialisation).
   */
  toJs(safeIntegers = false): SqlValue {
    switch (this.type) {
      case MemType.NULL:
        return null;
      case MemType.INT:
        if (safeIntegers) return this.big === null ? BigInt(this.n) : this.big;
        return this.n;
      case MemType.REAL:
        return this.n;
      case MemType.TEXT:
        return this.s;
      default:
        return this.b;
    }
  }
}

/** Allocate `count` NULL registers (once per statement). Cold. */
export function allocRegisters(count: number): Mem[] {
  const regs = new Array<Mem>(count);
  for (let i = 0; i < count; i++) regs[i] = new Mem();
  return regs;
}

/** A fresh register holding a JS value. Cold (tests, constants). */
export function memOf(v: SqlValue | boolean | undefined): Mem {
  const m = new Mem();
  m.setValue(v);
  return m;
}
