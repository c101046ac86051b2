/**
 * GROUP BY by hash aggregation — the code generator's side of src/vdbe/group_table.ts.
 *
 * SQLite (select.c sqlite3Select, "GROUP BY with a sorter") sorts all input rows by the group key
 * and then steps each group's aggregates in one pass over the sorted rows. When the outcome
 * cannot differ, this emits instead: for every input row, evaluate the key, OP_GroupFind (which
 * swaps that group's accumulators and registers in, or starts a new group), then step the
 * aggregates at once; after the scan OP_GroupSort / OP_GroupNext walk the groups in key order
 * (or in arrival order when an index scan already delivers them grouped, as SQLite's sorter-less
 * plan does) and call the same output subroutine the sorter plan uses. No row is stored.
 *
 * Owns: `hashGroupable` (when the hash plan is indistinguishable from the sorter plan) and
 * `emitHashGroupBy`. Must never: be chosen for aggregates whose step can fail or depends on
 * cross-group state (DISTINCT, ORDER BY in the call, user functions), or for collations that
 * have no hash form — those keep the sorter plan.
 * @module
 */

import type * as A from "../sql/ast.ts";
import type { Compiler } from "./expr.ts";
import { type KeyInfo, Op } from "./program.ts";
import type { Scope } from "./resolve.ts";

/** Built-in aggregates whose step never fails and keeps only its own group's state. */
const HASHABLE_AGGS = new Set([
  "count",
  "sum",
  "total",
  "avg",
  "min",
  "max",
  "group_concat",
  "string_agg",
]);

/** The part of an accumulator (select.ts's aggregate()) the hash plan needs. */
export interface HashAcc {
  readonly call: A.FunctionCall;
  readonly reg: number;
  readonly nArg: number;
  /** Arguments, then the call's ORDER BY expressions. */
  readonly exprs: A.Expr[];
  readonly sortCur: number;
  readonly distinctCur: number;
}

/** Collations the VM's GroupTable can hash (group_table.ts hashKey). */
function hashableCollation(name: string | null): boolean {
  const n = (name ?? "BINARY").toUpperCase();
  return n === "BINARY" || n === "NOCASE" || n === "RTRIM";
}

/** Can this GROUP BY aggregate in a hash table with exactly the sorter plan's results? Cold. */
export function hashGroupable(
  accs: readonly HashAcc[],
  collations: readonly (string | null)[],
): boolean {
  for (const a of accs) {
    if (a.sortCur >= 0 || a.distinctCur >= 0) return false;
    if (!HASHABLE_AGGS.has(a.call.name.name.toLowerCase())) return false;
  }
  return collations.every(hashableCollation);
}

/** What select.ts's aggregate() hands over: its accumulators and code-emitting helpers. */
export interface HashGroupPlan {
  readonly groupBy: readonly A.Expr[];
  readonly keyInfo: KeyInfo;
  /** Cursor slot for the group table. */
  readonly sorter: number;
  readonly accs: readonly HashAcc[];
  /** Registers holding one group's state besides the accumulators (bare columns, flags…). */
  readonly memRegs: readonly number[];
  /** Emit the code that initialises a new group's accumulators and registers. */
  readonly resetAccs: () => void;
  /** Emit the aggregate steps for one row (argument register by accumulator and index). */
  readonly stepAll: (
    argReg: (a: HashAcc, i: number) => number,
    bareReg: (ref: A.ColumnRef) => number | null,
    filterReg: (a: HashAcc) => number | null,
  ) => void;
  /** Emit the scan calling `row` per input row; true when it delivers rows in GROUP BY order. */
  readonly scan: (row: () => void) => boolean;
  /** Emit the finalise-and-output code of one group (jumping to `skip` to drop it). */
  readonly output: (skip: number) => void;
}

/** Emit a hash-aggregated GROUP BY (see the module comment). Cold (compile time). */
export function emitHashGroupBy(c: Compiler, scope: Scope, p: HashGroupPlan): void {
  const b = c.b;
  const nG = p.groupBy.length;
  b.emit(Op.SorterOpen, p.sorter, nG, 0, {
    kind: "cursor",
    value: {
      root: 0,
      kind: "index",
      nField: nG,
      name: "group-by",
      keyInfo: {
        ...p.keyInfo,
        hashGroups: { aggRegs: p.accs.map((a) => a.reg), memRegs: p.memRegs.slice() },
      },
    },
  });
  const keys = b.allocRegs(nG);
  const argBase = p.accs.map((a) => a.exprs.length > 0 ? b.allocRegs(a.exprs.length) : -1);
  const ordered = p.scan(() => {
    p.groupBy.forEach((g, i) => c.exprTo(scope, g, keys + i));
    const known = b.newLabel();
    b.emitJump(Op.GroupFind, p.sorter, known, keys);
    p.resetAccs();
    b.resolve(known);
    p.accs.forEach((a, k) => {
      for (let i = 0; i < a.exprs.length; i++) c.exprTo(scope, a.exprs[i], argBase[k] + i);
    });
    const filterRegs = new Map<HashAcc, number>();
    for (const a of p.accs) {
      if (a.call.filter !== null) filterRegs.set(a, c.expr(scope, a.call.filter));
    }
    // bare columns are read from the scan's current row only when the group takes them
    p.stepAll(
      (a, i) => argBase[p.accs.indexOf(a)] + i,
      () => null,
      (a) => filterRegs.get(a) ?? null,
    );
  });
  // groups in key order; in arrival order when an index scan already grouped them
  const outRet = b.allocReg();
  const end = b.newLabel();
  const outSub = b.newLabel();
  const afterOut = b.newLabel();
  b.emitJump(Op.GroupSort, p.sorter, end, ordered ? 1 : 0);
  const top = b.here;
  b.emitJump(Op.Gosub, outRet, outSub);
  b.emitJump(Op.GroupNext, p.sorter, top);
  b.emitJump(Op.Goto, 0, end);
  b.resolve(outSub);
  p.output(afterOut);
  b.resolve(afterOut);
  b.emit(Op.Return, outRet);
  b.resolve(end);
}
