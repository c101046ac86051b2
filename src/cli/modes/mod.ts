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
import type { OutputSettings, ResultSet } from "./settings.ts";

export * from "./settings.ts";
export { csvField } from "./delimited.ts";

/** Render one statement's result as text in the settings' mode. */
export function renderResult(r: ResultSet, st: OutputSettings): string {
  switch (st.mode) {
    case "list":
    case "csv":
    case "tabs":
    case "quote":
      return renderDelimited(r, st);
    case "line":
      return renderLine(r, st);
    case "json":
      return renderJson(r);
    case "insert":
      return renderInsert(r, st);
    default:
      return renderColumnar(r, st);
  }
}
