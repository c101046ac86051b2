/**
 * Row materialisation: the current row of an engine statement as the JS value better-sqlite3
 * returns — an object keyed by column name (default), the first column's value (`pluck`), an
 * array (`raw`), or objects nested by origin table with `$` for expressions (`expand`).
 * Owns: the row readers. The default reader is generated once per list of column names (an
 * object literal with those names, so every row has one hidden class), shared by the
 * statements with those names, and reused for every row.
 * Follows: better-sqlite3 src/util/data.cpp (GetFlatRowJS, GetRawRowJS, GetExpandedRowJS).
 * Must never: allocate anything per row beyond the row itself — hot.
 * @module
 */
import type { PreparedStatement } from "./engine.ts";

/** How rows are shaped (better-sqlite3's Data::FLAT/PLUCK/EXPAND/RAW). */
export const RowMode = { FLAT: 0, PLUCK: 1, EXPAND: 2, RAW: 3 } as const;
/** One of {@link RowMode}'s values. */
export type RowMode = typeof RowMode[keyof typeof RowMode];

/** A JS value read from a column. */
export type ColumnValue = null | number | bigint | string | Uint8Array;

/** Reads the current row of a statement into an object keyed by column name. */
export type ObjectRowReader = (s: PreparedStatement, safe: boolean) => Record<string, ColumnValue>;

/**
 * An INTEGER outside the safe range reads as a (lossy) number unless safeIntegers is on, as in
 * better-sqlite3 (the engine may hand back a bigint either way). Hot.
 */
export function toNumberUnlessSafe(v: ColumnValue, safe: boolean): ColumnValue {
  return typeof v === "bigint" && !safe ? Number(v) : v;
}

/**
 * The object-row reader for these column names. Warm (once per statement execution that
 * reads rows, a map lookup after the first); the reader it returns is hot. Duplicate names keep the first position and the last value, as V8's
 * `Set` in better-sqlite3 does.
 */
export function compileObjectReader(names: readonly string[]): ObjectRowReader {
  // Generating a reader compiles JavaScript (~tens of µs): statements with the same column
  // names share one (`db.prepare(sql).get()` in a loop builds a new statement every time).
  const key = JSON.stringify(names);
  const cached = readers.get(key);
  if (cached !== undefined) return cached;
  const reader = buildObjectReader(names);
  if (readers.size >= MAX_READERS) readers.delete(readers.keys().next().value!);
  readers.set(key, reader);
  return reader;
}

/** Generated readers by column-name list (JSON), oldest first. */
const readers = new Map<string, ObjectRowReader>();
const MAX_READERS = 256;

function buildObjectReader(names: readonly string[]): ObjectRowReader {
  if (names.length <= 64 && !names.includes("__proto__")) {
    let body = "return {";
    for (let i = 0; i < names.length; i++) {
      body += `${JSON.stringify(names[i])}: num(s.columnValue(${i}, safe), safe),`;
    }
    body += "};";
    return new Function("num", `return (s, safe) => {${body}}`)(
      toNumberUnlessSafe,
    ) as ObjectRowReader;
  }
  return (s, safe) => {
    const row: Record<string, ColumnValue> = {};
    for (let i = 0; i < names.length; i++) {
      Object.defineProperty(row, names[i], {
        value: toNumberUnlessSafe(s.columnValue(i, safe), safe),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return row;
  };
}

/** The current row as an array of column values. Hot. */
export function readRaw(s: PreparedStatement, n: number, safe: boolean): ColumnValue[] {
  const row = new Array<ColumnValue>(n);
  for (let i = 0; i < n; i++) row[i] = toNumberUnlessSafe(s.columnValue(i, safe), safe);
  return row;
}

/** The current row nested by origin table (`$` for columns that are not table columns). Hot. */
export function readExpanded(
  s: PreparedStatement,
  names: readonly string[],
  tables: readonly string[],
  safe: boolean,
): Record<string, Record<string, ColumnValue>> {
  const row: Record<string, Record<string, ColumnValue>> = {};
  for (let i = 0; i < names.length; i++) {
    const t = tables[i];
    let nested = Object.hasOwn(row, t) ? row[t] : undefined;
    if (nested === undefined) {
      nested = {};
      Object.defineProperty(row, t, {
        value: nested,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    Object.defineProperty(nested, names[i], {
      value: toNumberUnlessSafe(s.columnValue(i, safe), safe),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return row;
}
