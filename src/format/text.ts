/**
 * TEXT encoding and decoding in the database's encoding (fileformat2 §1.3
 * offset 56): 1 UTF-8, 2 UTF-16le, 3 UTF-16be.
 *
 * Owns: string ⇄ bytes for record TEXT values. Short ASCII UTF-8 strings
 * take an allocation-light fast path (hot: every TEXT column of every row).
 * Must never: throw on malformed bytes (SQLite returns replacement chars).
 * @module
 */

const utf8Decoder = new TextDecoder("utf-8");
const utf16leDecoder = new TextDecoder("utf-16le");
const utf16beDecoder = new TextDecoder("utf-16be");
const utf8Encoder = new TextEncoder();

/**
 * Decode `len` bytes at `buf[off]` as text in `enc`. Hot.
 * @example
 * ```ts
 * decodeText(new TextEncoder().encode("hi"), 0, 2, 1); // "hi"
 * ```
 */
export function decodeText(buf: Uint8Array, off: number, len: number, enc: number): string {
  if (enc <= 1) {
    if (len <= 24) {
      let ascii = true;
      for (let i = 0; i < len; i++) {
        if (buf[off + i] >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        let s = "";
        for (let i = 0; i < len; i++) s += String.fromCharCode(buf[off + i]);
        return s;
      }
    }
    return utf8Decoder.decode(buf.subarray(off, off + len));
  }
  const even = len & ~1;
  return (enc === 2 ? utf16leDecoder : utf16beDecoder).decode(buf.subarray(off, off + even));
}

/**
 * Encode a string in `enc` (1 UTF-8, 2 UTF-16le, 3 UTF-16be). Cold-ish
 * (allocates the result).
 * @example
 * ```ts
 * encodeText("é", 2); // Uint8Array [0xe9, 0x00]
 * ```
 */
export function encodeText(s: string, enc: number): Uint8Array {
  if (enc <= 1) return utf8Encoder.encode(s);
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (enc === 2) {
      out[2 * i] = c & 0xff;
      out[2 * i + 1] = c >>> 8;
    } else {
      out[2 * i] = c >>> 8;
      out[2 * i + 1] = c & 0xff;
    }
  }
  return out;
}

/** Encode UTF-8 into `out` at `off` when it fits; returns bytes written or -1. Hot. */
export function encodeUtf8Into(s: string, out: Uint8Array, off: number): number {
  const r = utf8Encoder.encodeInto(s, out.subarray(off));
  return r.read === s.length ? r.written : -1;
}
