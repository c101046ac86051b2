/**
 * Reading files written by real SQLite (node:sqlite): rows left short by ALTER TABLE ADD COLUMN
 * read as the column DEFAULT (OP_Column's P4), and WITHOUT ROWID tables (index b-trees keyed by
 * the PRIMARY KEY) read through scans, PK seeks, secondary indexes, joins and count(*).
 * Every query is compared with node:sqlite on the same file: rows and typeof() of each value.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import Database from "../../mod.ts";

type Row = Record<string, unknown>;

function tmpFile(): string {
  return Deno.makeTempFileSync({ suffix: ".db" });
}

/** Build a file with node:sqlite. */
function build(sql: string): string {
  const path = tmpFile();
  const db = new DatabaseSync(path);
  db.exec(sql);
  db.close();
  return path;
}

function nodeAll(path: string, sql: string): Row[] {
  const db = new DatabaseSync(path);
  try {
    return db.prepare(sql).all().map((r) => ({ ...r }) as Row);
  } finally {
    db.close();
  }
}

function tsAll(path: string, sql: string): Row[] {
  const db = new Database(path);
  try {
    return (db.prepare(sql).all() as Row[]).map((r) => normalize(r));
  } finally {
    db.close();
  }
}

/** node:sqlite returns BLOBs as Uint8Array too; compare as plain arrays. */
function normalize(r: Row): Row {
  const o: Row = {};
  for (const [k, v] of Object.entries(r)) o[k] = v instanceof Uint8Array ? [...v] : v;
  return o;
}

function same(path: string, sql: string): Row[] {
  const want = nodeAll(path, sql).map(normalize);
  const got = tsAll(path, sql);
  assert.deepEqual(got, want, sql);
  return got;
}

function eqpText(path: string, sql: string): string[] {
  const db = new Database(path);
  try {
    return (db.prepare("EXPLAIN QUERY PLAN " + sql).all() as Row[]).map((r) => String(r.detail));
  } finally {
    db.close();
  }
}

function nodeEqp(path: string, sql: string): string[] {
  return nodeAll(path, "EXPLAIN QUERY PLAN " + sql).map((r) => String(r.detail));
}

Deno.test("short rows from real ALTER TABLE ADD COLUMN read the column DEFAULT", () => {
  const path = build(`
    CREATE TABLE t(a);
    INSERT INTO t VALUES(1),(2);
    ALTER TABLE t ADD COLUMN b DEFAULT 7;
    ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'x';
    ALTER TABLE t ADD COLUMN d;
    ALTER TABLE t ADD COLUMN e INTEGER DEFAULT '12';
    ALTER TABLE t ADD COLUMN f TEXT DEFAULT 1.5;
    ALTER TABLE t ADD COLUMN g REAL DEFAULT -3;
    ALTER TABLE t ADD COLUMN h DEFAULT x'00ff';
    ALTER TABLE t ADD COLUMN i DEFAULT -9223372036854775808;
    ALTER TABLE t ADD COLUMN j DEFAULT TRUE;
    ALTER TABLE t ADD COLUMN k NUMERIC DEFAULT '3.0';
    ALTER TABLE t ADD COLUMN l TEXT DEFAULT 1.50;
    ALTER TABLE t ADD COLUMN m TEXT DEFAULT -0.0;
    ALTER TABLE t ADD COLUMN n DEFAULT 1e2;
    ALTER TABLE t ADD COLUMN o DEFAULT 0xFFFFFFFFFFFFFFFF;
    ALTER TABLE t ADD COLUMN p DEFAULT 99999999999999999999;
    ALTER TABLE t ADD COLUMN q INT DEFAULT 2.0;
    ALTER TABLE t ADD COLUMN r TEXT DEFAULT 0x10;
    ALTER TABLE t ADD COLUMN s DEFAULT -'5';
    ALTER TABLE t ADD COLUMN u INT DEFAULT -'1.0';
    ALTER TABLE t ADD COLUMN v TEXT DEFAULT (-(-1.50));
    ALTER TABLE t ADD COLUMN w DEFAULT -x'35';
    INSERT INTO t(a,b,c,d) VALUES(3,4,'y',5);
  `);
  try {
    const rows = same(path, "SELECT * FROM t");
    assert.equal(rows.length, 3);
    assert.equal(rows[0].b, 7);
    const types = "SELECT " +
      "abcdefghijklmnopqrsuvw".split("").map((c) => `typeof(${c}) AS type_${c}, ${c}`).join(", ") +
      " FROM t";
    same(path, types);
    same(path, "SELECT a, b FROM t WHERE b = 7");
    same(path, "SELECT a, c FROM t ORDER BY c, a");
    same(path, "SELECT a FROM t WHERE d IS NULL");
    same(path, "SELECT count(*), sum(b), group_concat(c) FROM t");
    same(path, "SELECT x.a, y.a AS ya FROM t x JOIN t y ON x.b = y.b ORDER BY 1, 2");
    // an index SQLite built from the defaults
    const db = new DatabaseSync(path);
    db.exec("CREATE INDEX tb ON t(b)");
    db.exec("CREATE INDEX tlnm ON t(l, n, m)");
    db.close();
    same(path, "SELECT a, b, c FROM t WHERE b = 7 ORDER BY a");
    same(path, "SELECT a, b, c FROM t WHERE b > 5 ORDER BY a");
    same(path, "SELECT b FROM t ORDER BY b");
    const q = "SELECT a, c FROM t WHERE b = 7";
    assert.deepEqual(eqpText(path, q), nodeEqp(path, q));
    assert.deepEqual(eqpText(path, q), ["SEARCH t USING INDEX tb (b=?)"]);
    // UPDATE of another column keeps the default-valued column
    const ts = new Database(path);
    ts.exec("UPDATE t SET a = a + 10 WHERE a = 1");
    ts.close();
    same(path, "SELECT * FROM t");
    same(path, "PRAGMA integrity_check");
    // index entries of short rows are found again when tsqlite deletes them (the same DEFAULT)
    const ts2 = new Database(path);
    ts2.exec("DELETE FROM t WHERE a = 2");
    ts2.close();
    same(path, "SELECT * FROM t");
    assert.deepEqual(nodeAll(path, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("tsqlite's own ALTER TABLE ADD COLUMN then SELECT matches SQLite", () => {
  const path = build("CREATE TABLE t(a); INSERT INTO t VALUES(1),(2);");
  const ts = new Database(path);
  ts.exec("ALTER TABLE t ADD COLUMN b DEFAULT 7");
  ts.exec("ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'x'");
  ts.exec("INSERT INTO t VALUES(3, 4, 'y')");
  ts.close();
  try {
    const want = [
      { a: 1, b: 7, c: "x", tb: "integer" },
      { a: 2, b: 7, c: "x", tb: "integer" },
      { a: 3, b: 4, c: "y", tb: "integer" },
    ];
    const sql = "SELECT a, b, c, typeof(b) AS tb FROM t ORDER BY a";
    assert.deepEqual(tsAll(path, sql), want);
    assert.deepEqual(nodeAll(path, sql), want);
    same(path, "SELECT * FROM t WHERE b = 7");
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("ALTER TABLE by tsqlite over rows SQLite left short keeps their DEFAULTs", () => {
  const setup = "CREATE TABLE t(a, z); INSERT INTO t VALUES(1, 'z'),(2, NULL);" +
    "ALTER TABLE t ADD COLUMN b DEFAULT 7; ALTER TABLE t ADD COLUMN e TEXT DEFAULT -0.0;";
  const later = [
    "ALTER TABLE t ADD COLUMN c TEXT DEFAULT 1.50",
    "ALTER TABLE t ADD COLUMN d DEFAULT 1e2",
    "ALTER TABLE t DROP COLUMN z",
  ];
  const real = build(setup + later.join(";"));
  const ours = build(setup);
  try {
    const ts = new Database(ours);
    for (const q of later) ts.exec(q);
    ts.close();
    const q = "SELECT a, b, typeof(b) AS tb, e, typeof(e) AS te, c, typeof(c) AS tc, d, " +
      "typeof(d) AS td FROM t ORDER BY a";
    assert.deepEqual(nodeAll(ours, q), nodeAll(real, q));
    assert.deepEqual(tsAll(ours, q), nodeAll(real, q));
    assert.deepEqual(nodeAll(ours, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
  } finally {
    Deno.removeSync(real);
    Deno.removeSync(ours);
  }
});

const WITHOUT_ROWID_DB = `
  CREATE TABLE w(k TEXT PRIMARY KEY, v INTEGER, x) WITHOUT ROWID;
  INSERT INTO w VALUES('b',2,'bb'),('a',1,'aa'),('c',3,NULL),('d',2,x'0102'),('e',1.5,4.25);
  CREATE TABLE c2(a INT, b TEXT, c, d REAL, PRIMARY KEY(b, a DESC)) WITHOUT ROWID;
  INSERT INTO c2 VALUES(1,'x',10,1),(2,'x',20,2),(1,'y',30,3),(3,'a',40,4),(5,'x',NULL,'7');
  CREATE INDEX c2c ON c2(c);
  CREATE TABLE nc(k TEXT COLLATE NOCASE PRIMARY KEY, v) WITHOUT ROWID;
  INSERT INTO nc VALUES('Abc',1),('abd',2),('ABE',3);
  CREATE TABLE ip(id INTEGER PRIMARY KEY, s, t UNIQUE) WITHOUT ROWID;
  INSERT INTO ip VALUES(5,'five','v'),(-1,'m','i'),(3,'three','iii'),(2,'two',NULL);
  CREATE TABLE r(id INTEGER PRIMARY KEY, k TEXT);
  INSERT INTO r VALUES(1,'a'),(2,'c'),(3,'q');
`;

Deno.test("WITHOUT ROWID tables written by SQLite read as SQLite reads them", () => {
  const path = build(WITHOUT_ROWID_DB);
  try {
    const queries = [
      "SELECT * FROM w",
      "SELECT k, typeof(v), v, typeof(x), x FROM w",
      "SELECT * FROM w WHERE k = 'b'",
      "SELECT * FROM w WHERE k > 'b'",
      "SELECT * FROM w WHERE k IN ('a', 'c', 'z')",
      "SELECT * FROM w ORDER BY k DESC",
      "SELECT * FROM w ORDER BY v, k",
      "SELECT count(*) FROM w",
      "SELECT min(k), max(k) FROM w",
      "SELECT v, count(*), group_concat(k) FROM w GROUP BY v",
      "SELECT * FROM c2",
      "SELECT a, b, typeof(d), d FROM c2",
      "SELECT * FROM c2 WHERE b = 'x'",
      "SELECT * FROM c2 WHERE b = 'x' AND a = 2",
      "SELECT * FROM c2 WHERE b = 'x' AND a > 1",
      "SELECT * FROM c2 WHERE b = 'x' AND a < 2",
      "SELECT * FROM c2 ORDER BY b, a DESC",
      "SELECT * FROM c2 ORDER BY b DESC, a",
      "SELECT * FROM c2 WHERE c = 30",
      "SELECT c FROM c2 WHERE c > 15",
      "SELECT b, a FROM c2 WHERE c = 20",
      "SELECT * FROM c2 WHERE c IN (10, 40)",
      "SELECT * FROM c2 ORDER BY c",
      "SELECT * FROM c2 INDEXED BY c2c WHERE c > 0",
      "SELECT count(*) FROM c2",
      "SELECT sum(c) FROM c2 WHERE b = 'x'",
      "SELECT DISTINCT b FROM c2 ORDER BY b",
      "SELECT * FROM nc WHERE k = 'abc'",
      "SELECT * FROM nc WHERE k >= 'ABD'",
      "SELECT * FROM nc ORDER BY k",
      "SELECT * FROM ip",
      "SELECT * FROM ip WHERE id = 3",
      "SELECT * FROM ip WHERE id = '3'",
      "SELECT * FROM ip WHERE id > 0",
      "SELECT * FROM ip WHERE t = 'v'",
      "SELECT t FROM ip ORDER BY t",
      "SELECT w.k, ip.s FROM w JOIN ip ON ip.id = w.v",
      "SELECT * FROM w LEFT JOIN c2 ON c2.b = w.x",
      "SELECT x.k, y.k FROM w x JOIN w y ON y.k > x.k ORDER BY 1, 2",
      "SELECT * FROM w, ip WHERE w.v = ip.id",
      "SELECT r.id, w.v FROM r JOIN w ON w.k = r.k",
      "SELECT r.id, w.v FROM r LEFT JOIN w ON w.k = r.k ORDER BY r.id",
      "SELECT (SELECT s FROM ip WHERE id = w.v) AS s FROM w",
      "SELECT k FROM w WHERE v IN (SELECT id FROM ip)",
      "SELECT k FROM w WHERE EXISTS (SELECT 1 FROM c2 WHERE c2.b = w.k)",
      "SELECT * FROM (SELECT k, v FROM w WHERE v > 1) ORDER BY k",
      "SELECT k FROM w UNION SELECT b FROM c2",
      "SELECT * FROM r RIGHT JOIN w ON w.k = r.k",
      "SELECT * FROM w FULL JOIN c2 ON w.x = c2.b",
      "SELECT * FROM r FULL JOIN c2 ON r.k = c2.b",
      "SELECT * FROM r RIGHT JOIN nc ON nc.k = r.k",
      "SELECT * FROM c2 WHERE b = 'x' OR c = 40",
      "SELECT * FROM c2 WHERE c = 10 OR c = 40 OR b = 'y'",
      "SELECT * FROM c2 WHERE (b = 'x' AND a = 1) OR c = 30",
      "SELECT * FROM w NOT INDEXED WHERE k = 'a'",
      "SELECT * FROM c2 NOT INDEXED WHERE c = 10",
      "SELECT * FROM r, w WHERE w.x = r.k",
      "SELECT * FROM r LEFT JOIN w ON w.x = r.k",
      "SELECT c.a, d.b FROM c2 c, c2 d WHERE c.c = d.a",
      "SELECT DISTINCT b FROM c2",
      "SELECT max(k) FROM w",
      "SELECT min(c) FROM c2",
      "SELECT max(b) FROM c2",
      "SELECT max(k) FROM nc",
      "SELECT DISTINCT b, a FROM c2",
      "SELECT DISTINCT v FROM w",
      "SELECT DISTINCT k, v FROM w",
      "SELECT * FROM c2 ORDER BY b, a DESC, c",
      "SELECT c, b, a FROM c2 WHERE c = 10 ORDER BY b",
      "SELECT * FROM c2 WHERE c = 10 ORDER BY b DESC, a",
      "SELECT c, b FROM c2 WHERE c = 10 AND b > 'a'",
    ];
    for (const q of queries) same(path, q);
    // EXPLAIN QUERY PLAN as SQLite prints it
    for (
      const q of [
        "SELECT * FROM w",
        "SELECT * FROM w WHERE k = 'b'",
        "SELECT * FROM w ORDER BY k DESC",
        "SELECT count(*) FROM w",
        "SELECT * FROM c2 WHERE b = 'x' AND a = 2",
        "SELECT * FROM c2 WHERE b = 'x' AND a > 1",
        "SELECT * FROM c2 WHERE c = 30",
        "SELECT c FROM c2 WHERE c > 15",
        "SELECT * FROM c2 ORDER BY c",
        "SELECT * FROM ip WHERE id = 3",
        "SELECT * FROM ip WHERE t = 'v'",
        "SELECT w.k, ip.s FROM w JOIN ip ON ip.id = w.v",
        "SELECT r.id, w.v FROM r JOIN w ON w.k = r.k",
        "SELECT * FROM c2 WHERE b = 'x' OR c = 40",
        "SELECT * FROM w NOT INDEXED WHERE k = 'a'",
        "SELECT * FROM c2 NOT INDEXED WHERE c = 10",
        "SELECT * FROM r, w WHERE w.x = r.k",
        "SELECT DISTINCT b FROM c2",
        "SELECT DISTINCT b, a FROM c2",
        "SELECT DISTINCT k, v FROM w",
        "SELECT * FROM c2 ORDER BY b, a DESC, c",
        "SELECT c, b, a FROM c2 WHERE c = 10 ORDER BY b",
        "SELECT * FROM c2 WHERE c = 10 ORDER BY b DESC, a",
        "SELECT c, b FROM c2 WHERE c = 10 AND b > 'a'",
        "SELECT * FROM w WHERE k = 'a' ORDER BY v",
        "SELECT max(k) FROM w",
        "SELECT min(c) FROM c2",
        "SELECT max(b) FROM c2",
      ]
    ) assert.deepEqual(eqpText(path, q), nodeEqp(path, q), q);
    assert.deepEqual(eqpText(path, "SELECT * FROM w"), ["SCAN w"]);
    assert.deepEqual(eqpText(path, "SELECT * FROM w WHERE k = 'b'"), [
      "SEARCH w USING PRIMARY KEY (k=?)",
    ]);
    // rowid does not exist
    assert.throws(() => tsAll(path, "SELECT rowid FROM w"), /no such column: rowid/);
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("WITHOUT ROWID: sqlite_stat1 names the PRIMARY KEY row after the table", () => {
  const setup = `
    CREATE TABLE s(b TEXT, a INT, c, PRIMARY KEY(b, a DESC)) WITHOUT ROWID;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
      INSERT INTO s SELECT 'k' || (i % 2), i, i FROM n;
    CREATE INDEX sc ON s(c);
  `;
  const real = build(setup + "ANALYZE;");
  const ours = build(setup);
  try {
    const ts = new Database(ours);
    ts.exec("ANALYZE");
    ts.close();
    const q = "SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY idx";
    assert.deepEqual(nodeAll(ours, q), nodeAll(real, q));
    assert.deepEqual(nodeAll(real, q).map((r) => r.idx), ["s", "sc"]);
    // (the connection does not load sqlite_stat1 into the planner yet: rows only)
    for (
      const sql of [
        "SELECT * FROM s WHERE b = 'k1' AND c = 7 ORDER BY a",
        "SELECT * FROM s WHERE b = 'k1' AND c < 100 ORDER BY a",
        "SELECT * FROM s WHERE b = 'k1' ORDER BY c",
        "SELECT * FROM s, s AS t WHERE s.b = t.b AND t.c = 3 ORDER BY 1, 2, 4, 5",
      ]
    ) same(real, sql);
  } finally {
    Deno.removeSync(real);
    Deno.removeSync(ours);
  }
});

Deno.test("WITHOUT ROWID: writes still fail with a clear error", () => {
  const path = build(WITHOUT_ROWID_DB);
  const db = new Database(path);
  try {
    for (
      const q of [
        "INSERT INTO w VALUES('z', 1, 1)",
        "UPDATE w SET v = 5",
        "DELETE FROM w WHERE k = 'a'",
        "DELETE FROM w",
      ]
    ) {
      assert.throws(() => db.exec(q), /writing to WITHOUT ROWID table w is not supported yet/, q);
    }
  } finally {
    db.close();
  }
  same(path, "SELECT * FROM w");
  Deno.removeSync(path);
});

Deno.test("WITHOUT ROWID rows left short by ALTER TABLE ADD COLUMN read the DEFAULT", () => {
  const path = build(`
    CREATE TABLE w(k PRIMARY KEY, a) WITHOUT ROWID;
    INSERT INTO w VALUES(2, 'two'), (1, 'one');
    ALTER TABLE w ADD COLUMN b INTEGER DEFAULT 9;
    INSERT INTO w VALUES(3, 'three', 4);
    CREATE INDEX wb ON w(b);
  `);
  try {
    same(path, "SELECT *, typeof(b) FROM w");
    same(path, "SELECT * FROM w WHERE b = 9");
    same(path, "SELECT k, b FROM w WHERE k = 1");
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("the shipped fixture's WITHOUT ROWID table reads through the CLI", async () => {
  const fixture = new URL("../../fixtures/example.db", import.meta.url).pathname;
  const tables = nodeAll(
    fixture,
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%'",
  );
  assert.ok(tables.length > 0);
  for (const { name } of tables) {
    const q = `SELECT * FROM "${name}"`;
    same(fixture, q);
    same(fixture, `SELECT count(*) FROM "${name}"`);
    const cli = new URL("../../src/cli/main.ts", import.meta.url).pathname;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", cli, fixture, q],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(new TextDecoder().decode(out.stderr), "");
    assert.ok(out.success);
    const lines = new TextDecoder().decode(out.stdout).trimEnd().split("\n");
    const want = nodeAll(fixture, q).map((r) => Object.values(r).map((v) => v ?? "").join("|"));
    assert.deepEqual(lines, want);
  }
});

Deno.test("WITHOUT ROWID: seeded random queries return SQLite's rows", () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const path = build(`
    CREATE TABLE t1(a INT, b TEXT COLLATE NOCASE, c REAL, d, PRIMARY KEY(a DESC, b)) WITHOUT ROWID;
    CREATE INDEX t1c ON t1(c DESC);
    CREATE INDEX t1db ON t1(d, b COLLATE BINARY);
    CREATE TABLE t2(x TEXT PRIMARY KEY, y INT, z) WITHOUT ROWID;
    CREATE INDEX t2y ON t2(y, x);
    CREATE TABLE t3(p INTEGER PRIMARY KEY, q INT);
  `);
  const n = new DatabaseSync(path);
  const ins1 = n.prepare("INSERT OR IGNORE INTO t1 VALUES(?,?,?,?)");
  for (let i = 0; i < 60; i++) {
    ins1.run(
      Math.floor(rnd() * 8),
      pick(["a", "A", "b", "B", "c", "d", "é"]),
      pick([null, 1, 2.5, 3, -1]),
      pick([null, 1, "a", "b", 2]),
    );
  }
  const ins2 = n.prepare("INSERT OR IGNORE INTO t2 VALUES(?,?,?)");
  for (let i = 0; i < 30; i++) {
    ins2.run(
      pick(["a", "b", "c", "A", "B", "10", "2", "x"]) + Math.floor(rnd() * 3),
      Math.floor(rnd() * 5),
      pick([null, 1, "z"]),
    );
  }
  const ins3 = n.prepare("INSERT INTO t3 VALUES(?,?)");
  for (let i = 0; i < 10; i++) ins3.run(i, Math.floor(rnd() * 8));
  n.close();
  const vals = ["NULL", "1", "2", "3", "-1", "2.5", "'a'", "'A'", "'b'", "'c'", "x'01'", "'10'"];
  const ops = ["=", "<", ">", "<=", ">=", "IS", "!="];
  const cond = (tab: string, cols: string[]) => {
    const c = pick(cols);
    const r = rnd();
    if (r < 0.15) return `${tab}.${c} IN (${pick(vals)}, ${pick(vals)})`;
    if (r < 0.25) return `${tab}.${c} BETWEEN ${pick(vals)} AND ${pick(vals)}`;
    return `${tab}.${c} ${pick(ops)} ${pick(vals)}`;
  };
  const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(normalize(r))).sort();
  try {
    for (let i = 0; i < 200; i++) {
      const k = rnd();
      let q: string;
      let ordered = false;
      if (k < 0.5) {
        const w = [cond("t1", ["a", "b", "c", "d"])];
        if (rnd() < 0.5) w.push(cond("t1", ["a", "b", "c", "d"]));
        q = `SELECT * FROM t1 WHERE ${w.join(rnd() < 0.7 ? " AND " : " OR ")}`;
        if (rnd() < 0.6) {
          q += ` ORDER BY ${pick(["a", "b", "c", "d"])}${pick(["", " DESC"])}, a, b`;
          ordered = true;
        }
      } else if (k < 0.75) {
        q = `SELECT t2.x, t2.y, t1.a, t1.b FROM t2 JOIN t1 ON t1.${
          pick(["a", "b", "c", "d"])
        } = t2.${pick(["x", "y", "z"])} WHERE ${cond("t2", ["x", "y", "z"])}`;
      } else if (k < 0.9) {
        q = `SELECT y, count(*), min(x), max(x) FROM t2 WHERE ${
          cond("t2", ["x", "y", "z"])
        } GROUP BY y ORDER BY y`;
        ordered = true;
      } else {
        q = `SELECT t3.p, t2.x FROM t3 LEFT JOIN t2 ON t2.y = t3.q WHERE ${cond("t3", ["p", "q"])}`;
      }
      const want = nodeAll(path, q).map(normalize);
      const got = tsAll(path, q);
      if (ordered) assert.deepEqual(got, want, q);
      else assert.deepEqual(sorted(got), sorted(want), q);
    }
  } finally {
    Deno.removeSync(path);
  }
});
