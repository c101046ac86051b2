/**
 * VM unit tests: hand-built programs exercising registers, arithmetic, comparisons, jumps and
 * the sorter, checked against the values SQLite gives for the same expressions.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { Affinity, CmpFlag, Op, ProgramBuilder } from "../../src/planner/program.ts";
import { MemType } from "../../src/vdbe/mem.ts";
import { Vm } from "../../src/vdbe/vm.ts";
import type { VmHost } from "../../src/vdbe/vm_types.ts";

const host: VmHost = {
  openCursor() {
    throw new Error("no btree");
  },
  collator: () => null,
  transaction() {},
  funcContext: { changes: () => 0, totalChanges: () => 0, lastInsertRowid: () => 0 },
};

function rows(vm: Vm): unknown[][] {
  const out: unknown[][] = [];
  while (vm.step()) {
    const r: unknown[] = [];
    for (let i = 0; i < vm.resultCount; i++) r.push(vm.regs[vm.resultStart + i].toJs());
    out.push(r);
  }
  return out;
}

Deno.test("VM: integer arithmetic, overflow to REAL, division by zero is NULL", () => {
  const b = new ProgramBuilder();
  const a = b.allocReg(), c = b.allocReg(), o = b.allocRegs(3);
  b.emit(Op.Integer, 7, a);
  b.emit(Op.Integer, 2, c);
  b.emit(Op.Divide, c, a, o); // 7/2 = 3
  b.emit(Op.Integer, 0, c);
  b.emit(Op.Divide, c, a, o + 1); // 7/0 = NULL
  b.emit(Op.Int64, 0, c, 0, { kind: "int64", value: 9223372036854775807n });
  b.emit(Op.Add, a, c, o + 2); // overflow → REAL
  b.emit(Op.ResultRow, o, 3);
  b.emit(Op.Halt);
  const vm = new Vm(b.finish([], [], true), host);
  const r = rows(vm);
  assertEquals(r, [[3, null, 9223372036854775808]]);
  assertEquals(vm.regs[o + 2].type, MemType.REAL);
});

Deno.test("VM: comparison with numeric affinity and NULL jumps", () => {
  const b = new ProgramBuilder();
  const x = b.allocReg(), y = b.allocReg(), out = b.allocReg();
  b.emit(Op.String8, 0, x, 0, { kind: "text", value: "10" });
  b.emit(Op.Integer, 9, y);
  b.emit(Op.Gt, y, out, x, null, Affinity.NUMERIC | CmpFlag.STOREP2); // '10' > 9 under NUMERIC
  b.emit(Op.ResultRow, out, 1);
  b.emit(Op.Gt, y, out, x, null, CmpFlag.STOREP2); // TEXT > INT without affinity → true too
  b.emit(Op.Lt, y, out, x, null, CmpFlag.STOREP2); // '10' < 9 → false (text > numbers)
  b.emit(Op.ResultRow, out, 1);
  b.emit(Op.Halt);
  assertEquals(rows(new Vm(b.finish([], [], true), host)), [[1], [0]]);
});

Deno.test("VM: sorter orders rows with DESC and NULLS LAST", () => {
  const b = new ProgramBuilder();
  const cur = b.allocCursor();
  const r = b.allocRegs(2);
  b.emit(Op.SorterOpen, cur, 0, 0, {
    kind: "cursor",
    value: {
      root: 0,
      kind: "index",
      nField: 2,
      name: "sorter",
      keyInfo: { nKey: 1, collations: [null], desc: [true], nulls: [2] },
    },
  });
  for (const v of [3, null, 5, 1]) {
    if (v === null) b.emit(Op.Null, 0, r);
    else b.emit(Op.Integer, v, r);
    b.emit(Op.Integer, 100, r + 1);
    b.emit(Op.SorterInsert, cur, r, 2);
  }
  const end = b.newLabel();
  b.emitJump(Op.SorterSort, cur, end);
  const top = b.here;
  b.emit(Op.Column, cur, 0, r);
  b.emit(Op.ResultRow, r, 1);
  b.emit(Op.SorterNext, cur, top);
  b.resolve(end);
  b.emit(Op.Halt);
  assertEquals(rows(new Vm(b.finish([], [], true), host)), [[5], [3], [1], [null]]);
});
