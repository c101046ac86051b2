/**
 * Index b-tree hot paths on an integer key, the shape of the issue-4 "indexed equality lookup"
 * (an index on k of a 100k-row table: entries (k, rowid)):
 *   - "int index seek": a seek with an unpacked one-field probe key (KeyProbe + seekProbe, what
 *     OP_SeekGE does) and reading the entry's rowid, beside node:sqlite's covering
 *     `SELECT rowid FROM t WHERE k = ?` (a statement per lookup: node:sqlite pays the VM and
 *     binding too, so the ratio shows how much of a lookup the b-tree part may cost);
 *   - "index insert": 100k index keys in random order into an empty index tree (insertIndex:
 *     seek, in-place insert, balance_nonroot on splits), beside node:sqlite inserting the same
 *     (k, rowid) pairs into a WITHOUT ROWID table (an index b-tree) in one transaction.
 * Twin under Node: bench/btree_index_bench.bs3.cjs.
 */
import { DatabaseSync } from "node:sqlite";
import { Btree } from "../src/btree/btree.ts";
import { encodeRecord } from "../src/format/record.ts";
import { KeyProbe } from "../src/format/key_probe.ts";
import { RecordReader } from "../src/format/record.ts";
import { Pager } from "../src/pager/pager.ts";
import { MemoryVfs } from "../src/vfs/memory.ts";

const N = 100_000;
/** Index key of row i: the query bench's k column. */
const keyOf = (i: number) => (i * 7919) % N;

let dbNo = 0;
/** An index tree holding (k, rowid) for rows 1..N, inserted in row order (random k order). */
function buildIndex(): { bt: Btree; pager: Pager; root: number } {
  const pager = new Pager(new MemoryVfs(), `i${dbNo++}.db`, {
    journalMode: "memory",
    memory: true,
  });
  const bt = new Btree(pager);
  pager.beginWrite();
  const root = bt.createTable("index");
  const cur = bt.cursorOf(root, "index", { write: true });
  for (let i = 1; i <= N; i++) cur.insertIndex(encodeRecord([keyOf(i), i]));
  cur.close();
  bt.commit();
  return { bt, pager, root };
}

const ts = buildIndex();
ts.pager.beginRead();
const icur = ts.bt.cursorOf(ts.root, "index");
const probe = new KeyProbe();
const reader = new RecordReader();

const ref = new DatabaseSync(":memory:");
ref.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER)");
ref.exec("CREATE INDEX tk ON t(k)");
ref.exec("BEGIN");
const refIns = ref.prepare("INSERT INTO t VALUES (?, ?)");
for (let i = 1; i <= N; i++) refIns.run(i, keyOf(i));
ref.exec("COMMIT");
const refSeek = ref.prepare("SELECT rowid FROM t WHERE k = ?");

let r = 1;
let sink = 0;
Deno.bench({
  name: "node:sqlite SELECT rowid WHERE k=? (covering index)",
  group: "int index seek",
  baseline: true,
  fn() {
    r = (r * 48271) % N;
    sink += (refSeek.get(r) as { id: number }).id;
  },
});
Deno.bench({
  name: "tsqlite seekProbe + entry rowid",
  group: "int index seek",
  fn() {
    r = (r * 48271) % N;
    probe.reset(1, 1);
    probe.setInt(0, r);
    if (icur.seekProbe(probe) < 0) icur.next();
    const p = icur.payload();
    reader.reset(p.data, p.offset, p.length, 1);
    sink += reader.int(1) as number;
  },
});

// Insert: the same keys into a fresh index tree per iteration.
Deno.bench({
  name: "node:sqlite 100k (k, rowid) into a WITHOUT ROWID table",
  group: "index insert",
  baseline: true,
  n: 5,
  fn() {
    const db = new DatabaseSync(":memory:");
    db.exec("CREATE TABLE x(k INTEGER, r INTEGER, PRIMARY KEY(k, r)) WITHOUT ROWID");
    const ins = db.prepare("INSERT INTO x VALUES (?, ?)");
    db.exec("BEGIN");
    for (let i = 1; i <= N; i++) ins.run(keyOf(i), i);
    db.exec("COMMIT");
    db.close();
  },
});
Deno.bench({
  name: "tsqlite 100k encodeRecord + insertIndex",
  group: "index insert",
  n: 5,
  fn() {
    const { pager } = buildIndex();
    pager.close();
  },
});

globalThis.addEventListener("unload", () => {
  if (sink === 0.5) console.log(sink);
});
