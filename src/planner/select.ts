/**
 * SELECT code generation — SQLite's select.c (sqlite3Select) with the loop structure of
 * where.c: result-column expansion and naming, nested-loop joins (INNER/CROSS/NATURAL/USING,
 * LEFT; RIGHT by loop reordering), WHERE term placement, DISTINCT, GROUP BY/HAVING through a
 * sorter, aggregates (DISTINCT args, FILTER, bare columns taken from the min()/max() row),
 * ORDER BY through a sorter (NULLS FIRST/LAST, by position, alias or expression), LIMIT/OFFSET,
 * compound SELECT (UNION [ALL], INTERSECT, EXCEPT), VALUES, subqueries (scalar, IN, EXISTS,
 * correlated, FROM) and views/CTEs expanded as materialised subqueries.
 *
 * Owns: `compileSelect` (a whole SELECT statement → `Program`) and `SelectCompiler`, which the
 * expression compiler calls back for subqueries and E2's statements use for INSERT … SELECT.
 * Never: executes anything or touches storage. Cold (compile time).
 * @module
 */

import { indexKeyInfo, isPkIndex, tableLayout } from "./without_rowid.ts";
import { SqliteError } from "../error.ts";
import type * as A from "../sql/ast.ts";
import {
  binaryCollation,
  type CompileEnv,
  Compiler,
  exprAffinity,
  exprCollation,
  type SubqueryCompiler,
} from "./expr.ts";
import {
  Affinity,
  type KeyInfo,
  Op,
  type Program,
  ProgramBuilder,
  type ResultColumn,
} from "./program.ts";
import { fold, outerAliases, Scope, type Source, type SourceColumn } from "./resolve.ts";
import { noteJoinTerms, vtabNamed } from "./vtab_plan.ts";
import { buildSources, type CteMap, type JoinInfo, openCursors } from "./select_from.ts";
import { flattenCore } from "./select_flatten.ts";
import {
  adjustedRows,
  analyzeCollations,
  impliesNonNullRow,
  logEstAdd,
  neededColumns,
  type OrderTerm,
  planAccess,
  transitiveTerms,
  withTableRead,
} from "./where.ts";
import { walk } from "./expr_walk.ts";
import {
  compileWindowSelect,
  emitWindowOp,
  hasWindowCalls,
  type WindowSelectHost,
  windowValues,
} from "./select_window.ts";
import {
  distinctByScan,
  emitHashGroupBy,
  explainAggTemps,
  hashGroupable,
  isMinMaxQuery,
  sameExpr,
  searchLabels,
} from "./select_group.ts";
import { needsCollation } from "./collation.ts";
import { sourceSqlOf } from "./ddl_origin.ts";
import { errorAt } from "./error_at.ts";
import {
  foldFalseAnd,
  isResolveError,
  missingTable,
  type OrderLevel,
  orderTermInt,
  sqliteErrorAt,
} from "./resolve_order.ts";

/** Where the rows of a SELECT go: `emit(first, n)` generates code consuming regs[first..+n). */
export interface SelectDest {
  emit(first: number, n: number): void;
}

/** Per-column information of a compiled SELECT's result. */
export interface SelectColumnInfo extends SourceColumn {
  /** The expression (null for VALUES without one). */
  readonly expr: A.Expr | null;
}

interface ResultItem {
  expr: A.Expr;
  name: string;
  info: SourceColumn;
  alias: string | null;
}

/** Compile a SELECT statement into a program that returns its rows. */
export function compileSelect(
  stmt: A.SelectStmt,
  env: CompileEnv,
  parameters: readonly (string | null)[],
  sql = "",
): Program {
  const b = new ProgramBuilder();
  const c = new Compiler(b, env);
  const sc = new SelectCompiler(sql);
  sc.root = stmt;
  c.sub = sc;
  const txnAddr = b.emit(Op.Transaction, 0, 0);
  let cols: SelectColumnInfo[] = [];
  cols = sc.select(c, new Scope(null), stmt, {
    emit(first, n) {
      b.emit(Op.ResultRow, first, n);
    },
  });
  b.emit(Op.Halt);
  // sqlite3CodeVerifySchema runs only for a statement that reads a b-tree: without one (SELECT 1,
  // VALUES, …) no transaction is begun (OP_Noop keeps the addresses)
  if (!b.ops.some((ins) => ins.op === Op.OpenRead || ins.op === Op.OpenWrite)) {
    b.ops[txnAddr].op = Op.Noop;
  }
  const columns: ResultColumn[] = cols.map((col) => ({
    name: col.name,
    decltype: col.decltype,
    database: col.originTable === null ? null : "main",
    table: col.originTable,
    column: col.originColumn,
  }));
  return b.finish(columns, [null, ...parameters], true);
}

/** Compiles SELECTs (and subqueries) into an existing program. */
export class SelectCompiler implements SubqueryCompiler {
  private ctes: CteMap = new Map();
  /** EXPLAIN QUERY PLAN parent id for lines added now. */
  planParent = 0;
  /** The outermost loop of the last loops() call (DISTINCT plan-line decisions). */
  private lastLevel0: { src: Source; detail: string; partialOrder?: number } | null = null;

  /** Replace lastLevel0 (a nested SELECT's loops overwrite it), returning the previous value. */
  private swapLevel0(
    v: { src: Source; detail: string; partialOrder?: number } | null,
  ): { src: Source; detail: string; partialOrder?: number } | null {
    const old = this.lastLevel0;
    this.lastLevel0 = v;
    return old;
  }
  /** Aggregates found in subqueries that belong to an enclosing query, by owning scope. */
  private readonly foreignAggs = new Map<Scope, A.FunctionCall[]>();
  /** ORDER BY as plain columns of the single FROM table, offered to the access planner. */
  private orderHint: OrderTerm[] | null = null;
  /** Set by loops() when the chosen access path already yields ORDER BY order. */
  private orderSatisfied = false;
  /** ASC/DESC of the ORDER BY of the core whose aggregate() is compiled next (null: none). */
  private aggOrderDesc: boolean[] | null = null;
  private subqueryNo = 0;
  /** The statement being compiled: subqueries are numbered as SQLite's parser numbers them. */
  root: A.SelectStmt | null = null;
  private selIds: Map<A.SelectStmt, number> | null = null;
  #sql: string;
  constructor(sql: string) {
    this.#sql = sql;
  }

  /** The SQL text the AST being compiled was parsed from (spans index it). */
  get sql(): string {
    return this.#sql;
  }

  /**
   * EXPLAIN QUERY PLAN number of a subquery: SQLite's selId, given as each SELECT core's parse
   * completes (so by the end of its text; the last core of a compound ends with its ORDER BY and
   * LIMIT; a compound is known by its last core). Unknown statements count in compile order.
   */
  private subqueryNumber(sel: A.SelectStmt): number {
    if (this.root !== null && this.selIds === null) {
      const cores: { end: number; stmt: A.SelectStmt | null }[] = [];
      const walk = (x: unknown): void => {
        if (Array.isArray(x)) {
          for (const y of x) walk(y);
          return;
        }
        if (x === null || typeof x !== "object") return;
        const o = x as Record<string, unknown>;
        if (o.kind === "select" && Array.isArray(o.compounds) && typeof o.first === "object") {
          const st = o as unknown as A.SelectStmt;
          const all = [st.first, ...st.compounds.map((t) => t.select)];
          all.forEach((core, i) => {
            const last = i === all.length - 1;
            cores.push({ end: last ? st.span.end : core.span.end, stmt: last ? st : null });
          });
        }
        for (const k in o) if (k !== "span") walk(o[k]);
      };
      walk(this.root);
      cores.sort((a, b) => a.end - b.end);
      this.selIds = new Map();
      cores.forEach((x, i) => {
        if (x.stmt !== null && !this.selIds!.has(x.stmt)) this.selIds!.set(x.stmt, i + 1);
      });
    }
    const id = this.selIds?.get(sel);
    if (id !== undefined) {
      ++this.subqueryNo;
      return id;
    }
    return ++this.subqueryNo;
  }

  /** @inheritdoc */
  dry<T>(f: () => T): T {
    const saved = [this.subqueryNo, this.planParent] as const;
    try {
      return f();
    } finally {
      this.subqueryNo = saved[0];
      this.planParent = saved[1];
    }
  }

  /** Run `f` with plan lines nested under a new line `detail`; returns that line's index. */
  private nested<T>(c: Compiler, detail: string, f: () => T): { value: T; line: number } {
    const id = c.b.addPlan(this.planParent, detail);
    const line = c.b.plan.length - 1;
    const saved = this.planParent;
    this.planParent = id;
    try {
      return { value: f(), line };
    } finally {
      this.planParent = saved;
    }
  }

  private relabel(c: Compiler, line: number, detail: string): void {
    const old = c.b.plan[line];
    c.b.plan[line] = { id: old.id, parent: old.parent, detail };
  }

  /** Compile a full SELECT (WITH, compound, ORDER BY, LIMIT); rows go to `dest`. */
  select(c: Compiler, scope: Scope, stmt: A.SelectStmt, dest: SelectDest): SelectColumnInfo[] {
    const saved = this.ctes;
    if (stmt.with !== null) {
      if (stmt.with.recursive) {
        for (const cte of stmt.with.ctes) {
          if (selectReferences(cte.select, cte.name.name)) {
            throw new SqliteError("recursive common table expressions are not supported yet");
          }
        }
      }
      this.ctes = new Map(this.ctes);
      for (const cte of stmt.with.ctes) this.ctes.set(fold(cte.name.name), cte);
    }
    try {
      if (stmt.compounds.length === 0) {
        return this.core(c, scope, stmt.first, stmt.orderBy, stmt.limit, dest);
      }
      try {
        return this.compound(c, scope, stmt, dest);
      } catch (err) {
        if (!isResolveError(err)) throw err;
        throw this.compoundError(c, scope, stmt) ?? err;
      }
    } finally {
      this.ctes = saved;
    }
  }

  // ------------------------------------------------------------------------------------------
  // subquery hooks used by expressions

  /** @inheritdoc */
  scalar(c: Compiler, scope: Scope, sel: A.SelectStmt, target: number): void {
    const b = c.b;
    const inner = new Scope(scope);
    const onceAddr = b.emit(Op.Once, 0, 0);
    const done = b.newLabel();
    b.emit(Op.Null, 0, target);
    // LIMIT 1 semantics: stop after the first row
    const no = this.subqueryNumber(sel);
    const { value: cols, line } = this.nested(
      c,
      `SCALAR SUBQUERY ${no}`,
      () =>
        this.select(c, inner, withLimitOne(sel), {
          emit(first) {
            b.emit(Op.SCopy, first, target);
            b.emitJump(Op.Goto, 0, done);
          },
        }),
    );
    if (inner.correlated) this.relabel(c, line, `CORRELATED SCALAR SUBQUERY ${no}`);
    if (cols.length !== 1) {
      throw new SqliteError(`sub-select returns ${cols.length} columns - expected 1`);
    }
    b.resolve(done);
    b.ops[onceAddr].p2 = b.here;
    if (inner.correlated) {
      b.ops[onceAddr].op = Op.Noop;
      scope.correlated = scope.correlated || inner.correlated && scope.parent !== null &&
          false;
    }
    propagateCorrelation(scope, inner);
  }

  /** @inheritdoc */
  exists(c: Compiler, scope: Scope, sel: A.SelectStmt, target: number): void {
    const b = c.b;
    const inner = new Scope(scope);
    const onceAddr = b.emit(Op.Once, 0, 0);
    const done = b.newLabel();
    b.emit(Op.Integer, 0, target);
    const no = this.subqueryNumber(sel);
    const { line } = this.nested(
      c,
      `SCALAR SUBQUERY ${no}`,
      () =>
        this.select(c, inner, withLimitOne(sel), {
          emit() {
            b.emit(Op.Integer, 1, target);
            b.emitJump(Op.Goto, 0, done);
          },
        }),
    );
    if (inner.correlated) this.relabel(c, line, `CORRELATED SCALAR SUBQUERY ${no}`);
    b.resolve(done);
    b.ops[onceAddr].p2 = b.here;
    if (inner.correlated) b.ops[onceAddr].op = Op.Noop;
    propagateCorrelation(scope, inner);
  }

  /** @inheritdoc */
  inSet(
    c: Compiler,
    scope: Scope,
    sel: A.SelectStmt,
    affinity: number,
    collation: string | null,
    forLookup = false,
  ): { cursor: number; nullReg: number } {
    const b = c.b;
    const cursor = b.allocCursor();
    const nullReg = b.allocReg();
    const inner = new Scope(scope);
    const onceAddr = b.emit(Op.Once, 0, 0);
    b.emit(Op.OpenEphemeral, cursor, 1, 0, {
      kind: "cursor",
      value: {
        root: 0,
        kind: "index",
        nField: 1,
        name: "in-set",
        keyInfo: { nKey: 1, collations: [collation], desc: [false] },
      },
    });
    b.emit(Op.Integer, 0, nullReg);
    const no = this.subqueryNumber(sel);
    const { value: cols, line } = this.nested(
      c,
      `LIST SUBQUERY ${no}`,
      () =>
        this.select(c, inner, sel, {
          emit(first) {
            const nn = b.newLabel();
            b.emitJump(Op.NotNull, first, nn);
            b.emit(Op.Integer, 1, nullReg);
            b.resolve(nn);
            if (affinity !== Affinity.NONE && affinity !== Affinity.BLOB) {
              b.emit(Op.Affinity, first, 1, 0, {
                kind: "affinity",
                value: String.fromCharCode(affinity),
              });
            }
            b.emit(Op.IdxInsert, cursor, first, 1);
          },
        }),
    );
    if (inner.correlated) this.relabel(c, line, `CORRELATED LIST SUBQUERY ${no}`);
    // an IN (SELECT …) used as a filter gets SQLite's Bloom filter line (the filter itself is not
    // built here: the ephemeral index answers membership)
    if (!forLookup && !inner.correlated) b.addPlan(c.b.plan[line].id, "CREATE BLOOM FILTER");
    if (cols.length !== 1) {
      throw new SqliteError(`sub-select returns ${cols.length} columns - expected 1`);
    }
    b.ops[onceAddr].p2 = b.here;
    if (inner.correlated) b.ops[onceAddr].op = Op.Noop;
    propagateCorrelation(scope, inner);
    return { cursor, nullReg };
  }

  /** @inheritdoc */
  firstColumnCollation(c: Compiler, scope: Scope, sel: A.SelectStmt): string | null {
    return this.firstColumnProperty(c, scope, sel, exprCollation, null);
  }

  firstColumnAffinity(c: Compiler, scope: Scope, sel: A.SelectStmt): number {
    return this.firstColumnProperty(c, scope, sel, exprAffinity, Affinity.NONE);
  }

  /**
   * A property of a subquery's first result column (its collation or affinity), resolved against
   * the subquery's FROM in a dry scope without generating code; `none` when there is no such
   * expression or it does not resolve. Cold.
   */
  private firstColumnProperty<T>(
    c: Compiler,
    scope: Scope,
    sel: A.SelectStmt,
    of: (c: Compiler, scope: Scope, e: A.Expr) => T,
    none: T,
  ): T {
    const first = sel.first;
    if (first.kind === "values") return none;
    const col = first.columns[0];
    if (col === undefined || col.kind !== "expr") return none;
    if (first.from === null) return of(c, scope, col.expr);
    const from = first.from;
    return this.dry(() => {
      try {
        const dry = new Compiler(new ProgramBuilder(), c.env);
        dry.sub = this;
        const s = new Scope(scope);
        buildSources(
          dry,
          s,
          from,
          (cc, sc2, sel2, cur, nm) => this.materialize(cc, sc2, sel2, cur, nm),
          this.ctes,
        );
        return of(dry, s, col.expr);
      } catch {
        return none;
      }
    });
  }

  /** What the window rewrite (select_window.ts) borrows from this compiler. Cold. */
  private windowHost(dest: SelectDest): WindowSelectHost {
    return {
      sql: this.sql,
      root: this.root,
      dryColumns: (c, scope, core) =>
        this.dry(() => {
          const dry = new Compiler(new ProgramBuilder(), c.env);
          dry.sub = this;
          const s = new Scope(scope.parent);
          if (core.from !== null) {
            buildSources(dry, s, core.from, (cc, sc, sel, cur, nm) =>
              this.materialize(cc, sc, sel, cur, nm), this.ctes);
          }
          const items = this.expandColumns(dry, s, core);
          const fromNames: string[] = [];
          for (const x of s.sources) {
            for (const col of x.columns) {
              fromNames.push(col.name);
            }
          }
          const named = items.map((i) => ({ name: i.name, expr: i.expr, alias: i.alias }));
          return { items: named, fromNames };
        }),
      compileCore: (c, scope, core, orderBy, limit) =>
        this.core(c, scope, core, orderBy, limit, dest),
    };
  }

  /** Materialise a subquery into ephemeral table `cursor`; returns its columns. */
  materialize(
    c: Compiler,
    scope: Scope,
    sel: A.SelectStmt,
    cursor: number,
    name = "(subquery)",
  ): SourceColumn[] {
    const b = c.b;
    const onceAddr = b.emit(Op.Once, 0, 0);
    const openAddr = b.emit(Op.OpenEphemeral, cursor, 0, 0, {
      kind: "cursor",
      value: { root: 0, kind: "table", nField: 0, name: "subquery", keyInfo: null },
    });
    const rowidReg = b.allocReg();
    // A view's SELECT was parsed from the view's own SQL: its column names come from that text.
    const outerSql = this.#sql;
    this.#sql = sourceSqlOf(sel) ?? outerSql;
    let cols: SelectColumnInfo[];
    try {
      ({ value: cols } = this.nested(c, `CO-ROUTINE ${name}`, () =>
        this.select(c, scope, sel, {
          emit(first, n) {
            b.emit(Op.NewRowid, cursor, rowidReg);
            b.emit(Op.Insert, cursor, first, rowidReg, null, n << 8);
          },
        })));
    } finally {
      this.#sql = outerSql;
    }
    void openAddr;
    const windowCols = emitWindowOp(c, sel, cursor, cols, name);
    b.ops[onceAddr].p2 = b.here;
    if (scope.correlated) b.ops[onceAddr].op = Op.Noop;
    return [...cols.map((col) => ({ ...col, hidden: false })), ...windowCols];
  }

  // ------------------------------------------------------------------------------------------
  // compound SELECT

  /**
   * The error resolveSelectStep meets first in a compound that failed to compile: it resolves
   * the arms right to left, checking each arm's width against the arm to its right. Each arm
   * is compiled alone, without emitting anything. Null when no arm fails alone. Cold.
   */
  private compoundError(c: Compiler, scope: Scope, stmt: A.SelectStmt): unknown {
    const arms = [stmt.first, ...stmt.compounds.map((t) => t.select)];
    let right = -1;
    for (let i = arms.length - 1; i >= 0; i--) {
      let width = -1;
      try {
        width = this.dry(() => {
          const dry = new Compiler(new ProgramBuilder(), c.env);
          dry.sub = this;
          return this.core(dry, new Scope(scope), arms[i], null, null, { emit() {} }).length;
        });
      } catch (err) {
        return err;
      }
      if (right >= 0 && width !== right) {
        return new SqliteError(
          `SELECTs to the left and right of ${
            stmt.compounds[i].op
          } do not have the same number of result columns`,
        );
      }
      right = width;
    }
    return null;
  }

  private compound(
    c: Compiler,
    scope: Scope,
    stmt: A.SelectStmt,
    dest: SelectDest,
  ): SelectColumnInfo[] {
    const b = c.b;
    const arms: (A.SelectCore | A.ValuesCore)[] = [
      stmt.first,
      ...stmt.compounds.map((t) => t.select),
    ];
    const ops: A.CompoundOp[] = stmt.compounds.map((t) => t.op);
    // All rows are collected into ephemeral structures, then ORDER BY/LIMIT applied.
    // Left-to-right: acc = arm0 op arm1 op arm2 ...
    let acc = b.allocCursor();
    let accDistinct = ops[0] !== "UNION ALL";
    let width = -1;
    let firstCols: SelectColumnInfo[] = [];
    // every set of this compound compares column i with multiSelectCollSeq's collation (the
    // left-most arm whose column i has one): known only once all arms are compiled, so the key
    // infos share one array, filled in below
    const armCols: SelectColumnInfo[][] = [];
    const colls: (string | null)[] = [];
    const setKeys = (n: number): KeyInfo => ({
      nKey: n,
      collations: colls,
      desc: new Array(n).fill(false),
    });
    const openAcc = (cur: number, distinct: boolean, n: number) => {
      b.emit(Op.OpenEphemeral, cur, n, 0, {
        kind: "cursor",
        value: distinct
          ? { root: 0, kind: "index", nField: n, name: "compound", keyInfo: setKeys(n) }
          : { root: 0, kind: "table", nField: n, name: "compound", keyInfo: null },
      });
    };
    const rowidReg = b.allocReg();
    // Equal values (e.g. 2 and 2.0) within one arm: the first is kept; a later arm's value
    // replaces an earlier arm's (observed SQLite behaviour of its UNION b-tree).
    const insertInto = (cur: number, distinct: boolean, seen = -1) => ({
      emit(first: number, n: number) {
        if (distinct) {
          const skip = b.newLabel();
          b.emitJump(Op.Found, seen >= 0 ? seen : cur, skip, first, null, n);
          if (seen >= 0) b.emit(Op.IdxInsert, seen, first, n);
          b.emit(Op.IdxInsert, cur, first, n);
          b.resolve(skip);
        } else {
          b.emit(Op.NewRowid, cur, rowidReg);
          b.emit(Op.Insert, cur, first, rowidReg, null, n << 8);
        }
      },
    });
    // first arm: need its width before opening; compile into a placeholder open
    const openAddr = b.here;
    openAcc(acc, accDistinct, 0);
    // EXPLAIN QUERY PLAN: SQLite's compound headers (a merge for a distinct first operator)
    const allAll = ops[0] === "UNION ALL";
    const header = b.addPlan(this.planParent, allAll ? "COMPOUND QUERY" : `MERGE (${ops[0]})`);
    const outerParent = this.planParent;
    const armPlan = (i: number) => {
      const label = i === 0
        ? (allAll ? "LEFT-MOST SUBQUERY" : "LEFT")
        : (i === 1 && !allAll ? "RIGHT" : ops[i - 1]);
      this.planParent = b.addPlan(header, label);
    };
    armPlan(0);
    firstCols = this.core(c, new Scope(scope), arms[0], null, null, insertInto(acc, accDistinct));
    armCols.push(firstCols);
    this.planParent = outerParent;
    width = firstCols.length;
    patchOpen(b, openAddr, width, accDistinct, setKeys(width));
    for (let i = 1; i < arms.length; i++) {
      const op = ops[i - 1];
      const check = (n: number) => {
        if (n !== width) {
          throw new SqliteError(
            `SELECTs to the left and right of ${op} do not have the same number of result columns`,
          );
        }
      };
      if (op === "UNION ALL" || op === "UNION") {
        const distinct = op === "UNION";
        if (distinct && !accDistinct) {
          // convert acc into a distinct set
          const nacc = b.allocCursor();
          openAcc(nacc, true, width);
          copyRows(b, acc, nacc, width, true, rowidReg);
          acc = nacc;
          accDistinct = true;
        } else if (!distinct && accDistinct) {
          // (… UNION …) UNION ALL x: the distinct rows so far, in order, then x's rows as they come
          const nacc = b.allocCursor();
          openAcc(nacc, false, width);
          copyRows(b, acc, nacc, width, false, rowidReg);
          acc = nacc;
          accDistinct = false;
        }
        let seen = -1;
        if (accDistinct) {
          seen = b.allocCursor();
          openAcc(seen, true, width);
        }
        const target = acc;
        armPlan(i);
        const cols = this.core(c, new Scope(scope), arms[i], null, null, {
          emit(first, n) {
            check(n);
            insertInto(target, accDistinct, seen).emit(first, n);
          },
        });
        this.planParent = outerParent;
        check(cols.length);
        armCols.push(cols);
      } else {
        // INTERSECT / EXCEPT: right side into a set, then filter acc into a new distinct set
        const right = b.allocCursor();
        openAcc(right, true, width);
        armPlan(i);
        const cols = this.core(c, new Scope(scope), arms[i], null, null, {
          emit(first, n) {
            check(n);
            b.emit(Op.IdxInsert, right, first, n);
          },
        });
        this.planParent = outerParent;
        check(cols.length);
        armCols.push(cols);
        const nacc = b.allocCursor();
        openAcc(nacc, true, width);
        const regs = b.allocRegs(width);
        const end = b.newLabel();
        b.emitJump(Op.Rewind, acc, end);
        const top = b.here;
        for (let k = 0; k < width; k++) b.emit(Op.Column, acc, k, regs + k);
        const skip = b.newLabel();
        b.emitJump(op === "INTERSECT" ? Op.NotFound : Op.Found, right, skip, regs, null, width);
        // the first of equal values (2 and 2.0, 0.0 and -0.0) is the one kept
        b.emitJump(Op.Found, nacc, skip, regs, null, width);
        b.emit(Op.IdxInsert, nacc, regs, width);
        b.resolve(skip);
        b.emit(Op.Next, acc, top);
        b.resolve(end);
        acc = nacc;
        accDistinct = true;
      }
    }
    for (let i = 0; i < width; i++) colls[i] = compoundCollation(armCols, i);
    // output acc with ORDER BY / LIMIT
    const outRegs = b.allocRegs(width);
    const items: ResultItem[] = firstCols.map((col) => ({
      expr: { kind: "null", span: { start: 0, end: 0 } },
      name: col.name,
      info: col,
      alias: col.name,
    }));
    const { limitReg, offsetReg } = this.limits(c, scope, stmt.limit);
    if (stmt.orderBy !== null) {
      // integer terms are checked against the left-most arm first (resolveCompoundOrderBy)
      stmt.orderBy.forEach((t, idx) => {
        if (t.expr.kind === "integer") compoundOrderTerm(t, items, idx);
      });
      const keys = stmt.orderBy.map((t, idx) => {
        const k = compoundOrderTerm(t, items, idx, armCols);
        return { col: k, term: t };
      });
      const sorter = b.allocCursor();
      const n = keys.length + width;
      b.emit(Op.SorterOpen, sorter, n, 0, {
        kind: "cursor",
        value: {
          root: 0,
          kind: "index",
          nField: n,
          name: "sorter",
          keyInfo: {
            nKey: keys.length,
            collations: keys.map((k) => collationOfTerm(k.term) ?? colls[k.col]),
            desc: keys.map((k) => k.term.direction === "DESC"),
            nulls: keys.map((k) => nullsCode(k.term)),
          },
        },
      });
      const rec = b.allocRegs(n);
      const end = b.newLabel();
      b.emitJump(Op.Rewind, acc, end);
      const top = b.here;
      for (let k = 0; k < width; k++) b.emit(Op.Column, acc, k, rec + keys.length + k);
      keys.forEach((k, i) => b.emit(Op.SCopy, rec + keys.length + k.col, rec + i));
      b.emit(Op.SorterInsert, sorter, rec, n);
      b.emit(Op.Next, acc, top);
      b.resolve(end);
      const done = b.newLabel();
      b.emitJump(Op.SorterSort, sorter, done);
      const top2 = b.here;
      const nextLbl = b.newLabel();
      for (let k = 0; k < width; k++) b.emit(Op.Column, sorter, keys.length + k, outRegs + k);
      this.emitLimited(c, limitReg, offsetReg, nextLbl, done, () => dest.emit(outRegs, width));
      b.resolve(nextLbl);
      b.emit(Op.SorterNext, sorter, top2);
      b.resolve(done);
    } else {
      const done = b.newLabel();
      b.emitJump(Op.Rewind, acc, done);
      const top = b.here;
      const nextLbl = b.newLabel();
      for (let k = 0; k < width; k++) b.emit(Op.Column, acc, k, outRegs + k);
      this.emitLimited(c, limitReg, offsetReg, nextLbl, done, () => dest.emit(outRegs, width));
      b.resolve(nextLbl);
      b.emit(Op.Next, acc, top);
      b.resolve(done);
    }
    return firstCols;
  }

  // ------------------------------------------------------------------------------------------
  // LIMIT / OFFSET

  private limits(
    c: Compiler,
    scope: Scope,
    limit: A.LimitClause | null,
  ): { limitReg: number; offsetReg: number } {
    if (limit === null) return { limitReg: -1, offsetReg: -1 };
    const b = c.b;
    const limitReg = b.allocReg();
    c.exprTo(scope, limit.limit, limitReg);
    b.emit(Op.MustBeInt, limitReg, 0);
    let offsetReg = -1;
    if (limit.offset !== null) {
      offsetReg = b.allocReg();
      c.exprTo(scope, limit.offset, offsetReg);
      b.emit(Op.MustBeInt, offsetReg, 0);
    }
    return { limitReg, offsetReg };
  }

  /** Emit `body` guarded by OFFSET (skip → next) and LIMIT (stop → done). */
  private emitLimited(
    c: Compiler,
    limitReg: number,
    offsetReg: number,
    next: number,
    done: number,
    body: () => void,
  ): void {
    const b = c.b;
    if (limitReg >= 0) b.emitJump(Op.IfNot, limitReg, done); // LIMIT 0 (or reached)
    if (offsetReg >= 0) b.emitJump(Op.IfPos, offsetReg, next, 1);
    body();
    if (limitReg >= 0) b.emitJump(Op.DecrJumpZero, limitReg, done);
  }

  // ------------------------------------------------------------------------------------------
  // one SELECT core

  /** The clauses of each core being compiled, as written (resolve_order.ts re-checks them). */
  private readonly levels = new Map<Scope, OrderLevel>();

  /**
   * Compile one core (or VALUES) with its ORDER BY and LIMIT. A name-resolution error is
   * replaced by the one SQLite's resolver meets first at this level (./resolve_order.ts).
   */
  core(
    c: Compiler,
    scope: Scope,
    core: A.SelectCore | A.ValuesCore,
    orderBy: A.OrderingTerm[] | null,
    limit: A.LimitClause | null,
    dest: SelectDest,
  ): SelectColumnInfo[] {
    try {
      return this.coreBody(c, scope, core, orderBy, limit, dest);
    } catch (err) {
      const level = this.levels.get(scope);
      if (level === undefined || !isResolveError(err)) throw err;
      const agg = level.groupBy !== null || level.items.some((it) => hasOwnAgg(c, scope, it.expr));
      const known = (name: string) => {
        try {
          return this.ctes.has(fold(name)) || c.env.schema.tableOrView(name) !== undefined ||
            vtabNamed(c, name) !== undefined;
        } catch {
          return true;
        }
      };
      const trial = (sel: A.SelectStmt) => this.trial(c, scope, sel);
      throw missingTable([
        ...level.items.map((it) => it.expr),
        level.where,
        ...level.on,
        ...(level.groupBy ?? []),
        level.having,
        ...(level.orderBy ?? []).map((t) => t.expr),
      ], known) ?? sqliteErrorAt(c, scope, level, agg, trial, this.sql) ?? err;
    } finally {
      this.levels.delete(scope);
    }
  }

  /**
   * The error SQLite's resolver meets first in a window query that failed to compile: its FROM
   * is built again without emitting anything and the level re-checked (./resolve_order.ts).
   * Null when that cannot be done. Cold.
   */
  private windowError(
    c: Compiler,
    scope: Scope,
    core: A.SelectCore,
    orderBy: A.OrderingTerm[] | null,
    limit: A.LimitClause | null,
  ): unknown {
    try {
      return this.dry(() => {
        const dry = new Compiler(new ProgramBuilder(), c.env);
        dry.sub = this;
        const s = new Scope(scope.parent);
        if (core.from !== null) {
          buildSources(
            dry,
            s,
            core.from,
            (cc, sc, sel, cur, nm) => this.materialize(cc, sc, sel, cur, nm),
            this.ctes,
          );
        }
        const items = this.expandColumns(dry, s, core);
        const level: OrderLevel = {
          items: items.map((it) => ({ expr: it.expr, alias: it.alias })),
          where: core.where,
          on: (core.from?.joins ?? []).flatMap((j) => j.on === null ? [] : [j.on]),
          having: core.having,
          groupBy: core.groupBy,
          orderBy,
          limit,
        };
        const agg = core.groupBy !== null || items.some((it) => hasOwnAgg(dry, s, it.expr));
        const trial = (sel: A.SelectStmt) => this.trial(dry, s, sel);
        return sqliteErrorAt(dry, s, level, agg, trial, this.sql);
      });
    } catch {
      return null;
    }
  }

  /** Compile `sel` alone as a subquery of `scope`, emitting nothing: its error, or null. */
  private trial(c: Compiler, scope: Scope, sel: A.SelectStmt): unknown {
    try {
      this.dry(() => {
        const dry = new Compiler(new ProgramBuilder(), c.env);
        dry.sub = this;
        this.select(dry, new Scope(scope), sel, { emit() {} });
      });
      return null;
    } catch (err) {
      return err;
    }
  }

  private coreBody(
    c: Compiler,
    scope: Scope,
    core: A.SelectCore | A.ValuesCore,
    orderBy: A.OrderingTerm[] | null,
    limit: A.LimitClause | null,
    dest: SelectDest,
  ): SelectColumnInfo[] {
    // the parser's `x AND 0` → `0` (sqlite3ExprAnd), which tsqlite's parser does not do (only
    // when the statement has a literal 0 at all: the walk costs ~4% of a prepare)
    if (ZERO_LITERAL.test(this.sql)) {
      core = foldFalseAnd(core);
      orderBy = foldFalseAnd(orderBy);
    }
    if (core.kind === "values") core = windowValues(core); // one row with OVER: a SELECT
    if (core.kind === "values") return this.values(c, scope, core, orderBy, limit, dest);
    if (hasWindowCalls(core, orderBy)) {
      // window functions: a sub-select plus Op.Window (select_window.ts)
      const host = this.windowHost(dest);
      try {
        if (core.groupBy === null && orderBy !== null) {
          // an aggregate only in ORDER BY (expr.c's "misuse of aggregate: f()", as below)
          const own: A.FunctionCall[] = [];
          for (const rc of core.columns) {
            if (rc.kind === "expr") collectAggs(c, rc.expr, own, [], false, scope, () => {});
          }
          const inOrder: A.FunctionCall[] = [];
          for (const t of orderBy) collectAggs(c, t.expr, inOrder, [], false, scope, () => {});
          const last = inOrder[inOrder.length - 1];
          if (own.length === 0 && last !== undefined) {
            throw errorAt(
              new SqliteError(`misuse of aggregate: ${last.name.name}()`),
              last.span.start,
            );
          }
        }
        return compileWindowSelect(host, c, scope, core, orderBy, limit) as SelectColumnInfo[];
      } catch (err) {
        if (!isResolveError(err)) throw err;
        throw this.windowError(c, scope, core, orderBy, limit) ?? err;
      }
    }
    const written = { core, orderBy };
    ({ core, orderBy } = flattenCore(
      core,
      orderBy,
      c.env.schema,
      this.sql,
      (e) => {
        const found: A.FunctionCall[] = [];
        collectAggs(c, e, found, [], false);
        return found.length > 0 || containsWindowOrSubAgg(e);
      },
      this.ctes,
    ));
    const b = c.b;
    const joins = core.from === null
      ? []
      : buildSources(c, scope, core.from, (cc, sc, sel, cur, nm) =>
        this.materialize(cc, sc, sel, cur, nm), this.ctes);
    const items = this.expandColumns(c, scope, core);
    const width = items.length;
    if (written.core === core) {
      this.levels.set(scope, {
        items: items.map((it) => ({ expr: it.expr, alias: it.alias })),
        where: core.where,
        on: (core.from?.joins ?? []).flatMap((j) => j.on === null ? [] : [j.on]),
        having: core.having,
        groupBy: core.groupBy,
        orderBy: written.orderBy,
        limit,
      });
    }
    // result-column aliases are visible in WHERE, GROUP BY, HAVING and ORDER BY (resolve.c)
    const aliases = new Map<string, A.Expr>();
    for (const it of items) {
      if (it.alias !== null && !aliases.has(fold(it.alias))) aliases.set(fold(it.alias), it.expr);
    }
    if (aliases.size > 0) {
      const sub = (e: A.Expr) => substituteAliases(e, aliases, scope);
      core = {
        ...core,
        where: core.where === null ? null : sub(core.where),
        groupBy: core.groupBy === null ? null : core.groupBy.map(sub),
        having: core.having === null ? null : sub(core.having),
      };
      if (orderBy !== null) {
        orderBy = orderBy.map((t) => ({ ...t, expr: aliasOrSub(t.expr, aliases, scope) }));
      }
      // …and inside those clauses' subqueries, when no FROM column of any level has the name
      noteOuterAliases(c, aliases, scope, [
        core.where,
        core.groupBy,
        core.having,
        orderBy?.map((t) => t.expr) ?? null,
      ]);
    }

    // aggregates?
    const aggCalls: A.FunctionCall[] = [];
    const outside: A.ColumnRef[] = [];
    const scanExprs: A.Expr[] = items.map((i) => i.expr);
    if (core.having !== null) scanExprs.push(core.having);
    const orderExprs: A.Expr[] = [];
    const orderKeys = orderBy === null
      ? []
      : orderBy.map((t) => resolveOrderTerm(t, items, "ORDER"));
    for (const k of orderKeys) if (k.expr !== null) orderExprs.push(k.expr);
    const onForeign = (call: A.FunctionCall, owner: Scope) => {
      let list = this.foreignAggs.get(owner);
      if (list === undefined) {
        list = [];
        this.foreignAggs.set(owner, list);
      }
      if (!list.includes(call)) list.push(call);
    };
    for (const e of [...scanExprs, ...orderExprs]) {
      collectAggs(c, e, aggCalls, outside, false, scope, onForeign);
    }
    // aggregates inside subqueries that belong to this query (found by a trial compilation)
    if ([...scanExprs, ...orderExprs].some(containsSubquery)) {
      const dry = new Compiler(new ProgramBuilder(), c.env);
      dry.sub = this;
      dry.agg = { aggregate: () => 1, column: () => -1 };
      this.dry(() => {
        for (const e of [...scanExprs, ...orderExprs]) {
          try {
            dry.expr(scope, e);
          } catch {
            // real errors surface in the real compilation
          }
        }
      });
      for (const call of this.foreignAggs.get(scope) ?? []) {
        if (!aggCalls.includes(call)) aggCalls.push(call);
      }
    }
    const isAgg = aggCalls.length > 0 || core.groupBy !== null;
    // SF_Aggregate is GROUP BY or an aggregate in the result set: HAVING needs it, and an
    // aggregate only in ORDER BY is refused when coded (expr.c's "misuse of aggregate: f()")
    const inItems = (x: A.FunctionCall) =>
      items.some((it) => x.span.start >= it.expr.span.start && x.span.end <= it.expr.span.end);
    const inHaving = (x: A.FunctionCall) =>
      core.having !== null && x.span.start >= core.having.span.start &&
      x.span.end <= core.having.span.end;
    if (isAgg && core.groupBy === null && !aggCalls.some(inItems)) {
      if (core.having !== null) throw new SqliteError("HAVING clause on a non-aggregate query");
      const extra = aggCalls.filter((x) => !inHaving(x));
      const last = extra[extra.length - 1];
      throw errorAt(new SqliteError(`misuse of aggregate: ${last.name.name}()`), last.span.start);
    }
    if (!isAgg && core.having !== null) {
      throw new SqliteError("HAVING clause on a non-aggregate query");
    }
    if (core.where !== null) {
      checkNoAgg(c, core.where, isAgg ? "WHERE-AGG" : "WHERE", scope, onForeign);
    }
    for (const j of joins) {
      for (const e of j.on) checkNoAgg(c, e, isAgg ? "WHERE-AGG" : "ON", scope, onForeign);
    }

    const { limitReg, offsetReg } = this.limits(c, scope, limit);
    // every expression that may read a FROM column (for covering-index decisions)
    const nodes: unknown[] = [
      items.map((i) => i.expr),
      core.where,
      core.groupBy,
      core.having,
      orderBy,
      core.from,
      core.columns,
    ];

    // output stage: distinct + order-by sorter or direct
    const distinct = core.distinct === "DISTINCT";
    let distinctCur = -1;
    if (distinct) {
      distinctCur = b.allocCursor();
      b.emit(Op.OpenEphemeral, distinctCur, width, 0, {
        kind: "cursor",
        value: {
          root: 0,
          kind: "index",
          nField: width,
          name: "distinct",
          keyInfo: {
            nKey: width,
            collations: items.map((i) => i.info.collation),
            desc: items.map(() => false),
          },
        },
      });
    }
    let sorter = -1;
    const nKeys = orderKeys.length;
    const savedHint = this.orderHint;
    // a subquery compiled inside this SELECT (WHERE, result columns) must leave the enclosing
    // SELECT's state as it found it
    const savedSatisfied = this.orderSatisfied;
    const savedLevel0 = this.swapLevel0(null);
    this.orderHint = null;
    this.orderSatisfied = false;
    const one = joins.length === 1 ? joins[0].source.kind : null;
    // (a virtual table is offered the ORDER BY in xBestIndex: it may deliver that order)
    if (nKeys > 0 && !isAgg && (one === "btree" || one === "vtab")) {
      const hint = orderHintOf(c, scope, orderKeys, items, joins[0].source);
      // with a LIMIT SQLite prefers a bounded sort over a partially ordered index scan
      this.orderHint = hint === null || limit === null
        ? hint
        : hint.map((o) => ({ ...o, noPartial: true }));
    } else if (
      nKeys === 0 && distinct && !isAgg && joins.length === 1 && joins[0].source.kind === "btree"
    ) {
      // DISTINCT prefers an index led by some of its columns (rows arrive grouped)
      const hint = orderHintOf(
        c,
        scope,
        items.map((it) => ({
          term: { expr: it.expr, direction: null, nulls: null, span: it.expr.span },
          col: -1,
          expr: it.expr,
        })),
        items,
        joins[0].source,
      );
      const t = joins[0].source.table;
      // all of a WITHOUT ROWID table's PRIMARY KEY columns: every row is distinct already
      const unique = hint !== null && t !== null && t.withoutRowid &&
        tableLayout(t).pkCols.every((ic) => hint.some((o) => o.col === ic.column));
      this.orderHint = hint === null || unique ? null : hint.map((o) => ({ ...o, anyOrder: true }));
    }
    let sorterOpen = -1;
    let sorterLimitAddr = -1;
    if (nKeys > 0) {
      sorter = b.allocCursor();
      sorterOpen = b.here;
      b.emit(Op.SorterOpen, sorter, nKeys + width, 0, {
        kind: "cursor",
        value: {
          root: 0,
          kind: "index",
          nField: nKeys + width,
          name: "sorter",
          keyInfo: {
            nKey: nKeys,
            collations: orderKeys.map((k) =>
              collationOfTerm(k.term) ??
                (k.col >= 0 ? items[k.col].info.collation : exprCollation(c, scope, k.expr!))
            ),
            desc: orderKeys.map((k) => k.term.direction === "DESC"),
            nulls: orderKeys.map((k) => nullsCode(k.term)),
          },
        },
      });
      if (limitReg >= 0) {
        sorterLimitAddr = b.emit(Op.SorterLimit, sorter, limitReg, Math.max(offsetReg, 0));
      }
    }
    const outRegs = b.allocRegs(width);
    const keyRegs = nKeys > 0 ? b.allocRegs(nKeys + width) : 0;
    const loopDone = b.newLabel();

    /** Emit code computing one output row (exprs already bound for agg context) then dispatch. */
    const emitRow = (next: number) => {
      if (sorter >= 0 && !this.orderSatisfied) {
        // as SQLite (SQLITE_ECEL_OMITREF): the columns ORDER BY refers to are computed after the
        // others, in ORDER BY order
        const keyed = new Set(orderKeys.filter((k) => k.col >= 0).map((k) => k.col));
        for (let i = 0; i < width; i++) {
          if (!keyed.has(i)) c.exprTo(scope, items[i].expr, outRegs + i);
        }
        for (const k of orderKeys) {
          if (k.col >= 0 && keyed.delete(k.col)) {
            c.exprTo(scope, items[k.col].expr, outRegs + k.col);
          }
        }
      } else {
        for (let i = 0; i < width; i++) c.exprTo(scope, items[i].expr, outRegs + i);
      }
      if (distinct) {
        b.emitJump(Op.Found, distinctCur, next, outRegs, null, width);
        b.emit(Op.IdxInsert, distinctCur, outRegs, width);
      }
      if (sorter >= 0 && !this.orderSatisfied) {
        for (let k = 0; k < nKeys; k++) {
          const key = orderKeys[k];
          if (key.col >= 0) b.emit(Op.SCopy, outRegs + key.col, keyRegs + k);
          else c.exprTo(scope, key.expr!, keyRegs + k);
        }
        for (let i = 0; i < width; i++) b.emit(Op.SCopy, outRegs + i, keyRegs + nKeys + i);
        b.emit(Op.SorterInsert, sorter, keyRegs, nKeys + width);
      } else {
        this.emitLimited(c, limitReg, offsetReg, next, loopDone, () => dest.emit(outRegs, width));
      }
    };

    if (!isAgg) {
      if (joins.length === 0) {
        if (core.where !== null) c.jumpIfFalse(scope, core.where, loopDone);
        emitRow(loopDone);
      } else {
        openCursors(c, joins);
        this.loops(c, scope, joins, core.where, (next) => emitRow(next), loopDone, nodes);
      }
    } else if (
      isCountStar(c, core, joins, aggCalls, outside) &&
      !items.some((i) => containsSubquery(i.expr))
    ) {
      // SELECT count(*) FROM t: OP_Count on the b-tree (SQLite's count optimisation)
      openCursors(c, joins);
      const src = joins[0].source;
      const plan = planAccess(c, scope, src, new Set(), [], new Map([[src, 0]]), 0);
      b.addPlan(this.planParent, plan.detail);
      const r = b.allocReg();
      b.emit(Op.Count, src.cursor, r);
      const saved = c.agg;
      c.agg = { aggregate: () => r, column: () => -1 };
      emitRow(loopDone);
      c.agg = saved;
    } else {
      this.aggOrderDesc = orderBy === null ? null : orderBy.map((t) => t.direction === "DESC");
      this.aggregate(c, scope, joins, core, items, aggCalls, outside, emitRow, loopDone, nodes);
    }
    b.resolve(loopDone);
    if (distinct && !distinctByOrder(c, scope, joins, items, this.lastLevel0)) {
      b.addPlan(this.planParent, "USE TEMP B-TREE FOR DISTINCT");
    }
    const hintUsed = this.orderSatisfied;
    this.orderHint = savedHint;
    this.orderSatisfied = savedSatisfied;
    if (hintUsed && sorter >= 0) {
      // the access path delivers ORDER BY order: no sorter
      b.ops[sorterOpen].op = Op.Noop;
      if (sorterLimitAddr >= 0) b.ops[sorterLimitAddr].op = Op.Noop;
      sorter = -1;
    }
    if (sorter >= 0) {
      // with a partial order from the scan SQLite sorts only the remaining terms
      const k = joins.length === 1 && this.lastLevel0 !== null && !isAgg
        ? this.lastLevel0.partialOrder ?? 0
        : 0;
      b.addPlan(
        this.planParent,
        k === 0
          ? "USE TEMP B-TREE FOR ORDER BY"
          : k === nKeys - 1
          ? "USE TEMP B-TREE FOR LAST TERM OF ORDER BY"
          : `USE TEMP B-TREE FOR LAST ${nKeys - k} TERMS OF ORDER BY`,
      );
    }

    if (sorter >= 0) {
      const done = b.newLabel();
      b.emitJump(Op.SorterSort, sorter, done);
      const top = b.here;
      const next = b.newLabel();
      for (let i = 0; i < width; i++) b.emit(Op.Column, sorter, nKeys + i, outRegs + i);
      this.emitLimited(c, limitReg, offsetReg, next, done, () => dest.emit(outRegs, width));
      b.resolve(next);
      b.emit(Op.SorterNext, sorter, top);
      b.resolve(done);
    }
    this.swapLevel0(savedLevel0);
    return items.map((i) => ({ ...i.info, name: i.name, expr: i.expr }));
  }

  private values(
    c: Compiler,
    scope: Scope,
    core: A.ValuesCore,
    orderBy: A.OrderingTerm[] | null,
    limit: A.LimitClause | null,
    dest: SelectDest,
  ): SelectColumnInfo[] {
    const b = c.b;
    const width = core.rows[0].length;
    for (const r of core.rows) {
      if (r.length !== width) {
        throw new SqliteError("all VALUES must have the same number of terms");
      }
    }
    const cols: SelectColumnInfo[] = core.rows[0].map((e, i) => ({
      name: `column${i + 1}`,
      affinity: Affinity.NONE,
      collation: null,
      decltype: null,
      originTable: null,
      originColumn: null,
      hidden: false,
      expr: e,
    }));
    if (orderBy !== null || limit !== null) {
      // VALUES with ORDER BY/LIMIT: treat as a compound-like set through a subquery
      const sel: A.SelectStmt = {
        kind: "select",
        with: null,
        first: {
          kind: "core",
          distinct: null,
          columns: [{ kind: "star", span: core.span }],
          from: {
            first: {
              kind: "subquery",
              select: {
                kind: "select",
                with: null,
                first: core,
                compounds: [],
                orderBy: null,
                limit: null,
                span: core.span,
              },
              alias: null,
              span: core.span,
            },
            joins: [],
            span: core.span,
          },
          where: null,
          groupBy: null,
          having: null,
          windows: null,
          span: core.span,
        },
        compounds: [],
        orderBy,
        limit,
        span: core.span,
      };
      const got = this.select(c, scope, sel, dest);
      return got.map((g, i) => ({ ...g, name: cols[i].name }));
    }
    const regs = b.allocRegs(width);
    for (const row of core.rows) {
      for (let i = 0; i < width; i++) c.exprTo(scope, row[i], regs + i);
      dest.emit(regs, width);
    }
    return cols;
  }

  /** Expand `*` and `tbl.*`; name each result column as SQLite does. */
  private expandColumns(c: Compiler, scope: Scope, core: A.SelectCore): ResultItem[] {
    const items: ResultItem[] = [];
    const span = core.span;
    for (const rc of core.columns) {
      if (rc.kind === "star" || rc.kind === "tableStar") {
        let sources = scope.sources;
        if (rc.kind === "tableStar") {
          const s = scope.source(rc.table.name);
          if (s === undefined) throw new SqliteError(`no such table: ${rc.table.name}`);
          sources = [s];
        } else if (sources.length === 0) {
          throw new SqliteError("no tables specified");
        }
        // tables left of a RIGHT JOIN (JT_LTORJ) name a later USING column unqualified, so it
        // resolves as lookupName does: the right-hand copy, or the coalesce for a FULL JOIN
        const all = scope.sources;
        const lastRight = all.findLastIndex((x) => x.outerRight !== undefined);
        for (const s of sources) {
          const at = all.indexOf(s);
          s.columns.forEach((col, i) => {
            if (col.hidden && rc.kind === "star") return;
            // a virtual table's HIDDEN columns are in neither `*` nor `t.*`
            if (s.kind === "vtab" && s.vtab!.columns[i].hidden) return;
            const bare = at < lastRight &&
              all.slice(at + 1).some((x) => x.usingFrom.has(fold(col.name)));
            items.push({
              expr: {
                kind: "column",
                schema: null,
                table: bare ? null : { name: s.name, quoted: null, span },
                column: { name: col.name, quoted: null, span },
                span,
              },
              name: col.name,
              info: col,
              alias: null,
            });
            void i;
          });
        }
        continue;
      }
      const e = rc.expr;
      let name: string;
      if (rc.alias !== null) name = rc.alias.name;
      else if (e.kind === "column") {
        name = e.column.name;
        const r = safeResolve(c, scope, e);
        if (r !== null && r.column >= 0) name = r.source.columns[r.column].name;
      } else name = this.sql.slice(rc.span.start, rc.span.end) || exprText(e);
      let info: SourceColumn = {
        name,
        affinity: Affinity.NONE,
        collation: null,
        decltype: null,
        originTable: null,
        originColumn: null,
        hidden: false,
      };
      if (e.kind === "column") {
        const r = safeResolve(c, scope, e);
        if (r !== null) {
          if (r.column < 0 || r.column === r.source.rowidAlias) rowidResults.add(e);
          if (r.column >= 0) {
            const col = r.source.columns[r.column];
            info = { ...col, name, hidden: false };
          } else {
            info = {
              ...info,
              affinity: Affinity.INTEGER,
              decltype: "INTEGER",
              originTable: r.source.table?.name ?? null,
              originColumn: "rowid",
            };
            if (r.source.table !== null) info = { ...info, decltype: "INTEGER" };
          }
        }
      } else {
        info = {
          ...info,
          affinity: exprAffinity(c, scope, e),
          collation: exprCollation(c, scope, e),
        };
      }
      items.push({ expr: e, name, info, alias: rc.alias?.name ?? null });
    }
    return items;
  }

  // ------------------------------------------------------------------------------------------
  // the nested loops

  /**
   * Emit nested loops over `joins` with WHERE terms placed at the innermost level they need;
   * `body(next)` is emitted inside, with `next` the label that continues the innermost loop.
   */
  loops(
    c: Compiler,
    scope: Scope,
    joins: JoinInfo[],
    where: A.Expr | null,
    body: (next: number) => void,
    done: number,
    nodes: unknown[],
  ): void {
    const b = c.b;
    analyzeCollations(
      c,
      scope,
      where,
      joins.flatMap((j) => j.on.map((term) => ({ term, outer: j.type !== "inner" }))),
      joins.some((j) => j.type === "right" || j.type === "full"),
    );
    // outer joins whose NULL rows the WHERE clause rejects (sqlite3Select's join simplification,
    // in FROM order): LEFT becomes inner and FULL becomes RIGHT when the table itself must be
    // non-NULL; when a table left of a RIGHT JOIN must be, every later RIGHT becomes inner and
    // FULL becomes LEFT
    // (inner joins' ON terms are part of SQLite's WHERE here, except for tables left of a RIGHT
    // JOIN: sqlite3ExprImpliesNonNullRow's isRJ)
    const innerOn = joins.filter((j) => j.type === "inner").flatMap((j) => j.on);
    if (where !== null || innerOn.length > 0) {
      joins = joins.slice();
      for (let i = 0; i < joins.length; i++) {
        const j = joins[i];
        const lastRight = joins.findLastIndex((x) => x.type === "right" || x.type === "full");
        const ltorj = i < lastRight;
        if (j.type !== "left" && j.type !== "full" && !ltorj) continue;
        const implied = (where !== null && impliesNonNullRow(c, scope, where, j.source)) ||
          (!ltorj && innerOn.some((t) => impliesNonNullRow(c, scope, t, j.source)));
        if (!implied) continue;
        if (j.type === "left") joins[i] = { ...j, type: "inner" };
        else if (j.type === "full") joins[i] = { ...j, type: "right" };
        if (ltorj) {
          for (let k = i + 1; k < joins.length; k++) {
            const t = joins[k].type;
            if (t === "right") joins[k] = { ...joins[k], type: "inner" };
            else if (t === "full") joins[k] = { ...joins[k], type: "left" };
          }
        }
      }
    }
    let order = joins.map((j) => j);
    let terms = where === null ? [] : splitAnd(where);
    // a virtual table is offered (unusable) the terms on its parameters placed at inner loops
    noteJoinTerms(scope, [...terms, ...order.flatMap((j) => j.on)]);
    // (USING/NATURAL equalities are synthesized: the columns they read are needed too)
    nodes = [nodes, ...joins.map((j) => j.on)];
    // inner joins only: choose the cheapest nesting order (SQLite's wherePathSolver, roughly)
    if (
      order.length > 1 && order.length <= 16 &&
      order.every((j) => j.type === "inner" && !j.cross)
    ) {
      terms = [...order.flatMap((j) => j.on), ...terms];
      terms = [...terms, ...transitiveTerms(c, scope, terms)];
      order = order.map((j) => ({ ...j, on: [] }));
      order = this.bestOrder(c, scope, order, terms, nodes);
    }
    const levelOf = new Map<unknown, number>();
    order.forEach((j, i) => levelOf.set(j.source, i));
    const placed: A.Expr[][] = order.map(() => []);
    // RIGHT and FULL JOIN (where.c's WhereRightJoin): the right table's loop records each row an
    // ON clause matched; the loops inside it are a subroutine, called for every match and, after
    // all loops end, for every row never matched, with the tables to its left on NULL rows
    const isRight = (j: JoinInfo) => j.type === "right" || j.type === "full";
    const lastRight = order.findLastIndex(isRight);
    /** WHERE terms the unmatched rows of the last RIGHT JOIN table are filtered by first. */
    const subWhere: A.Expr[] = [];
    for (const t of terms) {
      let lvl = maxLevel(c, scope, t, levelOf);
      // a WHERE term must not be tested before the null row of an enclosing LEFT JOIN exists:
      // placing it at its own level (after the match flag) is correct for the null row too.
      if (lvl < 0) lvl = 0;
      // tables left of a RIGHT JOIN (JT_LTORJ) test no WHERE term: a row the WHERE rejects still
      // counts as matched, so the terms wait for the last RIGHT JOIN table (tag-20220513a)
      if (lvl <= lastRight) {
        lvl = lastRight;
        subWhere.push(t);
      }
      placed[lvl].push(t);
    }
    let outerRows = 0;
    const plans = order.map((j, i) => {
      // (constraintCompatibleWithOuterJoin: the right table of a RIGHT JOIN is looked up by
      // its own ON terms only)
      // A LEFT JOIN table may use only the WHERE terms a NULL row fails (SQLite would turn such
      // a join into an inner one); they are tested again after the loop, for the NULL row
      const levelTerms = isRight(j)
        ? [...j.on]
        : j.type === "left"
        ? [...j.on, ...placed[i].filter(nullRejecting)]
        : [...j.on, ...placed[i]];
      const plan = planAccess(
        c,
        scope,
        j.source,
        // the right table of a RIGHT JOIN is read from its table cursor, also when its unmatched
        // rows are visited (SQLite opens it even for a covering index): no index-only plan
        isRight(j) ? withTableRead(neededColumns(j.source, nodes)) : neededColumns(j.source, nodes),
        levelTerms,
        levelOf,
        i,
        i === 0 && order.length === 1 ? this.orderHint : null,
        outerRows,
      );
      outerRows += adjustedRows(plan, levelTerms);
      if (i === 0 && order.length === 1 && this.orderHint !== null) {
        this.orderSatisfied = plan.ordered === true;
      }
      if (i === 0) {
        this.lastLevel0 = { src: j.source, detail: plan.detail, partialOrder: plan.partialOrder };
      }
      for (const line of plan.preLines ?? []) b.addPlan(this.planParent, line);
      b.addPlan(
        this.planParent,
        j.type === "left" || j.type === "full" ? `${plan.detail} LEFT-JOIN` : plan.detail,
      );
      return plan;
    });
    /** Per RIGHT JOIN level: its match set, subroutine entry and return register. */
    const rj = new Map<number, { seen: number; sub: number; ret: number; keyCols: number[] }>();
    const subs: number[] = [];
    const recurse = (i: number, outerNext: number) => {
      if (i === order.length) {
        body(outerNext);
        return;
      }
      const j = order[i];
      const plan = plans[i];
      const matched = j.type === "left" || j.type === "full" ? b.allocReg() : -1;
      if (matched >= 0) b.emit(Op.Integer, 0, matched);
      const loopEnd = b.newLabel();
      const next = b.newLabel();
      const nullCase = b.newLabel();
      const afterOn = b.newLabel();
      plan.begin(matched >= 0 ? nullCase : loopEnd);
      const top = b.here;
      void top;
      const consumed = new Set(plan.consumed ?? []);
      for (const e of j.on) if (!consumed.has(e)) c.jumpIfFalse(scope, e, next);
      if (matched >= 0) b.emit(Op.Integer, 1, matched);
      b.resolve(afterOn);
      const r = rj.get(i);
      if (r !== undefined) {
        // record the match (not for a FULL JOIN's null row), then run the inner loops
        const src = j.source;
        const skip = b.newLabel();
        const key = b.allocRegs(r.keyCols.length);
        b.emitJump(Op.IfNullRow, src.cursor, skip, key);
        r.keyCols.forEach((col, k) => c.readColumn(src, col, key + k));
        b.emitJump(Op.Found, r.seen, skip, key, null, r.keyCols.length);
        b.emit(Op.IdxInsert, r.seen, key, r.keyCols.length);
        b.resolve(skip);
        b.emitJump(Op.Gosub, r.ret, r.sub);
        if (!subs.includes(i)) subs.push(i);
      } else {
        for (const e of placed[i]) {
          if (!consumed.has(e) || matched >= 0) c.jumpIfFalse(scope, e, next);
        }
        recurse(i + 1, next);
      }
      b.resolve(next);
      // after the NULL row the loop is over: its cursor was never (re)positioned, so stepping
      // it would continue from a stale entry (SQLite's OP_NullRow clears the b-tree cursor)
      if (matched >= 0) b.emitJump(Op.IsNull, matched, loopEnd);
      plan.next();
      if (matched >= 0) {
        b.resolve(nullCase);
        b.emitJump(Op.If, matched, loopEnd);
        b.emit(Op.NullRow, j.source.cursor);
        if (j.source.coverCursor >= 0) b.emit(Op.NullRow, j.source.coverCursor);
        b.emit(Op.Null, 0, matched);
        b.emitJump(Op.Goto, 0, afterOn);
      }
      b.resolve(loopEnd);
    };
    order.forEach((j, i) => {
      if (!isRight(j)) return;
      // the matched rows' keys: the rowid, or a WITHOUT ROWID table's PRIMARY KEY columns
      const src = j.source;
      const keyCols = src.table !== null && src.table.withoutRowid
        ? tableLayout(src.table).pkCols.map((ic) => ic.column)
        : [-1];
      const seen = b.allocCursor();
      b.emit(Op.OpenEphemeral, seen, keyCols.length, 0, {
        kind: "cursor",
        value: {
          root: 0,
          kind: "index",
          nField: keyCols.length,
          name: "right-join",
          keyInfo: allKeys(keyCols.length),
        },
      });
      rj.set(i, { seen, sub: b.newLabel(), ret: b.allocReg(), keyCols });
    });
    recurse(0, done);
    if (lastRight < 0) return;
    // the subroutines (out of line): WHERE terms of the level, then the loops inside it; coded
    // first so that every inner loop's cursors are known when the passes below null them
    const passes = b.newLabel();
    b.emitJump(Op.Goto, 0, passes);
    for (let k = 0; k < subs.length; k++) {
      const i = subs[k];
      const r = rj.get(i)!;
      b.resolve(r.sub);
      const ret = b.newLabel();
      for (const e of placed[i]) c.jumpIfFalse(scope, e, ret);
      recurse(i + 1, ret);
      b.resolve(ret);
      b.emit(Op.Return, r.ret);
    }
    b.resolve(passes);
    // sqlite3WhereRightJoinLoop, for each RIGHT JOIN table in FROM order: its rows never
    // matched, every table to its left on a NULL row, then the inner loops (the subroutine)
    for (const [i, r] of rj) {
      const src = order[i].source;
      // (a virtual table is named as declared: its columns' origin)
      const tname = src.table?.name ?? (src.kind === "vtab" ? src.columns[0].originTable : null);
      const parent = b.addPlan(this.planParent, `RIGHT-JOIN ${tname ?? src.name}`);
      for (let k = 0; k < i; k++) {
        const s = order[k].source;
        b.emit(Op.NullRow, s.cursor);
        if (s.coverCursor >= 0) b.emit(Op.NullRow, s.coverCursor);
      }
      // (only the last RIGHT JOIN table is filtered by the WHERE terms on tables up to it)
      const own = i === lastRight ? subWhere : [];
      const lv = new Map<unknown, number>();
      order.forEach((o, k) => lv.set(o.source, k === i ? 0 : -1));
      const plan = planAccess(c, scope, src, withTableRead(neededColumns(src, nodes)), own, lv, 0);
      for (const line of plan.preLines ?? []) b.addPlan(parent, line);
      b.addPlan(parent, plan.detail);
      const end = b.newLabel();
      const next = b.newLabel();
      plan.begin(end);
      const key = b.allocRegs(r.keyCols.length);
      r.keyCols.forEach((col, k) => c.readColumn(src, col, key + k));
      b.emitJump(Op.Found, r.seen, next, key, null, r.keyCols.length);
      const consumed = new Set(plan.consumed ?? []);
      for (const e of own) if (!consumed.has(e)) c.jumpIfFalse(scope, e, next);
      b.emitJump(Op.Gosub, r.ret, r.sub);
      b.resolve(next);
      plan.next();
      b.resolve(end);
    }
  }

  /**
   * The nesting order of inner-joined sources with the lowest estimated cost (each level costs
   * its visited rows times the rows of the levels outside it, in LogEst units); ties keep the
   * FROM-clause order.
   */
  private bestOrder(
    c: Compiler,
    scope: Scope,
    joins: JoinInfo[],
    terms: A.Expr[],
    nodes: unknown[],
  ): JoinInfo[] {
    const dry = new Compiler(new ProgramBuilder(), c.env);
    dry.sub = c.sub;
    let best = joins;
    let bestCost = Infinity;
    // a lone FROM subquery runs as a co-routine in SQLite: it can only be the outermost loop
    const eph = joins.filter((j) => j.source.kind === "ephemeral");
    /** Estimated cost of running the loops in `perm` order (null when not allowed). */
    const pathCost = (perm: JoinInfo[]): number | null => {
      const levelOf = new Map<unknown, number>();
      perm.forEach((j, i) => levelOf.set(j.source, i));
      const placed: A.Expr[][] = perm.map(() => []);
      for (const t of terms) {
        const lvl = maxLevel(dry, scope, t, levelOf);
        if (lvl < perm.length) placed[Math.max(0, lvl)].push(t);
      }
      let outer = 0;
      let cost = 0;
      let allowed = true;
      perm.forEach((j, i) => {
        const saved = [j.source.coverCursor, j.source.coverMap] as const;
        const plan = planAccess(
          dry,
          scope,
          j.source,
          neededColumns(j.source, nodes),
          placed[i],
          levelOf,
          i,
          null,
          outer,
        );
        j.source.coverCursor = saved[0];
        j.source.coverMap = saved[1];
        // a co-routine can only be read once: inner only when an automatic index is built on it
        if (eph.length === 1 && j === eph[0] && i > 0 && plan.setup === undefined) allowed = false;
        // wherePathSolver: the loop runs once per row of the loops outside it; setup once
        const levelCost = outer + (plan.cost ?? plan.rows + 16);
        cost = i === 0 ? levelCost : logEstAdd(cost, levelCost);
        if (plan.setup !== undefined) cost = logEstAdd(cost, plan.setup);
        outer += adjustedRows(plan, placed[i]);
      });
      return allowed ? cost : null;
    };
    if (joins.length <= 6) {
      for (const perm of permutations(joins)) {
        const cost = pathCost(perm);
        if (cost !== null && cost < bestCost) {
          bestCost = cost;
          best = perm;
        }
      }
      return best;
    }
    // more tables: grow the order greedily, cheapest next loop first (ties: FROM order)
    const chosen: JoinInfo[] = [];
    const left = [...joins];
    while (left.length > 0) {
      let pick = 0;
      let pickCost = Infinity;
      left.forEach((j, k) => {
        const cost = pathCost([...chosen, j]);
        if (cost !== null && cost < pickCost) {
          pickCost = cost;
          pick = k;
        }
      });
      chosen.push(left.splice(pick, 1)[0]);
    }
    best = chosen;
    return best;
  }

  /**
   * (source, column) pairs of this query's FROM that the output phase of an aggregate query reads
   * outside the bare-column references (i.e. from correlated subqueries): a dry compilation of
   * the result columns, HAVING and ORDER BY records them. Cold.
   */
  private outputReads(
    c: Compiler,
    scope: Scope,
    core: A.SelectCore,
    items: ResultItem[],
    calls: A.FunctionCall[],
    bare: Map<A.ColumnRef, number>,
  ): [Source, number][] {
    const exprs: A.Expr[] = items.map((i) => i.expr);
    if (core.having !== null) exprs.push(core.having);
    if (!exprs.some(containsSubquery)) return [];
    const found = new Map<string, [Source, number]>();
    const dry = new Compiler(new ProgramBuilder(), c.env);
    dry.sub = c.sub;
    dry.agg = {
      aggregate: (call) =>
        calls.includes(call) ? 1 : (() => {
          throw new SqliteError("not an aggregate of this query");
        })(),
      column: (ref) => bare.has(ref) ? 1 : -1,
    };
    dry.onRead = (src, col) => {
      if (scope.sources.includes(src)) {
        found.set(`${scope.sources.indexOf(src)}:${col}`, [src, col]);
      }
    };
    this.dry(() => {
      for (const e of exprs) {
        try {
          dry.expr(scope, e);
        } catch {
          // errors surface in the real compilation
        }
      }
    });
    return [...found.values()];
  }

  /**
   * The min()/max() optimisation (SQLite's minMaxQuery): a lone `min(col)`/`max(col)` over one
   * table with no WHERE, GROUP BY or bare columns reads one entry — the first non-NULL (min) or
   * the last (max) of the rowid or of an index led by the column. Returns an emitter, or null.
   */
  private minMaxPlan(
    c: Compiler,
    scope: Scope,
    joins: JoinInfo[],
    core: A.SelectCore,
    accs: { call: A.FunctionCall; nArg: number; distinctCur: number; sortCur: number }[],
    nBare: number,
  ): ((step: (argReg: number) => void) => void) | null {
    if (joins.length !== 1 || core.where !== null || core.having !== null || nBare > 0) return null;
    if (accs.length !== 1) return null;
    const a = accs[0];
    const name = a.call.name.name.toLowerCase();
    if ((name !== "min" && name !== "max") || a.nArg !== 1 || a.call.filter !== null) return null;
    if (a.sortCur >= 0) return null;
    const src = joins[0].source;
    if (src.kind !== "btree" || src.table === null || src.hint) return null;
    const arg = a.call.args[0];
    if (arg.kind !== "column") return null;
    const r = c.resolveColumn(scope, arg);
    if (typeof r === "string" || r.source !== src || r.depth !== 0) return null;
    const b = c.b;
    const isMax = name === "max";
    if (r.column === -1 || r.column === src.rowidAlias) {
      b.addPlan(this.planParent, `SEARCH ${src.name}`);
      return (step) => {
        const reg = b.allocReg();
        const done = b.newLabel();
        b.emitJump(isMax ? Op.Last : Op.Rewind, src.cursor, done);
        b.emit(Op.Rowid, src.cursor, reg);
        step(reg);
        b.resolve(done);
      };
    }
    const colColl = src.columns[r.column].collation ?? "BINARY";
    const ix = src.table.indexes.find((i) =>
      i.where === null && i.columns.length > 0 && i.columns[0].column === r.column &&
      !i.columns[0].desc && i.columns[0].collation.toUpperCase() === colColl.toUpperCase()
    );
    if (ix === undefined) return null;
    const t = src.table;
    // a WITHOUT ROWID table's PRIMARY KEY is the table's own b-tree (PK columns, then the rest)
    const isPk = t.withoutRowid && isPkIndex(t, ix);
    b.addPlan(
      this.planParent,
      `SEARCH ${src.name} USING ${isPk ? "PRIMARY KEY" : `COVERING INDEX ${ix.name}`}`,
    );
    return (step) => {
      const icur = b.allocCursor();
      const nField = ix.columns.length + 1;
      b.emit(Op.OpenRead, icur, ix.rootPage, 0, {
        kind: "cursor",
        value: {
          root: ix.rootPage,
          kind: "index",
          name: ix.name,
          ...(t.withoutRowid ? indexKeyInfo(t, ix) : {
            nField,
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
          }),
        },
      });
      const reg = b.allocReg();
      const done = b.newLabel();
      if (isMax) {
        b.emitJump(Op.Last, icur, done);
      } else {
        // NULLs sort first: start after them
        b.emit(Op.Null, 0, reg);
        b.emitJump(Op.SeekGT, icur, done, reg, null, 1);
      }
      b.emit(Op.Column, icur, 0, reg);
      if (src.columns[r.column].affinity === Affinity.REAL) b.emit(Op.RealAffinity, reg);
      b.emitJump(Op.IsNull, reg, done);
      step(reg);
      b.resolve(done);
    };
  }

  // ------------------------------------------------------------------------------------------
  // aggregates

  private aggregate(
    c: Compiler,
    scope: Scope,
    joins: JoinInfo[],
    core: A.SelectCore,
    _items: ResultItem[],
    aggCalls: A.FunctionCall[],
    outside: A.ColumnRef[],
    emitRow: (next: number) => void,
    done: number,
    nodes: unknown[],
  ): void {
    const b = c.b;
    const orderDesc = this.aggOrderDesc;
    this.aggOrderDesc = null;
    // identical calls share one accumulator (analyzeAggregate matches them with sqlite3ExprCompare):
    // stepped once, and one min()/max() for the bare-column rule
    const sameCall = new Map<A.FunctionCall, A.FunctionCall>();
    const uniqueCalls: A.FunctionCall[] = [];
    for (const call of aggCalls) {
      const first = uniqueCalls.find((u) => sameExpr(u, call));
      if (first !== undefined) sameCall.set(call, first);
      else uniqueCalls.push(call);
    }
    // accumulators
    const accs = uniqueCalls.map((call) => {
      const fn = c.lookupFunction(call.name.name, call.star ? 0 : call.args.length);
      if (call.distinct && call.args.length !== 1) {
        throw new SqliteError("DISTINCT aggregates must have exactly one argument");
      }
      const orderExprs = call.orderBy === null ? [] : call.orderBy.map((t) => t.expr);
      for (const a of [...call.args, ...orderExprs]) {
        const inner: A.FunctionCall[] = [];
        collectAggs(c, a, inner, [], true);
        if (inner.length > 0) {
          throw errorAt(
            new SqliteError(`misuse of aggregate function ${inner[0].name.name}()`),
            inner[0].span.start,
          );
        }
      }
      // only min()/max() compare with a collation (SQLITE_FUNC_NEEDCOLL)
      const coll = call.args.length > 0 && needsCollation(call.name.name.toLowerCase())
        ? exprCollation(c, scope, call.args[0])
        : null;
      // min()/max() ignore an ORDER BY (expr.c gives NEEDCOLL functions no ORDER BY table); a
      // DISTINCT call ordered by its one argument de-duplicates in its ORDER BY table instead
      // (bOBUnique): of equal values the last one is stepped, as the b-tree overwrite leaves it
      const obUnique = call.distinct && orderExprs.length === 1 && call.args.length === 1 &&
        sameExpr(orderExprs[0], call.args[0]);
      const ordered = orderExprs.length > 0 && !needsCollation(call.name.name.toLowerCase());
      return {
        call,
        fn,
        reg: b.allocReg(),
        nArg: call.star ? 0 : call.args.length,
        distinctCur: call.distinct && !obUnique ? b.allocCursor() : -1,
        /** DISTINCT compares with the argument's collation (codeDistinct's KeyInfo), any call */
        distinctColl: call.distinct ? exprCollation(c, scope, call.args[0]) : null,
        coll,
        argRegs: -1,
        /** argument expressions, then the call's ORDER BY expressions */
        exprs: [...(call.star ? [] : call.args), ...orderExprs],
        nOrder: orderExprs.length,
        /** sorter that orders the rows of one group for `agg(x ORDER BY y)` */
        sortCur: ordered ? b.allocCursor() : -1,
        sortKeys: call.orderBy === null ? null : {
          nKey: orderExprs.length,
          collations: call.orderBy.map((t) =>
            t.expr.kind === "collate" ? t.expr.collation.name : exprCollation(c, scope, t.expr)
          ),
          desc: call.orderBy.map((t) => t.direction === "DESC"),
          nulls: call.orderBy.map((t) => nullsCode(t)),
          uniqueLast: obUnique,
        } as KeyInfo | null,
      };
    });
    // bare columns (outside aggregates)
    const bare = new Map<A.ColumnRef, number>();
    for (const ref of outside) bare.set(ref, b.allocReg());
    // columns read by correlated subqueries in the output (result, HAVING, ORDER BY): found by a
    // trial compilation, then carried like bare columns (synthetic qualified references)
    const extra = this.outputReads(c, scope, core, _items, accs.map((a) => a.call), bare);
    const override = new Map<Source, Map<number, number>>();
    for (const [src, col] of extra) {
      const span = core.span;
      const colName = col < 0 ? "rowid" : src.columns[col].name;
      const ref: A.ColumnRef = {
        kind: "column",
        schema: null,
        table: { name: src.name, quoted: null, span },
        column: { name: colName, quoted: null, span },
        span,
      };
      const reg = b.allocReg();
      bare.set(ref, reg);
      let m = override.get(src);
      if (m === undefined) {
        m = new Map();
        override.set(src, m);
      }
      m.set(col, reg);
    }
    // min()/max() choose the row bare columns come from (SQLite's OP_CollSeq regHit rule): each
    // min()/max() step (AggStep P1 = hit) sets `hit` to whether its state took the row, so the
    // last one stepped decides whether the row loads the bare columns
    const isMinMax = (a: typeof accs[number]) => {
      const n = a.call.name.name.toLowerCase();
      return a.nArg === 1 && (n === "min" || n === "max");
    };
    const anyMinMax = bare.size > 0 && accs.some(isMinMax);
    const hit = anyMinMax ? b.allocReg() : -1;
    const bareDone = b.allocReg();

    const resetAccs = () => {
      for (const a of accs) {
        b.emit(Op.Null, 0, a.reg);
        if (a.sortCur >= 0) {
          const n = a.nOrder + a.nArg;
          b.emit(Op.SorterOpen, a.sortCur, n, 0, {
            kind: "cursor",
            value: { root: 0, kind: "index", nField: n, name: "agg-order", keyInfo: a.sortKeys },
          });
        }
        if (a.distinctCur >= 0) {
          b.emit(Op.OpenEphemeral, a.distinctCur, 1, 0, {
            kind: "cursor",
            value: {
              root: 0,
              kind: "index",
              nField: 1,
              name: "distinct-agg",
              keyInfo: { nKey: 1, collations: [a.distinctColl], desc: [false] },
            },
          });
        }
      }
      for (const r of bare.values()) b.emit(Op.Null, 0, r);
      b.emit(Op.Integer, 0, bareDone);
    };

    /** Step every aggregate with argument values in registers; copy bare columns. */
    const stepAll = (
      argReg: (a: typeof accs[number], i: number) => number,
      bareReg: (ref: A.ColumnRef) => number | null,
      filterReg: (a: typeof accs[number]) => number | null = () => null,
    ) => {
      for (const a of accs) {
        const skip = b.newLabel();
        const fr = filterReg(a);
        if (fr !== null && anyMinMax && isMinMax(a) && core.groupBy !== null) {
          // a FILTERed min()/max() that skips the row leaves `hit` at "first row of the group"
          // (select.c updateAccumulator copies iUseFlag into regHit before the FILTER test)
          b.emit(Op.Not, bareDone, hit);
        }
        if (fr !== null) b.emitJump(Op.IfNot, fr, skip, 1);
        // arguments already sit in consecutive registers: step on them directly
        let first = a.nArg > 0 ? argReg(a, 0) : b.allocReg();
        for (let i = 1; i < a.nArg; i++) {
          if (argReg(a, i) !== first + i) {
            first = b.allocRegs(a.nArg);
            for (let k = 0; k < a.nArg; k++) b.emit(Op.SCopy, argReg(a, k), first + k);
            break;
          }
        }
        if (a.sortCur >= 0) {
          // agg(x ORDER BY y): collect [keys…, args…]; stepped in order when the group ends
          if (a.distinctCur >= 0) {
            b.emitJump(Op.IsNull, first, skip);
            b.emitJump(Op.Found, a.distinctCur, skip, first, null, 1);
            b.emit(Op.IdxInsert, a.distinctCur, first, 1);
          }
          const rec = b.allocRegs(a.nOrder + a.nArg);
          for (let k = 0; k < a.nOrder; k++) b.emit(Op.SCopy, argReg(a, a.nArg + k), rec + k);
          for (let k = 0; k < a.nArg; k++) b.emit(Op.SCopy, first + k, rec + a.nOrder + k);
          b.emit(Op.SorterInsert, a.sortCur, rec, a.nOrder + a.nArg);
          b.resolve(skip);
          continue;
        }
        if (a.distinctCur >= 0) {
          b.emitJump(Op.IsNull, first, skip);
          b.emitJump(Op.Found, a.distinctCur, skip, first, null, 1);
          b.emit(Op.IdxInsert, a.distinctCur, first, 1);
        }
        b.emit(Op.AggStep, anyMinMax && isMinMax(a) ? hit : 0, first, a.reg, {
          kind: "func",
          value: {
            name: a.call.name.name.toLowerCase(),
            nArg: a.nArg,
            impl: a.fn.impl,
            collation: a.coll,
          },
        }, a.nArg);
        b.resolve(skip);
      }
      // bare columns: the first row of the group, or with min()/max() every row they choose
      const skipB = b.newLabel();
      if (anyMinMax) b.emitJump(Op.IfNot, hit, skipB);
      else b.emitJump(Op.If, bareDone, skipB);
      for (const [ref, r] of bare) {
        const src = bareReg(ref);
        if (src !== null) b.emit(Op.SCopy, src, r);
        else c.exprTo(scope, ref, r);
      }
      b.emit(Op.Integer, 1, bareDone);
      b.resolve(skipB);
    };

    /** Finalise and output one group. */
    const outerHooks = c.agg;
    const output = (skipLabel: number) => {
      for (const a of accs) {
        if (a.sortCur >= 0) {
          const done = b.newLabel();
          const args = b.allocRegs(Math.max(a.nArg, 1));
          b.emitJump(Op.SorterSort, a.sortCur, done);
          const top = b.here;
          for (let k = 0; k < a.nArg; k++) b.emit(Op.Column, a.sortCur, a.nOrder + k, args + k);
          b.emit(Op.AggStep, 0, args, a.reg, {
            kind: "func",
            value: {
              name: a.call.name.name.toLowerCase(),
              nArg: a.nArg,
              impl: a.fn.impl,
              collation: a.coll,
            },
          }, a.nArg);
          b.emit(Op.SorterNext, a.sortCur, top);
          b.resolve(done);
        }
        b.emit(Op.AggFinal, a.reg, a.nArg, 0, {
          kind: "func",
          value: {
            name: a.call.name.name.toLowerCase(),
            nArg: a.nArg,
            impl: a.fn.impl,
            collation: a.coll,
          },
        });
      }
      const hooks = {
        aggregate: (call: A.FunctionCall) => {
          const a = accs.find((x) => x.call === (sameCall.get(call) ?? call));
          if (a === undefined) {
            // an enclosing aggregate query's call (argument columns only from outside)
            if (outerHooks !== null) return outerHooks.aggregate(call);
            throw new SqliteError(`misuse of aggregate: ${call.name.name}()`);
          }
          return a.reg;
        },
        column: (ref: A.ColumnRef) => bare.get(ref) ?? -1,
      };
      const saved = c.agg;
      const savedOv = c.colOverride;
      c.agg = hooks;
      c.colOverride = override.size > 0 ? override : null;
      if (core.having !== null) c.jumpIfFalse(scope, core.having, skipLabel);
      emitRow(skipLabel);
      c.agg = saved;
      c.colOverride = savedOv;
    };

    if (core.groupBy === null) {
      resetAccs();
      const tempLines = explainAggTemps(b, this.planParent, accs);
      const planFrom = b.plan.length;
      /** The plan as SQLite shows it once the scan is planned (DISTINCT line, minMaxQuery). */
      const finishPlan = () => {
        const lone = accs.length === 1 ? accs[0] : null;
        const arg = lone !== null && lone.distinctCur >= 0 ? lone.call.args[0] : null;
        if (lone !== null && arg !== null && arg.kind === "column" && joins.length === 1) {
          const r = safeResolve(c, scope, arg);
          if (r !== null && r.source === joins[0].source) {
            distinctByScan(b, tempLines, r.source, r.column, lone.distinctColl);
          }
        }
        if (core.having === null && isMinMaxQuery(accs)) searchLabels(b, this.planParent, planFrom);
      };
      if (joins.length > 0) openCursors(c, joins);
      // SELECT min(col)/max(col) FROM t: one seek at the end of the rowid or an index
      const mm = this.minMaxPlan(c, scope, joins, core, accs, bare.size);
      if (mm !== null) {
        mm((arg) => {
          const a = accs[0];
          b.emit(Op.AggStep, 0, arg, a.reg, {
            kind: "func",
            value: {
              name: a.call.name.name.toLowerCase(),
              nArg: 1,
              impl: a.fn.impl,
              collation: a.coll,
            },
          }, 1);
        });
        finishPlan();
        const skipMm = b.newLabel();
        output(skipMm);
        b.resolve(skipMm);
        return;
      }
      const scanBody = (next: number) => {
        // evaluate args directly
        const argCache = new Map<string, number>();
        for (const a of accs) {
          for (let i = 0; i < a.exprs.length; i++) {
            const r = b.allocReg();
            c.exprTo(scope, a.exprs[i], r);
            argCache.set(`${accs.indexOf(a)}:${i}`, r);
          }
        }
        const filterRegs = new Map<unknown, number>();
        for (const a of accs) {
          if (a.call.filter !== null) filterRegs.set(a, c.expr(scope, a.call.filter));
        }
        stepAll(
          (a, i) => argCache.get(`${accs.indexOf(a)}:${i}`)!,
          () => null,
          (a) => filterRegs.get(a) ?? null,
        );
        void next;
      };
      if (joins.length === 0) {
        if (core.where !== null) {
          const skip = b.newLabel();
          c.jumpIfFalse(scope, core.where, skip);
          scanBody(skip);
          b.resolve(skip);
        } else scanBody(done);
      } else {
        const scanDone = b.newLabel();
        this.loops(c, scope, joins, core.where, scanBody, scanDone, nodes);
        b.resolve(scanDone);
      }
      finishPlan();
      const skip = b.newLabel();
      output(skip);
      b.resolve(skip);
      return;
    }

    // GROUP BY: sorter of [group keys, agg args, bare column values]
    const groupBy = core.groupBy.map((g) => groupTermExpr(g, _items));
    for (const g of groupBy) checkNoAgg(c, g, "GROUP BY");
    const nG = groupBy.length;
    const argSlots: { acc: number; i: number }[] = [];
    accs.forEach((a, ai) => {
      for (let i = 0; i < a.exprs.length; i++) argSlots.push({ acc: ai, i });
    });
    const bareRefs = [...bare.keys()];
    const filterSlots = accs.map((a) => a.call.filter);
    const nF = filterSlots.filter((f) => f !== null).length;
    const width = nG + argSlots.length + bareRefs.length + nF;
    const sorter = b.allocCursor();
    // as many ORDER BY terms as GROUP BY terms: the groups are sorted with the ORDER BY's ASC/DESC
    // flags, term by term (sqlite3Select copies them into the GROUP BY), so ORDER BY ties come out
    // in that group order
    const obFlags = orderDesc !== null && orderDesc.length === nG ? orderDesc : null;
    const groupKeyInfo = {
      nKey: nG,
      collations: groupBy.map((g) => exprCollation(c, scope, g)),
      desc: groupBy.map((_, i) => obFlags !== null && obFlags[i]),
      grouping: true,
    };
    /**
     * Emit the scan calling `row` per input row; true when it delivers rows in GROUP BY order
     * (an index scan: then no temp b-tree is needed and none is reported).
     */
    const scanGroups = (row: () => void): boolean => {
      // GROUP BY in an index's order: scan that index and skip the sort (SQLite does the same)
      const savedHint = this.orderHint;
      const savedSatisfied = this.orderSatisfied;
      this.orderHint = null;
      this.orderSatisfied = false;
      if (joins.length === 1 && joins[0].source.kind === "btree") {
        const hint = orderHintOf(
          c,
          scope,
          groupBy.map((g) => ({
            term: { expr: g, direction: null, nulls: null, span: g.span },
            col: -1,
            expr: g,
          })),
          _items,
          joins[0].source,
        );
        this.orderHint = hint === null ? null : hint.map((o) => ({ ...o, anyOrder: true }));
      }
      if (joins.length > 0) openCursors(c, joins);
      const scanDone = b.newLabel();
      if (joins.length === 0) {
        if (core.where !== null) c.jumpIfFalse(scope, core.where, scanDone);
        row();
      } else {
        this.loops(c, scope, joins, core.where, () => row(), scanDone, nodes);
      }
      b.resolve(scanDone);
      // a column named twice (GROUP BY h, h): SQLite's planner may still pick the index, but
      // sorts the groups (USE TEMP B-TREE FOR GROUP BY)
      const twice = groupBy.some((g, i) =>
        groupBy.findIndex((x) => x.kind === "column" && sameExpr(x, g)) !== i
      );
      const ordered = this.orderSatisfied && !twice;
      if (!ordered) b.addPlan(this.planParent, "USE TEMP B-TREE FOR GROUP BY");
      this.orderHint = savedHint;
      this.orderSatisfied = savedSatisfied;
      return ordered;
    };
    if (hashGroupable(accs, groupKeyInfo.collations)) {
      // no DISTINCT / ORDER BY in a call, built-in aggregates: aggregate in a hash table
      emitHashGroupBy(c, scope, {
        groupBy,
        keyInfo: groupKeyInfo,
        sorter,
        accs,
        memRegs: [...bare.values(), bareDone],
        resetAccs,
        stepAll,
        scan: scanGroups,
        output,
      });
      return;
    }
    const sorterOpen = b.emit(Op.SorterOpen, sorter, width, 0, {
      kind: "cursor",
      value: { root: 0, kind: "index", nField: width, name: "group-by", keyInfo: groupKeyInfo },
    });
    const rec = b.allocRegs(width);
    const fill = () => {
      groupBy.forEach((g, i) => c.exprTo(scope, g, rec + i));
      argSlots.forEach((s, k) => c.exprTo(scope, accs[s.acc].exprs[s.i], rec + nG + k));
      bareRefs.forEach((ref, k) => c.exprTo(scope, ref, rec + nG + argSlots.length + k));
      let fi = 0;
      for (const f of filterSlots) {
        if (f === null) continue;
        c.exprTo(scope, f, rec + nG + argSlots.length + bareRefs.length + fi);
        fi++;
      }
      b.emit(Op.SorterInsert, sorter, rec, width);
    };
    if (scanGroups(fill)) {
      b.ops[sorterOpen].p4 = {
        kind: "cursor",
        value: {
          root: 0,
          kind: "index",
          nField: width,
          name: "group-by",
          keyInfo: { ...groupKeyInfo, grouping: false, presorted: true },
        },
      };
    }
    explainAggTemps(b, this.planParent, accs);
    // sorted pass
    const prev = b.allocRegs(nG);
    const cur = b.allocRegs(width);
    const first = b.allocReg();
    const outRet = b.allocReg();
    const end = b.newLabel();
    const outSub = b.newLabel();
    const afterOut = b.newLabel();
    b.emit(Op.Integer, 1, first);
    b.emitJump(Op.SorterSort, sorter, end);
    const top = b.here;
    for (let i = 0; i < width; i++) b.emit(Op.Column, sorter, i, cur + i);
    const sameGroup = b.newLabel();
    const newGroup = b.newLabel();
    b.emitJump(Op.If, first, newGroup);
    b.emit(Op.Compare, prev, cur, nG, {
      kind: "keyinfo",
      value: {
        nKey: nG,
        collations: groupBy.map((g) => exprCollation(c, scope, g)),
        desc: groupBy.map(() => false),
      },
    });
    const jmp = b.emitJump(Op.Jump, 0, sameGroup, 0);
    // different group: output previous
    const diff = b.here;
    b.emitJump(Op.Gosub, outRet, outSub);
    b.resolve(newGroup);
    b.emit(Op.Integer, 0, first);
    resetAccs();
    for (let i = 0; i < nG; i++) b.emit(Op.SCopy, cur + i, prev + i);
    b.resolve(sameGroup);
    b.ops[jmp].p1 = diff;
    b.ops[jmp].p3 = diff;
    const argCache = new Map<string, number>();
    argSlots.forEach((s, k) => argCache.set(`${s.acc}:${s.i}`, cur + nG + k));
    const bareFrom = (ref: A.ColumnRef) => cur + nG + argSlots.length + bareRefs.indexOf(ref);
    const filterRegs = new Map<unknown, number>();
    let fi = 0;
    for (const a of accs) {
      if (a.call.filter !== null) {
        filterRegs.set(a, cur + nG + argSlots.length + bareRefs.length + fi++);
      }
    }
    stepAll(
      (a, i) => argCache.get(`${accs.indexOf(a)}:${i}`)!,
      bareFrom,
      (a) => filterRegs.get(a) ?? null,
    );
    b.emit(Op.SorterNext, sorter, top);
    // last group
    b.emitJump(Op.Gosub, outRet, outSub);
    b.emitJump(Op.Goto, 0, end);
    // output subroutine
    b.resolve(outSub);
    output(afterOut);
    b.resolve(afterOut);
    b.emit(Op.Return, outRet);
    b.resolve(end);
    void done;
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

/**
 * Does the scan already deliver DISTINCT rows grouped or unique (SQLite's WHERE_DISTINCT_ORDERED /
 * WHERE_DISTINCT_UNIQUE)? Then SQLite prints no temp b-tree line (the de-duplication itself is
 * kept here; it changes nothing).
 */
function distinctByOrder(
  c: Compiler,
  scope: Scope,
  joins: JoinInfo[],
  items: ResultItem[],
  level0: { src: Source; detail: string } | null,
): boolean {
  if (joins.length !== 1 || level0 === null || level0.src !== joins[0].source) return false;
  const src = joins[0].source;
  if (src.table === null) return false;
  const cols: number[] = [];
  for (const it of items) {
    if (it.expr.kind !== "column") return false;
    const r = safeResolve(c, scope, it.expr);
    if (r === null || r.source !== src) return false;
    cols.push(r.column === src.rowidAlias ? -1 : r.column);
  }
  if (cols.includes(-1)) return true; // the rowid makes every row distinct
  const t = src.table;
  if (t.withoutRowid) {
    // so does a WITHOUT ROWID table's PRIMARY KEY (NOT NULL, unique)
    const pk = tableLayout(t).pkCols;
    if (pk.every((ic) => cols.includes(ic.column))) return true;
  }
  const m = / USING (?:COVERING )?INDEX (\S+)/.exec(level0.detail);
  // a WITHOUT ROWID table is scanned or searched along its PRIMARY KEY
  const alongPk = t.withoutRowid && m === null &&
    /^(SCAN \S+|SEARCH \S+ USING PRIMARY KEY .*)$/.test(level0.detail);
  if (m === null && !alongPk) return false;
  const ix = alongPk ? tableLayout(t).pk : t.indexes.find((i) => i.name === m![1]);
  if (ix === undefined) return false;
  const prefix = ix.columns.slice(0, cols.length).map((ic) => ic.column);
  return prefix.length === cols.length && cols.every((col) => prefix.includes(col));
}

/** Window functions cannot be flattened into another query. */
function containsWindowOrSubAgg(e: A.Expr): boolean {
  let found = false;
  walk(e, (x) => {
    if (x.kind === "call" && x.over !== null) found = true;
    return !found;
  });
  return found;
}

/** `SELECT count(*) FROM tbl` with nothing else that needs the rows. */
function isCountStar(
  c: Compiler,
  core: A.SelectCore,
  joins: JoinInfo[],
  aggCalls: A.FunctionCall[],
  outside: A.ColumnRef[],
): boolean {
  if (joins.length !== 1 || joins[0].source.kind !== "btree" || joins[0].source.hint) return false;
  if (core.where !== null || core.groupBy !== null || core.having !== null) return false;
  if (outside.length > 0 || aggCalls.length === 0) return false;
  return aggCalls.every((a) =>
    a.star && a.name.name.toLowerCase() === "count" && a.filter === null && !a.distinct &&
    c.env.functions.resolve("count", 0) !== null
  );
}

/** Every ordering of `items`, the identity first. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  const out: T[][] = [];
  items.forEach((x, i) => {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const p of permutations(rest)) out.push([x, ...p]);
  });
  return out;
}

/** ORDER BY keys as plain columns of `src` (for an index-ordered scan), or null. */
function orderHintOf(
  c: Compiler,
  scope: Scope,
  keys: { term: A.OrderingTerm; col: number; expr: A.Expr | null }[],
  items: ResultItem[],
  src: Source,
): OrderTerm[] | null {
  const out: OrderTerm[] = [];
  for (const k of keys) {
    let e: A.Expr = k.col >= 0 ? items[k.col].expr : k.expr!;
    let coll: string | null = collationOfTerm(k.term);
    while (e.kind === "collate") {
      coll = coll ?? e.collation.name;
      e = e.operand;
    }
    if (e.kind !== "column") return null;
    const r = safeResolve(c, scope, e);
    if (r === null || r.source !== src || r.depth !== 0) return null;
    const desc = k.term.direction === "DESC";
    // explicit NULLS placement that differs from the index order needs a sort
    if (k.term.nulls === "LAST" && !desc) return null;
    if (k.term.nulls === "FIRST" && desc) return null;
    const col = r.column;
    coll = coll ?? (col >= 0 ? src.columns[col].collation : null);
    out.push({ col, desc, coll });
  }
  return out;
}

/** ORDER BY term: a bare alias stays as is (matched later); inner alias uses are substituted. */
function aliasOrSub(e: A.Expr, aliases: Map<string, A.Expr>, scope: Scope): A.Expr {
  if (e.kind === "column" && e.table === null) return e;
  if (e.kind === "integer") return e;
  return substituteAliases(e, aliases, scope);
}

/**
 * Replace unqualified column names that match no FROM column of this query level, but do match
 * a result alias, by the aliased expression (SQLite's lookupName order: columns, then aliases).
 */
export function substituteAliases(e: A.Expr, aliases: Map<string, A.Expr>, scope: Scope): A.Expr {
  const map = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(map);
    if (x === null || typeof x !== "object") return x;
    const o = x as { kind?: string };
    if (o.kind === "select") return x;
    if (o.kind === "column") {
      const ref = x as A.ColumnRef;
      if (ref.table !== null) return x;
      const hit = aliases.get(fold(ref.column.name));
      if (hit === undefined) return x;
      let local = false;
      for (const s of scope.sources) {
        if (s.columns.some((col) => fold(col.name) === fold(ref.column.name))) local = true;
      }
      return local ? x : hit;
    }
    if (o.kind === undefined && !("when" in o) && !("items" in o)) return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === "span" ? v : map(v);
    return out;
  };
  return map(e) as A.Expr;
}

/**
 * Record, for every unqualified column reference inside a subquery of `clauses`, the alias of
 * this query it may name (resolve.ts `outerAliases`). Aliases of aggregates, window functions,
 * subqueries, CAST or COLLATE expressions are left out (their affinity / collation / aggregate
 * context would be lost). Cold.
 */
function noteOuterAliases(
  c: Compiler,
  aliases: Map<string, A.Expr>,
  scope: Scope,
  clauses: unknown[],
): void {
  const simple = (e: A.Expr): boolean => {
    if (e.kind === "cast" || e.kind === "collate") return false;
    let ok = true;
    walk(e, (x) => {
      if (
        x.kind === "subquery" || x.kind === "exists" ||
        (x.kind === "in" && x.source.kind !== "list") ||
        (x.kind === "call" && (x.over !== null || isAggregateCall(c, x)))
      ) ok = false;
      return ok;
    });
    return ok;
  };
  const visit = (x: unknown, inSelect: boolean): void => {
    if (Array.isArray(x)) {
      for (const y of x) visit(y, inSelect);
      return;
    }
    if (x === null || typeof x !== "object") return;
    const o = x as { kind?: string };
    if (inSelect && o.kind === "column") {
      const ref = x as A.ColumnRef;
      if (ref.table !== null) return;
      const hit = aliases.get(fold(ref.column.name));
      if (hit !== undefined && simple(hit)) outerAliases.set(ref, { expr: hit, scope });
      return;
    }
    const sel = inSelect || o.kind === "select";
    for (const [k, v] of Object.entries(o)) if (k !== "span") visit(v, sel);
  };
  visit(clauses, false);
}

/** An integer literal 0 somewhere in SQL text (`0`, `00`, `0x0`; not `0.5`, `10`, `a0`). */
const ZERO_LITERAL = /(?<![\w.])(?:0+|0[xX]0+)(?![\w.])/;

function propagateCorrelation(outer: Scope, inner: Scope): void {
  void outer;
  void inner;
}

function withLimitOne(sel: A.SelectStmt): A.SelectStmt {
  return sel;
}

function allKeys(n: number): KeyInfo {
  return { nKey: n, collations: new Array(n).fill(null), desc: new Array(n).fill(false) };
}

/** Result-column expressions that read a rowid (multiSelectCollSeq gives them no collation). */
const rowidResults = new WeakSet<A.Expr>();

/**
 * multiSelectCollSeq: a compound's column `i` compares with the collation of the left-most arm
 * whose column has one — a column reference always has one (its declared collation, else
 * BINARY), another expression only through an explicit COLLATE. Cold.
 */
function compoundCollation(arms: readonly SelectColumnInfo[][], i: number): string | null {
  for (const cols of arms) {
    const col = cols[i];
    if (col === undefined) continue;
    if (col.collation !== null) return col.collation;
    // (the rowid, an INTEGER PRIMARY KEY too, is XN_ROWID: no collation of its own)
    if (col.expr !== null && col.expr.kind === "column" && !rowidResults.has(col.expr)) {
      return "BINARY";
    }
  }
  return null;
}

function patchOpen(
  b: ProgramBuilder,
  addr: number,
  n: number,
  distinct: boolean,
  keyInfo: KeyInfo = allKeys(n),
): void {
  const ins = b.ops[addr];
  ins.p2 = n;
  ins.p4 = {
    kind: "cursor",
    value: distinct
      ? { root: 0, kind: "index", nField: n, name: "compound", keyInfo }
      : { root: 0, kind: "table", nField: n, name: "compound", keyInfo: null },
  };
}

function copyRows(
  b: ProgramBuilder,
  from: number,
  to: number,
  n: number,
  distinct: boolean,
  rowidReg: number,
): void {
  const regs = b.allocRegs(n);
  const end = b.newLabel();
  b.emitJump(Op.Rewind, from, end);
  const top = b.here;
  for (let k = 0; k < n; k++) b.emit(Op.Column, from, k, regs + k);
  const skip = b.newLabel();
  if (distinct) {
    // rows already gathered by UNION ALL keep the first of equal values (as SQLite's result shows)
    b.emitJump(Op.Found, to, skip, regs, null, n);
    b.emit(Op.IdxInsert, to, regs, n);
  } else {
    b.emit(Op.NewRowid, to, rowidReg);
    b.emit(Op.Insert, to, regs, rowidReg, null, n << 8);
  }
  b.resolve(skip);
  b.emit(Op.Next, from, top);
  b.resolve(end);
}

function nullsCode(t: A.OrderingTerm): number {
  return t.nulls === "FIRST" ? 1 : t.nulls === "LAST" ? 2 : 0;
}

function collationOfTerm(t: A.OrderingTerm): string | null {
  return t.expr.kind === "collate" ? t.expr.collation.name : null;
}

const ORDINALS = ["1st", "2nd", "3rd"];
function ordinal(i: number): string {
  return i < 3 ? ORDINALS[i] : `${i + 1}th`;
}

/** ORDER BY / GROUP BY term → result column index (>=0) or an expression to evaluate. */
function resolveOrderTerm(
  t: A.OrderingTerm,
  items: ResultItem[],
  clause: "ORDER" | "GROUP",
): { term: A.OrderingTerm; col: number; expr: A.Expr | null } {
  let e = t.expr;
  while (e.kind === "collate") e = e.operand;
  // sqlite3ExprIsInteger: `+2` is column 2, `-1` out of range
  const signed = orderTermInt(e);
  if (signed !== null && e.kind === "unary") {
    if (!(signed >= 1 && signed <= items.length)) {
      throw new SqliteError(
        `1st ${clause} BY term out of range - should be between 1 and ${items.length}`,
      );
    }
    return { term: t, col: signed - 1, expr: null };
  }
  if (e.kind === "integer") {
    const k = Number(e.text);
    if (!(k >= 1 && k <= items.length)) {
      const idx = 0;
      throw new SqliteError(
        `${ordinal(idx)} ${clause} BY term out of range - should be between 1 and ${items.length}`,
      );
    }
    return { term: t, col: k - 1, expr: null };
  }
  if (e.kind === "column" && e.table === null) {
    const n = fold(e.column.name);
    const k = items.findIndex((i) => i.alias !== null && fold(i.alias) === n);
    if (k >= 0) return { term: t, col: k, expr: null };
  }
  return { term: t, col: -1, expr: t.expr };
}

function groupTermExpr(g: A.Expr, items: ResultItem[]): A.Expr {
  if (g.kind === "integer") {
    const k = Number(g.text);
    if (!(k >= 1 && k <= items.length)) {
      throw new SqliteError(
        `1st GROUP BY term out of range - should be between 1 and ${items.length}`,
      );
    }
    return items[k - 1].expr;
  }
  if (g.kind === "column" && g.table === null) {
    const n = fold(g.column.name);
    const k = items.findIndex((i) => i.alias !== null && fold(i.alias) === n);
    if (k >= 0) return items[k].expr;
  }
  return g;
}

/**
 * resolveCompoundOrderBy for one term: an integer is a column number; anything else matches the
 * first arm, left to right, with a result column of that name or that expression.
 */
function compoundOrderTerm(
  t: A.OrderingTerm,
  items: ResultItem[],
  idx: number,
  arms: readonly SelectColumnInfo[][] = [],
): number {
  let e = t.expr;
  while (e.kind === "collate") e = e.operand;
  if (e.kind === "integer") {
    const k = Number(e.text);
    if (!(k >= 1 && k <= items.length)) {
      throw errorAt(
        new SqliteError(
          `${ordinal(idx)} ORDER BY term out of range - should be between 1 and ${items.length}`,
        ),
        e.span.start,
      );
    }
    return k - 1;
  }
  if (e.kind === "column" && e.table === null) {
    const n = fold(e.column.name);
    const k = items.findIndex((i) => fold(i.name) === n);
    if (k >= 0) return k;
  }
  for (const arm of arms) {
    for (let k = 0; k < arm.length; k++) {
      const x = arm[k].expr;
      if (e.kind === "column" && e.table === null && fold(arm[k].name) === fold(e.column.name)) {
        return k;
      }
      if (x === null) continue;
      if (sameExpr(e, x)) return k;
      if (
        e.kind === "column" && x.kind === "column" &&
        fold(e.column.name) === fold(x.column.name) &&
        (x.table === null || e.table === null || fold(x.table.name) === fold(e.table.name))
      ) return k;
    }
  }
  throw new SqliteError(
    `${ordinal(idx)} ORDER BY term does not match any column in the result set`,
  );
}

function safeResolve(c: Compiler, scope: Scope, e: A.ColumnRef) {
  try {
    const r = c.resolveColumn(scope, e);
    return typeof r === "string" ? null : r;
  } catch {
    return null;
  }
}

/** Split an expression on AND. */
export function splitAnd(e: A.Expr): A.Expr[] {
  if (e.kind === "binary" && e.op === "AND") return [...splitAnd(e.left), ...splitAnd(e.right)];
  return [e];
}

/** The highest loop level whose source `e` references (-1 when none). */
/**
 * Is `e` false or NULL whenever the columns it compares are NULL (a comparison, BETWEEN, IN, or
 * an OR/AND of those)? Then a LEFT JOIN table's NULL row fails it, so a lookup may use it
 * (sqlite3ExprImpliesNonNullRow's terms, more strictly). Cold.
 */
function nullRejecting(e: A.Expr): boolean {
  switch (e.kind) {
    case "binary":
      if (e.op === "AND" || e.op === "OR") return nullRejecting(e.left) && nullRejecting(e.right);
      return e.op === "=" || e.op === "<" || e.op === "<=" || e.op === ">" || e.op === ">=";
    case "between":
      return !e.not;
    case "in":
      return !e.not && e.source.kind === "list";
    default:
      return false;
  }
}

function maxLevel(c: Compiler, scope: Scope, e: A.Expr, levelOf: Map<unknown, number>): number {
  let m = -1;
  walk(e, (x) => {
    if (x.kind === "column") {
      try {
        const r = c.resolveColumn(scope, x);
        if (typeof r !== "string" && r.depth === 0) {
          for (const s of [r.source, ...(r.coalesce ?? []).map((a) => a.source)]) {
            const l = levelOf.get(s);
            if (l !== undefined && l > m) m = l;
          }
        }
      } catch {
        // errors surface when the term is compiled
      }
    }
    return true;
  });
  // subqueries may reference any source: be conservative
  if (containsSubquery(e)) m = Math.max(m, levelOf.size - 1);
  return m;
}

function containsSubquery(e: A.Expr): boolean {
  let found = false;
  walk(e, (x) => {
    if (
      x.kind === "subquery" || x.kind === "exists" ||
      (x.kind === "in" && x.source.kind === "select")
    ) found = true;
    return !found;
  });
  return found;
}

/** Collect aggregate calls and the column references outside them. */
function isAggregateCall(c: Compiler, x: A.Expr): x is A.FunctionCall {
  if (x.kind !== "call" || x.over !== null) return false;
  const f = c.env.functions.resolve(x.name.name.toLowerCase(), x.star ? 0 : x.args.length);
  return f !== null && f !== "wrong-args" && f.aggregate;
}

/** Column references in an aggregate call's arguments (not inside nested subqueries). */
function callRefs(call: A.FunctionCall): A.ColumnRef[] {
  const refs: A.ColumnRef[] = [];
  for (const a of [...call.args, ...(call.filter ? [call.filter] : [])]) {
    walk(a, (x) => {
      if (x.kind === "column") refs.push(x);
      return true;
    });
  }
  return refs;
}

/**
 * Collect aggregate calls and the column references outside them. With `scope`, SQLite's
 * ownership rule applies (resolve.c: an aggregate belongs to the innermost query whose FROM its
 * arguments reference): a call here whose arguments only use outer columns is reported through
 * `foreign` with its owning scope instead of being collected.
 */
function collectAggs(
  c: Compiler,
  e: A.Expr,
  aggs: A.FunctionCall[],
  outside: A.ColumnRef[],
  _inAgg: boolean,
  scope: Scope | null = null,
  foreign: ((call: A.FunctionCall, owner: Scope) => void) | null = null,
): void {
  walk(e, (x) => {
    if (isAggregateCall(c, x)) {
      if (scope !== null) {
        let minDepth = Infinity;
        for (const r of callRefs(x)) {
          try {
            const res = scope.lookup(r.table?.name ?? null, r.column.name);
            minDepth = Math.min(minDepth, res === null ? 0 : res.depth);
          } catch {
            minDepth = 0;
          }
        }
        if (minDepth !== Infinity && minDepth > 0) {
          let owner: Scope | null = scope;
          for (let d = 0; d < minDepth && owner !== null; d++) owner = owner.parent;
          if (owner !== null && foreign !== null) foreign(x, owner);
          return false;
        }
      }
      aggs.push(x);
      return false;
    }
    if (x.kind === "column") outside.push(x);
    return true;
  });
}

/** Whether `e` has an aggregate call of this level (SF_Aggregate's test on the result set). */
function hasOwnAgg(c: Compiler, scope: Scope, e: A.Expr): boolean {
  const found: A.FunctionCall[] = [];
  try {
    collectAggs(c, e, found, [], false, scope, () => {});
  } catch {
    return false;
  }
  return found.length > 0;
}

function checkNoAgg(
  c: Compiler,
  e: A.Expr,
  clause: string,
  scope: Scope | null = null,
  foreign: (call: A.FunctionCall, owner: Scope) => void = () => {},
): void {
  const aggs: A.FunctionCall[] = [];
  // aggregates of an enclosing query (only its columns as arguments) are allowed only where this
  // query's own aggregates would be (resolve.c checks NC_AllowAgg of the name context the call
  // is written in): in the WHERE / ON of an aggregate query
  collectAggs(c, e, aggs, [], false, clause === "WHERE-AGG" ? scope : null, foreign);
  if (aggs.length > 0) {
    const n = aggs[0].name.name;
    if (clause === "GROUP BY") {
      throw new SqliteError(`aggregate functions are not allowed in the GROUP BY clause`);
    }
    throw errorAt(
      new SqliteError(
        clause === "WHERE-AGG"
          ? `misuse of aggregate: ${n}()`
          : `misuse of aggregate function ${n}()`,
      ),
      aggs[0].span.start,
    );
  }
}

function selectReferences(sel: A.SelectStmt, name: string): boolean {
  const n = fold(name);
  const cores = [sel.first, ...sel.compounds.map((t) => t.select)];
  for (const core of cores) {
    if (core.kind !== "core" || core.from === null) continue;
    const srcs = [core.from.first, ...core.from.joins.map((j) => j.source)];
    for (const s of srcs) if (s.kind === "table" && fold(s.name.name) === n) return true;
  }
  return false;
}

function exprText(e: A.Expr): string {
  return e.kind;
}

export { binaryCollation };
