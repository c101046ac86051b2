/**
 * The connection's virtual-table modules — SQLite's sqlite3_create_module registry (vtab.c):
 * the built-in eponymous tables json_each and json_tree, and the modules `db.table()` registers
 * (src/api/vtab_js.ts).
 *
 * Owns: `VTabRegistry`, the `VTabResolver` the compiler receives through `envOf`, one per
 * engine; module lookup by case-insensitive name (a later registration replaces an earlier one,
 * as sqlite3_create_module_v2 does).
 * Must never: run rows (modules do) or plan (src/planner/vtab_plan.ts does). Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import { jsonEachTable } from "../func/json/each.ts";
import type { Engine } from "./connection_engine.ts";
import type { VTable, VTabResolver } from "../planner/vtab.ts";

/** A registered module: its eponymous table, when it has one (db.table's object form). */
export interface VTabModule {
  readonly name: string;
  /** The table `FROM name` / `FROM name(args)` reads, or null for a CREATE-only module. */
  readonly eponymous: VTable | null;
  /** xCreate/xConnect: the table for `CREATE VIRTUAL TABLE t USING name(args)`, or null. */
  readonly create: ((table: string, args: string[]) => VTable) | null;
}

const BUILTIN: ReadonlyMap<string, VTable> = new Map([
  ["json_each", jsonEachTable(false)],
  ["json_tree", jsonEachTable(true)],
]);

/** The modules of one connection. */
export class VTabRegistry implements VTabResolver {
  /** User modules by folded name. */
  readonly modules: Map<string, VTabModule> = new Map();
  /** Tables made by CREATE VIRTUAL TABLE, by folded name (connected lazily). */
  readonly tables: Map<string, VTable> = new Map();
  /** Declared names of `tables`, by folded name. */
  readonly tableNames: Map<string, string> = new Map();

  /** Register (or replace) a module. */
  register(m: VTabModule): void {
    this.modules.set(m.name.toLowerCase(), m);
  }

  /** The eponymous table named `name`, if any. */
  eponymous(name: string): VTable | undefined {
    const key = name.toLowerCase();
    const m = this.modules.get(key);
    if (m !== undefined) return m.eponymous ?? undefined;
    return BUILTIN.get(key);
  }

  /** The declared name of the virtual table `name` refers to (for write errors), if any. */
  nameOf(name: string): string | undefined {
    const key = name.toLowerCase();
    if (this.tables.has(key)) return this.tableNames.get(key);
    const m = this.modules.get(key);
    if (m !== undefined) return m.eponymous === null ? undefined : m.name;
    return BUILTIN.has(key) ? key : undefined;
  }

  /** A table made by CREATE VIRTUAL TABLE. */
  table(name: string): VTable | undefined {
    return this.tables.get(name.toLowerCase());
  }
}

const registries = new WeakMap<object, VTabRegistry>();

/** The registry of `engine` (created on first use). */
export function vtabsOf(engine: object): VTabRegistry {
  let r = registries.get(engine);
  if (r === undefined) {
    r = new VTabRegistry();
    registries.set(engine, r);
  }
  return r;
}

/**
 * INSERT/UPDATE/DELETE on a virtual table: none of this engine's modules implements xUpdate, so
 * every write fails as sqlite3IsReadOnly words it. A real table or view of the name wins. Cold.
 */
export function refuseVtabWrite(engine: Engine, name: string): void {
  if (engine.schema.tableOrView(name) !== undefined) return;
  const declared = vtabsOf(engine).nameOf(name);
  if (declared !== undefined) throw new SqliteError(`table ${declared} may not be modified`);
}
