// Lock-level state machine (os_unix.c unixLock semantics) through every backend's lock table.
import assert from "node:assert/strict";
import { LockTable } from "../../src/vfs/lock_table.ts";
import { LockLevel as L } from "../../src/vfs/types.ts";
import { MemoryVfs } from "../../src/vfs/memory.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import type { Vfs } from "../../src/vfs/types.ts";

Deno.test("lock table: many SHARED holders, one RESERVED", () => {
  const t = new LockTable();
  const a = t.holder("f"), b = t.holder("f"), c = t.holder("f");
  assert.ok(a.lock(L.SHARED) && b.lock(L.SHARED) && c.lock(L.SHARED));
  assert.ok(a.lock(L.RESERVED));
  assert.equal(b.lock(L.RESERVED), false, "second writer refused");
  assert.ok(b.checkReserved());
  assert.equal(a.level, L.RESERVED);
  assert.equal(b.level, L.SHARED);
  // RESERVED does not block new readers.
  const d = t.holder("f");
  assert.ok(d.lock(L.SHARED));
});

Deno.test("lock table: EXCLUSIVE waits at PENDING for readers, PENDING blocks new readers", () => {
  const t = new LockTable();
  const w = t.holder("f"), r = t.holder("f"), late = t.holder("f");
  assert.ok(w.lock(L.SHARED) && r.lock(L.SHARED));
  assert.ok(w.lock(L.RESERVED));
  assert.equal(w.lock(L.EXCLUSIVE), false, "reader still active");
  assert.equal(w.level, L.PENDING, "left at PENDING like SQLite");
  assert.equal(late.lock(L.SHARED), false, "PENDING keeps new readers out");
  r.unlock(L.NONE);
  assert.ok(w.lock(L.EXCLUSIVE));
  assert.equal(w.level, L.EXCLUSIVE);
  assert.equal(late.lock(L.SHARED), false, "EXCLUSIVE keeps readers out");
  w.unlock(L.SHARED);
  assert.equal(w.level, L.SHARED);
  assert.equal(w.checkReserved(), false);
  assert.ok(late.lock(L.SHARED));
  w.unlock(L.NONE);
  late.unlock(L.NONE);
});

Deno.test("lock table: SHARED -> EXCLUSIVE directly (hot-journal path) and second PENDING refused", () => {
  const t = new LockTable();
  const a = t.holder("f"), b = t.holder("f");
  assert.ok(a.lock(L.SHARED) && b.lock(L.SHARED));
  assert.equal(a.lock(L.EXCLUSIVE), false);
  assert.equal(b.lock(L.EXCLUSIVE), false, "PENDING already owned by a");
  assert.equal(b.level, L.SHARED);
  b.unlock(L.NONE);
  assert.ok(a.lock(L.EXCLUSIVE));
});

Deno.test("lock table: close releases everything and forgets the entry", () => {
  const t = new LockTable();
  const a = t.holder("f"), b = t.holder("f");
  a.lock(L.SHARED);
  a.lock(L.RESERVED);
  a.close();
  assert.ok(b.lock(L.SHARED) && b.lock(L.EXCLUSIVE));
  b.close();
  assert.equal(t.size, 0);
  assert.throws(() => a.lock(L.SHARED));
});

Deno.test("lock table: lock above SHARED without SHARED is a bug", () => {
  const t = new LockTable();
  assert.throws(() => t.holder("f").lock(L.RESERVED));
});

function backendLocks(name: string, mk: () => { vfs: Vfs; path: string; cleanup: () => void }) {
  Deno.test(`${name}: two handles on one path share the lock state`, () => {
    const { vfs, path, cleanup } = mk();
    try {
      const a = vfs.open(path, { create: true, kind: "main-db" });
      const b = vfs.open(path, { create: true, kind: "main-db" });
      assert.ok(a.lock(L.SHARED));
      assert.ok(b.lock(L.SHARED));
      assert.ok(a.lock(L.RESERVED));
      assert.equal(b.lockLevel(), L.SHARED);
      assert.ok(b.checkReservedLock());
      assert.equal(b.lock(L.RESERVED), false);
      assert.equal(a.lock(L.EXCLUSIVE), false);
      b.unlock(L.NONE);
      assert.ok(a.lock(L.EXCLUSIVE));
      assert.equal(b.lock(L.SHARED), false);
      a.unlock(L.SHARED);
      assert.ok(b.lock(L.SHARED));
      a.close();
      b.close();
      // A fresh handle after close sees no stale lock.
      const c = vfs.open(path, { kind: "main-db" });
      assert.ok(c.lock(L.SHARED) && c.lock(L.EXCLUSIVE));
      c.close();
    } finally {
      cleanup();
    }
  });
}

backendLocks("memory vfs", () => ({ vfs: new MemoryVfs(), path: "db", cleanup: () => {} }));
backendLocks("deno file vfs", () => {
  const dir = Deno.makeTempDirSync();
  return {
    vfs: new DenoFileVfs(),
    path: `${dir}/x.db`,
    cleanup: () => Deno.removeSync(dir, { recursive: true }),
  };
});
