/**
 * The query flattener — a conservative subset of SQLite's flattenSubquery (select.c): a subquery
 * or view in FROM that is a plain SELECT (one core with a FROM clause, no DISTINCT, GROUP BY,
 * aggregates, window functions, ORDER BY or LIMIT) is merged into the outer query: its FROM items
 * replace it, its WHERE is ANDed into the outer WHERE, and outer references to its columns become
 * its result expressions. Like SQLite, this lets the planner use the inner tables' indexes and
 * join order, so rows come out in the order SQLite produces them.
 *
 * Owns: `flattenCore`, a pure AST → AST rewrite.
 * Never: changes a query whose meaning could differ (outer joins onto the subquery, name
 * clashes, ambiguous unqualified names, compound subqueries): those stay materialised. Cold.
 * @module
 */

import type * as A from "../sql/ast.ts";
import { fold } from "./resolve.ts";
import type { Schema } from "./schema.ts";

/** A subquery candidate: the FROM item, its SELECT, the name it is known by, column names. */
interface Candidate {
  select: A.SelectCore;
  name: string;
  /** Result column names and expressions of the subquery. */
  cols: { name: string; expr: A.Expr }[];
}

function exprName(rc: A.ResultColumn & { kind: "expr" }, sql: string): string {
  if (rc.alias !== null) return rc.alias.name;
  if (rc.expr.kind === "column") return rc.expr.column.name;
  return sql.slice(rc.span.start, rc.span.end);
}

/** Base-table column names of a FROM item (null when unknown: subqueries, functions). */
function itemColumns(src: A.TableSource, schema: Schema): string[] | null {
  if (src.kind !== "table") return null;
  const t = schema.table(src.name.name);
  if (t !== undefined) return t.columns.map((c) => c.name);
  return null;
}

function itemName(src: A.TableSource): string | null {
  if (src.kind === "table") return src.alias?.name ?? src.name.name;
  if (src.kind === "subquery") return src.alias?.name ?? null;
  return null;
}

/** `*` and `t.*` of a subquery over base tables, as explicit qualified column references. */
function expandStars(core: A.SelectCore, schema: Schema): A.SelectCore | null {
  if (!core.columns.some((rc) => rc.kind !== "expr")) return core;
  const from = core.from!;
  const srcs = [from.first, ...from.joins.map((j) => j.source)];
  const out: A.ResultColumn[] = [];
  for (const rc of core.columns) {
    if (rc.kind === "expr") {
      out.push(rc);
      continue;
    }
    for (const s of srcs) {
      const n = itemName(s);
      const cols = itemColumns(s, schema);
      if (n === null || cols === null) return null;
      if (rc.kind === "tableStar" && fold(rc.table.name) !== fold(n)) continue;
      for (const col of cols) {
        const span = rc.span;
        out.push({
          kind: "expr",
          expr: {
            kind: "column",
            schema: null,
            table: { name: n, quoted: null, span },
            column: { name: col, quoted: null, span },
            span,
          },
          alias: null,
          span,
        });
      }
    }
  }
  return { ...core, columns: out };
}

/** Is `sel` a subquery we can merge into its parent? */
function flattenable(
  sel: A.SelectStmt,
  hasAgg: (e: A.Expr) => boolean,
  schema: Schema,
): A.SelectCore | null {
  if (sel.with !== null || sel.compounds.length > 0 || sel.orderBy !== null || sel.limit !== null) {
    return null;
  }
  const core = sel.first;
  if (core.kind !== "core") return null;
  if (core.distinct === "DISTINCT" || core.groupBy !== null || core.having !== null) return null;
  if (core.windows !== null || core.from === null) return null;
  // nested joins with ON/USING inside the subquery keep their own structure: only plain lists
  for (const j of core.from.joins) {
    if (j.op.kind !== "inner" && j.op.kind !== "comma" && j.op.kind !== "cross") return null;
    if (j.op.natural || j.using !== null) return null;
  }
  for (const rc of core.columns) {
    if (rc.kind === "expr" && hasAgg(rc.expr)) return null;
  }
  return expandStars(core, schema);
}

/**
 * Flatten FROM subqueries/views of `core` where safe. `sql` is the text the subquery spans point
 * into; `viewSql` gives a view's text. Returns the rewritten core or the original.
 */
export function flattenCore(
  core: A.SelectCore,
  orderBy: A.OrderingTerm[] | null,
  schema: Schema,
  sql: string,
  hasAgg: (e: A.Expr) => boolean,
  ctes: Map<string, A.CommonTableExpr>,
): { core: A.SelectCore; orderBy: A.OrderingTerm[] | null } {
  const same = { core, orderBy };
  if (core.from === null) return same;
  const items: { src: A.TableSource; term: A.JoinTerm | null }[] = [
    { src: core.from.first, term: null },
    ...core.from.joins.map((j) => ({ src: j.source, term: j })),
  ];
  if (
    items.some((it) =>
      it.term !== null && it.term.op.kind !== "inner" && it.term.op.kind !== "comma"
    )
  ) {
    return same;
  }
  if (items.some((it) => it.term !== null && (it.term.op.natural || it.term.using !== null))) {
    return same;
  }
  for (let idx = 0; idx < items.length; idx++) {
    const it = items[idx];
    let cand: Candidate | null = null;
    if (it.src.kind === "subquery" && it.src.alias !== null) {
      const sc = flattenable(it.src.select, hasAgg, schema);
      if (sc !== null) {
        cand = {
          select: sc,
          name: it.src.alias.name,
          cols: sc.columns.map((rc) => {
            const e = rc as A.ResultColumn & { kind: "expr" };
            return { name: exprName(e, sql), expr: e.expr };
          }),
        };
      }
    } else if (
      it.src.kind === "table" && it.src.schema === null && !ctes.has(fold(it.src.name.name))
    ) {
      const v = schema.view(it.src.name.name);
      if (v !== undefined && schema.table(it.src.name.name) === undefined) {
        const sel = v.select as unknown as A.SelectStmt;
        const sc = flattenable(sel, hasAgg, schema);
        if (sc !== null) {
          const names = v.columnNames;
          if (names !== null && names.length !== sc.columns.length) continue;
          cand = {
            select: sc,
            name: it.src.alias?.name ?? v.name,
            cols: sc.columns.map((rc, i) => {
              const e = rc as A.ResultColumn & { kind: "expr" };
              return { name: names !== null ? names[i] : exprName(e, v.sql), expr: e.expr };
            }),
          };
        }
      }
    }
    if (cand === null) continue;
    const flat = merge(core, orderBy, items, idx, cand, schema, sql);
    if (flat !== null) return flattenCore(flat.core, flat.orderBy, schema, sql, hasAgg, ctes);
  }
  return same;
}

function merge(
  core: A.SelectCore,
  orderBy: A.OrderingTerm[] | null,
  items: { src: A.TableSource; term: A.JoinTerm | null }[],
  idx: number,
  cand: Candidate,
  schema: Schema,
  sql: string,
): { core: A.SelectCore; orderBy: A.OrderingTerm[] | null } | null {
  const sc = cand.select;
  const inner = [sc.from!.first, ...sc.from!.joins.map((j) => j.source)];
  // inner items must have known, non-clashing names
  const outerNames = new Set<string>();
  const outerCols = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    if (i === idx) continue;
    const n = itemName(items[i].src);
    if (n === null) return null;
    outerNames.add(fold(n));
    const cols = itemColumns(items[i].src, schema);
    if (cols === null) return null;
    for (const c of cols) outerCols.add(fold(c));
  }
  for (const s of inner) {
    const n = itemName(s);
    if (n === null || outerNames.has(fold(n)) || fold(n) === fold(cand.name)) return null;
    if (s.kind !== "table") return null;
  }
  const byName = new Map<string, A.Expr>();
  for (const col of cand.cols) {
    if (!byName.has(fold(col.name))) byName.set(fold(col.name), col.expr);
  }
  // an unqualified name that another FROM item also has would be ambiguous: keep as is
  for (const k of byName.keys()) if (outerCols.has(k)) return null;
  const alias = fold(cand.name);
  let ok = true;
  const subst = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(subst);
    if (x === null || typeof x !== "object") return x;
    const o = x as { kind?: string };
    if (o.kind === "select") {
      // names inside nested subqueries may also refer to the flattened columns
      return substSelect(x as A.SelectStmt);
    }
    if (o.kind === "column") {
      const ref = x as A.ColumnRef;
      if (ref.table !== null && fold(ref.table.name) !== alias) return x;
      const e = byName.get(fold(ref.column.name));
      if (e === undefined) {
        if (ref.table !== null) ok = false; // alias.nosuch: let the normal path report it
        return x;
      }
      return e;
    }
    if (o.kind === "tableStar" || o.kind === "star") return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === "span" ? v : subst(v);
    return out;
  };
  // nested SELECTs: substitute only qualified references (unqualified ones may be local)
  const substSelect = (s: A.SelectStmt): A.SelectStmt => {
    const q = (x: unknown): unknown => {
      if (Array.isArray(x)) return x.map(q);
      if (x === null || typeof x !== "object") return x;
      const o = x as { kind?: string };
      if (o.kind === "column") {
        const ref = x as A.ColumnRef;
        if (ref.table !== null && fold(ref.table.name) === alias) {
          const e = byName.get(fold(ref.column.name));
          if (e === undefined) ok = false;
          return e ?? x;
        }
        return x;
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) out[k] = k === "span" ? v : q(v);
      return out;
    };
    return q(s) as A.SelectStmt;
  };
  // result columns: expand * and alias.* to the subquery's columns (named as they were)
  const columns: A.ResultColumn[] = [];
  for (const rc of core.columns) {
    if (rc.kind === "star" || (rc.kind === "tableStar" && fold(rc.table.name) === alias)) {
      if (rc.kind === "star" && items.length > 1) {
        // * over several FROM items: each item's columns in FROM order
        items.forEach((item, i) => {
          if (i === idx) {
            for (const col of cand.cols) {
              columns.push({
                kind: "expr",
                expr: col.expr,
                alias: { name: col.name, quoted: null, span: rc.span },
                span: rc.span,
              });
            }
          } else {
            const n = itemName(item.src)!;
            columns.push({
              kind: "tableStar",
              table: { name: n, quoted: null, span: rc.span },
              span: rc.span,
            });
          }
        });
        continue;
      }
      for (const col of cand.cols) {
        columns.push({
          kind: "expr",
          expr: col.expr,
          alias: { name: col.name, quoted: null, span: rc.span },
          span: rc.span,
        });
      }
      continue;
    }
    if (rc.kind !== "expr") {
      columns.push(rc);
      continue;
    }
    const e = subst(rc.expr) as A.Expr;
    if (e === rc.expr || rc.alias !== null) columns.push({ ...rc, expr: e });
    else {
      const name = rc.expr.kind === "column"
        ? rc.expr.column.name
        : sql.slice(rc.span.start, rc.span.end);
      columns.push({
        kind: "expr",
        expr: e,
        alias: { name, quoted: null, span: rc.span },
        span: rc.span,
      });
    }
  }
  const where = core.where === null ? null : subst(core.where) as A.Expr;
  const groupBy = core.groupBy === null ? null : subst(core.groupBy) as A.Expr[];
  const having = core.having === null ? null : subst(core.having) as A.Expr;
  // the new FROM: items before, the subquery's items, items after (ON terms substituted)
  const joins: A.JoinTerm[] = [];
  let first: A.TableSource | null = null;
  const push = (src: A.TableSource, term: A.JoinTerm | null) => {
    if (first === null) first = src;
    else {
      joins.push(
        term ?? {
          op: { kind: "comma", natural: false },
          source: src,
          on: null,
          using: null,
          span: src.span,
        },
      );
    }
  };
  for (let i = 0; i < items.length; i++) {
    if (i === idx) {
      push(sc.from!.first, null);
      for (const j of sc.from!.joins) push(j.source, j);
      // the original join to the subquery: its ON moves into WHERE
      continue;
    }
    const t = items[i].term;
    push(
      items[i].src,
      t === null ? null : { ...t, on: t.on === null ? null : subst(t.on) as A.Expr },
    );
  }
  const onToWhere = items[idx].term?.on ?? null;
  let newWhere: A.Expr | null = sc.where;
  const and = (a: A.Expr | null, b: A.Expr | null): A.Expr | null =>
    a === null
      ? b
      : b === null
      ? a
      : { kind: "binary", op: "AND", left: a, right: b, span: a.span };
  newWhere = and(newWhere, onToWhere === null ? null : subst(onToWhere) as A.Expr);
  newWhere = and(newWhere, where);
  // ORDER BY: a bare name may be a result alias (kept); other references are substituted
  const newOrder = orderBy === null ? null : orderBy.map((t) => {
    if (t.expr.kind === "column" && t.expr.table === null) {
      const n = fold(t.expr.column.name);
      if (
        columns.some((rc) => rc.kind === "expr" && rc.alias !== null && fold(rc.alias.name) === n)
      ) {
        return t;
      }
    }
    return { ...t, expr: subst(t.expr) as A.Expr };
  });
  if (!ok) return null;
  return {
    core: {
      ...core,
      columns,
      from: { first: first!, joins, span: core.from!.span },
      where: newWhere,
      groupBy,
      having,
    },
    orderBy: newOrder,
  };
}
