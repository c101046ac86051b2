// better-sqlite3 twin of bench/vacuum_bench.ts, run under Node by `deno task bench`.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports = [
  {
    group: "vacuum 20k rows",
    name: "better-sqlite3 copy + open + VACUUM",
    setup(Database) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vac"));
      const base = path.join(dir, "base.db");
      const db = new Database(base);
      db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB, c INT UNIQUE)");
      db.exec("CREATE INDEX ta ON t(a)");
      const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
      db.transaction(() => {
        for (let i = 1; i <= 20000; i++) {
          ins.run(
            i,
            `name ${(i * 7919) % 20000}`,
            Buffer.alloc(20 + (i % 60)),
            (i * 48271) % 1000003,
          );
        }
      })();
      db.exec("DELETE FROM t WHERE id % 3 = 0");
      db.close();
      let k = 0;
      return () => {
        const f = path.join(dir, `b${k++}.db`);
        fs.copyFileSync(base, f);
        const d = new Database(f);
        d.exec("VACUUM");
        d.close();
        fs.unlinkSync(f);
      };
    },
  },
];
