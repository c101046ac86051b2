/**
 * PRAGMA table-valued functions — SQLite's pragma.c pragma virtual tables
 * (sqlite3PragmaVtabRegister, pragmaVtabConnect/BestIndex/Filter): `pragma_<name>` is an
 * eponymous virtual table for every pragma that returns rows (PragFlg_Result0|Result1).
 *
 * Owns: the pragma table (pragma.h's flags and result-column names for those pragmas), the
 * declared columns (the result columns, or one column named for the pragma, then `arg HIDDEN`
 * for a pragma that takes an argument and `schema HIDDEN` for one that takes a schema), xBestIndex
 * (`=` on `arg`/`schema` only, an unusable one refuses the plan, cost 20 / 2147483647 without an
 * argument), and xFilter: running `PRAGMA ["schema".]name[='arg']` on the connection and
 * reading its rows, the hidden columns returning the arguments' text.
 * Must never: implement a pragma itself (connection_pragma.ts does); it only runs the statement.
 * Cold (xFilter runs the pragma once per scan).
 * @module
 */

import type { VTabColumn, VTabConstraint, VTabIndexPlan, VTable } from "../planner/vtab.ts";
import { parseOne } from "../sql/mod.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import type { VmVTab, VmVTabCursor } from "../vdbe/ops/vtab.ts";
import { memToText } from "../vdbe/value/convert.ts";
import type { Engine } from "./connection_engine.ts";
import { SubQuery } from "./connection_subquery.ts";
import { compileHook } from "./connection_trigger.ts";

const R0 = 1; // PragFlg_Result0: a query without an argument
const R1 = 2; // PragFlg_Result1: a query with one argument → `arg HIDDEN`
const SCHEMA = 4; // PragFlg_SchemaOpt / SchemaReq → `schema HIDDEN`

/** pragma.h: flags and result-column names (none: one column named for the pragma). */
const PRAGMAS: ReadonlyMap<string, readonly [number, readonly string[]]> = new Map([
  ["analysis_limit", [R0, []]],
  ["application_id", [R0, []]],
  ["auto_vacuum", [R0 | SCHEMA, []]],
  ["automatic_index", [R0, []]],
  ["busy_timeout", [R0, ["timeout"]]],
  ["cache_size", [R0 | SCHEMA, []]],
  ["cache_spill", [R0 | SCHEMA, []]],
  ["cell_size_check", [R0, []]],
  ["checkpoint_fullfsync", [R0, []]],
  ["collation_list", [R0, ["seq", "name"]]],
  ["compile_options", [R0, []]],
  ["count_changes", [R0, []]],
  ["data_version", [R0, []]],
  ["database_list", [R0, ["seq", "name", "file"]]],
  ["default_cache_size", [R0 | SCHEMA, ["cache_size"]]],
  ["defer_foreign_keys", [R0, []]],
  ["empty_result_callbacks", [R0, []]],
  ["encoding", [R0, []]],
  ["foreign_key_check", [R0 | R1 | SCHEMA, ["table", "rowid", "parent", "fkid"]]],
  [
    "foreign_key_list",
    [R1 | SCHEMA, ["id", "seq", "table", "from", "to", "on_update", "on_delete", "match"]],
  ],
  ["foreign_keys", [R0, []]],
  ["freelist_count", [R0, []]],
  ["full_column_names", [R0, []]],
  ["fullfsync", [R0, []]],
  ["function_list", [R0, ["name", "builtin", "type", "enc", "narg", "flags"]]],
  ["hard_heap_limit", [R0, []]],
  ["ignore_check_constraints", [R0, []]],
  ["index_info", [R1 | SCHEMA, ["seqno", "cid", "name"]]],
  ["index_list", [R1 | SCHEMA, ["seq", "name", "unique", "origin", "partial"]]],
  ["index_xinfo", [R1 | SCHEMA, ["seqno", "cid", "name", "desc", "coll", "key"]]],
  ["integrity_check", [R0 | R1 | SCHEMA, []]],
  ["journal_mode", [R0 | SCHEMA, []]],
  ["journal_size_limit", [R0 | SCHEMA, []]],
  ["legacy_alter_table", [R0, []]],
  ["locking_mode", [R0 | SCHEMA, []]],
  ["max_page_count", [R0 | SCHEMA, []]],
  ["module_list", [R0, ["name"]]],
  ["optimize", [R1, []]],
  ["page_count", [R0 | SCHEMA, []]],
  ["page_size", [R0 | SCHEMA, []]],
  ["pragma_list", [R0, ["name"]]],
  ["query_only", [R0, []]],
  ["quick_check", [R0 | R1 | SCHEMA, []]],
  ["read_uncommitted", [R0, []]],
  ["recursive_triggers", [R0, []]],
  ["reverse_unordered_selects", [R0, []]],
  ["schema_version", [R0, []]],
  ["secure_delete", [R0, []]],
  ["short_column_names", [R0, []]],
  ["soft_heap_limit", [R0, []]],
  ["synchronous", [R0 | SCHEMA, []]],
  ["table_info", [R1 | SCHEMA, ["cid", "name", "type", "notnull", "dflt_value", "pk"]]],
  ["table_list", [R1, ["schema", "name", "type", "ncol", "wr", "strict"]]],
  [
    "table_xinfo",
    [R1 | SCHEMA, ["cid", "name", "type", "notnull", "dflt_value", "pk", "hidden"]],
  ],
  ["temp_store", [R0, []]],
  ["threads", [R0, []]],
  ["trusted_schema", [R0, []]],
  ["user_version", [R0, []]],
  ["writable_schema", [R0, []]],
]);

/** SQLite's %Q: a quoted SQL string literal. */
function quote(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** One scan: the pragma's rows, read at xFilter. */
class PragmaCursor implements VmVTabCursor {
  private rows: Mem[][] = [];
  private args: (string | null)[] = [null, null];
  private i = 0;
  constructor(private readonly t: PragmaTable) {}

  filter(_idxNum: number, _idxStr: string, args: Mem[], from: number, nArg: number): void {
    this.i = 0;
    this.rows = [];
    // pragmaVtabFilter: the arguments fill arg then schema (schema only, without an arg column)
    this.args = [null, null];
    let j = this.t.hasArg ? 0 : 1;
    for (let k = 0; k < nArg; k++, j++) {
      const m = args[from + k];
      this.args[j] = m.type === MemType.NULL ? null : memToText(m) as string;
    }
    let sql = "PRAGMA ";
    if (this.args[1] !== null) sql += quote(this.args[1]) + ".";
    sql += this.t.pragma;
    if (this.args[0] !== null) sql += "=" + quote(this.args[0]);
    const parsed = parseOne(sql, 0);
    // (through the hook connection_compile.ts installs: it imports this module's registry)
    const program = compileHook.compile!(this.t.engine, parsed.stmt!, parsed.params, sql);
    SubQuery.of(this.t.engine, program).run((regs, start, n) => {
      const row: Mem[] = [];
      for (let k = 0; k < n; k++) {
        const m = new Mem();
        m.copyFrom(regs[start + k]);
        row.push(m);
      }
      this.rows.push(row);
    });
  }
  next(): void {
    this.i++;
  }
  eof(): boolean {
    return this.i >= this.rows.length;
  }
  column(i: number, out: Mem): void {
    const n = this.t.nResult;
    if (i < n) {
      const m = this.rows[this.i][i];
      if (m === undefined) out.setNull();
      else out.copyFrom(m);
      return;
    }
    // the hidden columns: the arguments as given (text), in declared order
    const a = this.t.hasArg ? this.args[i - n] : this.args[1];
    if (a === null || a === undefined) out.setNull();
    else out.setText(a);
  }
  rowid(out: Mem): void {
    out.setInt(this.i + 1);
  }
  close(): void {
    this.rows = [];
  }
}

/** `pragma_<name>` connected to one engine. */
class PragmaTable implements VTable, VmVTab {
  readonly columns: readonly VTabColumn[];
  readonly directOnly = false;
  readonly nResult: number;
  readonly hasArg: boolean;
  get impl(): VmVTab {
    return this;
  }

  constructor(
    readonly engine: Engine,
    readonly module: string,
    readonly pragma: string,
    flags: number,
    names: readonly string[],
  ) {
    const result = names.length > 0 ? names : [pragma];
    this.nResult = result.length;
    this.hasArg = (flags & R1) !== 0;
    const cols: VTabColumn[] = result.map((name) => ({ name, hidden: false, decltype: null }));
    if (this.hasArg) cols.push({ name: "arg", hidden: true, decltype: null });
    if ((flags & SCHEMA) !== 0) cols.push({ name: "schema", hidden: true, decltype: null });
    this.columns = cols;
  }

  bestIndex(cons: readonly VTabConstraint[]): VTabIndexPlan | null {
    const argvIndex = cons.map(() => 0);
    const omit = cons.map(() => false);
    const plan = (cost: number, rows: number): VTabIndexPlan => ({
      idxNum: 0,
      idxStr: null,
      argvIndex,
      omit,
      estimatedCost: cost,
      estimatedRows: rows,
    });
    if (this.columns.length === this.nResult) return plan(1, 25);
    const seen = [0, 0];
    for (let i = 0; i < cons.length; i++) {
      const k = cons[i];
      if (k.column < this.nResult || k.op !== "=") continue;
      if (!k.usable) return null;
      seen[k.column - this.nResult] = i + 1;
    }
    if (seen[0] === 0) return plan(2147483647, 2147483647);
    argvIndex[seen[0] - 1] = 1;
    omit[seen[0] - 1] = true;
    if (seen[1] !== 0) {
      argvIndex[seen[1] - 1] = 2;
      omit[seen[1] - 1] = true;
    }
    return plan(20, 20);
  }

  open(): VmVTabCursor {
    return new PragmaCursor(this);
  }
}

/**
 * The eponymous table `pragma_<name>` for `engine`, or undefined when `name` is not a pragma
 * that returns rows (sqlite3PragmaVtabRegister). Cold.
 */
export function pragmaTable(engine: Engine, module: string): VTable | undefined {
  const lower = module.toLowerCase();
  if (!lower.startsWith("pragma_")) return undefined;
  const p = PRAGMAS.get(lower.slice(7));
  if (p === undefined) return undefined;
  return new PragmaTable(engine, lower, lower.slice(7), p[0], p[1]);
}
