/**
 * JSON mode: an array of objects, one per line, `]` after the last.
 * Follows: shell.c.in shell_callback MODE_Json.
 * Must never: do I/O.
 * @module
 */
import { cellJson, jsonString } from "../values.ts";
import type { ResultSet } from "./settings.ts";

/** Render json-mode output of one result. */
export function renderJson(r: ResultSet): string {
  if (r.rows.length === 0) return "";
  const keys = r.names.map(jsonString);
  const lines = r.rows.map((row) => {
    let s = "{";
    for (let i = 0; i < row.length; i++) {
      if (i > 0) s += ",";
      s += keys[i] + ":" + cellJson(row[i]);
    }
    return s + "}";
  });
  return "[" + lines.join(",\n") + "]\n";
}
