/**
 * Core scalar functions of func.c: coalesce, ifnull, iif/if, nullif, typeof, likely, unlikely,
 * likelihood, min/max (multi-argument), quote, random, randomblob, zeroblob, sqlite_version,
 * last_insert_rowid, changes, total_changes.
 *
 * Owns: those functions' results, types and error messages exactly as SQLite 3.53.
 * Must never: evaluate arguments lazily — the compiler inlines the short-circuit forms
 * (FuncFlag.INLINE); these eager versions serve direct calls and constant folding.
 * @module
 */

import { SqliteError } from "../error.ts";
import { type Mem, MemType } from "../vdbe/mem.ts";
import { truthValue } from "../vdbe/value/arith.ts";
import { compareMem } from "../vdbe/value/compare.ts";
import { realToText } from "../vdbe/value/render.ts";
import { bytesToHexUpper } from "../vdbe/value/text.ts";
import { argCText, argIntClamped } from "./args.ts";
import { type FuncContext, FuncFlag, type FunctionRegistry } from "./registry.ts";

/** The SQLite version tsqlite reports and mirrors. */
export const SQLITE_VERSION = "3.53.2";

const D = FuncFlag.DETERMINISTIC;

/** Escape a string as an SQL literal body ('' doubling). */
function sqlQuoteText(s: string): string {
  return "'" + s.replaceAll("'", "''") + "'";
}

/** quote(X) text, as `sqlite3QuoteValue` (func.c). Cold-ish. */
export function quoteValue(m: Mem): string {
  switch (m.type) {
    case MemType.NULL:
      return "NULL";
    case MemType.INT:
      return m.big === null ? String(m.n) : m.big.toString();
    case MemType.REAL: {
      // Finite values as REAL → TEXT ("%!.17g"); ±Inf as "%!0.15g" does: 9.0e+999.
      const r = m.n;
      if (Number.isFinite(r)) return realToText(r);
      return r > 0 ? "9.0e+999" : "-9.0e+999";
    }
    case MemType.TEXT: {
      const z = m.s.indexOf("\0");
      return sqlQuoteText(z < 0 ? m.s : m.s.slice(0, z));
    }
    default: {
      return "X'" + bytesToHexUpper(m.b) + "'";
    }
  }
}

/** Random 64-bit integer as SQLite's random(): never INT64_MIN. */
function randomInt64(): bigint {
  const buf = new BigInt64Array(1);
  crypto.getRandomValues(buf);
  let r = buf[0];
  if (r < 0n) r = -(r & 0x7fffffffffffffffn);
  return r;
}

/** Register the core functions. Cold. */
export function registerCore(reg: FunctionRegistry): void {
  const firstNonNull = (ctx: FuncContext, args: Mem[], out: Mem) => {
    for (let i = 0; i < ctx.nArg; i++) {
      if (args[i].type !== MemType.NULL) {
        out.copyFrom(args[i]);
        return;
      }
    }
    out.setNull();
  };
  reg.scalar("coalesce", -1, D | FuncFlag.INLINE, firstNonNull, 2);
  reg.scalar("ifnull", 2, D | FuncFlag.INLINE, firstNonNull);
  const iif = (ctx: FuncContext, args: Mem[], out: Mem) => {
    // iif(c1, v1, c2, v2, …, [else]) — the CASE form of 3.48+
    const n = ctx.nArg;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      if (truthValue(args[i]) === true) {
        out.copyFrom(args[i + 1]);
        return;
      }
    }
    if (i < n) out.copyFrom(args[i]);
    else out.setNull();
  };
  reg.scalar("iif", -1, D | FuncFlag.INLINE, iif, 2);
  reg.scalar("if", -1, D | FuncFlag.INLINE, iif, 2);
  reg.scalar("nullif", 2, D | FuncFlag.NEEDCOLL, (ctx, args, out) => {
    if (compareMem(args[0], args[1], ctx.coll) !== 0) out.copyFrom(args[0]);
    else out.setNull();
  });
  const typeNames = ["null", "integer", "real", "text", "blob"];
  reg.scalar("typeof", 1, D, (_ctx, args, out) => out.setText(typeNames[args[0].type]));
  const identity = (_ctx: FuncContext, args: Mem[], out: Mem) => out.copyFrom(args[0]);
  reg.scalar("likely", 1, D | FuncFlag.INLINE, identity);
  reg.scalar("unlikely", 1, D | FuncFlag.INLINE, identity);
  reg.scalar("likelihood", 2, D | FuncFlag.INLINE, (_ctx, args, out) => {
    const p = args[1];
    // SQLite insists on a floating-point literal (TK_FLOAT) between 0.0 and 1.0.
    const ok = p.type === MemType.REAL && p.n >= 0 && p.n <= 1;
    if (!ok) {
      throw new SqliteError(
        "second argument to likelihood() must be a constant between 0.0 and 1.0",
      );
    }
    out.copyFrom(args[0]);
  });
  const minmax = (isMax: boolean) => (ctx: FuncContext, args: Mem[], out: Mem) => {
    if (args[0].type === MemType.NULL) return out.setNull();
    let best = 0;
    for (let i = 1; i < ctx.nArg; i++) {
      if (args[i].type === MemType.NULL) return out.setNull();
      const c = compareMem(args[best], args[i], ctx.coll);
      if (isMax ? c < 0 : c >= 0) best = i;
    }
    out.copyFrom(args[best]);
  };
  reg.scalar("min", -1, D | FuncFlag.NEEDCOLL, minmax(false), 2);
  reg.scalar("max", -1, D | FuncFlag.NEEDCOLL, minmax(true), 2);
  reg.scalar("quote", 1, D, (_ctx, args, out) => out.setText(quoteValue(args[0])));
  reg.scalar("unistr_quote", 1, D, (_ctx, args, out) => {
    const m = args[0];
    if (m.type !== MemType.TEXT) return out.setText(quoteValue(m));
    const z = m.s.indexOf("\0");
    const t = z < 0 ? m.s : m.s.slice(0, z);
    // "%#Q": text with control characters becomes unistr('…') with \uXXXX escapes
    let hasControl = false;
    for (let i = 0; i < t.length && !hasControl; i++) hasControl = t.charCodeAt(i) < 0x20;
    if (!hasControl) return out.setText(sqlQuoteText(t));
    let body = "";
    for (const ch of t) {
      const c = ch.charCodeAt(0);
      if (c < 0x20) body += "\\u" + c.toString(16).padStart(4, "0");
      else if (ch === "\\") body += "\\\\";
      else if (ch === "'") body += "''";
      else body += ch;
    }
    out.setText("unistr('" + body + "')");
  });
  reg.scalar("random", 0, FuncFlag.VOLATILE, (_ctx, _args, out) => out.setBigInt(randomInt64()));
  reg.scalar("randomblob", 1, FuncFlag.VOLATILE, (_ctx, args, out) => {
    let n = argIntClamped(args[0]);
    if (n < 1) n = 1;
    if (n > 1000000000) throw new SqliteError("string or blob too big", "SQLITE_TOOBIG");
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i += 65536) crypto.getRandomValues(b.subarray(i, i + 65536));
    out.setBlob(b);
  });
  reg.scalar("zeroblob", 1, D, (_ctx, args, out) => {
    let n = argIntClamped(args[0]);
    if (n < 0) n = 0;
    if (n > 1000000000) throw new SqliteError("string or blob too big", "SQLITE_TOOBIG");
    out.setBlob(new Uint8Array(n));
  });
  reg.scalar("sqlite_version", 0, D, (_ctx, _args, out) => out.setText(SQLITE_VERSION));
  reg.scalar("last_insert_rowid", 0, FuncFlag.VOLATILE, (ctx, _args, out) => {
    out.setSqlInt(ctx.conn.lastInsertRowid());
  });
  reg.scalar("changes", 0, FuncFlag.VOLATILE, (ctx, _args, out) => {
    out.setSqlInt(ctx.conn.changes());
  });
  reg.scalar("total_changes", 0, FuncFlag.VOLATILE, (ctx, _args, out) => {
    out.setSqlInt(ctx.conn.totalChanges());
  });
}

/** sqlite_source_id() of the SQLite release tsqlite mirrors. */
export const SQLITE_SOURCE_ID =
  "2026-06-03 19:12:13 d6e03d8c777cfa2d35e3b60d8ec3e0187f3e9f99d8e2ee9cac695fd6fcdf1a24";

/**
 * The compile-time options of the SQLite build tsqlite mirrors (better-sqlite3 12.11.1's
 * bundled SQLite), in `PRAGMA compile_options` order.
 */
export const COMPILE_OPTIONS: readonly string[] = [
  "ATOMIC_INTRINSICS=1",
  "COMPILER=gcc-12.2.0",
  "DEFAULT_AUTOVACUUM",
  "DEFAULT_CACHE_SIZE=-16000",
  "DEFAULT_FILE_FORMAT=4",
  "DEFAULT_FOREIGN_KEYS",
  "DEFAULT_JOURNAL_SIZE_LIMIT=-1",
  "DEFAULT_MEMSTATUS=0",
  "DEFAULT_MMAP_SIZE=0",
  "DEFAULT_PAGE_SIZE=4096",
  "DEFAULT_PCACHE_INITSZ=20",
  "DEFAULT_RECURSIVE_TRIGGERS",
  "DEFAULT_SECTOR_SIZE=4096",
  "DEFAULT_SYNCHRONOUS=2",
  "DEFAULT_WAL_AUTOCHECKPOINT=1000",
  "DEFAULT_WAL_SYNCHRONOUS=1",
  "DEFAULT_WORKER_THREADS=0",
  "DIRECT_OVERFLOW_READ",
  "DQS=0",
  "ENABLE_COLUMN_METADATA",
  "ENABLE_DBSTAT_VTAB",
  "ENABLE_FTS3",
  "ENABLE_FTS3_PARENTHESIS",
  "ENABLE_FTS4",
  "ENABLE_FTS5",
  "ENABLE_GEOPOLY",
  "ENABLE_MATH_FUNCTIONS",
  "ENABLE_PERCENTILE",
  "ENABLE_RTREE",
  "ENABLE_STAT4",
  "ENABLE_UPDATE_DELETE_LIMIT",
  "LIKE_DOESNT_MATCH_BLOBS",
  "MALLOC_SOFT_LIMIT=1024",
  "MAX_ATTACHED=10",
  "MAX_COLUMN=2000",
  "MAX_COMPOUND_SELECT=500",
  "MAX_DEFAULT_PAGE_SIZE=8192",
  "MAX_EXPR_DEPTH=1000",
  "MAX_FUNCTION_ARG=1000",
  "MAX_LENGTH=1000000000",
  "MAX_LIKE_PATTERN_LENGTH=50000",
  "MAX_MMAP_SIZE=0x7fff0000",
  "MAX_PAGE_COUNT=0xfffffffe",
  "MAX_PAGE_SIZE=65536",
  "MAX_SQL_LENGTH=1000000000",
  "MAX_TRIGGER_DEPTH=1000",
  "MAX_VARIABLE_NUMBER=32766",
  "MAX_VDBE_OP=250000000",
  "MAX_WORKER_THREADS=8",
  "MUTEX_PTHREADS",
  "OMIT_DEPRECATED",
  "OMIT_PROGRESS_CALLBACK",
  "OMIT_SHARED_CACHE",
  "OMIT_TCL_VARIABLE",
  "SOUNDEX",
  "SYSTEM_MALLOC",
  "TEMP_STORE=1",
  "THREADSAFE=2",
  "USE_URI",
];

/** sqlite3_compileoption_used: the option name, with or without "SQLITE_", up to any '='. */
export function compileOptionUsed(name: string): boolean {
  let n = name;
  if (n.length >= 7 && n.slice(0, 7).toUpperCase() === "SQLITE_") n = n.slice(7);
  const len = n.length;
  for (const opt of COMPILE_OPTIONS) {
    if (opt.length >= len && opt.slice(0, len).toUpperCase() === n.toUpperCase()) {
      const next = opt.charCodeAt(len);
      if (Number.isNaN(next) || next === 61 /* = */) return true;
    }
  }
  return false;
}

/** Register sqlite_source_id, sqlite_compileoption_used/get, subtype, sqlite_log, load_extension. Cold. */
export function registerBuildInfo(reg: FunctionRegistry): void {
  reg.scalar("subtype", 1, D, (_ctx, args, out) => out.setInt(args[0].subtype));
  reg.scalar("sqlite_log", 2, FuncFlag.VOLATILE, (_ctx, _args, out) => out.setNull());
  const noExtensions = () => {
    throw new SqliteError("not authorized");
  };
  reg.scalar("load_extension", 1, FuncFlag.VOLATILE, noExtensions);
  reg.scalar("load_extension", 2, FuncFlag.VOLATILE, noExtensions);
  reg.scalar("sqlite_source_id", 0, D, (_ctx, _args, out) => out.setText(SQLITE_SOURCE_ID));
  reg.scalar("sqlite_compileoption_used", 1, D, (_ctx, args, out) => {
    const t = argCText(args[0]);
    if (t === null) return out.setNull();
    out.setInt(compileOptionUsed(t) ? 1 : 0);
  });
  reg.scalar("sqlite_compileoption_get", 1, D, (_ctx, args, out) => {
    const i = argIntClamped(args[0]);
    if (i < 0 || i >= COMPILE_OPTIONS.length) return out.setNull();
    out.setText(COMPILE_OPTIONS[i]);
  });
}
