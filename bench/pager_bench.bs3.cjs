// better-sqlite3 twin of bench/pager_bench.ts, run under Node by `deno task bench` (bench/run.ts).
// Same data and the same comparable queries as the node:sqlite baselines there (SQLite has no
// page-level API, so these are the nearest queries, not like-for-like).
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

function makeDb(Database) {
  const dir = fs.mkdtempSync(
    path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "pbench-"),
  );
  const file = path.join(dir, "bench.db");
  const db = new Database(file);
  db.exec("PRAGMA page_size=4096; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  db.transaction(() => {
    for (let i = 1; i <= 20000; i++) ins.run(i, "x".repeat(150));
  })();
  return { db, file };
}

module.exports = [
  {
    group: "hit",
    name: "better-sqlite3: 1000 rowid point lookups (cached)",
    setup(Database) {
      const { db } = makeDb(Database);
      db.pragma("cache_size=5000");
      const lookup = db.prepare("SELECT v FROM t WHERE id = ?");
      for (let i = 1; i <= 20000; i++) lookup.get(i);
      return () => {
        for (let i = 0; i < 1000; i++) lookup.get(1 + ((i * 7919) % 20000));
      };
    },
  },
  {
    group: "miss",
    name: "better-sqlite3: scan 4000 rows (~160 leaf pages) with cache_size=10",
    setup(Database) {
      const { db } = makeDb(Database);
      db.pragma("cache_size=10");
      const scan = db.prepare("SELECT sum(length(v)) FROM t WHERE id <= 4000");
      return () => scan.get();
    },
  },
  {
    group: "commit",
    name: "better-sqlite3: UPDATE 10 rows on 10 pages + COMMIT (synchronous=off)",
    setup(Database) {
      const { db } = makeDb(Database);
      db.pragma("synchronous=off");
      const upd = db.prepare("UPDATE t SET v = ? WHERE id = ?");
      let gen = 0;
      const txn = db.transaction(() => {
        gen++;
        for (let k = 0; k < 10; k++) upd.run("y".repeat(150 - (gen % 2)), 1 + k * 1900);
      });
      return () => txn();
    },
  },
];
