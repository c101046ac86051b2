// better-sqlite3 twin of bench/btree_scan_bench.ts, run under Node by `deno task bench`.
// Same data: 100k rows (INTEGER, TEXT, REAL, BLOB-or-NULL); iterate() over SELECT *.
"use strict";

function row(i) {
  return [
    i * 3,
    `name-${i}-${(i * 2654435761) % 100000}`,
    i / 7,
    i % 4 === 0 ? Buffer.from([i & 255, 7, 9]) : null,
  ];
}

function fill(db) {
  db.exec("CREATE TABLE t(a INTEGER, b TEXT, c REAL, d BLOB); CREATE INDEX t_b ON t(b)");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  db.transaction(() => {
    for (let i = 1; i <= 100000; i++) ins.run(...row(i));
  })();
}

/** A fresh in-memory database holding the data. */
function filledDb(Database) {
  const db = new Database(":memory:");
  fill(db);
  return db;
}

/** A fresh in-memory copy of the data and a function iterating SELECT * (returns the row count). */
function iterateAll(Database) {
  const st = filledDb(Database).prepare("SELECT * FROM t");
  return () => {
    let n = 0;
    for (const _r of st.iterate()) n++;
    return n;
  };
}

module.exports = [
  {
    group: "full scan",
    name: "better-sqlite3 iterate SELECT * (100k rows, 4 cols)",
    setup(Database) {
      const scan = iterateAll(Database);
      return () => {
        if (scan() !== 100000) throw new Error("rows");
      };
    },
  },
];
module.exports.row = row;
module.exports.fill = fill;
module.exports.filledDb = filledDb;
module.exports.iterateAll = iterateAll;
