/**
 * API scenarios: each is the body of a function run twice — against better-sqlite3 in Node
 * (tests/oracle/bs3_server.cjs) and against tsqlite's `Database` in Deno — with `Database`,
 * `capture(fn)` (→ `{ok, value}` or `{ok:false, error:{name,message,code,constructor}}`) and
 * `args` in scope. The returned JSON must be identical. Written from better-sqlite3's
 * documentation (docs/api.md upstream): every method, option and property.
 * `needs` names what a scenario needs beyond plain SQL (user functions, serialize, files, FK
 * enforcement, RETURNING, window functions, row-by-row stepping that the node:sqlite double lacks).
 * @module
 */

/** One scenario. */
export interface Scenario {
  name: string;
  body: string;
  /** Features beyond plain SQL the scenario needs from the engine. */
  needs?: (
    | "udf"
    | "serialize"
    | "files"
    | "fk"
    | "returning"
    | "errorShape"
    | "window"
    | "stepwise"
    | "lazyCollation"
    | "buildFeatures"
    | "updateDeleteLimit"
    | "vtab"
  )[];
}

/** Every scenario, grouped by the API surface it covers. */
export const SCENARIOS: Scenario[] = [
  // ---- new Database(...) ------------------------------------------------------------------
  {
    name: "constructor: option validation errors",
    body: `
      const bad = [
        [123], [":memory:", 5], [":memory:", { readOnly: true }], [":memory:", { memory: true }],
        [":memory:", { readonly: 1 }], [":memory:", { fileMustExist: "yes" }],
        [":memory:", { readonly: true }], ["", { readonly: true }],
        [":memory:", { timeout: -1 }], [":memory:", { timeout: 1.5 }], [":memory:", { timeout: "5" }],
        [":memory:", { timeout: 2 ** 31 }], [":memory:", { verbose: 5 }],
      ];
      return bad.map((a) => capture(() => { new Database(...a).close(); return "opened"; }));`,
  },
  {
    name: "constructor: Database.SqliteError is the class errors are instances of",
    body: `
      const db = new Database(":memory:");
      let e; try { db.exec("SELECT * FROM nope"); } catch (x) { e = x; }
      db.close();
      const made = new Database.SqliteError("custom", "SQLITE_BUSY");
      return { type: typeof Database.SqliteError, isInstance: e instanceof Database.SqliteError, isError: e instanceof Error,
        made: { message: made.message, code: made.code, name: made.name, isError: made instanceof Error } };`,
  },
  {
    name: "constructor: callable without new; instanceof",
    body: `
      const db = Database(":memory:");
      const out = { isDb: db instanceof Database, open: db.open, v: db.prepare("SELECT 7 AS v").get(),
        protoSame: Object.getPrototypeOf(db) === Database.prototype };
      db.close();
      return out;`,
  },
  {
    name: "constructor: properties of memory and temp databases",
    body: `
      const out = [];
      for (const [f, o] of [[":memory:"], [""], [undefined], [null], [" :memory: "], [":memory:", { timeout: 0, verbose: null }]]) {
        const db = new Database(f, o);
        out.push({ name: db.name, open: db.open, inTransaction: db.inTransaction, readonly: db.readonly, memory: db.memory, keys: Object.keys(db) });
        db.close();
        out.push({ open: db.open, inTransaction: db.inTransaction });
      }
      return out;`,
  },
  {
    name: "constructor: defaults are better-sqlite3's build (foreign keys on, DQS off)",
    body: `
      const db = new Database(":memory:");
      const fk = db.pragma("foreign_keys", { simple: true });
      const dqs = capture(() => db.prepare('SELECT "nope"').get());
      db.close();
      return { fk, dqs };`,
  },
  {
    name: "constructor: foreign keys are enforced by default",
    needs: ["fk"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(p REFERENCES p(id))");
      const fkErr = capture(() => db.prepare("INSERT INTO c VALUES (5)").run());
      db.close();
      return { fkErr };`,
  },
  {
    name:
      "foreign keys under the defaults: cascades, deferred keys at COMMIT, transaction rollback, PRAGMAs",
    needs: ["fk"],
    body: `
      const db = new Database(":memory:");
      db.exec(\`CREATE TABLE author(id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE book(id INTEGER PRIMARY KEY, author INTEGER REFERENCES author ON DELETE CASCADE ON UPDATE CASCADE, title TEXT);
        CREATE TABLE review(book INTEGER REFERENCES book(id) DEFERRABLE INITIALLY DEFERRED, stars INTEGER);
        CREATE TABLE loan(book INTEGER REFERENCES book ON DELETE RESTRICT);\`);
      const out = {};
      const a = db.prepare("INSERT INTO author(name) VALUES (?)").run("Le Guin").lastInsertRowid;
      const addBook = db.prepare("INSERT INTO book(author, title) VALUES (?, ?)");
      out.book = addBook.run(a, "The Dispossessed");
      out.book2 = addBook.run(a, "The Lathe of Heaven");
      out.orphan = capture(() => addBook.run(99, "Nobody"));
      const review = db.prepare("INSERT INTO review VALUES (?, ?)");
      const rate = db.transaction((book, stars) => review.run(book, stars));
      out.rated = capture(() => rate(1, 5));
      out.badRate = capture(() => rate(42, 1));
      out.inTransactionAfter = db.inTransaction;
      out.reviews = db.prepare("SELECT * FROM review").all();
      db.exec("BEGIN");
      review.run(43, 2);
      out.commit = capture(() => db.exec("COMMIT"));
      out.stillOpen = db.inTransaction;
      review.run(2, 4);
      db.prepare("DELETE FROM review WHERE book = 43").run();
      out.commit2 = capture(() => db.exec("COMMIT"));
      out.cascadeUpdate = db.prepare("UPDATE author SET id = 10 WHERE id = ?").run(a);
      out.books = db.prepare("SELECT * FROM book ORDER BY id").all();
      db.prepare("INSERT INTO loan VALUES (2)").run();
      out.restrict = capture(() => db.prepare("DELETE FROM author").run());
      db.prepare("DELETE FROM loan").run();
      out.deferredInAutocommit = capture(() => db.prepare("DELETE FROM author").run());
      db.prepare("DELETE FROM review").run();
      out.cascadeDelete = db.prepare("DELETE FROM author").run();
      out.left = db.prepare("SELECT (SELECT count(*) FROM book) AS books, (SELECT count(*) FROM review) AS reviews").get();
      out.check = db.pragma("foreign_key_check");
      db.pragma("foreign_keys = OFF");
      db.prepare("INSERT INTO book(author, title) VALUES (7, 'Orphan')").run();
      out.check2 = db.pragma("foreign_key_check");
      out.checkBook = db.pragma("foreign_key_check(book)");
      out.list = db.pragma("foreign_key_list(book)");
      out.fk = db.pragma("foreign_keys", { simple: true });
      db.close();
      return out;`,
  },
  // ---- prepare / exec / close -------------------------------------------------------------
  {
    name: "prepare: statement counting and errors",
    body: `
      const db = new Database(":memory:");
      const cases = ["", "   ", "-- c\\n", "/* x */", ";", "SELECT 1", "SELECT 1;", "SELECT 1; ", "SELECT 1; -- t",
        "SELECT 1; /* t */", "SELECT 1;;", "SELECT 1; SELECT 2", "SELECT 1 /* c */ ; ;", "SELEC 1", "SELECT * FROM nope",
        "SELECT 'abc", "CREATE TABLE t(a", "SELECT 1; x"];
      const out = cases.map((sql) => capture(() => { const s = db.prepare(sql); return { source: s.source, reader: s.reader, readonly: s.readonly }; }));
      out.push(capture(() => db.prepare(42)));
      out.push(capture(() => db.prepare()));
      db.close();
      out.push(capture(() => db.prepare("SELECT 1")));
      return out;`,
  },
  {
    name: "statement properties: reader, readonly, source, database, busy",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a)");
      const out = [];
      for (const sql of ["SELECT a FROM t", "INSERT INTO t VALUES (1)", "BEGIN", "CREATE TABLE u(x)", "PRAGMA user_version", "PRAGMA user_version = 3", "VALUES (1), (2)", "WITH x AS (SELECT 1) SELECT * FROM x", "DELETE FROM t"]) {
        const s = db.prepare(sql);
        out.push({ sql, reader: s.reader, readonly: s.readonly, source: s.source, sameDb: s.database === db, busy: s.busy, keys: Object.keys(s) });
      }
      const s = db.prepare("SELECT 1");
      out.push(capture(() => { s.reader = false; return s.reader; }));
      db.close();
      return out;`,
  },
  {
    name: "exec: several statements, errors stop the batch, returns this",
    body: `
      const db = new Database(":memory:");
      const same = db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);") === db;
      const err = capture(() => db.exec("INSERT INTO t VALUES (3); INSERT INTO nope VALUES (4); INSERT INTO t VALUES (5)"));
      const rows = db.prepare("SELECT a FROM t").pluck().all();
      const empty = capture(() => db.exec(""));
      const comments = capture(() => db.exec("-- only a comment"));
      const selects = capture(() => db.exec("SELECT 1; SELECT * FROM t"));
      const notString = capture(() => db.exec(5));
      const syntax = capture(() => db.exec("CREATE TABLE x(a); CREAT TABLE y(b)"));
      const after = db.prepare("SELECT name FROM sqlite_schema ORDER BY name").pluck().all();
      db.close();
      return { same, err, rows, empty, comments, selects, notString, syntax, after, closed: capture(() => db.exec("SELECT 1")) };`,
  },
  {
    name: "close: returns this, idempotent, statements then fail",
    body: `
      const db = new Database(":memory:");
      const s = db.prepare("SELECT 1 AS x");
      const r = db.prepare("CREATE TABLE t(a)");
      const a = db.close() === db;
      const b = db.close() === db;
      return { a, b, get: capture(() => s.get()), run: capture(() => r.run()), all: capture(() => s.all()),
        iterate: capture(() => s.iterate()), columns: capture(() => s.columns()), bind: capture(() => s.bind()),
        pluck: capture(() => s.pluck() === s), pragma: capture(() => db.pragma("user_version")),
        tx: capture(() => db.transaction(() => 1)()), open: db.open };`,
  },
  // ---- run / get / all / iterate ----------------------------------------------------------
  {
    name: "run: changes and lastInsertRowid",
    body: `
      const db = new Database(":memory:");
      const out = [];
      out.push(db.prepare("CREATE TABLE t(id INTEGER PRIMARY KEY, v)").run());
      const ins = db.prepare("INSERT INTO t(v) VALUES (?)");
      out.push(ins.run("a"), ins.run("b"), ins.run(null));
      out.push(db.prepare("INSERT INTO t(id, v) VALUES (100, 'x')").run());
      out.push(db.prepare("UPDATE t SET v = 'z' WHERE id < 3").run());
      out.push(db.prepare("SELECT * FROM t").run());
      out.push(db.prepare("DELETE FROM t WHERE id = 100").run());
      out.push(db.prepare("DELETE FROM t WHERE id = 999").run());
      out.push(db.prepare("INSERT INTO t(v) SELECT v FROM t").run());
      out.push(ins.safeIntegers().run("big"));
      out.push(db.prepare("CREATE TABLE u(x)").run());
      out.push(capture(() => db.prepare("INSERT INTO t(id) VALUES (1)").run()));
      db.close();
      return out;`,
  },
  {
    name: "get / all / iterate: rows, empty results, value types",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n)");
      db.exec("INSERT INTO t VALUES (1, 1.5, 'one', x'00ff', NULL), (-2, -0.0, '', x'', NULL), (9007199254740991, 1e300, 'ünï', x'41', 3)");
      const out = {};
      out.get = db.prepare("SELECT * FROM t").get();
      out.none = db.prepare("SELECT * FROM t WHERE 0").get();
      out.all = db.prepare("SELECT * FROM t").all();
      out.allNone = db.prepare("SELECT * FROM t WHERE 0").all();
      out.iter = Array.from(db.prepare("SELECT * FROM t").iterate());
      out.typeofs = db.prepare("SELECT typeof(i), typeof(r), typeof(s), typeof(b), typeof(n) FROM t").raw().all();
      out.exprs = db.prepare("SELECT 1 + 1, 5 / 2, 5.0 / 2, 'a' || 'b', x'0102', NULL, -9223372036854775808 AS m").get();
      out.dupNames = db.prepare("SELECT 1 AS a, 2 AS a, 3 AS b").get();
      out.dupKeys = Object.keys(db.prepare("SELECT 1 AS a, 2 AS b, 3 AS a").get());
      out.big = db.prepare("SELECT 9007199254740993 AS x, -9007199254740993 AS y").get();
      out.noData = capture(() => db.prepare("CREATE TABLE u(x)").get());
      out.noDataAll = capture(() => db.prepare("CREATE TABLE u(x)").all());
      out.noDataIter = capture(() => db.prepare("CREATE TABLE u(x)").iterate());
      out.runtimeErr = capture(() => db.prepare("SELECT abs(-9223372036854775808)").get());
      db.close();
      return out;`,
  },
  {
    name: "iterate: early exit releases the statement; busy rules while iterating",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2), (3)");
      const s = db.prepare("SELECT a FROM t");
      const seen = [];
      for (const row of s.iterate()) { seen.push(row.a); if (row.a === 2) break; }
      const afterBreak = { busy: s.busy, again: s.all() };
      const it = s.iterate();
      const first = it.next();
      const duringBusy = s.busy;
      const reenter = capture(() => s.get());
      const otherRead = capture(() => db.prepare("SELECT count(*) AS c FROM t").get());
      const write = capture(() => db.prepare("INSERT INTO t VALUES (9)").run());
      const exec = capture(() => db.exec("SELECT 1"));
      const close = capture(() => db.close());
      const pluck = capture(() => s.pluck());
      const safe = capture(() => s.safeIntegers());
      const bindIt = capture(() => s.bind());
      const pragma = capture(() => db.pragma("user_version"));
      const ret = it.return();
      const afterReturn = { next: it.next(), busy: s.busy };
      const full = [...s.iterate()].length;
      const iterSelf = (() => { const i = s.iterate(); const same = i[Symbol.iterator]() === i; i.return(); return same; })();
      db.close();
      return { seen, afterBreak, first, duringBusy, reenter, otherRead, write, exec, close, pluck, safe, bindIt, pragma, ret, afterReturn, full, iterSelf };`,
  },
  {
    name: "unsafeMode: writes allowed while iterating",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2)");
      const r1 = db.unsafeMode() === db;
      const out = [];
      for (const row of db.prepare("SELECT a FROM t WHERE a < 10").iterate()) {
        out.push(capture(() => db.prepare("INSERT INTO t VALUES (?)").run(row.a * 10)));
        if (out.length > 5) break;
      }
      db.unsafeMode(false);
      const it = db.prepare("SELECT a FROM t").iterate(); it.next();
      const refused = capture(() => db.prepare("INSERT INTO t VALUES (5)").run());
      it.return();
      const badArg = capture(() => db.unsafeMode(1));
      db.close();
      return { r1, out, refused, badArg };`,
  },
  // ---- parameters -------------------------------------------------------------------------
  {
    name: "parameters: positional, arrays, named prefixes, mixed",
    body: `
      const db = new Database(":memory:");
      const q = (sql, ...p) => capture(() => db.prepare(sql).raw().get(...p));
      const out = [
        q("SELECT ?, ?", 1, 2), q("SELECT ?, ?", [1, 2]), q("SELECT ?, ?", [1], 2), q("SELECT ?, ?, ?", [1, [2]], 3),
        q("SELECT :a, @b, $c", { a: 1, b: 2, c: 3 }), q("SELECT :a, :a", { a: 1 }),
        q("SELECT ?, :a, ?", 1, { a: 2 }, 3), q("SELECT ?, :a, ?", { a: 2 }, 1, 3), q("SELECT ?, :a, ?", [1, 3], { a: 2 }),
        q("SELECT :a", { a: 1, extra: 2 }), q("SELECT ?1, ?1", 5), q("SELECT ?2, ?1", 1, 2), q("SELECT ?3", { 3: 9 }),
        q("SELECT ?3", 1, 2, 3), q("SELECT ?2, ?", 1, 2, 3), q("SELECT :a", Object.assign(Object.create(null), { a: 7 })),
        q("SELECT ?", undefined), q("SELECT ?", null), q("SELECT typeof(?), typeof(?), typeof(?)", 1, 1.5, 1n),
        q("SELECT ?", Number.MAX_SAFE_INTEGER), q("SELECT ?", -0), q("SELECT ?, typeof(?)", NaN, NaN),
        q("SELECT ?", Infinity), q("SELECT ?", 2n ** 63n - 1n), q("SELECT ?", -(2n ** 63n)),
      ];
      db.close();
      return out;`,
  },
  {
    name: "parameters: every binding error",
    body: `
      const db = new Database(":memory:");
      const q = (sql, ...p) => capture(() => db.prepare(sql).get(...p));
      const out = [
        q("SELECT ?"), q("SELECT ?", 1, 2), q("SELECT ?", [1, 2]), q("SELECT 1", 1), q("SELECT 1", {}),
        q("SELECT :a"), q("SELECT :a", {}), q("SELECT :a", { b: 1 }), q("SELECT :a", 1), q("SELECT :a, ?", { a: 1 }),
        q("SELECT :a", { a: 1 }, { a: 2 }), q("SELECT :a, ?", new Date(), { a: 1 }), q("SELECT ?", new Date()),
        q("SELECT ?", true), q("SELECT ?", {}), q("SELECT ?", []), q("SELECT ?", Symbol("s")), q("SELECT ?", () => 1),
        q("SELECT ?", 2n ** 63n), q("SELECT ?", -(2n ** 63n) - 1n), q("SELECT ?", [true]),
        q("SELECT :a", { a: {} }), q("SELECT :a", { a: undefined }), q("SELECT ?3", 1), q("SELECT ?", new Map()),
      ];
      // After a failed bind the statement still works.
      const s = db.prepare("SELECT ? AS v");
      out.push(capture(() => s.get({})), capture(() => s.get(1)));
      db.close();
      return out;`,
  },
  {
    name: "parameters: typed arrays and buffers bind as blobs",
    body: `
      const db = new Database(":memory:");
      const s = db.prepare("SELECT ? AS v, typeof(?) AS t");
      const out = [];
      for (const v of [new Uint8Array([1, 2]), new Uint8Array(0), new Uint16Array([1, 258]), new Uint8Array([9, 8, 7]).subarray(1), new Int8Array([-1])]) {
        out.push(s.get(v, v));
      }
      db.close();
      return out;`,
  },
  {
    name: "bind(): permanent parameters",
    body: `
      const db = new Database(":memory:");
      const s = db.prepare("SELECT ? AS a, :b AS b");
      const r1 = s.bind(1, { b: 2 }) === s;
      const out = { r1, get: s.get(), all: s.all(), again: capture(() => s.bind(1, { b: 2 })),
        withArgs: capture(() => s.get(1, { b: 2 })), iter: [...s.iterate()] };
      const t = db.prepare("SELECT ? AS x");
      out.badBind = capture(() => t.bind());
      out.afterBad = capture(() => t.bind(5));
      out.afterBadGet = capture(() => t.get());
      const r = db.prepare("SELECT 1 AS one").bind();
      out.noParams = r.get();
      db.close();
      return out;`,
  },
  // ---- modes ------------------------------------------------------------------------------
  {
    name: "pluck / raw / expand toggles",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a, b); CREATE TABLE u(a, c); INSERT INTO t VALUES (1, 2); INSERT INTO u VALUES (3, 4)");
      const s = db.prepare("SELECT t.a, t.b, u.a, u.c, t.a + u.a AS sum FROM t, u");
      const out = {};
      out.flat = s.get();
      out.pluck = s.pluck().get();
      out.pluckAll = s.all();
      out.raw = s.raw().get();
      out.rawOffPluckNoop = s.pluck(false).get();
      out.expand = s.expand().get();
      out.expandAll = s.all();
      out.expandOff = s.expand(false).get();
      out.rawThenPluckOff = s.raw(true).raw(false).get();
      out.badToggle = capture(() => s.pluck("yes"));
      out.badToggle2 = capture(() => s.raw(null));
      const w = db.prepare("INSERT INTO t VALUES (1, 1)");
      out.writer = [capture(() => w.pluck()), capture(() => w.raw()), capture(() => w.expand()), capture(() => w.columns())];
      out.aliasExpand = db.prepare("SELECT x.a AS aa FROM t AS x").expand().get();
      db.close();
      return out;`,
  },
  {
    name: "safeIntegers and defaultSafeIntegers",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
      const s = db.prepare("SELECT 1 AS i, 1.5 AS r, 9223372036854775807 AS big, '5' AS t");
      const out = { off: s.get(), on: s.safeIntegers().get(), offAgain: s.safeIntegers(false).get() };
      out.ret = s.safeIntegers(true) === s;
      out.bad = capture(() => s.safeIntegers(1));
      out.defRet = db.defaultSafeIntegers() === db;
      out.newStmt = db.prepare("SELECT 2 AS i").get();
      out.oldStmt = s.get();
      out.runId = db.prepare("INSERT INTO t(v) VALUES (1)").run();
      db.defaultSafeIntegers(false);
      out.after = db.prepare("SELECT 3 AS i").get();
      out.badDef = capture(() => db.defaultSafeIntegers("x"));
      out.pluckSafe = db.prepare("SELECT 4").pluck().safeIntegers().get();
      out.rawSafe = db.prepare("SELECT 5, 6.0").raw().safeIntegers().get();
      db.close();
      return out;`,
  },
  {
    name: "columns(): name, column, table, database, type",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, n NUMERIC, x)");
      const out = [
        db.prepare("SELECT * FROM t").columns(),
        db.prepare("SELECT id AS k, name || 'x' AS e, 1, x FROM t").columns(),
        db.prepare("SELECT t2.name FROM t AS t2").columns(),
        db.prepare("SELECT rowid, _rowid_ FROM t").columns(),
        db.prepare("PRAGMA table_info(t)").columns().map((c) => c.name),
      ];
      db.close();
      return out;`,
  },
  {
    name: "RETURNING: reader statements that write",
    needs: ["returning"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
      const s = db.prepare("INSERT INTO t(name) VALUES (?) RETURNING id, name");
      const out = { reader: s.reader, readonly: s.readonly, columns: s.columns(), all: s.all("a"), run: s.run("b"),
        get: s.get("c"), rows: db.prepare("SELECT * FROM t").all() };
      db.close();
      return out;`,
  },
  {
    name: "RETURNING: column names and origins; the alias and schema names are not in scope",
    needs: ["returning"],
    body: `
      return [
        "DELETE FROM t AS x RETURNING t.name",
        "UPDATE t AS x SET v = 1 RETURNING t.v, x.v",
        "UPDATE t AS x SET v = 1 RETURNING v",
        "INSERT INTO t AS x VALUES (5, 5, 5) RETURNING x.v",
        "INSERT INTO t VALUES (6, 6, 6) RETURNING main.t.v",
        "INSERT INTO t VALUES (7, 7, 7) RETURNING main.t.rowid",
        "INSERT INTO u VALUES (1, 2) RETURNING rowid, _rowid_, b, U.b, *, a + 1 AS z",
        "DELETE FROM t AS x RETURNING name, x.id",
        "INSERT INTO t(name) VALUES (1) RETURNING rowid, oid, t.name, name AS nm, (name), name || 1, *, v",
        'INSERT INTO t VALUES (8, 8, 8) RETURNING "NAME", [v], T.ID, t.OID, name COLLATE nocase, +name, -v, CAST(v AS text), id AS "x"',
        "UPDATE t SET name = 'q' WHERE id = 1 RETURNING id, name, (SELECT count(*) FROM u) AS c",
      ].map((sql) => {
        const db = new Database(":memory:");
        db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v); INSERT INTO t VALUES (1, 2, 3); CREATE TABLE u(a, B varchar(10))");
        const r = capture(() => { const st = db.prepare(sql); return { columns: st.columns(), rows: st.all() }; });
        db.close();
        return [sql, r];
      });`,
  },
  {
    name: "errors: an unknown collation on a rowid comparison is never looked up",
    needs: ["lazyCollation"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a INTEGER PRIMARY KEY, u)");
      const q = (sql) => capture(() => db.prepare(sql).all());
      const out = [q("SELECT * FROM t WHERE a = 'x' COLLATE nope"), q("SELECT 1 COLLATE nope"), q("SELECT * FROM t WHERE u = 1 COLLATE nope")];
      db.close();
      return out;`,
  },
  {
    name: "errors: SqliteError carries only its code as an own enumerable property",
    needs: ["errorShape"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a UNIQUE NOT NULL)");
      db.exec("INSERT INTO t VALUES (1)");
      const keys = (sql) => { try { db.exec(sql); return null; } catch (e) { return Object.keys(e); } };
      const out = [keys("INSERT INTO t VALUES (1)"), keys("INSERT INTO t VALUES (NULL)"), keys("SELECT * FROM nope")];
      db.close();
      return out;`,
  },
  {
    name: "function: arguments, results, arity, safeIntegers",
    needs: ["udf"],
    body: `
      const db = new Database(":memory:");
      const r1 = db.function("add2", (a, b) => a + b) === db;
      db.function("echo", { varargs: true }, (...a) => a.length === 1 ? a[0] : a.length);
      db.function("kind", (a) => typeof a);
      db.function("safeKind", { safeIntegers: true }, (a) => typeof a);
      db.function("ret", (k) => ({ n: 1.5, i: 2, s: "s", b: new Uint8Array([1, 2]), nul: null, u: undefined, big: 5n, huge: 2n ** 64n, obj: {}, bool: true, nan: NaN, arr: [1] })[k]);
      const q = (sql, ...p) => capture(() => db.prepare(sql).raw().get(...p));
      const out = [
        r1, q("SELECT add2(1, 2), typeof(add2(1, 2))"), q("SELECT add2('a', 'b')"), q("SELECT add2(1)"), q("SELECT ADD2(1, 2)"),
        q("SELECT echo(), echo(1), echo(1, 2, 3), echo(x'00'), echo(NULL)"),
        q("SELECT kind(1), kind(1.5), kind('x'), kind(x'00'), kind(NULL), kind(9223372036854775807)"),
        q("SELECT safeKind(1), safeKind(1.5), safeKind(9223372036854775807)"),
        ...["n", "i", "s", "b", "nul", "u", "big"].map((k) => q("SELECT ret(?), typeof(ret(?))", k, k)),
        ...["huge", "obj", "bool", "arr"].map((k) => q("SELECT ret(?)", k)),
        q("SELECT ret('nan'), typeof(ret('nan'))"),
        q("SELECT nope(1)"),
      ];
      db.close();
      return out;`,
  },
  {
    name: "function: thrown errors propagate, re-entry is refused, replacing works",
    needs: ["udf"],
    body: `
      const db = new Database(":memory:");
      db.function("boom", () => { throw new RangeError("boom!"); });
      db.function("reenter", () => db.prepare("SELECT 1").pluck().get());
      db.function("f", () => 1);
      const a = capture(() => db.prepare("SELECT boom()").get());
      const b = capture(() => db.prepare("SELECT reenter()").get());
      const c = db.prepare("SELECT f()").pluck().get();
      db.function("f", () => 2);
      const d = db.prepare("SELECT f()").pluck().get();
      db.function("f", (x) => x * 10);
      const e = db.prepare("SELECT f(), f(3)").raw().get();
      db.exec("CREATE TABLE t(a)");
      db.exec("INSERT INTO t VALUES (1), (2), (3)");
      const inWhere = db.prepare("SELECT a FROM t WHERE f(a) > 15").pluck().all();
      const stillOk = db.prepare("SELECT 1").pluck().get();
      db.close();
      return { a, b, c, d, e, inWhere, stillOk };`,
  },
  {
    name: "aggregate: start, step, result, groups, errors",
    needs: ["udf"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(g, v); INSERT INTO t VALUES (1, 1), (1, 2), (2, 10), (2, NULL), (3, 5)");
      const r = db.aggregate("addAll", { start: 0, step: (acc, v) => acc + (v ?? 0) }) === db;
      db.aggregate("collect", { start: () => [], step: (acc, v) => { acc.push(v); }, result: (acc) => acc.join("|") });
      db.aggregate("cnt", { start: 0, step: (acc) => acc + 1 });
      db.aggregate("bad", { start: 0, step: () => ({}) });
      db.aggregate("throws", { step: () => { throw new TypeError("agg"); } });
      db.aggregate("many", { varargs: true, start: 0, step: (acc, ...xs) => acc + xs.length });
      const q = (sql) => capture(() => db.prepare(sql).raw().all());
      return { r,
        a: q("SELECT g, addAll(v), collect(v), cnt() FROM t GROUP BY g ORDER BY g"),
        empty: q("SELECT addAll(v), collect(v), cnt() FROM t WHERE 0"),
        whole: q("SELECT addAll(v), typeof(addAll(v)) FROM t"),
        bad: q("SELECT bad(v) FROM t"), throws: q("SELECT throws(v) FROM t"),
        many: q("SELECT many(v, v, v), many() FROM t"), arity: q("SELECT addAll(v, v) FROM t"),
      };`,
  },
  {
    name: "aggregate: window functions with inverse",
    needs: ["udf", "window"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3), (4), (5)");
      db.aggregate("wsum", { start: 0, step: (a, x) => a + x, inverse: (a, x) => a - x });
      db.aggregate("nowin", { start: 0, step: (a, x) => a + x });
      const a = capture(() => db.prepare("SELECT x, wsum(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s FROM t").raw().all());
      const b = capture(() => db.prepare("SELECT x, nowin(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t").raw().all());
      db.close();
      return { a, b };`,
  },
  {
    name: "aggregate: window functions — frames, partitions, FILTER, EXCLUDE, result(), errors",
    needs: ["udf", "window"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(g, x); INSERT INTO t VALUES ('a', 1), ('b', 2), ('a', 3), ('b', 4), ('a', 5), ('b', NULL), ('a', 7)");
      const calls = [];
      db.aggregate("wlist", {
        start: () => [], step: (a, x) => { calls.push("s" + x); a.push(x); return a; },
        inverse: (a, x) => { calls.push("i" + x); a.shift(); return a; },
        result: (a) => a.join("|"),
      });
      db.aggregate("wavg", {
        start: () => ({ n: 0, s: 0 }), step: (a, x) => { if (x !== null) { a.n++; a.s += x; } },
        inverse: (a, x) => { if (x !== null) { a.n--; a.s -= x; } }, result: (a) => (a.n ? a.s / a.n : null),
      });
      db.aggregate("wcount", { start: 0, step: (a) => a + 1, inverse: (a) => a - 1, varargs: true });
      db.aggregate("wbad", { start: 0, step: (a, x) => a + x, inverse: () => { throw new Error("inverse failed"); } });
      const q = (sql) => capture(() => db.prepare(sql).raw().all());
      const r = {
        running: q("SELECT x, wlist(x) OVER (ORDER BY x) FROM t"),
        sliding: q("SELECT x, wlist(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t"),
        parts: q("SELECT g, x, wavg(x) OVER (PARTITION BY g ORDER BY x ROWS 1 PRECEDING) FROM t ORDER BY g, x"),
        range: q("SELECT x, wcount(x, g) OVER (ORDER BY x RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING) FROM t"),
        filter: q("SELECT x, wlist(x) FILTER (WHERE g = 'a') OVER (ORDER BY x ROWS 2 PRECEDING) FROM t"),
        exclude: q("SELECT x, wlist(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM t"),
        whole: q("SELECT x, wavg(x) OVER (), wcount() OVER (PARTITION BY g) FROM t"),
        bad: q("SELECT x, wbad(x) OVER (ORDER BY x ROWS 1 PRECEDING) FROM t"),
        plain: q("SELECT wlist(x), wavg(x) FROM t"),
        named: q("SELECT x, wavg(x) OVER w FROM t WINDOW w AS (ORDER BY x DESC ROWS 2 PRECEDING)"),
      };
      db.close();
      return { r, calls: calls.join(",") };`,
  },
  {
    name: "window functions: statement metadata, pluck/raw/iterate, parameters in frames",
    needs: ["window"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL); INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', 2.5), (3, 'a', 4), (4, 'c', NULL)");
      const st = db.prepare("SELECT name, score, rank() OVER (ORDER BY score DESC) AS r, sum(score) OVER w AS s FROM t WINDOW w AS (PARTITION BY name) ORDER BY id");
      const bound = db.prepare("SELECT id, sum(score) OVER (ORDER BY id ROWS BETWEEN ? PRECEDING AND ? FOLLOWING) FROM t");
      const r = {
        columns: st.columns(), reader: st.reader, all: st.all(), raw: st.raw().all(), pluck: st.pluck().all(),
        iter: [...db.prepare("SELECT id, row_number() OVER (ORDER BY id DESC) FROM t").raw().iterate()],
        bound: capture(() => bound.raw().all(1, 0)), badBound: capture(() => bound.raw().all(-1, 0)),
        named: capture(() => db.prepare("SELECT id, lag(id, :k) OVER (ORDER BY id) FROM t").raw().all({ k: 2 })),
        misuse: capture(() => db.prepare("SELECT id FROM t WHERE row_number() OVER () > 1")),
        explain: db.prepare("EXPLAIN QUERY PLAN SELECT name, rank() OVER (ORDER BY score) FROM t").all().map((x) => x.detail),
      };
      db.close();
      return r;`,
  },
  {
    name: "files: create, reopen, readonly, fileMustExist, missing directory",
    needs: ["files"],
    body: `
      const f = args.dir + "/a.db";
      const db = new Database(f);
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2)");
      const props = { memory: db.memory, readonly: db.readonly, nameOk: db.name === f };
      db.close();
      const ro = new Database(f, { readonly: true });
      const roProps = { readonly: ro.readonly, rows: ro.prepare("SELECT a FROM t").pluck().all(),
        write: capture(() => ro.exec("INSERT INTO t VALUES (3)")), stmtRo: ro.prepare("SELECT 1").readonly };
      ro.close();
      const must = capture(() => { new Database(args.dir + "/missing.db", { fileMustExist: true }); return "opened"; });
      const mustRo = capture(() => { new Database(args.dir + "/missing2.db", { readonly: true }); return "opened"; });
      const noDir = capture(() => { new Database(args.dir + "/no/such/dir.db"); return "opened"; });
      const again = new Database(f, { fileMustExist: true });
      const n = again.prepare("SELECT count(*) FROM t").pluck().get();
      again.close();
      return { props, roProps, must, mustRo, noDir, n };`,
  },
  {
    name: "serialize: image round trip through new Database(buffer)",
    needs: ["serialize"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a, b); CREATE INDEX i ON t(b)");
      const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
      for (let i = 0; i < 300; i++) ins.run(i, "x".repeat(i % 50));
      const img = db.serialize();
      const pages = db.pragma("page_count", { simple: true }) * db.pragma("page_size", { simple: true });
      const copy = new Database(img);
      const out = { isBytes: img instanceof Uint8Array, sizeOk: img.length === pages, header: Array.from(img.subarray(0, 16)),
        name: copy.name, memory: copy.memory, readonly: copy.readonly,
        rows: copy.prepare("SELECT count(*), sum(a), max(length(b)) FROM t").raw().get(),
        integrity: copy.pragma("integrity_check", { simple: true }) };
      copy.exec("INSERT INTO t VALUES (-1, 'new')");
      out.copyCount = copy.prepare("SELECT count(*) FROM t").pluck().get();
      out.origCount = db.prepare("SELECT count(*) FROM t").pluck().get();
      const ro = new Database(img, { readonly: true });
      out.roWrite = capture(() => ro.exec("INSERT INTO t VALUES (1, 1)"));
      out.roRead = ro.prepare("SELECT count(*) FROM t").pluck().get();
      ro.close(); copy.close(); db.close();
      out.notDb = capture(() => new Database(args.zeros).prepare("SELECT * FROM sqlite_schema").all());
      return out;`,
  },
  {
    name: "backup: copy to a file, progress, reopen",
    needs: ["files", "serialize"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES ('one'), ('two')");
      db.exec("CREATE TABLE big(x)");
      const ins = db.prepare("INSERT INTO big VALUES (?)");
      db.transaction(() => { for (let i = 0; i < 2000; i++) ins.run("row " + i + " " + "y".repeat(100)); })();
      const calls = [];
      const res = await db.backup(args.dir + "/b.db", { progress: (p) => { calls.push(p); return 50; } });
      const copy = new Database(args.dir + "/b.db");
      const pages = db.pragma("page_count", { simple: true });
      const out = { remaining: res.remainingPages, total: res.totalPages === pages, calls: calls.length === Math.ceil((pages - 100) / 50) + 1,
        first: calls[0].remainingPages === pages && calls[0].totalPages === pages,
        rows: copy.prepare("SELECT a FROM t").pluck().all(), n: copy.prepare("SELECT count(*) FROM big").pluck().get() };
      copy.close();
      out.badProgress = await db.backup(args.dir + "/c.db", { progress: () => "x" }).then(() => "ok", (e) => [e.constructor.name, e.message]);
      out.noDir = await db.backup(args.dir + "/nope/x.db").then(() => "ok", (e) => [e.constructor.name, e.message]);
      db.close();
      return out;`,
  },
  {
    name: "edge cases: errors mid-iteration, reuse after errors, concurrent iterators",
    needs: ["stepwise"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (-9223372036854775808), (3)");
      const s = db.prepare("SELECT abs(x) AS a FROM t");
      const it = s.iterate();
      const first = it.next();
      const boom = capture(() => it.next());
      const after = { busy: s.busy, next: it.next(), again: capture(() => s.all()) };
      const g = db.prepare("SELECT x FROM t WHERE x > ?");
      const bad = capture(() => g.get("a", "b"));
      const good = g.all(0);
      const a = db.prepare("SELECT x FROM t ORDER BY rowid");
      const b = db.prepare("SELECT x * 10 AS y FROM t ORDER BY rowid DESC");
      const pairs = [];
      const ia = a.iterate(), ib = b.iterate();
      for (;;) { const ra = ia.next(), rb = ib.next(); if (ra.done || rb.done) { ia.return(); ib.return(); break; } pairs.push([ra.value.x, rb.value.y]); }
      const execErr = capture(() => db.exec("INSERT INTO t VALUES (4); SELECT abs(-9223372036854775808); INSERT INTO t VALUES (5)"));
      const rows = db.prepare("SELECT x FROM t").pluck().all();
      db.close();
      return { first, boom, after, bad, good, pairs, execErr, rows, closedIter: capture(() => a.iterate()) };`,
  },
  {
    name: "edge cases: names, unicode, NUL, big integers, duplicate named parameters",
    needs: ["stepwise"],
    body: `
      const db = new Database(":memory:");
      const out = {};
      out.unicode = db.prepare('SELECT ? AS "ünï 🎉", ? AS "a""b"').get("日本語 🎉", "x\\u0000y");
      out.nulLen = db.prepare("SELECT length(?) AS n, hex(?) AS h").get("a\\u0000b", "a\\u0000b");
      out.dupNamed = db.prepare("SELECT :a AS x, $a AS y, @a AS z").get({ a: 5 });
      out.bigBind = db.prepare("SELECT ? AS v, typeof(?) AS t").safeIntegers().get(2n ** 53n + 1n, 2n ** 53n + 1n);
      out.bigLossy = db.prepare("SELECT ? AS v").get(2n ** 53n + 1n);
      db.exec("CREATE TABLE big(id INTEGER PRIMARY KEY, v)");
      out.bigRowid = db.prepare("INSERT INTO big VALUES (9007199254740993, 1)").run();
      out.bigRowidSafe = db.prepare("INSERT INTO big VALUES (9007199254740995, 1)").safeIntegers().run();
      out.emptyStr = db.prepare("SELECT '' AS e, x'' AS b, typeof(x'') AS t").get();
      out.floats = db.prepare("SELECT 0.1 + 0.2 AS a, 1e308 * 10 AS inf, -1e308 * 10 AS ninf, 1.0 AS one").get();
      out.trailing = db.prepare("SELECT 1 AS one; -- trailing\\n").source;
      out.viewCols = (db.exec("CREATE TABLE p(a INTEGER, b TEXT); CREATE VIEW pv AS SELECT a AS aa, b || 'x' AS bx FROM p"),
        db.prepare("SELECT * FROM pv").columns());
      out.subqCols = db.prepare("SELECT s.a FROM (SELECT a FROM p) AS s").columns();
      out.expandSame = db.prepare("SELECT p.a, p.b, 1 AS c, p.a AS again FROM p").expand().all();
      db.exec("INSERT INTO p VALUES (1, 'q')");
      out.expandRow = db.prepare("SELECT p.a, p.b, 1 AS c, p.a AS again FROM p").expand().get();
      db.close();
      return out;`,
  },
  {
    name: "schema change: a prepared SELECT * sees the new columns",
    needs: ["stepwise"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 2)");
      const s = db.prepare("SELECT * FROM t");
      const before = { get: s.get(), cols: s.columns().map((c) => c.name) };
      db.exec("DROP TABLE t; CREATE TABLE t(x, y, z); INSERT INTO t VALUES (7, 8, 9)");
      const after = capture(() => ({ get: s.get(), all: s.all(), raw: s.raw().get(), cols: s.columns().map((c) => c.name) }));
      db.exec("DROP TABLE t; CREATE TABLE t(q); INSERT INTO t VALUES ('q')");
      const again = capture(() => s.raw(false).get());
      db.close();
      return { before, after, again };`,
  },
  {
    name: "files: two connections, a writer's lock makes the other fail with SQLITE_BUSY",
    needs: ["files"],
    body: `
      const f = args.dir + "/lock.db";
      const a = new Database(f, { timeout: 0 });
      const b = new Database(f, { timeout: 0 });
      a.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
      a.exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2)");
      const out = {
        readWhileWriting: capture(() => b.prepare("SELECT count(*) FROM t").pluck().get()),
        writeWhileWriting: capture(() => b.exec("INSERT INTO t VALUES (3)")),
        beginImmediate: capture(() => b.exec("BEGIN IMMEDIATE")),
        bInTx: b.inTransaction,
      };
      a.exec("COMMIT");
      out.after = capture(() => b.exec("INSERT INTO t VALUES (4)"));
      out.rows = a.prepare("SELECT x FROM t ORDER BY x").pluck().all();
      a.close(); b.close();
      return out;`,
  },
  {
    name: "files: the timeout option waits that long for a lock before SQLITE_BUSY",
    needs: ["files"],
    body: `
      const f = args.dir + "/timeout.db";
      const a = new Database(f);
      a.exec("CREATE TABLE t(x)");
      a.exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)");
      const waited = (ms) => {
        const b = new Database(f, { timeout: ms });
        const t0 = Date.now();
        const r = capture(() => b.exec("INSERT INTO t VALUES (2)"));
        const elapsed = Date.now() - t0;
        b.close();
        // bucketed so both engines give the same JSON: no wait, or at least most of the timeout
        return { r, waitedAtLeast: elapsed >= ms * 0.8, waitedLessThan: elapsed < ms + 1000 };
      };
      const out = { t0: waited(0), t300: waited(300) };
      a.exec("COMMIT");
      a.close();
      return out;`,
  },
  {
    name: "build features of better-sqlite3's SQLite: dbstat, pragma functions",
    needs: ["buildFeatures"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2), (3)");
      const q = (sql) => capture(() => db.prepare(sql).raw().all());
      const out = {
        dbstat: q("SELECT count(*) > 0 FROM dbstat"),
        pragmaFn: q("SELECT name FROM pragma_table_info('t')"),
        compileOptions: q("SELECT count(*) > 5 FROM pragma_compile_options"),
      };
      db.close();
      return out;`,
  },
  {
    name: "dialect: UPDATE/DELETE … ORDER BY … LIMIT … OFFSET (SQLITE_ENABLE_UPDATE_DELETE_LIMIT)",
    needs: ["updateDeleteLimit"],
    body: `
      const run = (sql, ...p) => {
        const db = new Database(":memory:");
        db.exec("CREATE TABLE t(a, b); INSERT INTO t VALUES (1,'x'),(2,'y'),(3,'z'),(4,'w'),(5,'v');" +
          "CREATE VIEW v AS SELECT * FROM t; CREATE TABLE log(x);" +
          "CREATE TRIGGER tr AFTER DELETE ON t BEGIN INSERT INTO log VALUES (old.a); END");
        const r = capture(() => { const st = db.prepare(sql); return st.reader ? st.all(...p) : st.run(...p); });
        const out = { r, rows: db.prepare("SELECT * FROM t").raw().all(), log: db.prepare("SELECT x FROM log").pluck().all() };
        db.close();
        return out;
      };
      return [
        "UPDATE t SET b = 'q' ORDER BY a DESC LIMIT 2 OFFSET 1",
        "UPDATE t SET a = a + 100 WHERE a > 1 ORDER BY b LIMIT 2",
        "UPDATE OR IGNORE t SET a = 5 WHERE a < 3 LIMIT 1",
        "UPDATE t SET a = -a LIMIT -1",
        "UPDATE t SET a = 10 FROM (SELECT 1 AS z) ORDER BY b LIMIT 2",
        "UPDATE t SET a = 9 RETURNING a ORDER BY a LIMIT 1",
        "DELETE FROM t LIMIT 1 OFFSET 1",
        "DELETE FROM t LIMIT 1, 2",
        "DELETE FROM t LIMIT -1",
        "DELETE FROM t ORDER BY b LIMIT 0",
        "DELETE FROM t AS x ORDER BY x.b LIMIT 2",
        "DELETE FROM t ORDER BY 1 DESC LIMIT 1",
        "DELETE FROM t WHERE a > 1 ORDER BY a DESC LIMIT 1 OFFSET 1",
        "DELETE FROM t ORDER BY a LIMIT (SELECT 2)",
        "DELETE FROM t RETURNING a ORDER BY a DESC LIMIT 2",
        // errors: an ORDER BY needs a LIMIT (checked before the SET columns), LIMIT must be an integer
        "UPDATE t SET a = a ORDER BY a",
        "UPDATE t SET nope = 1 ORDER BY a",
        "UPDATE t SET a = 1 FROM (SELECT 1) ORDER BY a",
        "DELETE FROM t ORDER BY a",
        "DELETE FROM v ORDER BY a",
        "DELETE FROM nope ORDER BY a",
        "DELETE FROM t LIMIT 'x'",
        "UPDATE t SET a = 1 LIMIT 1.5",
        "DELETE FROM t ORDER BY nope LIMIT 1",
        "DELETE FROM t INDEXED BY nope ORDER BY a LIMIT 1",
        "DELETE FROM t WHERE a > 1 ORDER BY b LIMIT 1 RETURNING *",
        "CREATE TRIGGER t2 AFTER INSERT ON t BEGIN DELETE FROM t LIMIT 1; END",
      ].map((sql) => [sql, run(sql)]).concat([
        ["bound LIMIT/OFFSET", run("DELETE FROM t ORDER BY a DESC LIMIT ? OFFSET ?", 2, 1)],
        // better-sqlite3's build omits TCL-style variables
        ["tcl variable", run("SELECT $a::b")],
        ["tcl call", run("SELECT $a(1)")],
      ]);`,
  },
  {
    name:
      "prepare: the same SQL text again and again (schema changes, redefined functions, interleaving)",
    needs: ["udf"],
    body: `
      const db = new Database(":memory:");
      const out = {};
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2), (3)");
      const q = "SELECT * FROM t ORDER BY a";
      out.first = db.prepare(q).all();
      for (let i = 0; i < 3; i++) db.prepare("INSERT INTO t VALUES (?)").run(10 + i);
      out.loop = db.prepare(q).raw().all();
      db.exec("ALTER TABLE t ADD COLUMN b DEFAULT 'x'");
      out.afterAlter = db.prepare(q).all();
      db.exec("DROP TABLE t");
      out.afterDrop = capture(() => db.prepare(q));
      db.exec("CREATE TABLE t(z TEXT)");
      out.recreated = [capture(() => db.prepare(q).all()), db.prepare("SELECT * FROM t").all()];
      db.function("f", () => 1);
      out.f1 = db.prepare("SELECT f() AS v").get();
      db.function("f", () => 2);
      out.f2 = db.prepare("SELECT f() AS v").get();
      db.function("f", { varargs: true }, (...a) => a.length);
      out.f3 = capture(() => db.prepare("SELECT f(1, 2) AS v").get());
      // two statements of one text at once: an open iterator and a second run
      db.exec("DELETE FROM t; INSERT INTO t VALUES ('p'), ('q')");
      const s1 = db.prepare("SELECT z FROM t ORDER BY z");
      const it = s1.iterate();
      const firstRow = it.next().value;
      const s2 = db.prepare("SELECT z FROM t ORDER BY z");
      out.interleaved = { firstRow, other: s2.all(), rest: [...it] };
      // a bound statement keeps its values while another statement of the same text runs
      const b1 = db.prepare("SELECT ? AS v").bind(7);
      out.bound = [db.prepare("SELECT ? AS v").get(8), b1.get(), db.prepare("SELECT ? AS v").get(9), b1.get()];
      db.close();
      return out;`,
  },
  {
    name: "prepare: the same SQL text with foreign_keys toggled between prepares",
    needs: ["fk"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(pid REFERENCES p(id))");
      const ins = (v) => capture(() => db.prepare("INSERT INTO c VALUES (?)").run(v));
      const out = { on1: ins(1) };
      db.pragma("foreign_keys = OFF");
      out.off = ins(2);
      db.pragma("foreign_keys = ON");
      out.on2 = ins(3);
      out.rows = db.prepare("SELECT pid FROM c").pluck().all();
      db.close();
      return out;`,
  },
  {
    name:
      "function/aggregate: directOnly — refused in views, triggers, CHECK, DEFAULT, indexes (at prepare)",
    needs: ["udf"],
    body: `
      const db = new Database(":memory:");
      db.function("d", { directOnly: true }, (x) => x);
      db.function("n", (x) => x);
      db.aggregate("da", { directOnly: true, start: 0, step: (a, x) => a + x });
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      return [
        "SELECT d(1), n(2)", "SELECT * FROM (SELECT d(1))", "WITH w AS (SELECT d(1)) SELECT * FROM w",
        "CREATE VIEW v AS SELECT upper('a') AS u, D(1) AS x", "SELECT u FROM v", "SELECT (SELECT count(*) FROM v)",
        "CREATE VIEW vn AS SELECT n(1) AS x", "SELECT * FROM vn",
        "CREATE TEMP VIEW tv AS SELECT d(1) AS x", "SELECT * FROM tv",
        "CREATE TABLE c(a CHECK (d(a) > 0))", "CREATE TABLE c2(a CHECK (n(a) > 0))", "INSERT INTO c2 VALUES (1)",
        "CREATE TABLE df(a DEFAULT (d(1)))", "INSERT INTO df DEFAULT VALUES", "INSERT INTO df VALUES (2)",
        "CREATE TABLE ix(a)", "CREATE INDEX ixe ON ix(d(a))", "CREATE INDEX ixp ON ix(a) WHERE d(a) > 0",
        "INSERT INTO ix VALUES (1)",
        "CREATE TABLE tr(a)", "CREATE TRIGGER trg AFTER INSERT ON tr BEGIN SELECT d(new.a); END",
        "INSERT INTO tr VALUES (1)", "DROP TRIGGER trg",
        "CREATE TRIGGER trw AFTER INSERT ON tr WHEN d(new.a) BEGIN SELECT 1; END", "INSERT INTO tr VALUES (2)",
        "DROP TRIGGER trw", "INSERT INTO tr VALUES (3)", "SELECT * FROM tr",
        "CREATE TABLE ag(a)", "CREATE VIEW va AS SELECT da(a) AS s FROM ag", "SELECT * FROM va", "SELECT da(a) FROM ag",
      ].map((s) => [s, r(s)]);`,
  },
  {
    name: "CREATE TABLE / CREATE INDEX: CHECK, index expressions and WHERE resolved at CREATE",
    needs: ["udf"],
    body: `
      const db = new Database(":memory:");
      db.function("d", { directOnly: true }, (x) => x);
      db.function("dd", { directOnly: true, deterministic: true }, (x) => x);
      db.function("n", (x) => x);
      db.function("nd", { deterministic: true }, (x) => x);
      db.aggregate("da", { directOnly: true, start: 0, step: (a, x) => a + x });
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      return [
        "CREATE TABLE c1(a CHECK (nosuch(a) > 0))", "CREATE TABLE c2(a CHECK (zz > 0))", "CREATE TABLE c3(a CHECK (zz > nosuch(1)))",
        "CREATE TABLE c4(a CHECK (c4.a > 0), b CHECK (x.b > 0))", "CREATE TABLE c5(a CHECK (rowid > 0))",
        "CREATE TABLE c6(a CHECK ((SELECT 1)))", "CREATE TABLE c7(a CHECK (coalesce(a, 1)), b CHECK (max(a, b)), c CHECK (likelihood(a, 0.5)))",
        "CREATE TABLE c8(a CHECK (max(a)))", "CREATE TABLE c9(a CHECK (?))", "CREATE TABLE c10(a, CHECK (a > nosuch()), CHECK (b > 0))",
        "CREATE TABLE c11(a CHECK (random() > 0), b CHECK (changes()))", "CREATE TABLE c12(a CHECK (da(a)))",
        "CREATE TABLE c13(a PRIMARY KEY, b CHECK (rowid > 0)) WITHOUT ROWID", "CREATE TABLE c14(a CHECK (d(n(zz))))",
        "CREATE TABLE c15(a CHECK (n(zz) + d(a)))", "CREATE TABLE c16(a CHECK (zz + d(a)))", "CREATE TABLE c17(a CHECK (d(a) + zz))",
        "CREATE TABLE c18(a CHECK (a IN (1, ?)))", "CREATE TABLE c19(a CHECK (EXISTS (SELECT nosuch())))",
        "CREATE TABLE c20(a CHECK (CAST(d(a) AS int)), b CHECK (nosuch()))", "CREATE TABLE c21(a CHECK (main.c21.a > 0))",
        'CREATE TABLE c22(a CHECK ("a" > 0), b CHECK ("zz" > 0))', "CREATE TABLE c23(a CHECK (C23.A > 0))",
        "CREATE TABLE c24(a CHECK (a COLLATE nosuchcoll > 0))", "CREATE TABLE IF NOT EXISTS c23(a CHECK (nosuch()))",
        "CREATE TABLE c25(a CHECK (d(a) > 0 AND -zz))", "CREATE TABLE c26(a CHECK (upper(d(a), 1)))",
        'CREATE TABLE c27(a CHECK (true), b CHECK (TRUE + "false"))', "CREATE TABLE c28(a CHECK (dd(a) + d(a)))",
        "CREATE TABLE ix(a, b)", "CREATE INDEX i1 ON ix(random())", "CREATE INDEX i2 ON ix(a + zz)",
        "CREATE INDEX i3 ON ix(a) WHERE zz > 0", "CREATE INDEX i4 ON ix(a) WHERE count(a) > 0",
        "CREATE INDEX i5 ON ix(abs(a), nosuch(b))", "CREATE INDEX i6 ON ix(a COLLATE nocase, upper(b))",
        "CREATE INDEX i7 ON nosuchtable(nosuch(a))", "CREATE INDEX i8 ON ix(a) WHERE a IN (SELECT 1)",
        "CREATE INDEX i9 ON ix(a) WHERE d(a)", "CREATE INDEX i10 ON ix(date('now'))", "CREATE INDEX i11 ON ix(n(a))",
        "CREATE INDEX i12 ON ix(a) WHERE n(a)", "CREATE INDEX i13 ON ix(nd(a))", "CREATE INDEX i14 ON ix(dd(a))",
        "CREATE INDEX i15 ON ix(abs(a, 1))", 'CREATE INDEX i16 ON ix("a", "zz")', "CREATE INDEX i17 ON ix('a')",
        "CREATE INDEX i6 ON ix(nosuch(a))", "CREATE INDEX IF NOT EXISTS i6 ON ix(nosuch(a))",
      ].map((s) => [s, r(s)]);`,
  },
  {
    name: "PRAGMA trusted_schema: off, no user function may be called from the schema",
    needs: ["udf"],
    body: `
      const db = new Database(":memory:");
      db.function("n", (x) => x);
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      return [
        "PRAGMA trusted_schema", "CREATE VIEW v AS SELECT n(1) AS x, abs(-2) AS y", "CREATE VIEW v2 AS SELECT abs(-2) AS y",
        "CREATE TABLE t(a DEFAULT (n(3)), b CHECK (n(b) > 0))", "INSERT INTO t(b) VALUES (1)",
        "CREATE TABLE t3(a)", "CREATE TRIGGER tr AFTER INSERT ON t3 BEGIN SELECT n(1); END",
        "PRAGMA trusted_schema = 0", "PRAGMA trusted_schema", "SELECT * FROM v", "SELECT * FROM v2", "SELECT n(5)",
        "INSERT INTO t(b) VALUES (1)", "INSERT INTO t VALUES (1, 2)", "CREATE TABLE t2(a CHECK (n(a)))",
        "CREATE INDEX i ON t(n(a))", "INSERT INTO t3 VALUES (1)", "PRAGMA trusted_schema = ON", "SELECT * FROM v",
        "INSERT INTO t3 VALUES (2)", "PRAGMA trusted_schema = off", "BEGIN", "PRAGMA trusted_schema = 1",
        "SELECT * FROM v", "COMMIT", "SELECT count(*) FROM t3",
      ].map((s) => [s, r(s)]);`,
  },
  {
    name:
      "views: result-column names come from the view's own SQL (aggregate, compound, nested views)",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE ag(a, b); INSERT INTO ag VALUES (1, 'x'), (2, 'y'), (2, 'z')");
      const views = [
        "SELECT sum(a), upper('x'), a+1 FROM ag", "SELECT count(*), 5 FROM ag", "SELECT max(a) FROM ag GROUP BY b",
        "SELECT a, count(*) FROM ag GROUP BY a HAVING count(*) > 0", "SELECT a + 1 FROM ag UNION SELECT length(b) FROM ag",
        "SELECT DISTINCT a * 2 FROM ag", "SELECT total(a) , group_concat(b) FROM ag LIMIT 1",
      ];
      const out = [];
      views.forEach((v, i) => {
        db.exec("CREATE VIEW v" + i + " AS " + v);
        const st = db.prepare("SELECT * FROM v" + i + " ORDER BY 1");
        out.push([v, st.columns().map((c) => c.name), st.raw().all()]);
      });
      db.exec("CREATE VIEW w AS SELECT * FROM v0, v1");
      const st = db.prepare("SELECT * FROM w WHERE 1 = 1 AND 2 = 2 AND 'some longer outer statement text' IS NOT NULL");
      out.push([st.columns().map((c) => c.name), st.raw().all()]);
      db.close();
      return out;`,
  },
  // ---- transactions -----------------------------------------------------------------------
  {
    name: "transaction: commit, rollback on throw, nesting, return value, this/args",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a)");
      const ins = db.prepare("INSERT INTO t VALUES (?)");
      const count = () => db.prepare("SELECT count(*) FROM t").pluck().get();
      const out = {};
      const many = db.transaction(function (xs, extra) { out.inside = db.inTransaction; for (const x of xs) ins.run(x); return { n: xs.length, extra, self: this === undefined ? "undef" : typeof this }; });
      out.ret = many([1, 2, 3], "e");
      out.c1 = count();
      out.after = db.inTransaction;
      const bad = db.transaction(() => { ins.run(4); throw new RangeError("stop"); });
      out.badErr = capture(() => bad());
      out.c2 = count();
      const inner = db.transaction((x) => { ins.run(x); if (x < 0) throw new Error("neg"); });
      const outer = db.transaction(() => { inner(10); out.innerErr = capture(() => inner(-1)); inner(11); });
      outer();
      out.rows = db.prepare("SELECT a FROM t").pluck().all();
      out.props = ["default", "deferred", "immediate", "exclusive", "database"].map((k) => typeof many[k]);
      out.dbSame = many.database === db;
      out.variantSame = many.immediate.deferred === many.deferred;
      out.keys = Object.keys(many);
      out.imm = capture(() => many.immediate([5]));
      out.exc = capture(() => many.exclusive([6]));
      out.def = capture(() => many.deferred([7]));
      out.promise = capture(() => db.transaction(async () => 1)());
      out.promiseRolledBack = db.inTransaction;
      out.notFn = capture(() => db.transaction(5));
      out.manual = capture(() => { db.exec("BEGIN"); many([8]); const inTx = db.inTransaction; db.exec("ROLLBACK"); return inTx; });
      out.final = count();
      db.close();
      return out;`,
  },
  {
    name: "transaction: SQL error inside rolls back and keeps the SqliteError",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a UNIQUE)");
      const ins = db.prepare("INSERT INTO t VALUES (?)");
      const tx = db.transaction((xs) => xs.forEach((x) => ins.run(x)));
      const e = capture(() => tx([1, 2, 2]));
      const rows = db.prepare("SELECT a FROM t").pluck().all();
      const ok = capture(() => tx([3, 4]));
      const rows2 = db.prepare("SELECT a FROM t").pluck().all();
      db.close();
      return { e, rows, ok, rows2 };`,
  },
  // ---- pragma / misc ----------------------------------------------------------------------
  {
    name: "pragma: rows, simple, writes, errors",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a INTEGER, b TEXT)");
      const out = {
        uv: db.pragma("user_version"), set: db.pragma("user_version = 7"), uvSimple: db.pragma("user_version", { simple: true }),
        info: db.pragma("table_info(t)"), infoSimple: db.pragma("table_info(t)", { simple: true }),
        nothing: db.pragma("foreign_keys = OFF"), fkNow: db.pragma("foreign_keys", { simple: true }),
        cacheSize: db.pragma("cache_size", { simple: true }),
        unknown: db.pragma("no_such_pragma"), unknownSimple: db.pragma("no_such_pragma", { simple: true }),
        badSimple: capture(() => db.pragma("user_version", { simple: 1 })), notString: capture(() => db.pragma(5)),
        badOpts: capture(() => db.pragma("user_version", 5)), syntax: capture(() => db.pragma("user_version = = 3")),
      };
      db.close();
      return out;`,
  },
  {
    name: "verbose: statements logged with bound values expanded",
    body: `
      const logs = [];
      const db = new Database(":memory:", { verbose: (s) => logs.push(s) });
      db.exec("CREATE TABLE t(a, b, c, d); INSERT INTO t VALUES (1, 2, 3, 4)");
      db.exec("SELECT ?1, :x FROM t; SELECT 'x' /* c */;");
      db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)").run(1, 2.5, "it's", null);
      db.prepare("SELECT * FROM t WHERE a = :a AND b = @b").all({ a: 1, b: 2n });
      db.prepare("SELECT ? AS x").get(new Uint8Array([1, 255]));
      db.prepare("SELECT ?, ?, ?").get(0.1, 1e20, -3);
      db.prepare("SELECT ?, ?, ?, ?").get("x".repeat(40), new Uint8Array(40).fill(1), "é".repeat(20), "it's".repeat(10));
      [...db.prepare("SELECT a FROM t WHERE a > ?").iterate(0)];
      db.transaction(() => db.prepare("SELECT 1").get())();
      const s = db.prepare("SELECT ?2, ?1").bind({ 1: 10, 2: 20 }); s.get(); s.get();
      db.pragma("user_version");
      const thrower = new Database(":memory:", { verbose: () => { throw new Error("logger"); } });
      const thrown = capture(() => thrower.prepare("SELECT 1").get());
      const thrownExec = capture(() => thrower.exec("SELECT 1"));
      thrower.close();
      db.close();
      return { logs, thrown, thrownExec };`,
  },
  {
    name: "errors: SqliteError shape, codes and messages",
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a INTEGER PRIMARY KEY, u UNIQUE, n NOT NULL, c CHECK (c > 0))");
      db.exec("INSERT INTO t VALUES (1, 1, 1, 1)");
      const e = (sql) => { try { db.prepare(sql).run(); return null; } catch (err) {
        return { name: err.name, message: err.message, code: err.code, isError: err instanceof Error, ctor: err.constructor.name }; } };
      const out = [
        e("INSERT INTO t VALUES (1, 2, 1, 1)"), e("INSERT INTO t VALUES (2, 1, 1, 1)"), e("INSERT INTO t VALUES (3, 3, NULL, 1)"),
        e("INSERT INTO t VALUES (4, 4, 4, 0)"), e("SELECT * FROM nope"), e("SELECT nope FROM t"), e("SELEC 1"),
        e("INSERT INTO t VALUES (1)"), e("CREATE TABLE t(x)"), e("SELECT abs()"),
      ];
      db.close();
      return out;`,
  },
  {
    name: "function/aggregate/table: argument validation",
    body: `
      const db = new Database(":memory:");
      const f = (...a) => capture(() => { db.function(...a); return "ok"; });
      const g = (...a) => capture(() => { db.aggregate(...a); return "ok"; });
      const t = (...a) => capture(() => { db.table(...a); return "ok"; });
      const out = [
        f(5, () => 1), f("x"), f("x", {}), f("x", 5, () => 1), f("", () => 1), f("x", { deterministic: 1 }, () => 1),
        f("x", { varargs: "y" }, () => 1), f("x", { safeIntegers: null }, () => 1), f("x", { directOnly: 0 }, () => 1),
        f("x", new Function(...Array.from({ length: 101 }, (_, i) => "a" + i), "return 1")),
        g(5, {}), g("x"), g("x", null), g("", { step: () => 1 }), g("x", {}), g("x", { step: 5 }), g("x", { step: () => 1, inverse: 5 }),
        g("x", { step: () => 1, result: "r" }), g("x", { step: () => 1, deterministic: "d" }),
        t(5, {}), t("", {}), t("x", 5), t("x", null),
      ];
      db.close();
      return out;`,
  },
  // ---- db.table(): virtual tables (H5) ------------------------------------------------------
  {
    name: "table: eponymous definition — rows as arrays and objects, rowid, REAL numbers",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("seq", { columns: ["v", "w"], parameters: ["n"], *rows(n) {
        for (let i = 0; i < (n ?? 3); i++) yield i % 2 ? [i, "odd"] : { w: "even", v: i };
      } });
      const q = (s, ...p) => capture(() => db.prepare(s).all(...p));
      const out = [
        q("SELECT *, typeof(v), rowid FROM seq(2)"), q("SELECT * FROM seq"), q("SELECT n, v FROM seq WHERE n = ?", 4),
        q("SELECT * FROM seq WHERE n = 2 AND v > 0"), q("SELECT count(*), sum(v) FROM seq(10)"),
        q("SELECT seq.* FROM seq(1)"), q("SELECT * FROM seq(3) ORDER BY v DESC LIMIT 2"),
        q("SELECT * FROM main.seq(1)"), capture(() => db.prepare("SELECT v FROM seq(3)").pluck().all()),
        capture(() => db.prepare("SELECT * FROM seq(1)").columns().map((c) => [c.name, c.column, c.table, c.type])),
      ];
      db.close();
      return out;`,
  },
  {
    name: "table: parameters — implicit $1.., '=' only, too many, NULL and missing arguments",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("two", { columns: ["a", "b"], *rows(x, y) { yield [typeof x, typeof y]; yield { a: x instanceof Uint8Array ? "bytes:" + x.length : String(x), b: y }; } });
      const q = (s, ...p) => capture(() => db.prepare(s).all(...p));
      const out = [
        q("SELECT * FROM two(1, 'x')"), q("SELECT *, $1, $2 FROM two(1, 'x')"), q("SELECT * FROM two(1)"),
        q("SELECT * FROM two"), q("SELECT * FROM two(NULL, 1)"), q("SELECT * FROM two(1, 2, 3)"),
        q("SELECT * FROM two WHERE $1 > 2"), q("SELECT * FROM two WHERE $2 IS 2"), q("SELECT * FROM two WHERE $1 LIKE 'a'"),
        q("SELECT * FROM two WHERE $1 = 5 AND $2 = 6"), q("SELECT * FROM two WHERE $1 IN (1, 2)"),
        q("SELECT * FROM two WHERE $2 = 1 OR $2 = 2"), q("SELECT * FROM two(x'0102')"),
        q("SELECT * FROM two(9007199254740993)"), q("SELECT * FROM two(1.5)"), q("SELECT rowid FROM two(1)"),
      ];
      db.close();
      return out;`,
  },
  {
    name: "table: joins — correlated arguments, join order, LEFT JOIN, subqueries, query plans",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("seq", { columns: ["v"], parameters: ["n"], *rows(n) { for (let i = 0; i < (n ?? 3); i++) yield [i]; } });
      db.exec("CREATE TABLE t(a INTEGER PRIMARY KEY, k); INSERT INTO t VALUES (1, 2), (2, 0), (3, 3)");
      const q = (s) => capture(() => db.prepare(s).all());
      const plan = (s) => capture(() => db.prepare("EXPLAIN QUERY PLAN " + s).all().map((r) => r.detail));
      const out = [
        q("SELECT a.v AS x, b.v AS y FROM seq(3) a, seq(a.v) b"), q("SELECT a.v AS x, b.v AS y FROM seq(b.v) a, seq(3) b"),
        q("SELECT a.v AS x, b.v AS y FROM seq(2) a LEFT JOIN seq(a.v) b"), q("SELECT t.a, s.v FROM t, seq(t.k) s"),
        q("SELECT t.a, s.v FROM t LEFT JOIN seq(t.k) s ORDER BY 1, 2"),
        q("SELECT a, (SELECT group_concat(v) FROM seq(t.k)) AS g FROM t"),
        q("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM seq(t.k) WHERE v = 2)"),
        q("SELECT * FROM seq(4) WHERE v IN (SELECT v FROM seq(2))"),
        plan("SELECT * FROM seq(2)"), plan("SELECT * FROM seq"), plan("SELECT * FROM seq(2) AS s, seq(s.v) t"),
        plan("SELECT * FROM seq(b.v) a, seq(3) b"), plan("SELECT t.a, s.v FROM t, seq(t.k) s"),
      ];
      db.close();
      return out;`,
  },
  {
    name: "table: factory — CREATE VIRTUAL TABLE arguments, schema row, read-only, DROP TABLE",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      const calls = [];
      db.table("f", function (...args) {
        calls.push([this.module, this.database, this.table, args]);
        return { columns: ["x", "y"], *rows() { yield [args.length, args.join("|")]; } };
      });
      db.table("seq", { columns: ["v"], *rows() { yield [1]; } });
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run(); });
      const out = [
        r("CREATE VIRTUAL TABLE vt USING f(1, 'a b', \\"c\\",  x  y )"), r("CREATE VIRTUAL TABLE vt2 USING f"),
        r("SELECT * FROM vt"), r("SELECT *, rowid FROM vt2"), r("SELECT * FROM f"), r("SELECT * FROM f()"),
        r("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema"),
        r("INSERT INTO vt VALUES (1, 2)"), r("UPDATE vt SET x = 1"), r("DELETE FROM vt"), r("INSERT INTO seq VALUES (1)"),
        r("CREATE VIRTUAL TABLE vt USING f"), r("CREATE VIRTUAL TABLE IF NOT EXISTS vt USING f"),
        r("CREATE VIRTUAL TABLE v3 USING nosuch"), r("CREATE VIRTUAL TABLE v4 USING seq"), r("CREATE VIRTUAL TABLE v5 USING json_each"),
        r("DROP TABLE vt"), r("SELECT name FROM sqlite_schema"), r("SELECT * FROM vt"), r("DROP TABLE IF EXISTS vt"),
      ];
      db.close();
      // (SQLite may reconnect, calling the factory again, after a failed statement resets the schema)
      return { out, calls: calls.slice(0, 2) };`,
  },
  {
    name: "table: definition validation errors (object used, factory returned)",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      const gen = function* () {};
      const t = (def) => capture(() => { db.table("m", def); return "ok"; });
      const defs = [
        {}, { rows: gen }, { columns: ["a"] }, { columns: ["a"], rows: () => {} }, { columns: ["a"], rows: 5 },
        { columns: "a", rows: gen }, { columns: [1], rows: gen }, { columns: ["a", "a"], rows: gen }, { columns: [], rows: gen },
        { columns: ["a"], rows: gen, parameters: "p" }, { columns: ["a"], rows: gen, parameters: ["p", "p"] },
        { columns: ["a"], rows: gen, parameters: Array.from({ length: 33 }, (_, i) => "p" + i) },
        { columns: ["a"], rows: gen, parameters: ["a"] }, { columns: ["a"], rows: gen, safeIntegers: 1 },
        { columns: ["a"], rows: gen, directOnly: "yes" }, { columns: ["a"], rows: gen, safeIntegers: true, directOnly: false },
      ];
      const out = defs.map(t);
      const f = (ret) => {
        db.table("g", () => ret);
        return capture(() => db.prepare("CREATE VIRTUAL TABLE x USING g").run());
      };
      out.push(f(5), f(null), f({ columns: ["a"] }), f({ columns: ["a"], rows: () => {} }));
      db.table("h", () => { throw new RangeError("boom"); });
      out.push(capture(() => db.prepare("CREATE VIRTUAL TABLE x USING h(1)").run()));
      db.close();
      out.push(capture(() => db.table("z", { columns: ["a"], rows: gen })));
      return out;`,
  },
  {
    name: "table: yielded rows and values — errors, bigint, blobs, safeIntegers",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      const mk = (name, fn, extra = {}) => db.table(name, { columns: ["a", "b"], rows: fn, ...extra });
      mk("y1", function* () { yield 5; });
      mk("y2", function* () { yield [1]; });
      mk("y3", function* () { yield { a: 1, c: 2 }; });
      mk("y4", function* () { yield { a: 1 }; });
      mk("y5", function* () { yield [{}, 1]; });
      mk("y6", function* () { yield [1n << 70n, 1]; });
      mk("y7", function* () { yield [1, 2]; throw new Error("gen boom"); });
      mk("y8", function* () { yield [1n, new Uint8Array([1, 2])]; yield [null, undefined]; yield ["s", -0.5]; });
      mk("y9", function* (x) { yield [typeof x, x]; }, { safeIntegers: true });
      mk("y10", function* (x) { yield [typeof x, x]; }, { safeIntegers: false });
      const q = (s) => capture(() => db.prepare(s).all());
      const out = ["y1", "y2", "y3", "y4", "y5", "y6", "y7"].map((n) => q("SELECT * FROM " + n));
      out.push(q("SELECT a, typeof(a), b, typeof(b) FROM y8"), q("SELECT a, b, typeof(b) FROM y9(1)"),
        q("SELECT a, b, typeof(b) FROM y9(9223372036854775807)"), q("SELECT a, b, typeof(b) FROM y10(3)"),
        capture(() => db.prepare("SELECT b FROM y9(5)").safeIntegers(true).pluck().get()));
      const it = db.prepare("SELECT * FROM y7").iterate();
      out.push(capture(() => it.next().value), capture(() => it.return()));
      db.defaultSafeIntegers(true);
      mk("y11", function* (x) { yield [typeof x, x]; });
      out.push(q("SELECT a, typeof(b) FROM y11(2)"));
      db.close();
      return out;`,
  },
  {
    name: "table: with the schema — name clashes, indexes, table_info, views, triggers, directOnly",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("f", function (...args) { return { columns: ["x", "y"], *rows() { yield [args.length, args.join("|")]; } }; });
      db.table("seq", { columns: ["v"], parameters: ["n"], *rows(n) { for (let i = 0; i < (n ?? 3); i++) yield [i]; } });
      db.table("d", { columns: ["v"], directOnly: true, *rows() { yield [1]; } });
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      const out = [
        r("CREATE VIRTUAL TABLE vt USING f(1)"), r("CREATE TABLE vt(a)"), r("CREATE VIEW vt AS SELECT 1"),
        r("CREATE INDEX i ON vt(x)"), r("CREATE TABLE seq(a)"), r("SELECT * FROM seq"), r("DROP TABLE seq"),
        r("PRAGMA table_info(vt)"), r("PRAGMA table_xinfo(seq)"), r("PRAGMA table_info(seq)"), r("PRAGMA table_info(json_each)"),
        r("PRAGMA table_xinfo(json_tree)"),
        r("CREATE VIEW v1 AS SELECT * FROM seq(2)"), r("SELECT * FROM v1"), r("SELECT * FROM d"),
        r("CREATE VIEW v2 AS SELECT * FROM d"), r("SELECT * FROM v2"), r("DROP VIEW v2"),
        r("CREATE TABLE t(a)"), r("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t SELECT v + 10 FROM seq(1) WHERE new.a < 5; END"),
        r("INSERT INTO t VALUES (2)"), r("SELECT * FROM t"),
        r("CREATE TRIGGER tr2 AFTER INSERT ON t WHEN new.a = 99 BEGIN SELECT * FROM d; END"), r("INSERT INTO t VALUES (99)"),
        r("DROP TRIGGER tr2"), r("SELECT * FROM t"),
        r("SELECT * FROM seq s, t WHERE s.n = t.a ORDER BY 2, 1"), r("SELECT * FROM t, seq s WHERE s.n = t.a ORDER BY 1, 2"),
        r("SELECT * FROM seq s WHERE s.n = (SELECT 2)"), r("SELECT * FROM seq(2) UNION SELECT * FROM seq(3)"),
        r("WITH x AS (SELECT * FROM seq(2)) SELECT * FROM x, x AS y"), r("SELECT * FROM seq(2) a JOIN seq(3) b USING (v)"),
        r("SELECT v FROM seq(4) GROUP BY v % 2 ORDER BY 1"), r("SELECT * FROM seq(3) WHERE rowid = 2"),
        r("SELECT * FROM json_each('[1,2]') WHERE rowid = 1"),
      ];
      db.close();
      return out;`,
  },
  {
    name: "table: IN (SELECT …), BETWEEN and OR on parameters; ALTER TABLE of a virtual table",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("seq", { columns: ["v"], parameters: ["n"], *rows(n) { for (let i = 0; i < (n ?? 3); i++) yield [i]; } });
      db.table("f", function (...args) { return { columns: ["x"], *rows() { yield [args.length + ":" + this.table]; } }; });
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2)");
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      const out = [
        r("SELECT * FROM seq WHERE n IN (SELECT 2)"), r("SELECT * FROM seq WHERE n IN (SELECT a FROM t)"),
        r("SELECT * FROM seq WHERE n IN (2, NULL)"), r("SELECT * FROM seq WHERE n BETWEEN 1 AND 2"),
        r("SELECT * FROM seq WHERE NOT (n = 2)"), r("SELECT * FROM seq WHERE n = 2 AND n = 1"),
        r("SELECT * FROM seq WHERE n = 2 AND v = 1"), r("SELECT * FROM seq(1) WHERE n = 2"), r("SELECT * FROM seq WHERE n = NULL"),
        r("SELECT * FROM seq WHERE n = 2 OR v = 1"), r("SELECT * FROM seq WHERE +n = 2"), r("SELECT * FROM seq WHERE n = '2'"),
        r("SELECT * FROM seq, seq AS s2 WHERE seq.n = s2.v + 1"), r("SELECT * FROM t LEFT JOIN seq ON seq.n = t.a"),
        r("SELECT * FROM t LEFT JOIN seq ON seq.n = t.a WHERE seq.v IS NULL"), r("SELECT * FROM seq(2) ORDER BY rowid DESC"),
        r("SELECT max(v), n FROM seq(5)"), r("SELECT * FROM seq(3) LIMIT 1"), r("SELECT * FROM seq(2) AS a, seq(2) AS b WHERE a.v = b.v"),
        r("CREATE VIRTUAL TABLE vt USING f(1)"), r("ALTER TABLE vt RENAME TO t"), r("ALTER TABLE vt RENAME TO sqlite_x"),
        r("ALTER TABLE vt RENAME TO vt9"), r("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema"), r("SELECT * FROM vt9"),
        r("SELECT * FROM vt"), r("ALTER TABLE vt9 ADD COLUMN z"), r("ALTER TABLE vt9 RENAME COLUMN x TO y"),
        r("ALTER TABLE vt9 DROP COLUMN x"),
      ];
      db.close();
      return out;`,
  },
  {
    name: "table: in subqueries, IN, INSERT/UPDATE/DELETE sources; a table used as a function",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("seq", { columns: ["v"], parameters: ["n"], *rows(n) { for (let i = 0; i < (n ?? 3); i++) yield [i]; } });
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2); CREATE VIEW w AS SELECT 1");
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      return [
        r("SELECT * FROM t(1)"), r("SELECT * FROM w(1)"), r("SELECT * FROM json_each('[1]') INDEXED BY x"),
        r("SELECT * FROM seq(1) AS s WHERE s.rowid = 1"), r("SELECT seq.n FROM seq(2)"),
        r("SELECT * FROM seq(2) s1 JOIN seq(2) s2 ON s1.v = s2.v"), r("SELECT (SELECT v FROM seq(3) WHERE v = t.a) FROM t"),
        r("SELECT t.a, (SELECT count(*) FROM seq(t.a)) FROM t"), r("SELECT * FROM t WHERE a IN seq"),
        r("SELECT * FROM t WHERE a IN seq(3)"), r("SELECT * FROM t WHERE a IN json_each('[1]')"),
        r("UPDATE t SET a = (SELECT max(v) FROM seq(5)) WHERE a = 1"), r("SELECT * FROM t"),
        r("INSERT INTO t SELECT v FROM seq(2)"), r("SELECT count(*) FROM t"),
        r("DELETE FROM t WHERE a IN (SELECT v FROM seq(2))"), r("SELECT * FROM t"),
        r("SELECT * FROM seq(2) WHERE v IN (SELECT v FROM seq(3)) ORDER BY v DESC"),
      ];`,
  },
  {
    name: "table: generators — re-entrant queries are busy, LIMIT stops early, no return() call",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2)");
      db.table("inner", { columns: ["v"], *rows() { yield [db.prepare("SELECT count(*) FROM t").pluck().get()]; } });
      db.table("writer", { columns: ["v"], *rows() { db.prepare("INSERT INTO t VALUES (9)").run(); yield [1]; } });
      db.table("early", { columns: ["v"], *rows() { for (let i = 0; ; i++) yield [i]; } });
      let closed = 0, made = 0;
      db.table("track", { columns: ["v"], *rows() { made++; try { yield [1]; yield [2]; yield [3]; } finally { closed++; } } });
      const out = [r("SELECT * FROM inner"), r("SELECT * FROM writer"), r("SELECT * FROM early LIMIT 3"), r("SELECT count(*) FROM t")];
      const it = db.prepare("SELECT * FROM track").iterate();
      out.push(it.next().value, it.return(), [made, closed]);
      out.push(r("SELECT * FROM track LIMIT 1"), [made, closed], r("SELECT * FROM track WHERE v = 2"), [made, closed]);
      out.push(db.prepare("SELECT * FROM track").get(), [made, closed]);
      db.close();
      return out;`,
  },
  {
    name: "table: RIGHT and FULL JOIN onto table-valued functions",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("seq", { columns: ["v"], parameters: ["n"], *rows(n) { for (let i = 0; i < (n ?? 3); i++) yield [i]; } });
      db.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1), (2), (5)");
      const q = (s) => capture(() => db.prepare(s).all());
      const plan = (s) => capture(() => db.prepare("EXPLAIN QUERY PLAN " + s).all().map((r) => [r.parent === 0, r.detail]));
      return [
        q("SELECT * FROM seq(2) a RIGHT JOIN seq(3) b ON a.v = b.v"), q("SELECT * FROM seq(2) a FULL JOIN seq(3) b ON a.v = b.v + 1"),
        q("SELECT * FROM t RIGHT JOIN seq(4) s ON s.v = t.a"), q("SELECT * FROM t FULL JOIN seq(4) s ON s.v = t.a"),
        q("SELECT * FROM seq(4) s RIGHT JOIN t ON s.v = t.a"), q("SELECT * FROM t RIGHT JOIN json_each('[1,3]') j ON j.value = t.a"),
        q("SELECT * FROM t RIGHT JOIN seq(4) s ON s.v = t.a WHERE s.v > 1"), q("SELECT * FROM t RIGHT JOIN seq(t.a) s ON 1"),
        q("SELECT * FROM t AS x, t RIGHT JOIN seq(3) s ON s.v = t.a ORDER BY 1, 2, 3"),
        plan("SELECT * FROM t RIGHT JOIN seq(4) s ON s.v = t.a"),
      ];`,
  },
  {
    name: "table: pragma_* table-valued functions (pragma.c's eponymous pragma tables)",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'x', c); CREATE INDEX tb ON t(b, c); CREATE TABLE u(x REFERENCES t(a))");
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      const plan = (s) => capture(() => db.prepare("EXPLAIN QUERY PLAN " + s).all().map((x) => x.detail));
      const out = [
        r("SELECT * FROM pragma_table_info('t')"), r("SELECT *, arg, schema FROM pragma_table_info('t', 'main')"),
        r("SELECT * FROM pragma_table_info"), r("SELECT * FROM pragma_table_xinfo('t')"), r("SELECT * FROM pragma_index_list('t')"),
        r("SELECT * FROM pragma_index_xinfo('tb')"), r("SELECT * FROM pragma_foreign_key_list('u')"),
        r("SELECT * FROM pragma_database_list"), r("SELECT * FROM pragma_user_version"), r("SELECT * FROM pragma_nosuch"),
        r("SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p ORDER BY 1, 2"),
        r("SELECT rowid, name FROM pragma_table_info('t')"), r("SELECT * FROM pragma_foreign_keys"),
        r("SELECT * FROM pragma_table_info('t', 'main', 3)"), r("INSERT INTO pragma_user_version VALUES (3)"),
        plan("SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p"),
      ];
      db.close();
      return out;`,
  },
  {
    name: "table: a db.table() module in a view follows PRAGMA trusted_schema",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("seq", { columns: ["v"], *rows() { yield [1]; } });
      db.exec("CREATE VIEW v AS SELECT * FROM seq; CREATE VIEW j AS SELECT value FROM json_each('[2]')");
      const q = (s) => capture(() => db.prepare(s).all());
      const out = [q("SELECT * FROM v"), q("SELECT * FROM j")];
      db.pragma("trusted_schema = OFF");
      out.push(q("SELECT * FROM v"), q("SELECT * FROM j"));
      db.pragma("trusted_schema = ON");
      out.push(q("SELECT * FROM v"));
      db.close();
      return out;`,
  },
  {
    name: "table: CREATE/DROP/ALTER of virtual tables roll back with their transaction",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("f", function (...a) { return { columns: ["x"], *rows() { yield [a.length]; } }; });
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      return [
        "BEGIN", "CREATE VIRTUAL TABLE vt USING f(1)", "SELECT * FROM vt", "ROLLBACK", "SELECT * FROM vt",
        "SELECT count(*) FROM sqlite_schema", "CREATE VIRTUAL TABLE vt USING f(1,2)", "BEGIN", "DROP TABLE vt",
        "SELECT * FROM vt", "ROLLBACK", "SELECT * FROM vt", "SAVEPOINT s", "ALTER TABLE vt RENAME TO vt2",
        "SELECT * FROM vt2", "ROLLBACK TO s", "RELEASE s", "SELECT * FROM vt", "SELECT * FROM vt2",
      ].map(r);`,
  },
  {
    name: "table: PRAGMA table_list lists virtual tables in the schema's hash order",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("f", function (...a) { return { columns: ["x", "y"], *rows() { yield [1, 2]; } }; });
      db.exec("CREATE TABLE a(x); CREATE VIRTUAL TABLE vt USING f(1); CREATE TABLE b(y); CREATE VIRTUAL TABLE zz USING f; CREATE VIEW vv AS SELECT 1");
      const out = [db.prepare("PRAGMA table_list").all(), db.prepare("SELECT * FROM pragma_table_list WHERE name = 'vt'").all()];
      db.exec("ALTER TABLE vt RENAME TO vt2; DROP TABLE zz");
      out.push(db.prepare("PRAGMA table_list").all());
      db.close();
      return out;`,
  },
  {
    name: "table: ALTER TABLE … RENAME of a virtual table rewrites the views and triggers using it",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("f", function (...a) { return { columns: ["x"], *rows() { yield [a.length]; } }; });
      db.exec("CREATE TABLE t(a); CREATE VIRTUAL TABLE vt USING f(1, 2); CREATE VIEW v AS SELECT x FROM vt;" +
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t SELECT x + 10 FROM vt WHERE new.a < 5; END");
      const r = (s) => capture(() => { const st = db.prepare(s); return st.reader ? st.all() : st.run().changes; });
      return [
        "ALTER TABLE vt RENAME TO vt2", "SELECT type, name, tbl_name, sql FROM sqlite_schema", "SELECT * FROM v",
        "INSERT INTO t VALUES (1)", "SELECT * FROM t", 'ALTER TABLE vt2 RENAME TO "odd name"', "SELECT sql FROM sqlite_schema",
        "SELECT * FROM v",
      ].map(r);`,
  },
  {
    name: "table: several IN constraints on parameters drive nested xFilter calls",
    needs: ["vtab"],
    body: `
      const db = new Database(":memory:");
      db.table("two", { columns: ["a", "b"], parameters: ["p", "q"], *rows(x, y) { yield [x, y]; } });
      db.exec("CREATE TABLE t(v); INSERT INTO t VALUES (7), (8)");
      const q = (s) => capture(() => db.prepare(s).all());
      return [
        "SELECT * FROM two WHERE p IN (1, 2) AND q IN ('a', 'b')", "SELECT * FROM two WHERE p IN (2, 1, 2) AND q IN (SELECT v FROM t)",
        "SELECT * FROM two WHERE (p = 1 OR p = 3) AND q IN (5)", "SELECT * FROM two WHERE p IN (1, NULL) AND q IN ()",
        "SELECT * FROM t, two WHERE p IN (t.v, 1) AND q IN (2, 3)",
        "SELECT * FROM json_each WHERE json IN ('[1]', '[2,3]') AND root IN ('$', '$[0]')",
      ].map(q);`,
  },
  {
    name: "serialize / backup: option validation",
    body: `
      const db = new Database(":memory:");
      const out = [capture(() => db.serialize(5)), capture(() => db.serialize({ attached: 5 })), capture(() => db.serialize({ attached: "" }))];
      const b = async (...a) => { try { await db.backup(...a); return "ok"; } catch (e) { return { name: e.name, message: e.message, ctor: e.constructor.name }; } };
      out.push(await b(5), await b("  "), await b(":memory:"), await b("x.db", 5), await b("x.db", { attached: 5 }),
        await b("x.db", { attached: "" }), await b("x.db", { progress: 5 }));
      const p = db.backup("");
      out.push(typeof p.then);
      await p.catch(() => {});
      db.close();
      return out;`,
  },
  {
    name:
      "vacuum: run(), busy while iterating, inside a transaction, INTO a parameter, existing target",
    needs: ["files", "stepwise"],
    body: `
      const db = new Database(args.dir + "/vac.db");
      db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3); DELETE FROM t WHERE x = 2");
      const out = { run: db.prepare("VACUUM").run(), reader: db.prepare("VACUUM").reader };
      const it = db.prepare("SELECT * FROM t").iterate();
      it.next();
      out.busy = capture(() => db.exec("VACUUM"));
      it.return();
      out.txn = capture(() => db.transaction(() => db.exec("VACUUM"))());
      out.into = db.prepare("VACUUM INTO ?").run(args.dir + "/vac2.db");
      out.again = capture(() => db.exec("VACUUM INTO '" + args.dir + "/vac2.db'"));
      out.nonText = capture(() => db.prepare("VACUUM INTO ?").run(5));
      const copy = new Database(args.dir + "/vac2.db");
      out.rows = copy.prepare("SELECT x FROM t").pluck().all();
      out.check = copy.pragma("integrity_check", { simple: true });
      copy.close();
      out.pages = db.pragma("page_count", { simple: true });
      out.free = db.pragma("freelist_count", { simple: true });
      db.close();
      return out;`,
  },
];
