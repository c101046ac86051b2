// better-sqlite3 oracle server (Node side, tests only).
//
// Owns: a line-delimited JSON request/response loop over stdin/stdout that lets Deno tests drive
// better-sqlite3 12.x, which Deno cannot load (nan addon). One request per line:
//   {"id": n, "op": "...", ...}  →  {"id": n, "ok": true, "value": <encoded>}
//                                or {"id": n, "ok": false, "error": {name, message, code, constructor}}
// Values cross the pipe in a tagged JSON encoding (see encode/decode) so bigint, Uint8Array/Buffer,
// undefined, NaN, ±Infinity and -0 survive faithfully. The Deno twin is tests/oracle/codec.ts.
// Must never: write anything but responses to stdout (diagnostics go to stderr).
"use strict";

const path = require("node:path");
const readline = require("node:readline");
const Database = require(
  path.join(__dirname, "node_modules", "better-sqlite3"),
);

/** Encode any JS value into tagged JSON-safe data. */
function encode(v) {
  if (v === null) return null;
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      if (Number.isNaN(v)) return { $t: "num", v: "NaN" };
      if (v === Infinity) return { $t: "num", v: "Infinity" };
      if (v === -Infinity) return { $t: "num", v: "-Infinity" };
      if (Object.is(v, -0)) return { $t: "num", v: "-0" };
      return v;
    case "bigint":
      return { $t: "bigint", v: v.toString() };
    case "undefined":
      return { $t: "undef" };
    case "function":
      return { $t: "function", name: v.name };
    case "symbol":
      return { $t: "symbol", v: String(v.description) };
  }
  if (v instanceof Error) return { $t: "error", ...describeError(v) };
  if (v instanceof Uint8Array) {
    return { $t: "blob", v: Buffer.from(v).toString("base64") };
  }
  if (Array.isArray(v)) return v.map(encode);
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    return {
      $t: "object",
      constructor: v.constructor ? v.constructor.name : null,
    };
  }
  const out = {};
  for (const k of Object.keys(v)) out[k] = encode(v[k]);
  return "$t" in v ? { $t: "obj", v: out } : out;
}

/** Decode tagged JSON data (the inverse of encode, for argument values). */
function decode(v) {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decode);
  switch (v.$t) {
    case "num":
      return v.v === "-0" ? -0 : Number(v.v);
    case "bigint":
      return BigInt(v.v);
    case "undef":
      return undefined;
    case "blob":
      return Buffer.from(v.v, "base64");
    case "obj": {
      const out = {};
      for (const k of Object.keys(v.v)) out[k] = decode(v.v[k]);
      return out;
    }
    case undefined: {
      const out = {};
      for (const k of Object.keys(v)) out[k] = decode(v[k]);
      return out;
    }
    default:
      throw new Error(`bs3_server: cannot decode tag ${v.$t}`);
  }
}

function describeError(e) {
  return {
    name: e && e.name,
    message: e && e.message,
    code: e && e.code !== undefined ? e.code : null,
    constructor: e && e.constructor ? e.constructor.name : null,
  };
}

/** Run fn, returning {ok, value} or {ok:false, error} — handy inside scenarios. */
function capture(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}

const dbs = new Map();
const stmts = new Map();
let nextHandle = 1;

function db(h) {
  const d = dbs.get(h);
  if (!d) throw new Error(`bs3_server: no database handle ${h}`);
  return d;
}
function stmt(h) {
  const s = stmts.get(h);
  if (!s) throw new Error(`bs3_server: no statement handle ${h}`);
  return s;
}

/** Apply the per-call statement modes a request may carry. */
function configure(s, req) {
  if (req.pluck !== undefined) s.pluck(req.pluck);
  if (req.expand !== undefined) s.expand(req.expand);
  if (req.raw !== undefined) s.raw(req.raw);
  if (req.safeIntegers !== undefined) s.safeIntegers(req.safeIntegers);
  return s;
}

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;

async function handle(req) {
  const params = req.params === undefined ? [] : decode(req.params);
  switch (req.op) {
    case "ping":
      return {
        version: require(
          path.join(
            __dirname,
            "node_modules",
            "better-sqlite3",
            "package.json",
          ),
        ).version,
      };
    case "open": {
      const filename = req.filename === undefined ? undefined : decode(req.filename);
      const d = new Database(
        filename,
        req.options === undefined ? undefined : decode(req.options),
      );
      const h = nextHandle++;
      dbs.set(h, d);
      return h;
    }
    case "close": {
      db(req.db).close();
      dbs.delete(req.db);
      return null;
    }
    case "exec":
      db(req.db).exec(req.sql);
      return null;
    case "prepare": {
      const s = db(req.db).prepare(req.sql);
      const h = nextHandle++;
      stmts.set(h, s);
      return {
        handle: h,
        reader: s.reader,
        readonly: s.readonly,
        source: s.source,
      };
    }
    case "columns":
      return stmt(req.stmt).columns();
    case "run":
      return configure(stmt(req.stmt), req).run(...params);
    case "get":
      return configure(stmt(req.stmt), req).get(...params);
    case "all":
      return configure(stmt(req.stmt), req).all(...params);
    case "iterate":
      return Array.from(configure(stmt(req.stmt), req).iterate(...params));
    case "query": {
      // prepare + one call in a single round trip; {method: run|get|all|iterate}
      const s = configure(db(req.db).prepare(req.sql), req);
      const m = req.method || "all";
      return m === "iterate" ? Array.from(s.iterate(...params)) : s[m](...params);
    }
    case "pragma":
      return db(req.db).pragma(
        req.source,
        req.options === undefined ? undefined : decode(req.options),
      );
    case "serialize":
      return db(req.db).serialize();
    case "scenario": {
      const fn = new AsyncFunction("Database", "capture", "args", req.body);
      return await fn(
        Database,
        capture,
        decode(req.args === undefined ? null : req.args),
      );
    }
    default:
      throw new Error(`bs3_server: unknown op ${req.op}`);
  }
}

const rl = readline.createInterface({ input: process.stdin, terminal: false });
let chain = Promise.resolve();
rl.on("line", (line) => {
  if (!line.trim()) return;
  chain = chain.then(async () => {
    let req;
    try {
      req = JSON.parse(line);
    } catch (e) {
      process.stdout.write(
        JSON.stringify({ id: null, ok: false, error: describeError(e) }) + "\n",
      );
      return;
    }
    let reply;
    try {
      reply = { id: req.id, ok: true, value: encode(await handle(req)) };
    } catch (e) {
      reply = { id: req.id, ok: false, error: describeError(e) };
    }
    process.stdout.write(JSON.stringify(reply) + "\n");
  });
});
rl.on("close", () => {
  chain.then(() => {
    for (const d of dbs.values()) {
      try {
        d.close();
      } catch (_) { /* already closed */ }
    }
  });
});
