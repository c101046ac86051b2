/**
 * Shared harness for the function differential tests: call a tsqlite built-in directly
 * (Mem in, Mem out) and the same SQL in node:sqlite, and collect mismatches.
 * Tests only.
 * @module
 */

import { Mem } from "../../src/vdbe/mem.ts";
import { builtinFunctions, NO_CONNECTION, ScalarFunc } from "../../src/func/mod.ts";
import { collationByName } from "../../src/vdbe/value/compare.ts";
import {
  compareOutcome,
  cString,
  fromMem,
  Oracle,
  type Outcome,
  outcome,
  show,
  toMem,
  type V,
} from "../vdbe/value_oracle.ts";

/** node:sqlite's build: LIKE matches blobs. */
export const registry = builtinFunctions({ likeDoesntMatchBlobs: false });
/** Shared node:sqlite oracle. */
export const oracle = new Oracle();

/** Call a tsqlite scalar directly. Returns the typed result or `{ error }`. */
export function callMine(
  name: string,
  params: V[],
  collation: string | null = null,
): Outcome {
  const def = registry.find(name, params.length);
  if (!def) return { error: `no such function: ${name}` };
  if (!(def instanceof ScalarFunc)) return { error: `${name} is an aggregate` };
  return outcome(() => {
    const out = new Mem();
    const args = params.map(toMem);
    def.call(args, args.length, out, collation ? collationByName(collation)! : null, NO_CONNECTION);
    return cString(fromMem(out));
  });
}

/** Compare one call with node:sqlite; push a description of any difference. */
export function check(
  name: string,
  params: V[],
  failures: string[],
  collation: string | null = null,
): void {
  const placeholders = params.map((_, i) =>
    `?${i + 1}${i === 0 && collation ? ` COLLATE ${collation}` : ""}`
  ).join(", ");
  const expr = `${name}(${placeholders})`;
  const want = oracle.eval(expr, params);
  const got = callMine(name, params, collation);
  compareOutcome(`${name}(${params.map(show).join(", ")})`, want, got, failures);
}

/** Seeded linear congruential generator in [0, 1): a seed names a sequence. */
export function lcg(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

/** Every k-tuple over `pool`. */
export function tuples(pool: V[], k: number): V[][] {
  if (k === 0) return [[]];
  const out: V[][] = [];
  for (const rest of tuples(pool, k - 1)) for (const v of pool) out.push([...rest, v]);
  return out;
}

/** Fail with the first mismatches (value_oracle.ts's, shared with the value tests). */
export { report } from "../vdbe/value_oracle.ts";
