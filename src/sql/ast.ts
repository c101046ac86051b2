/**
 * The typed abstract syntax tree of SQLite's SQL dialect.
 *
 * Owns: the shape of every statement and expression the parser produces (SQLite's grammar as
 * written in parse.y, 3.53), as discriminated unions on `kind`. Every node carries a source
 * `span` of UTF-16 offsets into the SQL string it came from, so later layers can quote the
 * original text (DEFAULT values, CHECK constraints, view and trigger bodies, ALTER TABLE RENAME).
 *
 * Conventions that the planner relies on:
 * - Identifiers keep their text (dequoted) and how they were quoted. A double-quoted identifier
 *   that fails to resolve may become a string literal only when DQS is on; the engine decides.
 * - Literals keep their source text: numbers are the exact token (hex, `_` separators, exponent),
 *   so the engine applies SQLite's integer/real rules and overflow checks itself.
 * - `==` is recorded as `=`, `<>` as `!=`, `IS NOT DISTINCT FROM` as `IS`, `IS DISTINCT FROM` as
 *   `IS NOT` (as parse.y does); `x IS NULL` / `x ISNULL` become `isNull`, `x IS NOT NULL` /
 *   `x NOTNULL` / `x NOT NULL` become `isNull` with `not: true` (parse.y's binaryToUnaryIfNull).
 * - `TRUE` and `FALSE` in expressions are plain column references (SQLite resolves them to the
 *   booleans only when no column has that name); `bool` appears only for `DEFAULT TRUE/FALSE`.
 * - Parentheses are not recorded: `(a)` is just `a`; `(a, b)` is a `vector`.
 * - `LIMIT a, b` is recorded as `{ limit: b, offset: a }` (SQLite's meaning).
 *
 * Must never: hold engine state, resolve names, or import anything beyond this layer.
 * @module
 */

/** A half-open range `[start, end)` of UTF-16 offsets into the parsed SQL text. */
export interface Span {
  /** Offset of the first character of the construct. */
  start: number;
  /** Offset just after the last character of the construct. */
  end: number;
}

/** How an identifier was quoted in the source: `"x"`, `[x]`, `` `x` ``, `'x'` (string used as a name), or bare. */
export type IdQuote = '"' | "[" | "`" | "'" | null;

/** An identifier (table, column, schema, collation, function, alias, …). */
export interface Name {
  /** The identifier's text with quotes removed and doubled quote characters collapsed. */
  name: string;
  /** How the identifier was quoted in the source. */
  quoted: IdQuote;
  /** Where it appeared. */
  span: Span;
}

/** A conflict-resolution algorithm (`ON CONFLICT …`, `INSERT OR …`). */
export type ConflictAction = "ROLLBACK" | "ABORT" | "FAIL" | "IGNORE" | "REPLACE";

/** Sort direction of an ORDER BY / index term; `null` when not written. */
export type SortDirection = "ASC" | "DESC" | null;

/** `NULLS FIRST` / `NULLS LAST`; `null` when not written. */
export type NullsOrder = "FIRST" | "LAST" | null;

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/** An integer literal token (decimal or hex, possibly with `_` separators), exactly as written. */
export interface IntegerLiteral {
  kind: "integer";
  /** The exact source token, e.g. `42`, `0x1F`, `1_000`. */
  text: string;
  span: Span;
}

/** A real literal token (has `.` or an exponent), exactly as written. */
export interface RealLiteral {
  kind: "real";
  /** The exact source token, e.g. `1.5`, `.5`, `1e10`, `1_0.2_5`. */
  text: string;
  span: Span;
}

/** A string literal `'…'`. */
export interface StringLiteral {
  kind: "string";
  /** The dequoted value (`''` collapsed to `'`). */
  value: string;
  span: Span;
}

/** A blob literal `X'…'`. */
export interface BlobLiteral {
  kind: "blob";
  /** The hex digits between the quotes, as written (even length, all hex). */
  hex: string;
  span: Span;
}

/** The `NULL` literal. */
export interface NullLiteral {
  kind: "null";
  span: Span;
}

/** `TRUE`/`FALSE` — only produced for `DEFAULT TRUE` / `DEFAULT FALSE` in a column definition. */
export interface BoolLiteral {
  kind: "bool";
  value: boolean;
  span: Span;
}

/** `CURRENT_TIME`, `CURRENT_DATE` or `CURRENT_TIMESTAMP`. */
export interface CurrentTimeLiteral {
  kind: "current";
  /** Which keyword was written. */
  keyword: "CURRENT_TIME" | "CURRENT_DATE" | "CURRENT_TIMESTAMP";
  span: Span;
}

/** A column reference `col`, `tbl.col` or `schema.tbl.col` (also bare `TRUE`/`FALSE`). */
export interface ColumnRef {
  kind: "column";
  schema: Name | null;
  table: Name | null;
  column: Name;
  span: Span;
}

/**
 * A bound parameter: `?`, `?NNN`, `:name`, `@name`, `$name`.
 * `index` is assigned exactly as SQLite does: `?` = previous max + 1; `?NNN` = NNN; a named
 * parameter takes the next index at its first occurrence and reuses it afterwards.
 */
export interface Parameter {
  kind: "param";
  /** The exact token, e.g. `?`, `?3`, `:a`, `$x::y(z)`. */
  token: string;
  /** 1-based parameter index. */
  index: number;
  /** The parameter's name as sqlite3_bind_parameter_name reports it (`null` for a bare `?`). */
  name: string | null;
  span: Span;
}

/** Prefix operators. */
export type UnaryOp = "-" | "+" | "~" | "NOT";

/** `-x`, `+x`, `~x`, `NOT x`. */
export interface UnaryExpr {
  kind: "unary";
  op: UnaryOp;
  operand: Expr;
  span: Span;
}

/** Infix operators kept as `binary` nodes (after the normalisations in the module comment). */
export type BinaryOp =
  | "OR"
  | "AND"
  | "="
  | "!="
  | "IS"
  | "IS NOT"
  | "<"
  | "<="
  | ">"
  | ">="
  | "&"
  | "|"
  | "<<"
  | ">>"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "||"
  | "->"
  | "->>";

/** `left op right`. */
export interface BinaryExpr {
  kind: "binary";
  op: BinaryOp;
  left: Expr;
  right: Expr;
  span: Span;
}

/** `x [NOT] LIKE|GLOB|REGEXP|MATCH y [ESCAPE z]`. */
export interface LikeExpr {
  kind: "like";
  op: "LIKE" | "GLOB" | "REGEXP" | "MATCH";
  not: boolean;
  left: Expr;
  right: Expr;
  escape: Expr | null;
  span: Span;
}

/** `x ISNULL`, `x IS NULL` (not=false); `x NOTNULL`, `x NOT NULL`, `x IS NOT NULL` (not=true). */
export interface IsNullExpr {
  kind: "isNull";
  not: boolean;
  operand: Expr;
  span: Span;
}

/** `x [NOT] BETWEEN low AND high`. */
export interface BetweenExpr {
  kind: "between";
  not: boolean;
  operand: Expr;
  low: Expr;
  high: Expr;
  span: Span;
}

/** The right-hand side of IN. */
export type InSource =
  | { kind: "list"; items: Expr[] }
  | { kind: "select"; select: SelectStmt }
  | { kind: "table"; schema: Name | null; name: Name; args: Expr[] | null };

/** `x [NOT] IN (…)`, `x [NOT] IN (SELECT …)`, `x [NOT] IN tbl`, `x [NOT] IN func(args)`. */
export interface InExpr {
  kind: "in";
  not: boolean;
  operand: Expr;
  source: InSource;
  span: Span;
}

/** One `WHEN … THEN …` arm. */
export interface CaseWhen {
  when: Expr;
  then: Expr;
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END`. */
export interface CaseExpr {
  kind: "case";
  operand: Expr | null;
  whens: CaseWhen[];
  else: Expr | null;
  span: Span;
}

/** A column or CAST type name: `VARCHAR(10)`, `DOUBLE PRECISION`, `DECIMAL(10, -2)`. */
export interface TypeName {
  /** The type's words, each dequoted, in order (`["DOUBLE", "PRECISION"]`). */
  names: string[];
  /** The signed-number arguments as written (`["10", "-2"]`), empty when none. */
  args: string[];
  /**
   * The type text as SQLite records it (declared type for PRAGMA table_info and affinity):
   * the source text from the first word to the closing parenthesis, as written.
   */
  text: string;
  span: Span;
}

/** `CAST(x AS type)`. */
export interface CastExpr {
  kind: "cast";
  operand: Expr;
  type: TypeName;
  span: Span;
}

/** `x COLLATE name`. */
export interface CollateExpr {
  kind: "collate";
  operand: Expr;
  collation: Name;
  span: Span;
}

/** `EXISTS (SELECT …)` (`NOT EXISTS` is a `unary` NOT over this). */
export interface ExistsExpr {
  kind: "exists";
  select: SelectStmt;
  span: Span;
}

/** A scalar subquery `(SELECT …)`. */
export interface SubqueryExpr {
  kind: "subquery";
  select: SelectStmt;
  span: Span;
}

/** A row value `(a, b, …)` with two or more terms. */
export interface VectorExpr {
  kind: "vector";
  items: Expr[];
  span: Span;
}

/** `RAISE(IGNORE)` or `RAISE(ROLLBACK|ABORT|FAIL, message)`. */
export interface RaiseExpr {
  kind: "raise";
  action: "IGNORE" | "ROLLBACK" | "ABORT" | "FAIL";
  /** The message expression (`null` for IGNORE). */
  message: Expr | null;
  span: Span;
}

/** A reference to a named window: `OVER w`. */
export interface WindowRef {
  kind: "windowRef";
  name: Name;
  span: Span;
}

/** A function call `f(args)`, `f(*)`, `f(DISTINCT x)`, `f(x ORDER BY y)`, with FILTER / OVER. */
export interface FunctionCall {
  kind: "call";
  name: Name;
  distinct: boolean;
  /** `f(*)`; then `args` is empty. */
  star: boolean;
  args: Expr[];
  /** ORDER BY inside the argument list (`group_concat(x ORDER BY y)`), or null. */
  orderBy: OrderingTerm[] | null;
  /** `FILTER (WHERE …)`, or null. */
  filter: Expr | null;
  /** `OVER name` or `OVER (…)`, or null. */
  over: WindowRef | WindowSpec | null;
  span: Span;
}

/** Any SQL expression. */
export type Expr =
  | IntegerLiteral
  | RealLiteral
  | StringLiteral
  | BlobLiteral
  | NullLiteral
  | BoolLiteral
  | CurrentTimeLiteral
  | ColumnRef
  | Parameter
  | UnaryExpr
  | BinaryExpr
  | LikeExpr
  | IsNullExpr
  | BetweenExpr
  | InExpr
  | CaseExpr
  | CastExpr
  | CollateExpr
  | ExistsExpr
  | SubqueryExpr
  | VectorExpr
  | RaiseExpr
  | FunctionCall;

// ---------------------------------------------------------------------------------------------
// SELECT
// ---------------------------------------------------------------------------------------------

/** One ORDER BY term (also used for index columns, PRIMARY KEY/UNIQUE columns, upsert targets). */
export interface OrderingTerm {
  expr: Expr;
  direction: SortDirection;
  nulls: NullsOrder;
  span: Span;
}

/** `LIMIT limit [OFFSET offset]` (`LIMIT a, b` is stored as limit=b, offset=a). */
export interface LimitClause {
  limit: Expr;
  offset: Expr | null;
  /** Written `LIMIT offset, limit` (kept so printing preserves the order of `?` parameters). */
  comma?: boolean;
  span: Span;
}

/** One frame boundary of a window frame. */
export type FrameBound =
  | { kind: "unboundedPreceding" }
  | { kind: "preceding"; expr: Expr }
  | { kind: "currentRow" }
  | { kind: "following"; expr: Expr }
  | { kind: "unboundedFollowing" };

/** A window frame `ROWS|RANGE|GROUPS BETWEEN … AND … [EXCLUDE …]`. */
export interface WindowFrame {
  units: "ROWS" | "RANGE" | "GROUPS";
  start: FrameBound;
  /** The end bound; `null` when written without BETWEEN (then it is CURRENT ROW). */
  end: FrameBound | null;
  exclude: "NO OTHERS" | "CURRENT ROW" | "GROUP" | "TIES" | null;
  span: Span;
}

/** A window specification `([base] [PARTITION BY …] [ORDER BY …] [frame])`. */
export interface WindowSpec {
  kind: "windowSpec";
  /** The base window name `OVER (w ORDER BY …)`, or null. */
  base: Name | null;
  partitionBy: Expr[] | null;
  orderBy: OrderingTerm[] | null;
  frame: WindowFrame | null;
  span: Span;
}

/** `WINDOW name AS (spec)`. */
export interface WindowDef {
  name: Name;
  spec: WindowSpec;
  span: Span;
}

/**
 * One result column: `*`, `tbl.*`, or `expr [[AS] alias]`. For an unaliased expression the
 * span is the text SQLite names the column by: from the expression to the next token, trailing
 * whitespace trimmed: a comment between the expression and the next token is part of the
 * name, as in SQLite.
 */
export type ResultColumn =
  | { kind: "star"; span: Span }
  | { kind: "tableStar"; table: Name; span: Span }
  | { kind: "expr"; expr: Expr; alias: Name | null; span: Span };

/** `INDEXED BY name` / `NOT INDEXED` on a table reference. */
export type IndexHint = { kind: "indexedBy"; index: Name } | { kind: "notIndexed" };

/** A named table in FROM (or the target of UPDATE/DELETE). */
export interface TableRef {
  kind: "table";
  schema: Name | null;
  name: Name;
  alias: Name | null;
  indexHint: IndexHint | null;
  span: Span;
}

/** A table-valued function in FROM: `schema.func(args) [AS alias]`. */
export interface TableFunctionRef {
  kind: "function";
  schema: Name | null;
  name: Name;
  args: Expr[];
  alias: Name | null;
  span: Span;
}

/** A subquery in FROM: `(SELECT …) [AS alias]`. */
export interface SubqueryRef {
  kind: "subquery";
  select: SelectStmt;
  alias: Name | null;
  span: Span;
}

/** A parenthesised join in FROM: `(a JOIN b ON …) [AS alias]`. */
export interface JoinRef {
  kind: "join";
  join: JoinClause;
  alias: Name | null;
  span: Span;
}

/** Anything that can appear between join operators in FROM. */
export type TableSource = TableRef | TableFunctionRef | SubqueryRef | JoinRef;

/**
 * A join operator after validation by SQLite's sqlite3JoinType rules.
 * `kind`: `comma` for `,`; `inner` for `JOIN` / `INNER JOIN`; `cross`; `left` (`LEFT [OUTER]`);
 * `right` (`RIGHT [OUTER]`); `full` (`FULL [OUTER]`).
 */
export interface JoinOperator {
  kind: "comma" | "inner" | "cross" | "left" | "right" | "full";
  natural: boolean;
}

/** One joined source after the first: `op source [ON expr | USING (cols)]`. */
export interface JoinTerm {
  op: JoinOperator;
  source: TableSource;
  on: Expr | null;
  using: Name[] | null;
  span: Span;
}

/** A FROM clause: the first source and the joins that follow it, left to right. */
export interface JoinClause {
  first: TableSource;
  joins: JoinTerm[];
  span: Span;
}

/** `SELECT [DISTINCT|ALL] cols [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …]`. */
export interface SelectCore {
  kind: "core";
  distinct: "DISTINCT" | "ALL" | null;
  columns: ResultColumn[];
  from: JoinClause | null;
  where: Expr | null;
  groupBy: Expr[] | null;
  having: Expr | null;
  windows: WindowDef[] | null;
  span: Span;
}

/** `VALUES (…), (…)` (every row has the same number of terms). */
export interface ValuesCore {
  kind: "values";
  rows: Expr[][];
  span: Span;
}

/** A compound operator. */
export type CompoundOp = "UNION" | "UNION ALL" | "INTERSECT" | "EXCEPT";

/** One `op core` after the first core of a compound SELECT. */
export interface CompoundTerm {
  op: CompoundOp;
  select: SelectCore | ValuesCore;
}

/** One common table expression `name [(cols)] AS [[NOT] MATERIALIZED] (select)`. */
export interface CommonTableExpr {
  name: Name;
  columns: Name[] | null;
  materialized: "MATERIALIZED" | "NOT MATERIALIZED" | null;
  select: SelectStmt;
  span: Span;
}

/** `WITH [RECURSIVE] cte, …`. */
export interface WithClause {
  recursive: boolean;
  ctes: CommonTableExpr[];
  span: Span;
}

/** A full SELECT: optional WITH, a core, compound terms, ORDER BY and LIMIT for the whole. */
export interface SelectStmt {
  kind: "select";
  with: WithClause | null;
  first: SelectCore | ValuesCore;
  compounds: CompoundTerm[];
  orderBy: OrderingTerm[] | null;
  limit: LimitClause | null;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// INSERT / UPDATE / DELETE
// ---------------------------------------------------------------------------------------------

/** `col = expr` or `(c1, c2) = expr` in UPDATE / upsert. */
export interface SetClause {
  /** One column, or several for the row-value form. */
  columns: Name[];
  /** True when written with parentheses `(c1, …) = …`. */
  parenthesized: boolean;
  value: Expr;
  span: Span;
}

/** One `ON CONFLICT [(target) [WHERE …]] DO NOTHING | DO UPDATE SET … [WHERE …]`. */
export interface UpsertClause {
  /** Conflict target columns, or null when omitted. */
  target: OrderingTerm[] | null;
  targetWhere: Expr | null;
  action: { kind: "nothing" } | { kind: "update"; sets: SetClause[]; where: Expr | null };
  span: Span;
}

/** `INSERT`/`REPLACE` statement. */
export interface InsertStmt {
  kind: "insert";
  with: WithClause | null;
  /** `REPLACE` was written as the verb (same as `INSERT OR REPLACE`). */
  verb: "INSERT" | "REPLACE";
  /** `INSERT OR <action>`, or null. */
  or: ConflictAction | null;
  schema: Name | null;
  table: Name;
  alias: Name | null;
  columns: Name[] | null;
  /** A SELECT/VALUES source, or DEFAULT VALUES. */
  source: { kind: "select"; select: SelectStmt } | { kind: "defaultValues" };
  upsert: UpsertClause[];
  returning: ResultColumn[] | null;
  span: Span;
}

/** `UPDATE` statement. */
export interface UpdateStmt {
  kind: "update";
  with: WithClause | null;
  or: ConflictAction | null;
  table: TableRef;
  sets: SetClause[];
  from: JoinClause | null;
  where: Expr | null;
  returning: ResultColumn[] | null;
  /** Only with `ParseOptions.updateDeleteLimit` (else always null). */
  orderBy: OrderingTerm[] | null;
  /** Only with `ParseOptions.updateDeleteLimit` (else always null). */
  limit: LimitClause | null;
  span: Span;
}

/** `DELETE` statement. */
export interface DeleteStmt {
  kind: "delete";
  with: WithClause | null;
  table: TableRef;
  where: Expr | null;
  returning: ResultColumn[] | null;
  /**
   * Only with `ParseOptions.updateDeleteLimit` (else always null). SQLite reports
   * "ORDER BY without LIMIT on DELETE" (resp. UPDATE) after resolving the table: the planner's.
   */
  orderBy: OrderingTerm[] | null;
  /** Only with `ParseOptions.updateDeleteLimit` (else always null). */
  limit: LimitClause | null;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// CREATE TABLE
// ---------------------------------------------------------------------------------------------

/** `REFERENCES tbl [(cols)] [ON DELETE|UPDATE action] [MATCH name] [[NOT] DEFERRABLE …]`. */
export interface ForeignKeyClause {
  table: Name;
  columns: Name[] | null;
  onDelete: ForeignKeyAction | null;
  onUpdate: ForeignKeyAction | null;
  /** `MATCH name` terms, in order (parsed and ignored by SQLite). */
  match: Name[];
  /** `[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`, or null. */
  deferrable: { not: boolean; initially: "DEFERRED" | "IMMEDIATE" | null } | null;
  span: Span;
}

/** A foreign-key action. */
export type ForeignKeyAction = "SET NULL" | "SET DEFAULT" | "CASCADE" | "RESTRICT" | "NO ACTION";

/** The body of one column constraint. */
export type ColumnConstraintBody =
  | {
    kind: "primaryKey";
    direction: SortDirection;
    conflict: ConflictAction | null;
    autoincrement: boolean;
  }
  | { kind: "notNull"; conflict: ConflictAction | null }
  | { kind: "null"; conflict: ConflictAction | null }
  | { kind: "unique"; conflict: ConflictAction | null }
  | { kind: "check"; expr: Expr }
  /** `DEFAULT value`; the value's span covers the source text SQLite records. */
  | { kind: "default"; value: Expr }
  | { kind: "collate"; collation: Name }
  | { kind: "references"; fk: ForeignKeyClause }
  /** A `[NOT] DEFERRABLE …` that does not directly follow this column's REFERENCES. */
  | { kind: "deferrable"; deferrable: NonNullable<ForeignKeyClause["deferrable"]> }
  | { kind: "generated"; expr: Expr; storage: "STORED" | "VIRTUAL" | null; always: boolean };

/** `[CONSTRAINT name] body`. */
export interface ColumnConstraint {
  name: Name | null;
  body: ColumnConstraintBody;
  span: Span;
}

/** One column definition `name [type] [constraints]`. */
export interface ColumnDef {
  name: Name;
  type: TypeName | null;
  constraints: ColumnConstraint[];
  span: Span;
}

/** The body of one table constraint. */
export type TableConstraintBody =
  | {
    kind: "primaryKey";
    columns: OrderingTerm[];
    autoincrement: boolean;
    conflict: ConflictAction | null;
  }
  | { kind: "unique"; columns: OrderingTerm[]; conflict: ConflictAction | null }
  | { kind: "check"; expr: Expr; conflict: ConflictAction | null }
  | { kind: "foreignKey"; columns: Name[]; fk: ForeignKeyClause };

/** `[CONSTRAINT name] body` at table level. */
export interface TableConstraint {
  name: Name | null;
  body: TableConstraintBody;
  span: Span;
}

/** `CREATE [TEMP] TABLE [IF NOT EXISTS] [schema.]name (…) [options]` or `… AS SELECT`. */
export interface CreateTableStmt {
  kind: "createTable";
  temp: boolean;
  ifNotExists: boolean;
  schema: Name | null;
  name: Name;
  definition:
    | {
      kind: "columns";
      columns: ColumnDef[];
      constraints: TableConstraint[];
      withoutRowid: boolean;
      strict: boolean;
    }
    | { kind: "asSelect"; select: SelectStmt };
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Other DDL
// ---------------------------------------------------------------------------------------------

/** `CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON tbl (terms) [WHERE …]`. */
export interface CreateIndexStmt {
  kind: "createIndex";
  unique: boolean;
  ifNotExists: boolean;
  schema: Name | null;
  name: Name;
  table: Name;
  columns: OrderingTerm[];
  where: Expr | null;
  span: Span;
}

/** `CREATE [TEMP] VIEW [IF NOT EXISTS] [schema.]name [(cols)] AS select`. */
export interface CreateViewStmt {
  kind: "createView";
  temp: boolean;
  ifNotExists: boolean;
  schema: Name | null;
  name: Name;
  columns: Name[] | null;
  select: SelectStmt;
  span: Span;
}

/** The triggering event of a trigger. */
export type TriggerEvent =
  | { kind: "delete" }
  | { kind: "insert" }
  | { kind: "update"; columns: Name[] | null };

/** A statement allowed in a trigger body. */
export type TriggerStep = InsertStmt | UpdateStmt | DeleteStmt | SelectStmt;

/** `CREATE [TEMP] TRIGGER … BEGIN steps END`. */
export interface CreateTriggerStmt {
  kind: "createTrigger";
  temp: boolean;
  ifNotExists: boolean;
  schema: Name | null;
  name: Name;
  time: "BEFORE" | "AFTER" | "INSTEAD OF" | null;
  event: TriggerEvent;
  table: Name;
  forEachRow: boolean;
  when: Expr | null;
  body: TriggerStep[];
  span: Span;
}

/** `CREATE VIRTUAL TABLE [IF NOT EXISTS] [schema.]name USING module [(args)]`. */
export interface CreateVirtualTableStmt {
  kind: "createVirtualTable";
  ifNotExists: boolean;
  schema: Name | null;
  name: Name;
  module: Name;
  /** Each module argument's source text (trimmed), or null when no parentheses. */
  args: string[] | null;
  span: Span;
}

/** `DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] [schema.]name`. */
export interface DropStmt {
  kind: "drop";
  object: "TABLE" | "INDEX" | "VIEW" | "TRIGGER";
  ifExists: boolean;
  schema: Name | null;
  name: Name;
  span: Span;
}

/** What an ALTER TABLE does. */
export type AlterAction =
  | { kind: "renameTable"; newName: Name }
  | { kind: "renameColumn"; column: Name; newName: Name }
  | { kind: "addColumn"; column: ColumnDef }
  | { kind: "dropColumn"; column: Name }
  /** `ADD [CONSTRAINT name] CHECK (expr) [ON CONFLICT …]` (SQLite 3.53). */
  | { kind: "addCheck"; name: Name | null; expr: Expr; conflict: ConflictAction | null }
  /** `DROP CONSTRAINT name` (SQLite 3.53). */
  | { kind: "dropConstraint"; name: Name }
  /** `ALTER [COLUMN] col SET NOT NULL [ON CONFLICT …]` (SQLite 3.53). */
  | { kind: "setNotNull"; column: Name; conflict: ConflictAction | null }
  /** `ALTER [COLUMN] col DROP NOT NULL` (SQLite 3.53). */
  | { kind: "dropNotNull"; column: Name };

/** `ALTER TABLE [schema.]tbl action`. */
export interface AlterTableStmt {
  kind: "alterTable";
  schema: Name | null;
  table: Name;
  action: AlterAction;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Transactions, PRAGMA, and the rest
// ---------------------------------------------------------------------------------------------

/** `BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION [name]]`. */
export interface BeginStmt {
  kind: "begin";
  mode: "DEFERRED" | "IMMEDIATE" | "EXCLUSIVE" | null;
  span: Span;
}

/** `COMMIT` / `END [TRANSACTION]`. */
export interface CommitStmt {
  kind: "commit";
  span: Span;
}

/** `ROLLBACK [TRANSACTION] [TO [SAVEPOINT] name]`. */
export interface RollbackStmt {
  kind: "rollback";
  /** The savepoint for ROLLBACK TO, or null for a full rollback. */
  savepoint: Name | null;
  span: Span;
}

/** `SAVEPOINT name`. */
export interface SavepointStmt {
  kind: "savepoint";
  name: Name;
  span: Span;
}

/** `RELEASE [SAVEPOINT] name`. */
export interface ReleaseStmt {
  kind: "release";
  name: Name;
  span: Span;
}

/** The value of a PRAGMA: a (signed) number, a name/keyword (ON, FULL, …), or a string. */
export type PragmaValue =
  | { kind: "number"; text: string; span: Span }
  | { kind: "name"; name: Name; span: Span }
  | { kind: "string"; value: string; span: Span };

/** `PRAGMA [schema.]name [= value | (value)]`. */
export interface PragmaStmt {
  kind: "pragma";
  schema: Name | null;
  name: Name;
  value: PragmaValue | null;
  span: Span;
}

/** `ATTACH [DATABASE] expr AS expr [KEY expr]`. */
export interface AttachStmt {
  kind: "attach";
  file: Expr;
  schema: Expr;
  key: Expr | null;
  span: Span;
}

/** `DETACH [DATABASE] expr`. */
export interface DetachStmt {
  kind: "detach";
  schema: Expr;
  span: Span;
}

/** `VACUUM [schema] [INTO expr]`. */
export interface VacuumStmt {
  kind: "vacuum";
  schema: Name | null;
  into: Expr | null;
  span: Span;
}

/** `ANALYZE [schema | [schema.]name]`. */
export interface AnalyzeStmt {
  kind: "analyze";
  /** The first name (a schema, table or index); null for bare ANALYZE. */
  schema: Name | null;
  /** The name after the dot in `ANALYZE a.b`, or null. */
  name: Name | null;
  span: Span;
}

/** `REINDEX [collation | [schema.]name]`. */
export interface ReindexStmt {
  kind: "reindex";
  /** The first name (a collation, schema, table or index); null for bare REINDEX. */
  schema: Name | null;
  /** The name after the dot in `REINDEX a.b`, or null. */
  name: Name | null;
  span: Span;
}

/** `EXPLAIN [QUERY PLAN] stmt`. */
export interface ExplainStmt {
  kind: "explain";
  queryPlan: boolean;
  stmt: Statement;
  span: Span;
}

/** Any SQL statement. */
export type Statement =
  | SelectStmt
  | InsertStmt
  | UpdateStmt
  | DeleteStmt
  | CreateTableStmt
  | CreateIndexStmt
  | CreateViewStmt
  | CreateTriggerStmt
  | CreateVirtualTableStmt
  | DropStmt
  | AlterTableStmt
  | BeginStmt
  | CommitStmt
  | RollbackStmt
  | SavepointStmt
  | ReleaseStmt
  | PragmaStmt
  | AttachStmt
  | DetachStmt
  | VacuumStmt
  | AnalyzeStmt
  | ReindexStmt
  | ExplainStmt;

/**
 * The bound parameters of one statement, as SQLite numbers them: entry `i - 1` is the name of
 * parameter `i` (`?NNN`, `:a`, `@a`, `$a`, as sqlite3_bind_parameter_name reports), or null for
 * an anonymous `?` or an unused index. `length` is sqlite3_bind_parameter_count.
 */
export type ParameterList = (string | null)[];

/**
 * Compile-time dialect switches of the SQLite build being mirrored. The defaults are stock
 * SQLite's (node:sqlite's build); better-sqlite3 12.x is built with
 * `SQLITE_ENABLE_UPDATE_DELETE_LIMIT` and `SQLITE_OMIT_TCL_VARIABLE`, i.e.
 * `{ updateDeleteLimit: true, tclVariables: false }` (see `BETTER_SQLITE3_DIALECT`).
 */
export interface ParseOptions {
  /** Accept `ORDER BY … LIMIT …` on UPDATE and DELETE (SQLITE_ENABLE_UPDATE_DELETE_LIMIT). */
  updateDeleteLimit?: boolean;
  /** Accept TCL-style `$a::b` / `$a(x)` parameter suffixes (not SQLITE_OMIT_TCL_VARIABLE). */
  tclVariables?: boolean;
}

/** The result of parsing one statement from a string. */
export interface ParsedStatement {
  /** The statement, or null when the remainder was empty / whitespace / comments / bare `;`. */
  stmt: Statement | null;
  /** Offset just after the statement's terminating `;`, or the end of the input. */
  tail: number;
  /** The statement's parameters. */
  params: ParameterList;
}
