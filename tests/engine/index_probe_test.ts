/**
 * Index seeks and index-range loop ends (OP_SeekGE/GT/LE/LT, OP_IdxGE/GT/LE/LT, OP_Found /
 * NoConflict) go through the unpacked probe key (fillProbe → seekProbe / compareProbe), which
 * compares cells in place. Differential against node:sqlite on indexes with mixed-type values,
 * NOCASE/RTRIM collations, DESC columns, multi-column keys, a UNIQUE index (conflict checks) and a
 * WITHOUT ROWID table written by SQLite, with random keys of every storage class: same rows, types
 * and errors. Rows are compared as multisets where the query has no ORDER BY.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";
import { show } from "./select_harness.ts";
import { Pair } from "./select_table_harness.ts";

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = ["a", "A", "a ", "ab", "AB", "b", "B  ", "", "é", "É", "10", "2", "x y"];
const NUMS = [
  "0",
  "1",
  "-1",
  "2",
  "2.0",
  "2.5",
  "-0.0",
  "10",
  "127",
  "128",
  "40000",
  "9007199254740993",
  "9223372036854775807",
  "-9223372036854775808",
  "1e300",
  "0.5",
];

function literal(r: () => number): string {
  const k = Math.floor(r() * 10);
  if (k === 0) return "NULL";
  if (k <= 4) return NUMS[Math.floor(r() * NUMS.length)];
  if (k <= 8) return `'${TEXTS[Math.floor(r() * TEXTS.length)]}'`;
  return `x'${Math.floor(r() * 256).toString(16).padStart(2, "0")}'`;
}

const SCHEMA = `
CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT, c REAL, d);
CREATE INDEX ta ON t(a);
CREATE INDEX tb ON t(b COLLATE NOCASE DESC);
CREATE INDEX tca ON t(c, a DESC);
CREATE INDEX tdb ON t(d COLLATE RTRIM, b);
CREATE TABLE u(k, v);
CREATE UNIQUE INDEX uk ON u(k COLLATE NOCASE);
`;

Deno.test("index seeks with an unpacked probe match SQLite over mixed types, collations, DESC", () => {
  const r = rng(4242);
  const p = new Pair();
  try {
    p.exec(SCHEMA);
    p.exec("BEGIN");
    for (let i = 1; i <= 400; i++) {
      p.exec(
        `INSERT INTO t VALUES (${i}, ${literal(r)}, ${literal(r)}, ${literal(r)}, ${literal(r)})`,
      );
    }
    p.exec("COMMIT");
    const queries: [string, boolean][] = [];
    for (let q = 0; q < 400; q++) {
      const v = literal(r);
      const w2 = literal(r);
      switch (q % 12) {
        case 0:
          queries.push([`SELECT id, a FROM t WHERE a = ${v}`, false]);
          break;
        case 1:
          queries.push([`SELECT id FROM t WHERE a > ${v} AND a <= ${w2}`, false]);
          break;
        case 2:
          queries.push([`SELECT id, b FROM t WHERE b = ${v}`, false]);
          break;
        case 3:
          queries.push([
            `SELECT id FROM t WHERE b COLLATE NOCASE >= ${v} ORDER BY b DESC, id`,
            true,
          ]);
          break;
        case 4:
          queries.push([`SELECT id, c, a FROM t WHERE c = ${v} AND a < ${w2}`, false]);
          break;
        case 5:
          queries.push([
            `SELECT id FROM t WHERE c >= ${v} AND c < ${w2} ORDER BY c, a DESC, id`,
            true,
          ]);
          break;
        case 6:
          queries.push([`SELECT id, d FROM t WHERE d = ${v}`, false]);
          break;
        case 7:
          queries.push([`SELECT id FROM t WHERE d = ${v} AND b > ${w2}`, false]);
          break;
        case 8:
          queries.push([`SELECT id FROM t WHERE a < ${v} ORDER BY a DESC, id`, true]);
          break;
        case 9:
          queries.push([`SELECT id FROM t WHERE b = ${v} COLLATE NOCASE AND id > 100`, false]);
          break;
        case 10:
          queries.push([`SELECT id FROM t WHERE a IN (${v}, ${w2}, 2) ORDER BY id`, true]);
          break;
        default:
          queries.push([`SELECT count(*) FROM t WHERE a BETWEEN ${v} AND ${w2}`, true]);
      }
    }
    const diffs: string[] = [];
    for (const [sql, ordered] of queries) {
      const d = p.diff(sql, ordered);
      if (d !== null) diffs.push(d);
    }
    assert.deepEqual(diffs.slice(0, 5), []);
  } finally {
    p.close();
  }
});

Deno.test("UNIQUE NOCASE conflicts and IdxDelete find entries through the probe as SQLite does", () => {
  const r = rng(99);
  const p = new Pair();
  try {
    p.exec(SCHEMA);
    const diffs: string[] = [];
    for (let i = 0; i < 300; i++) {
      const k = literal(r);
      const sql = i % 5 === 4
        ? `DELETE FROM u WHERE k = ${k}`
        : i % 5 === 3
        ? `UPDATE u SET k = ${literal(r)} WHERE k = ${k}`
        : `INSERT INTO u VALUES (${k}, ${i})`;
      const a = p.tsq(sql);
      const b = p.refq(sql);
      const ea = "error" in a ? a.error : null;
      const eb = "error" in b ? b.error : null;
      if (ea !== eb) diffs.push(`${sql}: tsqlite ${ea} / sqlite ${eb}`);
    }
    const d = p.diff("SELECT k, v FROM u ORDER BY v");
    if (d !== null) diffs.push(d);
    const ic = p.diff("PRAGMA integrity_check");
    if (ic !== null) diffs.push(ic);
    assert.deepEqual(diffs.slice(0, 5), []);
  } finally {
    p.close();
  }
});

Deno.test("seeks into a WITHOUT ROWID table SQLite wrote (PRIMARY KEY(x, y DESC)) match SQLite", () => {
  const r = rng(7);
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/w.db`;
  const ref = new DatabaseSync(path);
  ref.exec("CREATE TABLE w(x, y, z, PRIMARY KEY(x, y DESC)) WITHOUT ROWID");
  ref.exec("BEGIN");
  for (let i = 0; i < 600; i++) {
    ref.exec(`INSERT OR IGNORE INTO w VALUES (${literal(r)}, ${literal(r)}, ${i})`);
  }
  ref.exec("COMMIT");
  const ts = Connection.open(path);
  const diffs: string[] = [];
  try {
    for (let q = 0; q < 200; q++) {
      const v = literal(r);
      const w2 = literal(r);
      const sql = q % 3 === 0
        ? `SELECT x, y, z FROM w WHERE x = ${v} ORDER BY y DESC`
        : q % 3 === 1
        ? `SELECT z FROM w WHERE x = ${v} AND y < ${w2} ORDER BY y DESC`
        : `SELECT z FROM w WHERE x >= ${v} AND x < ${w2} ORDER BY x, y DESC`;
      const st = ts.prepare(sql)!;
      const rows: unknown[][] = [];
      while (st.step()) {
        const row: unknown[] = [];
        for (let i = 0; i < st.columnCount; i++) row.push(st.columnValue(i, true));
        rows.push(row);
      }
      st.finalize();
      const rs = ref.prepare(sql);
      rs.setReadBigInts(true);
      (rs as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
      const want = show({ rows: rs.all() as unknown as unknown[][] });
      const got = show({ rows });
      if (want !== got) diffs.push(`${sql}\n  tsqlite: ${got}\n  sqlite:  ${want}`);
    }
  } finally {
    ts.close();
    ref.close();
  }
  assert.deepEqual(diffs.slice(0, 5), []);
});
