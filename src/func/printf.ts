/**
 * format()/printf(): printf.c `sqlite3_str_vappendf` with SQLITE_PRINTF_SQLFUNC arguments.
 *
 * Owns: every conversion SQLite's SQL printf accepts — %d %i %u %x %X %o %p %r %f %e %E %g %G
 * %s %z %q %Q %w %c %n %% — with the flags `-+ 0#,!`, width and precision (literal or `*`),
 * the `l`/`ll` size prefixes (accepted and ignored), missing arguments (0 / 0.0 / NULL),
 * and SQLite's early stop at an unknown conversion. Widths and precisions count UTF-8 bytes
 * unless the `!` flag makes them count characters, as in SQLite.
 * Must never: call JS's own number formatting for floats (SQLite's digits differ); floats go
 * through `renderFloat` (vdbe/value/render.ts).
 * @module
 */

import { SqliteError } from "../error.ts";
import { type Mem, MemType } from "../vdbe/mem.ts";
import { memToInt, memToReal, memToText } from "../vdbe/value/convert.ts";
import { type FloatSpec, renderFloat } from "../vdbe/value/render.ts";
import { charLength, decodeUtf8, encodeUtf8, utf8Length } from "../vdbe/value/text.ts";
import { FuncFlag, type FunctionRegistry } from "./registry.ts";

/** SQLITE_LIMIT_LENGTH: no printf() result may be longer (bytes). */
const MAX_LENGTH = 1000000000;

function tooBig(): never {
  throw new SqliteError("string or blob too big", "SQLITE_TOOBIG");
}
const U64 = (1n << 64n) - 1n;

/** Arguments consumed in order, as SQLite's PrintfArguments. */
class ArgList {
  used = 0;
  constructor(readonly args: Mem[], readonly first: number, readonly n: number) {}
  private next(): Mem | null {
    if (this.first + this.used >= this.n) return null;
    return this.args[this.first + this.used++];
  }
  int(): bigint {
    const m = this.next();
    if (m === null) return 0n;
    return BigInt(memToInt(m));
  }
  real(): number {
    const m = this.next();
    return m === null ? 0 : memToReal(m);
  }
  /** sqlite3_value_text read as a C string (up to the first NUL). */
  text(): string | null {
    const m = this.next();
    if (m === null || m.type === MemType.NULL) return null;
    const t = memToText(m) as string;
    const z = t.indexOf("\0");
    return z < 0 ? t : t.slice(0, z);
  }
}

/** The first `n` UTF-8 bytes of `s` (a character cut in half decodes as U+FFFD). */
function bytePrefix(s: string, n: number): string {
  if (n >= s.length * 3) return s;
  const b = encodeUtf8(s);
  if (n >= b.length) return s;
  return decodeUtf8(b.subarray(0, n));
}

/** The first `n` characters of `s`. */
function charPrefix(s: string, n: number): string {
  let i = 0;
  let k = 0;
  while (k < n && i < s.length) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
    k++;
  }
  return s.slice(0, i);
}

/** True when `s` has a character below U+0020. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20) return true;
  return false;
}

/** Body of %#q: ' doubled, \ doubled, control characters as \u00XX. */
function unicodeEscape(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (c < 0x20) out += "\\u00" + (c < 16 ? "0" : "") + c.toString(16);
    else if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "''";
    else out += ch;
  }
  return out;
}

/** Pad `text` to `width`, counting bytes (or characters when `inChars`). */
function pad(text: string, width: number, left: boolean, inChars: boolean): string {
  const len = inChars ? charLength(text) : utf8Length(text);
  const n = width - len;
  if (n <= 0) return text;
  return left ? text + " ".repeat(n) : " ".repeat(n) + text;
}

interface Conv {
  base: number;
  signed: boolean;
  upper: boolean;
  prefix: string;
  kind: "int" | "float" | "str" | "esc" | "char" | "size" | "pct" | "ord" | "internal";
}

const CONVS: Record<string, Conv> = {
  d: { base: 10, signed: true, upper: false, prefix: "", kind: "int" },
  i: { base: 10, signed: true, upper: false, prefix: "", kind: "int" },
  u: { base: 10, signed: false, upper: false, prefix: "", kind: "int" },
  x: { base: 16, signed: false, upper: false, prefix: "0x", kind: "int" },
  X: { base: 16, signed: false, upper: true, prefix: "0X", kind: "int" },
  o: { base: 8, signed: false, upper: false, prefix: "0", kind: "int" },
  p: { base: 16, signed: false, upper: true, prefix: "0x", kind: "int" },
  r: { base: 10, signed: true, upper: false, prefix: "", kind: "ord" },
  f: { base: 0, signed: true, upper: false, prefix: "", kind: "float" },
  e: { base: 0, signed: true, upper: false, prefix: "", kind: "float" },
  E: { base: 0, signed: true, upper: true, prefix: "", kind: "float" },
  g: { base: 0, signed: true, upper: false, prefix: "", kind: "float" },
  G: { base: 0, signed: true, upper: true, prefix: "", kind: "float" },
  s: { base: 0, signed: false, upper: false, prefix: "", kind: "str" },
  z: { base: 0, signed: false, upper: false, prefix: "", kind: "str" },
  q: { base: 0, signed: false, upper: false, prefix: "", kind: "esc" },
  Q: { base: 0, signed: false, upper: false, prefix: "", kind: "esc" },
  w: { base: 0, signed: false, upper: false, prefix: "", kind: "esc" },
  c: { base: 0, signed: false, upper: false, prefix: "", kind: "char" },
  n: { base: 0, signed: false, upper: false, prefix: "", kind: "size" },
  "%": { base: 0, signed: false, upper: false, prefix: "", kind: "pct" },
  T: { base: 0, signed: false, upper: false, prefix: "", kind: "internal" },
  S: { base: 0, signed: false, upper: false, prefix: "", kind: "internal" },
};

/**
 * SQL printf: format `fmt` with `args[first..n)`. Cold-ish (per call it allocates strings).
 *
 * @example
 * ```ts
 * import { memOf } from "../vdbe/mem.ts";
 * import { sqlPrintf } from "./printf.ts";
 * sqlPrintf("%5.2f|%-4d|%q", [memOf(3.14159), memOf(7), memOf("it's")], 0, 3);
 * // " 3.14|7   |it''s"
 * ```
 */
export function sqlPrintf(fmt: string, args: Mem[], first: number, n: number): string | null {
  try {
    return printfInner(fmt, args, first, n);
  } catch (e) {
    // a string JS cannot hold (> ~2^29 characters) is past what SQLite would return too
    if (e instanceof RangeError) tooBig();
    throw e;
  }
}

function printfInner(fmt: string, args: Mem[], first: number, n: number): string | null {
  const list = new ArgList(args, first, n);
  let out = "";
  // SQLite's accumulator stays unallocated (→ NULL result) until something is appended.
  let appended = false;
  const len = fmt.length;
  let i = 0;
  while (i < len) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += fmt.slice(i);
      appended = true;
      break;
    }
    if (pct > i) {
      out += fmt.slice(i, pct);
      appended = true;
    }
    i = pct + 1;
    if (i >= len) {
      out += "%";
      appended = true;
      break;
    }
    let left = false;
    let prefixFlag: "" | "+" | " " = "";
    let alt = false;
    let alt2 = false;
    let zeropad = false;
    let thousands = false;
    let width = 0;
    let precision = -1;
    let c = fmt[i];
    let done = false;
    // flags, width, precision, size
    while (!done) {
      switch (c) {
        case "-":
          left = true;
          break;
        case "+":
          prefixFlag = "+";
          break;
        case " ":
          prefixFlag = " ";
          break;
        case "#":
          alt = true;
          break;
        case "!":
          alt2 = true;
          break;
        case "0":
          zeropad = true;
          break;
        case ",":
          thousands = true;
          break;
        case "l":
          c = fmt[++i] ?? "";
          if (c === "l") c = fmt[++i] ?? "";
          done = true;
          break;
        case "1":
        case "2":
        case "3":
        case "4":
        case "5":
        case "6":
        case "7":
        case "8":
        case "9": {
          let wx = c.charCodeAt(0) - 48;
          while (i + 1 < len && fmt[i + 1] >= "0" && fmt[i + 1] <= "9") {
            wx = (wx * 10 + fmt.charCodeAt(++i) - 48) % 4294967296;
          }
          width = wx & 0x7fffffff;
          c = fmt[++i] ?? "";
          if (c !== "." && c !== "l") done = true;
          else i--;
          break;
        }
        case "*": {
          let w = Number(BigInt.asIntN(32, list.int()));
          if (w < 0) {
            left = true;
            w = w >= -2147483647 ? -w : 0;
          }
          width = w;
          const nx = fmt[i + 1] ?? "";
          if (nx !== "." && nx !== "l") {
            c = fmt[++i] ?? "";
            done = true;
          }
          break;
        }
        case ".": {
          c = fmt[++i] ?? "";
          if (c === "*") {
            let p = Number(BigInt.asIntN(32, list.int()));
            if (p < 0) p = p >= -2147483647 ? -p : -1;
            precision = p;
            c = fmt[++i] ?? "";
          } else {
            let px = 0;
            while (c >= "0" && c <= "9") {
              px = (px * 10 + c.charCodeAt(0) - 48) % 4294967296;
              c = fmt[++i] ?? "";
            }
            precision = px & 0x7fffffff;
          }
          if (c === "l") i--;
          else done = true;
          break;
        }
        default:
          done = true;
      }
      if (!done) {
        c = fmt[++i] ?? "";
        if (c === "") done = true;
      }
    }
    i++; // past the conversion character
    // Widths and precisions are not clamped (SQLITE_PRINTF_PRECISION_LIMIT is off); a result
    // past SQLITE_LIMIT_LENGTH is "string or blob too big", as the accumulator reports it.
    if (width > MAX_LENGTH || (precision > MAX_LENGTH && c !== "s" && c !== "z")) tooBig();
    const conv = CONVS[c];
    if (conv === undefined || conv.kind === "internal") return appended ? out : null; // stop
    let piece: string;
    let inChars = false;
    switch (conv.kind) {
      case "int":
      case "ord": {
        let v = list.int();
        let sign = "";
        if (conv.signed) {
          if (v < 0n) {
            v = -v;
            sign = "-";
          } else sign = prefixFlag;
        } else v = BigInt.asUintN(64, v) & U64;
        const isDecimal = conv.base === 10 && conv.kind === "int";
        let useAlt = alt;
        if (v === 0n) useAlt = false;
        let prec = precision;
        if (zeropad && prec < width - (sign ? 1 : 0)) prec = width - (sign ? 1 : 0);
        let digits = v.toString(conv.base);
        if (conv.upper) digits = digits.toUpperCase();
        let suffix = "";
        if (conv.kind === "ord") {
          const x = Number(v % 10n);
          const tens = Number((v / 10n) % 10n);
          const k = x >= 4 || tens === 1 ? 0 : x;
          suffix = ["th", "st", "nd", "rd"][k];
        }
        // zero-pad to the precision; for %r the 2-letter suffix counts toward it (as in C)
        const want = prec - suffix.length;
        if (digits.length < want) digits = "0".repeat(want - digits.length) + digits;
        if (thousands && isDecimal) {
          let withSep = "";
          const L = digits.length;
          for (let k = 0; k < L; k++) {
            withSep += digits[k];
            const rem = L - 1 - k;
            if (rem > 0 && rem % 3 === 0) withSep += ",";
          }
          digits = withSep;
        }
        piece = sign + (useAlt && conv.prefix ? conv.prefix : "") + digits + suffix;
        break;
      }
      case "float": {
        const spec: FloatSpec = {
          conv: c as FloatSpec["conv"],
          precision,
          width,
          prefix: prefixFlag,
          alternate: alt,
          altform2: alt2,
          zeropad,
          leftJustify: left,
          thousands,
        };
        piece = renderFloat(list.real(), spec);
        break;
      }
      case "str": {
        const t = list.text() ?? "";
        if (precision >= 0) piece = alt2 ? charPrefix(t, precision) : bytePrefix(t, precision);
        else piece = t;
        inChars = alt2;
        break;
      }
      case "esc": {
        const raw = list.text();
        const q = c === "w" ? '"' : "'";
        const isNull = raw === null;
        let t = isNull ? (c === "Q" ? "NULL" : "(NULL)") : raw;
        if (precision >= 0) t = alt2 ? charPrefix(t, precision) : bytePrefix(t, precision);
        let body: string;
        if (alt && !isNull && c !== "w" && (c === "q" || hasControl(t))) {
          // "%#q" / "%#Q": control characters as \uXXXX, backslashes doubled; %#Q wraps the
          // result in unistr('…') (only when there is a control character to escape).
          body = unicodeEscape(t);
          if (c === "Q") body = "unistr('" + body + "')";
        } else {
          body = t.replaceAll(q, q + q);
          if (!isNull && c === "Q") body = q + body + q;
        }
        piece = body;
        inChars = alt2;
        break;
      }
      case "char": {
        const t = list.text();
        const ch = t === null ? "\0" : t.length === 0 ? "\0" : charPrefix(t, 1);
        if (precision > 1 && precision * utf8Length(ch) + out.length > MAX_LENGTH) tooBig();
        piece = precision > 1 ? ch.repeat(precision) : ch;
        inChars = true;
        break;
      }
      case "size":
        piece = "";
        width = 0;
        break;
      default:
        piece = "%";
    }
    if (out.length + Math.max(piece.length, width) > MAX_LENGTH) tooBig();
    out += width > 0 ? pad(piece, width, left, inChars) : piece;
    appended = true;
  }
  return appended ? out : null;
}

/** Register format() and printf(). Cold. */
export function registerPrintf(reg: FunctionRegistry): void {
  const fn = (nArg: number, args: Mem[], out: Mem) => {
    if (nArg < 1) return out.setNull();
    const f = memToText(args[0]);
    if (f === null) return out.setNull();
    const r = sqlPrintf(f, args, 1, nArg);
    if (r === null) out.setNull();
    else out.setText(r);
  };
  reg.scalar("printf", -1, FuncFlag.DETERMINISTIC, (ctx, args, out) => fn(ctx.nArg, args, out));
  reg.scalar("format", -1, FuncFlag.DETERMINISTIC, (ctx, args, out) => fn(ctx.nArg, args, out));
}
