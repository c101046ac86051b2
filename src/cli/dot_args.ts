/**
 * Dot-command argument parsing and the small value parsers dot commands share.
 * Follows: shell.c.in do_meta_command's tokenizer (whitespace-separated words; '…' taken
 * literally; "…" with backslash escapes), resolve_backslashes and booleanValue.
 * Must never: do I/O or touch the database.
 * @module
 */

/** Replace C-style escapes (\t \n \r \\ \" \' \NNN octal); an unknown escape drops the backslash. */
export function resolveBackslashes(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const d = s[++i];
    if (d === "a") out += "\x07";
    else if (d === "b") out += "\b";
    else if (d === "t") out += "\t";
    else if (d === "n") out += "\n";
    else if (d === "v") out += "\v";
    else if (d === "f") out += "\f";
    else if (d === "r") out += "\r";
    else if (d === "\\") out += "\\";
    else if (d >= "0" && d <= "7") {
      let v = d.charCodeAt(0) - 48;
      for (let k = 0; k < 2 && s[i + 1] >= "0" && s[i + 1] <= "7"; k++) {
        v = v * 8 + s.charCodeAt(++i) - 48;
      }
      out += String.fromCharCode(v);
    } else out += d;
  }
  return out;
}

/**
 * Split a dot-command line into words (the first is the command, with its dot).
 * @example
 * ```ts
 * splitDotArgs('.import "my file.csv" t'); // [".import", "my file.csv", "t"]
 * ```
 */
export function splitDotArgs(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && /\s/.test(line[i])) i++;
    if (i >= n) break;
    const q = line[i];
    if (q === "'" || q === '"') {
      let j = i + 1;
      while (j < n && line[j] !== q) {
        if (q === '"' && line[j] === "\\" && j + 1 < n) j++;
        j++;
      }
      const body = line.slice(i + 1, j);
      args.push(q === '"' ? resolveBackslashes(body) : body);
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !/\s/.test(line[j])) j++;
      args.push(line.slice(i, j));
      i = j;
    }
  }
  return args;
}

/** The shell's booleanValue: on/yes/true/1 and off/no/false/0 (or an integer); else null. */
export function parseBoolean(s: string): boolean | null {
  if (/^-?\d+$/.test(s)) return Number(s) !== 0;
  const l = s.toLowerCase();
  if (l === "on" || l === "yes" || l === "true") return true;
  if (l === "off" || l === "no" || l === "false") return false;
  return null;
}
