/**
 * Virtual tables in FROM — SQLite's where.c whereLoopAddVirtual / whereLoopAddVirtualOne,
 * wherecode.c's OP_VFilter loop, and select.c's table-valued-function arguments
 * (sqlite3WhereTabFuncArgs: argument k constrains the k-th HIDDEN column with `=`).
 *
 * Owns: the `Source` of a virtual table (`vtabSource`), the constraints offered to xBestIndex
 * (WHERE terms on the table's columns — `=`, ranges, BETWEEN, IS, LIKE/GLOB/…, IN lists and
 * subqueries, `col = x OR col = y` — then the function's arguments; usable only when their
 * other side needs nothing from this loop or an inner one, and terms on parameters placed at an
 * inner loop offered as unusable), the loop code (VOpen and VFilter per scan with the chosen
 * arguments, VNext), IN constraints as outer loops of xFilter calls, and the EXPLAIN QUERY
 * PLAN text `SCAN t VIRTUAL TABLE INDEX n:str`.
 * Must never: run rows (the VM does, src/vdbe/ops/vtab.ts) or know a module's internals. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type * as A from "../sql/ast.ts";
import { Compiler } from "./expr.ts";
import { walk } from "./expr_walk.ts";
import { Affinity, Op, ProgramBuilder } from "./program.ts";
import { boundColumns, type Scope, type Source } from "./resolve.ts";
import { affinityOfType } from "./schema.ts";
import { isFromDdl, type VTabConstraint, type VTable, type VTabOp } from "./vtab.ts";
import { type AccessPlan, logEst, onlyOuter, type OrderTerm } from "./where.ts";

/**
 * The FROM source of virtual table `vt` named `name` (alias, else the table's name), with
 * table-valued-function arguments `args` (empty for a plain reference). Throws SQLite's
 * `too many arguments on f() - max n`, and `unsafe use of virtual table` for a `directOnly`
 * table (or, with trusted_schema off, any but an innocuous one) named in a view or trigger
 * (`item` is the FROM item). Cold.
 */
export function vtabSource(
  c: Compiler,
  vt: VTable,
  tableName: string,
  name: string,
  args: A.Expr[],
  level: number,
  item: object,
): Source {
  // select.c: a table named in a view or trigger must not be riskier than the schema is
  // trusted — DIRECTONLY never, an ordinary one only while PRAGMA trusted_schema is on
  const trusted = c.env.vtabs?.trustedSchema !== false;
  if (isFromDdl(item) && (vt.directOnly || (!trusted && vt.innocuous !== true))) {
    throw new SqliteError(`unsafe use of virtual table "${tableName}"`);
  }
  const hidden = vt.columns.filter((col) => col.hidden).length;
  if (args.length > hidden) {
    throw new SqliteError(`too many arguments on ${tableName}() - max ${hidden}`);
  }
  return {
    name,
    table: null,
    columns: vt.columns.map((col) => ({
      name: col.name,
      affinity: col.decltype === null ? Affinity.BLOB : affinityOfType(col.decltype),
      collation: null,
      decltype: col.decltype,
      originTable: tableName,
      originColumn: col.name,
      hidden: col.hidden,
    })),
    cursor: c.b.allocCursor(),
    kind: "vtab",
    rowidAlias: -1,
    hasRowid: true,
    level,
    usingFrom: new Map(),
    nullable: false,
    coverCursor: -1,
    coverMap: null,
    vtab: vt,
  };
}

/** The terms made from table-valued-function arguments (offered after the WHERE terms). */
const argTerms = new WeakSet<A.Expr>();
/** Each source's argument terms, offered (unusable) even when placed at an inner loop. */
const sourceArgs = new WeakMap<Source, A.Expr[]>();
/** All WHERE/ON terms of a query level's join (for terms placed at other loops). */
const joinTerms = new WeakMap<Scope, A.Expr[]>();

/**
 * Record the WHERE/ON terms of the join being planned at `scope`, so a virtual table's plan can
 * be offered (as unusable) the constraints on its parameters that need a table of an inner
 * loop — SQLite offers every term on the table, and better-sqlite3's xBestIndex refuses a plan
 * that leaves a parameter unbound. Cold.
 */
export function noteJoinTerms(scope: Scope, terms: A.Expr[]): void {
  joinTerms.set(scope, terms);
}

/**
 * `src.hidden_k = arg_k` for each argument (sqlite3WhereTabFuncArgs): they join the ON/WHERE
 * terms of the source, so a module that does not consume one still filters by it.
 */
export function vtabArgTerms(src: Source, args: A.Expr[]): A.Expr[] {
  const out: A.Expr[] = [];
  let k = 0;
  src.columns.forEach((col, i) => {
    if (!col.hidden || k >= args.length) return;
    const arg = args[k++];
    const span = arg.span;
    const left: A.ColumnRef = {
      kind: "column",
      schema: null,
      table: { name: src.name, quoted: null, span },
      column: { name: col.name, quoted: null, span },
      span,
    };
    boundColumns.set(left, { source: src, column: i, depth: 0 });
    const t: A.Expr = { kind: "binary", op: "=", left, right: arg, span };
    argTerms.add(t);
    out.push(t);
  });
  sourceArgs.set(src, out);
  return out;
}

/** One constraint offered to xBestIndex, with what the loop needs to evaluate it. */
interface Offer {
  readonly c: VTabConstraint;
  /** The value side (null for IS NULL / IS NOT NULL). */
  readonly rhs: A.Expr | null;
  /** The WHERE term it came from. */
  readonly term: A.Expr;
  /** `col IN (list)` offered as `=`. */
  readonly inList?: A.Expr[];
  /** `col IN (SELECT …)` offered as `=`: the subquery fills the value set. */
  readonly inSelect?: A.SelectStmt;
}

const FLIP: Partial<Record<VTabOp, VTabOp>> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/** The column of `src` that `e` names directly (-1 rowid), else undefined. */
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

function binaryOp(op: A.BinaryOp): VTabOp | null {
  switch (op) {
    case "=":
    case "<":
    case "<=":
    case ">":
    case ">=":
    case "!=":
    case "IS":
    case "IS NOT":
      return op;
    default:
      return null;
  }
}

/**
 * Can `e` be evaluated before this loop starts: it reads no column of this table or of a loop
 * nested inside it. A subquery may be correlated with outer loops or an enclosing query (as
 * SQLite allows for table-valued-function arguments): its reads are found by a dry compile.
 */
function usableValue(
  c: Compiler,
  scope: Scope,
  src: Source,
  e: A.Expr,
  levelOf: Map<unknown, number>,
  level: number,
): boolean {
  if (onlyOuter(c, scope, e, levelOf, level, true)) return true;
  let sub = false;
  walk(e, (x) => {
    if (x.kind === "subquery" || x.kind === "exists" || x.kind === "in") sub = true;
    return !sub;
  });
  if (!sub || c.sub === null) return false;
  let ok = true;
  const dry = new Compiler(new ProgramBuilder(), c.env);
  dry.sub = c.sub;
  dry.onRead = (s) => {
    const l = levelOf.get(s);
    if (s === src || (l !== undefined && l >= level)) ok = false;
  };
  try {
    c.sub.dry(() => dry.expr(scope, e));
  } catch {
    return false;
  }
  return ok;
}

/** The constraints xBestIndex is offered: arguments, then WHERE terms on this table. */
function offers(
  c: Compiler,
  scope: Scope,
  src: Source,
  terms: A.Expr[],
  levelOf: Map<unknown, number>,
  level: number,
): Offer[] {
  const out: Offer[] = [];
  const usable = (e: A.Expr) => usableValue(c, scope, src, e, levelOf, level);
  // WHERE terms first, then the function's arguments (their order in SQLite's WhereClause)
  // (an argument or a term needing a table of an inner loop is placed there: offered here,
  // unusable, when it constrains a HIDDEN column)
  const args = sourceArgs.get(src) ?? [];
  const elsewhere = (joinTerms.get(scope) ?? []).filter((t) =>
    !terms.includes(t) && !argTerms.has(t) && onHidden(c, scope, src, t)
  );
  const ordered = [
    ...terms.filter((t) => !argTerms.has(t)),
    ...elsewhere,
    ...args,
  ];
  for (const t of ordered) {
    if (t.kind === "binary") {
      const op = binaryOp(t.op);
      if (op === null) continue;
      for (const flip of [false, true]) {
        const l = flip ? t.right : t.left;
        const r = flip ? t.left : t.right;
        const col = columnOf(c, scope, l, src);
        if (col === undefined || columnOf(c, scope, r, src) !== undefined) continue;
        out.push({
          c: { column: col, op: flip ? FLIP[op] ?? op : op, usable: usable(r) },
          rhs: r,
          term: t,
        });
        break;
      }
    } else if (t.kind === "isNull") {
      const col = columnOf(c, scope, t.operand, src);
      if (col === undefined) continue;
      out.push({
        c: { column: col, op: t.not ? "IS NOT NULL" : "IS NULL", usable: true },
        rhs: null,
        term: t,
      });
    } else if (t.kind === "like" && !t.not && t.escape === null) {
      const col = columnOf(c, scope, t.left, src);
      if (col === undefined) continue;
      out.push({ c: { column: col, op: t.op, usable: usable(t.right) }, rhs: t.right, term: t });
    } else if (t.kind === "in" && !t.not && t.source.kind === "list") {
      const col = columnOf(c, scope, t.operand, src);
      const items = t.source.items;
      if (col === undefined || items.length === 0 || items.some((e) => e.kind === "vector")) {
        continue;
      }
      out.push({
        c: { column: col, op: "=", usable: items.every(usable) },
        rhs: items[0],
        term: t,
        inList: items,
      });
    } else if (t.kind === "in" && !t.not && t.source.kind === "select") {
      const col = columnOf(c, scope, t.operand, src);
      if (col === undefined) continue;
      const sel = t.source.select;
      const probe: A.Expr = { kind: "subquery", select: sel, span: t.span };
      out.push({
        c: { column: col, op: "=", usable: usable(probe) },
        rhs: probe,
        term: t,
        inSelect: sel,
      });
    } else if (t.kind === "between" && !t.not) {
      // each bound is a constraint of its own (SQLite splits BETWEEN into two virtual terms)
      const col = columnOf(c, scope, t.operand, src);
      if (col === undefined) continue;
      out.push({ c: { column: col, op: ">=", usable: usable(t.low) }, rhs: t.low, term: t });
      out.push({ c: { column: col, op: "<=", usable: usable(t.high) }, rhs: t.high, term: t });
    }
  }
  // `col = x OR col = y` on one column is offered as an IN list (exprAnalyzeOrTerm)
  for (const t of ordered) {
    if (t.kind !== "binary" || t.op !== "OR") continue;
    const items = orItems(c, scope, src, t);
    if (items === null) continue;
    out.push({
      c: { column: items.col, op: "=", usable: items.values.every(usable) },
      rhs: items.values[0],
      term: t,
      inList: items.values,
    });
  }
  return out;
}

/** `a = 1 OR a = 2 OR 3 = a` on one column of `src`: the column and the values, else null. */
function orItems(
  c: Compiler,
  scope: Scope,
  src: Source,
  t: A.Expr,
): { col: number; values: A.Expr[] } | null {
  const values: A.Expr[] = [];
  let col: number | undefined;
  const walk = (e: A.Expr): boolean => {
    if (e.kind === "binary" && e.op === "OR") return walk(e.left) && walk(e.right);
    if (e.kind !== "binary" || e.op !== "=") return false;
    for (const [l, r] of [[e.left, e.right], [e.right, e.left]]) {
      const k = columnOf(c, scope, l, src);
      if (k === undefined || (col !== undefined && k !== col)) continue;
      col = k;
      values.push(r);
      return true;
    }
    return false;
  };
  if (!walk(t) || col === undefined) return null;
  return { col, values };
}

/** Is `t` a comparison with a HIDDEN column of `src` on one side? */
function onHidden(c: Compiler, scope: Scope, src: Source, t: A.Expr): boolean {
  const cols: A.Expr[] = t.kind === "binary"
    ? [t.left, t.right]
    : t.kind === "isNull" || t.kind === "in"
    ? [t.operand]
    : t.kind === "like"
    ? [t.left]
    : [];
  return cols.some((e) => {
    const k = columnOf(c, scope, e, src);
    return k !== undefined && k >= 0 && src.columns[k].hidden;
  });
}

/** SQLite's sqlite3LogEstFromDouble. */
function logEstFromDouble(x: number): number {
  if (x <= 1) return 0;
  if (x <= 2000000000) return logEst(Math.floor(x));
  return Math.round(10 * Math.log2(x));
}

/**
 * Plan the loop over virtual-table source `src` at `level` (whereLoopAddVirtual): offer the
 * constraints, let the module choose, and emit VFilter with the chosen arguments. A plan the
 * module refuses (SQLITE_CONSTRAINT) costs "infinity" so the join-order search avoids it; used
 * for real, it is SQLite's `no query solution`. Cold.
 */
export function vtabPlan(
  c: Compiler,
  scope: Scope,
  src: Source,
  terms: A.Expr[],
  levelOf: Map<unknown, number>,
  level: number,
  order: OrderTerm[] | null = null,
): AccessPlan {
  const vt = src.vtab!;
  const b = c.b;
  const all = offers(c, scope, src, terms, levelOf, level);
  // the ORDER BY is offered when it is this table's (a single-table query's, as planAccess
  // passes it); a GROUP BY that accepts any order is not
  const orderBy = order === null || order.some((o) => o.anyOrder === true)
    ? []
    : order.map((o) => ({ column: o.col, desc: o.desc }));
  const chosen = vt.bestIndex(all.map((o) => o.c), orderBy);
  if (chosen === null) {
    return {
      remaining: terms,
      rows: 1000,
      cost: 10000,
      detail: `SCAN ${src.name} VIRTUAL TABLE`,
      begin() {
        // an argument that cannot compile reports its own error first
        for (const o of all) if (o.rhs !== null) c.expr(scope, o.rhs);
        throw new SqliteError("no query solution");
      },
      next() {},
    };
  }
  // xFilter's arguments in argvIndex order
  const argOffers: Offer[] = [];
  // a term is enforced by the module when every constraint made from it is used and omitted
  // (a BETWEEN is two); an unused one stays a filter in the loop
  const kept = new Set<A.Expr>();
  all.forEach((o, i) => {
    const a = chosen.argvIndex[i] ?? 0;
    if (a > 0) argOffers[a - 1] = o;
    if (a === 0 || !chosen.omit[i]) kept.add(o.term);
  });
  const consumed = [...new Set(all.map((o) => o.term))].filter((t) => !kept.has(t));
  for (let i = 0; i < argOffers.length; i++) {
    if (argOffers[i] === undefined) {
      throw new SqliteError(`xBestIndex malfunction`);
    }
  }
  // the arguments given by IN lists/subqueries: each an outer loop over its value set
  const ins = argOffers.flatMap((o, i) =>
    o.inList !== undefined || o.inSelect !== undefined ? [i] : []
  );
  const nArg = argOffers.length;
  let regs = 0;
  let top = 0;
  const inCur: number[] = [];
  const inTop: number[] = [];
  const nextIn: number[] = [];
  return {
    remaining: terms,
    used: consumed,
    consumed,
    rows: logEst(Math.max(1, Math.floor(chosen.estimatedRows))),
    cost: logEstFromDouble(chosen.estimatedCost),
    tableRows: logEst(Math.max(1, Math.floor(chosen.estimatedRows))),
    ordered: orderBy.length > 0 && chosen.orderByConsumed === true,
    detail: `SCAN ${src.name} VIRTUAL TABLE INDEX ${
      chosen.idxNumHex === true ? "0x" + chosen.idxNum.toString(16) : chosen.idxNum
    }:${chosen.idxStr ?? ""}`,
    begin(empty) {
      // (re)opened before each scan: a fresh cursor per outer row, as xOpen/xFilter pairs
      b.emit(Op.VOpen, src.cursor, 0, 0, {
        kind: "vtab",
        value: { name: vt.module, impl: vt.impl },
      });
      regs = b.allocRegs(nArg + 2);
      b.emit(Op.Integer, chosen.idxNum, regs);
      b.emit(Op.Integer, nArg, regs + 1);
      // every IN's distinct values, in order (OP_VFilter runs once per combination)
      for (const i of ins) inCur.push(inSet(c, scope, argOffers[i]));
      ins.forEach((_, k) => {
        b.emitJump(Op.Rewind, inCur[k], k === 0 ? empty : nextIn[k - 1]);
        inTop.push(b.here);
        nextIn.push(b.newLabel());
      });
      argOffers.forEach((o, i) => {
        const k = ins.indexOf(i);
        if (k >= 0) b.emit(Op.Column, inCur[k], 0, regs + 2 + i);
        else if (o.rhs === null) b.emit(Op.Null, 0, regs + 2 + i);
        else c.exprTo(scope, o.rhs, regs + 2 + i);
      });
      b.emitJump(Op.VFilter, src.cursor, ins.length > 0 ? nextIn[ins.length - 1] : empty, regs, {
        kind: "text",
        value: chosen.idxStr ?? "",
      });
      top = b.here;
    },
    next() {
      b.emit(Op.VNext, src.cursor, top);
      for (let k = ins.length - 1; k >= 0; k--) {
        b.resolve(nextIn[k]);
        b.emit(Op.Next, inCur[k], inTop[k]);
      }
    },
  };
}

/** The value set of an IN constraint used as an argument: an ephemeral index cursor. */
function inSet(c: Compiler, scope: Scope, o: Offer): number {
  const b = c.b;
  if (o.inSelect !== undefined) {
    return c.sub!.inSet(c, scope, o.inSelect, Affinity.NONE, null, true).cursor;
  }
  const cur = b.allocCursor();
  b.emit(Op.OpenEphemeral, cur, 1, 0, {
    kind: "cursor",
    value: {
      root: 0,
      kind: "index",
      nField: 1,
      name: "in-list",
      keyInfo: { nKey: 1, collations: [null], desc: [false] },
    },
  });
  const r = b.allocReg();
  for (const e of o.inList!) {
    c.exprTo(scope, e, r);
    b.emit(Op.IdxInsert, cur, r, 1);
  }
  return cur;
}

/** A virtual table a plain FROM name refers to: one made by CREATE VIRTUAL TABLE, else eponymous. */
export function vtabNamed(c: Compiler, name: string): VTable | undefined {
  const r = c.env.vtabs;
  if (r === undefined) return undefined;
  return r.table(name) ?? r.eponymous(name);
}
