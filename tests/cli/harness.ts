/**
 * Test harness for the shell: an in-memory ShellHost (captured stdout/stderr, real files), a
 * helper that runs a script through tsqlite's shell in-process, and one that runs the same script
 * through the real `sqlite3` binary when the machine has one (the differential oracle for output
 * formats; tests that need it are ignored where it is missing).
 * @module
 */
import type { OutputSink, ShellHost } from "../../src/cli/host.ts";
import { Shell } from "../../src/cli/shell.ts";
import { decodeBytes } from "../../src/cli/values.ts";

/** A host that captures output. */
export class MemoryHost implements ShellHost {
  out = "";
  err = "";
  isTty = false;
  stdout: OutputSink = { write: (t) => void (this.out += t), close: () => {} };
  stderr(text: string): void {
    this.err += text;
  }
  readFile(path: string): string {
    return Deno.readTextFileSync(path);
  }
  openOutput(path: string): OutputSink {
    Deno.writeTextFileSync(path, "");
    return {
      write: (t) => Deno.writeTextFileSync(path, t, { append: true }),
      close: () => {},
    };
  }
  now(): number {
    return performance.now();
  }
  cpu(): { user: number; system: number } {
    return { user: 0, system: 0 };
  }
}

/** Run a script through tsqlite's shell (in-process, as piped stdin would). */
export function runTsqlite(
  script: string,
  dbPath = ":memory:",
): { out: string; err: string; code: number } {
  const host = new MemoryHost();
  const sh = new Shell(host, dbPath);
  sh.runScript(script, "script");
  if (sh.out !== host.stdout) sh.out.close();
  sh.db.close();
  return { out: host.out, err: host.err, code: sh.quit ? sh.quit.code : sh.errors > 0 ? 1 : 0 };
}

function findSqlite3(): string | null {
  for (const p of ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"]) {
    try {
      Deno.statSync(p);
      return p;
    } catch { /* not here */ }
  }
  return null;
}

/** Path of the real sqlite3 shell, or null. */
export const SQLITE3: string | null = findSqlite3();

/** Run a script through the real sqlite3 shell (piped stdin). */
export async function runSqlite3(
  script: string,
  dbPath = ":memory:",
): Promise<{ out: string; err: string; code: number }> {
  const p = new Deno.Command(SQLITE3!, {
    args: [dbPath],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(script));
  await w.close();
  const o = await p.output();
  // Decode as the shell's own output is represented: invalid UTF-8 bytes surrogate-escaped.
  return { out: decodeBytes(o.stdout), err: decodeBytes(o.stderr), code: o.code };
}
