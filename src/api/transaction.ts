/**
 * `db.transaction(fn)`: wrap a function so it runs inside BEGIN … COMMIT, rolls back when it
 * throws, and nests as a SAVEPOINT when called inside another transaction; with `.deferred`,
 * `.immediate` and `.exclusive` variants (each variant carries all four plus `.database`).
 * Follows: better-sqlite3 lib/methods/transaction.js (same statements, same savepoint name,
 * same "cannot return a promise" rule).
 * Must never: leave a transaction open after the wrapped function returns or throws.
 * @module
 */
import type { Statement } from "./statement.ts";
import { MSG } from "./errors.ts";

/** The statements one transaction flavour runs. */
interface Controller {
  begin: Statement;
  commit: Statement;
  rollback: Statement;
  savepoint: Statement;
  release: Statement;
  rollbackTo: Statement;
}

/** The four flavours of a database's transaction statements, prepared once per database. */
export interface Controllers {
  default: Controller;
  deferred: Controller;
  immediate: Controller;
  exclusive: Controller;
}

/** What `db.transaction` needs from the database. */
export interface TransactionHost {
  /** Prepare an internal statement. */
  prepare(sql: string): Statement;
  /** True inside BEGIN … COMMIT. */
  readonly inTransaction: boolean;
}

/** A function wrapped by `db.transaction(fn)`, with its flavour variants. */
export interface Transaction<F extends (...args: never[]) => unknown> {
  (...args: Parameters<F>): ReturnType<F>;
  /** BEGIN (the default, deferred). */
  readonly default: Transaction<F>;
  /** BEGIN DEFERRED. */
  readonly deferred: Transaction<F>;
  /** BEGIN IMMEDIATE. */
  readonly immediate: Transaction<F>;
  /** BEGIN EXCLUSIVE. */
  readonly exclusive: Transaction<F>;
  /** The database it runs on. */
  readonly database: unknown;
}

/** Prepare the transaction statements of a database. Cold. */
export function makeControllers(host: TransactionHost): Controllers {
  const shared = {
    commit: host.prepare("COMMIT"),
    rollback: host.prepare("ROLLBACK"),
    savepoint: host.prepare("SAVEPOINT `\t_bs3.\t`"),
    release: host.prepare("RELEASE `\t_bs3.\t`"),
    rollbackTo: host.prepare("ROLLBACK TO `\t_bs3.\t`"),
  };
  return {
    default: { begin: host.prepare("BEGIN"), ...shared },
    deferred: { begin: host.prepare("BEGIN DEFERRED"), ...shared },
    immediate: { begin: host.prepare("BEGIN IMMEDIATE"), ...shared },
    exclusive: { begin: host.prepare("BEGIN EXCLUSIVE"), ...shared },
  };
}

function wrap(
  fn: (...args: unknown[]) => unknown,
  host: TransactionHost,
  c: Controller,
): (...args: unknown[]) => unknown {
  return function sqliteTransaction(this: unknown, ...args: unknown[]): unknown {
    let before: Statement, after: Statement, undo: Statement;
    if (host.inTransaction) {
      before = c.savepoint;
      after = c.release;
      undo = c.rollbackTo;
    } else {
      before = c.begin;
      after = c.commit;
      undo = c.rollback;
    }
    before.run();
    try {
      const result = fn.apply(this, args);
      if (result && typeof (result as { then?: unknown }).then === "function") {
        throw new TypeError(MSG.txPromise);
      }
      after.run();
      return result;
    } catch (ex) {
      if (host.inTransaction) {
        undo.run();
        if (undo !== c.rollback) after.run();
      }
      throw ex;
    }
  };
}

/**
 * Build the transaction function for `fn` (better-sqlite3's `db.transaction`). Cold.
 * `controllers` is called lazily so the statements are prepared on first use of a database.
 */
export function makeTransaction<F extends (...args: never[]) => unknown>(
  fn: F,
  host: TransactionHost,
  controllers: Controllers,
  database: unknown,
): Transaction<F> {
  if (typeof fn !== "function") throw new TypeError("Expected first argument to be a function");
  const f = fn as unknown as (...args: unknown[]) => unknown;
  const variants = {
    default: wrap(f, host, controllers.default),
    deferred: wrap(f, host, controllers.deferred),
    immediate: wrap(f, host, controllers.immediate),
    exclusive: wrap(f, host, controllers.exclusive),
  };
  const props: PropertyDescriptorMap = {
    default: { value: variants.default },
    deferred: { value: variants.deferred },
    immediate: { value: variants.immediate },
    exclusive: { value: variants.exclusive },
    database: { value: database, enumerable: true },
  };
  for (const v of Object.values(variants)) Object.defineProperties(v, props);
  return variants.default as unknown as Transaction<F>;
}
