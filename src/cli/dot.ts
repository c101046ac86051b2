/**
 * Dot commands: parsing a `.command args…` line, finding the command by (unique-enough) prefix
 * as the sqlite3 shell does, and the commands that only change settings or I/O (.mode, .headers,
 * .separator, .nullvalue, .output, .read, .open, .timer, .changes, .bail, .print, .show,
 * .help, .quit/.exit). Schema commands live in dot_schema.ts, .dump in dump.ts, .import in
 * import.ts.
 * Follows: shell.c.in do_meta_command (messages such as `Usage: .headers on|off`,
 * `Error: unknown command or invalid arguments: …`).
 * Must never: touch `Deno` (files go through the host).
 * @module
 */
import { parseBoolean, resolveBackslashes, splitDotArgs } from "./dot_args.ts";
import { dbinfo, indexesCommand, schemaCommand, tablesCommand } from "./dot_schema.ts";
import { dumpCommand } from "./dump.ts";
import { helpText } from "./help.ts";
import { importCommand } from "./import.ts";
import { type Mode, MODES, type OutputSettings } from "./modes/mod.ts";
import { type InputKind, MAX_INPUT_NESTING, type Shell } from "./shell.ts";

type Handler = (sh: Shell, args: string[], kind: InputKind) => void;

function setBool(
  sh: Shell,
  args: string[],
  usage: string,
  set: (v: boolean) => void,
): void {
  if (args.length !== 2) {
    sh.fail(`Usage: ${usage}`);
    return;
  }
  const v = parseBoolean(args[1]);
  if (v === null) {
    sh.host.stderr(`ERROR: Not a boolean value: "${args[1]}". Assuming "no".\n`);
    set(false);
    return;
  }
  set(v);
}

function modeCommand(sh: Shell, args: string[]): void {
  const st = sh.settings;
  if (args.length === 1) {
    sh.print(`current output mode: ${modeDescription(st)}\n`);
    return;
  }
  const name = args[1].toLowerCase();
  const mode = MODES.find((m) => m === name) as Mode | undefined;
  if (mode === undefined) {
    sh.fail(
      "Error: mode should be one of: box column csv insert json line list markdown quote table tabs",
    );
    return;
  }
  st.mode = mode;
  switch (mode) {
    case "column":
      // As sqlite3: column mode turns headers on unless they were set explicitly.
      if (!sh.headersSet) st.headers = true;
      break;
    case "list":
      st.colSep = "|";
      st.rowSep = "\n";
      break;
    case "csv":
      st.colSep = ",";
      st.rowSep = "\r\n";
      break;
    case "tabs":
      st.colSep = "\t";
      break;
    case "quote":
      st.colSep = ",";
      st.rowSep = "\n";
      break;
    case "insert":
      st.tableName = args[2] ?? "table";
      break;
    case "line":
      st.rowSep = "\n";
      break;
  }
}

function modeDescription(st: OutputSettings): string {
  const shown = st.mode === "tabs" ? "list" : st.mode;
  const columnar = ["column", "box", "table", "markdown"].includes(st.mode);
  return shown + (columnar ? " --wrap 60 --wordwrap off --noquote" : "");
}

/** A C-style quoted string, as the shell's output_c_string writes separators in `.show`. */
function cString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (c < 32) out += "\\" + c.toString(8).padStart(3, "0");
    else out += ch;
  }
  return out + '"';
}

function showCommand(sh: Shell): void {
  const st = sh.settings;
  const lines: [string, string][] = [
    ["echo", "off"],
    ["eqp", "off"],
    ["explain", "auto"],
    ["headers", st.headers ? "on" : "off"],
    ["mode", modeDescription(st)],
    ["nullvalue", cString(st.nullValue)],
    ["output", sh.outPath ?? "stdout"],
    ["colseparator", cString(st.colSep)],
    ["rowseparator", cString(st.rowSep)],
    ["stats", "off"],
    ["width", ""],
    ["filename", sh.dbPath],
  ];
  sh.print(lines.map(([k, v]) => `${k.padStart(12)}: ${v}\n`).join(""));
}

/** Commands in the order the sqlite3 shell tests them (prefix matching picks the first). */
const COMMANDS: readonly (readonly [string, number, Handler])[] = [
  ["bail", 2, (sh, a) => setBool(sh, a, ".bail on|off", (v) => sh.bail = v)],
  ["changes", 3, (sh, a) => setBool(sh, a, ".changes on|off", (v) => sh.changes = v)],
  ["dbinfo", 2, (sh) => dbinfo(sh)],
  ["dump", 2, (sh, a) => dumpCommand(sh, a.slice(1))],
  ["exit", 2, (sh, a) => sh.quit = { code: a.length > 1 ? Number.parseInt(a[1], 10) || 0 : 0 }],
  ["headers", 1, (sh, a) =>
    setBool(sh, a, ".headers on|off", (v) => {
      sh.settings.headers = v;
      sh.headersSet = true;
    })],
  ["help", 1, (sh) => sh.print(helpText())],
  ["import", 2, (sh, a) => importCommand(sh, a.slice(1))],
  ["indexes", 3, (sh, a) => indexesCommand(sh, a.slice(1))],
  ["indices", 3, (sh, a) => indexesCommand(sh, a.slice(1))],
  ["mode", 1, (sh, a) => modeCommand(sh, a)],
  ["nullvalue", 1, (sh, a) => {
    if (a.length !== 2) sh.fail("Usage: .nullvalue STRING");
    else sh.settings.nullValue = resolveBackslashes(a[1]);
  }],
  ["open", 2, (sh, a) => {
    const file = a.filter((x) => !x.startsWith("--"))[1] ?? ":memory:";
    try {
      sh.reopen(file, a.includes("--readonly"));
    } catch (e) {
      sh.fail(`Error: unable to open database "${file}": ${(e as Error).message}`);
    }
  }],
  ["output", 1, (sh, a) => {
    if (sh.out !== sh.host.stdout) sh.out.close();
    sh.out = sh.host.stdout;
    sh.outPath = null;
    if (a.length > 1 && a[1] !== "stdout") {
      try {
        sh.out = sh.host.openOutput(a[1]);
        sh.outPath = a[1];
      } catch {
        sh.fail(`Error: cannot write to "${a[1]}"`);
      }
    }
  }],
  ["print", 2, (sh, a) => sh.print(a.slice(1).join(" ") + "\n")],
  ["quit", 1, (sh) => sh.quit = { code: 0 }],
  ["read", 3, (sh, a) => {
    if (a.length !== 2) {
      sh.fail("Usage: .read FILE");
      return;
    }
    if (sh.nesting >= MAX_INPUT_NESTING - 1) {
      sh.fail(
        `Input nesting limit (${MAX_INPUT_NESTING}) reached at line ${sh.lineNumber}. Check recursion.`,
      );
      return;
    }
    let text: string;
    try {
      text = sh.host.readFile(a[1]);
    } catch {
      sh.fail(`Error: cannot open "${a[1]}"`);
      return;
    }
    sh.nesting++;
    try {
      sh.runScript(text, "script");
    } finally {
      sh.nesting--;
    }
  }],
  ["schema", 2, (sh, a) => schemaCommand(sh, a.slice(1))],
  ["separator", 3, (sh, a) => {
    if (a.length < 2 || a.length > 3) {
      sh.fail("Usage: .separator COL ?ROW?");
      return;
    }
    sh.settings.colSep = resolveBackslashes(a[1]);
    if (a.length === 3) sh.settings.rowSep = resolveBackslashes(a[2]);
  }],
  ["show", 2, (sh) => showCommand(sh)],
  ["tables", 2, (sh, a) => tablesCommand(sh, a.slice(1))],
  ["timer", 2, (sh, a) => setBool(sh, a, ".timer on|off", (v) => sh.timer = v)],
];

/**
 * Run one dot-command line.
 * @example
 * ```ts
 * import { Shell } from "./shell.ts";
 * import { runDotCommand } from "./dot.ts";
 * declare const shell: Shell;
 * runDotCommand(shell, ".mode csv", "script");
 * ```
 */
export function runDotCommand(sh: Shell, line: string, kind: InputKind): void {
  const args = splitDotArgs(line);
  const typed = args[0].slice(1).toLowerCase();
  for (const [name, min, handler] of COMMANDS) {
    if (typed.length >= min && name.startsWith(typed)) {
      handler(sh, args, kind);
      return;
    }
  }
  sh.fail(
    `Error: unknown command or invalid arguments:  "${args[0].slice(1)}". Enter ".help" for help`,
  );
}
