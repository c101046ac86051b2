// Crash safety: a power cut at every write and every sync of a multi-page commit (and of the
// recovery itself) leaves a file that tsqlite and real SQLite both read as the old state or the
// new one — never a mix — and that passes SQLite's integrity_check.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { FaultVfs, type PowerLossModel } from "../../src/vfs/fault.ts";
import type { PagerOptions } from "../../src/pager/types.ts";
import {
  fastTempDir,
  fingerprint,
  integrity,
  makeStates,
  readThroughPager,
  type States,
  transform,
  whichState,
} from "./fixtures.ts";

function exists(p: string): boolean {
  try {
    Deno.statSync(p);
    return true;
  } catch {
    return false;
  }
}

function copyPair(from: string, to: string): void {
  Deno.copyFileSync(from, to);
  if (exists(`${from}-journal`)) Deno.copyFileSync(`${from}-journal`, `${to}-journal`);
  else if (exists(`${to}-journal`)) Deno.removeSync(`${to}-journal`);
}

/** Reset `path` to image `img` with no journal. */
function reset(path: string, img: Uint8Array): void {
  Deno.writeFileSync(path, img);
  if (exists(`${path}-journal`)) Deno.removeSync(`${path}-journal`);
}

/** Check the files at `path` after power loss with both tsqlite and node:sqlite; returns the state. */
function verify(dir: string, path: string, s: States, label: string): "a" | "b" {
  const forSqlite = `${dir}/check-sqlite.db`;
  copyPair(path, forSqlite);
  const db = new DatabaseSync(forSqlite);
  const f = fingerprint(db);
  db.close();
  const sqliteSays = f === s.fa ? "a" : f === s.fb ? "b" : "mix";
  assert.notEqual(sqliteSays, "mix", `${label}: SQLite reads a mix`);
  assert.equal(integrity(forSqlite), "ok", `${label}: integrity_check`);
  const img = readThroughPager(new DenoFileVfs(), path);
  const tsqliteSays = whichState(img, s);
  assert.notEqual(tsqliteSays, "mix", `${label}: tsqlite reads a mix`);
  assert.equal(tsqliteSays, sqliteSays, `${label}: tsqlite and SQLite disagree`);
  return tsqliteSays as "a" | "b";
}

interface Case {
  name: string;
  from: "a" | "b";
  opts: PagerOptions;
}

const CASES: Case[] = [
  { name: "delete", from: "a", opts: {} },
  { name: "delete, shrinking commit", from: "b", opts: {} },
  { name: "delete, tiny cache (spills)", from: "a", opts: { cacheSize: 3 } },
  { name: "truncate", from: "a", opts: { journalMode: "truncate" } },
  { name: "persist", from: "a", opts: { journalMode: "persist" } },
  { name: "synchronous=normal", from: "a", opts: { synchronous: "normal" } },
];

/** The fault VFS models durability itself; real fsyncs would only add latency. */
const NOSYNC = { realSync: false };

const MODELS: PowerLossModel[] = ["drop-unsynced", "keep-unsynced", { seed: 1234 }];

for (const c of CASES) {
  Deno.test(`crash at every write and sync: ${c.name}`, () => {
    const dir = fastTempDir();
    try {
      const s = makeStates(dir, 1024, 160);
      const src = c.from === "a" ? s.a : s.b;
      const dst = c.from === "a" ? s.b : s.a;
      const path = `${dir}/db.db`;
      // Dry run: count the commit's writes and syncs, and check it lands on the new state.
      reset(path, src);
      const counter = new FaultVfs(new DenoFileVfs(), {}, NOSYNC);
      transform(counter, path, dst, c.opts);
      const W = counter.writes, S = counter.syncs;
      assert.ok(W > 20, `multi-page commit (${W} writes, ${S} syncs)`);
      if (Deno.env.get("CRASH_VERBOSE")) console.log(c.name, { W, S });
      assert.equal(verify(dir, path, s, "no crash"), c.from === "a" ? "b" : "a");
      const seen = { a: 0, b: 0 };
      const points: { crashAtWrite?: number; crashAtSync?: number; tornWrite?: boolean }[] = [];
      for (let n = 1; n <= W; n++) {
        points.push({ crashAtWrite: n });
        points.push({ crashAtWrite: n, tornWrite: true });
      }
      for (let n = 1; n <= S; n++) points.push({ crashAtSync: n });
      for (const plan of points) {
        for (const model of MODELS) {
          reset(path, src);
          const vfs = new FaultVfs(new DenoFileVfs(), plan, NOSYNC);
          assert.throws(() => transform(vfs, path, dst, c.opts));
          vfs.powerLoss(model);
          const label = `${c.name} ${JSON.stringify(plan)} ${JSON.stringify(model)}`;
          seen[verify(dir, path, s, label)]++;
        }
      }
      // Crashes before the commit point give the old state back; in TRUNCATE/PERSIST mode a
      // crash while finalizing the journal, with the unsynced finalization kept, gives the new one.
      assert.ok(seen[c.from] > 0);
      if (c.opts.journalMode !== undefined) assert.ok(seen[c.from === "a" ? "b" : "a"] > 0);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}

Deno.test("crash during hot-journal recovery, then recovery again: still the old state", () => {
  const dir = fastTempDir();
  try {
    const s = makeStates(dir, 1024, 160);
    const path = `${dir}/db.db`;
    const crashed = `${dir}/crashed.db`;
    // A commit cut at its database sync, with every database write on disk: a hot journal.
    reset(path, s.a);
    const counter = new FaultVfs(new DenoFileVfs(), {}, NOSYNC);
    transform(counter, path, s.b);
    reset(path, s.a);
    const v = new FaultVfs(new DenoFileVfs(), { crashAtSync: counter.syncs }, NOSYNC);
    assert.throws(() => transform(v, path, s.b));
    v.powerLoss("keep-unsynced");
    copyPair(path, crashed);
    // Count the recovery's own writes, then crash it at each one and at each sync.
    const rc = new FaultVfs(new DenoFileVfs(), {}, NOSYNC);
    readThroughPager(rc, path);
    assert.ok(rc.writes > 5, `recovery writes ${rc.writes}`);
    for (let n = 1; n <= rc.writes + rc.syncs; n++) {
      const plan = n <= rc.writes
        ? { crashAtWrite: n, tornWrite: n % 2 === 0 }
        : { crashAtSync: n - rc.writes };
      for (const model of MODELS) {
        copyPair(crashed, path);
        const f = new FaultVfs(new DenoFileVfs(), plan, NOSYNC);
        assert.throws(() => readThroughPager(f, path));
        f.powerLoss(model);
        assert.equal(verify(dir, path, s, `recovery ${JSON.stringify(plan)}`), "a");
      }
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
