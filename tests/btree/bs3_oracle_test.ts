/**
 * The oracle, better-sqlite3 (under Node): files tsqlite's b-tree
 * writes pass its integrity_check and read back the same rows, and a file
 * better-sqlite3 writes reads back the same through tsqlite.
 */
import assert from "node:assert/strict";
import { BetterSqlite3Oracle } from "../oracle/bs3.ts";
import { Btree } from "../../src/btree/btree.ts";
import { readSchema } from "../../src/btree/schema_table.ts";
import { encodeRecord, RecordReader } from "../../src/format/record.ts";
import { MemPager } from "./_mem_pager.ts";
import { createSchema, freshBtree, prng, tmpdir } from "./_util.ts";

const dir = tmpdir();

Deno.test("bs3: a tsqlite-written table + index passes better-sqlite3's integrity_check and reads back", async () => {
  const { pager, bt } = freshBtree(2048);
  const [t, i] = createSchema(bt, [
    { table: "t", sql: "CREATE TABLE t(a, b)" },
    { index: "t_a", on: "t", sql: "CREATE INDEX t_a ON t(a)" },
  ]);
  const tc = bt.cursorOf(t, "table", { write: true });
  const ic = bt.cursorOf(i, "index", { write: true });
  const r = prng(8);
  const model = new Map<number, [number, string]>();
  for (let k = 0; k < 8000; k++) {
    const id = 1 + Math.floor(r() * 4000);
    const old = model.get(id);
    if (old && r() < 0.4) {
      assert.equal(tc.seekRowid(id), 0);
      tc.delete();
      assert.equal(ic.seekIndex(encodeRecord([old[0], id])), 0);
      ic.delete();
      model.delete(id);
    } else if (!old) {
      const a = Math.floor(r() * 1e6);
      const b = "b".repeat(Math.floor(r() * (r() < 0.05 ? 5000 : 100)));
      tc.insert(id, encodeRecord([a, b]));
      ic.insertIndex(encodeRecord([a, id]));
      model.set(id, [a, b]);
    }
  }
  tc.close();
  ic.close();
  bt.commit();
  const path = `${dir}/ts.db`;
  Deno.writeFileSync(path, pager.image());
  const o = new BetterSqlite3Oracle();
  try {
    const db = await o.open(path);
    assert.deepEqual(await o.pragma(db, "integrity_check", { simple: true }), "ok");
    const rows = (await o.query(db, "SELECT rowid AS id, a, b FROM t ORDER BY rowid")) as {
      id: number;
      a: number;
      b: string;
    }[];
    assert.equal(rows.length, model.size);
    for (const row of rows) assert.deepEqual([row.a, row.b], model.get(row.id));
    await o.closeDb(db);
  } finally {
    await o.close();
  }
});

Deno.test("bs3: a better-sqlite3-written file reads back through tsqlite", async () => {
  const path = `${dir}/bs3.db`;
  const o = new BetterSqlite3Oracle();
  let want: { id: number; a: unknown; b: unknown }[];
  try {
    const db = await o.open(path);
    await o.exec(db, "CREATE TABLE t(a, b); CREATE INDEX t_b ON t(b)");
    await o.scenario(
      `const db = new Database(args.path);
       const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
       db.transaction(() => { for (let i = 0; i < 3000; i++) ins.run(i * 1.5, "v" + i + "x".repeat(i % 97 === 0 ? 4000 : 5)); })();
       db.close();
       return null;`,
      { path },
    );
    want = (await o.query(db, "SELECT rowid AS id, a, b FROM t ORDER BY rowid")) as typeof want;
    await o.closeDb(db);
  } finally {
    await o.close();
  }
  const bt = new Btree(new MemPager(Deno.readFileSync(path), 4096, 0, true));
  const root = readSchema(bt).find((s) => s.name === "t")!.rootpage;
  const c = bt.cursorOf(root, "table");
  const rr = new RecordReader();
  const got: { id: number; a: unknown; b: unknown }[] = [];
  for (let ok = c.first(); ok; ok = c.next()) {
    const p = c.payload();
    rr.reset(p.data, p.offset, p.length, 1);
    got.push({ id: Number(c.rowid()), a: rr.value(0), b: rr.value(1) });
  }
  c.close();
  assert.equal(got.length, 3000);
  assert.deepEqual(got, want);
});
