// The fault-injecting VFS: injected errors, crashes, torn writes, and the power-loss model.
import assert from "node:assert/strict";
import { FaultVfs } from "../../src/vfs/fault.ts";
import { MemoryVfs } from "../../src/vfs/memory.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { SqliteError } from "../../src/error.ts";

const bytes = (...b: number[]) => new Uint8Array(b);

function contents(mem: MemoryVfs, path: string): number[] {
  const d = mem.fileData(path);
  return d === undefined ? [] : [...d.snapshot()];
}

Deno.test("fault vfs: counts writes and syncs across files and passes data through", () => {
  const mem = new MemoryVfs();
  const v = new FaultVfs(mem);
  const a = v.open("a", { create: true, kind: "main-db" });
  const b = v.open("b", { create: true, kind: "main-journal" });
  a.write(bytes(1), 0);
  b.write(bytes(2), 0);
  a.sync();
  assert.equal(v.writes, 2);
  assert.equal(v.syncs, 1);
  assert.deepEqual(contents(mem, "a"), [1]);
  a.close();
  b.close();
});

Deno.test("fault vfs: failWriteAt / failSyncAt raise SQLITE_IOERR_WRITE / _FSYNC and life goes on", () => {
  const mem = new MemoryVfs();
  const v = new FaultVfs(mem, { failWriteAt: 2, failSyncAt: 1 });
  const f = v.open("a", { create: true, kind: "main-db" });
  f.write(bytes(1), 0);
  assert.throws(
    () => f.write(bytes(2), 1),
    (e: unknown) =>
      e instanceof SqliteError && e.code === "SQLITE_IOERR_WRITE" && e.message === "disk I/O error",
  );
  assert.deepEqual(contents(mem, "a"), [1], "failed write wrote nothing");
  assert.throws(
    () => f.sync(),
    (e: unknown) => e instanceof SqliteError && e.code === "SQLITE_IOERR_FSYNC",
  );
  f.write(bytes(3), 1);
  f.sync();
  assert.deepEqual(contents(mem, "a"), [1, 3]);
  f.close();
});

Deno.test("fault vfs: crash at a sync drops unsynced writes, keeps synced ones", () => {
  const mem = new MemoryVfs();
  const v = new FaultVfs(mem, { crashAtSync: 2 });
  const f = v.open("a", { create: true, kind: "main-db" });
  f.write(bytes(1, 1, 1, 1), 0);
  f.sync();
  f.write(bytes(2, 2), 1);
  f.truncate(3);
  assert.throws(
    () => f.sync(),
    (e: unknown) => e instanceof SqliteError && e.primaryCode === "SQLITE_IOERR",
  );
  assert.ok(v.crashed);
  assert.throws(() => f.read(new Uint8Array(1), 0), "a dead disk answers nothing");
  f.close();
  assert.deepEqual(contents(mem, "a"), [1, 2, 2], "volatile view before power loss");
  v.powerLoss("drop-unsynced");
  assert.deepEqual(contents(mem, "a"), [1, 1, 1, 1]);
  assert.equal(v.crashed, false);
});

Deno.test("fault vfs: keep-unsynced and random subsets", () => {
  for (const model of ["keep-unsynced", { seed: 7 }] as const) {
    const mem = new MemoryVfs();
    const v = new FaultVfs(mem, { crashAtWrite: 4 });
    const f = v.open("a", { create: true, kind: "main-db" });
    f.write(bytes(0, 0, 0), 0);
    f.sync();
    f.write(bytes(1), 0);
    f.write(bytes(2), 1);
    assert.throws(() => f.write(bytes(3), 2));
    f.close();
    v.powerLoss(model);
    const c = contents(mem, "a");
    if (model === "keep-unsynced") assert.deepEqual(c, [1, 2, 0]);
    else {
      assert.equal(c.length, 3);
      assert.ok(c[0] === 0 || c[0] === 1);
      assert.ok(c[1] === 0 || c[1] === 2);
      assert.equal(c[2], 0, "the crashing write never happened");
    }
  }
});

Deno.test("fault vfs: a torn write leaves only its first half", () => {
  const mem = new MemoryVfs();
  const v = new FaultVfs(mem, { crashAtWrite: 1, tornWrite: true });
  const f = v.open("a", { create: true, kind: "main-db" });
  assert.throws(() => f.write(bytes(9, 9, 9, 9), 0));
  f.close();
  v.powerLoss("keep-unsynced");
  assert.deepEqual(contents(mem, "a"), [9, 9]);
});

Deno.test("fault vfs: files that existed before are durable; deletes are durable; trace log", () => {
  const mem = new MemoryVfs();
  const pre = mem.open("old", { create: true, kind: "main-db" });
  pre.write(bytes(4, 4), 0);
  pre.close();
  const v = new FaultVfs(mem, { crashAtSync: 1 });
  v.trace = true;
  const f = v.open("old", { kind: "main-db" });
  f.write(bytes(5), 0);
  const j = v.open("old-journal", { create: true, kind: "main-journal" });
  j.write(bytes(1), 0);
  j.close();
  v.delete("old-journal");
  assert.throws(() => f.sync());
  f.close();
  v.powerLoss();
  assert.deepEqual(contents(mem, "old"), [4, 4]);
  assert.equal(mem.exists("old-journal"), false);
  assert.deepEqual(v.log.map((e) => `${e.op}:${e.kind}`), [
    "write:main-db",
    "write:main-journal",
    "delete:main-journal",
    "sync:main-db",
  ]);
});

Deno.test("fault vfs over real files: power loss rewrites the directory's files", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const v = new FaultVfs(new DenoFileVfs(), { crashAtSync: 2 });
    const f = v.open(`${dir}/d`, { create: true, kind: "main-db" });
    f.write(bytes(1, 2, 3), 0);
    f.sync();
    f.write(bytes(7, 7, 7, 7, 7), 0);
    assert.throws(() => f.sync());
    f.close();
    assert.deepEqual([...Deno.readFileSync(`${dir}/d`)], [7, 7, 7, 7, 7]);
    v.powerLoss();
    assert.deepEqual([...Deno.readFileSync(`${dir}/d`)], [1, 2, 3]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
