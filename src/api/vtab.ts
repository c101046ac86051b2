/**
 * The connection's virtual-table modules — SQLite's sqlite3_create_module registry (vtab.c):
 * the built-in eponymous tables json_each and json_tree, `pragma_*` (./vtab_pragma.ts), dbstat
 * (./vtab_dbstat.ts), the
 * modules `db.table()` registers (./vtab_js.ts), and the tables CREATE VIRTUAL TABLE made (connected on first use, again after
 * every schema reload, as sqlite3VtabCallConnect does).
 *
 * Owns: `VTabRegistry` (one per connection, kept beside its function registry), the
 * `VTabResolver` the compiler receives through `envOf`, module lookup by case-insensitive name
 * (a later registration replaces an earlier one, as sqlite3_create_module_v2 does), and the
 * refusal of writes (no module here implements xUpdate).
 * Must never: run rows (modules do) or plan (src/planner/vtab_plan.ts does). Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import { jsonEachTable } from "../func/json/each.ts";
import type { VirtualTableDef } from "../planner/schema.ts";
import type { VTable, VTabResolver } from "../planner/vtab.ts";
import type { Engine } from "./connection_engine.ts";
import { dbstatTable } from "./vtab_dbstat.ts";
import { pragmaTable } from "./vtab_pragma.ts";

/** A registered module. */
export interface VTabModule {
  readonly name: string;
  /** The table `FROM name` / `FROM name(args)` reads, or null for a CREATE-only module. */
  readonly eponymous: VTable | null;
  /** xCreate/xConnect for `CREATE VIRTUAL TABLE t USING name(args)`, or null (eponymous only). */
  readonly create: ((table: string, args: string[]) => VTable) | null;
}

const BUILTIN: ReadonlyMap<string, VTable> = new Map([
  ["json_each", jsonEachTable(false)],
  ["json_tree", jsonEachTable(true)],
]);

/** The modules of one connection. */
export class VTabRegistry {
  /** User modules by folded name. */
  readonly modules: Map<string, VTabModule> = new Map();
  /** Connected CREATE VIRTUAL TABLE tables, by the catalog entry they were connected for. */
  private connected: WeakMap<VirtualTableDef, VTable> = new WeakMap();

  /** Register (or replace) a module; tables using it reconnect on their next use. */
  register(m: VTabModule): void {
    this.modules.set(m.name.toLowerCase(), m);
    this.connected = new WeakMap();
  }

  /** The module named `name` (user modules shadow the built-ins), if any. */
  module(name: string): VTabModule | undefined {
    const key = name.toLowerCase();
    const m = this.modules.get(key);
    if (m !== undefined) return m;
    const b = BUILTIN.get(key);
    return b === undefined ? undefined : { name: key, eponymous: b, create: null };
  }

  /**
   * The built-in tables that read the connection — `pragma_<name>` (pragma.c's eponymous pragma
   * tables) and `dbstat` — made once per connection.
   */
  private engineTable(engine: Engine, name: string): VTable | undefined {
    const key = name.toLowerCase();
    let t = this.pragmas.get(key);
    if (t === undefined) {
      t = key === "dbstat" ? dbstatTable(engine) : pragmaTable(engine, key) ?? null;
      this.pragmas.set(key, t);
    }
    return t ?? undefined;
  }

  /** The eponymous table named `name`, if any. */
  eponymous(name: string): VTable | undefined {
    return this.module(name)?.eponymous ?? undefined;
  }

  /** Remember the table xCreate made for catalog entry `def`. */
  adopt(def: VirtualTableDef, t: VTable): void {
    this.connected.set(def, t);
  }

  /**
   * The module `name` for CREATE VIRTUAL TABLE on `engine`: a user module, else dbstat (the one
   * built-in module SQLite lets CREATE VIRTUAL TABLE use: dbstat.c's xCreate is its xConnect).
   */
  creatable(engine: Engine, name: string): VTabModule | undefined {
    const m = this.module(name);
    if (m !== undefined || name.toLowerCase() !== "dbstat") return m;
    return {
      name: "dbstat",
      eponymous: null,
      create: (_table, args) => {
        // statConnect: an optional schema argument naming an attached database
        const db = args[0];
        let schema = "main";
        if (db !== undefined) {
          schema = db.replace(/^(["'`[])(.*)["'`\]]$/s, "$2").toLowerCase();
          if (schema !== "main" && schema !== "temp") {
            throw new SqliteError(`no such database: ${db}`);
          }
        }
        return dbstatTable(engine, schema);
      },
    };
  }

  /** The connected table for catalog entry `def` (xConnect on first use). */
  connect(def: VirtualTableDef, engine: Engine): VTable {
    let t = this.connected.get(def);
    if (t === undefined) {
      const m = this.creatable(engine, def.module);
      if (m === undefined || m.create === null) {
        throw new SqliteError(`no such module: ${def.module}`);
      }
      t = m.create(def.name, def.args);
      this.connected.set(def, t);
    }
    return t;
  }

  /** `pragma_<name>` and `dbstat` tables made for this connection, by folded name. */
  private readonly pragmas: Map<string, VTable | null> = new Map();

  /** The resolver the compiler uses against `engine`'s catalog. */
  resolver(engine: Engine): VTabResolver {
    const schema = engine.schema;
    return {
      trustedSchema: engine.flags.trustedSchema,
      eponymous: (name) => this.eponymous(name) ?? this.engineTable(engine, name),
      table: (name) => {
        const def = schema.virtualTables.get(name.toLowerCase());
        return def === undefined ? undefined : this.connect(def, engine);
      },
    };
  }
}

const registries = new WeakMap<object, VTabRegistry>();

/**
 * The registry of the connection whose function registry is `functions` (modules live beside
 * the functions: both are per connection and reach the compiler the same way).
 */
export function vtabsOf(functions: object): VTabRegistry {
  let r = registries.get(functions);
  if (r === undefined) {
    r = new VTabRegistry();
    registries.set(functions, r);
  }
  return r;
}

/** The number of columns of CREATE VIRTUAL TABLE table `def` (PRAGMA table_list), 0 if its module is missing. */
export function vtabWidth(engine: Engine, def: VirtualTableDef): number {
  try {
    return vtabsOf(engine.functions).connect(def, engine).columns.length;
  } catch {
    return 0;
  }
}

/** The compiler's resolver for `engine`. */
export function vtabResolverOf(engine: Engine): VTabResolver {
  return vtabsOf(engine.functions).resolver(engine);
}

/**
 * INSERT/UPDATE/DELETE on a virtual table: none of this engine's modules implements xUpdate, so
 * every write fails as sqlite3IsReadOnly words it. A real table or view of the name wins. Cold.
 */
export function refuseVtabWrite(engine: Engine, name: string): void {
  const s = engine.schema;
  if (s.tableOrView(name) !== undefined) return;
  const def = s.virtualTables.get(name.toLowerCase());
  if (def !== undefined) {
    vtabsOf(engine.functions).connect(def, engine); // `no such module: m` when not registered
    throw new SqliteError(`table ${def.name} may not be modified`);
  }
  const reg = vtabsOf(engine.functions);
  const m = reg.module(name);
  if (m !== undefined && m.eponymous !== null) {
    throw new SqliteError(`table ${m.name} may not be modified`);
  }
  const p = reg.resolver(engine).eponymous(name); // pragma_<name>, dbstat
  if (p !== undefined) throw new SqliteError(`table ${p.module} may not be modified`);
}
