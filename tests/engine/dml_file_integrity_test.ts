/**
 * Files written by tsqlite are valid SQLite databases: after DDL, thousands of INSERT/UPDATE/
 * DELETE statements with every kind of index (unique, NOCASE, DESC, partial, expression),
 * triggers, AUTOINCREMENT, drops and rollbacks, real SQLite (node:sqlite) opens the file, finds
 * `PRAGMA integrity_check` = ok (which also verifies every index entry against its row), and
 * reads the same rows and schema tsqlite reads.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";
import { nodeRun, tsRun } from "./dml_oracle.ts";

Deno.test("dml: a tsqlite-written file passes SQLite's integrity_check and reads the same", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/w.db`;
  try {
    const db = Connection.open(path);
    const run = (sql: string) => {
      const r = tsRun(db, sql);
      if ("error" in r && !/constraint failed/.test(r.error)) throw new Error(`${sql}: ${r.error}`);
    };
    run(
      "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a INT, b TEXT COLLATE NOCASE, c BLOB, d REAL UNIQUE)",
    );
    run("CREATE INDEX tb ON t(b DESC, a)");
    run("CREATE UNIQUE INDEX tc ON t(c) WHERE c IS NOT NULL");
    run("CREATE INDEX te ON t(a * 2 + 1, lower(b))");
    run("CREATE TABLE audit(n INTEGER PRIMARY KEY, what TEXT, v)");
    run(
      "CREATE TRIGGER ta AFTER UPDATE OF a ON t BEGIN INSERT INTO audit(what, v) VALUES('a', NEW.a); END",
    );
    run("CREATE TABLE gone(x UNIQUE, y)");
    run("BEGIN");
    for (let i = 0; i < 700; i++) {
      const blob = i % 3 === 0
        ? "NULL"
        : `x'${(i % 251).toString(16).padStart(2, "0")}${"ab".repeat(i % 40)}'`;
      run(
        `INSERT OR IGNORE INTO t(a, b, c, d) VALUES(${i % 97}, '${"Name" + (i % 50)}${
          "x".repeat(i % 300)
        }', ${blob}, ${i * 0.25})`,
      );
      if (i % 7 === 0) run(`UPDATE t SET a = a + 1, b = upper(b) WHERE id % 13 = ${i % 13}`);
      if (i % 11 === 0) run(`DELETE FROM t WHERE a = ${i % 97} AND id % 2 = 0`);
      if (i % 5 === 0) run(`INSERT INTO gone VALUES(${i}, randomblob(${i % 700}))`);
    }
    run("COMMIT");
    run("BEGIN");
    run("DELETE FROM t WHERE id < 200");
    run("ROLLBACK");
    run("DROP TABLE gone");
    run("REPLACE INTO t(id, a, b, c, d) SELECT id, a, b, c, d + 0.125 FROM t WHERE id % 17 = 0");
    const mine = [
      tsRun(db, "SELECT * FROM t ORDER BY id"),
      tsRun(db, "SELECT count(*), sum(v) FROM audit"),
      tsRun(db, "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema ORDER BY rowid"),
      tsRun(db, "SELECT * FROM sqlite_sequence"),
    ];
    db.close();
    const real = new DatabaseSync(path);
    try {
      assert.deepEqual(nodeRun(real, "PRAGMA integrity_check"), { rows: [[{ t: "ok" }]] });
      const theirs = [
        nodeRun(real, "SELECT * FROM t ORDER BY id"),
        nodeRun(real, "SELECT count(*), sum(v) FROM audit"),
        nodeRun(
          real,
          "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema ORDER BY rowid",
        ),
        nodeRun(real, "SELECT * FROM sqlite_sequence"),
      ];
      assert.deepEqual(mine, theirs);
      // Index-driven reads by SQLite see the same rows tsqlite stored.
      const viaIndex = nodeRun(
        real,
        "SELECT id FROM t INDEXED BY tb WHERE b >= '' ORDER BY b DESC, a, id",
      );
      assert.ok("rows" in viaIndex && viaIndex.rows.length > 0);
    } finally {
      real.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
