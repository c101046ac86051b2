/**
 * PRAGMA integrity_check / quick_check content checks compared with real SQLite on damaged files:
 * an index entry removed behind SQLite's back ("row N missing from index", "wrong # of entries
 * in index") and a NULL stored in a NOT NULL column ("NULL value in t.a").
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Connection } from "../../src/api/connection.ts";
import { nodeRun, tsRun } from "./dml_oracle.ts";
import { Mem } from "../../src/vdbe/mem.ts";
import { makeRecord } from "../../src/vdbe/ops/record.ts";

Deno.test("pragma: integrity_check reports index and NOT NULL damage as SQLite does", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/d.db`;
  try {
    const n = new DatabaseSync(path);
    n.exec(
      "CREATE TABLE t(id INTEGER PRIMARY KEY, a, b); CREATE INDEX ta ON t(a); CREATE INDEX tb ON t(b, a);" +
        "INSERT INTO t VALUES(1, 'x', 10), (2, 'y', 20), (3, 'z', 30);" +
        "CREATE TABLE nn(a NOT NULL); INSERT INTO nn VALUES(1);",
    );
    n.close();
    // Damage behind SQLite's back through the b-tree layer: a NULL row in nn, and one entry
    // of index ta removed.
    const c = Connection.open(path);
    assert.deepEqual(tsRun(c, "PRAGMA integrity_check"), { rows: [[{ t: "ok" }]] });
    const e = c.engine;
    e.txn.ensureRead();
    e.pager.beginWrite();
    const nn = e.bt.cursor(e.schema.table("nn")!.rootPage, { write: true });
    const nul = [new Mem()];
    nn.insert(2, makeRecord(nul, 0, 1));
    nn.close();
    const ix = e.schema.index("ta")!;
    const cur = e.bt.cursor(ix.rootPage, { write: true });
    const key = [new Mem(), new Mem()];
    key[0].setText("y");
    key[1].setInt(2);
    const rec = makeRecord(key, 0, 2);
    assert.equal(cur.seekIndex(rec, 0, rec.length, 0), 0);
    cur.delete();
    cur.close();
    e.bt.commit();
    e.txn.endIdleRead();
    c.close();
    const real = new DatabaseSync(path);
    const c2 = Connection.open(path);
    try {
      for (
        const q of ["PRAGMA integrity_check", "PRAGMA quick_check", "PRAGMA integrity_check(1)"]
      ) {
        assert.deepEqual(tsRun(c2, q), nodeRun(real, q), q);
      }
    } finally {
      real.close();
      c2.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
