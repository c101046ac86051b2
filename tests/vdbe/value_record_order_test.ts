// Consistency between the two comparison paths of the engine: in-memory compareMem
// (src/vdbe/value/compare.ts, used by OP_Eq…/sorters) and packed-record comparison
// (src/format/record_compare.ts, used by index b-trees). Both must give SQLite's order,
// so they must agree in sign on every pair of edge values and collation.
import { compareRecords } from "../../src/format/record_compare.ts";
import { encodeRecord, type RecordValue } from "../../src/format/record.ts";
import { collationByName, compareMem } from "../../src/vdbe/value/compare.ts";
import { EDGE_VALUES, report, show, toMem, type V } from "./value_oracle.ts";

function rec(v: V): Uint8Array {
  const r: RecordValue = typeof v === "number" && Number.isInteger(v) ? { real: v } : v;
  return encodeRecord([r]);
}

Deno.test("value: compareMem and record comparison agree on every edge-value pair and collation", () => {
  const extra: V[] = ["abc", "ABC", "abc  ", "abd", "Ab", "\uffff", "\u{1F389}", "é", " "];
  const vals = [...EDGE_VALUES, ...extra];
  const failures: string[] = [];
  for (const coll of ["BINARY", "NOCASE", "RTRIM"]) {
    const fn = collationByName(coll)!;
    const info = { collations: [fn], desc: [false] };
    for (const a of vals) {
      for (const b of vals) {
        const ra = rec(a);
        const rb = rec(b);
        const x = Math.sign(compareRecords(ra, 0, ra.length, rb, 0, rb.length, info, 1, 0));
        const y = Math.sign(compareMem(toMem(a), toMem(b), fn));
        if (x !== y) failures.push(`${coll} ${show(a)} vs ${show(b)}: record=${x} mem=${y}`);
      }
    }
  }
  report(failures);
});
