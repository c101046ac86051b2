// Date and time functions (src/func/date.ts) against node:sqlite: time-value forms × modifiers
// through date/time/datetime/julianday/unixepoch/strftime, timediff, and 'now' consistency.
import assert from "node:assert/strict";
import type { V } from "../vdbe/value_oracle.ts";
import { callMine, check, lcg, oracle, registry, report } from "./func_harness.ts";
import { Mem } from "../../src/vdbe/mem.ts";
import { NO_CONNECTION, PureContext, type ScalarFunc } from "../../src/func/mod.ts";
import { fromMem, toMem } from "../vdbe/value_oracle.ts";

const VALUES: V[] = [
  "2024-02-29",
  "2023-02-31",
  "2000-01-01 12:34:56",
  "2000-01-01T12:34:56.789",
  "2000-01-01 12:34",
  "1970-01-01 00:00:00Z",
  "2013-10-07 08:23:19.120+04:00",
  "2013-10-07 08:23:19.120 -02:30",
  "12:34:56",
  "23:59:59.9999",
  "24:00",
  "0000-01-01",
  "-0044-03-15 12:00",
  "9999-12-31 23:59:59.999",
  "2024-13-01",
  "2024-00-10",
  "2024-1-01",
  "  2024-01-01",
  "2024-01-01 25:00",
  "2024-01-01x",
  "2451545.0",
  "abc",
  "",
  null,
  2451545n,
  2460000.5,
  0n,
  5373484.5,
  1700000000n,
  -1n,
  1e10,
  "1700000000",
  new Uint8Array([0x32, 0x30, 0x32, 0x34, 0x2d, 0x30, 0x31, 0x2d, 0x30, 0x32]),
];

const MODIFIERS: V[] = [
  "+1 day",
  "-1 days",
  "+1.5 days",
  "+36 hours",
  "-90 minutes",
  "+30.25 seconds",
  "+1 month",
  "-13 months",
  "+1.5 months",
  "+1 year",
  "-2.5 years",
  "+ 3 days",
  "+3 dayz",
  "start of month",
  "start of year",
  "start of day",
  "start of week",
  "weekday 0",
  "weekday 3",
  "weekday 7",
  "weekday 1.5",
  "unixepoch",
  "julianday",
  "auto",
  "utc",
  "localtime",
  "subsec",
  "subsecond",
  "ceiling",
  "floor",
  "+01:30",
  "-12:00:30.5",
  "+0001-02-03",
  "-0000-11-30",
  "+0001-02-03 04:05",
  "+0001-12-03",
  "+00001-00-01",
  "nonsense",
  "",
  null,
  5n,
];

const FUNCS = ["date", "time", "datetime", "julianday", "unixepoch"];

Deno.test("date: every function over time values (no modifier)", () => {
  const failures: string[] = [];
  for (const f of FUNCS) for (const v of VALUES) check(f, [v], failures);
  report(failures);
});

Deno.test("date: every function over time values × one modifier", () => {
  const failures: string[] = [];
  for (const f of FUNCS) {
    for (const v of VALUES) for (const m of MODIFIERS) check(f, [v, m], failures);
  }
  report(failures);
});

Deno.test("date: modifier chains", () => {
  const failures: string[] = [];
  const chains: V[][] = [
    [1700000000n, "unixepoch", "localtime"],
    [1700000000n, "unixepoch", "start of month", "+1 month", "-1 day"],
    ["2024-01-31", "+1 month", "floor"],
    ["2024-01-31", "+1 month", "ceiling"],
    ["2023-03-31", "-1 month", "floor"],
    ["2024-02-29", "+1 year", "floor"],
    ["2024-02-29", "+1 year"],
    [2460000.5, "julianday", "weekday 5", "start of day", "+12 hours"],
    ["2000-01-01 12:00", "utc", "localtime"],
    ["2000-01-01 12:00", "subsec", "+0.123 seconds"],
    [1700000000.5, "unixepoch", "subsec"],
    [1700000000.5, "auto", "subsec"],
    [2451545n, "auto"],
    ["2024-06-15", "start of year", "weekday 1", "+7 days"],
    [1700000000n, "+1 day", "unixepoch"],
  ];
  for (const f of FUNCS) for (const c of chains) check(f, c, failures);
  report(failures);
});

Deno.test("date: strftime conversions", () => {
  const failures: string[] = [];
  const fmts = [
    "%d|%e|%f|%F|%H|%k|%I|%l|%j|%J|%m|%M|%p|%P|%R|%s|%S|%T|%u|%w|%W|%Y|%%",
    "%Y-%m-%dT%H:%M:%S",
    "week %W day %j",
    "%s",
    "%J",
    "%f",
    "plain",
    "",
    "%",
    "%q",
    "%G-%V",
    "%g|%U|%V|%W|%G",
    "%U|%g|%C|%y|%a|%A|%b|%B|%c|%D|%h|%x|%X|%n|%t|%Z|%z|%E",
    null,
  ];
  const vals: V[] = [
    "2024-02-29 13:45:30.25",
    "2021-01-01",
    "2027-01-01",
    "2026-12-31",
    "2015-12-31",
    "2016-01-03",
    "0000-01-01",
    "2000-01-01",
    "2021-01-03 00:00",
    "1999-12-31 23:59:59.9996",
    "2020-12-31 12:00:00",
    2451545.25,
    "-0010-06-01",
    "12:00",
    "bad",
  ];
  for (const f of fmts) {
    for (const v of vals) {
      check("strftime", [f, v], failures);
      check("strftime", [f, v, "subsec"], failures);
    }
  }
  report(failures);
});

Deno.test("date: timediff", () => {
  const failures: string[] = [];
  const vals: V[] = [
    "2024-03-15 10:00:00",
    "2023-01-31",
    "2024-02-29 23:59:59.5",
    "2000-01-01",
    "1970-01-01 00:00:00.001",
    2451545.5,
    "bad",
    null,
  ];
  for (const a of vals) for (const b of vals) check("timediff", [a, b], failures);
  report(failures);
});

Deno.test("date: 'now' and current_* agree with the wall clock", () => {
  const before = Date.now();
  const r = callMine("unixepoch", ["now", "subsec"]);
  const after = Date.now();
  assert.ok(!("error" in r) && typeof r.v === "number");
  assert.ok((r.v as number) * 1000 >= before - 1 && (r.v as number) * 1000 <= after + 1);
  for (const f of ["current_date", "current_time", "current_timestamp"]) {
    const m = callMine(f, []);
    assert.ok(!("error" in m) && m.t === "text", f);
  }
  const d = callMine("date", []);
  assert.ok(!("error" in d) && d.v === new Date().toISOString().slice(0, 10));
});

Deno.test("date: localtime/utc in other time zones (child process per TZ)", async () => {
  const script = new URL("./date_tz_check.ts", import.meta.url).pathname;
  for (const tz of ["America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script],
      env: { TZ: tz },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const failures = JSON.parse(text) as string[];
    assert.equal(failures.length, 0, `${tz}:\n` + failures.slice(0, 20).join("\n"));
  }
});

Deno.test("date: 3000 random time values × random modifier chains", () => {
  const failures: string[] = [];
  const rnd = lcg(99);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const p2 = (n: number) => String(n).padStart(2, "0");
  const mods = [
    () => `${rnd() < 0.5 ? "+" : "-"}${int(0, 400)} days`,
    () => `${rnd() < 0.5 ? "+" : "-"}${(rnd() * 100).toFixed(int(0, 3))} hours`,
    () => `${rnd() < 0.5 ? "+" : "-"}${int(0, 30)} months`,
    () => `${rnd() < 0.5 ? "+" : "-"}${(rnd() * 5).toFixed(1)} years`,
    () => `${rnd() < 0.5 ? "+" : "-"}${int(0, 100000)} seconds`,
    () => ["start of month", "start of year", "start of day"][int(0, 2)],
    () => `weekday ${int(0, 6)}`,
    () => ["floor", "ceiling", "subsec"][int(0, 2)],
    () => `${rnd() < 0.5 ? "+" : "-"}${p2(int(0, 23))}:${p2(int(0, 59))}:${p2(int(0, 59))}`,
    () =>
      `${rnd() < 0.5 ? "+" : "-"}${String(int(0, 20)).padStart(4, "0")}-${p2(int(0, 11))}-${
        p2(int(0, 30))
      }`,
  ];
  for (let i = 0; i < 3000; i++) {
    const Y = int(0, 9999);
    const v = i % 5 === 4
      ? BigInt(int(-100000000, 4000000000))
      : `${String(Y).padStart(4, "0")}-${p2(int(1, 12))}-${p2(int(1, 31))} ${p2(int(0, 23))}:${
        p2(int(0, 59))
      }:${p2(int(0, 59))}.${String(int(0, 999)).padStart(3, "0")}`;
    const args: V[] = [v];
    if (typeof v === "bigint") args.push("unixepoch");
    const n = int(0, 3);
    for (let k = 0; k < n; k++) args.push(mods[int(0, mods.length - 1)]());
    const f = FUNCS[i % FUNCS.length];
    check(f, args, failures);
    if (i % 7 === 0) check("strftime", ["%Y %j %W %U %V %G %w %s %f %J", ...args], failures);
  }
  report(failures);
});

Deno.test("date: 'now'/localtime/utc in a CHECK, generated column or index fail as SQLite (OP_PureFunc)", () => {
  const call = (name: string, vals: V[], pure: string | null) => {
    const def = registry.find(name, vals.length) as ScalarFunc;
    const out = new Mem();
    try {
      def.call(vals.map(toMem), vals.length, out, null, NO_CONNECTION, pure);
      return fromMem(out).v;
    } catch (e) {
      return (e as Error).message;
    }
  };
  // messages as node:sqlite reports them for the same definitions
  const cases: [string, string, V[], string, string][] = [
    [
      "CREATE TABLE p1(a CHECK (a < date('now'))); INSERT INTO p1 VALUES ('2000-01-01')",
      "date",
      ["now"],
      PureContext.CHECK,
      "non-deterministic use of date() in a CHECK constraint",
    ],
    [
      "CREATE TABLE p2(a, b AS (datetime(a, 'localtime'))); INSERT INTO p2(a) VALUES ('2000-01-01')",
      "datetime",
      ["2000-01-01", "localtime"],
      PureContext.GENERATED,
      "non-deterministic use of datetime() in a generated column",
    ],
    [
      "CREATE TABLE p3(a); CREATE INDEX i3 ON p3(date(a, 'utc')); INSERT INTO p3 VALUES ('2000-01-01')",
      "date",
      ["2000-01-01", "utc"],
      PureContext.INDEX,
      "non-deterministic use of date() in an index",
    ],
  ];
  for (const [sql, name, vals, pure, msg] of cases) {
    assert.throws(() => oracle.db.exec(sql), (e: Error) => e.message === msg);
    assert.equal(call(name, vals, pure), msg);
  }
  // deterministic uses stay allowed
  assert.equal(call("date", ["2000-01-01", "+1 day"], PureContext.INDEX), "2000-01-02");
});
