/**
 * Error offsets for name-resolution errors — SQLite's sqlite3RecordErrorOffsetOfExpr: `no such
 * column`, `no such function`, `wrong number of arguments`, `misuse of aggregate` and ambiguous
 * names carry the offset of the expression they name, as `sqlite3_error_offset` reports it (the
 * shell prints its `^--- error here` caret there). Offsets are the AST's spans: into the SQL the
 * statement was parsed from (for an expression written in a view or trigger, that object's SQL —
 * a consumer must check the offset still names the same token in its text).
 *
 * Owns: attaching an offset to an error that has none. Must never: change a message. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";

/** Give `err` the offset `at` (UTF-16 index) unless it already has one; returns `err`. Cold. */
export function errorAt(err: unknown, at: number): unknown {
  if (err instanceof SqliteError) {
    const e = err as SqliteError & { offset?: number };
    if (e.offset === undefined) e.offset = at;
  }
  return err;
}
