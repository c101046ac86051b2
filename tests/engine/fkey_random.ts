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

/**
 * A harsher second workload: a NOCASE parent key, a composite parent, ON UPDATE SET DEFAULT and
 * RESTRICT, a deferred self-reference, BEFORE triggers with RAISE(IGNORE) and RAISE(ABORT), and
 * INSERT … SELECT, two-column UPDATEs and subquery DELETEs.
 */
export const RANDOM_SCHEMA_B = `
CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT COLLATE NOCASE UNIQUE, v);
CREATE TABLE q(a, b, PRIMARY KEY(a, b));
CREATE TABLE c(id INTEGER PRIMARY KEY, pid DEFAULT 1 REFERENCES p ON DELETE CASCADE ON UPDATE SET DEFAULT, pk TEXT REFERENCES p(k) ON UPDATE RESTRICT ON DELETE SET NULL, w);
CREATE INDEX c_pk ON c(pk COLLATE NOCASE);
CREATE TABLE d(x, y, z, FOREIGN KEY(x, y) REFERENCES q ON UPDATE CASCADE ON DELETE SET NULL);
CREATE TABLE e(id INTEGER PRIMARY KEY, up REFERENCES e ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED, cid REFERENCES c ON DELETE CASCADE);
CREATE TABLE lg(what, n);
CREATE TRIGGER p_bd BEFORE DELETE ON p WHEN old.v = 7 BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER c_bu BEFORE UPDATE ON c WHEN new.w = 'stop' BEGIN SELECT RAISE(ABORT, 'stopped'); END;
CREATE TRIGGER e_ad AFTER DELETE ON e BEGIN INSERT INTO lg VALUES('e-', old.id); END`;

export const RANDOM_TABLES_B = ["p", "q", "c", "d", "e", "lg"];

/** One random statement over RANDOM_SCHEMA_B. */
export function randomStatementB(r: () => number): string {
  const int = (n: number) => Math.floor(r() * n);
  const val = (): string => {
    const x = r();
    if (x < 0.12) return "NULL";
    if (x < 0.7) return String(int(7));
    if (x < 0.8) return `'${int(7)}'`;
    return ["'k1'", "'K1'", "'k2'", "'K3'", "'stop'"][int(5)];
  };
  const t = ["p", "q", "c", "d", "e"][int(5)];
  const x = r();
  if (x < 0.04) return ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT sp", "RELEASE sp"][int(5)];
  if (x < 0.05) return `PRAGMA defer_foreign_keys = ${int(2)}`;
  const cols: Record<string, string[]> = {
    p: ["id", "k", "v"],
    q: ["a", "b"],
    c: ["id", "pid", "pk", "w"],
    d: ["x", "y", "z"],
    e: ["id", "up", "cid"],
  };
  const cs = cols[t];
  if (x < 0.42) {
    const or = r() < 0.12 ? "OR REPLACE " : r() < 0.08 ? "OR IGNORE " : "";
    const row = () => `(${cs.map(() => val()).join(", ")})`;
    if (r() < 0.15) {
      // INSERT … SELECT from another table's rows.
      const src = ["p", "q", "c", "d", "e"][int(5)];
      const picks = cs.map(() => cols[src][int(cols[src].length)]).join(", ");
      return `INSERT ${or}INTO ${t} SELECT ${picks} FROM ${src} WHERE rowid % 3 = ${int(3)}`;
    }
    return `INSERT ${or}INTO ${t} VALUES ${r() < 0.7 ? row() : `${row()}, ${row()}`}`;
  }
  const where = [
    `rowid = ${int(7)}`,
    `rowid > ${int(7)}`,
    `${cs[int(cs.length)]} IN (SELECT ${cs[0]} FROM ${t} WHERE rowid < ${int(5)})`,
  ][int(3)];
  if (x < 0.75) {
    const set = r() < 0.3
      ? `${cs[0]} = ${val()}, ${cs[cs.length - 1]} = ${val()}`
      : `${cs[int(cs.length)]} = ${val()}`;
    return `UPDATE ${r() < 0.1 ? "OR REPLACE " : ""}${t} SET ${set} WHERE ${where}`;
  }
  return `DELETE FROM ${t} WHERE ${where}`;
}
