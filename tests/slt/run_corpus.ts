/**
 * Run the whole sqllogictest corpus (/work/shared/slt, or the directory given with --dir) and
 * print pass/fail counts per file and overall, then the failures with their reasons.
 *
 *   deno task slt                     # tsqlite
 *   deno task slt --engine=node       # node:sqlite (validates the runner: must be 100%)
 *   deno task slt --filter=evidence   # only files whose path contains the text
 * @module
 */
import { runSlt, type SltEngine } from "./slt_run.ts";
import { nodeEngine } from "./slt_engine_node.ts";
import { tsqliteEngine } from "./slt_engine_tsqlite.ts";

const args = new Map<string, string>();
for (const a of Deno.args) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (m) args.set(m[1], m[2] ?? "true");
}
const dir = args.get("dir") ?? "/work/shared/slt";
const engineName = args.get("engine") ?? "tsqlite";
const filter = args.get("filter") ?? "";
const maxShown = Number(args.get("show") ?? "200");

function listTests(d: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(d)) {
    const p = `${d}/${e.name}`;
    if (e.isDirectory) out.push(...listTests(p));
    else if (e.name.endsWith(".test")) out.push(p);
  }
  return out.sort();
}

const files = listTests(dir).filter((f) => f.includes(filter));
let run = 0, passed = 0, skipped = 0;
const allFailures: string[] = [];
const t0 = performance.now();
for (const f of files) {
  const engine: SltEngine = engineName === "node" ? nodeEngine() : tsqliteEngine();
  const t1 = performance.now();
  let line: string;
  try {
    const r = runSlt(Deno.readTextFileSync(f), engine);
    run += r.run;
    passed += r.passed;
    skipped += r.skipped;
    const rel = f.slice(dir.length + 1);
    line = `${rel}: ${r.passed}/${r.run} passed` +
      (r.failures.length ? `, ${r.failures.length} failed` : "") +
      ` (${((performance.now() - t1) / 1000).toFixed(1)}s)`;
    for (const x of r.failures) {
      if (x.reason) {
        allFailures.push(`${rel}:${x.line}: ${x.reason}\n    ${x.sql.replace(/\n/g, " ")}`);
      }
    }
  } catch (e) {
    line = `${f}: runner error ${(e as Error).message}`;
  } finally {
    try {
      engine.close();
    } catch { /* ignore */ }
  }
  console.log(line);
}
const pct = run ? (100 * passed / run).toFixed(3) : "0";
console.log(
  `\nengine ${engineName}: ${passed}/${run} records passed (${pct}%), ${run - passed} failed, ` +
    `${skipped} skipped, ${files.length} files, ${((performance.now() - t0) / 1000).toFixed(1)}s`,
);
if (allFailures.length) {
  console.log(
    `\nfailures (first ${Math.min(maxShown, allFailures.length)} of ${allFailures.length}):`,
  );
  for (const l of allFailures.slice(0, maxShown)) console.log(l);
}
