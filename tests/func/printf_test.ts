// printf()/format(): every conversion × flags × width × precision against node:sqlite's printf().
import type { V } from "../vdbe/value_oracle.ts";
import { check, lcg, report } from "./func_harness.ts";

const CONVS = "d i u x X o p r f e E g G s z q Q w c n %".split(" ");
const FLAGS = [
  "",
  "-",
  "+",
  " ",
  "0",
  "#",
  ",",
  "!",
  "-0",
  "+0",
  "#0",
  "-#",
  "+,",
  "!0",
  "- ",
  "!#",
];
const WIDTHS = ["", "1", "8", "*"];
const PRECS = ["", ".0", ".3", ".12", ".*"];

const INT_VALUES: V[] = [0n, 7n, -7n, 1234567n, -9223372036854775808n, 9223372036854775807n, 255n];
const REAL_VALUES: V[] = [
  0,
  -0,
  3.14159,
  -2.5,
  1e20,
  1.5e-7,
  123456.789,
  1 / 3,
  1e300,
  Infinity,
  -Infinity,
  0.5,
];
const TEXT_VALUES: V[] = [
  "",
  "abc",
  "it's",
  'say "hi"',
  "héllo",
  "🎉🎉",
  "12.5",
  null,
  "a\nb\\c'd",
  "\u0001\u001f",
  "back\\slash",
];
const MIXED: V[] = [null, 12n, 2.75, "x'y", new Uint8Array([0x41, 0x42])];

function valuesFor(conv: string): V[] {
  if ("diuxXopr".includes(conv)) return [...INT_VALUES, ...MIXED];
  if ("feEgG".includes(conv)) return [...REAL_VALUES, ...MIXED];
  return [...TEXT_VALUES, ...MIXED];
}

for (const conv of CONVS) {
  Deno.test(`printf: %${conv} × flags × width × precision matches SQLite`, () => {
    const failures: string[] = [];
    for (const flags of FLAGS) {
      for (const width of WIDTHS) {
        for (const prec of PRECS) {
          const fmt = `[%${flags}${width}${prec}${conv}]`;
          for (const v of valuesFor(conv)) {
            const args: V[] = [fmt];
            if (width === "*") args.push(flags.includes("-") ? 9n : -9n);
            if (prec === ".*") args.push(4n);
            args.push(v);
            check("printf", args, failures);
          }
        }
      }
    }
    report(failures);
  });
}

Deno.test("printf: size prefixes, missing arguments, literal text and odd formats", () => {
  const failures: string[] = [];
  const fmts = [
    "%ld|%lld|%lu|%llx",
    "%d %d %d",
    "%s and %s",
    "%f %g %e",
    "100%%",
    "%",
    "abc%",
    "%5",
    "%.",
    "%y rest",
    "%T x",
    "%-08.3f|%+.0e|%#g|%#x|%#o|%,d",
    "%!.20g|%!.17g|%!.15g|%.20g|%.30f|%!.30f",
    "%.1000f",
    "%,.3d|%,015d|%,d",
    "%c%c%c",
    "%5c|%-5c|%.3c|%5.3c",
    "%.2s|%!.2s|%5s|%!5s|%-5s|",
    "%.2q|%!.2q|%.2Q|%10Q|%-10w|",
    "%n%d",
    "%10n|",
    "%*d|%-*d|%.*f|%*.*f",
    "%r %r %r %r %r %r",
    "%p %#p %X %#X",
    "%010.3e|%-+10.2g|% .4G|%+E",
    "%0*d|%0-5d",
  ];
  const argSets: V[][] = [
    [],
    [1n, 2n, 3n, 4n, 5n, 6n],
    [-1n, 3.75, "abc", null, 255n, 65535n],
    ["héllo", "wörld", "🎉x", 1n, 2n, 3n],
    [3.14159, 2.71828, 1e100, -1e-100, 0.5, 11n],
    [12n, 22n, 113n, 1001n, 111n, 2.5],
    [1234567.891, -1234567n, 0n, 1e15, 99999n, -42n],
  ];
  for (const f of fmts) for (const a of argSets) check("printf", [f, ...a], failures);
  check("printf", [null, 1n], failures);
  check("printf", [12345n], failures);
  check("format", ["%d-%s", 5n, "x"], failures);
  check("printf", [], failures);
  report(failures);
});

Deno.test("printf: %e/%f/%g over many magnitudes and precisions", () => {
  const failures: string[] = [];
  const rnd = lcg(12345);
  for (let i = 0; i < 400; i++) {
    const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 60 - 30);
    const p = BigInt(Math.floor(rnd() * 20));
    check("printf", ["%.*e|%.*f|%.*g|%!.*g|%#.*g", p, x, p, x, p, x, p, x, p, x], failures);
  }
  report(failures);
});

Deno.test("printf: results past SQLITE_LIMIT_LENGTH are 'string or blob too big'", () => {
  const failures: string[] = [];
  check("printf", ["%.*c", 2000000000n, "x"], failures);
  check("printf", ["%*d", 2000000000n, 1n], failures);
  check("printf", ["%.*d", 2000000000n, 1n], failures);
  // (a literal width of 3000000000 wraps to 852516352 in SQLite and yields an 852 MB string —
  // more than a JS string can hold; tsqlite reports "string or blob too big" there.)
  check("printf", ["%.3000000000s", "abc"], failures);
  check("printf", ["%.5c|%-4c|", "é", "x"], failures);
  report(failures);
});
