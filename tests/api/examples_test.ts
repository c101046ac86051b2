/**
 * The examples run and check themselves: examples/person.ts and examples/interop.ts (tsqlite ⇄
 * better-sqlite3 through database files, both directions).
 * @module
 */
import assert from "node:assert/strict";
import { peopleOlderThan } from "../../examples/person.ts";
import { interop } from "../../examples/interop.ts";

Deno.test("examples/person.ts returns the people older than 40, oldest first", () => {
  assert.deepEqual(peopleOlderThan(40).map((p) => [p.name, p.age, p.email]), [
    ["Grace Hopper", 85, null],
    ["Edsger Dijkstra", 72, "ewd@example.org"],
    ["Alan Turing", 41, "alan@example.org"],
  ]);
});

Deno.test("examples/interop.ts: tsqlite ⇄ better-sqlite3 files, both directions", async () => {
  const dir = Deno.makeTempDirSync();
  const log = console.log;
  console.log = () => {};
  try {
    await interop(dir);
  } finally {
    console.log = log;
    Deno.removeSync(dir, { recursive: true });
  }
});
