// journal_mode=WAL written by tsqlite: frames in SQLite's format that real SQLite reads,
// snapshot isolation between connections, BUSY_SNAPSHOT, checkpoints, mode switches, crashes.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Pager } from "../../src/pager/pager.ts";
import { MemoryVfs } from "../../src/vfs/memory.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { FaultVfs } from "../../src/vfs/fault.ts";
import { SqliteError } from "../../src/error.ts";
import {
  fileExists,
  fingerprint,
  integrity,
  makeStates,
  pragma,
  readThroughPager,
  transform,
  withDir,
} from "./fixtures.ts";
import { fillPage, makeDb, pageGen, writeGen } from "./helpers.ts";
import { readWal } from "../../src/pager/wal.ts";

function gens(pager: Pager): number[] {
  const own = !pager.inReadTransaction;
  if (own) pager.beginRead();
  try {
    const out: number[] = [];
    for (let n = 2; n <= pager.pageCount(); n++) {
      const p = pager.get(n);
      out.push(pageGen(p.data, n));
      pager.release(p);
    }
    return out;
  } finally {
    if (own) pager.endRead();
  }
}

const isCode = (code: string) => (e: unknown) => e instanceof SqliteError && e.code === code;

Deno.test("wal mode: commits go to the log in SQLite's format; SQLite reads them", () => {
  withDir((dir) => {
    const path = `${dir}/w.db`;
    const db = new DatabaseSync(path);
    db.exec("PRAGMA page_size=1024; CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT)");
    const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
    db.exec("BEGIN");
    for (let i = 1; i <= 300; i++) ins.run(i, `v${i}`.padEnd(40, "x"));
    db.exec("COMMIT");
    db.close();
    const pager = new Pager(new DenoFileVfs(), path);
    pager.setJournalMode("wal");
    assert.equal(pager.journalMode, "wal");
    const before = Deno.readFileSync(path);
    assert.equal(before[18], 2, "format bytes say WAL");
    // Three transactions writing raw page bytes (valid as far as SQLite is concerned:
    // we bump user_version, and rewrite table pages identical to themselves).
    for (let k = 1; k <= 3; k++) {
      pager.beginWrite();
      const p1 = pager.get(1);
      pager.write(p1);
      new DataView(p1.data.buffer, p1.data.byteOffset).setUint32(60, 100 + k);
      pager.release(p1);
      for (let pg = 2; pg <= pager.pageCount(); pg += 3) {
        const p = pager.get(pg);
        pager.write(p);
        pager.release(p);
      }
      pager.commit();
    }
    assert.deepEqual(Deno.readFileSync(path), before, "the database file is untouched");
    assert.ok(Deno.statSync(`${path}-wal`).size > 32);
    // Copy the pair as it is now and let SQLite read it.
    Deno.copyFileSync(path, `${dir}/copy.db`);
    Deno.copyFileSync(`${path}-wal`, `${dir}/copy.db-wal`);
    const d = new DatabaseSync(`${dir}/copy.db`);
    assert.equal(pragma(d, "user_version"), 103);
    assert.equal(pragma(d, "journal_mode"), "wal");
    assert.equal((d.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n, 300);
    assert.equal(pragma(d, "integrity_check"), "ok");
    d.close();
    // A second tsqlite connection reads the same through the log.
    assert.deepEqual(
      readThroughPager(new DenoFileVfs(), path).subarray(60, 64),
      new Uint8Array([0, 0, 0, 103]),
    );
    // Closing the last connection folds the log into the file and removes it.
    pager.close();
    assert.ok(!fileExists(`${path}-wal`), "log checkpointed and deleted on close");
    assert.equal(integrity(path), "ok");
    const e = new DatabaseSync(path);
    assert.equal(pragma(e, "user_version"), 103);
    e.close();
  });
});

Deno.test("wal mode: readers keep their snapshot while a writer commits (no BUSY); stale writer gets BUSY_SNAPSHOT", () => {
  const mem = new MemoryVfs();
  const a = makeDb(mem, "db", 5, { pageSize: 512 });
  a.setJournalMode("wal");
  const r = new Pager(mem, "db", { journalMode: "wal" });
  r.beginRead();
  assert.deepEqual(gens(r), [0, 0, 0, 0]);
  a.beginWrite();
  writeGen(a, [2, 3], 1);
  a.commit(); // a reader is active: in WAL mode that does not block the commit
  assert.deepEqual(gens(r), [0, 0, 0, 0], "the reader's snapshot is unchanged");
  assert.throws(() => r.beginWrite(), isCode("SQLITE_BUSY_SNAPSHOT"));
  r.endRead();
  assert.deepEqual(gens(r), [1, 1, 0, 0], "a new read sees the commit");
  r.beginWrite(); // fresh snapshot: allowed
  writeGen(r, [5], 2);
  r.commit();
  assert.deepEqual(gens(a), [1, 1, 0, 2]);
  // Two writers at once: still one at a time.
  a.beginWrite();
  assert.throws(() => r.beginWrite(), isCode("SQLITE_BUSY"));
  a.rollback();
  a.close();
  r.close();
});

Deno.test("wal mode: autocheckpoint at 1000 frames folds the log back when nobody reads", () => {
  const mem = new MemoryVfs();
  const p = makeDb(mem, "db", 120, { pageSize: 512, journalMode: "wal" });
  p.setJournalMode("wal");
  const dbBytes = mem.fileData("db")!.size;
  let truncated = false;
  for (let round = 1; round <= 12; round++) {
    p.beginWrite();
    writeGen(p, Array.from({ length: 119 }, (_, i) => i + 2), round);
    p.commit();
    const wal = mem.fileData("db-wal");
    if (wal !== undefined && wal.size === 0) truncated = true;
  }
  assert.ok(truncated, "the log was checkpointed and restarted");
  assert.equal(mem.fileData("db")!.size, dbBytes);
  assert.deepEqual(gens(p), Array(119).fill(12));
  p.close();
  const q = new Pager(mem, "db");
  assert.deepEqual(gens(q), Array(119).fill(12));
  q.close();
});

Deno.test("wal mode: rollback and savepoints never touch the log; growing and shrinking commits", () => {
  const mem = new MemoryVfs();
  const p = makeDb(mem, "db", 6, { pageSize: 512 });
  p.setJournalMode("wal");
  p.beginWrite();
  writeGen(p, [2, 3], 1);
  p.savepoint(1);
  writeGen(p, [3], 2);
  const n = p.allocateAtEnd();
  fillPage(n.data, n.pgno, 2);
  p.release(n);
  p.rollbackTo(1);
  p.commit();
  assert.deepEqual(gens(p), [1, 1, 0, 0, 0]);
  const walAfter = mem.fileData("db-wal")!.size;
  p.beginWrite();
  writeGen(p, [4], 9);
  p.rollback();
  assert.equal(mem.fileData("db-wal")!.size, walAfter, "a rollback writes nothing");
  assert.deepEqual(gens(p), [1, 1, 0, 0, 0]);
  p.beginWrite();
  p.truncate(4);
  p.commit();
  assert.equal(p.pageCount(), 4);
  const q = new Pager(mem, "db");
  assert.deepEqual(gens(q), [1, 1, 0]);
  q.close();
  p.beginWrite();
  for (let i = 0; i < 3; i++) {
    const x = p.allocateAtEnd();
    fillPage(x.data, x.pgno, 5);
    p.release(x);
  }
  p.commit();
  const r = new Pager(mem, "db");
  assert.deepEqual(gens(r), [1, 1, 0, 5, 5, 5]);
  r.close();
  p.close();
});

Deno.test("wal mode: switching back to DELETE folds the log and restores the rollback format", () => {
  withDir((dir) => {
    const path = `${dir}/s.db`;
    const db = new DatabaseSync(path);
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);");
    db.close();
    const p = new Pager(new DenoFileVfs(), path);
    p.setJournalMode("wal");
    p.beginWrite();
    const p1 = p.get(1);
    p.write(p1);
    p1.data[63] = 7; // user_version 7
    p.release(p1);
    p.commit();
    // Another connection reading blocks the switch (it needs the database to itself).
    const r = new Pager(new DenoFileVfs(), path);
    r.beginRead();
    assert.throws(() => p.setJournalMode("delete"), isCode("SQLITE_BUSY"));
    assert.equal(p.journalMode, "wal");
    r.endRead();
    r.close();
    p.setJournalMode("delete");
    assert.equal(p.journalMode, "delete");
    assert.ok(!fileExists(`${path}-wal`));
    const img = Deno.readFileSync(path);
    assert.deepEqual([img[18], img[19]], [1, 1]);
    p.close();
    const d = new DatabaseSync(path);
    assert.equal(pragma(d, "journal_mode"), "delete");
    assert.equal(pragma(d, "user_version"), 7);
    assert.equal(pragma(d, "integrity_check"), "ok");
    d.close();
  });
});

Deno.test("wal mode: a power cut at every write and sync of a WAL commit (and its checkpoint) leaves old or new", () => {
  for (const synchronous of ["full", "normal"] as const) {
    const mem = new MemoryVfs();
    const setup = makeDb(mem, "db", 12, { pageSize: 512 });
    setup.setJournalMode("wal");
    setup.beginWrite();
    writeGen(setup, [2, 3, 4], 1);
    setup.commit();
    setup.close(); // folds the log: start from a clean file
    const snapshot = () => {
      const out = new Map<string, Uint8Array>();
      for (const f of ["db", "db-wal"]) {
        const d = mem.fileData(f);
        if (d !== undefined) out.set(f, d.snapshot());
      }
      return out;
    };
    const restore = (img: Map<string, Uint8Array>) => {
      for (const f of ["db", "db-wal", "db-journal"]) mem.delete(f);
      for (const [f, bytes] of img) {
        const h = mem.open(f, { create: true, kind: f === "db" ? "main-db" : "wal" });
        h.write(bytes, 0);
        h.close();
      }
    };
    const start = snapshot();
    const edit = (vfs: FaultVfs) => {
      const p = new Pager(vfs, "db", { journalMode: "wal", synchronous });
      try {
        p.beginWrite();
        writeGen(p, [2, 5, 6, 7], 2);
        const x = p.allocateAtEnd();
        fillPage(x.data, x.pgno, 2);
        p.release(x);
        p.commit();
      } finally {
        p.close(); // includes the checkpoint-on-close
      }
    };
    const counter = new FaultVfs(mem, {}, { realSync: false });
    edit(counter);
    const after = gens(new Pager(mem, "db"));
    assert.deepEqual(after, [2, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0, 2]);
    const old = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let n = 1; n <= counter.writes + counter.syncs; n++) {
      for (const model of ["drop-unsynced", "keep-unsynced", { seed: n }] as const) {
        restore(start);
        const plan = n <= counter.writes
          ? { crashAtWrite: n, tornWrite: n % 2 === 0 }
          : { crashAtSync: n - counter.writes };
        const vfs = new FaultVfs(mem, plan, { realSync: false });
        try {
          edit(vfs);
        } catch { /* the cut */ }
        vfs.powerLoss(model);
        const q = new Pager(mem, "db");
        const seen = gens(q);
        q.close();
        const ok = JSON.stringify(seen) === JSON.stringify(old) ||
          JSON.stringify(seen) === JSON.stringify(after);
        assert.ok(ok, `${synchronous} ${JSON.stringify(plan)} ${JSON.stringify(model)}: ${seen}`);
      }
    }
  }
});

Deno.test("wal: resuming recovery after a known snapshot equals a full recovery", () => {
  const mem = new MemoryVfs();
  const p = makeDb(mem, "db", 30, { pageSize: 512 });
  p.setJournalMode("wal");
  p.beginWrite();
  writeGen(p, [2, 3, 4], 1);
  p.commit();
  const f = mem.open("db-wal", { kind: "wal", readonly: true });
  const first = readWal(f);
  assert.ok(first !== null);
  for (let k = 2; k <= 4; k++) {
    p.beginWrite();
    writeGen(p, [k, 10 + k, 20 + k], k);
    p.commit();
  }
  const inc = readWal(f, first);
  const full = readWal(f);
  assert.ok(inc !== null && full !== null);
  assert.deepEqual([...inc.frames].sort(), [...full.frames].sort());
  assert.deepEqual(
    [inc.dbSize, inc.mxFrame, inc.key, inc.end, [...inc.cksum]],
    [full.dbSize, full.mxFrame, full.key, full.end, [...full.cksum]],
  );
  assert.equal(first.frames.size, 4, "the earlier snapshot object is left alone");
  f.close();
  p.close();
});

Deno.test("wal: walCheckpoint folds the log on demand and reports SQLite's (busy, log, checkpointed)", () => {
  const mem = new MemoryVfs();
  const p = makeDb(mem, "db", 10, { pageSize: 512 });
  assert.deepEqual(p.walCheckpoint(), { busy: 0, log: -1, checkpointed: -1 }, "not in WAL mode");
  p.setJournalMode("wal");
  p.beginWrite();
  writeGen(p, [2, 3], 1);
  p.commit();
  const r = new Pager(mem, "db");
  r.beginRead();
  assert.deepEqual(p.walCheckpoint(), { busy: 1, log: 3, checkpointed: 0 }, "a reader is active");
  r.endRead();
  assert.deepEqual(p.walCheckpoint(), { busy: 0, log: 3, checkpointed: 3 });
  assert.equal(mem.exists("db-wal"), false);
  assert.deepEqual(gens(r), [1, 1, 0, 0, 0, 0, 0, 0, 0]);
  p.beginWrite();
  writeGen(p, [4], 2);
  p.commit();
  assert.deepEqual(p.walCheckpoint("truncate"), { busy: 0, log: 0, checkpointed: 0 });
  assert.deepEqual(gens(r), [1, 1, 2, 0, 0, 0, 0, 0, 0]);
  p.beginRead();
  assert.throws(() => p.walCheckpoint(), isCode("SQLITE_LOCKED"));
  p.endRead();
  r.close();
  p.close();
});

Deno.test("wal mode: power cuts in tsqlite WAL commits + checkpoint; SQLite and tsqlite both read old or new", () => {
  withDir((dir) => {
    const s = makeStates(dir, 1024, 120);
    const path = `${dir}/w.db`;
    const setup = () => {
      for (const sfx of ["", "-wal", "-journal", "-shm"]) {
        try {
          Deno.removeSync(path + sfx);
        } catch { /* none */ }
      }
      Deno.writeFileSync(path, s.a);
      const p = new Pager(new DenoFileVfs(), path);
      p.setJournalMode("wal"); // through a rollback journal: the file is now WAL format
      p.close();
    };
    const opts = { journalMode: "wal" as const };
    setup();
    const counter = new FaultVfs(new DenoFileVfs(), {}, { realSync: false });
    transform(counter, path, s.b, opts); // WAL commit, then checkpoint-on-close
    const view = (p: string) => {
      const d = new DatabaseSync(p);
      try {
        return fingerprint(d);
      } finally {
        d.close();
      }
    };
    assert.equal(view(path), s.fb);
    // Page images compare modulo the header fields a commit/format switch rewrites.
    const same = (x: Uint8Array, y: Uint8Array) =>
      x.length === y.length &&
      x.every((b, i) =>
        b === y[i] || (i >= 18 && i < 20) || (i >= 24 && i < 28) || (i >= 92 && i < 96)
      );
    for (let n = 1; n <= counter.writes + counter.syncs; n++) {
      for (const model of ["drop-unsynced", "keep-unsynced", { seed: n }] as const) {
        setup();
        const plan = n <= counter.writes
          ? { crashAtWrite: n, tornWrite: n % 2 === 1 }
          : { crashAtSync: n - counter.writes };
        const vfs = new FaultVfs(new DenoFileVfs(), plan, { realSync: false });
        try {
          transform(vfs, path, s.b, opts);
        } catch { /* the cut (a cut inside the checkpoint-on-close is swallowed by close) */ }
        assert.ok(vfs.crashed, "the planned cut happened");
        vfs.powerLoss(model);
        const copy = `${dir}/copy.db`;
        for (const sfx of ["", "-wal", "-shm", "-journal"]) {
          try {
            Deno.removeSync(copy + sfx);
          } catch { /* none */ }
        }
        Deno.copyFileSync(path, copy);
        try {
          Deno.copyFileSync(`${path}-wal`, `${copy}-wal`);
        } catch { /* no log */ }
        const f = view(copy);
        const label = `${JSON.stringify(plan)} ${JSON.stringify(model)}`;
        assert.ok(f === s.fa || f === s.fb, `${label}: SQLite reads a mix`);
        assert.equal(integrity(copy), "ok", label);
        const img = readThroughPager(new DenoFileVfs(), path);
        assert.ok(same(img, f === s.fa ? s.a : s.b), `${label}: tsqlite disagrees with SQLite`);
      }
    }
  });
});
