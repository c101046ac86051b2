// Locking between tsqlite processes through DenoFileVfs's flock mirror: readers block a commit,
// one writer at a time (journal lock), EXCLUSIVE keeps readers out, and a writer process that
// dies mid-transaction leaves a hot journal the next process rolls back.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Pager } from "../../src/pager/pager.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { SqliteError } from "../../src/error.ts";
import { busyTimeout } from "../../src/pager/busy.ts";

const child = new URL("./cross_process_child.ts", import.meta.url).pathname;

async function withChild(path: string, mode: string, fn: () => void): Promise<void> {
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", child, path, mode],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("ready")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  assert.ok(text.includes("ready"), `child ${mode} did not get ready`);
  try {
    fn();
  } finally {
    await proc.stdin.close().catch(() => {});
    while (!(await reader.read()).done) { /* drain */ }
    await proc.status;
  }
}

/** A 500-row database written by node:sqlite in a fresh temporary folder. */
function makeDb(dir: string): string {
  const path = `${dir}/x.db`;
  const db = new DatabaseSync(path);
  db.exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  db.exec("BEGIN");
  for (let i = 0; i < 500; i++) ins.run(i, "payload ".repeat(20));
  db.exec("COMMIT");
  db.close();
  return path;
}

/** Run `fn` on the path of a fresh database (see makeDb); the folder is removed afterwards. */
async function withDb(fn: (path: string) => Promise<void>): Promise<void> {
  const dir = Deno.makeTempDirSync();
  try {
    await fn(makeDb(dir));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

const busy = (e: unknown) => e instanceof SqliteError && e.code === "SQLITE_BUSY";

function touch(pager: Pager, pg: number): void {
  const p = pager.get(pg);
  pager.write(p);
  p.data[300] ^= 1;
  pager.release(p);
}

Deno.test("cross-process: a reader in another process blocks our commit (BUSY), not our reads", () =>
  withDb(async (path) => {
    const pager = new Pager(new DenoFileVfs(), path);
    await withChild(path, "read", () => {
      pager.beginRead();
      pager.release(pager.get(1));
      pager.endRead();
      pager.beginWrite();
      touch(pager, 3);
      assert.throws(() => pager.commit(), busy);
      assert.ok(pager.inWriteTransaction);
    });
    pager.commit(); // the reader is gone: the retry succeeds
    pager.close();
  }));

Deno.test("cross-process: one writer at a time (the journal lock)", () =>
  withDb(async (path) => {
    const pager = new Pager(new DenoFileVfs(), path);
    await withChild(path, "write", () => {
      pager.beginWrite();
      assert.throws(() => touch(pager, 3), busy);
      pager.rollback();
    });
    pager.beginWrite();
    touch(pager, 3);
    pager.commit();
    pager.close();
  }));

Deno.test("cross-process: EXCLUSIVE in another process keeps our readers out", () =>
  withDb(async (path) => {
    const pager = new Pager(new DenoFileVfs(), path);
    await withChild(path, "exclusive", () => {
      assert.throws(() => pager.beginRead(), busy);
      assert.equal(pager.inReadTransaction, false);
    });
    pager.beginRead();
    pager.endRead();
    pager.close();
  }));

Deno.test("cross-process: a writer process dying mid-transaction leaves a hot journal we roll back", () =>
  withDb(async (path) => {
    const original = Deno.readFileSync(path);
    await withChild(path, "die-mid-write", () => {});
    assert.ok(Deno.statSync(`${path}-journal`).size > 0);
    assert.notDeepEqual(Deno.readFileSync(path), original, "the dead writer spilled pages");
    const pager = new Pager(new DenoFileVfs(), path);
    pager.beginRead();
    assert.equal(pager.stats.hotRollbacks, 1);
    pager.endRead();
    pager.close();
    assert.deepEqual(Deno.readFileSync(path), original);
    const db = new DatabaseSync(path);
    assert.equal(
      (db.prepare("PRAGMA integrity_check").get() as Record<string, string>).integrity_check,
      "ok",
    );
    db.close();
  }));

Deno.test("cross-process: with a busy timeout our commit waits for the other process's reader", () =>
  withDb(async (path) => {
    const pager = new Pager(new DenoFileVfs(), path);
    pager.busyHandler = busyTimeout(5000);
    await withChild(path, "read-then-release", () => {
      pager.beginWrite();
      touch(pager, 3);
      const t0 = performance.now();
      pager.commit(); // the child ends its read after ~300 ms
      assert.ok(performance.now() - t0 < 4000);
    });
    pager.close();
  }));

Deno.test("cross-process: journal_mode=WAL — one writer at a time (the log's lock); readers unaffected", () =>
  withDb(async (path) => {
    const pager = new Pager(new DenoFileVfs(), path);
    pager.setJournalMode("wal");
    await withChild(path, "wal-write", () => {
      pager.beginRead(); // a reader is fine while the other process writes
      pager.release(pager.get(2));
      pager.endRead();
      assert.throws(() => pager.beginWrite(), busy);
      assert.equal(pager.inWriteTransaction, false);
    });
    pager.beginWrite();
    touch(pager, 3);
    pager.commit();
    pager.close();
  }));
