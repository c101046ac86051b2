/**
 * `.import FILE TABLE`: load CSV (or separator-delimited) text into a table — created with one
 * TEXT column per header field when it does not exist, otherwise every record is data; short
 * records are padded with NULL and long ones cut, with the shell's warnings.
 * Follows: shell.c.in's .import (messages `FILE:LINE: expected N columns but found M - filling
 * the rest with NULL` / `- extras ignored`; options --csv, --skip N).
 * Must never: read the file itself (the host does) or leave a transaction open.
 * @module
 */
import { parseCsv } from "./csv.ts";
import type { Shell } from "./shell.ts";

function ident(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** ASCII case folding, as the NOCASE collation does. */
function nocase(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Column names for a new table from a header record, as the shell's zAutoColumn makes them:
 * empty names become "?", and every name that occurs more than once (ignoring ASCII case) gets
 * "_" and its 1-based position, zero-padded to the digits of the column count (more zeros while
 * the new names still collide). Returns the names and the `"old" to "new"` notes.
 */
export function columnNames(fields: string[]): { names: string[]; renamed: string[] } {
  const base = fields.map((f) => (f.length > 0 ? f : "?"));
  const n = base.length;
  const counts = new Map<string, number>();
  for (const b of base) counts.set(nocase(b), (counts.get(nocase(b)) ?? 0) + 1);
  const repeated = base.map((b) => (counts.get(nocase(b)) ?? 0) > 1);
  const digits = Math.max(1, Math.ceil(Math.log10(n + 0.5)));
  let names = base;
  for (let nlz = 0; nlz < 20; nlz++) {
    names = base.map((b, i) =>
      repeated[i] ? `${b}_${"0".repeat(nlz)}${String(i + 1).padStart(digits, "0")}` : b
    );
    if (new Set(names.map(nocase)).size === n) break;
  }
  const renamed: string[] = [];
  names.forEach((nm, i) => {
    if (nm !== base[i] || repeated[i]) renamed.push(`${ident(fields[i] || "?")} to ${ident(nm)}`);
  });
  return { names, renamed };
}

/** `.import ?--csv? ?--skip N? FILE TABLE`. */
export function importCommand(sh: Shell, args: string[]): void {
  let skip = 0;
  let csv = sh.settings.mode === "csv";
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--csv") csv = true;
    else if (args[i] === "--skip") skip = Number.parseInt(args[++i] ?? "0", 10) || 0;
    else if (args[i] === "-v" || args[i] === "--ascii") continue;
    else rest.push(args[i]);
  }
  if (rest.length !== 2) {
    sh.fail("Usage: .import FILE TABLE");
    return;
  }
  const [file, table] = rest;
  let text: string;
  try {
    text = sh.host.readFile(file);
  } catch {
    sh.fail(`Error: cannot open "${file}"`);
    return;
  }
  const sep = csv ? "," : sh.settings.colSep;
  // As the sqlite3 shell does: importing in csv mode turns the \r\n output row separator into \n.
  if (sh.settings.mode === "csv" && sh.settings.rowSep === "\r\n") sh.settings.rowSep = "\n";
  const parsed = parseCsv(text, sep);
  // Warnings come out as the shell reads each record: before that record is used.
  const warnAt = (k: number): void => {
    for (const [line, msg, rec] of parsed.warnings) {
      if (rec === k + skip) sh.host.stderr(`${file}:${line}: ${msg}\n`);
    }
  };
  for (let k = -skip; k < 0; k++) warnAt(k);
  const records = parsed.records.slice(skip);
  if (records.length === 0) return;
  const db = sh.db;
  let nCol: number;
  let start = 0;
  const exists = sh.query(
    "SELECT count(*) FROM sqlite_schema WHERE type IN ('table','view') AND name = :p",
    [{ p: table }],
  )[0][0] as number;
  try {
    if (!exists) warnAt(0);
    if (!exists) {
      const { names: cols, renamed } = columnNames(records[0].fields);
      if (renamed.length > 0) {
        sh.host.stderr(
          `Columns renamed during .import ${file} due to duplicates:\n${renamed.join(",\n")}\n`,
        );
      }
      const create = `CREATE TABLE ${ident(table)}(\n` +
        cols.map((c, i) => (i === 0 ? "" : i % 4 === 0 ? ",\n " : ", ") + `${ident(c)} TEXT`)
          .join("") +
        ")";
      db.exec(create);
      nCol = cols.length;
      start = 1;
    } else {
      nCol = sh.query(`PRAGMA table_info(${ident(table)})`).length;
    }
  } catch (e) {
    sh.fail(`Error: ${(e as Error).message}`);
    return;
  }
  const insert = db.prepare(
    `INSERT INTO ${ident(table)} VALUES(${Array.from({ length: nCol }, () => "?").join(",")})`,
  );
  const tx = !db.inTransaction;
  if (tx) db.exec("BEGIN");
  try {
    for (let r = start; r < records.length; r++) {
      warnAt(r);
      const rec = records[r];
      const values: (string | null)[] = rec.fields.slice(0, nCol);
      if (rec.fields.length < nCol) {
        sh.host.stderr(
          `${file}:${rec.line}: expected ${nCol} columns but found ${rec.fields.length}` +
            " - filling the rest with NULL\n",
        );
        while (values.length < nCol) values.push(null);
      } else if (rec.fields.length > nCol) {
        sh.host.stderr(
          `${file}:${rec.line}: expected ${nCol} columns but found ${rec.fields.length}` +
            " - extras ignored\n",
        );
      }
      try {
        insert.run(values);
      } catch (e) {
        sh.fail(`${file}:${rec.line}: INSERT failed: ${(e as Error).message}`);
      }
      if (sh.host.isTty && r % 50000 === 0 && r > 0) sh.host.stderr(`\r.import: ${r} rows`);
    }
    warnAt(records.length);
    if (sh.host.isTty && records.length > 50000) sh.host.stderr("\n");
    if (tx) db.exec("COMMIT");
  } catch (e) {
    if (tx && db.inTransaction) db.exec("ROLLBACK");
    sh.fail(`Error: ${(e as Error).message}`);
  }
}
