// Long randomized pager soak: deno run -A tests/pager/random.soak.ts [seeds=200] [transactions=2000]
import { runWorkload } from "./random_workload.ts";

const seeds = Number(Deno.args[0] ?? 200);
const transactions = Number(Deno.args[1] ?? 2000);
const total = { commits: 0, rollbacks: 0, crashes: 0 };
for (let seed = 1000; seed < 1000 + seeds; seed++) {
  const r = runWorkload({ seed, transactions, crashRate: 0.15 });
  total.commits += r.commits;
  total.rollbacks += r.rollbacks;
  total.crashes += r.crashes;
}
console.log(`ok: ${seeds} seeds x ${transactions} transactions`, total);
