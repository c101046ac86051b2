/**
 * Arithmetic, bitwise and concatenation operators as vdbe.c implements them
 * (OP_Add/Subtract/Multiply/Divide/Remainder, OP_BitAnd/BitOr/ShiftLeft/
 * ShiftRight/BitNot, OP_Concat) and three-valued truth (OP_If/OP_IfNot,
 * `sqlite3VdbeBooleanValue`).
 *
 * Owns: 64-bit integer arithmetic with overflow falling back to REAL,
 * division/remainder by zero → NULL, `%` on reals (via integers), shift
 * semantics for negative and ≥64 counts, `||` over every storage class.
 * Must never: throw on any input (except "string or blob too big" for a `||` result longer
 * than a JS string can hold), or produce NaN (NaN becomes NULL as in SQLite).
 * Every function writes into `out`, which may alias an operand.
 * @module
 */

import { SqliteError } from "../../error.ts";
import { INT64_MAX, INT64_MIN, Mem, MemType } from "../mem.ts";
import { memToInt, memToReal, memToText, toNumeric } from "./convert.ts";
import { normInt } from "./numeric.ts";
import { MAX_STRING } from "./text.ts";

const SAFE = 9007199254740991;

// Scratch registers for the numeric view of TEXT/BLOB operands (single-threaded).
const scratchA = new Mem();
const scratchB = new Mem();

/** Binary arithmetic operator codes. */
export const ArithOp = { ADD: 0, SUB: 1, MUL: 2, DIV: 3, REM: 4 } as const;
/** One of {@link ArithOp}. */
export type ArithOp = typeof ArithOp[keyof typeof ArithOp];

function bigOf(m: Mem): bigint {
  return m.big === null ? BigInt(m.n) : m.big;
}

/** Integer op on two INT Mems; returns false on overflow (caller falls back to REAL). */
function intOp(op: ArithOp, a: Mem, b: Mem, out: Mem): boolean {
  if (a.big === null && b.big === null) {
    const x = a.n;
    const y = b.n;
    let r: number;
    switch (op) {
      case ArithOp.ADD:
        r = x + y;
        break;
      case ArithOp.SUB:
        r = x - y;
        break;
      case ArithOp.MUL:
        r = x * y;
        break;
      case ArithOp.DIV:
        if (y === 0) {
          out.setNull();
          return true;
        }
        out.setInt((x - (x % y)) / y || 0); // exact: x % y is exact for doubles
        return true;
      default:
        if (y === 0) {
          out.setNull();
          return true;
        }
        out.setInt(x % (y === -1 ? 1 : y) || 0);
        return true;
    }
    if (r >= -SAFE && r <= SAFE) {
      out.setInt(r === 0 ? 0 : r);
      return true;
    }
  }
  const x = bigOf(a);
  const y = bigOf(b);
  let r: bigint;
  switch (op) {
    case ArithOp.ADD:
      r = x + y;
      break;
    case ArithOp.SUB:
      r = x - y;
      break;
    case ArithOp.MUL:
      r = x * y;
      break;
    case ArithOp.DIV:
      if (y === 0n) {
        out.setNull();
        return true;
      }
      if (y === -1n && x === INT64_MIN) return false;
      r = x / y;
      break;
    default:
      if (y === 0n) {
        out.setNull();
        return true;
      }
      r = x % (y === -1n ? 1n : y);
  }
  if (r < INT64_MIN || r > INT64_MAX) return false;
  out.setSqlInt(normInt(r));
  return true;
}

/**
 * `left OP right` into `out` with SQLite's rules: NULL if either is NULL;
 * TEXT/BLOB read as numbers; INTEGER op INTEGER stays INTEGER unless it
 * overflows (then REAL); x/0 and x%0 are NULL; `%` with a REAL operand works
 * on the integer parts and yields REAL. Hot.
 *
 * @example
 * ```ts
 * import { memOf, Mem } from "../mem.ts";
 * import { arith, ArithOp } from "./arith.ts";
 * const out = new Mem();
 * arith(ArithOp.ADD, memOf("12abc"), memOf(1), out); // INTEGER 13
 * arith(ArithOp.DIV, memOf(5), memOf(0), out);       // NULL
 * ```
 */
export function arith(op: ArithOp, left: Mem, right: Mem, out: Mem): void {
  let a = left;
  let b = right;
  if (a.type === MemType.INT && b.type === MemType.INT) {
    if (intOp(op, a, b, out)) return;
    realOp(op, a, b, out);
    return;
  }
  if (a.type === MemType.NULL || b.type === MemType.NULL) {
    out.setNull();
    return;
  }
  if (a.type >= MemType.TEXT) {
    toNumeric(a, scratchA);
    a = scratchA;
  }
  if (b.type >= MemType.TEXT) {
    toNumeric(b, scratchB);
    b = scratchB;
  }
  if (a.type === MemType.INT && b.type === MemType.INT) {
    if (intOp(op, a, b, out)) return;
  }
  // The REAL path reads the *original* operands (sqlite3VdbeIntValue of '1e3' is 1).
  realOp(op, left, right, out);
}

function realOp(op: ArithOp, a: Mem, b: Mem, out: Mem): void {
  let r: number;
  switch (op) {
    case ArithOp.ADD:
      r = memToReal(a) + memToReal(b);
      break;
    case ArithOp.SUB:
      r = memToReal(a) - memToReal(b);
      break;
    case ArithOp.MUL:
      r = memToReal(a) * memToReal(b);
      break;
    case ArithOp.DIV: {
      const y = memToReal(b);
      if (y === 0) {
        out.setNull();
        return;
      }
      r = memToReal(a) / y;
      break;
    }
    default: {
      const x = memToInt(a);
      let y = memToInt(b);
      if (y === 0) {
        out.setNull();
        return;
      }
      if (y === -1) y = 1;
      if (typeof x === "number" && typeof y === "number") r = x % y;
      else r = Number(BigInt(x) % BigInt(y));
      if (r === 0) r = 0; // SQLite computes an i64 remainder: no -0.0
    }
  }
  out.setReal(r); // NaN → NULL inside setReal
}

/**
 * Unary minus of a non-literal operand (`-x`): SQLite codes it as 0 - x, so
 * -(0.0) is 0.0 and -(INT64_MIN) is REAL. (Negative *literals* such as
 * `-0.0` or `-9223372036854775808` are folded by the compiler instead.) Hot.
 */
export function negate(x: Mem, out: Mem): void {
  if (x.type === MemType.INT && x.big === null) {
    out.setInt(x.n === 0 ? 0 : -x.n);
    return;
  }
  if (x.type === MemType.REAL) {
    out.setReal(0 - x.n);
    return;
  }
  arith(ArithOp.SUB, ZERO, x, out);
}

const ZERO = new Mem();
ZERO.setInt(0);

/** Bitwise operator codes. */
export const BitOp = { AND: 0, OR: 1, SHL: 2, SHR: 3 } as const;
/** One of {@link BitOp}. */
export type BitOp = typeof BitOp[keyof typeof BitOp];

/**
 * `left & right`, `left | right`, `left << right`, `left >> right` on
 * 64-bit integers (operands converted with `sqlite3VdbeIntValue`); NULL if
 * either is NULL; negative shift counts shift the other way; counts ≥ 64
 * give 0 (or −1 for a negative value shifted right). Hot-ish.
 */
export function bitwise(op: BitOp, left: Mem, right: Mem, out: Mem): void {
  if (left.type === MemType.NULL || right.type === MemType.NULL) {
    out.setNull();
    return;
  }
  const a = memToInt(left);
  const b = memToInt(right);
  if (op === BitOp.AND || op === BitOp.OR) {
    if (
      typeof a === "number" && typeof b === "number" && a >= -2147483648 && a <= 2147483647 &&
      b >= -2147483648 && b <= 2147483647
    ) {
      out.setInt(op === BitOp.AND ? a & b : a | b);
      return;
    }
    const r = op === BitOp.AND ? BigInt(a) & BigInt(b) : BigInt(a) | BigInt(b);
    out.setSqlInt(normInt(r));
    return;
  }
  let shl = op === BitOp.SHL;
  let n = b;
  let ia = BigInt(a);
  if (n !== 0 && n !== 0n) {
    if (n < 0) {
      shl = !shl;
      n = n > -64 ? -n : 64;
    }
    if (n >= 64) {
      ia = ia >= 0n || shl ? 0n : -1n;
    } else {
      const cnt = BigInt(n);
      ia = shl ? BigInt.asIntN(64, ia << cnt) : ia >> cnt; // >> on bigint is arithmetic
    }
  }
  out.setSqlInt(normInt(ia));
}

/** `~x` on the 64-bit integer value; NULL stays NULL. Hot-ish. */
export function bitNot(x: Mem, out: Mem): void {
  if (x.type === MemType.NULL) {
    out.setNull();
    return;
  }
  const a = memToInt(x);
  if (typeof a === "number" && a >= -2147483648 && a <= 2147483647) out.setInt(~a);
  else out.setSqlInt(normInt(~BigInt(a)));
}

/**
 * `left || right`: NULL if either is NULL, else the TEXT of both joined
 * (numbers rendered as SQLite renders them, blobs read as UTF-8). Hot.
 */
export function concat(left: Mem, right: Mem, out: Mem): void {
  if (left.type === MemType.NULL || right.type === MemType.NULL) {
    out.setNull();
    return;
  }
  const a = left.type === MemType.TEXT ? left.s : memToText(left) as string;
  const b = right.type === MemType.TEXT ? right.s : memToText(right) as string;
  if (a.length + b.length > MAX_STRING) {
    throw new SqliteError("string or blob too big", "SQLITE_TOOBIG");
  }
  out.setText(a + b);
}

/**
 * Truth value of a Mem (`sqlite3VdbeBooleanValue`): NULL → null; numbers →
 * non-zero; TEXT/BLOB → their numeric prefix as a real is non-zero
 * ('1abc' true, 'abc' false, '0.5' true). Hot.
 */
export function truthValue(m: Mem): boolean | null {
  switch (m.type) {
    case MemType.NULL:
      return null;
    case MemType.INT:
    case MemType.REAL:
      return m.n !== 0;
    default:
      return memToReal(m) !== 0;
  }
}
