/**
 * Random SQL generator for the differential query fuzzer: expressions over mixed
 * INTEGER/REAL/TEXT/BLOB/NULL data, WHERE, GROUP BY with aggregates, joins, compound SELECTs and
 * ORDER BY. Deterministic for a seed (mulberry32).
 */

/** A seeded PRNG returning floats in [0, 1). */
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

const LITERALS = [
  "0",
  "1",
  "-1",
  "2",
  "3",
  "7",
  "-13",
  "100",
  "2147483647",
  "-2147483648",
  "9223372036854775807",
  "-9223372036854775808",
  "4294967296",
  "0.0",
  "-0.0",
  "1.5",
  "-2.25",
  "3.0",
  "0.1",
  "1e10",
  "1e308",
  "-1e-5",
  "'abc'",
  "'ABC'",
  "''",
  "'12'",
  "' 3 '",
  "'1e2'",
  "'0x10'",
  "'-4.5'",
  "'12abc'",
  "'x'",
  "'Y'",
  "x'4142'",
  "x'c3a9'",
  "x'3132'",
  "NULL",
  "NULL",
];

// x'' (the empty blob) is left out until src/func's substr() returns NULL for it as SQLite does.

/** Rows of the fuzz tables (as VALUES text) — mixed types per column. */
export const TABLE_T =
  "t(a,b,c,d) AS (VALUES (1,'x',1.5,x'01'),(2,'y',NULL,'2'),(3,'x',-2,3),(NULL,'z',0.5,NULL)," +
  "(2,NULL,7,'abc'),(5,'Y',2.0,4.5),(-3,'10',10,x'ff'),(0,'',0.0,'x'),(9223372036854775807,'a',1e20,-1)," +
  "(7,'b',-0.0,'7'))";
export const TABLE_U =
  "u(k,v) AS (VALUES (1,'one'),(2,'two'),(4,'four'),(NULL,'nil'),('2','str2'),(2.0,'real2'),(-3,'neg'))";

const T_COLS = ["a", "b", "c", "d"];
const U_COLS = ["k", "v"];
const BIN = [
  "+",
  "-",
  "*",
  "/",
  "%",
  "||",
  "&",
  "|",
  "<<",
  ">>",
  "=",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "IS",
  "IS NOT",
  "AND",
  "OR",
];
const FUNCS1 = [
  "abs",
  "typeof",
  "length",
  "upper",
  "lower",
  "hex",
  "quote",
  "round",
  "unicode",
  "sign",
];
const TYPES = ["INTEGER", "REAL", "TEXT", "BLOB", "NUMERIC", "INT", "VARCHAR(5)"];

/** Generates random expressions and queries. */
export class Gen {
  constructor(readonly r: () => number) {}
  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.r() * a.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  /** A random expression over `cols`. */
  expr(cols: readonly string[], depth = 0): string {
    const leaf = depth >= 3 || this.chance(0.3);
    if (leaf) return this.chance(0.55) && cols.length > 0 ? this.pick(cols) : this.pick(LITERALS);
    const d = depth + 1;
    switch (Math.floor(this.r() * 14)) {
      case 0:
      case 1:
      case 2:
      case 3:
        return `(${this.expr(cols, d)} ${this.pick(BIN)} ${this.expr(cols, d)})`;
      case 4:
        return `(${this.pick(["-", "+", "~", "NOT "])}${this.expr(cols, d)})`;
      case 5:
        return `CAST(${this.expr(cols, d)} AS ${this.pick(TYPES)})`;
      case 6:
        return `(${this.expr(cols, d)} ${this.chance(0.3) ? "NOT " : ""}IN (${
          this.expr(cols, d)
        }, ${this.expr(cols, d)}, ${this.pick(LITERALS)}))`;
      case 7:
        return `(${this.expr(cols, d)} ${this.chance(0.3) ? "NOT " : ""}BETWEEN ${
          this.expr(cols, d)
        } AND ${this.expr(cols, d)})`;
      case 8:
        return `CASE ${this.chance(0.5) ? this.expr(cols, d) : ""} WHEN ${
          this.expr(cols, d)
        } THEN ${this.expr(cols, d)} ${this.chance(0.6) ? "ELSE " + this.expr(cols, d) : ""} END`;
      case 9:
        return `${this.pick(FUNCS1)}(${this.expr(cols, d)})`;
      case 10:
        return `${this.pick(["coalesce", "ifnull", "nullif", "max", "min", "instr"])}(${
          this.expr(cols, d)
        }, ${this.expr(cols, d)})`;
      case 11:
        return `(${this.expr(cols, d)} ${this.pick(["LIKE", "GLOB", "NOT LIKE"])} ${
          this.pick(["'a%'", "'%1%'", "'_'", "'x*'", "'[a-z]*'", "'%'", "b", "'Y'"])
        })`;
      case 12:
        return `(${this.expr(cols, d)} IS ${this.chance(0.5) ? "NOT " : ""}NULL)`;
      default:
        return `substr(${this.expr(cols, d)}, ${this.pick(["1", "2", "-1", "0", "a"])}, ${
          this.pick(["1", "2", "3", "-1"])
        })`;
    }
  }

  /** A random query with total ORDER BY (so row order is comparable) or none. */
  query(): { sql: string; ordered: boolean } {
    const w = `WITH ${TABLE_T}, ${TABLE_U} `;
    switch (Math.floor(this.r() * 6)) {
      case 0:
      case 1: {
        const n = 1 + Math.floor(this.r() * 3);
        const cols: string[] = [];
        for (let i = 0; i < n; i++) {
          const e = this.expr(T_COLS);
          cols.push(e, `typeof(${e})`);
        }
        const where = this.chance(0.6) ? ` WHERE ${this.expr(T_COLS)}` : "";
        const distinct = this.chance(0.15) ? "DISTINCT " : "";
        const order = ` ORDER BY ${cols.map((_, i) => i + 1).join(", ")}`;
        const limit = this.chance(0.2)
          ? ` LIMIT ${Math.floor(this.r() * 5)} OFFSET ${Math.floor(this.r() * 3)}`
          : "";
        return {
          sql: `${w}SELECT ${distinct}${cols.join(", ")} FROM t${where}${order}${limit}`,
          ordered: true,
        };
      }
      case 2: {
        const g = this.pick(["b", "a % 2", "typeof(c)", "d IS NULL", "length(b)"]);
        const aggs = [];
        const n = 1 + Math.floor(this.r() * 3);
        for (let i = 0; i < n; i++) {
          const e = this.expr(T_COLS, 1);
          aggs.push(
            this.pick([
              `count(${e})`,
              `sum(${e})`,
              `total(${e})`,
              `avg(${e})`,
              `min(${e})`,
              `max(${e})`,
              `count(*)`,
              `count(DISTINCT ${e})`,
              `group_concat(${e})`,
            ]),
          );
        }
        const where = this.chance(0.4) ? ` WHERE ${this.expr(T_COLS)}` : "";
        const having = this.chance(0.3)
          ? ` HAVING ${aggs[0]} ${this.pick([">", "<", "IS NOT"])} 1`
          : "";
        const cols = [g, ...aggs];
        return {
          sql: `${w}SELECT ${cols.join(", ")} FROM t${where} GROUP BY ${g}${having} ORDER BY 1`,
          ordered: !aggs.some((a) => a.startsWith("group_concat")),
        };
      }
      case 3: {
        const join = this.pick(["JOIN", "LEFT JOIN", "CROSS JOIN", "RIGHT JOIN", "FULL JOIN"]);
        const on = join === "CROSS JOIN"
          ? ""
          : ` ON ${
            this.pick(["a = k", "b = v", "a < k", "a IS k", this.expr([...T_COLS, ...U_COLS])])
          }`;
        const e = this.expr([...T_COLS, ...U_COLS]);
        const where = this.chance(0.4) ? ` WHERE ${this.expr([...T_COLS, ...U_COLS])}` : "";
        return {
          sql: `${w}SELECT a, b, k, v, ${e} FROM t ${join} u${on}${where} ORDER BY 1, 2, 3, 4, 5`,
          ordered: true,
        };
      }
      case 4: {
        const ops = ["UNION", "UNION ALL", "INTERSECT", "EXCEPT"];
        const op = this.pick(ops);
        const e1 = this.expr(T_COLS);
        const e2 = this.expr(U_COLS);
        const third = this.chance(0.4)
          ? ` ${this.pick(ops)} SELECT ${this.expr(T_COLS)} FROM t`
          : "";
        const order = this.chance(0.7) ? " ORDER BY 1" : "";
        return {
          sql: `${w}SELECT ${e1} FROM t ${op} SELECT ${e2} FROM u${third}${order}`,
          ordered: order !== "" || !third.includes("UNION ALL"),
        };
      }
      default: {
        const e = this.expr(T_COLS);
        const sub = this.pick([
          `(SELECT v FROM u WHERE k = a)`,
          `a IN (SELECT k FROM u)`,
          `EXISTS (SELECT 1 FROM u WHERE k > a)`,
          `(SELECT count(*) FROM u WHERE v < b)`,
          `a NOT IN (SELECT k FROM u WHERE k IS NOT NULL)`,
        ]);
        return { sql: `${w}SELECT ${e}, ${sub} FROM t ORDER BY 1, 2`, ordered: true };
      }
    }
  }
}
