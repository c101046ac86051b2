/**
 * Delimited output modes: list, csv, tabs and quote — one line per row, values joined by the
 * column separator, an optional header line.
 * Follows: shell.c.in shell_callback (MODE_List, MODE_Csv, MODE_Quote) and output_csv's quoting
 * (a value is quoted when empty, or when it has a character ≤ space, a quote (`"` or `'`), the
 * separator, or a byte ≥ 0x7f).
 * Must never: do I/O (returns text).
 * @module
 */
import { type Cell, cellLiteral, cellText, textLiteral } from "../values.ts";
import { MemType } from "../../vdbe/mem.ts";
import { type ChunkPosition, type OutputSettings, type ResultSet, WHOLE } from "./settings.ts";

/** True if a CSV field needs quotes. */
function needsCsvQuote(s: string, sep: string): boolean {
  if (s.length === 0) return true;
  if (sep.length > 0 && s.includes(sep)) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x22 || c === 0x27 || c >= 0x7f) return true;
  }
  return false;
}

/** A CSV field. */
export function csvField(s: string, sep: string): string {
  return needsCsvQuote(s, sep) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvCell(c: Cell, st: OutputSettings): string {
  if (c.t === MemType.NULL) return st.nullValue;
  return csvField(cellText(c, st.nullValue), st.colSep);
}

/** Render list / tabs / csv / quote output of one result (or one chunk of it). */
export function renderDelimited(
  r: ResultSet,
  st: OutputSettings,
  at: ChunkPosition = WHOLE,
): string {
  if (r.rows.length === 0) return "";
  let out = "";
  const mode = st.mode;
  if (st.headers && at.first) {
    const hs = r.names.map((n) =>
      mode === "csv" ? csvField(n, st.colSep) : mode === "quote" ? textLiteral(n) : n
    );
    out += hs.join(mode === "quote" ? "," : st.colSep) + st.rowSep;
  }
  for (const row of r.rows) {
    let line = "";
    for (let i = 0; i < row.length; i++) {
      const c = row[i];
      if (mode === "quote") {
        if (i > 0) line += ",";
        line += cellLiteral(c);
      } else {
        if (i > 0) line += st.colSep;
        line += mode === "csv" ? csvCell(c, st) : cellText(c, st.nullValue);
      }
    }
    out += line + st.rowSep;
  }
  return out;
}
