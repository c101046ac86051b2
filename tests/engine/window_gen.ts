/**
 * Random window-function queries for the differential tests (window_test.ts, window.soak.ts):
 * every built-in window function and aggregate, PARTITION BY / ORDER BY over mixed-type columns
 * (NULLs, ties, text, a NOCASE column), ROWS / GROUPS / RANGE frames with every bound kind and
 * EXCLUDE, FILTER, several windows per query. Deterministic for a PRNG.
 */

/** The table the generated queries read (mixed types, NULLs, ties, a NOCASE column). */
export const WINDOW_GEN_SETUP = `
CREATE TABLE w(id INTEGER PRIMARY KEY, g TEXT, x, y REAL, s TEXT COLLATE NOCASE);
INSERT INTO w VALUES
  (1,'a',1,1.5,'Foo'),(2,'a',2,NULL,'bar'),(3,'b',2,2.5,'foo'),(4,'a',NULL,0.5,'BAR'),
  (5,'b',5,-1.0,NULL),(6,'c',3,3.0,'baz'),(7,'b','7',2.5,'Baz'),(8,'a',2,1.5,'qux'),
  (9,NULL,-4,NULL,'foo'),(10,'c',3.5,4.0,'QUX'),(11,'b',NULL,NULL,''),(12,'a',10,-2.5,'x'),
  (13,'c','abc',1.0,'Y'),(14,'b',2,2.5,'y');
CREATE INDEX w_g ON w(g);
`;

const FUNCS = [
  "row_number()",
  "rank()",
  "dense_rank()",
  "percent_rank()",
  "cume_dist()",
  "ntile(3)",
  "ntile(1)",
  "lag(x)",
  "lag(s, 2, 'none')",
  "lead(x)",
  "lead(y, 1, -1)",
  "first_value(x)",
  "last_value(s)",
  "nth_value(x, 2)",
  "nth_value(y, 3)",
  "sum(x)",
  "total(y)",
  "count(*)",
  "count(x)",
  "avg(y)",
  "min(x)",
  "max(s)",
  "min(y)",
  "group_concat(id)",
  "group_concat(s, '-')",
  "string_agg(x, ';')",
  "sum(y) FILTER (WHERE id % 2 = 0)",
  "count(*) FILTER (WHERE x > 2)",
];
const PARTITIONS = [
  "",
  "PARTITION BY g",
  "PARTITION BY s",
  "PARTITION BY id % 3",
  "PARTITION BY g, s",
];
const ORDERS = [
  "",
  "ORDER BY id",
  "ORDER BY x",
  "ORDER BY y DESC",
  "ORDER BY s",
  "ORDER BY x NULLS LAST",
  "ORDER BY y DESC NULLS FIRST",
  "ORDER BY g, id",
  "ORDER BY y, x DESC",
];
const BOUNDS_START = [
  "UNBOUNDED PRECEDING",
  "2 PRECEDING",
  "1 PRECEDING",
  "CURRENT ROW",
  "1 FOLLOWING",
];
const BOUNDS_END = [
  "CURRENT ROW",
  "1 FOLLOWING",
  "3 FOLLOWING",
  "UNBOUNDED FOLLOWING",
  "1 PRECEDING",
];
const RANGE_START = [
  "UNBOUNDED PRECEDING",
  "1.5 PRECEDING",
  "0 PRECEDING",
  "CURRENT ROW",
  "1 FOLLOWING",
];
const RANGE_END = ["CURRENT ROW", "2 FOLLOWING", "UNBOUNDED FOLLOWING", "0.5 PRECEDING"];
const EXCLUDES = [
  "",
  "",
  "",
  " EXCLUDE CURRENT ROW",
  " EXCLUDE GROUP",
  " EXCLUDE TIES",
  " EXCLUDE NO OTHERS",
];

/** One random window specification. */
export function genWindow(r: () => number): string {
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const part = pick(PARTITIONS);
  let order = pick(ORDERS);
  let frame = "";
  const k = r();
  if (k < 0.25) frame = "";
  else if (k < 0.55) {
    frame = `ROWS BETWEEN ${pick(BOUNDS_START)} AND ${pick(BOUNDS_END)}`;
  } else if (k < 0.75) {
    frame = `GROUPS BETWEEN ${pick(BOUNDS_START)} AND ${pick(BOUNDS_END)}`;
  } else {
    const s = pick(RANGE_START);
    const e = pick(RANGE_END);
    if (/\d/.test(s + e)) {
      order = pick([
        "ORDER BY x",
        "ORDER BY y DESC",
        "ORDER BY y NULLS LAST",
        "ORDER BY x DESC NULLS FIRST",
      ]);
    }
    frame = `RANGE BETWEEN ${s} AND ${e}`;
  }
  if (frame !== "") frame += pick(EXCLUDES);
  return [part, order, frame].filter((x) => x !== "").join(" ");
}

/** One random window query over table `w`. */
export function genQuery(r: () => number): string {
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const k = r();
  if (k < 0.15) return genGrouped(r);
  const n = 1 + Math.floor(r() * 3);
  const cols = ["id"];
  const named = k < 0.3;
  const defs: string[] = [];
  for (let i = 0; i < n; i++) {
    if (named && r() < 0.6) {
      // a named window, sometimes extended by the call (`OVER (w ORDER BY …)` needs no ORDER BY
      // or frame in the definition)
      const name = `w${defs.length}`;
      if (r() < 0.5) {
        defs.push(`${name} AS (${genWindow(r)})`);
        cols.push(`${pick(FUNCS)} OVER ${name} AS c${i}`);
      } else {
        defs.push(`${name} AS (${pick(PARTITIONS)})`);
        cols.push(`${pick(FUNCS)} OVER (${name} ${pick(ORDERS)}) AS c${i}`);
      }
    } else cols.push(`${pick(FUNCS)} OVER (${genWindow(r)}) AS c${i}`);
  }
  if (r() < 0.2) cols.push(`x + ${pick(FUNCS.slice(15, 22))} OVER (${genWindow(r)})`);
  const where = r() < 0.3 ? ` WHERE id ${pick(["<", ">", "<>"])} ${1 + Math.floor(r() * 13)}` : "";
  const window = defs.length > 0 ? ` WINDOW ${defs.join(", ")}` : "";
  const tails = [
    " ORDER BY id",
    " ORDER BY 2, id",
    " ORDER BY c0 DESC, id",
    "",
    " ORDER BY id LIMIT 5 OFFSET 2",
  ];
  const distinct = r() < 0.1 ? "DISTINCT " : "";
  return `SELECT ${distinct}${cols.join(", ")} FROM w${where}${window}${pick(tails)}`;
}

/** A window query over GROUP BY rows (aggregates inside window arguments and keys). */
function genGrouped(r: () => number): string {
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const key = pick(["g", "s", "id % 4", "typeof(x)"]);
  const fn = pick([
    "row_number() OVER (ORDER BY count(*) DESC, k)",
    "rank() OVER (ORDER BY sum(y))",
    "sum(count(*)) OVER (ORDER BY k)",
    "group_concat(k, '/') OVER (ORDER BY max(x) ROWS 1 PRECEDING)",
    "avg(sum(y)) OVER ()",
    "lag(min(id)) OVER (ORDER BY k DESC)",
    "max(total(x)) OVER (ORDER BY k ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)",
  ]);
  const having = r() < 0.3 ? " HAVING count(*) > 1" : "";
  return `SELECT ${key} AS k, count(*), ${fn} FROM w GROUP BY ${key}${having} ORDER BY k`;
}
