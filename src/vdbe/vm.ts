/**
 * The virtual machine — SQLite's sqlite3VdbeExec (vdbe.c): runs a `Program` one row at a time.
 *
 * Owns: the register file (`Mem[]`, allocated once per statement), bound parameters, cursor
 * slots, aggregate states, the program counter and the dispatch loop. Dispatch is a `switch` on
 * the numeric opcode inside one loop (measured fastest of switch / closure-array / generated JS
 * in bench/vm_dispatch_bench.ts; see docs/planner.md). Cursor opcodes delegate to ./ops/cursor.ts,
 * value opcodes to ./ops/value_ops.ts.
 * Never: parses SQL, plans, or touches pages except through cursors. A runtime error is raised as
 * `SqliteError`; the VM is then halted and must be `reset()` before it runs again.
 * Hot: `step()` and everything it calls per row.
 * @module
 */

import { setDbEncoding } from "./value/text.ts";
import { SqliteError, type SqliteErrorCode } from "../error.ts";
import {
  CmpFlag,
  type CursorSpec,
  type FuncRef,
  type HostCall,
  type Instr,
  Op,
  type Program,
  type VTabRef,
} from "../planner/program.ts";
import { allocRegisters, Mem, MemType } from "./mem.ts";
import * as C from "./ops/cursor.ts";
import { makeRecord, RecordBuf } from "./ops/record.ts";
import * as W from "./ops/write.ts";
import {
  applyAffinity,
  applyCompareAffinity,
  arith,
  bitNot,
  bitOp,
  castTo,
  type Collator,
  concat,
  intValue,
  memCompare,
  negate,
  truth,
} from "./ops/value_ops.ts";
import { CursorKind, VdbeCursor } from "./vm_cursor.ts";
import { VTabCursors } from "./ops/vtab.ts";
import type { VmAggregate, VmAggState, VmHost, VmScalar } from "./vm_types.ts";
import { runWindow } from "../func/window_exec.ts";
import type { WindowOpSpec } from "../planner/select_window_spec.ts";

const cmpA = new Mem();
const cmpB = new Mem();

/**
 * A running statement.
 * @example
 * ```ts
 * import { Op, ProgramBuilder } from "../planner/program.ts";
 * import { Vm } from "./vm.ts";
 * const b = new ProgramBuilder();
 * const r = b.allocReg();
 * b.emit(Op.Integer, 7, r);
 * b.emit(Op.ResultRow, r, 1);
 * b.emit(Op.Halt);
 * const vm = new Vm(b.finish([], [], true), null);
 * vm.step(); // true; vm.regs[vm.resultStart].n === 7
 * ```
 */
export class Vm {
  /** The program being run. */
  readonly program: Program;
  /** Registers (index 0 unused). */
  readonly regs: Mem[];
  /** Bound parameters, 1-based. */
  readonly vars: Mem[];
  /** Cursor slots. */
  readonly cursors: (VdbeCursor | null)[];
  /** Aggregate states by accumulator register. */
  readonly aggs: (VmAggState | null)[];
  /** First register of the current result row. */
  resultStart = 0;
  /** Number of columns in the current result row. */
  resultCount = 0;
  /** Program counter. */
  pc = 0;
  /** True once the program has halted. */
  done = false;
  /** Stepped at least once and not done. */
  started = false;
  /** Rows changed by this run (OP_Insert/OP_Delete with the count flag). */
  nChange = 0;
  private readonly once: Uint8Array;
  /** Closed b-tree cursor objects kept for reuse by the next OpenRead on the same slot. */
  private readonly pool: (VdbeCursor | undefined)[] = [];
  private readonly host: VmHost | null;
  private readonly argArrays: (Mem[] | undefined)[] = [];
  /** Collators resolved per instruction address (lazily). */
  private readonly colls: (Collator | undefined)[];
  /** OP_CountChanges' sink (write statements): told the change count at halt and each rowid. */
  private dml: HostCall | null = null;
  private readonly dmlEvent: W.DmlEvent = { vm: null, kind: 0, nChange: 0, error: null, rowid: 0 };
  /** Reusable record buffers of MakeRecord instructions with P5 bit 1, by address. */
  private readonly recBufs: (RecordBuf | undefined)[] = [];
  /** Slots of OpenWrite cursors with P5 bit 2: may stay open between runs (see keepCursors). */
  private readonly keep: boolean[] = [];
  /** True while those cursors are open from an earlier run. */
  private kept = false;
  private readonly keptCloser = { close: (): void => this.closeKept() };
  /** The database's text encoding for MakeRecord / pseudo cursors (0 = not read this run). */
  private enc = 0;
  /** Open virtual-table scans (created by the first OP_VOpen). */
  private vtabs: VTabCursors | null = null;

  constructor(program: Program, host: VmHost | null) {
    this.program = program;
    this.host = host;
    this.regs = allocRegisters(program.nMem);
    this.vars = allocRegisters(program.parameters.length + 1);
    this.cursors = new Array(program.nCursor).fill(null);
    this.aggs = new Array(program.nMem).fill(null);
    this.once = new Uint8Array(program.ops.length);
    this.colls = new Array(program.ops.length);
  }

  /** Rewind to the start; bindings are kept. Cold. */
  reset(): void {
    if (this.vtabs !== null) this.vtabs.closeAll();
    for (let i = 0; i < this.cursors.length; i++) {
      const c = this.cursors[i];
      if (c !== null && this.kept && this.keep[i]) continue;
      if (c !== null) c.close();
      this.cursors[i] = null;
    }
    for (let i = 0; i < this.aggs.length; i++) this.aggs[i] = null;
    for (const r of this.regs) r.setNull();
    this.once.fill(0);
    this.pc = 0;
    this.done = false;
    this.started = false;
    this.nChange = 0;
    this.dml = null;
    this.enc = 0;
  }

  /** The text encoding records of this run are written/read in (read once per run). */
  private textEnc(): number {
    return this.enc !== 0 ? this.enc : (this.enc = this.host?.textEncoding?.() ?? 1);
  }

  private hostOrThrow(): VmHost {
    if (this.host === null) throw new SqliteError("no database", "SQLITE_MISUSE");
    return this.host;
  }

  private collator(addr: number, p4: Instr["p4"]): Collator {
    let c = this.colls[addr];
    if (c === undefined) {
      const name = p4 !== null && p4.kind === "coll" ? p4.value : null;
      c = name === null ? null : this.hostOrThrow().collator(name);
      this.colls[addr] = c;
    }
    return c;
  }

  private cursor(i: number): VdbeCursor {
    return this.cursors[i] as VdbeCursor;
  }

  /**
   * Run until the next result row (true; the row is regs[resultStart..+resultCount)) or the end
   * (false). Throws SqliteError on a runtime error (the VM is then done). Hot.
   */
  step(): boolean {
    if (this.done) return false;
    this.started = true;
    // BINARY collation and blob<->text conversions follow this database's text encoding.
    const prevEnc = setDbEncoding(this.textEnc());
    try {
      return this.exec();
    } catch (e) {
      this.done = true;
      this.closeAll();
      if (this.dml !== null) this.tellDml(W.DmlEventKind.ERROR, e);
      throw e;
    } finally {
      setDbEncoding(prevEnc);
    }
  }

  /** Report to the change sink (sqlite3VdbeHalt's change counting). Warm. */
  private tellDml(kind: number, error: unknown): void {
    const ev = this.dmlEvent;
    ev.vm = this;
    ev.kind = kind;
    ev.nChange = this.nChange;
    ev.error = error;
    const sink = this.dml as HostCall;
    if (kind !== W.DmlEventKind.ROWID) this.dml = null;
    sink.run(ev);
  }

  /**
   * Close every cursor. At a normal halt (`keepWrites`) the write cursors marked to be kept stay
   * open when the host allows it (inside an explicit write transaction; the host closes them at
   * the transaction's end), so the next run of the statement skips reopening and re-descending.
   */
  private closeAll(keepWrites = false): void {
    if (this.vtabs !== null) this.vtabs.closeAll();
    const keeping = keepWrites && this.keep.length > 0 &&
      this.host?.keepCursors?.(this.keptCloser) === true;
    for (let i = 0; i < this.cursors.length; i++) {
      const c = this.cursors[i];
      if (c !== null && keeping && this.keep[i]) continue;
      if (c !== null) c.close();
      this.cursors[i] = null;
    }
    this.kept = keeping;
  }

  /** Close the write cursors kept open after the last run (the host's transaction ended). */
  closeKept(): void {
    if (!this.kept) return;
    this.kept = false;
    // Running again (its cursors in use): they are closed or kept anew at its halt.
    if (this.started && !this.done) return;
    for (let i = 0; i < this.keep.length; i++) {
      if (!this.keep[i]) continue;
      const c = this.cursors[i];
      if (c !== null) c.close();
      this.cursors[i] = null;
    }
  }

  private exec(): boolean {
    const ops = this.program.ops;
    const regs = this.regs;
    let pc = this.pc;
    for (;;) {
      const ins = ops[pc];
      switch (ins.op) {
        case 0: /* Init */
        case 1: /* Goto */
          pc = ins.p2;
          continue;
        case 15: /* Noop */
        case 179: /* Explain */
        case 180: /* Trace */
          break;
        case 2: /* Halt */ {
          this.done = true;
          this.pc = pc;
          this.closeAll(ins.p1 === 0);
          if (ins.p1 !== 0 && ins.p2 !== 0) throw W.constraintHalt(ins, "constraint failed");
          if (this.dml !== null && ins.p1 === 0) this.tellDml(W.DmlEventKind.HALT, null);
          if (ins.p1 !== 0) {
            const p4 = ins.p4;
            const msg = p4 !== null && p4.kind === "text" ? p4.value : "constraint failed";
            const code = p4 !== null && p4.kind === "error"
              ? p4.value.code as SqliteErrorCode
              : "SQLITE_ERROR";
            throw new SqliteError(
              p4 !== null && p4.kind === "error" ? p4.value.message : msg,
              code,
            );
          }
          return false;
        }
        case 18: /* HaltIfNull */
          if (regs[ins.p3].type === MemType.NULL) {
            const p4 = ins.p4;
            if (ins.p2 !== 0) {
              this.done = true;
              throw W.constraintHalt(ins, "NOT NULL constraint failed");
            }
            if (p4 !== null && p4.kind === "error") {
              this.done = true;
              throw new SqliteError(p4.value.message, p4.value.code as SqliteErrorCode);
            }
            throw new SqliteError("NOT NULL constraint failed", "SQLITE_CONSTRAINT_NOTNULL");
          }
          break;
        case 3: /* Gosub */
          regs[ins.p1].setInt(pc);
          pc = ins.p2;
          continue;
        case 4: /* Return */
          pc = regs[ins.p1].n + 1;
          continue;
        case 5: /* InitCoroutine */
          regs[ins.p1].setInt(ins.p3 - 1);
          if (ins.p2 !== 0) {
            pc = ins.p2;
            continue;
          }
          break;
        case 6: /* Yield */ {
          const r = regs[ins.p1];
          const back = r.n;
          r.setInt(pc);
          pc = back + 1;
          continue;
        }
        case 7: /* EndCoroutine */ {
          const r = regs[ins.p1];
          const yieldAddr = r.n;
          const y = ops[yieldAddr];
          r.setInt(pc - 1);
          pc = y.p2;
          continue;
        }
        case 8: /* If */ {
          const t = truth(regs[ins.p1]);
          if (t === 1 || (t === -1 && ins.p3 !== 0)) {
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 9: /* IfNot */ {
          const t = truth(regs[ins.p1]);
          if (t === 0 || (t === -1 && ins.p3 !== 0)) {
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 10: /* IsNull */
          if (regs[ins.p1].type === MemType.NULL) {
            pc = ins.p2;
            continue;
          }
          break;
        case 11: /* NotNull */
          if (regs[ins.p1].type !== MemType.NULL) {
            pc = ins.p2;
            continue;
          }
          break;
        case 12: /* IfPos */ {
          const r = regs[ins.p1];
          if (r.n > 0) {
            r.setInt(r.n - ins.p3);
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 19: /* IfNotZero */ {
          const r = regs[ins.p1];
          if (r.n !== 0) {
            if (r.n > 0) r.setInt(r.n - 1);
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 13: /* DecrJumpZero */ {
          const r = regs[ins.p1];
          r.setInt(r.n - 1);
          if (r.n === 0) {
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 14: /* Once */
          if (this.once[pc] !== 0) {
            pc = ins.p2;
            continue;
          }
          this.once[pc] = 1;
          break;
        case 16: /* IfNullRow */ {
          const c = this.cursors[ins.p1];
          if (c === null || c.nullRow) {
            regs[ins.p3].setNull();
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 17: /* Jump */ {
          // P1/P2/P3 jump by the result of the previous OP_Compare (stored in this.lastCmp)
          pc = this.lastCmp < 0 ? ins.p1 : this.lastCmp === 0 ? ins.p2 : ins.p3;
          continue;
        }
        // ---- constants / registers ----
        case 20: /* Integer */
          regs[ins.p2].setInt(ins.p1);
          break;
        case 21: /* Int64 */ {
          const p4 = ins.p4;
          if (p4 !== null && p4.kind === "int64") regs[ins.p2].setBigInt(p4.value);
          break;
        }
        case 22: /* Real */ {
          const p4 = ins.p4;
          if (p4 !== null && p4.kind === "real") regs[ins.p2].setReal(p4.value);
          break;
        }
        case 23: /* String8 */ {
          const p4 = ins.p4;
          if (p4 !== null && p4.kind === "text") regs[ins.p2].setText(p4.value);
          break;
        }
        case 24: /* Blob */ {
          const p4 = ins.p4;
          if (p4 !== null && p4.kind === "blob") regs[ins.p2].setBlob(p4.value);
          break;
        }
        case 25: /* Null */ {
          const end = ins.p3 > ins.p2 ? ins.p3 : ins.p2;
          for (let i = ins.p2; i <= end; i++) {
            regs[i].setNull();
            this.aggs[i] = null;
          }
          break;
        }
        case 31: /* SoftNull */
          regs[ins.p1].setNull();
          break;
        case 26: /* Variable */
          regs[ins.p2].copyFrom(this.vars[ins.p1]);
          break;
        case 27: /* Copy */
        case 28: /* SCopy */ {
          const n = ins.op === Op.Copy ? ins.p3 : 0;
          for (let i = 0; i <= n; i++) regs[ins.p2 + i].copyFrom(regs[ins.p1 + i]);
          break;
        }
        case 29: /* Move */
          for (let i = 0; i < ins.p3; i++) {
            regs[ins.p2 + i].copyFrom(regs[ins.p1 + i]);
            regs[ins.p1 + i].setNull();
          }
          break;
        case 30: /* IntCopy */
          regs[ins.p2].setSqlInt(intValue(regs[ins.p1]));
          break;
        // ---- arithmetic ----
        case 40: /* Add */
          arith(0, regs[ins.p1], regs[ins.p2], regs[ins.p3]);
          break;
        case 41: /* Subtract */
          arith(1, regs[ins.p2], regs[ins.p1], regs[ins.p3]);
          break;
        case 42: /* Multiply */
          arith(2, regs[ins.p1], regs[ins.p2], regs[ins.p3]);
          break;
        case 43: /* Divide */
          arith(3, regs[ins.p2], regs[ins.p1], regs[ins.p3]);
          break;
        case 44: /* Remainder */
          arith(4, regs[ins.p2], regs[ins.p1], regs[ins.p3]);
          break;
        case 45: /* Concat */
          concat(regs[ins.p2], regs[ins.p1], regs[ins.p3]);
          break;
        case 46: /* BitAnd */
          bitOp(0, regs[ins.p1], regs[ins.p2], regs[ins.p3]);
          break;
        case 47: /* BitOr */
          bitOp(1, regs[ins.p1], regs[ins.p2], regs[ins.p3]);
          break;
        case 48: /* ShiftLeft */
          bitOp(2, regs[ins.p2], regs[ins.p1], regs[ins.p3]);
          break;
        case 49: /* ShiftRight */
          bitOp(3, regs[ins.p2], regs[ins.p1], regs[ins.p3]);
          break;
        case 50: /* BitNot */
          bitNot(regs[ins.p1], regs[ins.p2]);
          break;
        case 60: /* Negative */
          negate(regs[ins.p1], regs[ins.p2]);
          break;
        case 51: /* Not */ {
          const t = truth(regs[ins.p1]);
          if (t < 0) regs[ins.p2].setNull();
          else regs[ins.p2].setInt(t === 0 ? 1 : 0);
          break;
        }
        case 52: /* And */
        case 53: /* Or */ {
          const a = truth(regs[ins.p1]);
          const b = truth(regs[ins.p2]);
          let r: number;
          if (ins.op === Op.And) r = a === 0 || b === 0 ? 0 : a < 0 || b < 0 ? -1 : 1;
          else r = a === 1 || b === 1 ? 1 : a < 0 || b < 0 ? -1 : 0;
          if (r < 0) regs[ins.p3].setNull();
          else regs[ins.p3].setInt(r);
          break;
        }
        case 59: /* IsTrue */ {
          // P3 = value when NULL; P4 int via p5: invert flag
          const t = truth(regs[ins.p1]);
          let v = t < 0 ? ins.p3 : t;
          if (ins.p5 !== 0) v = v ^ 1;
          regs[ins.p2].setInt(v);
          break;
        }
        case 54: /* AddImm */ {
          const r = regs[ins.p1];
          r.setSqlInt(intValue(r));
          arithImm(r, ins.p2);
          break;
        }
        case 55: /* MustBeInt */ {
          const r = regs[ins.p1];
          if (r.type !== MemType.INT) {
            applyAffinity(r, 0x43);
            if (r.type === MemType.REAL && Number.isInteger(r.n) && Math.abs(r.n) < 2 ** 63) {
              r.setSqlInt(intValue(r));
            }
            if ((r.type as number) !== MemType.INT) {
              if (ins.p2 === 0) throw new SqliteError("datatype mismatch", "SQLITE_MISMATCH");
              pc = ins.p2;
              continue;
            }
          }
          break;
        }
        case 56: /* RealAffinity */ {
          const r = regs[ins.p1];
          if (r.type === MemType.INT) r.setReal(r.big === null ? r.n : Number(r.big));
          break;
        }
        case 57: /* Cast */
          castTo(regs[ins.p1], ins.p2);
          break;
        case 58: /* Affinity */ {
          const p4 = ins.p4;
          if (p4 !== null && p4.kind === "affinity") {
            const s = p4.value;
            for (let i = 0; i < ins.p2; i++) applyAffinity(regs[ins.p1 + i], s.charCodeAt(i));
          }
          break;
        }
        // ---- comparisons ----
        case 70: /* Eq */
        case 71: /* Ne */
        case 72: /* Lt */
        case 73: /* Le */
        case 74: /* Gt */
        case 75: /* Ge */ {
          // SQLite operand order: compare r[P3] (left) with r[P1] (right)
          let a = regs[ins.p3];
          let b = regs[ins.p1];
          const p5 = ins.p5;
          const store = (p5 & CmpFlag.STOREP2) !== 0;
          if (a.type === MemType.NULL || b.type === MemType.NULL) {
            let res: number; // 1 true, 0 false, -1 null
            if ((p5 & CmpFlag.NULLEQ) !== 0) {
              const eq = a.type === b.type;
              res = ins.op === Op.Eq ? (eq ? 1 : 0) : (eq ? 0 : 1);
            } else res = -1;
            if (store) {
              if (res < 0) regs[ins.p2].setNull();
              else regs[ins.p2].setInt(res);
            } else if (res === 1 || (res < 0 && (p5 & CmpFlag.JUMPIFNULL) !== 0)) {
              pc = ins.p2;
              continue;
            }
            break;
          }
          const aff = p5 & CmpFlag.AFF_MASK;
          if (aff !== 0) {
            if (
              (aff >= 0x43 && (a.type === MemType.TEXT || b.type === MemType.TEXT)) ||
              (aff === 0x42 && (a.type <= MemType.REAL || b.type <= MemType.REAL))
            ) {
              cmpA.copyFrom(a);
              cmpB.copyFrom(b);
              applyCompareAffinity(cmpA, cmpB, aff);
              a = cmpA;
              b = cmpB;
            }
          }
          const c = memCompare(a, b, this.collator(pc, ins.p4));
          let res: boolean;
          switch (ins.op) {
            case 70: /* Eq */
              res = c === 0;
              break;
            case 71: /* Ne */
              res = c !== 0;
              break;
            case 72: /* Lt */
              res = c < 0;
              break;
            case 73: /* Le */
              res = c <= 0;
              break;
            case 74: /* Gt */
              res = c > 0;
              break;
            default:
              res = c >= 0;
          }
          if (store) regs[ins.p2].setInt(res ? 1 : 0);
          else if (res) {
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 76: /* Compare */ {
          // compare regs[P1..P1+P3) with regs[P2..P2+P3) under keyinfo P4
          const p4 = ins.p4;
          let c = 0;
          for (let i = 0; i < ins.p3; i++) {
            let coll: Collator = null;
            let desc = false;
            if (p4 !== null && p4.kind === "keyinfo") {
              const name = p4.value.collations[i] ?? null;
              coll = name === null ? null : this.hostOrThrow().collator(name);
              desc = p4.value.desc[i] ?? false;
            }
            c = memCompare(regs[ins.p1 + i], regs[ins.p2 + i], coll);
            if (c !== 0) {
              if (desc) c = -c;
              break;
            }
          }
          this.lastCmp = c;
          break;
        }
        case 77: /* IsType */ {
          // jump when register P1's type bit is set in P5 (bit = 1 << MemType)
          if (((1 << regs[ins.p1].type) & ins.p5) !== 0) {
            pc = ins.p2;
            continue;
          }
          break;
        }
        // ---- functions ----
        case 80: /* Function */ {
          const f = (ins.p4 as { value: FuncRef }).value;
          const impl = f.impl as VmScalar;
          const args = this.args(pc, ins.p2, ins.p5);
          impl.call(
            args,
            ins.p5,
            regs[ins.p3],
            this.collator(pc, f.collation === null ? null : { kind: "coll", value: f.collation }),
            this.hostOrThrow().funcContext,
          );
          break;
        }
        case 81: /* AggStep */ {
          const f = (ins.p4 as { value: FuncRef }).value;
          let st = this.aggs[ins.p3];
          if (st === null) {
            st = (f.impl as VmAggregate).create(
              this.collator(pc, f.collation === null ? null : { kind: "coll", value: f.collation }),
              this.hostOrThrow().funcContext,
            );
            this.aggs[ins.p3] = st;
          }
          st.step(this.args(pc, ins.p2, ins.p5), ins.p5);
          // min()/max() with bare columns: P1 = the register told whether the row was taken
          if (ins.p1 !== 0) regs[ins.p1].setInt(st.rowChosen === false ? 0 : 1);
          break;
        }
        case 82: /* AggFinal */
        case 83: /* AggValue */ {
          const f = (ins.p4 as { value: FuncRef }).value;
          let st = this.aggs[ins.p1];
          if (st === null) {
            st = (f.impl as VmAggregate).create(
              this.collator(pc, f.collation === null ? null : { kind: "coll", value: f.collation }),
              this.hostOrThrow().funcContext,
            );
          }
          const out = ins.op === Op.AggFinal ? regs[ins.p1] : regs[ins.p3];
          st.final(out);
          if (ins.op === Op.AggFinal) this.aggs[ins.p1] = null;
          break;
        }
        // ---- cursors ----
        case 100: /* OpenRead */
        case 101: /* OpenWrite */ {
          const spec = (ins.p4 as { value: CursorSpec }).value;
          const old = this.cursors[ins.p1];
          if ((ins.p5 & 2) !== 0) {
            // A write cursor kept open from the previous run: use it as it is.
            if (old !== null && this.kept && old.bt !== null) {
              old.hdrValid = false;
              old.nullRow = false;
              break;
            }
            this.keep[ins.p1] = true;
          }
          if (old !== null) old.close();
          const pooled = this.pool[ins.p1];
          const cur = C.openBtree(
            this.hostOrThrow(),
            spec,
            ins.p2,
            ins.op === Op.OpenWrite,
            pooled !== undefined && pooled.bt === null ? pooled : null,
          );
          this.pool[ins.p1] = cur;
          this.cursors[ins.p1] = cur;
          break;
        }
        case 102: /* OpenEphemeral */ {
          const spec = (ins.p4 as { value: CursorSpec }).value;
          const old = this.cursors[ins.p1];
          if (old !== null && old.kind === CursorKind.EPHEMERAL) {
            old.rows = [];
            old.pos = -1;
            old.eof = true;
            old.dirty = false;
          } else this.cursors[ins.p1] = C.openEphemeral(this.hostOrThrow(), spec);
          (this.cursors[ins.p1] as VdbeCursor).bulk = (ins.p5 & 1) !== 0;
          break;
        }
        case 134: /* SorterOpen */ {
          const spec = (ins.p4 as { value: CursorSpec }).value;
          this.cursors[ins.p1] = C.openSorter(this.hostOrThrow(), spec);
          break;
        }
        case 103: /* OpenPseudo */ {
          const c = new VdbeCursor(CursorKind.PSEUDO, ins.p3, null);
          c.hdr.enc = this.textEnc();
          c.pseudoReg = ins.p2;
          c.eof = false;
          this.cursors[ins.p1] = c;
          break;
        }
        case 104: /* OpenDup */ {
          const src = this.cursor(ins.p2);
          const c = new VdbeCursor(src.kind, src.nField, src.cmp);
          c.rows = src.rows;
          c.isTable = src.isTable;
          this.cursors[ins.p1] = c;
          break;
        }
        case 167: /* Clear */ {
          // Empty the b-tree rooted at P1; P3 != 0 adds its row count to the change count. P2:
          // where to go when the host cannot clear it now (another statement reads it).
          const n = this.hostOrThrow().clearTable?.(ins.p1) ?? null;
          if (n === null) {
            pc = ins.p2;
            continue;
          }
          if (ins.p3 !== 0) this.nChange += n;
          break;
        }
        case 105: /* Close */ {
          const c = this.cursors[ins.p1];
          if (c !== null) c.close();
          this.cursors[ins.p1] = null;
          break;
        }
        case 141: /* ResetSorter */ {
          const c = this.cursor(ins.p1);
          if (c.store !== null) c.store.clear();
          c.rows = [];
          c.pos = -1;
          c.eof = true;
          break;
        }
        case 106: /* Rewind */
          if (!C.rewind(this.cursor(ins.p1))) {
            pc = ins.p2;
            continue;
          }
          break;
        case 107: /* Last */
          if (!C.last(this.cursor(ins.p1))) {
            pc = ins.p2;
            continue;
          }
          break;
        case 136: /* SorterSort */
          if (!C.sorterSort(this.cursor(ins.p1))) {
            pc = ins.p2;
            continue;
          }
          break;
        case 108: /* Next */
        case 137: /* SorterNext */
          if (C.next(this.cursor(ins.p1))) {
            pc = ins.p2;
            continue;
          }
          break;
        case 109: /* Prev */
          if (C.prev(this.cursor(ins.p1))) {
            pc = ins.p2;
            continue;
          }
          break;
        case 123: /* Column */
          C.column(this.cursor(ins.p1), ins.p2, regs[ins.p3], regs, ins.p4, ins.p5);
          break;
        case 138: /* SorterData */
        case 142: /* RowData */
          // E1 convention: sorter rows are read with Column on the sorter cursor itself
          break;
        case 124: /* Rowid */
          C.rowid(this.cursor(ins.p1), regs[ins.p2]);
          break;
        case 132: /* IdxRowid */
          C.idxRowid(this.cursor(ins.p1), regs[ins.p2]);
          break;
        case 125: /* NullRow */ {
          let c = this.cursors[ins.p1];
          if (c === null) {
            c = new VdbeCursor(CursorKind.PSEUDO, 0, null);
            this.cursors[ins.p1] = c;
          }
          c.nullRow = true;
          c.hdrValid = false;
          break;
        }
        case 110: /* SeekRowid */
        case 111: /* NotExists */
          if (!C.seekRowid(this.cursor(ins.p1), regs[ins.p3])) {
            pc = ins.p2;
            continue;
          }
          break;
        case 115: /* SeekLT */
        case 114: /* SeekLE */
        case 112: /* SeekGE */
        case 113: /* SeekGT */ {
          const kind = ins.op - Op.SeekGE === 0
            ? C.SeekOp.GE
            : ins.op === Op.SeekGT
            ? C.SeekOp.GT
            : ins.op === Op.SeekLE
            ? C.SeekOp.LE
            : C.SeekOp.LT;
          if (!C.seekIndex(this.cursor(ins.p1), kind, regs, ins.p3, ins.p5)) {
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 116: /* IdxGE */
        case 117: /* IdxGT */
        case 118: /* IdxLE */
        case 119: /* IdxLT */ {
          const c = C.idxCompare(this.cursor(ins.p1), regs, ins.p3, ins.p5);
          const jump = ins.op === Op.IdxGE
            ? c >= 0
            : ins.op === Op.IdxGT
            ? c > 0
            : ins.op === Op.IdxLE
            ? c <= 0
            : c < 0;
          if (jump) {
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 120: /* Found */
        case 121: /* NotFound */
        case 122: /* NoConflict */ {
          const n = ins.p5 === 0 ? 1 : ins.p5;
          if (ins.op === Op.NoConflict) {
            let hasNull = false;
            for (let i = 0; i < n; i++) if (regs[ins.p3 + i].type === MemType.NULL) hasNull = true;
            if (hasNull) {
              pc = ins.p2;
              continue;
            }
          }
          const f = C.found(this.cursor(ins.p1), regs, ins.p3, n);
          if ((ins.op === Op.Found) === f) {
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 127: /* IdxInsert */
        case 135: /* SorterInsert */ {
          const c = this.cursor(ins.p1);
          if (c.kind === CursorKind.BTREE) {
            c.bt!.insertIndex(regs[ins.p2].b);
            c.hdrValid = false;
          } else C.ephInsert(c, regs, ins.p2, ins.p3, 0);
          break;
        }
        case 129: /* Insert */ {
          // P1 cursor, P2 record reg, P3 rowid reg; P5 bit 1 = count change
          const c = this.cursor(ins.p1);
          if (c.kind === CursorKind.BTREE) {
            const rid = regs[ins.p3];
            c.bt!.insert(rid.big === null ? rid.n : rid.big, regs[ins.p2].b);
            c.hdrValid = false;
            if ((ins.p5 & 1) !== 0) this.nChange++;
            if ((ins.p5 & 2) !== 0 && this.dml !== null) {
              this.dmlEvent.rowid = rid.big === null ? rid.n : rid.big;
              this.tellDml(W.DmlEventKind.ROWID, null);
            }
          } else {
            // ephemeral table: P2 first reg, P4-less count in P5>>8, rowid in P3
            C.ephInsert(c, regs, ins.p2, ins.p5 >> 8, regs[ins.p3].n);
          }
          break;
        }
        case 130: /* Delete */ {
          const c = this.cursor(ins.p1);
          c.bt!.delete();
          c.hdrValid = false;
          if ((ins.p5 & 1) !== 0) this.nChange++;
          break;
        }
        case 128: /* IdxDelete */ {
          const c = this.cursor(ins.p1);
          if (C.found(c, regs, ins.p2, ins.p3)) {
            c.bt!.delete();
            c.hdrValid = false;
          }
          break;
        }
        case 131: /* NewRowid */ {
          const c = this.cursor(ins.p1);
          if (c.kind !== CursorKind.BTREE) {
            regs[ins.p2].setInt(c.nextRowid++);
            break;
          }
          // P3 > 0: register holding the AUTOINCREMENT high-water mark
          W.newRowid(c, regs[ins.p2], ins.p3 > 0 ? regs[ins.p3] : null);
          break;
        }
        case 133: /* DeferredSeek */ {
          // P1 index cursor, P3 table cursor
          const t = this.cursor(ins.p3);
          t.deferredFrom = this.cursor(ins.p1);
          t.nullRow = false;
          t.eof = false;
          t.hdrValid = false;
          break;
        }
        case 126: /* MakeRecord */ {
          const p4 = ins.p4;
          if (p4 !== null && p4.kind === "affinity") {
            const s = p4.value;
            for (let i = 0; i < ins.p2; i++) applyAffinity(regs[ins.p1 + i], s.charCodeAt(i));
          }
          if ((ins.p5 & 1) !== 0) {
            // The record only feeds Insert/IdxInsert (which copy it): build it in a buffer kept
            // for this instruction instead of allocating one per row.
            const rb = this.recBufs[pc] ??= new RecordBuf();
            makeRecord(regs, ins.p1, ins.p2, rb, this.textEnc());
            regs[ins.p3].setBlob(rb.buf.subarray(0, rb.len));
          } else regs[ins.p3].setBlob(makeRecord(regs, ins.p1, ins.p2, null, this.textEnc()));
          break;
        }
        case 190: /* CountChanges */ {
          // P1 = 0: install the sink P4; P1 = 1: the writes are done (RETURNING rows follow):
          // report the change count now, as the statement's halt would.
          const p4 = ins.p4;
          if (ins.p1 !== 0) {
            if (this.dml !== null) this.tellDml(W.DmlEventKind.HALT, null);
          } else if (p4 !== null && p4.kind === "host") this.dml = p4.value;
          break;
        }
        case 191: /* TypeCheck */
          W.typeCheck(regs[ins.p1], ins);
          break;
        case 192: /* MemMax */
          W.memMax(regs[ins.p1], regs[ins.p2]);
          break;
        // ---- virtual tables (ops/vtab.ts); the slot keeps a VdbeCursor for NullRow ----
        case 230: /* VOpen */ {
          (this.vtabs ??= new VTabCursors()).vOpen(ins.p1, (ins.p4 as { value: VTabRef }).value);
          let c = this.cursors[ins.p1];
          if (c === null) this.cursors[ins.p1] = c = new VdbeCursor(CursorKind.PSEUDO, 0, null);
          c.nullRow = false;
          break;
        }
        case 231: /* VFilter */ {
          (this.cursors[ins.p1] as VdbeCursor).nullRow = false;
          const p4 = ins.p4;
          const idxStr = p4 !== null && p4.kind === "text" ? p4.value : "";
          if (!this.vtabs!.vFilter(ins.p1, regs, ins.p3, idxStr)) {
            pc = ins.p2;
            continue;
          }
          break;
        }
        case 232: /* VColumn */
          if ((this.cursors[ins.p1] as VdbeCursor).nullRow) regs[ins.p3].setNull();
          else this.vtabs!.vColumn(ins.p1, ins.p2, regs[ins.p3]);
          break;
        case 233: /* VNext */
          if (this.vtabs!.vNext(ins.p1)) {
            pc = ins.p2;
            continue;
          }
          break;
        case 234: /* VRowid */
          if ((this.cursors[ins.p1] as VdbeCursor).nullRow) regs[ins.p2].setNull();
          else this.vtabs!.vRowid(ins.p1, regs[ins.p2]);
          break;
        case 146: /* SorterLimit */ {
          // P2 = LIMIT register, P3 = OFFSET register (0 = none); negative LIMIT = no limit
          const lim = regs[ins.p2];
          const c = this.cursor(ins.p1);
          if (lim.type === MemType.INT && lim.big === null && lim.n >= 0) {
            let k = lim.n;
            if (ins.p3 > 0) {
              const off = regs[ins.p3];
              if (off.type === MemType.INT && off.big === null && off.n > 0) k += off.n;
            }
            c.limit = k === 0 ? 1 : k;
          }
          break;
        }
        case 250: /* GroupFind */
          // hash-aggregating GROUP BY (group_table.ts): P2 = jump when the group already existed
          if (this.cursor(ins.p1).groups!.find(regs, this.aggs, ins.p3)) {
            pc = ins.p2;
            continue;
          }
          break;
        case 251: /* GroupSort */
          if (!this.cursor(ins.p1).groups!.sort(regs, this.aggs, ins.p3 !== 0)) {
            pc = ins.p2;
            continue;
          }
          break;
        case 252: /* GroupNext */
          if (this.cursor(ins.p1).groups!.next(regs, this.aggs)) {
            pc = ins.p2;
            continue;
          }
          break;
        case 139: /* Count */
          regs[ins.p2].setInt(C.count(this.cursor(ins.p1)));
          break;
        case 140: /* Sequence */ {
          const c = this.cursor(ins.p1);
          regs[ins.p2].setInt(c.seq++);
          break;
        }
        // ---- results / transactions ----
        case 160: /* ResultRow */
          this.resultStart = ins.p1;
          this.resultCount = ins.p2;
          this.pc = pc + 1;
          return true;
        case 161: /* Transaction */
          this.hostOrThrow().transaction(ins.p2 !== 0);
          break;
        case 220: /* Window */
          runWindow(
            this.cursor(ins.p1).rows,
            (ins.p4 as { value: WindowOpSpec }).value,
            regs,
            this.hostOrThrow(),
          );
          break;
        case 173: /* Program: a trigger sub-program run by the connection (p4 host) */
        case 181: /* Host */ {
          const p4 = ins.p4;
          if (p4 !== null && p4.kind === "host") {
            p4.value.run({ vm: this, first: ins.p1, n: ins.p2 });
          } else {
            this.hostOrThrow().host?.(
              p4 !== null && p4.kind === "text" ? p4.value : "",
              regs,
              ins.p1,
              ins.p2,
            );
          }
          break;
        }
        default:
          throw new SqliteError(`unsupported opcode ${ins.op} at ${pc}`, "SQLITE_INTERNAL");
      }
      pc++;
    }
  }

  /** Result of the last OP_Compare. */
  private lastCmp = 0;

  /**
   * The argument array of the call at `pc`: one array per call site, exactly `n` long, reused
   * for every call (changing an array's length on each call costs reallocations). Hot.
   */
  private args(pc: number, first: number, n: number): Mem[] {
    let a = this.argArrays[pc];
    if (a === undefined) {
      a = new Array<Mem>(n);
      this.argArrays[pc] = a;
    }
    const regs = this.regs;
    for (let i = 0; i < n; i++) a[i] = regs[first + i];
    return a;
  }
}

function arithImm(r: Mem, v: number): void {
  if (r.big === null && Number.isSafeInteger(r.n + v)) r.setInt(r.n + v);
  else r.setBigInt(BigInt.asIntN(64, r.bigValue + BigInt(v)));
}
