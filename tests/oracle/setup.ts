/**
 * Installs the test-only oracle, better-sqlite3, under Node in tests/oracle/.
 *
 * Deno cannot load better-sqlite3's nan-based addon, so the oracle runs in a
 * Node subprocess (see tests/oracle/). This script is idempotent: it does
 * nothing when the addon is already built. It builds from source with
 * node-gyp against the machine's Node headers (no prebuilt download).
 */
const here = new URL(".", import.meta.url).pathname;
const addon = `${here}node_modules/better-sqlite3/build/Release/better_sqlite3.node`;

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

if (!exists(addon)) {
  console.error("tests/oracle: installing better-sqlite3 for Node (builds from source, ~1-2 min)…");
  const env: Record<string, string> = { npm_config_build_from_source: "true" };
  if (exists("/usr/include/node/node.h")) env.npm_config_nodedir = "/usr";
  const out = new Deno.Command("npm", {
    args: ["ci", "--no-audit", "--no-fund", "--foreground-scripts"],
    cwd: here,
    env,
    stdout: "inherit",
    stderr: "inherit",
  }).outputSync();
  if (!out.success || !exists(addon)) {
    console.error("tests/oracle: better-sqlite3 failed to build");
    Deno.exit(1);
  }
}
