// Memory and Deno-file VFS backends: read/write/truncate/size/open flags/delete/exists.
import assert from "node:assert/strict";
import { MemoryVfs } from "../../src/vfs/memory.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { SqliteError } from "../../src/error.ts";
import { IoCap, LockLevel, type Vfs } from "../../src/vfs/types.ts";

function suite(name: string, mk: () => { vfs: Vfs; dir: string; cleanup: () => void }) {
  /** A test on a fresh backend (`dir` is a folder in it), cleaned up afterwards. */
  const test = (title: string, body: (vfs: Vfs, dir: string) => void) =>
    Deno.test(`${name}: ${title}`, () => {
      const { vfs, dir, cleanup } = mk();
      try {
        body(vfs, dir);
      } finally {
        cleanup();
      }
    });

  test("write, read back, short read zero-fills", (vfs, dir) => {
    const p = `${dir}/a`;
    const f = vfs.open(p, { create: true, kind: "main-db" });
    assert.equal(f.size(), 0);
    f.write(new Uint8Array([1, 2, 3, 4]), 10);
    assert.equal(f.size(), 14);
    const buf = new Uint8Array(8).fill(0xee);
    assert.equal(f.read(buf, 8), 6);
    assert.deepEqual([...buf], [0, 0, 1, 2, 3, 4, 0, 0]);
    const past = new Uint8Array(4).fill(9);
    assert.equal(f.read(past, 100), 0);
    assert.deepEqual([...past], [0, 0, 0, 0]);
    f.sync();
    f.sync("dataonly");
    f.close();
  });

  test("truncate shrinks and regrowth reads zeros", (vfs, dir) => {
    const f = vfs.open(`${dir}/t`, { create: true, kind: "main-db" });
    const big = new Uint8Array(200_000).fill(7);
    f.write(big, 0);
    assert.equal(f.size(), 200_000);
    f.truncate(70_000);
    assert.equal(f.size(), 70_000);
    f.truncate(150_000);
    const b = new Uint8Array(4);
    f.read(b, 69_998);
    assert.deepEqual([...b], [7, 7, 0, 0]);
    f.read(b, 140_000);
    assert.deepEqual([...b], [0, 0, 0, 0]);
    f.close();
  });

  test("writes spanning chunk boundaries round-trip", (vfs, dir) => {
    const f = vfs.open(`${dir}/c`, { create: true, kind: "main-db" });
    const data = new Uint8Array(150_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    f.write(data, 65_000);
    const back = new Uint8Array(150_000);
    assert.equal(f.read(back, 65_000), 150_000);
    assert.deepEqual(back, data);
    f.close();
  });

  test("open flags, exists, delete, readonly", (vfs, dir) => {
    const p = `${dir}/o`;
    assert.equal(vfs.exists(p), false);
    assert.throws(
      () => vfs.open(p, { kind: "main-db" }),
      (e: unknown) =>
        e instanceof SqliteError && e.code === "SQLITE_CANTOPEN" &&
        e.message === "unable to open database file",
    );
    const f = vfs.open(p, { create: true, kind: "main-db" });
    f.write(new Uint8Array([5]), 0);
    f.close();
    assert.ok(vfs.exists(p));
    assert.throws(
      () => vfs.open(p, { create: true, exclusive: true, kind: "main-db" }),
      (e: unknown) => e instanceof SqliteError && e.primaryCode === "SQLITE_CANTOPEN",
    );
    const ro = vfs.open(p, { readonly: true, kind: "main-db" });
    assert.throws(
      () => ro.write(new Uint8Array([1]), 0),
      (e: unknown) =>
        e instanceof SqliteError && e.code === "SQLITE_READONLY" &&
        e.message === "attempt to write a readonly database",
    );
    const b = new Uint8Array(1);
    ro.read(b, 0);
    assert.equal(b[0], 5);
    ro.close();
    vfs.delete(p);
    assert.equal(vfs.exists(p), false);
    const tmp = vfs.open(`${dir}/doc`, { create: true, deleteOnClose: true, kind: "temp-db" });
    tmp.write(new Uint8Array(3), 0);
    tmp.close();
    assert.equal(vfs.exists(`${dir}/doc`), false);
  });

  test("sector size and device characteristics as os_unix reports", (vfs, dir) => {
    const f = vfs.open(`${dir}/s`, { create: true, kind: "main-db" });
    assert.ok(f.sectorSize() >= 512);
    assert.ok((f.deviceCharacteristics() & IoCap.POWERSAFE_OVERWRITE) !== 0);
    f.close();
  });
}

suite("memory vfs", () => ({ vfs: new MemoryVfs(), dir: "/m", cleanup: () => {} }));
suite("deno file vfs", () => {
  const dir = Deno.makeTempDirSync();
  return { vfs: new DenoFileVfs(), dir, cleanup: () => Deno.removeSync(dir, { recursive: true }) };
});

Deno.test("memory vfs: separate instances are separate namespaces; sparse files past 1 GiB are cheap", () => {
  const a = new MemoryVfs(), b = new MemoryVfs();
  a.open("x", { create: true, kind: "main-db" }).close();
  assert.ok(a.exists("x"));
  assert.equal(b.exists("x"), false);
  const f = a.open("x", { kind: "main-db" });
  f.write(new Uint8Array([1]), 0x40000000 + 5);
  assert.equal(f.size(), 0x40000006);
  const buf = new Uint8Array(2);
  f.read(buf, 0x40000004);
  assert.deepEqual([...buf], [0, 1]);
  f.close();
});

Deno.test("deno file vfs: bytes written are what a plain file read sees", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const vfs = new DenoFileVfs();
    const f = vfs.open(`${dir}/p`, { create: true, kind: "main-db" });
    f.write(new TextEncoder().encode("SQLite"), 3);
    f.close();
    assert.deepEqual([...Deno.readFileSync(`${dir}/p`)], [0, 0, 0, 83, 81, 76, 105, 116, 101]);
    assert.equal(vfs.fullPathname(`${dir}/p`), Deno.realPathSync(`${dir}/p`));
    assert.throws(
      () => vfs.delete(`${dir}/nope`),
      (e: unknown) => e instanceof SqliteError && e.code === "SQLITE_IOERR_DELETE_NOENT",
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("deno file vfs: a full disk (ENOSPC) is SQLITE_FULL 'database or disk is full'", () => {
  let full: boolean;
  try {
    full = Deno.statSync("/dev/full").isCharDevice === true;
  } catch {
    full = false;
  }
  if (!full) return; // no /dev/full on this system
  const f = new DenoFileVfs().open("/dev/full", { kind: "temp-db" });
  assert.throws(
    () => f.write(new Uint8Array(4096), 0),
    (e: unknown) =>
      e instanceof SqliteError && e.code === "SQLITE_FULL" &&
      e.message === "database or disk is full",
  );
  f.close();
});

Deno.test("deno file vfs: a database reached through a symlink shares the lock state of its target", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const vfs = new DenoFileVfs();
    Deno.writeFileSync(`${dir}/real.db`, new Uint8Array(10));
    Deno.symlinkSync(`${dir}/real.db`, `${dir}/link.db`);
    assert.equal(vfs.fullPathname(`${dir}/link.db`), Deno.realPathSync(`${dir}/real.db`));
    const a = vfs.open(`${dir}/real.db`, { kind: "main-db" });
    const b = vfs.open(`${dir}/link.db`, { kind: "main-db" });
    assert.ok(a.lock(LockLevel.SHARED) && b.lock(LockLevel.SHARED));
    assert.ok(a.lock(LockLevel.RESERVED));
    assert.equal(b.lock(LockLevel.RESERVED), false, "same file, same lock table entry");
    a.close();
    b.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
