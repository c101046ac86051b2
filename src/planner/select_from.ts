/**
 * FROM-clause construction for SELECT — SQLite's select.c sqlite3SrcListLookup / selectExpander
 * and the view/subquery materialisation of sqlite3Select: turns the AST's join clause into
 * `Source`s (b-tree tables opened with OpenRead; views, subqueries and CTE references
 * materialised into ephemeral tables), with USING/NATURAL column coalescing.
 *
 * Owns: `buildSources` and the join descriptors the loop generator in select.ts consumes.
 * Never: generates the row loop itself. Cold.
 * @module
 */

import { isPkIndex, tableLayout } from "./without_rowid.ts";
import { SqliteError } from "../error.ts";
import type * as A from "../sql/ast.ts";
import type { Compiler } from "./expr.ts";
import { Affinity, Op } from "./program.ts";
import { fold, Scope, type Source, type SourceColumn } from "./resolve.ts";
import type { Table } from "./schema.ts";
import { vtabArgTerms, vtabNamed, vtabSource } from "./vtab_plan.ts";
import { logEst } from "./where.ts";

/** How one FROM item is joined to what precedes it. */
export interface JoinInfo {
  readonly source: Source;
  /** "inner" (incl. comma/cross), "left", "right", "full". */
  readonly type: "inner" | "left" | "right" | "full";
  /** ON condition plus USING/NATURAL equalities, as AND-terms. */
  readonly on: A.Expr[];
  /** Written as CROSS JOIN (SQLite never reorders across it). */
  readonly cross?: boolean;
}

/** Callback used to materialise a subquery into an ephemeral table; returns its columns. */
export type Materialize = (
  c: Compiler,
  scope: Scope,
  sel: A.SelectStmt,
  cursor: number,
  name: string,
) => SourceColumn[];

/** Common table expressions visible while compiling (name → definition). */
export type CteMap = Map<string, A.CommonTableExpr>;

/** Columns of a b-tree table as sources see them. */
export function tableColumns(t: Table): SourceColumn[] {
  return t.columns.map((col) => ({
    name: col.name,
    affinity: col.affinity,
    collation: col.collation.toUpperCase() === "BINARY" ? null : col.collation,
    decltype: col.declType,
    originTable: t.name,
    originColumn: col.name,
    hidden: false,
  }));
}

/** Flatten a join clause into a list of (source AST, operator, ON, USING). */
function flatten(jc: A.JoinClause): { src: A.TableSource; term: A.JoinTerm | null }[] {
  const out: { src: A.TableSource; term: A.JoinTerm | null }[] = [];
  const add = (src: A.TableSource, term: A.JoinTerm | null) => {
    // a parenthesised join without an alias is flattened into the enclosing FROM (as SQLite
    // does) when it is joined by an inner join; an outer join onto a group is not supported
    if (src.kind === "join" && src.alias === null) {
      const inner = src.join;
      const innerOp = term === null ? null : term.op.kind;
      if (innerOp !== null && innerOp !== "inner" && innerOp !== "comma" && innerOp !== "cross") {
        throw new SqliteError("outer joins onto a parenthesised join are not supported yet");
      }
      if (term !== null && (term.on !== null || term.using !== null || term.op.natural)) {
        throw new SqliteError("ON/USING on a parenthesised join is not supported yet");
      }
      add(inner.first, term);
      for (const j of inner.joins) add(j.source, j);
      return;
    }
    out.push({ src, term });
  };
  add(jc.first, null);
  for (const j of jc.joins) add(j.source, j);
  return out;
}

/** Build the scope's sources for a FROM clause, emitting materialisation code for subqueries. */
export function buildSources(
  c: Compiler,
  scope: Scope,
  from: A.JoinClause,
  materialize: Materialize,
  ctes: CteMap,
): JoinInfo[] {
  const joins: JoinInfo[] = [];
  const items = flatten(from);
  // (sqlite3ProcessJoin checks USING names harder when a RIGHT or FULL JOIN is present)
  const anyRight = items.some((it) =>
    it.term !== null && (it.term.op.kind === "right" || it.term.op.kind === "full")
  );
  for (let level = 0; level < items.length; level++) {
    const { src, term } = items[level];
    const source = openSource(c, scope, src, level, materialize, ctes);
    const on: A.Expr[] = [];
    // table-valued-function arguments constrain the HIDDEN columns (sqlite3WhereTabFuncArgs)
    if (src.kind === "function") on.push(...vtabArgTerms(source, src.args));
    let type: JoinInfo["type"] = "inner";
    if (term !== null) {
      const k = term.op.kind;
      type = k === "left" ? "left" : k === "right" ? "right" : k === "full" ? "full" : "inner";
      if (term.op.natural && (term.on !== null || term.using !== null)) {
        throw new SqliteError("a NATURAL join may not have an ON or USING clause");
      }
      if (term.on !== null && term.using !== null) {
        throw new SqliteError("cannot have both ON and USING clauses in the same join");
      }
      let usingNames: string[] = [];
      if (term.using !== null) usingNames = term.using.map((n) => n.name);
      if (term.op.natural) {
        for (const col of source.columns) {
          if (col.hidden) continue;
          if (
            scope.sources.some((s) =>
              s.columns.some((x) => !x.hidden && fold(x.name) === fold(col.name))
            )
          ) {
            usingNames.push(col.name);
          }
        }
      }
      for (const name of usingNames) {
        // the leftmost earlier source holding the column
        const left = scope.sources.find((s) => s.columns.some((x) => fold(x.name) === fold(name)));
        const ci = source.columns.findIndex((x) => fold(x.name) === fold(name));
        if (left === undefined || ci < 0) {
          throw new SqliteError(
            `cannot join using column ${name} - column not present in both tables`,
          );
        }
        if (anyRight) {
          // every further left-hand copy must itself come from a USING of that name
          for (const s of scope.sources) {
            if (s === left || !s.columns.some((x) => fold(x.name) === fold(name))) continue;
            if (!s.usingFrom.has(fold(name))) {
              throw new SqliteError(`ambiguous reference to ${name} in USING()`);
            }
          }
        }
        source.columns[ci].hidden = true;
        source.usingFrom.set(fold(name), left);
        const span = term.span;
        on.push({
          kind: "binary",
          op: "=",
          left: {
            kind: "column",
            schema: null,
            table: { name: left.name, quoted: null, span },
            column: { name, quoted: null, span },
            span,
          },
          right: {
            kind: "column",
            schema: null,
            table: { name: source.name, quoted: null, span },
            column: { name, quoted: null, span },
            span,
          },
          span,
        });
      }
      if (term.on !== null) on.push(term.on);
    }
    if (type === "right" || type === "full") source.outerRight = type;
    if (type === "left" || type === "full") source.nullable = true;
    if (type === "right" || type === "full") {
      for (const s of scope.sources) s.nullable = true;
    }
    scope.sources.push(source);
    joins.push({ source, type, on, cross: term !== null && term.op.kind === "cross" });
  }
  return joins;
}

function openSource(
  c: Compiler,
  scope: Scope,
  src: A.TableSource,
  level: number,
  materialize: Materialize,
  ctes: CteMap,
): Source {
  const b = c.b;
  switch (src.kind) {
    case "table": {
      const name = src.name.name;
      if (src.schema !== null) {
        const sn = src.schema.name.toLowerCase();
        if (sn !== "main" && sn !== "temp") {
          throw new SqliteError(`no such table: ${src.schema.name}.${name}`);
        }
      }
      const cte = src.schema === null ? ctes.get(fold(name)) : undefined;
      if (cte !== undefined) {
        return materialized(
          c,
          scope,
          cte.select,
          src.alias?.name ?? name,
          level,
          materialize,
          cte.columns,
        );
      }
      const t = c.env.schema.table(name);
      if (t === undefined) {
        const vt = vtabNamed(c, name);
        if (vt !== undefined) {
          return vtabSource(c, vt, name, src.alias?.name ?? name, [], level, src);
        }
        const v = c.env.schema.view(name);
        if (v !== undefined) {
          const sel = v.select as unknown as A.SelectStmt;
          const cols = v.columnNames === null
            ? null
            : v.columnNames.map((n) => ({ name: n, quoted: null, span: src.span }) as A.Name);
          return materialized(c, scope, sel, src.alias?.name ?? v.name, level, materialize, cols);
        }
        throw new SqliteError(
          `no such table: ${src.schema === null ? "" : src.schema.name + "."}${name}`,
        );
      }
      const ih = src.indexHint;
      if (ih !== null && ih.kind === "indexedBy") {
        if (!t.indexes.some((ix) => fold(ix.name) === fold(ih.index.name))) {
          throw new SqliteError(`no such index: ${ih.index.name}`);
        }
      }
      const cursor = b.allocCursor();
      const est = statsOf(c, t);
      return {
        ...est,
        name: src.alias?.name ?? t.name,
        table: t,
        columns: tableColumns(t),
        cursor,
        kind: "btree",
        rowidAlias: t.rowidAlias,
        hasRowid: !t.withoutRowid,
        level,
        usingFrom: new Map(),
        nullable: false,
        coverCursor: -1,
        coverMap: null,
        hint: ih === null
          ? null
          : ih.kind === "notIndexed"
          ? { kind: "notIndexed" }
          : { kind: "indexedBy", name: ih.index.name },
      };
    }
    case "subquery":
      return materialized(
        c,
        scope,
        src.select,
        src.alias?.name ?? `(subquery-${level + 2})`,
        level,
        materialize,
        null,
      );
    case "join":
      throw new SqliteError("parenthesised joins in FROM are not supported yet");
    case "function": {
      // a table-valued function: an eponymous virtual table with its arguments (select.c)
      const name = src.name.name;
      const sn = src.schema?.name.toLowerCase();
      const vt = sn === undefined || sn === "main" || sn === "temp"
        ? c.env.vtabs?.eponymous(name)
        : undefined;
      if (vt === undefined) {
        if (c.env.schema.tableOrView(name) !== undefined) {
          throw new SqliteError(`'${name}' is not a function`);
        }
        throw new SqliteError(
          `no such table: ${src.schema === null ? "" : src.schema.name + "."}${name}`,
        );
      }
      return vtabSource(c, vt, name, src.alias?.name ?? name, src.args, level, src);
    }
  }
}

function materialized(
  c: Compiler,
  scope: Scope,
  sel: A.SelectStmt,
  name: string,
  level: number,
  materialize: Materialize,
  columnNames: A.Name[] | null,
): Source {
  const cursor = c.b.allocCursor();
  // subqueries in FROM see only the enclosing query's outer scopes, not sibling FROM items
  const outer = new Scope(scope.parent);
  let cols = materialize(c, outer, sel, cursor, name);
  if (outer.correlated) scope.correlated = true;
  if (columnNames !== null) {
    if (columnNames.length !== cols.length) {
      throw new SqliteError(
        `table ${name} has ${cols.length} values for ${columnNames.length} columns`,
      );
    }
    cols = cols.map((col, i) => ({ ...col, name: columnNames[i].name }));
  }
  return {
    rowEst: subqueryRows(c, sel),
    name,
    table: null,
    columns: cols,
    cursor,
    kind: "ephemeral",
    rowidAlias: -1,
    hasRowid: false,
    level,
    usingFrom: new Map(),
    nullable: false,
    coverCursor: -1,
    coverMap: null,
  };
}

/**
 * SQLite's estimate of a subquery's output rows (nSelectRow): one row for an aggregate without
 * GROUP BY, at most LogEst 66 (~100 rows) with GROUP BY, else the default table size.
 */
function subqueryRows(c: Compiler, sel: A.SelectStmt): number {
  if (sel.compounds.length > 0) return 200;
  const core = sel.first;
  if (core.kind === "values") return logEst(core.rows.length);
  if (core.groupBy !== null) return 66;
  const isAgg = core.columns.some((rc) =>
    rc.kind === "expr" && rc.expr.kind === "call" && rc.expr.over === null && (() => {
      const f = c.env.functions.resolve(
        rc.expr.name.name.toLowerCase(),
        rc.expr.star ? 0 : rc.expr.args.length,
      );
      return f !== null && f !== "wrong-args" && f.aggregate;
    })()
  );
  return isAgg ? 0 : 200;
}

/** Row estimates from sqlite_stat1 (analyze.c analysisLoader / decodeIntArray). */
function statsOf(c: Compiler, t: Table): { rowEst?: number; idxEst?: Map<string, number[]> } {
  const get = c.env.stat1;
  if (get === undefined) return {};
  const idxEst = new Map<string, number[]>();
  let rowEst: number | undefined;
  const parse = (stat: string): number[] =>
    stat.trim().split(/\s+/).filter((w) => /^\d+$/.test(w)).map((w) => logEst(Number(w)));
  const own = get(t.name, null);
  if (own !== undefined) {
    const v = parse(own);
    if (v.length > 0) rowEst = v[0];
  }
  for (const ix of t.indexes) {
    // analyze.c stores a WITHOUT ROWID table's PRIMARY KEY row under the table's name
    const st = get(t.name, ix.name) ??
      (t.withoutRowid && isPkIndex(t, ix) ? get(t.name, t.name) : undefined);
    if (st === undefined) continue;
    const v = parse(st);
    if (v.length === 0) continue;
    idxEst.set(fold(ix.name), v);
    if (ix.where === null) rowEst = v[0];
  }
  return rowEst === undefined && idxEst.size === 0 ? {} : { rowEst, idxEst };
}

/** Emit OpenRead for every b-tree source. */
export function openCursors(c: Compiler, joins: JoinInfo[]): void {
  for (const j of joins) {
    const s = j.source;
    if (s.kind !== "btree" || s.table === null) continue;
    if (s.table.withoutRowid) {
      // the table is the PRIMARY KEY index b-tree: PK columns, then the others
      const l = tableLayout(s.table);
      c.emit(Op.OpenRead, s.cursor, s.table.rootPage, 0, {
        kind: "cursor",
        value: {
          root: s.table.rootPage,
          kind: "index",
          nField: l.keyInfo.nKey,
          keyInfo: l.keyInfo,
          name: s.table.name,
        },
      });
      continue;
    }
    c.emit(Op.OpenRead, s.cursor, s.table.rootPage, 0, {
      kind: "cursor",
      value: {
        root: s.table.rootPage,
        kind: "table",
        nField: s.columns.length,
        keyInfo: null,
        name: s.table.name,
      },
    });
  }
}

export { Affinity };
