/**
 * Running triggers — the run-time half of SQLite's trigger.c (sqlite3CodeRowTrigger and the
 * OP_Program sub-programs it emits): for one row and one timing, evaluate each trigger's WHEN
 * clause and run its statements with NEW/OLD bound, newest trigger first; RAISE() outcomes.
 *
 * Owns: compiling trigger programs when the statement is prepared (NEW/OLD → parameters), as
 * sqlite3CodeRowTrigger codes them into the statement — so an error in a trigger body (no such
 * table, no such column) fails prepare(), not the first run — the recursion rule of
 * recursive_triggers=OFF (a trigger never fires while it is already running), restoring
 * last_insert_rowid after the programs, and turning RAISE(IGNORE) into "skip this row".
 * Must never: write rows itself (trigger statements are ordinary compiled statements).
 * Warm: once per row of a statement on a table with triggers.
 * @module
 */

import type { ConflictAction, Statement as Ast } from "../sql/ast.ts";
import type { HostCall, Program } from "../planner/program.ts";
import type { Table, Trigger, View } from "../planner/schema.ts";
import {
  rewriteTriggerAst,
  type TriggerEventKind,
  triggersFor,
  type TriggerTarget,
  type TriggerTime,
} from "../planner/trigger.ts";
import { selectOf } from "../planner/insert_ast.ts";
import { Mem, MemType } from "../vdbe/mem.ts";
import { Vm } from "../vdbe/vm.ts";
import { truthValue } from "../vdbe/value/arith.ts";
import { type Engine, EngineHost } from "./connection_engine.ts";
import { RaiseIgnore } from "./connection_funcs.ts";
import { markSchemaCalls } from "../planner/ddl_origin.ts";
import { markFromDdl } from "../planner/vtab.ts";

/** Every trigger timing, for compiling a statement's triggers at prepare. */
const TIMES: readonly TriggerTime[] = ["BEFORE", "AFTER", "INSTEAD OF"];

/** Triggers whose programs are being compiled right now (compilation is synchronous). */
const compiling = new Set<Trigger>();

/**
 * Trigger programs compiled while one top-level statement is prepared, by trigger and OR clause:
 * a trigger reached along several paths is compiled once (SQLite's pToplevel->pTriggerPrg),
 * so a branching trigger graph does not compile exponentially many programs. Sharing is safe:
 * with recursive_triggers off a trigger never runs inside itself, so its VMs are never re-entered.
 */
let session: Map<string, CompiledTrigger> | null = null;

interface CompiledTrigger {
  readonly trigger: Trigger;
  readonly when: Vm | null;
  readonly steps: Vm[];
}

/** Triggers of one target for one statement kind. */
export class TriggerRunner {
  private readonly compiled = new Map<Trigger, CompiledTrigger>();
  private readonly target: TriggerTarget;
  private readonly nParams: number;

  constructor(
    private readonly engine: Engine,
    private readonly owner: Table | View,
    columns: readonly string[],
    private readonly event: TriggerEventKind,
    private readonly changed: ReadonlySet<string> | null,
    private readonly or: ConflictAction | null = null,
  ) {
    this.target = {
      name: owner.name,
      columns,
      collations: owner.kind === "table" ? owner.columns.map((c) => c.collation) : undefined,
    };
    this.nParams = 2 * columns.length + 2;
    this.compileAll();
  }

  /**
   * Compile every trigger this statement can fire, at prepare (cold). A trigger whose body is
   * already being compiled further up (a trigger writing its own table, or a cycle) is left to
   * compile on first fire, as SQLite's codeRowTrigger reuses the program already being coded.
   */
  private compileAll(): void {
    const outermost = session === null;
    if (outermost) session = new Map();
    try {
      for (const time of TIMES) {
        for (const tr of triggersFor(this.owner.triggers, this.event, time, this.changed)) {
          if (compiling.has(tr)) continue;
          compiling.add(tr);
          try {
            this.compile(tr);
          } finally {
            compiling.delete(tr);
          }
        }
      }
    } finally {
      if (outermost) session = null;
    }
  }

  private readonly lists = new Map<TriggerTime, readonly Trigger[]>();

  /** The triggers firing at `time`, newest first (fixed for a compiled statement). Warm. */
  private listFor(time: TriggerTime): readonly Trigger[] {
    let l = this.lists.get(time);
    if (l === undefined) {
      l = triggersFor(this.owner.triggers, this.event, time, this.changed);
      this.lists.set(time, l);
    }
    return l;
  }

  /** True if any trigger fires at `time` for this statement (fixed for a compiled statement). */
  has(time: TriggerTime): boolean {
    return this.listFor(time).length > 0;
  }

  private compile(tr: Trigger): CompiledTrigger {
    let c = this.compiled.get(tr);
    if (c !== undefined) return c;
    const key = `${tr.name}\u0000${this.or ?? ""}`;
    const shared = session?.get(key);
    if (shared !== undefined && shared.trigger === tr) {
      this.compiled.set(tr, shared);
      return shared;
    }
    // Lazy import cycle break: connection_compile imports the DML executors that use us.
    const params: (string | null)[] = new Array(this.nParams).fill(null);
    const host = new EngineHost(this.engine, null);
    const compileAst = compileHook.compile!;
    const whenExpr = tr.stmt.when === null ? null : rewriteTriggerAst(tr.stmt.when, this.target);
    // The rewrite copies the trigger's ASTs: its calls are still the schema's (EP_FromDDL).
    markSchemaCalls(whenExpr);
    markFromDdl(whenExpr);
    const when = whenExpr === null
      ? null
      : new Vm(compileAst(this.engine, selectOf([whenExpr]), params, tr.sql), host);
    const steps = tr.stmt.body.map((step) => {
      const ast = rewriteTriggerAst(step, this.target) as Ast;
      // The firing statement's OR clause overrides each step's (trigger.c codeTriggerProgram's
      // eOrconf), and so reaches the triggers those steps fire.
      if (this.or !== null && (ast.kind === "insert" || ast.kind === "update")) ast.or = this.or;
      markSchemaCalls(ast);
      markFromDdl(ast); // (the rewrite copied the body: its FROM items are the trigger's)
      return new Vm(compileAst(this.engine, ast, params, tr.sql), host);
    });
    c = { trigger: tr, when, steps };
    this.compiled.set(tr, c);
    session?.set(key, c);
    return c;
  }

  /**
   * Fire the `time` triggers for one row. `neu`/`old` are the NEW/OLD column values (null when
   * the event has none), with their rowids. Returns false when RAISE(IGNORE) abandoned the row.
   */
  fire(
    time: TriggerTime,
    neu: readonly Mem[] | null,
    newRowid: Mem | null,
    old: readonly Mem[] | null,
    oldRowid: Mem | null,
  ): boolean {
    const list = this.listFor(time);
    if (list.length === 0) return true;
    const active = this.engine.activeTriggers;
    const savedRowid = this.engine.lastInsertRowid;
    try {
      for (const tr of list) {
        if (active.has(tr)) continue;
        const c = this.compile(tr);
        active.add(tr);
        try {
          if (c.when !== null) {
            this.bind(c.when, neu, newRowid, old, oldRowid);
            const r = runFirst(c.when);
            if (r === null || r.type === MemType.NULL || truthValue(r) !== true) continue;
          }
          for (const vm of c.steps) {
            this.bind(vm, neu, newRowid, old, oldRowid);
            runAll(vm);
          }
        } finally {
          active.delete(tr);
        }
      }
    } catch (e) {
      if (e instanceof RaiseIgnore) return false;
      throw e;
    } finally {
      this.engine.lastInsertRowid = savedRowid;
    }
    return true;
  }

  /**
   * The OP_Program call of a bytecode write statement firing the `time` triggers for its rows,
   * or null when none fire. Register block (src/planner/trigger_codegen.ts): flag (set to 0
   * when RAISE(IGNORE) abandoned the row), then the NEW rowid and columns (INSERT, UPDATE), then
   * the OLD rowid and columns (UPDATE, DELETE). Warm: once per row.
   */
  rowCall(time: TriggerTime): HostCall | null {
    if (!this.has(time)) return null;
    const n = this.target.columns.length;
    const hasNew = this.event !== "delete";
    const hasOld = this.event !== "insert";
    const neu: Mem[] | null = hasNew ? new Array(n) : null;
    const old: Mem[] | null = hasOld ? new Array(n) : null;
    return {
      name: `${time.toLowerCase()} ${this.event} triggers on ${this.owner.name}`,
      run: (ctx: unknown) => {
        const { vm, first } = ctx as { vm: Vm; first: number };
        const r = vm.regs;
        let at = first + 1;
        let newRowid: Mem | null = null;
        let oldRowid: Mem | null = null;
        if (neu !== null) {
          newRowid = r[at];
          for (let i = 0; i < n; i++) neu[i] = r[at + 1 + i];
          at += n + 1;
        }
        if (old !== null) {
          oldRowid = r[at];
          for (let i = 0; i < n; i++) old[i] = r[at + 1 + i];
        }
        const ok = this.fire(time, neu, newRowid, old, oldRowid);
        r[first].setInt(ok ? 1 : 0);
      },
    };
  }

  private bind(
    vm: Vm,
    neu: readonly Mem[] | null,
    newRowid: Mem | null,
    old: readonly Mem[] | null,
    oldRowid: Mem | null,
  ): void {
    const n = this.target.columns.length;
    const v = vm.vars;
    const put = (i: number, m: Mem | null | undefined) => {
      if (i < v.length) {
        if (m === null || m === undefined) v[i].setNull();
        else v[i].copyFrom(m);
      }
    };
    for (let i = 0; i < n; i++) put(i + 1, neu ? neu[i] : null);
    put(n + 1, newRowid);
    for (let i = 0; i < n; i++) put(n + 2 + i, old ? old[i] : null);
    put(2 * n + 2, oldRowid);
  }
}

function runFirst(vm: Vm): Mem | null {
  vm.reset();
  try {
    if (!vm.step()) return null;
    const m = new Mem();
    m.copyFrom(vm.regs[vm.resultStart]);
    return m;
  } finally {
    vm.reset();
  }
}

function runAll(vm: Vm): void {
  vm.reset();
  try {
    while (vm.step()) { /* a trigger's SELECT results are discarded */ }
  } finally {
    vm.reset();
  }
}

/** The statement compiler, installed by ./connection_compile.ts (breaks an import cycle). */
export const compileHook: {
  compile: ((engine: Engine, ast: Ast, params: (string | null)[], sql: string) => Program) | null;
} = { compile: null };
