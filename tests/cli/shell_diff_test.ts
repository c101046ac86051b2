/**
 * The shell driven by piped scripts, compared with the real sqlite3 shell on the same script:
 * stdout byte for byte, stderr and the exit status. Covers every output mode, headers,
 * separators, nullvalue, .tables/.schema/.indexes, .dump, .import, .changes, errors.
 * Values are chosen so the reference shell's version (3.40 here) and SQLite 3.53 agree (no
 * REAL needing more than 15 digits). Ignored where no sqlite3 binary is installed.
 * @module
 */
import assert from "node:assert/strict";
import { runSqlite3, runTsqlite, SQLITE3 } from "./harness.ts";

const SETUP = `create table t(a integer primary key, b text, c real, d);
insert into t values (1, 'hello', 1.5, NULL), (2, 'ünï wide', -2.25, 7), (3, 'multi
line', 100.0, 'x'), (4, NULL, 0.5, 'it''s');
`;

const CASES: [string, string][] = [
  ["list mode, headers off/on", ".headers off\nselect * from t;\n.headers on\nselect * from t;\n"],
  [
    "csv mode with quoting",
    `.mode csv\n.headers on\nselect * from t;\nselect '' as e, 'a b', 'x"y', 'p,q', NULL;\n`,
  ],
  ["tabs mode", ".mode tabs\n.headers on\nselect * from t;\n"],
  ["line mode", ".mode line\nselect a, b as longer_name from t order by a;\n"],
  [
    "column mode",
    ".mode column\n.headers on\nselect * from t;\nselect a from t where a < 3;\n.headers off\nselect a, b from t where a < 3;\n",
  ],
  ["box mode", ".mode box\nselect * from t;\nselect a, c from t where a > 3;\n"],
  ["table mode", ".mode table\nselect * from t;\nselect 1 as x;\n"],
  ["markdown mode", ".mode markdown\nselect * from t;\n"],
  [
    "json mode",
    `.mode json\nselect * from t;\nselect 'q"\\\\x' as "k""", 1 as n;\nselect 1 where 0;\n`,
  ],
  [
    "insert mode",
    '.mode insert\nselect * from t;\n.mode insert other_t\n.headers on\nselect a, b as "b c" from t;\n',
  ],
  ["quote mode", ".mode quote\n.headers on\nselect * from t;\n"],
  [
    "empty results print nothing",
    ".headers on\nselect * from t where 0;\n.mode column\nselect * from t where 0;\n.mode box\nselect * from t where 0;\n",
  ],
  [
    "nullvalue and separator",
    ".nullvalue NIL\n.separator ; +\nselect * from t;\n.separator \\t\nselect a, d from t;\n",
  ],
  ["mode query and bad mode", ".mode\n.mode column\n.mode\n.mode tabs\n.mode\n"],
  [
    "tables, schema, indexes",
    `create index tb on t(b);\ncreate view v as select a, b from t;\ncreate table "odd name"(x);\ncreate table z1(q); create table z2(q);\n.tables\n.tables z%\n.schema\n.schema t\n.indexes\n.indexes t\n`,
  ],
  [
    "dump",
    `create index tb on t(b);\ncreate view v as select a, b from t;\ncreate table s(id integer primary key autoincrement, x);\ninsert into s(x) values (1), (2);\ncreate table "odd name"(x);\ninsert into "odd name" values (x'00ff10'), (-5);\n.dump\n`,
  ],
  ["dump one table", ".dump t\n"],
  [
    "changes",
    ".changes on\ninsert into t(b) values ('n');\nupdate t set c = 1;\nselect count(*) from t;\n",
  ],
  [
    "errors continue and set the exit status",
    "select * fro t;\nselect * from nope;\nselect 1;\nselect abs(-9223372036854775808);\nselect 2;\n",
  ],
  [
    "multi-statement lines and continuation",
    "select 1; select 2;\nselect\n3\n;\n-- comment\nselect 4 /* c */;\n",
  ],
  ["unknown and bad dot commands", ".foo\n.headers maybe\n.separator\n.nullvalue\nselect 1;\n"],
  ["print and dot-command prefixes", ".print hello world\n.head on\n.mod csv\nselect 1 as one;\n"],
  [
    "columnar wrapping at 60, tabs and control characters",
    ".mode box\nselect printf('%.100c', 'x') as a, 'short' as b;\n.mode column\n.headers on\n" +
    "select printf('%.65c', 'y') || ' tail' as a;\n.mode table\nselect 'a' || char(9) || 'b' as t, 'ctl' || char(1) || 'x' as c;\n",
  ],
  [
    "tables in columns, autoindexes, triggers in .schema and .dump",
    Array.from({ length: 14 }, (_, i) => `create table tbl_${"x".repeat(i % 5)}${i}(a unique, b);`)
      .join("\n") +
    "\ncreate trigger trg after insert on tbl_0 begin insert into tbl_x1 values (new.a, 1); end;\n" +
    "insert into tbl_0 values (5, 6);\n.tables\n.tables tbl_x%\n.indexes tbl_1%\n.schema tbl_0\n.dump tbl_x1\n",
  ],
  [
    "insert and quote modes with every type, json escapes",
    ".mode insert t2\nselect 1, -2.5, 'a''b', x'00ff', NULL, 0.5, 'tab\there';\n.mode quote\n" +
    "select 1, -2.5, 'a''b', x'00ff', NULL, 'line\nbreak';\n.mode json\nselect 'tab\there' as t, char(1) as c, '\\' as b;\n",
  ],
  [
    "long results stream in chunks (list, csv, json, line, insert)",
    "create table d(x); insert into d values (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);\n" +
    "create table big(i, s);\n" +
    "insert into big select a.x * 100 + b.x * 10 + c.x, 'row ' || (a.x * 100 + b.x * 10 + c.x) " +
    "from d a, d b, d c where a.x < 7 order by 1;\n.headers on\nselect * from big;\n" +
    ".mode csv\nselect * from big;\n.mode json\nselect * from big;\n" +
    ".mode line\nselect * from big where i > 100;\n.mode insert\nselect * from big where i % 3 = 0;\n",
  ],
  [
    "row separators after csv mode (insert, json, line, tabs)",
    ".mode csv\n.mode insert\nselect 1;\n.mode csv\n.mode json\nselect 1 as a union all select 2;\n" +
    ".mode csv\n.mode line\nselect 1 as a union all select 2;\n.mode csv\n.mode tabs\nselect 1 as a union all select 2;\n",
  ],
  ["bail stops at the first error", ".bail on\nselect 1;\nselect * from nope;\nselect 2;\n"],
  ["show and print", ".headers on\n.mode csv\n.nullvalue N\n.print a b  c\n.print\n"],
  [
    "show",
    ".show\n.mode tabs\n.show\n.mode box\n.headers on\n.nullvalue x\n.separator ; \\r\\n\n.show\n",
  ],
  [
    "constraint errors name their code",
    "create table u(a unique not null, b check (b > 0));\ninsert into u values (1, 1);\n" +
    "insert into u values (1, 1);\ninsert into u values (NULL, 1);\ninsert into u values (2, 0);\n" +
    "select * from u;\n",
  ],
  [
    "blobs print their raw bytes",
    "create table bl(b);\ninsert into bl values (x'00ff41'), (x'c3a9'), (x'e282ac80'), (x'f09f8e89'), (x'');\n" +
    ".headers on\nselect b, length(b) from bl;\n.mode csv\nselect b from bl;\n.mode column\nselect b, 1 from bl;\n" +
    ".mode box\nselect b from bl;\n.mode line\nselect b from bl;\n.mode json\nselect b from bl;\n",
  ],
  [
    "column mode turns headers on unless they were set",
    ".mode column\nselect 1 as a;\n.headers off\n.mode list\n.mode column\nselect 2 as b;\n",
  ],
  ["incomplete final statement", "select 1;\nselect 2"],
  [
    "syntax errors show the SQL with a caret (scrolling, UTF-8 widths, later statements)",
    "select * fro t;\nselect 1 +;\nselect\n  1,\n  2 frm t;\nselect 1; /* c */ select 2 +;\n" +
    "select 1;   \t  select 2 +;\nselect 1 +; select 2;\n   select 3 +;\n/* lead */ select 4 +;\n" +
    `select '${"a".repeat(99)}' + ;\nselect '${"é".repeat(44)}', x'zz';\nselect x'1' ;\n` +
    "select 1 from (select 2 union select ) ;\ncreate table u(a); insert into u values (1,);\n" +
    "select 'abc\ndef' + ;\nselect 'ü' + ;\n",
  ],
  [
    "error lines: the buffer's first line, comment-only lines skipped",
    "  -- hi\n  select\n * fro t;\nselect (\n1); select\n2 +;\nselect 1;\n/* c\n */ select 2 +;\n" +
    "\n\n   select 1 +;\nselect 1 -- c\n, nope;\nselect 1; -- c\n select nope;\n/* a */ -- b\nselect 5 +;\n",
  ],
  [
    "dot commands only at column 0, '#' lines ignored",
    "  .print hi\nselect 1;\n# comment\nselect 2;\n.print   a   b\n#.print x\n\t.headers on\nselect 3;\n",
  ],
  [
    "name errors show the caret under the name",
    "create table u(a);\nselect u.zz from u;\nselect main.u.zz from u;\nselect a from u order by zz;\n" +
    "select a from u where a > 1 and zz;\nselect count(*) from u group by zz;\n" +
    "select abs(1, 2), nosuch(3);\nselect a from u where a in (select zz from u);\n" +
    "update u set a = zz;\ninsert into u values (zz);\nselect ABS(1,2);\nselect max() from u;\n" +
    "create view v2 as select a, nosuch(a) from u;\nselect * from v2;\nselect nope;\n" +
    "select 'éé', nope;\nselect * from u where count(*) > 1;\nselect sum(count(a)) from u;\n" +
    "select * from u where a = 1 and max(a);\nselect a from u group by count(a);\n",
  ],
];

for (const [name, script] of CASES) {
  Deno.test({
    name: `shell vs sqlite3: ${name}`,
    ignore: SQLITE3 === null,
    fn: async () => {
      const expected = await runSqlite3(SETUP + script);
      const actual = runTsqlite(SETUP + script);
      assert.equal(actual.out, expected.out);
      // Messages, and the SQL excerpt with its `^--- error here` caret, byte for byte.
      assert.equal(actual.err, expected.err);
      assert.equal(actual.code, expected.code);
    },
  });
}

Deno.test({
  name: "shell vs sqlite3: .read nesting limit",
  ignore: SQLITE3 === null,
  fn: async () => {
    const dir = Deno.makeTempDirSync();
    try {
      Deno.writeTextFileSync(`${dir}/self.sql`, `select 'in';\n.read ${dir}/self.sql\n`);
      const script = `.read ${dir}/self.sql\nselect 'after';\n`;
      const expected = await runSqlite3(script);
      const actual = runTsqlite(script);
      assert.equal(actual.out, expected.out);
      assert.equal(actual.err, expected.err);
      assert.equal(actual.code, expected.code);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "shell vs sqlite3: SQL arguments — 'Error: in prepare, …' with the excerpt",
  ignore: SQLITE3 === null,
  fn: async () => {
    const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
    for (
      const sql of ["select 1; select * fro t", "   select 2 +;", "select 'ü' + ;", "select nope"]
    ) {
      const run = async (cmd: string, args: string[]) => {
        const o = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
        const d = new TextDecoder();
        return { out: d.decode(o.stdout), err: d.decode(o.stderr), code: o.code };
      };
      const expected = await run(SQLITE3!, [":memory:", sql]);
      const actual = await run(Deno.execPath(), ["run", "-A", main, ":memory:", sql]);
      assert.deepEqual(actual, expected, sql);
    }
  },
});
