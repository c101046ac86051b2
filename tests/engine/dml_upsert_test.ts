/**
 * UPSERT through the engine connection compared with real SQLite: ON CONFLICT [(target)]
 * DO NOTHING / DO UPDATE SET … [WHERE …] with excluded.*, the conflict target checked first,
 * triggers on the update path, change counters, and SQLite's errors for bad targets.
 */
import assert from "node:assert/strict";
import { Pair, statements } from "./dml_oracle.ts";

function script(sql: string): void {
  const p = new Pair();
  try {
    for (const s of statements(sql)) {
      const [a, b] = p.run(s);
      assert.deepEqual(a, b, s);
    }
  } finally {
    p.close();
  }
}

Deno.test("upsert: DO NOTHING with and without a conflict target", () =>
  script(`
CREATE TABLE u(id INTEGER PRIMARY KEY, a UNIQUE, b, c NOT NULL DEFAULT 0, UNIQUE(b, c));
INSERT INTO u VALUES(1, 'x', 1, 1);
INSERT INTO u VALUES(1, 'y', 2, 2) ON CONFLICT DO NOTHING;
INSERT INTO u VALUES(2, 'x', 3, 3) ON CONFLICT DO NOTHING;
INSERT INTO u VALUES(3, 'z', 1, 1) ON CONFLICT DO NOTHING;
INSERT INTO u VALUES(4, 'x', 4, 4) ON CONFLICT(a) DO NOTHING;
INSERT INTO u VALUES(5, 'x', 5, 5) ON CONFLICT(b, c) DO NOTHING;
INSERT INTO u VALUES(1, 'q', 6, 6) ON CONFLICT(id) DO NOTHING;
INSERT INTO u VALUES(1, 'q', 6, 6) ON CONFLICT(a) DO NOTHING;
INSERT INTO u VALUES(6, 'w', 7, NULL) ON CONFLICT DO NOTHING;
INSERT INTO u VALUES(7, 'v', 8, 8) ON CONFLICT(b) DO NOTHING;
INSERT INTO u VALUES(7, 'v', 8, 8), (8, 'v', 9, 9), (9, 't', 9, 9) ON CONFLICT DO NOTHING;
INSERT INTO u SELECT id + 100, a, b, c FROM u WHERE true ON CONFLICT DO NOTHING;
INSERT INTO u VALUES(10, 'x', 1, 1) ON CONFLICT(a) DO UPDATE SET b = 99;
SELECT * FROM u ORDER BY id;
SELECT changes(), last_insert_rowid()
`));

Deno.test("upsert: DO UPDATE with excluded.*, WHERE, triggers, counters and errors", () =>
  script(`
CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER, n INTEGER DEFAULT 0, u UNIQUE);
CREATE TABLE log(x);
CREATE TRIGGER ku AFTER UPDATE ON kv BEGIN INSERT INTO log VALUES('upd ' || NEW.k || '=' || NEW.v); END;
CREATE TRIGGER ki AFTER INSERT ON kv BEGIN INSERT INTO log VALUES('ins ' || NEW.k); END;
INSERT INTO kv(k, v, u) VALUES('a', 1, 'ua') ON CONFLICT(k) DO UPDATE SET v = v + excluded.v, n = n + 1;
INSERT INTO kv(k, v, u) VALUES('a', 5, 'ub') ON CONFLICT(k) DO UPDATE SET v = v + excluded.v, n = n + 1;
SELECT changes(), last_insert_rowid();
INSERT INTO kv(k, v, u) VALUES('a', 7, 'uc'), ('b', 2, 'ud'), ('a', 1, 'ue') ON CONFLICT(k) DO UPDATE SET v = excluded.v * 10, u = excluded.u WHERE excluded.v > 3;
SELECT * FROM kv ORDER BY k;
SELECT changes(), total_changes();
INSERT INTO kv(k, v, u) VALUES('c', 1, 'ud') ON CONFLICT(k) DO UPDATE SET v = 0;
INSERT INTO kv(k, v, u) VALUES('b', 1, 'x') ON CONFLICT(k) DO UPDATE SET u = 'ud2', k = 'a';
INSERT INTO kv(k, v, u) VALUES('b', 1, 'x') ON CONFLICT(k) DO UPDATE SET u = (SELECT u FROM kv WHERE k = 'a');
INSERT INTO kv(k, v, u) VALUES('b', 1, 'x') ON CONFLICT(nosuch) DO NOTHING;
INSERT INTO kv(k, v, u) VALUES('b', 1, 'x') ON CONFLICT(v) DO NOTHING;
INSERT INTO kv(k, v, u) VALUES('z', 1, 'x') ON CONFLICT(k) DO UPDATE SET v = excluded.nosuch;
INSERT INTO kv(k, v, u) VALUES(?, ?, ?) ON CONFLICT(k) DO UPDATE SET v = ?;
SELECT * FROM kv ORDER BY k;
SELECT * FROM log;
CREATE TABLE ip(id INTEGER PRIMARY KEY, c);
INSERT INTO ip VALUES(1, 'one') ON CONFLICT(id) DO UPDATE SET c = c || '+' || excluded.c;
INSERT INTO ip VALUES(1, 'uno') ON CONFLICT(id) DO UPDATE SET c = c || '+' || excluded.c;
INSERT INTO ip VALUES(1, 'eins') ON CONFLICT DO UPDATE SET c = excluded.c;
SELECT * FROM ip
`));
