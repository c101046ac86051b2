// Child-process helper for date_test.ts: run with a TZ environment variable; compares
// 'localtime' and 'utc' modifiers with node:sqlite in that zone and prints the mismatches
// as JSON (an empty array when all agree). Tests only.
import { check } from "./func_harness.ts";
import type { V } from "../vdbe/value_oracle.ts";

const failures: string[] = [];
const vals: V[] = [
  "2024-03-10 06:59:59",
  "2024-03-10 07:00:00",
  "2024-11-03 05:30:00",
  "2024-11-03 06:30:00",
  "2024-07-04 12:00:00",
  "1969-07-20 20:17:40",
  "2050-06-01 00:00:00",
  "1800-01-01 12:00:00",
  1700000000n,
  "2000-01-01",
];
for (const f of ["datetime", "date", "time", "unixepoch"]) {
  for (const v of vals) {
    check(f, [v, "localtime"], failures);
    check(f, [v, "utc"], failures);
    check(f, [v, "localtime", "utc"], failures);
    check(f, [v, "utc", "localtime"], failures);
    check(f, [v, "unixepoch", "localtime"], failures);
  }
}
console.log(JSON.stringify(failures));
