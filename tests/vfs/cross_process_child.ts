// Child process for cross_process_test.ts: holds a tsqlite lock on a database until stdin closes.
// Usage: deno run -A cross_process_child.ts <path> read|read-then-release|write|wal-write|exclusive|die-mid-write
import { Pager } from "../../src/pager/pager.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";

const [path, mode] = Deno.args;
const wal = mode === "wal-write";
const pager = new Pager(new DenoFileVfs(), path, {
  cacheSize: 2,
  journalMode: wal ? "wal" : "delete",
});
const out = (s: string) => Deno.stdout.writeSync(new TextEncoder().encode(s + "\n"));

if (mode === "read") pager.beginRead();
else if (mode === "read-then-release") {
  pager.beginRead();
  out("ready");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  pager.endRead();
} else if (
  mode === "write" || mode === "wal-write" || mode === "exclusive" || mode === "die-mid-write"
) {
  pager.beginWrite(mode === "exclusive");
  const n = mode === "die-mid-write" ? pager.pageCount() : 2;
  for (let pg = 2; pg <= n; pg++) {
    const p = pager.get(pg);
    pager.write(p);
    p.data.fill(0xee, 200, 300);
    pager.release(p);
  }
  if (mode === "die-mid-write") {
    if (pager.stats.spills === 0) throw new Error("expected spills");
    out("ready");
    Deno.exit(0); // power cut for this process: no rollback, journal left behind
  }
}
if (mode !== "read-then-release") out("ready");
const buf = new Uint8Array(16);
while ((Deno.stdin.readSync(buf) ?? 0) > 0) { /* wait for EOF */ }
if (pager.inWriteTransaction) pager.rollback();
else if (pager.inReadTransaction) pager.endRead();
pager.close();
out("done");
