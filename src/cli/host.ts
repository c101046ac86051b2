/**
 * What the shell needs from its host (terminal, files, clock) — an interface, so the shell's
 * logic runs and is tested without touching `Deno`; `main.ts` provides the Deno implementation.
 * Must never: import anything.
 * @module
 */

/** An output destination (stdout or a file opened by `.output`). */
export interface OutputSink {
  /** Write text. */
  write(text: string): void;
  /** Close (files only; closing stdout is a no-op). */
  close(): void;
}

/** The host services the shell uses. */
export interface ShellHost {
  /** Standard output. */
  stdout: OutputSink;
  /** Standard error. */
  stderr(text: string): void;
  /** Read a whole text file (throws if it cannot). */
  readFile(path: string): string;
  /** Open a file for `.output` (truncating it). */
  openOutput(path: string): OutputSink;
  /** Wall-clock milliseconds. */
  now(): number;
  /** Process CPU time in microseconds (user, system), if the host can tell. */
  cpu(): { user: number; system: number };
  /** True when stderr is a terminal (progress messages go there). */
  isTty: boolean;
}
