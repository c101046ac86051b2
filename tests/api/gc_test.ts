/**
 * Statements and databases nobody finalizes/closes are released when garbage-collected, as in
 * better-sqlite3: `db.prepare(sql).get()` in a loop must not grow the heap, and dropped Database
 * objects must not keep their files open. Each check runs a child Deno with --expose-gc.
 * @module
 */
import assert from "node:assert/strict";

Deno.test("prepared statements are released when collected (no leak in prepare loops)", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const mod = new URL("../../mod.ts", import.meta.url).href;
    Deno.writeTextFileSync(
      `${dir}/leak.ts`,
      `import Database from ${JSON.stringify(mod)};
const db = new Database(":memory:");
db.exec("CREATE TABLE t(a, b, c)");
const gc = (globalThis as unknown as { gc: () => void }).gc;
const heap = () => Deno.memoryUsage().heapUsed;
const round = async () => {
  for (let i = 0; i < 8000; i++) db.prepare("SELECT a, b, c, " + i + " FROM t WHERE a = ?").get(i);
  gc();
  await new Promise((r) => setTimeout(r, 20));
  gc();
};
await round();
const base = heap();
await round();
await round();
console.log(JSON.stringify({ growth: heap() - base }));`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--v8-flags=--expose-gc", `${dir}/leak.ts`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const { growth } = JSON.parse(new TextDecoder().decode(out.stdout));
    // Without the release each round of 8000 statements keeps ~65 MB alive.
    assert.ok(growth < 16e6, `heap grew by ${(growth / 1e6).toFixed(1)} MB`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name: "a Database dropped without close() releases its file when collected",
  ignore: (() => {
    try {
      return !Deno.statSync("/proc/self/fd").isDirectory;
    } catch {
      return true;
    }
  })(),
  fn: async () => {
    const dir = Deno.makeTempDirSync();
    try {
      const mod = new URL("../../mod.ts", import.meta.url).href;
      Deno.writeTextFileSync(
        `${dir}/fds.ts`,
        `import Database from ${JSON.stringify(mod)};
const gc = (globalThis as unknown as { gc: () => void }).gc;
const fds = () => [...Deno.readDirSync("/proc/self/fd")].length;
const before = fds();
for (let i = 0; i < 100; i++) new Database(${
          JSON.stringify(dir)
        } + "/f" + (i % 5) + ".db").prepare("SELECT 1").get();
for (let k = 0; k < 3; k++) { gc(); await new Promise((r) => setTimeout(r, 30)); }
console.log(JSON.stringify({ leaked: fds() - before }));`,
      );
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--v8-flags=--expose-gc", `${dir}/fds.ts`],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      const { leaked } = JSON.parse(new TextDecoder().decode(out.stdout));
      assert.ok(leaked < 10, `${leaked} file descriptors still open`);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
