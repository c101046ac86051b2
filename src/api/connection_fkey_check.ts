/**
 * PRAGMA foreign_key_check — pragma.c's PragTyp_FOREIGN_KEY_CHECK: every row of every child
 * table (or of the one table named) whose foreign key has no parent row, as
 * (table, rowid, parent, fkid), tables in the schema's hash order, a row's violations in
 * `pFKey` order (fkid numbers them as PRAGMA foreign_key_list does).
 *
 * Owns: that report, and its compile-time errors ("no such table: X", "foreign key mismatch").
 * A missing parent table makes every row with a complete key a violation.
 * Must never: change anything; it reads whatever foreign_keys says. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { Program } from "../planner/program.ts";
import type { Table } from "../planner/schema.ts";
import { MemType } from "../vdbe/mem.ts";
import type { Engine } from "./connection_engine.ts";
import { rowsProgram, type RowValue } from "./connection_rows.ts";
import { foreignKeysOf } from "./connection_fkey.ts";
import {
  type FkLink,
  forEachChildRow,
  locateParentKey,
  mismatchMessage,
  parentExists,
} from "./connection_fkey_scan.ts";

/** The child tables to check, each with its keys resolved (null link: parent missing). */
function plan(engine: Engine, target: string | null): { t: Table; links: (FkLink | null)[] }[] {
  let tables: Table[];
  if (target !== null) {
    const t = engine.schema.table(target);
    if (t === undefined) throw new SqliteError(`no such table: ${target}`);
    tables = [t];
  } else {
    tables = engine.schema.tablesAndViewsInHashOrder().filter((t): t is Table =>
      t.kind === "table"
    );
  }
  const out: { t: Table; links: (FkLink | null)[] }[] = [];
  for (const t of tables) {
    if (t.foreignKeys.length === 0) continue;
    const links = foreignKeysOf(t).map((fk) => {
      const parent = engine.schema.table(fk.clause.table.name);
      if (parent === undefined) {
        if (engine.schema.view(fk.clause.table.name) !== undefined) {
          throw new SqliteError(mismatchMessage(t, fk));
        }
        return null;
      }
      const link = locateParentKey(t, fk, parent);
      if (link === null) throw new SqliteError(mismatchMessage(t, fk));
      return link;
    });
    out.push({ t, links });
  }
  return out;
}

/** Compile `PRAGMA foreign_key_check[(table)]`. Cold. */
export function foreignKeyCheckProgram(engine: Engine, target: string | null): Program {
  plan(engine, target);
  return rowsProgram(["table", "rowid", "parent", "fkid"], () => {
    const rows: RowValue[][] = [];
    for (const { t, links } of plan(engine, target)) {
      const fks = foreignKeysOf(t);
      // Read every key column any foreign key of the table needs, once per row.
      const cols = [...new Set(fks.flatMap((fk) => fk.columns))];
      forEachChildRow(engine.bt, { child: t, cols }, (rowid, vals) => {
        fks.forEach((fk, id) => {
          const link = links[id];
          const order = link === null ? fk.columns : link.childCols;
          const key = order.map((c) => vals[cols.indexOf(c)]);
          if (key.some((m) => m.type === MemType.NULL)) return;
          if (link !== null && parentExists(engine.bt, link, key)) return;
          rows.push([t.name, rowid, fk.clause.table.name, id]);
        });
      });
    }
    return rows;
  });
}
