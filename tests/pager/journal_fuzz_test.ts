// Differential fuzz of hot-journal playback: a real SQLite hot journal is mutated at random
// (header fields, record bytes, truncation, zeroed sectors); node:sqlite and the tsqlite pager
// each recover a copy, and the database files they leave must be byte-identical.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Pager } from "../../src/pager/pager.ts";
import { DenoFileVfs } from "../../src/vfs/deno_file.ts";
import { fastTempDir } from "./fixtures.ts";
import { rng } from "./helpers.ts";

/** A database and the hot journal SQLite leaves mid-transaction (several segments). */
function sqliteHotJournal(
  dir: string,
  pageSize: number,
  sync: string,
): { db: Uint8Array; journal: Uint8Array } {
  const path = `${dir}/gen-${pageSize}-${sync}.db`;
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA page_size=${pageSize}; PRAGMA synchronous=${sync};`);
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT); CREATE INDEX ta ON t(a);");
  const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
  db.exec("BEGIN");
  for (let i = 1; i <= 250; i++) ins.run(i, `r${i}`.padEnd(40, "z"));
  db.exec("COMMIT");
  db.exec("PRAGMA cache_size=2; BEGIN");
  db.exec("UPDATE t SET a = a || 'changed' WHERE id % 2 = 0");
  for (let i = 251; i <= 500; i++) ins.run(i, `n${i}`.padEnd(50, "y"));
  const out = { db: Deno.readFileSync(path), journal: Deno.readFileSync(`${path}-journal`) };
  db.exec("ROLLBACK");
  db.close();
  return out;
}

function mutate(j: Uint8Array, r: () => number, pageSize: number): Uint8Array {
  let out = j.slice();
  const dv = () => new DataView(out.buffer);
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const what = Math.floor(r() * 8);
    switch (what) {
      case 0: { // flip a header byte (magic, nRec, nonce, low bytes of the size, sector, page size)
        // (not the size's high bytes: both engines would grow the file to terabytes)
        const at =
          [0, 1, 5, 7, 8, 11, 12, 15, 18, 19, 20, 22, 23, 24, 26, 27][Math.floor(r() * 16)];
        out[at] ^= 1 << Math.floor(r() * 8);
        break;
      }
      case 1: // nRec to something odd
        dv().setUint32(8, [0, 1, 3, 0xffffffff, 100000][Math.floor(r() * 5)]);
        break;
      case 2: // initial db size
        dv().setUint32(16, Math.floor(r() * 200));
        break;
      case 3: // page/sector size
        if (r() < 0.5) dv().setUint32(24, [0, 256, 512, 1024, 4096, 3000][Math.floor(r() * 6)]);
        else dv().setUint32(20, [0, 16, 512, 1024, 4096, 1000][Math.floor(r() * 6)]);
        break;
      case 4: // flip a byte somewhere in the records
        out[512 + Math.floor(r() * (out.length - 512))] ^= 0xff;
        break;
      case 5: // truncate
        out = out.slice(0, Math.floor(r() * out.length));
        break;
      case 6: { // zero a sector
        const s = Math.floor(r() * (out.length / 512)) * 512;
        out.fill(0, s, s + 512);
        break;
      }
      default: { // corrupt a record's page number
        const recs = Math.floor((out.length - 512) / (pageSize + 8));
        if (recs > 0) {
          const at = 512 + Math.floor(r() * recs) * (pageSize + 8);
          if (at + 4 <= out.length) dv().setUint32(at, [0, 1, 2, 99999, 5][Math.floor(r() * 5)]);
        }
      }
    }
  }
  return out;
}

for (const [pageSize, sync] of [[1024, "full"], [512, "normal"], [4096, "off"]] as const) {
  Deno.test(`hot-journal playback fuzz vs SQLite (page ${pageSize}, synchronous=${sync})`, () => {
    const dir = fastTempDir();
    try {
      const base = sqliteHotJournal(dir, pageSize, sync);
      const r = rng(pageSize * 31 + sync.length);
      let differentFromDirty = 0;
      const iterations = Number(Deno.env.get("JOURNAL_FUZZ_ITERATIONS") ?? 200);
      for (let iter = 0; iter < iterations; iter++) {
        const journal = iter === 0 ? base.journal : mutate(base.journal, r, pageSize);
        const results: Uint8Array[] = [];
        for (const who of ["sqlite", "tsqlite"] as const) {
          const p = `${dir}/${who}.db`;
          Deno.writeFileSync(p, base.db);
          Deno.writeFileSync(`${p}-journal`, journal);
          if (who === "sqlite") {
            const d = new DatabaseSync(p);
            try {
              d.prepare("SELECT count(*) FROM sqlite_schema").get();
            } catch { /* a mangled result may be corrupt: only the bytes matter */ }
            d.close();
          } else {
            const pager = new Pager(new DenoFileVfs(), p);
            try {
              pager.beginRead();
              pager.endRead();
            } catch { /* idem */ }
            pager.close();
          }
          results.push(Deno.readFileSync(p));
          try {
            Deno.removeSync(`${p}-journal`);
          } catch { /* retired */ }
        }
        assert.deepEqual(
          results[1],
          results[0],
          `iteration ${iter}: tsqlite and SQLite recovered differently`,
        );
        if (results[0].length !== base.db.length || results[0].some((b, i) => b !== base.db[i])) {
          differentFromDirty++;
        }
      }
      assert.ok(differentFromDirty > 10, `playback happened in ${differentFromDirty} cases`);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}
