// better-sqlite3 twin of bench/vtab_bench.ts, run under Node by `deno task bench`
// (bench/run.ts). Same documents and generator as the Deno file.
"use strict";

const DOC = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ k: i, s: `v${i}` })));

module.exports = [
  {
    group: "json_each",
    name: "better-sqlite3 json_each over 1,000 elements",
    setup(Database) {
      const db = new Database(":memory:");
      const st = db.prepare("SELECT count(*), sum(json_extract(value, '$.k')) FROM json_each(?)");
      return () => st.get(DOC);
    },
  },
  {
    group: "table_generator",
    name: "better-sqlite3 db.table generator, 1,000 rows",
    setup(Database) {
      const db = new Database(":memory:");
      db.table("series", {
        columns: ["v"],
        *rows(n) {
          for (let i = 0; i < n; i++) yield [i];
        },
      });
      const st = db.prepare("SELECT v FROM series(1000)").pluck();
      return () => st.all();
    },
  },
];
