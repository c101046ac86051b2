/**
 * ANALYZE — SQLite's analyze.c for `sqlite_stat1`: for every index of the analyzed tables one row
 * (tbl, idx, "N d1 d2 …") where N is the number of index entries and d_i the average number of
 * entries sharing the first i key columns (rounded up, as analyze.c's `(nRow+nDistinct-1)/nDistinct`),
 * and (tbl, NULL, "N") for a non-empty table without indexes.
 *
 * Owns: creating sqlite_stat1 on first use and replacing the analyzed tables' rows.
 * Must never: write sqlite_stat4 samples (no STAT4 histograms yet: the table is created, as a
 * STAT4 build of SQLite does, but left empty).
 * Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { AnalyzeStmt, CreateTableStmt } from "../sql/ast.ts";
import { parseOne } from "../sql/mod.ts";
import type { Program } from "../planner/program.ts";
import { foldName, type Index, type Table } from "../planner/schema.ts";
import { buildTable } from "../planner/schema_build.ts";
import { isPkIndex } from "../planner/without_rowid.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { makeRecord, RecordHeader } from "../vdbe/ops/record.ts";
import { compareMem } from "../vdbe/value/compare.ts";
import { collatorOf, type Engine } from "./connection_engine.ts";
import {
  bumpCookie,
  ddlProgramFor,
  deleteRowsWhereText,
  insertSchemaRow,
} from "./connection_ddl.ts";

import { loadStat1 } from "./connection_schema.ts";

const STAT1_SQL = "CREATE TABLE sqlite_stat1(tbl,idx,stat)";
const STAT4_SQL = "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)";

/** Create a statistics table if it does not exist (analyze.c openStatTable). */
function ensureStatTable(engine: Engine, name: string, sql: string): Table {
  const have = engine.schema.table(name);
  if (have !== undefined) return have;
  const built = buildTable(parseOne(sql, 0).stmt as CreateTableStmt, sql);
  const root = engine.bt.createTable("table");
  built.table.rootPage = root;
  insertSchemaRow(engine, "table", name, name, root, sql);
  engine.schema.addTable(built.table);
  bumpCookie(engine);
  return built.table;
}

/**
 * sqlite_stat1, plus sqlite_stat4 as a STAT4 build creates it (same schema rows as SQLite's
 * build; this engine writes no stat4 samples, so the table stays empty).
 */
function ensureStat1(engine: Engine): Table {
  const t = ensureStatTable(engine, "sqlite_stat1", STAT1_SQL);
  ensureStatTable(engine, "sqlite_stat4", STAT4_SQL);
  return t;
}

/** Count entries and distinct key prefixes of one index b-tree. */
function indexStat(engine: Engine, t: Table, ix: Index): string | null {
  const n = ix.columns.length;
  const colls = ix.columns.map((k) => collatorOf(k.collation));
  const c = engine.bt.cursor(ix.rootPage);
  const h = new RecordHeader();
  h.enc = engine.bt.textEncoding;
  let prev: Mem[] = ix.columns.map(() => new Mem());
  let cur: Mem[] = ix.columns.map(() => new Mem());
  const distinct = new Array(n).fill(0);
  let rows = 0;
  try {
    for (let ok = c.first(); ok; ok = c.next()) {
      const p = c.payload();
      h.parse(p.data, p.offset, p.length);
      for (let i = 0; i < n; i++) {
        h.column(i, cur[i]);
        if (cur[i].type === MemType.BLOB) cur[i].setBlob(cur[i].b.slice());
      }
      // The first key column that differs from the previous entry starts new prefixes.
      let j = 0;
      if (rows > 0) {
        while (j < n && compareMem(prev[j], cur[j], colls[j]) === 0) j++;
      }
      for (let i = j; i < n; i++) distinct[i]++;
      rows++;
      const t2 = prev;
      prev = cur;
      cur = t2;
    }
  } finally {
    c.close();
  }
  void t;
  if (rows === 0) return null;
  const parts = [String(rows)];
  for (let i = 0; i < n; i++) {
    parts.push(String(Math.floor((rows + distinct[i] - 1) / distinct[i])));
  }
  return parts.join(" ");
}

function tableRows(engine: Engine, t: Table): number {
  const c = engine.bt.cursor(t.rootPage);
  try {
    return c.count();
  } finally {
    c.close();
  }
}

/** Compile ANALYZE [schema | table | index]. */
export function compileAnalyze(engine: Engine, stmt: AnalyzeStmt): Program {
  const pick = (): Table[] => {
    const s = engine.schema;
    const user = s.tablesAndViewsInHashOrder().filter((t): t is Table =>
      t.kind === "table" && !foldName(t.name).startsWith("sqlite_")
    );
    if (stmt.schema === null) return user;
    const first = stmt.schema.name;
    const target = stmt.name?.name ?? first;
    if (stmt.name === null && (foldName(first) === "main" || foldName(first) === "temp")) {
      return user;
    }
    if (stmt.name !== null && foldName(first) !== "main") {
      throw new SqliteError(`unknown database ${first}`);
    }
    const t = s.table(target);
    if (t !== undefined) return foldName(t.name).startsWith("sqlite_") ? [] : [t];
    const ix = s.index(target);
    if (ix !== undefined) return [s.table(ix.tableName)!];
    throw new SqliteError(`no such table: ${target}`);
  };
  pick();
  // ANALYZE <index> re-analyzes only that index (analyze.c's pOnlyIdx).
  const onlyIndex = (): Index | null => {
    if (stmt.schema === null) return null;
    const target = stmt.name?.name ?? stmt.schema.name;
    return engine.schema.table(target) === undefined ? engine.schema.index(target) ?? null : null;
  };
  return ddlProgramFor(engine, "ANALYZE", () => {
    const tables = pick();
    const stat = ensureStat1(engine);
    const rec = [new Mem(), new Mem(), new Mem()];
    const only = onlyIndex();
    for (const t of tables) {
      // analyze.c names a WITHOUT ROWID table's PRIMARY KEY row after the table
      const statName = (ix: Index) => t.withoutRowid && isPkIndex(t, ix) ? t.name : ix.name;
      if (only === null) deleteRowsWhereText(engine, stat.rootPage, 0, t.name);
      else deleteRowsWhereText(engine, stat.rootPage, 1, statName(only));
      const rows: [string | null, string][] = [];
      for (const ix of t.indexes) {
        if (only !== null && ix !== only) continue;
        const st = indexStat(engine, t, ix);
        if (st !== null) rows.push([statName(ix), st]);
      }
      if (t.indexes.length === 0 && only === null) {
        const n = tableRows(engine, t);
        if (n > 0) rows.push([null, String(n)]);
      }
      const c = engine.bt.cursor(stat.rootPage, { write: true });
      try {
        for (const [idx, s] of rows) {
          let rowid: number | bigint = 1;
          if (c.last()) {
            const r = c.rowid();
            rowid = typeof r === "number" ? r + 1 : r + 1n;
          }
          rec[0].setText(t.name);
          if (idx === null) rec[1].setNull();
          else rec[1].setText(idx);
          rec[2].setText(s);
          c.insert(rowid, makeRecord(rec, 0, 3, null, engine.bt.textEncoding));
        }
      } finally {
        c.close();
      }
    }
    // analyze.c reloads the statistics at once (sqlite3AnalysisLoad); prepared statements
    // re-prepare against them.
    loadStat1(engine.bt, engine.schema);
    engine.generation++;
  });
}
