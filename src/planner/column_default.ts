/**
 * The value a record too short for a column reads as: SQLite's `sqlite3ColumnDefault` (update.c),
 * which puts the column's DEFAULT, evaluated by `sqlite3ValueFromExpr` (vdbemem.c), in P4 of
 * OP_Column. Rows written before `ALTER TABLE … ADD COLUMN` keep their old field count, and the
 * added column reads as its DEFAULT.
 *
 * Owns: turning a constant DEFAULT expression (literals, signed numbers, TRUE/FALSE, COLLATE
 * wrappers — what valueFromExpr folds) into a P4 operand. The column affinity is applied by the VM
 * (OP_Column's P5), as `sqlite3ValueApplyAffinity` does at compile time in SQLite.
 * @module
 */

import type { Expr } from "../sql/ast.ts";
import type { P4 } from "./program.ts";
import type { Column } from "./schema.ts";

/** P4 for OP_Column reading `col`: its constant DEFAULT, or null (a short row reads NULL). */
export function columnDefaultP4(col: Column): P4 {
  const e = col.defaultExpr as Expr | null;
  if (e === null) return null;
  return constantOf(e, false);
}

function constantOf(e: Expr, negate: boolean): P4 {
  switch (e.kind) {
    case "integer": {
      const t = e.text.replace(/_/g, "");
      let v: bigint;
      if (t.length > 2 && (t[1] === "x" || t[1] === "X")) {
        if (t.length - 2 > 16) return null;
        v = BigInt.asIntN(64, BigInt(t));
        if (negate) v = BigInt.asIntN(64, -v);
      } else {
        v = BigInt(t);
        if (negate) v = -v;
        if (v > 9223372036854775807n || v < -9223372036854775808n) {
          return { kind: "real", value: Number(negate ? "-" + t : t) };
        }
      }
      return { kind: "int64", value: v };
    }
    case "real": {
      let t = e.text.replace(/_/g, "");
      if (t.startsWith(".")) t = "0" + t;
      t = t.replace(/\.(e|E|$)/, ".0$1");
      const r = Number(t);
      return { kind: "real", value: negate ? -r : r };
    }
    case "string":
      return negate ? null : { kind: "text", value: e.value };
    case "blob": {
      if (negate) return null;
      const out = new Uint8Array(e.hex.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = parseInt(e.hex.substr(i * 2, 2), 16);
      return { kind: "blob", value: out };
    }
    case "bool":
      return negate ? null : { kind: "int64", value: e.value ? 1n : 0n };
    case "collate":
      return constantOf(e.operand, negate);
    case "unary":
      if (e.op === "+") return constantOf(e.operand, negate);
      if (e.op === "-") {
        if (e.operand.kind === "integer" || e.operand.kind === "real") {
          return constantOf(e.operand, !negate);
        }
        if (e.operand.kind === "unary" && (e.operand.op === "-" || e.operand.op === "+")) {
          return constantOf(e.operand, !negate);
        }
      }
      return null;
    default:
      return null;
  }
}
