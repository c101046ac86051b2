/**
 * A random generator of syntactically valid SQL (every statement and expression form of the
 * grammar, nested a few levels) for the generative differential test and soak.
 * @module
 */

/** A seeded generator of random SQL. */
export class SqlGen {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0 || 1;
  }
  /** A random integer in [0, n). */
  r(n: number): number {
    // xorshift32
    let x = this.#s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#s = x >>> 0;
    return this.#s % n;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.r(a.length)];
  }
  opt(s: () => string, p = 2): string {
    return this.r(p) === 0 ? s() : "";
  }
  list(f: () => string, max = 3): string {
    const n = 1 + this.r(max);
    return Array.from({ length: n }, f).join(", ");
  }
  name(): string {
    return this.pick([
      "a",
      "b",
      "c",
      "t",
      "u",
      "x",
      '"q w"',
      "[br]",
      "`bt`",
      "key",
      "offset",
      "rowid",
    ]);
  }
  col(): string {
    const n = this.name();
    return this.r(4) === 0 ? this.pick(["t", "u", "main.t"]) + "." + n : n;
  }
  literal(): string {
    return this.pick([
      "1",
      "0",
      "-7",
      "2.5",
      ".5e3",
      "0x1F",
      "1_000",
      "'s'",
      "'it''s'",
      "x'0aff'",
      "NULL",
      "TRUE",
      "CURRENT_TIME",
      "?",
      "?2",
      ":p",
      "@q",
      "$r",
    ]);
  }
  type(): string {
    return this.pick(["INT", "TEXT", "REAL", "BLOB", "VARCHAR(10)", "DECIMAL(10, 2)", "NUMERIC"]);
  }
  expr(d = 0): string {
    if (d > 3) return this.r(2) ? this.literal() : this.col();
    const e = () => this.expr(d + 1);
    switch (this.r(24)) {
      case 0:
      case 1:
        return this.literal();
      case 2:
      case 3:
        return this.col();
      case 4:
        return e() + " " +
          this.pick(["+", "-", "*", "/", "%", "||", "&", "|", "<<", ">>", "->", "->>"]) + " " + e();
      case 5:
        return e() + " " + this.pick(["=", "==", "!=", "<>", "<", "<=", ">", ">="]) + " " + e();
      case 6:
        return e() + " " + this.pick(["AND", "OR"]) + " " + e();
      case 7:
        return this.pick(["NOT ", "-", "+", "~"]) + e();
      case 8:
        return e() + this.pick([" IS NULL", " ISNULL", " NOTNULL", " NOT NULL", " IS NOT NULL"]);
      case 9:
        return e() +
          this.pick([" IS ", " IS NOT ", " IS DISTINCT FROM ", " IS NOT DISTINCT FROM "]) +
          e();
      case 10:
        return e() + this.pick([" BETWEEN ", " NOT BETWEEN "]) + e() + " AND " + e();
      case 11:
        return e() + this.pick([" IN ", " NOT IN "]) +
          this.pick(["(" + this.list(e) + ")", "(" + this.select(d + 1) + ")", "u", "()"]);
      case 12:
        return e() + this.pick([" LIKE ", " NOT LIKE ", " GLOB ", " NOT GLOB "]) + e() +
          this.opt(() => " ESCAPE " + e(), 3);
      case 13:
        return "CASE " + this.opt(e) + " " +
          Array.from({ length: 1 + this.r(2) }, () => "WHEN " + e() + " THEN " + e()).join(" ") +
          this.opt(() => " ELSE " + e()) + " END";
      case 14:
        return "CAST(" + e() + " AS " + this.type() + ")";
      case 15:
        return e() + " COLLATE " + this.pick(["nocase", "binary", "rtrim"]);
      case 16:
        return this.pick(["EXISTS ", "NOT EXISTS "]) + "(" + this.select(d + 1) + ")";
      case 17:
        return "(" + this.select(d + 1) + ")";
      case 18:
        return "(" + e() + ", " + e() + ")";
      case 19:
        return this.pick(["abs", "coalesce", "max", "lower", "substr", "ifnull", "printf"]) + "(" +
          this.list(e) + ")";
      case 20:
        return this.pick(["count(*)", "count(DISTINCT " + e() + ")", "sum(" + e() + ")"]) +
          this.opt(() => " FILTER (WHERE " + e() + ")", 3);
      case 21:
        return this.pick(["row_number()", "sum(" + e() + ")", "rank()"]) + " OVER " +
          this.pick(["w", "(" + this.window(d + 1) + ")"]);
      case 22:
        return "group_concat(" + e() + ", ',' ORDER BY " + this.sort(d + 1) + ")";
      default:
        return "(" + e() + ")";
    }
  }
  window(d: number): string {
    const parts: string[] = [];
    if (this.r(3) === 0) parts.push("w");
    if (this.r(2)) parts.push("PARTITION BY " + this.list(() => this.expr(d + 1), 2));
    if (this.r(2)) parts.push("ORDER BY " + this.sort(d));
    if (this.r(2)) {
      const units = this.pick(["ROWS", "RANGE", "GROUPS"]);
      const b = this.pick([
        "UNBOUNDED PRECEDING",
        "CURRENT ROW",
        "1 PRECEDING",
        "BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
        "BETWEEN 1 PRECEDING AND 2 FOLLOWING",
        "BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
      ]);
      parts.push(
        units + " " + b +
          this.opt(() => " EXCLUDE " + this.pick(["NO OTHERS", "CURRENT ROW", "GROUP", "TIES"]), 3),
      );
    }
    return parts.join(" ");
  }
  sort(d: number): string {
    return this.list(() =>
      this.expr(d + 1) + this.pick(["", " ASC", " DESC"]) +
      this.pick(["", "", " NULLS FIRST", " NULLS LAST"]), 2);
  }
  source(d: number): string {
    switch (this.r(6)) {
      case 0:
        return "(" + this.select(d + 1) + ")" + this.opt(() => " AS s" + this.r(9));
      case 1:
        return "json_each('[1]')" + this.opt(() => " AS j");
      case 2:
        return "(t JOIN u ON 1)";
      default:
        return this.pick(["t", "u", "main.t"]) + this.opt(() => this.pick([" AS x", " y"])) +
          this.opt(() => this.pick([" INDEXED BY ti", " NOT INDEXED"]), 4);
    }
  }
  from(d: number): string {
    let s = this.source(d);
    const n = this.r(3);
    for (let i = 0; i < n; i++) {
      const op = this.pick([
        ",",
        " JOIN",
        " LEFT JOIN",
        " LEFT OUTER JOIN",
        " RIGHT JOIN",
        " FULL JOIN",
        " INNER JOIN",
        " CROSS JOIN",
        " NATURAL JOIN",
      ]);
      s += op + " " + this.source(d);
      if (op !== "," && !op.includes("NATURAL") && !op.includes("CROSS")) {
        s += this.pick([" ON " + this.expr(d + 1), " USING (a)", ""]);
      }
    }
    return s;
  }
  core(d: number): string {
    if (this.r(8) === 0) {
      return "VALUES " + this.list(() => "(" + this.literal() + ", " + this.expr(d + 1) + ")", 2);
    }
    let s = "SELECT " + this.pick(["", "DISTINCT ", "ALL "]) +
      this.list(() =>
        this.pick(["*", "t.*", this.expr(d) + this.pick(["", " AS c", " c2", " 'c3'"])])
      );
    if (this.r(3)) s += " FROM " + this.from(d);
    if (this.r(2)) s += " WHERE " + this.expr(d);
    if (this.r(4) === 0) {
      s += " GROUP BY " + this.list(() => this.expr(d)) + this.opt(() => " HAVING " + this.expr(d));
    }
    if (this.r(6) === 0) s += " WINDOW w AS (" + this.window(d) + ")";
    return s;
  }
  select(d = 0): string {
    let s = "";
    if (this.r(6) === 0 && d < 2) {
      s = "WITH " + this.opt(() => "RECURSIVE ") +
        this.list(
          () =>
            "c" + this.r(5) + this.opt(() => "(a, b)") + " AS " +
            this.pick(["", "MATERIALIZED ", "NOT MATERIALIZED "]) + "(" + this.select(d + 1) + ")",
          2,
        ) +
        " ";
      s = s.replace(/WITH (RECURSIVE )?/, (m) => m); // keep
    }
    s += this.core(d);
    const n = this.r(3) === 0 ? 1 + this.r(2) : 0;
    for (let i = 0; i < n; i++) {
      s += " " + this.pick(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]) + " " + this.core(d);
    }
    if (this.r(3) === 0) s += " ORDER BY " + this.sort(d);
    if (this.r(4) === 0) {
      s += " LIMIT " + this.expr(3) + this.opt(() => this.pick([" OFFSET ", ", "]) + this.expr(3));
    }
    return s;
  }
  statement(): string {
    const e = () => this.expr(1);
    const ret = () => this.opt(() => " RETURNING " + this.list(() => this.pick(["*", e()])), 3);
    switch (this.r(16)) {
      case 0:
      case 1:
      case 2:
      case 3:
        return this.select();
      case 4:
        return this.opt(() => "WITH c AS (SELECT 1) ", 4) +
          this.pick(["INSERT", "REPLACE", "INSERT OR IGNORE", "INSERT OR REPLACE"]) +
          " INTO t" + this.opt(() => " AS x", 4) + this.opt(() => " (a, b)") + " " +
          this.pick([
            "VALUES (" + e() + ", " + e() + ")",
            "SELECT a, b FROM u WHERE " + e(),
            "DEFAULT VALUES",
          ]) + ret();
      case 5:
        return "INSERT INTO p (id, x) VALUES (1, " + e() + ") ON CONFLICT " +
          this.pick(["(id) ", "(id) WHERE x > 0 ", ""]) +
          this.pick(["DO NOTHING", "DO UPDATE SET x = " + e() + this.opt(() => " WHERE " + e())]) +
          ret();
      case 6:
        return "UPDATE " + this.pick(["", "OR IGNORE ", "OR REPLACE "]) + "t" +
          this.opt(() => " AS x", 4) + " SET " +
          this.list(() => this.pick(["a = " + e(), "(b, c) = (" + e() + ", " + e() + ")"]), 2) +
          this.opt(() => " FROM u", 4) + this.opt(() => " WHERE " + e()) + ret();
      case 7:
        return "DELETE FROM t" + this.opt(() => " AS x", 4) + this.opt(() => " WHERE " + e()) +
          ret();
      case 8:
        return "CREATE " + this.opt(() => "TEMP ", 4) + "TABLE " +
          this.opt(() => "IF NOT EXISTS ") +
          "n" + this.r(1000) + " (" +
          this.list(() => "k" + this.r(9) + this.opt(() => " " + this.type()) + this.colcons(), 3) +
          this.opt(() => ", " + this.tcons(), 3) + ")" +
          this.opt(() => this.pick([" WITHOUT ROWID", " STRICT", " STRICT, WITHOUT ROWID"]), 5);
      case 9:
        return "CREATE " + this.opt(() => "UNIQUE ") + "INDEX " + this.opt(() => "IF NOT EXISTS ") +
          "i" + this.r(99) + " ON t (" + this.sort(2) + ")" + this.opt(() => " WHERE " + e());
      case 10:
        return "CREATE VIEW " + "v" + this.r(99) + this.opt(() => "(p, q)") + " AS " +
          this.select(1);
      case 11:
        return "CREATE TRIGGER tr" + this.r(99) + " " + this.pick(["", "BEFORE ", "AFTER "]) +
          this.pick(["INSERT", "DELETE", "UPDATE", "UPDATE OF a, b"]) + " ON t " +
          this.opt(() => "FOR EACH ROW ") + this.opt(() => "WHEN " + e() + " ") + "BEGIN " +
          this.list(() =>
            this.pick([
              "INSERT INTO log VALUES (" + e() + ")",
              "UPDATE log SET x = " + e(),
              "DELETE FROM log WHERE " + e(),
              "SELECT RAISE(ABORT, 'x')",
            ]), 2).replaceAll(", ", "; ").replaceAll(",", ";") +
          "; END";
      case 12:
        return this.pick([
          "ALTER TABLE t RENAME TO z",
          "ALTER TABLE t ADD COLUMN q " + this.type() + this.colcons(),
          "ALTER TABLE t DROP COLUMN c",
          "ALTER TABLE t RENAME COLUMN a TO z",
          "ALTER TABLE t ADD CHECK (" + e() + ")",
          "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
        ]);
      case 13:
        return this.pick([
          "BEGIN",
          "BEGIN IMMEDIATE",
          "COMMIT",
          "END TRANSACTION",
          "ROLLBACK",
          "ROLLBACK TO sp",
          "SAVEPOINT sp",
          "RELEASE sp",
          "PRAGMA user_version = 3",
          "PRAGMA table_info(t)",
          "ANALYZE",
          "REINDEX t",
          "VACUUM",
          "DROP TABLE IF EXISTS z",
          "DROP INDEX ti",
        ]);
      case 14:
        return "EXPLAIN " + this.opt(() => "QUERY PLAN ") + this.select(1);
      default:
        return this.select();
    }
  }
  colcons(): string {
    let s = "";
    const n = this.r(3);
    for (let i = 0; i < n; i++) {
      s += " " + this.opt(() => "CONSTRAINT cc ", 4) + this.pick([
        "NOT NULL",
        "NULL",
        "UNIQUE",
        "CHECK (" + this.expr(2) + ")",
        "DEFAULT " + this.pick(["1", "-1", "'x'", "(1 + 2)", "CURRENT_TIMESTAMP", "NULL", "x'00'"]),
        "COLLATE nocase",
        "REFERENCES p (id) ON DELETE CASCADE",
        "AS (a + 1)",
      ]);
    }
    return s;
  }
  tcons(): string {
    return this.pick([
      "UNIQUE (k1, k2)",
      "CHECK (" + this.expr(2) + ")",
      "FOREIGN KEY (k1) REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED",
      "CONSTRAINT cx CHECK (k1 > 0)",
    ]);
  }
}
