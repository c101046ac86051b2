/**
 * The shell's VACUUM progress line: on a terminal, a VACUUM that takes a while shows
 * `VACUUM: n/m b-trees` on stderr (as `.import` / `.dump` show their row counts), then a newline.
 *
 * Owns: the progress callback the shell installs on its database's engine.
 * Must never: write to stdout, or print anything when stderr is not a terminal. Cold.
 * @module
 */

import { Connection } from "../api/connection.ts";
import { connectionOf, type Database } from "../api/database.ts";
import { setVacuumProgress } from "../api/connection_vacuum.ts";
import type { ShellHost } from "./host.ts";

/** Milliseconds a VACUUM runs before its progress line appears. */
const QUIET_MS = 300;

/**
 * Install the progress line on `db` when `host` has a terminal on stderr. Cold.
 * @example
 * ```ts
 * installVacuumProgress(db, host); // then: VACUUM prints "\rVACUUM: 3/8 b-trees" on a TTY
 * ```
 */
export function installVacuumProgress(db: Database, host: ShellHost): void {
  if (!host.isTty) return;
  const conn = connectionOf(db);
  if (!(conn instanceof Connection)) return;
  let start = 0;
  let shown = false;
  setVacuumProgress(conn.engine, (done, total) => {
    if (done === 0) {
      start = host.now();
      shown = false;
      return;
    }
    if (!shown && host.now() - start < QUIET_MS) return;
    shown = true;
    host.stderr(`\rVACUUM: ${done}/${total} b-trees`);
    if (done === total) host.stderr("\n");
  });
}
