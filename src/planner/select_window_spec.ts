/**
 * The operand of `Op.Window` (P4 kind "window"): what the VM needs to evaluate every window
 * function of a window query over its materialised rows — SQLite's Window objects (window.c)
 * after sqlite3WindowRewrite, reduced to column numbers of the rewritten sub-select.
 *
 * Owns: the data shape shared by the planner (src/planner/select_window.ts builds it) and the
 * executor (src/func/window_exec.ts runs it).
 * Must never: hold AST nodes or anything that needs the compiler at run time.
 * @module
 */

/** One PARTITION BY or ORDER BY key of a window: a column of the materialised rows. */
export interface WindowKey {
  /** Column of the materialised row holding the key value. */
  readonly col: number;
  /** ORDER BY … DESC. */
  readonly desc: boolean;
  /** 0 default, 1 NULLS FIRST, 2 NULLS LAST. */
  readonly nulls: number;
  /** Collation name (null = BINARY). */
  readonly collation: string | null;
}

/** A frame boundary kind (parse.y's TK_UNBOUNDED/TK_PRECEDING/TK_CURRENT/TK_FOLLOWING). */
export type WindowBoundKind =
  | "unboundedPreceding"
  | "preceding"
  | "currentRow"
  | "following"
  | "unboundedFollowing";

/**
 * EXCLUDE clause codes. An explicit EXCLUDE NO OTHERS excludes nothing but, as in SQLite, makes
 * aggregates recompute each frame instead of streaming it.
 */
export const WindowExclude = { NONE: 0, CURRENT_ROW: 1, GROUP: 2, TIES: 3, NO_OTHERS: 4 } as const;

/** A resolved frame: `units BETWEEN start AND end EXCLUDE …`. */
export interface WindowFrameSpec {
  readonly units: "ROWS" | "RANGE" | "GROUPS";
  readonly start: WindowBoundKind;
  /** Register holding the evaluated `n` of `n PRECEDING/FOLLOWING` (0 when none). */
  readonly startReg: number;
  readonly end: WindowBoundKind;
  /** Register holding the end bound's `n` (0 when none). */
  readonly endReg: number;
  /** A {@link WindowExclude} code. */
  readonly exclude: number;
}

/** One window function call. */
export interface WindowFuncSpec {
  /** Lower-case function name. */
  readonly name: string;
  /** Number of arguments. */
  readonly nArg: number;
  /** One of the built-in window functions of func/window.ts (row_number, rank, lag, …). */
  readonly builtin: boolean;
  /** The aggregate implementation (the VM's `VmAggregate`) when not built-in. */
  readonly impl: unknown;
  /** Collation in force for the call (min/max), or null. */
  readonly collation: string | null;
  /** Columns of the materialised row holding the arguments. */
  readonly args: readonly number[];
  /** Column holding the FILTER condition, or -1. */
  readonly filter: number;
  /** Column of the output row that receives the result. */
  readonly out: number;
  /** The frame. */
  readonly frame: WindowFrameSpec;
}

/** Window functions sharing one PARTITION BY + ORDER BY (one sort of the rows). */
export interface WindowGroupSpec {
  readonly partition: readonly WindowKey[];
  readonly order: readonly WindowKey[];
  readonly funcs: readonly WindowFuncSpec[];
}

/**
 * P4 of `Op.Window`: the rows of ephemeral table P1 are processed group by group (each group
 * after the first re-sorts them, stably, by its keys, as SQLite's nested sub-selects do);
 * every function appends its result column.
 */
export interface WindowOpSpec {
  /** Columns of each materialised input row. */
  readonly nCol: number;
  /** The groups in processing order; the first group's order is the rows' order already. */
  readonly groups: readonly WindowGroupSpec[];
}

/**
 * The built-in window functions of window.c (only valid with OVER) → accepted argument counts.
 * The planner checks calls against it; src/func/window.ts evaluates them.
 */
export const WINDOW_BUILTIN_ARGS: ReadonlyMap<string, readonly number[]> = new Map([
  ["row_number", [0]],
  ["rank", [0]],
  ["dense_rank", [0]],
  ["percent_rank", [0]],
  ["cume_dist", [0]],
  ["ntile", [1]],
  ["lag", [1, 2, 3]],
  ["lead", [1, 2, 3]],
  ["first_value", [1]],
  ["last_value", [1]],
  ["nth_value", [2]],
]);
