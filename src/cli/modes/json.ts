/**
 * JSON mode: an array of objects, one per line, `]` after the last.
 * Follows: shell.c.in shell_callback MODE_Json.
 * Must never: do I/O.
 * @module
 */
import { cellJson, jsonString } from "../values.ts";
import { type ChunkPosition, type ResultSet, WHOLE } from "./settings.ts";

/** Render json-mode output of one result (or one chunk of it). */
export function renderJson(r: ResultSet, at: ChunkPosition = WHOLE): string {
  if (r.rows.length === 0) return at.last && !at.first ? "]\n" : "";
  const keys = r.names.map(jsonString);
  const lines = r.rows.map((row) => {
    let s = "{";
    for (let i = 0; i < row.length; i++) {
      if (i > 0) s += ",";
      s += keys[i] + ":" + cellJson(row[i]);
    }
    return s + "}";
  });
  return (at.first ? "[" : ",\n") + lines.join(",\n") + (at.last ? "]\n" : "");
}
