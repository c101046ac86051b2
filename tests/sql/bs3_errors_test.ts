/**
 * Against better-sqlite3 12.11.1 under Node (the API this project mirrors), parsing with
 * `BETTER_SQLITE3_DIALECT` (its build's SQLITE_ENABLE_UPDATE_DELETE_LIMIT and
 * SQLITE_OMIT_TCL_VARIABLE): `db.prepare(sql)` fails with our message and code wherever it fails
 * in the parser, and succeeds (or fails only on semantics) wherever we parse.
 */
import assert from "node:assert/strict";
import { BETTER_SQLITE3_DIALECT, parseOne, print } from "../../src/sql/mod.ts";
import { SqliteError } from "../../src/error.ts";
import { BetterSqlite3Oracle } from "../oracle/bs3.ts";
import { ORACLE_SCHEMA, STATEMENTS } from "./corpus.ts";
import { INVALID } from "./invalid.ts";
import { SqlGen } from "./gen.ts";
import { PARSE_TIME } from "./generated_diff.ts";

const PARSER_MESSAGE = new RegExp(
  PARSE_TIME.source + "|RETURNING in a trigger|qualified table names|INDEXED clause",
);

/** Statements whose parse depends on the two build switches. */
const DIALECT_CASES = [
  "DELETE FROM t LIMIT 1",
  "DELETE FROM t WHERE a > 1 ORDER BY b DESC LIMIT 1 OFFSET 2",
  "DELETE FROM t ORDER BY a LIMIT 2, 3",
  "DELETE FROM t WHERE a RETURNING a ORDER BY a LIMIT 1",
  "DELETE FROM t LIMIT",
  "DELETE FROM t LIMIT 1 ORDER BY a",
  "DELETE FROM t LIMIT 1 OFFSET",
  "UPDATE t SET a = 1 LIMIT 1",
  "UPDATE t SET a = 1 ORDER BY b LIMIT 5",
  "UPDATE t SET a = 1 FROM u WHERE u.a = t.a ORDER BY t.b LIMIT 1",
  "UPDATE t SET a = 1 RETURNING * LIMIT 1",
  "UPDATE t SET a = 1 LIMIT 1 ORDER BY a",
  "CREATE TRIGGER tx AFTER INSERT ON t BEGIN DELETE FROM t LIMIT 1; END",
  "SELECT $a",
  "SELECT $a::b",
  "SELECT :a::b",
  "SELECT $a(b)",
  "SELECT @a(x)",
  "SELECT $a(b",
  "SELECT $",
];

Deno.test("better-sqlite3: prepare errors and successes agree with BETTER_SQLITE3_DIALECT", async () => {
  const o = new BetterSqlite3Oracle();
  try {
    const db = await o.open(":memory:");
    await o.exec(db, ORACLE_SCHEMA);
    let compared = 0;
    const diffs: string[] = [];
    const g = new SqlGen(3);
    const generated = Array.from({ length: 1000 }, () => g.statement());
    for (const sql of [...INVALID, ...DIALECT_CASES, ...STATEMENTS, ...generated]) {
      const r = await o.attempt("prepare", { db, sql });
      let mine: SqliteError | null = null;
      try {
        const { stmt } = parseOne(sql, 0, BETTER_SQLITE3_DIALECT);
        if (stmt) parseOne(print(stmt), 0, BETTER_SQLITE3_DIALECT);
      } catch (e) {
        if (e instanceof SqliteError) mine = e;
        else throw e;
      }
      if (r.ok) {
        compared++;
        if (mine) diffs.push(`${sql.slice(0, 100)}: bs3 OK, ours "${mine.message}"`);
      } else if (r.error.name === "SqliteError" && PARSER_MESSAGE.test(r.error.message ?? "")) {
        compared++;
        if (mine?.message !== r.error.message || mine?.code !== r.error.code) {
          diffs.push(
            `${
              sql.slice(0, 100)
            }: bs3 ${r.error.code} "${r.error.message}", ours ${mine?.code} "${mine?.message}"`,
          );
        }
      }
    }
    await o.closeDb(db);
    assert.ok(compared >= 800, `compared ${compared}`);
    assert.deepEqual(diffs, []);
  } finally {
    await o.close();
  }
});
