/**
 * The AST node types the schema catalog refers to, in one place.
 *
 * Owns nothing of its own: it names the `src/sql` AST types the catalog keeps
 * (DEFAULT / CHECK / partial-index expressions, view SELECTs, trigger
 * statements) so that catalog code does not depend on the AST's layout.
 * Until `src/sql/ast.ts` lands these are opaque placeholders; they are then
 * re-pointed at the real AST types without touching `schema.ts`.
 * Must never: contain logic.
 * @module
 */

/** A conflict-resolution algorithm (`ON CONFLICT …` / `INSERT OR …`). */
export type ConflictAction = "rollback" | "abort" | "fail" | "ignore" | "replace";

/** An SQL expression AST node (from src/sql). */
export interface Expr {
  readonly kind: string;
}
/** A SELECT statement AST node (from src/sql). */
export interface Select {
  readonly kind: string;
}
/** A CREATE TRIGGER statement AST node (from src/sql). */
export interface TriggerStmt {
  readonly kind: string;
}
/** A FOREIGN KEY … REFERENCES clause (from src/sql). */
export interface ForeignKeyClause {
  readonly table: string;
}
