/**
 * Value conversions between storage classes, following vdbemem.c
 * (`sqlite3VdbeIntValue`, `sqlite3VdbeRealValue`, `sqlite3VdbeMemStringify`,
 * `sqlite3VdbeMemNumerify`, `sqlite3VdbeMemCast`) and vdbe.c
 * (`computeNumericType`).
 *
 * Owns: reading any Mem as an integer, a real, text or bytes; the numeric
 * interpretation of TEXT/BLOB operands in arithmetic ('12abc' → 12,
 * '0x10' → 0, '1e999' → Inf, '9223372036854775808' → REAL); CAST to every type.
 * Must never: change the storage class of its input Mem unless the function
 * says so (`castMem`, `numerifyMem`), or throw for a representable value.
 * @module
 */

import { type Mem, MemType } from "../mem.ts";
import { Atoi, normInt, parseInt64, parseReal, realSameAsInt, realToInt64 } from "./numeric.ts";
import { realToText } from "./render.ts";
import { decodeDb, encodeDb } from "./text.ts";

/** The text of a TEXT or BLOB Mem (blob bytes decoded in the database encoding). Hot for TEXT. */
export function textOf(m: Mem): string {
  return m.type === MemType.TEXT ? m.s : decodeDb(m.b);
}

/**
 * The value as TEXT, as `sqlite3_value_text`: numbers rendered, blobs decoded,
 * NULL → null. Hot-ish.
 */
export function memToText(m: Mem): string | null {
  switch (m.type) {
    case MemType.TEXT:
      return m.s;
    case MemType.INT:
      return m.big === null ? String(m.n) : m.big.toString();
    case MemType.REAL:
      return realToText(m.n);
    case MemType.BLOB:
      return decodeDb(m.b);
    default:
      return null;
  }
}

/** The value as bytes, as `sqlite3_value_blob` (text → database-encoding bytes). Cold-ish. */
export function memToBlob(m: Mem): Uint8Array | null {
  if (m.type === MemType.BLOB) return m.b;
  const t = memToText(m);
  return t === null ? null : encodeDb(t);
}

/**
 * The value as a double, as `sqlite3VdbeRealValue`: INTEGER converted, TEXT
 * and BLOB parsed by the longest numeric prefix (garbage → 0.0), NULL → 0.0. Hot.
 */
export function memToReal(m: Mem): number {
  switch (m.type) {
    case MemType.REAL:
      return m.n;
    case MemType.INT:
      return m.n; // for a bigint, n already holds Number(big)
    case MemType.TEXT:
      return parseReal(m.s).value;
    case MemType.BLOB:
      return parseReal(decodeDb(m.b)).value;
    default:
      return 0;
  }
}

/**
 * The value as a 64-bit integer, as `sqlite3VdbeIntValue`: REAL truncated and
 * clamped, TEXT/BLOB by `sqlite3Atoi64` on the longest integer prefix
 * ('1e3' → 1, clamped on overflow), NULL → 0. Hot.
 */
export function memToInt(m: Mem): number | bigint {
  switch (m.type) {
    case MemType.INT:
      return m.big === null ? m.n : m.big;
    case MemType.REAL:
      return realToInt64(m.n);
    case MemType.TEXT:
      return parseInt64(m.s).value;
    case MemType.BLOB:
      return parseInt64(decodeDb(m.b)).value;
    default:
      return 0;
  }
}

/**
 * Store into `out` the numeric value of TEXT `s` as arithmetic sees it
 * (`computeNumericType`): REAL when the numeric prefix has a '.' or exponent
 * or does not fit 64 bits, else INTEGER; no numeric prefix → INTEGER 0. Hot.
 */
export function textToNumeric(s: string, out: Mem): void {
  const r = parseReal(s);
  if (r.flags === 0) {
    out.setInt(0);
    return;
  }
  if ((r.flags & 2) === 0) {
    const value = r.value;
    // ≤ 15 significant digits parse exactly: the double already is the integer
    if (value > -1e15 && value < 1e15) {
      out.setInt(value === 0 ? 0 : value);
      return;
    }
    const i = parseInt64(s);
    if (i.rc === Atoi.OK || i.rc === Atoi.EXTRA) {
      out.setSqlInt(i.value);
      return;
    }
    out.setReal(value);
    return;
  }
  out.setReal(r.value);
}

/**
 * Copy `m` into `out` as a number for arithmetic: INT/REAL copied,
 * TEXT/BLOB interpreted by {@link textToNumeric}, NULL stays NULL. Hot.
 */
export function toNumeric(m: Mem, out: Mem): void {
  switch (m.type) {
    case MemType.INT:
    case MemType.REAL:
    case MemType.NULL:
      out.copyFrom(m);
      return;
    case MemType.TEXT:
      textToNumeric(m.s, out);
      return;
    default:
      textToNumeric(decodeDb(m.b), out);
  }
}

/**
 * CAST(x AS NUMERIC) / `sqlite3VdbeMemNumerify` in place: TEXT/BLOB become
 * INTEGER when the numeric prefix is an integer that fits, or a REAL that
 * equals an integer below 2^51 (`sqlite3RealSameAsInt`); otherwise REAL.
 * Cold-ish.
 */
export function numerifyMem(m: Mem): void {
  if (m.type !== MemType.TEXT && m.type !== MemType.BLOB) return;
  const s = textOf(m);
  const r = parseReal(s);
  const rv = r.value;
  if ((r.flags & 2) === 0) {
    const i = parseInt64(s);
    if (i.rc <= Atoi.EXTRA) {
      m.setSqlInt(i.value);
      return;
    }
  }
  const iv = realToInt64(rv);
  if (realSameAsInt(rv, iv)) m.setSqlInt(iv);
  else m.setReal(rv);
}

/**
 * Convert a REAL Mem to INTEGER in place when it holds an integral value
 * strictly inside the int64 range (`sqlite3VdbeIntegerAffinity`). Hot-ish.
 */
export function integerAffinity(m: Mem): void {
  if (m.type !== MemType.REAL) return;
  const r = m.n;
  if (r > -9007199254740992 && r < 9007199254740992) {
    if (Math.trunc(r) === r) m.setInt(r === 0 ? 0 : r);
    return;
  }
  if (r > -9223372036854775808 && r < 9223372036854775808 && Math.trunc(r) === r) {
    m.setBigInt(BigInt(r));
  }
}

/** Type names accepted by CAST, reduced to a target (CAST uses the affinity of the type name). */
export type CastTarget = "TEXT" | "BLOB" | "INTEGER" | "REAL" | "NUMERIC";

/**
 * CAST(m AS target) in place, as `sqlite3VdbeMemCast`: NULL stays NULL;
 * BLOB target keeps bytes (text → database-encoding bytes, numbers → their text);
 * TEXT renders numbers; INTEGER uses `sqlite3VdbeIntValue`; REAL uses
 * `sqlite3VdbeRealValue`; NUMERIC uses {@link numerifyMem}. Cold-ish.
 */
export function castMem(m: Mem, target: CastTarget): void {
  if (m.type === MemType.NULL) return;
  switch (target) {
    case "BLOB": {
      if (m.type === MemType.BLOB) return;
      const t = memToText(m) ?? "";
      m.setBlob(encodeDb(t));
      return;
    }
    case "TEXT": {
      if (m.type === MemType.TEXT) return;
      m.setText(memToText(m) ?? "");
      return;
    }
    case "INTEGER": {
      if (m.type === MemType.INT) return;
      m.setSqlInt(memToInt(m));
      return;
    }
    case "REAL": {
      if (m.type === MemType.REAL) return;
      m.setReal(memToReal(m));
      return;
    }
    case "NUMERIC": {
      if (m.type === MemType.TEXT || m.type === MemType.BLOB) numerifyMem(m);
      return;
    }
  }
}

/** bigint → number|bigint normalised (re-exported for callers doing int64 math). */
export { normInt };
