/**
 * Virtual tables in the engine: json_each / json_tree as eponymous table-valued functions
 * (arguments, `json = ?` constraints, joins with correlated arguments, LEFT JOIN, IN lists,
 * subqueries, errors) compared with node:sqlite, and the EXPLAIN QUERY PLAN text
 * (`SCAN t VIRTUAL TABLE INDEX n:`, join order chosen around arguments that need another table),
 * and CREATE VIRTUAL TABLE's schema row read back by real SQLite and reconnected after reopening.
 */
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Database } from "../../mod.ts";
import { Pair } from "./select_table_harness.ts";

const SETUP = "CREATE TABLE t(a INTEGER PRIMARY KEY, j TEXT);" +
  `INSERT INTO t VALUES(1, '[1,2]'), (2, '{"x":[3,{"y":4}],"b c":null}'), (3, NULL), (4, '7');`;

const QUERIES = [
  `SELECT rowid, * FROM json_each('[10,20,{"a":1}]')`,
  `SELECT rowid, * FROM json_tree('[10,20,{"a":[1,{"b":2}]}]')`,
  `SELECT rowid, key, id, parent, fullkey, path FROM json_tree('{"a":{"b":[1,2]}}', '$.a')`,
  `SELECT key, value, type, fullkey, path FROM json_tree('{"a":{"b":[1,2]}}', '$.a.b[1]')`,
  `SELECT json, root FROM json_each('[1]', '$')`,
  `SELECT json, root FROM json_each('[1]')`,
  `SELECT typeof(json), root, value FROM json_each(jsonb('[1,"x"]'))`,
  `SELECT * FROM json_each('{"a b":1,"c":[2]}')`,
  // ids are JSONB offsets: non-ASCII labels and text, escapes, containers with 2- and 3-byte
  // headers (payloads over 11 and 255 bytes)
  `SELECT id, key, fullkey FROM json_tree('{"é":"ü😀","a":[1,2.5e3,"x\\u0041",-0x1F],"b":{"c":[true,null]}}')`,
  `SELECT id, parent, key FROM json_tree(json_array(zeroblob(0), printf('%.300c', 'x'), json_object('k', printf('%.70000c', 'y'), 'z', 1)))`,
  `SELECT id, key FROM json_each((SELECT json_group_array(value) FROM nosuch))`,
  `SELECT count(*), max(id), sum(value) FROM json_each((SELECT json_group_array(a.value * b.value) FROM json_each('[1,2,3,4,5,6,7,8,9,10]') a, json_each('[1,2,3,4,5,6,7,8,9,10]') b, json_each('[1,2,3]') c))`,
  // a subquery argument correlated with an outer loop or an enclosing query
  `SELECT a, (SELECT count(*) FROM json_each((SELECT j FROM t AS u WHERE u.a = t.a))) FROM t`,
  `SELECT t.a, j.value FROM t, json_each((SELECT u.j FROM t AS u WHERE u.a = t.a)) AS j`,
  `SELECT id, key, type FROM json_tree(jsonb('{"a":[1,{"b":"c"}],"d":2}'))`,
  `SELECT id, key FROM json_tree(jsonb_set('{"a":[1,2,3]}', '$.a[1]', 'x'))`,
  `SELECT id, key FROM json_each('{"a":[1,{"b":"c"}],"d":2}', '$.a[1]')`,
  // labels with escapes: fullkey keeps the label as stored, paths match on the unescaped text
  `SELECT key, fullkey, path FROM json_tree('{"q\\"q":[5],"a\\u0041":{"x y":1}}')`,
  `SELECT key, fullkey FROM json_each('{"q\\"q":[5]}', '$."q\\"q"')`,
  `SELECT key, fullkey FROM json_each('{"a\\u0041":[5]}', '$."aA"')`,
  `SELECT json_extract('{"q\\"q":1}', '$."q\\"q"')`,
  `SELECT json_extract('{"a\\u0041":1,"aA":2}', '$."aA"'), json_set('{"a\\u0041":1}', '$.aA', 5)`,
  `SELECT * FROM json_each('[1]', '$.x')`,
  `SELECT * FROM json_each(NULL)`,
  `SELECT * FROM json_each('5')`,
  `SELECT * FROM json_each('[1]', NULL)`,
  `SELECT * FROM json_each WHERE json = '[2]'`,
  `SELECT * FROM json_each WHERE '[2, 3]' = json`,
  `SELECT * FROM json_each WHERE json = '{"a":[1]}' AND root = '$.a'`,
  `SELECT * FROM json_each WHERE json > '[2]'`,
  `SELECT * FROM json_each`,
  `SELECT * FROM json_each('[1]') WHERE json = '[2]'`,
  `SELECT * FROM json_each('[1]', '$', 3)`,
  `SELECT * FROM json_each('{')`,
  `SELECT * FROM json_each('[1]', 'x')`,
  `SELECT * FROM nosuch(1)`,
  `SELECT * FROM main.json_each('[1]')`,
  `SELECT value FROM json_each WHERE json IN ('[2]', '[3]', '[2]')`,
  `SELECT value FROM json_each WHERE json = '[2]' OR json = '[3,4]'`,
  `SELECT t.a, j.* FROM t, json_each(t.j) j`,
  `SELECT t.a, j.key, j.fullkey, j.atom FROM t, json_tree(t.j) j ORDER BY 1, 3`,
  `SELECT t.a, j.value FROM t LEFT JOIN json_each(t.j, '$.x') j`,
  `SELECT t.a, j.value FROM t LEFT JOIN json_each(t.j) j ON j.value > 1`,
  `SELECT t.a, j.key, j.value FROM t RIGHT JOIN json_each('[1,3,4]') j ON j.value = t.a`,
  `SELECT t.a, j.key FROM t FULL JOIN json_tree('{"a":[1,2]}') j ON j.id = t.a ORDER BY 1, 2`,
  `SELECT a.value, b.value FROM json_each('[1,2]') a RIGHT JOIN json_each('[2,3]') b ON a.value = b.value`,
  `SELECT * FROM json_each(b.value) a, json_each('[[1],[2,3]]') b`,
  `SELECT a.key, b.key, b.value FROM json_each('[[1],[2,3]]') a, json_each(a.value) b`,
  `SELECT count(*), sum(value) FROM json_each('[1,2,3]')`,
  `SELECT a, (SELECT count(*) FROM json_each(t.j)) FROM t`,
  `SELECT a FROM t WHERE EXISTS (SELECT 1 FROM json_each(t.j) WHERE value = 2)`,
  `SELECT a FROM t WHERE 3 IN (SELECT value FROM json_tree(t.j))`,
  `SELECT * FROM json_each('[3,1,2]') ORDER BY value DESC`,
  `SELECT rowid, value FROM json_each('[3,1,2]') ORDER BY rowid`,
  `SELECT rowid, key FROM json_tree('[3,[1,2]]') ORDER BY rowid LIMIT 3`,
  `SELECT DISTINCT type FROM json_tree('[1,[2],{"a":null},2.5,"s",true]') ORDER BY 1`,
  `SELECT key FROM json_each('{"a":1,"b":2}') WHERE key > 'a'`,
  `SELECT a.value, b.value FROM json_each('[1,2]') AS a, json_each('[2,3]') AS b WHERE a.value < b.value`,
  `SELECT type, count(*) FROM t, json_tree(t.j) GROUP BY type ORDER BY type`,
  `SELECT x.value FROM (SELECT * FROM json_each('[5,6]')) AS x`,
  `WITH c(d) AS (SELECT '[8,9]') SELECT value FROM c, json_each(c.d)`,
  `SELECT value FROM json_each('[1,2,3]') LIMIT 1 OFFSET 1`,
  `SELECT json_group_array(value) FROM json_each('[3,2,1]')`,
  `SELECT * FROM t WHERE a IN (SELECT value FROM json_each('[1,4]'))`,
];

const PRAGMA_SETUP = "CREATE TABLE p(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'x', c);" +
  "CREATE INDEX pb ON p(b, c); CREATE TABLE q(x REFERENCES p(a))";

/** pragma.c's eponymous pragma tables (`pragma_<name>(arg, schema)`). */
const PRAGMA_QUERIES = [
  "SELECT * FROM pragma_table_info('p')",
  "SELECT name FROM pragma_table_info('p')",
  "SELECT *, arg, schema FROM pragma_table_info('p')",
  "SELECT * FROM pragma_table_info('p', 'main')",
  "SELECT * FROM pragma_table_info",
  "SELECT * FROM pragma_table_xinfo('p')",
  "SELECT * FROM pragma_index_list('p')",
  "SELECT * FROM pragma_index_info('pb')",
  "SELECT * FROM pragma_index_xinfo('pb')",
  "SELECT * FROM pragma_foreign_key_list('q')",
  "SELECT * FROM pragma_page_size",
  "SELECT * FROM pragma_user_version",
  "SELECT * FROM pragma_integrity_check",
  "SELECT * FROM pragma_nosuch",
  "SELECT m.name, i.name FROM sqlite_schema m, pragma_table_info(m.name) i ORDER BY 1, 2",
  "SELECT * FROM pragma_table_info('nosuch')",
  "SELECT rowid, name FROM pragma_table_info('p')",
  "SELECT * FROM pragma_table_list WHERE name = 'p'",
  "SELECT * FROM pragma_foreign_keys",
  "SELECT * FROM pragma_table_info('p') WHERE arg = 'q'",
  "SELECT count(*) FROM pragma_table_info(NULL)",
  "SELECT * FROM pragma_table_info('p', 'p', 'p')",
  "SELECT * FROM pragma_table_info WHERE arg > 'p'",
  "INSERT INTO pragma_user_version VALUES (3)",
];

Deno.test("pragma_* table-valued functions match node:sqlite", () => {
  const p = new Pair();
  try {
    p.exec(PRAGMA_SETUP);
    const bad: string[] = [];
    for (const q of PRAGMA_QUERIES) {
      const d = p.diff(q);
      if (d !== null) bad.push(d);
    }
    deepStrictEqual(bad, []);
    for (const q of ["SELECT * FROM pragma_table_info('p')", "SELECT * FROM pragma_page_size"]) {
      deepStrictEqual(
        details(p.tsq("EXPLAIN QUERY PLAN " + q)),
        details(p.refq("EXPLAIN QUERY PLAN " + q)),
      );
    }
  } finally {
    p.close();
  }
});

Deno.test("json_each / json_tree as table-valued functions match node:sqlite", () => {
  const p = new Pair();
  try {
    p.exec(SETUP);
    const bad: string[] = [];
    for (const q of QUERIES) {
      const d = p.diff(q);
      if (d !== null) bad.push(d);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});

const PLANS = [
  `SELECT * FROM json_each('[1]')`,
  `SELECT * FROM json_tree('[1]', '$') AS j`,
  `SELECT * FROM json_each`,
  `SELECT * FROM json_each WHERE json > '[2]'`,
  `SELECT * FROM json_each WHERE json = '[2]'`,
  `SELECT * FROM json_each('[1]') a, json_each(a.value) b`,
  // the argument needs b: b is scanned first
  `SELECT * FROM json_each(b.value) a, json_each('[[1]]') b`,
  `SELECT t.a, j.* FROM t, json_each(t.j) j`,
  `SELECT t.a, j.value FROM t LEFT JOIN json_each(t.j) j`,
  `SELECT t.a, j.value FROM t RIGHT JOIN json_each('[1,4]') j ON j.value = t.a`,
  `SELECT a, (SELECT count(*) FROM json_each(t.j)) FROM t`,
  // json_each's xBestIndex consumes `ORDER BY rowid` (ascending): no sorter
  `SELECT * FROM json_each('[3,1]') ORDER BY rowid`,
  `SELECT * FROM json_each('[3,1]') ORDER BY rowid DESC`,
  `SELECT * FROM json_each('[3,1]') ORDER BY id`,
  `SELECT * FROM json_tree('[3,1]') ORDER BY rowid, key LIMIT 2`,
];

function details(o: ReturnType<Pair["tsq"]>): unknown {
  return "rows" in o ? o.rows.map((r) => r[3]) : o;
}

Deno.test("EXPLAIN QUERY PLAN of virtual tables matches node:sqlite", () => {
  const p = new Pair();
  try {
    p.exec(SETUP);
    for (const q of PLANS) {
      deepStrictEqual(
        details(p.tsq("EXPLAIN QUERY PLAN " + q)),
        details(p.refq("EXPLAIN QUERY PLAN " + q)),
        q,
      );
    }
    const one = p.tsq(`EXPLAIN QUERY PLAN SELECT * FROM json_each('[1]') j`);
    strictEqual("rows" in one && one.rows[0][3], "SCAN j VIRTUAL TABLE INDEX 1:");
  } finally {
    p.close();
  }
});

Deno.test("writes to an eponymous virtual table fail as in SQLite", () => {
  const p = new Pair();
  try {
    for (const q of ["INSERT INTO json_each VALUES(1)", "DELETE FROM json_tree"]) {
      deepStrictEqual(p.tsq(q), p.refq(q), q);
    }
  } finally {
    p.close();
  }
});

Deno.test("CREATE VIRTUAL TABLE persists as SQLite's schema row and reconnects after reopening", () => {
  const dir = Deno.makeTempDirSync();
  const file = `${dir}/v.db`;
  try {
    const factory = (...args: string[]) => ({
      columns: ["arg"],
      *rows() {
        for (const a of args) yield [a];
      },
    });
    const db = new Database(file);
    db.table("f", factory);
    db.exec("CREATE TABLE t(x); CREATE VIRTUAL TABLE IF NOT EXISTS main.vt USING f(1, 'two')");
    deepStrictEqual(db.prepare("SELECT arg FROM vt").pluck().all(), ["1", "'two'"]);
    db.close();
    // real SQLite reads the file: the row is the one SQLite itself writes
    const ref = new DatabaseSync(file);
    deepStrictEqual(
      {
        ...ref.prepare(
          "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema WHERE name = 'vt'",
        ).get(),
      },
      {
        type: "table",
        name: "vt",
        tbl_name: "vt",
        rootpage: 0,
        sql: "CREATE VIRTUAL TABLE vt USING f(1, 'two')",
      },
    );
    deepStrictEqual({ ...ref.prepare("PRAGMA integrity_check").get() }, { integrity_check: "ok" });
    ref.close();
    const again = new Database(file);
    try {
      throws(() => again.prepare("SELECT * FROM vt").all(), /no such module: f/);
      again.table("f", factory);
      deepStrictEqual(again.prepare("SELECT arg FROM vt").pluck().all(), ["1", "'two'"]);
      throws(() => again.exec("INSERT INTO vt VALUES (1)"), /table vt may not be modified/);
      again.exec("DROP TABLE vt");
      deepStrictEqual(again.prepare("SELECT name FROM sqlite_schema").pluck().all(), ["t"]);
    } finally {
      again.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a file with SQLite's own virtual tables (fts5, rtree) opens; they fail as 'no such module'", () => {
  const dir = Deno.makeTempDirSync();
  const file = `${dir}/fts.db`;
  try {
    const ref = new DatabaseSync(file);
    ref.exec(
      "CREATE VIRTUAL TABLE docs USING fts5(title, body); INSERT INTO docs VALUES ('a', 'b c');" +
        "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1); CREATE TABLE t(x); INSERT INTO t VALUES (1)",
    );
    ref.close();
    const db = new Database(file);
    try {
      deepStrictEqual(db.prepare("SELECT x FROM t").pluck().all(), [1]);
      deepStrictEqual(db.prepare("SELECT count(*) FROM docs_content").pluck().get(), 1);
      for (const q of ["SELECT * FROM docs", "INSERT INTO docs VALUES (1, 2)", "DROP TABLE docs"]) {
        throws(() => db.prepare(q).run(), /no such module: fts5/, q);
      }
      throws(() => db.prepare("SELECT * FROM r").all(), /no such module: rtree/);
      throws(() => db.exec("CREATE TABLE docs(a)"), /table docs already exists/);
      deepStrictEqual(db.pragma("integrity_check", { simple: true }), "ok");
    } finally {
      db.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("dbstat over a file SQLite wrote matches node:sqlite (pages, overflow chains, aggregate)", () => {
  const dir = Deno.makeTempDirSync();
  const file = `${dir}/d.db`;
  try {
    const w = new DatabaseSync(file);
    w.exec(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c BLOB); CREATE INDEX tb ON t(b);" +
        "CREATE TABLE big(x); CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID",
    );
    w.exec("BEGIN");
    const ins = w.prepare("INSERT INTO t VALUES (?, ?, ?)");
    for (let i = 0; i < 600; i++) ins.run(i, "x".repeat(i % 50), new Uint8Array(i % 300));
    w.exec(
      "INSERT INTO big VALUES (zeroblob(10000)), (printf('%.5000c', 'y')), (1);" +
        "DELETE FROM t WHERE a % 7 = 0",
    );
    const iw = w.prepare("INSERT INTO w VALUES (?, ?)");
    for (let i = 0; i < 300; i++) iw.run("key" + i + "z".repeat(i % 40), "v".repeat(i % 900));
    w.exec("COMMIT");
    w.close();
    const ref = new DatabaseSync(file);
    const ts = new Database(file);
    try {
      for (
        const q of [
          "SELECT * FROM dbstat",
          "SELECT * FROM dbstat ORDER BY name, path",
          "SELECT * FROM dbstat WHERE name = 't'",
          "SELECT * FROM dbstat WHERE aggregate = 1",
          "SELECT * FROM dbstat('main', 1)",
          "SELECT name, sum(pgsize), count(*) FROM dbstat GROUP BY name ORDER BY 1",
          "SELECT *, schema, aggregate FROM dbstat WHERE name = 'big'",
          "SELECT rowid, name FROM dbstat WHERE name = 'w'",
          "SELECT * FROM dbstat WHERE schema = 'temp'",
        ]
      ) {
        deepStrictEqual(
          ts.prepare(q).raw().all(),
          ref.prepare(q).all().map((o) => Object.values(o)),
          q,
        );
      }
      for (const q of ["SELECT * FROM dbstat", "SELECT * FROM dbstat ORDER BY name"]) {
        deepStrictEqual(
          ts.prepare("EXPLAIN QUERY PLAN " + q).all().map((r) => (r as { detail: string }).detail),
          ref.prepare("EXPLAIN QUERY PLAN " + q).all().map((r) => r.detail),
        );
      }
      // dbstat is DIRECTONLY
      ts.exec("CREATE VIEW vd AS SELECT * FROM dbstat");
      throws(() => ts.prepare("SELECT * FROM vd").all(), /unsafe use of virtual table "dbstat"/);
    } finally {
      ts.close();
      ref.close();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("virtual tables in views: DIRECTONLY always, others only while trusted_schema is on", () => {
  const p = new Pair();
  try {
    p.exec(
      "CREATE TABLE t(a); CREATE VIEW v1 AS SELECT * FROM pragma_table_info('t');" +
        "CREATE VIEW v2 AS SELECT * FROM json_each('[1]'); CREATE VIEW v3 AS SELECT * FROM dbstat;" +
        "CREATE VIEW v4 AS SELECT * FROM json_tree('[1]');" +
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT * FROM pragma_table_info('t'); END",
    );
    const qs = ["v1", "v2", "v3", "v4"].map((v) => `SELECT count(*) FROM ${v}`);
    const bad: string[] = [];
    for (const q of qs) bad.push(p.diff(q) ?? "");
    p.exec("PRAGMA trusted_schema = OFF");
    for (const q of [...qs, "INSERT INTO t VALUES (1)"]) bad.push(p.diff(q) ?? "");
    deepStrictEqual(bad.filter((d) => d !== ""), []);
  } finally {
    p.close();
  }
});

Deno.test("CREATE VIRTUAL TABLE … USING dbstat[(schema)] matches node:sqlite", () => {
  const p = new Pair();
  try {
    p.exec(
      "CREATE TABLE t(a); CREATE VIRTUAL TABLE s USING dbstat;" +
        "CREATE VIRTUAL TABLE s2 USING dbstat(main); CREATE VIRTUAL TABLE s3 USING dbstat(temp);" +
        "CREATE VIEW v AS SELECT * FROM s",
    );
    const bad: string[] = [];
    for (
      const q of [
        "SELECT name, pagetype, ncell FROM s",
        "SELECT name, schema FROM s2",
        "SELECT * FROM s3",
        "SELECT type, name, sql FROM sqlite_schema",
        "SELECT * FROM v",
        "CREATE VIRTUAL TABLE s4 USING dbstat(nosuch)",
        "CREATE VIRTUAL TABLE x USING json_each",
        "CREATE VIRTUAL TABLE y USING pragma_table_info",
      ]
    ) {
      const d = p.diff(q);
      if (d !== null) bad.push(d);
    }
    deepStrictEqual(bad, []);
  } finally {
    p.close();
  }
});
