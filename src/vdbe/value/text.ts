/**
 * UTF-8 helpers for TEXT values: SQLite stores and measures text as UTF-8
 * while tsqlite holds it as JS (UTF-16) strings.
 *
 * Owns: string ↔ bytes conversion (for BLOB casts, hex(), octet_length()),
 * and BINARY collation order (memcmp of UTF-8 bytes, which differs from UTF-16
 * code-unit order only for astral vs U+E000–U+FFFF characters). The UTF-8
 * byte length of a string is format/record.ts's `utf8Length`, passed on here.
 * Must never: allocate in {@link compareBinary}.
 * @module
 */

/** Number of UTF-8 bytes of `s` (as the record encoder counts them). Hot: no allocation. */
export { utf8Length } from "../../format/record.ts";

/** Longest TEXT a result may hold: JS's string limit (~2^29 units), below SQLite's 1e9 bytes. */
export const MAX_STRING = 536870888;

import { decodeText, encodeText } from "../../format/text.ts";
import { utf8Length } from "../../format/record.ts";

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** UTF-8 bytes of a string. Cold-ish (allocates). */
export function encodeUtf8(s: string): Uint8Array {
  return ENCODER.encode(s);
}

/** String of UTF-8 bytes (invalid sequences become U+FFFD). Cold-ish. */
export function decodeUtf8(b: Uint8Array): string {
  // A NUL byte ends a C string in SQLite's text conversions of blobs only for
  // some functions; CAST keeps all bytes, so do we.
  return DECODER.decode(b);
}

/**
 * Text encoding of the database whose statement is running (1 UTF-8, 2 UTF-16le, 3 UTF-16be):
 * SQLite's BINARY collation is memcmp of the text in that encoding, and blob <-> text
 * conversions use its bytes. Set by the VM around each step (saved and restored, so nested
 * statements of other connections keep theirs).
 */
let dbEncoding = 1;

/** Make `enc` the running statement's text encoding; returns the previous one. Hot (per step). */
export function setDbEncoding(enc: number): number {
  const old = dbEncoding;
  dbEncoding = enc;
  return old;
}

/** Bytes of `s` in the running database's encoding (CAST(text AS BLOB), hex(text)). Cold-ish. */
export function encodeDb(s: string): Uint8Array {
  return dbEncoding === 1 ? ENCODER.encode(s) : encodeText(s, dbEncoding);
}

/** Byte length of `s` in the running database's encoding (octet_length). Hot-ish. */
export function dbByteLength(s: string): number {
  return dbEncoding === 1 ? utf8Length(s) : s.length * 2;
}

/** Text of bytes in the running database's encoding (CAST(blob AS TEXT)). Cold-ish. */
export function decodeDb(b: Uint8Array): string {
  return dbEncoding === 1 ? DECODER.decode(b) : decodeText(b, 0, b.length, dbEncoding);
}

/**
 * Compare two strings in the byte order of the database's encoding (SQLite's BINARY
 * collation: memcmp of UTF-8, UTF-16le or UTF-16be bytes). Hot.
 * Returns negative, zero or positive.
 */
export function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (dbEncoding !== 1) {
        // UTF-16be: code-unit order; UTF-16le: low byte first
        if (dbEncoding === 2) {
          x = ((x & 0xff) << 8) | (x >>> 8);
          y = ((y & 0xff) << 8) | (y >>> 8);
        }
        return x - y;
      }
      if (x >= 0xd800 && y >= 0xd800) {
        // surrogates (astral code points) sort after U+E000..U+FFFF in UTF-8
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * Compare two strings in UTF-8 byte order whatever the database's encoding (collations SQLite
 * registers for UTF-8 only, such as RTRIM, see their text as UTF-8). Hot.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Number of characters (Unicode code points) in `s`, as SQLite's length(). Hot. */
export function charLength(s: string): number {
  const n = s.length;
  let count = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** Upper-case hex of bytes, as hex() and quote() write blobs. Cold. */
export function bytesToHexUpper(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; i++) {
    const v = b[i];
    out += HEX[v >> 4] + HEX[v & 15];
  }
  return out;
}

const HEX = "0123456789ABCDEF";
