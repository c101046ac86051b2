/**
 * Expression code generation — SQLite's expr.c (sqlite3ExprCodeTarget and friends): turns an
 * AST expression into VM instructions that leave its value in a register.
 *
 * Follows SQLite's semantics exactly where the VM opcodes don't already: comparison affinity
 * (sqlite3CompareAffinity, datatype3.html §4.2), the collating sequence of a comparison
 * (sqlite3BinaryCompareCollSeq: explicit COLLATE left, then right, then column collations),
 * three-valued logic, CASE, CAST, IN lists and subqueries with their NULL rules, BETWEEN,
 * LIKE/GLOB (through the function registry), IS [NOT], EXISTS, scalar subqueries (correlated or
 * evaluated once), literal parsing (hex, `_` separators, integer overflow to REAL, -9223372036854775808).
 *
 * Owns: `Compiler` (the per-statement code-generation context: builder, schema, functions,
 * scopes, register overrides used by aggregate queries) and `exprAffinity`/`exprCollation`.
 * Never: runs code, plans loops (select.ts/where.ts do), or mutates the schema. Cold.
 * @module
 */

import type { VTabResolver } from "./vtab.ts";
import { SqliteError } from "../error.ts";
import { WINDOW_BUILTIN_ARGS } from "./select_window_spec.ts";
import type * as A from "../sql/ast.ts";
import type { VmFunction } from "../vdbe/vm_types.ts";
import {
  Affinity,
  CmpFlag,
  type FuncRef,
  Op,
  type OpCode,
  type P4,
  type ProgramBuilder,
} from "./program.ts";
import { needsCollation } from "./collation.ts";
import { columnDefault } from "./column_default.ts";
import { tableLayout } from "./without_rowid.ts";
import {
  boundColumns,
  correlateTo,
  noSuchColumn,
  outerAliases,
  type ResolvedColumn,
  Scope,
  type Source,
} from "./resolve.ts";
import type { Schema } from "./schema.ts";
import { isSchemaCall } from "./ddl_origin.ts";
import { errorAt } from "./error_at.ts";

/** A function found by name and argument count. */
export interface ResolvedFunction {
  readonly impl: VmFunction;
  readonly aggregate: boolean;
  /** SQLITE_DIRECTONLY: refused in calls written in the schema ("unsafe use of NAME()"). */
  readonly directOnly?: boolean;
}

/** The planner's view of the function registry (the api layer adapts `src/func`'s registry). */
export interface FunctionResolver {
  /**
   * Look up `name` with `nArg` arguments: the implementation, `"wrong-args"` when a function of
   * that name exists with other arities, or null when there is none.
   */
  resolve(name: string, nArg: number): ResolvedFunction | "wrong-args" | null;
}

/** What the compiler needs from the connection. */
export interface CompileEnv {
  readonly schema: Schema;
  readonly functions: FunctionResolver;
  /** Double-quoted strings allowed as literals (DQS). */
  readonly dqs: boolean;
  /**
   * The `stat` column of sqlite_stat1 for (table, index) — index null for a table's own row —
   * when ANALYZE has run; lets the planner use measured row counts (analyze.c's loader).
   */
  readonly stat1?: (table: string, index: string | null) => string | undefined;
  /** Virtual tables and table-valued functions by name (./vtab.ts). */
  readonly vtabs?: VTabResolver;
}

/** Hook for aggregate queries: an aggregate call node's accumulator register. */
export interface AggHooks {
  /** Called for an aggregate function call; returns the register holding its value. */
  aggregate(call: A.FunctionCall): number;
  /** Called for a column reference while in aggregate output mode; register or -1. */
  column(ref: A.ColumnRef): number;
}

/** Interface the select compiler provides for subqueries. */
export interface SubqueryCompiler {
  /** Compile `sel` leaving its first row's first column (or NULL) in `target`. */
  scalar(c: Compiler, scope: Scope, sel: A.SelectStmt, target: number): void;
  /** Compile EXISTS(sel) into `target` (0/1). */
  exists(c: Compiler, scope: Scope, sel: A.SelectStmt, target: number): void;
  /**
   * Materialise `sel` (one column, or `width` columns for a vector IN) into a new ephemeral
   * index cursor; returns { cursor, hasNullReg } where hasNullReg is 1 when a NULL was inserted.
   */
  inSet(
    c: Compiler,
    scope: Scope,
    sel: A.SelectStmt,
    affinity: number,
    collation: string | null,
    forLookup?: boolean,
  ): { cursor: number; nullReg: number };
  /** Affinity of the first result column of `sel`. */
  firstColumnAffinity(c: Compiler, scope: Scope, sel: A.SelectStmt): number;
  /** sqlite3ExprCollSeq of the first result column of `sel` (in its own scope), or null. */
  firstColumnCollation?(c: Compiler, scope: Scope, sel: A.SelectStmt): string | null;
  /** Run a trial compilation without disturbing numbering (EXPLAIN QUERY PLAN ids). */
  dry<T>(f: () => T): T;
}

const AFF_NONE = Affinity.NONE;

/** The code-generation context for one statement. */
export class Compiler {
  /** Register overrides: an AST node already evaluated into a register. */
  readonly exprRegs = new Map<A.Expr, number>();
  /** Aggregate hooks while compiling the output of an aggregate query. */
  agg: AggHooks | null = null;
  /** The subquery compiler (set by select.ts). */
  sub: SubqueryCompiler | null = null;
  /**
   * Comparison terms whose one side is a rowid a seek already bounds (where.ts rowid ranges):
   * coded without a collating sequence — none matters against an integer, and SQLite, which
   * codes no comparison for them, never looks a COLLATE there up.
   */
  readonly rowidTerms = new Set<A.Expr>();
  /** Whether any non-deterministic or side-effecting construct was seen. */
  readonly: boolean = true;

  constructor(readonly b: ProgramBuilder, readonly env: CompileEnv) {}

  /** Emit an instruction. */
  emit(op: OpCode, p1 = 0, p2 = 0, p3 = 0, p4: P4 = null, p5 = 0): number {
    return this.b.emit(op, p1, p2, p3, p4, p5);
  }

  /** Resolve a column reference, applying the DQS rule (errors carry the reference's offset). */
  resolveColumn(scope: Scope, ref: A.ColumnRef): ResolvedColumn | "string" | "bool" {
    try {
      return this.resolveColumnRef(scope, ref);
    } catch (err) {
      throw errorAt(err, ref.span.start);
    }
  }

  private resolveColumnRef(scope: Scope, ref: A.ColumnRef): ResolvedColumn | "string" | "bool" {
    const bound = boundColumns.get(ref);
    if (bound !== undefined) return bound;
    const r = scope.lookup(ref.table?.name ?? null, ref.column.name);
    if (r !== null) return r;
    const oa = outerAliases.get(ref);
    if (oa !== undefined && oa.expr.kind === "column") {
      // an enclosing query's result-set alias naming a column: that column, one level further
      const depth = correlateTo(scope, oa.scope);
      if (depth > 0) {
        const inner = this.resolveColumnRef(oa.scope, oa.expr);
        if (typeof inner !== "string") return { ...inner, depth: inner.depth + depth };
        return inner;
      }
    }
    if (ref.table === null) {
      const n = ref.column.name.toLowerCase();
      if (ref.column.quoted === null && (n === "true" || n === "false")) return "bool";
      if (ref.column.quoted === '"') {
        if (this.env.dqs) return "string";
        throw new SqliteError(
          `no such column: "${ref.column.name}" - should this be a string literal in single-quotes?`,
        );
      }
    }
    throw noSuchColumn(ref.table?.name ?? null, ref.column.name, ref.schema?.name ?? null);
  }

  /**
   * Registers standing in for FROM columns while compiling an aggregate query's output (so
   * correlated subqueries there read the group's values); null otherwise.
   */
  colOverride: Map<Source, Map<number, number>> | null = null;
  /** Called for every column read (dry compilations record what the output phase reads). */
  onRead: ((src: Source, col: number) => void) | null = null;

  /** Emit code reading column `col` (-1 = rowid) of `src` into `target`. */
  readColumn(src: Source, col: number, target: number): void {
    if (this.onRead !== null) this.onRead(src, col);
    if (this.colOverride !== null) {
      const r = this.colOverride.get(src)?.get(col === src.rowidAlias && col >= 0 ? -1 : col) ??
        this.colOverride.get(src)?.get(col);
      if (r !== undefined) {
        this.emit(Op.SCopy, r, target);
        return;
      }
    }
    if (src.coverMap !== null) {
      const f = src.coverMap.get(col);
      if (f !== undefined) {
        if (f === -1) this.emit(Op.IdxRowid, src.coverCursor, target);
        else {
          this.emit(Op.Column, src.coverCursor, f, target);
          if (src.columns[col].affinity === Affinity.REAL) this.emit(Op.RealAffinity, target);
        }
        return;
      }
    }
    if (src.kind === "vtab") {
      if (col === -1) this.emit(Op.VRowid, src.cursor, target);
      else this.emit(Op.VColumn, src.cursor, col, target);
      return;
    }
    if (src.kind === "btree" && (col === -1 || col === src.rowidAlias)) {
      this.emit(Op.Rowid, src.cursor, target);
      return;
    }
    if (col === -1) {
      this.emit(Op.Rowid, src.cursor, target);
      return;
    }
    if (src.kind === "btree" && src.table !== null) {
      // a row shorter than the table (written before ADD COLUMN) reads the column's DEFAULT
      const tc = src.table.columns[col];
      const dflt = tc === undefined ? null : columnDefault(tc);
      // a WITHOUT ROWID table stores the PRIMARY KEY columns first
      const f = src.table.withoutRowid ? tableLayout(src.table).pos[col] : col;
      if (dflt === null) this.emit(Op.Column, src.cursor, f, target);
      else this.emit(Op.Column, src.cursor, f, target, dflt.p4, dflt.aff);
    } else this.emit(Op.Column, src.cursor, col, target);
    if (src.kind === "btree" && src.columns[col].affinity === Affinity.REAL) {
      this.emit(Op.RealAffinity, target);
    }
  }

  /** Compile `e` into a fresh register and return it. */
  expr(scope: Scope, e: A.Expr): number {
    const r = this.b.allocReg();
    this.exprTo(scope, e, r);
    return r;
  }

  /** Compile `e` leaving its value in register `target`. */
  exprTo(scope: Scope, e: A.Expr, target: number): void {
    const over = this.exprRegs.get(e);
    if (over !== undefined) {
      if (over !== target) this.emit(Op.SCopy, over, target);
      return;
    }
    switch (e.kind) {
      case "integer":
        emitIntegerLiteral(this, e.text, false, target);
        return;
      case "real":
        this.emit(Op.Real, 0, target, 0, { kind: "real", value: parseRealLiteral(e.text) });
        return;
      case "string":
        this.emit(Op.String8, 0, target, 0, { kind: "text", value: e.value });
        return;
      case "blob":
        this.emit(Op.Blob, 0, target, 0, { kind: "blob", value: hexToBytes(e.hex) });
        return;
      case "null":
        this.emit(Op.Null, 0, target);
        return;
      case "bool":
        this.emit(Op.Integer, e.value ? 1 : 0, target);
        return;
      case "current":
        // parse.y: CTIME_KW is the zero-argument function of that name (date.c's
        // current_time/current_date/current_timestamp, 'now' fixed for one step)
        this.call(scope, {
          kind: "call",
          name: { name: e.keyword, quoted: null, span: e.span },
          distinct: false,
          star: false,
          args: [],
          orderBy: null,
          filter: null,
          over: null,
          span: e.span,
        }, target);
        return;
      case "column": {
        if (this.agg !== null) {
          const r = this.agg.column(e);
          if (r >= 0) {
            this.emit(Op.SCopy, r, target);
            return;
          }
        }
        const oa = outerAliases.get(e);
        if (
          oa !== undefined && oa.expr.kind !== "column" &&
          scope.lookup(null, e.column.name) === null && correlateTo(scope, oa.scope) > 0
        ) {
          // an enclosing query's result-set alias naming an expression: computed there
          this.exprTo(oa.scope, oa.expr, target);
          return;
        }
        const r = this.resolveColumn(scope, e);
        if (r === "string") {
          this.emit(Op.String8, 0, target, 0, { kind: "text", value: e.column.name });
          return;
        }
        if (r === "bool") {
          this.emit(Op.Integer, e.column.name.toLowerCase() === "true" ? 1 : 0, target);
          return;
        }
        this.readColumn(r.source, r.column, target);
        if (r.coalesce !== undefined) {
          // a FULL JOIN's USING column: the first of its copies that is not NULL
          const done = this.b.newLabel();
          for (const alt of r.coalesce) {
            this.b.emitJump(Op.NotNull, target, done);
            this.readColumn(alt.source, alt.column, target);
          }
          this.b.resolve(done);
        }
        return;
      }
      case "param":
        this.emit(Op.Variable, e.index, target);
        return;
      case "unary":
        this.unary(scope, e, target);
        return;
      case "binary":
        this.binary(scope, e, target);
        return;
      case "collate":
        // the name is looked up only by code that compares with it (collation.ts)
        this.exprTo(scope, e.operand, target);
        return;
      case "isNull": {
        const v = this.expr(scope, e.operand);
        const done = this.b.newLabel();
        this.emit(Op.Integer, e.not ? 0 : 1, target);
        this.b.emitJump(Op.IsNull, v, done);
        this.emit(Op.Integer, e.not ? 1 : 0, target);
        this.b.resolve(done);
        return;
      }
      case "between":
        this.between(scope, e, target);
        return;
      case "in":
        this.inExpr(scope, e, target);
        return;
      case "case":
        this.caseExpr(scope, e, target);
        return;
      case "cast": {
        this.exprTo(scope, e.operand, target);
        this.emit(Op.Cast, target, affinityOfType(e.type.text));
        return;
      }
      case "like":
        this.like(scope, e, target);
        return;
      case "exists":
        this.subq().exists(this, scope, e.select, target);
        return;
      case "subquery":
        this.subq().scalar(this, scope, e.select, target);
        return;
      case "vector":
        throw new SqliteError("row value misused");
      case "raise":
        throw new SqliteError("RAISE() may only be used within a trigger-program");
      case "call":
        this.call(scope, e, target);
        return;
    }
  }

  private subq(): SubqueryCompiler {
    if (this.sub === null) throw new SqliteError("subqueries are not supported here");
    return this.sub;
  }

  private unary(scope: Scope, e: A.UnaryExpr, target: number): void {
    switch (e.op) {
      case "-":
        if (e.operand.kind === "integer") {
          emitIntegerLiteral(this, e.operand.text, true, target);
          return;
        }
        if (e.operand.kind === "real") {
          this.emit(Op.Real, 0, target, 0, {
            kind: "real",
            value: -parseRealLiteral(e.operand.text),
          });
          return;
        }
        this.exprTo(scope, e.operand, target);
        this.emit(Op.Negative, target, target);
        return;
      case "+":
        this.exprTo(scope, e.operand, target);
        return;
      case "~":
        this.exprTo(scope, e.operand, target);
        this.emit(Op.BitNot, target, target);
        return;
      default:
        this.exprTo(scope, e.operand, target);
        this.emit(Op.Not, target, target);
    }
  }

  /** Emit a comparison `left op right` storing 1/0/NULL in target. */
  compare(
    scope: Scope,
    op: "=" | "!=" | "<" | "<=" | ">" | ">=" | "IS" | "IS NOT",
    left: A.Expr,
    right: A.Expr,
    target: number,
    leftReg = -1,
    noColl = false,
  ): void {
    if (left.kind === "vector" || right.kind === "vector") {
      this.vectorCompare(scope, op, left, right, target);
      return;
    }
    const l = leftReg >= 0 ? leftReg : this.expr(scope, left);
    const r = this.expr(scope, right);
    this.compareRegs(scope, op, left, right, l, r, target, noColl);
  }

  /** Comparison of two already-evaluated registers. */
  compareRegs(
    scope: Scope,
    op: "=" | "!=" | "<" | "<=" | ">" | ">=" | "IS" | "IS NOT",
    left: A.Expr,
    right: A.Expr,
    l: number,
    r: number,
    target: number,
    noColl = false,
  ): void {
    const aff = compareAffinity(this, scope, left, right);
    const coll = noColl ? null : binaryCollation(this, scope, left, right);
    const p4: P4 = coll === null ? null : { kind: "coll", value: coll };
    let opc: OpCode;
    let flags = CmpFlag.STOREP2 | (aff === AFF_NONE || aff === Affinity.BLOB ? 0 : aff);
    switch (op) {
      case "=":
        opc = Op.Eq;
        break;
      case "!=":
        opc = Op.Ne;
        break;
      case "<":
        opc = Op.Lt;
        break;
      case "<=":
        opc = Op.Le;
        break;
      case ">":
        opc = Op.Gt;
        break;
      case ">=":
        opc = Op.Ge;
        break;
      case "IS":
        opc = Op.Eq;
        flags |= CmpFlag.NULLEQ;
        break;
      default:
        opc = Op.Ne;
        flags |= CmpFlag.NULLEQ;
    }
    // SQLite compares r[P3] (left) against r[P1] (right)
    this.emit(opc, r, target, l, p4, flags);
  }

  private vectorCompare(
    scope: Scope,
    op: string,
    left: A.Expr,
    right: A.Expr,
    target: number,
  ): void {
    const li = vectorItems(left);
    const ri = vectorItems(right);
    if (li === null || ri === null || li.length !== ri.length) {
      throw new SqliteError("row value misused");
    }
    if (op === "=" || op === "IS" || op === "!=" || op === "IS NOT") {
      // AND of pairwise equalities (then NOT for !=)
      const eqOp = op === "IS" || op === "IS NOT" ? "IS" : "=";
      const tmp = this.b.allocReg();
      this.compare(scope, eqOp, li[0], ri[0], target);
      for (let i = 1; i < li.length; i++) {
        this.compare(scope, eqOp, li[i], ri[i], tmp);
        this.emit(Op.And, target, tmp, target);
      }
      if (op === "!=" || op === "IS NOT") this.emit(Op.Not, target, target);
      return;
    }
    // lexicographic: first differing pair decides
    const done = this.b.newLabel();
    const eq = this.b.allocReg();
    for (let i = 0; i < li.length; i++) {
      const last = i === li.length - 1;
      if (!last) {
        this.compare(scope, "=", li[i], ri[i], eq);
        const strict = op === "<" || op === "<=" ? "<" : ">";
        this.compare(scope, strict, li[i], ri[i], target);
        // if eq is NULL the result is NULL; if not equal, target decides
        const nxt = this.b.newLabel();
        this.b.emitJump(Op.If, eq, nxt);
        this.b.emitJump(Op.NotNull, eq, done);
        this.emit(Op.Null, 0, target);
        this.b.emitJump(Op.Goto, 0, done);
        this.b.resolve(nxt);
      } else {
        this.compare(scope, op as "<", li[i], ri[i], target);
      }
    }
    this.b.resolve(done);
  }

  private binary(scope: Scope, e: A.BinaryExpr, target: number): void {
    switch (e.op) {
      case "=":
      case "!=":
      case "<":
      case "<=":
      case ">":
      case ">=":
      case "IS":
      case "IS NOT":
        this.compare(scope, e.op, e.left, e.right, target, -1, this.rowidTerms.has(e));
        return;
      case "AND":
      case "OR": {
        const a = this.expr(scope, e.left);
        const b = this.expr(scope, e.right);
        this.emit(e.op === "AND" ? Op.And : Op.Or, a, b, target);
        return;
      }
      case "->":
      case "->>":
        // parse.y turns `x -> y` into the two-argument function "->" (json.c registers "->"
        // and "->>"), so it resolves, fails and names itself exactly as that call would
        this.call(scope, {
          kind: "call",
          name: { name: e.op, quoted: null, span: e.span },
          distinct: false,
          star: false,
          args: [e.left, e.right],
          orderBy: null,
          filter: null,
          over: null,
          span: e.span,
        }, target);
        return;
      default: {
        const a = this.expr(scope, e.left);
        const b = this.expr(scope, e.right);
        switch (e.op) {
          case "+":
            this.emit(Op.Add, a, b, target);
            return;
          case "-":
            this.emit(Op.Subtract, b, a, target);
            return;
          case "*":
            this.emit(Op.Multiply, a, b, target);
            return;
          case "/":
            this.emit(Op.Divide, b, a, target);
            return;
          case "%":
            this.emit(Op.Remainder, b, a, target);
            return;
          case "||":
            this.emit(Op.Concat, b, a, target);
            return;
          case "&":
            this.emit(Op.BitAnd, a, b, target);
            return;
          case "|":
            this.emit(Op.BitOr, a, b, target);
            return;
          case "<<":
            this.emit(Op.ShiftLeft, b, a, target);
            return;
          case ">>":
            this.emit(Op.ShiftRight, b, a, target);
            return;
        }
      }
    }
  }

  private between(scope: Scope, e: A.BetweenExpr, target: number): void {
    const x = this.expr(scope, e.operand);
    const t2 = this.b.allocReg();
    const noColl = this.rowidTerms.has(e);
    this.compare(scope, ">=", e.operand, e.low, target, x, noColl);
    this.compare(scope, "<=", e.operand, e.high, t2, x, noColl);
    this.emit(Op.And, target, t2, target);
    if (e.not) this.emit(Op.Not, target, target);
  }

  private inExpr(scope: Scope, e: A.InExpr, target: number): void {
    if (e.operand.kind === "vector") {
      this.vectorIn(scope, e, target);
      return;
    }
    const src = e.source;
    if (src.kind === "table") {
      const sel = tableAsSelect(src);
      this.inSubquery(scope, e, sel, target);
      return;
    }
    if (src.kind === "select") {
      this.inSubquery(scope, e, src.select, target);
      return;
    }
    const items = src.items;
    if (items.length === 0) {
      this.emit(Op.Integer, e.not ? 1 : 0, target);
      return;
    }
    const x = this.expr(scope, e.operand);
    const done = this.b.newLabel();
    const isNull = this.b.newLabel();
    const found = this.b.newLabel();
    this.b.emitJump(Op.IsNull, x, isNull);
    const sawNull = this.b.allocReg();
    this.emit(Op.Integer, 0, sawNull);
    const lhsAff = exprAffinity(this, scope, e.operand);
    for (const it of items) {
      const r = this.expr(scope, it);
      const coll = binaryCollation(this, scope, e.operand, it);
      // sqlite3ExprCodeIN: a list uses the left operand's affinity only (BLOB when none)
      const aff = lhsAff;
      const nn = this.b.newLabel();
      this.b.emitJump(Op.NotNull, r, nn);
      this.emit(Op.Integer, 1, sawNull);
      this.b.resolve(nn);
      this.b.emitJump(
        Op.Eq,
        r,
        found,
        x,
        coll === null ? null : { kind: "coll", value: coll },
        aff === AFF_NONE || aff === Affinity.BLOB ? 0 : aff,
      );
    }
    // not found
    this.emit(Op.Integer, e.not ? 1 : 0, target);
    this.b.emitJump(Op.IfNot, sawNull, done);
    this.b.resolve(isNull);
    this.emit(Op.Null, 0, target);
    this.b.emitJump(Op.Goto, 0, done);
    this.b.resolve(found);
    this.emit(Op.Integer, e.not ? 0 : 1, target);
    this.b.resolve(done);
  }

  private vectorIn(scope: Scope, e: A.InExpr, target: number): void {
    const src = e.source;
    if (src.kind !== "list") throw new SqliteError("row value IN subquery is not supported yet");
    // (a,b) IN ((1,2),(3,4)) → OR of vector equalities
    const tmp = this.b.allocReg();
    this.emit(Op.Integer, 0, target);
    for (const it of src.items) {
      this.compare(scope, "=", e.operand, it, tmp);
      this.emit(Op.Or, target, tmp, target);
    }
    if (e.not) this.emit(Op.Not, target, target);
  }

  private inSubquery(scope: Scope, e: A.InExpr, sel: A.SelectStmt, target: number): void {
    const sub = this.subq();
    const lhsAff = exprAffinity(this, scope, e.operand);
    const rhsAff = sub.firstColumnAffinity(this, scope, sel);
    const aff = compareAffinityOf(lhsAff, rhsAff);
    const coll = inCollation(this, scope, e.operand, sel);
    const { cursor, nullReg } = sub.inSet(this, scope, sel, aff, coll);
    const x = this.expr(scope, e.operand);
    const done = this.b.newLabel();
    const isNull = this.b.newLabel();
    this.b.emitJump(Op.IsNull, x, isNull);
    if (aff !== AFF_NONE && aff !== Affinity.BLOB) {
      this.emit(Op.Affinity, x, 1, 0, { kind: "affinity", value: String.fromCharCode(aff) });
    }
    const notFound = this.b.newLabel();
    this.b.emitJump(Op.NotFound, cursor, notFound, x, null, 1);
    this.emit(Op.Integer, e.not ? 0 : 1, target);
    this.b.emitJump(Op.Goto, 0, done);
    this.b.resolve(notFound);
    this.emit(Op.Integer, e.not ? 1 : 0, target);
    this.b.emitJump(Op.IfNot, nullReg, done);
    this.b.resolve(isNull);
    // x is NULL: empty set gives 0 (or 1 for NOT IN); else NULL
    const ne = this.b.newLabel();
    this.b.emitJump(Op.Rewind, cursor, ne);
    this.emit(Op.Null, 0, target);
    this.b.emitJump(Op.Goto, 0, done);
    this.b.resolve(ne);
    this.emit(Op.Integer, e.not ? 1 : 0, target);
    this.b.resolve(done);
  }

  private caseExpr(scope: Scope, e: A.CaseExpr, target: number): void {
    const done = this.b.newLabel();
    const base = e.operand === null ? -1 : this.expr(scope, e.operand);
    const test = this.b.allocReg();
    for (const w of e.whens) {
      const next = this.b.newLabel();
      if (base >= 0) {
        this.compare(scope, "=", e.operand as A.Expr, w.when, test, base);
      } else this.exprTo(scope, w.when, test);
      this.b.emitJump(Op.IfNot, test, next, 1);
      this.exprTo(scope, w.then, target);
      this.b.emitJump(Op.Goto, 0, done);
      this.b.resolve(next);
    }
    if (e.else !== null) this.exprTo(scope, e.else, target);
    else this.emit(Op.Null, 0, target);
    this.b.resolve(done);
  }

  private like(scope: Scope, e: A.LikeExpr, target: number): void {
    const name = e.op.toLowerCase();
    const args: A.Expr[] = [e.right, e.left];
    if (e.escape !== null) args.push(e.escape);
    if (e.op === "MATCH") {
      throw new SqliteError("unable to use function MATCH in the requested context");
    }
    const found = this.env.functions.resolve(name, args.length);
    if (found === null && e.op === "REGEXP") throw new SqliteError("no such function: REGEXP");
    const f = this.lookupFunction(name, args.length);
    if (f.aggregate) throw new SqliteError(`misuse of aggregate function ${name}()`);
    const first = this.b.allocRegs(args.length);
    for (let i = 0; i < args.length; i++) this.exprTo(scope, args[i], first + i);
    // like/glob/regexp are not SQLITE_FUNC_NEEDCOLL: a COLLATE on an operand is never looked up
    this.emit(
      Op.Function,
      0,
      first,
      target,
      { kind: "func", value: { name, nArg: args.length, impl: f.impl, collation: null } },
      args.length,
    );
    if (e.not) this.emit(Op.Not, target, target);
  }

  /** Look up a function, raising SQLite's errors. */
  lookupFunction(name: string, nArg: number): ResolvedFunction {
    const f = this.env.functions.resolve(name.toLowerCase(), nArg);
    if (f === null) throw new SqliteError(`no such function: ${name}`);
    if (f === "wrong-args") {
      throw new SqliteError(`wrong number of arguments to function ${name}()`);
    }
    return f;
  }

  private call(scope: Scope, e: A.FunctionCall, target: number): void {
    const name = e.name.name;
    const lname = name.toLowerCase();
    // a window call the SELECT rewrite (select_window.ts) did not take: WHERE, GROUP BY, an
    // aggregate's argument, a statement other than SELECT…; row_number() & co. without OVER
    if (e.over !== null || WINDOW_BUILTIN_ARGS.has(lname)) {
      throw new SqliteError(`misuse of window function ${name}()`);
    }
    const nArg = e.star ? 0 : e.args.length;
    // special forms evaluated lazily, as SQLite does
    if ((lname === "coalesce" || lname === "ifnull") && !e.star) {
      if (lname === "ifnull" && nArg !== 2) {
        throw new SqliteError(`wrong number of arguments to function ${name}()`);
      }
      if (nArg < 2) throw new SqliteError(`wrong number of arguments to function ${name}()`);
      const done = this.b.newLabel();
      for (let i = 0; i < nArg; i++) {
        this.exprTo(scope, e.args[i], target);
        if (i < nArg - 1) this.b.emitJump(Op.NotNull, target, done);
      }
      this.b.resolve(done);
      return;
    }
    if ((lname === "iif" || lname === "if") && (nArg === 3 || nArg === 2)) {
      const test = this.expr(scope, e.args[0]);
      const no = this.b.newLabel();
      const done = this.b.newLabel();
      this.b.emitJump(Op.IfNot, test, no, 1);
      this.exprTo(scope, e.args[1], target);
      this.b.emitJump(Op.Goto, 0, done);
      this.b.resolve(no);
      if (nArg === 3) this.exprTo(scope, e.args[2], target);
      else this.emit(Op.Null, 0, target);
      this.b.resolve(done);
      return;
    }
    if ((lname === "likely" || lname === "unlikely") && nArg === 1) {
      this.exprTo(scope, e.args[0], target);
      return;
    }
    if (lname === "likelihood" && nArg === 2) {
      const p = e.args[1];
      const v = p.kind === "real" || p.kind === "integer" ? Number(p.text) : NaN;
      if (!(v >= 0 && v <= 1)) {
        throw new SqliteError(
          "second argument to likelihood() must be a constant between 0.0 and 1.0",
        );
      }
      this.exprTo(scope, e.args[0], target);
      return;
    }
    let f: ResolvedFunction;
    try {
      f = this.lookupFunction(name, nArg);
    } catch (err) {
      throw errorAt(err, e.span.start);
    }
    if (f.directOnly === true && isSchemaCall(e)) {
      throw errorAt(new SqliteError(`unsafe use of ${name}()`), e.span.start);
    }
    if (f.aggregate) {
      if (this.agg === null) {
        throw errorAt(new SqliteError(`misuse of aggregate function ${name}()`), e.span.start);
      }
      const r = this.agg.aggregate(e);
      this.emit(Op.SCopy, r, target);
      return;
    }
    if (e.distinct) {
      throw new SqliteError(`DISTINCT aggregates must have exactly one argument`);
    }
    if (e.filter !== null) {
      throw new SqliteError(`FILTER may not be used with non-aggregate ${name}()`);
    }
    if (e.orderBy !== null) {
      throw errorAt(
        new SqliteError(`ORDER BY may not be used with non-aggregate ${name}()`),
        e.span.start,
      );
    }
    const first = this.b.allocRegs(Math.max(nArg, 1));
    for (let i = 0; i < nArg; i++) this.exprTo(scope, e.args[i], first + i);
    // only SQLITE_FUNC_NEEDCOLL functions (min, max, nullif) get a collating sequence; for
    // the others a COLLATE in an argument is never looked up
    let coll: string | null = null;
    if (needsCollation(lname)) {
      for (const a of e.args) {
        coll = explicitCollation(a);
        if (coll !== null) break;
      }
      if (coll === null) {
        for (const a of e.args) {
          coll = exprCollation(this, scope, a);
          if (coll !== null) break;
        }
      }
    }
    const fr: FuncRef = { name: lname, nArg, impl: f.impl, collation: coll };
    this.emit(Op.Function, 0, first, target, { kind: "func", value: fr }, nArg);
    if (lname === "random" || lname === "randomblob" || lname === "changes") this.readonly = true;
  }

  /**
   * Emit a conditional jump: go to `label` when `e` is false (or NULL when `nullFalse`).
   * Used by WHERE/ON/HAVING. Returns nothing.
   */
  jumpIfFalse(scope: Scope, e: A.Expr, label: number): void {
    if (e.kind === "binary" && e.op === "AND") {
      this.jumpIfFalse(scope, e.left, label);
      this.jumpIfFalse(scope, e.right, label);
      return;
    }
    const r = this.expr(scope, e);
    this.b.emitJump(Op.IfNot, r, label, 1);
  }
}

/** `(a, b)` items, or the single expression as a one-item list for non-vectors. */
function vectorItems(e: A.Expr): A.Expr[] | null {
  if (e.kind === "vector") return e.items;
  return null;
}

/** `x IN tbl` / `x IN func(args)` as the equivalent SELECT. */
function tableAsSelect(src: { kind: "table"; schema: A.Name | null; name: A.Name }): A.SelectStmt {
  const span = src.name.span;
  return {
    kind: "select",
    with: null,
    first: {
      kind: "core",
      distinct: null,
      columns: [{ kind: "star", span }],
      from: {
        first: {
          kind: "table",
          schema: src.schema,
          name: src.name,
          alias: null,
          indexHint: null,
          span,
        },
        joins: [],
        span,
      },
      where: null,
      groupBy: null,
      having: null,
      windows: null,
      span,
    },
    compounds: [],
    orderBy: null,
    limit: null,
    span,
  };
}

/** Emit an integer literal (possibly negated), with SQLite's overflow-to-REAL rule. */
export function emitIntegerLiteral(
  c: Compiler,
  text: string,
  negate: boolean,
  target: number,
): void {
  const t = text.replace(/_/g, "");
  let v: bigint;
  if (t.length > 2 && (t[1] === "x" || t[1] === "X")) {
    if (t.length - 2 > 16) throw new SqliteError(`hex literal too big: ${text}`);
    v = BigInt.asIntN(64, BigInt(t));
    if (negate) v = BigInt.asIntN(64, -v);
  } else {
    v = BigInt(t);
    if (negate) v = -v;
    if (v > 9223372036854775807n || v < -9223372036854775808n) {
      c.emit(Op.Real, 0, target, 0, { kind: "real", value: Number(negate ? "-" + t : t) });
      return;
    }
  }
  if (v >= -2147483648n && v <= 2147483647n) c.emit(Op.Integer, Number(v), target);
  else c.emit(Op.Int64, 0, target, 0, { kind: "int64", value: v });
}

/** Parse a REAL literal token (with `_` separators). */
export function parseRealLiteral(text: string): number {
  let t = text.replace(/_/g, "");
  if (t.startsWith(".")) t = "0" + t;
  t = t.replace(/\.(e|E|$)/, ".0$1");
  return Number(t);
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** Affinity of a type name (datatype3.html §3.1), as program.ts codes. */
export function affinityOfType(decl: string | null): number {
  if (decl === null || decl === "") return Affinity.BLOB;
  const d = decl.toUpperCase();
  if (d.includes("INT")) return Affinity.INTEGER;
  if (d.includes("CHAR") || d.includes("CLOB") || d.includes("TEXT")) return Affinity.TEXT;
  if (d.includes("BLOB")) return Affinity.BLOB;
  if (d.includes("REAL") || d.includes("FLOA") || d.includes("DOUB")) return Affinity.REAL;
  return Affinity.NUMERIC;
}

/** sqlite3ExprAffinity: the affinity an expression carries into comparisons. */
export function exprAffinity(c: Compiler, scope: Scope, e: A.Expr): number {
  switch (e.kind) {
    case "column": {
      let r: ReturnType<Compiler["resolveColumn"]>;
      try {
        r = c.resolveColumn(scope, e);
      } catch {
        return AFF_NONE;
      }
      if (r === "string" || r === "bool") return AFF_NONE;
      if (r.column < 0) return Affinity.INTEGER;
      return r.source.columns[r.column].affinity;
    }
    case "cast":
      return affinityOfType(e.type.text);
    case "collate":
      return exprAffinity(c, scope, e.operand);
    case "subquery":
      return c.sub === null ? AFF_NONE : c.sub.firstColumnAffinity(c, scope, e.select);
    case "call": {
      const n = e.name.name.toLowerCase();
      if ((n === "likely" || n === "unlikely" || n === "likelihood") && e.args.length > 0) {
        return exprAffinity(c, scope, e.args[0]);
      }
      return AFF_NONE;
    }
    default:
      return AFF_NONE;
  }
}

/** sqlite3CompareAffinity over two affinities. */
export function compareAffinityOf(a1: number, a2: number): number {
  const has1 = a1 !== AFF_NONE;
  const has2 = a2 !== AFF_NONE;
  if (has1 && has2) {
    if (a1 >= Affinity.NUMERIC || a2 >= Affinity.NUMERIC) return Affinity.NUMERIC;
    return Affinity.BLOB;
  }
  if (!has1 && !has2) return Affinity.BLOB;
  return has1 ? a1 : a2;
}

function compareAffinity(c: Compiler, scope: Scope, l: A.Expr, r: A.Expr): number {
  return compareAffinityOf(exprAffinity(c, scope, l), exprAffinity(c, scope, r));
}

/** The explicit COLLATE of an expression (outermost), or null. */
export function explicitCollation(e: A.Expr): string | null {
  if (e.kind === "collate") return e.collation.name;
  return null;
}

/**
 * sqlite3ExprCollSeq: an explicit COLLATE (found through any operator, as SQLite's EP_Collate
 * propagates), a column's declared collation ("BINARY" when none — still a collation, so it wins
 * over the other operand's), through unary + and CAST; otherwise null.
 */
export function exprCollation(c: Compiler, scope: Scope, e: A.Expr): string | null {
  let x: A.Expr = e;
  for (;;) {
    if (x.kind === "collate") return x.collation.name;
    if (x.kind === "column") {
      let r: ReturnType<Compiler["resolveColumn"]>;
      try {
        r = c.resolveColumn(scope, x);
      } catch {
        return null;
      }
      if (r === "string" || r === "bool" || r.column < 0) return null;
      return r.source.columns[r.column].collation ?? "BINARY";
    }
    if ((x.kind === "unary" && x.op === "+") || x.kind === "cast") {
      x = x.operand;
      continue;
    }
    return explicitCollationDeep(x);
  }
}

/** Collation of a binary comparison (sqlite3BinaryCompareCollSeq). */
export function binaryCollation(c: Compiler, scope: Scope, l: A.Expr, r: A.Expr): string | null {
  const le = explicitCollationDeep(l);
  if (le !== null) return le;
  const re = explicitCollationDeep(r);
  if (re !== null) return re;
  return exprCollation(c, scope, l) ?? exprCollation(c, scope, r);
}

/**
 * The collation of `x IN (SELECT y …)`: sqlite3BinaryCompareCollSeq(x, y) — an explicit COLLATE on
 * x, then on y, then x's own collation, then y's (resolved in the subquery).
 */
export function inCollation(
  c: Compiler,
  scope: Scope,
  left: A.Expr,
  sel: A.SelectStmt,
): string | null {
  const le = explicitCollationDeep(left);
  if (le !== null) return le;
  const first = sel.first;
  const right = first.kind === "core" && first.columns[0]?.kind === "expr"
    ? first.columns[0].expr
    : null;
  const re = right === null ? null : explicitCollationDeep(right);
  if (re !== null) return re;
  return exprCollation(c, scope, left) ??
    (c.sub?.firstColumnCollation === undefined ? null : c.sub.firstColumnCollation(c, scope, sel));
}

function explicitCollationDeep(e: A.Expr): string | null {
  switch (e.kind) {
    case "collate":
      return e.collation.name;
    case "unary":
    case "cast":
    case "isNull":
      return explicitCollationDeep(e.operand);
    case "binary":
      return explicitCollationDeep(e.left) ?? explicitCollationDeep(e.right);
    case "call":
      for (const a of e.args) {
        const r = explicitCollationDeep(a);
        if (r !== null) return r;
      }
      return null;
    default:
      return null;
  }
}

export { Scope };
