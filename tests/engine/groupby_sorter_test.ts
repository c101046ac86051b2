/**
 * GROUP BY and ORDER BY over larger inputs, differential against node:sqlite: the hash-aggregation
 * plan (src/vdbe/group_table.ts) and the sorter plan it falls back to (DISTINCT aggregates,
 * ORDER BY inside a call, user collations) must both give SQLite's rows, types and order —
 * mixed-type keys (integers equal to REALs, -0.0, big integers around 2^53 and 2^63, BLOBs,
 * NULLs), NOCASE/RTRIM keys, bare columns chosen by min()/max(), FILTER, HAVING, LIMIT, joins,
 * index-ordered GROUP BY (ascending and DESC indexes) and a fixed-seed random query mix.
 */
import { deepStrictEqual } from "node:assert/strict";
import { Pair } from "./select_table_harness.ts";

/** Deterministic LCG so the data and the random queries are the same on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const KEY_VALUES = [
  "NULL",
  "0",
  "-0.0",
  "0.0",
  "1",
  "1.0",
  "2",
  "2.5",
  "-3",
  "'a'",
  "'A'",
  "'a '",
  "'b'",
  "'B  '",
  "''",
  "'1'",
  "x'7f'",
  "x'0102'",
  "x''",
  "9007199254740992",
  "9007199254740993",
  "9007199254740992.0",
  "9223372036854775807",
  "9223372036854775807.0",
  "-9223372036854775808",
  "1e300",
];

/** Build the same table on both sides: `n` rows of mixed-type keys and values. */
export function build(n: number, seed: number): Pair {
  const p = new Pair();
  const r = lcg(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  p.exec(`
    CREATE TABLE t(id INTEGER PRIMARY KEY, k, kn TEXT COLLATE NOCASE, kr TEXT COLLATE RTRIM,
                   g INTEGER, h, v REAL, w, s TEXT);
    CREATE TABLE u(g INTEGER, name TEXT);
    CREATE INDEX tg ON t(g);
    CREATE INDEX th ON t(h DESC);
    CREATE INDEX tkr ON t(kr);
  `);
  const rows: string[] = [];
  for (let i = 1; i <= n; i++) {
    const k = pick(KEY_VALUES);
    const kn = pick(["'abc'", "'ABC'", "'Abc'", "'x'", "'X'", "NULL", "'abc '"]);
    const kr = pick(["'p'", "'p '", "'p  '", "'q'", "NULL", "'P'"]);
    const g = Math.floor(r() * 37) - 5;
    const h = pick(["NULL", "1", "2", "'two'", "3.5", "x'aa'"]);
    const v = r() < 0.1 ? "NULL" : (Math.floor(r() * 2000) / 8 - 100).toString();
    const w = pick([
      "NULL",
      String(Math.floor(r() * 100)),
      "'t" + Math.floor(r() * 9) + "'",
      "1.25",
    ]);
    const s = r() < 0.05 ? "NULL" : `'s${Math.floor(r() * 50)}'`;
    rows.push(`(${i},${k},${kn},${kr},${g},${h},${v},${w},${s})`);
  }
  for (let i = 0; i < rows.length; i += 500) {
    p.exec(`INSERT INTO t VALUES ${rows.slice(i, i + 500).join(",")}`);
  }
  p.exec(
    "INSERT INTO u VALUES (0,'zero'),(1,'one'),(2,'two'),(2,'deux'),(3,'three'),(NULL,'nil')",
  );
  return p;
}

const QUERIES = [
  // the benchmark's shape
  "SELECT g, count(*), sum(v), max(w) FROM t GROUP BY g",
  "SELECT g, count(*), sum(v), max(id) FROM t GROUP BY g",
  // mixed-type keys: 1 and 1.0 one group, -0.0 and 0, big integers vs REALs, BLOBs, NULL
  "SELECT k, typeof(k), count(*), total(v), min(id), max(id) FROM t GROUP BY k",
  "SELECT k, count(*) FROM t GROUP BY k ORDER BY count(*) DESC, k",
  "SELECT k, w, count(*), avg(v) FROM t GROUP BY k, w",
  "SELECT w, k, count(*) FROM t GROUP BY w, k HAVING count(*) > 3",
  // collations: the first row's spelling of each group
  "SELECT kn, count(*), group_concat(id) FROM t GROUP BY kn",
  "SELECT kr, length(kr), count(*) FROM t GROUP BY kr",
  "SELECT s COLLATE NOCASE, count(*) FROM t GROUP BY 1",
  "SELECT kn, kr, count(*), sum(g) FROM t GROUP BY kn, kr",
  "SELECT upper(kn), count(*) FROM t GROUP BY upper(kn)",
  // bare columns: the first row of the group, or the row min()/max() picked
  "SELECT g, id, s FROM t GROUP BY g",
  "SELECT g, max(v), id, s FROM t GROUP BY g",
  "SELECT g, min(v), id, w FROM t GROUP BY g",
  "SELECT k, min(w), max(w), id FROM t GROUP BY k",
  "SELECT g, min(v), max(id), s FROM t GROUP BY g",
  "SELECT g, max(v) FILTER (WHERE w > 50), id FROM t GROUP BY g",
  "SELECT g, max(v) FILTER (WHERE w > 50), min(s), id, s FROM t GROUP BY g",
  "SELECT kn, max(k), kn || '' FROM t GROUP BY kn",
  // identical calls are one accumulator: the last distinct min()/max() decides the bare columns
  "SELECT g, kr, max(v) FILTER (WHERE w > 20), min(k), MAX(v) FILTER (WHERE w > 20) FROM t GROUP BY g, kr",
  "SELECT max(v), min(s), max(v), id FROM t",
  // FILTER, HAVING on aggregates and keys, expressions over aggregates
  "SELECT g, count(*) FILTER (WHERE v > 0), sum(v) FILTER (WHERE w IS NOT NULL) FROM t GROUP BY g",
  "SELECT g % 5, count(*), sum(v) / count(*) FROM t GROUP BY g % 5 HAVING sum(v) > 100",
  "SELECT g, count(*) FROM t GROUP BY g HAVING g > 10 AND max(v) < 200",
  "SELECT g, total(v), avg(g), sum(id) FROM t WHERE v IS NOT NULL GROUP BY g",
  "SELECT s, group_concat(g, '-'), string_agg(w, ';') FROM t GROUP BY s",
  // DISTINCT aggregates and ORDER BY inside a call (the sorter plan)
  "SELECT g, count(DISTINCT w), sum(DISTINCT g) FROM t GROUP BY g",
  "SELECT k, count(DISTINCT kn) FROM t GROUP BY k",
  "SELECT g, group_concat(id ORDER BY v DESC, id) FROM t WHERE g < 3 GROUP BY g",
  "SELECT kn, group_concat(DISTINCT s ORDER BY s DESC) FROM t GROUP BY kn",
  // DISTINCT done by the call's ORDER BY table (bOBUnique): the last of equal values is stepped
  "SELECT kn, group_concat(DISTINCT kr ORDER BY kr) FROM t GROUP BY kn",
  "SELECT g, group_concat(DISTINCT k ORDER BY k DESC) FROM t WHERE g < 5 GROUP BY g",
  "SELECT group_concat(DISTINCT kn ORDER BY kn NULLS LAST), count(DISTINCT k ORDER BY k) FROM t",
  "SELECT g, max(v ORDER BY s), min(k ORDER BY id DESC) FROM t GROUP BY g",
  // ORDER BY / LIMIT over the groups
  "SELECT g, count(*) AS n FROM t GROUP BY g ORDER BY n DESC, g LIMIT 7",
  // as many ORDER BY as GROUP BY terms: the groups take the ORDER BY's DESC flags, so ties in the
  // ORDER BY come out in that group order
  "SELECT s, count(*) AS n FROM t GROUP BY s ORDER BY n DESC",
  "SELECT g % 7, max(v) AS m FROM t GROUP BY g % 7 ORDER BY count(*) DESC",
  "SELECT g % 3, kn, count(*) FROM t GROUP BY g % 3, kn ORDER BY 3 DESC",
  "SELECT g % 3, kn, count(*) FROM t GROUP BY g % 3, kn ORDER BY 3 DESC, 1 DESC",
  "SELECT g, sum(v) FROM t GROUP BY g ORDER BY g DESC LIMIT 5 OFFSET 3",
  "SELECT g, count(*) FROM t GROUP BY g LIMIT 4",
  // GROUP BY satisfied by an index (ascending and DESC): groups in index order
  "SELECT g, count(*) FROM t GROUP BY g",
  "SELECT h, count(*), typeof(h) FROM t GROUP BY h",
  "SELECT h, count(*) FROM t WHERE h IS NOT NULL GROUP BY h ORDER BY h DESC",
  "SELECT kr, count(*), min(id), max(v), id FROM t GROUP BY kr",
  "SELECT kr, g, count(*) FROM t GROUP BY kr, g",
  "SELECT h, h, max(kn), count(*) FROM t GROUP BY h, h",
  // joins and subqueries
  "SELECT u.name, count(*), sum(t.v) FROM t JOIN u ON t.g = u.g GROUP BY u.name",
  "SELECT u.g, count(t.id) FROM u LEFT JOIN t ON t.g = u.g AND t.v > 100 GROUP BY u.g",
  "SELECT g, (SELECT count(*) FROM u WHERE u.g = t.g), count(*) FROM t GROUP BY g",
  "SELECT g, count(*) FROM t GROUP BY g HAVING count(*) > (SELECT count(*) FROM u)",
  "SELECT x, count(*) FROM (SELECT g % 3 AS x, v FROM t) GROUP BY x",
  "SELECT * FROM (SELECT g, sum(v) AS sv FROM t GROUP BY g) WHERE sv > 0 ORDER BY sv",
  "SELECT g FROM t WHERE g IN (SELECT g FROM t GROUP BY g HAVING count(*) > 140) GROUP BY g",
  // DISTINCT over a grouped query, GROUP BY without aggregates
  "SELECT DISTINCT count(*) FROM t GROUP BY g",
  "SELECT k FROM t GROUP BY k",
  "SELECT kn, kr FROM t GROUP BY kr, kn",
  // ORDER BY without an index: the sorter on mixed types, DESC, NULLS FIRST/LAST, collations
  "SELECT id, k FROM t ORDER BY k, id",
  "SELECT id, k FROM t ORDER BY k DESC, id DESC",
  "SELECT id, w FROM t ORDER BY w NULLS LAST, id",
  "SELECT id, kn FROM t ORDER BY kn DESC NULLS FIRST, id",
  "SELECT id, kr, s FROM t ORDER BY kr, s COLLATE NOCASE DESC, id",
  "SELECT id, v FROM t ORDER BY v DESC LIMIT 20",
  "SELECT k, v FROM t ORDER BY k LIMIT 15 OFFSET 100",
  // equal keys keep SQLite's order, also through the ORDER BY … LIMIT trim
  "SELECT id, g FROM t ORDER BY g",
  "SELECT id, g FROM t ORDER BY g LIMIT 30",
  "SELECT id, g FROM t ORDER BY g DESC LIMIT 30 OFFSET 5",
  "SELECT id, k FROM t ORDER BY k COLLATE NOCASE DESC, kn LIMIT 40",
  "SELECT k FROM t WHERE g < 3 UNION ALL SELECT kn FROM t WHERE g > 30 ORDER BY 1 LIMIT 50",
  "SELECT DISTINCT k FROM t ORDER BY k DESC",
  // aggregate ORDER BY (a sorter per group) over mixed types; JSON subtypes through a sorter
  "SELECT g, group_concat(k, '|' ORDER BY k DESC, id) FROM t WHERE g < 4 GROUP BY g",
  "SELECT json_group_array(j) FROM (SELECT json_array(id, g) AS j FROM t WHERE g < 0 ORDER BY s, id)",
  "SELECT g, json_group_array(json_array(id, k) ORDER BY s DESC, id) FROM t WHERE g < 1 GROUP BY g",
];

Deno.test("GROUP BY over 3000 mixed-type rows matches node:sqlite", () => {
  const p = build(3000, 7);
  try {
    const diffs: string[] = [];
    for (const q of QUERIES) {
      const d = p.diff(q);
      if (d !== null) diffs.push(d);
    }
    deepStrictEqual(diffs, []);
  } finally {
    p.close();
  }
});

Deno.test("GROUP BY: plans keep SQLite's temp b-tree / index choice", () => {
  const p = build(200, 3);
  try {
    for (
      const q of [
        "SELECT k, count(*) FROM t GROUP BY k",
        "SELECT g, count(*) FROM t GROUP BY g",
        "SELECT h, count(*) FROM t GROUP BY h",
        "SELECT g, count(*) FROM t WHERE v > 0 GROUP BY g",
        "SELECT kn, count(*) FROM t GROUP BY kn",
        "SELECT kr, count(*) FROM t GROUP BY kr",
        "SELECT h, h, max(kn) FROM t GROUP BY h, h",
        // resetAccumulator's temp b-tree lines, minMaxQuery's SEARCH
        "SELECT count(DISTINCT s) FROM t",
        "SELECT count(DISTINCT g) FROM t",
        "SELECT count(DISTINCT id) FROM t",
        "SELECT g, count(DISTINCT w), sum(DISTINCT v) FROM t GROUP BY g",
        "SELECT s, group_concat(v ORDER BY v) FROM t GROUP BY s",
        "SELECT group_concat(DISTINCT s ORDER BY s DESC), count(DISTINCT w) FROM t",
        "SELECT group_concat(DISTINCT s COLLATE nocase ORDER BY s) FROM t",
        "SELECT (SELECT count(DISTINCT name) FROM u) FROM t",
        "SELECT max(v ORDER BY s) FROM t",
        "SELECT max(v), count(*) FROM t",
        "SELECT max(DISTINCT v) FROM t",
        "SELECT min(v) + 1, id FROM t",
        "SELECT max(v), max(v) FROM t, u",
        "SELECT max(v) FILTER (WHERE g > 1) FROM t",
      ]
    ) {
      const eqp = (side: "ts" | "ref") => {
        const o = side === "ts"
          ? p.tsq(`EXPLAIN QUERY PLAN ${q}`)
          : p.refq(`EXPLAIN QUERY PLAN ${q}`);
        if (!("rows" in o)) throw new Error(o.error);
        return o.rows.map((r) => r[3]);
      };
      deepStrictEqual(eqp("ts"), eqp("ref"), q);
    }
  } finally {
    p.close();
  }
});

Deno.test("GROUP BY: errors and empty inputs match node:sqlite", () => {
  const p = build(50, 11);
  try {
    p.exec("CREATE TABLE e(a, b)");
    p.exec("CREATE TABLE big(a, b); INSERT INTO big VALUES (1, 9223372036854775807), (1, 1)");
    const diffs: string[] = [];
    for (
      const q of [
        "SELECT a, count(*) FROM e GROUP BY a",
        "SELECT count(*) FROM e GROUP BY a",
        "SELECT a, sum(b) FROM big GROUP BY a",
        "SELECT a, total(b), avg(b) FROM big GROUP BY a",
        "SELECT g, count(*) FROM t GROUP BY g HAVING nosuch > 1",
        "SELECT g, count(*) FROM t GROUP BY count(*)",
        "SELECT g FROM t GROUP BY 9",
      ]
    ) {
      const d = p.diff(q);
      if (d !== null) diffs.push(d);
    }
    deepStrictEqual(diffs, []);
  } finally {
    p.close();
  }
});

/** One random grouped query over `build`'s table `t` (the fixed-seed test and the soak). */
export function randomGroupQuery(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const keys = ["k", "kn", "kr", "g", "h", "w", "s", "g % 4", "k || ''", "kn COLLATE BINARY"];
  const aggs = [
    "count(*)",
    "count(w)",
    "sum(v)",
    "total(g)",
    "avg(v)",
    "min(k)",
    "max(kn)",
    "max(v)",
    "min(w)",
    "group_concat(s)",
    "count(DISTINCT g)",
    "sum(g) FILTER (WHERE v > 0)",
    "max(v) FILTER (WHERE w > 20)",
    "group_concat(id, ';' ORDER BY v DESC, id)",
    "group_concat(DISTINCT kr ORDER BY kr)",
    "string_agg(DISTINCT w, '|')",
  ];
  const nk = 1 + Math.floor(r() * 2);
  const ks: string[] = [];
  for (let j = 0; j < nk; j++) ks.push(pick(keys));
  const as: string[] = [];
  for (let j = 0; j < 1 + Math.floor(r() * 3); j++) as.push(pick(aggs));
  const bare = r() < 0.3 ? ", id" : "";
  const where = r() < 0.3 ? ` WHERE v > ${Math.floor(r() * 200) - 100}` : "";
  const having = r() < 0.2 ? " HAVING count(*) > 5" : "";
  const order = r() < 0.2 ? pick([" ORDER BY 2 DESC", " ORDER BY 2"]) : "";
  const limit = r() < 0.15 ? ` LIMIT ${Math.floor(r() * 20)}` : "";
  return `SELECT ${ks.join(", ")}, ${as.join(", ")}${bare} FROM t${where} GROUP BY ${
    ks.join(", ")
  }${having}${order}${limit}`;
}

Deno.test("GROUP BY: fixed-seed random grouped queries match node:sqlite", () => {
  const p = build(1500, 23);
  const r = lcg(99);
  try {
    const diffs: string[] = [];
    for (let i = 0; i < 150; i++) {
      const d = p.diff(randomGroupQuery(r));
      if (d !== null) diffs.push(d);
    }
    deepStrictEqual(diffs, []);
  } finally {
    p.close();
  }
});
