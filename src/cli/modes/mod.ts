/**
 * The shell's output modes: one entry point that renders a statement's result in the current
 * mode. Follows: shell.c.in's mode dispatch (shell_callback / exec_prepared_stmt_columnar).
 * Must never: do I/O.
 * @module
 */
import { renderColumnar } from "./columnar.ts";
import { renderDelimited } from "./delimited.ts";
import { renderInsert } from "./insert.ts";
import { renderJson } from "./json.ts";
import { renderLine } from "./line.ts";
import { type ChunkPosition, type OutputSettings, type ResultSet, WHOLE } from "./settings.ts";

export * from "./settings.ts";
export { csvField } from "./delimited.ts";

/** True for the modes that can print a result chunk by chunk (all but the columnar ones). */
export function isStreaming(st: OutputSettings): boolean {
  return !["column", "box", "table", "markdown"].includes(st.mode);
}

/**
 * Render one statement's result (or, in a streaming mode, one chunk of its rows) as text in the
 * settings' mode.
 */
export function renderResult(r: ResultSet, st: OutputSettings, at: ChunkPosition = WHOLE): string {
  switch (st.mode) {
    case "list":
    case "csv":
    case "tabs":
    case "quote":
      return renderDelimited(r, st, at);
    case "line":
      return renderLine(r, st, at);
    case "json":
      return renderJson(r, at);
    case "insert":
      return renderInsert(r, st);
    default:
      return renderColumnar(r, st);
  }
}
