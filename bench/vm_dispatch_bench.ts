/**
 * VM dispatch micro-benchmark: the same register program (a counted loop doing integer
 * arithmetic, a comparison and a conditional jump per iteration — the shape of a scan loop's
 * bookkeeping) run three ways:
 *   1. `switch` — the real VM (src/vdbe/vm.ts): one loop, `switch (ins.op)`.
 *   2. closures — each instruction pre-compiled to a closure returning the next pc.
 *   3. generated JS — the program translated to one JS function with a `switch (pc)` loop.
 * node:sqlite runs an equivalent recursive-CTE loop as the baseline for scale.
 * Results are recorded in docs/planner.md ("VM dispatch").
 */
import { DatabaseSync } from "node:sqlite";
import { type Instr, Op, type Program, ProgramBuilder } from "../src/planner/program.ts";
import { Mem } from "../src/vdbe/mem.ts";
import { Vm } from "../src/vdbe/vm.ts";
import { arith, memCompare } from "../src/vdbe/ops/value_ops.ts";

const N = 100_000;

function buildProgram(): Program {
  const b = new ProgramBuilder();
  const i = b.allocReg(), sum = b.allocReg(), one = b.allocReg(), n = b.allocReg();
  const t = b.allocReg();
  b.emit(Op.Integer, 0, i);
  b.emit(Op.Integer, 0, sum);
  b.emit(Op.Integer, 1, one);
  b.emit(Op.Integer, N, n);
  const top = b.here;
  b.emit(Op.Add, i, one, i);
  b.emit(Op.Add, sum, i, sum);
  b.emit(Op.Multiply, i, one, t);
  b.emit(Op.Lt, n, top, i); // if i < n goto top
  b.emit(Op.ResultRow, sum, 1);
  b.emit(Op.Halt);
  return b.finish([], [], true);
}

const program = buildProgram();

/** Closure-array dispatch. */
function closureRunner(p: Program): () => number {
  const regs: Mem[] = [];
  for (let k = 0; k < p.nMem; k++) regs.push(new Mem());
  const fns: (() => number)[] = p.ops.map((ins: Instr, pc: number) => {
    switch (ins.op) {
      case Op.Integer:
        return () => (regs[ins.p2].setInt(ins.p1), pc + 1);
      case Op.Add:
        return () => (arith(0, regs[ins.p1], regs[ins.p2], regs[ins.p3]), pc + 1);
      case Op.Multiply:
        return () => (arith(2, regs[ins.p1], regs[ins.p2], regs[ins.p3]), pc + 1);
      case Op.Lt:
        return () => (memCompare(regs[ins.p3], regs[ins.p1], null) < 0 ? ins.p2 : pc + 1);
      case Op.ResultRow:
        return () => -2;
      default:
        return () => -1;
    }
  });
  return () => {
    let pc = 0;
    while (pc >= 0) pc = fns[pc]();
    return regs[1 + 1].n;
  };
}

/** Generated-JS dispatch: one function, `switch (pc)` with inlined operations. */
function generatedRunner(p: Program): () => number {
  const lines: string[] = [];
  lines.push("const regs = []; for (let k = 0; k < nMem; k++) regs.push(new Mem());");
  lines.push("return function run() { let pc = 0; for (;;) { switch (pc) {");
  p.ops.forEach((ins, pc) => {
    lines.push(`case ${pc}:`);
    switch (ins.op) {
      case Op.Integer:
        lines.push(`regs[${ins.p2}].setInt(${ins.p1});`);
        break;
      case Op.Add:
        lines.push(`arith(0, regs[${ins.p1}], regs[${ins.p2}], regs[${ins.p3}]);`);
        break;
      case Op.Multiply:
        lines.push(`arith(2, regs[${ins.p1}], regs[${ins.p2}], regs[${ins.p3}]);`);
        break;
      case Op.Lt:
        lines.push(
          `if (memCompare(regs[${ins.p3}], regs[${ins.p1}], null) < 0) { pc = ${ins.p2}; continue; }`,
        );
        break;
      case Op.ResultRow:
        lines.push(`return regs[${ins.p1}].n;`);
        break;
      default:
        lines.push("return -1;");
    }
  });
  lines.push("} } };");
  const factory = new Function("Mem", "arith", "memCompare", "nMem", lines.join("\n"));
  return factory(Mem, arith, memCompare, p.nMem) as () => number;
}

const closures = closureRunner(program);
const generated = generatedRunner(program);
const db = new DatabaseSync(":memory:");
const cte = db.prepare(
  `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<${N}) SELECT sum(x) FROM c`,
);

Deno.bench("node:sqlite recursive CTE loop (scale reference)", {
  group: "dispatch",
  baseline: true,
}, () => {
  cte.get();
});

Deno.bench("VM switch dispatch (src/vdbe/vm.ts)", { group: "dispatch" }, () => {
  const vm = new Vm(program, null);
  vm.step();
});

Deno.bench("closure-array dispatch", { group: "dispatch" }, () => {
  closures();
});

Deno.bench("generated-JS dispatch", { group: "dispatch" }, () => {
  generated();
});

/** A small switch loop with only the opcodes this program uses (isolates function-size effects). */
function smallSwitchRunner(p: Program): () => number {
  const regs: Mem[] = [];
  for (let k = 0; k < p.nMem; k++) regs.push(new Mem());
  const ops = p.ops;
  return () => {
    let pc = 0;
    for (;;) {
      const ins = ops[pc];
      switch (ins.op) {
        case Op.Integer:
          regs[ins.p2].setInt(ins.p1);
          break;
        case Op.Add:
          arith(0, regs[ins.p1], regs[ins.p2], regs[ins.p3]);
          break;
        case Op.Multiply:
          arith(2, regs[ins.p1], regs[ins.p2], regs[ins.p3]);
          break;
        case Op.Lt:
          if (memCompare(regs[ins.p3], regs[ins.p1], null) < 0) {
            pc = ins.p2;
            continue;
          }
          break;
        case Op.ResultRow:
          return regs[ins.p1].n;
        default:
          return -1;
      }
      pc++;
    }
  };
}
const small = smallSwitchRunner(program);
Deno.bench("small switch dispatch (same ops only)", { group: "dispatch" }, () => {
  small();
});
