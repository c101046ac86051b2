/**
 * A small line editor for the interactive shell on a terminal: printable input, Backspace,
 * Left/Right, Home/End, Up/Down through the session's history, Ctrl-C (clear line), Ctrl-D
 * (end of input on an empty line). Works on raw key bytes so it can be driven by tests.
 * Must never: touch `Deno` (the caller supplies key bytes and an output function).
 * @module
 */

/** The result of feeding keys: a finished line, end of input, or still editing. */
export type EditResult = { kind: "line"; line: string } | { kind: "eof" } | { kind: "more" };

/**
 * One editor per session; `history` persists across lines.
 * @example
 * ```ts
 * import { LineEditor } from "./line_editor.ts";
 * let out = "";
 * const ed = new LineEditor((s) => out += s);
 * ed.start("sqlite> ");
 * ed.feed(new TextEncoder().encode("select 1;\r")); // { kind: "line", line: "select 1;" }
 * ```
 */
export class LineEditor {
  /** Lines entered this session, oldest first. */
  readonly history: string[] = [];
  #write: (s: string) => void;
  #buf: string[] = [];
  #cursor = 0;
  #prompt = "";
  #histIndex = 0;
  #queue: string[] = [];
  #decoder = new TextDecoder();

  constructor(write: (s: string) => void) {
    this.#write = write;
  }

  /** Begin a new line with this prompt. */
  start(prompt: string): void {
    this.#prompt = prompt;
    this.#buf = [];
    this.#cursor = 0;
    this.#histIndex = this.history.length;
    this.#write(prompt);
  }

  #redraw(): void {
    const text = this.#buf.join("");
    this.#write(`\r${this.#prompt}${text}\x1b[K`);
    const back = this.#buf.length - this.#cursor;
    if (back > 0) this.#write(`\x1b[${back}D`);
  }

  #setLine(text: string): void {
    this.#buf = [...text];
    this.#cursor = this.#buf.length;
    this.#redraw();
  }

  /** True if keys typed ahead are still queued (feed an empty array to process them). */
  get hasPending(): boolean {
    return this.#queue.length > 0;
  }

  /**
   * Feed key bytes; returns a finished line, end of input, or "more". Keys after a finished
   * line stay queued for the next line.
   */
  feed(bytes: Uint8Array): EditResult {
    const chars = this.#queue;
    chars.push(...this.#decoder.decode(bytes, { stream: true }));
    let i = 0;
    const done = (r: EditResult): EditResult => {
      chars.splice(0, i + 1);
      return r;
    };
    for (; i < chars.length; i++) {
      const c = chars[i];
      if (c === "\r" || c === "\n") {
        const line = this.#buf.join("");
        this.#write("\r\n");
        if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line);
        return done({ kind: "line", line });
      }
      if (c === "\x04") {
        if (this.#buf.length === 0) {
          this.#write("\r\n");
          return done({ kind: "eof" });
        }
        continue;
      }
      if (c === "\x03") {
        this.#write("^C\r\n");
        this.start(this.#prompt);
        continue;
      }
      if (c === "\x7f" || c === "\b") {
        if (this.#cursor > 0) {
          this.#buf.splice(--this.#cursor, 1);
          this.#redraw();
        }
        continue;
      }
      if (c === "\x1b") {
        const seq = chars.slice(i, i + 3).join("");
        if (seq.length < 3) {
          // An incomplete escape sequence: keep it queued until more bytes arrive.
          chars.splice(0, i);
          return { kind: "more" };
        }
        i += 2;
        const k = seq[2];
        if (k === "A" && this.#histIndex > 0) this.#setLine(this.history[--this.#histIndex]);
        else if (k === "B") {
          if (this.#histIndex < this.history.length - 1) {
            this.#setLine(this.history[++this.#histIndex]);
          } else {
            this.#histIndex = this.history.length;
            this.#setLine("");
          }
        } else if (k === "C" && this.#cursor < this.#buf.length) {
          this.#cursor++;
          this.#redraw();
        } else if (k === "D" && this.#cursor > 0) {
          this.#cursor--;
          this.#redraw();
        } else if (k === "H") {
          this.#cursor = 0;
          this.#redraw();
        } else if (k === "F") {
          this.#cursor = this.#buf.length;
          this.#redraw();
        }
        continue;
      }
      if (c === "\x01") {
        this.#cursor = 0;
        this.#redraw();
        continue;
      }
      if (c === "\x05") {
        this.#cursor = this.#buf.length;
        this.#redraw();
        continue;
      }
      if (c < " ") continue;
      this.#buf.splice(this.#cursor++, 0, c);
      if (this.#cursor === this.#buf.length) this.#write(c);
      else this.#redraw();
    }
    chars.length = 0;
    return { kind: "more" };
  }
}
