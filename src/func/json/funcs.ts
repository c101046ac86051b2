/**
 * The JSON SQL functions (json.c, text forms): json, json_valid, json_type, json_extract,
 * `->`, `->>`, json_array, json_object, json_quote, json_array_length, json_error_position,
 * json_insert, json_replace, json_set, json_remove, json_patch, json_pretty, and the
 * aggregates json_group_array / json_group_object (with window inverse).
 *
 * Owns: SQL value ↔ JSON conversions (JSON-subtype values embed as JSON; REALs as quote()
 * renders them; BLOBs are "JSON cannot hold BLOB values"), path syntax and lookup/edit
 * semantics, and SQLite's error messages ("malformed JSON", "bad JSON path: '…'").
 * Must never: re-render a number or string that came from JSON text (SQLite keeps its
 * spelling), or accept a BLOB as JSON (JSONB is not implemented: such calls fail clearly).
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
import {
  escapeString,
  J,
  type JNode,
  JNULL,
  JsonSyntaxError,
  parseJson,
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
        s += (i ? "," : "") + '"' + n.keys[i] + '":' + renderJson(n.vals[i]);
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
    const parts = n.keys.map((k, i) =>
      pad + '"' + k + '": ' + renderPretty(n.vals[i], indent, level + 1)
    );
    return "{\n" + parts.join(",\n") + "\n" + indent.repeat(level) + "}";
  }
  return renderJson(n);
}

function setJsonText(out: Mem, text: string): void {
  out.setText(text);
  out.subtype = JSON_SUBTYPE;
}

// ---------------------------------------------------------------- SQL ↔ JSON

/** A REAL as JSON text (SQLite uses quote()'s rendering; infinities become ±9.0e+999). */
function realJson(r: number): string {
  if (Number.isFinite(r)) return realToText(r);
  return r > 0 ? "9.0e+999" : "-9.0e+999";
}

/** An SQL value as a JSON node (json_array arguments, json_set values …). */
function sqlToNode(m: Mem): JNode {
  switch (m.type) {
    case MemType.NULL:
      return JNULL;
    case MemType.INT:
      return { k: J.INT, text: m.big === null ? String(m.n) : m.big.toString(), json5: false };
    case MemType.REAL:
      return { k: J.REAL, text: realJson(m.n), json5: false };
    case MemType.TEXT:
      if (m.subtype === JSON_SUBTYPE) {
        try {
          return parseJson(m.s).node;
        } catch {
          malformed();
        }
      }
      return { k: J.STR, body: escapeString(m.s), json5: false };
    default:
      return blobError();
  }
}

/** The JSON document of a function's first argument, or null for SQL NULL. */
function docOf(m: Mem): JNode | null {
  switch (m.type) {
    case MemType.NULL:
      return null;
    case MemType.BLOB:
      return blobError();
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

/** A JSON node as an SQL value (json_extract, ->>). */
function nodeToSql(n: JNode, out: Mem): void {
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
      return setJsonText(out, renderJson(n));
  }
}

const TYPE_NAMES = ["null", "true", "false", "integer", "real", "text", "array", "object"];

// ---------------------------------------------------------------- paths

/** One step of a JSON path; "bad" marks a malformed step (an error only once reached). */
type Step =
  | { kind: "key"; key: string }
  | { kind: "idx"; n: number; fromEnd: boolean }
  | { kind: "bad"; bracket: boolean };

/**
 * Tokenise a path ('$', '.key', '."key"', '[N]', '[#]', '[#-N]'); null when it does not start
 * with '$'. A malformed step becomes a final "bad" step: SQLite only reports the error when
 * the lookup reaches it (a '[…]' step on a non-array is simply "not found").
 */
function parsePath(path: string): Step[] | null {
  if (path.charCodeAt(0) !== 36 /* $ */) return null;
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      i++;
      if (path[i] === '"') {
        const end = path.indexOf('"', i + 1);
        if (end < 0) {
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

function badPath(path: string): never {
  throw new SqliteError(`bad JSON path: '${path}'`);
}

/** The path text of an argument, with the `->`/`->>` shorthands (label or array index). */
function pathArg(m: Mem, arrow: boolean): string | null {
  if (m.type === MemType.NULL) return null;
  if (arrow) {
    if (m.type === MemType.INT) {
      const v = m.big === null ? m.n : Number(m.big);
      return v >= 0 ? `$[${v}]` : `$[#${v}]`;
    }
    const t = memToText(m) as string;
    if (t.charCodeAt(0) === 36) return t;
    if (t.charCodeAt(0) === 91 /* [ */) return "$" + t;
    return `$."${t}"`;
  }
  return argCText(m);
}

/** Resolve `path` from `root`; undefined when it does not exist; throws for a bad path. */
function lookupPath(root: JNode, path: string): JNode | undefined {
  const steps = parsePath(path) ?? badPath(path);
  let n: JNode = root;
  for (const s of steps) {
    if (s.kind === "bad") {
      if (s.bracket && n.k !== J.ARR) return undefined;
      badPath(path);
    }
    if (s.kind === "key") {
      if (n.k !== J.OBJ) return undefined;
      const i = n.keys.indexOf(s.key);
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
type EditMode = "insert" | "replace" | "set" | "remove";

/** A fresh value for a missing path tail (objects for keys; arrays only via [#]). */
function build(steps: Step[], from: number, value: JNode, path: string): JNode | undefined {
  if (from === steps.length) return value;
  const s = steps[from];
  if (s.kind === "bad") return badPath(path);
  const inner = build(steps, from + 1, value, path);
  if (inner === undefined) return undefined;
  if (s.kind === "key") return { k: J.OBJ, keys: [s.key], vals: [inner] };
  if (s.fromEnd && s.n === 0) return { k: J.ARR, items: [inner] };
  if (!s.fromEnd && s.n === 0) return { k: J.ARR, items: [inner] };
  return undefined;
}

/** Apply one edit; returns the new root (null means SQL NULL: the root was removed). */
function edit(root: JNode, path: string, mode: EditMode, value: JNode): JNode | null {
  const steps = parsePath(path) ?? badPath(path);
  if (steps.length === 0) {
    if (mode === "remove") return null;
    if (mode === "insert") return root;
    return value;
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
      const i = n.keys.indexOf(s.key);
      if (i < 0) {
        if (mode === "insert" || mode === "set") {
          const v = build(steps, d + 1, value, path);
          if (v !== undefined) {
            n.keys.push(s.key);
            n.vals.push(v);
          }
        }
        return root;
      }
      if (last) {
        if (mode === "remove") {
          n.keys.splice(i, 1);
          n.vals.splice(i, 1);
        } else if (mode !== "insert") n.vals[i] = value;
        return root;
      }
      n = n.vals[i];
    } else {
      if (n.k !== J.ARR) return root;
      const len = n.items.length;
      const i = s.fromEnd ? len - s.n : s.n;
      if (i < 0 || i > len) return root;
      if (i === len) {
        if ((mode === "insert" || mode === "set")) {
          const v = build(steps, d + 1, value, path);
          if (v !== undefined) n.items.push(v);
        }
        return root;
      }
      if (last) {
        if (mode === "remove") n.items.splice(i, 1);
        else if (mode !== "insert") n.items[i] = value;
        return root;
      }
      n = n.items[i];
    }
  }
  return root;
}

/** RFC 7396 merge patch (json_patch). */
function mergePatch(target: JNode, patch: JNode): JNode {
  if (patch.k !== J.OBJ) return patch;
  const t: JNode = target.k === J.OBJ
    ? { k: J.OBJ, keys: [...target.keys], vals: [...target.vals] }
    : { k: J.OBJ, keys: [], vals: [] };
  for (let i = 0; i < patch.keys.length; i++) {
    const key = patch.keys[i];
    const pv = patch.vals[i];
    const at = t.keys.indexOf(key);
    if (pv.k === J.NULL) {
      if (at >= 0) {
        t.keys.splice(at, 1);
        t.vals.splice(at, 1);
      }
    } else if (at >= 0) t.vals[at] = mergePatch(t.vals[at], pv);
    else {
      t.keys.push(key);
      t.vals.push(mergePatch(JNULL, pv));
    }
  }
  return t;
}

// ---------------------------------------------------------------- aggregates

class GroupArrayState implements AggState {
  private items: string[] = [];
  step(args: Mem[]): void {
    this.items.push(renderJson(sqlToNode(args[0])));
  }
  inverse(): void {
    this.items.shift();
  }
  value(out: Mem): void {
    setJsonText(out, "[" + this.items.join(",") + "]");
  }
  final(out: Mem): void {
    this.value(out);
  }
}

class GroupObjectState implements AggState {
  private items: string[] = [];
  step(args: Mem[]): void {
    if (args[0].type === MemType.NULL) return;
    const key = memToText(args[0]) as string;
    this.items.push('"' + escapeString(key) + '":' + renderJson(sqlToNode(args[1])));
  }
  inverse(args: Mem[]): void {
    if (args[0].type === MemType.NULL) return;
    this.items.shift();
  }
  value(out: Mem): void {
    setJsonText(out, "{" + this.items.join(",") + "}");
  }
  final(out: Mem): void {
    this.value(out);
  }
}

// ---------------------------------------------------------------- registration

/** Register the JSON functions. Cold. */
export function registerJson(reg: FunctionRegistry): void {
  const D = FuncFlag.DETERMINISTIC;
  reg.scalar("json", 1, D, (_ctx, args, out) => {
    const n = docOf(args[0]);
    if (n === null) return out.setNull();
    setJsonText(out, renderJson(n));
  });
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
  const typeCall = (args: Mem[], nArg: number, out: Mem) => {
    const root = docOf(args[0]);
    if (root === null) return out.setNull();
    let n: JNode | undefined = root;
    if (nArg === 2) {
      const p = pathArg(args[1], false);
      if (p === null) return out.setNull();
      n = lookupPath(root, p);
    }
    if (n === undefined) return out.setNull();
    out.setText(TYPE_NAMES[n.k]);
  };
  reg.scalar("json_type", 1, D, (ctx, args, out) => typeCall(args, ctx.nArg, out));
  reg.scalar("json_type", 2, D, (ctx, args, out) => typeCall(args, ctx.nArg, out));
  const lengthCall = (args: Mem[], nArg: number, out: Mem) => {
    const root = docOf(args[0]);
    if (root === null) return out.setNull();
    let n: JNode | undefined = root;
    if (nArg === 2) {
      const p = pathArg(args[1], false);
      if (p === null) return out.setNull();
      n = lookupPath(root, p);
    }
    if (n === undefined) return out.setNull();
    out.setInt(n.k === J.ARR ? n.items.length : 0);
  };
  reg.scalar("json_array_length", 1, D, (ctx, args, out) => lengthCall(args, ctx.nArg, out));
  reg.scalar("json_array_length", 2, D, (ctx, args, out) => lengthCall(args, ctx.nArg, out));
  reg.scalar("json_extract", -1, D, (ctx, args, out) => {
    const root = docOf(args[0]);
    if (root === null || ctx.nArg < 2) return out.setNull();
    if (ctx.nArg === 2) {
      const p = pathArg(args[1], false);
      if (p === null) return out.setNull();
      const n = lookupPath(root, p);
      if (n === undefined) return out.setNull();
      return nodeToSql(n, out);
    }
    const items: string[] = [];
    for (let i = 1; i < ctx.nArg; i++) {
      const p = pathArg(args[i], false);
      if (p === null) return out.setNull();
      const n = lookupPath(root, p);
      items.push(n === undefined ? "null" : renderJson(n));
    }
    setJsonText(out, "[" + items.join(",") + "]");
  }, 1);
  reg.scalar("->", 2, D, (_ctx, args, out) => {
    const root = docOf(args[0]);
    if (root === null) return out.setNull();
    const p = pathArg(args[1], true);
    if (p === null) return out.setNull();
    const n = lookupPath(root, p);
    if (n === undefined) return out.setNull();
    setJsonText(out, renderJson(n));
  });
  reg.scalar("->>", 2, D, (_ctx, args, out) => {
    const root = docOf(args[0]);
    if (root === null) return out.setNull();
    const p = pathArg(args[1], true);
    if (p === null) return out.setNull();
    const n = lookupPath(root, p);
    if (n === undefined) return out.setNull();
    nodeToSql(n, out);
  });
  reg.scalar("json_array", -1, D, (ctx, args, out) => {
    const parts: string[] = [];
    for (let i = 0; i < ctx.nArg; i++) parts.push(renderJson(sqlToNode(args[i])));
    setJsonText(out, "[" + parts.join(",") + "]");
  });
  reg.scalar("json_object", -1, D, (ctx, args, out) => {
    if (ctx.nArg & 1) {
      throw new SqliteError("json_object() requires an even number of arguments");
    }
    const parts: string[] = [];
    for (let i = 0; i < ctx.nArg; i += 2) {
      if (args[i].type !== MemType.TEXT) {
        throw new SqliteError("json_object() labels must be TEXT");
      }
      parts.push('"' + escapeString(args[i].s) + '":' + renderJson(sqlToNode(args[i + 1])));
    }
    setJsonText(out, "{" + parts.join(",") + "}");
  });
  reg.scalar("json_quote", 1, D, (_ctx, args, out) => {
    setJsonText(out, renderJson(sqlToNode(args[0])));
  });
  const editCall = (name: string, mode: EditMode) => (ctx: FuncContext, args: Mem[], out: Mem) => {
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
      const value = mode === "remove" ? JNULL : sqlToNode(args[i + 1]);
      const r = edit(root as JNode, p, mode, value);
      if (r === null) return out.setNull();
      root = r;
    }
    setJsonText(out, renderJson(root));
  };
  reg.scalar("json_insert", -1, D, editCall("json_insert", "insert"), 1);
  reg.scalar("json_replace", -1, D, editCall("json_replace", "replace"), 1);
  reg.scalar("json_set", -1, D, editCall("json_set", "set"), 1);
  reg.scalar("json_remove", -1, D, editCall("json_remove", "remove"), 1);
  reg.scalar("json_patch", 2, D, (_ctx, args, out) => {
    const t = docOf(args[0]);
    const p = docOf(args[1]);
    if (t === null || p === null) return out.setNull();
    setJsonText(out, renderJson(mergePatch(t, p)));
  });
  const pretty = (args: Mem[], nArg: number, out: Mem) => {
    const n = docOf(args[0]);
    if (n === null) return out.setNull();
    let indent = "    ";
    if (nArg === 2 && args[1].type !== MemType.NULL) indent = memToText(args[1]) as string;
    setJsonText(out, renderPretty(n, indent, 0));
  };
  reg.scalar("json_pretty", 1, D, (ctx, args, out) => pretty(args, ctx.nArg, out));
  reg.scalar("json_pretty", 2, D, (ctx, args, out) => pretty(args, ctx.nArg, out));
  reg.aggregate("json_group_array", 1, FuncFlag.WINDOW, () => new GroupArrayState());
  reg.aggregate("json_group_object", 2, FuncFlag.WINDOW, () => new GroupObjectState());
}

function validCall(m: Mem, flags: number, out: Mem): void {
  if (m.type === MemType.NULL) return out.setNull();
  if (m.type === MemType.BLOB) return out.setInt(0);
  const t = memToText(m) as string;
  try {
    const r = parseJson(t);
    out.setInt((flags & 2) !== 0 || ((flags & 1) !== 0 && !r.json5) ? 1 : 0);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    out.setInt(0);
  }
}
