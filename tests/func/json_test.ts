// JSON functions (src/func/json/) against node:sqlite: parsing (RFC 8259 and JSON5), rendering,
// paths, extraction, edits, construction, errors — called directly (Mem in, Mem out).
import type { V } from "../vdbe/value_oracle.ts";
import { callMine, check, oracle, registry, report } from "./func_harness.ts";
import { checkRandomJson } from "./json_random.ts";
import {
  compareOutcome,
  fromMem,
  outcome,
  sameTyped,
  show,
  toMem,
  type Typed,
} from "../vdbe/value_oracle.ts";
import { Mem } from "../../src/vdbe/mem.ts";
import { type AggregateFunc, NO_CONNECTION, type ScalarFunc } from "../../src/func/mod.ts";
import { jsonEachRows } from "../../src/func/json/each.ts";

/** `a -> b` / `a ->> b` are operators in SQL: compare the operator with our function. */
function checkArrow(op: "->" | "->>", a: V, b: V, failures: string[]): void {
  const want = oracle.eval(`?1 ${op} ?2`, [a, b]);
  compareOutcome(`${show(a)} ${op} ${show(b)}`, want, callMine(op, [a, b]), failures);
}

const DOCS: V[] = [
  '{"a":1,"b":[1,2.50,"x\\u0041",null,true,false],"c":{"d":"e"}}',
  ' { "a" : [ 1 , 2 ] } ',
  "[1,2,3]",
  "[]",
  "{}",
  '"str"',
  "12",
  "-0",
  "1E5",
  "null",
  "true",
  "{a:1, 'b':'x\"y', c:[1,2,],}",
  "[0x1F, +5, .5, 5., Infinity, -Infinity, NaN]",
  "[1,/*c*/2] // x",
  '["\\x41", "a\\tb", "\\u00e9"]',
  '{"a":1,"a":2}',
  '{"a.b":{"c":[10,20,30]}}',
  "[12345678901234567890, 9223372036854775807, -9223372036854775808, 1.5e300, 1e999]",
  "x",
  "[1,",
  "[01]",
  "",
  "  ",
  '{"a" 1}',
  "[1 2]",
  '"unterminated',
  '["tab\there"]',
  null,
  5n,
  1.5,
];

const PATHS: V[] = [
  "$",
  "$.a",
  "$.b",
  "$.b[0]",
  "$.b[2]",
  "$.b[#-1]",
  "$.b[#]",
  "$.c.d",
  '$."a.b".c[1]',
  "$[0]",
  "$[1]",
  "$[#-1]",
  "$[9]",
  "$.zz",
  "x",
  "$.",
  "$[",
  "$[a]",
  "$a",
  "",
  null,
];

Deno.test("json: json(), json_valid(), json_error_position(), json_type() over documents", () => {
  const failures: string[] = [];
  for (const d of DOCS) {
    check("json", [d], failures);
    check("json_valid", [d], failures);
    for (const f of [1n, 2n, 3n, 6n, 0n, 16n]) check("json_valid", [d, f], failures);
    check("json_error_position", [d], failures);
    check("json_type", [d], failures);
    check("json_array_length", [d], failures);
    check("json_pretty", [d], failures);
    check("json_pretty", [d, "  "], failures);
  }
  report(failures);
});

Deno.test("json: json_extract, ->, ->>, json_type and json_array_length over documents × paths", () => {
  const failures: string[] = [];
  for (const d of DOCS) {
    for (const p of PATHS) {
      check("json_extract", [d, p], failures);
      check("json_type", [d, p], failures);
      check("json_array_length", [d, p], failures);
    }
    check("json_extract", [d, "$.a", "$[0]", "$.zz"], failures);
  }
  report(failures);
});

Deno.test("json: json_array, json_object, json_quote over edge values", () => {
  const failures: string[] = [];
  const vals: V[] = [
    null,
    0n,
    -7n,
    9223372036854775807n,
    1.5,
    1 / 3,
    1e300,
    Infinity,
    -Infinity,
    -0,
    "",
    'a"b\\c\n\t\u0001é🎉',
    "[1,2]",
    "{}",
    0.1,
  ];
  for (const v of vals) {
    check("json_array", [v], failures);
    check("json_array", [v, v], failures);
    check("json_object", ["k", v], failures);
    check("json_quote", [v], failures);
  }
  check("json_array", [], failures);
  check("json_object", [], failures);
  check("json_object", ["a"], failures);
  check("json_object", [1n, 2n], failures);
  check("json_object", ["a", 1n, "a", 2n], failures);
  check("json_array", [new Uint8Array([0x41])], failures);
  report(failures);
});

Deno.test("json: json_insert/replace/set/remove and json_patch", () => {
  const failures: string[] = [];
  const docs: V[] = ['{"a":1,"b":[1,2,3],"c":{"d":4}}', "[1,2,3]", "{}", "[]", "7", "x", null];
  const paths: V[] = [
    "$",
    "$.a",
    "$.z",
    "$.b[1]",
    "$.b[3]",
    "$.b[#]",
    "$.b[#-1]",
    "$.c.d",
    "$.c.e",
    "$.y.z",
    "$.y.z.w",
    "$[0]",
    "$[3]",
    "$[#]",
    "$[9]",
    "$.b[5]",
    "$.q[0]",
    "$.q[#]",
    "bad",
    null,
  ];
  const values: V[] = [9n, "s", null, 2.5];
  for (const d of docs) {
    for (const p of paths) {
      for (const v of values) {
        check("json_insert", [d, p, v], failures);
        check("json_replace", [d, p, v], failures);
        check("json_set", [d, p, v], failures);
      }
      check("json_remove", [d, p], failures);
      check("json_remove", [d, p, "$.a"], failures);
    }
    check("json_set", [d], failures);
    check("json_set", [d, "$.a"], failures);
    check("json_remove", [d], failures);
  }
  const patches: V[] = [
    '{"a":null,"x":1}',
    '{"c":{"d":null,"e":5}}',
    "[1]",
    "5",
    '{"b":{"z":1}}',
    "{}",
  ];
  for (const d of docs) for (const p of patches) check("json_patch", [d, p], failures);
  report(failures);
});

Deno.test("json: -> and ->> shorthands (labels, integer indexes, paths)", () => {
  const failures: string[] = [];
  const docs: V[] = ['{"a":{"b":[5,6]},"x.y":1,"0":"zero"}', "[10,20,30]", '"s"', "x", null];
  const rhs: V[] = [
    "a",
    "$.a.b[1]",
    "x.y",
    "0",
    0n,
    1n,
    -1n,
    -4n,
    "[1]",
    "$[1]",
    null,
    1.5,
    "$bad",
  ];
  for (const d of docs) {
    for (const r of rhs) {
      checkArrow("->", d, r, failures);
      checkArrow("->>", d, r, failures);
    }
  }
  report(failures);
});

Deno.test("json: JSON-subtype values nest as JSON (json_array(json(x)), json_set(…, json(x)))", () => {
  const failures: string[] = [];
  const docs: V[] = ["[1,2]", '{"a":"b"}', '"s"', "12", "null", "{a:1}"];
  for (const d of docs) {
    const inner = new Mem();
    const jsonFn = registry.find("json", 1) as ScalarFunc;
    jsonFn.call([toMem(d)], 1, inner, null, NO_CONNECTION);
    const cases: [string, string, Mem[]][] = [
      ["json_array", "json_array(json(?1), ?2)", [inner, toMem("x")]],
      ["json_object", "json_object('k', json(?1))", [toMem("k"), inner]],
      ["json_set", "json_set('{}', '$.z', json(?1))", [toMem("{}"), toMem("$.z"), inner]],
      ["json_insert", "json_insert('[0]', '$[#]', json(?1))", [toMem("[0]"), toMem("$[#]"), inner]],
      ["json_quote", "json_quote(json(?1))", [inner]],
    ];
    for (const [name, expr, args] of cases) {
      const want = oracle.eval(expr, [d, "x"].slice(0, expr.includes("?2") ? 2 : 1));
      const def = registry.find(name, args.length) as ScalarFunc;
      const got = outcome(() => {
        const out = new Mem();
        def.call(args, args.length, out, null, NO_CONNECTION);
        return fromMem(out);
      });
      compareOutcome(`${expr} [${show(d)}]`, want, got, failures);
    }
  }
  report(failures);
});

Deno.test("json: json_group_array / json_group_object aggregates and windows", () => {
  const failures: string[] = [];
  oracle.db.exec("CREATE TABLE jg(id INTEGER PRIMARY KEY, k, v)");
  const rows: [V, V][] = [["a", 1n], ["b", 'x"y'], [null, 2.5], ["c", null], ["a", 3n]];
  const ins = oracle.db.prepare("INSERT INTO jg(k, v) VALUES (?, ?)");
  for (const r of rows) ins.run(...(r as unknown as never[]));
  const calls: [string, string, number][] = [
    ["json_group_array(v)", "json_group_array", 1],
    ["json_group_array(k)", "json_group_array", 1],
    ["json_group_object(k, v)", "json_group_object", 2],
  ];
  for (const [sql, name, nArg] of calls) {
    const want = oracle.stmt(`SELECT ${sql} AS v, typeof(${sql}) AS t FROM jg`)
      .get() as unknown as Typed;
    const st = (registry.find(name, nArg) as AggregateFunc).create(null, NO_CONNECTION);
    const pick = (r: [V, V]) => (sql.includes("(k") ? [r[0], r[1]] : [r[1]]).map(toMem);
    try {
      for (const r of rows) st.step(pick(r), nArg);
      const out = new Mem();
      st.final(out);
      const got = fromMem(out);
      if (!sameTyped(got, { v: want.v, t: want.t })) {
        failures.push(`${sql}: sqlite=${show(want)} tsqlite=${show(got)}`);
      }
    } catch (e) {
      failures.push(`${sql}: sqlite=${show(want)} tsqlite=ERR ${(e as Error).message}`);
    }
    // sliding window of 2 rows
    const wantRows = (oracle.stmt(
      `SELECT ${sql} OVER (ORDER BY id ROWS 1 PRECEDING) AS v FROM jg ORDER BY id`,
    ).all() as { v: V }[]).map((r) => r.v);
    const w = (registry.find(name, nArg) as AggregateFunc).create(null, NO_CONNECTION);
    for (let i = 0; i < rows.length; i++) {
      w.step(pick(rows[i]), nArg);
      if (i >= 2) w.inverse!(pick(rows[i - 2]), nArg);
      const out = new Mem();
      w.value!(out);
      if (out.s !== wantRows[i]) {
        failures.push(`${sql} OVER row ${i}: sqlite=${wantRows[i]} tsqlite=${out.s}`);
      }
    }
  }
  report(failures);
});

Deno.test("json: 1500 random documents (json, json_valid, json_extract, json_set, json_remove)", () => {
  const failures: string[] = [];
  checkRandomJson(1500, 4242, failures);
  report(failures);
});

Deno.test("jsonb: jsonb() bytes, JSONB arguments to every json function, jsonb_* results", () => {
  const failures: string[] = [];
  const docs: V[] = [
    ...DOCS.filter((d) => typeof d === "string"),
    '{"k":"a\\"b","u":"\\u00e9","t":\'it\\\'s\',"c":"ctl\u0001"}',
    '[1,[2,[3,[4]]],{"deep":{"er":[true,false,null]}}]',
    '["' + "x".repeat(300) + '"]',
    "[" + Array.from({ length: 40 }, (_, i) => String(i * 1000)).join(",") + "]",
  ];
  const jsonbOf = (d: V): Uint8Array | null => {
    const r = callMine("jsonb", [d]);
    return "error" in r || !(r.v instanceof Uint8Array) ? null : r.v;
  };
  for (const d of docs) {
    check("jsonb", [d], failures);
    const b = jsonbOf(d);
    if (b === null) continue;
    // the same blob through the text functions
    for (const f of ["json", "json_type", "json_array_length", "json_valid", "json_quote"]) {
      check(f, [b], failures);
    }
    check("json_valid", [b, 4n], failures);
    check("json_valid", [b, 8n], failures);
    for (const p of ["$", "$.a", "$[1]", "$.b[2]", "$[1][1]"]) {
      check("json_extract", [b, p], failures);
      check("jsonb_extract", [b, p], failures);
      check("jsonb_extract", [d, p], failures);
      check("jsonb_set", [d, p, 99n], failures);
      check("jsonb_remove", [b, p], failures);
      check("jsonb_insert", [b, p, "v"], failures);
    }
    check("json_array", [b, 1n], failures);
    check("jsonb_array", [b, "s", 1.5, null], failures);
    check("jsonb_object", ["k", b, 'q"', "v"], failures);
    check("jsonb_patch", [d, '{"a":null,"n":1}'], failures);
  }
  check("json", [new Uint8Array([0x41])], failures);
  check("json_array", [new Uint8Array([0x41])], failures);
  check("json_array", [new Uint8Array([0x00])], failures);
  check("json_valid", [new Uint8Array([0x13, 0x31]), 4n], failures);
  check("json_valid", [new Uint8Array([0x13]), 8n], failures);
  report(failures);
});

Deno.test("json: json_array_insert / jsonb_array_insert", () => {
  const failures: string[] = [];
  const docs: V[] = ["[1,2,3]", '{"a":[1],"b":{"c":[]}}', "[]", "{}", "5", "x", null];
  const paths: V[] = [
    "$[0]",
    "$[1]",
    "$[#]",
    "$[#-1]",
    "$[9]",
    "$",
    "$.a",
    "$.a[0]",
    "$.a[#]",
    "$.b.c[0]",
    "$.z[0]",
    "$[",
    null,
  ];
  for (const d of docs) {
    for (const p of paths) {
      check("json_array_insert", [d, p, 9n], failures);
      check("jsonb_array_insert", [d, p, "v"], failures);
    }
    check("json_array_insert", [d, "$[0]", 1n, "$[#]", 2n], failures);
  }
  report(failures);
});

Deno.test("json: json_each / json_tree rows (key, value, type, atom, id, parent, fullkey, path)", () => {
  const failures: string[] = [];
  const docs: V[] = [
    '{"a":1,"b c":[2,{"d":null}],"1x":"s","a_b":[],"é":{"":true}}',
    '[[1,[2,[3]]],{"k":"v\\u0041"},"' + "x".repeat(20) + '"]',
    "5",
    '"s"',
    "[]",
    "{}",
    '{"big":"' + "y".repeat(300) + '","after":[1,2]}',
    "[0x10, .5, 'q']",
    '{"x":{"a":[1]},"y":{"b":1,"a":[1]}}',
    "[5,[7,[1]],[[1],7]]",
    '[{"a":1},{"b":{"c":[]}}]',
    null,
  ];
  const paths: (V | undefined)[] = [
    "$.x.a",
    "$.y.a",
    "$[1][0]",
    "$[2][0]",
    "$[0].a",
    "$[1].b.c",
    "$.x",
    undefined,
    "$",
    "$.a",
    '$."b c"',
    '$."b c"[1]',
    "$[0]",
    "$[0][1]",
    "$[1].k",
    "$.zz",
    "$.after",
    "$[9]",
  ];
  const cols = "key, value, type, atom, id, parent, fullkey, path";
  for (const fn of ["json_each", "json_tree"]) {
    for (const d of docs) {
      for (const p of paths) {
        const params: V[] = p === undefined ? [d] : [d, p];
        let want: Typed[][] | string;
        try {
          const rows = oracle.stmt(
            `SELECT ${cols}, typeof(key) tk, typeof(value) tv, typeof(atom) ta FROM ${fn}(${
              params.map((_, i) => `?${i + 1}`).join(",")
            })`,
          ).all(...(params as never[])) as Record<string, V>[];
          want = rows.map((r) => [
            { v: r.key, t: r.tk as string },
            { v: r.value, t: r.tv as string },
            { v: r.type, t: "text" },
            { v: r.atom, t: r.ta as string },
            { v: r.id, t: "integer" },
            { v: r.parent, t: r.parent === null ? "null" : "integer" },
            { v: r.fullkey, t: "text" },
            { v: r.path, t: "text" },
          ]);
        } catch (e) {
          want = (e as Error).message;
        }
        let got: Typed[][] | string;
        try {
          got = jsonEachRows(params.map(toMem), params.length, fn === "json_tree").map((r) =>
            r.slice(0, 8).map(fromMem)
          );
        } catch (e) {
          got = (e as Error).message;
        }
        const label = `${fn}(${params.map(show).join(", ")})`;
        if (typeof want === "string" || typeof got === "string") {
          if (want !== got) failures.push(`${label}: sqlite=${want} tsqlite=${got}`);
          continue;
        }
        if (want.length !== got.length) {
          failures.push(`${label}: sqlite ${want.length} rows, tsqlite ${got.length}`);
          continue;
        }
        for (let i = 0; i < want.length; i++) {
          for (let c = 0; c < 8; c++) {
            if (!sameTyped(got[i][c], want[i][c])) {
              failures.push(
                `${label} row ${i} col ${c}: sqlite=${show(want[i][c])} tsqlite=${show(got[i][c])}`,
              );
            }
          }
        }
      }
    }
  }
  report(failures);
});
