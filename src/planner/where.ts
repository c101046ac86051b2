/**
 * The access planner for one loop level — a small cousin of SQLite's where.c: given the WHERE
 * terms that can be tested at this level, choose how to visit the source's rows:
 *   - `rowid = expr` / `ipk = expr` → OP_SeekRowid (one row),
 *   - `col = expr` on the leading columns of an index → OP_SeekGE + OP_IdxGT on the index,
 *     then OP_DeferredSeek into the table (or a covering read when the index holds every
 *     column the query reads),
 *   - otherwise a full scan (OP_Rewind … OP_Next).
 * The right-hand sides must only reference outer loop levels. Terms used by the access path
 * are still re-tested (cheap, and keeps affinity/collation corner cases exact).
 *
 * Owns: `planAccess` and the `AccessPlan` it returns (loop begin/next code emitters, the EXPLAIN
 * QUERY PLAN line).
 * Never: reorders joins or changes results: a plan only narrows which rows are visited. Cold.
 * @module
 */

import type * as A from "../sql/ast.ts";
import { binaryCollation, type Compiler, exprAffinity } from "./expr.ts";
import { Affinity, Op } from "./program.ts";
import type { Scope, Source } from "./resolve.ts";
import type { Index } from "./schema.ts";

/** How one loop level visits its rows. */
export interface AccessPlan {
  /** Emit the loop start; jumps to `empty` when there is no (first) row. */
  begin(empty: number): void;
  /** Emit the loop continuation (jump back to the body start when there is another row). */
  next(): void;
  /** WHERE terms still to test inside the loop. */
  readonly remaining: A.Expr[];
  /** EXPLAIN QUERY PLAN detail. */
  readonly detail: string;
}

/** Does `e` reference only sources of levels < `level` (or none)? */
function onlyOuter(
  c: Compiler,
  scope: Scope,
  e: A.Expr,
  levelOf: Map<unknown, number>,
  level: number,
): boolean {
  let ok = true;
  visit(e, (x) => {
    if (x.kind === "column") {
      try {
        const r = c.resolveColumn(scope, x);
        if (typeof r !== "string" && r.depth === 0) {
          const l = levelOf.get(r.source);
          if (l === undefined || l >= level) ok = false;
        }
      } catch {
        ok = false;
      }
    } else if (
      x.kind === "subquery" || x.kind === "exists" || x.kind === "in" || x.kind === "call"
    ) {
      if (x.kind !== "call") ok = false;
      else {
        const n = x.name.name.toLowerCase();
        if (n === "random" || n === "randomblob") ok = false;
      }
    }
  });
  return ok;
}

function visit(e: A.Expr, f: (x: A.Expr) => void): void {
  f(e);
  switch (e.kind) {
    case "unary":
    case "cast":
    case "collate":
    case "isNull":
      visit(e.operand, f);
      return;
    case "binary":
      visit(e.left, f);
      visit(e.right, f);
      return;
    case "call":
      for (const a of e.args) visit(a, f);
      return;
    case "case":
      if (e.operand) visit(e.operand, f);
      for (const w of e.whens) {
        visit(w.when, f);
        visit(w.then, f);
      }
      if (e.else) visit(e.else, f);
      return;
    case "between":
      visit(e.operand, f);
      visit(e.low, f);
      visit(e.high, f);
      return;
    case "like":
      visit(e.left, f);
      visit(e.right, f);
      return;
    default:
      return;
  }
}

/** If `e` is a bare column of `src`, its column index (-1 rowid); else undefined. */
function columnOf(c: Compiler, scope: Scope, e: A.Expr, src: Source): number | undefined {
  if (e.kind !== "column") return undefined;
  try {
    const r = c.resolveColumn(scope, e);
    if (typeof r === "string" || r.depth !== 0 || r.source !== src) return undefined;
    return r.column;
  } catch {
    return undefined;
  }
}

interface EqTerm {
  term: A.Expr;
  col: number;
  rhs: A.Expr;
  colExpr: A.Expr;
}

/** Plan the access for `src` at loop `level`. */
export function planAccess(
  c: Compiler,
  scope: Scope,
  src: Source,
  _unused: A.Expr[],
  terms: A.Expr[],
  levelOf: Map<unknown, number>,
  level: number,
): AccessPlan {
  const b = c.b;
  const cur = src.cursor;
  if (src.kind === "btree" && src.table !== null) {
    // collect col = expr terms usable for lookups
    const eqs: EqTerm[] = [];
    for (const t of terms) {
      if (t.kind !== "binary" || (t.op !== "=" && t.op !== "IS")) continue;
      for (const [l, r] of [[t.left, t.right], [t.right, t.left]] as [A.Expr, A.Expr][]) {
        const col = columnOf(c, scope, l, src);
        if (col === undefined) continue;
        if (!onlyOuter(c, scope, r, levelOf, level)) continue;
        if (t.op === "IS" && col !== -1 && col !== src.rowidAlias) continue;
        eqs.push({ term: t, col, rhs: r, colExpr: l });
        break;
      }
    }
    const rowidEq = eqs.find((e) => e.col === -1 || e.col === src.rowidAlias);
    if (rowidEq !== undefined) {
      const reg = b.allocReg();
      return {
        remaining: terms.filter((t) => t !== rowidEq.term),
        detail: `SEARCH ${src.name} USING INTEGER PRIMARY KEY (rowid=?)`,
        begin(empty) {
          c.exprTo(scope, rowidEq.rhs, reg);
          b.emitJump(Op.SeekRowid, cur, empty, reg);
        },
        next() {
          // a single row: nothing to continue
        },
      };
    }
    // index equality on a prefix of an index
    let best: { ix: Index; n: number; used: EqTerm[] } | null = null;
    for (const ix of src.table.indexes) {
      if (ix.where !== null) continue;
      const used: EqTerm[] = [];
      for (const ic of ix.columns) {
        if (ic.column < 0) break;
        const eq = eqs.find((e) => {
          if (e.col !== ic.column || e.term.kind !== "binary" || e.term.op !== "=") return false;
          // the comparison's collation must be the index column's
          const coll = binaryCollation(c, scope, e.colExpr, e.rhs) ?? "BINARY";
          if (coll.toUpperCase() !== ic.collation.toUpperCase()) return false;
          // the comparison must use the column's affinity (or none that changes values)
          const colAff = src.columns[e.col].affinity;
          const rAff = exprAffinity(c, scope, e.rhs);
          if (colAff === Affinity.BLOB || colAff === Affinity.NONE) {
            if (rAff !== Affinity.NONE && rAff !== Affinity.BLOB) return false;
          }
          if (colAff === Affinity.TEXT && rAff >= Affinity.NUMERIC) return false;
          return true;
        });
        if (eq === undefined) break;
        used.push(eq);
      }
      if (used.length > 0 && (best === null || used.length > best.n)) {
        best = { ix, n: used.length, used };
      }
    }
    if (best !== null) {
      const { ix, n, used } = best;
      const icur = b.allocCursor();
      const key = b.allocRegs(n);
      const nField = ix.columns.length + 1;
      const affStr = used.map((u) => String.fromCharCode(src.columns[u.col].affinity)).join("");
      let top = 0;
      const cols = used.map((u) => src.columns[u.col].name).map((nm) => `${nm}=?`).join(" AND ");
      return {
        remaining: terms,
        detail: `SEARCH ${src.name} USING INDEX ${ix.name} (${cols})`,
        begin(empty) {
          b.emit(Op.OpenRead, icur, ix.rootPage, 0, {
            kind: "cursor",
            value: {
              root: ix.rootPage,
              kind: "index",
              nField,
              name: ix.name,
              keyInfo: {
                nKey: nField,
                collations: [
                  ...ix.columns.map((ic) =>
                    ic.collation.toUpperCase() === "BINARY" ? null : ic.collation
                  ),
                  null,
                ],
                desc: [...ix.columns.map((ic) => ic.desc), false],
              },
            },
          });
          used.forEach((u, i) => c.exprTo(scope, u.rhs, key + i));
          // a NULL key never matches '='
          for (let i = 0; i < n; i++) b.emitJump(Op.IsNull, key + i, empty);
          b.emit(Op.Affinity, key, n, 0, { kind: "affinity", value: affStr });
          b.emitJump(Op.SeekGE, icur, empty, key, null, n);
          top = b.here;
          b.emitJump(Op.IdxGT, icur, empty, key, null, n);
          b.emit(Op.DeferredSeek, icur, 0, cur);
        },
        next() {
          b.emit(Op.Next, icur, top);
        },
      };
    }
  }
  let top = 0;
  return {
    remaining: terms,
    detail: `SCAN ${src.name}`,
    begin(empty) {
      b.emitJump(Op.Rewind, cur, empty);
      top = b.here;
    },
    next() {
      b.emit(Op.Next, cur, top);
    },
  };
}
