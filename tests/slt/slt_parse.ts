/**
 * sqllogictest file parser — the record format of SQLite's sqllogictest (about.wiki),
 * as summarised in /work/shared/slt/README.md.
 *
 * Owns: splitting a `.test` file into records (`statement ok|error`, `query <types> <sort>
 * [label]`, `hash-threshold N`, `halt`) with their `skipif`/`onlyif` conditions and line numbers.
 * Must never: run SQL or interpret results (see ./slt_run.ts).
 * @module
 */

/** How query results are sorted before comparison. */
export type SortMode = "nosort" | "rowsort" | "valuesort";

/** A condition line before a record. */
export interface Condition {
  readonly kind: "skipif" | "onlyif";
  readonly engine: string;
}

/** One record of a test file. */
export type SltRecord =
  | {
    readonly kind: "statement";
    readonly line: number;
    readonly conditions: readonly Condition[];
    readonly expectError: boolean;
    readonly sql: string;
  }
  | {
    readonly kind: "query";
    readonly line: number;
    readonly conditions: readonly Condition[];
    readonly types: string;
    readonly sort: SortMode;
    readonly label: string | null;
    readonly sql: string;
    /** Expected lines after `----` (values one per line, or one hash line). */
    readonly expected: readonly string[];
  }
  | {
    readonly kind: "hash-threshold";
    readonly line: number;
    readonly conditions: readonly Condition[];
    readonly threshold: number;
  }
  | { readonly kind: "halt"; readonly line: number; readonly conditions: readonly Condition[] };

/**
 * Parse a whole file. Records are separated by blank lines; `#` lines are comments and are
 * dropped even inside SQL. Unknown record headers raise an Error naming the line. Cold.
 */
export function parseSlt(text: string): SltRecord[] {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const out: SltRecord[] = [];
  let i = 0;
  const n = lines.length;
  while (i < n) {
    // Gather one block: consecutive non-blank lines, comments dropped.
    while (i < n && lines[i].trim() === "") i++;
    if (i >= n) break;
    const block: { text: string; line: number }[] = [];
    while (i < n && lines[i].trim() !== "") {
      if (!lines[i].startsWith("#")) block.push({ text: lines[i], line: i + 1 });
      i++;
    }
    if (block.length === 0) continue;
    const conditions: Condition[] = [];
    let k = 0;
    while (k < block.length) {
      const w = block[k].text.trim().split(/\s+/);
      if (w[0] === "skipif" || w[0] === "onlyif") {
        conditions.push({ kind: w[0], engine: (w[1] ?? "").toLowerCase() });
        k++;
      } else break;
    }
    if (k >= block.length) continue;
    const head = block[k];
    const words = head.text.trim().split(/\s+/);
    const body = block.slice(k + 1).map((b) => b.text);
    switch (words[0]) {
      case "statement": {
        const mode = words[1];
        if (mode !== "ok" && mode !== "error") {
          throw new Error(`line ${head.line}: bad statement mode ${mode}`);
        }
        out.push({
          kind: "statement",
          line: head.line,
          conditions,
          expectError: mode === "error",
          sql: body.join("\n"),
        });
        break;
      }
      case "query": {
        const types = words[1] ?? "";
        const sort = (words[2] ?? "nosort") as SortMode;
        if (sort !== "nosort" && sort !== "rowsort" && sort !== "valuesort") {
          throw new Error(`line ${head.line}: bad sort mode ${sort}`);
        }
        const sep = body.findIndex((l) => l.trim() === "----");
        const sqlLines = sep < 0 ? body : body.slice(0, sep);
        const expected = sep < 0 ? [] : body.slice(sep + 1).map((l) => l.trim());
        out.push({
          kind: "query",
          line: head.line,
          conditions,
          types,
          sort,
          label: words[3] ?? null,
          sql: sqlLines.join("\n"),
          expected,
        });
        break;
      }
      case "hash-threshold":
        out.push({
          kind: "hash-threshold",
          line: head.line,
          conditions,
          threshold: Number(words[1]),
        });
        break;
      case "halt":
        out.push({ kind: "halt", line: head.line, conditions });
        break;
      default:
        throw new Error(`line ${head.line}: unknown record ${words[0]}`);
    }
  }
  return out;
}

/** True when the record's conditions let it run on `engine` (compared case-insensitively). */
export function appliesTo(conds: readonly Condition[], engine: string): boolean {
  const e = engine.toLowerCase();
  for (const c of conds) {
    if (c.kind === "skipif" && c.engine === e) return false;
    if (c.kind === "onlyif" && c.engine !== e) return false;
  }
  return true;
}
