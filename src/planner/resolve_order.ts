/**
 * Which name-resolution error SQLite reports — resolve.c's order (resolveSelectStep,
 * resolveExprStep, resolveOrderGroupBy) replayed over one query level after the code generator
 * has found *an* error. tsqlite resolves names while it generates code (WHERE before the result
 * columns, say), so with two bad names it would meet another first; SQLite walks the result set,
 * then HAVING, WHERE (with the ON terms ANDed after it), ORDER BY, GROUP BY, and within an
 * expression keeps the last message recorded (a function's error does not stop the walk into
 * its arguments: `nosuch(x)` reports `no such column: x`).
 *
 * Owns: `sqliteErrorAt` — the error SQLite would raise first at one SELECT level (a subquery
 * met on the way is compiled alone by the caller's callback and its error taken), or null when
 * this level cannot tell (the caller keeps its own error); `missingTable`, the expansion-phase
 * `no such table` that precedes every name error. Never: emits code, or reports an error for a statement the compiler accepted.
 * Cold (runs only when a compilation has already failed).
 * @module
 */

import { SqliteError } from "../error.ts";
import type * as A from "../sql/ast.ts";
import type { Compiler } from "./expr.ts";
import { errorAt } from "./error_at.ts";
import { fold, noSuchColumn, Scope } from "./resolve.ts";
import { WINDOW_BUILTIN_ARGS } from "./select_window_spec.ts";

/** A result column as this check needs it: its expression and `AS` name. */
export interface OrderItem {
  readonly expr: A.Expr;
  readonly alias: string | null;
}

/** The parts of one SELECT level, as written (before aliases are substituted). */
export interface OrderLevel {
  readonly items: readonly OrderItem[];
  readonly where: A.Expr | null;
  /** ON clauses of the joins as written, left to right (sqlite3ProcessJoin ANDs them after the WHERE). */
  readonly on: readonly A.Expr[];
  readonly having: A.Expr | null;
  readonly groupBy: readonly A.Expr[] | null;
  /** ORDER BY of a simple SELECT (null for an arm of a compound). */
  readonly orderBy: readonly A.OrderingTerm[] | null;
  /** LIMIT / OFFSET of a simple SELECT: resolved first, with no names visible. */
  readonly limit: A.LimitClause | null;
}

/** Thrown inside the walk when something this check does not model comes before any error. */
class Unknown {}
const UNKNOWN = new Unknown();

/** resolveExprStep's answers: keep walking, skip the children, stop the walk. */
type Step = "continue" | "prune" | "abort";

interface Ctx {
  allowAgg: boolean;
  allowWin: boolean;
  /** Result-set aliases visible (NC_UEList). */
  uelist: boolean;
}

/** SQLite's `%r` ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st. Cold. */
export function ordinalOf(n: number): string {
  const m100 = n % 100;
  const m10 = n % 10;
  const suffix = m100 >= 11 && m100 <= 13
    ? "th"
    : m10 === 1
    ? "st"
    : m10 === 2
    ? "nd"
    : m10 === 3
    ? "rd"
    : "th";
  return `${n}${suffix}`;
}

/** sqlite3ExprIsInteger over a literal (with unary +/-): its value when it fits 32 bits. Cold. */
export function orderTermInt(e: A.Expr): number | null {
  return intValue(e);
}

function intValue(e: A.Expr): number | null {
  if (e.kind === "integer") {
    if (!/^[0-9]+$/.test(e.text)) return null;
    const v = Number(e.text);
    return v <= 2147483647 ? v : null;
  }
  if (e.kind === "unary" && (e.op === "-" || e.op === "+")) {
    const v = intValue(e.operand);
    return v === null ? null : e.op === "-" ? -v : v;
  }
  return null;
}

/** sqlite3ExprSkipCollateAndLikely. */
function skipCollate(e: A.Expr): A.Expr {
  for (;;) {
    if (e.kind === "collate") e = e.operand;
    else if (
      e.kind === "call" && e.args.length >= 1 &&
      ["likely", "unlikely", "likelihood"].includes(e.name.name.toLowerCase())
    ) e = e.args[0];
    else return e;
  }
}

class LevelCheck {
  err: SqliteError | null = null;
  /** Aggregates seen in the current expression (EP_Agg). */
  sawAgg = false;
  sawWin = false;
  constructor(
    readonly c: Compiler,
    readonly scope: Scope,
    readonly items: readonly OrderItem[],
    readonly itemAgg: readonly boolean[],
    readonly itemWin: readonly boolean[],
    readonly sub: ((sel: A.SelectStmt) => unknown) | null = null,
    readonly sql = "",
  ) {}

  /**
   * Resolving an ON term: its nodes carry EP_InnerON/EP_OuterON, which
   * sqlite3RecordErrorOffsetOfExpr skips, so errors there have no offset.
   */
  inOn = false;

  record(msg: string, at: number | null): void {
    this.err = this.place(new SqliteError(msg), at);
  }

  private place(err: SqliteError, at: number | null): SqliteError {
    return at === null || this.inOn ? err : errorAt(err, at) as SqliteError;
  }

  /** sqlite3ResolveExprNames: true when an error stands afterwards. */
  resolve(e: A.Expr, ctx: Ctx): boolean {
    this.walk(e, ctx);
    return this.err !== null;
  }

  /** One part of a larger walk (an AND operand): false when the walk was aborted. Cold. */
  walkTop(e: A.Expr, ctx: Ctx): boolean {
    return this.walk(e, ctx);
  }

  /** sqlite3WalkExpr: false when the walk was aborted. */
  private walk(e: A.Expr, ctx: Ctx): boolean {
    const r = this.step(e, ctx);
    if (r === "abort") return false;
    if (r === "prune") return true;
    for (const k of children(e)) if (!this.walk(k, ctx)) return false;
    return true;
  }

  private walkList(list: readonly A.Expr[], ctx: Ctx): boolean {
    for (const e of list) if (!this.walk(e, ctx)) return false;
    return true;
  }

  private after(): Step {
    return this.err !== null ? "abort" : "continue";
  }

  /** The LIKE-family operator as written (`%#T` prints the token), else its upper-case name. */
  private opText(e: A.LikeExpr): { name: string; at: number } {
    const gap = this.sql.slice(e.left.span.end, e.right.span.start);
    const m = /^(\s*(?:not\s+)?)([a-z]+)\s*$/i.exec(gap);
    return m !== null && m[2].toUpperCase() === e.op
      ? { name: m[2], at: e.left.span.end + m[1].length }
      : { name: e.op, at: e.span.start };
  }

  /** resolveExprStep's comparison case: both sides must have one vector size. */
  private vectorCheck(
    l: A.Expr,
    r: A.Expr,
    op: string,
    at: number,
    r2: A.Expr | null = null,
  ): Step {
    if (!["=", "!=", "<", "<=", ">", ">=", "IS", "IS NOT"].includes(op)) return this.after();
    const nl = vectorSize(l);
    let nr = vectorSize(r);
    if (r2 !== null && nr === nl) nr = vectorSize(r2);
    if (nl !== nr) {
      this.record("row value misused", at);
      return "abort";
    }
    return this.after();
  }

  private step(e: A.Expr, ctx: Ctx): Step {
    switch (e.kind) {
      case "column":
        return this.lookup(e, ctx);
      case "call":
        return this.call(e, ctx);
      case "like": {
        if (e.op === "MATCH") {
          // (SQLite's match() exists, and fails only when run: its arguments are resolved)
          const args = e.escape === null ? [e.right, e.left] : [e.right, e.left, e.escape];
          return this.walkList(args, ctx) ? "prune" : "abort";
        }
        const op = this.opText(e);
        return this.fn(
          e.op.toLowerCase(),
          op.name,
          e.escape === null ? [e.right, e.left] : [e.right, e.left, e.escape],
          op.at,
          ctx,
        );
      }
      case "binary":
        if (e.op === "->" || e.op === "->>") {
          return this.fn(e.op, e.op, [e.left, e.right], e.span.start, ctx);
        }
        if ((e.op === "IS" || e.op === "IS NOT") && e.right.kind === "column") {
          const right = e.right;
          if (right.table === null) {
            const r = this.lookup(right, ctx);
            if (r === "abort") return "abort";
            // `x IS TRUE`: nothing more to resolve on the right
            if (!this.walk(e.left, ctx)) return "abort";
            return "prune";
          }
        }
        return this.vectorCheck(e.left, e.right, e.op, e.span.start);
      case "between":
        return this.vectorCheck(e.operand, e.low, "=", e.span.start, e.high);
      case "isNull":
        this.walk(e.operand, ctx);
        return "prune";
      case "subquery":
      case "exists":
        return this.subquery(e.select);
      case "raise":
        throw UNKNOWN;
      case "in":
        // the subquery is resolved before the left operand (TK_IN's callback walks it)
        if (e.source.kind === "select" && this.subquery(e.source.select) === "abort") {
          return "abort";
        }
        if (e.source.kind === "table") throw UNKNOWN;
        return this.after();
      case "current":
        return this.fn(e.keyword.toLowerCase(), e.keyword, [], e.span.start, ctx);
      default:
        return this.after();
    }
  }

  /** A subquery: compiled alone (its own levels are re-checked as it fails). */
  private subquery(sel: A.SelectStmt): Step {
    // after an error the subquery's walk stops at its first node that is not a name
    if (this.err !== null) return "abort";
    if (this.sub === null) throw UNKNOWN;
    const err = this.sub(sel);
    if (err === null) return this.after();
    // (an aggregate of this level in its result set fails when the subquery is compiled alone;
    // one in its WHERE / ON is misused whoever owns it)
    if (!(err instanceof SqliteError)) throw UNKNOWN;
    if (err.message.startsWith("misuse of aggregate") && !inWhere(sel, err)) throw UNKNOWN;
    this.err = err;
    return "abort";
  }

  /** lookupName at this level: FROM sources, then result-set aliases, then outer queries. */
  private lookup(ref: A.ColumnRef, ctx: Ctx): Step {
    const table = ref.table?.name ?? null;
    let found = false;
    try {
      if (this.scope.lookupLocal(table, ref.column.name) !== null) found = true;
      else if (table === null && ctx.uelist) {
        const n = fold(ref.column.name);
        const i = this.items.findIndex((it) => it.alias !== null && fold(it.alias) === n);
        if (i >= 0) {
          if (!ctx.allowAgg && this.itemAgg[i]) {
            this.record(`misuse of aliased aggregate ${ref.column.name}`, null);
            return "abort";
          }
          if (this.itemWin[i] && !ctx.allowWin) {
            this.record(`misuse of aliased window function ${ref.column.name}`, null);
            return "abort";
          }
          if (this.itemAgg[i]) this.sawAgg = true;
          return "prune";
        }
      }
      if (!found && this.scope.parent !== null) {
        found = this.scope.parent.lookup(table, ref.column.name) !== null;
      }
    } catch (err) {
      if (!(err instanceof SqliteError)) throw err;
      this.err = this.place(err, ref.span.start);
      return "abort";
    }
    if (found) return "prune";
    if (table === null) {
      const n = ref.column.name.toLowerCase();
      if (ref.column.quoted === null && (n === "true" || n === "false")) return "prune";
      if (ref.column.quoted === '"') {
        if (this.c.env.dqs) return "prune";
        this.record(
          `no such column: "${ref.column.name}" - should this be a string literal in single-quotes?`,
          ref.span.start,
        );
        return "abort";
      }
    }
    this.err = this.place(
      noSuchColumn(table, ref.column.name, ref.schema?.name ?? null),
      ref.span.start,
    );
    return "abort";
  }

  private call(e: A.FunctionCall, ctx: Ctx): Step {
    return this.fn(
      e.name.name.toLowerCase(),
      e.name.name,
      e.star ? [] : e.args,
      e.span.start,
      ctx,
      e,
    );
  }

  /** resolveExprStep's TK_FUNCTION case. */
  private fn(
    lname: string,
    name: string,
    args: readonly A.Expr[],
    at: number,
    ctx: Ctx,
    call: A.FunctionCall | null = null,
  ): Step {
    const n = args.length;
    const winArgs = WINDOW_BUILTIN_ARGS.get(lname);
    let noSuch = false;
    let wrongArgs = false;
    let isAgg = false;
    let windowCapable = false;
    const isWinFn = winArgs !== undefined;
    if (winArgs !== undefined) {
      if (winArgs.includes(n)) {
        isAgg = true;
        windowCapable = true;
      } else wrongArgs = true;
    } else {
      const f = this.c.env.functions.resolve(lname, n);
      if (f === null) noSuch = true;
      else if (f === "wrong-args") wrongArgs = true;
      else {
        isAgg = f.aggregate;
        windowCapable = f.aggregate;
      }
    }
    const over = call !== null && call.over !== null;
    const found = !noSuch && !wrongArgs;
    if (found && !windowCapable && over) {
      this.record(`${name}() may not be used as a window function`, at);
    } else if (
      (isAgg && !ctx.allowAgg) || (isAgg && isWinFn && !over) || (isAgg && over && !ctx.allowWin)
    ) {
      this.record(`misuse of ${isWinFn || over ? "window" : "aggregate"} function ${name}()`, at);
      isAgg = false;
    } else if (noSuch) {
      this.record(`no such function: ${name}`, at);
    } else if (wrongArgs) {
      this.record(`wrong number of arguments to function ${name}()`, at);
    } else if (!isAgg && call !== null && call.filter !== null) {
      this.record(`FILTER may not be used with non-aggregate ${name}()`, at);
    } else if (!isAgg && call !== null && call.orderBy !== null) {
      this.record(`ORDER BY may not be used with non-aggregate ${name}()`, at);
    }
    const saved = { ...ctx };
    if (isAgg) {
      ctx.allowWin = false;
      if (!over) ctx.allowAgg = false;
    }
    this.walkList(args, ctx);
    if (isAgg && call !== null) {
      if (call.orderBy !== null) this.walkList(call.orderBy.map((t) => t.expr), ctx);
      if (over) {
        if (call.over !== null && call.over.kind === "windowSpec") {
          const spec = call.over;
          if (spec.base !== null) throw UNKNOWN;
          if (spec.partitionBy !== null) this.walkList(spec.partitionBy, ctx);
          if (spec.orderBy !== null) this.walkList(spec.orderBy.map((t) => t.expr), ctx);
        } else throw UNKNOWN;
        if (call.filter !== null) this.walk(call.filter, ctx);
        this.sawWin = true;
      } else {
        if (call.filter !== null) this.walk(call.filter, ctx);
        this.sawAgg = true;
      }
    }
    ctx.allowAgg = saved.allowAgg;
    ctx.allowWin = saved.allowWin;
    return "prune";
  }

  /** resolveOrderGroupBy: true when an error stands. */
  orderGroup(terms: readonly A.Expr[], type: "ORDER" | "GROUP", ctx: Ctx): boolean {
    const nResult = this.items.length;
    const cols: number[] = [];
    for (let i = 0; i < terms.length; i++) {
      const e2 = skipCollate(terms[i]);
      if (type === "ORDER" && e2.kind === "column" && e2.table === null) {
        const n = fold(e2.column.name);
        if (this.items.some((it) => it.alias !== null && fold(it.alias) === n)) continue;
      }
      const v = intValue(e2);
      if (v !== null) {
        if (v < 1 || v > 0xffff) {
          // (a unary minus has no offset of its own: the literal's is recorded)
          let lit = e2;
          while (lit.kind === "unary") lit = lit.operand;
          this.record(
            `${ordinalOf(i + 1)} ${type} BY term out of range - should be between 1 and ${nResult}`,
            lit.span.start,
          );
          return true;
        }
        cols[i] = v;
        continue;
      }
      if (this.resolve(terms[i], ctx)) return true;
    }
    for (let i = 0; i < terms.length; i++) {
      if (cols[i] !== undefined && cols[i] > nResult) {
        this.record(
          `${ordinalOf(i + 1)} ${type} BY term out of range - should be between 1 and ${nResult}`,
          null,
        );
        return true;
      }
    }
    return false;
  }
}

/** Whether `err`'s offset lies in a WHERE or ON clause of `sel`'s cores. Cold. */
function inWhere(sel: A.SelectStmt, err: SqliteError): boolean {
  const at = (err as SqliteError & { offset?: number }).offset;
  if (at === undefined) return false;
  const within = (e: A.Expr | null) => e !== null && at >= e.span.start && at < e.span.end;
  for (const core of [sel.first, ...sel.compounds.map((t) => t.select)]) {
    if (core.kind !== "core") continue;
    if (within(core.where)) return true;
    if (core.from !== null && core.from.joins.some((j) => within(j.on))) return true;
  }
  return false;
}

/** sqlite3ExprVectorSize: a row value's width, a subquery's column count, else 1. */
function vectorSize(e: A.Expr): number {
  if (e.kind === "vector") return e.items.length;
  if (e.kind === "subquery") {
    const first = e.select.first;
    if (first.kind === "values") return first.rows[0].length;
    if (first.columns.some((c) => c.kind !== "expr")) throw UNKNOWN;
    return first.columns.length;
  }
  return 1;
}

/** The children of `e` in sqlite3WalkExpr's order (pLeft, pRight, then the list). */
function children(e: A.Expr): A.Expr[] {
  switch (e.kind) {
    case "unary":
    case "cast":
    case "collate":
      return [e.operand];
    case "binary":
      return [e.left, e.right];
    case "between":
      return [e.operand, e.low, e.high];
    case "in":
      return e.source.kind === "list" ? [e.operand, ...e.source.items] : [e.operand];
    case "case": {
      const out: A.Expr[] = [];
      if (e.operand !== null) out.push(e.operand);
      for (const w of e.whens) out.push(w.when, w.then);
      if (e.else !== null) out.push(e.else);
      return out;
    }
    case "vector":
      return e.items;
    default:
      return [];
  }
}

/** Whether `e` holds an aggregate / window call of this level (not inside a subquery). Cold. */
function scan(c: Compiler, e: A.Expr): { agg: boolean; win: boolean } {
  let agg = false;
  let win = false;
  const visit = (x: A.Expr): void => {
    if (x.kind === "call") {
      const l = x.name.name.toLowerCase();
      if (x.over !== null) win = true;
      else {
        const f = c.env.functions.resolve(l, x.star ? 0 : x.args.length);
        if (f !== null && f !== "wrong-args" && f.aggregate) agg = true;
      }
    }
    for (const k of children(x)) visit(k);
    if (x.kind === "call") { for (const a of x.args) visit(a); }
  };
  visit(e);
  return { agg, win };
}

/**
 * The error SQLite's resolver reports first for one SELECT level, or null when none is found
 * here or a construct this check does not model (a subquery, a named window) comes first.
 * `isAggregate`: GROUP BY or an aggregate in the result set (SF_Aggregate). Cold.
 */
export function sqliteErrorAt(
  c: Compiler,
  scope: Scope,
  level: OrderLevel,
  isAggregate: boolean,
  sub: ((sel: A.SelectStmt) => unknown) | null = null,
  sql = "",
): SqliteError | null {
  const aggs = level.items.map((it) => scan(c, it.expr));
  const chk = new LevelCheck(
    c,
    scope,
    level.items,
    aggs.map((a) => a.agg),
    aggs.map((a) => a.win),
    sub,
    sql,
  );
  try {
    if (level.limit !== null) {
      const none = new LevelCheck(c, new Scope(null), [], [], []);
      const nc: Ctx = { allowAgg: false, allowWin: false, uelist: false };
      if (none.resolve(level.limit.limit, nc)) return none.err;
      if (level.limit.offset !== null && none.resolve(level.limit.offset, nc)) return none.err;
    }
    const ctx: Ctx = { allowAgg: true, allowWin: true, uelist: false };
    for (const it of level.items) if (chk.resolve(it.expr, ctx)) return chk.err;
    ctx.allowWin = false;
    ctx.allowAgg = isAggregate;
    ctx.uelist = true;
    if (level.having !== null) {
      if (!isAggregate) return new SqliteError("HAVING clause on a non-aggregate query");
      if (chk.resolve(level.having, ctx)) return chk.err;
    }
    // sqlite3ProcessJoin makes the WHERE `((where AND on1) AND on2) …`: one walk, in which a
    // function's error does not stop the later parts, a failed name does
    let walked = level.where === null || chk.walkTop(level.where, ctx);
    chk.inOn = true;
    for (const on of level.on) if (walked) walked = chk.walkTop(on, ctx);
    chk.inOn = false;
    if (chk.err !== null) return chk.err;
    ctx.allowAgg = true;
    ctx.allowWin = true;
    if (
      level.orderBy !== null &&
      chk.orderGroup(level.orderBy.map((t) => t.expr), "ORDER", ctx)
    ) return chk.err;
    ctx.allowWin = false;
    if (level.groupBy !== null) {
      if (chk.orderGroup(level.groupBy, "GROUP", ctx)) return chk.err;
      for (const g of level.groupBy) {
        const e2 = skipCollate(g);
        const v = intValue(e2);
        let agg = false;
        if (v !== null && v >= 1 && v <= aggs.length) agg = aggs[v - 1].agg;
        else if (e2.kind === "column" && e2.table === null) {
          const n = fold(e2.column.name);
          const i = level.items.findIndex((it) => it.alias !== null && fold(it.alias) === n);
          agg = i >= 0 && scope.lookupLocal(null, e2.column.name) === null
            ? aggs[i].agg
            : scan(c, g).agg;
        } else agg = scan(c, g).agg;
        if (agg) {
          return new SqliteError("aggregate functions are not allowed in the GROUP BY clause");
        }
      }
    }
    // code-time errors that precede expr.c's "misuse of aggregate: f()" in ORDER BY: a row
    // value where one value is needed (result set, WHERE, ON)
    const scalarUses = [...level.items.map((it) => it.expr), level.where, ...level.on];
    if (scalarUses.some((e) => e !== null && misusedVector(e, true))) {
      return new SqliteError("row value misused");
    }
  } catch (err) {
    if (err === UNKNOWN) return null;
    throw err;
  }
  return null;
}

/** Whether `e` has a row value where a single value is needed (not inside subqueries). Cold. */
function misusedVector(e: A.Expr, scalar: boolean): boolean {
  switch (e.kind) {
    case "vector":
      return scalar || e.items.some((x) => misusedVector(x, true));
    case "binary":
      if (["=", "!=", "<", "<=", ">", ">=", "IS", "IS NOT"].includes(e.op)) {
        return misusedVector(e.left, false) || misusedVector(e.right, false);
      }
      return misusedVector(e.left, true) || misusedVector(e.right, true);
    case "between":
      return misusedVector(e.operand, false) || misusedVector(e.low, false) ||
        misusedVector(e.high, false);
    case "in":
      return misusedVector(e.operand, false) ||
        (e.source.kind === "list" && e.source.items.some((x) => misusedVector(x, true)));
    default:
      return children(e).some((x) => misusedVector(x, true));
  }
}

/**
 * The first `no such table` among the subqueries of `exprs`, in sqlite3SelectExpand's order
 * (every FROM clause of the statement is expanded before any name is resolved), or null.
 * `known(name)` says whether a table, view, virtual table or CTE of that name is visible;
 * `ctes` are the CTE names declared inside the subqueries walked so far. Cold.
 */
export function missingTable(
  exprs: readonly (A.Expr | null)[],
  known: (name: string) => boolean,
): SqliteError | null {
  const ctes: string[] = [];
  const inSelect = (sel: A.SelectStmt): SqliteError | null => {
    const n = ctes.length;
    if (sel.with !== null) { for (const cte of sel.with.ctes) ctes.push(fold(cte.name.name)); }
    try {
      // a compound's arms are expanded right to left (its head is the last arm)
      const cores = [sel.first, ...sel.compounds.map((t) => t.select)].reverse();
      for (const core of cores) {
        if (core.kind === "values") {
          for (const row of core.rows) {
            const e = inExprs(row);
            if (e !== null) return e;
          }
          continue;
        }
        if (core.from !== null) {
          const e = inFrom(core.from);
          if (e !== null) return e;
        }
        const e = inExprs([
          ...core.columns.map((rc) => rc.kind === "expr" ? rc.expr : null),
          core.where,
          ...(core.groupBy ?? []),
          core.having,
          ...(core === cores[0] ? (sel.orderBy ?? []).map((t) => t.expr) : []),
        ]);
        if (e !== null) return e;
      }
      return null;
    } finally {
      ctes.length = n;
    }
  };
  const inFrom = (jc: A.JoinClause): SqliteError | null => {
    for (const src of [jc.first, ...jc.joins.map((j) => j.source)]) {
      if (src.kind === "subquery") {
        const e = inSelect(src.select);
        if (e !== null) return e;
      } else if (src.kind === "join") {
        const e = inFrom(src.join);
        if (e !== null) return e;
      } else if (src.kind === "table" && src.schema === null) {
        if (!ctes.includes(fold(src.name.name)) && !known(src.name.name)) {
          return new SqliteError(`no such table: ${src.name.name}`);
        }
      }
    }
    const ons = jc.joins.map((j) => j.on);
    return inExprs(ons);
  };
  const inExprs = (list: readonly (A.Expr | null)[]): SqliteError | null => {
    for (const e of list) {
      if (e === null) continue;
      const r = inExpr(e);
      if (r !== null) return r;
    }
    return null;
  };
  const inExpr = (e: A.Expr): SqliteError | null => {
    if (e.kind === "subquery" || e.kind === "exists") return inSelect(e.select);
    if (e.kind === "in") {
      const r = inExpr(e.operand);
      if (r !== null) return r;
      if (e.source.kind === "select") return inSelect(e.source.select);
      if (e.source.kind === "list") return inExprs(e.source.items);
      return null;
    }
    if (e.kind === "call") {
      return inExprs([
        ...e.args,
        ...(e.orderBy ?? []).map((t) => t.expr),
        e.filter,
      ]);
    }
    if (e.kind === "like") return inExprs([e.left, e.right, e.escape]);
    if (e.kind === "isNull") return inExpr(e.operand);
    return inExprs(children(e));
  };
  return inExprs(exprs);
}

/** EP_IsFalse: an integer literal 0 (sqlite3ExprAlloc marks it so). */
function isFalseLiteral(e: A.Expr): boolean {
  return e.kind === "integer" && /^(?:0+|0[xX]0+)$/.test(e.text);
}

/** EP_HasFunc: a function call anywhere in `e` (not inside a subquery). */
function hasFunc(e: A.Expr): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    const o = x as { kind?: string; op?: string };
    if (o.kind === "select") return;
    if (
      o.kind === "call" || o.kind === "like" || o.kind === "current" ||
      (o.kind === "binary" && (o.op === "->" || o.op === "->>"))
    ) {
      found = true;
      return;
    }
    for (const [k, v] of Object.entries(o)) if (k !== "span") visit(v);
  };
  visit(e);
  return found;
}

/**
 * The parser's AND short-cut (sqlite3PExpr → sqlite3ExprAnd): `x AND 0` / `0 AND x` is the
 * literal 0 unless either side has a function call — `x` is then never resolved, so an unknown
 * name there is no error. Applied to one query level's expressions (not inside subqueries, which
 * fold their own); returns `x` itself when nothing folds. Cold.
 */
export function foldFalseAnd<T>(x: T): T {
  if (x === null || typeof x !== "object") return x;
  if (Array.isArray(x)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < x.length; i++) {
      const y = foldFalseAnd(x[i]);
      if (y !== x[i]) {
        out ??= x.slice();
        out[i] = y;
      }
    }
    return (out ?? x) as T;
  }
  const o = x as Record<string, unknown>;
  if (o.kind === "select") return x;
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(o)) {
    if (k === "span") continue;
    const y = foldFalseAnd(v);
    if (y !== v) {
      out ??= { ...o };
      out[k] = y;
    }
  }
  const node = (out ?? o) as unknown as A.Expr;
  if (
    node.kind === "binary" && node.op === "AND" &&
    (isFalseLiteral(node.left) || isFalseLiteral(node.right)) &&
    !hasFunc(node.left) && !hasFunc(node.right)
  ) {
    return { kind: "integer", text: "0", span: node.span } as unknown as T;
  }
  return (out ?? x) as T;
}

/** Whether `err` is one of the resolver's errors (worth re-ordering). Cold. */
export function isResolveError(err: unknown): err is SqliteError {
  if (!(err instanceof SqliteError)) return false;
  const m = err.message;
  return m.startsWith("no such column: ") || m.startsWith("ambiguous column name: ") ||
    m.startsWith("no such function: ") || m.startsWith("wrong number of arguments") ||
    m.startsWith("misuse of ") || m.startsWith("HAVING clause") ||
    m.includes(" BY term out of range") || m.startsWith("aggregate functions are not allowed") ||
    m.startsWith("FILTER may not be used") || m.startsWith("ORDER BY may not be used") ||
    m.endsWith("may not be used as a window function") || m === "row value misused" ||
    m.startsWith("sub-select returns ") || m.startsWith("unable to use function MATCH");
}
