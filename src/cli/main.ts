/**
 * The `sqlite3`-style shell's entry point (`deno task cli [options] [FILE] [SQL…]`): the one file
 * of src/cli that touches `Deno` — it wires stdin/stdout/stderr, files and the clock into the
 * shell's {@link ShellHost}, parses the command line, and runs SQL given as arguments, a script
 * on stdin, or the interactive prompt (`sqlite> ` / `   ...> `, with line editing and history).
 * Follows: shell.c.in main() (options -header/-noheader, -bail, -csv/-json/-line/-list/-box/
 * -column/-table/-markdown/-quote/-tabs, -cmd, -version, -help; exit status 1 after an error
 * when not interactive).
 * Must never: hold shell logic (that is shell.ts and the dot-command files).
 * @module
 */
import type { OutputSink, ShellHost } from "./host.ts";
import { LineEditor } from "./line_editor.ts";
import { type Mode, MODES } from "./modes/mod.ts";
import { Shell } from "./shell.ts";
import { encodeOutput } from "./values.ts";
import { runDotCommand } from "./dot.ts";

const encoder = new TextEncoder();

function writeAll(f: { writeSync(b: Uint8Array): number }, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += f.writeSync(bytes.subarray(off));
}

/** A buffered sink over a Deno writer (flushed at 64 KiB, per input line and at exit). */
class BufferedSink implements OutputSink {
  #parts: string[] = [];
  #size = 0;
  #file: { writeSync(b: Uint8Array): number; close?(): void };
  #closeFile: boolean;
  constructor(file: { writeSync(b: Uint8Array): number; close?(): void }, closeFile: boolean) {
    this.#file = file;
    this.#closeFile = closeFile;
  }
  write(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size > 65536) this.flush();
  }
  flush(): void {
    if (this.#parts.length === 0) return;
    writeAll(this.#file, encodeOutput(this.#parts.join("")));
    this.#parts = [];
    this.#size = 0;
  }
  close(): void {
    this.flush();
    if (this.#closeFile) this.#file.close?.();
  }
}

const stdout = new BufferedSink(Deno.stdout, false);
const outputs: BufferedSink[] = [];

const host: ShellHost = {
  stdout,
  stderr(text) {
    stdout.flush();
    for (const o of outputs) o.flush();
    writeAll(Deno.stderr, encoder.encode(text));
  },
  readFile: (path) => Deno.readTextFileSync(path),
  openOutput(path) {
    const sink = new BufferedSink(
      Deno.openSync(path, { write: true, create: true, truncate: true }),
      true,
    );
    outputs.push(sink);
    return sink;
  },
  now: () => performance.now(),
  cpu() {
    const u = (Deno as unknown as { cpuUsage?: () => { user: number; system: number } }).cpuUsage;
    return u ? u() : { user: 0, system: 0 };
  },
  isTty: Deno.stderr.isTerminal(),
};

function flushAll(): void {
  stdout.flush();
  for (const o of outputs) o.flush();
}

const USAGE = `Usage: sqlite3 [OPTIONS] [FILENAME [SQL...]]
FILENAME is the name of an SQLite database. A new database is created
if the file does not previously exist. Defaults to :memory:.
OPTIONS include:
   -bail                stop after hitting an error
   -box                 set output mode to 'box'
   -cmd COMMAND         run "COMMAND" before reading stdin
   -column              set output mode to 'column'
   -csv                 set output mode to 'csv'
   -header              turn headers on
   -help                show this message
   -json                set output mode to 'json'
   -line                set output mode to 'line'
   -list                set output mode to 'list'
   -markdown            set output mode to 'markdown'
   -noheader            turn headers off
   -quote               set output mode to 'quote'
   -table               set output mode to 'table'
   -tabs                set output mode to 'tabs'
   -version             show SQLite version
`;

function main(argv: string[]): number {
  let file: string | null = null;
  const sqlArgs: string[] = [];
  const cmds: string[] = [];
  let mode: Mode | null = null;
  let headers: boolean | null = null;
  let bail = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (file === null && a.startsWith("-") && a.length > 1) {
      const opt = a.replace(/^--?/, "");
      if (opt === "header" || opt === "headers") headers = true;
      else if (opt === "noheader") headers = false;
      else if (opt === "bail") bail = true;
      else if (opt === "cmd") cmds.push(argv[++i] ?? "");
      else if (opt === "version") {
        stdout.write("3.53.2 (tsqlite)\n");
        stdout.flush();
        return 0;
      } else if (opt === "help") {
        host.stderr(USAGE);
        return 0;
      } else if ((MODES as readonly string[]).includes(opt)) mode = opt as Mode;
      else {
        host.stderr(`sqlite3: Error: unknown option: ${a}\nUse -help for a list of options.\n`);
        return 1;
      }
    } else if (file === null) file = a;
    else sqlArgs.push(a);
  }
  let shell: Shell;
  try {
    shell = new Shell(host, file ?? ":memory:");
  } catch (e) {
    host.stderr(`Error: unable to open database "${file}": ${(e as Error).message}\n`);
    return 1;
  }
  if (mode !== null) {
    // As sqlite3's options: set the mode and its column separator, keep the row separator "\n"
    // (unlike `.mode csv`, `-csv` does not switch to CRLF).
    shell.settings.mode = mode;
    if (mode === "csv" || mode === "quote") shell.settings.colSep = ",";
    else if (mode === "tabs") shell.settings.colSep = "\t";
  }
  if (headers !== null) {
    shell.settings.headers = headers;
    shell.headersSet = true;
  }
  shell.bail = bail;
  const runArg = (text: string): boolean => {
    if (text.startsWith(".")) {
      const before = shell.errors;
      runDotCommand(shell, text, "args");
      return shell.errors === before && shell.quit === null;
    }
    return shell.runTimed(text, "args", 1);
  };
  for (const c of cmds) {
    if (!runArg(c) && bail) return finish(shell, 1);
  }
  if (sqlArgs.length > 0) {
    for (const s of sqlArgs) {
      if (!runArg(s)) return finish(shell, shell.quit?.code ?? 1);
    }
    return finish(shell, 0);
  }
  if (!Deno.stdin.isTerminal()) {
    runPipedInput(shell);
    return finish(shell, shell.quit ? shell.quit.code : shell.errors > 0 ? 1 : 0);
  }
  return interactive(shell, file);
}

/**
 * Feed piped stdin to the shell line by line as it arrives (so a large dump is not held in
 * memory and a slow producer's statements run as they come).
 */
function runPipedInput(shell: Shell): void {
  const decoder = new TextDecoder();
  const buf = new Uint8Array(65536);
  let pending = "";
  const feed = (line: string): boolean =>
    shell.feedLine(line.endsWith("\r") ? line.slice(0, -1) : line, "script");
  for (;;) {
    const n = Deno.stdin.readSync(buf);
    if (n === null || n === 0) break;
    pending += decoder.decode(buf.subarray(0, n), { stream: true });
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!feed(line)) return;
    }
    flushAll();
  }
  pending += decoder.decode();
  if (pending.length > 0 && !feed(pending)) return;
  shell.flush("script");
}

function interactive(shell: Shell, file: string | null): number {
  stdout.write(
    'SQLite version 3.53.2 (tsqlite)\nEnter ".help" for usage hints.\n' +
      (file === null
        ? 'Connected to a transient in-memory database.\nUse ".open FILENAME" to reopen on a persistent database.\n'
        : ""),
  );
  stdout.flush();
  const editor = new LineEditor((s) => writeAll(Deno.stdout, encoder.encode(s)));
  const buf = new Uint8Array(1024);
  Deno.stdin.setRaw(true);
  try {
    for (;;) {
      editor.start(shell.pending ? "   ...> " : "sqlite> ");
      let result = editor.hasPending ? editor.feed(new Uint8Array(0)) : { kind: "more" as const };
      while (result.kind === "more") {
        const n = Deno.stdin.readSync(buf);
        if (n === null || n === 0) {
          result = { kind: "eof" as const };
          break;
        }
        result = editor.feed(buf.subarray(0, n));
      }
      if (result.kind === "eof") {
        shell.flush("interactive");
        flushAll();
        break;
      }
      Deno.stdin.setRaw(false);
      try {
        shell.feedLine(result.line, "interactive");
        flushAll();
      } finally {
        Deno.stdin.setRaw(true);
      }
      if (shell.quit) break;
    }
  } finally {
    Deno.stdin.setRaw(false);
  }
  return finish(shell, shell.quit?.code ?? 0);
}

function finish(shell: Shell, code: number): number {
  if (shell.out !== stdout) shell.out.close();
  flushAll();
  try {
    shell.db.close();
  } catch { /* already closed */ }
  return code;
}

if (import.meta.main) Deno.exit(main(Deno.args));
