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
import { Database } from "./src/api/database.ts";

export { Database };
export type {
  BackupOptions,
  DatabaseOptions,
  PragmaOptions,
  SerializeOptions,
} from "./src/api/database.ts";
export { Statement } from "./src/api/statement.ts";
export type { ColumnDefinition, Row, RunResult } from "./src/api/statement.ts";
export type { Transaction } from "./src/api/transaction.ts";
export type { AggregateOptions, FunctionOptions } from "./src/api/functions.ts";
export { SqliteError } from "./src/error.ts";
export { PRIMARY_CODES } from "./src/error.ts";
export type { SqliteErrorCode } from "./src/error.ts";

export default Database;
