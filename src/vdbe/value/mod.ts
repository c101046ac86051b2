/**
 * SQLite's value semantics over {@link Mem} registers — the entry point of `src/vdbe/value/`:
 * text ↔ number parsing (numeric.ts), REAL rendering (render.ts), conversions and CAST
 * (convert.ts), affinity (affinity.ts), comparison and collations (compare.ts), arithmetic,
 * bitwise, concatenation and truth (arith.ts), UTF-8 helpers (text.ts).
 *
 * Owns: nothing itself; it re-exports the value layer (and `Mem`, which its API is written in).
 * Must never: import anything above the vdbe layer.
 *
 * @example
 * ```ts
 * import { arith, ArithOp, Mem, memOf, realToText } from "./mod.ts";
 * const out = new Mem();
 * arith(ArithOp.ADD, memOf("12abc"), memOf(1), out); // INTEGER 13
 * realToText(1 / 3); // "0.33333333333333332"
 * ```
 * @module
 */

export * from "../mem.ts";
export * from "./affinity.ts";
export * from "./arith.ts";
export * from "./compare.ts";
export * from "./convert.ts";
export * from "./numeric.ts";
export * from "./render.ts";
export * from "./text.ts";
