/**
 * The value a record too short for a column reads as: SQLite's `sqlite3ColumnDefault` (update.c),
 * which puts the column's DEFAULT, evaluated by `sqlite3ValueFromExpr` (vdbemem.c), in P4 of
 * OP_Column. Rows written before `ALTER TABLE … ADD COLUMN` keep their old field count, and the
 * added column reads as its DEFAULT.
 *
 * Owns: turning a constant DEFAULT expression (literals, signed numbers, TRUE/FALSE, COLLATE
 * wrappers, a minus over any of them — what valueFromExpr folds, CAST aside) into a P4 operand. The column affinity is applied by the VM
 * (OP_Column's P5), as `sqlite3ValueApplyAffinity` does at compile time in SQLite.
 * @module
 */

import type { Expr } from "../sql/ast.ts";
import { Affinity, type P4 } from "./program.ts";
import type { Column } from "./schema.ts";

/** OP_Column's P4 (the DEFAULT) and P5 (the affinity applied to it) for a column, or null. */
export interface ColumnDefault {
  readonly p4: P4;
  /** The affinity in the low byte, plus the numerify/negate bits of a `-` over a non-literal. */
  readonly aff: number;
}

/**
 * The value a short record's missing field reads as, for `col`: its constant DEFAULT as
 * sqlite3ValueFromExpr builds it — an integer token that fits 64 bits is that INTEGER; another
 * number token stays its text (with its sign) under the column affinity, except that without
 * affinity a REAL token is its REAL and a too-big integer NUMERIC text — or null when there is
 * none or it is not such a constant (CAST and other expressions: the field reads NULL).
 */
export function columnDefault(col: Column): ColumnDefault | null {
  const e = col.defaultExpr as Expr | null;
  if (e === null) return null;
  return constantOf(e, false, col.affinity);
}

/** P5 bits of OP_Column's DEFAULT (see the VM's setColumnDefault). */
const NUMERIFY = 0x100;
const NEGATE = 0x200;

function withAff(p4: P4, aff: number): ColumnDefault {
  return { p4, aff };
}

/** A REAL token's value (`.5`, `1.`, `1e2`, with its sign). */
function realOf(text: string): number {
  return Number(text.replace(/^(-?)\./, "$10.").replace(/\.(e|E|$)/, ".0$1"));
}

/** sqlite3DecOrHexToI64 on a number token: its 64-bit value, or null (too big: kept as text). */
function int64Of(t: string): bigint | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) {
    const h = t.slice(2).replace(/^0+/, "");
    return h.length > 16 ? null : BigInt.asIntN(64, BigInt("0x" + (h === "" ? "0" : h)));
  }
  if (!/^[0-9]+$/.test(t)) return null;
  const v = BigInt(t);
  return v > 9223372036854775807n ? null : v;
}

function constantOf(e: Expr, negate: boolean, aff: number): ColumnDefault | null {
  switch (e.kind) {
    case "integer":
    case "real": {
      const t = e.text.replace(/_/g, "");
      const v = e.kind === "integer" ? int64Of(t) : null;
      if (v !== null) {
        return withAff({ kind: "int64", value: negate ? BigInt.asIntN(64, -v) : v }, aff);
      }
      const text = (negate ? "-" : "") + t;
      if (aff === Affinity.BLOB) {
        // no affinity: a REAL token reads as its double, a too-big integer as NUMERIC text
        if (e.kind === "real") return withAff({ kind: "real", value: realOf(text) }, 0);
        return withAff({ kind: "text", value: text }, Affinity.NUMERIC);
      }
      // the token's text under the column's affinity (TEXT keeps `1.50` as written)
      return withAff({ kind: "text", value: text }, aff);
    }
    case "string":
      return negate ? null : withAff({ kind: "text", value: e.value }, aff);
    case "blob": {
      if (negate) return null;
      const out = new Uint8Array(e.hex.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = parseInt(e.hex.substr(i * 2, 2), 16);
      return withAff({ kind: "blob", value: out }, aff);
    }
    case "bool":
      return negate ? null : withAff({ kind: "int64", value: e.value ? 1n : 0n }, aff);
    case "collate":
      return constantOf(e.operand, negate, aff);
    case "unary":
      if (e.op === "+") return constantOf(e.operand, negate, aff);
      if (e.op === "-" && (e.operand.kind === "integer" || e.operand.kind === "real")) {
        return constantOf(e.operand, !negate, aff);
      }
      if (e.op === "-") {
        // valueFromExpr's TK_UMINUS branch: the operand's value, numerified, negated, affinity
        // again (P5 bits: 0x100 numerify, 0x200 negate — two negations cancel)
        const inner = constantOf(e.operand, false, aff);
        if (inner === null) return null;
        return withAff(inner.p4, (inner.aff ^ NEGATE) | NUMERIFY);
      }
      return null;
    default:
      return null;
  }
}
