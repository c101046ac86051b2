/**
 * Collation names the compiler may hand to the VM — SQLite's sqlite3GetCollSeq/
 * sqlite3LocateCollSeq contract: a collating sequence is looked up only when code that compares
 * with it is generated (a comparison, an IN, min()/max()/nullif(), a sort or index key), so
 * `SELECT 1 COLLATE nosuch` and `rowid = 1 COLLATE nosuch` (a seek, no comparison) are fine, and
 * an unknown name fails at prepare with `no such collation sequence: NAME`.
 *
 * Owns: the set of built-in collation names and the prepare-time check of a finished program.
 * Never: compares values (src/vdbe/value/compare.ts does) or runs code. Cold.
 * @module
 */

import { SqliteError } from "../error.ts";
import type { Instr, KeyInfo } from "./program.ts";

/** The collations every connection knows (user collations are not supported by the API). */
const KNOWN_COLLATIONS = new Set(["BINARY", "NOCASE", "RTRIM"]);

/**
 * Fail as sqlite3GetCollSeq does when `name` is not a known collation.
 * @example
 * checkCollation("nocase"); // ok
 */
export function checkCollation(name: string): void {
  if (!KNOWN_COLLATIONS.has(name.toUpperCase())) {
    throw new SqliteError(`no such collation sequence: ${name}`);
  }
}

/** Built-in functions registered with SQLITE_FUNC_NEEDCOLL (func.c's bNC flag). */
const NEEDS_COLLATION = new Set(["min", "max", "nullif"]);

/**
 * Does the function (lower-case name) compare its arguments with a collating sequence? Only
 * these get one (sqlite3ExprCodeTarget's SQLITE_FUNC_NEEDCOLL); a COLLATE in any other
 * function's arguments is never looked up.
 * @example
 * needsCollation("max"); // true
 */
export function needsCollation(name: string): boolean {
  return NEEDS_COLLATION.has(name);
}

function checkKeyInfo(k: KeyInfo | null): void {
  if (k === null) return;
  for (const c of k.collations) if (c !== null) checkCollation(c);
}

/**
 * Check every collation a program's instructions use (P4 collations, key infos, function calls):
 * the code generator's equivalent of SQLite resolving each CollSeq while it emits the code.
 */
export function checkProgramCollations(ops: readonly Instr[]): void {
  for (const ins of ops) {
    const p4 = ins.p4;
    if (p4 === null) continue;
    switch (p4.kind) {
      case "coll":
        checkCollation(p4.value);
        break;
      case "keyinfo":
        checkKeyInfo(p4.value);
        break;
      case "cursor":
        checkKeyInfo(p4.value.keyInfo);
        break;
      case "func":
        if (p4.value.collation !== null) checkCollation(p4.value.collation);
        break;
    }
  }
}
