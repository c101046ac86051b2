// better-sqlite3 twin of bench/btree_insert_bench.ts, run under Node by `deno task bench`.
"use strict";
const { row } = require("./btree_scan_bench.bs3.cjs");

const rows = Array.from({ length: 100000 }, (_, i) => row(i + 1));
const randomIds = [];
{
  let s = 1;
  for (let i = 0; i < 100000; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    randomIds.push(s);
  }
}

module.exports = [
  {
    group: "bulk insert",
    name: "better-sqlite3 100k INSERTs in one transaction",
    setup(Database) {
      return () => {
        const db = new Database(":memory:");
        db.exec("CREATE TABLE t(a INTEGER, b TEXT, c REAL, d BLOB)");
        const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
        db.transaction(() => {
          for (const r of rows) ins.run(...r);
        })();
        db.close();
      };
    },
  },
  {
    group: "random insert",
    name: "better-sqlite3 100k random-rowid INSERTs in one transaction",
    setup(Database) {
      return () => {
        const db = new Database(":memory:");
        db.exec("CREATE TABLE t(a INTEGER, b TEXT, c REAL, d BLOB)");
        const ins = db.prepare(
          "INSERT OR REPLACE INTO t(rowid, a, b, c, d) VALUES (?, ?, ?, ?, ?)",
        );
        db.transaction(() => {
          for (let i = 0; i < rows.length; i++) ins.run(randomIds[i], ...rows[i]);
        })();
        db.close();
      };
    },
  },
];
