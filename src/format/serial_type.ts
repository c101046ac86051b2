/**
 * Record serial types (fileformat2 §2.1 "Record Format").
 *
 * Owns: the serial-type code ⇄ content size mapping and the choice of the
 * smallest integer width SQLite uses for a value (vdbeaux.c
 * sqlite3VdbeSerialType): 0 NULL; 1..6 big-endian two's complement ints of
 * 1,2,3,4,6,8 bytes; 7 IEEE-754 double; 8 and 9 the constants 0 and 1
 * (schema format ≥ 4); 10,11 reserved; N≥12 even BLOB of (N-12)/2 bytes;
 * N≥13 odd TEXT of (N-13)/2 bytes.
 * Must never: allocate (hot).
 * @module
 */

/** A record serial type code. */
export type SerialType = number;

/** Body size in bytes of serial types 0..11 (10 and 11 are reserved: 0). Hot-path lookup table. */
export const INT_SIZES: readonly number[] = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0];

/** Content size in bytes for a serial type. Hot. Reserved 10/11 return 0. */
export function serialTypeSize(t: SerialType): number {
  if (t < 12) return INT_SIZES[t];
  return (t - 12) >>> 1;
}

/**
 * Serial type for a safe integer `v` (schema format ≥ 4: 0 and 1 use types 8/9). Hot.
 * @example
 * ```ts
 * intSerialType(1); // 9
 * intSerialType(300); // 2
 * ```
 */
export function intSerialType(v: number): SerialType {
  if (v === 0) return 8;
  if (v === 1) return 9;
  if (v >= -128 && v <= 127) return 1;
  if (v >= -32768 && v <= 32767) return 2;
  if (v >= -8388608 && v <= 8388607) return 3;
  if (v >= -2147483648 && v <= 2147483647) return 4;
  if (v >= -140737488355328 && v <= 140737488355327) return 5;
  return 6;
}

/** Serial type for a 64-bit bigint integer. */
export function bigintSerialType(v: bigint): SerialType {
  if (v >= -9007199254740991n && v <= 9007199254740991n) return intSerialType(Number(v));
  return 6;
}
