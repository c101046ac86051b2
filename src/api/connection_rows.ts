/**
 * Programs whose rows are computed by the connection (PRAGMA results, EXPLAIN listings) — the
 * analogue of SQLite's pragma.c emitting OP_ResultRow over values it computed while compiling.
 *
 * Owns: `rowsProgram`, which wraps a row producer in `Transaction; Host(load); loop ResultRow`.
 * Must never: compute the rows itself.
 * @module
 */

import { Op, type Program, ProgramBuilder, type ResultColumn } from "../planner/program.ts";
import type { SqlValue } from "../vdbe/mem.ts";
import type { Vm } from "../vdbe/vm.ts";

/** A row value as a producer returns it (INTEGER as number|bigint, REAL via {real}). */
export type RowValue = SqlValue | { real: number };

/**
 * A program returning the rows `produce()` computes when it runs. `write` makes the program
 * open a write transaction first (PRAGMAs that set something).
 */
export function rowsProgram(
  names: readonly string[],
  produce: () => RowValue[][],
  write = false,
  readTxn = true,
): Program {
  const b = new ProgramBuilder();
  const n = names.length;
  const first = b.allocRegs(Math.max(n, 1));
  const flag = b.allocReg();
  let rows: RowValue[][] = [];
  let pos = 0;
  const load = (vm: Vm) => {
    if (pos < rows.length) {
      const r = rows[pos++];
      for (let i = 0; i < n; i++) {
        const v = r[i];
        const m = vm.regs[first + i];
        if (v !== null && typeof v === "object" && "real" in v) m.setReal(v.real);
        else m.setValue(v ?? null);
      }
      vm.regs[flag].setInt(1);
    } else vm.regs[flag].setInt(0);
  };
  if (readTxn) b.emit(Op.Transaction, 0, write ? 1 : 0);
  b.emit(Op.Host, 0, 0, 0, {
    kind: "host",
    value: {
      name: "rows",
      run: (ctx: unknown) => {
        rows = produce();
        pos = 0;
        load((ctx as { vm: Vm }).vm);
      },
    },
  });
  const done = b.newLabel();
  b.emitJump(Op.IfNot, flag, done);
  const top = b.here;
  if (n > 0) b.emit(Op.ResultRow, first, n);
  b.emit(Op.Host, 0, 0, 0, {
    kind: "host",
    value: { name: "next", run: (ctx: unknown) => load((ctx as { vm: Vm }).vm) },
  });
  b.emit(Op.If, flag, top);
  b.resolve(done);
  b.emit(Op.Halt);
  const columns: ResultColumn[] = names.map((name) => ({
    name,
    decltype: null,
    database: null,
    table: null,
    column: null,
  }));
  return b.finish(columns, [null], !write);
}
