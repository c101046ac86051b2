/**
 * Busy handlers: what the pager does when a lock it needs is held elsewhere
 * (the analogue of sqlite3_busy_handler / sqlite3_busy_timeout and main.c's
 * `sqliteDefaultBusyCallback`). A handler is called with the number of
 * earlier attempts; returning true retries the lock, false gives up with
 * SQLITE_BUSY. `busyTimeout(ms)` sleeps with SQLite's back-off schedule
 * (1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms, then 100 ms) until `ms`
 * have passed. Waiting only helps against other processes: within one
 * thread the holder cannot progress meanwhile — exactly as with
 * better-sqlite3, which also waits out its timeout then reports BUSY.
 * Never does I/O.
 * @module
 */

import { SqliteError } from "../error.ts";

/** SQLITE_BUSY "database is locked": what a lock that cannot be had (after the handler) gives. */
export function busyError(): SqliteError {
  return new SqliteError("database is locked", "SQLITE_BUSY");
}

/** Called with the number of earlier attempts; true = wait done, retry; false = SQLITE_BUSY. */
export type BusyHandler = (attempt: number) => boolean;

const DELAYS = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];
const TOTALS = [0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228];

/** Block the thread for `ms` milliseconds (Atomics.wait on a private cell). Cold path. */
export function sleepSync(ms: number): void {
  if (ms <= 0) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * SQLite's default busy handler for a timeout of `ms` milliseconds.
 *
 * @example
 * ```ts
 * import { busyTimeout } from "./busy.ts";
 * const h = busyTimeout(0);
 * console.log(h(0)); // false: a zero timeout never waits
 * ```
 */
export function busyTimeout(ms: number): BusyHandler {
  return (count: number): boolean => {
    let delay: number;
    let prior: number;
    if (count < DELAYS.length) {
      delay = DELAYS[count];
      prior = TOTALS[count];
    } else {
      delay = DELAYS[DELAYS.length - 1];
      prior = TOTALS[TOTALS.length - 1] + delay * (count - (TOTALS.length - 1));
    }
    if (prior + delay > ms) {
      delay = ms - prior;
      if (delay <= 0) return false;
    }
    sleepSync(delay);
    return true;
  };
}
