/**
 * `.dump ?TABLE?`: the database as SQL text that real sqlite3 loads back to the same content —
 * `PRAGMA foreign_keys=OFF; BEGIN TRANSACTION;`, each table's CREATE statement and its rows as
 * `INSERT INTO t VALUES(…);` (REALs with "%!.20g", TEXT with newlines rebuilt by replace()),
 * sqlite_sequence as DELETE + INSERTs, sqlite_stat1 as `ANALYZE sqlite_schema;` + INSERTs, then
 * indexes, triggers and views, then `COMMIT;`.
 * Follows: shell.c.in's .dump (dump_callback, run_schema_dump_query, run_table_dump_query).
 * Must never: modify the database.
 * @module
 */
import { MemType } from "../vdbe/mem.ts";
import { schemaLine } from "./dot_schema.ts";
import type { Shell } from "./shell.ts";
import { blobLiteral, cString, escapedTextLiteral, quoteIdent, realLiteral } from "./values.ts";

function literal(t: number, v: unknown): string {
  switch (t) {
    case MemType.NULL:
      return "NULL";
    case MemType.INT:
      return String(v);
    case MemType.REAL:
      return realLiteral(v as number);
    case MemType.TEXT:
      return escapedTextLiteral(cString(v as string));
    default:
      return blobLiteral(v as Uint8Array);
  }
}

/** Write the INSERTs of one table (streaming, row by row). */
function dumpRows(sh: Shell, table: string): void {
  const st = sh.conn.prepare(`SELECT * FROM ${quoteIdent(table)}`, 0);
  if (st === null) return;
  try {
    const n = st.columnCount;
    const head = `INSERT INTO ${quoteIdent(table)} VALUES(`;
    let rows = 0;
    while (st.step()) {
      let line = head;
      for (let i = 0; i < n; i++) {
        if (i > 0) line += ",";
        line += literal(st.columnType(i), st.columnValue(i, true));
      }
      sh.print(line + ");\n");
      if (sh.host.isTty && ++rows % 100000 === 0) sh.host.stderr(`\r.dump: ${rows} rows`);
    }
    if (sh.host.isTty && rows >= 100000) sh.host.stderr("\n");
  } finally {
    st.finalize();
  }
}

/** `.dump ?TABLE-PATTERN?`. */
export function dumpCommand(sh: Shell, args: string[]): void {
  const pattern = args.filter((a) => !a.startsWith("--"))[0];
  const filter = pattern === undefined ? "" : " AND tbl_name LIKE :p";
  const params = pattern === undefined ? [] : [{ p: pattern }];
  let tables: unknown[][];
  let others: unknown[][];
  try {
    tables = sh.query(
      "SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND type='table' AND " +
        `1${filter} ORDER BY tbl_name='sqlite_sequence', rowid`,
      params,
    );
    others = sh.query(
      "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND type IN ('index','trigger','view')" +
        `${filter} ORDER BY type='view', rowid`,
      params,
    );
  } catch (e) {
    sh.fail(`Error: ${(e as Error).message}`);
    return;
  }
  sh.print("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n");
  let writableSchema = false;
  for (const [name, sql] of tables) {
    const table = String(name);
    if (/^CREATE VIRTUAL TABLE/.test(String(sql))) {
      // shell.c dump_callback: a virtual table goes straight into sqlite_schema (its module
      // makes no shadow tables twice) and its rows are not dumped
      if (!writableSchema) sh.print("PRAGMA writable_schema=ON;\n");
      writableSchema = true;
      const q = (s: string) => s.replace(/'/g, "''");
      sh.print(
        `INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','${q(table)}',` +
          `'${q(table)}',0,'${q(String(sql))}');\n`,
      );
      continue;
    }
    if (table === "sqlite_sequence") {
      sh.print("DELETE FROM sqlite_sequence;\n");
    } else if (/^sqlite_stat.$/.test(table)) {
      // The statistics tables come back through ANALYZE, then their rows.
      sh.print("ANALYZE sqlite_schema;\n");
    } else if (table.startsWith("sqlite_")) {
      continue;
    } else {
      sh.print(schemaLine(String(sql)) + ";\n");
    }
    try {
      dumpRows(sh, table);
    } catch (e) {
      sh.fail(`Error: ${(e as Error).message}`);
    }
  }
  for (const [sql] of others) sh.print(String(sql) + ";\n");
  if (writableSchema) sh.print("PRAGMA writable_schema=OFF;\n");
  sh.print("COMMIT;\n");
}
