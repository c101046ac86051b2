// better-sqlite3 twin of bench/record_bench.ts, run under Node by `deno task bench`.
"use strict";
const { fill } = require("./btree_scan_bench.bs3.cjs");

module.exports = [
  {
    group: "record decode",
    name: "better-sqlite3 iterate SELECT * (100k rows)",
    setup(Database) {
      const db = new Database(":memory:");
      fill(db);
      const st = db.prepare("SELECT * FROM t");
      return () => {
        let n = 0;
        for (const _r of st.iterate()) n++;
        return n;
      };
    },
  },
];
