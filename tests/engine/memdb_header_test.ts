/**
 * The header of a ":memory:" database follows pager.c's MEMDB rules: its commits never touch the
 * change counter, version-valid-for or library version (bytes 24, 92, 96 stay 0), and the
 * in-header page count (28) follows the size. A deserialized image is an ordinary file to the
 * pager: its commits bump the counter. Checked against better-sqlite3 (run under Node) on the
 * same statement sequence, through `serialize()`.
 */
import assert from "node:assert/strict";
import { Database } from "../../mod.ts";

const STEPS = [
  "CREATE TABLE t(a)",
  "INSERT INTO t VALUES(1)",
  "INSERT INTO t SELECT zeroblob(3000) FROM (SELECT 1 UNION SELECT 2 UNION SELECT 3)",
  "INSERT INTO t VALUES(2)",
  "BEGIN; INSERT INTO t VALUES(3); ROLLBACK",
  "UPDATE t SET a = 7 WHERE rowid = 1",
];

type Fields = number[];

function fields(b: Uint8Array): Fields {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return [v.getUint32(24), v.getUint32(28), v.getUint32(92), v.getUint32(96), b.length / 4096];
}

/** better-sqlite3's header fields after each step, then after one write to a deserialized copy. */
async function reference(): Promise<Fields[]> {
  const script = `
    const Database = require(${
    JSON.stringify(
      new URL("../oracle/node_modules/better-sqlite3", import.meta.url).pathname,
    )
  });
    const f = (b) => [b.readUInt32BE(24), b.readUInt32BE(28), b.readUInt32BE(92), b.readUInt32BE(96), b.length / 4096];
    const db = new Database(":memory:");
    const out = [];
    for (const s of ${JSON.stringify(STEPS)}) { db.exec(s); out.push(f(db.serialize())); }
    const d2 = new Database(db.serialize());
    d2.exec("INSERT INTO t VALUES(9)");
    out.push(f(d2.serialize()));
    process.stdout.write(JSON.stringify(out));
  `;
  const o = await new Deno.Command("node", { args: ["-e", script], stdout: "piped" }).output();
  assert.ok(o.success, "better-sqlite3 ran");
  return JSON.parse(new TextDecoder().decode(o.stdout));
}

Deno.test(":memory: commits leave the change counter alone and keep the page count, as SQLite's MEMDB", async () => {
  const want = await reference();
  const db = new Database(":memory:");
  const got: Fields[] = [];
  for (const s of STEPS) {
    db.exec(s);
    got.push(fields(db.serialize()));
  }
  const d2 = new Database(db.serialize());
  d2.exec("INSERT INTO t VALUES(9)");
  got.push(fields(d2.serialize()));
  assert.deepEqual(got, want);
  assert.deepEqual(got[0].slice(0, 4), [0, 2, 0, 0]);
  assert.equal(got[got.length - 1][0], 1, "the deserialized copy counts its commit");
  db.close();
  d2.close();
});
