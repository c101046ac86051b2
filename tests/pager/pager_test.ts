// Pager transactions, locks, cache, savepoints, journal modes and errors (memory and fault VFS).
import assert from "node:assert/strict";
import { Pager } from "../../src/pager/pager.ts";
import { MemoryVfs } from "../../src/vfs/memory.ts";
import { FaultVfs } from "../../src/vfs/fault.ts";
import { LockLevel as L } from "../../src/vfs/types.ts";
import { SqliteError } from "../../src/error.ts";
import { lockBytePage } from "../../src/format/header.ts";
import { busyTimeout } from "../../src/pager/busy.ts";
import type { JournalMode } from "../../src/pager/types.ts";
import { be32, fillPage, initPage1, makeDb, pageGen, writeGen } from "./helpers.ts";

function gens(pager: Pager, from = 2): number[] {
  pager.beginRead();
  try {
    const out: number[] = [];
    for (let n = from; n <= pager.pageCount(); n++) {
      const p = pager.get(n);
      out.push(pageGen(p.data, n));
      pager.release(p);
    }
    return out;
  } finally {
    pager.endRead();
  }
}

function isCode(code: string, message?: string) {
  return (e: unknown) =>
    e instanceof SqliteError && e.code === code && (message === undefined || e.message === message);
}

Deno.test("pager: commit makes changes durable; header fields 24/28/92/96 kept right", () => {
  const vfs = new MemoryVfs();
  const pager = makeDb(vfs, "db", 6, { pageSize: 1024 });
  const file = vfs.fileData("db")!;
  assert.equal(file.size, 6 * 1024);
  let h = file.snapshot();
  assert.equal(be32(h, 24), 1, "change counter after the first commit");
  assert.equal(be32(h, 28), 6, "in-header database size");
  assert.equal(be32(h, 92), 1, "version-valid-for = change counter");
  assert.equal(be32(h, 96), 3053002, "SQLITE_VERSION_NUMBER");
  pager.beginWrite();
  writeGen(pager, [3, 5], 1);
  pager.commit();
  h = file.snapshot();
  assert.equal(be32(h, 24), 2);
  assert.equal(be32(h, 92), 2);
  assert.deepEqual(gens(pager), [0, 1, 0, 1, 0]);
  assert.equal(vfs.exists("db-journal"), false, "DELETE mode removes the journal");
  // Reopen: a fresh pager sees the committed bytes.
  pager.close();
  const again = new Pager(vfs, "db");
  assert.equal(again.pageSize, 1024);
  assert.deepEqual(gens(again), [0, 1, 0, 1, 0]);
  again.close();
});

Deno.test("pager: rollback restores every page and the size; an empty transaction changes nothing", () => {
  const vfs = new MemoryVfs();
  const pager = makeDb(vfs, "db", 5, { pageSize: 512 });
  const before = vfs.fileData("db")!.snapshot();
  pager.beginWrite();
  writeGen(pager, [2, 4], 3);
  const np = pager.allocateAtEnd();
  assert.equal(np.pgno, 6);
  pager.release(np);
  assert.equal(pager.pageCount(), 6);
  pager.rollback();
  assert.equal(pager.inWriteTransaction, false);
  assert.deepEqual(gens(pager), [0, 0, 0, 0]);
  assert.deepEqual(vfs.fileData("db")!.snapshot(), before);
  pager.beginWrite();
  pager.commit();
  assert.deepEqual(vfs.fileData("db")!.snapshot(), before, "no write, no change-counter bump");
  pager.close();
});

Deno.test("pager: lock progression NONE -> SHARED -> RESERVED -> EXCLUSIVE -> back", () => {
  const vfs = new FaultVfs(new MemoryVfs());
  const pager = makeDb(vfs, "db", 3);
  assert.equal(pager.lockLevel, L.NONE);
  pager.beginRead();
  pager.beginRead();
  assert.equal(pager.lockLevel, L.SHARED);
  pager.endRead();
  assert.equal(pager.lockLevel, L.SHARED, "reads nest by count");
  pager.beginWrite();
  assert.equal(pager.lockLevel, L.RESERVED);
  writeGen(pager, [2], 1);
  assert.equal(pager.lockLevel, L.RESERVED, "writing the cache needs no EXCLUSIVE");
  pager.commit();
  assert.equal(pager.lockLevel, L.SHARED, "back to the enclosing read");
  pager.endRead();
  assert.equal(pager.lockLevel, L.NONE);
  pager.beginWrite(true);
  assert.equal(pager.lockLevel, L.EXCLUSIVE);
  pager.rollback();
  assert.equal(pager.lockLevel, L.NONE);
  assert.throws(() => pager.get(1), isCode("SQLITE_MISUSE"));
  pager.close();
});

Deno.test("pager: two connections — one writer at a time, readers block commit, cache revalidated", () => {
  const vfs = new MemoryVfs();
  const a = makeDb(vfs, "db", 4);
  const b = new Pager(vfs, "db");
  a.beginWrite();
  assert.throws(() => b.beginWrite(), isCode("SQLITE_BUSY", "database is locked"));
  assert.equal(b.lockLevel, L.NONE, "failed beginWrite leaves no lock");
  b.beginRead();
  writeGen(a, [2], 5);
  assert.throws(() => a.commit(), isCode("SQLITE_BUSY", "database is locked"));
  assert.ok(a.inWriteTransaction, "a busy commit can be retried");
  // b still sees the old page (a's change lives only in a's cache).
  const p = b.get(2);
  assert.equal(pageGen(p.data, 2), 0);
  b.release(p);
  b.endRead();
  a.commit();
  assert.deepEqual(gens(b), [5, 0, 0], "b drops its stale cache when the change counter moved");
  // b writes, a sees it.
  b.beginWrite();
  writeGen(b, [4], 6);
  b.commit();
  assert.deepEqual(gens(a), [5, 0, 6]);
  a.close();
  b.close();
});

Deno.test("pager: PENDING from a waiting writer keeps new readers out", () => {
  const vfs = new MemoryVfs();
  const a = makeDb(vfs, "db", 3);
  const r1 = new Pager(vfs, "db"), r2 = new Pager(vfs, "db");
  r1.beginRead();
  a.beginWrite();
  writeGen(a, [2], 1);
  assert.throws(() => a.commit(), isCode("SQLITE_BUSY"));
  assert.equal(a.lockLevel, L.PENDING);
  assert.throws(() => r2.beginRead(), isCode("SQLITE_BUSY"));
  r1.endRead();
  a.commit();
  assert.deepEqual(gens(r2), [1, 0]);
  for (const p of [a, r1, r2]) p.close();
});

Deno.test("pager: savepoints nest, roll back and release", () => {
  const vfs = new MemoryVfs();
  const pager = makeDb(vfs, "db", 6, { pageSize: 1024 });
  pager.beginWrite();
  writeGen(pager, [2], 1);
  pager.savepoint(1);
  writeGen(pager, [2, 3], 2);
  const x = pager.allocateAtEnd();
  fillPage(x.data, x.pgno, 2);
  pager.release(x);
  pager.savepoint(2);
  writeGen(pager, [3, 4, 7], 3);
  pager.rollbackTo(2);
  assert.equal(pager.savepointDepth, 2);
  assert.deepEqual(gens(pager), [2, 2, 0, 0, 0, 2]);
  writeGen(pager, [5], 4);
  pager.releaseSavepoint(2);
  assert.equal(pager.savepointDepth, 1);
  pager.rollbackTo(1);
  assert.equal(pager.pageCount(), 6, "allocation after the savepoint undone");
  assert.deepEqual(gens(pager), [1, 0, 0, 0, 0]);
  writeGen(pager, [6], 5);
  pager.releaseSavepoint(1);
  pager.commit();
  assert.deepEqual(gens(pager), [1, 0, 0, 0, 5]);
  pager.close();
});

Deno.test("pager: savepoint rollback undoes a truncate and restores dropped pages", () => {
  const vfs = new MemoryVfs();
  const pager = makeDb(vfs, "db", 8, { pageSize: 512 });
  pager.beginWrite();
  const n = pager.allocateAtEnd();
  fillPage(n.data, 9, 1);
  pager.release(n);
  pager.savepoint(1);
  pager.truncate(5);
  assert.equal(pager.pageCount(), 5);
  assert.throws(() => pager.get(6), isCode("SQLITE_CORRUPT"));
  const again = pager.allocateAtEnd();
  assert.equal(again.pgno, 6);
  assert.ok(again.data.every((b) => b === 0), "re-allocated slot is zero-filled");
  pager.release(again);
  pager.rollbackTo(1);
  assert.equal(pager.pageCount(), 9);
  assert.deepEqual(gens(pager), [0, 0, 0, 0, 0, 0, 0, 1]);
  pager.commit();
  pager.close();
  const re = new Pager(vfs, "db");
  assert.deepEqual(gens(re), [0, 0, 0, 0, 0, 0, 0, 1]);
  re.close();
});

Deno.test("pager: truncate shrinks the file at commit; rollback of a shrink restores the file", () => {
  const vfs = new MemoryVfs();
  const pager = makeDb(vfs, "db", 10, { pageSize: 512 });
  pager.beginWrite();
  pager.truncate(4);
  pager.rollback();
  assert.equal(vfs.fileData("db")!.size, 10 * 512);
  assert.deepEqual(gens(pager), [0, 0, 0, 0, 0, 0, 0, 0, 0]);
  pager.beginWrite();
  pager.truncate(4);
  pager.commit();
  assert.equal(vfs.fileData("db")!.size, 4 * 512);
  assert.equal(be32(vfs.fileData("db")!.snapshot(), 28), 4);
  pager.close();
});

Deno.test("pager: cache_size semantics and LRU eviction of clean pages", () => {
  const vfs = new MemoryVfs();
  const pager = makeDb(vfs, "db", 40, { pageSize: 1024, cacheSize: 10 });
  assert.equal(pager.cacheLimit, 10);
  pager.setCacheSize(-20); // KiB
  assert.equal(pager.cacheLimit, Math.floor(20 * 1024 / (1024 + 136)));
  pager.setCacheSize(5);
  assert.ok(pager.cachedPages <= 5);
  pager.beginRead();
  for (let n = 1; n <= 40; n++) pager.release(pager.get(n));
  assert.ok(pager.cachedPages <= 5);
  const misses = pager.stats.misses;
  pager.release(pager.get(40)); // most recent: still cached
  assert.equal(pager.stats.misses, misses);
  pager.release(pager.get(1)); // evicted long ago
  assert.equal(pager.stats.misses, misses + 1);
  // Referenced pages are never evicted: the cache grows past the limit instead.
  const held = [];
  for (let n = 1; n <= 12; n++) held.push(pager.get(n));
  assert.ok(pager.cachedPages >= 12);
  for (const p of held) pager.release(p);
  pager.endRead();
  pager.close();
});

Deno.test("pager: a tiny cache spills dirty pages (journal synced first, new header) and still commits/rolls back", () => {
  for (const outcome of ["commit", "rollback"] as const) {
    const mem = new MemoryVfs();
    const vfs = new FaultVfs(mem);
    const pager = makeDb(vfs, "db", 30, { pageSize: 512, cacheSize: 4 });
    const before = mem.fileData("db")!.snapshot();
    vfs.trace = true;
    pager.beginWrite();
    writeGen(pager, Array.from({ length: 29 }, (_, i) => i + 2), 7);
    assert.ok(pager.stats.spills > 10, `spilled ${pager.stats.spills}`);
    // Every database write during the transaction came after a journal sync.
    let journalSynced = false;
    for (const e of vfs.log) {
      if (e.op === "sync" && e.kind === "main-journal") journalSynced = true;
      if (e.op === "write" && e.kind === "main-db") {
        assert.ok(journalSynced, "db written before journal sync");
      }
    }
    // Several journal headers (one per spill sync), each at a 512-byte boundary with the magic.
    const j = mem.fileData("db-journal")!.snapshot();
    let headers = 0;
    for (let off = 0; off < j.length; off += 512) {
      if (j[off] === 0xd9 && j[off + 1] === 0xd5 && be32(j, off + 20) === 512) headers++;
    }
    assert.ok(headers >= 2, `headers ${headers}`);
    if (outcome === "commit") {
      pager.commit();
      assert.deepEqual(gens(pager), Array(29).fill(7));
    } else {
      pager.rollback();
      assert.deepEqual(gens(pager), Array(29).fill(0));
      assert.deepEqual(
        mem.fileData("db")!.snapshot(),
        before,
        "file byte-identical after rollback",
      );
    }
    pager.close();
  }
});

function modeScenario(mode: JournalMode) {
  Deno.test(`pager: journal_mode=${mode} commit and rollback`, () => {
    const mem = new MemoryVfs();
    const vfs = new FaultVfs(mem);
    const pager = makeDb(vfs, "db", 8, { pageSize: 512, journalMode: mode, cacheSize: 3 });
    pager.beginWrite();
    writeGen(pager, [2, 3, 4, 5, 6], 1);
    if (mode !== "off") pager.rollback();
    else pager.commit(); // OFF cannot roll back spilled pages, like SQLite
    assert.deepEqual(gens(pager), mode === "off" ? [1, 1, 1, 1, 1, 0, 0] : Array(7).fill(0));
    pager.beginWrite();
    writeGen(pager, [7, 8], 2);
    pager.commit();
    const j = mem.fileData("db-journal");
    switch (mode) {
      case "delete":
      case "memory":
      case "off":
        assert.equal(j, undefined, "no journal file left");
        break;
      case "truncate":
        assert.equal(j!.size, 0);
        break;
      case "persist":
        assert.ok(j!.size > 512, "journal kept");
        assert.ok(j!.snapshot().subarray(0, 28).every((b) => b === 0), "header zeroed");
        break;
    }
    assert.deepEqual(gens(pager), mode === "off" ? [1, 1, 1, 1, 1, 2, 2] : [0, 0, 0, 0, 0, 2, 2]);
    if (mode === "memory" || mode === "off") {
      assert.ok(vfs.log.every((e) => e.kind !== "main-journal"));
    }
    pager.close();
  });
}
for (const m of ["delete", "truncate", "persist", "memory", "off"] as const) modeScenario(m);

Deno.test("pager: PERSIST journal left from a bigger transaction is not replayed after a smaller one", () => {
  const mem = new MemoryVfs();
  const pager = makeDb(mem, "db", 20, { pageSize: 512, journalMode: "persist", cacheSize: 3 });
  pager.beginWrite();
  writeGen(pager, Array.from({ length: 19 }, (_, i) => i + 2), 1); // big, multi-segment journal
  pager.commit();
  pager.beginWrite();
  writeGen(pager, [2], 2);
  pager.commit();
  pager.close();
  // Pretend the last commit's journal were hot: nothing stale may come back.
  const re = new Pager(mem, "db", { journalMode: "persist" });
  assert.deepEqual(gens(re), [2, ...Array(18).fill(1)]);
  re.close();
});

Deno.test("pager: sync order of a commit (journal, journal sync, header, sync, db, db sync, delete)", () => {
  const mem = new MemoryVfs();
  const vfs = new FaultVfs(mem);
  const pager = makeDb(vfs, "db", 5, { pageSize: 512 });
  vfs.trace = true;
  vfs.log = [];
  pager.beginWrite();
  writeGen(pager, [3, 4], 1);
  pager.commit();
  const seq = vfs.log.map((e) =>
    `${e.op}:${e.kind === "main-db" ? "db" : "j"}${e.op === "write" ? "@" + e.offset : ""}`
  );
  assert.deepEqual(seq, [
    "write:j@0", // header, magic zeroed
    "write:j@512", // page 3
    "write:j@1032", // page 4 (records are 4 + 512 + 4 bytes)
    "write:j@1552", // page 1 (change counter)
    "sync:j",
    "write:j@0", // magic + nRec
    "sync:j",
    "write:db@0",
    "write:db@1024",
    "write:db@1536",
    "sync:db",
    "delete:j",
  ]);
  pager.close();
});

Deno.test("pager: synchronous=OFF writes nRec=0xffffffff with the magic and never syncs", () => {
  const mem = new MemoryVfs();
  const vfs = new FaultVfs(mem);
  const pager = makeDb(vfs, "db", 3, { pageSize: 512, synchronous: "off", journalMode: "persist" });
  vfs.setPlan({});
  pager.beginWrite();
  writeGen(pager, [2], 1);
  const j = mem.fileData("db-journal")!.snapshot();
  assert.deepEqual([...j.subarray(0, 12)], [
    0xd9,
    0xd5,
    0x05,
    0xf9,
    0x20,
    0xa1,
    0x63,
    0xd7,
    255,
    255,
    255,
    255,
  ]);
  pager.commit();
  assert.equal(vfs.syncs, 0);
  pager.close();
});

Deno.test("pager: the lock-byte page is skipped by allocation and never written", () => {
  const mem = new MemoryVfs();
  const ps = 65536;
  const lockPage = lockBytePage(ps);
  assert.equal(lockPage, 16385);
  const pager = makeDb(mem, "db", 1, { pageSize: ps, journalMode: "memory" });
  pager.close();
  // Grow the file sparsely to just below the lock-byte page.
  mem.fileData("db")!.truncate((lockPage - 2) * ps);
  const p = new Pager(mem, "db", { pageSize: ps, journalMode: "memory" });
  p.beginWrite();
  const a = p.allocateAtEnd();
  assert.equal(a.pgno, lockPage - 1);
  const b = p.allocateAtEnd();
  assert.equal(b.pgno, lockPage + 1, "lock-byte page skipped");
  b.data.fill(0xab);
  p.release(a);
  p.release(b);
  const lp = p.get(lockPage);
  assert.throws(() => p.write(lp), isCode("SQLITE_CORRUPT"));
  p.release(lp);
  p.commit();
  const probe = new Uint8Array(ps);
  mem.fileData("db")!.read(probe, (lockPage - 1) * ps);
  assert.ok(probe.every((x) => x === 0), "lock-byte page holds no data");
  mem.fileData("db")!.read(probe, lockPage * ps);
  assert.ok(probe.every((x) => x === 0xab));
  p.close();
});

Deno.test("pager: a file that is not a database -> SQLITE_NOTADB 'file is not a database'", () => {
  const mem = new MemoryVfs();
  const f = mem.open("junk", { create: true, kind: "main-db" });
  f.write(
    new TextEncoder().encode("this is certainly not an SQLite database file at all........"),
    0,
  );
  f.write(new Uint8Array(100), 60);
  f.close();
  const p = new Pager(mem, "junk");
  assert.throws(() => p.beginRead(), isCode("SQLITE_NOTADB", "file is not a database"));
  assert.equal(p.lockLevel, L.NONE);
  p.close();
  // Right magic, bad page size.
  const g = mem.open("badps", { create: true, kind: "main-db" });
  const page = new Uint8Array(1024);
  initPage1(page, 1024);
  page[16] = 0x03;
  page[17] = 0x00; // 768: not a power of two
  g.write(page, 0);
  g.close();
  const q = new Pager(mem, "badps");
  assert.throws(() => q.beginRead(), isCode("SQLITE_NOTADB"));
  q.close();
});

Deno.test("pager: read-only pager refuses to write", () => {
  const mem = new MemoryVfs();
  makeDb(mem, "db", 2).close();
  const p = new Pager(mem, "db", { readonly: true });
  assert.deepEqual(gens(p), [0]);
  assert.throws(
    () => p.beginWrite(),
    isCode("SQLITE_READONLY", "attempt to write a readonly database"),
  );
  p.close();
});

Deno.test("pager: I/O errors surface as SQLITE_IOERR_* and rollback recovers", () => {
  for (const plan of [{ failWriteAt: 7 }, { failSyncAt: 2 }, { failWriteAt: 9 }]) {
    const mem = new MemoryVfs();
    const vfs = new FaultVfs(mem);
    const pager = makeDb(vfs, "db", 6, { pageSize: 512 });
    vfs.setPlan(plan);
    pager.beginWrite();
    let err: unknown = null;
    try {
      writeGen(pager, [2, 3, 4], 1);
      pager.commit();
    } catch (e) {
      err = e;
    }
    assert.ok(
      err instanceof SqliteError && err.primaryCode === "SQLITE_IOERR",
      `${JSON.stringify(plan)}: ${err}`,
    );
    pager.rollback();
    assert.deepEqual(gens(pager), [0, 0, 0, 0, 0]);
    pager.close();
  }
});

Deno.test("pager: spilling prefers pages whose journal records are already synced (few syncs)", () => {
  const mem = new MemoryVfs();
  const vfs = new FaultVfs(mem);
  const pager = makeDb(vfs, "db", 200, { pageSize: 512, cacheSize: 20 });
  vfs.setPlan({});
  pager.beginWrite();
  for (let round = 1; round <= 3; round++) {
    writeGen(
      pager,
      Array.from({ length: 199 }, (_, i) => i + 2),
      round,
    );
  }
  pager.commit();
  assert.ok(pager.stats.spills > 500, `spills ${pager.stats.spills}`);
  // One journal sync pair per refill of the cache, not one per spill (pcache.c's synced-first rule).
  assert.ok(vfs.syncs < 40, `syncs ${vfs.syncs}`);
  assert.deepEqual(gens(pager), Array(199).fill(3));
  pager.close();
});

Deno.test("pager: busy handler — busyTimeout waits with SQLite's back-off, then SQLITE_BUSY", () => {
  const h = busyTimeout(30);
  let n = 0;
  const t0 = performance.now();
  while (h(n)) n++;
  const waited = performance.now() - t0;
  assert.equal(n, 5, "1+2+5+10+12 ms = 30 ms in 5 sleeps"); // sqliteDefaultBusyCallback
  assert.ok(waited >= 25, `waited ${waited}`);
  assert.equal(busyTimeout(0)(0), false);

  const vfs = new MemoryVfs();
  const a = makeDb(vfs, "db", 3);
  const b = new Pager(vfs, "db");
  a.beginRead();
  b.busyHandler = busyTimeout(40);
  b.beginWrite();
  writeGen(b, [2], 1);
  const t1 = performance.now();
  assert.throws(() => b.commit(), isCode("SQLITE_BUSY"));
  assert.ok(
    performance.now() - t1 >= 35,
    "waited out the timeout (same thread: no one can release)",
  );
  let calls = 0;
  b.busyHandler = (attempt) => {
    calls++;
    if (attempt === 2) a.endRead(); // the holder lets go while we wait
    return true;
  };
  b.commit();
  assert.equal(calls, 3);
  assert.deepEqual(gens(a), [1, 0]);
  a.close();
  b.close();
});

Deno.test("pager: journal_mode=OFF rollback cannot undo spilled pages but does not leave the file grown", () => {
  const mem = new MemoryVfs();
  const pager = makeDb(mem, "db", 4, { pageSize: 512, journalMode: "off", cacheSize: 2 });
  pager.beginWrite();
  for (let i = 0; i < 6; i++) {
    const p = pager.allocateAtEnd();
    fillPage(p.data, p.pgno, 1);
    pager.release(p);
  }
  assert.ok(pager.stats.spills > 0);
  assert.ok(mem.fileData("db")!.size > 4 * 512, "spills grew the file");
  pager.rollback();
  assert.equal(mem.fileData("db")!.size, 4 * 512);
  assert.equal(pager.pageCount(), 4);
  pager.close();
});

Deno.test("pager: a failed page read is SQLITE_IOERR_READ and does not poison the cache", () => {
  const mem = new MemoryVfs();
  const vfs = new FaultVfs(mem);
  const pager = makeDb(vfs, "db", 6, { pageSize: 512, cacheSize: 2 });
  pager.close();
  const p = new Pager(vfs, "db", { cacheSize: 2 });
  p.beginRead();
  vfs.setPlan({ failReadAt: 1 });
  assert.throws(() => p.get(4), isCode("SQLITE_IOERR_READ", "disk I/O error"));
  const pg = p.get(4); // the retry reads it for real
  assert.equal(pageGen(pg.data, 4), 0);
  p.release(pg);
  p.endRead();
  p.close();
});
