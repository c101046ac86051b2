/**
 * Write-statement opcodes on real b-tree cursors — the parts of vdbe.c's OP_NewRowid, OP_Halt
 * (constraint errors carrying their conflict action in P2 and message/code in P4),
 * OP_HaltIfNull, OP_TypeCheck (STRICT tables) and the change counting that sqlite3VdbeHalt does
 * for a program marked by sqlite3VdbeCountChanges (here: OP_CountChanges, whose P4 names the
 * connection's sink for the statement's change count and each inserted rowid).
 *
 * Owns: `newRowid` (max + 1, random probing at the largest rowid, AUTOINCREMENT floor),
 * `constraintHalt` (the error an OP_Halt/OP_HaltIfNull raises), `typeCheck`, and `DmlEvent`,
 * the shape handed to the change sink.
 * Must never: decide constraint semantics (the code generator does, in src/planner/dml_*.ts)
 * or touch the connection's counters directly (the sink does). Warm: once per row written.
 * @module
 */

import { SqliteError, type SqliteErrorCode } from "../../error.ts";
import type { Instr } from "../../planner/program.ts";
import { INT64_MAX, type Mem, MemType } from "../mem.ts";
import { CursorKind, type VdbeCursor } from "../vm_cursor.ts";
import { applyAffinity } from "./value_ops.ts";

/** What OP_CountChanges' sink is told: the statement halted, failed, or inserted a row. */
export const DmlEventKind = { HALT: 0, ERROR: 1, ROWID: 2 } as const;

/**
 * The argument of the change sink's `run` (one object per VM, reused). `vm` is the running
 * `Vm`, `nChange` its count of rows changed so far, `error` the error on ERROR, `rowid` the
 * inserted rowid on ROWID.
 */
export interface DmlEvent {
  vm: unknown;
  kind: number;
  nChange: number;
  error: unknown;
  rowid: number | bigint;
}

/** Conflict actions by OP_Halt's P2 (SQLite's OE_Rollback, OE_Abort, OE_Fail). */
const ACTIONS = [undefined, "ROLLBACK", "ABORT", "FAIL"] as const;

/**
 * The error OP_Halt (P1 != 0) or OP_HaltIfNull raises: P4 carries SQLite's message and extended
 * code, P2 the conflict action (1 ROLLBACK, 2 ABORT, 3 FAIL) the transaction machine applies.
 * Cold.
 */
export function constraintHalt(ins: Instr, fallback: string): SqliteError {
  const p4 = ins.p4;
  let e: SqliteError;
  if (p4 !== null && p4.kind === "error") {
    e = new SqliteError(p4.value.message, p4.value.code as SqliteErrorCode);
  } else if (p4 !== null && p4.kind === "text") e = new SqliteError(p4.value, "SQLITE_ERROR");
  else e = new SqliteError(fallback, "SQLITE_CONSTRAINT_NOTNULL");
  const action = ACTIONS[ins.p2];
  if (action !== undefined) (e as SqliteError & { onError?: string }).onError = action;
  return e;
}

/**
 * OP_NewRowid on a table b-tree: one more than the largest rowid (1 for an empty table), at
 * least one more than `floor` (the AUTOINCREMENT high-water mark, or null, which then holds
 * the new rowid, as vdbe.c keeps it); at the largest possible rowid, random probing for an
 * unused one (never with AUTOINCREMENT: SQLITE_FULL).
 * Warm (every INSERT without an explicit rowid).
 */
export function newRowid(c: VdbeCursor, out: Mem, floor: Mem | null): void {
  const bt = c.bt!;
  c.hdrValid = false;
  let max: number | bigint = 0;
  if (bt.last()) max = bt.rowid();
  if (floor !== null && floor.type === MemType.INT) {
    const f = floor.big ?? floor.n;
    if (f > max) max = f;
  }
  if (typeof max === "number" && max < Number.MAX_SAFE_INTEGER) {
    out.setInt(max + 1);
    if (floor !== null) floor.setInt(max + 1);
    return;
  }
  const big = BigInt(max);
  if (big < INT64_MAX) {
    out.setSqlInt(big + 1n);
    if (floor !== null) floor.setSqlInt(big + 1n);
    return;
  }
  if (floor === null) {
    // The largest rowid is in use: try random rowids as vdbe.c does.
    for (let i = 0; i < 100; i++) {
      const r = BigInt.asIntN(64, BigInt(Math.floor(Math.random() * 2 ** 53)) << 10n) & INT64_MAX;
      if (r > 0n && bt.seekRowid(r) !== 0) {
        out.setSqlInt(r);
        return;
      }
    }
  }
  throw new SqliteError("database or disk is full", "SQLITE_FULL");
}

/** Datatype names in STRICT error messages, by MemType. */
const STRICT_TYPE_NAME = ["NULL", "INT", "REAL", "TEXT", "BLOB"];

/**
 * OP_TypeCheck for one STRICT column (P1 the register, P4 text `TYPE table.column`): applies the
 * column affinity (P5) and raises SQLITE_CONSTRAINT_DATATYPE when the value cannot be stored; an
 * INTEGER stored in a REAL column becomes REAL. Warm (STRICT tables only).
 */
export function typeCheck(m: Mem, ins: Instr): void {
  applyAffinity(m, ins.p5);
  if (m.type === MemType.NULL) return;
  const p4 = ins.p4;
  const spec = p4 !== null && p4.kind === "text" ? p4.value : "";
  const sp = spec.indexOf(" ");
  const t = spec.slice(0, sp);
  const ok = strictTypeOk(t, m);
  if (ok) return;
  const e = new SqliteError(
    `cannot store ${STRICT_TYPE_NAME[m.type]} value in ${t} column ${spec.slice(sp + 1)}`,
    "SQLITE_CONSTRAINT_DATATYPE",
  );
  (e as SqliteError & { onError?: string }).onError = "ABORT";
  throw e;
}

/**
 * Whether `m` (already given the column's affinity, not NULL) may be stored in a STRICT column of
 * declared type `type` (upper-case; INT/INTEGER/REAL/TEXT/BLOB, anything else is ANY). An INTEGER
 * headed for a REAL column becomes REAL here, as SQLite stores it. Warm.
 */
export function strictTypeOk(type: string, m: Mem): boolean {
  switch (type) {
    case "INT":
    case "INTEGER":
      return m.type === MemType.INT;
    case "REAL":
      if (m.type === MemType.INT) m.setReal(m.big === null ? m.n : Number(m.big));
      return m.type === MemType.REAL;
    case "TEXT":
      return m.type === MemType.TEXT;
    case "BLOB":
      return m.type === MemType.BLOB;
    default:
      return true;
  }
}

/** True for a cursor on a real b-tree (not ephemeral/sorter/pseudo). */
export function isBtree(c: VdbeCursor): boolean {
  return c.kind === CursorKind.BTREE;
}

/** OP_MemMax: `a = max(a, b)`, both taken as integers (AUTOINCREMENT high-water mark). Warm. */
export function memMax(a: Mem, b: Mem): void {
  if (a.type !== MemType.INT) a.setSqlInt(0);
  if (b.type !== MemType.INT) return;
  if ((a.big ?? a.n) < (b.big ?? b.n)) a.copyFrom(b);
}
