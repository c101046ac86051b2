/**
 * The front end's API contract: statement tails, parameter numbering, spans, and the AST
 * normalisations the planner relies on (documented in src/sql/ast.ts), plus the tokenizer's
 * token kinds and lengths (tokenize.c).
 */
import assert from "node:assert/strict";
import { BETTER_SQLITE3_DIALECT, parse, parseOne, print, tokenize } from "../../src/sql/mod.ts";
import type { Expr, SelectStmt } from "../../src/sql/ast.ts";
import { KEYWORD_NAMES } from "../../src/sql/keywords.ts";

function firstExpr(sql: string): Expr {
  const s = parse(sql)[0] as SelectStmt;
  assert.equal(s.first.kind, "core");
  const c = s.first.kind === "core" ? s.first.columns[0] : null;
  assert.ok(c && c.kind === "expr");
  return c.expr;
}

Deno.test("parseOne: tail is just past the terminating ';' (or the end), empty input gives null", () => {
  const sql = "SELECT 1; SELECT 2 ;  ;; -- done\n";
  const a = parseOne(sql, 0);
  assert.equal(a.stmt?.kind, "select");
  assert.equal(a.tail, 9);
  const b = parseOne(sql, a.tail);
  assert.equal(sql.slice(b.stmt!.span.start, b.stmt!.span.end), "SELECT 2");
  assert.equal(b.tail, 20);
  const c = parseOne(sql, b.tail);
  assert.equal(c.stmt, null);
  assert.equal(c.tail, sql.length);
  assert.equal(parseOne("", 0).stmt, null);
  assert.equal(parseOne("  /* only a comment */ ", 0).stmt, null);
  assert.equal(parseOne("SELECT 1", 0).tail, 8);
  assert.equal(parse("SELECT 1;;SELECT 2;").length, 2);
  assert.equal(parse("EXPLAIN QUERY PLAN SELECT 1")[0].kind, "explain");
});

Deno.test("parseOne: a NUL character ends the input, as for SQLite's C strings", () => {
  const r = parseOne("SELECT 1\0garbage", 0);
  assert.equal(r.stmt?.kind, "select");
  assert.equal(r.tail, 8);
});

Deno.test("parameters are numbered as sqlite3ExprAssignVarNumber does", () => {
  const r = parseOne("SELECT ?, ?3, ?, :a, @b, :a, $c::d(e), ?", 0);
  assert.deepEqual(r.params, [null, null, "?3", null, ":a", "@b", "$c::d(e)", null]);
  const s = r.stmt as SelectStmt;
  const idx = s.first.kind === "core"
    ? s.first.columns.map((c) => c.kind === "expr" && c.expr.kind === "param" ? c.expr.index : 0)
    : [];
  assert.deepEqual(idx, [1, 3, 4, 5, 6, 5, 7, 8]);
  assert.deepEqual(parseOne("SELECT ?2, :x, ?2", 0).params, [null, "?2", ":x"]);
  assert.deepEqual(parseOne("SELECT 1", 0).params, []);
});

Deno.test("AST normalisations documented in ast.ts", () => {
  const eq = firstExpr("SELECT a == b");
  assert.ok(eq.kind === "binary" && eq.op === "=");
  const ne = firstExpr("SELECT a <> b");
  assert.ok(ne.kind === "binary" && ne.op === "!=");
  const isnd = firstExpr("SELECT a IS NOT DISTINCT FROM b");
  assert.ok(isnd.kind === "binary" && isnd.op === "IS");
  const isd = firstExpr("SELECT a IS DISTINCT FROM b");
  assert.ok(isd.kind === "binary" && isd.op === "IS NOT");
  for (
    const [sql, not] of [["a IS NULL", false], ["a ISNULL", false], ["a NOTNULL", true], [
      "a NOT NULL",
      true,
    ], ["a IS NOT NULL", true]] as const
  ) {
    const e = firstExpr("SELECT " + sql);
    assert.ok(e.kind === "isNull" && e.not === not, sql);
  }
  const lim = parse("SELECT 1 LIMIT 5, 10")[0] as SelectStmt;
  assert.ok(lim.limit && lim.limit.limit.kind === "integer" && lim.limit.limit.text === "10");
  assert.ok(lim.limit.offset?.kind === "integer" && lim.limit.offset.text === "5");
  const num = firstExpr("SELECT 0x1_F");
  assert.ok(num.kind === "integer" && num.text === "0x1_F");
  const real = firstExpr("SELECT 1_0.5e3");
  assert.ok(real.kind === "real" && real.text === "1_0.5e3");
  const q = firstExpr('SELECT "a""b"');
  assert.ok(q.kind === "column" && q.column.name === 'a"b' && q.column.quoted === '"');
  const t = firstExpr("SELECT TRUE");
  assert.ok(t.kind === "column" && t.column.name === "TRUE");
  const paren = firstExpr("SELECT ((a))");
  assert.equal(paren.kind, "column");
  const vec = firstExpr("SELECT (a, b)");
  assert.ok(vec.kind === "vector" && vec.items.length === 2);
  const uplus = firstExpr("SELECT - + a");
  assert.ok(uplus.kind === "unary" && uplus.op === "-" && uplus.operand.kind === "column");
});

Deno.test("spans cover the source text of each node", () => {
  const sql = "SELECT a + b * 2 AS x FROM t WHERE c IN (1, 2)";
  const s = parse(sql)[0] as SelectStmt;
  assert.equal(sql.slice(s.span.start, s.span.end), sql);
  assert.ok(s.first.kind === "core");
  const col = s.first.columns[0];
  assert.ok(col.kind === "expr");
  assert.equal(sql.slice(col.expr.span.start, col.expr.span.end), "a + b * 2");
  assert.ok(col.expr.kind === "binary");
  assert.equal(sql.slice(col.expr.right.span.start, col.expr.right.span.end), "b * 2");
  const w = s.first.where!;
  assert.equal(sql.slice(w.span.start, w.span.end), "c IN (1, 2)");
  const ct = parse("CREATE TABLE t(a VARCHAR ( 10 ) DEFAULT (1 + 2))")[0];
  assert.ok(ct.kind === "createTable" && ct.definition.kind === "columns");
  assert.equal(ct.definition.columns[0].type?.text, "VARCHAR ( 10 )");
});

Deno.test("print renders SQL that parses back to the same statement", () => {
  const sql = "select a from t where b=1 and not c";
  assert.equal(print(parse(sql)[0]), "SELECT a FROM t WHERE b = 1 AND NOT c");
});

Deno.test("tokenize follows tokenize.c's token kinds and lengths", () => {
  const kinds = (s: string) =>
    tokenize(s).filter((t) => t.type !== "SPACE").map((t) => `${t.type}:${t.text}`);
  assert.deepEqual(kinds("x'00' X'abc' 1_000 0x1F .5e3 1e 1.5e+ $a::b(c) ?12 :x @y #z"), [
    "BLOB:x'00'",
    "ILLEGAL:X'abc'",
    "QNUMBER:1_000",
    "INTEGER:0x1F",
    "FLOAT:.5e3",
    "ILLEGAL:1e",
    "ILLEGAL:1.5e",
    "PLUS:+",
    "VARIABLE:$a::b(c)",
    "VARIABLE:?12",
    "VARIABLE::x",
    "VARIABLE:@y",
    "VARIABLE:#z",
  ]);
  assert.deepEqual(kinds("\"a\"\"b\" [x y] `z` 'it''s' -- c\n/* d */ a->>b || c != d <> e"), [
    'ID:"a""b"',
    "ID:[x y]",
    "ID:`z`",
    "STRING:'it''s'",
    "COMMENT:-- c",
    "COMMENT:/* d */",
    "ID:a",
    "PTR:->>",
    "ID:b",
    "CONCAT:||",
    "ID:c",
    "NE:!=",
    "ID:d",
    "NE:<>",
    "ID:e",
  ]);
  assert.deepEqual(kinds("ΑΒΓ abc_1$ $x( 'open"), [
    "ID:ΑΒΓ",
    "ID:abc_1$",
    "ILLEGAL:$x(",
    "ILLEGAL:'open",
  ]);
  assert.deepEqual(kinds("/* unterminated"), ["COMMENT:/* unterminated"]);
  assert.equal(KEYWORD_NAMES.length, 147);
  for (const k of KEYWORD_NAMES) {
    assert.notEqual(tokenize(k)[0].type, "ID", k);
    assert.notEqual(tokenize(k.toLowerCase())[0].type, "ID", k);
  }
  assert.equal(tokenize("selects")[0].type, "ID");
  assert.equal(tokenize("select1")[0].type, "ID");
});

Deno.test("dialect switches: stock SQLite by default, better-sqlite3's build on request", () => {
  const msg = (f: () => unknown) => {
    try {
      f();
      return "OK";
    } catch (e) {
      return (e as Error).message;
    }
  };
  assert.equal(msg(() => parseOne("DELETE FROM t LIMIT 1", 0)), 'near "LIMIT": syntax error');
  const d = parseOne("DELETE FROM t ORDER BY a LIMIT 1", 0, BETTER_SQLITE3_DIALECT).stmt;
  assert.ok(d?.kind === "delete" && d.orderBy?.length === 1 && d.limit !== null);
  assert.equal(print(d), "DELETE FROM t ORDER BY a LIMIT 1");
  const u = parseOne("UPDATE t SET a = 1 LIMIT 2 OFFSET 3", 0, BETTER_SQLITE3_DIALECT).stmt;
  assert.ok(u?.kind === "update" && u.limit?.offset?.kind === "integer");
  assert.equal(msg(() => parseOne("SELECT $a::b(c)", 0)), "OK");
  assert.equal(
    msg(() => parseOne("SELECT $a::b", 0, BETTER_SQLITE3_DIALECT)),
    'unrecognized token: ":"',
  );
  assert.equal(
    msg(() => parseOne("SELECT $a(b)", 0, BETTER_SQLITE3_DIALECT)),
    'near "(": syntax error',
  );
  assert.deepEqual(tokenize("$a::b", { tclVariables: false }).map((t) => t.text), [
    "$a",
    ":",
    ":b",
  ]);
});

Deno.test("print quotes engine-built names that are not bare identifiers", () => {
  const stmt = parse("SELECT a FROM t")[0] as SelectStmt;
  assert.ok(stmt.first.kind === "core" && stmt.first.from?.first.kind === "table");
  stmt.first.from.first.name = { name: "my table", quoted: null, span: { start: 0, end: 0 } };
  assert.equal(print(stmt), 'SELECT a FROM "my table"');
});

Deno.test("an unaliased result column's span is the text SQLite names the column by", async () => {
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t(a, b)");
  for (
    const sql of [
      "SELECT 1 /* c */ FROM t",
      "SELECT a  +  1 , b -- x\n FROM t",
      "SELECT count(*) FROM t",
      "SELECT a COLLATE nocase, 2\t,3 FROM t",
      "SELECT 1\n",
    ]
  ) {
    const names = db.prepare(sql).columns().map((c) => c.name);
    const s = parse(sql)[0] as SelectStmt;
    assert.ok(s.first.kind === "core");
    const ours = s.first.columns.map((c) =>
      c.kind === "expr" && c.expr.kind === "column"
        ? c.expr.column.name
        : sql.slice(c.span.start, c.span.end)
    );
    assert.deepEqual(ours, names, sql);
  }
  db.close();
});

Deno.test("syntax errors carry the offending token's offset (sqlite3_error_offset)", () => {
  const offsetOf = (sql: string) => {
    try {
      parseOne(sql, 0);
    } catch (e) {
      return (e as { offset?: number }).offset;
    }
    return "no error";
  };
  assert.equal(offsetOf("SELECT 1 garbage garbage"), 17);
  assert.equal(offsetOf("SELECT x'0g'"), 7);
  assert.equal(offsetOf("SELECT 1 FROM"), undefined);
});
