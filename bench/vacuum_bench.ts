/**
 * VACUUM of a fragmented file: 20k rows (integer key, text, blob) with a text index and a
 * UNIQUE index, every third row deleted, written by SQLite; each iteration copies the file, opens
 * it, runs VACUUM and closes it (the copy and open are the same for both engines). Cold path
 * (api-layer orchestration over b-tree copies), measured for the ratio only.
 * Twin under Node: bench/vacuum_bench.bs3.cjs.
 */
import { DatabaseSync } from "node:sqlite";
import { Database } from "../src/api/database.ts";

const dir = Deno.makeTempDirSync();
const base = `${dir}/base.db`;
{
  const db = new DatabaseSync(base);
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB, c INT UNIQUE)");
  db.exec("CREATE INDEX ta ON t(a)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  for (let i = 1; i <= 20_000; i++) {
    ins.run(
      i,
      `name ${(i * 7919) % 20_000}`,
      new Uint8Array(20 + (i % 60)),
      (i * 48271) % 1_000_003,
    );
  }
  db.exec("COMMIT");
  db.exec("DELETE FROM t WHERE id % 3 = 0");
  db.close();
}

let k = 0;
Deno.bench({
  name: "node:sqlite copy + open + VACUUM",
  group: "vacuum 20k rows",
  baseline: true,
  n: 20,
  fn() {
    const f = `${dir}/n${k++}.db`;
    Deno.copyFileSync(base, f);
    const db = new DatabaseSync(f);
    db.exec("VACUUM");
    db.close();
    Deno.removeSync(f);
  },
});
Deno.bench({
  name: "tsqlite copy + open + VACUUM",
  group: "vacuum 20k rows",
  n: 20,
  fn() {
    const f = `${dir}/c${k++}.db`;
    Deno.copyFileSync(base, f);
    const db = new Database(f);
    db.exec("VACUUM");
    db.close();
    Deno.removeSync(f);
  },
});
