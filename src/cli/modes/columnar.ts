/**
 * Columnar modes: column, table, box and markdown — all rows are measured first, every column
 * is as wide as its widest value (display width), values are left-aligned, headers centred in
 * table/box/markdown; values are cut into display lines (tabs expanded, control characters end a
 * line, lines wrap at 60) and rows with several lines are then separated (a blank line in column
 * mode, a rule in table/box).
 * Follows: shell.c.in exec_prepared_stmt_columnar (3.4x), print_box_row_separator.
 * Must never: do I/O.
 * @module
 */
import { cellText, displayWidth } from "../values.ts";
import type { OutputSettings, ResultSet } from "./settings.ts";

/** Maximum display width of a value's line before it wraps (the shell's default `--wrap 60`). */
export const WRAP = 60;

/**
 * The display lines of a value: tabs expanded to multiples of 8, every other control character
 * ends a line, and lines longer than {@link WRAP} are cut into pieces of that width.
 */
export function displayLines(text: string): string[] {
  const out: string[] = [];
  let line = "";
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 9) {
      const n = 8 - (w % 8);
      line += " ".repeat(n);
      w += n;
    } else if (c < 32 || c === 0x7f) {
      out.push(line);
      line = "";
      w = 0;
      continue;
    } else {
      const cw = displayWidth(ch);
      if (w + cw > WRAP) {
        out.push(line);
        line = "";
        w = 0;
      }
      line += ch;
      w += cw;
    }
    if (w >= WRAP) {
      out.push(line);
      line = "";
      w = 0;
    }
  }
  if (line.length > 0 || out.length === 0) out.push(line);
  return out;
}

function pad(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - displayWidth(s)));
}

function center(s: string, w: number): string {
  const n = Math.max(0, w - displayWidth(s));
  const left = Math.floor(n / 2);
  return " ".repeat(left) + s + " ".repeat(n - left);
}

/** Render column/table/box/markdown output of one result. */
export function renderColumnar(r: ResultSet, st: OutputSettings): string {
  if (r.rows.length === 0) return "";
  const mode = st.mode;
  const showHeader = mode !== "column" || st.headers;
  const n = r.names.length;
  const cells: string[][][] = r.rows.map((row) =>
    row.map((c) => displayLines(cellText(c, st.nullValue)))
  );
  const widths = new Array<number>(n).fill(0);
  const names = r.names.map((s) => displayLines(s));
  // The header's width counts even when headers are off (as in the sqlite3 shell).
  for (let i = 0; i < n; i++) widths[i] = Math.max(...names[i].map(displayWidth));
  let multi = false;
  for (const row of cells) {
    for (let i = 0; i < n; i++) {
      if (row[i].length > 1) multi = true;
      for (const line of row[i]) widths[i] = Math.max(widths[i], displayWidth(line));
    }
  }
  const out: string[] = [];
  const rule = (l: string, m: string, rr: string, h: string): string =>
    l + widths.map((w) => h.repeat(w + 2)).join(m) + rr;
  const emitRow = (parts: string[][], header: boolean): void => {
    const height = Math.max(...parts.map((p) => p.length));
    for (let k = 0; k < height; k++) {
      const vals = parts.map((p, i) =>
        header ? center(p[k] ?? "", widths[i]) : pad(p[k] ?? "", widths[i])
      );
      if (mode === "column") out.push(vals.join("  "));
      else if (mode === "box") out.push("│ " + vals.join(" │ ") + " │");
      else out.push("| " + vals.join(" | ") + " |");
    }
  };
  if (mode === "column") {
    if (showHeader) {
      emitRow(names, false);
      out.push(widths.map((w) => "-".repeat(w)).join("  "));
    }
  } else if (mode === "box") {
    out.push(rule("┌", "┬", "┐", "─"));
    emitRow(names, true);
    out.push(rule("├", "┼", "┤", "─"));
  } else if (mode === "table") {
    out.push(rule("+", "+", "+", "-"));
    emitRow(names, true);
    out.push(rule("+", "+", "+", "-"));
  } else {
    emitRow(names, true);
    out.push("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  }
  cells.forEach((row, k) => {
    if (k > 0 && multi) {
      if (mode === "column") out.push("");
      else if (mode === "box") out.push(rule("├", "┼", "┤", "─"));
      else if (mode === "table") out.push(rule("+", "+", "+", "-"));
    }
    emitRow(row, false);
  });
  if (mode === "box") out.push(rule("└", "┴", "┘", "─"));
  else if (mode === "table") out.push(rule("+", "+", "+", "-"));
  return out.join("\n") + "\n";
}
