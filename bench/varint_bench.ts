/**
 * Varint decoding: 100k varints of mixed lengths (1..9 bytes, as rowids and
 * record headers have them). The nearest node:sqlite equivalent is summing
 * an INTEGER column over 100k rows (each row decodes cell-size, rowid and
 * header varints); the ratio is indicative only.
 */
import { DatabaseSync } from "node:sqlite";
import { readVarint, readVarint64, varintLength, writeVarint } from "../src/format/varint.ts";

const N = 100_000;
const buf = new Uint8Array(N * 9);
const offs = new Int32Array(N);
let p = 0;
let s = 1;
for (let i = 0; i < N; i++) {
  s = (s * 1103515245 + 12345) & 0x7fffffff;
  const k = s % 10;
  const v = k < 5 ? s % 128 : k < 8 ? s % 16384 : k < 9 ? s : s * 4096 * 1024;
  offs[i] = p;
  p += writeVarint(buf, p, v);
}
const db = new DatabaseSync(":memory:");
db.exec("CREATE TABLE t(a INTEGER)");
db.exec("BEGIN");
const ins = db.prepare("INSERT INTO t VALUES (?)");
for (let i = 0; i < N; i++) ins.run(i * 1000);
db.exec("COMMIT");
const sum = db.prepare("SELECT sum(a) FROM t");
let sink = 0;

Deno.bench({
  name: "node:sqlite SELECT sum(a) over 100k rows",
  group: "varint decode",
  baseline: true,
  fn() {
    sum.get();
  },
});
Deno.bench({
  name: "tsqlite readVarint x100k",
  group: "varint decode",
  fn() {
    for (let i = 0; i < N; i++) sink += readVarint(buf, offs[i]);
  },
});
Deno.bench({
  name: "tsqlite readVarint64 + varintLength x100k",
  group: "varint decode",
  fn() {
    for (let i = 0; i < N; i++) {
      const v = readVarint64(buf, offs[i]);
      sink += (typeof v === "number" ? v : 1) + varintLength(buf, offs[i]);
    }
  },
});
