// better-sqlite3 twin of bench/btree_seek_bench.ts, run under Node by `deno task bench`.
"use strict";
const { row, filledDb } = require("./btree_scan_bench.bs3.cjs");

function keys(count, n, seed = 7) {
  const out = [];
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out.push(1 + (s % n));
  }
  return out;
}

module.exports = [
  {
    group: "rowid seek",
    name: "better-sqlite3 SELECT * WHERE rowid=? (10k lookups)",
    setup(Database) {
      const st = filledDb(Database).prepare("SELECT * FROM t WHERE rowid = ?");
      const ids = keys(10000, 100000);
      return () => {
        let s = 0;
        for (const id of ids) s += st.get(id).a;
        return s;
      };
    },
  },
  {
    group: "index seek",
    name: "better-sqlite3 SELECT rowid WHERE b=? via index (10k lookups)",
    setup(Database) {
      const st = filledDb(Database).prepare("SELECT rowid FROM t WHERE b = ?");
      const names = keys(10000, 100000).map((i) => row(i)[1]);
      return () => {
        let s = 0;
        for (const n of names) s += st.get(n).rowid;
        return s;
      };
    },
  },
  {
    group: "cell lookup",
    name: "better-sqlite3 SELECT rowid WHERE rowid=? (10k probes)",
    setup(Database) {
      const st = filledDb(Database).prepare("SELECT rowid FROM t WHERE rowid = ?");
      const ids = keys(10000, 100000);
      return () => {
        let s = 0;
        for (const id of ids) s += st.get(id).rowid;
        return s;
      };
    },
  },
];
