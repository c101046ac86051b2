/**
 * The per-database state the API's statements and iterators share (better-sqlite3's
 * `Database::State`): open/busy flags, the active-iterator count, unsafe mode, the default
 * safe-integers setting and the verbose logger.
 * Must never: hold anything engine-specific beyond the connection handle.
 * @module
 */
import type { EngineConnection } from "./engine.ts";

/** A verbose logger: called with each statement's (expanded) SQL before it runs. */
export type Logger = (sql: string) => unknown;

/** State shared by a Database and all of its statements. */
export interface DbState {
  /** The engine connection. */
  conn: EngineConnection;
  /** False once closed. */
  open: boolean;
  /** True while a statement (or exec) is running — re-entry from a user function is misuse. */
  busy: boolean;
  /** Number of live iterators (run/exec are refused while > 0 unless unsafe). */
  iterators: number;
  /** `db.unsafeMode()`. */
  unsafe: boolean;
  /** `db.defaultSafeIntegers()`: the default of each new statement. */
  safeIntegers: boolean;
  /** The `verbose` option. */
  logger: Logger | null;
}
