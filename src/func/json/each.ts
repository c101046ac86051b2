/**
 * json_each / json_tree (json.c jsonEachColumn, jsonEachBestIndex): SQLite's two JSON
 * table-valued functions — their rows, produced as plain rows at xFilter, and the eponymous
 * virtual tables (`jsonEachTable`) the connection registers.
 *
 * Owns: the columns key, value, type, atom, id, parent, fullkey, path (plus the hidden json
 * and root), json_tree's pre-order walk, `id` as the element's byte offset in the JSONB form
 * of the document, and fullkey/path spelling (labels quoted unless alphanumeric).
 * Must never: register anything itself — the api layer offers `jsonEachTable` to the planner.
 * @module
 */

import { Mem, MemType } from "../../vdbe/mem.ts";
import { memToText } from "../../vdbe/value/convert.ts";
import { encodeJsonb } from "./jsonb.ts";
import { badPath, docOf, labelIndex, nodeToSql, parsePath } from "./funcs.ts";
import { J, type JNode, type JStr, TYPE_NAMES, unescapeString } from "./node.ts";
import type {
  VTabColumn,
  VTabConstraint,
  VTabIndexPlan,
  VTable,
  VTabOrderBy,
} from "../../planner/vtab.ts";
import type { VmVTab, VmVTabCursor } from "../../vdbe/ops/vtab.ts";

/** Column order of json_each / json_tree (the last two are hidden). */
export const JSON_EACH_COLUMNS = [
  "key",
  "value",
  "type",
  "atom",
  "id",
  "parent",
  "fullkey",
  "path",
  "json",
  "root",
] as const;

/** `.label`, or `."label"` unless it is a letter then letters/digits (ASCII). */
function labelStep(label: string): string {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(label) ? "." + label : '."' + label + '"';
}

interface Ctx {
  /** Element sizes in the document's JSONB form. */
  layout: Layout;
  rows: EachRow[];
  recursive: boolean;
}

/**
 * One row, kept light (columns are produced when read): the key (array index, member label or
 * NULL), the element, its id, its parent's id (-1 = NULL), fullkey and path.
 */
interface EachRow {
  readonly key: number | string | null;
  readonly n: JNode;
  readonly id: number;
  readonly parent: number;
  readonly fullkey: string;
  readonly path: string;
}

/** The rows of one json_each/json_tree call, plus the hidden columns' values. */
export interface EachScan {
  readonly rows: EachRow[];
  readonly json: Mem;
  readonly root: string;
}

function row(
  ctx: Ctx,
  key: number | string | null,
  n: JNode,
  id: number,
  parent: number | null,
  fullkey: string,
  path: string,
): void {
  ctx.rows.push({ key, n, id, parent: parent ?? -1, fullkey, path });
}

/** Column `i` (JSON_EACH_COLUMNS order) of row `r` of `scan` into `out` (jsonEachColumn). Warm. */
export function eachColumn(scan: EachScan, r: EachRow, i: number, out: Mem): void {
  switch (i) {
    case 0:
      if (r.key === null) out.setNull();
      else if (typeof r.key === "number") out.setInt(r.key);
      else out.setText(r.key);
      return;
    case 1:
      nodeToSql(r.n, out);
      return;
    case 2:
      out.setText(TYPE_NAMES[r.n.k]);
      return;
    case 3:
      if (r.n.k === J.ARR || r.n.k === J.OBJ) out.setNull();
      else nodeToSql(r.n, out);
      return;
    case 4:
      out.setInt(r.id);
      return;
    case 5:
      if (r.parent < 0) out.setNull();
      else out.setInt(r.parent);
      return;
    case 6:
      out.setText(r.fullkey);
      return;
    case 7:
      out.setText(r.path);
      return;
    case 8:
      out.copyFrom(scan.json);
      return;
    default:
      out.setText(scan.root);
  }
}

/**
 * Emit the children of container `n`, whose JSONB element starts at `at` and whose row id is
 * `id` (for an object member SQLite's id is the offset of its label). json_tree recurses.
 */
function children(ctx: Ctx, n: JNode, at: number, id: number, fullkey: string): void {
  const lay = ctx.layout;
  let off = at + lay.header(n, at);
  if (n.k === J.ARR) {
    for (let i = 0; i < n.items.length; i++) {
      const c = n.items[i];
      const fk = `${fullkey}[${i}]`;
      row(ctx, i, c, off, ctx.recursive ? id : null, fk, fullkey);
      if (ctx.recursive && (c.k === J.ARR || c.k === J.OBJ)) children(ctx, c, off, off, fk);
      off += lay.size(c, off);
    }
  } else if (n.k === J.OBJ) {
    for (let i = 0; i < n.keys.length; i++) {
      const labelAt = off;
      off += lay.size(n.labels[i], off);
      const c = n.vals[i];
      const label = unescapeString(n.labels[i].body);
      // (jsonAppendObjectPathElement quotes the label as stored: its JSONB payload, escapes kept)
      const fk = fullkey + labelStep(n.labels[i].payload);
      row(ctx, label, c, labelAt, ctx.recursive ? id : null, fk, fullkey);
      if (ctx.recursive && (c.k === J.ARR || c.k === J.OBJ)) children(ctx, c, off, labelAt, fk);
      off += lay.size(c, off);
    }
  }
}

/**
 * Where elements sit in the document's JSONB form (json_each's `id` is an element's offset):
 * `header`/`size` of the element `n` starting at offset `at`.
 */
interface Layout {
  header(n: JNode, at: number): number;
  size(n: JNode | JStr, at: number): number;
}

/** Read from an encoding of the document (exact for any tree, incl. padded JSONB input). */
class BlobLayout implements Layout {
  constructor(private readonly b: Uint8Array) {}
  header(_n: JNode, at: number): number {
    return headerAt(this.b, at);
  }
  size(_n: JNode | JStr, at: number): number {
    return sizeAt(this.b, at);
  }
}

/** UTF-8 length of a JS string (a lone surrogate encodes as U+FFFD, 3 bytes). Hot. */
function utf8Len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

function minHeader(size: number): number {
  return size <= 11 ? 1 : size <= 0xff ? 2 : size <= 0xffff ? 3 : size <= 0xffffffff ? 5 : 9;
}

/**
 * Computed from the tree as jsonb.ts encodes a freshly parsed document (minimal headers), with
 * each payload size computed once: for text input, where nothing is padded. Warm.
 */
class TreeLayout implements Layout {
  private readonly payloads = new Map<JNode | JStr, number>();
  header(n: JNode): number {
    return minHeader(this.payload(n));
  }
  size(n: JNode | JStr): number {
    const p = this.payload(n);
    return minHeader(p) + p;
  }
  private payload(n: JNode | JStr): number {
    switch (n.k) {
      case J.NULL:
      case J.TRUE:
      case J.FALSE:
        return 0;
      case J.INT:
      case J.REAL:
        return utf8Len(n.raw);
      case J.STR:
        return utf8Len(n.payload);
    }
    // containers: summed once, remembered (json_tree and path lookups ask again)
    let p = this.payloads.get(n);
    if (p !== undefined) return p;
    p = 0;
    if (n.k === J.ARR) {
      for (const it of n.items) p += this.size(it);
    } else {
      for (let i = 0; i < n.keys.length; i++) p += this.size(n.labels[i]) + this.size(n.vals[i]);
    }
    this.payloads.set(n, p);
    return p;
  }
}

/** Header length of the JSONB element at `at` (jsonbPayloadSize's size classes). Hot. */
function headerAt(b: Uint8Array, at: number): number {
  const x = b[at] >> 4;
  return x <= 11 ? 1 : x === 12 ? 2 : x === 13 ? 3 : x === 14 ? 5 : 9;
}

/** Whole size (header + payload) of the JSONB element at `at`. Hot. */
function sizeAt(b: Uint8Array, at: number): number {
  const x = b[at] >> 4;
  if (x <= 11) return 1 + x;
  if (x === 12) return 2 + b[at + 1];
  if (x === 13) return 3 + ((b[at + 1] << 8) | b[at + 2]);
  if (x === 14) {
    return 5 + (b[at + 1] * 0x1000000 + ((b[at + 2] << 16) | (b[at + 3] << 8) | b[at + 4]));
  }
  let p = 0;
  for (let i = 1; i <= 8; i++) p = p * 256 + b[at + i];
  return 9 + p;
}

/**
 * The rows of `json_each(json[, path])` (recursive = false) or `json_tree(json[, path])`
 * (recursive = true). Returns [] for a NULL document or a path that does not exist; throws
 * SQLite's errors for malformed JSON or a bad path. Cold.
 *
 * @example
 * ```ts
 * import { memOf } from "../../vdbe/mem.ts";
 * import { jsonEachRows } from "./each.ts";
 * jsonEachRows([memOf('{"a":1}')], 1, false)[0][0].s; // "a"
 * ```
 */
export function jsonEachRows(args: Mem[], nArg: number, recursive: boolean): Mem[][] {
  const scan = jsonEachScan(args, 0, nArg, recursive);
  if (scan === null) return [];
  return scan.rows.map((r) =>
    JSON_EACH_COLUMNS.map((_, i) => {
      const m = new Mem();
      eachColumn(scan, r, i, m);
      return m;
    })
  );
}

/**
 * The rows of `json_each` / `json_tree` with arguments `args[from…from+nArg)`, or null when
 * there are none (NULL document or path, absent path). Cold (once per xFilter).
 */
export function jsonEachScan(
  args: Mem[],
  from: number,
  nArg: number,
  recursive: boolean,
): EachScan | null {
  const doc = docOf(args[from]);
  if (doc === null) return null;
  let path = "$";
  if (nArg >= 2) {
    if (args[from + 1].type === MemType.NULL) return null;
    path = memToText(args[from + 1]) as string;
  }
  const layout: Layout = args[from].type === MemType.TEXT
    ? new TreeLayout()
    : new BlobLayout(encodeJsonb(doc));
  const start = resolve(doc, layout, path);
  if (start === null) return null;
  const { n, at, id } = start;
  const json = new Mem();
  json.copyFrom(args[from]);
  const ctx: Ctx = { layout, rows: [], recursive };
  const isContainer = n.k === J.ARR || n.k === J.OBJ;
  if (recursive || !isContainer) {
    // the start element itself is a row
    let key: number | string | null = null;
    let parentPath = path;
    if (recursive) [key, parentPath] = rootKey(doc, layout, path, id);
    row(ctx, key, n, id, null, path, parentPath);
    if (recursive && isContainer) children(ctx, n, at, id, path);
  } else children(ctx, n, at, id, path);
  return { rows: ctx.rows, json, root: path };
}

/** The element a path addresses: the node, its JSONB offset and its row id; null if absent. */
function resolve(
  doc: JNode,
  lay: Layout,
  path: string,
): { n: JNode; at: number; id: number } | null {
  const steps = parsePath(path) ?? badPath(path);
  let n: JNode = doc;
  let at = 0;
  let id = 0;
  for (const s of steps) {
    if (s.kind === "bad") {
      if (s.bracket && n.k !== J.ARR) return null;
      badPath(path);
    }
    const hdr = lay.header(n, at);
    if (s.kind === "key") {
      if (n.k !== J.OBJ) return null;
      // jsonLabelCompare: labels and path keys match on their unescaped text
      const i = labelIndex(n, s.key);
      if (i < 0) return null;
      let off = at + hdr;
      for (let k = 0; k < i; k++) {
        off += lay.size(n.labels[k], off);
        off += lay.size(n.vals[k], off);
      }
      id = off;
      at = off + lay.size(n.labels[i], off);
      n = n.vals[i];
    } else {
      if (n.k !== J.ARR) return null;
      const i = s.fromEnd ? n.items.length - s.n : s.n;
      if (i < 0 || i >= n.items.length) return null;
      let off = at + hdr;
      for (let k = 0; k < i; k++) off += lay.size(n.items[k], off);
      at = id = off;
      n = n.items[i];
    }
  }
  return { n, at, id };
}

/**
 * json_tree's first row: SQLite (jsonEachPathLength) splits the root path at the last '.' or
 * '[' whose prefix addresses an element whose first child is the start element, else right
 * after '$'; the key is read from the text after the split and `path` is the text before.
 */
function rootKey(
  doc: JNode,
  lay: Layout,
  path: string,
  id: number,
): [number | string | null, string] {
  let n = path.length;
  if (n < 2) return [null, path];
  while (n > 1) {
    n--;
    const c = path[n];
    if (c !== "[" && c !== ".") continue;
    let r: ReturnType<typeof resolve>;
    try {
      r = resolve(doc, lay, path.slice(0, n));
    } catch {
      continue;
    }
    if (r !== null && r.at + lay.header(r.n, r.at) === id && (r.n.k === J.ARR || r.n.k === J.OBJ)) {
      break;
    }
  }
  const len = path.length - n;
  if (len === 0) return [null, path.slice(0, n)];
  if (path[n] === "[") {
    let v = 0;
    for (
      let k = n + 1;
      k < path.length && path.charCodeAt(k) >= 48 && path.charCodeAt(k) <= 57;
      k++
    ) {
      v = v * 10 + path.charCodeAt(k) - 48;
    }
    return [v, path.slice(0, n)];
  }
  const key = path[n + 1] === '"' ? path.slice(n + 2, n + 2 + len - 3) : path.slice(n + 1, n + len);
  return [key, path.slice(0, n)];
}

/** json_each's declared columns: key … path, then the HIDDEN json and root (json.c). */
const EACH_COLUMNS: readonly VTabColumn[] = JSON_EACH_COLUMNS.map((name, i) => ({
  name,
  hidden: i >= 8,
  decltype: null,
}));

/** json.c's JEACH_JSON: the first hidden column. */
const JEACH_JSON = 8;

/**
 * jsonEachBestIndex: `json = ?` (and `root = ?`) are the arguments; idxNum 0 (no rows), 1 (json)
 * or 3 (json and root); a constraint on either that cannot be used makes the plan invalid.
 */
function jsonEachBestIndex(
  cons: readonly VTabConstraint[],
  orderBy: readonly VTabOrderBy[],
): VTabIndexPlan | null {
  const aIdx = [-1, -1];
  let unusable = 0;
  let idxMask = 0;
  cons.forEach((k, i) => {
    if (k.column < JEACH_JSON) return;
    const iCol = k.column - JEACH_JSON;
    const mask = 1 << iCol;
    if (!k.usable) unusable |= mask;
    else if (k.op === "=") {
      idxMask |= mask;
      aIdx[iCol] = i;
    }
  });
  if ((unusable & ~idxMask) !== 0) return null;
  // rows come out in rowid order: `ORDER BY rowid` (ascending) needs no sorter
  const orderByConsumed = orderBy.length > 0 && orderBy[0].column < 0 && !orderBy[0].desc;
  const argvIndex = cons.map(() => 0);
  const omit = cons.map(() => false);
  if (aIdx[0] < 0) {
    // SQLite's defaults when xBestIndex leaves them: SQLITE_BIG_DBL/2 cost, 25 rows
    return {
      idxNum: 0,
      idxStr: null,
      argvIndex,
      omit,
      estimatedCost: 5e98,
      estimatedRows: 25,
      orderByConsumed,
    };
  }
  argvIndex[aIdx[0]] = 1;
  omit[aIdx[0]] = true;
  let idxNum = 1;
  if (aIdx[1] >= 0) {
    argvIndex[aIdx[1]] = 2;
    omit[aIdx[1]] = true;
    idxNum = 3;
  }
  return {
    idxNum,
    idxStr: null,
    argvIndex,
    omit,
    estimatedCost: 1,
    estimatedRows: 25,
    orderByConsumed,
  };
}

/** A json_each/json_tree scan: the rows are produced at xFilter, then walked. Warm. */
class JsonEachCursor implements VmVTabCursor {
  private scan: EachScan | null = null;
  private n = 0;
  private i = 0;
  constructor(private readonly recursive: boolean) {}

  filter(idxNum: number, _idxStr: string, args: Mem[], from: number, nArg: number): void {
    this.i = 0;
    this.scan = idxNum === 0 ? null : jsonEachScan(args, from, nArg, this.recursive);
    this.n = this.scan === null ? 0 : this.scan.rows.length;
  }
  next(): void {
    this.i++;
  }
  eof(): boolean {
    return this.i >= this.n;
  }
  column(i: number, out: Mem): void {
    const s = this.scan!;
    eachColumn(s, s.rows[this.i], i, out);
  }
  rowid(out: Mem): void {
    // jsonEachRowid: a counter from 0 over the rows of this scan
    out.setInt(this.i);
  }
  close(): void {
    this.scan = null;
    this.n = 0;
  }
}

/**
 * The eponymous virtual table `json_each` (recursive = false) or `json_tree` (recursive = true)
 * for the planner (json.c jsonEachModule / jsonTreeModule). Cold.
 *
 * @example
 * ```ts
 * import { jsonEachTable } from "./each.ts";
 * jsonEachTable(true).module; // "json_tree"
 * ```
 */
export function jsonEachTable(recursive: boolean): VTable {
  const impl: VmVTab = { open: () => new JsonEachCursor(recursive) };
  return {
    module: recursive ? "json_tree" : "json_each",
    columns: EACH_COLUMNS,
    bestIndex: jsonEachBestIndex,
    directOnly: false,
    // json.c registers both modules SQLITE_VTAB_INNOCUOUS
    innocuous: true,
    impl,
  };
}
