/**
 * Appending rows in rowid order builds the same file as SQLite, byte for byte: when a table's
 * root leaf first overflows, btree.c's balance() runs balance_deeper and then balance_quick on
 * the new child (the root is not page 1), so the first leaf stays full and the new row starts a
 * page of its own — as every later rightmost-leaf overflow does.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";

function run(conn: Connection, sql: string): void {
  const st = conn.prepare(sql);
  if (st === null) return;
  try {
    while (st.step()) { /* no rows expected */ }
  } finally {
    st.finalize();
  }
}

Deno.test("btree: rowid-order appends give SQLite's file byte for byte (root split = deeper + quick)", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const sql = [
      "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT)",
      "CREATE TABLE u(x)",
      "BEGIN",
    ];
    for (let i = 1; i <= 3000; i++) {
      sql.push(`INSERT INTO t VALUES(${i}, '${"v".repeat(i % 40)}')`, `INSERT INTO u VALUES(${i})`);
    }
    sql.push("COMMIT");
    const n = new DatabaseSync(`${dir}/n.db`);
    for (const s of sql) n.exec(s);
    n.close();
    const c = Connection.open(`${dir}/c.db`);
    for (const s of sql) run(c, s);
    c.close();
    const a = Deno.readFileSync(`${dir}/n.db`);
    const b = Deno.readFileSync(`${dir}/c.db`);
    assert.equal(b.length, a.length);
    let firstDiff = -1;
    for (let i = 0; i < a.length && firstDiff < 0; i++) if (a[i] !== b[i]) firstDiff = i;
    assert.equal(
      firstDiff,
      -1,
      `first differing byte ${firstDiff} (page ${Math.floor(firstDiff / 4096) + 1})`,
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
