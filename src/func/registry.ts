/**
 * The function registry: SQLite's `FuncDef` table (func.c `sqlite3RegisterBuiltinFunctions`,
 * callback.c `sqlite3FindFunction`) for tsqlite.
 *
 * Owns: the (name, nArg) → implementation map with SQLite's arity rules (nArg = -1 means any
 * number of arguments; an exact-arity entry wins over a varargs one), the function flags
 * (deterministic, aggregate, window-capable, needs-collation), the scalar and aggregate calling
 * conventions, and the compile-time errors `no such function: X` and
 * `wrong number of arguments to function X()`.
 * Must never: evaluate SQL or touch the database; connection state reaches functions only
 * through {@link ConnectionHooks}.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { Mem } from "../vdbe/mem.ts";
import { binaryCollation, type CollationFn } from "../vdbe/value/compare.ts";

export type { CollationFn };

/** Connection state a function may read (changes(), total_changes(), last_insert_rowid()). */
export interface ConnectionHooks {
  /** sqlite3_changes64(). */
  changes(): number | bigint;
  /** sqlite3_total_changes64(). */
  totalChanges(): number | bigint;
  /** sqlite3_last_insert_rowid(). */
  lastInsertRowid(): number | bigint;
  /**
   * The statement's current time in ms since 1970 (sqlite3StmtCurrentTime: SQLite keeps it
   * constant for one sqlite3_step). Optional: the wall clock is used when absent.
   */
  now?(): number;
}

/** Hooks that report zero for everything (tests, constant folding). */
export const NO_CONNECTION: ConnectionHooks = {
  changes: () => 0,
  totalChanges: () => 0,
  lastInsertRowid: () => 0,
};

/** What a function implementation sees besides its arguments (SQLite's sqlite3_context). */
export interface FuncContext {
  /** Number of arguments actually passed. */
  nArg: number;
  /** The collating function in force for the call (BINARY unless a COLLATE applies). */
  coll: CollationFn;
  /** Connection state. */
  conn: ConnectionHooks;
  /** The function's name (for messages). */
  name: string;
  /**
   * Set when the call evaluates a CHECK constraint, a generated column or an index expression
   * (SQLite's OP_PureFunc): "a CHECK constraint", "a generated column" or "an index". Functions
   * that would read the clock or the time zone then fail with SQLite's
   * `non-deterministic use of NAME() in …` (sqlite3NotPureFunc).
   */
  pure: string | null;
}

/** The `pure` texts of {@link FuncContext} (SQLite's NC_IsCheck / NC_GenCol / index contexts). */
export const PureContext = {
  CHECK: "a CHECK constraint",
  GENERATED: "a generated column",
  INDEX: "an index",
} as const;

/**
 * sqlite3NotPureFunc: throw SQLite's error when a function needs the current time or the
 * local time zone while evaluated in a CHECK constraint, generated column or index.
 */
export function notPure(ctx: FuncContext): void {
  if (ctx.pure !== null) {
    throw new SqliteError(`non-deterministic use of ${ctx.name}() in ${ctx.pure}`);
  }
}

/**
 * A scalar implementation: read `args[0..ctx.nArg)`, write the result into `out`
 * (leaving it untouched is not allowed: set NULL explicitly). Errors are thrown as
 * `SqliteError` with SQLite's message.
 */
export type ScalarFn = (ctx: FuncContext, args: Mem[], out: Mem) => void;

/** Running state of one aggregate (one group, or one window partition). */
export interface AggState {
  /** xStep: accumulate one row. */
  step(args: Mem[], nArg: number): void;
  /** xFinal: the aggregate's result (called once). */
  final(out: Mem): void;
  /** xInverse (window functions): remove the oldest row still accumulated. */
  inverse?(args: Mem[], nArg: number): void;
  /** xValue (window functions): the current result, without finishing. */
  value?(out: Mem): void;
  /**
   * For min()/max(): false after a step that did not pick the new row as the best, so the VM
   * keeps the bare-column values of the earlier row (SQLite's sqlite3SkipAccumulatorLoad).
   */
  readonly rowChosen?: boolean;
}

/** Factory of aggregate states. */
export type AggregateFactory = (ctx: FuncContext) => AggState;

/** Function flags (subset of SQLite's SQLITE_FUNC_*). */
export const FuncFlag = {
  /** Same inputs → same output (SQLITE_DETERMINISTIC). */
  DETERMINISTIC: 1,
  /** The function uses the collation of its arguments (SQLITE_FUNC_NEEDCOLL). */
  NEEDCOLL: 2,
  /** An aggregate. */
  AGGREGATE: 4,
  /** An aggregate usable as a window function with inverse/value. */
  WINDOW: 8,
  /** SQLite codes this inline with short-circuit evaluation (coalesce, ifnull, iif, likely…). */
  INLINE: 16,
  /** Result depends on the connection (changes(), last_insert_rowid(), random()). */
  VOLATILE: 32,
} as const;

/** A scalar function entry; structurally also the VM's `VmScalar`. */
export class ScalarFunc {
  /** Discriminant shared with the VM's function contract. */
  readonly kind = "scalar" as const;
  private readonly ctx: FuncContext;
  /**
   * A scalar entry.
   * @param name Lower-case function name.
   * @param nArg Arity, -1 for any.
   * @param flags {@link FuncFlag} bits.
   * @param fn The implementation.
   * @param minArg Fewest arguments a varargs entry accepts.
   */
  constructor(
    readonly name: string,
    readonly nArg: number,
    readonly flags: number,
    readonly fn: ScalarFn,
    readonly minArg = 0,
  ) {
    this.ctx = { nArg: 0, coll: binaryCollation, conn: NO_CONNECTION, name, pure: null };
  }
  /**
   * Call as the VM does: `call(args, nArg, out, coll, conn[, pure])` — `pure` for OP_PureFunc
   * (a {@link PureContext} text). Hot: reuses one context.
   */
  call(
    args: Mem[],
    nArg: number,
    out: Mem,
    coll: CollationFn | null,
    conn: ConnectionHooks,
    pure: string | null = null,
  ): void {
    const ctx = this.ctx;
    ctx.nArg = nArg;
    ctx.coll = coll ?? binaryCollation;
    ctx.conn = conn;
    ctx.pure = pure;
    try {
      this.fn(ctx, args, out);
    } catch (e) {
      throw tooBigFrom(e);
    }
  }
}

/** An aggregate function entry; structurally also the VM's `VmAggregate`. */
export class AggregateFunc {
  /** Discriminant shared with the VM's function contract. */
  readonly kind = "aggregate" as const;
  /**
   * An aggregate entry.
   * @param name Lower-case function name.
   * @param nArg Arity, -1 for any.
   * @param flags {@link FuncFlag} bits (AGGREGATE is implied).
   * @param factory Creates the per-group state.
   * @param minArg Fewest arguments a varargs entry accepts.
   */
  constructor(
    readonly name: string,
    readonly nArg: number,
    readonly flags: number,
    readonly factory: AggregateFactory,
    readonly minArg = 0,
  ) {}
  /** A fresh state for one group, as the VM asks for it. Cold (once per group). */
  create(coll: CollationFn | null, conn: ConnectionHooks): AggState {
    return this.factory({
      nArg: this.nArg,
      coll: coll ?? binaryCollation,
      conn,
      name: this.name,
      pure: null,
    });
  }
}

/** Either kind of function entry. */
export type FuncDef = ScalarFunc | AggregateFunc;

/**
 * The set of functions a connection knows. Lookup is case-insensitive; an entry whose arity
 * equals the call's wins over a varargs (-1) entry, as in `sqlite3FindFunction`.
 *
 * @example
 * ```ts
 * import { builtinFunctions } from "./mod.ts";
 * const reg = builtinFunctions();
 * const abs = reg.resolve("ABS", 1);          // the scalar abs()
 * reg.find("min", 1)?.kind;                   // "aggregate"
 * reg.find("min", 3)?.kind;                   // "scalar"
 * ```
 */
export class FunctionRegistry {
  private readonly byName = new Map<string, FuncDef[]>();

  /** Add (or replace) an entry with the same name and arity. Cold. */
  register(def: FuncDef): void {
    const key = def.name.toLowerCase();
    const list = this.byName.get(key) ?? [];
    const i = list.findIndex((d) => d.nArg === def.nArg);
    if (i >= 0) list[i] = def;
    else list.push(def);
    this.byName.set(key, list);
  }

  /** Shorthand: register a scalar (`minArg` bounds a varargs entry from below). */
  scalar(name: string, nArg: number, flags: number, fn: ScalarFn, minArg = 0): void {
    this.register(new ScalarFunc(name, nArg, flags, fn, minArg));
  }

  /** Shorthand: register an aggregate. */
  aggregate(name: string, nArg: number, flags: number, factory: AggregateFactory): void {
    this.register(new AggregateFunc(name, nArg, flags | FuncFlag.AGGREGATE, factory));
  }

  /** The entry for `name` called with `nArg` arguments, or undefined. Cold (compile time). */
  find(name: string, nArg: number): FuncDef | undefined {
    const list = this.byName.get(name.toLowerCase());
    if (!list) return undefined;
    let any: FuncDef | undefined;
    for (const d of list) {
      if (d.nArg === nArg) return d;
      if (d.nArg === -1 && nArg >= d.minArg) any = d;
    }
    return any;
  }

  /**
   * The planner's `FunctionResolver.resolve` shape: the entry (usable as the VM's
   * `VmScalar`/`VmAggregate`), `"wrong-args"` when only other arities exist, or null.
   * Cold (compile time).
   */
  lookup(
    name: string,
    nArg: number,
  ): { impl: FuncDef; aggregate: boolean } | "wrong-args" | null {
    const d = this.find(name, nArg);
    if (d) return { impl: d, aggregate: d.kind === "aggregate" };
    return this.has(name) ? "wrong-args" : null;
  }

  /** True when some entry has this name (any arity). */
  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /**
   * Resolve a call at compile time. Throws SQLite's errors: `no such function: NAME` or
   * `wrong number of arguments to function NAME()` (NAME as the user wrote it).
   */
  resolve(name: string, nArg: number): FuncDef {
    const d = this.find(name, nArg);
    if (d) return d;
    if (this.has(name)) {
      throw new SqliteError(`wrong number of arguments to function ${name}()`, "SQLITE_ERROR");
    }
    throw new SqliteError(`no such function: ${name}`, "SQLITE_ERROR");
  }

  /** Every registered entry (for PRAGMA function_list). Cold. */
  all(): FuncDef[] {
    return [...this.byName.values()].flat();
  }
}

/** Throw a function error the way sqlite3_result_error does (SQLITE_ERROR + message). */
export function funcError(message: string): never {
  throw new SqliteError(message, "SQLITE_ERROR");
}

/**
 * A JS allocation failure (a string or array past what the engine can hold) reported as
 * SQLite reports a result past SQLITE_LIMIT_LENGTH; anything else is passed through.
 */
export function tooBigFrom(e: unknown): unknown {
  if (
    e instanceof RangeError &&
    /Invalid string length|Invalid typed array length|Array buffer allocation failed|Invalid array length/
      .test(e.message)
  ) {
    return new SqliteError("string or blob too big", "SQLITE_TOOBIG");
  }
  return e;
}
