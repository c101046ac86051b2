/**
 * Random trigger scripts for the differential tests (tests only): a schema of two indexed
 * tables and a log, random BEFORE/AFTER INSERT/UPDATE [OF]/DELETE triggers (WHEN clauses,
 * writes to the other tables and to their own, conflict clauses, RAISE variants), then random
 * INSERT/UPDATE/DELETE statements with OR clauses. The statements are separated by ";\n" for
 * dml_oracle.ts's `statements`.
 * @module
 */

/** A small deterministic PRNG (LCG), so a seed reproduces a script. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    this.s = (Math.imul(this.s, 1103515245) + 12345) >>> 0;
    return (this.s >>> 8) % n;
  }
  /** One of `xs`. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

const OR = ["", "", "", " OR IGNORE", " OR REPLACE", " OR FAIL", " OR ABORT"];

function triggerBody(r: Rng, table: "t" | "u", event: string): string {
  const ref = event === "DELETE" ? "OLD" : "NEW";
  const col = table === "t" ? "a" : "x";
  const v = `${ref}.${col}`;
  const steps: string[] = [];
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) {
    switch (r.int(11)) {
      case 9:
        // Changes the row being written (update.c reloads the unchanged columns after BEFORE).
        steps.push(`UPDATE t SET a = a + 1, b = NULL WHERE id = ${ref}.rowid`);
        break;
      case 10:
        steps.push(`DELETE FROM t WHERE id = ${ref}.rowid + ${r.int(2)}`);
        break;
      case 0:
      case 1:
        steps.push(`INSERT INTO log VALUES(NULL, '${table}${event[0]}', ${v}, ${ref}.rowid)`);
        break;
      case 2:
        steps.push(`INSERT${r.pick(OR)} INTO u(x, y) VALUES(${v} % 7, ${ref}.rowid)`);
        break;
      case 3:
        // Several rows may race for one UNIQUE value: the row order must be SQLite's.
        steps.push(
          r.int(2) === 0
            ? `UPDATE${r.pick(OR)} t SET b = ${v} % 5 WHERE a > ${v}`
            : `UPDATE${r.pick(OR)} t SET b = ${v} % 5 WHERE id = ${v} % 9`,
        );
        break;
      case 4:
        steps.push(`DELETE FROM u WHERE x = ${v} % 4`);
        break;
      case 5:
        steps.push(`SELECT RAISE(IGNORE) WHERE ${v} % 6 = 1`);
        break;
      case 6:
        steps.push(`SELECT RAISE(${r.pick(["ABORT", "FAIL"])}, 'no ' || ${v}) WHERE ${v} = 13`);
        break;
      case 7:
        steps.push(`INSERT${r.pick(OR)} INTO t(a, b) VALUES(${v} + 100, ${v} % 3)`);
        break;
      default:
        steps.push(`DELETE FROM t WHERE a = ${v} + 1`);
    }
  }
  return steps.join("; ");
}

/** A random script for `seed`: schema, `nTrig` triggers, `nStmt` DML statements. */
export function randomTriggerScript(seed: number, nTrig: number, nStmt: number): string {
  const r = new Rng(seed);
  const out: string[] = [
    "CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)",
    "CREATE INDEX ta ON t(a)",
    "CREATE UNIQUE INDEX tb ON t(b)",
    "CREATE TABLE u(id INTEGER PRIMARY KEY, x UNIQUE, y)",
    "CREATE TABLE log(n INTEGER PRIMARY KEY, ev, v, r)",
    "INSERT INTO t(a, b) VALUES(1, 1), (2, 2), (3, 3), (4, NULL), (5, NULL)",
    "INSERT INTO u(x, y) VALUES(1, 1), (2, 2)",
  ];
  for (let i = 0; i < nTrig; i++) {
    const table = r.pick(["t", "t", "u"] as const);
    const event = r.pick(["INSERT", "UPDATE", "DELETE"]);
    const time = r.pick(["BEFORE", "AFTER"]);
    const of = event === "UPDATE" && r.int(2) === 0 ? ` OF ${table === "t" ? "a" : "x"}` : "";
    const ref = event === "DELETE" ? "OLD" : "NEW";
    const when = r.int(2) === 0
      ? ` WHEN ${ref}.${table === "t" ? "a" : "x"} % 3 <> ${r.int(3)}`
      : "";
    out.push(
      `CREATE TRIGGER tr${i} ${time} ${event}${of} ON ${table}${when} BEGIN ${
        triggerBody(r, table, event)
      }; END`,
    );
  }
  for (let i = 0; i < nStmt; i++) {
    const k = r.int(20);
    switch (r.int(9)) {
      case 7:
        out.push(`INSERT${r.pick(OR)} INTO t(id, a, b) VALUES(${r.int(14)}, ${k}, ${r.int(8)})`);
        break;
      case 8:
        out.push(`UPDATE${r.pick(OR)} t SET id = id + ${r.int(3)} WHERE id % 3 = ${k % 3}`);
        break;
      case 0:
      case 1:
        out.push(`INSERT${r.pick(OR)} INTO t(a, b) VALUES(${k}, ${r.int(8)})`);
        break;
      case 2:
        out.push(`INSERT${r.pick(OR)} INTO t(a, b) SELECT x + ${k}, y FROM u`);
        break;
      case 3:
        out.push(`UPDATE${r.pick(OR)} t SET a = a + ${k % 5} WHERE a > ${k % 8}`);
        break;
      case 4:
        out.push(`UPDATE${r.pick(OR)} t SET b = ${r.int(6)}, a = ${k} WHERE id = ${r.int(12)}`);
        break;
      case 5:
        out.push(`DELETE FROM t WHERE a % 4 = ${k % 4}`);
        break;
      default:
        out.push(`INSERT${r.pick(OR)} INTO u(x, y) VALUES(${k % 9}, ${k})`);
    }
    if (r.int(6) === 0) out.push(r.pick(["BEGIN", "COMMIT", "SELECT count(*) FROM log"]));
  }
  out.push("COMMIT");
  return out.join(";\n");
}
