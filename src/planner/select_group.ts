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
import { type KeyInfo, Op, type ProgramBuilder } from "./program.ts";
import type { Scope, Source } from "./resolve.ts";

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
  const hashGroups = { aggRegs: p.accs.map((a) => a.reg), memRegs: p.memRegs.slice() };
  const open = b.emit(Op.SorterOpen, p.sorter, nG, 0, {
    kind: "cursor",
    value: {
      root: 0,
      kind: "index",
      nField: nG,
      name: "group-by",
      keyInfo: { ...p.keyInfo, hashGroups },
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
  if (ordered) {
    // an index scan delivers each group's rows together: no hashing, groups in arrival order
    b.ops[open].p4 = {
      kind: "cursor",
      value: {
        root: 0,
        kind: "index",
        nField: nG,
        name: "group-by",
        keyInfo: { ...p.keyInfo, hashGroups, presorted: true },
      },
    };
  }
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

/**
 * resetAccumulator's EXPLAIN QUERY PLAN lines: `USE TEMP B-TREE FOR f(DISTINCT)` and
 * `USE TEMP B-TREE FOR f(ORDER BY)` per aggregate call, in call order. Returns the plan
 * position of the first line emitted (so a DISTINCT the scan makes redundant can drop its line).
 * Cold.
 */
export function explainAggTemps(
  b: ProgramBuilder,
  parent: number,
  accs: readonly HashAcc[],
): number {
  const at = b.plan.length;
  for (const a of accs) {
    const name = a.call.name.name.toLowerCase();
    if (a.distinctCur >= 0) b.addPlan(parent, `USE TEMP B-TREE FOR ${name}(DISTINCT)`);
    if (a.sortCur >= 0) b.addPlan(parent, `USE TEMP B-TREE FOR ${name}(ORDER BY)`);
  }
  return at;
}

/**
 * SQLite drops the DISTINCT line of a lone `agg(DISTINCT col)` without GROUP BY when the scan
 * already delivers `col` distinct or in order (fixDistinctOpenEph, WHERE_DISTINCT_UNIQUE /
 * ORDERED): `col` is the rowid, or the scan of that one table (plan line `scanLine`) goes
 * through an index whose first key column is `col` under the argument's collation. Cold.
 */
export function distinctByScan(
  b: ProgramBuilder,
  tempLine: number,
  source: Source,
  column: number,
  collation: string | null,
): void {
  const line = b.plan[tempLine];
  if (line === undefined || !line.detail.endsWith("(DISTINCT)")) return;
  let redundant = column < 0 || column === source.rowidAlias;
  const scan = b.plan[tempLine + 1];
  const table = source.table;
  if (!redundant && scan !== undefined && table !== null) {
    const m = /^(?:SCAN|SEARCH) \S+ USING (?:COVERING )?INDEX (\S+)/.exec(scan.detail);
    const ix = m === null ? undefined : table.indexes.find((i) => i.name === m[1]);
    if (ix !== undefined && ix.columns.length > 0 && ix.columns[0].column === column) {
      const want = (collation ?? table.columns[column].collation).toUpperCase();
      redundant = ix.columns[0].collation.toUpperCase() === want;
    }
  }
  if (redundant) b.plan.splice(tempLine, 1);
}

/**
 * Structural equality of two expressions as sqlite3ExprCompare sees it for the cases the
 * aggregate code needs (identifiers compared case-insensitively, source positions ignored).
 * Cold.
 */
export function sameExpr(a: A.Expr, b: A.Expr): boolean {
  const norm = (e: A.Expr) =>
    JSON.stringify(e, (k, v) => {
      if (k === "span") return undefined;
      if (typeof v === "bigint") return `${v}n`;
      if (k === "name" && typeof v === "string") return v.toLowerCase();
      return v;
    });
  return norm(a) === norm(b);
}

/**
 * SQLite's minMaxQuery: with no GROUP BY or HAVING and one aggregate (identical calls count
 * once), a one-argument min()/max() without FILTER makes the WHERE loops
 * WHERE_ORDERBY_MIN/MAX, which EXPLAIN QUERY PLAN shows as SEARCH even for a full scan. Cold.
 */
export function isMinMaxQuery(accs: readonly HashAcc[]): boolean {
  if (accs.length === 0) return false;
  const f = accs[0].call;
  const name = f.name.name.toLowerCase();
  if ((name !== "min" && name !== "max") || f.star || f.args.length !== 1) return false;
  if (f.filter !== null || f.over !== null) return false;
  return accs.every((a) => sameExpr(a.call, f));
}

/** Relabel this query's SCAN lines from plan position `from` on as SEARCH (see above). Cold. */
export function searchLabels(b: ProgramBuilder, parent: number, from: number): void {
  for (let i = from; i < b.plan.length; i++) {
    const line = b.plan[i];
    if (line.parent === parent && line.detail.startsWith("SCAN ")) {
      b.plan[i] = { ...line, detail: `SEARCH ${line.detail.slice(5)}` };
    }
  }
}
