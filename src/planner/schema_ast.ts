/**
 * The AST node types the schema catalog refers to, in one place.
 *
 * Owns nothing of its own: it names the `src/sql` AST types the catalog keeps (DEFAULT / CHECK /
 * partial-index expressions, view SELECTs, trigger statements) so catalog code reads in
 * catalog terms.
 * Must never: contain logic.
 * @module
 */

export type {
  ConflictAction,
  CreateTriggerStmt as TriggerStmt,
  Expr,
  ForeignKeyClause,
  SelectStmt as Select,
} from "../sql/ast.ts";
