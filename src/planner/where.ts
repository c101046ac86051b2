/**
 * The access planner for one loop level — a small cousin of SQLite's where.c (whereLoopAddBtree
 * and its cost model without sqlite_stat1): given the WHERE/ON terms that can be tested at this
 * level, choose how to visit the source's rows:
 *   - `rowid = expr` → OP_SeekRowid (one row); `rowid <,<=,>,>= expr` → a rowid range,
 *   - `col = expr` on a prefix of an index, optionally followed by a range on the next column
 *     → OP_SeekGE/GT + OP_IdxGT/GE on the index, then the table row by OP_DeferredSeek, or read
 *     from the index alone when it covers every column the statement uses,
 *   - otherwise a full scan: of the table, or of the narrowest covering index.
 * Choices follow SQLite's default row estimates (sqlite3DefaultRowEst: an index equality on
 * 1,2,3.. columns leaves 10,9,8.. rows; a unique index fully matched leaves 1; each range bound
 * divides by 4) and its tie-break order (rowid first, then indexes as listed in the schema).
 * The right-hand sides may only reference outer loop levels. Every term stays in the loop's
 * filter, so a plan only narrows which rows are visited and in which order, never the result.
 *
 * Owns: `planAccess`, `AccessPlan`, `neededColumns`.
 * Never: changes results, emits code outside begin()/next(). Cold.
 * @module
 */

import type * as A from "../sql/ast.ts";
import { walk } from "./expr_walk.ts";
import {
  binaryCollation,
  compareAffinityOf,
  Compiler,
  explicitCollation,
  exprAffinity,
  exprCollation,
  inCollation,
} from "./expr.ts";
import { Affinity, Op, ProgramBuilder } from "./program.ts";
import { checkCollation } from "./collation.ts";
import { fold, Scope, type Source } from "./resolve.ts";
import type { Index } from "./schema.ts";
import {
  entriesUnique,
  indexCoverMap,
  indexCovers,
  indexExtraPk,
  indexKeyInfo,
  isPkIndex,
  plannerIndex,
  tableLayout,
} from "./without_rowid.ts";
import { vtabPlan } from "./vtab_plan.ts";

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
  /** Estimated rows visited (LogEst, SQLite's log2 x 10 units). */
  readonly rows: number;
  /** Estimated cost of one run of the loop (LogEst), as SQLite's WhereLoop.rRun. */
  cost?: number;
  /** Rows come out in the requested ORDER BY order (no sorter needed). */
  ordered?: boolean;
  /** At most one row (WHERE_ONEROW): any ORDER BY over this table is satisfied. */
  oneRow?: boolean;
  /** Leading ORDER BY terms the scan already delivers when not all of them (a partial sort). */
  partialOrder?: number;
  /** Terms the access path enforces exactly (IN terms driving the lookup): not re-tested. */
  consumed?: readonly A.Expr[];
  /** One-time setup cost (LogEst), e.g. building an automatic index. */
  setup?: number;
  /** A full scan (candidate for an automatic index at inner levels). */
  isScan?: boolean;
  /** Extra EXPLAIN QUERY PLAN lines emitted before this loop's line. */
  preLines?: string[];
  /** Terms the access path uses to position its cursor (for output-row estimates). */
  used?: readonly A.Expr[];
  /** The table's size (LogEst) the estimates were made against. */
  tableRows?: number;
}

/**
 * Estimated output rows of a loop after its other terms filter it (whereLoopOutputAdjust:
 * −1 per term, and at most table rows − 20 (−10 against −1/0/1) when an equality is unused).
 */
export function adjustedRows(plan: AccessPlan, terms: readonly A.Expr[]): number {
  const used = new Set(plan.used ?? []);
  let rows = plan.rows;
  let reduce = 0;
  for (const t of terms) {
    if (used.has(t) || transitive.has(t)) continue;
    rows--;
    if (t.kind === "binary" && (t.op === "=" || t.op === "IS")) {
      const r = t.right;
      const small = (r.kind === "integer" && Math.abs(Number(r.text)) <= 1) ||
        (r.kind === "unary" && r.op === "-" && r.operand.kind === "integer" &&
          Number(r.operand.text) <= 1);
      reduce = Math.max(reduce, small ? 10 : 20);
    }
  }
  const nRow = plan.tableRows ?? 200;
  if (reduce > 0 && rows > nRow - reduce) rows = nRow - reduce;
  return rows;
}

/**
 * sqlite3ExprImpliesNonNullRow: can `where` be true only when some column of `src` is not NULL
 * (so a LEFT JOIN onto `src` may run as an inner join)? False negatives are fine, false
 * positives are not: IS/IS NOT/IS NULL/CASE/function calls/row values and subqueries prove nothing;
 * both sides of AND/OR must prove it; the left of IN (a list) or of BETWEEN (or both bounds);
 * anything else (comparisons, arithmetic, NOT, CAST) when any operand does. Cold.
 */
export function impliesNonNullRow(c: Compiler, scope: Scope, where: A.Expr, src: Source): boolean {
  let e = where;
  while (e.kind === "collate") e = e.operand;
  if (e.kind === "isNull" && e.not) e = e.operand;
  else {
    while (e.kind === "binary" && e.op === "AND") {
      if (impliesNonNullRow(c, scope, e.left, src)) return true;
      e = e.right;
    }
  }
  const walk = (x: A.Expr): boolean => {
    switch (x.kind) {
      case "column":
        try {
          const r = c.resolveColumn(scope, x);
          return typeof r !== "string" && r.depth === 0 && r.source === src &&
            r.coalesce === undefined;
        } catch {
          return false;
        }
      case "binary":
        if (x.op === "IS" || x.op === "IS NOT" || x.op === "->" || x.op === "->>") return false;
        if (x.op === "AND" || x.op === "OR") return walk(x.left) && walk(x.right);
        return walk(x.left) || walk(x.right);
      case "unary":
      case "cast":
      case "collate":
        return walk(x.operand);
      case "in":
        return x.source.kind === "list" && x.source.items.length > 0 && walk(x.operand);
      case "between":
        return walk(x.operand) || (walk(x.low) && walk(x.high));
      default:
        return false;
    }
  };
  return walk(e);
}

/** Terms derived by `transitiveTerms` (virtual: they never lower an output estimate). */
const transitive = new WeakSet<A.Expr>();

/**
 * whereScanNext's equivalence classes (WO_EQUIV, termIsEquivalence): `a.x = b.y AND b.y = 5` also
 * means `a.x = 5`, so an index on a.x can be searched with 5, whichever loop comes first. Returns
 * the derived `col = constant` terms for inner-joined terms. Only exact cases: two plain columns
 * of the same affinity and no collation but BINARY anywhere, and a literal or parameter
 * constant, so the derived term holds on every row the two terms pass (it is tested again like
 * any other term unless a seek enforces it). Cold.
 */
export function transitiveTerms(c: Compiler, scope: Scope, terms: readonly A.Expr[]): A.Expr[] {
  const plain = (e: A.Expr): { src: Source; col: number } | null => {
    if (e.kind !== "column") return null;
    try {
      const r = c.resolveColumn(scope, e);
      if (typeof r === "string" || r.depth !== 0 || r.coalesce !== undefined) return null;
      if (r.column >= 0 && (r.source.columns[r.column].collation ?? "BINARY") !== "BINARY") {
        return null;
      }
      return { src: r.source, col: r.column === r.source.rowidAlias ? -1 : r.column };
    } catch {
      return null;
    }
  };
  const literal = (e: A.Expr): boolean =>
    e.kind === "integer" || e.kind === "real" || e.kind === "string" || e.kind === "param" ||
    (e.kind === "unary" && e.op === "-" &&
      (e.operand.kind === "integer" || e.operand.kind === "real"));
  // column = constant terms, by column
  const consts: { src: Source; col: number; value: A.Expr }[] = [];
  for (const t of terms) {
    if (t.kind !== "binary" || t.op !== "=") continue;
    for (const [l, r] of [[t.left, t.right], [t.right, t.left]]) {
      const p = plain(l);
      if (p !== null && literal(r)) consts.push({ ...p, value: r });
    }
  }
  if (consts.length === 0) return [];
  const out: A.Expr[] = [];
  for (const t of terms) {
    if (t.kind !== "binary" || t.op !== "=") continue;
    const l = plain(t.left);
    const r = plain(t.right);
    if (l === null || r === null || l.src === r.src) continue;
    if (exprAffinity(c, scope, t.left) !== exprAffinity(c, scope, t.right)) continue;
    for (const [from, toExpr] of [[r, t.left], [l, t.right]] as const) {
      for (const k of consts) {
        if (k.src !== from.src || k.col !== from.col) continue;
        const d: A.Expr = { kind: "binary", op: "=", left: toExpr, right: k.value, span: t.span };
        transitive.add(d);
        out.push(d);
      }
    }
  }
  return out;
}

/** One ORDER BY term on a plain column of the source (-1 = rowid). */
export interface OrderTerm {
  readonly col: number;
  readonly desc: boolean;
  readonly coll: string | null;
  /** GROUP BY: only a forward scan of an ascending index gives SQLite's group order. */
  readonly ascOnly?: boolean;
  /**
   * GROUP BY / DISTINCT: any order of these columns will do, and an index led by some of them is
   * still preferred (rows come grouped by that prefix).
   */
  readonly anyOrder?: boolean;
  /** ORDER BY with a LIMIT: do not pick an index for a partial order. */
  readonly noPartial?: boolean;
}

/**
 * The collating sequences SQLite looks up while it analyses a WHERE clause, before any code is
 * generated (so an unknown name fails even where no comparison is coded later):
 * - exprAnalyze commutes `x op col` (any comparison whose right side, through COLLATE, is a
 *   column) and compares the collations of both operand orders;
 * - propagateConstants (a WHERE whose top is AND) checks that each `col = constant` term, the
 *   constant without affinity, compares as BINARY (constInsert).
 * `on` are the ON terms of the FROM clause (in the WHERE for constant propagation unless of an
 * outer join, or of any join when a RIGHT JOIN is present). Cold.
 */
export function analyzeCollations(
  c: Compiler,
  scope: Scope,
  where: A.Expr | null,
  on: readonly { term: A.Expr; outer: boolean }[],
  rightJoin: boolean,
): void {
  const terms = [...on.map((o) => o.term), ...(where === null ? [] : splitTerms(where))];
  for (const t of terms) {
    if (t.kind !== "binary") continue;
    const op = t.op;
    if (op !== "=" && op !== "<" && op !== "<=" && op !== ">" && op !== ">=" && op !== "IS") {
      continue;
    }
    let r = t.right;
    while (r.kind === "collate") r = r.operand;
    if (r.kind !== "column") continue;
    for (
      const coll of [
        binaryCollation(c, scope, t.left, t.right),
        binaryCollation(c, scope, t.right, t.left),
      ]
    ) {
      if (coll !== null) checkCollation(coll);
    }
  }
  const inWhere = on.filter((o) => !o.outer && !rightJoin).map((o) => o.term);
  const all = [...inWhere, ...(where === null ? [] : [where])];
  const top = all.length > 1 || (where !== null && where.kind === "binary" && where.op === "AND");
  if (!top) return;
  for (const t of all.flatMap(splitTerms)) {
    if (t.kind !== "binary" || t.op !== "=") continue;
    for (const [col, val] of [[t.right, t.left], [t.left, t.right]]) {
      if (col.kind !== "column" || !constantValue(val)) continue;
      if (exprAffinity(c, scope, val) !== Affinity.NONE) continue;
      const coll = binaryCollation(c, scope, t.left, t.right);
      if (coll !== null) checkCollation(coll);
    }
  }
}

/** sqlite3ExprIsConstant, near enough for constInsert: no column, subquery or volatile call. */
function constantValue(e: A.Expr): boolean {
  let ok = true;
  walk(e, (x) => {
    if (
      x.kind === "column" || x.kind === "subquery" || x.kind === "exists" ||
      x.kind === "in" && x.source.kind !== "list" || x.kind === "raise"
    ) ok = false;
    else if (x.kind === "call") {
      const n = x.name.name.toLowerCase();
      if (n === "random" || n === "randomblob" || n === "changes") ok = false;
    }
    return ok;
  });
  return ok;
}

/** Does `e` reference only sources of levels < `level` (or none), and nothing volatile? */
export function onlyOuter(
  c: Compiler,
  scope: Scope,
  e: A.Expr,
  levelOf: Map<unknown, number>,
  level: number,
  subqueries = false,
): boolean {
  let ok = true;
  visit(e, (x) => {
    if (x.kind === "column") {
      try {
        const r = c.resolveColumn(scope, x);
        if (typeof r !== "string" && r.depth === 0) {
          for (const s of [r.source, ...(r.coalesce ?? []).map((a) => a.source)]) {
            const l = levelOf.get(s);
            if (l === undefined || l >= level) ok = false;
          }
        }
      } catch {
        ok = false;
      }
    } else if (x.kind === "subquery") {
      // an uncorrelated scalar subquery is a constant: `b > (SELECT …)` seeks as in SQLite (a
      // range bound stays in the loop's filter too: the subquery is compiled, and run, twice)
      if (!subqueries || !uncorrelated(c, x.select)) ok = false;
    } else if (x.kind === "exists" || (x.kind === "in" && x.source.kind !== "list")) {
      ok = false;
    } else if (x.kind === "call") {
      const n = x.name.name.toLowerCase();
      if (n === "random" || n === "randomblob" || n === "changes") ok = false;
    }
  });
  return ok;
}

/** Visit every node of `e` (not descending into subqueries). */
function visit(e: A.Expr, f: (x: A.Expr) => void): void {
  walk(e, (x) => {
    f(x);
    return true;
  });
}

/**
 * If `e` is a bare column of `src` (through any COLLATE: exprAnalyze's sqlite3ExprSkipCollate),
 * its column index (-1 rowid); else undefined.
 */
function columnOf(c: Compiler, scope: Scope, e: A.Expr, src: Source): number | undefined {
  while (e.kind === "collate") e = e.operand;
  if (e.kind !== "column") return undefined;
  try {
    const r = c.resolveColumn(scope, e);
    if (typeof r === "string" || r.depth !== 0 || r.source !== src) return undefined;
    if (r.coalesce !== undefined) return undefined;
    return r.column === src.rowidAlias && src.rowidAlias >= 0 ? -1 : r.column;
  } catch {
    return undefined;
  }
}

type CmpOp = "=" | "<" | "<=" | ">" | ">=";

/** A usable `col op expr` constraint (op already flipped so the column is on the left). */
interface Constraint {
  term: A.Expr;
  col: number;
  op: CmpOp;
  rhs: A.Expr;
  colExpr: A.Expr;
  /** `col IN (list)`: the values (op is "="). */
  inList?: A.Expr[];
  /** `col IN (SELECT …)` (uncorrelated): the subquery (op is "="). */
  inSelect?: A.SelectStmt;
  /** The column was the right operand in the source (`5 > col`): collation follows the source order. */
  flipped?: boolean;
  /** `col IS NULL` / `col IS x`: NULL keys are looked up, not skipped. */
  isTest?: boolean;
}

const FLIP: Record<string, CmpOp> = { "=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/** Extract constraints from the terms (BETWEEN counts as two bounds). */
function constraints(
  c: Compiler,
  scope: Scope,
  src: Source,
  terms: A.Expr[],
  levelOf: Map<unknown, number>,
  level: number,
): Constraint[] {
  const out: Constraint[] = [];
  for (const t of terms) {
    if (t.kind === "binary" && t.op === "OR") {
      // `col = x OR col = y …` on one column is an IN list (SQLite's exprAnalyzeOrTerm)
      const k = orAsIn(c, scope, src, t, levelOf, level);
      if (k !== null) out.push(k);
      continue;
    }
    if (t.kind === "in" && !t.not && t.operand.kind === "column") {
      const col = columnOf(c, scope, t.operand, src);
      if (col === undefined) continue;
      const source = t.source;
      if (source.kind === "list") {
        if (source.items.length === 0) continue;
        if (
          !source.items.every((e) => e.kind !== "vector" && onlyOuter(c, scope, e, levelOf, level))
        ) {
          continue;
        }
        out.push({
          term: t,
          col,
          op: "=",
          rhs: source.items[0],
          colExpr: t.operand,
          inList: source.items,
        });
      } else if (source.kind === "select" && uncorrelated(c, source.select)) {
        out.push({
          term: t,
          col,
          op: "=",
          rhs: t.operand,
          colExpr: t.operand,
          inSelect: source.select,
        });
      }
      continue;
    }
    if (t.kind === "isNull") {
      const col = columnOf(c, scope, t.operand, src);
      if (col !== undefined && col !== -1) {
        const nul: A.Expr = { kind: "null", span: t.span };
        // IS NULL: an equality lookup of NULL; IS NOT NULL: a range starting after the NULLs
        out.push({
          term: t,
          col,
          op: t.not ? ">" : "=",
          rhs: nul,
          colExpr: t.operand,
          isTest: true,
        });
      }
      continue;
    }
    if (t.kind === "binary" && t.op === "IS") {
      for (const [l, r] of [[t.left, t.right], [t.right, t.left]] as [A.Expr, A.Expr][]) {
        const col = columnOf(c, scope, l, src);
        if (col === undefined || !onlyOuter(c, scope, r, levelOf, level)) continue;
        out.push({
          term: t,
          col,
          op: "=",
          rhs: r,
          colExpr: l,
          isTest: true,
          flipped: l !== t.left,
        });
        break;
      }
      continue;
    }
    if (t.kind === "between" && !t.not) {
      // each bound is usable on its own (SQLite splits BETWEEN into two virtual terms)
      const col = columnOf(c, scope, t.operand, src);
      if (col === undefined) continue;
      if (onlyOuter(c, scope, t.low, levelOf, level, true)) {
        out.push({ term: t, col, op: ">=", rhs: t.low, colExpr: t.operand });
      }
      if (onlyOuter(c, scope, t.high, levelOf, level, true)) {
        out.push({ term: t, col, op: "<=", rhs: t.high, colExpr: t.operand });
      }
      continue;
    }
    if (t.kind !== "binary") continue;
    const op = t.op;
    if (op !== "=" && op !== "<" && op !== "<=" && op !== ">" && op !== ">=") continue;
    for (const flip of [false, true]) {
      const l = flip ? t.right : t.left;
      const r = flip ? t.left : t.right;
      const col = columnOf(c, scope, l, src);
      if (col === undefined) continue;
      if (!onlyOuter(c, scope, r, levelOf, level, true)) continue;
      out.push({ term: t, col, op: flip ? FLIP[op] : op, rhs: r, colExpr: l, flipped: flip });
      break;
    }
  }
  return out;
}

/** `a = 1 OR a = 2 OR 3 = a` as an IN-list constraint on `a`, or null. */
function orAsIn(
  c: Compiler,
  scope: Scope,
  src: Source,
  t: A.Expr,
  levelOf: Map<unknown, number>,
  level: number,
): Constraint | null {
  const parts: A.Expr[] = [];
  const flat = (e: A.Expr): void => {
    if (e.kind === "binary" && e.op === "OR") {
      flat(e.left);
      flat(e.right);
    } else parts.push(e);
  };
  flat(t);
  let col: number | undefined;
  let colExpr: A.Expr | null = null;
  const vals: A.Expr[] = [];
  for (const p of parts) {
    if (p.kind !== "binary" || p.op !== "=") return null;
    let found = false;
    for (const [l, r] of [[p.left, p.right], [p.right, p.left]] as [A.Expr, A.Expr][]) {
      const cl = columnOf(c, scope, l, src);
      if (cl === undefined || l.kind !== "column") continue;
      if (col !== undefined && cl !== col) continue;
      if (!onlyOuter(c, scope, r, levelOf, level)) continue;
      // the IN form must compare exactly like the equalities: no COLLATE on the values, and no
      // affinity unless the column's own (SQLite's okToChngToIN)
      const ra = exprAffinity(c, scope, r);
      const la = cl < 0 ? Affinity.INTEGER : src.columns[cl].affinity;
      if (ra !== Affinity.NONE && ra !== la) continue;
      if (explicitCollation(r) !== null || r.kind === "collate") continue;
      col = cl;
      colExpr = l;
      vals.push(r);
      found = true;
      break;
    }
    if (!found) return null;
  }
  if (col === undefined || colExpr === null || vals.length < 2) return null;
  return { term: t, col, op: "=", rhs: vals[0], colExpr, inList: vals };
}

/**
 * SQLite's MULTI-INDEX OR: each branch of `a OR b …` is looked up through its own index (or the
 * rowid); the rowids found are collected in order, each once, then the table rows are visited in
 * that order. Only when every branch has an index plan. The OR term stays in the loop's filter.
 */
function multiIndexOr(
  c: Compiler,
  scope: Scope,
  src: Source,
  need: Set<number>,
  t: A.Expr,
  levelOf: Map<unknown, number>,
  level: number,
  all: A.Expr[] | null = null,
): AccessPlan | null {
  const branches: A.Expr[] = [];
  const flat = (e: A.Expr): void => {
    if (e.kind === "binary" && e.op === "OR") {
      flat(e.left);
      flat(e.right);
    } else branches.push(e);
  };
  flat(t);
  const subs: AccessPlan[] = [];
  let rows = 0;
  let cost = 0;
  // the WHERE clause's other terms hold for every row too: each branch may seek with them
  // (SQLite ANDs them into every sub-WHERE); rows are still checked against all terms afterwards
  const others = (all ?? []).filter((x) => x !== t && !(x.kind === "binary" && x.op === "OR"));
  for (const br of branches) {
    // a branch may be a conjunction: plan it with all of its terms
    const p = planAccessInner(
      c,
      scope,
      src,
      need,
      [...splitTerms(br), ...others],
      levelOf,
      level,
      null,
    );
    if (p.isScan === true || p.detail.startsWith("SCAN")) return null;
    subs.push(p);
    rows = rows === 0 ? p.rows : logEstAdd(rows, p.rows);
    const pc = p.cost ?? p.rows + 16;
    cost = cost === 0 ? pc : logEstAdd(cost, pc);
  }
  if (subs.length < 2) return null;
  const b = c.b;
  const set = b.allocCursor();
  const list = b.allocCursor();
  // rows are gathered by rowid, or by a WITHOUT ROWID table's PRIMARY KEY columns
  const keyCols = src.table !== null && src.table.withoutRowid
    ? tableLayout(src.table).pkCols.map((ic) => ic.column)
    : [-1];
  const nk = keyCols.length;
  const rid = b.allocRegs(nk);
  const lrid = b.allocReg();
  let top = 0;
  let nextLabel = 0;
  const lines = ["MULTI-INDEX OR"];
  subs.forEach((p, i) => {
    lines.push(`INDEX ${i + 1}`);
    lines.push(p.detail);
  });
  return {
    remaining: [t],
    rows,
    tableRows: rSizeOf(src),
    // whereLoopAddOr: the branches' costs summed, plus one
    cost: cost + 1,
    preLines: lines.slice(0, -1),
    detail: lines[lines.length - 1],
    begin(empty) {
      b.emit(Op.OpenEphemeral, set, nk, 0, {
        kind: "cursor",
        value: {
          root: 0,
          kind: "index",
          nField: nk,
          name: "or-rowids",
          keyInfo: {
            nKey: nk,
            collations: new Array(nk).fill(null),
            desc: new Array(nk).fill(false),
          },
        },
      });
      b.emit(Op.OpenEphemeral, list, nk, 0, {
        kind: "cursor",
        value: { root: 0, kind: "table", nField: nk, name: "or-rows", keyInfo: null },
      });
      for (const p of subs) {
        const done = b.newLabel();
        const next = b.newLabel();
        p.begin(done);
        keyCols.forEach((col, i) => c.readColumn(src, col, rid + i));
        b.emitJump(Op.Found, set, next, rid, null, nk);
        b.emit(Op.IdxInsert, set, rid, nk);
        b.emit(Op.NewRowid, list, lrid);
        b.emit(Op.Insert, list, rid, lrid, null, nk << 8);
        b.resolve(next);
        p.next();
        b.resolve(done);
        src.coverCursor = -1;
        src.coverMap = null;
      }
      b.emitJump(Op.Rewind, list, empty);
      top = b.here;
      for (let i = 0; i < nk; i++) b.emit(Op.Column, list, i, rid + i);
      nextLabel = b.newLabel();
      if (keyCols[0] === -1) b.emitJump(Op.SeekRowid, src.cursor, nextLabel, rid);
      else b.emitJump(Op.NotFound, src.cursor, nextLabel, rid, null, nk);
    },
    next() {
      b.resolve(nextLabel);
      b.emit(Op.Next, list, top);
    },
  };
}

/**
 * Is a MULTI-INDEX OR plan better than a full scan (rRun rSize + 16, whereLoopAddBtree's TUNING),
 * as wherePathSolver ranks them: lower cost, or equal cost and fewer output rows (the scan's
 * whereLoopOutputAdjust: one less per term)?
 */
function beatsFullScan(multi: AccessPlan, src: Source, terms: readonly A.Expr[]): boolean {
  const scan = rSizeOf(src) + 16;
  return multi.cost! < scan || (multi.cost === scan && multi.rows < rSizeOf(src) - terms.length);
}

/** `a AND b AND c` as its terms. */
function splitTerms(e: A.Expr): A.Expr[] {
  if (e.kind === "binary" && e.op === "AND") return [...splitTerms(e.left), ...splitTerms(e.right)];
  return [e];
}

/** True when `sel` compiles without any outer scope (so it can be evaluated once). */
function uncorrelated(c: Compiler, sel: A.SelectStmt): boolean {
  if (c.sub === null) return false;
  try {
    const dry = new Compiler(new ProgramBuilder(), c.env);
    dry.sub = c.sub;
    const outer = new Scope(null);
    c.sub.dry(() => c.sub!.inSet(dry, outer, sel, Affinity.NONE, null));
    return !outer.correlated;
  } catch {
    return false;
  }
}

/** Can constraint `k` be used to seek an index column with collation `coll`? */
function usableOnIndex(
  c: Compiler,
  scope: Scope,
  src: Source,
  k: Constraint,
  coll: string,
): boolean {
  if (k.inList !== undefined || k.inSelect !== undefined) {
    // IN compares with the left operand's collation and affinity (for the index, SQLite's
    // sqlite3ExprCompareCollSeq of `x IN (SELECT …)` sees only x)
    const inColl = exprCollation(c, scope, k.colExpr) ?? "BINARY";
    if (inColl.toUpperCase() !== coll.toUpperCase()) {
      return false;
    }
    if (k.inList !== undefined || k.col < 0) {
      return true;
    }
    // sqlite3IndexAffinityOk with the comparison's affinity (numeric on a numeric column
    // converts nothing the column has not already converted)
    const colAff = src.columns[k.col].affinity;
    const aff = compareAffinityOf(colAff, c.sub!.firstColumnAffinity(c, scope, k.inSelect!));
    if (aff < Affinity.TEXT) {
      return true;
    }
    if (aff === Affinity.TEXT) {
      return colAff === Affinity.TEXT;
    }
    return colAff >= Affinity.NUMERIC;
  }
  if (k.isTest === true && k.rhs.kind === "null") return true;
  const cmpColl =
    (k.flipped === true
      ? binaryCollation(c, scope, k.rhs, k.colExpr)
      : binaryCollation(c, scope, k.colExpr, k.rhs)) ?? "BINARY";
  if (cmpColl.toUpperCase() !== coll.toUpperCase()) return false;
  if (k.col < 0) return true;
  // sqlite3IndexAffinityOk: the comparison must not convert the column's stored values
  const colAff = src.columns[k.col].affinity;
  const aff = keyAffinity(c, scope, src, k);
  if (aff < Affinity.TEXT) return true;
  if (aff === Affinity.TEXT) return colAff === Affinity.TEXT;
  return colAff >= Affinity.NUMERIC;
}

/**
 * The affinity a lookup key gets (the comparison's affinity, sqlite3CompareAffinity; for IN the
 * left operand's), or BLOB when the comparison converts nothing.
 */
function keyAffinity(c: Compiler, scope: Scope, src: Source, k: Constraint): number {
  if (k.col < 0) return Affinity.INTEGER;
  const colAff = src.columns[k.col].affinity;
  if (k.inList !== undefined) return colAff;
  if (k.inSelect !== undefined) {
    return compareAffinityOf(colAff, c.sub!.firstColumnAffinity(c, scope, k.inSelect));
  }
  return compareAffinityOf(colAff, exprAffinity(c, scope, k.rhs));
}

interface IndexChoice {
  ix: Index;
  eq: Constraint[];
  lower: Constraint | null;
  upper: Constraint | null;
  covering: boolean;
  rows: number;
  cost: number;
  /** visit the (equality-only) range last entry first: a descending ORDER BY */
  reverse?: boolean;
}

/** Table size (LogEst): sqlite_stat1's count, else SQLite's default of 2^20 rows. */
function rSizeOf(src: Source): number {
  return src.rowEst ?? 200;
}

/** estLog: LogEst of log2(N) for a LogEst N (the cost of one b-tree seek). */
/** wherePathSolver's extra cost for a plan that needs a sort. */
const SORT_PENALTY = 3;

function estLog(n: number): number {
  return n <= 10 ? 0 : logEst(n) - 33;
}

/**
 * Estimated rows after k equality columns: sqlite_stat1's numbers when present, else
 * sqlite3DefaultRowEst (10, 9, 8… rows; 1 for a fully matched UNIQUE index). LogEst units.
 */
function eqRows(ix: Index, k: number, src?: Source): number {
  const est = src?.idxEst?.get(fold(ix.name));
  if (est !== undefined && k < est.length) {
    if (ix.unique && k >= ix.columns.length) return 0;
    return est[k];
  }
  if (k === 0) return src === undefined ? 200 : rSizeOf(src);
  if (ix.unique && k >= ix.columns.length) return 0;
  const def = [33, 32, 30, 28, 26];
  return k <= def.length ? def[k - 1] : 23;
}

/** sqlite3LogEst: 10*log2(x), SQLite's integer approximation. */
export function logEst(x: number): number {
  const a = [0, 2, 3, 5, 6, 7, 8, 9];
  let y = 40;
  x = Math.floor(x);
  if (x < 8) {
    if (x < 2) return 0;
    while (x < 8) {
      y -= 10;
      x *= 2;
    }
  } else {
    while (x > 255) {
      y += 40;
      x = Math.floor(x / 16);
    }
    while (x > 15) {
      y += 10;
      x = Math.floor(x / 2);
    }
  }
  return a[x & 7] + y - 10;
}

/** sqlite3LogEstAdd: log of the sum of two LogEst values. */
export function logEstAdd(a: number, b: number): number {
  const x = [
    10,
    10,
    9,
    9,
    8,
    8,
    7,
    7,
    7,
    6,
    6,
    6,
    5,
    5,
    5,
    4,
    4,
    4,
    4,
    3,
    3,
    3,
    3,
    3,
    3,
    2,
    2,
    2,
    2,
    2,
    2,
    2,
  ];
  if (a >= b) {
    if (a > b + 49) return a;
    if (a > b + 31) return a + 1;
    return a + x[a - b];
  }
  if (b > a + 49) return b;
  if (b > a + 31) return b + 1;
  return b + x[b - a];
}

/** Estimated width of a column from its declared type (build.c sqlite3AffinityType's szEst). */
function szEst(decl: string | null, affinity: number): number {
  if (decl === null) return 1;
  let v = 0;
  if (affinity < Affinity.NUMERIC) {
    const m = /\d+/.exec(decl.slice(decl.indexOf("(") >= 0 ? decl.indexOf("(") : decl.length));
    if (decl.indexOf("(") >= 0 && m !== null) v = Number(m[0]);
    else if (decl.indexOf("(") < 0) v = 16;
  }
  v = Math.floor(v / 4) + 1;
  return v > 255 ? 255 : v;
}

/** LogEst of a table row's width (estimateTableWidth). */
function tableWidth(src: Source): number {
  let w = 0;
  for (const col of src.columns) w += szEst(col.decltype, col.affinity);
  if (src.rowidAlias < 0) w += 1;
  return logEst(w * 4);
}

/** LogEst of an index entry's width (estimateIndexWidth). */
function indexWidth(ix: Index, src: Source): number {
  const t = src.table;
  if (t !== null && t.withoutRowid) {
    // a WITHOUT ROWID table's entries end with the PRIMARY KEY columns they lack (and the
    // PRIMARY KEY index holds every column)
    const cols = isPkIndex(t, ix)
      ? tableLayout(t).pos.map((_, j) => j)
      : [...ix.columns, ...indexExtraPk(t, ix)].map((ic) => ic.column);
    let w = 0;
    for (const col of cols) {
      w += col < 0 ? 1 : szEst(src.columns[col].decltype, src.columns[col].affinity);
    }
    return logEst(w * 4);
  }
  let w = 1; // the rowid stored at the end of every entry
  for (const ic of ix.columns) {
    if (ic.column < 0) w += 1;
    else {w += ic.column === src.rowidAlias
        ? 1
        : szEst(src.columns[ic.column].decltype, src.columns[ic.column].affinity);}
  }
  return logEst(w * 4);
}

/** Cost of one index loop (whereLoopAddBtreeIndex): seek + entries + table lookups. */
function indexCost(nOut: number, ix: Index | null, src: Source, covering: boolean): number {
  const szTab = tableWidth(src);
  const szIdx = ix === null ? szTab : indexWidth(ix, src);
  const rCostIdx = nOut + 1 + Math.floor((15 * szIdx) / szTab);
  let r = logEstAdd(estLog(rSizeOf(src)), rCostIdx);
  if (!covering) r = logEstAdd(r, nOut + 16);
  return r;
}

/**
 * The columns of `src` the statement may read (conservatively: every column reference anywhere
 * in `nodes`, subqueries included, whose name matches). -1 stands for the rowid.
 */
export function neededColumns(src: Source, nodes: unknown[]): Set<number> {
  const need = new Set<number>();
  const names = new Map<string, number>();
  src.columns.forEach((col, i) => names.set(fold(col.name), i));
  const tableName = src.table === null ? null : fold(src.table.name);
  /**
   * A subquery reading the same table under `inner` (its alias or name): its unqualified column
   * references (the same columns) and those qualified by `inner` are its own, not ours.
   */
  const shadowOf = (o: Record<string, unknown>): string | null => {
    if (tableName === null || o.kind !== "select" || !Array.isArray(o.compounds)) return null;
    const st = o as unknown as A.SelectStmt;
    if (st.compounds.length > 0 || st.first.kind !== "core" || st.first.from === null) return null;
    const from = st.first.from;
    for (const t of [from.first, ...from.joins.map((j) => j.source)]) {
      if (t.kind === "table" && t.schema === null && fold(t.name.name) === tableName) {
        return fold((t.alias ?? t.name).name);
      }
    }
    return null;
  };
  // (`*` and `t.*` inside a subquery name that subquery's own FROM)
  const walk = (x: unknown, inner: string | null, nested: boolean): void => {
    if (Array.isArray(x)) {
      for (const y of x) walk(y, inner, nested);
      return;
    }
    if (x === null || typeof x !== "object") return;
    const o = x as Record<string, unknown>;
    if (o.kind === "column") {
      const ref = o as unknown as A.ColumnRef;
      if (inner !== null) {
        const q = ref.table === null ? null : fold(ref.table.name);
        if (q === null || q === inner || q !== fold(src.name)) return;
      }
      const i = names.get(fold(ref.column.name));
      if (i !== undefined) need.add(i);
      return;
    }
    if (o.kind === "star") {
      if (!nested) src.columns.forEach((_, i) => need.add(i));
      return;
    }
    if (o.kind === "tableStar") {
      const t = (o as { table: A.Name }).table.name;
      if (!nested && fold(t) === fold(src.name)) {
        src.columns.forEach((_, i) => need.add(i));
      }
      return;
    }
    const sh = shadowOf(o) ?? inner;
    const nest = nested || (o.kind === "select" && Array.isArray(o.compounds));
    for (const [k, v] of Object.entries(o)) if (k !== "span") walk(v, sh, nest);
  };
  walk(nodes, null, false);
  return need;
}

function covers(ix: Index, src: Source, need: Set<number>): boolean {
  if (src.table !== null && src.table.withoutRowid) return indexCovers(src.table, ix, need);
  for (const col of need) {
    if (col === -1 || col === src.rowidAlias) continue;
    if (!ix.columns.some((ic) => ic.column === col)) return false;
  }
  return true;
}

/** A column number no table or index has (see withTableRead). */
const TABLE_READ = -1000;

/**
 * The columns a loop must read plus one no index holds: the plan reads the table itself, with no
 * index-only or automatic-index access (the right table of a RIGHT JOIN, whose unmatched rows are
 * visited through its table cursor after the join; where.c gives it no automatic index).
 */
export function withTableRead(need: Set<number>): Set<number> {
  const all = new Set(need);
  all.add(TABLE_READ);
  return all;
}

/** Plan the access for `src` at loop `level`. */
export function planAccess(
  c: Compiler,
  scope: Scope,
  src: Source,
  need: Set<number>,
  terms: A.Expr[],
  levelOf: Map<unknown, number>,
  level: number,
  order: OrderTerm[] | null = null,
  outerRows = 200,
): AccessPlan {
  // ORDER BY terms on columns a WHERE term holds equal to one value are constant: dropped
  let ord = order;
  const constant = new Set<OrderTerm>();
  if (order !== null && order.length > 0 && src.kind === "btree" && src.table !== null) {
    const ks = constraints(c, scope, src, terms, levelOf, level);
    for (const o of order) if (constantOrderTerm(c, scope, src, ks, o)) constant.add(o);
    const rest = order.filter((o) => !constant.has(o));
    if (rest.length < order.length) {
      // (a partial order of the rest is one of the whole: the dropped terms never break ties)
      ord = rest.length === 0 ? null : rest;
    }
    // terms after the rowid never break a tie: the rowid is unique
    const r = ord === null
      ? -1
      : ord.findIndex((o) => o.col === -1 || (o.col === src.rowidAlias && o.col >= 0));
    if (ord !== null && r >= 0 && r < ord.length - 1 && ord[0].anyOrder !== true) {
      ord = ord.slice(0, r + 1);
    }
  }
  const p = planAccessInner(c, scope, src, need, terms, levelOf, level, ord);
  if ((ord === null || p.oneRow === true) && order !== null && order.length > 0) {
    p.ordered = true;
    p.partialOrder = undefined;
  } else if (
    ord !== order && order !== null && p.ordered !== true && order[0].anyOrder !== true
  ) {
    // the sorted prefix of the whole ORDER BY: constant terms plus the delivered terms of the rest
    const k = p.partialOrder ?? 0;
    let n = 0;
    for (const o of order) {
      const i = ord!.indexOf(o);
      if (i < 0 ? constant.has(o) : i < k) n++;
      else break;
    }
    p.partialOrder = n > 0 && n < order.length ? n : undefined;
  }
  if (level > 0 && p.isScan === true && src.hint == null && !need.has(TABLE_READ)) {
    const auto = autoIndexPlan(c, scope, src, need, terms, levelOf, level);
    if (
      auto !== null &&
      logEstAdd(auto.setup!, outerRows + auto.cost!) < outerRows + (p.cost ?? rSizeOf(src) + 16)
    ) return auto;
  }
  return p;
}

/**
 * An automatic (transient) covering index for an inner loop that would otherwise be a full scan:
 * built once per statement run from the table's rows, keyed by the columns that `col = outer`
 * terms constrain, then searched for every outer row (SQLite's automatic indexes; cost model of
 * whereLoopAddBtree: setup N·log N, 20 rows per lookup).
 */
function autoIndexPlan(
  c: Compiler,
  scope: Scope,
  src: Source,
  need: Set<number>,
  terms: A.Expr[],
  levelOf: Map<unknown, number>,
  level: number,
): AccessPlan | null {
  const ks = constraints(c, scope, src, terms, levelOf, level);
  const keys: Constraint[] = [];
  for (const k of ks) {
    if (k.op !== "=" || k.col < 0 || k.inList !== undefined || k.inSelect !== undefined) continue;
    if (k.col === src.rowidAlias) continue;
    if (keys.some((x) => x.col === k.col)) continue;
    if (!referencesOuter(c, scope, k.rhs, levelOf, level)) continue;
    const coll = src.columns[k.col].collation ?? "BINARY";
    if (!usableOnIndex(c, scope, src, k, coll)) continue;
    keys.push(k);
  }
  if (keys.length === 0) return null;
  const b = c.b;
  const n = keys.length;
  const others = [...need].filter((col) =>
    col >= 0 && col !== src.rowidAlias && !keys.some((k) => k.col === col)
  );
  const nField = n + others.length + 1;
  const cols = keys.map((k) => `${src.columns[k.col].name}=?`).join(" AND ");
  const key = b.allocRegs(n);
  const rec = b.allocRegs(nField);
  const affs = keys.map((k) => {
    const a = keyAffinity(c, scope, src, k);
    return String.fromCharCode(a < Affinity.TEXT ? Affinity.BLOB : a);
  }).join("");
  let acur = 0;
  let top = 0;
  const ephemeral = src.kind !== "btree";
  const rSize = rSizeOf(src);
  const rLog = estLog(rSize);
  return {
    remaining: terms,
    used: keys.map((k) => k.term),
    consumed: keys.map((k) => k.term),
    tableRows: rSize,
    rows: 43,
    cost: logEstAdd(rLog, 43),
    setup: Math.max(0, rLog + rSize + (ephemeral ? -25 : 28)),
    preLines: [`BLOOM FILTER ON ${src.name} (${cols})`],
    detail: `SEARCH ${src.name} USING AUTOMATIC COVERING INDEX (${cols})`,
    begin(empty) {
      acur = b.allocCursor();
      const once = b.emit(Op.Once, 0, 0);
      b.emit(Op.OpenEphemeral, acur, nField, 0, {
        kind: "cursor",
        value: {
          root: 0,
          kind: "index",
          nField,
          name: "auto-index",
          keyInfo: {
            nKey: nField,
            collations: [
              ...keys.map((k) => src.columns[k.col].collation),
              ...others.map(() => null),
              null,
            ],
            desc: new Array(nField).fill(false),
          },
        },
      }, 1);
      const built = b.newLabel();
      b.emitJump(Op.Rewind, src.cursor, built);
      const loop = b.here;
      keys.forEach((k, i) => c.readColumn(src, k.col, rec + i));
      others.forEach((col, i) => c.readColumn(src, col, rec + n + i));
      // (the rowid field stays NULL for a WITHOUT ROWID table: every column read is covered)
      if (src.table !== null && src.table.withoutRowid) b.emit(Op.Null, 0, rec + nField - 1);
      else c.readColumn(src, -1, rec + nField - 1);
      b.emit(Op.IdxInsert, acur, rec, nField);
      b.emit(Op.Next, src.cursor, loop);
      b.resolve(built);
      b.ops[once].p2 = b.here;
      keys.forEach((k, i) => {
        c.exprTo(scope, k.rhs, key + i);
        if (k.isTest !== true) b.emitJump(Op.IsNull, key + i, empty);
      });
      b.emit(Op.Affinity, key, n, 0, { kind: "affinity", value: affs });
      b.emitJump(Op.SeekGE, acur, empty, key, null, n);
      top = b.here;
      b.emitJump(Op.IdxGT, acur, empty, key, null, n);
      const map = new Map<number, number>();
      keys.forEach((k, i) => map.set(k.col, i));
      others.forEach((col, i) => map.set(col, n + i));
      map.set(-1, -1);
      if (src.rowidAlias >= 0) map.set(src.rowidAlias, -1);
      src.coverCursor = acur;
      src.coverMap = map;
    },
    next() {
      b.emit(Op.Next, acur, top);
    },
  };
}

/** Does `e` read a column of a loop outside `level` (so it varies per outer row)? */
function referencesOuter(
  c: Compiler,
  scope: Scope,
  e: A.Expr,
  levelOf: Map<unknown, number>,
  level: number,
): boolean {
  let found = false;
  visit(e, (x) => {
    if (x.kind !== "column") return;
    try {
      const r = c.resolveColumn(scope, x);
      if (typeof r !== "string" && r.depth === 0 && r.coalesce === undefined) {
        const l = levelOf.get(r.source);
        if (l !== undefined && l < level) found = true;
      }
    } catch {
      // not resolvable here
    }
  });
  return found;
}

/**
 * Is the ORDER BY term constant over the rows the WHERE clause lets through: `col = x` (or
 * `col IS NULL`) compared without converting the column's values, and with BINARY or the term's
 * own collation (values BINARY-equal are equal under every collation).
 */
function constantOrderTerm(
  c: Compiler,
  scope: Scope,
  src: Source,
  ks: Constraint[],
  o: OrderTerm,
): boolean {
  const col = o.col === src.rowidAlias && o.col >= 0 ? -1 : o.col;
  return ks.some((k) => {
    if (k.op !== "=" || k.inList !== undefined || k.inSelect !== undefined) return false;
    if ((k.col === src.rowidAlias && k.col >= 0 ? -1 : k.col) !== col) return false;
    if (k.isTest === true && k.rhs.kind === "null") return true;
    return usableOnIndex(c, scope, src, k, "BINARY") ||
      usableOnIndex(c, scope, src, k, o.coll ?? "BINARY");
  });
}

/** Does the index column list (from `from`) deliver `order` ascending (+1) / descending (-1)? */
function indexOrder(ix: Index, from: number, order: OrderTerm[], src: Source): number {
  let dir = 0;
  for (let i = 0; i < order.length; i++) {
    const o = order[i];
    const ic = ix.columns[from + i];
    let icDesc = false;
    if (ic === undefined) {
      // an entry of a WITHOUT ROWID table's index ends with the whole PRIMARY KEY: unique, so
      // later terms never break a tie
      if (src.table !== null && entriesUnique(src.table, ix)) return dir === 0 ? 1 : dir;
      // past the key columns comes the rowid
      if (o.col !== -1 && o.col !== src.rowidAlias) return 0;
      if (i !== order.length - 1) return 0;
    } else {
      const same = ic.column === o.col ||
        (o.col === -1 && ic.column === src.rowidAlias && src.rowidAlias >= 0);
      if (!same) return 0;
      icDesc = ic.desc;
      if ((o.coll ?? "BINARY").toUpperCase() !== ic.collation.toUpperCase()) return 0;
    }
    const d = o.desc !== icDesc ? -1 : 1;
    if (dir === 0) dir = d;
    else if (dir !== d) return 0;
  }
  return dir;
}

function planAccessInner(
  c: Compiler,
  scope: Scope,
  src: Source,
  need: Set<number>,
  terms: A.Expr[],
  levelOf: Map<unknown, number>,
  level: number,
  order: OrderTerm[] | null,
): AccessPlan {
  const b = c.b;
  const cur = src.cursor;
  if (src.kind === "vtab") return vtabPlan(c, scope, src, terms, levelOf, level, order);
  if (src.kind !== "btree" || src.table === null) {
    const p = scanPlan(c, src, terms, null);
    p.isScan = true;
    return p;
  }
  const ks = constraints(c, scope, src, terms, levelOf, level);
  const hint = src.hint ?? null;
  // whereLoopAddBtree applies NOT INDEXED to rowid tables only: a WITHOUT ROWID table's
  // b-trees are all indexes
  const t = src.table;
  const indexes =
    (hint === null || (hint.kind === "notIndexed" && t.withoutRowid)
      ? t.indexes
      : hint.kind === "notIndexed"
      ? []
      : t.indexes.filter((ix) => fold(ix.name) === fold(hint.name))).map((ix) =>
        // WITHOUT ROWID: secondary indexes order by their PRIMARY KEY columns too
        plannerIndex(t, ix)
      );
  // 1. rowid equality (or rowid IN (…): one lookup per value)
  const rowidEq = ks.find((k) => k.col === -1 && k.op === "=");
  if (rowidEq !== undefined) {
    const reg = b.allocReg();
    const isIn = rowidEq.inList !== undefined || rowidEq.inSelect !== undefined;
    let inCur = 0;
    let outerTop = 0;
    let nextIn = 0;
    return {
      remaining: terms,
      used: [rowidEq.term],
      // the seek enforces `rowid = x` exactly (OP_SeekRowid's NUMERIC affinity = the comparison's)
      consumed: [rowidEq.term],
      rows: isIn ? inRows(rowidEq) : 0,
      tableRows: rSizeOf(src),
      cost: 45,
      detail: `SEARCH ${src.name} USING INTEGER PRIMARY KEY (rowid=?)`,
      oneRow: !isIn,
      begin(empty) {
        if (!isIn) {
          c.exprTo(scope, rowidEq.rhs, reg);
          b.emitJump(Op.SeekRowid, cur, empty, reg);
          return;
        }
        // (no collation matters against a rowid, but SQLite's IN set carries — and looks up —
        // the comparison's)
        inCur = openInSet(
          c,
          scope,
          rowidEq,
          rowidEq.inSelect === undefined
            ? null
            : inCollation(c, scope, rowidEq.colExpr, rowidEq.inSelect),
          Affinity.INTEGER,
        );
        nextIn = b.newLabel();
        b.emitJump(Op.Rewind, inCur, empty);
        outerTop = b.here;
        b.emit(Op.Column, inCur, 0, reg);
        b.emitJump(Op.SeekRowid, cur, nextIn, reg);
      },
      next() {
        if (!isIn) return;
        b.resolve(nextIn);
        b.emit(Op.Next, inCur, outerTop);
      },
    };
  }
  // 2. indexes
  let best: IndexChoice | null = null;
  for (const ix of indexes) {
    if (ix.where !== null) continue;
    const eq: Constraint[] = [];
    let lower: Constraint | null = null;
    let upper: Constraint | null = null;
    for (const ic of ix.columns) {
      if (ic.column < 0) break;
      const e = ks.find((k) =>
        k.col === ic.column && k.op === "=" && usableOnIndex(c, scope, src, k, ic.collation)
      );
      if (e !== undefined) {
        eq.push(e);
        continue;
      }
      lower = ks.find((k) =>
        k.col === ic.column && (k.op === ">" || k.op === ">=") &&
        usableOnIndex(c, scope, src, k, ic.collation)
      ) ?? null;
      upper = ks.find((k) =>
        k.col === ic.column && (k.op === "<" || k.op === "<=") &&
        usableOnIndex(c, scope, src, k, ic.collation)
      ) ?? null;
      break;
    }
    if (eq.length === 0 && lower === null && upper === null) continue;
    let rows = eqRows(ix, eq.length, src);
    if (eq.length === 0) rows = rSizeOf(src);
    // TUNING (whereLoopAddBtreeIndex): `col IS NULL` matches twice as many rows as `col = ?`
    for (const k of eq) if (k.isTest === true && k.rhs.kind === "null") rows += 10;
    // at most one IN per lookup: further IN terms stop the equality prefix
    const firstIn = eq.findIndex((k) => k.inList !== undefined || k.inSelect !== undefined);
    if (firstIn >= 0) {
      const more = eq.findIndex((k, i) =>
        i > firstIn && (k.inList !== undefined || k.inSelect !== undefined)
      );
      if (more >= 0) {
        eq.length = more;
        lower = null;
        upper = null;
        rows = eqRows(ix, eq.length, src);
      }
      rows += inRows(eq[firstIn]);
    }
    // whereRangeScanEst without STAT4: ÷4 per bound, ÷4 more for a closed range, at least 10
    if (lower !== null) rows -= 20;
    if (upper !== null) rows -= 20;
    if (lower !== null && upper !== null) rows -= 20;
    if ((lower !== null || upper !== null) && rows < 10) rows = 10;
    const covering = covers(ix, src, need);
    const cost = indexCost(rows, ix, src, covering);
    if (best === null || cost < best.cost) best = { ix, eq, lower, upper, covering, rows, cost };
  }
  // rowid range
  const rLower = ks.find((k) => k.col === -1 && (k.op === ">" || k.op === ">=")) ?? null;
  const rUpper = ks.find((k) => k.col === -1 && (k.op === "<" || k.op === "<=")) ?? null;
  const rowidOrder = order !== null && order.length === 1 &&
    (order[0].col === -1 || order[0].col === src.rowidAlias) && order[0].anyOrder !== true;
  const rowidOrdered = rowidOrder && !order![0].desc;
  // ORDER BY rowid DESC over a rowid range: the range walked backwards
  const rowidReverse = rowidOrder && order![0].desc && order![0].ascOnly !== true;
  if (rLower !== null || rUpper !== null) {
    const rows = Math.max(
      10,
      rSizeOf(src) - (rLower !== null ? 20 : 0) - (rUpper !== null ? 20 : 0) -
        (rLower !== null && rUpper !== null ? 20 : 0),
    );
    const cost = indexCost(rows, null, src, true);
    if (best === null || cost <= best.cost) {
      const p = rowidRange(c, scope, src, terms, rLower, rUpper, rows, rowidReverse);
      p.ordered = rowidOrdered || rowidReverse;
      p.cost = cost;
      return p;
    }
  }
  if (best !== null) {
    const p = indexPlan(c, scope, src, terms, best);
    p.cost = best.cost;
    // an IN lookup visits several key values one after another: no single index order
    const hasIn = best.eq.some((k) => k.inList !== undefined || k.inSelect !== undefined);
    p.ordered = !hasIn && order !== null && order.length > 0 &&
      indexOrder(best.ix, best.eq.length, order, src) === 1;
    if (hasIn && order !== null && order.length > 0 && order[0].anyOrder !== true) {
      // the IN values are visited in ascending order (a sorted set), each value's rows in index
      // order: ORDER BY the IN column, then the columns after the equalities, is delivered
      const ix = best.ix;
      const inPos = best.eq.findIndex((k) => k.inList !== undefined || k.inSelect !== undefined);
      const inColl = ix.columns[inPos].collation.toUpperCase();
      const rest = order.filter((o) =>
        !best!.eq.some((k, i) => {
          if (i === inPos) return false;
          const coll = ix.columns[i].collation.toUpperCase();
          return k.col === o.col &&
            (coll === "BINARY" || coll === (o.coll ?? "BINARY").toUpperCase());
        })
      );
      const first = rest[0];
      if (
        first !== undefined && first.col === best.eq[inPos].col &&
        (first.coll ?? "BINARY").toUpperCase() === inColl
      ) {
        const after = rest.length === 1 ? 0 : indexOrder(ix, best.eq.length, rest.slice(1), src);
        if (!first.desc && (after === 0 && rest.length === 1 || after === 1)) p.ordered = true;
        else if (
          // descending: the IN values from the last, each value's rows backwards (bReverse)
          first.desc && !ix.columns[inPos].desc && order[0].ascOnly !== true &&
          (rest.length === 1 || after === -1)
        ) {
          p.ordered = true;
          best.reverse = true;
        }
      }
    }
    if (!hasIn && !p.ordered && order !== null && order.length > 0) {
      // ORDER BY terms on columns the lookup holds equal are constant over the rows visited
      const ix = best.ix;
      const rest = order.filter((o) =>
        !best!.eq.some((k, i) => {
          const coll = ix.columns[i].collation.toUpperCase();
          return (k.col === o.col || (o.col === -1 && k.col === src.rowidAlias)) &&
            (coll === "BINARY" || coll === (o.coll ?? "BINARY").toUpperCase());
        })
      );
      const dir = rest.length === 0 ? 1 : indexOrder(ix, best.eq.length, rest, src);
      if (dir === 1) p.ordered = true;
      else if (
        // descending: the equality prefix (and range) visited backwards, as where.c does with
        // bReverse (SeekLT/SeekLE from the upper end, IdxLT/IdxLE at the lower, OP_Prev)
        dir === -1 && (best.eq.length > 0 || best.lower !== null || best.upper !== null) &&
        order[0].anyOrder !== true && order[0].ascOnly !== true
      ) {
        p.ordered = true;
        best.reverse = true;
      }
    }
    if (!hasIn && !p.ordered && order !== null && order[0].anyOrder !== true) {
      for (let k = order.length - 1; k >= 1; k--) {
        const d = indexOrder(best.ix, best.eq.length, order.slice(0, k), src);
        if (d === 1 || (d === -1 && order[0].ascOnly !== true)) {
          // (a descending prefix: the lookup walked backwards, the sorter finishing the rest)
          if (d === -1) best.reverse = true;
          p.partialOrder = k;
          break;
        }
      }
    }
    // an OR of indexable branches may still be cheaper than the best single index
    let chosen = p;
    if (!p.ordered && p.partialOrder === undefined) {
      for (const t of terms) {
        if (t.kind !== "binary" || t.op !== "OR") continue;
        const multi = multiIndexOr(c, scope, src, need, t, levelOf, level, terms);
        if (multi !== null && multi.cost! < p.cost && beatsFullScan(multi, src, terms)) {
          chosen = multi;
          break;
        }
      }
    }
    // an unordered lookup pays for sorting its rows (wherePathSolver's whereSortingCost plus a
    // small penalty): a full scan in ORDER BY order may be cheaper
    if (
      !chosen.ordered && chosen.partialOrder === undefined && order !== null &&
      order.length > 0 && order[0].anyOrder !== true
    ) {
      const nOut = adjustedRows(chosen, terms);
      const sorted = logEstAdd(chosen.cost!, nOut + 10 + estLog(nOut)) + SORT_PENALTY;
      const full = orderedScan(c, src, terms, indexes, need, order);
      if (full !== null && full.cost! < sorted) return full;
    }
    return chosen;
  }
  // an OR whose every branch can use an index: MULTI-INDEX OR
  if (order === null || order.length === 0) {
    for (const t of terms) {
      if (t.kind !== "binary" || t.op !== "OR") continue;
      const multi = multiIndexOr(c, scope, src, need, t, levelOf, level, terms);
      if (multi !== null && beatsFullScan(multi, src, terms)) return multi;
    }
  }
  // GROUP BY / DISTINCT: the index whose leading columns are the most of the wanted set
  if (order !== null && order.length > 0 && order[0].anyOrder === true) {
    const want = new Map<number, string>();
    for (const o of order) {
      want.set(
        o.col === src.rowidAlias && o.col >= 0 ? -1 : o.col,
        (o.coll ?? "BINARY").toUpperCase(),
      );
    }
    if (want.size === 1 && want.has(-1)) {
      const p = scanPlan(c, src, terms, null, false, false);
      p.ordered = true;
      return p;
    }
    let bestIx: Index | null = null;
    let bestK = 0;
    for (const ix of indexes) {
      if (ix.where !== null || ix.columns.some((ic) => ic.column < 0)) continue;
      // all wanted columns as the index's leading columns, in any order: fully grouped;
      // otherwise only a prefix of the terms as written counts (a partial grouping)
      let k = 0;
      while (
        k < ix.columns.length &&
        want.get(ix.columns[k].column) === ix.columns[k].collation.toUpperCase()
      ) k++;
      if (k < want.size) {
        k = 0;
        while (
          k < ix.columns.length && k < order.length &&
          ix.columns[k].column === (order[k].col === src.rowidAlias ? -1 : order[k].col) &&
          want.get(ix.columns[k].column) === ix.columns[k].collation.toUpperCase()
        ) k++;
      }
      // more matched leading columns wins; then the narrower (cheaper to scan) index
      if (
        k > 0 && (k > bestK || (k === bestK && bestIx !== null &&
          indexWidth(ix, src) < indexWidth(bestIx, src)))
      ) {
        bestK = k;
        bestIx = ix;
      }
    }
    if (bestIx !== null) {
      const p = scanPlan(c, src, terms, bestIx, false, !covers(bestIx, src, need));
      p.ordered = bestK >= want.size;
      return p;
    }
  }
  // a full scan in ORDER BY order: by rowid, or along an index
  if (order !== null && order.length > 0 && order[0].anyOrder !== true) {
    const full = orderedScan(c, src, terms, indexes, need, order);
    if (full !== null) return full;
    // a partial order: an index delivering the leading terms, the sorter finishing the rest
    for (let k = order[0].noPartial === true ? 0 : order.length - 1; k >= 1; k--) {
      for (const ix of indexes) {
        if (ix.where !== null || ix.columns.some((ic) => ic.column < 0)) continue;
        const dir = indexOrder(ix, 0, order.slice(0, k), src);
        if (dir === 0) continue;
        const p = scanPlan(c, src, terms, ix, dir < 0, !covers(ix, src, need));
        p.partialOrder = k;
        return p;
      }
    }
  }
  // 3. full scan: of the table (cost rSize+16) or of a covering index narrower than it
  let cover: Index | null = null;
  // (a WITHOUT ROWID table's scan is a full scan of its PRIMARY KEY index)
  let scanCost = src.table.withoutRowid
    ? rSizeOf(src) + 1 +
      Math.floor((15 * indexWidth(tableLayout(src.table).pk, src)) / tableWidth(src))
    : rSizeOf(src) + 16;
  const szTab = tableWidth(src);
  for (const ix of indexes) {
    if (ix.where !== null) continue;
    if (ix.columns.some((ic) => ic.column < 0)) continue;
    if (!covers(ix, src, need)) continue;
    const cost = rSizeOf(src) + 1 + Math.floor((15 * indexWidth(ix, src)) / szTab);
    if (cost < scanCost) {
      scanCost = cost;
      cover = ix;
    }
  }
  const p = scanPlan(c, src, terms, cover);
  p.cost = scanCost;
  p.isScan = true;
  return p;
}

function openIndex(c: Compiler, src: Source, ix: Index): number {
  const t = src.table;
  if (t !== null && t.withoutRowid) {
    // the PRIMARY KEY index is the table itself: its cursor is already open
    if (isPkIndex(t, ix)) return src.cursor;
    const icur = c.b.allocCursor();
    const { nField, keyInfo } = indexKeyInfo(t, ix);
    c.emit(Op.OpenRead, icur, ix.rootPage, 0, {
      kind: "cursor",
      value: { root: ix.rootPage, kind: "index", nField, name: ix.name, keyInfo },
    });
    return icur;
  }
  const icur = c.b.allocCursor();
  const nField = ix.columns.length + 1;
  c.emit(Op.OpenRead, icur, ix.rootPage, 0, {
    kind: "cursor",
    value: {
      root: ix.rootPage,
      kind: "index",
      nField,
      name: ix.name,
      keyInfo: {
        nKey: nField,
        collations: [
          ...ix.columns.map((ic) => ic.collation.toUpperCase() === "BINARY" ? null : ic.collation),
          null,
        ],
        desc: [...ix.columns.map((ic) => ic.desc), false],
      },
    },
  });
  void src;
  return icur;
}

function setCover(src: Source, ix: Index, icur: number): void {
  const t = src.table;
  if (t !== null && t.withoutRowid) {
    // reads through the PRIMARY KEY index are reads of the table's own cursor
    if (isPkIndex(t, ix)) return;
    src.coverCursor = icur;
    src.coverMap = indexCoverMap(t, ix);
    return;
  }
  const map = new Map<number, number>();
  ix.columns.forEach((ic, i) => {
    if (!map.has(ic.column)) map.set(ic.column, i);
  });
  map.set(-1, -1);
  if (src.rowidAlias >= 0) map.set(src.rowidAlias, -1);
  src.coverCursor = icur;
  src.coverMap = map;
}

/**
 * Position the table cursor on the row of the index entry under `icur`: OP_DeferredSeek by rowid,
 * or for a WITHOUT ROWID table OP_NotFound on the PRIMARY KEY fields the entry carries
 * (where.c), jumping to `miss` when the row is absent. Nothing to do for the PRIMARY KEY index.
 */
function tableLookup(c: Compiler, src: Source, ix: Index, icur: number, miss: number): void {
  const t = src.table;
  if (t === null || !t.withoutRowid) {
    c.b.emit(Op.DeferredSeek, icur, 0, src.cursor);
    return;
  }
  if (isPkIndex(t, ix)) return;
  const { pkCols } = tableLayout(t);
  const map = indexCoverMap(t, ix);
  const regs = c.b.allocRegs(pkCols.length);
  pkCols.forEach((pc, i) => c.b.emit(Op.Column, icur, map.get(pc.column)!, regs + i));
  c.b.emitJump(Op.NotFound, src.cursor, miss, regs, null, pkCols.length);
}

/** EXPLAIN QUERY PLAN's name of a path along `ix`: a WITHOUT ROWID table's PK is the table. */
function isTablePk(src: Source, ix: Index | null): boolean {
  return ix !== null && src.table !== null && src.table.withoutRowid && isPkIndex(src.table, ix);
}

/** A full scan delivering `order` (by rowid, or along an index), with its cost; null if none. */
function orderedScan(
  c: Compiler,
  src: Source,
  terms: A.Expr[],
  indexes: Index[],
  need: Set<number>,
  order: OrderTerm[],
): AccessPlan | null {
  if (
    order.length === 1 && (order[0].col === -1 || order[0].col === src.rowidAlias) &&
    !(order[0].desc && order[0].ascOnly === true)
  ) {
    const p = scanPlan(c, src, terms, null, order[0].desc, false);
    p.ordered = true;
    p.cost = rSizeOf(src) + 16;
    return p;
  }
  for (const ix of indexes) {
    if (ix.where !== null || ix.columns.some((ic) => ic.column < 0)) continue;
    const dir = indexOrder(ix, 0, order, src);
    if (dir === 0 || (dir < 0 && order[0].ascOnly === true)) continue;
    const covering = covers(ix, src, need);
    const p = scanPlan(c, src, terms, ix, dir < 0, !covering);
    p.ordered = true;
    // whereLoopAddBtree's full index scan: N·(1 + width ratio), plus the table lookups
    const run = rSizeOf(src) + 1 + Math.floor((15 * indexWidth(ix, src)) / tableWidth(src));
    p.cost = covering ? run : logEstAdd(run, rSizeOf(src) + 16);
    return p;
  }
  return null;
}

function scanPlan(
  c: Compiler,
  src: Source,
  terms: A.Expr[],
  cover: Index | null,
  reverse = false,
  lookup = false,
): AccessPlan {
  const b = c.b;
  let top = 0;
  let cur = src.cursor;
  let cont = 0;
  const how = cover === null || isTablePk(src, cover)
    ? ""
    : lookup
    ? ` USING INDEX ${cover.name}`
    : ` USING COVERING INDEX ${cover.name}`;
  return {
    remaining: terms,
    rows: rSizeOf(src),
    tableRows: rSizeOf(src),
    detail: `SCAN ${src.name}${how}`,
    begin(empty) {
      if (cover !== null) {
        cur = openIndex(c, src, cover);
        if (!lookup) setCover(src, cover, cur);
      }
      b.emitJump(reverse ? Op.Last : Op.Rewind, cur, empty);
      top = b.here;
      if (cover !== null && lookup) {
        cont = b.newLabel();
        tableLookup(c, src, cover, cur, cont);
      }
    },
    next() {
      if (cont !== 0) b.resolve(cont);
      b.emit(reverse ? Op.Prev : Op.Next, cur, top);
    },
  };
}

function boundText(name: string, k: Constraint): string {
  return `${name}${k.op === ">=" ? ">" : k.op === "<=" ? "<" : k.op}?`;
}

function rowidRange(
  c: Compiler,
  scope: Scope,
  src: Source,
  terms: A.Expr[],
  lower: Constraint | null,
  upper: Constraint | null,
  rows: number,
  reverse = false,
): AccessPlan {
  const b = c.b;
  const cur = src.cursor;
  const parts: string[] = [];
  if (lower !== null) parts.push(boundText("rowid", lower));
  if (upper !== null) parts.push(boundText("rowid", upper));
  let top = 0;
  const lo = b.allocReg();
  const hi = b.allocReg();
  const rid = b.allocReg();
  let endLabel = 0;
  // the seek enforces these bounds; re-tested in the loop's filter they compare with the rowid, an
  // integer, for which no collation matters (SQLite codes no comparison, so never looks it up)
  if (lower !== null) c.rowidTerms.add(lower.term);
  if (upper !== null) c.rowidTerms.add(upper.term);
  return {
    used: [...(lower ? [lower.term] : []), ...(upper ? [upper.term] : [])],
    remaining: terms,
    rows,
    tableRows: rSizeOf(src),
    detail: `SEARCH ${src.name} USING INTEGER PRIMARY KEY (${parts.join(" AND ")})`,
    begin(empty) {
      endLabel = empty;
      if (reverse) {
        // from the upper bound down, until rowid passes the lower bound (a NULL bound: no rows)
        if (lower !== null) {
          c.exprTo(scope, lower.rhs, lo);
          b.emitJump(Op.IsNull, lo, empty);
        }
        if (upper !== null) {
          c.exprTo(scope, upper.rhs, hi);
          b.emitJump(Op.IsNull, hi, empty);
          b.emitJump(upper.op === "<" ? Op.SeekLT : Op.SeekLE, cur, empty, hi, null, 1);
        } else b.emitJump(Op.Last, cur, empty);
        top = b.here;
        if (lower !== null) {
          b.emit(Op.Rowid, cur, rid);
          b.emitJump(lower.op === ">" ? Op.Le : Op.Lt, lo, empty, rid, null, Affinity.NUMERIC);
        }
        return;
      }
      if (upper !== null) c.exprTo(scope, upper.rhs, hi);
      if (lower !== null) {
        c.exprTo(scope, lower.rhs, lo);
        b.emitJump(Op.IsNull, lo, empty);
        b.emitJump(lower.op === ">" ? Op.SeekGT : Op.SeekGE, cur, empty, lo, null, 1);
      } else b.emitJump(Op.Rewind, cur, empty);
      top = b.here;
      if (upper !== null) {
        b.emit(Op.Rowid, cur, rid);
        // stop once rowid passes the upper bound (a NULL bound ends the scan at once)
        b.emitJump(Op.IsNull, hi, empty);
        b.emitJump(upper.op === "<" ? Op.Ge : Op.Gt, hi, empty, rid, null, Affinity.NUMERIC);
      }
    },
    next() {
      b.emit(reverse ? Op.Prev : Op.Next, cur, top);
      void endLabel;
    },
  };
}

/** Extra LogEst rows for an IN term: its list length, or 25 for a subquery. */
function inRows(k: Constraint): number {
  if (k.inList !== undefined) return logEst(k.inList.length);
  if (k.inSelect !== undefined) return 46;
  return 0;
}

/** Build (once per loop entry) the sorted, de-duplicated set of an IN constraint's values. */
function openInSet(
  c: Compiler,
  scope: Scope,
  k: Constraint,
  coll: string | null,
  aff: number,
): number {
  const b = c.b;
  if (k.inSelect !== undefined) return c.sub!.inSet(c, scope, k.inSelect, aff, coll, true).cursor;
  const cur = b.allocCursor();
  b.emit(Op.OpenEphemeral, cur, 1, 0, {
    kind: "cursor",
    value: {
      root: 0,
      kind: "index",
      nField: 1,
      name: "in-list",
      keyInfo: { nKey: 1, collations: [coll], desc: [false] },
    },
  });
  const r = b.allocReg();
  for (const e of k.inList!) {
    const skip = b.newLabel();
    c.exprTo(scope, e, r);
    b.emitJump(Op.IsNull, r, skip);
    if (aff !== Affinity.BLOB && aff !== Affinity.NONE) {
      b.emit(Op.Affinity, r, 1, 0, { kind: "affinity", value: String.fromCharCode(aff) });
    }
    b.emit(Op.IdxInsert, cur, r, 1);
    b.resolve(skip);
  }
  return cur;
}

function indexPlan(
  c: Compiler,
  scope: Scope,
  src: Source,
  terms: A.Expr[],
  ch: IndexChoice,
): AccessPlan {
  const b = c.b;
  const { ix, eq, lower, upper, covering } = ch;
  const n = eq.length;
  const parts = eq.map((k) => `${src.columns[k.col].name}=?`);
  const rangeCol = lower ?? upper;
  if (lower !== null) parts.push(boundText(src.columns[lower.col].name, lower));
  if (upper !== null) parts.push(boundText(src.columns[upper.col].name, upper));
  const key = b.allocRegs(n + 1);
  const hiKey = b.allocRegs(n + 1);
  const affOf = (k: Constraint) => {
    const a = keyAffinity(c, scope, src, k);
    return String.fromCharCode(a < Affinity.TEXT ? Affinity.BLOB : a);
  };
  let top = 0;
  let icur = 0;
  let inCur = 0;
  let nextIn = 0;
  let outerTop = 0;
  let cont = 0;
  const loReg = b.allocReg();
  const hiReg = b.allocReg();
  return {
    remaining: terms,
    used: [...eq, ...(lower ? [lower] : []), ...(upper ? [upper] : [])].map((k) => k.term),
    // equality (and IN) terms are enforced exactly by the seek: affinity and collation agree
    consumed: eq.map((k) => k.term),
    rows: ch.rows,
    tableRows: rSizeOf(src),
    // `=` on every column of a UNIQUE index: at most one row (`=` never matches NULL), so any
    // order is satisfied (WHERE_ONEROW / wherePathSatisfiesOrderBy's isOrderDistinct)
    oneRow: ix.unique && n === ix.columns.length && lower === null && upper === null &&
      eq.every((k) => k.inList === undefined && k.inSelect === undefined && k.isTest !== true),
    detail: `SEARCH ${src.name} USING ${
      isTablePk(src, ix) ? "PRIMARY KEY" : `${covering ? "COVERING " : ""}INDEX ${ix.name}`
    } (${parts.join(" AND ")})`,
    begin(empty) {
      icur = openIndex(c, src, ix);
      const inPos = eq.findIndex((k) => k.inList !== undefined || k.inSelect !== undefined);
      eq.forEach((k, i) => {
        if (i !== inPos) {
          c.exprTo(scope, k.rhs, key + i);
          // `=` never matches NULL; `IS NULL` / `IS x` look NULL up like any other key
          if (k.isTest !== true) b.emitJump(Op.IsNull, key + i, empty);
        }
      });
      if (lower !== null) {
        c.exprTo(scope, lower.rhs, loReg);
        // IS NOT NULL seeks past the NULLs with a NULL key
        if (lower.isTest !== true) b.emitJump(Op.IsNull, loReg, empty);
        b.emit(Op.Affinity, loReg, 1, 0, { kind: "affinity", value: affOf(lower) });
      }
      if (upper !== null) {
        c.exprTo(scope, upper.rhs, hiReg);
        b.emitJump(Op.IsNull, hiReg, empty);
        b.emit(Op.Affinity, hiReg, 1, 0, { kind: "affinity", value: affOf(upper) });
      }
      let miss = empty;
      if (inPos >= 0) {
        const k = eq[inPos];
        const coll = ix.columns[inPos].collation;
        inCur = openInSet(
          c,
          scope,
          k,
          coll.toUpperCase() === "BINARY" ? null : coll,
          keyAffinity(c, scope, src, k),
        );
        nextIn = b.newLabel();
        miss = nextIn;
        b.emitJump(ch.reverse === true ? Op.Last : Op.Rewind, inCur, empty);
        outerTop = b.here;
        b.emit(Op.Column, inCur, 0, key + inPos);
        // `x IN (…, NULL)` never matches through the NULL (the IN term is consumed: no re-check)
        b.emitJump(Op.IsNull, key + inPos, nextIn);
      }
      if (n > 0) {
        b.emit(Op.Affinity, key, n, 0, { kind: "affinity", value: eq.map(affOf).join("") });
        for (let i = 0; i < n; i++) b.emit(Op.SCopy, key + i, hiKey + i);
      }
      const rdesc = (lower !== null || upper !== null) && ix.columns[n].desc;
      if (ch.reverse === true && (lower !== null || upper !== null)) {
        // walked backwards (OP_Prev): from the end of the range to its start. On an ASC column
        // the end is the upper bound and NULLs (sorting first) stop the walk; on a DESC column
        // the end is the lower bound, past which come the NULLs (sorting last)
        const from = rdesc ? lower : upper;
        const to = rdesc ? upper : lower;
        if (from !== null) {
          b.emit(Op.SCopy, rdesc ? loReg : hiReg, key + n);
          const incl = from.op === "<=" || from.op === ">=";
          b.emitJump(incl ? Op.SeekLE : Op.SeekLT, icur, miss, key, null, n + 1);
        } else if (rdesc) {
          // the last entry before the NULLs
          b.emit(Op.Null, 0, key + n);
          b.emitJump(Op.SeekLT, icur, miss, key, null, n + 1);
        } else if (n > 0) b.emitJump(Op.SeekLE, icur, miss, key, null, n);
        else b.emitJump(Op.Last, icur, miss);
        if (to !== null) b.emit(Op.SCopy, rdesc ? hiReg : loReg, hiKey + n);
        else if (!rdesc) b.emit(Op.Null, 0, hiKey + n);
        top = b.here;
        if (to !== null) {
          const incl = to.op === "<=" || to.op === ">=";
          b.emitJump(incl ? Op.IdxLT : Op.IdxLE, icur, miss, hiKey, null, n + 1);
        } else if (!rdesc) {
          // stop at the NULLs
          b.emitJump(Op.IdxLE, icur, miss, hiKey, null, n + 1);
        } else if (n > 0) b.emitJump(Op.IdxLT, icur, miss, hiKey, null, n);
      } else if (rdesc) {
        // a DESC column: larger values first, NULLs last — the upper bound starts the scan,
        // the lower bound (or the first NULL) ends it
        if (upper !== null) {
          b.emit(Op.SCopy, hiReg, key + n);
          b.emitJump(upper.op === "<" ? Op.SeekGT : Op.SeekGE, icur, miss, key, null, n + 1);
        } else if (n > 0) {
          b.emitJump(Op.SeekGE, icur, miss, key, null, n);
        } else b.emitJump(Op.Rewind, icur, miss);
        if (lower !== null) b.emit(Op.SCopy, loReg, hiKey + n);
        else b.emit(Op.Null, 0, hiKey + n);
        top = b.here;
        b.emitJump(
          lower !== null && lower.op === ">=" ? Op.IdxGT : Op.IdxGE,
          icur,
          miss,
          hiKey,
          null,
          n + 1,
        );
      } else {
        // start
        if (lower !== null) {
          b.emit(Op.SCopy, loReg, key + n);
          b.emitJump(lower.op === ">" ? Op.SeekGT : Op.SeekGE, icur, miss, key, null, n + 1);
        } else if (upper !== null) {
          // skip the NULLs that sort first in the index
          b.emit(Op.Null, 0, key + n);
          b.emitJump(Op.SeekGT, icur, miss, key, null, n + 1);
        } else {
          b.emitJump(ch.reverse === true ? Op.SeekLE : Op.SeekGE, icur, miss, key, null, n);
        }
        if (upper !== null) b.emit(Op.SCopy, hiReg, hiKey + n);
        top = b.here;
        if (upper !== null) {
          b.emitJump(upper.op === "<" ? Op.IdxGE : Op.IdxGT, icur, miss, hiKey, null, n + 1);
        } else if (n > 0) {
          b.emitJump(ch.reverse === true ? Op.IdxLT : Op.IdxGT, icur, miss, hiKey, null, n);
        }
      }
      if (covering) setCover(src, ix, icur);
      else {
        cont = b.newLabel();
        tableLookup(c, src, ix, icur, cont);
      }
      void rangeCol;
    },
    next() {
      if (cont !== 0) b.resolve(cont);
      b.emit(ch.reverse === true ? Op.Prev : Op.Next, icur, top);
      if (inCur !== 0 || nextIn !== 0) {
        b.resolve(nextIn);
        b.emit(ch.reverse === true ? Op.Prev : Op.Next, inCur, outerTop);
      }
    },
  };
}
