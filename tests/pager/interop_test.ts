// Interop with real SQLite (node:sqlite 3.53.x) on real files: tsqlite commits that SQLite accepts,
// tsqlite hot journals that SQLite rolls back, and SQLite hot journals that tsqlite rolls back.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Pager } from "../../src/pager/pager.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { SqliteError } from "../../src/error.ts";
import { FaultVfs } from "../../src/vfs/fault.ts";
import {
  fileExists,
  fingerprint,
  integrity,
  makeStates,
  pragma,
  readThroughPager,
  transform,
  whichState,
  withDir,
} from "./fixtures.ts";
import { be32 } from "./helpers.ts";

Deno.test("interop (a): tsqlite pager modifies a SQLite-made db; SQLite sees the change, integrity ok", () => {
  withDir((dir) => {
    const path = `${dir}/a.db`;
    const db = new DatabaseSync(path);
    db.exec("CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT); CREATE INDEX ty ON t(y);");
    const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
    db.exec("BEGIN");
    for (let i = 0; i < 2000; i++) ins.run(i, `value ${i} `.repeat(3));
    db.exec("COMMIT");
    const before = fingerprintT(db);
    db.close();
    const counterBefore = be32(Deno.readFileSync(path), 24);

    const pager = new Pager(new DenoFileVfs(), path, { cacheSize: 8 });
    assert.equal(pager.pageSize, 4096);
    pager.beginWrite();
    // Rewrite every page identical to itself (journals all of them, spills through a tiny cache)…
    for (let pg = 1; pg <= pager.pageCount(); pg++) {
      const p = pager.get(pg);
      pager.write(p);
      pager.release(p);
    }
    // …and set user_version (header offset 60) and application_id (68).
    const p1 = pager.get(1);
    pager.write(p1);
    new DataView(p1.data.buffer, p1.data.byteOffset).setUint32(60, 4242);
    new DataView(p1.data.buffer, p1.data.byteOffset).setUint32(68, 0x7473716c);
    pager.release(p1);
    assert.ok(pager.stats.spills > 0, "tiny cache spilled to the real file");
    pager.commit();
    pager.close();
    assert.equal(Deno.statSync(path).isFile, true);
    const img = Deno.readFileSync(path);
    assert.equal(be32(img, 24), counterBefore + 1, "change counter bumped once");
    assert.equal(be32(img, 92), counterBefore + 1);
    assert.equal(be32(img, 28), img.length / 4096);

    assert.equal(integrity(path), "ok");
    const db2 = new DatabaseSync(path);
    assert.equal(pragma(db2, "user_version"), 4242);
    assert.equal(pragma(db2, "application_id"), 0x7473716c);
    assert.equal(fingerprintT(db2), before);
    db2.exec("INSERT INTO t VALUES (5000, 'after')"); // SQLite keeps writing happily
    db2.close();
    assert.equal(integrity(path), "ok");
  });
});

function fingerprintT(db: DatabaseSync): string {
  return JSON.stringify(db.prepare("SELECT count(*), total(length(y)), max(x) FROM t").get());
}

Deno.test("interop: a tsqlite multi-page commit turning state A into B is what SQLite reads as B", () => {
  withDir((dir) => {
    const s = makeStates(dir);
    const path = `${dir}/x.db`;
    Deno.writeFileSync(path, s.a);
    transform(new DenoFileVfs(), path, s.b);
    assert.equal(whichState(Deno.readFileSync(path), s), "b");
    assert.equal(integrity(path), "ok");
    const db = new DatabaseSync(path);
    assert.equal(fingerprint(db), s.fb);
    db.close();
    // And back (a shrinking commit: truncate at commit).
    transform(new DenoFileVfs(), path, s.a);
    assert.equal(Deno.readFileSync(path).length, s.a.length);
    assert.equal(integrity(path), "ok");
    const db2 = new DatabaseSync(path);
    assert.equal(fingerprint(db2), s.fa);
    db2.close();
  });
});

Deno.test("interop (b): a hot journal left by a tsqlite crash is rolled back by real SQLite", () => {
  withDir((dir) => {
    const s = makeStates(dir);
    for (const variant of ["db-sync", "torn-db-write", "spilled"] as const) {
      const path = `${dir}/hot-${variant}.db`;
      Deno.writeFileSync(path, s.a);
      const vfs = new FaultVfs(new DenoFileVfs());
      // Count the commit's operations once on a scratch copy.
      const probe = `${dir}/probe-${variant}.db`;
      Deno.writeFileSync(probe, s.a);
      const counter = new FaultVfs(new DenoFileVfs());
      counter.trace = true;
      const opts = variant === "spilled" ? { cacheSize: 3 } : {};
      transform(counter, probe, s.b, opts);
      const dbWrites = counter.log.filter((e) => e.op === "write" && e.kind === "main-db");
      const lastSync = counter.syncs;
      if (variant === "db-sync") vfs.setPlan({ crashAtSync: lastSync });
      else if (variant === "torn-db-write") {
        const idx = counter.log.filter((e) => e.op === "write").indexOf(
          dbWrites[dbWrites.length >> 1],
        );
        vfs.setPlan({ crashAtWrite: idx + 1, tornWrite: true });
      } else {
        const idx = counter.log.filter((e) => e.op === "write").indexOf(dbWrites[1]);
        vfs.setPlan({ crashAtWrite: idx + 2 });
      }
      assert.throws(() => transform(vfs, path, s.b, opts));
      vfs.powerLoss("keep-unsynced"); // the partial database writes did reach the disk
      assert.ok(Deno.statSync(`${path}-journal`).size > 0, "hot journal left behind");
      assert.notEqual(whichState(Deno.readFileSync(path), s), "a", "database file was modified");
      // Real SQLite opens it: rolls the journal back.
      const db = new DatabaseSync(path);
      assert.equal(fingerprint(db), s.fa, variant);
      db.close();
      assert.equal(integrity(path), "ok");
      assert.equal(whichState(Deno.readFileSync(path), s), "a", "byte-for-byte the old pages");
      let journalGone = true;
      try {
        journalGone = Deno.statSync(`${path}-journal`).size === 0;
      } catch { /* deleted */ }
      assert.ok(journalGone, "SQLite retired the journal");
    }
  });
});

const SQLITE_JOURNALS = [
  { pageSize: 1024, synchronous: "full", journalMode: "delete" },
  { pageSize: 4096, synchronous: "off", journalMode: "persist" }, // nRec = 0xffffffff
  { pageSize: 512, synchronous: "normal", journalMode: "truncate" }, // several segments
  { pageSize: 8192, synchronous: "full", journalMode: "delete" },
] as const;

for (const cfg of SQLITE_JOURNALS) {
  Deno.test(
    `interop (c): a hot journal left by real SQLite is rolled back by the tsqlite pager (${
      JSON.stringify(cfg)
    })`,
    () => {
      withDir((dir) => {
        const path = `${dir}/src.db`;
        const db = new DatabaseSync(path);
        db.exec(`PRAGMA page_size=${cfg.pageSize}; PRAGMA journal_mode=${cfg.journalMode};`);
        db.exec(`PRAGMA synchronous=${cfg.synchronous};`);
        db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB); CREATE INDEX ta ON t(a);");
        const ins = db.prepare("INSERT INTO t(id, a, b) VALUES (?, ?, randomblob(?))");
        db.exec("BEGIN");
        for (let i = 1; i <= 400; i++) ins.run(i, `r${i}`.padEnd(40, "z"), 30);
        db.exec("COMMIT");
        const fa = fingerprint(db);
        const original = Deno.readFileSync(path);
        // A big transaction through a tiny cache: SQLite spills dirty pages into the db file.
        db.exec("PRAGMA cache_size=2");
        db.exec("BEGIN");
        db.exec("UPDATE t SET a = a || 'changed-changed' WHERE id % 2 = 0");
        for (let i = 401; i <= 900; i++) ins.run(i, `n${i}`.padEnd(60, "y"), 50);
        const crashed = `${dir}/crashed.db`;
        Deno.copyFileSync(path, crashed); // power cut now: the db as it is on disk…
        Deno.copyFileSync(`${path}-journal`, `${crashed}-journal`); // …and SQLite's journal
        db.exec("ROLLBACK");
        db.close();
        const dirty = Deno.readFileSync(crashed);
        assert.ok(
          dirty.length !== original.length || dirty.some((b, i) => b !== original[i]),
          "SQLite spilled",
        );
        const j = Deno.readFileSync(`${crashed}-journal`);
        assert.deepEqual([...j.subarray(0, 8)], [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
        assert.equal(be32(j, 20), 512, "SQLite's sector size on this VFS");
        assert.equal(be32(j, 24), cfg.pageSize);
        if (cfg.synchronous === "off") assert.equal(be32(j, 8), 0xffffffff);

        const pager = new Pager(new DenoFileVfs(), crashed);
        pager.beginRead();
        assert.equal(pager.stats.hotRollbacks, 1);
        assert.equal(pager.pageCount(), original.length / cfg.pageSize);
        pager.endRead();
        pager.close();
        assert.deepEqual(
          Deno.readFileSync(crashed),
          original,
          "byte-identical to the committed file",
        );
        if (cfg.journalMode === "delete") {
          assert.ok(!fileExists(`${crashed}-journal`), "journal deleted after rollback");
        }
        assert.equal(integrity(crashed), "ok");
        const db2 = new DatabaseSync(crashed);
        assert.equal(fingerprint(db2), fa);
        db2.close();
      });
    },
  );
}

Deno.test("interop: readThroughPager of a SQLite file equals its bytes", () => {
  withDir((dir) => {
    const s = makeStates(dir, 2048, 100);
    const path = `${dir}/r.db`;
    Deno.writeFileSync(path, s.b);
    assert.deepEqual(readThroughPager(new DenoFileVfs(), path), s.b);
  });
});

Deno.test("interop: a hot journal with a super-journal pointer is played back only if the super-journal exists (same as SQLite)", () => {
  withDir((dir) => {
    const path = `${dir}/src.db`;
    const db = new DatabaseSync(path);
    db.exec("PRAGMA page_size=1024; CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT);");
    const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
    db.exec("BEGIN");
    for (let i = 1; i <= 300; i++) ins.run(i, `r${i}`.padEnd(50, "z"));
    db.exec("COMMIT");
    const original = Deno.readFileSync(path);
    db.exec("PRAGMA cache_size=2; BEGIN");
    db.exec("UPDATE t SET a = a || 'changed'");
    const dirty = Deno.readFileSync(path);
    const journal = Deno.readFileSync(`${path}-journal`);
    db.exec("ROLLBACK");
    db.close();
    assert.notDeepEqual(dirty, original);
    for (const superExists of [false, true]) {
      const sup = `${dir}/src.db-mj0123ABCD`;
      // Append SQLite's super-journal record: lock-byte pgno, name, len, checksum, magic.
      const name = new TextEncoder().encode(sup);
      const rec = new Uint8Array(4 + name.length + 16);
      const dv = new DataView(rec.buffer);
      dv.setUint32(0, Math.floor(0x40000000 / 1024) + 1);
      rec.set(name, 4);
      dv.setUint32(4 + name.length, name.length);
      dv.setUint32(8 + name.length, name.reduce((s, b) => s + b, 0));
      rec.set([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7], 12 + name.length);
      const j2 = new Uint8Array(journal.length + rec.length);
      j2.set(journal);
      j2.set(rec, journal.length);
      const results: Uint8Array[] = [];
      for (const who of ["sqlite", "tsqlite"]) {
        const p = `${dir}/${who}-${superExists}.db`;
        Deno.writeFileSync(p, dirty);
        Deno.writeFileSync(`${p}-journal`, j2);
        // A super-journal lists its child journals; an empty file would count as absent.
        if (superExists) {
          Deno.writeFileSync(sup, new TextEncoder().encode(`${dir}/other-journal\0`));
        }
        if (who === "sqlite") {
          const d = new DatabaseSync(p);
          d.prepare("SELECT count(*) FROM sqlite_schema").get();
          d.close();
        } else {
          const pager = new Pager(new DenoFileVfs(), p);
          pager.beginRead();
          pager.endRead();
          pager.close();
        }
        results.push(Deno.readFileSync(p));
      }
      assert.deepEqual(
        results[1],
        results[0],
        `tsqlite == SQLite (super-journal exists: ${superExists})`,
      );
      assert.deepEqual(results[1], superExists ? original : dirty);
    }
  });
});

Deno.test("interop: a read-only connection facing a hot journal fails like SQLite (SQLITE_READONLY_ROLLBACK) and changes nothing", () => {
  withDir((dir) => {
    const path = `${dir}/r.db`;
    const db = new DatabaseSync(path);
    db.exec("PRAGMA page_size=1024; CREATE TABLE t(a TEXT)");
    const ins = db.prepare("INSERT INTO t VALUES (?)");
    db.exec("BEGIN");
    for (let i = 0; i < 300; i++) ins.run("x".repeat(100));
    db.exec("COMMIT");
    db.exec("PRAGMA cache_size=2; BEGIN");
    for (let i = 0; i < 600; i++) ins.run("z".repeat(150));
    for (const c of ["s", "t"]) {
      Deno.copyFileSync(path, `${dir}/${c}.db`);
      Deno.copyFileSync(`${path}-journal`, `${dir}/${c}.db-journal`);
    }
    db.exec("ROLLBACK");
    db.close();
    const before = Deno.readFileSync(`${dir}/t.db`);
    let sqliteErr: { message?: string; errcode?: number } = {};
    try {
      const r = new DatabaseSync(`${dir}/s.db`, { readOnly: true });
      try {
        r.prepare("SELECT count(*) FROM t").get();
      } finally {
        r.close();
      }
    } catch (e) {
      sqliteErr = e as { message?: string; errcode?: number };
    }
    assert.equal(sqliteErr.errcode, 776, "SQLite: SQLITE_READONLY_ROLLBACK");
    const pager = new Pager(new DenoFileVfs(), `${dir}/t.db`, { readonly: true });
    assert.throws(
      () => pager.beginRead(),
      (e: unknown) =>
        e instanceof SqliteError && e.code === "SQLITE_READONLY_ROLLBACK" &&
        e.message === sqliteErr.message,
    );
    pager.close();
    assert.deepEqual(Deno.readFileSync(`${dir}/t.db`), before);
    assert.ok(Deno.statSync(`${dir}/t.db-journal`).size > 0, "journal left for a writer");
  });
});
