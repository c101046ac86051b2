/**
 * sqllogictest runner — executes parsed records against an engine and checks results as the
 * reference runner does (about.wiki; /work/shared/slt/README.md).
 *
 * Owns: statement ok/error checks, query type-count check, rendering, rowsort/valuesort, the
 * hash threshold (default 8), label consistency, skipif/onlyif for engine name "sqlite", halt.
 * A query whose SQL cannot be prepared fails; a runtime error while stepping only ends the
 * result set.
 * Must never: depend on which engine runs (see ./slt_engines.ts).
 * @module
 */
import { appliesTo, parseSlt, type SltRecord } from "./slt_parse.ts";
import { fixed3, md5Values, renderValue, type SltValue } from "./slt_render.ts";

/** Result of running one query: column count and rows, possibly cut short by a runtime error. */
export interface QueryResult {
  readonly columnCount: number;
  readonly rows: SltValue[][];
}

/** What the runner needs from a database engine. */
export interface SltEngine {
  /** Run a statement record's SQL; throws on error. */
  exec(sql: string): void;
  /** Prepare and run a query; throws if it cannot be prepared. */
  query(sql: string): QueryResult;
  /** The engine's REAL → TEXT conversion (what `CAST(x AS TEXT)` gives). */
  realText(x: number): string;
  /** The engine's `printf('%.3f', x)`. */
  printf3(x: number): string;
  close(): void;
}

/** One failed record. */
export interface SltFailure {
  readonly line: number;
  readonly sql: string;
  readonly reason: string;
}

/** Outcome of one file. */
export interface SltFileResult {
  /** Records run (statements + queries, after skipif/onlyif). */
  run: number;
  passed: number;
  /** Records skipped by conditions. */
  skipped: number;
  failures: SltFailure[];
  /** True if the runner stopped early (engine crash / time budget). */
  aborted: string | null;
}

/** Options for {@link runSlt}. */
export interface RunOptions {
  /** Engine name for skipif/onlyif (default "sqlite"). */
  engineName?: string;
  /** Stop after this many records (for quick subsets). */
  maxRecords?: number;
  /** Stop after this many failures are collected (the rest are counted). */
  maxFailureDetails?: number;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Run a whole file's text against `engine`. Cold (test harness). */
export function runSlt(text: string, engine: SltEngine, opts: RunOptions = {}): SltFileResult {
  const name = opts.engineName ?? "sqlite";
  const maxDetails = opts.maxFailureDetails ?? 1000;
  const records: SltRecord[] = parseSlt(text);
  const res: SltFileResult = { run: 0, passed: 0, skipped: 0, failures: [], aborted: null };
  const labels = new Map<string, string>();
  let threshold = 8;
  const fail = (r: SltRecord & { sql: string }, reason: string) => {
    if (res.failures.length < maxDetails) {
      res.failures.push({ line: r.line, sql: r.sql, reason });
    } else res.failures.push({ line: r.line, sql: "", reason: "" });
  };
  const fallback = (x: number) => engine.printf3(x);
  for (const rec of records) {
    if (!appliesTo(rec.conditions, name)) {
      if (rec.kind === "statement" || rec.kind === "query") res.skipped++;
      continue;
    }
    if (rec.kind === "halt") break;
    if (rec.kind === "hash-threshold") {
      threshold = rec.threshold;
      continue;
    }
    if (opts.maxRecords !== undefined && res.run >= opts.maxRecords) break;
    res.run++;
    if (rec.kind === "statement") {
      let err: unknown = null;
      try {
        engine.exec(rec.sql);
      } catch (e) {
        err = e;
      }
      if (rec.expectError && err === null) fail(rec, "statement succeeded, error expected");
      else if (!rec.expectError && err !== null) {
        fail(rec, `statement failed: ${(err as Error).message}`);
      } else res.passed++;
      continue;
    }
    // query
    let qr: QueryResult;
    try {
      qr = engine.query(rec.sql);
    } catch (e) {
      fail(rec, `query failed: ${(e as Error).message}`);
      continue;
    }
    if (qr.columnCount !== rec.types.length) {
      fail(rec, `wrong column count: got ${qr.columnCount}, types ${rec.types}`);
      continue;
    }
    let rows: string[][] = qr.rows.map((row) =>
      row.map((v, c) =>
        renderValue(v, rec.types[c], (x) => engine.realText(x), (x) => fixed3(x, fallback))
      )
    );
    let values: string[];
    if (rec.sort === "rowsort") {
      rows = rows.slice().sort((a, b) => {
        for (let c = 0; c < a.length; c++) {
          const d = cmpStr(a[c], b[c]);
          if (d !== 0) return d;
        }
        return 0;
      });
      values = rows.flat();
    } else if (rec.sort === "valuesort") {
      values = rows.flat().sort(cmpStr);
    } else values = rows.flat();
    const hash = md5Values(values);
    const hashLine = `${values.length} values hashing to ${hash}`;
    let ok = true;
    let reason = "";
    const exp = rec.expected;
    if (exp.length === 1 && / values hashing to /.test(exp[0])) {
      if (exp[0] !== hashLine) {
        ok = false;
        reason = `expected ${exp[0]}, got ${
          threshold > 0 && values.length > threshold ? hashLine : values.slice(0, 20).join(",")
        }`;
      }
    } else if (exp.length > 0 || rec.label === null) {
      if (exp.length !== values.length || exp.some((e, i) => e !== values[i])) {
        ok = false;
        reason =
          `expected [${exp.slice(0, 20).join(",")}${
            exp.length > 20 ? ",…" : ""
          }] (${exp.length}), ` +
          `got [${values.slice(0, 20).join(",")}${
            values.length > 20 ? ",…" : ""
          }] (${values.length})`;
      }
    }
    if (rec.label !== null) {
      const prev = labels.get(rec.label);
      if (prev === undefined) labels.set(rec.label, hashLine);
      else if (prev !== hashLine) {
        ok = false;
        reason += `${reason ? "; " : ""}label ${rec.label}: ${hashLine} differs from ${prev}`;
      }
    }
    if (ok) res.passed++;
    else fail(rec, reason);
  }
  return res;
}
