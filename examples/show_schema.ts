/**
 * Print a database's schema (the sql of every sqlite_schema row) and each
 * table's row count, reading the file with tsqlite's own layers (VFS →
 * pager → b-tree). The README quick start uses it until the CLI exists.
 *
 * Run: deno run -A examples/show_schema.ts fixtures/example.db
 */
import { Btree } from "../src/btree/btree.ts";
import { readSchema } from "../src/btree/schema_table.ts";
import { Pager } from "../src/pager/pager.ts";
import { DenoFileVfs } from "../src/vfs/deno_file.ts";
import { SqliteError } from "../src/error.ts";

const path = Deno.args[0] ?? new URL("../fixtures/example.db", import.meta.url).pathname;

function main(): void {
  const pager = new Pager(new DenoFileVfs(), path, { readonly: true });
  try {
    const bt = new Btree(pager);
    pager.beginRead();
    const schema = readSchema(bt);
    const enc = ["", "UTF-8", "UTF-16le", "UTF-16be"][bt.textEncoding];
    console.log(
      `-- ${path}: page size ${bt.pageSize}, ${pager.pageCount()} pages, encoding ${enc}`,
    );
    for (const row of schema) {
      if (row.sql) console.log(`${row.sql};`);
    }
    console.log();
    for (const row of schema) {
      if (row.type !== "table" || row.rootpage === 0) continue;
      const cur = bt.cursorOf(row.rootpage, bt.kindOf(row.rootpage));
      console.log(`${row.name}: ${cur.count()} rows`);
      cur.close();
    }
    pager.endRead();
  } finally {
    pager.close();
  }
}

try {
  main();
} catch (e) {
  if (!(e instanceof SqliteError)) throw e;
  console.error(`Error: ${e.message} (${e.code}): ${path}`);
  Deno.exit(1);
}
