/**
 * Reads the sqllogictest corpus (/work/shared/slt) for the front-end tests: every SQL text of
 * `statement` and `query` records that SQLite runs (records under `onlyif <other engine>` or
 * `skipif sqlite` are left out), optionally capped per file by an even sample.
 * @module
 */
import { parseSlt } from "../slt/slt_parse.ts";

/** The corpus root. */
export const SLT_ROOT = "/work/shared/slt";

/** One SQL text from the corpus. */
export interface SltSql {
  file: string;
  line: number;
  sql: string;
  expectError: boolean;
}

function listTests(dir: string, out: string[]): void {
  for (const e of Deno.readDirSync(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) listTests(p, out);
    else if (e.name.endsWith(".test")) out.push(p);
  }
}

/** Every `.test` file under the corpus root, sorted. */
export function sltFiles(): string[] {
  const out: string[] = [];
  listTests(SLT_ROOT, out);
  return out.sort();
}

/** SQL texts of one file that SQLite runs; `cap` keeps an even sample of at most that many. */
export function sltSql(file: string, cap = Infinity): SltSql[] {
  const all: SltSql[] = [];
  for (const r of parseSlt(Deno.readTextFileSync(file))) {
    if (r.kind !== "statement" && r.kind !== "query") continue;
    const runsOnSqlite = r.conditions.every((c) =>
      c.kind === "onlyif" ? c.engine === "sqlite" : c.engine !== "sqlite"
    );
    if (!runsOnSqlite) continue;
    all.push({
      file,
      line: r.line,
      sql: r.sql,
      expectError: r.kind === "statement" && r.expectError,
    });
  }
  if (all.length <= cap) return all;
  const out: SltSql[] = [];
  const step = all.length / cap;
  for (let k = 0; k < cap; k++) out.push(all[Math.floor(k * step)]);
  return out;
}
