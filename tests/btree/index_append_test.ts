/**
 * Index inserts at the cursor (the append shortcut of insertIndex: a cursor left on the tree's
 * largest entry takes a larger key without a descent): ascending keys, interleaved with smaller
 * ones, equal keys and a DESC first column, give the same tree order as a seek each time, and the
 * file passes SQLite's integrity_check with the index matching its table.
 */
import assert from "node:assert/strict";
import { encodeRecord } from "../../src/format/record.ts";
import { createSchema, freshBtree, openInSqlite, prng, readIndexTs, tmpdir } from "./_util.ts";

const dir = tmpdir();

Deno.test("index: ascending keys append at the cursor; smaller and equal keys still seek", () => {
  const { pager, bt } = freshBtree(1024);
  const [t, i, j] = createSchema(bt, [
    { table: "t", sql: "CREATE TABLE t(a, b)" },
    { index: "ta", on: "t", sql: "CREATE INDEX ta ON t(a)" },
    { index: "tb", on: "t", sql: "CREATE INDEX tb ON t(b DESC)" },
  ]);
  const tc = bt.cursorOf(t, "table", { write: true });
  const ic = bt.cursorOf(i, "index", { write: true });
  const jc = bt.cursorOf(j, "index", { write: true, keyInfo: { collations: [], desc: [true] } });
  const r = prng(5);
  const want: [number | string, number][] = [];
  for (let k = 1; k <= 6000; k++) {
    // mostly ascending (appends), sometimes a smaller or a repeated key, then text above all ints
    const a = k > 5000
      ? `s${String(k).padStart(5, "0")}`
      : r() < 0.1
      ? Math.floor(r() * k)
      : r() < 0.05
      ? k - 1
      : k;
    const b = -k; // ascending rowid order = descending b: appends on the DESC index too
    tc.insert(k, encodeRecord([a, b]));
    ic.insertIndex(encodeRecord([a, k]));
    jc.insertIndex(encodeRecord([b, k]));
    want.push([a, k]);
  }
  want.sort((x, y) => {
    const tx = typeof x[0] === "string";
    const ty = typeof y[0] === "string";
    if (tx !== ty) return tx ? 1 : -1;
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1];
  });
  tc.close();
  ic.close();
  jc.close();
  const got = readIndexTs(bt, i, 2).map((row) =>
    (row as [string, unknown][]).map(([, v]) => typeof v === "bigint" ? Number(v) : v)
  );
  assert.deepEqual(got, want.map(([a, k]) => [a, k]));
  bt.commit();
  const db = openInSqlite(`${dir}/append.db`, pager.image());
  const n = db.prepare("SELECT count(*) AS n FROM t INDEXED BY tb WHERE b < 0").get() as {
    n: number;
  };
  assert.equal(n.n, 6000);
  db.close();
});
