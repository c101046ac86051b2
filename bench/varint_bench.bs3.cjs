// better-sqlite3 twin of bench/varint_bench.ts, run under Node by `deno task bench`.
"use strict";

module.exports = [
  {
    group: "varint decode",
    name: "better-sqlite3 SELECT sum(a) over 100k rows",
    setup(Database) {
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a INTEGER)");
      const ins = db.prepare("INSERT INTO t VALUES (?)");
      db.transaction(() => {
        for (let i = 0; i < 100000; i++) ins.run(i * 1000);
      })();
      const st = db.prepare("SELECT sum(a) FROM t");
      return () => st.get();
    },
  },
];
