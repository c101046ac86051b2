/**
 * Random JSON documents and the json_each / json_tree checks run on them against node:sqlite
 * (shared by tests/engine/vtab_json_fuzz_test.ts and the longer vtab_json_fuzz.soak.ts).
 */
import type { Pair } from "./select_table_harness.ts";

/** A seeded linear congruential generator in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const LABELS = ["a", "b c", "é", "x.y", 'q\\"q', "k1", "[0]", "", "日本", "$"];
const STRINGS = ["", "plain", "tab\\there", 'quote\\"', "\\u00e9\\u0041", "😀", "x".repeat(300)];
const NUMBERS = [
  "0",
  "-1",
  "3.5",
  "1e10",
  "-2.25E-3",
  "9223372036854775807",
  "12345678901234567890",
];

/** A random JSON text of nesting `depth` (as SQLite accepts it: plain RFC 8259). */
export function doc(r: () => number, depth: number, top = false): string {
  const k = top ? 0.4 + r() * 0.6 : r();
  if (depth <= 0 || k < 0.3) {
    const t = r();
    if (t < 0.3) return NUMBERS[Math.floor(r() * NUMBERS.length)];
    if (t < 0.6) return `"${STRINGS[Math.floor(r() * STRINGS.length)]}"`;
    return ["true", "false", "null"][Math.floor(r() * 3)];
  }
  const n = Math.floor(r() * (r() < 0.15 ? 40 : 8));
  if (k < 0.7) {
    return "[" + Array.from({ length: n }, () => doc(r, depth - 1)).join(",") + "]";
  }
  const used = new Set<string>();
  const members: string[] = [];
  for (let i = 0; i < n; i++) {
    const l = LABELS[Math.floor(r() * LABELS.length)];
    if (used.has(l)) continue;
    used.add(l);
    members.push(`"${l}":${doc(r, depth - 1)}`);
  }
  return "{" + members.join(",") + "}";
}

/** Paths into `text` that exist (from json_tree's fullkey column, via node:sqlite). */
export function paths(p: Pair, text: string): string[] {
  const o = p.refq(`SELECT fullkey FROM json_tree(${lit(text)})`);
  return "rows" in o ? o.rows.map((row) => String(row[0])) : [];
}

export function lit(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** Compare json_each / json_tree of seed `seed`'s document with node:sqlite; the differences. */
export function checkSeed(p: Pair, seed: number): string[] {
  const bad: string[] = [];
  const r = rng(seed);
  const text = doc(r, 4, true);
  const ps = paths(p, text);
  const pick = ps.length === 0 ? "$" : ps[Math.floor(r() * ps.length)];
  for (
    const q of [
      `SELECT rowid, * FROM json_tree(${lit(text)})`,
      `SELECT rowid, * FROM json_each(${lit(text)})`,
      `SELECT * FROM json_tree(jsonb(${lit(text)}))`,
      `SELECT * FROM json_each(${lit(text)}, ${lit(pick)})`,
      `SELECT * FROM json_tree(${lit(text)}, ${lit(pick)})`,
      `SELECT * FROM json_tree(jsonb(${lit(text)}), ${lit(pick)})`,
    ]
  ) {
    const d = p.diff(q);
    if (d !== null) bad.push(`seed ${seed}: ${d.slice(0, 400)}`);
  }
  return bad;
}
