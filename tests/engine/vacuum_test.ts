/**
 * VACUUM and VACUUM INTO against real SQLite (node:sqlite 3.53.2): the same starting file is
 * vacuumed by both; rows, schema rows, header meta values, freelist_count, integrity_check (by
 * tsqlite and by SQLite on the tsqlite-written file) must agree, the error cases must carry
 * SQLite's messages, and a failure at any write or sync of a VACUUM must leave the old or the
 * new database (fault VFS + simulated power loss).
 *
 * page_count and every b-tree's page/leaf/unused-byte figures (dbstat) equal SQLite's, and table
 * pages are byte-identical; index pages hold the same cells but may place them at other offsets
 * within the page (SQLite's editPage edits a page in place, tsqlite rebuilds it compactly).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { connectionOf, Database } from "../../src/api/database.ts";
import { Connection } from "../../src/api/connection.ts";
import { FaultVfs } from "../../src/vfs/fault.ts";
import { MemoryVfs } from "../../src/vfs/memory.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { Pager } from "../../src/pager/pager.ts";
import { Btree } from "../../src/btree/btree.ts";
import { Meta } from "../../src/btree/types.ts";
import { encodeRecord } from "../../src/format/record.ts";
import { Shell } from "../../src/cli/shell.ts";
import { MemoryHost, runTsqlite } from "../cli/harness.ts";

type Row = Record<string, unknown>;

function nodeAll(db: DatabaseSync, sql: string): Row[] {
  return db.prepare(sql).all().map((r) => ({ ...r }));
}

function tsAll(db: Database, sql: string): Row[] {
  return db.prepare(sql).all() as Row[];
}

/** A database written by SQLite with every kind of object, then thinned out by deletes. */
function seedFile(path: string, rows = 1500): void {
  const n = new DatabaseSync(path);
  n.exec(
    `CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT COLLATE NOCASE, b BLOB UNIQUE);
    CREATE INDEX ta ON t(a DESC);
    CREATE VIEW v AS SELECT * FROM t;
    CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID; CREATE INDEX wv ON w(v);
    CREATE TABLE lg(x);
    CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO lg VALUES(NEW.id); END;
    CREATE TABLE big(x);
    PRAGMA user_version=7; PRAGMA application_id=99;`,
  );
  n.exec("BEGIN");
  for (let i = 0; i < rows; i++) {
    n.exec(`INSERT INTO t(a,b) VALUES('x${i % 97}', '${"z".repeat(i % 300)}${i}')`);
  }
  n.exec("INSERT INTO w SELECT 'k' || (id * 7919 % 4001), id FROM t");
  n.exec(`INSERT INTO big VALUES(zeroblob(20000)), ('${"q".repeat(9000)}')`);
  n.exec("COMMIT");
  n.exec("ANALYZE");
  n.exec("DELETE FROM t WHERE id % 3 = 0");
  n.exec("DELETE FROM w WHERE v % 2 = 0");
  n.exec("DELETE FROM big WHERE rowid = 1");
  n.close();
}

const CHECKS = [
  "PRAGMA freelist_count",
  "PRAGMA schema_version",
  "PRAGMA user_version",
  "PRAGMA application_id",
  "PRAGMA page_size",
  "PRAGMA auto_vacuum",
  "SELECT * FROM sqlite_schema",
  "SELECT * FROM t ORDER BY id",
  "SELECT a, id FROM t INDEXED BY ta ORDER BY a DESC LIMIT 50",
  "SELECT * FROM w ORDER BY k",
  "SELECT v, k FROM w INDEXED BY wv WHERE v > 100 ORDER BY v LIMIT 40",
  "SELECT count(*), sum(length(x)) FROM big",
  "SELECT * FROM sqlite_sequence",
  "SELECT * FROM sqlite_stat1 ORDER BY tbl, idx",
  "SELECT count(*) FROM lg",
  "PRAGMA integrity_check",
];

/** Pages, leaves, overflow pages and unused bytes of every b-tree (SQLite's dbstat). */
const TREE_STATS = "SELECT name, count(*) AS pages, sum(pagetype = 'leaf') AS leaves, " +
  "sum(pagetype = 'overflow') AS ovf, sum(unused) AS unused FROM dbstat GROUP BY name ORDER BY name";

function compareAfter(n: DatabaseSync, c: Database): void {
  for (const q of CHECKS) assert.deepEqual(tsAll(c, q), nodeAll(n, q), q);
  assert.deepEqual(tsAll(c, "PRAGMA page_count"), nodeAll(n, "PRAGMA page_count"));
  // Every tree as full as SQLite's: tables by balance_quick appends (also at the first root
  // split), indexes by BTREE_BULKLOAD balancing.
  assert.deepEqual(tsAll(c, TREE_STATS), nodeAll(n, TREE_STATS));
}

Deno.test("vacuum: same rows, schema, meta and integrity as SQLite after deletes", () => {
  const dir = Deno.makeTempDirSync();
  try {
    seedFile(`${dir}/base.db`);
    Deno.copyFileSync(`${dir}/base.db`, `${dir}/n.db`);
    Deno.copyFileSync(`${dir}/base.db`, `${dir}/c.db`);
    const before = Deno.statSync(`${dir}/c.db`).size;
    const n = new DatabaseSync(`${dir}/n.db`);
    const c = new Database(`${dir}/c.db`);
    assert.ok((tsAll(c, "PRAGMA freelist_count")[0].freelist_count as number) > 0);
    n.exec("VACUUM");
    c.exec("VACUUM");
    compareAfter(n, c);
    // A second VACUUM of a compact file changes only the cookie.
    n.exec("VACUUM");
    c.exec("VACUUM");
    compareAfter(n, c);
    c.close();
    n.close();
    const after = Deno.statSync(`${dir}/c.db`).size;
    assert.ok(after < before, `file shrank: ${before} -> ${after}`);
    const check = new DatabaseSync(`${dir}/c.db`);
    assert.deepEqual(nodeAll(check, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
    const n2 = new DatabaseSync(`${dir}/n.db`);
    for (const q of CHECKS.slice(6, 15)) assert.deepEqual(nodeAll(check, q), nodeAll(n2, q), q);
    check.close();
    n2.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("vacuum: a file tsqlite wrote, then the connection keeps working", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const sql = [
      "CREATE TABLE a(id INTEGER PRIMARY KEY, s TEXT, n REAL)",
      "CREATE UNIQUE INDEX a_s ON a(s)",
    ];
    const n = new DatabaseSync(`${dir}/n.db`);
    const c = new Database(`${dir}/c.db`);
    const both = (s: string) => {
      n.exec(s);
      c.exec(s);
    };
    for (const s of sql) both(s);
    both("BEGIN");
    for (let i = 0; i < 800; i++) both(`INSERT INTO a VALUES(${i}, 's${i * 37 % 1000}', ${i / 7})`);
    both("COMMIT");
    both("DELETE FROM a WHERE id < 600");
    both("VACUUM");
    for (const q of ["PRAGMA freelist_count", "SELECT * FROM a", "PRAGMA integrity_check"]) {
      assert.deepEqual(tsAll(c, q), nodeAll(n, q), q);
    }
    // Statements prepared before VACUUM still run (the schema cookie moved: they re-prepare).
    const ins = c.prepare("INSERT INTO a VALUES(?, ?, ?)");
    both("INSERT INTO a VALUES(5000, 'new', 1.5)");
    ins.run(5001, "newer", 2);
    n.exec("INSERT INTO a VALUES(5001, 'newer', 2)");
    assert.deepEqual(
      tsAll(c, "SELECT * FROM a WHERE id > 4000"),
      nodeAll(n, "SELECT * FROM a WHERE id > 4000"),
    );
    c.close();
    n.close();
    const check = new DatabaseSync(`${dir}/c.db`);
    assert.deepEqual(nodeAll(check, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
    assert.equal(nodeAll(check, "SELECT count(*) AS k FROM a")[0].k, 202);
    check.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

/** Run every row of one statement on a Connection. */
function runAll(conn: Connection, sql: string): void {
  const st = conn.prepare(sql);
  if (st === null) return;
  try {
    while (st.step()) { /* rows */ }
  } finally {
    st.finalize();
  }
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

/** SQLite's message without node:sqlite's " in <sql> at offset N" suffix. */
function nodeError(f: () => unknown): string {
  return errorOf(f).replace(/ in .* at offset \d+$/s, "");
}

Deno.test("vacuum: error cases carry SQLite's messages", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const n = new DatabaseSync(`${dir}/n.db`);
    const c = new Database(`${dir}/c.db`);
    for (const d of [n, c]) d.exec("CREATE TABLE t(x); INSERT INTO t VALUES(1),(2),(3)");
    const same = (sql: string) => {
      const want = nodeError(() => n.exec(sql));
      const got = errorOf(() => c.exec(sql));
      assert.equal(got, want, sql);
      return got;
    };
    assert.equal(same("BEGIN; VACUUM"), "cannot VACUUM from within a transaction");
    n.exec("ROLLBACK");
    c.exec("ROLLBACK");
    assert.equal(
      same(`BEGIN; VACUUM INTO '${dir}/x.db'`),
      "cannot VACUUM from within a transaction",
    );
    n.exec("ROLLBACK");
    c.exec("ROLLBACK");
    assert.equal(same("VACUUM nosuch"), "unknown database nosuch");
    assert.equal(same("VACUUM INTO 5"), "non-text filename");
    assert.equal(same("VACUUM INTO NULL"), "non-text filename");
    same("VACUUM main");
    same("VACUUM temp");
    // A statement still stepping (the Connection layer: better-sqlite3's API refuses earlier
    // with "This database connection is busy executing a query").
    const ni = n.prepare("SELECT * FROM t").iterate();
    ni.next();
    const conn = connectionOf(c) as unknown as Connection;
    const cs = conn.prepare("SELECT * FROM t")!;
    assert.ok(cs.step());
    const connErr = (sql: string) => errorOf(() => runAll(conn, sql));
    for (const sql of ["VACUUM", `VACUUM INTO '${dir}/y.db'`]) {
      const want = nodeError(() => n.exec(sql));
      assert.equal(want, "cannot VACUUM - SQL statements in progress");
      assert.equal(connErr(sql), want, sql);
    }
    ni.return?.();
    cs.finalize();
    // INTO a non-empty file fails; an empty file is filled.
    Deno.copyFileSync(`${dir}/n.db`, `${dir}/full.db`);
    assert.equal(same(`VACUUM INTO '${dir}/full.db'`), "output file already exists");
    Deno.writeFileSync(`${dir}/junk.db`, new Uint8Array(100).fill(65));
    assert.equal(same(`VACUUM INTO '${dir}/junk.db'`), "file is not a database");
    // os_unix.c reports a 1-byte file as empty: it is overwritten.
    Deno.writeFileSync(`${dir}/empty_n.db`, new Uint8Array([65]));
    Deno.writeFileSync(`${dir}/empty_c.db`, new Uint8Array([65]));
    n.exec(`VACUUM INTO '${dir}/empty_n.db'`);
    c.exec(`VACUUM INTO '${dir}/empty_c.db'`);
    // The whole 100-byte header as SQLite writes it (counter 1, cookie + 1, version, sizes).
    assert.deepEqual(
      Deno.readFileSync(`${dir}/empty_c.db`).subarray(0, 100),
      Deno.readFileSync(`${dir}/empty_n.db`).subarray(0, 100),
    );
    const e = new DatabaseSync(`${dir}/empty_c.db`);
    assert.deepEqual(nodeAll(e, "SELECT * FROM t"), [{ x: 1 }, { x: 2 }, { x: 3 }]);
    e.close();
    n.close();
    c.close();
    // A read-only database cannot be vacuumed, but can be copied out.
    const nr = new DatabaseSync(`${dir}/n.db`, { readOnly: true });
    const cr = new Database(`${dir}/c.db`, { readonly: true });
    const want = nodeError(() => nr.exec("VACUUM"));
    assert.equal(errorOf(() => cr.exec("VACUUM")), want);
    assert.equal(want, "attempt to write a readonly database");
    cr.exec(`VACUUM INTO '${dir}/ro_copy.db'`);
    const r = new DatabaseSync(`${dir}/ro_copy.db`);
    assert.deepEqual(nodeAll(r, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
    r.close();
    nr.close();
    cr.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("vacuum: VACUUM INTO writes a compact copy SQLite reads (file, :memory:, parameter)", () => {
  const dir = Deno.makeTempDirSync();
  try {
    seedFile(`${dir}/base.db`, 600);
    const c = new Database(`${dir}/base.db`);
    const before = tsAll(c, "SELECT * FROM t ORDER BY id");
    c.exec(`VACUUM INTO '${dir}/copy.db'`);
    c.prepare("VACUUM INTO ?").run(`${dir}/copy2.db`);
    // The source is untouched.
    assert.ok((tsAll(c, "PRAGMA freelist_count")[0].freelist_count as number) > 0);
    c.close();
    for (const f of ["copy.db", "copy2.db"]) {
      const n = new DatabaseSync(`${dir}/${f}`);
      assert.deepEqual(nodeAll(n, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
      assert.deepEqual(nodeAll(n, "PRAGMA freelist_count"), [{ freelist_count: 0 }]);
      assert.deepEqual(nodeAll(n, "SELECT * FROM t ORDER BY id"), before);
      assert.deepEqual(nodeAll(n, "PRAGMA user_version"), [{ user_version: 7 }]);
      n.close();
    }
    const m = new Database(":memory:");
    m.exec("CREATE TABLE t(x, y); CREATE INDEX ty ON t(y)");
    const ins = m.prepare("INSERT INTO t VALUES(?, ?)");
    for (let i = 0; i < 500; i++) ins.run(i, `v${i % 13}`);
    m.exec("DELETE FROM t WHERE x % 2 = 1");
    m.exec("VACUUM");
    assert.deepEqual(tsAll(m, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
    assert.deepEqual(tsAll(m, "PRAGMA freelist_count"), [{ freelist_count: 0 }]);
    m.exec(`VACUUM INTO '${dir}/mem.db'`);
    const rows = tsAll(m, "SELECT * FROM t");
    assert.equal(rows.length, 250);
    m.close();
    const n = new DatabaseSync(`${dir}/mem.db`);
    assert.deepEqual(nodeAll(n, "SELECT * FROM t"), rows);
    assert.deepEqual(nodeAll(n, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
    n.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("vacuum: a pending page_size / auto_vacuum takes effect as in SQLite", () => {
  const dir = Deno.makeTempDirSync();
  try {
    seedFile(`${dir}/base.db`, 400);
    const steps: [string, string[]][] = [
      ["PRAGMA page_size=1024", ["PRAGMA page_size", "PRAGMA page_count"]],
      ["VACUUM", ["PRAGMA page_size", "PRAGMA freelist_count", "PRAGMA page_count", TREE_STATS]],
      ["PRAGMA auto_vacuum=1", ["PRAGMA auto_vacuum"]],
      ["VACUUM", ["PRAGMA auto_vacuum", "PRAGMA freelist_count", "PRAGMA page_count", TREE_STATS]],
      ["DELETE FROM t WHERE id < 300", ["PRAGMA freelist_count", "PRAGMA integrity_check"]],
      // full <-> incremental switches at once; none waits for VACUUM.
      ["PRAGMA auto_vacuum=2", ["PRAGMA auto_vacuum"]],
      ["PRAGMA auto_vacuum=1", ["PRAGMA auto_vacuum"]],
      ["PRAGMA auto_vacuum=0", ["PRAGMA auto_vacuum"]],
      ["PRAGMA auto_vacuum=0; PRAGMA page_size=8192", ["PRAGMA auto_vacuum", "PRAGMA page_size"]],
      ["VACUUM", ["PRAGMA auto_vacuum", "PRAGMA page_size", "PRAGMA page_count", TREE_STATS]],
      ["PRAGMA page_size=65536; PRAGMA auto_vacuum=2; VACUUM", [
        "PRAGMA auto_vacuum",
        "PRAGMA page_size",
      ]],
    ];
    Deno.copyFileSync(`${dir}/base.db`, `${dir}/n.db`);
    Deno.copyFileSync(`${dir}/base.db`, `${dir}/c.db`);
    const n = new DatabaseSync(`${dir}/n.db`);
    const c = new Database(`${dir}/c.db`);
    for (const [sql, checks] of steps) {
      n.exec(sql);
      c.exec(sql);
      for (const q of checks) assert.deepEqual(tsAll(c, q), nodeAll(n, q), `${sql} → ${q}`);
      for (const q of CHECKS.slice(6, 16)) {
        assert.deepEqual(tsAll(c, q), nodeAll(n, q), `${sql} → ${q}`);
      }
    }
    n.close();
    c.close();
    const check = new DatabaseSync(`${dir}/c.db`);
    assert.deepEqual(nodeAll(check, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
    assert.deepEqual(nodeAll(check, "PRAGMA page_size"), [{ page_size: 65536 }]);
    assert.deepEqual(nodeAll(check, "PRAGMA auto_vacuum"), [{ auto_vacuum: 2 }]);
    check.close();
    // A :memory: database keeps its page size (vacuum.c: nextPagesize only for non-MEMDB).
    const nm = new DatabaseSync(":memory:");
    const cm = new Database(":memory:");
    for (const d of [nm, cm]) {
      d.exec("CREATE TABLE m(x); INSERT INTO m VALUES(1); PRAGMA page_size=1024; VACUUM");
    }
    assert.deepEqual(tsAll(cm, "PRAGMA page_size"), nodeAll(nm, "PRAGMA page_size"));
    nm.close();
    cm.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

function connRows(conn: Connection, sql: string): unknown[][] {
  const st = conn.prepare(sql)!;
  const out: unknown[][] = [];
  try {
    while (st.step()) {
      const r: unknown[] = [];
      for (let i = 0; i < st.columnCount; i++) r.push(st.columnValue(i, false));
      out.push(r);
    }
  } finally {
    st.finalize();
  }
  return out;
}

for (const pageSize of [null, 1024]) {
  Deno.test(`vacuum: a failure or power loss at any write/sync leaves the old or the new database${pageSize === null ? "" : " (page_size change)"}`, () =>
    faultRun(pageSize));
}

function faultRun(pageSize: number | null): void {
  const base = new MemoryVfs();
  const seed = Connection.open("f.db", { vfs: base });
  runAll(seed, "CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT)");
  runAll(seed, "CREATE INDEX ts ON t(s)");
  runAll(seed, "BEGIN");
  for (let i = 0; i < 400; i++) {
    runAll(seed, `INSERT INTO t VALUES(${i}, '${"s".repeat(i % 50)}${i}')`);
  }
  runAll(seed, "COMMIT");
  runAll(seed, "DELETE FROM t WHERE id % 2 = 0");
  const want = connRows(seed, "SELECT * FROM t ORDER BY id");
  const oldCount = connRows(seed, "PRAGMA page_count")[0][0];
  seed.close();
  const image = readAll(base, "f.db");
  const outcomes = new Set<string>();
  let completed = false;
  for (let at = 1; at < 400 && !completed; at++) {
    for (const mode of ["crashAtWrite", "crashAtSync", "failWriteAt", "failSyncAt"] as const) {
      const mem = new MemoryVfs();
      writeAll(mem, "f.db", image);
      const vfs = new FaultVfs(mem, {}, { realSync: false });
      const db = Connection.open("f.db", { vfs });
      if (pageSize !== null) runAll(db, `PRAGMA page_size=${pageSize}`);
      vfs.setPlan({ [mode]: at });
      let failed = false;
      try {
        runAll(db, "VACUUM");
      } catch {
        failed = true;
      }
      try {
        db.close();
      } catch { /* a crashed VFS refuses everything */ }
      if (mode.startsWith("crash")) vfs.powerLoss();
      vfs.setPlan({});
      const r = Connection.open("f.db", { vfs });
      const tag = `${mode}@${at}`;
      assert.deepEqual(connRows(r, "PRAGMA integrity_check"), [["ok"]], tag);
      assert.deepEqual(connRows(r, "SELECT * FROM t ORDER BY id"), want, tag);
      const pc = connRows(r, "PRAGMA page_count")[0][0];
      outcomes.add(pc === oldCount ? "old" : "new");
      if (!failed && pageSize === null) assert.ok((pc as number) < (oldCount as number), tag);
      if (pageSize !== null) {
        const ps = connRows(r, "PRAGMA page_size")[0][0];
        assert.equal(ps, pc === oldCount ? 4096 : pageSize, tag);
      }
      if (!failed && mode === "failWriteAt") completed = true;
      r.close();
    }
  }
  assert.ok(completed, "VACUUM never completed");
  assert.deepEqual([...outcomes].sort(), ["new", "old"]);
}

function readAll(vfs: MemoryVfs, name: string): Uint8Array {
  const f = vfs.open(name, { kind: "main-db" });
  const b = new Uint8Array(f.size());
  f.read(b, 0);
  f.close();
  return b;
}

function writeAll(vfs: MemoryVfs, name: string, data: Uint8Array): void {
  const f = vfs.open(name, { create: true, kind: "main-db" });
  f.write(data, 0);
  f.close();
}

Deno.test("vacuum: the shell shows progress on a terminal, and .dbinfo reads the new header", () => {
  const dir = Deno.makeTempDirSync();
  try {
    seedFile(`${dir}/s.db`, 300);
    const host = new MemoryHost();
    host.isTty = true;
    let clock = 0;
    host.now = () => (clock += 200);
    const sh = new Shell(host, `${dir}/s.db`);
    sh.runScript("VACUUM;\n", "script");
    sh.db.close();
    assert.match(host.err, /^(\rVACUUM: \d+\/10 b-trees)+\n$/);
    assert.ok(host.err.endsWith("\rVACUUM: 10/10 b-trees\n"), host.err);
    // Not a terminal: nothing on stderr.
    const quiet = runTsqlite("VACUUM;\n", `${dir}/s.db`);
    assert.equal(quiet.err, "");
    // .dbinfo (the reference sqlite3 build lacks sqlite_dbpage, so the figures are checked
    // against SQLite's PRAGMAs and the header bytes of the same file).
    const info = new Map(
      runTsqlite(".dbinfo\n", `${dir}/s.db`).out.trim().split("\n").map((l) => {
        const i = l.indexOf(":");
        return [l.slice(0, i), l.slice(i + 1).trim()] as [string, string];
      }),
    );
    const n = new DatabaseSync(`${dir}/s.db`);
    const p = (q: string) => String(Object.values(nodeAll(n, q)[0])[0]);
    const head = Deno.readFileSync(`${dir}/s.db`).subarray(0, 100);
    const u32 = (o: number) => new DataView(head.buffer, head.byteOffset).getUint32(o);
    assert.equal(info.get("database page size"), p("PRAGMA page_size"));
    assert.equal(info.get("database page count"), p("PRAGMA page_count"));
    assert.equal(info.get("freelist page count"), "0");
    assert.equal(info.get("schema cookie"), p("PRAGMA schema_version"));
    assert.equal(info.get("user version"), "7");
    assert.equal(info.get("application id"), "99");
    assert.equal(info.get("file change counter"), String(u32(24)));
    assert.equal(u32(92), u32(24));
    assert.equal(u32(28), Number(p("PRAGMA page_count")));
    n.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("vacuum: WITHOUT ROWID (DESC, NOCASE key), auto_vacuum full/incremental, partial and expression indexes", () => {
  const shapes: [string, string][] = [
    [
      "without rowid",
      "CREATE TABLE t(a TEXT, b INT, c, PRIMARY KEY(b DESC, a COLLATE NOCASE)) WITHOUT ROWID; CREATE INDEX tc ON t(c);",
    ],
    ["incremental", "PRAGMA auto_vacuum=2; CREATE TABLE t(a, b); CREATE INDEX tb ON t(b);"],
    ["full 1024", "PRAGMA auto_vacuum=1; PRAGMA page_size=1024; CREATE TABLE t(a, b UNIQUE);"],
    [
      "partial/expression",
      "CREATE TABLE t(a, b, c); CREATE INDEX p ON t(a) WHERE a > 10; CREATE INDEX e ON t(lower(b), a+1);",
    ],
  ];
  for (const [name, ddl] of shapes) {
    const dir = Deno.makeTempDirSync();
    try {
      const n0 = new DatabaseSync(`${dir}/b.db`);
      n0.exec(ddl);
      const cols = (n0.prepare("SELECT count(*) AS k FROM pragma_table_info('t')").get() as {
        k: number;
      }).k;
      n0.exec("BEGIN");
      for (let i = 0; i < 1500; i++) {
        const v = [
          `'K${(i * 7919) % 5003}é${"x".repeat(i % 30)}'`,
          `${(i * 31) % 1000}`,
          `${i % 17}`,
        ];
        n0.exec(`INSERT OR IGNORE INTO t VALUES(${v.slice(0, cols).join(",")})`);
      }
      n0.exec("COMMIT");
      n0.exec("DELETE FROM t WHERE b % 3 = 0 OR length(a) % 4 = 1");
      n0.close();
      Deno.copyFileSync(`${dir}/b.db`, `${dir}/n.db`);
      Deno.copyFileSync(`${dir}/b.db`, `${dir}/c.db`);
      const n = new DatabaseSync(`${dir}/n.db`);
      const c = new Database(`${dir}/c.db`);
      n.exec("VACUUM");
      c.exec("VACUUM");
      for (
        const q of [
          "PRAGMA page_count",
          "PRAGMA freelist_count",
          "PRAGMA auto_vacuum",
          "PRAGMA integrity_check",
          "SELECT * FROM t ORDER BY 1, 2",
          TREE_STATS,
        ]
      ) assert.deepEqual(tsAll(c, q), nodeAll(n, q), `${name}: ${q}`);
      n.close();
      c.close();
      const chk = new DatabaseSync(`${dir}/c.db`);
      assert.deepEqual(nodeAll(chk, "PRAGMA integrity_check"), [{ integrity_check: "ok" }], name);
      chk.close();
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  }
});

Deno.test("vacuum: reserved bytes at the end of each page are kept", () => {
  const dir = Deno.makeTempDirSync();
  try {
    // A file with 8 reserved bytes per page, written at the b-tree level.
    const pager = new Pager(new DenoFileVfs(), `${dir}/r.db`, { reservedBytes: 8 });
    pager.beginWrite();
    const bt = new Btree(pager);
    const root = bt.createTable("table");
    const sc = bt.cursor(1, { write: true });
    sc.insert(1, encodeRecord(["table", "t", "t", root, "CREATE TABLE t(x)"]));
    sc.close();
    bt.setMeta(Meta.SCHEMA_VERSION, 1);
    bt.setMeta(Meta.FILE_FORMAT, 4);
    const c = bt.cursor(root, { write: true });
    for (let i = 1; i <= 2000; i++) c.insert(i, encodeRecord([`row ${i} ${"p".repeat(i % 50)}`]));
    c.close();
    bt.commit();
    pager.close();
    const db = new Database(`${dir}/r.db`);
    db.exec("DELETE FROM t WHERE rowid % 2 = 0");
    db.exec("VACUUM");
    assert.deepEqual(tsAll(db, "PRAGMA freelist_count"), [{ freelist_count: 0 }]);
    db.close();
    assert.equal(Deno.readFileSync(`${dir}/r.db`)[20], 8);
    const n = new DatabaseSync(`${dir}/r.db`);
    assert.deepEqual(nodeAll(n, "PRAGMA integrity_check"), [{ integrity_check: "ok" }]);
    assert.deepEqual(nodeAll(n, "SELECT count(*) AS k FROM t"), [{ k: 1000 }]);
    n.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
