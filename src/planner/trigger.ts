/**
 * Trigger planning — SQLite's trigger.c (sqlite3TriggersExist, sqlite3CodeRowTrigger,
 * codeTriggerProgram) up to code generation: which triggers fire for an event and timing
 * (UPDATE OF column lists, newest trigger first), and the trigger program's statements rewritten
 * so `NEW.col` / `OLD.col` read bound parameters and `RAISE(…)` calls the connection's internal
 * raise function.
 *
 * Parameter layout for a target with n columns: NEW.c(i) → ?(i+1), NEW.rowid → ?(n+1),
 * OLD.c(i) → ?(n+2+i), OLD.rowid → ?(2n+2).
 * Owns: `triggersFor`, `rewriteTriggerAst`, `RAISE_FUNCTION`.
 * Must never: run anything. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { Expr, FunctionCall, RaiseExpr } from "../sql/ast.ts";
import { collated, nameOf, paramOf } from "./insert_ast.ts";
import { isRowidName, type Trigger } from "./schema.ts";

/** Name of the internal function RAISE() compiles to (not callable without quoting). */
export const RAISE_FUNCTION = " raise";

/** Trigger timing. */
export type TriggerTime = "BEFORE" | "AFTER" | "INSTEAD OF";

/** Trigger event. */
export type TriggerEventKind = "insert" | "update" | "delete";

/**
 * The triggers of `owner` that fire for `event` at `time`, newest first (SQLite's order).
 * For UPDATE, `changed` holds the folded names of the SET columns (UPDATE OF filter).
 */
export function triggersFor(
  triggers: readonly Trigger[],
  event: TriggerEventKind,
  time: TriggerTime,
  changed: ReadonlySet<string> | null,
): Trigger[] {
  const out: Trigger[] = [];
  for (let i = triggers.length - 1; i >= 0; i--) {
    const tr = triggers[i];
    const st = tr.stmt;
    if (st.event.kind !== event) continue;
    if ((st.time ?? "BEFORE") !== time) continue;
    if (event === "update" && st.event.kind === "update" && st.event.columns !== null) {
      if (changed === null || !st.event.columns.some((c) => changed.has(c.name.toLowerCase()))) {
        continue;
      }
    }
    out.push(tr);
  }
  return out;
}

/** Column names of the trigger target, to map NEW.x / OLD.x. */
export interface TriggerTarget {
  readonly name: string;
  readonly columns: readonly string[];
  /** Collating sequence per column (null = BINARY / unknown). */
  readonly collations?: readonly (string | null)[];
}

/**
 * Copy `node` (a trigger step or WHEN expression) with NEW./OLD. references replaced by
 * parameters and RAISE() replaced by the internal raise call. Errors as SQLite:
 * `no such column: NEW.x`.
 */
export function rewriteTriggerAst<T>(node: T, target: TriggerTarget): T {
  const n = target.columns.length;
  const colIdx = (name: string): number => {
    const k = name.toLowerCase();
    for (let i = 0; i < n; i++) if (target.columns[i].toLowerCase() === k) return i;
    return -1;
  };
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== "object") return x;
    const o = x as Record<string, unknown>;
    if (o.kind === "column") {
      const ref = o as unknown as Extract<Expr, { kind: "column" }>;
      const q = ref.table?.name.toLowerCase();
      if (ref.schema === null && (q === "new" || q === "old")) {
        const base = q === "new" ? 0 : n + 1;
        const c = colIdx(ref.column.name);
        if (c >= 0) {
          return collated(paramOf(base + c + 1, ref.span), target.collations?.[c] ?? null);
        }
        if (isRowidName(ref.column.name)) return paramOf(base + n + 1, ref.span);
        throw new SqliteError(`no such column: ${ref.table!.name}.${ref.column.name}`);
      }
    }
    // SQLite fixes trigger-program table names to the trigger's schema (sqlite3FixSrcList),
    // so errors read "no such table: main.x".
    if ((o.kind === "table" || o.kind === "insert") && o.schema === null) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o)) out[k] = k === "span" ? o[k] : walk(o[k]);
      const nm = (o.kind === "table" ? o.name : o.table) as { span: unknown };
      out.schema = { name: "main", quoted: null, span: nm.span };
      return out;
    }
    if (o.kind === "raise") {
      const r = o as unknown as RaiseExpr;
      const call: FunctionCall = {
        kind: "call",
        name: nameOf(RAISE_FUNCTION, r.span),
        distinct: false,
        star: false,
        args: [
          { kind: "string", value: r.action, span: r.span },
          r.message === null ? { kind: "null", span: r.span } : walk(r.message) as Expr,
        ],
        orderBy: null,
        filter: null,
        over: null,
        span: r.span,
      };
      return call;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = k === "span" ? o[k] : walk(o[k]);
    return out;
  };
  return walk(node) as T;
}
