/**
 * Type affinity (datatype3.html §3): affinity of a declared type name,
 * applying a column affinity to a value (vdbe.c `applyAffinity`,
 * `applyNumericAffinity`), and the affinity used by comparison operators
 * (§4.2, expr.c `sqlite3CompareAffinity`).
 *
 * Owns: the `SQLITE_AFF_*` codes (same numbers as the planner's `Affinity`),
 * the §3.1 name rules, and in-place affinity application on a Mem.
 * Must never: change a value's meaning — only lossless conversions happen
 * ('1e3' → 1000 under NUMERIC, '0x10' and '12abc' stay TEXT).
 * @module
 */

import { type Mem, MemType } from "../mem.ts";
import { castMem, integerAffinity, memToText } from "./convert.ts";
import { Atoi, parseInt64, parseReal, realSameAsInt, realToInt64 } from "./numeric.ts";

/** SQLite's affinity codes (sqliteInt.h `SQLITE_AFF_*`). */
export const Affinity = {
  NONE: 0x40,
  BLOB: 0x41,
  TEXT: 0x42,
  NUMERIC: 0x43,
  INTEGER: 0x44,
  REAL: 0x45,
} as const;
/** One affinity code. */
export type Affinity = typeof Affinity[keyof typeof Affinity];

/**
 * Affinity of a declared column type name (`sqlite3AffinityType`,
 * datatype3.html §3.1): "INT" → INTEGER; "CHAR"/"CLOB"/"TEXT" → TEXT;
 * "BLOB" or no type → BLOB; "REAL"/"FLOA"/"DOUB" → REAL; else NUMERIC. Cold.
 *
 * @example
 * ```ts
 * import { affinityOfTypeName, Affinity } from "./affinity.ts";
 * affinityOfTypeName("VARCHAR(10)") === Affinity.TEXT; // true
 * affinityOfTypeName("FLOATING POINT") === Affinity.INTEGER; // true ("INT" wins)
 * ```
 */
export function affinityOfTypeName(decl: string | null | undefined): Affinity {
  if (!decl) return Affinity.BLOB;
  const t = decl.toUpperCase();
  if (t.includes("INT")) return Affinity.INTEGER;
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return Affinity.TEXT;
  if (t.includes("BLOB")) return Affinity.BLOB;
  if (t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB")) return Affinity.REAL;
  return Affinity.NUMERIC;
}

/**
 * `applyNumericAffinity(m, bTryForInt)`: if TEXT `m` is entirely a well-formed
 * number (whitespace allowed around it, no hex), convert it to INTEGER or
 * REAL; with `tryForInt`, an integral REAL becomes INTEGER. Hot-ish.
 */
export function applyNumericAffinity(m: Mem, tryForInt: boolean): void {
  if (m.type !== MemType.TEXT) return;
  const s = m.s;
  const r = parseReal(s);
  if (r.flags === 0 || !r.pure) return;
  const rv = r.value;
  if ((r.flags & 2) === 0) {
    // alsoAnInt: integer-looking text that fits 64 bits stays exact
    const iv = realToInt64(rv);
    if (realSameAsInt(rv, iv)) {
      m.setSqlInt(iv);
      return;
    }
    const i = parseInt64(s);
    if (i.rc === Atoi.OK) {
      m.setSqlInt(i.value);
      return;
    }
  }
  m.setReal(rv);
  if (tryForInt) integerAffinity(m);
}

/**
 * Apply a column/expression affinity to `m` in place, as vdbe.c
 * `applyAffinity`: NUMERIC/INTEGER/REAL convert numeric-looking TEXT (and
 * integral REALs become INTEGER — REAL columns turn them back with
 * {@link realAffinity} when read); TEXT renders numbers as text; BLOB and
 * NONE change nothing. Hot.
 */
export function applyAffinity(m: Mem, aff: number): void {
  if (aff >= Affinity.NUMERIC) {
    if (m.type === MemType.TEXT) applyNumericAffinity(m, true);
    else if (m.type === MemType.REAL) integerAffinity(m);
  } else if (aff === Affinity.TEXT) {
    if (m.type === MemType.INT || m.type === MemType.REAL) m.setText(memToText(m) as string);
  }
}

/** OP_RealAffinity: an INTEGER read from a REAL column becomes REAL. Hot. */
export function realAffinity(m: Mem): void {
  if (m.type === MemType.INT) m.setReal(m.n);
}

/**
 * CAST(m AS <type with affinity aff>) in place (`sqlite3VdbeMemCast`).
 * Cold-ish.
 */
export function castToAffinity(m: Mem, aff: number): void {
  switch (aff) {
    case Affinity.TEXT:
      castMem(m, "TEXT");
      return;
    case Affinity.INTEGER:
      castMem(m, "INTEGER");
      return;
    case Affinity.REAL:
      castMem(m, "REAL");
      return;
    case Affinity.NUMERIC:
      castMem(m, "NUMERIC");
      return;
    default:
      castMem(m, "BLOB");
  }
}

/**
 * Affinity applied to the operands of a binary comparison (§4.2,
 * `sqlite3CompareAffinity`), given each operand's expression affinity
 * (NONE for expressions that are not columns/CASTs): when both sides have an
 * affinity, NUMERIC if either is numeric else BLOB (no conversion); when only
 * one side has an affinity, that one; else NONE. Cold (compile time).
 */
export function comparisonAffinity(left: number, right: number): Affinity {
  if (left > Affinity.NONE && right > Affinity.NONE) {
    return left >= Affinity.NUMERIC || right >= Affinity.NUMERIC ? Affinity.NUMERIC : Affinity.BLOB;
  }
  return (left <= Affinity.NONE ? right : left) as Affinity;
}

/**
 * Prepare two operands for comparison under the comparison affinity `aff`
 * (OP_Lt/OP_Eq…): NUMERIC (or INTEGER/REAL) converts TEXT operands that are
 * well-formed numbers; TEXT renders numeric operands as text when at least
 * one operand is TEXT. Mutates the Mems it is given (the VM passes scratch
 * copies). Hot.
 */
export function applyComparisonAffinity(a: Mem, b: Mem, aff: number): void {
  if (aff >= Affinity.NUMERIC) {
    if (a.type === MemType.TEXT) applyNumericAffinity(a, false);
    if (b.type === MemType.TEXT) applyNumericAffinity(b, false);
  } else if (aff === Affinity.TEXT) {
    if (a.type !== MemType.TEXT && b.type !== MemType.TEXT) return;
    if (a.type === MemType.INT || a.type === MemType.REAL) a.setText(memToText(a) as string);
    if (b.type === MemType.INT || b.type === MemType.REAL) b.setText(memToText(b) as string);
  }
}
