/**
 * `db.table(name, definition | factory)` — better-sqlite3's virtual tables written in JS
 * (lib/methods/table.js and src/util/custom-table.cpp): a generator function yields the rows.
 *
 * Owns: the definition's validation with better-sqlite3's exact errors (TypeError/RangeError,
 * verb "used" for an object definition, "returned" for a factory's result), the declared
 * columns (parameters first, HIDDEN, named `$1…` from `rows.length` when not given), xBestIndex
 * (only `=` on a parameter: another operator is SQLite's error `virtual table parameter "p"
 * can only be constrained by the '=' operator`; an unusable one refuses the plan; idxNum is the
 * bitmap of bound parameters; cost 1e9 / (arguments + 1)), xFilter (a NULL argument means no
 * rows; missing arguments are `undefined`), rows as arrays or objects, and values converted as
 * better-sqlite3 converts a function's result (number → REAL, bigint → INTEGER, …).
 * Must never: swallow the generator's exceptions (they reach the caller as thrown).
 * Warm: `next`/`column` run per row.
 * @module
 */

import { SqliteError } from "../error.ts";
import type {
  VTabColumn,
  VTabConstraint,
  VTabIndexPlan,
  VTable,
  VTabOrderBy,
} from "../planner/vtab.ts";
import type { Mem } from "../vdbe/mem.ts";
import { JsStore, storeJsValue } from "./js_value.ts";
import type { VmVTab, VmVTabCursor } from "../vdbe/ops/vtab.ts";
import type { VTabModule } from "./vtab.ts";

const GeneratorFunction = Object.getPrototypeOf(function* () {});
const { hasOwnProperty } = Object.prototype;

type RowsFn = (...args: unknown[]) => Iterator<unknown>;

/** A validated table definition (better-sqlite3's parseTableDefinition result). */
export interface TableDefinition {
  readonly module: string;
  readonly columns: readonly string[];
  readonly parameters: readonly string[];
  readonly rows: RowsFn;
  /** 0/1 as given, 2 = the database's defaultSafeIntegers when the table is connected. */
  readonly safeIntegers: 0 | 1 | 2;
  readonly directOnly: boolean;
}

function inferParameters(rows: { length: number }): string[] {
  const n = rows.length;
  if (!Number.isInteger(n) || n < 0) {
    throw new TypeError("Expected function.length to be a positive integer");
  }
  const out: string[] = [];
  for (let i = 0; i < n; ++i) out.push(`$${i + 1}`);
  return out;
}

/**
 * Validate a table definition as better-sqlite3 does, in its order; `verb` is "used" (object
 * form) or "returned" (a factory's result). Cold.
 */
export function parseTableDefinition(
  def: object,
  verb: "used" | "returned",
  moduleName: string,
): TableDefinition {
  const pre = `Virtual table module "${moduleName}" ${verb} a table definition`;
  if (!hasOwnProperty.call(def, "rows")) throw new TypeError(`${pre} without a "rows" property`);
  if (!hasOwnProperty.call(def, "columns")) {
    throw new TypeError(`${pre} without a "columns" property`);
  }
  const d = def as Record<string, unknown>;
  const rows = d.rows;
  if (typeof rows !== "function" || Object.getPrototypeOf(rows) !== GeneratorFunction) {
    throw new TypeError(
      `${pre} with an invalid "rows" property (should be a generator function)`,
    );
  }
  let columns = d.columns as unknown[];
  if (!Array.isArray(columns) || !(columns = [...columns]).every((x) => typeof x === "string")) {
    throw new TypeError(
      `${pre} with an invalid "columns" property (should be an array of strings)`,
    );
  }
  if (columns.length !== new Set(columns).size) {
    throw new TypeError(`${pre} with duplicate column names`);
  }
  if (!columns.length) throw new RangeError(`${pre} with zero columns`);
  let parameters: unknown[];
  if (hasOwnProperty.call(def, "parameters")) {
    parameters = d.parameters as unknown[];
    if (
      !Array.isArray(parameters) ||
      !(parameters = [...parameters]).every((x) => typeof x === "string")
    ) {
      throw new TypeError(
        `${pre} with an invalid "parameters" property (should be an array of strings)`,
      );
    }
  } else parameters = inferParameters(rows);
  if (parameters.length !== new Set(parameters).size) {
    throw new TypeError(`${pre} with duplicate parameter names`);
  }
  if (parameters.length > 32) {
    throw new RangeError(`${pre} with more than the maximum number of 32 parameters`);
  }
  for (const p of parameters) {
    if ((columns as string[]).includes(p as string)) {
      throw new TypeError(
        `${pre} with column "${p}" which was ambiguously defined as both a column and parameter`,
      );
    }
  }
  let safeIntegers: 0 | 1 | 2 = 2;
  if (hasOwnProperty.call(def, "safeIntegers")) {
    const b = d.safeIntegers;
    if (typeof b !== "boolean") {
      throw new TypeError(`${pre} with an invalid "safeIntegers" property (should be a boolean)`);
    }
    safeIntegers = b ? 1 : 0;
  }
  let directOnly = false;
  if (hasOwnProperty.call(def, "directOnly")) {
    const b = d.directOnly;
    if (typeof b !== "boolean") {
      throw new TypeError(`${pre} with an invalid "directOnly" property (should be a boolean)`);
    }
    directOnly = b;
  }
  return {
    module: moduleName,
    columns: columns as string[],
    parameters: parameters as string[],
    rows: rows as RowsFn,
    safeIntegers,
    directOnly,
  };
}

/** Store a yielded JS value in `out` as better-sqlite3 does, or throw its error. Warm. */
function writeValue(out: Mem, value: unknown, moduleName: string): void {
  const r = storeJsValue(out, value);
  if (r === JsStore.OK) return;
  if (r === JsStore.BIGINT_TOO_BIG) {
    throw new RangeError(`Virtual table module "${moduleName}" yielded a bigint that was too big`);
  }
  throw new TypeError(`Virtual table module "${moduleName}" yielded an invalid value`);
}

/** One scan: the generator, its current row (parameters first, then the columns). */
class JsCursor implements VmVTabCursor {
  private it: Iterator<unknown> | null = null;
  private done = true;
  private rid = 0;
  private readonly row: unknown[];

  constructor(private readonly t: JsTable) {
    this.row = new Array(t.def.parameters.length + t.def.columns.length).fill(null);
  }

  filter(idxNum: number, _idxStr: string, args: Mem[], from: number, _nArg: number): void {
    this.close();
    const def = this.t.def;
    const n = def.parameters.length;
    const js: unknown[] = new Array(n);
    let a = from;
    for (let i = 0; i < n; i++) {
      if ((idxNum & (1 << i)) !== 0) {
        const v = args[a++].toJs(this.t.safe);
        // a NULL argument: the result is necessarily empty; the generator is not run
        if (v === null) {
          this.done = true;
          return;
        }
        js[i] = typeof v === "bigint" && !this.t.safe ? Number(v) : v;
      } else js[i] = undefined;
    }
    // (better-sqlite3 clones Buffer arguments so the generator cannot change the hidden values)
    for (let i = 0; i < n; i++) {
      const v = js[i];
      this.row[i] = v instanceof Uint8Array ? v.slice() : v;
    }
    this.it = def.rows(...js);
    this.rid = 0;
    this.next();
  }

  next(): void {
    const r = this.it!.next();
    this.done = r.done === true;
    if (!this.done) this.extract(r.value);
    this.rid++;
  }

  private extract(v: unknown): void {
    const def = this.t.def;
    const n = def.parameters.length;
    const cols = def.columns.length;
    const name = def.module;
    if (Array.isArray(v)) {
      if (v.length !== cols) {
        throw new TypeError(
          `Virtual table module "${name}" yielded a row with an incorrect number of columns`,
        );
      }
      for (let i = 0; i < cols; i++) this.row[n + i] = v[i];
    } else if (typeof v === "object" && v !== null) {
      let count = 0;
      for (const key of Object.keys(v)) {
        const i = this.t.columnIndex.get(key);
        if (i === undefined) {
          throw new TypeError(
            `Virtual table module "${name}" yielded a row with an undeclared column "${key}"`,
          );
        }
        this.row[i] = (v as Record<string, unknown>)[key];
        count++;
      }
      if (count !== cols) {
        throw new TypeError(`Virtual table module "${name}" yielded a row with missing columns`);
      }
    } else {
      throw new TypeError(
        `Virtual table module "${name}" yielded something that isn't a valid row object`,
      );
    }
  }

  eof(): boolean {
    return this.done;
  }

  column(i: number, out: Mem): void {
    writeValue(out, this.row[i], this.t.def.module);
  }

  rowid(out: Mem): void {
    out.setInt(this.rid);
  }

  close(): void {
    // better-sqlite3 drops an unfinished generator without calling return(): its `finally`
    // blocks run only if it finishes on its own
    this.it = null;
    this.done = true;
  }
}

/** A connected JS virtual table: the planner's `VTable` and the VM's `VmVTab` in one. */
class JsTable implements VTable, VmVTab {
  readonly module: string;
  readonly columns: readonly VTabColumn[];
  readonly directOnly: boolean;
  readonly columnIndex: Map<string, number>;
  get impl(): VmVTab {
    return this;
  }

  constructor(readonly def: TableDefinition, readonly safe: boolean) {
    this.module = def.module;
    this.directOnly = def.directOnly;
    this.columns = [
      ...def.parameters.map((name) => ({ name, hidden: true, decltype: null })),
      ...def.columns.map((name) => ({ name, hidden: false, decltype: null })),
    ];
    const n = def.parameters.length;
    this.columnIndex = new Map(def.columns.map((c, i) => [c, n + i]));
  }

  bestIndex(
    cons: readonly VTabConstraint[],
    _orderBy: readonly VTabOrderBy[],
  ): VTabIndexPlan | null {
    const nParam = this.def.parameters.length;
    const forwarded: [number, number][] = [];
    for (let i = 0; i < cons.length; i++) {
      const k = cons[i];
      if (k.column < 0 || k.column >= nParam) continue;
      if (k.op !== "=") {
        throw new SqliteError(
          `virtual table parameter "${
            this.def.parameters[k.column]
          }" can only be constrained by the '=' operator`,
        );
      }
      // a plan that ignores an argument is not allowed (it would reach the generator undefined)
      if (!k.usable) return null;
      forwarded.push([k.column, i]);
    }
    forwarded.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const argvIndex = cons.map(() => 0);
    const omit = cons.map(() => false);
    let idxNum = 0;
    let argc = 0;
    for (const [col, i] of forwarded) {
      const bit = 1 << col;
      if ((idxNum & bit) === 0) {
        idxNum |= bit;
        argvIndex[i] = ++argc;
        omit[i] = true;
      }
    }
    const cost = 1000000000 / (argc + 1);
    return { idxNum, idxStr: null, argvIndex, omit, estimatedCost: cost, estimatedRows: cost };
  }

  open(): VmVTabCursor {
    return new JsCursor(this);
  }
}

/** Connect a validated definition (xConnect); `dbSafe` is the database's defaultSafeIntegers. */
export function connectTable(def: TableDefinition, dbSafe: boolean): VTable {
  return new JsTable(def, def.safeIntegers === 2 ? dbSafe : def.safeIntegers === 1);
}

/**
 * A factory's xCreate/xConnect: call it with `this = { module, database, table }` and the
 * CREATE VIRTUAL TABLE arguments (their source text), then validate what it returned. Cold.
 */
export function callFactory(
  factory: (...args: string[]) => unknown,
  moduleName: string,
  table: string,
  args: string[],
): TableDefinition {
  const def = factory.apply({ module: moduleName, database: "main", table }, args);
  if (typeof def !== "object" || def === null) {
    throw new TypeError(
      `Virtual table module "${moduleName}" did not return a table definition object`,
    );
  }
  return parseTableDefinition(def, "returned", moduleName);
}

/**
 * `db.table(name, definition | factory)` (lib/methods/table.js): validate and build the module.
 * An object definition makes an eponymous-only module (`FROM name(…)`), a factory a module for
 * CREATE VIRTUAL TABLE. `dbSafe` reads the database's defaultSafeIntegers at connect time. Cold.
 */
export function defineTable(name: unknown, factory: unknown, dbSafe: () => boolean): VTabModule {
  if (typeof name !== "string") throw new TypeError("Expected first argument to be a string");
  if (!name) throw new TypeError("Virtual table module name cannot be an empty string");
  if (typeof factory === "object" && factory !== null) {
    const def = parseTableDefinition(factory, "used", name);
    return { name, eponymous: connectTable(def, dbSafe()), create: null };
  }
  if (typeof factory !== "function") {
    throw new TypeError("Expected second argument to be a function or a table definition object");
  }
  const f = factory as (...args: string[]) => unknown;
  return {
    name,
    eponymous: null,
    create: (table, args) => connectTable(callFactory(f, name, table, args), dbSafe()),
  };
}
