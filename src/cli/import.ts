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
  for (const [line, msg] of parsed.warnings) sh.host.stderr(`${file}:${line}: ${msg}\n`);
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
    if (!exists) {
      const cols = records[0].fields;
      const create = `CREATE TABLE ${ident(table)}(\n` +
        cols.map((c) => `${ident(c)} TEXT`).join(", ") + ")";
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
    if (sh.host.isTty && records.length > 50000) sh.host.stderr("\n");
    if (tx) db.exec("COMMIT");
  } catch (e) {
    if (tx && db.inTransaction) db.exec("ROLLBACK");
    sh.fail(`Error: ${(e as Error).message}`);
  }
}
