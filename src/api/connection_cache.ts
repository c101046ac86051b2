/**
 * The connection's prepared-statement cache: parsed statements and idle compiled bodies
 * (`StatementCore`: program + VM) keyed by SQL text, so `db.prepare(sql)` of a statement seen
 * before skips the tokenizer, parser, planner and code generator (SQLite has no such cache in
 * the library; better-sqlite3 programs lean on `db.prepare(sql).run()` in loops, where parse +
 * plan dominated).
 *
 * Owns: the bounded LRU of `CacheEntry`s and their pools of idle cores; invalidation when the
 * dialect or connection flags differ, when a function is (re)defined, and (per core) when the
 * schema generation moved.
 * Must never: hand one core to two statements at once (a core holds a VM with per-run state and
 * write executors with cursors), or keep a core compiled for another schema generation.
 * Cold except `lookup` (warm: once per prepare).
 * @module
 */

import type { ParsedStatement, ParseOptions } from "../sql/ast.ts";

/** Most distinct SQL texts kept (least recently prepared dropped first). */
const MAX_ENTRIES = 128;
/** Idle compiled bodies kept per SQL text. */
const MAX_IDLE = 2;
/** Longer SQL (bulk scripts, generated VALUES lists) is not worth keeping. */
const MAX_SQL_LENGTH = 4096;

/** A compiled statement body a cache entry can pool (see connection_stmt.ts). */
export interface PooledCore {
  /** The schema generation the body was compiled at. */
  readonly generation: number;
}

/** One cached SQL text: its parse and its idle compiled bodies. */
export class CacheEntry<C extends PooledCore = PooledCore> {
  /** Idle bodies, ready to run (bindings cleared, VM reset). */
  readonly idle: C[] = [];
  /** False once evicted or cleared: bodies released to it are dropped. */
  live = true;

  constructor(
    /** The SQL text (the whole string handed to prepare, at offset 0). */
    readonly sql: string,
    /** Its parse (immutable: compilation never alters the AST). */
    readonly parsed: ParsedStatement,
    /** The dialect it was parsed with. */
    readonly dialect: Readonly<ParseOptions>,
    /** The connection flags it was compiled under (see `flagsKey`). */
    readonly flags: number,
  ) {}

  /** An idle body compiled at `generation`, or null (stale bodies are dropped). Warm. */
  take(generation: number): C | null {
    const idle = this.idle;
    while (idle.length > 0) {
      const c = idle.pop()!;
      if (c.generation === generation) return c;
    }
    return null;
  }

  /** Offer an idle body back; false if it was not kept (the caller drops it). Warm. */
  give(core: C, generation: number): boolean {
    if (!this.live || core.generation !== generation || this.idle.length >= MAX_IDLE) return false;
    this.idle.push(core);
    return true;
  }
}

/**
 * The per-connection LRU of cache entries.
 *
 * @example
 * ```ts
 * import { StatementCache } from "./connection_cache.ts";
 * import { parseOne } from "../sql/mod.ts";
 * const cache = new StatementCache();
 * const sql = "SELECT 1";
 * const e = cache.add(sql, parseOne(sql, 0), {}, 0);
 * console.log(cache.lookup(sql, {}, 0) === e); // true
 * ```
 */
export class StatementCache<C extends PooledCore = PooledCore> {
  readonly #map = new Map<string, CacheEntry<C>>();

  /** The entry for `sql` parsed with `dialect` under `flags`, or undefined. Warm. */
  lookup(sql: string, dialect: Readonly<ParseOptions>, flags: number): CacheEntry<C> | undefined {
    const map = this.#map;
    const e = map.get(sql);
    if (e === undefined) return undefined;
    if (e.dialect !== dialect || e.flags !== flags) {
      this.#drop(e);
      return undefined;
    }
    // Most recently used last: Map iteration order is insertion order.
    map.delete(sql);
    map.set(sql, e);
    return e;
  }

  /** Remember `sql`'s parse; null when it is not worth caching. Cold. */
  add(
    sql: string,
    parsed: ParsedStatement,
    dialect: Readonly<ParseOptions>,
    flags: number,
  ): CacheEntry<C> | null {
    if (sql.length > MAX_SQL_LENGTH) return null;
    const map = this.#map;
    const old = map.get(sql);
    if (old !== undefined) this.#drop(old);
    const e = new CacheEntry<C>(sql, parsed, dialect, flags);
    map.set(sql, e);
    if (map.size > MAX_ENTRIES) this.#drop(map.values().next().value!);
    return e;
  }

  /** Forget everything (a function was redefined, or the connection closes). Cold. */
  clear(): void {
    for (const e of this.#map.values()) {
      e.live = false;
      e.idle.length = 0;
    }
    this.#map.clear();
  }

  /** Number of SQL texts cached (tests). */
  get size(): number {
    return this.#map.size;
  }

  #drop(e: CacheEntry<C>): void {
    e.live = false;
    e.idle.length = 0;
    if (this.#map.get(e.sql) === e) this.#map.delete(e.sql);
  }
}

/** The connection flags that change how a statement compiles, as one number. Warm. */
export function flagsKey(
  flags: { foreignKeys: boolean; dqs: boolean; likeMatchesBlobs: boolean; trustedSchema: boolean },
): number {
  return (flags.foreignKeys ? 1 : 0) | (flags.dqs ? 2 : 0) | (flags.likeMatchesBlobs ? 4 : 0) |
    (flags.trustedSchema ? 8 : 0);
}
