/**
 * The fast sqllogictest subset in the default suite: tsqlite must pass every record of these
 * corpus files (select1/2, the evidence files, one index file and one random-expression file).
 * The whole corpus runs with `deno task slt`.
 */
import assert from "node:assert/strict";
import { runSlt } from "./slt_run.ts";
import { tsqliteEngine } from "./slt_engine_tsqlite.ts";

const SLT = "/work/shared/slt";
const FILES = [
  "select1.test",
  "select2.test",
  "evidence/in1.test",
  "evidence/slt_lang_aggfunc.test",
  "evidence/slt_lang_createtrigger.test",
  "evidence/slt_lang_createview.test",
  "evidence/slt_lang_dropindex.test",
  "evidence/slt_lang_update.test",
  "index/random/10/slt_good_0.test",
  "index/delete/10/slt_good_0.test",
  "random/expr/slt_good_0.test",
];

for (const f of FILES) {
  Deno.test(`slt subset: tsqlite passes ${f}`, () => {
    const eng = tsqliteEngine();
    try {
      const r = runSlt(Deno.readTextFileSync(`${SLT}/${f}`), eng);
      assert.ok(r.run > 0);
      assert.deepEqual(r.failures.slice(0, 5), [], `${r.failures.length} failures`);
      assert.equal(r.passed, r.run);
    } finally {
      eng.close();
    }
  });
}
