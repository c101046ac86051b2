/**
 * Statement printer: renders every `Statement` kind back to SQL that parses to the same AST
 * (spans aside). Used by the engine to rewrite schema SQL and by the round-trip tests.
 * Cold.
 * Must never: emit SQL whose parse differs from the input AST.
 * @module
 */

import type {
  ColumnConstraint,
  ColumnDef,
  ConflictAction,
  Expr,
  ForeignKeyClause,
  JoinClause,
  LimitClause,
  Name,
  OrderingTerm,
  ResultColumn,
  SelectCore,
  SelectStmt,
  SetClause,
  Statement,
  TableConstraint,
  TableSource,
  ValuesCore,
  WithClause,
} from "../ast.ts";
import {
  printExpr,
  printExprList,
  printName,
  printSortList,
  printType,
  printWindowSpec,
} from "./expr.ts";

function qualified(schema: Name | null, name: Name): string {
  return (schema ? printName(schema) + "." : "") + printName(name);
}

function printWith(w: WithClause): string {
  return "WITH " + (w.recursive ? "RECURSIVE " : "") + w.ctes.map((c) => {
    let s = printName(c.name);
    if (c.columns) s += "(" + c.columns.map(printName).join(", ") + ")";
    s += " AS ";
    if (c.materialized) s += c.materialized + " ";
    return s + "(" + printSelect(c.select) + ")";
  }).join(", ") + " ";
}

function printResultColumns(cols: ResultColumn[]): string {
  return cols.map((c) => {
    if (c.kind === "star") return "*";
    if (c.kind === "tableStar") return printName(c.table) + ".*";
    return printExpr(c.expr) + (c.alias ? " AS " + printName(c.alias) : "");
  }).join(", ");
}

function printSource(s: TableSource): string {
  let out: string;
  switch (s.kind) {
    case "table":
      out = qualified(s.schema, s.name);
      if (s.alias) out += " AS " + printName(s.alias);
      if (s.indexHint) {
        out += s.indexHint.kind === "notIndexed"
          ? " NOT INDEXED"
          : " INDEXED BY " + printName(s.indexHint.index);
      }
      return out;
    case "function":
      out = qualified(s.schema, s.name) + "(" + printExprList(s.args) + ")";
      break;
    case "subquery":
      out = "(" + printSelect(s.select) + ")";
      break;
    case "join":
      out = "(" + printJoin(s.join) + ")";
      break;
  }
  if (s.alias) out += " AS " + printName(s.alias);
  return out;
}

function printJoin(j: JoinClause): string {
  let s = printSource(j.first);
  for (const t of j.joins) {
    if (t.op.kind === "comma") s += ", ";
    else {
      s += " ";
      if (t.op.natural) s += "NATURAL ";
      switch (t.op.kind) {
        case "left":
          s += "LEFT ";
          break;
        case "right":
          s += "RIGHT ";
          break;
        case "full":
          s += "FULL ";
          break;
        case "cross":
          s += "CROSS ";
          break;
      }
      s += "JOIN ";
    }
    s += printSource(t.source);
    if (t.on) s += " ON " + printExpr(t.on);
    if (t.using) s += " USING (" + t.using.map(printName).join(", ") + ")";
  }
  return s;
}

function printCore(c: SelectCore | ValuesCore): string {
  if (c.kind === "values") {
    return "VALUES " + c.rows.map((r) => "(" + printExprList(r) + ")").join(", ");
  }
  let s = "SELECT ";
  if (c.distinct) s += c.distinct + " ";
  s += printResultColumns(c.columns);
  if (c.from) s += " FROM " + printJoin(c.from);
  if (c.where) s += " WHERE " + printExpr(c.where);
  if (c.groupBy) s += " GROUP BY " + printExprList(c.groupBy);
  if (c.having) s += " HAVING " + printExpr(c.having);
  if (c.windows) {
    s += " WINDOW " +
      c.windows.map((w) => printName(w.name) + " AS (" + printWindowSpec(w.spec) + ")").join(
        ", ",
      );
  }
  return s;
}

function printLimit(l: LimitClause): string {
  if (l.comma && l.offset) return " LIMIT " + printExpr(l.offset) + ", " + printExpr(l.limit);
  return " LIMIT " + printExpr(l.limit) + (l.offset ? " OFFSET " + printExpr(l.offset) : "");
}

/** Render a SELECT statement. */
export function printSelect(s: SelectStmt): string {
  let out = s.with ? printWith(s.with) : "";
  out += printCore(s.first);
  for (const c of s.compounds) out += " " + c.op + " " + printCore(c.select);
  if (s.orderBy) out += " ORDER BY " + printSortList(s.orderBy);
  if (s.limit) out += printLimit(s.limit);
  return out;
}

function printSets(sets: SetClause[]): string {
  return sets.map((c) =>
    (c.parenthesized ? "(" + c.columns.map(printName).join(", ") + ")" : printName(c.columns[0])) +
    " = " + printExpr(c.value)
  ).join(", ");
}

function conflict(c: ConflictAction | null): string {
  return c ? " ON CONFLICT " + c : "";
}

function printFk(fk: ForeignKeyClause): string {
  let s = "REFERENCES " + printName(fk.table);
  if (fk.columns) s += "(" + fk.columns.map(printName).join(", ") + ")";
  if (fk.onDelete) s += " ON DELETE " + fk.onDelete;
  if (fk.onUpdate) s += " ON UPDATE " + fk.onUpdate;
  for (const m of fk.match) s += " MATCH " + printName(m);
  if (fk.deferrable) s += printDefer(fk.deferrable);
  return s;
}

function printDefer(d: NonNullable<ForeignKeyClause["deferrable"]>): string {
  return (d.not ? " NOT" : "") + " DEFERRABLE" +
    (d.initially ? " INITIALLY " + d.initially : "");
}

function isTerm(e: Expr): boolean {
  return e.kind === "integer" || e.kind === "real" || e.kind === "string" || e.kind === "blob" ||
    e.kind === "null" || e.kind === "current" || e.kind === "bool";
}

function printDefault(e: Expr): string {
  if (isTerm(e)) return printExpr(e);
  if (e.kind === "unary" && e.op === "-" && isTerm(e.operand) && e.operand.kind !== "bool") {
    return "-" + printExpr(e.operand);
  }
  return "(" + printExpr(e) + ")";
}

function printColumnConstraint(c: ColumnConstraint): string {
  const b = c.body;
  let s = c.name ? "CONSTRAINT " + printName(c.name) + " " : "";
  switch (b.kind) {
    case "primaryKey":
      s += "PRIMARY KEY" + (b.direction ? " " + b.direction : "") + conflict(b.conflict) +
        (b.autoincrement ? " AUTOINCREMENT" : "");
      break;
    case "notNull":
      s += "NOT NULL" + conflict(b.conflict);
      break;
    case "null":
      s += "NULL" + conflict(b.conflict);
      break;
    case "unique":
      s += "UNIQUE" + conflict(b.conflict);
      break;
    case "check":
      s += "CHECK (" + printExpr(b.expr) + ")";
      break;
    case "default":
      s += "DEFAULT " + printDefault(b.value);
      break;
    case "collate":
      s += "COLLATE " + printName(b.collation);
      break;
    case "references":
      s += printFk(b.fk);
      break;
    case "deferrable":
      s += printDefer(b.deferrable).slice(1);
      break;
    case "generated":
      s += (b.always ? "GENERATED ALWAYS " : "") + "AS (" + printExpr(b.expr) + ")" +
        (b.storage ? " " + b.storage : "");
      break;
  }
  return s;
}

/** Render a column definition (as in CREATE TABLE or ALTER TABLE ADD COLUMN). */
export function printColumnDef(c: ColumnDef): string {
  let s = printName(c.name);
  if (c.type) s += " " + printType(c.type);
  for (const k of c.constraints) s += " " + printColumnConstraint(k);
  return s;
}

function printTableConstraint(c: TableConstraint): string {
  const b = c.body;
  let s = c.name ? "CONSTRAINT " + printName(c.name) + " " : "";
  switch (b.kind) {
    case "primaryKey":
      s += "PRIMARY KEY (" + printSortList(b.columns) + (b.autoincrement ? " AUTOINCREMENT" : "") +
        ")" + conflict(b.conflict);
      break;
    case "unique":
      s += "UNIQUE (" + printSortList(b.columns) + ")" + conflict(b.conflict);
      break;
    case "check":
      s += "CHECK (" + printExpr(b.expr) + ")" + conflict(b.conflict);
      break;
    case "foreignKey":
      s += "FOREIGN KEY (" + b.columns.map(printName).join(", ") + ") " + printFk(b.fk);
      break;
  }
  return s;
}

function orderLimit(o: OrderingTerm[] | null, l: LimitClause | null): string {
  return (o ? " ORDER BY " + printSortList(o) : "") + (l ? printLimit(l) : "");
}

function returning(r: ResultColumn[] | null): string {
  return r ? " RETURNING " + printResultColumns(r) : "";
}

/**
 * Render a statement as SQL; `parse(print(s))` yields `s` again (ignoring spans).
 *
 * @example
 * ```ts
 * import { parse, print } from "../mod.ts";
 * print(parse("select a from t where b=1")[0]); // "SELECT a FROM t WHERE b = 1"
 * ```
 */
export function print(stmt: Statement): string {
  switch (stmt.kind) {
    case "select":
      return printSelect(stmt);
    case "insert": {
      let s = stmt.with ? printWith(stmt.with) : "";
      s += stmt.verb === "REPLACE" ? "REPLACE" : "INSERT" + (stmt.or ? " OR " + stmt.or : "");
      s += " INTO " + qualified(stmt.schema, stmt.table);
      if (stmt.alias) s += " AS " + printName(stmt.alias);
      if (stmt.columns) s += " (" + stmt.columns.map(printName).join(", ") + ")";
      if (stmt.source.kind === "defaultValues") s += " DEFAULT VALUES";
      else {
        const sel = stmt.source.select;
        // A trailing join ON would swallow ON CONFLICT; SQLite's own advice is a WHERE true.
        s += " " + printSelect(sel);
      }
      for (const u of stmt.upsert) {
        s += " ON CONFLICT";
        if (u.target) {
          s += " (" + printSortList(u.target) + ")";
          if (u.targetWhere) s += " WHERE " + printExpr(u.targetWhere);
        }
        s += u.action.kind === "nothing"
          ? " DO NOTHING"
          : " DO UPDATE SET " + printSets(u.action.sets) +
            (u.action.where ? " WHERE " + printExpr(u.action.where) : "");
      }
      return s + returning(stmt.returning);
    }
    case "update": {
      let s = stmt.with ? printWith(stmt.with) : "";
      s += "UPDATE " + (stmt.or ? "OR " + stmt.or + " " : "");
      const t = stmt.table;
      s += qualified(t.schema, t.name) + (t.alias ? " AS " + printName(t.alias) : "");
      if (t.indexHint) {
        s += t.indexHint.kind === "notIndexed"
          ? " NOT INDEXED"
          : " INDEXED BY " + printName(t.indexHint.index);
      }
      s += " SET " + printSets(stmt.sets);
      if (stmt.from) s += " FROM " + printJoin(stmt.from);
      if (stmt.where) s += " WHERE " + printExpr(stmt.where);
      return s + returning(stmt.returning) + orderLimit(stmt.orderBy, stmt.limit);
    }
    case "delete": {
      let s = stmt.with ? printWith(stmt.with) : "";
      const t = stmt.table;
      s += "DELETE FROM " + qualified(t.schema, t.name) +
        (t.alias ? " AS " + printName(t.alias) : "");
      if (t.indexHint) {
        s += t.indexHint.kind === "notIndexed"
          ? " NOT INDEXED"
          : " INDEXED BY " + printName(t.indexHint.index);
      }
      if (stmt.where) s += " WHERE " + printExpr(stmt.where);
      return s + returning(stmt.returning) + orderLimit(stmt.orderBy, stmt.limit);
    }
    case "createTable": {
      let s = "CREATE " + (stmt.temp ? "TEMP " : "") + "TABLE " +
        (stmt.ifNotExists ? "IF NOT EXISTS " : "") + qualified(stmt.schema, stmt.name);
      const d = stmt.definition;
      if (d.kind === "asSelect") return s + " AS " + printSelect(d.select);
      const parts = d.columns.map(printColumnDef).concat(d.constraints.map(printTableConstraint));
      s += " (" + parts.join(", ") + ")";
      const opts: string[] = [];
      if (d.withoutRowid) opts.push("WITHOUT ROWID");
      if (d.strict) opts.push("STRICT");
      if (opts.length) s += " " + opts.join(", ");
      return s;
    }
    case "createIndex":
      return "CREATE " + (stmt.unique ? "UNIQUE " : "") + "INDEX " +
        (stmt.ifNotExists ? "IF NOT EXISTS " : "") + qualified(stmt.schema, stmt.name) + " ON " +
        printName(stmt.table) + " (" + printSortList(stmt.columns) + ")" +
        (stmt.where ? " WHERE " + printExpr(stmt.where) : "");
    case "createView":
      return "CREATE " + (stmt.temp ? "TEMP " : "") + "VIEW " +
        (stmt.ifNotExists ? "IF NOT EXISTS " : "") + qualified(stmt.schema, stmt.name) +
        (stmt.columns ? " (" + stmt.columns.map(printName).join(", ") + ")" : "") + " AS " +
        printSelect(stmt.select);
    case "createTrigger": {
      let s = "CREATE " + (stmt.temp ? "TEMP " : "") + "TRIGGER " +
        (stmt.ifNotExists ? "IF NOT EXISTS " : "") + qualified(stmt.schema, stmt.name);
      if (stmt.time) s += " " + stmt.time;
      const ev = stmt.event;
      s += " " + ev.kind.toUpperCase();
      if (ev.kind === "update" && ev.columns) s += " OF " + ev.columns.map(printName).join(", ");
      s += " ON " + printName(stmt.table);
      if (stmt.forEachRow) s += " FOR EACH ROW";
      if (stmt.when) s += " WHEN " + printExpr(stmt.when);
      s += " BEGIN ";
      for (const step of stmt.body) s += print(step) + "; ";
      return s + "END";
    }
    case "createVirtualTable":
      return "CREATE VIRTUAL TABLE " + (stmt.ifNotExists ? "IF NOT EXISTS " : "") +
        qualified(stmt.schema, stmt.name) + " USING " + printName(stmt.module) +
        (stmt.args ? "(" + stmt.args.join(", ") + ")" : "");
    case "drop":
      return "DROP " + stmt.object + " " + (stmt.ifExists ? "IF EXISTS " : "") +
        qualified(stmt.schema, stmt.name);
    case "alterTable": {
      const a = stmt.action;
      let s = "ALTER TABLE " + qualified(stmt.schema, stmt.table) + " ";
      switch (a.kind) {
        case "renameTable":
          s += "RENAME TO " + printName(a.newName);
          break;
        case "renameColumn":
          s += "RENAME COLUMN " + printName(a.column) + " TO " + printName(a.newName);
          break;
        case "addColumn":
          s += "ADD COLUMN " + printColumnDef(a.column);
          break;
        case "dropColumn":
          s += "DROP COLUMN " + printName(a.column);
          break;
        case "addCheck":
          s += "ADD " + (a.name ? "CONSTRAINT " + printName(a.name) + " " : "") + "CHECK (" +
            printExpr(a.expr) + ")" + conflict(a.conflict);
          break;
        case "dropConstraint":
          s += "DROP CONSTRAINT " + printName(a.name);
          break;
        case "setNotNull":
          s += "ALTER COLUMN " + printName(a.column) + " SET NOT NULL" + conflict(a.conflict);
          break;
        case "dropNotNull":
          s += "ALTER COLUMN " + printName(a.column) + " DROP NOT NULL";
          break;
      }
      return s;
    }
    case "begin":
      return "BEGIN" + (stmt.mode ? " " + stmt.mode : "");
    case "commit":
      return "COMMIT";
    case "rollback":
      return "ROLLBACK" + (stmt.savepoint ? " TO " + printName(stmt.savepoint) : "");
    case "savepoint":
      return "SAVEPOINT " + printName(stmt.name);
    case "release":
      return "RELEASE " + printName(stmt.name);
    case "pragma": {
      let s = "PRAGMA " + qualified(stmt.schema, stmt.name);
      const v = stmt.value;
      if (v) {
        s += " = " +
          (v.kind === "number"
            ? v.text
            : v.kind === "string"
            ? "'" + v.value.replaceAll("'", "''") + "'"
            : printName(v.name));
      }
      return s;
    }
    case "attach":
      return "ATTACH " + printExpr(stmt.file) + " AS " + printExpr(stmt.schema) +
        (stmt.key ? " KEY " + printExpr(stmt.key) : "");
    case "detach":
      return "DETACH " + printExpr(stmt.schema);
    case "vacuum":
      return "VACUUM" + (stmt.schema ? " " + printName(stmt.schema) : "") +
        (stmt.into ? " INTO " + printExpr(stmt.into) : "");
    case "analyze":
    case "reindex":
      return stmt.kind.toUpperCase() +
        (stmt.schema ? " " + printName(stmt.schema) : "") +
        (stmt.name ? "." + printName(stmt.name) : "");
    case "explain":
      return "EXPLAIN " + (stmt.queryPlan ? "QUERY PLAN " : "") + print(stmt.stmt);
  }
}
