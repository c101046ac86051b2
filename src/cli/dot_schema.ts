/**
 * Schema dot commands: `.tables`, `.schema`, `.indexes` and `.dbinfo`, answered from
 * sqlite_schema and the database header.
 * Follows: shell.c.in (.tables column layout, .schema's printSchemaLine which writes
 * `CREATE TABLE IF NOT EXISTS` for quoted table names and adds a `/* view(cols) *\/` comment to
 * views, shell_dbinfo_command's fields).
 * Must never: modify the database.
 * @module
 */
import type { Shell } from "./shell.ts";
import { quoteIdent } from "./values.ts";

/** One schema line as `.schema`/`.dump` print it (without the final `;`). */
export function schemaLine(sql: string): string {
  const m = /^CREATE TABLE ['"]/.exec(sql);
  if (m && sql.startsWith("CREATE TABLE ")) return "CREATE TABLE IF NOT EXISTS " + sql.slice(13);
  return sql;
}

/** `.tables ?PATTERN?`: table and view names in columns 80 characters wide. */
export function tablesCommand(sh: Shell, args: string[]): void {
  const pattern = args[0] ?? "%";
  let names: string[];
  try {
    names = sh.query(
      "SELECT name FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' " +
        "AND name LIKE :p ORDER BY 1",
      [{ p: pattern }],
    ).map((r) => String(r[0]));
  } catch (e) {
    sh.fail(`Error: ${(e as Error).message}`);
    return;
  }
  if (names.length === 0) return;
  const maxlen = Math.max(...names.map((n) => n.length));
  const nCol = Math.max(1, Math.floor(80 / (maxlen + 2)));
  const nRow = Math.ceil(names.length / nCol);
  let out = "";
  for (let i = 0; i < nRow; i++) {
    for (let j = i; j < names.length; j += nRow) {
      out += (j === i ? "" : "  ") + names[j].padEnd(maxlen);
    }
    out += "\n";
  }
  sh.print(out);
}

/** `.indexes ?TABLE?`: index names, one per line. */
export function indexesCommand(sh: Shell, args: string[]): void {
  if (args.length > 1) {
    sh.fail("Usage: .indexes ?LIKE-PATTERN?");
    return;
  }
  try {
    const rows = sh.query(
      "SELECT name FROM sqlite_schema WHERE type='index' AND tbl_name LIKE :p ORDER BY 1",
      [{ p: args[0] ?? "%" }],
    );
    sh.print(rows.map((r) => `${r[0]}\n`).join(""));
  } catch (e) {
    sh.fail(`Error: ${(e as Error).message}`);
  }
}

/** `.schema ?PATTERN?`: the CREATE statements, in schema order. */
export function schemaCommand(sh: Shell, args: string[]): void {
  const pattern = args.filter((a) => !a.startsWith("--"))[0];
  let rows: unknown[][];
  try {
    rows = pattern === undefined
      ? sh.query(
        "SELECT sql, type, name FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid",
      )
      : sh.query(
        "SELECT sql, type, name FROM sqlite_schema WHERE sql IS NOT NULL AND " +
          "(name LIKE :p OR (type IN ('index','trigger') AND tbl_name LIKE :p)) ORDER BY rowid",
        [{ p: pattern }],
      );
  } catch (e) {
    sh.fail(`Error: ${(e as Error).message}`);
    return;
  }
  let out = "";
  for (const [sql, type, name] of rows) {
    let line = schemaLine(String(sql));
    if (type === "view") {
      try {
        const cols = sh.query(`PRAGMA table_info(${sqlString(String(name))})`)
          .map((r) => quoteIdent(String(r[1])));
        if (cols.length) line += `\n/* ${quoteIdent(String(name))}(${cols.join(",")}) */`;
      } catch { /* a view whose columns cannot be resolved gets no comment */ }
    }
    out += line + ";\n";
  }
  sh.print(out);
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** `.dbinfo`: header fields and schema counts. */
export function dbinfo(sh: Shell): void {
  let hdr: Uint8Array;
  try {
    hdr = sh.conn.serialize().subarray(0, 100);
  } catch (e) {
    sh.fail(`Error: ${(e as Error).message}`);
    return;
  }
  if (hdr.length < 100) {
    sh.fail("unable to read database header");
    return;
  }
  const u16 = (o: number) => (hdr[o] << 8) | hdr[o + 1];
  const u32 = (o: number) =>
    ((hdr[o] << 24) >>> 0) + (hdr[o + 1] << 16) + (hdr[o + 2] << 8) + hdr[o + 3];
  const line = (name: string, v: string | number) => `${name.padEnd(20)} ${v}\n`;
  const ps = u16(16);
  let out = line("database page size:", ps === 1 ? 65536 : ps);
  out += line("write format:", hdr[18]);
  out += line("read format:", hdr[19]);
  out += line("reserved bytes:", hdr[20]);
  const fields: [string, number][] = [
    ["file change counter:", 24],
    ["database page count:", 28],
    ["freelist page count:", 36],
    ["schema cookie:", 40],
    ["schema format:", 44],
    ["default cache size:", 48],
    ["autovacuum top root:", 52],
    ["incremental vacuum:", 64],
    ["text encoding:", 56],
    ["user version:", 60],
    ["application id:", 68],
    ["software version:", 96],
  ];
  for (const [name, ofs] of fields) {
    const v = u32(ofs);
    const enc = name === "text encoding:"
      ? ["", " (utf8)", " (utf16le)", " (utf16be)"][v] ?? ""
      : "";
    out += line(name, `${v}${enc}`);
  }
  const counts: [string, string][] = [
    ["number of tables:", "SELECT count(*) FROM sqlite_schema WHERE type='table'"],
    ["number of indexes:", "SELECT count(*) FROM sqlite_schema WHERE type='index'"],
    ["number of triggers:", "SELECT count(*) FROM sqlite_schema WHERE type='trigger'"],
    ["number of views:", "SELECT count(*) FROM sqlite_schema WHERE type='view'"],
    ["schema size:", "SELECT total(length(sql)) FROM sqlite_schema"],
  ];
  for (const [name, sql] of counts) {
    try {
      out += line(name, Math.trunc(Number(sh.query(sql)[0][0])));
    } catch (e) {
      sh.fail(`Error: ${(e as Error).message}`);
      return;
    }
  }
  sh.print(out);
}
