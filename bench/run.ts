/**
 * `deno task bench`: runs the Deno benchmarks (tsqlite beside node:sqlite) and the better-sqlite3
 * twins of the same workloads under Node, then prints one table of ratios per benchmark group:
 * tsqlite / node:sqlite and tsqlite / better-sqlite3 (time per iteration; above 1 = slower).
 *
 * How a bench file gets a better-sqlite3 column: put its twin beside it as
 * `bench/<stem>.bs3.cjs`, exporting `[{ group, name, setup(Database) → fn }]` — the same group
 * names as the Deno file's `Deno.bench({ group })`. `setup` builds the same data; `fn` is timed.
 * Usage: `deno task bench [--repeat N] [bench/x_bench.ts …]` (default: every bench/*_bench.ts;
 * with --repeat each benchmark keeps its fastest of N runs, which filters out machine load).
 * Must never: be imported by src/ (bench only).
 * @module
 */

const here = new URL(".", import.meta.url).pathname;
const root = new URL("..", import.meta.url).pathname;

interface DenoBench {
  group?: string;
  name: string;
  baseline: boolean;
  results: { ok?: { avg: number; n: number } }[];
}

/** Node-side runner: times each spec's fn (warm-up, then ~1 s of batches); prints JSON. */
const NODE_RUNNER = `
const path = require("node:path");
const Database = require(path.join(process.argv[1], "tests/oracle/node_modules/better-sqlite3"));
const files = JSON.parse(process.argv[2]);
const out = [];
for (const f of files) {
  for (const spec of require(f)) {
    const fn = spec.setup(Database);
    const deadline = (ms) => process.hrtime.bigint() + BigInt(ms * 1e6);
    let end = deadline(200);
    let n = 0;
    while (process.hrtime.bigint() < end) { fn(); n++; }
    let iters = 0;
    const t0 = process.hrtime.bigint();
    end = deadline(1000);
    while (process.hrtime.bigint() < end || iters < 10) { fn(); iters++; }
    const ns = Number(process.hrtime.bigint() - t0) / iters;
    out.push({ group: spec.group, name: spec.name, avg: ns, n: iters });
  }
}
process.stdout.write(JSON.stringify(out));
`;

async function runDeno(files: string[]): Promise<DenoBench[]> {
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["bench", "-A", "--json", ...files],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(o.stdout);
  // Bench files may print to stdout too: the report is the object that starts with "version".
  const start = text.search(/^\{\s*"version"/m);
  if (start < 0) throw new Error("deno bench produced no JSON report");
  return (JSON.parse(text.slice(start)) as { benches: DenoBench[] }).benches;
}

async function runNode(specs: string[]): Promise<{ group: string; name: string; avg: number }[]> {
  if (specs.length === 0) return [];
  const o = await new Deno.Command("node", {
    args: ["-e", NODE_RUNNER, root, JSON.stringify(specs)],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!o.success) {
    console.error("bench: the better-sqlite3 side failed (is tests/oracle set up?)");
    return [];
  }
  return JSON.parse(new TextDecoder().decode(o.stdout));
}

function fmtTime(ns: number | undefined): string {
  if (ns === undefined) return "—";
  if (ns < 1e3) return `${ns.toFixed(1)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(2)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? "—" : `${(a / b).toFixed(2)}×`;
}

/** Keep the fastest of several runs (load from other processes only ever slows a run down). */
function minBy<T>(runs: T[][], key: (t: T) => string, time: (t: T) => number | undefined): T[] {
  const best = new Map<string, T>();
  for (const run of runs) {
    for (const t of run) {
      const k = key(t);
      const prev = best.get(k);
      const tt = time(t);
      if (prev === undefined || (tt !== undefined && tt < (time(prev) ?? Infinity))) best.set(k, t);
    }
  }
  return [...best.values()];
}

async function main(argv: string[]): Promise<void> {
  let repeat = 1;
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--repeat") repeat = Math.max(1, Number(argv[++i]) || 1);
    else args.push(argv[i]);
  }
  const files = args.length > 0 ? args : [...Deno.readDirSync(here)]
    .filter((e) => e.isFile && e.name.endsWith("_bench.ts"))
    .map((e) => `bench/${e.name}`)
    .sort();
  const specs = files
    .map((f) => `${root}${f.replace(/\.ts$/, ".bs3.cjs")}`)
    .filter((p) => {
      try {
        return Deno.statSync(p).isFile;
      } catch {
        return false;
      }
    });
  // One after the other: the two sides must not compete for the CPU. With --repeat N, both
  // sides run N times (alternating) and each benchmark keeps its fastest run.
  const denoRuns: DenoBench[][] = [];
  const nodeRuns: { group: string; name: string; avg: number }[][] = [];
  for (let r = 0; r < repeat; r++) {
    denoRuns.push(await runDeno(files));
    nodeRuns.push(await runNode(specs));
  }
  const deno = minBy(denoRuns, (b) => `${b.group}\u0000${b.name}`, (b) => b.results[0]?.ok?.avg);
  const node = minBy(nodeRuns, (b) => `${b.group}\u0000${b.name}`, (b) => b.avg);
  const groups = new Map<string, { ts?: number; nd?: number; bs3?: number; tsName?: string }>();
  for (const b of deno) {
    const g = b.group ?? b.name;
    const avg = b.results[0]?.ok?.avg;
    const row = groups.get(g) ?? {};
    if (b.baseline) row.nd = avg;
    else if (row.ts === undefined || b.name.startsWith("tsqlite")) {
      row.ts = avg;
      row.tsName = b.name;
    }
    groups.set(g, row);
  }
  for (const b of node) {
    const row = groups.get(b.group) ?? {};
    row.bs3 = b.avg;
    groups.set(b.group, row);
  }
  const header = ["group", "tsqlite", "node:sqlite", "better-sqlite3", "ts/node", "ts/bs3"];
  const rows = [...groups].map(([g, r]) => [
    g,
    fmtTime(r.ts),
    fmtTime(r.nd),
    fmtTime(r.bs3),
    ratio(r.ts, r.nd),
    ratio(r.ts, r.bs3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    "| " +
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") +
    " |";
  console.log(line(header));
  console.log(
    "|" +
      widths.map((w, i) => (i === 0 ? "-" : "") + "-".repeat(w + 1) + (i === 0 ? "" : ":")).join(
        "|",
      ) + "|",
  );
  for (const r of rows) console.log(line(r));
}

if (import.meta.main) await main(Deno.args);
