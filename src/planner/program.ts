/**
 * The program the code generator emits and the VM runs — tsqlite's analogue of SQLite's VDBE
 * bytecode (vdbe.c / opcodes listed in vdbe.c's `case OP_xxx:` blocks, documented in opcode.html).
 *
 * Owns: the opcode numbering (`Op`), the instruction shape (`Instr`, a plain monomorphic object
 * with SQLite's p1..p5 operands), the P4 operand variants, and the `Program` container (register
 * count, cursor count, result column metadata, parameter names).
 * Never: executes anything, imports the VM, the b-tree or values (this file is pure data shapes so
 * the planner and the VM can both depend on it).
 *
 * Operand conventions follow SQLite's opcode documentation: P1..P3 are integers (registers,
 * cursors, jump targets), P4 is a typed extra operand, P5 a small flag word.
 * @module
 */

import { checkProgramCollations } from "./collation.ts";

import type { WindowOpSpec } from "./select_window_spec.ts";

/** Opcode numbers. Names and semantics follow SQLite's opcodes of the same name (opcode.html). */
export const Op = {
  // --- control flow ---
  Init: 0,
  Goto: 1,
  Halt: 2,
  Gosub: 3,
  Return: 4,
  InitCoroutine: 5,
  Yield: 6,
  EndCoroutine: 7,
  If: 8,
  IfNot: 9,
  IsNull: 10,
  NotNull: 11,
  IfPos: 12,
  DecrJumpZero: 13,
  Once: 14,
  Noop: 15,
  IfNullRow: 16,
  Jump: 17,
  HaltIfNull: 18,
  IfNotZero: 19,
  // --- constants and registers ---
  Integer: 20,
  Int64: 21,
  Real: 22,
  String8: 23,
  Blob: 24,
  Null: 25,
  Variable: 26,
  Copy: 27,
  SCopy: 28,
  Move: 29,
  IntCopy: 30,
  SoftNull: 31,
  // --- arithmetic / logic ---
  Add: 40,
  Subtract: 41,
  Multiply: 42,
  Divide: 43,
  Remainder: 44,
  Concat: 45,
  BitAnd: 46,
  BitOr: 47,
  ShiftLeft: 48,
  ShiftRight: 49,
  BitNot: 50,
  Not: 51,
  And: 52,
  Or: 53,
  AddImm: 54,
  MustBeInt: 55,
  RealAffinity: 56,
  Cast: 57,
  Affinity: 58,
  IsTrue: 59,
  Negative: 60,
  // --- comparison ---
  Eq: 70,
  Ne: 71,
  Lt: 72,
  Le: 73,
  Gt: 74,
  Ge: 75,
  Compare: 76,
  IsType: 77,
  // --- functions ---
  Function: 80,
  AggStep: 81,
  AggFinal: 82,
  AggValue: 83,
  // --- cursors ---
  OpenRead: 100,
  OpenWrite: 101,
  OpenEphemeral: 102,
  OpenPseudo: 103,
  OpenDup: 104,
  Close: 105,
  Rewind: 106,
  Last: 107,
  Next: 108,
  Prev: 109,
  SeekRowid: 110,
  NotExists: 111,
  SeekGE: 112,
  SeekGT: 113,
  SeekLE: 114,
  SeekLT: 115,
  IdxGE: 116,
  IdxGT: 117,
  IdxLE: 118,
  IdxLT: 119,
  Found: 120,
  NotFound: 121,
  NoConflict: 122,
  Column: 123,
  Rowid: 124,
  NullRow: 125,
  MakeRecord: 126,
  IdxInsert: 127,
  IdxDelete: 128,
  Insert: 129,
  Delete: 130,
  NewRowid: 131,
  IdxRowid: 132,
  DeferredSeek: 133,
  SorterOpen: 134,
  SorterInsert: 135,
  SorterSort: 136,
  SorterNext: 137,
  SorterData: 138,
  Count: 139,
  Sequence: 140,
  ResetSorter: 141,
  RowData: 142,
  Found0: 143,
  IfNoHope: 144,
  SeekEnd: 145,
  SorterLimit: 146,
  GroupFind: 250,
  GroupSort: 251,
  GroupNext: 252,
  // virtual tables (H5: 230-239)
  VOpen: 230,
  VFilter: 231,
  VColumn: 232,
  VNext: 233,
  VRowid: 234,
  // --- results / transactions / schema ---
  ResultRow: 160,
  Transaction: 161,
  AutoCommit: 162,
  ReadCookie: 163,
  SetCookie: 164,
  CreateBtree: 165,
  Destroy: 166,
  Clear: 167,
  ParseSchema: 168,
  DropTable: 169,
  DropIndex: 170,
  DropTrigger: 171,
  Savepoint: 172,
  Program: 173,
  Param: 174,
  FkCounter: 175,
  FkIfZero: 176,
  ResetCount: 177,
  Expire: 178,
  Explain: 179,
  Trace: 180,
  Host: 181,
  // --- window functions (H4: 220-229) ---
  /** Evaluate the window functions of P4 (a `WindowOpSpec`) over ephemeral table P1's rows. */
  Window: 220,
  // --- write statements (H1: 190-219) ---
  /** P4 host: the change sink; marks the program as counting changes (sqlite3VdbeCountChanges). */
  CountChanges: 190,
  /** STRICT column check of register P1: affinity P5, P4 text `TYPE table.column`. */
  TypeCheck: 191,
  /** r[P1] = max(r[P1], r[P2]) as integers (AUTOINCREMENT bookkeeping). */
  MemMax: 192,
} as const;

/** One opcode number (a value of `Op`). */
export type OpCode = (typeof Op)[keyof typeof Op];

/** Opcode names by number, for EXPLAIN listings and diagnostics. Cold. */
export const OP_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, code] of Object.entries(Op)) names[code] = name;
  return names;
})();

/** A register index (1-based like SQLite; register 0 is unused). */
export type Register = number;
/** A VM cursor slot number. */
export type CursorId = number;
/** An instruction address within a `Program`. */
export type Address = number;

/** Column affinity characters as SQLite's `SQLITE_AFF_*` (sqliteInt.h). */
export const Affinity = {
  NONE: 0x40, // SQLITE_AFF_NONE
  BLOB: 0x41, // 'A'
  TEXT: 0x42, // 'B'
  NUMERIC: 0x43, // 'C'
  INTEGER: 0x44, // 'D'
  REAL: 0x45, // 'E'
} as const;
/** One affinity code (a value of `Affinity`). */
export type AffinityCode = (typeof Affinity)[keyof typeof Affinity];

/** Collating sequence names the built-in engine knows; user collations use any other name. */
export type CollationName = string;

/** Per-key-column sort description for sorters, ephemeral indexes and `Compare` (SQLite's KeyInfo). */
export interface KeyInfo {
  /** Number of key columns compared (the remaining record fields are payload). */
  readonly nKey: number;
  /** Collation name per key column (null = BINARY). */
  readonly collations: readonly (CollationName | null)[];
  /** Descending flag per key column. */
  readonly desc: readonly boolean[];
  /** NULLS FIRST/LAST override per key column: 0 default, 1 NULLS FIRST, 2 NULLS LAST. */
  readonly nulls?: readonly number[];
  /** Sorters only: equal keys come out in reverse insertion order (SQLite's sorter without a sequence column). */
  readonly tiesReversed?: boolean;
  /**
   * Sorters only: the consumer only needs rows grouped by key, groups in key order and rows of
   * a group in insertion order (GROUP BY) — the VM may bucket rows by key instead of sorting.
   */
  readonly grouping?: boolean;
  /** Sorters only: rows arrive already in key order (an index scan): no sorting needed. */
  readonly presorted?: boolean;
  /**
   * GROUP BY sorters only: aggregate in a hash table of groups instead of storing rows
   * (OP_GroupFind/GroupSort/GroupNext, src/vdbe/group_table.ts); these registers hold one
   * group's state: the accumulators' aggregate contexts and the group's other registers.
   */
  readonly hashGroups?: {
    readonly aggRegs: readonly number[];
    readonly memRegs: readonly number[];
  };
  /**
   * Sorters only: of rows with equal keys keep just the last one inserted — an aggregate's
   * ORDER BY table that also does its DISTINCT (select.c bOBUnique: the b-tree overwrite).
   */
  readonly uniqueLast?: boolean;
}

/** A function reference resolved at compile time for `Function` / `AggStep` / `AggFinal`. */
export interface FuncRef {
  readonly name: string;
  readonly nArg: number;
  /** The implementation object as provided by the FunctionResolver (opaque to the program). */
  readonly impl: unknown;
  /** Collation in force for the call (SQLite's CollSeq argument), or null. */
  readonly collation: CollationName | null;
}

/** A virtual table for `VOpen`: its module name and the runtime object (opaque here). */
export interface VTabRef {
  readonly name: string;
  /** The VM-side table (src/vdbe/ops/vtab.ts `VmVTab`), as the module provided it. */
  readonly impl: unknown;
}

/** Arguments of a cursor-opening instruction (OpenRead/OpenWrite/OpenEphemeral/SorterOpen). */
export interface CursorSpec {
  /** Root page of the b-tree (0 for ephemeral / sorter / pseudo). */
  readonly root: number;
  /** Table (rowid) b-tree or index b-tree. */
  readonly kind: "table" | "index";
  /** Number of columns in the records (for NullRow and bounds). */
  readonly nField: number;
  /** Key comparison info for index cursors. */
  readonly keyInfo: KeyInfo | null;
  /** Name shown by EXPLAIN (table or index name). */
  readonly name: string;
}

/** The P4 operand: a typed extra argument. */
export type P4 =
  | null
  | { readonly kind: "int64"; readonly value: bigint }
  | { readonly kind: "real"; readonly value: number }
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "blob"; readonly value: Uint8Array }
  | { readonly kind: "func"; readonly value: FuncRef }
  | { readonly kind: "keyinfo"; readonly value: KeyInfo }
  | { readonly kind: "cursor"; readonly value: CursorSpec }
  | { readonly kind: "coll"; readonly value: CollationName }
  | { readonly kind: "window"; readonly value: WindowOpSpec }
  | { readonly kind: "affinity"; readonly value: string }
  | { readonly kind: "error"; readonly value: { message: string; code: string } }
  | { readonly kind: "vtab"; readonly value: VTabRef }
  | { readonly kind: "host"; readonly value: HostCall };

/**
 * An escape hatch for statement kinds whose work is done by the connection (DDL bookkeeping,
 * PRAGMA, transaction control): `Host` calls `run(vmRegisters)` with the registers p1..p1+p2-1.
 * Cold path; the VM passes an accessor, the callee never keeps it.
 */
export interface HostCall {
  readonly name: string;
  readonly run: (ctx: unknown) => void;
}

/** Flags carried in P5 of comparison opcodes (SQLite's SQLITE_JUMPIFNULL, SQLITE_NULLEQ, …). */
export const CmpFlag = {
  /** Mask of the affinity byte (low 8 bits hold an `Affinity` code or 0). */
  AFF_MASK: 0xff,
  /** Jump when either operand is NULL (otherwise fall through). */
  JUMPIFNULL: 0x100,
  /** NULL = NULL is true (IS / IS NOT). */
  NULLEQ: 0x200,
  /** Store the boolean result in register P2 instead of jumping. */
  STOREP2: 0x400,
} as const;

/** One VM instruction. Kept monomorphic (always all fields) so the dispatch loop stays fast. */
export interface Instr {
  op: OpCode;
  p1: number;
  p2: number;
  p3: number;
  p4: P4;
  p5: number;
  /** Optional comment shown by EXPLAIN (SQLite's `comment` column). */
  comment: string | null;
}

/** Metadata of one result column. */
export interface ResultColumn {
  readonly name: string;
  readonly decltype: string | null;
  readonly database: string | null;
  readonly table: string | null;
  readonly column: string | null;
}

/** A compiled statement. */
export interface Program {
  /** The instructions; execution starts at address 0. */
  readonly ops: Instr[];
  /** Number of registers needed (highest register index + 1). */
  readonly nMem: number;
  /** Number of cursor slots needed. */
  readonly nCursor: number;
  /** Result columns (empty when the statement returns no data). */
  readonly columns: readonly ResultColumn[];
  /** Parameter names by index (index 0 unused); null for anonymous `?`. */
  readonly parameters: readonly (string | null)[];
  /** True when the statement never writes the database (sqlite3_stmt_readonly). */
  readonly readonly: boolean;
  /** EXPLAIN QUERY PLAN lines (id, parent, text) computed at plan time. */
  readonly queryPlan: readonly QueryPlanLine[];
}

/** One line of EXPLAIN QUERY PLAN output. */
export interface QueryPlanLine {
  readonly id: number;
  readonly parent: number;
  readonly detail: string;
}

/**
 * Incremental builder used by the code generators. Cold path (compile time).
 * @example
 * ```ts
 * import { Op, ProgramBuilder } from "./program.ts";
 * const b = new ProgramBuilder();
 * const r = b.allocReg();
 * b.emit(Op.Integer, 42, r);
 * b.emit(Op.ResultRow, r, 1);
 * b.emit(Op.Halt);
 * ```
 */
export class ProgramBuilder {
  /** The instructions emitted so far. */
  readonly ops: Instr[] = [];
  /** Highest register allocated. */
  nMem = 0;
  /** Cursor slots allocated. */
  nCursor = 0;
  /** EXPLAIN QUERY PLAN lines. */
  readonly plan: QueryPlanLine[] = [];
  private labels: number[] = [];
  private fixups: { addr: number; label: number; field: "p2" | "p3" }[] = [];

  /** Allocate one register. */
  allocReg(): Register {
    return ++this.nMem;
  }
  /** Allocate `n` consecutive registers and return the first. */
  allocRegs(n: number): Register {
    const first = this.nMem + 1;
    this.nMem += n;
    return first;
  }
  /** Allocate a cursor slot. */
  allocCursor(): CursorId {
    return this.nCursor++;
  }
  /** Current address (where the next instruction goes). */
  get here(): Address {
    return this.ops.length;
  }
  /** Append an instruction; returns its address. */
  emit(op: OpCode, p1 = 0, p2 = 0, p3 = 0, p4: P4 = null, p5 = 0): Address {
    this.ops.push({ op, p1, p2, p3, p4, p5, comment: null });
    return this.ops.length - 1;
  }
  /** Create an unresolved label (negative number) to be used as a jump target. */
  newLabel(): number {
    this.labels.push(-1);
    return -this.labels.length;
  }
  /** Resolve `label` to the current address. */
  resolve(label: number): void {
    this.labels[-label - 1] = this.ops.length;
  }
  /** Emit a jump-like instruction whose p2 is a label (resolved at `finish`). */
  emitJump(op: OpCode, p1: number, label: number, p3 = 0, p4: P4 = null, p5 = 0): Address {
    const a = this.emit(op, p1, label, p3, p4, p5);
    if (label < 0) this.fixups.push({ addr: a, label, field: "p2" });
    return a;
  }
  /** Point p2 of the instruction at `addr` to the current address. */
  jumpHere(addr: Address): void {
    this.ops[addr].p2 = this.ops.length;
  }
  /** Add an EXPLAIN QUERY PLAN line; returns its id. */
  addPlan(parent: number, detail: string): number {
    const id = this.plan.length === 0 ? 2 : this.plan[this.plan.length - 1].id + 1;
    this.plan.push({ id, parent, detail });
    return id;
  }
  /** Resolve every label reference and produce the program. */
  finish(
    columns: readonly ResultColumn[],
    parameters: readonly (string | null)[],
    readonly: boolean,
  ): Program {
    for (const f of this.fixups) {
      const target = this.labels[-f.label - 1];
      if (target < 0) throw new Error(`internal: unresolved label ${f.label}`);
      this.ops[f.addr][f.field] = target;
    }
    // Any remaining negative p2 on a jump opcode is a label used through plain emit().
    for (const ins of this.ops) {
      if (ins.p2 < 0 && JUMP_OPS.has(ins.op)) {
        const target = this.labels[-ins.p2 - 1];
        if (target === undefined || target < 0) throw new Error("internal: unresolved label");
        ins.p2 = target;
      }
    }
    // a collation is looked up where code compares with it: unknown names fail at prepare
    checkProgramCollations(this.ops);
    return {
      ops: this.ops,
      nMem: this.nMem + 1,
      nCursor: this.nCursor,
      columns,
      parameters,
      readonly,
      queryPlan: this.plan,
    };
  }
}

/** Opcodes whose P2 is a jump target (used to resolve labels). */
export const JUMP_OPS: ReadonlySet<number> = new Set<number>([
  Op.Init,
  Op.Goto,
  Op.Gosub,
  Op.InitCoroutine,
  Op.If,
  Op.IfNot,
  Op.IsNull,
  Op.NotNull,
  Op.IfPos,
  Op.DecrJumpZero,
  Op.Once,
  Op.IfNullRow,
  Op.IfNotZero,
  Op.Eq,
  Op.Ne,
  Op.Lt,
  Op.Le,
  Op.Gt,
  Op.Ge,
  Op.Rewind,
  Op.Last,
  Op.Next,
  Op.Prev,
  Op.SeekRowid,
  Op.NotExists,
  Op.SeekGE,
  Op.SeekGT,
  Op.SeekLE,
  Op.SeekLT,
  Op.IdxGE,
  Op.IdxGT,
  Op.IdxLE,
  Op.IdxLT,
  Op.Found,
  Op.NotFound,
  Op.NoConflict,
  Op.SorterSort,
  Op.SorterNext,
  Op.MustBeInt,
  Op.Yield,
  Op.IsType,
  Op.IfNoHope,
]);
