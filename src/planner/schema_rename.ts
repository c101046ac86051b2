/**
 * Renaming a table inside stored schema SQL — the job of SQLite's alter.c `sqlite_rename_table()`
 * (renameTableFunc / renameEditSql): every token that names the table — its CREATE TABLE name,
 * `REFERENCES t`, `ON t` of indexes and triggers, FROM/INSERT/UPDATE/DELETE targets and `t.col`
 * qualifiers in views and trigger bodies — is replaced by the new name, double-quoted, and the
 * rest of the text is kept byte for byte.
 *
 * Owns: finding those tokens through the parsed AST (spans) and splicing the new text.
 * Must never: touch storage or the catalog.
 * Cold.
 * @module
 */

import { parseOne } from "../sql/mod.ts";

/** `"name"` with embedded quotes doubled (SQLite's %Q-style identifier quoting for renames). */
export function doubleQuoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Rewrite `sql` (one stored CREATE statement) so references to table `oldName` name `newName`.
 * Returns the text unchanged when it does not mention the table. Cold.
 */
export function renameTableInSql(sql: string, oldName: string, newName: string): string {
  const parsed = parseOne(sql, 0).stmt;
  if (parsed === null) return sql;
  const key = oldName.toLowerCase();
  const spans: { start: number; end: number }[] = [];
  const aliases = new Set<string>();
  const isOld = (n: unknown): n is { name: string; span: { start: number; end: number } } =>
    n !== null && typeof n === "object" && typeof (n as { name?: unknown }).name === "string" &&
    (n as { name: string }).name.toLowerCase() === key;
  // First pass: aliases that shadow the table name in qualifiers (FROM x AS t).
  const collectAliases = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(collectAliases);
    if (x === null || typeof x !== "object") return;
    const o = x as Record<string, unknown>;
    if (o.kind === "table" && o.alias !== null && typeof o.alias === "object") {
      const a = (o.alias as { name: string }).name.toLowerCase();
      if (a === key && !isOld(o.name)) aliases.add(a);
    }
    for (const k of Object.keys(o)) if (k !== "span") collectAliases(o[k]);
  };
  collectAliases(parsed);
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x === null || typeof x !== "object") return;
    const o = x as Record<string, unknown>;
    switch (o.kind) {
      case "createTable":
      case "createTrigger":
      case "createIndex":
        if (o.kind === "createTable" && isOld(o.name)) {
          spans.push((o.name as unknown as { span: { start: number; end: number } }).span);
        }
        if (o.kind !== "createTable" && isOld(o.table)) {
          spans.push((o.table as unknown as { span: { start: number; end: number } }).span);
        }
        break;
      case "table": // TableRef in FROM / UPDATE / DELETE
      case "insert":
        if (o.kind === "table" && o.schema !== undefined && isOld(o.name)) {
          spans.push((o.name as unknown as { span: { start: number; end: number } }).span);
        }
        if (o.kind === "insert" && isOld(o.table)) {
          spans.push((o.table as unknown as { span: { start: number; end: number } }).span);
        }
        break;
      case "column":
        if (isOld(o.table) && !aliases.has(key)) {
          spans.push((o.table as unknown as { span: { start: number; end: number } }).span);
        }
        break;
      default:
        // REFERENCES clause (ForeignKeyClause has table + onDelete) and IN table sources.
        if ("onDelete" in o && isOld(o.table)) {
          spans.push((o.table as unknown as { span: { start: number; end: number } }).span);
        }
        if (o.kind === undefined && "args" in o && "name" in o && isOld(o.name)) {
          spans.push((o.name as unknown as { span: { start: number; end: number } }).span);
        }
    }
    for (const k of Object.keys(o)) if (k !== "span") walk(o[k]);
  };
  walk(parsed);
  if (spans.length === 0) return sql;
  const uniq = [...new Map(spans.map((s) => [s.start, s])).values()].sort((a, b) =>
    b.start - a.start
  );
  let out = sql;
  for (const s of uniq) out = out.slice(0, s.start) + doubleQuoted(newName) + out.slice(s.end);
  return out;
}
