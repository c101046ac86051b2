/**
 * `.dump` of a database holding virtual tables (H5), against the real sqlite3 shell: shell.c
 * writes a virtual table's row straight into sqlite_schema under `PRAGMA writable_schema=ON`
 * and dumps its shadow tables as ordinary tables. The file is made by node:sqlite (fts5, rtree).
 * Ignored where the machine has no sqlite3 binary.
 */
import { strictEqual } from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { runSqlite3, runTsqlite, SQLITE3 } from "./harness.ts";

Deno.test({
  name: ".dump of fts5 / rtree virtual tables matches sqlite3",
  ignore: SQLITE3 === null,
  fn: async () => {
    const dir = Deno.makeTempDirSync();
    const file = `${dir}/v.db`;
    try {
      const ref = new DatabaseSync(file);
      ref.exec(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body); INSERT INTO docs VALUES ('a', 'it''s');" +
          "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1); INSERT INTO r VALUES (1, 2, 3);" +
          "CREATE TABLE t(x); INSERT INTO t VALUES (1); CREATE VIEW v AS SELECT x FROM t",
      );
      ref.close();
      const want = await runSqlite3(".dump\n", file);
      const got = runTsqlite(".dump\n", file);
      strictEqual(got.err, "");
      strictEqual(got.out, want.out);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
