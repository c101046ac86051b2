/**
 * Deno-side client of the better-sqlite3 oracle (tests only).
 *
 * Owns `BetterSqlite3Oracle`: spawns `node tests/oracle/bs3_server.cjs` and speaks its
 * line-delimited JSON protocol. Every call is async and returns decoded values (bigint, Uint8Array,
 * undefined, NaN survive). Errors thrown by better-sqlite3 come back as an `OracleError` carrying
 * `{name, message, code, constructor}`. Also runs whole scenario scripts (a JS function body with
 * `Database`, `capture` and `args` in scope) so a test can run the same text against tsqlite
 * (see `runScenarioLocal`) and compare the JSON.
 * Tests must `await oracle.close()` so Deno's resource sanitizer sees the process and pipes closed.
 * Must never be imported by src/.
 * @module
 */
import { capture, decode, describeError, encode, type Encoded, type ErrorInfo } from "./codec.ts";

const SERVER = new URL("./bs3_server.cjs", import.meta.url).pathname;

/** An error better-sqlite3 threw, as reported by the server. */
export class OracleError extends Error {
  /** The error's description: name, message, code, constructor name. */
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(`${info.constructor}: ${info.message}`);
    this.info = info;
  }
}

/** Per-call statement modes. */
export interface CallModes {
  pluck?: boolean;
  expand?: boolean;
  raw?: boolean;
  safeIntegers?: boolean;
}

type Reply = { id: number; ok: true; value: Encoded } | {
  id: number;
  ok: false;
  error: ErrorInfo;
};

/**
 * A running better-sqlite3 under Node.
 *
 * @example
 * ```ts
 * const o = new BetterSqlite3Oracle();
 * const db = await o.open(":memory:");
 * console.log(await o.query(db, "SELECT 1 AS x", [], "get")); // { x: 1 }
 * await o.close();
 * ```
 */
export class BetterSqlite3Oracle {
  #proc: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #pending = new Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #done: Promise<void>;
  #enc = new TextEncoder();
  #closed = false;

  constructor() {
    this.#proc = new Deno.Command("node", {
      args: [SERVER],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#writer = this.#proc.stdin.getWriter();
    this.#done = this.#readLoop();
  }

  async #readLoop(): Promise<void> {
    const reader = this.#proc.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    let buf = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (!line.trim()) continue;
          const reply = JSON.parse(line) as Reply;
          const p = this.#pending.get(reply.id);
          if (p) {
            this.#pending.delete(reply.id);
            p.resolve(reply);
          }
        }
      }
    } finally {
      reader.releaseLock();
      for (const p of this.#pending.values()) {
        p.reject(new Error("bs3 oracle exited"));
      }
      this.#pending.clear();
    }
  }

  /** Send a raw request; resolves with the decoded value or rejects with an OracleError. */
  async request(
    op: string,
    fields: Record<string, unknown> = {},
  ): Promise<unknown> {
    if (this.#closed) throw new Error("bs3 oracle is closed");
    const id = this.#nextId++;
    const reply = new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    });
    const msg: Record<string, unknown> = { id, op };
    for (const [k, v] of Object.entries(fields)) {
      msg[k] = k === "params" || k === "args" || k === "filename" || k === "options"
        ? encode(v)
        : v;
    }
    await this.#writer.write(this.#enc.encode(JSON.stringify(msg) + "\n"));
    const r = await reply;
    if (!r.ok) throw new OracleError(r.error);
    return decode(r.value);
  }

  /** Like request, but returns thrown errors as values: `{ok, value}` / `{ok:false, error}`. */
  async attempt(
    op: string,
    fields: Record<string, unknown> = {},
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorInfo }> {
    try {
      return { ok: true, value: await this.request(op, fields) };
    } catch (e) {
      if (e instanceof OracleError) return { ok: false, error: e.info };
      throw e;
    }
  }

  /** better-sqlite3's version string (checks the server is alive). */
  async version(): Promise<string> {
    return ((await this.request("ping")) as { version: string }).version;
  }

  /** `new Database(filename, options)`; returns a database handle. */
  async open(
    filename?: string | Uint8Array,
    options?: Record<string, unknown>,
  ): Promise<number> {
    return (await this.request("open", { filename, options })) as number;
  }

  /** `db.close()`. */
  async closeDb(db: number): Promise<void> {
    await this.request("close", { db });
  }

  /** `db.exec(sql)`. */
  async exec(db: number, sql: string): Promise<void> {
    await this.request("exec", { db, sql });
  }

  /** `db.prepare(sql)`; returns a statement handle plus its reader/readonly/source. */
  async prepare(
    db: number,
    sql: string,
  ): Promise<
    { handle: number; reader: boolean; readonly: boolean; source: string }
  > {
    return (await this.request("prepare", { db, sql })) as {
      handle: number;
      reader: boolean;
      readonly: boolean;
      source: string;
    };
  }

  /** Call run/get/all/iterate (iterate collected to an array) on a prepared statement. */
  async call(
    stmt: number,
    method: "run" | "get" | "all" | "iterate",
    params: unknown[] = [],
    modes: CallModes = {},
  ): Promise<unknown> {
    return await this.request(method, { stmt, params, ...modes });
  }

  /** Prepare and call in one round trip. */
  async query(
    db: number,
    sql: string,
    params: unknown[] = [],
    method: "run" | "get" | "all" | "iterate" = "all",
    modes: CallModes = {},
  ): Promise<unknown> {
    return await this.request("query", { db, sql, params, method, ...modes });
  }

  /** `db.pragma(source, options)`. */
  async pragma(
    db: number,
    source: string,
    options?: { simple?: boolean },
  ): Promise<unknown> {
    return await this.request("pragma", { db, source, options });
  }

  /** `db.serialize()`. */
  async serialize(db: number): Promise<Uint8Array> {
    return (await this.request("serialize", { db })) as Uint8Array;
  }

  /**
   * Run a scenario: `body` is an async function body with `Database`, `capture` and `args` in
   * scope; its return value comes back encoded (compare it with `runScenarioLocal`'s result).
   */
  async scenario(body: string, args: unknown = null): Promise<Encoded> {
    const id = this.#nextId++;
    const reply = new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    });
    const msg = { id, op: "scenario", body, args: encode(args) };
    await this.#writer.write(this.#enc.encode(JSON.stringify(msg) + "\n"));
    const r = await reply;
    if (!r.ok) return { $t: "thrown", error: r.error as unknown as Encoded };
    return r.value;
  }

  /** Stop the server and release its pipes (await this in every test). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer.close();
    await this.#done;
    await this.#proc.status;
  }
}

// deno-lint-ignore no-explicit-any
type AnyCtor = any;
const AsyncFunction = Object.getPrototypeOf(async function () {})
  .constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<unknown>;

/**
 * Run the same scenario text in-process with the given `Database` class (tsqlite's), returning
 * the same encoding `BetterSqlite3Oracle.scenario` returns.
 */
export async function runScenarioLocal(
  Database: AnyCtor,
  body: string,
  args: unknown = null,
): Promise<Encoded> {
  const fn = new AsyncFunction("Database", "capture", "args", body);
  try {
    return encode(await fn(Database, capture, decode(encode(args))));
  } catch (e) {
    return { $t: "thrown", error: describeError(e) as unknown as Encoded };
  }
}
