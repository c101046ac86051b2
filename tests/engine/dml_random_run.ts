/**
 * Randomised INSERT/UPDATE/DELETE differential test (fixed seed): thousands of statements with
 * mixed-type values over a table with a rowid alias, a UNIQUE index, a NOCASE index, a partial
 * index, an expression index and a CHECK constraint, every conflict clause, inside and outside
 * transactions. After each statement tsqlite and SQLite must report the same outcome (rows or
 * error + code), and periodically the same table contents, index-driven query results and
 * integrity_check.
 * Shared by the fixed-seed test (dml_random_test.ts) and the soak (dml_random.soak.ts).
 * @module
 */
import assert from "node:assert/strict";
import { Pair } from "./dml_oracle.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run `count` random statements from `seed` on tsqlite and SQLite; throws on the first difference. */
export function runRandomDml(seed: number, count = 3000, withTriggers = false): void {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (n: number) => Math.floor(r() * n);
  const value = (): string =>
    pick([
      () => String(int(50) - 10),
      () => `${int(20)}.5`,
      () => `'${pick(["a", "A", "b", "B", "abc", "ABC", " x", "10", "2.0", ""])}'`,
      () => "NULL",
      () => `x'${int(256).toString(16).padStart(2, "0")}'`,
      () => String(int(5)),
    ])();
  const or = () => pick(["", "", "", "OR REPLACE ", "OR IGNORE ", "OR FAIL ", "OR ABORT "]);
  const where = () =>
    pick([
      () => `id = ${int(40)}`,
      () => `a > ${int(30)}`,
      () => `b = ${value()}`,
      () => `c IS NULL`,
      () => `id % ${int(5) + 2} = 0`,
      () => `a BETWEEN ${int(10)} AND ${int(40)}`,
    ])();
  const p = new Pair();
  try {
    const setup = [
      "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT COLLATE NOCASE, c, d REAL UNIQUE, CHECK (a IS NULL OR a < 45))",
      "CREATE UNIQUE INDEX tab ON t(a, b)",
      "CREATE INDEX tb ON t(b DESC)",
      "CREATE INDEX tpart ON t(c) WHERE c > 2",
      "CREATE INDEX texpr ON t(a + 1, id)",
    ];
    if (withTriggers) {
      setup.push(
        "CREATE TABLE audit(n INTEGER PRIMARY KEY, ev TEXT, rid, a, b)",
        "CREATE TRIGGER ai AFTER INSERT ON t BEGIN INSERT INTO audit(ev, rid, a, b) VALUES('i', NEW.id, NEW.a, NEW.b); END",
        "CREATE TRIGGER bu BEFORE UPDATE OF a ON t WHEN NEW.a = 7 BEGIN SELECT RAISE(IGNORE); END",
        "CREATE TRIGGER au AFTER UPDATE ON t WHEN OLD.b IS NOT NEW.b BEGIN INSERT INTO audit(ev, rid, a, b) VALUES('u', OLD.id, OLD.b, NEW.b); END",
        "CREATE TRIGGER bd BEFORE DELETE ON t WHEN OLD.a = 13 BEGIN SELECT RAISE(ABORT, 'thirteen'); END",
        "CREATE TRIGGER ad AFTER DELETE ON t BEGIN INSERT INTO audit(ev, rid, a, b) VALUES('d', OLD.id, OLD.a, OLD.b); DELETE FROM audit WHERE n < (SELECT max(n) FROM audit) - 50; END",
      );
    }
    for (const s of setup) assert.deepEqual(...p.run(s), s);
    let inTxn = false;
    for (let i = 0; i < count; i++) {
      const k = r();
      let sql: string;
      if (k < 0.45) {
        const rows = Array.from(
          { length: 1 + int(3) },
          () =>
            `(${pick(["NULL", String(int(40))])}, ${value()}, ${value()}, ${value()}, ${value()})`,
        );
        sql = `INSERT ${or()}INTO t(id, a, b, c, d) VALUES ${rows.join(", ")}`;
      } else if (k < 0.7) {
        const sets = pick([
          () => `a = ${value()}`,
          () => `b = ${value()}, c = ${value()}`,
          () => `d = ${value()}`,
          () => `id = id + ${int(5)}`,
          () => `a = a + 1`,
        ])();
        sql = `UPDATE ${or()}t SET ${sets} WHERE ${where()}`;
      } else if (k < 0.85) {
        sql = `DELETE FROM t WHERE ${where()}`;
      } else if (k < 0.9) {
        sql = inTxn ? pick(["COMMIT", "ROLLBACK"]) : "BEGIN";
        inTxn = !inTxn;
      } else {
        sql = pick([
          "SELECT id, a, b, c, d FROM t ORDER BY id",
          "SELECT a, b FROM t WHERE a > 5 ORDER BY a, b",
          "SELECT b FROM t WHERE b = 'abc' ORDER BY id",
          "SELECT c FROM t WHERE c > 2 ORDER BY c, id",
          "SELECT id FROM t WHERE a + 1 = 11 ORDER BY id",
          "SELECT count(*), sum(a), total(d) FROM t",
          withTriggers ? "SELECT * FROM audit ORDER BY n" : "SELECT count(*) FROM t",
        ]);
      }
      const [x, y] = p.run(sql);
      assert.deepEqual(x, y, `#${i}: ${sql}`);
      assert.equal(p.ts.inTransaction, p.node.isTransaction, `#${i}: ${sql}`);
      inTxn = p.node.isTransaction;
      if (i % 500 === 499) {
        for (const q of ["SELECT * FROM t ORDER BY id", "PRAGMA integrity_check"]) {
          assert.deepEqual(...p.run(q), q);
        }
      }
    }
  } finally {
    p.close();
  }
}
