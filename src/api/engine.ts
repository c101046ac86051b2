/**
 * The seam between the better-sqlite3-compatible API and the engine connection.
 *
 * Owns: the `Engine` shape the API opens connections through (`Connection.open`/`deserialize`
 * from `./connection.ts` by default) and the narrowed `EngineConnection` view of a connection
 * the API relies on. Tests may swap the engine (`useEngine`) to exercise the API layer alone.
 * Follows: the Connection/PreparedStatement contract in `./connection.ts` (sqlite3 / sqlite3_stmt).
 * Must never: reach below the connection (pager, b-tree, VM) — the API sees only this contract.
 * @module
 */
import { Connection, type ConnectionOptions, type PreparedStatement } from "./connection.ts";

export type { ConnectionOptions, PreparedStatement };

/** The members of an engine connection the API layer uses. */
export type EngineConnection = Pick<
  Connection,
  | "serialize"
  | "prepare"
  | "inTransaction"
  | "changes"
  | "totalChanges"
  | "lastInsertRowid"
  | "functions"
  | "flags"
  | "dialect"
  | "setBusyTimeout"
  | "expireStatements"
  | "close"
>;

/** Something that opens engine connections (the `Connection` class itself by default). */
export interface Engine {
  /** Open a database file, ":memory:" or "" (private temporary). */
  open(path: string, options?: ConnectionOptions): EngineConnection;
  /** Open an in-memory database holding a copy of a serialized image. */
  deserialize(image: Uint8Array, options?: ConnectionOptions): EngineConnection;
}

let current: Engine = Connection;

/** The engine new `Database` objects open through. Cold. */
export function currentEngine(): Engine {
  return current;
}

/**
 * Replace the engine new `Database` objects open through; returns the previous one.
 * Internal (tests only): not exported from mod.ts.
 */
export function useEngine(engine: Engine): Engine {
  const previous = current;
  current = engine;
  return previous;
}
