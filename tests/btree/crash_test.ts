/**
 * Crash safety of b-tree work: a transaction that splits and merges pages,
 * writes and frees overflow chains and reuses the freelist is cut by a
 * power loss at every write (half of them torn) and every sync (fault VFS).
 * Afterwards real SQLite (which rolls back the hot journal) sees either the
 * old or the new contents — never a mix — and integrity_check is ok.
 */
import assert from "node:assert/strict";
import { Btree } from "../../src/btree/btree.ts";
import { readSchema } from "../../src/btree/schema_table.ts";
import { SqliteError } from "../../src/error.ts";
import { encodeRecord, RecordReader } from "../../src/format/record.ts";
import { Pager } from "../../src/pager/pager.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { FaultVfs } from "../../src/vfs/fault.ts";
import { DatabaseSync, prng, tmpdir } from "./_util.ts";

const dir = tmpdir();
const path = `${dir}/crash.db`;
{
  const db = new DatabaseSync(path);
  db.exec("PRAGMA page_size=1024; CREATE TABLE t(a, b); CREATE INDEX ta ON t(a)");
  db.exec("BEGIN");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  for (let i = 0; i < 400; i++) ins.run(i, "o".repeat(i % 25 === 0 ? 2500 : 60));
  db.exec("COMMIT");
  db.exec("DELETE FROM t WHERE a % 5 = 0");
  db.close();
}
const base = Deno.readFileSync(path);

function fingerprint(p: string): string {
  const db = new DatabaseSync(p);
  const ic =
    (db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check;
  const rows = db.prepare("SELECT rowid, a, length(b) AS n FROM t ORDER BY rowid").all();
  db.close();
  assert.equal(ic, "ok");
  return JSON.stringify(rows);
}

/** The same fingerprint read through tsqlite's pager (which rolls back a hot journal) and b-tree. */
function tsqliteFingerprint(p: string): string {
  const pager = new Pager(new DenoFileVfs(), p);
  try {
    const bt = new Btree(pager);
    pager.beginRead();
    const t = readSchema(bt).find((s) => s.name === "t")!.rootpage;
    const c = bt.cursorOf(t, "table");
    const rr = new RecordReader();
    const rows: { rowid: number; a: unknown; n: number }[] = [];
    for (let ok = c.first(); ok; ok = c.next()) {
      const pl = c.payload();
      rr.reset(pl.data, pl.offset, pl.length, 1);
      rows.push({ rowid: Number(c.rowid()), a: rr.value(0), n: rr.blob(1).length });
    }
    c.close();
    pager.endRead();
    return JSON.stringify(rows);
  } finally {
    pager.close();
  }
}

/** The transaction under test: inserts (some overflowing), deletes, index upkeep. */
function transaction(vfs: FaultVfs): void {
  const pager = new Pager(vfs, path, { cacheSize: 4 });
  try {
    const bt = new Btree(pager);
    pager.beginWrite();
    const schema = readSchema(bt);
    const t = schema.find((s) => s.name === "t")!.rootpage;
    const i = schema.find((s) => s.name === "ta")!.rootpage;
    const tc = bt.cursorOf(t, "table", { write: true });
    const ic = bt.cursorOf(i, "index", { write: true });
    const r = prng(9);
    for (let k = 0; k < 150; k++) {
      const id = 1000 + k;
      const a = 1000 + k;
      tc.insert(id, encodeRecord([a, "n".repeat(r() < 0.1 ? 3000 : 70)]));
      ic.insertIndex(encodeRecord([a, id]));
    }
    for (let id = 2; id <= 400; id += 3) {
      if (tc.seekRowid(id) !== 0) continue;
      tc.delete();
      if (ic.seekIndex(encodeRecord([id - 1, id])) === 0) ic.delete();
    }
    tc.close();
    ic.close();
    bt.commit();
  } finally {
    pager.close();
  }
}

function reset(): void {
  Deno.writeFileSync(path, base);
  try {
    Deno.removeSync(`${path}-journal`);
  } catch { /* none */ }
}

Deno.test("crash: power loss at every write and sync of a balancing b-tree commit leaves old or new state", () => {
  reset();
  const old = fingerprint(path);
  reset();
  const probe = new FaultVfs(new DenoFileVfs(), {}, { realSync: false });
  transaction(probe);
  const writes = probe.writes;
  const syncs = probe.syncs;
  const neu = fingerprint(path);
  assert.notEqual(old, neu);
  assert.ok(writes > 20, `writes ${writes}`);
  const seen = { old: 0, new: 0 };
  const points: { crashAtWrite?: number; crashAtSync?: number; tornWrite?: boolean }[] = [];
  for (let n = 1; n <= writes; n++) points.push({ crashAtWrite: n, tornWrite: n % 2 === 0 });
  for (let n = 1; n <= syncs; n++) points.push({ crashAtSync: n });
  for (const plan of points) {
    reset();
    const vfs = new FaultVfs(new DenoFileVfs(), plan, { realSync: false });
    try {
      transaction(vfs);
    } catch (e) {
      if (!(e instanceof SqliteError)) throw e;
    }
    vfs.powerLoss();
    let mine: string | null = null;
    if (points.indexOf(plan) % 5 === 0) {
      // tsqlite's own recovery (hot-journal rollback in the pager) on a copy agrees.
      const copy = `${dir}/copy.db`;
      Deno.copyFileSync(path, copy);
      try {
        Deno.copyFileSync(`${path}-journal`, `${copy}-journal`);
      } catch {
        try {
          Deno.removeSync(`${copy}-journal`);
        } catch { /* none */ }
      }
      mine = tsqliteFingerprint(copy);
      assert.equal(fingerprint(copy), mine);
    }
    const f = fingerprint(path);
    if (mine !== null) {
      assert.equal(mine, f, `${JSON.stringify(plan)}: tsqlite and SQLite disagree`);
    }
    assert.ok(f === old || f === neu, `${JSON.stringify(plan)}: a mix of states`);
    if (f === old) seen.old++;
    else seen.new++;
  }
  // In DELETE journal mode the commit point is the journal's deletion, which is neither a write
  // nor a sync, so every crash point here rolls back to the old state.
  assert.equal(seen.old + seen.new, points.length);
  assert.ok(seen.old > 0, JSON.stringify(seen));
});
