/**
 * The classic person example: create a table, insert people with bound parameters inside a
 * transaction, and query them back into objects — written exactly as a better-sqlite3 program,
 * with only the import changed.
 *
 * Run: `deno run -A examples/person.ts`
 * @module
 */
import Database from "../mod.ts";

/** One row of the people table. */
export interface Person {
  id: number;
  name: string;
  age: number;
  email: string | null;
}

/** Build the example database and return everyone older than `minAge`, oldest first. */
export function peopleOlderThan(minAge: number): Person[] {
  const db = new Database(":memory:");
  try {
    db.exec(`CREATE TABLE person (
      id    INTEGER PRIMARY KEY,
      name  TEXT NOT NULL,
      age   INTEGER NOT NULL,
      email TEXT UNIQUE
    )`);
    const insert = db.prepare("INSERT INTO person (name, age, email) VALUES (@name, @age, @email)");
    const insertMany = db.transaction((people: Omit<Person, "id">[]) => {
      for (const p of people) insert.run(p);
    });
    insertMany([
      { name: "Ada Lovelace", age: 36, email: "ada@example.org" },
      { name: "Alan Turing", age: 41, email: "alan@example.org" },
      { name: "Grace Hopper", age: 85, email: null },
      { name: "Edsger Dijkstra", age: 72, email: "ewd@example.org" },
    ]);
    return db.prepare<[number], Person>("SELECT * FROM person WHERE age > ? ORDER BY age DESC")
      .all(minAge);
  } finally {
    db.close();
  }
}

if (import.meta.main) {
  const people = peopleOlderThan(40);
  for (const p of people) console.log(`${p.name} (${p.age})${p.email ? ` <${p.email}>` : ""}`);
  if (people.length !== 3 || people[0].name !== "Grace Hopper") {
    console.error("unexpected result", people);
    Deno.exit(1);
  }
}
