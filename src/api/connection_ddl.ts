/**
 * Executing DDL — the run-time half of SQLite's build.c / trigger.c / view handling: CREATE and
 * DROP of tables, indexes, views and triggers, CREATE TABLE … AS SELECT, REINDEX.
 *
 * Owns: allocating and freeing b-trees in SQLite's order (table first, then its automatic
 * indexes), writing and deleting `sqlite_schema` rows exactly as SQLite writes them
 * ('table'|'index'|'view'|'trigger', name, tbl_name, rootpage, sql), creating
 * `sqlite_sequence` for the first AUTOINCREMENT table, bumping the schema cookie, populating new
 * indexes (with UNIQUE enforcement), and updating the in-memory catalog to match.
 * Must never: run inside autocommit without the statement's write transaction (the program's
 * `Transaction` instruction opens it first).
 * Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import { foreignKeyDropTable } from "./connection_fkey.ts";
import { Meta, type Rowid } from "../btree/types.ts";
import type {
  CreateIndexStmt,
  CreateTableStmt,
  CreateTriggerStmt,
  CreateViewStmt,
  DropStmt,
  Expr,
  ParameterList,
  ReindexStmt,
} from "../sql/ast.ts";
import { Op, type Program, ProgramBuilder } from "../planner/program.ts";
import { Affinity, affinityOfType, foldName, type Index, type Table } from "../planner/schema.ts";
import {
  buildCtasTable,
  buildIndex,
  buildTable,
  buildTrigger,
  buildView,
  fillDefaultTexts,
  storedIndexes,
  storedTriggerSql,
  storedViewSql,
} from "../planner/schema_build.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { makeRecord, RecordHeader } from "../vdbe/ops/record.ts";
import { closeOpenWriters, type Engine } from "./connection_engine.ts";
import { SchemaEval, SubQuery } from "./connection_dml.ts";
import { TableWriter } from "./connection_write.ts";
import { parseOne } from "../sql/mod.ts";

interface HostCtx {
  vm: unknown;
}

/** `Transaction(write) ; Host(run) ; Halt`. */
export function ddlProgram(name: string, run: () => void, params: ParameterList = []): Program {
  const b = new ProgramBuilder();
  b.emit(Op.Transaction, 0, 1);
  b.emit(Op.Host, 0, 0, 0, { kind: "host", value: { name, run: (_ctx: unknown) => run() } });
  b.emit(Op.Halt);
  void (null as unknown as HostCtx);
  return b.finish([], [null, ...params], false);
}

/** `ddlProgram` whose run first closes cursors kept open between statements (DDL moves pages). */
export function ddlProgramFor(
  engine: Engine,
  name: string,
  run: () => void,
  params: ParameterList = [],
): Program {
  return ddlProgram(name, () => {
    closeOpenWriters(engine);
    run();
  }, params);
}

/** `Host(run) ; Halt` with no transaction (catalog-only changes such as TEMP views). */
function hostProgram(name: string, run: () => void): Program {
  const b = new ProgramBuilder();
  b.emit(Op.Host, 0, 0, 0, { kind: "host", value: { name, run: (_ctx: unknown) => run() } });
  b.emit(Op.Halt);
  return b.finish([], [null], true);
}

/** A no-op program (IF [NOT] EXISTS that found nothing to do). */
export function noopProgram(): Program {
  const b = new ProgramBuilder();
  b.emit(Op.Halt);
  return b.finish([], [null], false);
}

// ---- sqlite_schema rows ---------------------------------------------------------------------

/** Append a row to sqlite_schema (rowid = largest + 1, as OP_NewRowid). */
export function insertSchemaRow(
  engine: Engine,
  type: string,
  name: string,
  tblName: string,
  root: number,
  sql: string | null,
): void {
  const c = engine.bt.cursor(1, { write: true });
  try {
    let rowid: Rowid = 1;
    if (c.last()) {
      const r = c.rowid();
      rowid = typeof r === "number" ? r + 1 : r + 1n;
    }
    const m = [new Mem(), new Mem(), new Mem(), new Mem(), new Mem()];
    m[0].setText(type);
    m[1].setText(name);
    m[2].setText(tblName);
    m[3].setInt(root);
    if (sql === null) m[4].setNull();
    else m[4].setText(sql);
    c.insert(rowid, makeRecord(m, 0, 5, null, engine.bt.textEncoding));
  } finally {
    c.close();
  }
}

/** Delete the sqlite_schema rows matching `pred(type, name, tblName)`. */
export function deleteSchemaRows(
  engine: Engine,
  pred: (type: string, name: string, tbl: string) => boolean,
): void {
  const c = engine.bt.cursor(1, { write: true });
  const h = new RecordHeader();
  h.enc = engine.bt.textEncoding;
  const a = new Mem(), b = new Mem(), t = new Mem();
  const doomed: Rowid[] = [];
  try {
    for (let ok = c.first(); ok; ok = c.next()) {
      const p = c.payload();
      h.parse(p.data, p.offset, p.length);
      h.column(0, a);
      h.column(1, b);
      h.column(2, t);
      if (pred(a.s, b.s, t.s)) doomed.push(c.rowid());
    }
    for (const r of doomed) if (c.seekRowid(r) === 0) c.delete();
  } finally {
    c.close();
  }
}

/**
 * Walk sqlite_schema in rowid order with each row's five columns (type, name, tbl_name, rootpage,
 * sql) decoded into `m`; a row for which `edit(m)` returns true is written back with the values
 * `edit` left in `m` (rowid kept). The rewrites of renames, ALTER and root-page moves. Cold.
 */
export function editSchemaRows(engine: Engine, edit: (m: Mem[]) => boolean): void {
  const c = engine.bt.cursor(1, { write: true });
  const h = new RecordHeader();
  h.enc = engine.bt.textEncoding;
  const m = [new Mem(), new Mem(), new Mem(), new Mem(), new Mem()];
  try {
    for (let ok = c.first(); ok; ok = c.next()) {
      const p = c.payload();
      h.parse(p.data, p.offset, p.length);
      for (let i = 0; i < 5; i++) h.column(i, m[i]);
      if (edit(m)) c.insert(c.rowid(), makeRecord(m, 0, 5, null, engine.bt.textEncoding));
    }
  } finally {
    c.close();
  }
}

/** Point sqlite_schema rows with rootpage `from` at `to` (after an auto_vacuum root move). */
function moveRootPage(engine: Engine, from: number, to: number): void {
  editSchemaRows(engine, (m) => {
    if (m[3].type !== MemType.INT || m[3].n !== from) return false;
    m[3].setInt(to);
    return true;
  });
  for (const t of engine.schema.tables.values()) if (t.rootPage === from) t.rootPage = to;
  for (const ix of engine.schema.indexes.values()) if (ix.rootPage === from) ix.rootPage = to;
}

/** Bump the schema cookie (and set the file format on a fresh database). */
export function bumpCookie(engine: Engine): void {
  const bt = engine.bt;
  if (bt.getMeta(Meta.FILE_FORMAT) === 0) {
    bt.setMeta(Meta.FILE_FORMAT, 4);
    bt.setMeta(Meta.TEXT_ENCODING, 1);
  }
  const c = (bt.getMeta(Meta.SCHEMA_VERSION) + 1) >>> 0;
  bt.setMeta(Meta.SCHEMA_VERSION, c);
  engine.schema.cookie = c;
  engine.generation++;
  closeOpenWriters(engine);
  // Statements prepared before this change must re-prepare: a new catalog identity tells them.
  engine.schemaDirty = false;
}

// ---- names ----------------------------------------------------------------------------------

/** A table's internal name as SQLite prints it in errors (the schema table is sqlite_master). */
function internalName(name: string): string {
  return foldName(name) === "sqlite_schema" ? "sqlite_master" : name;
}

function checkReserved(name: string): void {
  if (foldName(name).startsWith("sqlite_")) {
    throw new SqliteError(`object name reserved for internal use: ${name}`);
  }
}

export function checkSchemaName(schema: { name: string } | null): void {
  if (schema !== null) {
    const k = foldName(schema.name);
    if (k !== "main" && k !== "temp") throw new SqliteError(`unknown database ${schema.name}`);
    if (k === "temp") throw new SqliteError("TEMP objects are not supported yet");
  }
}

/** "there is already a table/index/view named …" checks for a new table or view. */
function checkNewTableName(engine: Engine, name: string, kind: "table" | "view"): boolean {
  const s = engine.schema;
  const existing = s.table(name) ?? s.view(name) ?? s.virtualTables.get(foldName(name));
  if (existing !== undefined) {
    return true;
  }
  if (s.index(name) !== undefined) {
    throw new SqliteError(`there is already an index named ${name}`);
  }
  void kind;
  return false;
}

// ---- CREATE TABLE ---------------------------------------------------------------------------

/** Create sqlite_sequence if it does not exist yet. */
function ensureSequenceTable(engine: Engine): void {
  if (engine.schema.table("sqlite_sequence") !== undefined) return;
  const sql = "CREATE TABLE sqlite_sequence(name,seq)";
  const parsed = parseOne(sql, 0).stmt as CreateTableStmt;
  const built = buildTable(parsed, sql);
  const root = engine.bt.createTable("table");
  built.table.rootPage = root;
  insertSchemaRow(engine, "table", "sqlite_sequence", "sqlite_sequence", root, sql);
  engine.schema.addTable(built.table);
}

/** Compile CREATE TABLE (column list or AS SELECT). */
export function compileCreateTable(
  engine: Engine,
  stmt: CreateTableStmt,
  sql: string,
  params: ParameterList,
): Program {
  checkSchemaName(stmt.schema);
  if (stmt.temp) throw new SqliteError("TEMP tables are not supported yet");
  const name = stmt.name.name;
  const exists = () => {
    if (checkNewTableName(engine, name, "table")) {
      if (stmt.ifNotExists) return true;
      const kind = engine.schema.view(name) ? "view" : "table";
      throw new SqliteError(`${kind} ${name} already exists`);
    }
    return false;
  };
  if (exists()) return noopProgram();
  checkReserved(name);
  if (stmt.definition.kind === "asSelect") {
    const q = new SubQuery(engine, stmt.definition.select, params, sql);
    const sel = stmt.definition.select;
    const cols = ctasColumns(q, sel.first.kind === "core" ? sel.first.columns : []);
    return ddlProgramFor(engine, "CREATE TABLE", () => {
      if (exists()) return;
      const table = buildCtasTable(name, cols);
      table.rootPage = engine.bt.createTable("table");
      insertSchemaRow(engine, "table", name, name, table.rootPage, table.sql);
      engine.schema.addTable(table);
      bumpCookie(engine);
      const rows: Mem[][] = [];
      q.bind([]);
      q.run((regs, start, n) => {
        const row: Mem[] = [];
        for (let i = 0; i < n; i++) {
          const m = new Mem();
          m.copyFrom(regs[start + i]);
          row.push(m);
        }
        rows.push(row);
      });
      const w = new TableWriter(engine.bt, table, new SchemaEval(engine));
      try {
        for (const r of rows) w.insert(r, null, null);
      } finally {
        w.close();
      }
      // CREATE TABLE AS leaves changes()/total_changes() untouched, as in SQLite.
    }, params);
  }
  const built = buildTable(stmt, sql);
  fillDefaultTexts(built.table, stmt, sql);
  return ddlProgramFor(engine, "CREATE TABLE", () => {
    if (exists()) return;
    const b = buildTable(stmt, sql);
    fillDefaultTexts(b.table, stmt, sql);
    const t = b.table;
    t.rootPage = engine.bt.createTable(t.withoutRowid ? "index" : "table");
    if (b.pkIndex !== null) b.pkIndex.rootPage = t.rootPage;
    insertSchemaRow(engine, "table", t.name, t.name, t.rootPage, t.sql);
    engine.schema.addTable(t);
    for (const ix of storedIndexes(b)) {
      ix.rootPage = engine.bt.createTable("index");
      insertSchemaRow(engine, "index", ix.name, t.name, ix.rootPage, null);
    }
    for (const ix of b.autoIndexes) engine.schema.addIndex(ix);
    if (t.autoincrement) ensureSequenceTable(engine);
    bumpCookie(engine);
  }, params);
}

/** Result-column names (deduplicated as sqlite3ColumnsFromExprList) and affinities for CTAS. */
function ctasColumns(
  q: SubQuery,
  resultCols: readonly { kind: string; expr?: Expr }[],
): { name: string; affinity: Affinity }[] {
  const seen = new Set<string>();
  const out: { name: string; affinity: Affinity }[] = [];
  q.program.columns.forEach((c, i) => {
    let name = c.name;
    let cnt = 0;
    while (seen.has(foldName(name))) {
      let base = name;
      const m = /^(.*):\d+$/.exec(base);
      if (m) base = m[1];
      name = `${base}:${++cnt}`;
    }
    seen.add(foldName(name));
    let aff: Affinity = c.decltype !== null ? affinityOfType(c.decltype) : Affinity.BLOB;
    const rc = resultCols[i];
    if (rc !== undefined && rc.expr !== undefined && rc.expr.kind === "cast") {
      aff = affinityOfType(rc.expr.type.text);
    }
    out.push({ name, affinity: aff });
  });
  return out;
}

// ---- CREATE INDEX ---------------------------------------------------------------------------

/** Compile CREATE INDEX. */
export function compileCreateIndex(engine: Engine, stmt: CreateIndexStmt, sql: string): Program {
  checkSchemaName(stmt.schema);
  const name = stmt.name.name;
  const check = (): Table | null => {
    const s = engine.schema;
    const t = s.table(stmt.table.name);
    if (t === undefined) {
      if (s.view(stmt.table.name)) throw new SqliteError("views may not be indexed");
      if (s.virtualTables.has(foldName(stmt.table.name))) {
        throw new SqliteError("virtual tables may not be indexed");
      }
      throw new SqliteError(`no such table: main.${stmt.table.name}`);
    }
    if (s.index(name) !== undefined) {
      if (stmt.ifNotExists) return null;
      throw new SqliteError(`index ${name} already exists`);
    }
    if (s.table(name) !== undefined || s.view(name) !== undefined) {
      throw new SqliteError(`there is already a table named ${name}`);
    }
    if (foldName(t.name).startsWith("sqlite_")) {
      throw new SqliteError(`table ${internalName(t.name)} may not be indexed`);
    }
    return t;
  };
  const t0 = check();
  if (t0 === null) return noopProgram();
  checkReserved(name);
  buildIndex(stmt, sql, t0); // validate columns now (errors at prepare time, as SQLite)
  return ddlProgramFor(engine, "CREATE INDEX", () => {
    const t = check();
    if (t === null) return;
    const ix = buildIndex(stmt, sql, t);
    ix.rootPage = engine.bt.createTable("index");
    insertSchemaRow(engine, "index", ix.name, t.name, ix.rootPage, ix.sql);
    engine.schema.addIndex(ix);
    populateIndex(engine, t, ix);
    bumpCookie(engine);
  });
}

/** Fill a new (empty) index from its table's rows, enforcing UNIQUE. */
function populateIndex(engine: Engine, t: Table, ix: Index): void {
  if (t.withoutRowid) {
    const c = engine.bt.cursor(t.rootPage);
    const empty = !c.first();
    c.close();
    if (!empty) {
      throw new SqliteError(
        `indexing a non-empty WITHOUT ROWID table is not supported yet (${t.name})`,
      );
    }
    return;
  }
  const w = new TableWriter(engine.bt, t, new SchemaEval(engine));
  try {
    w.populateIndex(ix);
  } finally {
    w.close();
  }
}

// ---- CREATE VIEW / TRIGGER ------------------------------------------------------------------

/** Compile CREATE VIEW. */
export function compileCreateView(engine: Engine, stmt: CreateViewStmt, sql: string): Program {
  const temp = stmt.temp || (stmt.schema !== null && foldName(stmt.schema.name) === "temp");
  if (!temp) checkSchemaName(stmt.schema);
  const name = stmt.name.name;
  const exists = () => {
    if (checkNewTableName(engine, name, "view")) {
      if (stmt.ifNotExists) return true;
      const kind = engine.schema.view(name) ? "view" : "table";
      throw new SqliteError(`${kind} ${name} already exists`);
    }
    return false;
  };
  if (exists()) return noopProgram();
  checkReserved(name);
  if (temp) {
    return hostProgram("CREATE VIEW", () => {
      if (exists()) return;
      const stored = storedViewSql(stmt, sql);
      const v = buildView(parseOne(stored, 0).stmt as CreateViewStmt, stored);
      engine.tempViews.set(foldName(v.name), v);
      engine.schema.addView(v, true);
      engine.generation++;
    });
  }
  return ddlProgramFor(engine, "CREATE VIEW", () => {
    if (exists()) return;
    const stored = storedViewSql(stmt, sql);
    const v = buildView(parseOne(stored, 0).stmt as CreateViewStmt, stored);
    const c = engine.bt.cursor(1, { write: true });
    c.close();
    insertSchemaRow(engine, "view", v.name, v.name, 0, v.sql);
    engine.schema.addView(v);
    bumpCookie(engine);
  });
}

/** Compile CREATE TRIGGER. */
export function compileCreateTrigger(
  engine: Engine,
  stmt: CreateTriggerStmt,
  sql: string,
): Program {
  checkSchemaName(stmt.schema);
  if (stmt.temp) throw new SqliteError("TEMP triggers are not supported yet");
  const name = stmt.name.name;
  const check = (): boolean => {
    const s = engine.schema;
    if (s.trigger(name) !== undefined) {
      if (stmt.ifNotExists) return false;
      throw new SqliteError(`trigger ${name} already exists`);
    }
    const target = s.tableOrView(stmt.table.name);
    if (target === undefined) throw new SqliteError(`no such table: main.${stmt.table.name}`);
    if (foldName(target.name).startsWith("sqlite_")) {
      throw new SqliteError("cannot create trigger on system table");
    }
    if (target.kind === "view" && stmt.time !== "INSTEAD OF") {
      throw new SqliteError(
        `cannot create ${stmt.time ?? "BEFORE"} trigger on view: ${target.name}`,
      );
    }
    if (target.kind === "table" && stmt.time === "INSTEAD OF") {
      throw new SqliteError(`cannot create INSTEAD OF trigger on table: ${target.name}`);
    }
    return true;
  };
  if (!check()) return noopProgram();
  checkReserved(name);
  return ddlProgramFor(engine, "CREATE TRIGGER", () => {
    if (!check()) return;
    const stored = storedTriggerSql(stmt, sql);
    const tr = buildTrigger(parseOne(stored, 0).stmt as CreateTriggerStmt, stored);
    const target = engine.schema.tableOrView(stmt.table.name)!;
    const c = engine.bt.cursor(1, { write: true });
    c.close();
    insertSchemaRow(engine, "trigger", tr.name, target.name, 0, tr.sql);
    engine.schema.addTrigger({ ...tr, tableName: target.name });
    bumpCookie(engine);
  });
}

// ---- DROP -----------------------------------------------------------------------------------

/** OP_Destroy refuses while another statement of the connection is running. */
function checkNotLocked(engine: Engine): void {
  if (engine.txn.active > 1) throw new SqliteError("database table is locked", "SQLITE_LOCKED");
}

/** Free b-trees, largest root first (as SQLite's destroyTable), fixing moved roots. */
function destroyRoots(engine: Engine, roots: number[]): void {
  checkNotLocked(engine);
  roots.sort((a, b) => b - a);
  for (const r of roots) {
    const moved = engine.bt.dropTable(r);
    if (moved !== 0) moveRootPage(engine, moved, r);
  }
}

/** Compile DROP TABLE/INDEX/VIEW/TRIGGER. */
export function compileDrop(engine: Engine, stmt: DropStmt): Program {
  const name = stmt.name.name;
  if (stmt.schema !== null && foldName(stmt.schema.name) !== "main") {
    // Only the main database holds schema objects here (no ATTACH, no TEMP tables).
    if (stmt.ifExists) return noopProgram();
    throw new SqliteError(`no such ${stmt.object.toLowerCase()}: ${stmt.schema.name}.${name}`);
  }
  const s = () => engine.schema;
  switch (stmt.object) {
    case "TABLE": {
      const check = (): Table | null => {
        const t = s().table(name);
        if (t === undefined) {
          if (s().view(name)) throw new SqliteError(`use DROP VIEW to delete view ${name}`);
          if (stmt.ifExists) return null;
          throw new SqliteError(`no such table: ${name}`);
        }
        // build.c: only sqlite_stat* (and sqlite_parameters) system tables may be dropped.
        const k = foldName(t.name);
        if (k.startsWith("sqlite_") && !k.startsWith("sqlite_stat") && k !== "sqlite_parameters") {
          throw new SqliteError(`table ${internalName(t.name)} may not be dropped`);
        }
        return t;
      };
      if (check() === null) return noopProgram();
      return ddlProgramFor(engine, "DROP TABLE", () => {
        const t = check();
        if (t === null) return;
        checkNotLocked(engine);
        foreignKeyDropTable(engine, t);
        const key = foldName(t.name);
        deleteSchemaRows(engine, (_type, _n, tbl) => foldName(tbl) === key);
        if (t.autoincrement) {
          const seq = s().table("sqlite_sequence");
          if (seq !== undefined) deleteRowsWhereText(engine, seq.rootPage, 0, t.name);
        }
        const stat = s().table("sqlite_stat1");
        if (stat !== undefined) deleteRowsWhereText(engine, stat.rootPage, 0, t.name);
        const roots = [t.rootPage];
        for (const ix of t.indexes) if (ix.rootPage !== t.rootPage) roots.push(ix.rootPage);
        s().dropTable(t.name);
        destroyRoots(engine, roots);
        bumpCookie(engine);
      });
    }
    case "INDEX": {
      const check = (): Index | null => {
        const ix = s().index(name);
        if (ix === undefined) {
          if (stmt.ifExists) return null;
          throw new SqliteError(`no such index: ${name}`);
        }
        if (ix.origin !== "c") {
          throw new SqliteError(
            "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped",
          );
        }
        return ix;
      };
      if (check() === null) return noopProgram();
      return ddlProgramFor(engine, "DROP INDEX", () => {
        const ix = check();
        if (ix === null) return;
        checkNotLocked(engine);
        const key = foldName(ix.name);
        deleteSchemaRows(engine, (type, n) => type === "index" && foldName(n) === key);
        const stat = s().table("sqlite_stat1");
        if (stat !== undefined) deleteRowsWhereText(engine, stat.rootPage, 1, ix.name);
        s().dropIndex(ix.name);
        destroyRoots(engine, [ix.rootPage]);
        bumpCookie(engine);
      });
    }
    case "VIEW": {
      const check = (): boolean => {
        if (s().view(name) === undefined) {
          if (s().table(name)) throw new SqliteError(`use DROP TABLE to delete table ${name}`);
          if (stmt.ifExists) return false;
          throw new SqliteError(`no such view: ${name}`);
        }
        return true;
      };
      if (!check()) return noopProgram();
      if (engine.tempViews.has(foldName(name))) {
        return hostProgram("DROP VIEW", () => {
          if (!check()) return;
          engine.tempViews.delete(foldName(name));
          s().dropView(name);
          engine.generation++;
        });
      }
      return ddlProgramFor(engine, "DROP VIEW", () => {
        if (!check()) return;
        const v = s().view(name)!;
        const key = foldName(v.name);
        deleteSchemaRows(engine, (_t, _n, tbl) => foldName(tbl) === key);
        s().dropView(v.name);
        bumpCookie(engine);
      });
    }
    case "TRIGGER": {
      const check = (): boolean => {
        if (s().trigger(name) === undefined) {
          if (stmt.ifExists) return false;
          throw new SqliteError(`no such trigger: ${name}`);
        }
        return true;
      };
      if (!check()) return noopProgram();
      return ddlProgramFor(engine, "DROP TRIGGER", () => {
        if (!check()) return;
        const tr = s().trigger(name)!;
        const key = foldName(tr.name);
        deleteSchemaRows(engine, (type, n) => type === "trigger" && foldName(n) === key);
        s().dropTrigger(tr.name);
        bumpCookie(engine);
      });
    }
  }
}

/** Delete rows of a plain table whose column `col` is the TEXT `value` (sqlite_sequence/stat1). */
export function deleteRowsWhereText(
  engine: Engine,
  root: number,
  col: number,
  value: string,
): void {
  const c = engine.bt.cursor(root, { write: true });
  const h = new RecordHeader();
  h.enc = engine.bt.textEncoding;
  const m = new Mem();
  const doomed: Rowid[] = [];
  try {
    for (let ok = c.first(); ok; ok = c.next()) {
      const p = c.payload();
      h.parse(p.data, p.offset, p.length);
      h.column(col, m);
      if (m.type === MemType.TEXT && foldName(m.s) === foldName(value)) doomed.push(c.rowid());
    }
    for (const r of doomed) if (c.seekRowid(r) === 0) c.delete();
  } finally {
    c.close();
  }
}

// ---- REINDEX --------------------------------------------------------------------------------

/** Compile REINDEX [name]: rebuild the named (or every) index. */
export function compileReindex(engine: Engine, stmt: ReindexStmt): Program {
  const pick = (): Index[] => {
    const s = engine.schema;
    const all = [...s.indexes.values()];
    if (stmt.schema === null) return all;
    const n = stmt.name ?? stmt.schema;
    const t = s.table(n.name);
    if (t !== undefined) return t.indexes.filter((ix) => ix.rootPage !== t.rootPage);
    const ix = s.index(n.name);
    if (ix !== undefined) return [ix];
    const coll = n.name.toUpperCase();
    if (coll === "BINARY" || coll === "NOCASE" || coll === "RTRIM") {
      return all.filter((ix) => ix.columns.some((k) => k.collation.toUpperCase() === coll));
    }
    throw new SqliteError("unable to identify the object to be reindexed");
  };
  pick();
  return ddlProgramFor(engine, "REINDEX", () => {
    for (const ix of pick()) {
      const t = engine.schema.table(ix.tableName)!;
      if (t.withoutRowid && ix.rootPage === t.rootPage) continue;
      engine.bt.clearTable(ix.rootPage);
      populateIndex(engine, t, ix);
    }
  });
}
