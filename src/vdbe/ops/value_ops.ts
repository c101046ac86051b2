/**
 * The value operations the VM's opcodes need — comparison (vdbeaux.c sqlite3MemCompare), the
 * comparison-affinity step of OP_Eq..OP_Ge (vdbe.c), numeric conversion of operands for
 * arithmetic (vdbe.c numericType / sqlite3AtoF), integer-overflow-to-REAL arithmetic, `||`,
 * CAST (sqlite3VdbeMemCast), column affinity (applyAffinity) and truth values (sqlite3VdbeBooleanValue).
 *
 * Owns: the VM-side glue between opcodes and SQLite's value rules. Every rule is delegated to
 * `src/vdbe/value/` (the value-semantics module); this file only adapts signatures.
 * Never: allocates on the numeric hot paths, touches cursors or the b-tree.
 * @module
 */

import { type Mem, MemType } from "../mem.ts";
import { Affinity } from "../../planner/program.ts";
import * as VA from "../value/affinity.ts";
import * as AR from "../value/arith.ts";
import * as CMP from "../value/compare.ts";
import * as CV from "../value/convert.ts";
import { realToText as renderReal } from "../value/render.ts";

/** A collation compare function (`null` = BINARY). */
export type Collator = ((a: string, b: string) => number) | null;

/** BINARY comparison of two strings in UTF-8 byte order. Hot. */
export const binaryCompare = CMP.binaryCollation;

/** SQLite's sqlite3MemCompare. Hot. */
export function memCompare(a: Mem, b: Mem, coll: Collator): number {
  return CMP.compareMem(a, b, coll);
}

/** Text → number by prefix, as in arithmetic (`'12abc'+1` is 13). */
export function textToNumeric(s: string, out: Mem): void {
  CV.textToNumeric(s, out);
}

/** The REAL value of a Mem (sqlite3VdbeRealValue). */
export function realValue(m: Mem): number {
  return CV.memToReal(m);
}

/** The INTEGER value of a Mem (sqlite3VdbeIntValue). */
export function intValue(m: Mem): number | bigint {
  return CV.memToInt(m);
}

/** REAL → text as SQLite renders it. */
export function realToText(r: number): string {
  return renderReal(r);
}

/** TEXT value of any Mem as sqlite3_value_text (NULL → null). */
export function textValue(m: Mem): string | null {
  return CV.memToText(m);
}

/** Apply a column affinity to a register in place. */
export function applyAffinity(m: Mem, aff: number): void {
  VA.applyAffinity(m, aff);
}

/** The comparison step of OP_Eq..OP_Ge on scratch copies. */
export function applyCompareAffinity(a: Mem, b: Mem, aff: number): void {
  VA.applyComparisonAffinity(a, b, aff);
}

/** `a op b` (0 +, 1 -, 2 *, 3 /, 4 %). Hot. */
export function arith(op: number, a: Mem, b: Mem, out: Mem): void {
  AR.arith(op as AR.ArithOp, a, b, out);
}

/** `a || b`. */
export function concat(a: Mem, b: Mem, out: Mem): void {
  AR.concat(a, b, out);
}

/** Bit operators: 0 &, 1 |, 2 <<, 3 >>. */
export function bitOp(op: number, a: Mem, b: Mem, out: Mem): void {
  AR.bitwise(op as AR.BitOp, a, b, out);
}

/** `~a`. */
export function bitNot(a: Mem, out: Mem): void {
  AR.bitNot(a, out);
}

/** Unary minus. */
export function negate(a: Mem, out: Mem): void {
  AR.negate(a, out);
}

/** Truth value: -1 NULL, 0 false, 1 true. Hot. */
export function truth(m: Mem): number {
  switch (m.type) {
    case MemType.NULL:
      return -1;
    case MemType.INT:
    case MemType.REAL:
      return m.n !== 0 ? 1 : 0;
    default:
      return AR.truthValue(m) ? 1 : 0;
  }
}

/** CAST(m AS <affinity>) in place. */
export function castTo(m: Mem, aff: number): void {
  if (aff === Affinity.NONE) return;
  VA.castToAffinity(m, aff);
}
