/**
 * tsqlite — SQLite rewritten in TypeScript, with better-sqlite3's API.
 *
 * Switch an existing better-sqlite3 program over by changing its import:
 *
 * @example
 * ```ts
 * import Database from "./mod.ts";
 * const db = new Database(":memory:");
 * db.exec("CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT)");
 * const insert = db.prepare("INSERT INTO people(name) VALUES (?)");
 * db.transaction((names: string[]) => names.forEach((n) => insert.run(n)))(["Ada", "Alan"]);
 * console.log(db.prepare("SELECT * FROM people").all());
 * db.close();
 * ```
 *
 * One documented difference: BLOBs come back as `Uint8Array` (better-sqlite3 returns a Node
 * `Buffer`, which is a `Uint8Array` subclass).
 * @module
 */
import { Database as DatabaseClass, type DatabaseOptions } from "./src/api/database.ts";

export { DatabaseClass };

/** A database connection with better-sqlite3's API (see {@link DatabaseClass}). */
export type Database = DatabaseClass;

/** The `Database` constructor; like better-sqlite3's, it may also be called without `new`. */
export type DatabaseConstructor = typeof DatabaseClass & {
  (filename?: string | Uint8Array | null, options?: DatabaseOptions | null): DatabaseClass;
};

/**
 * Open a database: `new Database(filename?, options?)` (or without `new`, as better-sqlite3
 * allows).
 *
 * @example
 * ```ts
 * import Database from "./mod.ts";
 * const db = new Database(":memory:");
 * console.log(db.prepare("SELECT 1 + 1 AS two").get()); // { two: 2 }
 * db.close();
 * ```
 */
export const Database: DatabaseConstructor = new Proxy(DatabaseClass, {
  apply: (Target, _self, args: ConstructorParameters<typeof DatabaseClass>) => new Target(...args),
}) as DatabaseConstructor;
export type {
  BackupOptions,
  DatabaseOptions,
  PragmaOptions,
  SerializeOptions,
} from "./src/api/database.ts";
export { Statement } from "./src/api/statement.ts";
export type {
  BindArgs,
  BindParameters,
  ColumnDefinition,
  Row,
  RunResult,
} from "./src/api/statement.ts";
export type { Transaction } from "./src/api/transaction.ts";
export type { AggregateOptions, FunctionOptions } from "./src/api/functions.ts";
export { SqliteError } from "./src/error.ts";
export { PRIMARY_CODES } from "./src/error.ts";
export type { SqliteErrorCode } from "./src/error.ts";

export default Database;
