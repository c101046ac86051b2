// better-sqlite3 twin of bench/record_bench.ts, run under Node by `deno task bench`.
"use strict";
const { iterateAll } = require("./btree_scan_bench.bs3.cjs");

module.exports = [
  {
    group: "record decode",
    name: "better-sqlite3 iterate SELECT * (100k rows)",
    setup: iterateAll,
  },
];
