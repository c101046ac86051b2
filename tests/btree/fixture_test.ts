/**
 * fixtures/example.db (made by node:sqlite from fixtures/make_fixtures.ts)
 * reads back through tsqlite exactly as SQLite reports it, and
 * examples/show_schema.ts prints its schema and row counts.
 */
import assert from "node:assert/strict";
import { DatabaseSync, openImage, readIndexTs, readTableOracle, readTableTs } from "./_util.ts";
import { readSchema } from "../../src/btree/schema_table.ts";

const path = new URL("../../fixtures/example.db", import.meta.url).pathname;

Deno.test("fixture: example.db schema and every table read back exactly", () => {
  const db = new DatabaseSync(path, { readOnly: true });
  const { bt } = openImage(Deno.readFileSync(path));
  const schema = readSchema(bt);
  const theirs = db.prepare(
    "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema ORDER BY rowid",
  ).all();
  assert.deepEqual(
    schema.map(({ type, name, tbl_name, rootpage, sql }) => ({
      type,
      name,
      tbl_name,
      rootpage,
      sql,
    })),
    theirs.map((r) => ({ ...r })),
  );
  const cols: Record<string, string[]> = {
    authors: ["id", "name", "born", "country"],
    books: ["id", "title", "author_id", "year", "price", "isbn"],
    customers: ["id", "email", "name", "joined"],
    orders: ["id", "customer_id", "placed", "note"],
  };
  for (const [t, cs] of Object.entries(cols)) {
    const root = schema.find((s) => s.name === t)!.rootpage;
    // INTEGER PRIMARY KEY columns are stored as NULL in the record; the rowid carries them.
    // A REAL-affinity column stores integral values as INTEGER on disk (SQLite's
    // space optimisation); the engine converts on read, so compare those as reals.
    const mine = readTableTs(bt, root, cs.length).map((r) =>
      [r[0], ...r.slice(2)].map((v, i) => {
        const c = cs[i];
        if (c === "price" && Array.isArray(v) && v[0] === "integer") return ["real", Number(v[1])];
        return v;
      })
    );
    const want = readTableOracle(db, `SELECT $COLS FROM ${t} ORDER BY rowid`, cs.slice(1));
    assert.deepEqual(mine, want, t);
  }
  const ol = readIndexTs(bt, schema.find((s) => s.name === "order_lines")!.rootpage, 3);
  assert.deepEqual(
    ol,
    readTableOracle(db, "SELECT $COLS FROM order_lines ORDER BY order_id, book_id", [
      "order_id",
      "book_id",
      "qty",
    ], false),
  );
  db.close();
});

Deno.test("fixture: examples/show_schema.ts prints the schema and row counts", async () => {
  const script = new URL("../../examples/show_schema.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, path],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.match(text, /CREATE VIEW best_sellers/);
  assert.match(text, /books: 150 rows/);
  assert.match(text, /order_lines: 500 rows/);
});
