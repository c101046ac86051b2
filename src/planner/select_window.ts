/**
 * Window functions (`f(…) OVER …`) for SELECT — SQLite's window.c sqlite3WindowRewrite and the
 * resolver checks of resolve.c, planned the way SQLite plans them:
 *
 *   SELECT <exprs with window calls> FROM … WHERE … GROUP BY … HAVING … ORDER BY … LIMIT …
 *
 * becomes an outer query over a materialised sub-select (EXPLAIN QUERY PLAN shows it as
 * `CO-ROUTINE (subquery-N)` / `SCAN (subquery-N)`, as SQLite does):
 *
 *   SELECT <exprs over the sub-select's columns and the window results> FROM (
 *     SELECT <every window-free sub-expression: columns, aggregates, window arguments,
 *             PARTITION BY / ORDER BY terms, FILTER conditions>
 *     FROM … WHERE … GROUP BY … HAVING … ORDER BY <first window's PARTITION BY, ORDER BY>
 *   ) ORDER BY … LIMIT …
 *
 * The sub-select's rows land in an ephemeral table through the normal sorter (so ties keep
 * SQLite's order) and `Op.Window` (src/func/window_exec.ts) appends one column per window call.
 *
 * Owns: detecting window calls, named windows (`WINDOW w AS (…)`, `OVER w`, `OVER (w …)` with
 * SQLite's override errors), frame validation, the rewrite, and the `WindowOpSpec` operand.
 * Must never: evaluate frames (the VM does) or change how non-window queries compile. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type * as A from "../sql/ast.ts";
import type { Compiler } from "./expr.ts";
import { Affinity, Op } from "./program.ts";
import { fold, Scope, type SourceColumn } from "./resolve.ts";
import { walk } from "./expr_walk.ts";
import {
  WINDOW_BUILTIN_ARGS,
  type WindowBoundKind,
  WindowExclude,
  type WindowFuncSpec,
  type WindowGroupSpec,
  type WindowKey,
} from "./select_window_spec.ts";

/** What the SELECT compiler lends the window rewrite. */
export interface WindowSelectHost {
  /** The statement text (result-column names). */
  readonly sql: string;
  /** The statement being compiled (sub-select numbering). */
  readonly root: A.SelectStmt | null;
  /**
   * The result columns of `core` (stars expanded, SQLite's names, explicit aliases) and the
   * names of its FROM columns, compiled dry.
   */
  dryColumns(
    c: Compiler,
    scope: Scope,
    core: A.SelectCore,
  ): { items: { name: string; expr: A.Expr; alias: string | null }[]; fromNames: string[] };
  /** Compile a plain core (no window calls left) with its ORDER BY and LIMIT. */
  compileCore(
    c: Compiler,
    scope: Scope,
    core: A.SelectCore,
    orderBy: A.OrderingTerm[] | null,
    limit: A.LimitClause | null,
  ): unknown;
}

/** A window call after name resolution. */
interface ResolvedWindow {
  partition: A.Expr[];
  order: A.OrderingTerm[];
  frame: A.WindowFrame | null;
}

interface PlannedCall {
  call: A.FunctionCall;
  win: ResolvedWindow;
  builtin: boolean;
  impl: unknown;
  /** Inner columns of the arguments, FILTER, PARTITION BY and ORDER BY terms. */
  args: number[];
  filter: number;
  partition: number[];
  order: number[];
  /** Output column name in the sub-select source. */
  outName: string;
  /**
   * A copy made for an ORDER BY term naming a result column that holds this call: SQLite
   * resolves such a term to a second, separate window (one more nested sub-select).
   */
  copy: boolean;
  /** The result column the call is in (-1: ORDER BY). */
  resultCol: number;
}

/** The plan of one window sub-select, consumed when it is materialised. */
interface WindowPlan {
  nLeaves: number;
  calls: PlannedCall[];
  /** Group of each call (calls sharing PARTITION BY + ORDER BY), in processing order. */
  groups: number[][];
  /** The window whose PARTITION BY / ORDER BY each group sorts by (groups may be empty). */
  levelWindows: PlannedCall[];
  /** `(subquery-N)` numbers of the nested levels after the first (EXPLAIN QUERY PLAN). */
  levelNames: string[];
}

const plans = new WeakMap<A.SelectStmt, WindowPlan>();
const subSelectNumbers = new WeakMap<object, number>();
/** The number given to a window core (a dry compilation and the real one agree). */
const coreNumbers = new WeakMap<A.SelectCore, number>();

/** Does `e` contain a window call at this query level (not inside subqueries)? */
export function containsWindow(e: A.Expr): boolean {
  let found = false;
  walk(e, (x) => {
    if (x.kind === "call" && x.over !== null) found = true;
    return !found;
  });
  return found;
}

/** Does this core need the window rewrite (a window call in its result or ORDER BY)? */
export function hasWindowCalls(core: A.SelectCore, orderBy: A.OrderingTerm[] | null): boolean {
  for (const rc of core.columns) if (rc.kind === "expr" && containsWindow(rc.expr)) return true;
  if (orderBy !== null) { for (const t of orderBy) if (containsWindow(t.expr)) return true; }
  return false;
}

function firstWindowName(e: A.Expr): string {
  let name = "";
  walk(e, (x) => {
    if (name === "" && x.kind === "call" && x.over !== null) name = x.name.name;
    return name === "";
  });
  return name;
}

/** SQLite's message for a window call where none may appear (WHERE, GROUP BY, arguments…). */
export function windowMisuse(e: A.Expr): SqliteError {
  return new SqliteError(`misuse of window function ${firstWindowName(e)}()`);
}

/** Structural key of an expression (spans ignored). */
function exprKey(e: unknown): string {
  return JSON.stringify(e, (k, v) => (k === "span" ? undefined : v));
}

function name(text: string, span: A.Span): A.Name {
  return { name: text, quoted: null, span };
}

/** Count the SELECT cores of a statement (SQLite's pParse->nSelect after parsing). */
function countSelects(x: unknown): number {
  if (Array.isArray(x)) return x.reduce((n: number, y) => n + countSelects(y), 0);
  if (x === null || typeof x !== "object") return 0;
  const o = x as Record<string, unknown>;
  let n = o.kind === "core" || o.kind === "values" ? 1 : 0;
  for (const k in o) if (k !== "span") n += countSelects(o[k]);
  return n;
}

/**
 * Resolve `OVER …` against the WINDOW clause: a name finds its last definition; a definition's
 * own base (`WINDOW b AS (a …)`) is looked up among the definitions before it only, and one not
 * found there is ignored (sqlite3WindowChain); a base named in `OVER (a …)` must exist.
 */
function resolveWindow(core: A.SelectCore, over: A.WindowRef | A.WindowSpec): ResolvedWindow {
  const defs = core.windows ?? [];
  const find = (n: A.Name, before: number): number => {
    for (let i = before - 1; i >= 0; i--) if (fold(defs[i].name.name) === fold(n.name)) return i;
    return -1;
  };
  const flat = (spec: A.WindowSpec, before: number, inClause: boolean): ResolvedWindow => {
    const own = { partition: spec.partitionBy ?? [], order: spec.orderBy ?? [], frame: spec.frame };
    if (spec.base === null) return own;
    const at = find(spec.base, before);
    if (at < 0) {
      if (inClause) return own;
      throw new SqliteError(`no such window: ${spec.base.name}`);
    }
    const base = flat(defs[at].spec, at, true);
    const bn = spec.base.name;
    if (spec.partitionBy !== null) {
      throw new SqliteError(`cannot override PARTITION clause of window: ${bn}`);
    }
    if (spec.orderBy !== null && base.order.length > 0) {
      throw new SqliteError(`cannot override ORDER BY clause of window: ${bn}`);
    }
    if (base.frame !== null) {
      throw new SqliteError(`cannot override frame specification of window: ${bn}`);
    }
    return { partition: base.partition, order: spec.orderBy ?? base.order, frame: spec.frame };
  };
  if (over.kind === "windowRef") {
    const at = find(over.name, defs.length);
    if (at < 0) throw new SqliteError(`no such window: ${over.name.name}`);
    return flat(defs[at].spec, at, true);
  }
  return flat(over, defs.length, false);
}

/** SQLite's frame checks done at parse/resolve time. */
function checkFrame(w: ResolvedWindow): void {
  const f = w.frame;
  if (f === null) return;
  const end = f.end ?? { kind: "currentRow" };
  const s = f.start.kind;
  const e = end.kind;
  if (
    (s === "following" && (e === "currentRow" || e === "preceding")) ||
    (s === "currentRow" && e === "preceding")
  ) {
    throw new SqliteError("unsupported frame specification");
  }
  const offset = s === "preceding" || s === "following" || e === "preceding" ||
    e === "following";
  if (f.units === "RANGE" && offset && w.order.length !== 1) {
    throw new SqliteError("RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression");
  }
}

/**
 * Compile a SELECT core that has window calls (SQLite's sqlite3WindowRewrite + sqlite3Select).
 * Cold.
 */
export function compileWindowSelect(
  host: WindowSelectHost,
  c: Compiler,
  scope: Scope,
  core: A.SelectCore,
  orderBy: A.OrderingTerm[] | null,
  limit: A.LimitClause | null,
): unknown {
  const span = core.span;
  if (span.start === 0 && span.end === 0) {
    // a SELECT the engine built for UPDATE/DELETE/RETURNING (insert_ast.ts): no windows there
    for (const rc of core.columns) {
      if (rc.kind === "expr" && containsWindow(rc.expr)) throw windowMisuse(rc.expr);
    }
  }
  if (core.where !== null && containsWindow(core.where)) throw windowMisuse(core.where);
  for (const g of core.groupBy ?? []) if (containsWindow(g)) throw windowMisuse(g);
  if (core.having !== null && containsWindow(core.having)) throw windowMisuse(core.having);
  // the sub-select's number, as SQLite allocates it after parsing the statement
  const rootKey: object = host.root ?? core;
  const known = coreNumbers.get(core);
  const n = known ?? subSelectNumbers.get(rootKey) ?? countSelects(host.root ?? core);
  coreNumbers.set(core, n);
  const subName = `(subquery-${n + 1})`;

  const leaves: A.Expr[] = [];
  const leafIndex = new Map<string, number>();
  const calls: PlannedCall[] = [];
  const ref = (col: string): A.Expr => ({
    kind: "column",
    schema: null,
    table: name(subName, span),
    column: name(col, span),
    span,
  });
  const leaf = (e: A.Expr): number => {
    if (containsWindow(e)) throw windowMisuse(e);
    const key = exprKey(e);
    let i = leafIndex.get(key);
    if (i === undefined) {
      i = leaves.length;
      leaves.push(e);
      leafIndex.set(key, i);
    }
    return i;
  };
  let inOrderBy = false;
  let currentCol = -1;
  /** Result columns an ORDER BY term names (by position, alias or an identical expression). */
  const referenced = new Set<number>();
  const planCall = (call: A.FunctionCall, copy = inOrderBy): A.Expr => {
    const lname = call.name.name.toLowerCase();
    const nArg = call.star ? 0 : call.args.length;
    const win = resolveWindow(core, call.over!);
    const builtinArgs = WINDOW_BUILTIN_ARGS.get(lname);
    let impl: unknown = null;
    if (builtinArgs !== undefined) {
      if (!builtinArgs.includes(nArg)) {
        throw new SqliteError(`wrong number of arguments to function ${call.name.name}()`);
      }
      if (call.filter !== null) {
        throw new SqliteError("FILTER clause may only be used with aggregate window functions");
      }
    } else {
      const f = c.env.functions.resolve(lname, nArg);
      if (f === null) throw new SqliteError(`no such function: ${call.name.name}`);
      if (f === "wrong-args") {
        throw new SqliteError(`wrong number of arguments to function ${call.name.name}()`);
      }
      const flags = (f.impl as { flags?: number }).flags ?? 0;
      if (!f.aggregate || (flags & 8) === 0) {
        throw new SqliteError(`${call.name.name}() may not be used as a window function`);
      }
      impl = f.impl;
    }
    if (call.distinct) throw new SqliteError("DISTINCT is not supported for window functions");
    if (call.orderBy !== null) {
      throw new SqliteError(`ORDER BY may not be used with non-aggregate ${call.name.name}()`);
    }
    checkFrame(win);
    const planned: PlannedCall = {
      call,
      win,
      builtin: builtinArgs !== undefined,
      impl,
      args: call.args.map(leaf),
      filter: call.filter === null ? -1 : leaf(call.filter),
      partition: win.partition.map(leaf),
      order: win.order.map((t) => leaf(t.expr)),
      outName: `__wf${calls.length}`,
      copy,
      resultCol: copy ? -1 : currentCol,
    };
    calls.push(planned);
    return ref(planned.outName);
  };
  const rewrite = (e: A.Expr): A.Expr => {
    if (!containsWindow(e)) return ref(`__w${leaf(e)}`);
    if (e.kind === "call" && e.over !== null) return planCall(e);
    if (e.kind === "call") {
      const f = c.env.functions.resolve(e.name.name.toLowerCase(), e.star ? 0 : e.args.length);
      if (f !== null && f !== "wrong-args" && f.aggregate) throw windowMisuse(e);
    }
    return mapChildren(e, rewrite);
  };

  // the result columns, expanded and named as the plain query would name them
  const { items, fromNames } = host.dryColumns(c, scope, core);
  // result aliases are visible in WHERE, GROUP BY, HAVING and ORDER BY expressions after the
  // FROM columns (resolve.c lookupName); an alias of a window is "misuse of aliased window
  // function"; GROUP BY n names result column n
  const local = new Set(fromNames.map(fold));
  const aliasOf = new Map<string, A.Expr>();
  for (const it of items) {
    if (it.alias !== null && !aliasOf.has(fold(it.alias))) aliasOf.set(fold(it.alias), it.expr);
  }
  const unalias = (e: A.Expr): A.Expr => {
    if (e.kind === "column" && e.table === null && !local.has(fold(e.column.name))) {
      const hit = aliasOf.get(fold(e.column.name));
      if (hit !== undefined) {
        if (containsWindow(hit)) {
          throw new SqliteError(`misuse of aliased window function ${e.column.name}`);
        }
        return hit;
      }
    }
    if (e.kind === "subquery" || e.kind === "exists" || e.kind === "column") return e;
    return mapChildren(e, unalias);
  };
  const where = core.where === null ? null : unalias(core.where);
  const groupBy = core.groupBy === null ? null : core.groupBy.map((g) => {
    if (g.kind === "integer") {
      const k = Number(g.text);
      if (k >= 1 && k <= items.length) return items[k - 1].expr;
    }
    return unalias(g);
  });
  const having = core.having === null ? null : unalias(core.having);
  for (const g of groupBy ?? []) if (containsWindow(g)) throw windowMisuse(g);
  const outerColumns: A.ResultColumn[] = items.map((it, i) => {
    currentCol = i;
    return { kind: "expr", expr: rewrite(it.expr), alias: name(it.name, span), span };
  });
  currentCol = -1;
  const names = items.map((it) => fold(it.name));
  // ORDER BY expressions may use aliases of any result column, windows included
  const unaliasOrder = (e: A.Expr): A.Expr => {
    if (e.kind === "column" && e.table === null && !local.has(fold(e.column.name))) {
      return aliasOf.get(fold(e.column.name)) ?? e;
    }
    if (e.kind === "subquery" || e.kind === "exists" || e.kind === "column") return e;
    return mapChildren(e, unaliasOrder);
  };
  inOrderBy = true;
  const outerOrder = orderBy === null ? null : orderBy.map((t): A.OrderingTerm => {
    let e = t.expr;
    while (e.kind === "collate") e = e.operand;
    let col = -1;
    let term = t;
    if (e.kind === "integer") col = Number(e.text) - 1;
    else if (e.kind === "column" && e.table === null) col = names.indexOf(fold(e.column.name));
    else if (containsWindow(e)) {
      // an ORDER BY expression identical to a result column is that column (resolve.c)
      const key = exprKey(e);
      col = items.findIndex((it) => exprKey(it.expr) === key);
      if (col >= 0) {
        term = { ...t, expr: { kind: "integer", text: String(col + 1), span: t.span } };
      }
    }
    if (col < 0 && e.kind === "integer") return t;
    if (col < 0) return { ...t, expr: rewrite(unaliasOrder(t.expr)) };
    const target = items[col]?.expr;
    if (target !== undefined && containsWindow(target)) {
      referenced.add(col);
      walk(target, (x) => {
        if (x.kind === "call" && x.over !== null) planCall(x, true);
        return true;
      });
    }
    return term;
  });
  inOrderBy = false;
  if (leaves.length === 0) leaves.push({ kind: "null", span } as A.Expr);

  // identical windows (PARTITION BY, ORDER BY and frame) share one level. SQLite nests one
  // sub-select per level, the result columns' windows first (outermost) in order of
  // appearance, then the ORDER BY's; a result window that ORDER BY also uses is computed at
  // the ORDER BY's level (its own level still sorts). The innermost level sorts the rows
  // first; the outermost level's order is the one the rows end in.
  const specKey = (pc: PlannedCall) => exprKey([pc.win.partition, pc.win.order, frameKey(pc)]);
  const levelKeys: string[] = [];
  const levelCopy: boolean[] = [];
  for (const copies of [false, true]) {
    for (const pc of calls) {
      if (pc.copy !== copies) continue;
      const key = specKey(pc);
      if (!levelKeys.some((k, i) => k === key && levelCopy[i] === copies)) {
        levelKeys.push(key);
        levelCopy.push(copies);
      }
    }
  }
  const groups: number[][] = levelKeys.map(() => []);
  calls.forEach((pc, i) => {
    const key = specKey(pc);
    // the calls of a result column ORDER BY names are computed at the ORDER BY's level (not
    // under DISTINCT, where SQLite keeps ORDER BY's copy apart from the result column)
    const moves = referenced.has(pc.resultCol) && core.distinct !== "DISTINCT";
    let g = pc.copy || moves ? levelKeys.findIndex((k, j) => k === key && levelCopy[j]) : -1;
    if (g < 0) g = levelKeys.indexOf(key);
    groups[g].push(i);
  });
  const levelWindows = levelKeys.map((k) => calls.find((pc) => specKey(pc) === k)!);
  const levelNames: string[] = [];
  for (let k = 1; k < groups.length; k++) levelNames.push(`(subquery-${n + 1 + k})`);
  if (known === undefined) subSelectNumbers.set(rootKey, n + groups.length);
  groups.reverse();
  levelWindows.reverse();
  const first = levelWindows[0].win;
  // the sort names the sub-select's own columns, so a constant term (`ORDER BY 1` in a window
  // is the value 1) is never taken for a column number
  const leafRef = (i: number): A.Expr => ({
    kind: "column",
    schema: null,
    table: null,
    column: name(`__w${i}`, span),
    span,
  });
  const innerOrder: A.OrderingTerm[] = [
    ...levelWindows[0].partition.map((i) => ({
      expr: leafRef(i),
      direction: null,
      nulls: null,
      span,
    } as A.OrderingTerm)),
    ...levelWindows[0].order.map((i, k) => ({ ...first.order[k], expr: leafRef(i) })),
  ];
  // the sorter breaks ties of an aggregate query sorted DESC in reverse (select.ts); SQLite's
  // window sub-select does not, so end the sort on a constant key
  const last = innerOrder[innerOrder.length - 1];
  if (last !== undefined && last.direction === "DESC") {
    innerOrder.push({ expr: { kind: "null", span } as A.Expr, direction: null, nulls: null, span });
  }
  const inner: A.SelectStmt = {
    kind: "select",
    with: null,
    first: {
      kind: "core",
      distinct: null,
      columns: leaves.map((e, i) => ({
        kind: "expr",
        expr: e,
        alias: name(`__w${i}`, span),
        span,
      })),
      from: core.from,
      where,
      groupBy,
      having,
      // non-null: the flattener leaves a window sub-select alone
      windows: [],
      span,
    },
    compounds: [],
    orderBy: innerOrder.length > 0 ? innerOrder : null,
    limit: null,
    span,
  };
  plans.set(inner, { nLeaves: leaves.length, calls, groups, levelWindows, levelNames });
  const outer: A.SelectCore = {
    kind: "core",
    distinct: core.distinct,
    columns: outerColumns,
    from: {
      first: { kind: "subquery", select: inner, alias: name(subName, span), span },
      joins: [],
      span,
    },
    where: null,
    groupBy: null,
    having: null,
    windows: null,
    span,
  };
  // sqlite3WindowRewrite: an ORDER BY that the outermost level's sort already gives is dropped
  let finalOrder = outerOrder;
  if (orderBy !== null && groups.length > 0) {
    const asKeys = orderBy.map((t) =>
      exprKey([t.expr, t.direction === "DESC" ? "DESC" : null, t.nulls])
    );
    if (isPrefix(asKeys, sortKeys(levelWindows[levelWindows.length - 1].win))) finalOrder = null;
  }
  return host.compileCore(c, scope, outer, finalOrder, limit);
}

/** The `kind`s of expression nodes (ast.ts `Expr`). */
const EXPR_KINDS = new Set(
  ("integer real string blob null bool current column param unary binary like " +
    "isNull between in case cast collate exists subquery vector raise call").split(" "),
);

/** Shallow-copy an expression, rewriting its direct sub-expressions (never a window spec). */
function mapChildren(e: A.Expr, f: (x: A.Expr) => A.Expr): A.Expr {
  const isExpr = (v: unknown): v is A.Expr =>
    v !== null && typeof v === "object" && EXPR_KINDS.has((v as { kind?: string }).kind ?? "");
  const map = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(map);
    if (isExpr(v)) return f(v);
    if (v !== null && typeof v === "object") {
      if ((v as { kind?: string }).kind === "select") return v; // an IN (SELECT …) source
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = k === "span" ? x : map(x);
      return o;
    }
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    out[k] = k === "span" || k === "kind" || k === "name" || k === "over" ? v : map(v);
  }
  return out as unknown as A.Expr;
}

/**
 * EXPLAIN QUERY PLAN: SQLite runs each level of windows in its own sub-select, nested inside
 * the first one's co-routine, each scanned and (when it has PARTITION BY / ORDER BY) sorted by
 * the level above. The lines of the one materialised sub-select are re-nested to match.
 */
function nestPlan(c: Compiler, plan: WindowPlan, name: string): void {
  const lines = c.b.plan;
  const top = lines.findLastIndex((l) => l.detail === `CO-ROUTINE ${name}`);
  if (top < 0 || plan.levelNames.length === 0) return;
  let maxId = 0;
  for (const l of lines) maxId = Math.max(maxId, l.id);
  const levelIds = [lines[top].id];
  const inserted = [];
  for (const ln of plan.levelNames) {
    const id = ++maxId;
    inserted.push({ id, parent: levelIds[levelIds.length - 1], detail: `CO-ROUTINE ${ln}` });
    levelIds.push(id);
  }
  const innermost = levelIds[levelIds.length - 1];
  for (let i = top + 1; i < lines.length; i++) {
    if (lines[i].parent === levelIds[0]) lines[i] = { ...lines[i], parent: innermost };
  }
  lines.splice(top + 1, 0, ...inserted);
  // groups are in processing order: groups[k] sorts at level (G-1-k)'s sub-select
  const G = plan.groups.length;
  for (let k = G - 1; k >= 1; k--) {
    const parent = levelIds[k - 1];
    lines.push({ id: ++maxId, parent, detail: `SCAN ${plan.levelNames[k - 1]}` });
    // SQLite sorts a level's rows unless the level inside already delivers that order
    const keys = sortKeys(plan.levelWindows[G - k].win);
    const inside = sortKeys(plan.levelWindows[G - k - 1].win);
    if (keys.length > 0 && !isPrefix(keys, inside)) {
      lines.push({ id: ++maxId, parent, detail: "USE TEMP B-TREE FOR ORDER BY" });
    }
  }
}

/**
 * The frames sqlite3WindowUpdate gives the built-in window functions whatever was written (they
 * decide which windows SQLite runs together: sqlite3WindowCompare compares frames).
 */
const BUILTIN_FRAMES: ReadonlyMap<string, readonly [string, string, string | null, string]> =
  new Map([
    ["row_number", ["ROWS", "unboundedPreceding", null, "currentRow"]],
    ["dense_rank", ["RANGE", "unboundedPreceding", null, "currentRow"]],
    ["rank", ["RANGE", "unboundedPreceding", null, "currentRow"]],
    ["percent_rank", ["GROUPS", "currentRow", null, "unboundedFollowing"]],
    ["cume_dist", ["GROUPS", "following", "1", "unboundedFollowing"]],
    ["ntile", ["ROWS", "currentRow", null, "unboundedFollowing"]],
    ["lead", ["ROWS", "unboundedPreceding", null, "unboundedFollowing"]],
    ["lag", ["ROWS", "unboundedPreceding", null, "currentRow"]],
  ]);

/** A call's frame as sqlite3WindowCompare sees it (defaults filled in, built-ins overridden). */
function frameKey(pc: PlannedCall): unknown {
  const fixed = BUILTIN_FRAMES.get(pc.call.name.name.toLowerCase());
  if (pc.builtin && fixed !== undefined) return [...fixed, null, null];
  const f = pc.win.frame;
  if (f === null) return ["RANGE", "unboundedPreceding", null, "currentRow", null, null];
  const end = f.end ?? { kind: "currentRow" };
  const offset = (b: A.FrameBound) => ("expr" in b ? exprKey(b.expr) : null);
  return [f.units, f.start.kind, offset(f.start), end.kind, offset(end), f.exclude];
}

/** A window's sort: its PARTITION BY terms (ascending) then its ORDER BY terms, as keys. */
function sortKeys(w: ResolvedWindow): string[] {
  return [
    ...w.partition.map((e) => exprKey([e, null, null])),
    ...w.order.map((t) => exprKey([t.expr, t.direction === "DESC" ? "DESC" : null, t.nulls])),
  ];
}

function isPrefix(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((k, i) => k === b[i]);
}

/** A frame offset expression is evaluated once; a non-constant one counts as NULL (SQLite). */
function isConstant(e: A.Expr): boolean {
  let ok = true;
  walk(e, (x) => {
    // (the parser's test: functions are not known to be constant yet)
    if (x.kind === "column" || x.kind === "subquery" || x.kind === "exists") ok = false;
    if (x.kind === "call") ok = false;
    if (x.kind === "in" && x.source.kind !== "list") ok = false;
    return ok;
  });
  return ok;
}

function boundKind(b: A.FrameBound): WindowBoundKind {
  return b.kind;
}

/**
 * If `sel` is a window sub-select, emit `Op.Window` over its materialised rows in `cursor`
 * (after they were inserted) and return the extra source columns holding the window results;
 * otherwise return []. Cold.
 */
export function emitWindowOp(
  c: Compiler,
  sel: A.SelectStmt,
  cursor: number,
  cols: SourceColumn[],
  name: string,
): SourceColumn[] {
  const plan = plans.get(sel);
  if (plan === undefined) return [];
  const b = c.b;
  nestPlan(c, plan, name);
  const nCol = plan.nLeaves;
  const key = (col: number, t: A.OrderingTerm | null): WindowKey => ({
    col,
    desc: t !== null && t.direction === "DESC",
    nulls: t === null || t.nulls === null ? 0 : t.nulls === "FIRST" ? 1 : 2,
    collation: cols[col]?.collation ?? null,
  });
  const empty = new Scope(null);
  const offsetReg = (e: A.Expr): number => {
    const r = b.allocReg();
    if (isConstant(e)) c.exprTo(empty, e, r);
    else b.emit(Op.Null, 0, r);
    return r;
  };
  const funcs: WindowFuncSpec[] = plan.calls.map((pc, i) => {
    const f = pc.win.frame;
    const start = f === null ? "unboundedPreceding" : boundKind(f.start);
    const end = f === null ? "currentRow" : f.end === null ? "currentRow" : boundKind(f.end);
    const startReg = f !== null && "expr" in f.start ? offsetReg(f.start.expr) : 0;
    const endReg = f !== null && f.end !== null && "expr" in f.end ? offsetReg(f.end.expr) : 0;
    const ex = f === null ? null : f.exclude;
    return {
      name: pc.call.name.name.toLowerCase(),
      nArg: pc.args.length,
      builtin: pc.builtin,
      impl: pc.impl,
      collation: pc.args.length > 0 ? cols[pc.args[0]]?.collation ?? null : null,
      args: pc.args,
      filter: pc.filter,
      out: nCol + i,
      frame: {
        units: f === null ? "RANGE" : f.units,
        start,
        startReg,
        end,
        endReg,
        exclude: ex === "NO OTHERS"
          ? WindowExclude.NO_OTHERS
          : ex === "CURRENT ROW"
          ? WindowExclude.CURRENT_ROW
          : ex === "GROUP"
          ? WindowExclude.GROUP
          : ex === "TIES"
          ? WindowExclude.TIES
          : WindowExclude.NONE,
      },
    };
  });
  const groups: WindowGroupSpec[] = plan.groups.map((g, gi) => {
    const w = plan.levelWindows[gi];
    return {
      partition: w.partition.map((col) => key(col, null)),
      order: w.order.map((col, k) => key(col, w.win.order[k])),
      funcs: g.map((i) => funcs[i]),
    };
  });
  b.emit(Op.Window, cursor, 0, 0, { kind: "window", value: { nCol, groups } });
  return plan.calls.map((pc) => ({
    name: pc.outName,
    affinity: Affinity.NONE,
    collation: null,
    decltype: null,
    originTable: null,
    originColumn: null,
    hidden: true,
  }));
}

/**
 * A one-row `VALUES (…)` holding a window call, as the SELECT SQLite's parser makes of it (columns
 * named column1, column2, …); any other VALUES is returned as it is. Cold.
 */
export function windowValues(v: A.ValuesCore): A.SelectCore | A.ValuesCore {
  if (v.rows.length !== 1 || !v.rows[0].some(containsWindow)) return v;
  return {
    kind: "core",
    distinct: null,
    columns: v.rows[0].map((e, i) => ({
      kind: "expr",
      expr: e,
      alias: name(`column${i + 1}`, v.span),
      span: e.span,
    })),
    from: null,
    where: null,
    groupBy: null,
    having: null,
    windows: null,
    span: v.span,
  };
}
