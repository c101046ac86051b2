// Random pager workload checked against an in-memory model: writes, allocations, truncates,
// nested savepoints with partial rollbacks, commits and rollbacks, through a tiny cache (spills),
// with optional random power cuts (FaultVfs) followed by reopen + recovery.
import assert from "node:assert/strict";
import { Pager } from "../../src/pager/pager.ts";
import { MemoryVfs } from "../../src/vfs/memory.ts";
import { FaultVfs, type PowerLossModel } from "../../src/vfs/fault.ts";
import type { JournalMode } from "../../src/pager/types.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import type { Vfs } from "../../src/vfs/types.ts";
import { initPage1, rng } from "./helpers.ts";

const PS = 512;

function stampPage(d: Uint8Array, pgno: number, stamp: number): void {
  d.fill(stamp & 0xff);
  new DataView(d.buffer, d.byteOffset).setUint32(0, pgno);
  new DataView(d.buffer, d.byteOffset).setUint32(4, stamp);
  d[PS - 1] = (stamp >>> 8) & 0xff;
}

function readStamp(d: Uint8Array, pgno: number): number {
  const dv = new DataView(d.buffer, d.byteOffset);
  const stamp = dv.getUint32(4);
  if (dv.getUint32(0) !== pgno) return -1;
  for (let i = 8; i < PS - 1; i += 13) if (d[i] !== (stamp & 0xff)) return -2;
  if (d[PS - 1] !== ((stamp >>> 8) & 0xff)) return -3;
  return stamp;
}

/** Stamps of pages 2..n as the pager reads them. */
function observe(pager: Pager): number[] {
  const out: number[] = [];
  const own = !pager.inReadTransaction;
  if (own) pager.beginRead();
  try {
    for (let pg = 2; pg <= pager.pageCount(); pg++) {
      const p = pager.get(pg);
      out.push(readStamp(p.data, pg));
      pager.release(p);
    }
  } finally {
    if (own) pager.endRead();
  }
  return out;
}

/** Options of one workload run. */
export interface WorkloadOptions {
  seed: number;
  transactions: number;
  /** Probability that a transaction runs with a power cut planted somewhere in it. */
  crashRate: number;
  journalModes?: JournalMode[];
  /** Run on real files in this directory (DenoFileVfs) instead of a MemoryVfs. */
  dir?: string;
}

/** Run the workload; throws on the first divergence from the model. Returns counters. */
export function runWorkload(
  o: WorkloadOptions,
): { commits: number; rollbacks: number; crashes: number } {
  const r = rng(o.seed);
  const base: Vfs = o.dir === undefined ? new MemoryVfs() : new DenoFileVfs();
  const dbPath = o.dir === undefined ? "db" : `${o.dir}/random.db`;
  const fileSize = () => {
    const f = base.open(dbPath, { kind: "main-db" });
    try {
      return f.size();
    } finally {
      f.close();
    }
  };
  const fault = new FaultVfs(base, {}, { realSync: false });
  const modes = o.journalModes ?? ["delete", "truncate", "persist"];
  let mode = modes[0];
  const open = () =>
    new Pager(fault, dbPath, {
      pageSize: PS,
      cacheSize: 2 + Math.floor(r() * 6),
      journalMode: mode,
    });
  let pager = open();
  // Page 1 plus 6 data pages.
  pager.beginWrite();
  let stamp = 1;
  let committed: number[] = [];
  {
    const p1 = pager.allocateAtEnd();
    initPage1(p1.data, PS);
    pager.release(p1);
    for (let pg = 2; pg <= 7; pg++) {
      const p = pager.allocateAtEnd();
      stampPage(p.data, pg, stamp);
      committed.push(stamp++);
      pager.release(p);
    }
  }
  pager.commit();
  let commits = 0, rollbacks = 0, crashes = 0;

  for (let t = 0; t < o.transactions; t++) {
    const crashing = r() < o.crashRate;
    if (crashing) {
      fault.setPlan(
        r() < 0.7
          ? { crashAtWrite: 1 + Math.floor(r() * 40), tornWrite: r() < 0.5 }
          : { crashAtSync: 1 + Math.floor(r() * 5) },
      );
    } else fault.setPlan({});
    let cur = committed.slice();
    const snaps: number[][] = [];
    let outcome: "commit" | "rollback" | "crash" = r() < 0.75 ? "commit" : "rollback";
    const dbg: string[] = [`mode=${mode} plan=${JSON.stringify(fault.plan)} planned=${outcome}`];
    try {
      pager.beginWrite();
      const nOps = 1 + Math.floor(r() * 25);
      for (let k = 0; k < nOps; k++) {
        const x = r();
        if (x < 0.5 && cur.length > 0) {
          const pg = 2 + Math.floor(r() * cur.length);
          const p = pager.get(pg);
          pager.write(p);
          stampPage(p.data, pg, stamp);
          pager.release(p);
          cur[pg - 2] = stamp++;
          dbg.push(`w${pg}`);
        } else if (x < 0.7) {
          const p = pager.allocateAtEnd();
          stampPage(p.data, p.pgno, stamp);
          pager.release(p);
          cur.push(stamp++);
          dbg.push(`a${p.pgno}`);
          assert.equal(p.pgno, cur.length + 1);
        } else if (x < 0.75 && cur.length > 2) {
          const n = 1 + Math.floor(r() * cur.length);
          pager.truncate(n + 1);
          cur = cur.slice(0, n);
          dbg.push(`t${n + 1}`);
        } else if (x < 0.85) {
          pager.savepoint(snaps.length + 1);
          snaps.push(cur.slice());
          dbg.push(`sp${snaps.length}`);
        } else if (x < 0.93 && snaps.length > 0) {
          const d = 1 + Math.floor(r() * snaps.length);
          pager.rollbackTo(d);
          snaps.length = d;
          cur = snaps[d - 1].slice();
          dbg.push(`rb${d}`);
        } else if (snaps.length > 0) {
          const d = 1 + Math.floor(r() * snaps.length);
          pager.releaseSavepoint(d);
          snaps.length = d - 1;
          dbg.push(`rel${d}`);
        }
        assert.equal(pager.pageCount(), cur.length + 1);
      }
      assert.deepEqual(observe(pager), cur, `txn ${t}: in-transaction view`);
      if (outcome === "commit") pager.commit();
      else pager.rollback();
    } catch (e) {
      if (!fault.crashed) throw e;
      outcome = "crash";
    }
    if (outcome === "crash") {
      crashes++;
      pager.close();
      const models: PowerLossModel[] = ["drop-unsynced", "keep-unsynced", { seed: t + 1 }];
      const lossModel = models[Math.floor(r() * 3)];
      fault.powerLoss(lossModel);
      mode = modes[Math.floor(r() * modes.length)];
      pager = open();
      const seen = observe(pager);
      if (JSON.stringify(seen) === JSON.stringify(cur)) committed = cur;
      else {
        assert.deepEqual(
          seen,
          committed,
          `txn ${t}: after power loss neither old nor new\n${dbg.join(" ")}\nnew=${
            JSON.stringify(cur)
          }\nmodel=${JSON.stringify(lossModel)} writes=${fault.writes}`,
        );
      }
      continue;
    }
    if (outcome === "commit") {
      committed = cur;
      commits++;
    } else rollbacks++;
    fault.setPlan({});
    assert.deepEqual(observe(pager), committed, `txn ${t}: after ${outcome}`);
    if (mode !== "wal") {
      assert.equal(
        fileSize(),
        (committed.length + 1) * PS,
        `txn ${t}: file size after ${outcome}\n${dbg.join(" ")}`,
      );
    }
    if (r() < 0.1) {
      // Reopen from the "disk" (and sometimes switch journal mode).
      pager.close();
      mode = modes[Math.floor(r() * modes.length)];
      pager = open();
      assert.deepEqual(observe(pager), committed, `txn ${t}: after reopen`);
    }
  }
  pager.close();
  return { commits, rollbacks, crashes };
}

/**
 * Several pagers on one file interleaved at random: readers must always see
 * the last committed state, a writer its own, BUSY must leave every
 * connection usable, and after everything closes the file holds the model.
 */
export function runConcurrent(
  seed: number,
  steps: number,
  conns = 3,
  journalMode: JournalMode = "delete",
): { commits: number; busy: number } {
  const r = rng(seed);
  const mem = new MemoryVfs();
  const boot = new Pager(mem, "db", { pageSize: PS });
  boot.beginWrite();
  const p1 = boot.allocateAtEnd();
  initPage1(p1.data, PS);
  boot.release(p1);
  let stamp = 1;
  let committed: number[] = [];
  for (let pg = 2; pg <= 5; pg++) {
    const p = boot.allocateAtEnd();
    stampPage(p.data, pg, stamp);
    committed.push(stamp++);
    boot.release(p);
  }
  boot.commit();
  if (journalMode === "wal") boot.setJournalMode("wal");
  boot.close();
  // In WAL mode a reader keeps the snapshot it started with; otherwise it is always the latest.
  type Conn = {
    pager: Pager;
    state: "idle" | "read" | "write";
    cur: number[];
    snap: number[];
  };
  const cs: Conn[] = [];
  for (let i = 0; i < conns; i++) {
    cs.push({
      pager: new Pager(mem, "db", { pageSize: PS, cacheSize: 2 + i * 3, journalMode }),
      state: "idle",
      cur: [],
      snap: [],
    });
  }
  let commits = 0, busy = 0;
  const tryOp = (fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
      busy++;
      return false;
    }
  };
  for (let s = 0; s < steps; s++) {
    const c = cs[Math.floor(r() * cs.length)];
    const x = r();
    if (c.state === "idle") {
      if (x < 0.5) {
        if (tryOp(() => c.pager.beginRead())) {
          c.state = "read";
          c.snap = committed;
          assert.deepEqual(observe(c.pager), committed, `step ${s}: fresh reader`);
        }
      } else if (tryOp(() => c.pager.beginWrite())) {
        c.state = "write";
        c.cur = committed.slice();
        assert.deepEqual(observe(c.pager), committed, `step ${s}: fresh writer`);
      }
    } else if (c.state === "read") {
      assert.deepEqual(observe(c.pager), c.snap, `step ${s}: reader`);
      if (x < 0.4) {
        c.pager.endRead();
        c.state = "idle";
      }
    } else {
      if (x < 0.5) {
        // Spills may need EXCLUSIVE; with readers around they are skipped (the cache grows).
        const grow = r() < 0.3 || c.cur.length === 0;
        if (grow) {
          const p = c.pager.allocateAtEnd();
          stampPage(p.data, p.pgno, stamp);
          c.pager.release(p);
          c.cur.push(stamp++);
        } else {
          const pg = 2 + Math.floor(r() * c.cur.length);
          const p = c.pager.get(pg);
          c.pager.write(p);
          stampPage(p.data, pg, stamp);
          c.pager.release(p);
          c.cur[pg - 2] = stamp++;
        }
        assert.deepEqual(observe(c.pager), c.cur, `step ${s}: writer's own view`);
      } else if (x < 0.85) {
        if (tryOp(() => c.pager.commit())) {
          committed = c.cur;
          commits++;
          c.state = "idle";
        }
      } else {
        c.pager.rollback();
        c.state = "idle";
      }
    }
  }
  for (const c of cs) c.pager.close();
  const check = new Pager(mem, "db");
  assert.deepEqual(observe(check), committed, "final file");
  check.close();
  return { commits, busy };
}
