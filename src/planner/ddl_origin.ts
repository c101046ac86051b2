/**
 * Which function calls come from the schema — SQLite's EP_FromDDL mark (set through
 * NC_FromDDL by the fixer in attach.c and by resolve.c): a call written in a view, a trigger, a
 * CHECK constraint, a column DEFAULT, a generated column, an index expression or a partial
 * index's WHERE. SQLite refuses SQLITE_DIRECTONLY functions in such calls
 * (sqlite3ExprFunctionUsable: "unsafe use of NAME()"); TEMP views and triggers are exempt.
 *
 * Owns: marking the call nodes of a schema object's ASTs when the object enters the catalog, and
 * answering whether a call node carries the mark.
 * Must never: copy or change the ASTs (marks live beside them, in a WeakSet). Cold.
 * @module
 */

import type { FunctionCall } from "../sql/ast.ts";

const fromSchema = new WeakSet<object>();

/** Mark every function call reachable from `root` (an AST or an array of ASTs). Cold. */
export function markSchemaCalls(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (const x of node) stack.push(x);
      continue;
    }
    const obj = node as Record<string, unknown>;
    if (obj.kind === "call") {
      if (fromSchema.has(obj)) continue; // already walked (shared subtrees)
      fromSchema.add(obj);
    }
    for (const k in obj) if (k !== "span") stack.push(obj[k]);
  }
}

/** True when `call` was written in a schema object (see {@link markSchemaCalls}). Cold. */
export function isSchemaCall(call: FunctionCall): boolean {
  return fromSchema.has(call);
}

const sourceText = new WeakMap<object, string>();

/**
 * Remember that `select` (a view's SELECT) was parsed from `sql`: its spans index that text, not
 * the statement that reads the view, so result-column names (`sum(a)`, `a+1`) are taken from it.
 * Cold.
 */
export function noteSourceSql(select: object, sql: string): void {
  sourceText.set(select, sql);
}

/** The SQL text `select` was parsed from when it is not the statement's (see noteSourceSql). */
export function sourceSqlOf(select: object): string | undefined {
  return sourceText.get(select);
}
