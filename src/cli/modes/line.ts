/**
 * Line mode: one `name = value` line per column, names right-aligned by UTF-8 byte count (as
 * the shell's printf does), a blank line between rows. Follows: shell.c.in shell_callback MODE_Line.
 * Must never: do I/O.
 * @module
 */
import { byteWidth, cellText } from "../values.ts";
import { type ChunkPosition, type OutputSettings, type ResultSet, WHOLE } from "./settings.ts";

/** Render line-mode output of one result (or one chunk of it). */
export function renderLine(r: ResultSet, st: OutputSettings, at: ChunkPosition = WHOLE): string {
  let w = 5;
  for (const n of r.names) w = Math.max(w, byteWidth(n));
  let out = "";
  r.rows.forEach((row, k) => {
    if (k > 0 || !at.first) out += st.rowSep;
    for (let i = 0; i < row.length; i++) {
      const name = r.names[i];
      out += " ".repeat(Math.max(0, w - byteWidth(name))) + name + " = " +
        cellText(row[i], st.nullValue) + "\n";
    }
  });
  return out;
}
