/**
 * The JSON SQL functions (json.c): json, json_valid, json_type, json_extract, `->`, `->>`,
 * json_array, json_object, json_quote, json_array_length, json_error_position, json_insert,
 * json_replace, json_set, json_remove, json_array_insert, json_patch, json_pretty, the
 * aggregates json_group_array / json_group_object (with window inverse), and the jsonb_
 * variants that return JSONB.
 *
 * Owns: SQL value ↔ JSON conversions (JSON-subtype values embed as JSON; REALs as quote()
 * renders them; BLOBs are "JSON cannot hold BLOB values"), path syntax and lookup/edit
 * semantics, and SQLite's error messages ("malformed JSON", "bad JSON path: '…'").
 * Must never: re-render a number or string that came from JSON text (SQLite keeps its
 * spelling). BLOB arguments are JSONB (jsonb.ts); other blobs are errors.
 * @module
 */

import { SqliteError } from "../../error.ts";
import { type Mem, MemType } from "../../vdbe/mem.ts";
import { memToText } from "../../vdbe/value/convert.ts";
import { Atoi, parseInt64, parseReal } from "../../vdbe/value/numeric.ts";
import { realToText } from "../../vdbe/value/render.ts";
import { charLength } from "../../vdbe/value/text.ts";
import { argCText, argIntClamped } from "../args.ts";
import { type AggState, type FuncContext, FuncFlag, type FunctionRegistry } from "../registry.ts";
import { decodeJsonb, encodedSize, encodeJsonb } from "./jsonb.ts";
import {
  J,
  type JNode,
  JNULL,
  JsonSyntaxError,
  numNode,
  padOf,
  parseJson,
  textNode,
  TYPE_NAMES,
  unescapeString,
} from "./node.ts";

/** The subtype SQLite gives JSON results ('J'). */
export const JSON_SUBTYPE = 74;

function malformed(): never {
  throw new SqliteError("malformed JSON");
}

function blobError(): never {
  throw new SqliteError("JSON cannot hold BLOB values");
}

// ---------------------------------------------------------------- rendering

/** Minified JSON text of a node. */
export function renderJson(n: JNode): string {
  switch (n.k) {
    case J.NULL:
      return "null";
    case J.TRUE:
      return "true";
    case J.FALSE:
      return "false";
    case J.INT:
    case J.REAL:
      return n.text;
    case J.STR:
      return '"' + n.body + '"';
    case J.ARR: {
      let s = "[";
      for (let i = 0; i < n.items.length; i++) s += (i ? "," : "") + renderJson(n.items[i]);
      return s + "]";
    }
    default: {
      let s = "{";
      for (let i = 0; i < n.keys.length; i++) {
        s += (i ? "," : "") + '"' + n.labels[i].body + '":' + renderJson(n.vals[i]);
      }
      return s + "}";
    }
  }
}

/** json_pretty text. */
function renderPretty(n: JNode, indent: string, level: number): string {
  if (n.k === J.ARR) {
    if (n.items.length === 0) return "[]";
    const pad = indent.repeat(level + 1);
    const parts = n.items.map((it) => pad + renderPretty(it, indent, level + 1));
    return "[\n" + parts.join(",\n") + "\n" + indent.repeat(level) + "]";
  }
  if (n.k === J.OBJ) {
    if (n.keys.length === 0) return "{}";
    const pad = indent.repeat(level + 1);
    const parts = n.labels.map((l, i) =>
      pad + '"' + l.body + '": ' + renderPretty(n.vals[i], indent, level + 1)
    );
    return "{\n" + parts.join(",\n") + "\n" + indent.repeat(level) + "}";
  }
  return renderJson(n);
}

function setJsonText(out: Mem, text: string): void {
  out.setText(text);
  out.subtype = JSON_SUBTYPE;
}

/** Store a JSON result: text with the JSON subtype, or JSONB bytes for the jsonb_ variants. */
function emit(out: Mem, n: JNode, binary: boolean): void {
  if (binary) out.setBlob(encodeJsonb(n));
  else setJsonText(out, renderJson(n));
}

// ---------------------------------------------------------------- SQL ↔ JSON

/** A REAL as JSON text (SQLite uses quote()'s rendering; infinities become ±9.0e+999). */
function realJson(r: number): string {
  if (Number.isFinite(r)) return realToText(r);
  return r > 0 ? "9.0e+999" : "-9.0e+999";
}

/**
 * An SQL value as a JSON node (json_array arguments, json_set values …). `forEdit` stores
 * text as TEXTRAW (what SQLite's edit functions write into JSONB).
 */
function sqlToNode(m: Mem, forEdit = false): JNode {
  switch (m.type) {
    case MemType.NULL:
      return JNULL;
    case MemType.INT:
      return numNode(false, m.big === null ? String(m.n) : m.big.toString());
    case MemType.REAL:
      return numNode(true, realJson(m.n));
    case MemType.TEXT:
      if (m.subtype === JSON_SUBTYPE) {
        try {
          return parseJson(m.s).node;
        } catch {
          malformed();
        }
      }
      return textNode(m.s, forEdit);
    default: {
      let n: JNode;
      try {
        n = decodeJsonb(m.b);
      } catch {
        return blobError();
      }
      // a JSONB argument value is re-read from its text form (JSON5 spellings normalised)
      return parseJson(renderJson(n)).node;
    }
  }
}

/** The JSON document of a function's first argument, or null for SQL NULL. */
export function docOf(m: Mem): JNode | null {
  switch (m.type) {
    case MemType.NULL:
      return null;
    case MemType.BLOB:
      try {
        return decodeJsonb(m.b);
      } catch {
        return malformed();
      }
    default: {
      const t = memToText(m) as string;
      try {
        return parseJson(t).node;
      } catch (e) {
        if (e instanceof JsonSyntaxError) malformed();
        throw e;
      }
    }
  }
}

/** A JSON node as an SQL value (json_extract, ->>); containers as JSON text or JSONB. */
export function nodeToSql(n: JNode, out: Mem, binary = false): void {
  switch (n.k) {
    case J.NULL:
      return out.setNull();
    case J.TRUE:
      return out.setInt(1);
    case J.FALSE:
      return out.setInt(0);
    case J.INT: {
      const i = parseInt64(n.text);
      if (i.rc === Atoi.OK) return out.setSqlInt(i.value);
      return out.setReal(parseReal(n.text).value);
    }
    case J.REAL:
      return out.setReal(parseReal(n.text).value);
    case J.STR:
      return out.setText(unescapeString(n.body));
    default:
      return emit(out, n, binary);
  }
}

// ---------------------------------------------------------------- paths

/** One step of a JSON path; "bad" marks a malformed step (an error only once reached). */
export type Step =
  | { kind: "key"; key: string }
  | { kind: "idx"; n: number; fromEnd: boolean }
  | { kind: "bad"; bracket: boolean };

/**
 * Tokenise a path ('$', '.key', '."key"', '[N]', '[#]', '[#-N]'); null when it does not start
 * with '$'. A malformed step becomes a final "bad" step: SQLite only reports the error when
 * the lookup reaches it (a '[…]' step on a non-array is simply "not found").
 */
export function parsePath(path: string): Step[] | null {
  if (path.charCodeAt(0) !== 36 /* $ */) return null;
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      i++;
      if (path[i] === '"') {
        // jsonLookupStep: a backslash escapes the next character of a quoted label
        let end = i + 1;
        while (end < path.length && path[end] !== '"') end += path[end] === "\\" ? 2 : 1;
        if (end >= path.length) {
          steps.push({ kind: "bad", bracket: false });
          return steps;
        }
        steps.push({ kind: "key", key: path.slice(i + 1, end) });
        i = end + 1;
      } else {
        let j = i;
        while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
        if (j === i) {
          steps.push({ kind: "bad", bracket: false });
          return steps;
        }
        steps.push({ kind: "key", key: path.slice(i, j) });
        i = j;
      }
    } else if (c === "[") {
      i++;
      let fromEnd = false;
      if (path[i] === "#") {
        fromEnd = true;
        i++;
        if (path[i] === "]") {
          steps.push({ kind: "idx", n: 0, fromEnd: true });
          i++;
          continue;
        }
        if (path[i] !== "-") {
          steps.push({ kind: "bad", bracket: true });
          return steps;
        }
        i++;
      }
      let j = i;
      while (j < path.length && path.charCodeAt(j) >= 48 && path.charCodeAt(j) <= 57) j++;
      if (j === i || path[j] !== "]") {
        steps.push({ kind: "bad", bracket: true });
        return steps;
      }
      steps.push({ kind: "idx", n: Number(path.slice(i, j)), fromEnd });
      i = j + 1;
    } else {
      steps.push({ kind: "bad", bracket: false });
      return steps;
    }
  }
  return steps;
}

export function badPath(path: string): never {
  throw new SqliteError(`bad JSON path: '${path}'`);
}

/** The path text of an argument (for `->`/`->>` see `arrowPath`). */
function pathArg(m: Mem, arrow: boolean): string | null {
  if (m.type === MemType.NULL) return null;
  if (arrow) {
    const t = cText(memToText(m) as string);
    return t.charCodeAt(0) === 36 /* $ */ ? t : arrowPath(t, m.type === MemType.INT);
  }
  return argCText(m);
}

/** The text as sqlite3_value_text's C string sees it (up to the first NUL). */
function cText(t: string): string {
  const nul = t.indexOf("\0");
  return nul < 0 ? t : t.slice(0, nul);
}

/**
 * jsonExtractFunc's JSON_ABPATH shorthands for `->`/`->>`: an INTEGER n is `$[n]` (`$[#n]` when
 * negative), a label of letters, digits and `_` (even empty) is `$.label`, `[…]` of at least three
 * characters is `$[…]`, anything else `$."text"`. Cold.
 */
function arrowPath(t: string, isInt: boolean): string {
  if (isInt) return t.charCodeAt(0) === 45 /* - */ ? `$[#${t}]` : `$[${t}]`;
  if (/^[A-Za-z0-9_]*$/.test(t)) return "$." + t;
  if (t.charCodeAt(0) === 91 /* [ */ && t.length >= 3 && t.charCodeAt(t.length - 1) === 93) {
    return "$" + t;
  }
  return `$."${t}"`;
}

/**
 * Index of the first member of `obj` labelled `key` (a path key as written), or -1: labels and
 * keys match byte for byte, or — when either holds an escape — on their unescaped text
 * (json.c jsonLabelCompare). Cold.
 */
export function labelIndex(obj: { keys: string[] }, key: string): number {
  const keyRaw = key.indexOf("\\") >= 0;
  const want = keyRaw ? unescapeString(key) : key;
  for (let i = 0; i < obj.keys.length; i++) {
    const k = obj.keys[i];
    if (k === key) return i;
    if ((keyRaw || k.indexOf("\\") >= 0) && unescapeString(k) === want) return i;
  }
  return -1;
}

/** Resolve `path` from `root`; undefined when it does not exist; throws for a bad path. */
function lookupPath(root: JNode, path: string, shown = path): JNode | undefined {
  const steps = parsePath(path) ?? badPath(shown);
  let n: JNode = root;
  for (const s of steps) {
    if (s.kind === "bad") {
      if (s.bracket && n.k !== J.ARR) return undefined;
      badPath(shown);
    }
    if (s.kind === "key") {
      if (n.k !== J.OBJ) return undefined;
      const i = labelIndex(n, s.key);
      if (i < 0) return undefined;
      n = n.vals[i];
    } else {
      if (n.k !== J.ARR) return undefined;
      const i = s.fromEnd ? n.items.length - s.n : s.n;
      if (i < 0 || i >= n.items.length) return undefined;
      n = n.items[i];
    }
  }
  return n;
}

/** Edit modes of json_insert / json_replace / json_set / json_remove. */
type EditMode = "insert" | "replace" | "set" | "remove" | "array_insert";

/** A fresh value for a missing path tail (objects for keys; arrays only via [#]). */
function build(steps: Step[], from: number, value: JNode, path: string): JNode | undefined {
  if (from === steps.length) return value;
  const s = steps[from];
  if (s.kind === "bad") return badPath(path);
  const inner = build(steps, from + 1, value, path);
  if (inner === undefined) return undefined;
  if (s.kind === "key") {
    return { k: J.OBJ, keys: [s.key], vals: [inner], labels: [textNode(s.key, true)] };
  }
  if (s.n === 0) return { k: J.ARR, items: [inner] }; // [0] or [#]
  return undefined;
}

/** Apply one edit; returns the new root (null means SQL NULL: the root was removed). */
function edit(root: JNode, path: string, mode: EditMode, value: JNode): JNode | null {
  const steps = parsePath(path) ?? badPath(path);
  if (steps.length === 0) {
    if (mode === "remove") return null;
    if (mode === "insert" || mode === "array_insert") return root;
    return replaced(root, value);
  }
  let n: JNode = root;
  for (let d = 0; d < steps.length; d++) {
    const s = steps[d];
    const last = d === steps.length - 1;
    if (s.kind === "bad") {
      if (s.bracket && n.k !== J.ARR) return root;
      badPath(path);
    }
    if (s.kind === "key") {
      if (n.k !== J.OBJ) return root;
      const i = labelIndex(n, s.key);
      if (mode === "array_insert" && (last || steps[steps.length - 1].kind === "key")) {
        throw new SqliteError(`not an array element: '${path}'`);
      }
      if (i < 0) {
        if (mode === "insert" || mode === "set" || mode === "array_insert") {
          const v = build(steps, d + 1, value, path);
          if (v !== undefined) {
            n.keys.push(s.key);
            n.vals.push(v);
            n.labels.push(textNode(s.key, true));
          }
        }
        return root;
      }
      if (last) {
        if (mode === "remove") {
          n.keys.splice(i, 1);
          n.vals.splice(i, 1);
          n.labels.splice(i, 1);
        } else if (mode !== "insert") n.vals[i] = replaced(n.vals[i], value);
        return root;
      }
      n = n.vals[i];
    } else {
      if (n.k !== J.ARR) return root;
      const len = n.items.length;
      const i = s.fromEnd ? len - s.n : s.n;
      if (i < 0 || i > len) return root;
      if (i === len) {
        if (mode === "insert" || mode === "set" || mode === "array_insert") {
          const v = build(steps, d + 1, value, path);
          if (v !== undefined) n.items.push(v);
        }
        return root;
      }
      if (last) {
        if (mode === "remove") n.items.splice(i, 1);
        else if (mode === "array_insert") n.items.splice(i, 0, value);
        else if (mode !== "insert") n.items[i] = replaced(n.items[i], value);
        return root;
      }
      n = n.items[i];
    }
  }
  return root;
}

/** `value` replacing `old` in place: remember old's JSONB size (header padding). */
function replaced(old: JNode, value: JNode): JNode {
  const v = value === JNULL || value.k <= J.FALSE ? value : { ...value } as JNode;
  if (v !== value || value.k > J.FALSE) padOf.set(v, encodedSize(old));
  return v;
}

/** RFC 7396 merge patch (json_patch). */
function mergePatch(target: JNode, patch: JNode): JNode {
  if (patch.k !== J.OBJ) return patch;
  const t: JNode = target.k === J.OBJ
    ? { k: J.OBJ, keys: [...target.keys], vals: [...target.vals], labels: [...target.labels] }
    : { k: J.OBJ, keys: [], vals: [], labels: [] };
  for (let i = 0; i < patch.keys.length; i++) {
    const key = patch.keys[i];
    const pv = patch.vals[i];
    const at = t.keys.indexOf(key);
    if (pv.k === J.NULL) {
      if (at >= 0) {
        t.keys.splice(at, 1);
        t.vals.splice(at, 1);
        t.labels.splice(at, 1);
      }
    } else if (at >= 0) t.vals[at] = mergePatch(t.vals[at], pv);
    else {
      t.keys.push(key);
      t.vals.push(mergePatch(JNULL, pv));
      t.labels.push(patch.labels[i]);
    }
  }
  return t;
}

// ---------------------------------------------------------------- aggregates

class GroupArrayState implements AggState {
  private items: JNode[] = [];
  constructor(private readonly binary: boolean) {}
  step(args: Mem[]): void {
    this.items.push(sqlToNode(args[0]));
  }
  inverse(): void {
    this.items.shift();
  }
  value(out: Mem): void {
    emit(out, { k: J.ARR, items: [...this.items] }, this.binary);
  }
  final(out: Mem): void {
    this.value(out);
  }
}

class GroupObjectState implements AggState {
  private keys: string[] = [];
  private vals: JNode[] = [];
  constructor(private readonly binary: boolean) {}
  step(args: Mem[]): void {
    if (args[0].type === MemType.NULL) return;
    this.keys.push(memToText(args[0]) as string);
    this.vals.push(sqlToNode(args[1]));
  }
  inverse(args: Mem[]): void {
    if (args[0].type === MemType.NULL) return;
    this.keys.shift();
    this.vals.shift();
  }
  value(out: Mem): void {
    emit(out, objectOf(this.keys, this.vals), this.binary);
  }
  final(out: Mem): void {
    this.value(out);
  }
}

/** An object node from SQL label texts and values. */
function objectOf(keys: string[], vals: JNode[]): JNode {
  const labels = keys.map((k) => textNode(k));
  return { k: J.OBJ, keys: labels.map((l) => l.body), vals: [...vals], labels };
}

// ---------------------------------------------------------------- registration

/** Register the JSON functions. Cold. */
export function registerJson(reg: FunctionRegistry): void {
  const D = FuncFlag.DETERMINISTIC;
  for (const bin of [false, true]) {
    const name = bin ? "jsonb" : "json";
    reg.scalar(name, 1, D, (_ctx, args, out) => {
      const n = docOf(args[0]);
      if (n === null) return out.setNull();
      emit(out, n, bin);
    });
  }
  reg.scalar("json_valid", 1, D, (_ctx, args, out) => validCall(args[0], 1, out));
  reg.scalar("json_valid", 2, D, (_ctx, args, out) => {
    const f = argIntClamped(args[1]);
    if (f < 1 || f > 15) {
      throw new SqliteError("FLAGS parameter to json_valid() must be between 1 and 15");
    }
    validCall(args[0], f, out);
  });
  reg.scalar("json_error_position", 1, D, (_ctx, args, out) => {
    const m = args[0];
    if (m.type === MemType.NULL) return out.setNull();
    if (m.type === MemType.BLOB) return out.setInt(1);
    const t = memToText(m) as string;
    try {
      parseJson(t);
      out.setInt(0);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      out.setInt(charLength(t.slice(0, e.pos)) + 1);
    }
  });
  /** json_type's and json_array_length's subject: the document (X) or the node at (X, P). */
  const subject = (args: Mem[], nArg: number): JNode | undefined => {
    const root = docOf(args[0]);
    if (root === null) return undefined;
    if (nArg !== 2) return root;
    const p = pathArg(args[1], false);
    return p === null ? undefined : lookupPath(root, p);
  };
  const typeCall = (args: Mem[], nArg: number, out: Mem) => {
    const n = subject(args, nArg);
    if (n === undefined) return out.setNull();
    out.setText(TYPE_NAMES[n.k]);
  };
  reg.scalar("json_type", 1, D, (ctx, args, out) => typeCall(args, ctx.nArg, out));
  reg.scalar("json_type", 2, D, (ctx, args, out) => typeCall(args, ctx.nArg, out));
  const lengthCall = (args: Mem[], nArg: number, out: Mem) => {
    const n = subject(args, nArg);
    if (n === undefined) return out.setNull();
    out.setInt(n.k === J.ARR ? n.items.length : 0);
  };
  reg.scalar("json_array_length", 1, D, (ctx, args, out) => lengthCall(args, ctx.nArg, out));
  reg.scalar("json_array_length", 2, D, (ctx, args, out) => lengthCall(args, ctx.nArg, out));
  for (const bin of [false, true]) {
    reg.scalar(bin ? "jsonb_extract" : "json_extract", -1, D, (ctx, args, out) => {
      const root = docOf(args[0]);
      if (root === null || ctx.nArg < 2) return out.setNull();
      if (ctx.nArg === 2) {
        const p = pathArg(args[1], false);
        if (p === null) return out.setNull();
        const n = lookupPath(root, p);
        if (n === undefined) return out.setNull();
        return nodeToSql(n, out, bin);
      }
      const items: JNode[] = [];
      for (let i = 1; i < ctx.nArg; i++) {
        const p = pathArg(args[i], false);
        if (p === null) return out.setNull();
        items.push(lookupPath(root, p) ?? JNULL);
      }
      emit(out, { k: J.ARR, items }, bin);
    }, 1);
  }
  reg.scalar("->", 2, D, (_ctx, args, out) => {
    const root = docOf(args[0]);
    if (root === null) return out.setNull();
    const p = pathArg(args[1], true);
    if (p === null) return out.setNull();
    const n = lookupPath(root, p, cText(memToText(args[1]) as string));
    if (n === undefined) return out.setNull();
    setJsonText(out, renderJson(n));
  });
  reg.scalar("->>", 2, D, (_ctx, args, out) => {
    const root = docOf(args[0]);
    if (root === null) return out.setNull();
    const p = pathArg(args[1], true);
    if (p === null) return out.setNull();
    const n = lookupPath(root, p, cText(memToText(args[1]) as string));
    if (n === undefined) return out.setNull();
    nodeToSql(n, out);
  });
  for (const bin of [false, true]) {
    reg.scalar(bin ? "jsonb_array" : "json_array", -1, D, (ctx, args, out) => {
      const items: JNode[] = [];
      for (let i = 0; i < ctx.nArg; i++) items.push(sqlToNode(args[i]));
      emit(out, { k: J.ARR, items }, bin);
    });
    reg.scalar(bin ? "jsonb_object" : "json_object", -1, D, (ctx, args, out) => {
      if (ctx.nArg & 1) {
        throw new SqliteError("json_object() requires an even number of arguments");
      }
      const keys: string[] = [];
      const vals: JNode[] = [];
      for (let i = 0; i < ctx.nArg; i += 2) {
        if (args[i].type !== MemType.TEXT) {
          throw new SqliteError("json_object() labels must be TEXT");
        }
        keys.push(args[i].s);
        vals.push(sqlToNode(args[i + 1]));
      }
      emit(out, objectOf(keys, vals), bin);
    });
  }
  reg.scalar("json_quote", 1, D, (_ctx, args, out) => {
    setJsonText(out, renderJson(sqlToNode(args[0])));
  });
  const editCall =
    (name: string, mode: EditMode, bin: boolean) => (ctx: FuncContext, args: Mem[], out: Mem) => {
      const n = ctx.nArg;
      if (mode !== "remove" && (n & 1) === 0) {
        throw new SqliteError(`${name}() needs an odd number of arguments`);
      }
      let root = docOf(args[0]);
      if (root === null) return out.setNull();
      const step = mode === "remove" ? 1 : 2;
      for (let i = 1; i < n; i += step) {
        const p = pathArg(args[i], false);
        if (p === null) {
          if (mode === "remove") return out.setNull();
          continue;
        }
        const value = mode === "remove" ? JNULL : sqlToNode(args[i + 1], true);
        const r = edit(root as JNode, p, mode, value);
        if (r === null) return out.setNull();
        root = r;
      }
      emit(out, root, bin);
    };
  for (const bin of [false, true]) {
    const pre = bin ? "jsonb_" : "json_";
    for (const mode of ["insert", "replace", "set", "remove", "array_insert"] as EditMode[]) {
      reg.scalar(pre + mode, -1, D, editCall("json_" + mode, mode, bin), 1);
    }
    reg.scalar(pre + "patch", 2, D, (_ctx, args, out) => {
      const t = docOf(args[0]);
      const p = docOf(args[1]);
      if (t === null || p === null) return out.setNull();
      emit(out, mergePatch(t, p), bin);
    });
    reg.aggregate(pre + "group_array", 1, FuncFlag.WINDOW, () => new GroupArrayState(bin));
    reg.aggregate(pre + "group_object", 2, FuncFlag.WINDOW, () => new GroupObjectState(bin));
  }
  const pretty = (args: Mem[], nArg: number, out: Mem) => {
    const n = docOf(args[0]);
    if (n === null) return out.setNull();
    let indent = "    ";
    if (nArg === 2 && args[1].type !== MemType.NULL) indent = memToText(args[1]) as string;
    setJsonText(out, renderPretty(n, indent, 0));
  };
  reg.scalar("json_pretty", 1, D, (ctx, args, out) => pretty(args, ctx.nArg, out));
  reg.scalar("json_pretty", 2, D, (ctx, args, out) => pretty(args, ctx.nArg, out));
}

function validCall(m: Mem, flags: number, out: Mem): void {
  if (m.type === MemType.NULL) return out.setNull();
  if (m.type === MemType.BLOB) {
    if ((flags & 12) === 0) return out.setInt(0);
    try {
      decodeJsonb(m.b);
      return out.setInt(1);
    } catch {
      return out.setInt(0);
    }
  }
  const t = memToText(m) as string;
  try {
    const r = parseJson(t);
    out.setInt((flags & 2) !== 0 || ((flags & 1) !== 0 && !r.json5) ? 1 : 0);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    out.setInt(0);
  }
}
