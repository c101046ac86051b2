/**
 * PRAGMA statements — SQLite's pragma.c for the pragmas issue 4 lists: table_info, table_xinfo,
 * table_list, index_list, index_info, index_xinfo, database_list, page_size, page_count,
 * freelist_count, cache_size, journal_mode, synchronous, user_version, application_id,
 * schema_version, encoding, auto_vacuum, incremental_vacuum, integrity_check, quick_check,
 * foreign_keys, defer_foreign_keys, foreign_key_check (./connection_fkey_check.ts) — with
 * SQLite's result column names and values.
 *
 * Owns: reading/setting those values through the catalog, the pager and the b-tree header.
 * Unknown pragmas return nothing, as in SQLite.
 * Must never: change the file outside a write transaction (setting pragmas request one).
 * Cold.
 * @module
 */

import { setPendingVacuumSettings } from "./connection_vacuum.ts";
import { SqliteError } from "../error.ts";
import { Meta, type MetaIndex } from "../btree/types.ts";
import type { Expr, PragmaStmt, PragmaValue } from "../sql/ast.ts";
import type { JournalMode } from "../pager/types.ts";
import type { Program } from "../planner/program.ts";
import {
  Affinity,
  affinityOfType,
  EXPR_COLUMN,
  foldName,
  type Index,
  ROWID_COLUMN,
  type Table,
  type View,
} from "../planner/schema.ts";
import { compileSelect } from "../planner/select.ts";
import { type Engine, reconfigureEmpty, setNewEncoding } from "./connection_engine.ts";
import { envOf, SchemaEval } from "./connection_dml.ts";
import { TableWriter } from "./connection_write.ts";
import { rowsProgram, type RowValue } from "./connection_rows.ts";
import { vtabResolverOf, vtabWidth } from "./vtab.ts";
import { foreignKeyCheckProgram } from "./connection_fkey_check.ts";

function valueText(v: PragmaValue): string {
  switch (v.kind) {
    case "number":
      return v.text;
    case "name":
      return v.name.name;
    case "string":
      return v.value;
  }
}

/** sqlite3GetInt32-ish: leading integer of a pragma value (booleans as SQLite reads them). */
function intArg(v: PragmaValue): number {
  const t = valueText(v).trim().toLowerCase();
  if (t === "on" || t === "yes" || t === "true") return 1;
  if (t === "off" || t === "no" || t === "false") return 0;
  const hex = /^0x([0-9a-f]{1,8})$/.exec(t);
  if (hex) return parseInt(hex[1], 16) | 0;
  const m = /^[+-]?\d+/.exec(t);
  if (!m) return 0;
  // sqlite3Atoi → sqlite3GetInt32: a value outside 32 bits reads as 0.
  const num = Number(m[0]);
  return num >= -2147483648 && num <= 2147483647 ? num : 0;
}

const SYNC_NAMES: Record<string, number> = { off: 0, normal: 1, full: 2, extra: 3 };

/** PRAGMA encoding names (pragma.c encnames, matched case-insensitively). */
const ENCODINGS: Record<string, 1 | 2 | 3> = {
  "utf8": 1,
  "utf-8": 1,
  "utf-16le": 2,
  "utf-16be": 3,
  "utf16le": 2,
  "utf16be": 3,
  "utf-16": 2,
  "utf16": 2,
};

/** Compile a PRAGMA. */
export function compilePragma(engine: Engine, stmt: PragmaStmt): Program {
  if (stmt.schema !== null) {
    const k = foldName(stmt.schema.name);
    if (k !== "main" && k !== "temp") throw new SqliteError(`unknown database ${stmt.schema.name}`);
  }
  const name = stmt.name.name.toLowerCase();
  const arg = stmt.value;
  const one = (col: string, f: () => RowValue) => rowsProgram([col], () => [[f()]]);
  const none = (f: () => void, write = false) =>
    rowsProgram([], () => {
      f();
      return [];
    }, write);
  const meta = (col: string, slot: MetaIndex) => {
    if (arg === null) {
      return one(col, () => (engine.pager.pageCount() === 0 ? 0 : engine.bt.getMeta(slot)) | 0);
    }
    const v = intArg(arg);
    return none(() => {
      engine.bt.setMeta(slot, v >>> 0);
      if (slot === Meta.SCHEMA_VERSION) engine.schemaDirty = true;
    }, true);
  };
  switch (name) {
    case "table_info":
    case "table_xinfo": {
      // temp.table_info: only TEMP objects (here: TEMP views) live in the temp schema.
      const target = arg === null ? null : valueText(arg);
      const inTemp = stmt.schema !== null && foldName(stmt.schema.name) === "temp";
      const visible = target !== null && (!inTemp || engine.tempViews.has(foldName(target)));
      return tableInfo(engine, visible ? target : null, name === "table_xinfo");
    }
    case "foreign_key_list":
      return rowsProgram(
        ["id", "seq", "table", "from", "to", "on_update", "on_delete", "match"],
        () => {
          const t = arg === null ? undefined : engine.schema.table(valueText(arg));
          if (t === undefined) return [];
          const rows: RowValue[][] = [];
          // SQLite numbers foreign keys from the last declared one.
          const fks = [...t.foreignKeys].reverse();
          fks.forEach((fk, id) => {
            fk.columns.forEach((col, seq) => {
              rows.push([
                id,
                seq,
                fk.clause.table.name,
                t.columns[col].name,
                fk.clause.columns?.[seq]?.name ?? null,
                fk.clause.onUpdate ?? "NO ACTION",
                fk.clause.onDelete ?? "NO ACTION",
                "NONE",
              ]);
            });
          });
          return rows;
        },
      );
    case "table_list":
      return tableList(engine, arg === null ? null : valueText(arg));
    case "index_list":
      return indexList(engine, arg === null ? null : valueText(arg));
    case "index_info":
    case "index_xinfo":
      return indexInfo(engine, arg === null ? null : valueText(arg), name === "index_xinfo");
    case "database_list":
      return rowsProgram(["seq", "name", "file"], () => [[0, "main", engine.filename ?? ""]]);
    case "page_size":
      if (arg !== null) {
        const v = intArg(arg);
        // Takes effect only while the database is empty (SQLite: before page 1 exists).
        return rowsProgram(
          [],
          () => {
            reconfigureEmpty(engine, v, null);
            // On a database with pages the size waits for VACUUM (db->nextPagesize).
            if (engine.pager.pageCount() !== 0 && v >= 512 && v <= 65536 && (v & (v - 1)) === 0) {
              setPendingVacuumSettings(engine, { pageSize: v });
            }
            return [];
          },
          false,
          false,
        );
      }
      return one("page_size", () => engine.pager.pageSize);
    case "page_count":
      return one("page_count", () => engine.pager.pageCount());
    case "freelist_count":
      return one(
        "freelist_count",
        () => engine.pager.pageCount() === 0 ? 0 : engine.bt.getMeta(Meta.FREE_PAGE_COUNT),
      );
    case "cache_size":
      if (arg !== null) {
        const v = intArg(arg);
        return none(() => {
          engine.settings.cacheSize = v;
          engine.pager.setCacheSize(v);
        });
      }
      return one("cache_size", () => engine.settings.cacheSize);
    case "journal_mode": {
      const memory = engine.filename === null;
      if (arg === null) {
        return one("journal_mode", () => memory ? "memory" : engine.pager.journalMode);
      }
      const want = valueText(arg).toLowerCase();
      return rowsProgram(
        ["journal_mode"],
        () => {
          if (memory) return [[want === "off" ? "off" : "memory"]];
          // WAL writing is not implemented: as SQLite does when a mode cannot be set, the
          // journal mode stays as it was and that mode is returned.
          if (["delete", "truncate", "persist", "memory", "off"].includes(want)) {
            engine.pager.setJournalMode(want as JournalMode);
          }
          return [[engine.pager.journalMode]];
        },
        false,
        false,
      );
    }
    case "synchronous":
      if (arg !== null) {
        const t = valueText(arg).toLowerCase();
        const v = t in SYNC_NAMES ? SYNC_NAMES[t] : intArg(arg) & 3;
        return none(() => {
          engine.settings.synchronous = v;
        });
      }
      return one("synchronous", () => engine.settings.synchronous);
    case "user_version":
      return meta("user_version", Meta.USER_VERSION);
    case "application_id":
      return meta("application_id", Meta.APPLICATION_ID);
    case "schema_version":
      return meta("schema_version", Meta.SCHEMA_VERSION);
    case "encoding":
      if (arg !== null) {
        // pragma.c's encnames: the encoding a still-empty database is created with (ignored
        // once the file has pages); "UTF-16" alone is the native order (little-endian here).
        const name = valueText(arg).toLowerCase();
        const enc = ENCODINGS[name];
        // (once the file has pages the encoding is fixed and any name is ignored)
        if (enc === undefined && engine.pager.pageCount() === 0) {
          throw new SqliteError(`unsupported encoding: ${valueText(arg)}`);
        }
        if (enc === undefined) return none(() => {});
        return none(() => setNewEncoding(engine, enc));
      }
      return one(
        "encoding",
        () => ["UTF-8", "UTF-8", "UTF-16le", "UTF-16be"][engine.bt.textEncoding],
      );
    case "auto_vacuum":
      if (arg !== null) {
        const t = valueText(arg).toLowerCase();
        const v = t === "none" ? 0 : t === "full" ? 1 : t === "incremental" ? 2 : intArg(arg);
        // full <-> incremental on a database with pages: pragma.c writes BTREE_INCR_VACUUM at
        // once (when meta[BTREE_LARGEST_ROOT_PAGE] says the file is auto_vacuum), in a write
        // transaction.
        const setIncr = (v === 1 || v === 2) && engine.pager.pageCount() !== 0;
        return rowsProgram(
          [],
          () => {
            if (v >= 0 && v <= 2) {
              reconfigureEmpty(engine, null, v as 0 | 1 | 2);
              // On a database with pages the mode waits for VACUUM (db->nextAutovac).
              if (engine.pager.pageCount() !== 0) {
                setPendingVacuumSettings(engine, { autoVacuum: v as 0 | 1 | 2 });
                if (
                  setIncr && engine.txn.writing && engine.bt.getMeta(Meta.LARGEST_ROOT_PAGE) !== 0
                ) engine.bt.setMeta(Meta.INCR_VACUUM, v - 1);
              }
            }
            return [];
          },
          setIncr,
          setIncr,
        );
      }
      return one("auto_vacuum", () => engine.bt.autoVacuum);
    case "incremental_vacuum": {
      const n = arg === null ? 0 : intArg(arg);
      return none(() => {
        if (engine.bt.autoVacuum === 2) engine.bt.incrementalVacuum(n);
      }, true);
    }
    case "integrity_check":
    case "quick_check":
      return rowsProgram([name], () => {
        const roots: number[] = [1];
        for (const t of engine.schema.tables.values()) if (t.rootPage > 1) roots.push(t.rootPage);
        for (const ix of engine.schema.indexes.values()) {
          if (ix.rootPage > 1 && !roots.includes(ix.rootPage)) roots.push(ix.rootPage);
        }
        const max = arg === null ? 100 : Math.max(1, intArg(arg));
        const errs = engine.pager.pageCount() === 0 ? [] : engine.bt.integrityCheck(roots, max);
        if (errs.length === 0) {
          // Table/index content (pragma.c): first every full index's entry count, then per
          // table the rows (NOT NULL columns; integrity_check also each row's index entries,
          // quick_check does not).
          const ev = new SchemaEval(engine);
          const tables = engine.schema.tablesAndViewsInHashOrder().filter((t): t is Table =>
            t.kind === "table" && !t.withoutRowid && t.rootPage > 1
          );
          const writers = tables.map((t) => new TableWriter(engine.bt, t, ev));
          try {
            for (const w of writers) errs.push(...w.verifyCounts());
            for (const w of writers) {
              if (errs.length >= max) break;
              errs.push(...w.verifyContent(name === "quick_check", max - errs.length));
            }
          } finally {
            for (const w of writers) w.close();
          }
          errs.length = Math.min(errs.length, max);
        }
        return errs.length === 0 ? [["ok"]] : errs.map((e) => [e]);
      });
    case "trusted_schema":
      if (arg !== null) {
        const v = intArg(arg) !== 0;
        return none(() => {
          if (v === engine.flags.trustedSchema) return;
          engine.flags.trustedSchema = v;
          // OP_Expire (every flag pragma): statements compiled under the old setting re-prepare.
          engine.generation++;
        });
      }
      return one("trusted_schema", () => engine.flags.trustedSchema ? 1 : 0);
    case "foreign_keys":
      if (arg !== null) {
        const v = intArg(arg) !== 0;
        return none(() => {
          // pragma.c: the flag cannot change inside a transaction (silently kept).
          if (engine.txn.inTransaction || v === engine.flags.foreignKeys) return;
          engine.flags.foreignKeys = v;
          // OP_Expire: statements compiled under the old setting re-prepare.
          engine.generation++;
        });
      }
      return one("foreign_keys", () => engine.flags.foreignKeys ? 1 : 0);
    case "defer_foreign_keys":
      if (arg !== null) {
        const v = intArg(arg) !== 0;
        return none(() => {
          engine.txn.fk.deferAll = v;
          engine.txn.fk.deferSetOutsideTxn = v && !engine.txn.inTransaction;
          // pragma.c: turning it off zeroes both deferred counters.
          if (!v) {
            engine.txn.fk.deferredImm = 0;
            engine.txn.fk.deferred = 0;
          }
        });
      }
      return one("defer_foreign_keys", () => engine.txn.fk.deferAll ? 1 : 0);
    case "foreign_key_check":
      return foreignKeyCheckProgram(engine, arg === null ? null : valueText(arg));
    case "recursive_triggers":
    case "ignore_check_constraints":
    case "query_only":
    case "case_sensitive_like":
      // Flags whose non-default setting would change results: tsqlite implements only the
      // default, so turning one on fails clearly instead of being silently ignored.
      if (arg === null) {
        return name === "case_sensitive_like" ? none(() => {}) : one(name, () => 0);
      }
      if (intArg(arg) !== 0) {
        throw new SqliteError(`PRAGMA ${name}=ON is not supported yet`);
      }
      return none(() => {});
    default:
      return rowsProgram([], () => [], false, false);
  }
}

function tableInfo(engine: Engine, name: string | null, xinfo: boolean): Program {
  const cols = ["cid", "name", "type", "notnull", "dflt_value", "pk"];
  if (xinfo) cols.push("hidden");
  return rowsProgram(cols, () => {
    if (name === null) return [];
    const s = engine.schema;
    const t = s.table(name);
    if (t !== undefined) {
      return t.columns.map((c, i) => {
        const r: RowValue[] = [
          i,
          c.name,
          c.declType ?? "",
          c.notNull ? 1 : 0,
          c.defaultText,
          c.pkPosition,
        ];
        if (xinfo) r.push(c.hidden);
        return r;
      });
    }
    const v = s.view(name);
    if (v !== undefined) {
      const prog = compileSelect(v.select, envOf(engine), [], v.sql);
      const first = v.select.first;
      const exprs = first.kind === "core" && first.columns.every((c) => c.kind === "expr")
        ? first.columns.map((c) => (c.kind === "expr" ? c.expr : null))
        : null;
      return prog.columns.map((c, i) => {
        const type = viewColumnType(c.decltype, c.table !== null, exprs?.[i] ?? null);
        const r: RowValue[] = [i, v.columnNames?.[i] ?? c.name, type, 0, null, 0];
        if (xinfo) r.push(0);
        return r;
      });
    }
    // a virtual table (connected if need be): HIDDEN columns only in table_xinfo
    const vt = vtabResolverOf(engine);
    const vtab = vt.table(name) ?? vt.eponymous(name);
    if (vtab !== undefined) {
      let nHidden = 0;
      const rows: RowValue[][] = [];
      vtab.columns.forEach((c, i) => {
        if (c.hidden && !xinfo) {
          nHidden++;
          return;
        }
        const r: RowValue[] = [i - nHidden, c.name, c.decltype ?? "", 0, null, 0];
        if (xinfo) r.push(c.hidden ? 1 : 0);
        rows.push(r);
      });
      return rows;
    }
    return [];
  });
}

/** The standard type name SQLite reports for an affinity (sqlite3StdType order). */
const STD_TYPE_OF: Record<number, string> = {
  [Affinity.BLOB]: "BLOB",
  [Affinity.INTEGER]: "INT",
  [Affinity.REAL]: "REAL",
  [Affinity.TEXT]: "TEXT",
  [Affinity.NUMERIC]: "NUM",
};

/**
 * A view column's type as sqlite3SubqueryColType gives it: the origin column's declared type;
 * a typeless table column (BLOB affinity) reports "BLOB"; a CAST reports its affinity's
 * standard name; other expressions (no affinity) report "".
 */
function viewColumnType(decltype: string | null, fromTable: boolean, expr: Expr | null): string {
  if (decltype !== null) return decltype;
  if (expr !== null && expr.kind === "cast") {
    return STD_TYPE_OF[affinityOfType(expr.type.text)] ?? "";
  }
  if (fromTable && (expr === null || expr.kind === "column")) return "BLOB";
  return "";
}

function tableList(engine: Engine, name: string | null): Program {
  return rowsProgram(["schema", "name", "type", "ncol", "wr", "strict"], () => {
    const s = engine.schema;
    const rows: RowValue[][] = [];
    const temp: RowValue[][] = [];
    for (const k of s.tblOrder.keys()) {
      const o = s.table(k) ?? s.views.get(k);
      if (o === undefined) {
        // a virtual table: its declared columns (0 when its module is not registered)
        const vt = s.virtualTables.get(k);
        if (vt !== undefined) rows.push(["main", vt.name, "virtual", vtabWidth(engine, vt), 0, 0]);
        continue;
      }
      if (o.kind === "view" && engine.tempViews.has(foldName(o.name))) {
        temp.push(["temp", o.name, "view", o.columnNames?.length ?? viewWidth(engine, o), 0, 0]);
        continue;
      }
      if (o.kind === "table") {
        const t = o;
        rows.push([
          "main",
          t.name,
          "table",
          t.columns.length,
          t.withoutRowid ? 1 : 0,
          t.strict ? 1 : 0,
        ]);
        continue;
      }
      const v = o;
      let n = v.columnNames?.length ?? 0;
      if (v.columnNames === null) {
        try {
          n = compileSelect(v.select, envOf(engine), [], v.sql).columns.length;
        } catch {
          n = 0;
        }
      }
      rows.push(["main", v.name, "view", n, 0, 0]);
    }
    rows.push(...temp);
    rows.push(["temp", "sqlite_temp_schema", "table", 5, 0, 0]);
    if (name !== null) return rows.filter((r) => foldName(String(r[1])) === foldName(name));
    return rows;
  });
}

function viewWidth(engine: Engine, v: View): number {
  try {
    return compileSelect(v.select, envOf(engine), [], v.sql).columns.length;
  } catch {
    return 0;
  }
}

function indexList(engine: Engine, name: string | null): Program {
  return rowsProgram(["seq", "name", "unique", "origin", "partial"], () => {
    if (name === null) return [];
    const t: Table | undefined = engine.schema.table(name);
    if (t === undefined) return [];
    return t.indexes.map((ix, i) => [i, ix.name, ix.unique ? 1 : 0, ix.origin, ix.where ? 1 : 0]);
  });
}

function indexInfo(engine: Engine, name: string | null, xinfo: boolean): Program {
  const cols = ["seqno", "cid", "name"];
  if (xinfo) cols.push("desc", "coll", "key");
  return rowsProgram(cols, () => {
    if (name === null) return [];
    const ix: Index | undefined = engine.schema.index(name);
    if (ix === undefined) return [];
    const t = engine.schema.table(ix.tableName)!;
    const colName = (c: number) =>
      c === ROWID_COLUMN || c === EXPR_COLUMN ? null : t.columns[c]?.name ?? null;
    const rows: RowValue[][] = ix.columns.map((k, i) => {
      const cid = k.column === ROWID_COLUMN && t.rowidAlias >= 0 ? t.rowidAlias : k.column;
      const r: RowValue[] = [i, cid, colName(cid)];
      if (xinfo) r.push(k.desc ? 1 : 0, k.collation, 1);
      return r;
    });
    if (xinfo) {
      if (!t.withoutRowid) rows.push([ix.columns.length, -1, null, 0, "BINARY", 0]);
      else if (ix.rootPage !== t.rootPage) {
        // WITHOUT ROWID secondary index: the PK columns not already in the key follow.
        let seq = ix.columns.length;
        for (const c of t.primaryKey) {
          if (ix.columns.some((k) => k.column === c)) continue;
          rows.push([seq++, c, t.columns[c].name, 0, t.columns[c].collation, 0]);
        }
      }
    }
    return rows;
  });
}
