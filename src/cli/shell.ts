/**
 * The shell's core: its state (database, output settings, redirection, timer/changes switches),
 * feeding input lines (statements accumulate until complete; lines starting with `.` are dot
 * commands), running SQL and printing results and errors as the sqlite3 shell does.
 * Keeps the sqlite3 shell's defaults: double-quoted string literals accepted, foreign keys off.
 * Follows: shell.c.in (process_input, runOneSqlLine, shell_exec, error reporting:
 * `Parse error near line N: …` / `Runtime error near line N: …` for scripts, `Parse error: …`
 * interactively, `Error: in prepare, …` / `Error: stepping, …` for SQL given as arguments).
 * Must never: touch `Deno` (all I/O goes through {@link ShellHost}).
 * @module
 */
import { connectionOf, Database } from "../api/database.ts";
import type { EngineConnection, PreparedStatement } from "../api/engine.ts";
import { PRIMARY_CODES, SqliteError } from "../error.ts";
import { isComplete } from "./complete.ts";
import { runDotCommand } from "./dot.ts";
import type { OutputSink, ShellHost } from "./host.ts";
import { installVacuumProgress } from "./vacuum_progress.ts";
import {
  defaultSettings,
  isStreaming,
  type OutputSettings,
  renderResult,
  type ResultSet,
} from "./modes/mod.ts";
import type { Cell } from "./values.ts";
import type { MemType } from "../vdbe/mem.ts";

/** How deep `.read` may nest (shell.c.in's MAX_INPUT_NESTING). */
export const MAX_INPUT_NESTING = 25;

/** Rows a streaming output mode renders at a time. */
const CHUNK_ROWS = 256;

/** Where SQL comes from: a script/stdin, the interactive prompt, or command-line arguments. */
export type InputKind = "script" | "interactive" | "args";

/** The SQL dialect of the sqlite3 shell build the shell mirrors (`PRAGMA compile_options`). */
const SHELL_DIALECT = Object.freeze({ updateDeleteLimit: true, tclVariables: true });

/** Open a database with the sqlite3 shell's defaults (DQS on, foreign keys off, UPDATE/DELETE LIMIT). */
export function openShellDatabase(path: string, readonly = false): Database {
  const db = new Database(path, { readonly });
  const conn = connectionOf(db);
  conn.flags.dqs = true;
  conn.flags.foreignKeys = false;
  // The reference sqlite3 shell (Debian's and Apple's builds) has SQLITE_ENABLE_UPDATE_DELETE_LIMIT
  // and keeps TCL-style variables (`$a::b`); stock SQLite otherwise.
  conn.dialect = SHELL_DIALECT;
  return db;
}

/** The running shell. */
export class Shell {
  /** Host services. */
  readonly host: ShellHost;
  /** The open database. */
  db: Database;
  /** Its file name as given (":memory:" when none). */
  dbPath: string;
  /** Output settings. */
  settings: OutputSettings = defaultSettings();
  /** Current output (stdout or a `.output` file). */
  out: OutputSink;
  /** The `.output` file name, or null for stdout. */
  outPath: string | null = null;
  /** Depth of `.read` nesting (limited to {@link MAX_INPUT_NESTING}). */
  nesting = 0;
  /** True once headers were set explicitly (`.headers`, -header/-noheader). */
  headersSet = false;
  /** `.timer on`. */
  timer = false;
  /** `.changes on`. */
  changes = false;
  /** `.bail on`: stop at the first error. */
  bail = false;
  /** Errors seen (a non-interactive run exits non-zero if any). */
  errors = 0;
  /** Set by `.quit`/`.exit`. */
  quit: { code: number } | null = null;
  #buffer = "";
  #bufferLine = 0;
  #line = 0;

  constructor(host: ShellHost, dbPath = ":memory:") {
    this.host = host;
    this.dbPath = dbPath;
    this.db = openShellDatabase(dbPath === ":memory:" ? ":memory:" : dbPath);
    installVacuumProgress(this.db, host);
    this.out = host.stdout;
  }

  /** The engine connection of the open database. */
  get conn(): EngineConnection {
    return connectionOf(this.db);
  }

  /** Write to the current output. */
  print(text: string): void {
    this.out.write(text);
  }

  /** Report an error on stderr and count it. */
  fail(text: string): void {
    this.errors++;
    this.host.stderr(text.endsWith("\n") ? text : text + "\n");
  }

  /** The line number of the input line being processed (in the current script). */
  get lineNumber(): number {
    return this.#line;
  }

  /** True while a statement is being typed (the continuation prompt applies). */
  get pending(): boolean {
    return this.#buffer.trim().length > 0;
  }

  /**
   * Feed one input line (without its newline). Returns false when input should stop
   * (`.quit`, or an error under `.bail on`).
   */
  feedLine(line: string, kind: InputKind): boolean {
    this.#line++;
    // As process_input: with no statement pending, a line starting with "." is a dot command
    // and one starting with "#" is ignored (leading whitespace makes either one SQL).
    if (this.#buffer.length === 0 && line[0] === "#") return true;
    if (this.#buffer.length === 0 && line[0] === "." && !this.pending) {
      const errorsBefore = this.errors;
      runDotCommand(this, line.trim(), kind);
      if (this.quit) return false;
      return !(this.bail && this.errors > errorsBefore);
    }
    if (this.#buffer.length === 0) {
      // As shell.c's process_input: lines of only whitespace and comments before a statement are
      // skipped, and the statement's first line loses its leading whitespace.
      if (allWhitespace(line)) return true;
      this.#bufferLine = this.#line;
      line = line.slice(skipSpace(line, 0));
    }
    this.#buffer += (this.#buffer.length ? "\n" : "") + line;
    if (!isComplete(this.#buffer)) return true;
    const sql = this.#buffer;
    this.#buffer = "";
    const ok = this.runTimed(sql, kind, this.#bufferLine);
    return ok || !this.bail;
  }

  /** End of input: run (and report) whatever incomplete statement is left. */
  flush(kind: InputKind): void {
    if (this.#buffer.trim().length === 0) {
      this.#buffer = "";
      return;
    }
    const sql = this.#buffer;
    this.#buffer = "";
    this.runTimed(sql, kind, this.#bufferLine);
  }

  /** Run a whole script (stdin or `.read`), line by line. */
  runScript(text: string, kind: InputKind = "script"): boolean {
    const savedLine = this.#line;
    const savedBuffer = this.#buffer;
    const savedBufferLine = this.#bufferLine;
    this.#line = 0;
    this.#buffer = "";
    const lines = text.split("\n");
    if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    let ok = true;
    for (const l of lines) {
      if (!this.feedLine(l.endsWith("\r") ? l.slice(0, -1) : l, kind)) {
        ok = false;
        break;
      }
    }
    if (ok) this.flush(kind);
    this.#line = savedLine;
    this.#buffer = savedBuffer;
    this.#bufferLine = savedBufferLine;
    return ok;
  }

  /** Run SQL text, with `.timer` reporting. */
  runTimed(sql: string, kind: InputKind, line: number): boolean {
    const t0 = this.timer ? this.host.now() : 0;
    const c0 = this.timer ? this.host.cpu() : { user: 0, system: 0 };
    const ok = this.runSql(sql, kind, line);
    if (this.timer) {
      const c1 = this.host.cpu();
      const real = (this.host.now() - t0) / 1000;
      this.print(
        `Run Time: real ${real.toFixed(3)} user ${((c1.user - c0.user) / 1e6).toFixed(6)} sys ${
          ((c1.system - c0.system) / 1e6).toFixed(6)
        }\n`,
      );
    }
    return ok;
  }

  /** Run every statement in `sql`; print results; report errors. True if none failed. */
  runSql(sql: string, kind: InputKind, line: number): boolean {
    let at = 0;
    for (;;) {
      let st: PreparedStatement | null;
      try {
        st = this.conn.prepare(sql, at);
      } catch (e) {
        // sqlite3 reports the line where the input buffer began, and shows the statement from
        // where shell_exec handed it to sqlite3_prepare (after the previous one's trailing
        // whitespace) with a caret under sqlite3_error_offset.
        const offset = (e as { offset?: unknown }).offset;
        const context = typeof offset === "number" && namesToken(sql, offset, String(e))
          ? errorContext(sql, at, offset)
          : "";
        this.#report(e, "prepare", kind, line, context);
        return false;
      }
      if (st === null) return true;
      try {
        this.#output(st);
      } catch (e) {
        this.#report(e, "step", kind, line);
        return false;
      } finally {
        st.finalize();
      }
      if (this.changes) {
        this.print(`changes: ${this.conn.changes}   total_changes: ${this.conn.totalChanges}\n`);
      }
      at = skipSpace(sql, st.tail);
    }
  }

  /**
   * Step a statement to the end and print its rows: streaming modes print every
   * {@link CHUNK_ROWS} rows as they come, columnar modes once all rows are in.
   */
  #output(st: PreparedStatement): void {
    const n = st.columnCount;
    const names: string[] = [];
    for (let i = 0; i < n; i++) names.push(st.columnName(i));
    const streaming = isStreaming(this.settings);
    let chunk: ResultSet = { names, rows: [] };
    let first = true;
    while (st.step()) {
      if (n === 0) continue;
      const row: Cell[] = new Array(n);
      for (let i = 0; i < n; i++) {
        row[i] = { t: st.columnType(i) as MemType, v: st.columnValue(i, true) };
      }
      chunk.rows.push(row);
      if (streaming && chunk.rows.length >= CHUNK_ROWS) {
        this.print(renderResult(chunk, this.settings, { first, last: false }));
        first = false;
        chunk = { names, rows: [] };
      }
    }
    if (chunk.rows.length > 0 || !first) {
      this.print(renderResult(chunk, this.settings, { first, last: true }));
    }
  }

  #report(
    e: unknown,
    phase: "prepare" | "step",
    kind: InputKind,
    line: number,
    context = "",
  ): void {
    let msg = e instanceof Error ? e.message : String(e);
    // As the sqlite3 shell: a failure other than SQLITE_ERROR names its (primary) code number.
    if (e instanceof SqliteError && e.primaryCode !== "SQLITE_ERROR") {
      msg += ` (${PRIMARY_CODES[e.primaryCode]})`;
    }
    if (kind === "args") {
      this.fail(`Error: ${phase === "prepare" ? "in prepare" : "stepping"}, ${msg}${context}`);
    } else {
      const what = phase === "prepare" ? "Parse error" : "Runtime error";
      this.fail(
        (kind === "interactive" ? `${what}: ${msg}` : `${what} near line ${line}: ${msg}`) +
          context,
      );
    }
  }

  /**
   * Run a query for a dot command, returning its rows as plain JS values (cold).
   */
  query(sql: string, params: unknown[] = []): unknown[][] {
    const st = this.db.prepare(sql);
    return st.raw().all(...params) as unknown[][];
  }

  /** Close the database and open another (`.open [--readonly] FILE`). */
  reopen(path: string, readonly = false): void {
    const next = openShellDatabase(path, readonly);
    installVacuumProgress(next, this.host);
    this.db.close();
    this.db = next;
    this.dbPath = path;
  }
}

/** C's isspace (the shell's IsSpace): space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function skipSpace(s: string, at: number): number {
  while (at < s.length && isSpace(s.charCodeAt(at))) at++;
  return at;
}

/**
 * shell.c's _all_whitespace: only whitespace, complete `/* … *\/` comments and `--` comments.
 * Cold.
 */
export function allWhitespace(z: string): boolean {
  for (let i = 0; i < z.length; i++) {
    const c = z.charCodeAt(i);
    if (isSpace(c)) continue;
    if (z[i] === "/" && z[i + 1] === "*") {
      const end = z.indexOf("*/", i + 2);
      if (end < 0) return false;
      i = end + 1;
      continue;
    }
    if (z[i] === "-" && z[i + 1] === "-") {
      const end = z.indexOf("\n", i + 2);
      if (end < 0) return true;
      i = end;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * True when the token at `offset` in `sql` is one the error message names. An offset taken
 * from an expression written in a view or trigger points into that object's SQL, which SQLite
 * never reports (sqlite3RecordErrorByteOffset ignores tokens outside the statement's text);
 * such an offset names some unrelated token of this text. Cold.
 */
export function namesToken(sql: string, offset: number, message: string): boolean {
  if (offset < 0 || offset >= sql.length) return false;
  let i = offset;
  const q = sql[i];
  if (q === '"' || q === "`" || q === "[") i++;
  let j = i;
  while (j < sql.length && /[\p{L}\p{N}_$\u0080-\uffff]/u.test(sql[j])) j++;
  const token = j > i ? sql.slice(i, j) : sql[i];
  return message.toLowerCase().includes(token.toLowerCase());
}

/**
 * shell.c's shell_error_context: the SQL from `start` (at most 78 bytes, scrolled so the error
 * is within 50 bytes of the left) with whitespace shown as spaces, and a caret line under the
 * error's byte offset — `^--- error here`, or `error here ---^` past column 25. Offsets are
 * UTF-16 indexes into `sql`; the shell counts bytes of UTF-8. Cold.
 */
export function errorContext(sql: string, start: number, offset: number): string {
  if (offset < start || offset > sql.length) return "";
  const enc = new TextEncoder();
  const z = enc.encode(sql.slice(start));
  let iOffset = enc.encode(sql.slice(start, offset)).length;
  let p = 0;
  while (iOffset > 50) {
    iOffset--;
    p++;
    while (p < z.length && (z[p] & 0xc0) === 0x80) {
      p++;
      iOffset--;
    }
  }
  let len = z.length - p;
  if (len > 78) {
    len = 78;
    while (len > 0 && (z[p + len] & 0xc0) === 0x80) len--;
  }
  const code = z.slice(p, p + len);
  for (let i = 0; i < code.length; i++) if (isSpace(code[i])) code[i] = 32;
  const text = new TextDecoder().decode(code);
  return iOffset < 25
    ? `\n  ${text}\n  ${" ".repeat(iOffset)}^--- error here`
    : `\n  ${text}\n  ${" ".repeat(iOffset - 14)}error here ---^`;
}
