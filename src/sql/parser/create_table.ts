/**
 * CREATE TABLE grammar: parse.y's `create_table_args`, `columnlist`/`columnname`/`typetoken`,
 * `carglist`/`ccons` (DEFAULT forms, NULL/NOT NULL, PRIMARY KEY, UNIQUE, CHECK, REFERENCES with
 * `refargs`, `defer_subclause`, COLLATE, generated columns), `conslist`/`tcons` and
 * `table_option_set`; with the errors build.c raises while these rules reduce (duplicate or too
 * many columns, more than one primary key, DEFAULT and generated-column rules, unknown table
 * options), deferred to their look-ahead token as SQLite's parser does.
 * Also the small shared rules `onconf`, `ifnotexists` and `nm dbnm`.
 * Cold: allocation is the AST itself.
 * Must never: consult a schema.
 * @module
 */

import type {
  ColumnConstraint,
  ColumnConstraintBody,
  ColumnDef,
  ConflictAction,
  CreateTableStmt,
  Expr,
  ForeignKeyAction,
  ForeignKeyClause,
  Name,
  TableConstraint,
} from "../ast.ts";
import { parseExpr, parsePrimary, parseSortList, parseTypeToken } from "./expr.ts";
import { parseResolveType } from "./dml.ts";
import { parseEidList, parseSelect } from "./select.ts";
import { dequote, type ParserState } from "./state.ts";

/** `onconf`: `ON CONFLICT resolvetype` or nothing. */
export function parseOnConf(p: ParserState): ConflictAction | null {
  if (p.tok() !== "ON") return null;
  p.advance();
  p.expect("CONFLICT");
  return parseResolveType(p);
}

/** `ifnotexists`. */
export function ifNotExists(p: ParserState): boolean {
  if (p.tok() !== "IF") return false;
  p.advance();
  p.expect("NOT");
  p.expect("EXISTS");
  return true;
}

/** `nm dbnm`: returns [schema, name]. */
export function qualifiedName(p: ParserState): [Name | null, Name] {
  const a = p.nm();
  if (p.tok() === "DOT") {
    p.advance();
    return [a, p.nm()];
  }
  return [null, a];
}

/** Whether an expression is constant for a DEFAULT (sqlite3ExprIsConstantOrFunction). */
function isConstantOrFunction(e: Expr): boolean {
  switch (e.kind) {
    case "integer":
    case "real":
    case "string":
    case "blob":
    case "null":
    case "bool":
    case "current":
      return true;
    case "column": {
      if (e.table !== null) return false;
      const n = e.column.name.toLowerCase();
      return e.column.quoted === null && (n === "true" || n === "false");
    }
    case "param":
    case "subquery":
    case "exists":
    case "raise":
      return false;
    case "unary":
      return isConstantOrFunction(e.operand);
    case "binary":
      return isConstantOrFunction(e.left) && isConstantOrFunction(e.right);
    case "like":
      return isConstantOrFunction(e.left) && isConstantOrFunction(e.right) &&
        (e.escape === null || isConstantOrFunction(e.escape));
    case "isNull":
      return isConstantOrFunction(e.operand);
    case "between":
      return isConstantOrFunction(e.operand) && isConstantOrFunction(e.low) &&
        isConstantOrFunction(e.high);
    case "in":
      return isConstantOrFunction(e.operand) && e.source.kind === "list" &&
        e.source.items.every(isConstantOrFunction);
    case "case":
      return (e.operand === null || isConstantOrFunction(e.operand)) &&
        e.whens.every((w) => isConstantOrFunction(w.when) && isConstantOrFunction(w.then)) &&
        (e.else === null || isConstantOrFunction(e.else));
    case "cast":
    case "collate":
      return isConstantOrFunction(e.operand);
    case "vector":
      return e.items.every(isConstantOrFunction);
    case "call":
      return e.over === null && e.filter === null && e.args.every(isConstantOrFunction);
  }
}

/** `refact`. */
function parseRefAct(p: ParserState): ForeignKeyAction {
  const t = p.tok();
  if (t === "SET") {
    p.advance();
    if (p.tok() === "NULL") {
      p.advance();
      return "SET NULL";
    }
    p.expect("DEFAULT");
    return "SET DEFAULT";
  }
  if (t === "CASCADE") {
    p.advance();
    return "CASCADE";
  }
  if (t === "RESTRICT") {
    p.advance();
    return "RESTRICT";
  }
  if (t === "NO") {
    p.advance();
    p.expect("ACTION");
    return "NO ACTION";
  }
  p.syntaxError();
}

/** `defer_subclause` if present. */
function parseDefer(p: ParserState): ForeignKeyClause["deferrable"] {
  let not = false;
  if (p.tok() === "NOT" && p.peek(1) === "DEFERRABLE") {
    p.advance();
    not = true;
  }
  if (p.tok() !== "DEFERRABLE") return null;
  p.advance();
  let initially: "DEFERRED" | "IMMEDIATE" | null = null;
  if (p.tok() === "INITIALLY") {
    p.advance();
    if (p.tok() === "DEFERRED") initially = "DEFERRED";
    else if (p.tok() === "IMMEDIATE") initially = "IMMEDIATE";
    else p.syntaxError();
    p.advance();
  }
  return { not, initially };
}

/** `REFERENCES nm eidlist_opt refargs` (after REFERENCES). */
function parseReferences(p: ParserState, start: number): ForeignKeyClause {
  const table = p.nm();
  const columns = p.tok() === "LP" ? parseEidList(p) : null;
  let onDelete: ForeignKeyAction | null = null;
  let onUpdate: ForeignKeyAction | null = null;
  const match: Name[] = [];
  for (;;) {
    if (p.tok() === "MATCH") {
      p.advance();
      match.push(p.nm());
    } else if (p.tok() === "ON") {
      p.advance();
      const t = p.tok();
      if (t === "DELETE") {
        p.advance();
        onDelete = parseRefAct(p);
      } else if (t === "UPDATE") {
        p.advance();
        onUpdate = parseRefAct(p);
      } else if (t === "INSERT") {
        p.advance();
        parseRefAct(p);
      } else p.syntaxError();
    } else break;
  }
  return { table, columns, onDelete, onUpdate, match, deferrable: null, span: p.span(start) };
}

/**
 * What CREATE TABLE's parser actions know while columns are added (build.c's pNewTable): for
 * sqlite3AddPrimaryKey / sqlite3AddGenerated / sqlite3AddDefaultValue errors, which SQLite
 * raises as the constraints are parsed.
 */
interface TableContext {
  name: string;
  hasPrimaryKey: boolean;
  /** Lower-cased column name → whether it is generated. */
  generated: Map<string, boolean>;
}

/** SQLITE_MAX_COLUMN. */
const MAX_COLUMN = 2000;

/** ASCII-only lower-casing, as sqlite3StrICmp compares. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** sqlite3AddPrimaryKey's "more than one primary key" check. */
function addPrimaryKey(p: ParserState, ctx: TableContext | null): void {
  if (ctx === null) return;
  if (ctx.hasPrimaryKey) p.deferError(`table "${ctx.name}" has more than one primary key`);
  ctx.hasPrimaryKey = true;
}

/** One column definition `nm typetoken carglist`. */
export function parseColumnDef(p: ParserState, ctx: TableContext | null = null): ColumnDef {
  const start = p.start;
  const name = p.nm();
  const type = parseTypeToken(p);
  const constraints: ColumnConstraint[] = [];
  let cname: Name | null = null;
  let cstart = 0;
  let hasDefault = false;
  let generated = false;
  let primaryKey = false;
  if (ctx !== null) {
    // sqlite3AddColumn runs when the token after the type arrives.
    if (ctx.generated.size + 1 > MAX_COLUMN) p.deferError(`too many columns on ${ctx.name}`);
    const key = asciiLower(name.name);
    if (ctx.generated.has(key)) p.deferError(`duplicate column name: ${name.name}`);
    ctx.generated.set(key, false);
  }
  for (;;) {
    const s = cname ? cstart : p.start;
    const t = p.tok();
    let body: ColumnConstraintBody;
    if (t === "CONSTRAINT") {
      cstart = p.start;
      p.advance();
      cname = p.nm();
      continue;
    } else if (t === "DEFAULT") {
      p.advance();
      body = { kind: "default", value: parseDefaultValue(p, name) };
      if (generated) p.deferError("cannot use DEFAULT on a generated column");
      hasDefault = true;
    } else if (t === "NULL") {
      p.advance();
      body = { kind: "null", conflict: parseOnConf(p) };
    } else if (t === "NOT" && p.peek(1) !== "NULL" && p.peek(1) !== "DEFERRABLE") {
      p.syntaxErrorAt(1);
    } else if (t === "NOT" && p.peek(1) === "NULL") {
      p.advance();
      p.advance();
      body = { kind: "notNull", conflict: parseOnConf(p) };
    } else if (t === "PRIMARY") {
      p.advance();
      p.expect("KEY");
      let direction: "ASC" | "DESC" | null = null;
      if (p.tok() === "ASC" || p.tok() === "DESC") {
        direction = p.tok() as "ASC" | "DESC";
        p.advance();
      }
      const conflict = parseOnConf(p);
      let autoincrement = false;
      if (p.tok() === "AUTOINCR") {
        p.advance();
        autoincrement = true;
      }
      body = { kind: "primaryKey", direction, conflict, autoincrement };
      addPrimaryKey(p, ctx);
      primaryKey = true;
      if (generated) p.deferError("generated columns cannot be part of the PRIMARY KEY");
    } else if (t === "UNIQUE") {
      p.advance();
      body = { kind: "unique", conflict: parseOnConf(p) };
    } else if (t === "CHECK") {
      p.advance();
      p.expect("LP");
      p.push(6);
      const expr = parseExpr(p);
      p.pop(6);
      p.expect("RP");
      body = { kind: "check", expr };
    } else if (t === "REFERENCES") {
      const rs = p.start;
      p.advance();
      body = { kind: "references", fk: parseReferences(p, rs) };
    } else if (t === "DEFERRABLE" || (t === "NOT" && p.peek(1) === "DEFERRABLE")) {
      const d = parseDefer(p);
      const prev = constraints[constraints.length - 1];
      if (prev && prev.body.kind === "references" && prev.body.fk.deferrable === null && !cname) {
        prev.body.fk.deferrable = d;
        prev.body.fk.span = { start: prev.body.fk.span.start, end: p.prevEnd };
        prev.span = { start: prev.span.start, end: p.prevEnd };
        continue;
      }
      body = { kind: "deferrable", deferrable: d! };
    } else if (t === "COLLATE") {
      p.advance();
      body = { kind: "collate", collation: p.ids() };
    } else if (t === "GENERATED" || t === "AS") {
      // After the type, GENERATED can only start `GENERATED ALWAYS AS (…)`.
      let always = false;
      if (t === "GENERATED") {
        p.advance();
        p.expect("ALWAYS");
        always = true;
      }
      p.expect("AS");
      p.expect("LP");
      const held = always ? 8 : 6; // create_table LP columnname carglist [GENERATED ALWAYS] AS LP
      p.push(held);
      const expr = parseExpr(p);
      p.pop(held);
      p.expect("RP");
      let storage: "STORED" | "VIRTUAL" | null = null;
      let typeWord: string | null = null;
      if (p.tok() !== "INDEXED" && p.isId()) {
        typeWord = p.text().toLowerCase();
        p.advance();
      }
      // sqlite3AddGenerated: a column that already has a DEFAULT (or generated expression)
      // cannot be generated; the storage word must be STORED or VIRTUAL.
      if (hasDefault) p.deferError(`error in generated column "${name.name}"`);
      if (typeWord === "stored") storage = "STORED";
      else if (typeWord === "virtual") storage = "VIRTUAL";
      else if (typeWord !== null) p.deferError(`error in generated column "${name.name}"`);
      if (primaryKey) p.deferError("generated columns cannot be part of the PRIMARY KEY");
      generated = true;
      hasDefault = true;
      ctx?.generated.set(asciiLower(name.name), true);
      body = { kind: "generated", expr, storage, always };
    } else break;
    constraints.push({ name: cname, body, span: p.span(s) });
    cname = null;
  }
  return { name, type, constraints, span: p.span(start) };
}

/** The value after DEFAULT: `term`, `(expr)`, `+term`, `-term`, or an identifier. */
function parseDefaultValue(p: ParserState, column: Name): Expr {
  const start = p.start;
  const t = p.tok();
  let value: Expr;
  if (t === "LP") {
    p.advance();
    p.push(6);
    value = parseExpr(p);
    p.pop(6);
    p.expect("RP");
  } else if (t === "PLUS" || t === "MINUS") {
    p.advance();
    const term = parseTerm(p);
    value = t === "PLUS"
      ? { ...term, span: p.span(start) }
      : { kind: "unary", op: "-", operand: term, span: p.span(start) };
  } else if (p.isId() && t !== "CTIME_KW") {
    const s = p.starts[p.i];
    const e = p.ends[p.i];
    p.advance();
    const c = p.sql.charCodeAt(s);
    const text = c === 34 || c === 96 || c === 39
      ? dequote(p.sql, s, e)
      : c === 91
      ? p.sql.slice(s + 1, e - 1)
      : p.sql.slice(s, e);
    const lower = text.toLowerCase();
    value = lower === "true" || lower === "false"
      ? { kind: "bool", value: lower === "true", span: p.span(start) }
      : { kind: "string", value: text, span: p.span(start) };
  } else {
    value = parseTerm(p);
  }
  if (!isConstantOrFunction(value)) {
    p.deferError(`default value of column [${column.name}] is not constant`);
  }
  return value;
}

/** `term`: NULL, a number, a string, a blob or CURRENT_*. */
function parseTerm(p: ParserState): Expr {
  const t = p.tok();
  if (
    t === "NULL" || t === "INTEGER" || t === "FLOAT" || t === "QNUMBER" || t === "STRING" ||
    t === "BLOB" || t === "CTIME_KW"
  ) {
    if (t === "STRING" && p.peek(1) === "DOT") {
      // term excludes nm.nm: a STRING here is always a literal.
      const start = p.start;
      p.advance();
      return { kind: "string", value: dequote(p.sql, start, p.prevEnd), span: p.span(start) };
    }
    return parseExpr1(p);
  }
  p.syntaxError();
}

/** Parse one primary term via the expression parser, without operators. */
function parseExpr1(p: ParserState): Expr {
  if (p.tok() === "QNUMBER") return parsePrimary(p);
  const start = p.start;
  const t = p.tok();
  const text = p.text();
  p.advance();
  const span = p.span(start);
  switch (t) {
    case "NULL":
      return { kind: "null", span };
    case "INTEGER":
      return { kind: "integer", text, span };
    case "FLOAT":
      return { kind: "real", text, span };
    case "STRING":
      return { kind: "string", value: dequote(p.sql, start, p.prevEnd), span };
    case "BLOB":
      return { kind: "blob", hex: text.slice(2, -1), span };
    default:
      return {
        kind: "current",
        keyword: text.toUpperCase() as "CURRENT_TIME" | "CURRENT_DATE" | "CURRENT_TIMESTAMP",
        span,
      };
  }
}

/** CREATE TABLE after `CREATE [TEMP] TABLE`. */
export function parseCreateTable(p: ParserState, temp: boolean, start: number): CreateTableStmt {
  const ine = ifNotExists(p);
  const [schema, name] = qualifiedName(p);
  if (p.tok() === "AS") {
    p.advance();
    p.push(2); // create_table AS
    const select = parseSelect(p);
    p.pop(2);
    return {
      kind: "createTable",
      temp,
      ifNotExists: ine,
      schema,
      name,
      definition: { kind: "asSelect", select },
      span: p.span(start),
    };
  }
  p.expect("LP");
  const columns: ColumnDef[] = [];
  const constraints: TableConstraint[] = [];
  const ctx: TableContext = { name: name.name, hasPrimaryKey: false, generated: new Map() };
  columns.push(parseColumnDef(p, ctx));
  while (p.tok() === "COMMA") {
    p.advance();
    const t = p.tok();
    if (
      t === "CONSTRAINT" || t === "PRIMARY" || t === "UNIQUE" || t === "CHECK" ||
      t === "FOREIGN"
    ) {
      parseTableConstraints(p, constraints, ctx);
      break;
    }
    columns.push(parseColumnDef(p, ctx));
  }
  p.expect("RP");
  let withoutRowid = false;
  let strict = false;
  if (p.tok() === "WITHOUT" || p.isNm() || p.tok() === "COMMA") {
    if (p.tok() === "COMMA") p.advance();
    for (;;) {
      if (p.tok() === "WITHOUT") {
        p.advance();
        const n = p.nm();
        const raw = p.sql.slice(n.span.start, n.span.end);
        if (raw.toLowerCase() === "rowid") withoutRowid = true;
        else p.deferError(`unknown table option: ${raw}`);
      } else {
        const n = p.nm();
        const raw = p.sql.slice(n.span.start, n.span.end);
        if (raw.toLowerCase() === "strict") strict = true;
        else p.deferError(`unknown table option: ${raw}`);
      }
      if (p.tok() !== "COMMA") break;
      p.advance();
    }
  }
  return {
    kind: "createTable",
    temp,
    ifNotExists: ine,
    schema,
    name,
    definition: { kind: "columns", columns, constraints, withoutRowid, strict },
    span: p.span(start),
  };
}

/** `conslist`: table constraints, optionally comma-separated. */
function parseTableConstraints(p: ParserState, out: TableConstraint[], ctx: TableContext): void {
  let cname: Name | null = null;
  let cstart = 0;
  for (;;) {
    const t = p.tok();
    const s = cname ? cstart : p.start;
    if (t === "CONSTRAINT") {
      cstart = p.start;
      p.advance();
      cname = p.nm();
    } else if (t === "PRIMARY") {
      p.advance();
      p.expect("KEY");
      p.expect("LP");
      p.push(7); // create_table LP columnlist COMMA PRIMARY KEY LP
      const columns = parseSortList(p);
      p.pop(7);
      let autoincrement = false;
      if (p.tok() === "AUTOINCR") {
        p.advance();
        autoincrement = true;
      }
      p.expect("RP");
      const conflict = parseOnConf(p);
      addPrimaryKey(p, ctx);
      for (const c of columns) {
        let e = c.expr;
        while (e.kind === "collate") e = e.operand;
        if (
          e.kind === "column" && e.table === null && ctx.generated.get(asciiLower(e.column.name))
        ) {
          p.deferError("generated columns cannot be part of the PRIMARY KEY");
        }
      }
      out.push({
        name: cname,
        body: { kind: "primaryKey", columns, autoincrement, conflict },
        span: p.span(s),
      });
      cname = null;
    } else if (t === "UNIQUE") {
      p.advance();
      p.expect("LP");
      p.push(6); // create_table LP columnlist COMMA UNIQUE LP
      const columns = parseSortList(p);
      p.pop(6);
      p.expect("RP");
      const conflict = parseOnConf(p);
      out.push({ name: cname, body: { kind: "unique", columns, conflict }, span: p.span(s) });
      cname = null;
    } else if (t === "CHECK") {
      p.advance();
      p.expect("LP");
      p.push(6); // create_table LP columnlist COMMA CHECK LP
      const expr = parseExpr(p);
      p.pop(6);
      p.expect("RP");
      const conflict = parseOnConf(p);
      out.push({ name: cname, body: { kind: "check", expr, conflict }, span: p.span(s) });
      cname = null;
    } else if (t === "FOREIGN") {
      p.advance();
      p.expect("KEY");
      const columns = parseEidList(p);
      const rs = p.start;
      p.expect("REFERENCES");
      const fk = parseReferences(p, rs);
      // defer_subclause_opt: NOT can only start NOT DEFERRABLE here.
      if (p.tok() === "NOT" && p.peek(1) !== "DEFERRABLE") p.syntaxErrorAt(1);
      fk.deferrable = parseDefer(p);
      fk.span = p.span(rs);
      out.push({ name: cname, body: { kind: "foreignKey", columns, fk }, span: p.span(s) });
      cname = null;
    } else {
      p.syntaxError();
    }
    if (p.tok() === "COMMA") {
      p.advance();
      cname = null;
      continue;
    }
    const n = p.tok();
    if (
      n !== "CONSTRAINT" && n !== "PRIMARY" && n !== "UNIQUE" && n !== "CHECK" && n !== "FOREIGN"
    ) break;
  }
}
