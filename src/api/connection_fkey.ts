/**
 * FOREIGN KEY enforcement — SQLite's fkey.c (sqlite3FkCheck, sqlite3FkActions,
 * sqlite3FkDropTable, sqlite3FkRequired) and foreignkeys.html, on the row writer's path.
 *
 * Owns: deciding which foreign keys a write statement must process (resolving each parent
 * table and parent key at compile time, with SQLite's "no such table: main.X" and "foreign key
 * mismatch" errors), counting violations per row into the transaction's counters
 * (./connection_txn.ts `FkCounters`: the statement's immediate counter, the deferred counters,
 * PRAGMA defer_foreign_keys), and the ON DELETE / ON UPDATE actions: RESTRICT raises at once,
 * CASCADE / SET NULL / SET DEFAULT change the child rows as SQLite's generated action triggers
 * do (./connection_fkey_action.ts: the child's row writer directly, or nested UPDATE/DELETE
 * statements when the child has triggers), recursively and never blocked by recursive_triggers.
 * DROP TABLE's implicit DELETE. The searches themselves are ./connection_fkey_scan.ts.
 * Must never: decide when counters are checked (statement end and COMMIT belong to the
 * transaction machine), or write rows itself except through the row writer and compiled
 * statements. Warm: the row hooks run once per row written to a table with foreign keys.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { Rowid } from "../btree/types.ts";
import type { ConflictAction } from "../sql/ast.ts";
import { foldName, type ForeignKey, type Table } from "../planner/schema.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { Affinity, applyAffinity, comparisonAffinity } from "../vdbe/value/affinity.ts";
import { compareMem } from "../vdbe/value/compare.ts";
import { applyComparisonAffinity } from "../vdbe/value/affinity.ts";
import { collatorOf, type Engine } from "./connection_engine.ts";
import { constraintError, type FkRowHooks, TableWriter } from "./connection_write.ts";
import { foreignKeyError } from "./connection_txn.ts";
import { SchemaEval } from "./connection_subquery.ts";
import {
  acquireAction,
  actionSql,
  type ActionWriter,
  actionWriter,
  releaseAction,
} from "./connection_fkey_action.ts";
import {
  childKey,
  ChildScan,
  type FkLink,
  isDeferredFk,
  locateParentKey,
  mismatchMessage,
  parentKey,
  ParentProbe,
} from "./connection_fkey_scan.ts";

/** SQLITE_MAX_TRIGGER_DEPTH: nested action programs allowed. */
const MAX_DEPTH = 1000;

/** One foreign key whose child is some table: the key and its child. */
export interface FkRef {
  readonly child: Table;
  readonly fk: ForeignKey;
}

/**
 * sqlite3FkReferences: the foreign keys of the schema whose parent is `table`, in SQLite's
 * order (the fkeyHash chain: the most recently created first). Cold.
 */
export function referencesTo(engine: Engine, table: Table): FkRef[] {
  const key = foldName(table.name);
  const out: FkRef[] = [];
  for (const t of engine.schema.tables.values()) {
    for (const fk of t.foreignKeys) {
      if (foldName(fk.clause.table.name) === key) out.push({ child: t, fk });
    }
  }
  return out.reverse();
}

/** A table's own foreign keys in SQLite's `pFKey` order (the last declared first). */
export function foreignKeysOf(t: Table): ForeignKey[] {
  return [...t.foreignKeys].reverse();
}

/** True when foreign_keys is on and `t` is the child or the parent of a foreign key. Cold. */
export function foreignKeysApply(engine: Engine, t: Table): boolean {
  if (!engine.flags.foreignKeys) return false;
  return t.foreignKeys.length > 0 || referencesTo(engine, t).length > 0;
}

/** What a write statement is, for deciding which foreign keys it processes. */
export interface FkStatement {
  readonly kind: "insert" | "update" | "delete";
  /** UPDATE: the assigned columns (null: every column). */
  readonly changed?: ReadonlySet<number> | null;
  /** UPDATE: the rowid is assigned. */
  readonly setsRowid?: boolean;
  /**
   * INSERT: more than one row, or triggers (SQLite's isMultiWrite). A single-row INSERT skips
   * the immediate parent-side searches, and with them their "foreign key mismatch" errors.
   */
  readonly multiWrite?: boolean;
  /** DROP TABLE's implicit DELETE: a missing parent is an empty one, mismatches are skipped. */
  readonly ignoreErrors?: boolean;
  /** The statement's conflict clause (UPDATE: a REPLACE may delete rows, which FKs watch). */
  readonly or?: ConflictAction | null;
  /** INSERT: insert.c codes a REPLACE deletion (a REPLACE unique index, or a supplied rowid). */
  readonly replacePath?: boolean;
}

/** A child-side foreign key whose parent table does not exist (DROP TABLE only). */
interface MissingParent {
  readonly missing: true;
  readonly fk: ForeignKey;
  readonly childCols: readonly number[];
  readonly deferred: boolean;
}

type ChildSide = FkLink | MissingParent;

function unsupported(t: Table): SqliteError {
  return new SqliteError(
    `FOREIGN KEY enforcement involving WITHOUT ROWID table ${t.name} is not supported yet`,
  );
}

/** fkChildIsModified. */
function childModified(t: Table, fk: ForeignKey, st: FkStatement): boolean {
  if (st.changed === null || st.changed === undefined) return true;
  for (const c of fk.columns) {
    if (st.changed.has(c)) return true;
    if (c === t.rowidAlias && st.setsRowid) return true;
  }
  return false;
}

/** fkParentIsModified: a parent-key column (the PRIMARY KEY when none is named) is assigned. */
function parentModified(parent: Table, fk: ForeignKey, st: FkStatement): boolean {
  const changed = st.changed;
  if (changed === null || changed === undefined) return true;
  const named = fk.clause.columns;
  for (let c = 0; c < parent.columns.length; c++) {
    if (!changed.has(c) && !(c === parent.rowidAlias && st.setsRowid)) continue;
    const col = parent.columns[c];
    if (named === null) {
      if (parent.primaryKey.includes(c) || c === parent.rowidAlias) return true;
    } else if (named.some((n) => foldName(n.name) === foldName(col.name))) return true;
  }
  return false;
}

/**
 * FOREIGN KEY processing for the rows one compiled write statement changes on one table (the
 * writer's `fk` hooks). Built at compile time by {@link foreignKeyWriter}.
 */
export class FkWriter implements FkRowHooks {
  /** Foreign keys of the table (child side) processed on insert/delete. */
  private readonly childAll: ChildSide[];
  /** Foreign keys referring to the table (parent side) processed on insert/delete. */
  private readonly parentAll: FkLink[];
  /** The subsets an UPDATE processes (the modified keys). */
  private readonly childUpd: ChildSide[];
  private readonly parentUpd: FkLink[];
  readonly deletesOldRow: boolean;
  /**
   * A DELETE's foreign-key work could fail after rows are written (SQLite's mayAbort, which with
   * isMultiWrite decides the statement journal). False only for what is certainly safe: every
   * key referring to the table (and, through the cascade, to each child) is deferred or ON DELETE
   * CASCADE into a table without triggers.
   */
  readonly mayAbort: boolean;
  /**
   * SQLite's isSetNullAction() misfire: a top-level INSERT/UPDATE that codes a REPLACE deletion
   * compiles the ON DELETE action programs of the keys referring to its table first; when the
   * last one compiled is the SET NULL action of a self-referencing key of the table, the new row's
   * check of that key is skipped (pTop->pTriggerPrg still points at that program).
   */
  private readonly skipNewCheck: ForeignKey | null;
  /** Parent lookups, per foreign key (scratch and cursor reused row after row). */
  private readonly probes = new Map<FkLink, ParentProbe>();
  /** Child searches, per foreign key. */
  private readonly scans = new Map<FkLink, ChildScan>();
  /** Scratch for counting child rows. */
  private readonly rows: Rowid[] = [];
  private readonly self = new Mem();

  constructor(
    private readonly engine: Engine,
    private readonly table: Table,
    private readonly st: FkStatement,
  ) {
    const ignore = st.ignoreErrors === true;
    const requireParent = st.kind !== "insert" || st.multiWrite === true;
    // Child side: the table's own foreign keys.
    this.childAll = [];
    this.childUpd = [];
    for (const fk of foreignKeysOf(table)) {
      const selfRef = foldName(fk.clause.table.name) === foldName(table.name);
      const needed = st.kind !== "update" || selfRef || childModified(table, fk, st);
      const link = this.resolveChild(fk, needed && !ignore, ignore);
      if (link === null) continue;
      this.childAll.push(link);
      if (needed) this.childUpd.push(link);
    }
    // Parent side: the foreign keys that refer to it.
    this.parentAll = [];
    this.parentUpd = [];
    for (const { child, fk } of referencesTo(engine, table)) {
      const needed = st.kind !== "update" || parentModified(table, fk, st);
      const strict = needed && !ignore && (requireParent || isDeferredFk(fk));
      const link = locateParentKey(child, fk, table);
      if (link === null) {
        if (strict) throw new SqliteError(mismatchMessage(child, fk));
        continue;
      }
      if (child.withoutRowid) {
        // Its rows can be counted (NO ACTION, RESTRICT) but not changed by an action: refuse
        // clearly when one would run (a single-row INSERT never gets here).
        const acts = st.kind === "insert"
          ? [fk.clause.onDelete]
          : st.kind === "delete"
          ? [fk.clause.onDelete]
          : [fk.clause.onUpdate, fk.clause.onDelete];
        const writes = acts.some((a) => (a ?? "NO ACTION") !== "NO ACTION" && a !== "RESTRICT");
        if (writes) {
          if (strict) throw unsupported(child);
          continue;
        }
      }
      this.parentAll.push(link);
      if (needed) this.parentUpd.push(link);
    }
    this.mayAbort = st.kind !== "delete" || !cascadeOnly(engine, table, new Set());
    this.skipNewCheck = st.kind === "delete" || !this.replaceCoded()
      ? null
      : setNullMisfire(engine, table);
    // sqlite3FkRequired's 2 for an UPDATE: a modified self-referencing key, or a modified parent
    // key with an ON UPDATE action.
    this.deletesOldRow = st.kind === "update" && (
      this.childUpd.some((l) =>
        !("missing" in l) && l.parent === table &&
        childModified(table, l.fk, st)
      ) ||
      this.parentUpd.some((l) => (l.fk.clause.onUpdate ?? "NO ACTION") !== "NO ACTION")
    );
  }

  /**
   * True when this statement has no foreign-key work at all: nothing to check, or an UPDATE
   * that assigns no key column and cannot delete rows through REPLACE (sqlite3FkRequired).
   */
  get empty(): boolean {
    if (this.childAll.length === 0 && this.parentAll.length === 0) return true;
    if (this.st.kind !== "update" || this.childUpd.length > 0 || this.parentUpd.length > 0) {
      return false;
    }
    const t = this.table;
    const or = this.st.or ?? null;
    return or !== "REPLACE" && t.ipkConflict !== "REPLACE" &&
      !t.indexes.some((ix) => ix.unique && (or ?? ix.onConflict) === "REPLACE");
  }

  /** The statement codes a REPLACE deletion (sqlite3GenerateConstraintChecks' OE_Replace). */
  private replaceCoded(): boolean {
    if (this.st.kind === "insert") return this.st.replacePath === true;
    // UPDATE: the rowid's check only when it changes; an index's only when its key may change.
    const t = this.table;
    const or = this.st.or ?? null;
    const changed = this.st.changed ?? null;
    const rowidChanges = changed === null || this.st.setsRowid === true ||
      (t.rowidAlias >= 0 && changed.has(t.rowidAlias));
    if (rowidChanges && (or ?? t.ipkConflict ?? "ABORT") === "REPLACE") return true;
    return t.indexes.some((ix) =>
      ix.unique && (or ?? ix.onConflict) === "REPLACE" &&
      (rowidChanges || ix.where !== null ||
        ix.columns.some((k) => k.column < 0 || changed!.has(k.column)))
    );
  }

  private resolveChild(fk: ForeignKey, strict: boolean, ignore: boolean): ChildSide | null {
    const parent = this.engine.schema.table(fk.clause.table.name);
    if (parent === undefined) {
      // A view is found by name but has no parent key: a mismatch, as sqlite3FkLocateIndex says.
      if (this.engine.schema.view(fk.clause.table.name) !== undefined) {
        if (strict) throw new SqliteError(mismatchMessage(this.table, fk));
        return null;
      }
      if (strict) throw new SqliteError(`no such table: main.${fk.clause.table.name}`);
      if (!ignore) return null;
      return { missing: true, fk, childCols: fk.columns, deferred: isDeferredFk(fk) };
    }
    const link = locateParentKey(this.table, fk, parent);
    if (link === null) {
      if (strict) throw new SqliteError(mismatchMessage(this.table, fk));
      return null;
    }
    return link;
  }

  private get counters() {
    return this.engine.txn.fk;
  }

  // ---- the row hooks ------------------------------------------------------------------------

  inserting(vals: readonly Mem[], rowid: Mem): void {
    for (const l of this.childAll) {
      if (l.fk === this.skipNewCheck && this.atTopLevel()) continue;
      this.lookupParent(l, vals, rowid, 1);
    }
    for (const l of this.parentAll) this.scanChildren(l, vals, rowid, -1);
  }

  deleting(vals: readonly Mem[], rowid: Mem): void {
    for (const l of this.childAll) this.lookupParent(l, vals, rowid, -1);
    for (const l of this.parentAll) this.scanChildren(l, vals, rowid, 1);
  }

  deleted(vals: readonly Mem[], rowid: Mem): void {
    for (const l of this.parentAll) this.action(l, "delete", vals, rowid, null, null);
  }

  updatingOld(old: readonly Mem[], oldRowid: Mem): void {
    for (const l of this.childUpd) this.lookupParent(l, old, oldRowid, -1);
    for (const l of this.parentUpd) this.scanChildren(l, old, oldRowid, 1);
  }

  updatingNew(vals: readonly Mem[], rowid: Mem): void {
    for (const l of this.childUpd) {
      if (l.fk === this.skipNewCheck && this.atTopLevel()) continue;
      this.lookupParent(l, vals, rowid, 1);
    }
    for (const l of this.parentUpd) this.scanChildren(l, vals, rowid, -1);
  }

  updated(old: readonly Mem[], oldRowid: Mem, vals: readonly Mem[], rowid: Mem): void {
    if (this.parentUpd.length === 0) return;
    // The writer's rowid register may be reused by a nested action on the same table.
    const nr = new Mem();
    nr.copyFrom(rowid);
    for (const l of this.parentUpd) this.action(l, "update", old, oldRowid, vals, nr);
  }

  // ---- I.1 / D.1: the parent of a child row -------------------------------------------------

  /** fkLookupParent: count `incr` when the row's parent key has no parent row. */
  private lookupParent(l: ChildSide, vals: readonly Mem[], rowid: Mem, incr: 1 | -1): void {
    const fk = this.counters;
    if ("missing" in l) {
      // DROP TABLE with the parent gone: every row with a complete key resolves a violation.
      for (const c of l.childCols) {
        const m = c === this.table.rowidAlias ? rowid : vals[c];
        if (m.type === MemType.NULL) return;
      }
      fk.add(l.deferred, incr);
      return;
    }
    if (incr < 0 && fk.isZero(l.deferred)) return;
    const key = childKey(l, vals, rowid);
    for (const m of key) if (m.type === MemType.NULL) return;
    if (incr > 0 && l.parent === l.child && this.refersToItself(l, key, vals, rowid)) return;
    let probe = this.probes.get(l);
    if (probe === undefined) this.probes.set(l, probe = new ParentProbe(l));
    if (probe.exists(this.engine.bt, key)) return;
    if (incr > 0 && !l.deferred && !fk.deferAll && this.haltsAtOnce()) {
      // fkLookupParent's special case: a top-level single-row INSERT has no statement journal,
      // so it fails at once (before the row is written) and what it already counted in the
      // deferred counters stays counted.
      const e = foreignKeyError();
      e.keepDeferred = true;
      throw e;
    }
    fk.add(l.deferred, incr);
  }

  /** The FK hooks a row writer for `child` uses when it carries out an action. */
  private hooksFor(child: Table): (st: FkStatement) => FkRowHooks | null {
    return (st) => foreignKeyWriter(this.engine, child, st);
  }

  /** Not inside a trigger or action program (SQLite's `pParse->pToplevel == 0`). */
  private atTopLevel(): boolean {
    return this.engine.activeTriggers.size === 0 && this.counters.depth === 0;
  }

  /** A top-level INSERT of one row (no triggers): SQLite's `!pToplevel && !isMultiWrite`. */
  private haltsAtOnce(): boolean {
    return this.st.kind === "insert" && this.st.multiWrite !== true &&
      this.engine.activeTriggers.size === 0 && this.counters.depth === 0;
  }

  /** A new row of a self-referencing table that is its own parent. */
  private refersToItself(l: FkLink, key: Mem[], vals: readonly Mem[], rowid: Mem): boolean {
    if (l.index === null) {
      const m = this.self;
      m.copyFrom(key[0]);
      applyAffinity(m, Affinity.NUMERIC);
      return m.type === MemType.INT && compareMem(m, rowid, null) === 0;
    }
    const own = parentKey(l, vals, rowid);
    for (let i = 0; i < key.length; i++) {
      if (own[i].type === MemType.NULL || compareMem(key[i], own[i], null) !== 0) return false;
    }
    return true;
  }

  // ---- I.2 / D.2: the children of a parent row ----------------------------------------------

  private scan(l: FkLink): ChildScan {
    let s = this.scans.get(l);
    if (s === undefined) this.scans.set(l, s = new ChildScan(l));
    return s;
  }

  /** fkScanChildren: count `incr` for every child row referring to the row's key. */
  private scanChildren(l: FkLink, vals: readonly Mem[], rowid: Mem, incr: 1 | -1): void {
    const fk = this.counters;
    if (incr < 0 && fk.isZero(l.deferred)) return;
    const key = parentKey(l, vals, rowid);
    const exclude = incr > 0 && l.child === l.parent ? rowid.intValue : null;
    const rows = this.rows;
    rows.length = 0;
    this.scan(l).collect(this.engine.bt, key, exclude, rows);
    if (rows.length > 0) fk.add(l.deferred, incr * rows.length);
  }

  // ---- actions ------------------------------------------------------------------------------

  /** fkActionTrigger + sqlite3CodeRowTriggerDirect for one parent row. */
  private action(
    l: FkLink,
    kind: "delete" | "update",
    old: readonly Mem[],
    oldRowid: Mem,
    neu: readonly Mem[] | null,
    newRowid: Mem | null,
  ): void {
    const act = (kind === "delete" ? l.fk.clause.onDelete : l.fk.clause.onUpdate) ?? "NO ACTION";
    if (act === "NO ACTION") return;
    if (act === "RESTRICT" && this.counters.deferAll) return;
    // OP_Program: entering the action's frame counts against SQLITE_MAX_TRIGGER_DEPTH whether or
    // not it finds child rows.
    if (this.counters.depth >= MAX_DEPTH) {
      throw new SqliteError("too many levels of trigger recursion");
    }
    const key = parentKey(l, old, oldRowid);
    if (neu !== null && newRowid !== null && this.keyUnchanged(l, key, neu, newRowid)) return;
    const bt = this.engine.bt;
    if (act === "RESTRICT") {
      // SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed') FROM child WHERE …
      const found: Rowid[] = [];
      this.scan(l).collect(bt, key, null, found);
      if (found.length > 0) {
        throw constraintError(
          "FOREIGN KEY constraint failed",
          "SQLITE_CONSTRAINT_TRIGGER",
          "ABORT",
        );
      }
      return;
    }
    const rows: Rowid[] = [];
    this.scan(l).collect(bt, key, null, rows);
    if (rows.length === 0) return;
    // Copies: a nested action may reuse the registers the new key was read from.
    const newKey = neu !== null && newRowid !== null
      ? parentKey(l, neu, newRowid).map((m) => {
        const c = new Mem();
        c.copyFrom(m);
        return c;
      })
      : null;
    const fk = this.counters;
    const outermost = fk.depth === 0;
    if (l.child.triggers.length === 0) {
      // No trigger can observe the action statement: change the rows through the child's row
      // writer directly (same checks, actions and counts as the statement would make).
      const d = kind === "delete" && act === "CASCADE"
        ? actionWriter(this.engine, l.child, null, this.hooksFor(l.child))
        : actionWriter(this.engine, l.child, l.childCols, this.hooksFor(l.child));
      fk.depth++;
      try {
        let n = 0;
        if (kind === "delete" && act === "CASCADE") {
          for (const r of rows) if (d.w.deleteRow(r)) n++;
        } else {
          for (const r of rows) if (this.setChildKey(d, l, act, r, newKey)) n++;
        }
        // The action's frame counts its rows (OP_Program's sqlite3VdbeSetChanges).
        this.engine.changes = n;
        this.engine.totalChanges += n;
      } catch (e) {
        if (outermost && e instanceof RangeError) {
          throw new SqliteError("too many levels of trigger recursion");
        }
        throw e;
      } finally {
        fk.depth--;
        if (fk.depth === 0) d.w.close();
      }
      return;
    }
    const sql = actionSql(l, kind, act);
    const vm = acquireAction(this.engine, sql);
    fk.depth++;
    try {
      for (const r of rows) {
        vm.reset();
        const v = vm.vars;
        v[1].setSqlInt(r);
        if (newKey !== null) {
          for (let i = 0; i < newKey.length && i + 2 < v.length; i++) v[i + 2].copyFrom(newKey[i]);
        }
        while (vm.step()) { /* no rows */ }
      }
    } catch (e) {
      // A cascade deeper than the JavaScript stack allows (several hundred levels) fails the
      // statement like SQLite's depth limit does, instead of escaping as a RangeError.
      if (outermost && e instanceof RangeError) {
        throw new SqliteError("too many levels of trigger recursion");
      }
      throw e;
    } finally {
      vm.reset();
      fk.depth--;
      releaseAction(this.engine, sql, vm);
    }
  }

  /**
   * `UPDATE OR ABORT child SET key = NULL | DEFAULT | new key WHERE rowid = r` through the row
   * writer. False when the row is gone (an earlier action deleted it).
   */
  private setChildKey(
    d: ActionWriter,
    l: FkLink,
    act: string,
    r: Rowid,
    newKey: readonly Mem[] | null,
  ): boolean {
    const child = l.child;
    const vals = child.columns.map(() => new Mem());
    if (!d.w.readRow(r, vals)) return false;
    for (const m of vals) if (m.type === MemType.BLOB) m.setBlob(m.b.slice());
    for (let i = 0; i < l.childCols.length; i++) {
      const c = l.childCols[i];
      const m = vals[c];
      if (act === "CASCADE" && newKey !== null) m.copyFrom(newKey[i]);
      else if (act === "SET DEFAULT" && child.columns[c].defaultExpr !== null) {
        d.ev.defaultValue(child, c, m);
      } else m.setNull();
    }
    return d.w.update(r, vals, null, "ABORT") === "written";
  }

  /**
   * The ON UPDATE action's WHEN clause, `NOT(old.k IS new.k AND …)` with the parent columns'
   * affinity and collation: true when the key did not change.
   */
  private keyUnchanged(l: FkLink, key: Mem[], neu: readonly Mem[], newRowid: Mem): boolean {
    const nk = parentKey(l, neu, newRowid);
    const x = new Mem();
    const y = new Mem();
    for (let i = 0; i < key.length; i++) {
      const a = key[i];
      const b = nk[i];
      if (a.type === MemType.NULL || b.type === MemType.NULL) {
        if (a.type !== b.type) return false;
        continue;
      }
      const pc = l.parentCols[i];
      const isRowid = l.index === null || pc === l.parent.rowidAlias;
      const aff = isRowid ? Affinity.INTEGER : l.parent.columns[pc].affinity;
      const coll = isRowid ? null : collatorOf(l.parent.columns[pc].collation);
      x.copyFrom(a);
      y.copyFrom(b);
      applyComparisonAffinity(x, y, comparisonAffinity(aff, aff));
      if (compareMem(x, y, coll) !== 0) return false;
    }
    return true;
  }
}

/**
 * Deleting rows of `table` cannot abort through foreign keys: each key referring to it is
 * deferred or ON DELETE CASCADE into a trigger-less table for which the same holds (fkey.c calls
 * sqlite3MayAbort for an immediate key whose action is neither CASCADE nor SET NULL). Cold.
 */
function cascadeOnly(engine: Engine, table: Table, seen: Set<Table>): boolean {
  if (seen.has(table)) return true;
  seen.add(table);
  for (const { child, fk } of referencesTo(engine, table)) {
    if (isDeferredFk(fk)) continue;
    if (fk.clause.onDelete !== "CASCADE" || child.triggers.length > 0 || child.withoutRowid) {
      return false;
    }
    if (!cascadeOnly(engine, child, seen)) return false;
  }
  return true;
}

/**
 * The self-referencing key of `table` whose new-row check SQLite's isSetNullAction() skips in a
 * statement coding a REPLACE deletion (see FkWriter.skipNewCheck), or null. Approximates the
 * compile order: the last key referring to `table` (sqlite3FkReferences order) with an ON DELETE
 * action must be that key's ON DELETE SET NULL, and its action program must compile no nested
 * program (no UPDATE trigger on the table, no ON UPDATE action reading the nulled columns). Cold.
 */
function setNullMisfire(engine: Engine, table: Table): ForeignKey | null {
  const refs = referencesTo(engine, table);
  let last: FkRef | null = null;
  for (const r of refs) {
    if ((r.fk.clause.onDelete ?? "NO ACTION") !== "NO ACTION") last = r;
  }
  if (last === null || last.child !== table || last.fk.clause.onDelete !== "SET NULL") return null;
  if (table.triggers.some((tr) => tr.stmt.event.kind === "update")) return null;
  const nulled = new Set(last.fk.columns.map((c) => foldName(table.columns[c].name)));
  for (const r of refs) {
    if ((r.fk.clause.onUpdate ?? "NO ACTION") === "NO ACTION") continue;
    const named = r.fk.clause.columns;
    const keyCols = named === null
      ? table.primaryKey.map((c) => foldName(table.columns[c].name))
      : named.map((n) => foldName(n.name));
    if (keyCols.some((k) => nulled.has(k))) return null;
  }
  return last.fk;
}

/**
 * The FOREIGN KEY hooks for a write statement on `table`, or null when none apply (foreign_keys
 * off, or `table` neither child nor parent). Throws SQLite's compile-time errors. Cold.
 */
export function foreignKeyWriter(
  engine: Engine,
  table: Table,
  st: FkStatement,
): FkWriter | null {
  if (!engine.flags.foreignKeys) return null;
  if (table.foreignKeys.length === 0 && referencesTo(engine, table).length === 0) return null;
  engine.txn.fk.changeCounters = engine;
  const w = new FkWriter(engine, table, st);
  return w.empty ? null : w;
}

/**
 * sqlite3FkDropTable: before DROP TABLE drops `t`, delete its rows as `DELETE FROM t` would
 * (its triggers disabled, foreign-key actions not) when `t` is a parent, or a child of a
 * deferred constraint while violations are outstanding; then fail if that left an immediate
 * violation. Cold.
 */
export function foreignKeyDropTable(engine: Engine, t: Table): void {
  if (!engine.flags.foreignKeys) return;
  const fk = engine.txn.fk;
  const refs = referencesTo(engine, t).filter((r) => r.child !== t);
  if (referencesTo(engine, t).length === 0) {
    if (!t.foreignKeys.some(isDeferredFk) && !fk.deferAll) return;
    if (fk.isZero(true)) return;
  }
  if (t.withoutRowid) {
    if (refs.length > 0) throw unsupported(t);
    return;
  }
  engine.txn.fk.changeCounters = engine;
  const hooks = new FkWriter(engine, t, { kind: "delete", ignoreErrors: true });
  const w = new TableWriter(engine.bt, t, new SchemaEval(engine));
  w.fk = hooks;
  try {
    const rowids: Rowid[] = [];
    const c = engine.bt.cursor(t.rootPage);
    try {
      for (let ok = c.first(); ok; ok = c.next()) rowids.push(c.rowid());
    } finally {
      c.close();
    }
    for (const r of rowids) w.deleteRow(r);
  } finally {
    w.close();
  }
  if (!fk.deferAll && fk.immediate !== 0) throw foreignKeyError();
}
