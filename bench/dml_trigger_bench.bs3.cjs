// better-sqlite3 twin of bench/dml_trigger_bench.ts, run under Node by `deno task bench`.
"use strict";

const N = 10000;
const SETUP = [
  "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, s TEXT)",
  "CREATE INDEX tk ON t(k)",
  "CREATE TABLE log(ev TEXT, id INTEGER, k INTEGER)",
  "CREATE TRIGGER ai AFTER INSERT ON t BEGIN INSERT INTO log VALUES('i', NEW.id, NEW.k); END",
  "CREATE TRIGGER bu BEFORE UPDATE OF k ON t WHEN NEW.k % 2 = 0 BEGIN INSERT INTO log VALUES('u', NEW.id, OLD.k); END",
  "CREATE TRIGGER ad AFTER DELETE ON t BEGIN INSERT INTO log VALUES('d', OLD.id, OLD.k); END",
];

module.exports = [
  {
    group: "trigger-dml-10k",
    name: "better-sqlite3 10k INSERT + UPDATE + DELETE, triggers on each",
    setup(Database) {
      return () => {
        const db = new Database(":memory:");
        for (const s of SETUP) db.exec(s);
        db.exec("BEGIN");
        const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?)");
        for (let i = 1; i <= N; i++) ins.run(i, (i * 7919) % N, `row${i}`);
        db.exec("UPDATE t SET k = k + 1");
        db.exec("DELETE FROM t WHERE id % 2 = 0");
        db.exec("COMMIT");
        db.close();
      };
    },
  },
];
