/**
 * Pager hot paths: cache-hit get/release, cache-miss reads from a real file,
 * and a small commit. node:sqlite is the baseline in each group, but SQLite
 * exposes no page-level API, so its side is the nearest comparable *query*
 * (a rowid point lookup, which fetches 2-3 cached pages through the whole SQL
 * stack; a scan; an UPDATE transaction). Read the ratios as "how much of the
 * budget the pager leaves for the layers above", not as like-for-like.
 *
 * Run: deno bench -A bench/pager_bench.ts
 */
import { DatabaseSync } from "node:sqlite";
import { Pager } from "../src/pager/pager.ts";
import { DenoFileVfs } from "../src/vfs/deno_file.ts";

const dir = (() => {
  try {
    if (Deno.statSync("/dev/shm").isDirectory) return Deno.makeTempDirSync({ dir: "/dev/shm" });
  } catch { /* no tmpfs */ }
  return Deno.makeTempDirSync();
})();
const path = `${dir}/bench.db`;
{
  const db = new DatabaseSync(path);
  db.exec("PRAGMA page_size=4096; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  db.exec("BEGIN");
  for (let i = 1; i <= 20000; i++) ins.run(i, "x".repeat(150));
  db.exec("COMMIT");
  db.close();
}

const pager = new Pager(new DenoFileVfs(), path, { cacheSize: 5000 });
pager.beginRead();
const N = pager.pageCount();
for (let pg = 1; pg <= N; pg++) pager.release(pager.get(pg)); // warm
const sql = new DatabaseSync(path);
sql.exec("PRAGMA cache_size=5000");
const lookup = sql.prepare("SELECT v FROM t WHERE id = ?");
for (let i = 1; i <= 20000; i++) lookup.get(i);

Deno.bench({
  name: "node:sqlite: 1000 rowid point lookups (cached)",
  group: "hit",
  baseline: true,
  fn() {
    for (let i = 0; i < 1000; i++) lookup.get(1 + ((i * 7919) % 20000));
  },
});
Deno.bench({
  name: "tsqlite pager: 1000 get+release (cache hit)",
  group: "hit",
  fn() {
    for (let i = 0; i < 1000; i++) pager.release(pager.get(1 + ((i * 7919) % N)));
  },
});

const cold = new Pager(new DenoFileVfs(), path, { cacheSize: 10 });
const scan = sql.prepare("SELECT count(*) FROM (SELECT v FROM t LIMIT 4000)");
const sqlCold = new DatabaseSync(path);
sqlCold.exec("PRAGMA cache_size=10");
const scanCold = sqlCold.prepare("SELECT sum(length(v)) FROM t WHERE id <= 4000");
Deno.bench({
  name: "node:sqlite: scan 4000 rows (~160 leaf pages) with cache_size=10",
  group: "miss",
  baseline: true,
  fn() {
    scanCold.get();
  },
});
Deno.bench({
  name: "tsqlite pager: 160 page reads from the file (cache_size=10)",
  group: "miss",
  fn() {
    cold.beginRead();
    for (let pg = 2; pg < 162; pg++) cold.release(cold.get(pg));
    cold.endRead();
  },
});
void scan;

const wpath = `${dir}/write.db`;
Deno.copyFileSync(path, wpath);
const wsql = new DatabaseSync(`${dir}/write2.db`);
wsql.exec("PRAGMA synchronous=off; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
{
  const ins = wsql.prepare("INSERT INTO t VALUES (?, ?)");
  wsql.exec("BEGIN");
  for (let i = 1; i <= 20000; i++) ins.run(i, "x".repeat(150));
  wsql.exec("COMMIT");
}
const upd = wsql.prepare("UPDATE t SET v = ? WHERE id = ?");
let gen = 0;
Deno.bench({
  name: "node:sqlite: UPDATE 10 rows on 10 pages + COMMIT (synchronous=off)",
  group: "commit",
  baseline: true,
  fn() {
    gen++;
    wsql.exec("BEGIN");
    for (let k = 0; k < 10; k++) upd.run("y".repeat(150 - (gen % 2)), 1 + k * 1900);
    wsql.exec("COMMIT");
  },
});
const wp = new Pager(new DenoFileVfs(), wpath, { synchronous: "off" });
Deno.bench({
  name: "tsqlite pager: write 10 pages + commit (synchronous=off, journal_mode=delete)",
  group: "commit",
  fn() {
    wp.beginWrite();
    for (let k = 0; k < 10; k++) {
      const p = wp.get(2 + k * 40);
      wp.write(p);
      p.data[4000] ^= 1;
      wp.release(p);
    }
    wp.commit();
  },
});

globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(dir, { recursive: true });
  } catch { /* ignore */ }
});
