/**
 * `.help` text: the dot commands tsqlite's shell supports, in the sqlite3 shell's layout.
 * Must never: list a command the shell does not implement.
 * @module
 */

/** [usage, description] of each command. */
export const HELP: readonly (readonly [string, string])[] = [
  [".bail on|off", "Stop after hitting an error.  Default OFF"],
  [".changes on|off", "Show number of rows changed by SQL"],
  [".dbinfo", "Show status information about the database"],
  [".dump ?TABLE?", "Render database content as SQL"],
  [".exit ?CODE?", "Exit this program with return-code CODE"],
  [".headers on|off", "Turn display of headers on or off"],
  [".help", "Show help text"],
  [".import FILE TABLE", "Import data from FILE into TABLE"],
  [".indexes ?TABLE?", "Show names of indexes"],
  [".mode MODE ?TABLE?", "Set output mode"],
  [".nullvalue STRING", "Use STRING in place of NULL values"],
  [".open ?--readonly? ?FILE?", "Close existing database and reopen FILE"],
  [".output ?FILE?", "Send output to FILE or stdout if FILE is omitted"],
  [".print STRING...", "Print literal STRING"],
  [".quit", "Exit this program"],
  [".read FILE", "Read input from FILE"],
  [".schema ?PATTERN?", "Show the CREATE statements matching PATTERN"],
  [".separator COL ?ROW?", "Change the column and row separators"],
  [".show", "Show the current values for various settings"],
  [".tables ?TABLE?", "List names of tables matching LIKE pattern TABLE"],
  [".timer on|off", "Turn SQL timer on or off"],
];

/** The `.help` output. */
export function helpText(): string {
  return HELP.map(([u, d]) => u.padEnd(25) + d + "\n").join("");
}
