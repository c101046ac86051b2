/**
 * The JSON value model of the json functions (json.c): a parsed tree that keeps each scalar's
 * text as SQLite keeps it (numbers and string bodies are not re-rendered), plus the RFC 8259 /
 * JSON5 text parser with SQLite's acceptance rules and error positions.
 *
 * Owns: {@link JNode}, `parseJson` (JSON5 input: comments, trailing commas, unquoted keys,
 * single quotes, hex, leading '+' / '.', Infinity, NaN), string escaping and unescaping.
 * Must never: lose the original spelling of a number or string body that SQLite would keep.
 * @module
 */

/** Node kinds. */
export const J = {
  NULL: 0,
  TRUE: 1,
  FALSE: 2,
  INT: 3,
  REAL: 4,
  STR: 5,
  ARR: 6,
  OBJ: 7,
} as const;

/** json_type()'s name for each node kind, indexed by {@link J}. */
export const TYPE_NAMES = ["null", "true", "false", "integer", "real", "text", "array", "object"];

/** JSONB element types (jsonb.html). */
export const JB = {
  NULL: 0,
  TRUE: 1,
  FALSE: 2,
  INT: 3,
  INT5: 4,
  FLOAT: 5,
  FLOAT5: 6,
  TEXT: 7,
  TEXTJ: 8,
  TEXT5: 9,
  TEXTRAW: 10,
  ARRAY: 11,
  OBJECT: 12,
} as const;

/** A JSON string: `body` is its RFC 8259 body (escapes as SQLite renders them); `jt`/`payload` its JSONB form. */
export interface JStr {
  k: typeof J.STR;
  body: string;
  json5: boolean;
  /** JSONB text type: TEXT, TEXTJ, TEXT5 or TEXTRAW. */
  jt: number;
  /** JSONB payload: the source body (TEXT/TEXTJ/TEXT5) or the plain text (TEXTRAW). */
  payload: string;
}

/** A JSON number: `text` is its canonical JSON spelling, `raw` the spelling JSONB keeps. */
export interface JNum {
  k: typeof J.INT | typeof J.REAL;
  text: string;
  raw: string;
  json5: boolean;
}

/** A JSON value. Scalars keep their spelling; objects keep label forms for JSONB. */
export type JNode =
  | { k: typeof J.NULL }
  | { k: typeof J.TRUE }
  | { k: typeof J.FALSE }
  | JNum
  | JStr
  | { k: typeof J.ARR; items: JNode[] }
  | { k: typeof J.OBJ; keys: string[]; vals: JNode[]; labels: JStr[] };

/** JSONB size an element must keep when it replaced another in place (see jsonb.ts). */
export const padOf = new WeakMap<JNode, number>();

/**
 * A string node for an SQL text value. Constructors (json_array, json_object …) store it as
 * TEXT, or TEXTJ with the escaped body when it needs escaping; edits (json_set …) and labels
 * created from a path store TEXTRAW (`raw`), as SQLite does.
 */
export function textNode(s: string, raw = false): JStr {
  const body = escapeString(s);
  if (raw) return { k: J.STR, body, json5: false, jt: JB.TEXTRAW, payload: s };
  return { k: J.STR, body, json5: false, jt: body === s ? JB.TEXT : JB.TEXTJ, payload: body };
}

/** A number node from canonical text. */
export function numNode(real: boolean, text: string): JNum {
  return { k: real ? J.REAL : J.INT, text, raw: text, json5: false };
}

/** The singletons. */
export const JNULL: JNode = { k: J.NULL };
/** `true`. */
export const JTRUE: JNode = { k: J.TRUE };
/** `false`. */
export const JFALSE: JNode = { k: J.FALSE };

/** A parse failure at a 0-based character position. */
export class JsonSyntaxError extends Error {
  /** 0-based index of the offending character. */
  readonly pos: number;
  /** @param pos 0-based position. */
  constructor(pos: number) {
    super("malformed JSON");
    this.pos = pos;
  }
}

/** Parse result: the tree and whether any JSON5 extension was used. */
export interface Parsed {
  node: JNode;
  json5: boolean;
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** JSON5 whitespace beyond RFC 8259's (\v \f NBSP, line/para separators, BOM, Zs spaces). */
function isWs5(c: number): boolean {
  return c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
}

function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

class Parser {
  i = 0;
  json5 = false;
  depth = 0;
  constructor(readonly s: string) {}

  fail(at = this.i): never {
    throw new JsonSyntaxError(at);
  }

  ws(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (isWs(c)) {
        this.i++;
        continue;
      }
      if (isWs5(c)) {
        this.json5 = true;
        this.i++;
        continue;
      }
      if (c === 47 /* / */) {
        const d = s.charCodeAt(this.i + 1);
        if (d === 42 /* * */) {
          const end = s.indexOf("*/", this.i + 2);
          if (end < 0) this.fail();
          this.i = end + 2;
          this.json5 = true;
          continue;
        }
        if (d === 47) {
          let j = this.i + 2;
          while (j < s.length) {
            const e = s.charCodeAt(j);
            if (e === 10 || e === 13 || e === 0x2028 || e === 0x2029) break;
            j++;
          }
          this.i = j;
          this.json5 = true;
          continue;
        }
      }
      return;
    }
  }

  /** At the keyword `w` (not followed by an identifier character): step past it. */
  word(w: string): boolean {
    if (!this.s.startsWith(w, this.i) || isIdChar(this.s.charCodeAt(this.i + w.length))) {
      return false;
    }
    this.i += w.length;
    return true;
  }

  value(): JNode {
    const s = this.s;
    const before = this.i;
    this.ws();
    // a value missing at the end of the input is reported where the value was expected
    if (this.i >= s.length) this.fail(before);
    const c = s.charCodeAt(this.i);
    switch (c) {
      case 123: // {
        return this.object();
      case 91: // [
        return this.array();
      case 34: // "
      case 39: // '
        return this.string();
      case 116: // t
        if (this.word("true")) return JTRUE;
        break;
      case 102: // f
        if (this.word("false")) return JFALSE;
        break;
      case 110: // n
        if (this.word("null")) return JNULL;
        break;
      case 78: // N
        if (this.word("NaN")) {
          this.json5 = true;
          return JNULL;
        }
        break;
      default:
        if (c === 45 || c === 43 || c === 46 || c === 73 || (c >= 48 && c <= 57)) {
          return this.number();
        }
    }
    return this.fail();
  }

  number(): JNode {
    const s = this.s;
    const start = this.i;
    let sign = "";
    let c = s.charCodeAt(this.i);
    if (c === 45 || c === 43) {
      if (c === 43) this.json5 = true;
      else sign = "-";
      this.i++;
      c = s.charCodeAt(this.i);
    }
    if (c === 73 /* I */) {
      if (this.word("Infinity")) {
        this.json5 = true;
        // stored as a plain FLOAT 9e999 (the document is still JSON5)
        return { k: J.REAL, text: sign + "9e999", raw: sign + "9e999", json5: false };
      }
      this.fail(start);
    }
    if (c === 48 && (s.charCodeAt(this.i + 1) | 32) === 120 /* x */) {
      let j = this.i + 2;
      while (isHex(s.charCodeAt(j))) j++;
      if (j === this.i + 2) this.fail(start);
      const v = BigInt("0x" + s.slice(this.i + 2, j));
      this.i = j;
      this.json5 = true;
      return {
        k: J.INT,
        text: sign + v.toString(),
        raw: sign +
          s.slice(start + (s.charCodeAt(start) === 43 || s.charCodeAt(start) === 45 ? 1 : 0), j),
        json5: true,
      };
    }
    let json5 = false;
    const digitsStart = this.i;
    while (c >= 48 && c <= 57) {
      this.i++;
      c = s.charCodeAt(this.i);
    }
    const intPart = s.slice(digitsStart, this.i);
    if (intPart.length > 1 && intPart[0] === "0") this.fail(digitsStart + 1);
    let isReal = false;
    let hasDot = false;
    let frac = "";
    if (c === 46 /* . */) {
      isReal = true;
      hasDot = true;
      this.i++;
      const fs = this.i;
      c = s.charCodeAt(this.i);
      while (c >= 48 && c <= 57) {
        this.i++;
        c = s.charCodeAt(this.i);
      }
      frac = s.slice(fs, this.i);
      if (intPart === "" && frac === "") this.fail(start);
      if (intPart === "" || frac === "") json5 = true;
    } else if (intPart === "") this.fail(start);
    let exp = "";
    if ((c | 32) === 101 /* e */) {
      const es = this.i;
      this.i++;
      c = s.charCodeAt(this.i);
      if (c === 43 || c === 45) {
        this.i++;
        c = s.charCodeAt(this.i);
      }
      if (!(c >= 48 && c <= 57)) this.fail(this.i);
      while (c >= 48 && c <= 57) {
        this.i++;
        c = s.charCodeAt(this.i);
      }
      exp = s.slice(es, this.i);
      isReal = true;
    }
    if (json5 || s.charCodeAt(start) === 43) {
      // canonical form: "+5" → "5", ".5" → "0.5", "5." → "5.0"
      this.json5 = true;
      const text = sign + (intPart === "" ? "0" : intPart) +
        (hasDot ? "." + (frac === "" ? "0" : frac) : "") + exp;
      // JSONB keeps the spelling without a leading '+'; only '.'-forms stay JSON5
      const raw = sign + s.slice(digitsStart, this.i);
      return { k: isReal ? J.REAL : J.INT, text, raw, json5 };
    }
    const text = s.slice(start, this.i);
    return { k: isReal ? J.REAL : J.INT, text, raw: text, json5: false };
  }

  string(): JStr {
    const s = this.s;
    const q = s.charCodeAt(this.i);
    const start = ++this.i;
    // JSONB text type as SQLite picks it: TEXT, TEXTJ (RFC escapes), TEXT5 (JSON5 features)
    let jt: number = JB.TEXT;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (Number.isNaN(c)) this.fail(s.length);
      if (c === q) break;
      if (c === 92 /* \ */) {
        const d = s.charCodeAt(this.i + 1);
        if (d === 117 /* u */) {
          for (let k = 2; k < 6; k++) if (!isHex(s.charCodeAt(this.i + k))) this.fail(this.i);
          if (jt === JB.TEXT) jt = JB.TEXTJ;
          this.i += 6;
          continue;
        }
        if (
          d === 34 || d === 92 || d === 47 || d === 98 || d === 102 || d === 110 || d === 114 ||
          d === 116
        ) {
          if (jt === JB.TEXT) jt = JB.TEXTJ;
          this.i += 2;
          continue;
        }
        if (d === 120 /* x */) {
          if (!isHex(s.charCodeAt(this.i + 2)) || !isHex(s.charCodeAt(this.i + 3))) {
            this.fail(this.i);
          }
          jt = JB.TEXT5;
          this.i += 4;
          continue;
        }
        if (
          d === 39 || d === 118 /* v */ || d === 48 /* 0 */ || d === 10 || d === 0x2028 ||
          d === 0x2029
        ) {
          jt = JB.TEXT5;
          this.i += 2;
          continue;
        }
        if (d === 13) {
          jt = JB.TEXT5;
          this.i += s.charCodeAt(this.i + 2) === 10 ? 3 : 2;
          continue;
        }
        this.fail(this.i);
      }
      if (c === 0) this.fail(this.i);
      if (c < 0x20 || c === 34) jt = JB.TEXT5; // raw control character, or " inside '…'
      this.i++;
    }
    const payload = s.slice(start, this.i);
    this.i++;
    const json5 = jt === JB.TEXT5;
    if (json5 || q === 39) this.json5 = true; // single quotes are JSON5 even when stored as TEXT
    return { k: J.STR, body: json5 ? canonicalBody(payload) : payload, json5, jt, payload };
  }

  key(): JStr {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 34 || c === 39) return this.string();
    if (isIdStart(c)) {
      const st = this.i;
      while (isIdChar(s.charCodeAt(this.i))) this.i++;
      this.json5 = true;
      const t = s.slice(st, this.i);
      return { k: J.STR, body: t, json5: true, jt: JB.TEXT, payload: t };
    }
    return this.fail();
  }

  /**
   * At an opening `[` or `{`: read members with `member` up to the closing `close` (93 `]`,
   * 125 `}`), separated by commas; a trailing comma is JSON5. Nesting deeper than 1000 fails.
   */
  members(close: number, member: () => void): void {
    if (++this.depth > 1000) this.fail();
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === close) {
      this.i++;
      this.depth--;
      return;
    }
    for (;;) {
      member();
      this.ws();
      const c = this.s.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        this.ws();
        if (this.s.charCodeAt(this.i) === close) {
          this.json5 = true;
          this.i++;
          break;
        }
        continue;
      }
      if (c === close) {
        this.i++;
        break;
      }
      this.fail();
    }
    this.depth--;
  }

  array(): JNode {
    const items: JNode[] = [];
    this.members(93, () => {
      items.push(this.value());
    });
    return { k: J.ARR, items };
  }

  object(): JNode {
    const keys: string[] = [];
    const vals: JNode[] = [];
    const labels: JStr[] = [];
    this.members(125, () => {
      this.ws();
      const label = this.key();
      labels.push(label);
      keys.push(label.body);
      this.ws();
      if (this.s.charCodeAt(this.i) !== 58) this.fail();
      this.i++;
      vals.push(this.value());
    });
    return { k: J.OBJ, keys, vals, labels };
  }
}

/** Parse JSON/JSON5 text; throws {@link JsonSyntaxError}. Cold-ish. */
export function parseJson(text: string): Parsed {
  const p = new Parser(text);
  // an empty or all-whitespace document is an error at position 1 (0-based 0)
  if (/^[\s\u2028\u2029\ufeff]*$/.test(text)) throw new JsonSyntaxError(0);
  const node = p.value();
  p.ws();
  if (p.i < text.length) p.fail();
  return { node, json5: p.json5 };
}

/**
 * Rewrite a JSON5 string body in RFC 8259 form as SQLite renders it: \xHH → \u00HH,
 * \' → ', \v → \u000b, \0 → \u0000, line continuations dropped, raw control
 * characters escaped; RFC escapes are kept as written.
 */
export function canonicalBody(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 92) {
      const d = body[i + 1];
      if (d === "x") {
        out += "\\u00" + body.slice(i + 2, i + 4).toLowerCase();
        i += 3;
      } else if (d === "'") {
        out += "'";
        i++;
      } else if (d === "v") {
        out += "\\u000b";
        i++;
      } else if (d === "0") {
        out += "\\u0000";
        i++;
      } else if (d === "\n" || d === "\u2028" || d === "\u2029") {
        i++;
      } else if (d === "\r") {
        i += body[i + 2] === "\n" ? 2 : 1;
      } else if (d === "u") {
        out += body.slice(i, i + 6);
        i += 5;
      } else {
        out += "\\" + d;
        i++;
      }
    } else if (c < 0x20 || c === 34) {
      out += escapeString(body[i]);
    } else out += body[i];
  }
  return out;
}

/** Escape a JS string as a JSON string body (SQLite's jsonAppendString). */
export function escapeString(s: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 34 && c !== 92) continue;
    out += s.slice(from, i);
    from = i + 1;
    if (c === 34) out += '\\"';
    else if (c === 92) out += "\\\\";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else out += "\\u00" + (c < 16 ? "0" : "") + c.toString(16);
  }
  return out + s.slice(from);
}

/** Decode a string body's escapes (JSON and JSON5) to its value. */
export function unescapeString(body: string): string {
  if (body.indexOf("\\") < 0) return body;
  let out = "";
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const d = body[i + 1];
    i += 2;
    switch (d) {
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        if (body[i] === "\n") {
          i++;
          break;
        }
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "v":
        out += "\v";
        break;
      case "0":
        out += "\0";
        break;
      case "u": {
        let v = parseInt(body.slice(i, i + 4), 16);
        i += 4;
        if (v >= 0xd800 && v <= 0xdbff && body[i] === "\\" && body[i + 1] === "u") {
          const lo = parseInt(body.slice(i + 2, i + 6), 16);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
            i += 6;
          }
        }
        out += String.fromCodePoint(v);
        break;
      }
      case "x":
        out += String.fromCharCode(parseInt(body.slice(i, i + 2), 16));
        i += 2;
        break;
      case "\n":
      case "\u2028":
      case "\u2029":
        break;
      default:
        out += d;
    }
  }
  return out;
}
