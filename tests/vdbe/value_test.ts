// Differential tests of SQLite's value semantics (src/vdbe/value/*) against node:sqlite:
// arithmetic, bit operators, concatenation, comparison, truth, CAST, column affinity,
// and REAL → TEXT rendering over random doubles.
import { Mem, MemType } from "../../src/vdbe/mem.ts";
import {
  arith,
  ArithOp,
  bitNot,
  BitOp,
  bitwise,
  concat,
  negate,
  truthValue,
} from "../../src/vdbe/value/arith.ts";
import { compareMem } from "../../src/vdbe/value/compare.ts";
import { castMem, type CastTarget } from "../../src/vdbe/value/convert.ts";
import {
  Affinity,
  affinityOfTypeName,
  applyAffinity,
  applyComparisonAffinity,
  comparisonAffinity,
  realAffinity,
} from "../../src/vdbe/value/affinity.ts";
import { realToText } from "../../src/vdbe/value/render.ts";
import {
  compareOutcome,
  cString,
  EDGE_VALUES,
  fromMem,
  Oracle,
  outcome,
  report,
  sameTyped,
  show,
  toMem,
  type Typed,
  type V,
} from "./value_oracle.ts";

const oracle = new Oracle();

function diff(
  label: string,
  expr: string,
  params: V[],
  mine: (out: Mem) => void,
  failures: string[],
): void {
  const want = oracle.eval(expr, params);
  const got = outcome(() => {
    const out = new Mem();
    mine(out);
    return cString(fromMem(out));
  });
  compareOutcome(`${label}(${params.map(show).join(", ")})`, want, got, failures);
}

const BIN: [string, string, (a: Mem, b: Mem, o: Mem) => void][] = [
  ["+", "?1 + ?2", (a, b, o) => arith(ArithOp.ADD, a, b, o)],
  ["-", "?1 - ?2", (a, b, o) => arith(ArithOp.SUB, a, b, o)],
  ["*", "?1 * ?2", (a, b, o) => arith(ArithOp.MUL, a, b, o)],
  ["/", "?1 / ?2", (a, b, o) => arith(ArithOp.DIV, a, b, o)],
  ["%", "?1 % ?2", (a, b, o) => arith(ArithOp.REM, a, b, o)],
  ["&", "?1 & ?2", (a, b, o) => bitwise(BitOp.AND, a, b, o)],
  ["|", "?1 | ?2", (a, b, o) => bitwise(BitOp.OR, a, b, o)],
  ["<<", "?1 << ?2", (a, b, o) => bitwise(BitOp.SHL, a, b, o)],
  [">>", "?1 >> ?2", (a, b, o) => bitwise(BitOp.SHR, a, b, o)],
  ["||", "?1 || ?2", (a, b, o) => concat(a, b, o)],
];

for (const [name, expr, fn] of BIN) {
  Deno.test(`value: binary ${name} matches SQLite over every edge-value pair`, () => {
    const failures: string[] = [];
    for (const a of EDGE_VALUES) {
      for (const b of EDGE_VALUES) {
        diff(name, expr, [a, b], (out) => fn(toMem(a), toMem(b), out), failures);
      }
    }
    report(failures);
  });
}

Deno.test("value: binary operators with small and shift-count integers", () => {
  const failures: string[] = [];
  const ints: V[] = [];
  for (let i = -70n; i <= 70n; i += 7n) ints.push(i);
  ints.push(-9223372036854775808n, 9223372036854775807n, 4611686018427387905n, -3037000500n);
  for (const [name, expr, fn] of BIN) {
    for (const a of ints) {
      for (const b of ints) {
        diff(name, expr, [a, b], (out) => fn(toMem(a), toMem(b), out), failures);
      }
    }
  }
  report(failures);
});

Deno.test("value: unary minus and ~ match SQLite", () => {
  const failures: string[] = [];
  for (const a of EDGE_VALUES) {
    diff("-", "- ?1", [a], (out) => negate(toMem(a), out), failures);
    diff("~", "~ ?1", [a], (out) => bitNot(toMem(a), out), failures);
  }
  report(failures);
});

Deno.test("value: comparison order (no affinity, BINARY) and IS match SQLite", () => {
  const failures: string[] = [];
  for (const a of EDGE_VALUES) {
    for (const b of EDGE_VALUES) {
      const c = (out: Mem, pred: (x: number) => boolean) => {
        const ma = toMem(a);
        const mb = toMem(b);
        if (ma.type === MemType.NULL || mb.type === MemType.NULL) out.setNull();
        else out.setInt(pred(compareMem(ma, mb, null)) ? 1 : 0);
      };
      diff("<", "?1 < ?2", [a, b], (o) => c(o, (x) => x < 0), failures);
      diff("=", "?1 = ?2", [a, b], (o) => c(o, (x) => x === 0), failures);
      diff(">=", "?1 >= ?2", [a, b], (o) => c(o, (x) => x >= 0), failures);
      diff(
        "IS",
        "?1 IS ?2",
        [a, b],
        (o) => o.setInt(compareMem(toMem(a), toMem(b), null) === 0 ? 1 : 0),
        failures,
      );
    }
  }
  report(failures);
});

Deno.test("value: truth value (CASE WHEN x, NOT x) matches SQLite", () => {
  const failures: string[] = [];
  for (const a of EDGE_VALUES) {
    diff(
      "when",
      "CASE WHEN ?1 THEN 1 ELSE 0 END",
      [a],
      (o) => o.setInt(truthValue(toMem(a)) ? 1 : 0),
      failures,
    );
    diff("not", "NOT ?1", [a], (o) => {
      const t = truthValue(toMem(a));
      if (t === null) o.setNull();
      else o.setInt(t ? 0 : 1);
    }, failures);
  }
  report(failures);
});

Deno.test("value: CAST to every type matches SQLite", () => {
  const failures: string[] = [];
  const targets: CastTarget[] = ["INTEGER", "REAL", "TEXT", "NUMERIC", "BLOB"];
  const extra: V[] = [
    "1e3",
    "1.9e3x",
    "99999999999999999999",
    "-99999999999999999999",
    "0x10",
    "1e",
    ".",
    "5.",
    "- 5",
    "1e+",
    "\t12\n",
    " 1e5 ",
    "1.5e300",
    "2251799813685248.0",
    "2251799813685247.0",
    "1e17",
    "-0",
    "00012",
    "12.000",
    "4.5e15",
    "9223372036854775807.0",
    "1.0e-5",
  ];
  for (const a of [...EDGE_VALUES, ...extra]) {
    for (const t of targets) {
      diff(`CAST ${t}`, `CAST(?1 AS ${t})`, [a], (o) => {
        o.copyFrom(toMem(a));
        castMem(o, t);
      }, failures);
    }
  }
  report(failures);
});

Deno.test("value: column affinity on INSERT matches SQLite (INTEGER/REAL/NUMERIC/TEXT/BLOB)", () => {
  const failures: string[] = [];
  const cols: [string, string][] = [
    ["i", "INTEGER"],
    ["r", "REAL"],
    ["n", "NUMERIC"],
    ["t", "TEXT"],
    ["b", "BLOB"],
    ["f", "FLOATING POINT"],
    ["v", "VARCHAR(10)"],
    ["x", ""],
  ];
  oracle.db.exec(`CREATE TABLE aff(${cols.map(([c, t]) => `${c} ${t}`).join(", ")})`);
  const extra: V[] = [
    "1e3",
    " 12 ",
    "0x10",
    "12abc",
    "1.0",
    "-0",
    "1e400",
    "9223372036854775807.5",
  ];
  const ins = oracle.db.prepare(`INSERT INTO aff VALUES (${cols.map(() => "?").join(",")})`);
  for (const a of [...EDGE_VALUES, ...extra]) {
    oracle.db.exec("DELETE FROM aff");
    ins.run(...(cols.map(() => a) as never[]));
    for (const [c, t] of cols) {
      const st = oracle.stmt(`SELECT ${c} AS v, typeof(${c}) AS t FROM aff`);
      const want = st.get() as unknown as Typed;
      const m = toMem(a);
      const aff = affinityOfTypeName(t);
      applyAffinity(m, aff);
      if (aff === Affinity.REAL) realAffinity(m);
      const got = fromMem(m);
      if (!sameTyped(got, { v: want.v, t: want.t })) {
        failures.push(`${c} ${t} <- ${show(a)}: sqlite=${show(want)} tsqlite=${show(got)}`);
      }
    }
  }
  report(failures);
});

Deno.test("value: comparison affinity (column vs literal) matches SQLite", () => {
  const failures: string[] = [];
  oracle.db.exec("CREATE TABLE cmp(i INTEGER, t TEXT, b BLOB, r REAL)");
  const vals: V[] = [1n, 10n, 1.5, "1", "10", "1.5", " 1", "abc", null, new Uint8Array([0x31])];
  const ins = oracle.db.prepare("INSERT INTO cmp VALUES (?,?,?,?)");
  const cols: [string, number][] = [
    ["i", Affinity.INTEGER],
    ["t", Affinity.TEXT],
    ["b", Affinity.BLOB],
    ["r", Affinity.REAL],
  ];
  for (const stored of vals) {
    oracle.db.exec("DELETE FROM cmp");
    ins.run(...([stored, stored, stored, stored] as never[]));
    for (const [c, aff] of cols) {
      for (const lit of vals) {
        for (
          const [op, pred] of [["<", (x: number) => x < 0], ["=", (x: number) => x === 0]] as const
        ) {
          const want = oracle.stmt(`SELECT ${c} ${op} ?1 AS v, typeof(${c} ${op} ?1) AS t FROM cmp`)
            .get(lit as never) as unknown as Typed;
          const col = toMem(stored);
          applyAffinity(col, aff);
          if (aff === Affinity.REAL) realAffinity(col);
          const m2 = toMem(lit);
          applyComparisonAffinity(col, m2, comparisonAffinity(aff, Affinity.NONE));
          const out = new Mem();
          if (col.type === MemType.NULL || m2.type === MemType.NULL) out.setNull();
          else out.setInt(pred(compareMem(col, m2, null)) ? 1 : 0);
          const got = fromMem(out);
          if (!sameTyped(got, want)) {
            failures.push(
              `${c}=${show(stored)} ${op} ${show(lit)}: sqlite=${show(want)} tsqlite=${show(got)}`,
            );
          }
        }
      }
    }
  }
  report(failures);
});

Deno.test("value: REAL → TEXT rendering matches SQLite on edge cases and 16k random doubles", () => {
  const st = oracle.stmt("SELECT CAST(?1 AS TEXT) AS t");
  const failures: string[] = [];
  const check = (x: number) => {
    const want = (st.get(x) as { t: string }).t;
    const got = realToText(x);
    if (want !== got) failures.push(`${x}: sqlite=${want} tsqlite=${got}`);
  };
  const edges = [
    0,
    -0,
    0.1,
    1 / 3,
    2 / 3,
    1e20,
    1e-7,
    49.47,
    5e-324,
    1.7976931348623157e308,
    1e15 + 0.3,
    12345678901234567890,
    1e15,
    1e16,
    1e17,
    123.456,
    0.5,
    2.5e-310,
    100,
    -100,
    Infinity,
    -Infinity,
    0.30000000000000004,
    9007199254740993,
    4.35,
    1e-5,
    1e-4,
    1e21,
    99.99999999999999,
  ];
  for (const x of edges) check(x);
  // deterministic pseudo-random: bit patterns, scaled decimals and short decimals
  let seed = 0x2545f491;
  const rnd = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const buf = new Float64Array(1);
  const u = new Uint32Array(buf.buffer);
  for (let i = 0; i < 4000; i++) {
    u[0] = rnd() * 4294967296;
    u[1] = rnd() * 4294967296;
    if (Number.isFinite(buf[0])) check(buf[0]);
    check(rnd() * 10 ** Math.floor(rnd() * 40 - 20));
    check(Math.round(rnd() * 1e6) / 100);
    // short decimals at many scales (the ≤13-digit fast path)
    check(Math.round(rnd() * 10 ** Math.floor(rnd() * 13)) / 10 ** Math.floor(rnd() * 12));
  }
  report(failures);
});

Deno.test("value: text → number over 4k random numeric strings (arith, CAST REAL/INTEGER/NUMERIC, affinity)", () => {
  const failures: string[] = [];
  let seed = 0x1234567;
  const rnd = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const digits = (n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
    return s;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const gen = (): string => {
    const sign = pick(["", "", "-", "+"]);
    const lead = pick(["", "", " ", "\t", "  "]);
    const trail = pick(["", "", " ", "x", "e", "e+", ".", "abc"]);
    const intLen = Math.floor(rnd() * 25);
    const fracLen = rnd() < 0.5 ? 0 : Math.floor(rnd() * 25);
    let s = lead + sign + digits(intLen);
    if (fracLen > 0 || rnd() < 0.1) s += "." + digits(fracLen);
    if (rnd() < 0.4) s += pick(["e", "E"]) + pick(["", "-", "+"]) + String(Math.floor(rnd() * 400));
    return s + trail;
  };
  const exprs: [string, (m: Mem) => void][] = [
    ["?1 + 0", (m) => arith(ArithOp.ADD, m, toMem(0n), m)],
    ["CAST(?1 AS REAL)", (m) => castMem(m, "REAL")],
    ["CAST(?1 AS INTEGER)", (m) => castMem(m, "INTEGER")],
    ["CAST(?1 AS NUMERIC)", (m) => castMem(m, "NUMERIC")],
  ];
  for (let i = 0; i < 4000; i++) {
    const s = gen();
    for (const [expr, fn] of exprs) {
      diff(expr, expr, [s], (out) => {
        out.copyFrom(toMem(s));
        fn(out);
      }, failures);
    }
  }
  report(failures);
});
