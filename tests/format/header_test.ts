/**
 * Every header field tsqlite parses equals what SQLite reports through its
 * PRAGMAs for the same file, and a serialized header round-trips byte for byte.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { effectiveEncoding, parseHeader, serializeHeader } from "../../src/format/header.ts";

const dir = Deno.makeTempDirSync({ prefix: "tsqlite_format_" });

function pragma(db: DatabaseSync, name: string): number | string {
  return Object.values(db.prepare(`PRAGMA ${name}`).get() as Record<string, number | string>)[0];
}

for (
  const [ps, enc, av] of [[512, "UTF-8", 0], [4096, "UTF-16le", 1], [65536, "UTF-16be", 2]] as const
) {
  Deno.test(`header: fields match SQLite's PRAGMAs (page_size ${ps}, ${enc}, auto_vacuum ${av})`, () => {
    const path = `${dir}/h${ps}.db`;
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA page_size=${ps}; PRAGMA encoding='${enc}'; PRAGMA auto_vacuum=${av}`);
    db.exec("CREATE TABLE t(a); CREATE TABLE u(b)");
    db.exec(
      "PRAGMA user_version=-42; PRAGMA application_id=1234567; PRAGMA default_cache_size=-77",
    );
    db.exec("INSERT INTO t VALUES (zeroblob(5000)); DELETE FROM t; DROP TABLE u");
    const h = parseHeader(Deno.readFileSync(path).subarray(0, 100));
    assert.equal(h.pageSize, pragma(db, "page_size"));
    assert.equal(h.databaseSize, pragma(db, "page_count"));
    assert.equal(h.freelistCount, pragma(db, "freelist_count"));
    assert.equal(h.schemaCookie, pragma(db, "schema_version"));
    assert.equal(h.userVersion, pragma(db, "user_version"));
    assert.equal(h.applicationId, pragma(db, "application_id"));
    assert.equal(h.defaultCacheSize, pragma(db, "default_cache_size"));
    assert.equal(
      ["", "UTF-8", "UTF-16le", "UTF-16be"][effectiveEncoding(h.textEncoding)],
      pragma(db, "encoding"),
    );
    assert.equal(
      h.largestRootPage !== 0 ? (h.incrementalVacuum ? 2 : 1) : 0,
      pragma(db, "auto_vacuum"),
    );
    assert.equal(h.schemaFormat, 4);
    assert.equal(h.versionValidFor, h.changeCounter);
    db.close();
    const raw = Deno.readFileSync(path).subarray(0, 100);
    assert.deepEqual(serializeHeader(parseHeader(raw)), raw);
  });
}
