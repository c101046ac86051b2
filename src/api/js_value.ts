/**
 * Storing a value returned by user JavaScript (a user function's result, a row a `db.table()`
 * generator yields) in a register, with better-sqlite3's conversion rules: number → REAL, string →
 * TEXT, bigint → INTEGER (64-bit range only), undefined/null → NULL, any ArrayBuffer view → a copied
 * BLOB; anything else is refused.
 *
 * Owns: that conversion. Must never: word the error (each caller throws better-sqlite3's message
 * for its context) or allocate beyond the value itself. Hot (per user call / per yielded column).
 * @module
 */

import { INT64_MAX, INT64_MIN, type Mem } from "../vdbe/mem.ts";

/** The outcome of {@link storeJsValue}. */
export const JsStore = { OK: 0, BIGINT_TOO_BIG: 1, INVALID: 2 } as const;
/** One of {@link JsStore}. */
export type JsStore = (typeof JsStore)[keyof typeof JsStore];

/** Store `value` in `out` as better-sqlite3 converts it; `out` is untouched unless OK. Hot. */
export function storeJsValue(out: Mem, value: unknown): JsStore {
  switch (typeof value) {
    case "number":
      out.setReal(value);
      return JsStore.OK;
    case "string":
      out.setText(value);
      return JsStore.OK;
    case "bigint":
      if (value < INT64_MIN || value > INT64_MAX) return JsStore.BIGINT_TOO_BIG;
      out.setBigInt(value);
      return JsStore.OK;
    case "undefined":
      out.setNull();
      return JsStore.OK;
    case "object":
      if (value === null) {
        out.setNull();
        return JsStore.OK;
      }
      if (ArrayBuffer.isView(value)) {
        out.setBlob(new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice());
        return JsStore.OK;
      }
  }
  return JsStore.INVALID;
}
