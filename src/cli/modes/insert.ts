/**
 * Insert mode: each row as `INSERT INTO <table>[(cols)] VALUES(...);` (the column list when
 * headers are on); TEXT with newlines is rebuilt with replace() as in .dump. Follows: shell.c.in shell_callback MODE_Insert.
 * Must never: do I/O.
 * @module
 */
import { type Cell, cellLiteral, cString, escapedTextLiteral, quoteIdent } from "../values.ts";
import { MemType } from "../../vdbe/mem.ts";

function insertLiteral(c: Cell): string {
  return c.t === MemType.TEXT ? escapedTextLiteral(cString(c.v as string)) : cellLiteral(c);
}
import type { OutputSettings, ResultSet } from "./settings.ts";

/** Render insert-mode output of one result. */
export function renderInsert(r: ResultSet, st: OutputSettings): string {
  const head = `INSERT INTO ${quoteIdent(st.tableName)}` +
    (st.headers ? `(${r.names.map(quoteIdent).join(",")})` : "");
  let out = "";
  for (const row of r.rows) {
    out += `${head} VALUES(${row.map(insertLiteral).join(",")});\n`;
  }
  return out;
}
