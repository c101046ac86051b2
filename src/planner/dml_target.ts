/**
 * The target table of an INSERT/UPDATE/DELETE program — the shared pieces of SQLite's insert.c,
 * update.c and delete.c code generation: opening write cursors on the table and every index
 * (sqlite3OpenTableAndIndices), reading a row into registers, compiling schema expressions
 * (CHECK, index expressions, partial-index WHERE, DEFAULT) against a row held in registers
 * (SQLite's iSelfTab < 0 / regNewData convention), building index keys
 * (sqlite3GenerateIndexKey) and deleting a row's index entries (sqlite3GenerateRowIndexDelete).
 *
 * Owns: `WriteTarget`. Must never: run anything (it only emits), or decide conflict handling
 * (./dml_constraints.ts does). Cold (compile time).
 * @module
 */

import type * as A from "../sql/ast.ts";
import { type Compiler, Scope } from "./expr.ts";
import { Affinity, type HostCall, type KeyInfo, Op, type ResultColumn } from "./program.ts";
import type { Source } from "./resolve.ts";
import { EXPR_COLUMN, type Index, ROWID_COLUMN, type Table } from "./schema.ts";
import { tableColumns } from "./select_from.ts";

/** Index key info of a rowid table's index: key columns then the rowid. */
export function rowidIndexKeyInfo(ix: Index): KeyInfo {
  const n = ix.columns.length + 1;
  return {
    nKey: n,
    collations: [
      ...ix.columns.map((ic) => ic.collation.toUpperCase() === "BINARY" ? null : ic.collation),
      null,
    ],
    desc: [...ix.columns.map((ic) => ic.desc), false],
  };
}

/** The write cursors and expression scope of one target table. */
export class WriteTarget {
  /** The table cursor (OpenWrite). */
  readonly tabCur: number;
  /** One cursor per index of `table.indexes`, same order. */
  readonly idxCur: number[] = [];
  /** The table as an expression source over the table cursor (named by `name`). */
  readonly source: Source;
  readonly scope: Scope;

  constructor(readonly c: Compiler, readonly table: Table, name: string) {
    const b = c.b;
    this.tabCur = b.allocCursor();
    for (let i = 0; i < table.indexes.length; i++) this.idxCur.push(b.allocCursor());
    this.source = {
      name,
      table,
      columns: tableColumns(table),
      cursor: this.tabCur,
      kind: "btree",
      rowidAlias: table.rowidAlias,
      hasRowid: true,
      level: 0,
      usingFrom: new Map(),
      nullable: false,
      coverCursor: -1,
      coverMap: null,
    };
    this.scope = new Scope(null);
    this.scope.sources.push(this.source);
  }

  /**
   * OpenWrite on the table and on the indexes `which` selects (all by default). P5 bit 2: the
   * cursors may stay open for the statement's next run inside a transaction (the row writer's
   * kept cursors), which saves reopening them and re-descending the trees.
   */
  open(which: (ix: Index) => boolean = () => true): void {
    const t = this.table;
    this.c.emit(Op.OpenWrite, this.tabCur, t.rootPage, 0, {
      kind: "cursor",
      value: {
        root: t.rootPage,
        kind: "table",
        nField: t.columns.length,
        keyInfo: null,
        name: t.name,
      },
    }, 2);
    t.indexes.forEach((ix, i) => {
      if (!which(ix)) return;
      this.c.emit(Op.OpenWrite, this.idxCur[i], ix.rootPage, 0, {
        kind: "cursor",
        value: {
          root: ix.rootPage,
          kind: "index",
          nField: ix.columns.length + 1,
          keyInfo: rowidIndexKeyInfo(ix),
          name: ix.name,
        },
      }, 2);
    });
  }

  /** Read every column of the row under the table cursor into regs[first..+n) (OP_Column). */
  readRow(first: number): void {
    const t = this.table;
    for (let i = 0; i < t.columns.length; i++) {
      if (i === t.rowidAlias) this.c.emit(Op.Rowid, this.tabCur, first + i);
      else this.c.readColumn(this.source, i, first + i);
    }
  }

  /**
   * Compile `e` with the table's columns read from registers regs[data..+n) and the rowid from
   * `rowid` (SQLite compiles CHECK constraints and index expressions this way), into `target`.
   */
  exprOnRow(
    e: A.Expr,
    data: number,
    rowid: number,
    target: number,
    source: Source = this.source,
    scope: Scope = this.scope,
  ): void {
    const c = this.c;
    const t = this.table;
    const map = new Map<number, number>();
    map.set(-1, rowid);
    for (let i = 0; i < t.columns.length; i++) map.set(i, data + i);
    // A REAL column's register may hold an integer (stored so): the expression reads it as REAL
    // (expr.c's iSelfTab column read: SCopy + RealAffinity).
    const used = referencedColumns(e);
    t.columns.forEach((col, i) => {
      if (col.affinity !== Affinity.REAL || i === t.rowidAlias) return;
      if (!used.has(col.name.toLowerCase())) return;
      const r = c.b.allocReg();
      c.emit(Op.SCopy, data + i, r);
      c.emit(Op.RealAffinity, r);
      map.set(i, r);
    });
    const saved = c.colOverride;
    c.colOverride = new Map([[source, map]]);
    try {
      c.exprTo(scope, e, target);
    } finally {
      c.colOverride = saved;
    }
  }

  /**
   * Emit the index key of `ix` for the row in regs[data..+n) / `rowid` into regs[key..key+k]
   * (k key columns then the rowid). A partial index's WHERE jumps to `skip` when the row is not
   * in the index (sqlite3GenerateIndexKey with its pPartial label).
   */
  indexKey(ix: Index, data: number, rowid: number, key: number, skip: number): void {
    const c = this.c;
    if (ix.where !== null) {
      const r = c.b.allocReg();
      this.exprOnRow(ix.where, data, rowid, r);
      c.b.emitJump(Op.IfNot, r, skip, 1);
    }
    const t = this.table;
    ix.columns.forEach((k, i) => {
      if (k.column === EXPR_COLUMN) this.exprOnRow(k.expr!, data, rowid, key + i);
      else if (k.column === ROWID_COLUMN || k.column === t.rowidAlias) {
        c.emit(Op.SCopy, rowid, key + i);
      } else c.emit(Op.SCopy, data + k.column, key + i);
    });
    c.emit(Op.SCopy, rowid, key + ix.columns.length);
  }

  /**
   * Delete the index entries of the row in regs[data..+n) / `rowid` from the indexes `which`
   * selects (sqlite3GenerateRowIndexDelete).
   */
  deleteIndexEntries(data: number, rowid: number, which: (ix: Index) => boolean): void {
    const b = this.c.b;
    this.table.indexes.forEach((ix, i) => {
      if (!which(ix)) return;
      const n = ix.columns.length + 1;
      const key = b.allocRegs(n);
      const skip = b.newLabel();
      this.indexKey(ix, data, rowid, key, skip);
      b.emit(Op.IdxDelete, this.idxCur[i], key, n);
      b.resolve(skip);
    });
  }

  private scratch = 0;

  /**
   * Delete the row `rowid` names, if it exists, with its entries in every index (the REPLACE
   * conflict resolution: sqlite3GenerateRowDelete without counting the change). Moves the table
   * cursor; every index cursor must be open.
   */
  deleteRow(rowid: number): void {
    const b = this.c.b;
    const n = this.table.columns.length;
    if (this.scratch === 0) this.scratch = b.allocRegs(Math.max(n, 1));
    const skip = b.newLabel();
    b.emitJump(Op.NotExists, this.tabCur, skip, rowid);
    if (this.table.indexes.length > 0) {
      this.readRow(this.scratch);
      this.deleteIndexEntries(this.scratch, rowid, () => true);
    }
    this.c.emit(Op.Delete, this.tabCur);
    b.resolve(skip);
  }

  /**
   * Apply the column affinities to regs[data..+n) (the rowid alias excluded); a STRICT table's
   * columns are type-checked instead (OP_TypeCheck).
   */
  applyAffinity(data: number): void {
    const t = this.table;
    if (t.strict) {
      t.columns.forEach((col, i) => {
        if (i === t.rowidAlias) return;
        const type = (col.declType ?? "").toUpperCase();
        this.c.emit(Op.TypeCheck, data + i, 0, 0, {
          kind: "text",
          value: `${type} ${t.name}.${col.name}`,
        }, col.affinity);
      });
      return;
    }
    const aff = t.columns.map((col, i) =>
      String.fromCharCode(i === t.rowidAlias ? Affinity.NONE : col.affinity)
    ).join("");
    if (/^@*$/.test(aff)) return;
    this.c.emit(Op.Affinity, data, t.columns.length, 0, { kind: "affinity", value: aff });
  }
}

/** The (folded) names of every column reference in `e`, subqueries included. Cold. */
function referencedColumns(e: A.Expr): Set<string> {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    const o = x as Record<string, unknown>;
    if (o.kind === "column") out.add((o as unknown as A.ColumnRef).column.name.toLowerCase());
    for (const k in o) if (k !== "span") walk(o[k]);
  };
  walk(e);
  return out;
}

/** `CountChanges` with its sink: the program reports changes/rowids through `sink`. */
export function emitCountChanges(c: Compiler, sink: HostCall): void {
  c.emit(Op.CountChanges, 0, 0, 0, { kind: "host", value: sink });
}

/**
 * A column DEFAULT as an expression to compile: CURRENT_TIME/DATE/TIMESTAMP become
 * `time('now')` / `date('now')` / `datetime('now')` (the same UTC formats).
 */
export function defaultValueExpr(def: A.Expr): A.Expr {
  if (def.kind !== "current") return def;
  const span = def.span;
  const fn = def.keyword === "CURRENT_DATE"
    ? "date"
    : def.keyword === "CURRENT_TIME"
    ? "time"
    : "datetime";
  return {
    kind: "call",
    name: { name: fn, quoted: null, span },
    distinct: false,
    star: false,
    args: [{ kind: "string", value: "now", span }],
    orderBy: null,
    filter: null,
    over: null,
    span,
  };
}

/** A RETURNING list with the result columns the connection named for it. */
export interface ReturningSpec {
  readonly items: readonly A.ResultColumn[];
  readonly columns: ResultColumn[];
}

/**
 * A RETURNING clause compiled into the write program (SQLite codes it as a trigger on the
 * statement): after each row is written (deleted, for DELETE) its expressions are evaluated over
 * the row's registers and kept in an ephemeral table; when the writes are done the change count
 * is reported and the kept rows are returned one by one. The expressions see the table by its
 * name only (never the statement's alias).
 */
export class ReturningRows {
  private readonly exprs: A.Expr[] = [];
  private readonly source: Source;
  private readonly scope: Scope;
  private readonly eph: number;
  private readonly first: number;
  private readonly tmp: number;

  /** `columns`: the result columns as the connection names them (one per expanded item). */
  constructor(
    private readonly tgt: WriteTarget,
    items: readonly A.ResultColumn[],
    readonly columns: ResultColumn[],
  ) {
    const t = tgt.table;
    for (const it of items) {
      if (it.kind === "expr") this.exprs.push(it.expr);
      else {
        for (const col of t.columns) {
          const span = it.span;
          this.exprs.push({
            kind: "column",
            schema: null,
            table: { name: t.name, quoted: null, span },
            column: { name: col.name, quoted: null, span },
            span,
          });
        }
      }
    }
    this.source = { ...tgt.source, name: t.name };
    this.scope = new Scope(null);
    this.scope.sources.push(this.source);
    const b = tgt.c.b;
    const n = this.exprs.length;
    this.eph = b.allocCursor();
    this.first = b.allocRegs(Math.max(n, 1));
    this.tmp = b.allocReg();
    b.emit(Op.OpenEphemeral, this.eph, n, 0, {
      kind: "cursor",
      value: { root: 0, kind: "table", nField: n, name: "returning", keyInfo: null },
    });
  }

  /**
   * Evaluate the list over the row in regs[data..+n) / `rowid` and keep the result. Subqueries
   * are evaluated afresh for every row (a trigger program's OP_Once state is per invocation).
   */
  capture(data: number, rowid: number): void {
    const b = this.tgt.c.b;
    const start = b.here;
    this.exprs.forEach((e, i) =>
      this.tgt.exprOnRow(e, data, rowid, this.first + i, this.source, this.scope)
    );
    for (let a = start; a < b.here; a++) if (b.ops[a].op === Op.Once) b.ops[a].op = Op.Noop;
    b.emit(Op.NewRowid, this.eph, this.tmp);
    b.emit(Op.Insert, this.eph, this.first, this.tmp, null, this.exprs.length << 8);
  }

  /** The writes are done: report the change count, then return the kept rows. */
  emitOutput(): void {
    const c = this.tgt.c;
    const b = c.b;
    const n = this.exprs.length;
    c.emit(Op.CountChanges, 1);
    const end = b.newLabel();
    b.emitJump(Op.Rewind, this.eph, end);
    const top = b.here;
    for (let i = 0; i < n; i++) c.emit(Op.Column, this.eph, i, this.first + i);
    c.emit(Op.ResultRow, this.first, n);
    c.emit(Op.Next, this.eph, top);
    b.resolve(end);
  }
}
