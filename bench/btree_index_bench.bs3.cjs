// better-sqlite3 twin of bench/btree_index_bench.ts, run under Node by `deno task bench`.
"use strict";

const N = 100000;
const keyOf = (i) => (i * 7919) % N;

module.exports = [
  {
    group: "int index seek",
    name: "better-sqlite3 SELECT rowid WHERE k=? (covering index)",
    setup(Database) {
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER)");
      db.exec("CREATE INDEX tk ON t(k)");
      const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
      db.transaction(() => {
        for (let i = 1; i <= N; i++) ins.run(i, keyOf(i));
      })();
      const st = db.prepare("SELECT rowid FROM t WHERE k = ?");
      let r = 1;
      return () => {
        r = (r * 48271) % N;
        return st.get(r).id;
      };
    },
  },
  {
    group: "index insert",
    name: "better-sqlite3 100k (k, rowid) into a WITHOUT ROWID table",
    setup(Database) {
      return () => {
        const db = new Database(":memory:");
        db.exec("CREATE TABLE x(k INTEGER, r INTEGER, PRIMARY KEY(k, r)) WITHOUT ROWID");
        const ins = db.prepare("INSERT INTO x VALUES (?, ?)");
        db.transaction(() => {
          for (let i = 1; i <= N; i++) ins.run(keyOf(i), i);
        })();
        db.close();
      };
    },
  },
];
