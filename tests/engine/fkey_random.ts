/**
 * The seeded random FOREIGN KEY workload shared by tests/engine/fkey_test.ts (a few fixed seeds)
 * and tests/engine/fkey_random.soak.ts (many): a small schema with every action, a deferred
 * key, a self-referencing table and a composite key, and random INSERT/UPDATE/DELETE,
 * transaction and defer_foreign_keys statements over it. Tests only.
 * @module
 */

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const RANDOM_SCHEMA = `
CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT UNIQUE, v);
CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE, pk TEXT REFERENCES p(k) ON DELETE SET NULL ON UPDATE CASCADE, w);
CREATE INDEX c_pid ON c(pid);
CREATE TABLE g(id INTEGER PRIMARY KEY, cid INTEGER DEFAULT 1 REFERENCES c ON DELETE SET DEFAULT, x REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE s(id INTEGER PRIMARY KEY, parent REFERENCES s ON DELETE CASCADE ON UPDATE SET NULL);
CREATE TABLE r(pid REFERENCES p ON DELETE RESTRICT, q);
CREATE TABLE u(a, b, FOREIGN KEY(a, b) REFERENCES p(id, k));
CREATE UNIQUE INDEX p_idk ON p(id, k);
CREATE TABLE lg(what, n);
CREATE TRIGGER c_gone AFTER DELETE ON c BEGIN INSERT INTO lg VALUES('c-', old.id); END;
CREATE TRIGGER g_moved AFTER UPDATE OF cid ON g BEGIN INSERT INTO lg VALUES('g~', new.id); END`;

export const RANDOM_TABLES = ["p", "c", "g", "s", "r", "u", "lg"];

/** One random statement over RANDOM_SCHEMA. */
export function randomStatement(r: () => number): string {
  const int = (n: number) => Math.floor(r() * n);
  const val = (): string => {
    const x = r();
    if (x < 0.15) return "NULL";
    if (x < 0.75) return String(int(8));
    if (x < 0.85) return `'${int(8)}'`;
    return `'k${int(6)}'`;
  };
  const key = () => (r() < 0.5 ? `'k${int(6)}'` : val());
  const written = ["p", "c", "g", "s", "r", "u"];
  const t = written[int(written.length)];
  const x = r();
  if (x < 0.04) return ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT sp", "RELEASE sp"][int(5)];
  if (x < 0.06) return `PRAGMA defer_foreign_keys = ${int(2)}`;
  if (x < 0.45) {
    const or = r() < 0.15 ? "OR REPLACE " : r() < 0.1 ? "OR IGNORE " : "";
    switch (t) {
      case "p":
        return `INSERT ${or}INTO p VALUES(${val()}, ${key()}, ${val()})`;
      case "c":
        return `INSERT ${or}INTO c(pid, pk, w) VALUES(${val()}, ${key()}, ${val()})`;
      case "g":
        return r() < 0.5
          ? `INSERT ${or}INTO g(cid, x) VALUES(${val()}, ${val()})`
          : `INSERT ${or}INTO g(x) VALUES(${val()}), (${val()})`;
      case "s":
        return `INSERT ${or}INTO s VALUES(${val()}, ${val()})`;
      case "r":
        return `INSERT ${or}INTO r VALUES(${val()}, ${val()})`;
      default:
        return `INSERT ${or}INTO u VALUES(${val()}, ${key()})`;
    }
  }
  const where = r() < 0.5 ? `rowid = ${int(8)}` : `rowid > ${int(8)}`;
  if (x < 0.75) {
    const set: Record<string, string[]> = {
      p: ["id", "k", "v"],
      c: ["pid", "pk", "w", "id"],
      g: ["cid", "x"],
      s: ["id", "parent"],
      r: ["pid", "q"],
      u: ["a", "b"],
    };
    const cols = set[t];
    const col = cols[int(cols.length)];
    const v = col === "k" || col === "pk" || col === "b" ? key() : val();
    return `UPDATE ${t} SET ${col} = ${v} WHERE ${where}`;
  }
  return `DELETE FROM ${t} WHERE ${where}`;
}
