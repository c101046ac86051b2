/**
 * RETURNING through the engine connection compared with real SQLite: `*` and expressions over
 * the new (INSERT/UPDATE) or old (DELETE) row, rowid, aliases, parameters, subqueries, rows
 * skipped by OR IGNORE, statement failures returning nothing, and SQLite's errors.
 */
import assert from "node:assert/strict";
import { Pair, statements } from "./dml_oracle.ts";

Deno.test("returning: INSERT/UPDATE/DELETE … RETURNING match SQLite", () => {
  const p = new Pair();
  try {
    for (
      const s of statements(`
CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b REAL DEFAULT 1.5, c);
INSERT INTO t(a) VALUES('x'), ('y') RETURNING *;
INSERT INTO t(a, c) VALUES('z', 5) RETURNING id, a || '!', b * 2 AS dbl, rowid, c + 1;
INSERT INTO t AS q(a) VALUES('w') RETURNING q.id, q.a;
UPDATE t SET a = upper(a), c = coalesce(c, 0) + 1 WHERE id > 1 RETURNING id, a, c;
UPDATE t AS u SET b = b + 1 WHERE u.a = 'x' RETURNING u.*, typeof(b);
DELETE FROM t WHERE id = 2 RETURNING *, 'gone';
DELETE FROM t RETURNING a;
SELECT count(*) FROM t;
SELECT changes(), total_changes(), last_insert_rowid();
INSERT INTO t(a) VALUES(?) RETURNING ?;
INSERT INTO t(a) VALUES('k') RETURNING nosuch;
INSERT INTO t(a) VALUES('k') RETURNING (SELECT count(*) FROM t);
CREATE TABLE u(id INTEGER PRIMARY KEY, v UNIQUE);
INSERT INTO u VALUES(1, 1), (2, 1) RETURNING id;
SELECT * FROM u;
INSERT OR IGNORE INTO u VALUES(3, 1), (4, 4) RETURNING id, v
`)
    ) {
      const [x, y] = p.run(s);
      assert.deepEqual(x, y, s);
    }
  } finally {
    p.close();
  }
});
