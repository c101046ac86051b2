// The header fields and page-geometry rules the pager owns (fileformat2 §1.3).
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { lockBytePage } from "../../src/format/header.ts";
import { isValidPageSize, putPageSize, readGeometry } from "../../src/pager/header.ts";
import { SqliteError } from "../../src/error.ts";
import { journalChecksum, nextHeaderOffset } from "../../src/pager/journal.ts";

Deno.test("header: lock-byte page for every page size (the page holding byte 0x40000000)", () => {
  for (let ps = 512; ps <= 65536; ps *= 2) {
    const pg = lockBytePage(ps);
    assert.ok((pg - 1) * ps <= 0x40000000 && 0x40000000 < pg * ps, `page size ${ps}`);
  }
  assert.equal(lockBytePage(4096), 262145);
  assert.equal(lockBytePage(512), 2097153);
});

Deno.test("header: page sizes — only powers of two 512..65536; 65536 is stored as 1", () => {
  const legal = [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];
  for (let n = 0; n <= 70000; n += 1) {
    assert.equal(isValidPageSize(n), legal.includes(n), String(n));
  }
  const b = new Uint8Array(100);
  putPageSize(b, 65536);
  assert.deepEqual([b[16], b[17]], [0, 1]);
  putPageSize(b, 4096);
  assert.deepEqual([b[16], b[17]], [16, 0]);
});

Deno.test("header: readGeometry agrees with SQLite-made files of every page size and rejects junk", () => {
  const dir = Deno.makeTempDirSync();
  try {
    for (let ps = 512; ps <= 65536; ps *= 2) {
      const p = `${dir}/g${ps}.db`;
      const db = new DatabaseSync(p);
      db.exec(`PRAGMA page_size=${ps}; CREATE TABLE t(x);`);
      db.close();
      const g = readGeometry(Deno.readFileSync(p).subarray(0, 100));
      assert.deepEqual(g, { pageSize: ps, reservedBytes: 0 });
    }
    const good = Deno.readFileSync(`${dir}/g4096.db`).slice(0, 100);
    const notadb = (e: unknown) =>
      e instanceof SqliteError && e.code === "SQLITE_NOTADB" &&
      e.message === "file is not a database";
    const bad1 = good.slice();
    bad1[0] = 0x73; // "sQLite format 3"
    assert.throws(() => readGeometry(bad1), notadb);
    for (const [hi, lo] of [[0, 0], [1, 0], [3, 0], [0x80, 0x01], [0, 2]]) {
      const b = good.slice();
      b[16] = hi;
      b[17] = lo;
      assert.throws(() => readGeometry(b), notadb, `page size bytes ${hi},${lo}`);
    }
    const tooReserved = good.slice();
    tooReserved[16] = 2;
    tooReserved[17] = 0; // 512
    tooReserved[20] = 40; // usable 472 < 480
    assert.throws(() => readGeometry(tooReserved), notadb);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("journal: checksum = nonce + every 200th byte from the end (pager_cksum); header offsets", () => {
  const d = new Uint8Array(1024);
  for (let i = 0; i < d.length; i++) d[i] = i & 0xff;
  // offsets 824, 624, 424, 224, 24 (never 0)
  const want = (0xfffffff0 + (824 & 0xff) + (624 & 0xff) + (424 & 0xff) + (224 & 0xff) + 24) >>> 0;
  assert.equal(journalChecksum(0xfffffff0, d, 1024), want);
  assert.equal(journalChecksum(7, new Uint8Array(512), 512), 7, "512-byte page: offsets 312, 112");
  assert.equal(nextHeaderOffset(0, 512), 0);
  assert.equal(nextHeaderOffset(1, 512), 512);
  assert.equal(nextHeaderOffset(512, 512), 512);
  assert.equal(nextHeaderOffset(1548, 512), 2048);
});
