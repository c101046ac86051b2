// better-sqlite3 twin of bench/api_bench.ts, run under Node by `deno task bench` (bench/run.ts).
// Each entry: { group, name, setup(Database) → function to time }. Same data as the Deno file.
"use strict";

function fill(db) {
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, r REAL, s TEXT, u TEXT, n INTEGER)");
  let values = "";
  for (let i = 0; i < 1000; i++) {
    values += `${i ? "," : ""}(${i}, ${i * 1.5}, 'name ${i}', 'some longer text value ${i}', ${
      i * 7
    })`;
  }
  db.exec(`INSERT INTO t VALUES ${values}`);
  db.exec("CREATE TABLE w(a INTEGER, b TEXT)");
}

module.exports = [
  {
    group: "api get SELECT 1",
    name: "better-sqlite3 get SELECT 1",
    setup(Database) {
      const db = new Database(":memory:");
      const st = db.prepare("SELECT 1");
      return () => st.get();
    },
  },
  {
    group: "api all 1000x5",
    name: "better-sqlite3 all 1000x5",
    setup(Database) {
      const db = new Database(":memory:");
      fill(db);
      const st = db.prepare("SELECT * FROM t");
      return () => st.all();
    },
  },
  {
    group: "api transaction 10k run",
    name: "better-sqlite3 transaction 10k run",
    setup(Database) {
      const db = new Database(":memory:");
      fill(db);
      const ins = db.prepare("INSERT INTO w VALUES (?, ?)");
      const del = db.prepare("DELETE FROM w");
      const tx = db.transaction(() => {
        for (let i = 0; i < 10000; i++) ins.run(i, "v");
      });
      return () => {
        tx();
        del.run();
      };
    },
  },
  {
    group: "api prepare+run INSERT",
    name: "better-sqlite3 prepare+run point INSERT",
    setup(Database) {
      const db = new Database(":memory:");
      fill(db);
      let n = 0;
      return () => db.prepare("INSERT INTO w VALUES (?, ?)").run(n++, "v");
    },
  },
  {
    group: "api prepare+get SELECT",
    name: "better-sqlite3 prepare+get point SELECT",
    setup(Database) {
      const db = new Database(":memory:");
      fill(db);
      let n = 0;
      return () => db.prepare("SELECT * FROM t WHERE id = ?").get(n++ % 1000);
    },
  },
];
