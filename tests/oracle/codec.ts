/**
 * Tagged JSON codec shared by the better-sqlite3 oracle client and the scenario runner (tests only).
 *
 * Owns the Deno twin of `encode`/`decode` in tests/oracle/bs3_server.cjs: bigint, Uint8Array,
 * undefined, NaN, ±Infinity, -0, errors and class instances survive a JSON round trip so a value
 * produced in Node and one produced in Deno can be compared with `assert.deepEqual`.
 * Must never be imported by src/.
 * @module
 */

/** A JSON-safe encoded value (see {@link encode}). */
export type Encoded =
  | null
  | string
  | number
  | boolean
  | Encoded[]
  | { [key: string]: Encoded };

/** The shape of an error as both sides report it. */
export interface ErrorInfo {
  name: string | null;
  message: string | null;
  code: string | null;
  constructor: string | null;
}

/** Describe a thrown value the way bs3_server.cjs does. */
export function describeError(e: unknown): ErrorInfo {
  const err = e as {
    name?: string;
    message?: string;
    code?: string;
    constructor?: { name: string };
  };
  return {
    name: err?.name ?? null,
    message: err?.message ?? null,
    code: err?.code !== undefined ? err.code : null,
    constructor: err?.constructor ? err.constructor.name : null,
  };
}

function toBase64(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Encode any JS value into tagged JSON-safe data (same rules as the Node side). */
export function encode(v: unknown): Encoded {
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
  if (v instanceof Error) {
    return { $t: "error", ...describeError(v) } as unknown as Encoded;
  }
  if (v instanceof Uint8Array) return { $t: "blob", v: toBase64(v) };
  if (Array.isArray(v)) return v.map(encode);
  const obj = v as Record<string, unknown>;
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    return {
      $t: "object",
      constructor: obj.constructor ? obj.constructor.name : null,
    };
  }
  const out: { [key: string]: Encoded } = {};
  for (const k of Object.keys(obj)) out[k] = encode(obj[k]);
  return "$t" in obj ? { $t: "obj", v: out } : out;
}

/** Decode tagged data back into JS values (Uint8Array for blobs). */
export function decode(v: Encoded): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decode);
  const tag = v.$t as string | undefined;
  switch (tag) {
    case "num":
      return v.v === "-0" ? -0 : Number(v.v as string);
    case "bigint":
      return BigInt(v.v as string);
    case "undef":
      return undefined;
    case "blob":
      return fromBase64(v.v as string);
    case "error":
    case "object":
    case "function":
    case "symbol":
      return v;
    case "obj":
    case undefined: {
      const src = (tag === "obj" ? v.v : v) as { [key: string]: Encoded };
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(src)) out[k] = decode(src[k]);
      return out;
    }
    default:
      throw new Error(`codec: cannot decode tag ${tag}`);
  }
}

/** Run fn, returning `{ok, value}` or `{ok: false, error}` — the scenario helper both sides share. */
export function capture(
  fn: () => unknown,
): { ok: true; value: unknown } | { ok: false; error: ErrorInfo } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}
