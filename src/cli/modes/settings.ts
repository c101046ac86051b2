/**
 * Output settings of the shell (`.mode`, `.headers`, `.separator`, `.nullvalue`) and the mode
 * names. Follows the sqlite3 shell's ShellState fields of the same meaning.
 * Must never: do I/O.
 * @module
 */
import type { Cell } from "../values.ts";

/** Every output mode `.mode` accepts. */
export const MODES = [
  "list",
  "csv",
  "tabs",
  "line",
  "column",
  "box",
  "table",
  "markdown",
  "json",
  "insert",
  "quote",
] as const;

/** One output mode. */
export type Mode = typeof MODES[number];

/** The settings a formatter reads. */
export interface OutputSettings {
  mode: Mode;
  headers: boolean;
  /** Column separator (list-like modes). */
  colSep: string;
  /** Row separator (list-like modes). */
  rowSep: string;
  /** Text shown for NULL. */
  nullValue: string;
  /** Table name of insert mode. */
  tableName: string;
}

/** One statement's result: column names and rows. */
export interface ResultSet {
  names: string[];
  rows: Cell[][];
}

/** Where a chunk of rows sits in its result (streaming modes render results chunk by chunk). */
export interface ChunkPosition {
  /** The chunk holds the result's first row. */
  first: boolean;
  /** The chunk holds the result's last row. */
  last: boolean;
}

/** A whole result in one chunk. */
export const WHOLE: ChunkPosition = { first: true, last: true };

/** The shell's defaults (list mode, `|` and newline, headers off). */
export function defaultSettings(): OutputSettings {
  return {
    mode: "list",
    headers: false,
    colSep: "|",
    rowSep: "\n",
    nullValue: "",
    tableName: "table",
  };
}
