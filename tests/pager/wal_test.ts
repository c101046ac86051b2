// Databases SQLite left in WAL mode with an uncheckpointed -wal: the tsqlite pager reads exactly
// what SQLite reads (differentially, also for torn/corrupted logs and big-endian checksums), and
// folds the log into the file before writing with its rollback journal.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Pager } from "../../src/pager/pager.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { FaultVfs } from "../../src/vfs/fault.ts";
import { walChecksum } from "../../src/pager/wal.ts";
import { fileExists, integrity, pragma, readThroughPager, withDir } from "./fixtures.ts";
import { rng } from "./helpers.ts";

/** A WAL-mode database with several commits living only in its -wal (copied while SQLite has it open). */
function walDb(dir: string, pageSize = 1024): { db: Uint8Array; wal: Uint8Array } {
  const path = `${dir}/live.db`;
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA page_size=${pageSize}; PRAGMA journal_mode=wal; PRAGMA wal_autocheckpoint=0;`);
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT); CREATE INDEX ta ON t(a);");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  db.exec("BEGIN");
  for (let i = 1; i <= 200; i++) ins.run(i, `first ${i}`.padEnd(30, "."));
  db.exec("COMMIT");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); // part of the data in the main file…
  db.exec("BEGIN");
  for (let i = 201; i <= 600; i++) ins.run(i, `second ${i}`.padEnd(40, "-"));
  db.exec("COMMIT");
  db.exec("UPDATE t SET a = 'updated' WHERE id % 5 = 0");
  db.exec("DELETE FROM t WHERE id % 7 = 0");
  db.exec("PRAGMA user_version = 77"); // …the rest only in the log
  const out = { db: Deno.readFileSync(path), wal: Deno.readFileSync(`${path}-wal`) };
  db.close();
  return out;
}

/** What SQLite reads from (db, wal): open a copy, checkpoint everything into the file, return it. */
/** Put the image `db` at `p` with `wal` as its log (a left-over journal or -shm removed). */
function placeWalDb(p: string, db: Uint8Array, wal: Uint8Array): void {
  for (const sfx of ["-journal", "-shm"]) {
    try {
      Deno.removeSync(p + sfx);
    } catch { /* none */ }
  }
  Deno.writeFileSync(p, db);
  Deno.writeFileSync(`${p}-wal`, wal);
}

function sqliteView(dir: string, db: Uint8Array, wal: Uint8Array): Uint8Array {
  const p = `${dir}/sqlite-view.db`;
  placeWalDb(p, db, wal);
  const d = new DatabaseSync(p);
  d.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  d.close();
  return Deno.readFileSync(p);
}

function tsqliteView(dir: string, db: Uint8Array, wal: Uint8Array): Uint8Array {
  const p = `${dir}/tsqlite-view.db`;
  placeWalDb(p, db, wal);
  return readThroughPager(new DenoFileVfs(), p);
}

Deno.test("wal: a SQLite WAL database with an uncheckpointed log reads as SQLite reads it", () => {
  withDir((dir) => {
    const { db, wal } = walDb(dir);
    assert.equal(db[18], 2, "WAL mode in the header");
    assert.ok(wal.length > 32 + 1024 * 10, "several frames in the log");
    const want = sqliteView(dir, db, wal);
    assert.notDeepEqual(want.subarray(0, db.length), db, "the log really changes the content");
    assert.deepEqual(tsqliteView(dir, db, wal), want);
  });
});

Deno.test("wal: torn and corrupted logs are cut where SQLite cuts them (differential fuzz)", () => {
  withDir((dir) => {
    const { db, wal } = walDb(dir, 512);
    const rnd = rng(12345);
    for (let iter = 0; iter < 60; iter++) {
      let w = wal.slice();
      const kind = iter % 3;
      if (kind === 0) w = w.slice(0, Math.floor(rnd() * w.length)); // torn tail
      else if (kind === 1) w[32 + Math.floor(rnd() * (w.length - 32))] ^= 0x40; // flipped byte
      else w[Math.floor(rnd() * 32)] ^= 1; // damaged header
      const want = sqliteView(dir, db, w);
      assert.deepEqual(tsqliteView(dir, db, w), want, `iteration ${iter} (kind ${kind})`);
    }
  });
});

Deno.test("wal: big-endian checksum logs (magic 0x377f0683) are read like SQLite reads them", () => {
  withDir((dir) => {
    const { db, wal } = walDb(dir);
    // Re-checksum the log with big-endian words, as a big-endian machine would have written it.
    const w = wal.slice();
    const dv = new DataView(w.buffer);
    dv.setUint32(0, 0x377f0683);
    const ps = dv.getUint32(8);
    const s = new Uint32Array(2);
    walChecksum(true, w, 0, 24, s);
    dv.setUint32(24, s[0]);
    dv.setUint32(28, s[1]);
    for (let off = 32; off + ps + 24 <= w.length; off += ps + 24) {
      walChecksum(true, w, off, 8, s);
      walChecksum(true, w, off + 24, ps, s);
      dv.setUint32(off + 16, s[0]);
      dv.setUint32(off + 20, s[1]);
    }
    const want = sqliteView(dir, db, w);
    assert.deepEqual(want, sqliteView(dir, db, wal), "SQLite reads both the same");
    assert.deepEqual(tsqliteView(dir, db, w), want);
  });
});

Deno.test("wal: a DELETE-mode connection folds the log into the file before writing; SQLite then sees both", () => {
  withDir((dir) => {
    const { db, wal } = walDb(dir);
    const p = `${dir}/w.db`;
    placeWalDb(p, db, wal);
    // A connection that asks for DELETE folds the log into the file before writing.
    const pager = new Pager(new DenoFileVfs(), p, { journalMode: "delete" });
    pager.beginRead();
    assert.equal(pager.walFormat, true);
    pager.endRead();
    pager.beginWrite();
    assert.ok(!fileExists(`${p}-wal`), "log checkpointed and removed");
    const p1 = pager.get(1);
    pager.write(p1);
    new DataView(p1.data.buffer, p1.data.byteOffset).setUint32(60, 4242);
    pager.release(p1);
    pager.commit();
    pager.close();
    assert.equal(integrity(p), "ok");
    const d = new DatabaseSync(p);
    assert.equal(pragma(d, "user_version"), 4242);
    const q = "SELECT count(*) AS n, sum(a = 'updated') AS u, group_concat(id) AS ids FROM t";
    const ref = new DatabaseSync(`${dir}/ref.db`);
    ref.close();
    Deno.writeFileSync(`${dir}/ref.db`, sqliteView(dir, db, wal));
    const r = new DatabaseSync(`${dir}/ref.db`);
    const want = r.prepare(q).get();
    r.close();
    assert.deepEqual(d.prepare(q).get(), want);
    assert.equal((want as { n: number }).n, 600 - Math.floor(600 / 7));
    assert.equal(pragma(d, "journal_mode"), "wal");
    d.close();
  });
});

Deno.test("wal: a power cut anywhere in checkpoint + commit leaves the old or the new state", () => {
  withDir((dir) => {
    const { db, wal } = walDb(dir, 1024);
    const oldImg = sqliteView(dir, db, wal);
    const p = `${dir}/c.db`;
    const reset = () => placeWalDb(p, db, wal);
    const edit = (vfs: FaultVfs) => {
      const pager = new Pager(vfs, p, { journalMode: "delete" });
      try {
        pager.beginWrite();
        for (const pg of [1, 3, 5]) {
          const page = pager.get(pg);
          pager.write(page);
          page.data[pg === 1 ? 60 : 2000] ^= 0x5a;
          pager.release(page);
        }
        pager.commit();
      } finally {
        pager.close();
      }
    };
    reset();
    const counter = new FaultVfs(new DenoFileVfs(), {}, { realSync: false });
    edit(counter);
    const newImg = Deno.readFileSync(p);
    assert.equal(integrity(p), "ok");
    const { writes, syncs } = counter;
    assert.ok(writes > 10, `writes ${writes}`);
    for (let n = 1; n <= writes + syncs; n++) {
      for (const model of ["drop-unsynced", "keep-unsynced", { seed: n }] as const) {
        reset();
        const plan = n <= writes
          ? { crashAtWrite: n, tornWrite: n % 2 === 1 }
          : { crashAtSync: n - writes };
        const vfs = new FaultVfs(new DenoFileVfs(), plan, { realSync: false });
        assert.throws(() => edit(vfs));
        vfs.powerLoss(model);
        const seen = readThroughPager(new DenoFileVfs(), p);
        const ok = (x: Uint8Array) => x.length === seen.length && x.every((b, i) => b === seen[i]);
        assert.ok(
          ok(oldImg) || ok(newImg),
          `${JSON.stringify(plan)} ${JSON.stringify(model)}: a mix`,
        );
      }
    }
  });
});

Deno.test("wal: a WAL-format database opens in WAL mode unless told otherwise (as SQLite)", () => {
  withDir((dir) => {
    const { db, wal } = walDb(dir);
    const p = `${dir}/auto.db`;
    placeWalDb(p, db, wal);
    const pager = new Pager(new DenoFileVfs(), p);
    pager.beginRead();
    assert.equal(pager.journalMode, "wal");
    pager.endRead();
    pager.beginWrite(); // appends to SQLite's log instead of folding it
    const p1 = pager.get(1);
    pager.write(p1);
    p1.data[63] = 9;
    pager.release(p1);
    pager.commit();
    assert.ok(Deno.statSync(`${p}-wal`).size > wal.length, "frames appended after SQLite's");
    Deno.copyFileSync(p, `${dir}/auto-copy.db`);
    Deno.copyFileSync(`${p}-wal`, `${dir}/auto-copy.db-wal`);
    const d = new DatabaseSync(`${dir}/auto-copy.db`);
    assert.equal(pragma(d, "user_version"), 9);
    assert.equal(pragma(d, "integrity_check"), "ok");
    d.close();
    pager.close();
  });
});
