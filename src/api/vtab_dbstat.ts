/**
 * The `dbstat` virtual table — SQLite's dbstat.c (SQLITE_ENABLE_DBSTAT_VTAB, which
 * better-sqlite3's build and node:sqlite's enable): one row per page of every b-tree, or one per
 * b-tree with `aggregate = 1`.
 *
 * Owns: the declared columns (name, path, pageno, pagetype, ncell, payload, unused, mx_payload,
 * pgoffset, pgsize, HIDDEN schema and aggregate), statBestIndex (`=` on name/schema/aggregate,
 * an unusable one refuses the plan, `ORDER BY name[, path]` consumed), and the walk of
 * statNext/statDecodePage: b-trees in sqlite_schema order (by name when ordered), pages depth
 * first with paths `/`, `/000/`, overflow pages `/000+000000` after their cell, payload as the
 * local bytes of each cell (getLocalPayload), unused as the gap plus freeblocks plus fragments.
 * Must never: write pages; it reads them through the pager inside the statement's read
 * transaction. Cold (a scan computes its rows at xFilter).
 * @module
 */

import type {
  VTabColumn,
  VTabConstraint,
  VTabIndexPlan,
  VTable,
  VTabOrderBy,
} from "../planner/vtab.ts";
import { readVarint } from "../format/varint.ts";
import { parseOne } from "../sql/mod.ts";
import { type Mem, MemType } from "../vdbe/mem.ts";
import type { VmVTab, VmVTabCursor } from "../vdbe/ops/vtab.ts";
import { memToText } from "../vdbe/value/convert.ts";
import type { Engine } from "./connection_engine.ts";
import { SubQuery } from "./connection_subquery.ts";
import { compileHook } from "./connection_trigger.ts";

/** dbstat.c's zDbstatSchema. */
const COLUMNS: readonly VTabColumn[] = [
  ["name", "TEXT"],
  ["path", "TEXT"],
  ["pageno", "INTEGER"],
  ["pagetype", "TEXT"],
  ["ncell", "INTEGER"],
  ["payload", "INTEGER"],
  ["unused", "INTEGER"],
  ["mx_payload", "INTEGER"],
  ["pgoffset", "INTEGER"],
  ["pgsize", "INTEGER"],
  ["schema", "TEXT"],
  ["aggregate", "BOOLEAN"],
].map(([name, decltype], i) => ({ name, decltype, hidden: i >= 10 }));

/** One output row (a page, or a whole b-tree in aggregate mode). */
interface StatRow {
  name: string;
  path: string | null;
  pageno: number;
  pagetype: string | null;
  ncell: number;
  payload: number;
  unused: number;
  mxPayload: number;
  pgoffset: number | null;
  pgsize: number;
}

function get2(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function get4(b: Uint8Array, o: number): number {
  return ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
}

/**
 * getLocalPayload: bytes of a `total`-byte payload kept on the b-tree page (C integer math; a
 * payload that fits comes out whole through the truncating remainder).
 */
function localPayload(nUsable: number, flags: number, total: number): number {
  const nMin = Math.trunc((nUsable - 12) * 32 / 255) - 23;
  const nMax = flags === 0x0d ? nUsable - 35 : Math.trunc((nUsable - 12) * 64 / 255) - 23;
  let nLocal = nMin + (total - nMin) % (nUsable - 4);
  if (nLocal > nMax) nLocal = nMin;
  return nLocal;
}

/** A decoded page (statDecodePage): its counts and, per cell, child page and overflow chain. */
interface StatPage {
  pgno: number;
  flags: number;
  nCell: number;
  nUnused: number;
  mxPayload: number;
  payload: number;
  rightChild: number;
  cells: { child: number; ovfl: number[]; lastOvfl: number }[];
}

function pageBytes(engine: Engine, pgno: number): Uint8Array {
  const pg = engine.pager.get(pgno);
  try {
    return pg.data.slice();
  } finally {
    engine.pager.release(pg);
  }
}

function decodePage(engine: Engine, pgno: number): StatPage {
  const data = pageBytes(engine, pgno);
  const h = pgno === 1 ? 100 : 0;
  const flags = data[h];
  const p: StatPage = {
    pgno,
    flags,
    nCell: 0,
    nUnused: 0,
    mxPayload: 0,
    payload: 0,
    rightChild: 0,
    cells: [],
  };
  let isLeaf: boolean;
  let nHdr: number;
  if (flags === 0x0a || flags === 0x0d) {
    isLeaf = true;
    nHdr = 8;
  } else if (flags === 0x05 || flags === 0x02) {
    isLeaf = false;
    nHdr = 12;
  } else {
    p.flags = 0; // "corrupted"
    return p;
  }
  nHdr += h;
  const szPage = engine.pager.pageSize;
  const nUsable = engine.pager.usableSize;
  p.nCell = get2(data, h + 3);
  let nUnused = (get2(data, h + 5) || 65536) - nHdr - 2 * p.nCell;
  nUnused += data[h + 7];
  let iOff = get2(data, h + 1);
  while (iOff !== 0 && iOff < szPage) {
    nUnused += get2(data, iOff + 2);
    const next = get2(data, iOff);
    if (next < iOff + 4 && next > 0) break;
    iOff = next;
  }
  p.nUnused = nUnused;
  p.rightChild = isLeaf ? 0 : get4(data, h + 8);
  for (let i = 0; i < p.nCell; i++) {
    let off = get2(data, nHdr + i * 2);
    const cell = { child: 0, ovfl: [] as number[], lastOvfl: 0 };
    p.cells.push(cell);
    if (!isLeaf) {
      cell.child = get4(data, off);
      off += 4;
    }
    if (flags === 0x05) continue; // a table interior cell has no payload
    const nPayload = readVarint(data, off);
    while (data[off] & 0x80) off++;
    off++;
    if (flags === 0x0d) {
      // the rowid
      let k = 0;
      while (k < 8 && (data[off] & 0x80)) {
        off++;
        k++;
      }
      off++;
    }
    if (nPayload > p.mxPayload) p.mxPayload = nPayload;
    const nLocal = localPayload(nUsable, flags, nPayload);
    p.payload += nLocal;
    if (nPayload > nLocal) {
      const nOvfl = Math.trunc((nPayload - nLocal + nUsable - 4 - 1) / (nUsable - 4));
      cell.lastOvfl = nPayload - nLocal - (nOvfl - 1) * (nUsable - 4);
      let next = get4(data, off + nLocal);
      for (let j = 0; j < nOvfl; j++) {
        cell.ovfl.push(next);
        if (j + 1 < nOvfl) next = get4(pageBytes(engine, next), 0);
      }
    }
  }
  return p;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** Every row of one b-tree, in statNext's order. */
function walkBtree(engine: Engine, name: string, root: number, out: StatRow[]): void {
  const pgsize = engine.pager.pageSize;
  const nUsable = engine.pager.usableSize;
  const visit = (pgno: number, path: string): void => {
    const p = decodePage(engine, pgno);
    out.push({
      name,
      path,
      pageno: pgno,
      pagetype: p.flags === 0x05 || p.flags === 0x02
        ? "internal"
        : p.flags === 0x0d || p.flags === 0x0a
        ? "leaf"
        : "corrupted",
      ncell: p.nCell,
      payload: p.payload,
      unused: p.nUnused,
      mxPayload: p.mxPayload,
      pgoffset: pgsize * (pgno - 1),
      pgsize,
    });
    for (let i = 0; i <= p.nCell; i++) {
      const cell = p.cells[i];
      if (cell !== undefined) {
        cell.ovfl.forEach((o, j) => {
          const last = j === cell.ovfl.length - 1;
          // statNext sizes an overflow row before it moves iPageno to the overflow page: its
          // pgoffset is the previous row's page's (kept, as SQLite reports it)
          const prev = out[out.length - 1].pageno;
          out.push({
            name,
            path: `${path}${hex(i, 3)}+${hex(j, 6)}`,
            pageno: o,
            pagetype: "overflow",
            ncell: 0,
            payload: last ? cell.lastOvfl : nUsable - 4,
            unused: last ? nUsable - 4 - cell.lastOvfl : 0,
            mxPayload: 0,
            pgoffset: pgsize * (prev - 1),
            pgsize,
          });
        });
      }
      if (p.rightChild === 0) continue;
      const child = i === p.nCell ? p.rightChild : cell.child;
      visit(child, `${path}${hex(i, 3)}/`);
    }
  };
  visit(root, "/");
}

/** Sum a b-tree's page rows into its aggregate row (statNext with isAgg). */
function aggregateRow(rows: StatRow[], name: string): StatRow {
  const a: StatRow = {
    name,
    path: null,
    pageno: rows.length,
    pagetype: null,
    ncell: 0,
    payload: 0,
    unused: 0,
    mxPayload: 0,
    pgoffset: null,
    pgsize: 0,
  };
  for (const r of rows) {
    a.ncell += r.ncell;
    a.payload += r.payload;
    a.unused += r.unused;
    if (r.mxPayload > a.mxPayload) a.mxPayload = r.mxPayload;
    a.pgsize += r.pgsize;
  }
  return a;
}

function quote(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

class DbstatCursor implements VmVTabCursor {
  private rows: StatRow[] = [];
  private agg = false;
  private i = 0;
  private readonly table: string;
  constructor(private readonly engine: Engine, private schema: string) {
    this.table = schema;
  }

  filter(idxNum: number, _idxStr: string, args: Mem[], from: number, _nArg: number): void {
    this.i = 0;
    this.rows = [];
    let a = from;
    let schema = this.table;
    if ((idxNum & 1) !== 0) {
      const m = args[a++];
      schema = m.type === MemType.NULL ? "" : (memToText(m) as string).toLowerCase();
    }
    this.schema = schema === "temp" ? "temp" : "main";
    // statFilter: an unknown schema has no rows, nor has TEMP (no temporary b-trees here)
    if (schema !== "main") return;
    let name: string | null = null;
    if ((idxNum & 2) !== 0) {
      const m = args[a++];
      name = m.type === MemType.NULL ? null : memToText(m) as string;
    }
    this.agg = false;
    if ((idxNum & 4) !== 0) {
      const m = args[a++];
      this.agg = m.type !== MemType.NULL && Number(m.toJs()) !== 0;
    }
    if (this.engine.pager.pageCount() === 0) return;
    let sql = "SELECT * FROM (SELECT 'sqlite_schema' AS name,1 AS rootpage,'table' AS type" +
      ' UNION ALL SELECT name,rootpage,type FROM "main".sqlite_schema WHERE rootpage!=0)';
    if (name !== null) sql += `WHERE name=${quote(name)}`;
    if ((idxNum & 8) !== 0) sql += " ORDER BY name";
    const parsed = parseOne(sql, 0);
    const program = compileHook.compile!(this.engine, parsed.stmt!, parsed.params, sql);
    const trees: [string, number][] = [];
    SubQuery.of(this.engine, program).run((regs, start) => {
      trees.push([String(regs[start].toJs()), Number(regs[start + 1].toJs())]);
    });
    for (const [tree, root] of trees) {
      const rows: StatRow[] = [];
      walkBtree(this.engine, tree, root, rows);
      if (this.agg) this.rows.push(aggregateRow(rows, tree));
      else this.rows.push(...rows);
    }
  }
  next(): void {
    this.i++;
  }
  eof(): boolean {
    return this.i >= this.rows.length;
  }
  column(i: number, out: Mem): void {
    const r = this.rows[this.i];
    const v: string | number | null = [
      r.name,
      r.path,
      r.pageno,
      r.pagetype,
      r.ncell,
      r.payload,
      r.unused,
      r.mxPayload,
      r.pgoffset,
      r.pgsize,
      this.schema,
      this.agg ? 1 : 0,
    ][i] ?? null;
    if (v === null) out.setNull();
    else if (typeof v === "number") out.setInt(v);
    else out.setText(v);
  }
  rowid(out: Mem): void {
    out.setInt(this.rows[this.i].pageno);
  }
  close(): void {
    this.rows = [];
  }
}

/** The `dbstat` table of one connection. */
class DbstatTable implements VTable, VmVTab {
  readonly module = "dbstat";
  readonly columns = COLUMNS;
  /** dbstat.c: sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY). */
  readonly directOnly = true;
  get impl(): VmVTab {
    return this;
  }
  constructor(private readonly engine: Engine, private readonly schema: string) {}

  bestIndex(
    cons: readonly VTabConstraint[],
    orderBy: readonly VTabOrderBy[],
  ): VTabIndexPlan | null {
    let iSchema = -1;
    let iName = -1;
    let iAgg = -1;
    for (let i = 0; i < cons.length; i++) {
      const k = cons[i];
      if (k.op !== "=") continue;
      // (dbstat.c returns SQLITE_CONSTRAINT: it is always the right-most table of a join)
      if (!k.usable) return null;
      if (k.column === 0) iName = i;
      else if (k.column === 10) iSchema = i;
      else if (k.column === 11) iAgg = i;
    }
    const argvIndex = cons.map(() => 0);
    const omit = cons.map(() => false);
    let idxNum = 0;
    let n = 0;
    if (iSchema >= 0) {
      argvIndex[iSchema] = ++n;
      omit[iSchema] = true;
      idxNum |= 1;
    }
    if (iName >= 0) {
      argvIndex[iName] = ++n;
      idxNum |= 2;
    }
    if (iAgg >= 0) {
      argvIndex[iAgg] = ++n;
      idxNum |= 4;
    }
    // rows come out by (name, path) only when asked to order the b-trees by name
    const ordered = (orderBy.length === 1 && orderBy[0].column === 0 && !orderBy[0].desc) ||
      (orderBy.length === 2 && orderBy[0].column === 0 && !orderBy[0].desc &&
        orderBy[1].column === 1 && !orderBy[1].desc);
    if (ordered) idxNum |= 8;
    return {
      idxNum,
      idxStr: null,
      argvIndex,
      omit,
      estimatedCost: 1,
      estimatedRows: 25,
      orderByConsumed: ordered,
      idxNumHex: true,
    };
  }

  open(): VmVTabCursor {
    return new DbstatCursor(this.engine, this.schema);
  }
}

/**
 * The `dbstat` table for `engine`, analysing database `schema` by default (the eponymous table:
 * "main"; `CREATE VIRTUAL TABLE t USING dbstat(temp)`: the TEMP database, empty here). Cold.
 */
export function dbstatTable(engine: Engine, schema = "main"): VTable {
  return new DbstatTable(engine, schema);
}
