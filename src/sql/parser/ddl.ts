/**
 * Schema statements other than CREATE TABLE (create_table.ts): parse.y's CREATE INDEX, CREATE
 * VIEW, CREATE TRIGGER (`trigger_decl`, `trigger_cmd_list`, with the trigger-body restrictions),
 * CREATE VIRTUAL TABLE (`vtabarglist`), DROP, and ALTER TABLE (including SQLite 3.53's ADD/DROP
 * CONSTRAINT and ALTER COLUMN … NOT NULL), plus the CREATE dispatch.
 * Cold: allocation is the AST itself.
 * Must never: consult a schema.
 * @module
 */

import type {
  AlterTableStmt,
  CreateIndexStmt,
  CreateTriggerStmt,
  CreateViewStmt,
  CreateVirtualTableStmt,
  DropStmt,
  Expr,
  Name,
  TriggerEvent,
  TriggerStep,
} from "../ast.ts";
import { parseExpr, parseSortList } from "./expr.ts";
import { parseDelete, parseInsert, parseUpdate } from "./dml.ts";
import { parseEidList, parseIdList, parseSelect } from "./select.ts";
import type { ParserState } from "./state.ts";
import {
  ifNotExists,
  parseColumnDef,
  parseCreateTable,
  parseOnConf,
  qualifiedName,
} from "./create_table.ts";

/** CREATE [UNIQUE] INDEX after its keywords. */
function parseCreateIndex(p: ParserState, unique: boolean, start: number): CreateIndexStmt {
  const ine = ifNotExists(p);
  const [schema, name] = qualifiedName(p);
  p.expect("ON");
  const table = p.nm();
  p.expect("LP");
  p.push(9); // createkw uniqueflag INDEX ifnotexists nm dbnm ON nm LP
  const columns = parseSortList(p);
  p.pop(9);
  p.expect("RP");
  let where: Expr | null = null;
  if (p.tok() === "WHERE") {
    p.advance();
    p.push(12); // … LP sortlist RP WHERE
    where = parseExpr(p);
    p.pop(12);
  }
  return {
    kind: "createIndex",
    unique,
    ifNotExists: ine,
    schema,
    name,
    table,
    columns,
    where,
    span: p.span(start),
  };
}

/** CREATE [TEMP] VIEW after its keywords. */
function parseCreateView(p: ParserState, temp: boolean, start: number): CreateViewStmt {
  const ine = ifNotExists(p);
  const [schema, name] = qualifiedName(p);
  const columns = p.tok() === "LP" ? parseEidList(p) : null;
  p.expect("AS");
  p.push(8); // createkw temp VIEW ifnotexists nm dbnm eidlist_opt AS
  const select = parseSelect(p);
  p.pop(8);
  return {
    kind: "createView",
    temp,
    ifNotExists: ine,
    schema,
    name,
    columns,
    select,
    span: p.span(start),
  };
}

/** CREATE [TEMP] TRIGGER after its keywords. */
function parseCreateTrigger(p: ParserState, temp: boolean, start: number): CreateTriggerStmt {
  const ine = ifNotExists(p);
  const [schema, name] = qualifiedName(p);
  let time: CreateTriggerStmt["time"] = null;
  const t = p.tok();
  if (t === "BEFORE" || t === "AFTER") {
    // BEFORE/AFTER are fallback keywords: here they are the trigger time.
    p.advance();
    time = t;
  } else if (t === "INSTEAD") {
    p.advance();
    p.expect("OF");
    time = "INSTEAD OF";
  }
  let event: TriggerEvent;
  const e = p.tok();
  if (e === "DELETE") {
    p.advance();
    event = { kind: "delete" };
  } else if (e === "INSERT") {
    p.advance();
    event = { kind: "insert" };
  } else if (e === "UPDATE") {
    p.advance();
    let columns: Name[] | null = null;
    if (p.tok() === "OF") {
      p.advance();
      columns = parseIdList(p);
    }
    event = { kind: "update", columns };
  } else p.syntaxError();
  p.expect("ON");
  const a = p.nm();
  let table = a;
  if (p.tok() === "DOT") {
    p.advance();
    table = p.nm();
  }
  let forEachRow = false;
  if (p.tok() === "FOR") {
    p.advance();
    p.expect("EACH");
    p.expect("ROW");
    forEachRow = true;
  }
  let when: Expr | null = null;
  if (p.tok() === "WHEN") {
    p.advance();
    p.push(12); // createkw temp TRIGGER ifnotexists nm dbnm time event ON fullname foreach WHEN
    when = parseExpr(p);
    p.pop(12);
  }
  p.expect("BEGIN");
  const body: TriggerStep[] = [];
  p.inTrigger = true;
  p.push(3); // createkw trigger_decl BEGIN
  do {
    const s = p.start;
    const k = p.tok();
    let step: TriggerStep;
    if (k === "UPDATE") step = parseUpdate(p, null, s);
    else if (k === "DELETE") step = parseDelete(p, null, s);
    else if (k === "INSERT" || k === "REPLACE") step = parseInsert(p, null, s);
    else if (k === "SELECT" || k === "VALUES" || k === "WITH") {
      p.push(1); // scanpt
      step = parseSelect(p);
      p.pop(1);
    } else p.syntaxError();
    if (p.qualifiedTriggerTarget) {
      // sqlite3Trigger*Step, run when the step's terminating token arrives.
      p.qualifiedTriggerTarget = false;
      p.deferError(
        "qualified table names are not allowed on INSERT, UPDATE, and DELETE statements within triggers",
      );
    }
    // At the end of input SQLite's parser sees a `;`, which completes the step.
    if (p.tok() === "EOF") p.raisePending();
    p.expect("SEMI");
    body.push(step);
  } while (p.tok() !== "END");
  p.inTrigger = false;
  p.pop(3);
  p.advance();
  return {
    kind: "createTrigger",
    temp,
    ifNotExists: ine,
    schema,
    name,
    time,
    event,
    table,
    forEachRow,
    when,
    body,
    span: p.span(start),
  };
}

/** CREATE VIRTUAL TABLE after its keywords. */
function parseCreateVirtual(p: ParserState, start: number): CreateVirtualTableStmt {
  p.expect("TABLE");
  const ine = ifNotExists(p);
  const [schema, name] = qualifiedName(p);
  p.expect("USING");
  const module = p.nm();
  let args: string[] | null = null;
  if (p.tok() === "LP") {
    p.advance();
    args = [];
    let depth = 0;
    let argStart = -1;
    let argEnd = -1;
    for (;;) {
      const t = p.peek();
      if (t === "EOF") p.syntaxError();
      if (t === "ILLEGAL") p.illegal();
      if (depth === 0 && (t === "COMMA" || t === "RP")) {
        if (argStart >= 0) args.push(p.sql.slice(argStart, argEnd));
        argStart = -1;
        p.advance();
        if (t === "RP") break;
        continue;
      }
      if (t === "LP") depth++;
      else if (t === "RP") depth--;
      if (argStart < 0) argStart = p.starts[p.i];
      argEnd = p.ends[p.i];
      p.advance();
    }
  }
  return {
    kind: "createVirtualTable",
    ifNotExists: ine,
    schema,
    name,
    module,
    args,
    span: p.span(start),
  };
}

/** Any CREATE statement (after CREATE). */
export function parseCreate(p: ParserState, start: number) {
  p.expect("CREATE");
  let temp = false;
  if (p.tok() === "TEMP") {
    p.advance();
    temp = true;
  }
  const t = p.tok();
  if (t === "TABLE") {
    p.advance();
    return parseCreateTable(p, temp, start);
  }
  if (t === "VIEW") {
    p.advance();
    return parseCreateView(p, temp, start);
  }
  if (t === "TRIGGER") {
    p.advance();
    return parseCreateTrigger(p, temp, start);
  }
  if (!temp) {
    if (t === "UNIQUE" && p.peek(1) === "INDEX") {
      p.advance();
      p.advance();
      return parseCreateIndex(p, true, start);
    }
    if (t === "INDEX") {
      p.advance();
      return parseCreateIndex(p, false, start);
    }
    if (t === "VIRTUAL") {
      p.advance();
      return parseCreateVirtual(p, start);
    }
    if (t === "UNIQUE") {
      p.advance();
    }
  }
  p.syntaxError();
}

/** DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] fullname. */
export function parseDrop(p: ParserState, start: number): DropStmt {
  p.expect("DROP");
  const t = p.tok();
  if (t !== "TABLE" && t !== "INDEX" && t !== "VIEW" && t !== "TRIGGER") p.syntaxError();
  p.advance();
  let ifExists = false;
  if (p.tok() === "IF") {
    p.advance();
    p.expect("EXISTS");
    ifExists = true;
  }
  const [schema, name] = qualifiedName(p);
  return { kind: "drop", object: t, ifExists, schema, name, span: p.span(start) };
}

/** ALTER TABLE fullname RENAME … | ADD … | DROP …. */
export function parseAlter(p: ParserState, start: number): AlterTableStmt {
  p.expect("ALTER");
  p.expect("TABLE");
  const [schema, table] = qualifiedName(p);
  let action: AlterTableStmt["action"];
  const t = p.tok();
  if (t === "RENAME") {
    p.advance();
    if (p.tok() === "TO") {
      p.advance();
      action = { kind: "renameTable", newName: p.nm() };
    } else {
      if (p.tok() === "COLUMNKW") p.advance();
      const column = p.nm();
      p.expect("TO");
      action = { kind: "renameColumn", column, newName: p.nm() };
    }
  } else if (t === "ADD") {
    p.advance();
    if (p.tok() === "CONSTRAINT" || p.tok() === "CHECK") {
      let name: Name | null = null;
      if (p.tok() === "CONSTRAINT") {
        p.advance();
        name = p.nm();
      }
      p.expect("CHECK");
      p.expect("LP");
      const expr = parseExpr(p);
      p.expect("RP");
      action = { kind: "addCheck", name, expr, conflict: parseOnConf(p) };
    } else {
      if (p.tok() === "COLUMNKW") p.advance();
      action = { kind: "addColumn", column: parseColumnDef(p) };
    }
  } else if (t === "DROP") {
    p.advance();
    if (p.tok() === "CONSTRAINT") {
      p.advance();
      action = { kind: "dropConstraint", name: p.nm() };
    } else {
      if (p.tok() === "COLUMNKW") p.advance();
      action = { kind: "dropColumn", column: p.nm() };
    }
  } else if (t === "ALTER") {
    p.advance();
    if (p.tok() === "COLUMNKW") p.advance();
    const column = p.nm();
    if (p.tok() === "DROP") {
      p.advance();
      p.expect("NOT");
      p.expect("NULL");
      action = { kind: "dropNotNull", column };
    } else {
      p.expect("SET");
      p.expect("NOT");
      p.expect("NULL");
      action = { kind: "setNotNull", column, conflict: parseOnConf(p) };
    }
  } else p.syntaxError();
  return { kind: "alterTable", schema, table, action, span: p.span(start) };
}
