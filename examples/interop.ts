/**
 * Interoperability, both ways, each checked: a database file written by tsqlite is read by
 * better-sqlite3 (real SQLite, under Node through the test oracle harness), and a file written by
 * better-sqlite3 is read — and then modified — by tsqlite and read back by real SQLite.
 *
 * Run: `deno run -A examples/interop.ts` (needs tests/oracle set up: `deno task test` does it).
 * @module
 */
import { deepStrictEqual } from "node:assert/strict";
import Database from "../mod.ts";
import { BetterSqlite3Oracle } from "../tests/oracle/bs3.ts";

const ROWS = [
  { id: 1, name: "alpha", score: 1.5, data: new Uint8Array([1, 2, 3]) },
  { id: 2, name: "beta — ünïcode", score: -2, data: null },
  { id: 3, name: "gamma", score: 1e100, data: new Uint8Array([]) },
];

/** Run both directions in `dir`; throws if any check fails. */
export async function interop(dir: string): Promise<void> {
  const oracle = new BetterSqlite3Oracle();
  try {
    // 1. tsqlite writes, better-sqlite3 reads.
    const a = `${dir}/from_tsqlite.db`;
    const db = new Database(a);
    db.exec("CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)");
    db.exec("CREATE INDEX item_name ON item(name)");
    const ins = db.prepare("INSERT INTO item VALUES (@id, @name, @score, @data)");
    db.transaction(() => ROWS.forEach((r) => ins.run(r)))();
    db.close();
    const h = await oracle.open(a, { readonly: true });
    const read = await oracle.query(h, "SELECT * FROM item ORDER BY id");
    deepStrictEqual(read, ROWS);
    deepStrictEqual(await oracle.pragma(h, "integrity_check", { simple: true }), "ok");
    await oracle.closeDb(h);
    console.log("better-sqlite3 read what tsqlite wrote:", (read as unknown[]).length, "rows");

    // 2. better-sqlite3 writes, tsqlite reads and appends, better-sqlite3 reads again.
    const b = `${dir}/from_sqlite.db`;
    const w = await oracle.open(b);
    await oracle.exec(w, "CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT NOT NULL)");
    for (let i = 1; i <= 500; i++) {
      await oracle.query(w, "INSERT INTO log(msg) VALUES (?)", [`message ${i}`], "run");
    }
    await oracle.closeDb(w);
    const t = new Database(b);
    const count = t.prepare("SELECT count(*) FROM log").pluck().get();
    deepStrictEqual(count, 500);
    deepStrictEqual(t.prepare("SELECT msg FROM log WHERE id = ?").pluck().get(250), "message 250");
    t.prepare("INSERT INTO log(msg) VALUES (?)").run("added by tsqlite");
    t.close();
    const r = await oracle.open(b, { readonly: true });
    deepStrictEqual(await oracle.query(r, "SELECT count(*) AS n FROM log", [], "get"), { n: 501 });
    deepStrictEqual(
      await oracle.query(r, "SELECT msg FROM log ORDER BY id DESC LIMIT 1", [], "get"),
      { msg: "added by tsqlite" },
    );
    deepStrictEqual(await oracle.pragma(r, "integrity_check", { simple: true }), "ok");
    await oracle.closeDb(r);
    console.log("tsqlite read and extended what real SQLite wrote: 501 rows, integrity ok");
  } finally {
    await oracle.close();
  }
}

if (import.meta.main) {
  const dir = Deno.makeTempDirSync();
  try {
    await interop(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}
