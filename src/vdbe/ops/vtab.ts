/**
 * Virtual-table opcodes — SQLite's OP_VOpen, OP_VFilter, OP_VColumn, OP_VNext and OP_VRowid
 * (vdbe.c) over the runtime side of a virtual table: `VmVTab.open()` is xOpen, a cursor's
 * `filter`/`next`/`eof`/`column`/`rowid`/`close` are xFilter/xNext/xEof/xColumn/xRowid/xClose.
 *
 * Owns: `VmVTab`/`VmVTabCursor` (what a module hands the VM through `VTable.impl`) and the
 * per-VM table of open virtual-table cursors (`VTabCursors`). The VM keeps a plain VdbeCursor
 * in the same slot so OP_NullRow (a LEFT JOIN's null row) and OP_IfNullRow work unchanged.
 * Must never: plan, or convert values beyond what the module writes into the output `Mem`.
 * Hot: `vColumn` and `vNext` run per row.
 * @module
 */

import type { Mem } from "../mem.ts";
import type { VTabRef } from "../../planner/program.ts";

/** An open scan of a virtual table (sqlite3_vtab_cursor). */
export interface VmVTabCursor {
  /** xFilter: start a scan with xBestIndex's idxNum/idxStr and `nArg` arguments `args[from…]`. */
  filter(idxNum: number, idxStr: string, args: Mem[], from: number, nArg: number): void;
  /** xNext. */
  next(): void;
  /** xEof. */
  eof(): boolean;
  /** xColumn: write column `i` (declared order, hidden ones included) into `out`. */
  column(i: number, out: Mem): void;
  /** xRowid: write the rowid into `out`. */
  rowid(out: Mem): void;
  /** xClose: release the scan (e.g. abandon a generator). */
  close(): void;
}

/** The runtime side of a connected virtual table: xOpen. */
export interface VmVTab {
  open(): VmVTabCursor;
}

/** The open virtual-table cursors of one VM, by cursor number. */
export class VTabCursors {
  private readonly open: (VmVTabCursor | undefined)[] = [];

  /** OP_VOpen: open (or reopen) cursor `i` on `ref`. Cold (once per scan). */
  vOpen(i: number, ref: VTabRef): void {
    this.open[i]?.close();
    this.open[i] = (ref.impl as VmVTab).open();
  }

  /** OP_VFilter: start the scan; false when it has no rows. */
  vFilter(i: number, regs: Mem[], base: number, idxStr: string): boolean {
    const c = this.open[i]!;
    const idxNum = regs[base].n;
    const nArg = regs[base + 1].n;
    c.filter(idxNum, idxStr, regs, base + 2, nArg);
    return !c.eof();
  }

  /** OP_VNext: advance; true when there is another row. Hot. */
  vNext(i: number): boolean {
    const c = this.open[i]!;
    c.next();
    return !c.eof();
  }

  /** OP_VColumn. Hot. */
  vColumn(i: number, col: number, out: Mem): void {
    this.open[i]!.column(col, out);
  }

  /** OP_VRowid. */
  vRowid(i: number, out: Mem): void {
    this.open[i]!.rowid(out);
  }

  /** Close every open scan (statement reset, halt or error). Cold. */
  closeAll(): void {
    for (let i = 0; i < this.open.length; i++) {
      const c = this.open[i];
      if (c !== undefined) {
        this.open[i] = undefined;
        c.close();
      }
    }
  }
}
