// Real-SQLite fixtures for pager interop/crash tests: two valid states of one database (A, B),
// made by node:sqlite, and helpers to move a file from one to the other through a tsqlite Pager.
import { DatabaseSync } from "node:sqlite";
import { Pager } from "../../src/pager/pager.ts";
import type { PagerOptions } from "../../src/pager/types.ts";
import type { Vfs } from "../../src/vfs/types.ts";

/** Two database images: `a` (old), `b` (new = a plus updates, deletes, inserts). */
export interface States {
  pageSize: number;
  a: Uint8Array;
  b: Uint8Array;
  /** SELECT fingerprints of a and b. */
  fa: string;
  fb: string;
}

/** A content fingerprint of a database as real SQLite reads it. */
export function fingerprint(db: DatabaseSync): string {
  const row = db.prepare(
    "SELECT count(*) AS n, total(length(a)) AS la, group_concat(id || ':' || a, ',') AS g FROM (SELECT * FROM t ORDER BY id)",
  ).get() as Record<string, unknown>;
  return JSON.stringify(row);
}

/** The (first) value `PRAGMA <name>` returns on an open node:sqlite connection. */
export function pragma(db: DatabaseSync, name: string): unknown {
  return Object.values(db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[0];
}

/** node:sqlite's `PRAGMA integrity_check` result as one string. */
export function integrity(path: string): string {
  const db = new DatabaseSync(path);
  try {
    return (db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[])
      .map((r) => r.integrity_check).join("\n");
  } finally {
    db.close();
  }
}

/** Build states A and B of a small table+index database with node:sqlite in `dir`. */
export function makeStates(dir: string, pageSize = 1024, rows = 300): States {
  const pa = `${dir}/state_a.db`;
  const pb = `${dir}/state_b.db`;
  const db = new DatabaseSync(pa);
  db.exec(`PRAGMA page_size=${pageSize}; PRAGMA journal_mode=delete;`);
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB); CREATE INDEX ta ON t(a);");
  const ins = db.prepare("INSERT INTO t(id, a, b) VALUES (?, ?, randomblob(?))");
  db.exec("BEGIN");
  for (let i = 1; i <= rows; i++) ins.run(i, `row-${i}-`.padEnd(20 + (i % 60), "abc"), i % 40);
  db.exec("COMMIT");
  const fa = fingerprint(db);
  db.close();
  Deno.copyFileSync(pa, pb);
  const db2 = new DatabaseSync(pb);
  db2.exec("BEGIN");
  db2.exec("UPDATE t SET a = a || 'xyz' WHERE id % 3 = 0");
  db2.exec("DELETE FROM t WHERE id % 7 = 0");
  const ins2 = db2.prepare("INSERT INTO t(id, a, b) VALUES (?, ?, randomblob(?))");
  for (let i = rows + 1; i <= rows + rows / 2; i++) {
    ins2.run(i, `new-${i}-`.padEnd(30 + (i % 50), "q"), i % 30);
  }
  db2.exec("COMMIT");
  const fb = fingerprint(db2);
  db2.close();
  return { pageSize, a: Deno.readFileSync(pa), b: Deno.readFileSync(pb), fa, fb };
}

/**
 * In one tsqlite write transaction, rewrite the database at `path` so its
 * pages equal `target` (grow with allocateAtEnd, shrink with truncate).
 */
export function transform(
  vfs: Vfs,
  path: string,
  target: Uint8Array,
  opts: PagerOptions = {},
): void {
  const pager = new Pager(vfs, path, opts);
  try {
    const ps = pager.pageSize;
    pager.beginWrite();
    const nOld = pager.pageCount();
    const nNew = target.length / ps;
    for (let pg = 1; pg <= Math.min(nOld, nNew); pg++) {
      const want = target.subarray((pg - 1) * ps, pg * ps);
      const p = pager.get(pg);
      if (!sameBytes(p.data, want)) {
        pager.write(p);
        p.data.set(want);
      }
      pager.release(p);
    }
    for (let pg = nOld + 1; pg <= nNew; pg++) {
      const p = pager.allocateAtEnd();
      p.data.set(target.subarray((pg - 1) * ps, pg * ps));
      pager.release(p);
    }
    if (nNew < nOld) pager.truncate(nNew);
    pager.commit();
  } finally {
    pager.close();
  }
}

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Which state (`"a"`, `"b"`) the image `img` holds, page for page, ignoring the
 * header bytes a commit rewrites (change counter 24..27, version-valid-for 92..95);
 * `"mix"` if neither.
 */
export function whichState(img: Uint8Array, s: States): "a" | "b" | "mix" {
  const eq = (ref: Uint8Array) => {
    if (img.length !== ref.length) return false;
    for (let i = 0; i < img.length; i++) {
      if ((i >= 24 && i < 28) || (i >= 92 && i < 96)) continue;
      if (img[i] !== ref[i]) return false;
    }
    return true;
  };
  return eq(s.a) ? "a" : eq(s.b) ? "b" : "mix";
}

/** The whole database image as a tsqlite Pager reads it (rolling back a hot journal first). */
export function readThroughPager(vfs: Vfs, path: string): Uint8Array {
  const pager = new Pager(vfs, path);
  try {
    pager.beginRead();
    const ps = pager.pageSize;
    const out = new Uint8Array(pager.pageCount() * ps);
    for (let pg = 1; pg <= pager.pageCount(); pg++) {
      const p = pager.get(pg);
      out.set(p.data, (pg - 1) * ps);
      pager.release(p);
    }
    pager.endRead();
    return out;
  } finally {
    pager.close();
  }
}

/**
 * A temp directory for tests that hammer fsync through real SQLite: on tmpfs
 * (/dev/shm) when there is one, so syncs cost nothing; otherwise the default.
 */
export function fastTempDir(): string {
  try {
    if (Deno.statSync("/dev/shm").isDirectory) return Deno.makeTempDirSync({ dir: "/dev/shm" });
  } catch { /* no tmpfs */ }
  return Deno.makeTempDirSync();
}

/** Run `fn` in a fresh fastTempDir, removed afterwards. */
export function withDir(fn: (dir: string) => void): void {
  const dir = fastTempDir();
  try {
    fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Whether a file (say a journal or a log) is there. */
export function fileExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
