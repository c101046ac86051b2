// Built-in window functions (src/func/window.ts) over materialised partitions, compared with
// node:sqlite's window queries: ranking functions with ties, ntile, lag/lead offsets and
// defaults, first/last/nth_value over default and explicit ROWS frames, and error messages.
import assert from "node:assert/strict";
import { Mem } from "../../src/vdbe/mem.ts";
import { compareMem } from "../../src/vdbe/value/compare.ts";
import { evaluateWindow, type WindowFrame, type WindowPartition } from "../../src/func/window.ts";
import { fromMem, sameTyped, show, toMem, type Typed, type V } from "../vdbe/value_oracle.ts";
import { oracle, report } from "./func_harness.ts";

oracle.db.exec(`CREATE TABLE w(id INTEGER PRIMARY KEY, g, v, o);
  INSERT INTO w(g, v, o) VALUES
    (1, 10, 1), (1, 10, 2), (1, 20, '2'), (1, NULL, 1.5), (1, 30, NULL), (1, 'x', 'a'),
    (2, 5, -1), (2, 5, 2.0), (2, 7, 3), (3, 1.5, 1), (1, 20, 0), (2, x'01', 1)`);

interface Row {
  id: V;
  g: V;
  v: V;
  o: V;
}

/** Rows of each partition in window order, with peer groups on `v` (or none when unique). */
function partitions(byId: boolean): { rows: Row[]; part: WindowPartition; argsOf: string }[] {
  const rows = oracle.stmt(`SELECT id, g, v, o FROM w ORDER BY g, v${byId ? ", id" : ", id"}`)
    .all() as unknown as Row[];
  const out: { rows: Row[]; part: WindowPartition; argsOf: string }[] = [];
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j < rows.length && rows[j].g === rows[i].g) j++;
    const pr = rows.slice(i, j);
    const n = pr.length;
    const peerStart = new Array<number>(n);
    const peerEnd = new Array<number>(n);
    for (let k = 0; k < n; k++) {
      const same = (a: number, b: number) =>
        !byId && compareMem(toMem(pr[a].v), toMem(pr[b].v), null) === 0;
      let s = k;
      while (s > 0 && same(s - 1, k)) s--;
      let e = k + 1;
      while (e < n && same(e, k)) e++;
      peerStart[k] = s;
      peerEnd[k] = e;
    }
    out.push({
      rows: pr,
      argsOf: "",
      part: { size: n, peerStart, peerEnd, arg: () => new Mem() },
    });
    i = j;
  }
  return out;
}

function check(
  fn: string,
  args: string[],
  byId: boolean,
  frameSql: string,
  frame: ((p: WindowPartition, row: number) => WindowFrame) | null,
  failures: string[],
): void {
  const over = `(PARTITION BY g ORDER BY v${byId ? ", id" : ""}${frameSql ? " " + frameSql : ""})`;
  const sql = `SELECT ${fn}(${args.join(", ")}) OVER ${over} AS x, typeof(${fn}(${
    args.join(", ")
  }) OVER ${over}) AS t FROM w ORDER BY g, v, id`;
  let want: Typed[] | string;
  try {
    want = (oracle.stmt(sql).all() as unknown as { x: V; t: string }[]).map((r) => ({
      v: r.x,
      t: r.t,
    }));
  } catch (e) {
    want = (e as Error).message;
  }
  let got: Typed[] | string;
  try {
    got = [];
    for (const { rows, part } of partitions(byId)) {
      const p: WindowPartition = {
        ...part,
        arg: (row, k) => {
          const col = args[k];
          const r = rows[row] as unknown as Record<string, V>;
          if (col in r) return toMem(r[col]);
          const c = oracle.eval(col, []); // a constant argument
          return toMem("error" in c ? null : c.v);
        },
      };
      const res = evaluateWindow(fn, args.length, p, frame ? (row) => frame(p, row) : undefined);
      got.push(...res.map(fromMem));
    }
  } catch (e) {
    got = (e as Error).message;
  }
  const label = `${fn}(${args.join(", ")}) OVER ${over}`;
  if (typeof want === "string" || typeof got === "string") {
    if (want !== got) failures.push(`${label}: sqlite=${want} tsqlite=${got}`);
    return;
  }
  for (let i = 0; i < want.length; i++) {
    if (!got[i] || !sameTyped(got[i], want[i])) {
      failures.push(
        `${label} row ${i}: sqlite=${show(want[i])} tsqlite=${got[i] ? show(got[i]) : "-"}`,
      );
    }
  }
}

Deno.test("window: ranking functions with peers (rank, dense_rank, percent_rank, cume_dist, row_number)", () => {
  const failures: string[] = [];
  for (const fn of ["rank", "dense_rank", "percent_rank", "cume_dist"]) {
    check(fn, [], false, "", null, failures);
  }
  check("row_number", [], true, "", null, failures);
  report(failures);
});

Deno.test("window: ntile, lag and lead with every kind of argument", () => {
  const failures: string[] = [];
  for (const n of ["1", "2", "3", "4", "100", "2.5", "0", "-1", "'a'", "NULL", "'3'"]) {
    check("ntile", [n], true, "", null, failures);
  }
  for (const fn of ["lag", "lead"]) {
    check(fn, ["v"], true, "", null, failures);
    for (const off of ["0", "1", "2", "-1", "1.5", "2.0", "'a'", "'2'", "NULL", "o", "100"]) {
      check(fn, ["v", off], true, "", null, failures);
      check(fn, ["v", off, "'dflt'"], true, "", null, failures);
      check(fn, ["v", off, "o"], true, "", null, failures);
    }
  }
  report(failures);
});

Deno.test("window: first_value, last_value, nth_value over default and ROWS frames", () => {
  const failures: string[] = [];
  const frames: [string, ((p: WindowPartition, row: number) => WindowFrame) | null][] = [
    ["", null],
    [
      "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
      (p) => ({ start: 0, end: p.size }),
    ],
    ["ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING", (p, r) => ({
      start: Math.max(0, r - 1),
      end: Math.min(p.size, r + 2),
    })],
    ["ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING", (p, r) => ({
      start: Math.min(p.size, r + 1),
      end: Math.min(p.size, r + 3),
    })],
  ];
  for (const byId of [false, true]) {
    for (const [sql, f] of frames) {
      check("first_value", ["v"], byId, sql, f, failures);
      check("last_value", ["v"], byId, sql, f, failures);
      for (const n of ["1", "2", "3", "2.0", "'2'", "0", "2.5", "-1", "NULL"]) {
        check("nth_value", ["v", n], byId, sql, f, failures);
      }
    }
  }
  report(failures);
  assert.ok(true);
});
