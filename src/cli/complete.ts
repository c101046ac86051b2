/**
 * Statement completeness, as sqlite3_complete decides it: the text ends with a semicolon that is
 * not inside a string, identifier, comment or CREATE TRIGGER body. The shell uses it to know when
 * the lines typed so far form whole statements.
 * Follows: complete.c (its eight-state machine over tokens ; space other EXPLAIN CREATE TEMP
 * TRIGGER END).
 * Must never: parse SQL beyond this.
 * @module
 */

const SEMI = 0, WS = 1, OTHER = 2, EXPLAIN = 3, CREATE = 4, TEMP = 5, TRIGGER = 6, END = 7;

const TRANS: readonly (readonly number[])[] = [
  /* 0 INVALID */ [1, 0, 2, 3, 4, 2, 2, 2],
  /* 1 START   */ [1, 1, 2, 3, 4, 2, 2, 2],
  /* 2 NORMAL  */ [1, 2, 2, 2, 2, 2, 2, 2],
  /* 3 EXPLAIN */ [1, 3, 3, 2, 4, 2, 2, 2],
  /* 4 CREATE  */ [1, 4, 2, 2, 2, 4, 5, 2],
  /* 5 TRIGGER */ [6, 5, 5, 5, 5, 5, 5, 5],
  /* 6 SEMI    */ [6, 6, 5, 5, 5, 5, 5, 7],
  /* 7 END     */ [1, 7, 5, 5, 5, 5, 5, 5],
];

function isIdChar(c: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

/**
 * True if `sql` is one or more complete statements (ends in a top-level `;`).
 * @example
 * ```ts
 * isComplete("SELECT 1;"); // true
 * isComplete("CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1;"); // false
 * ```
 */
export function isComplete(sql: string): boolean {
  let state = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    let token: number;
    if (c === ";") {
      token = SEMI;
      i++;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") {
      token = WS;
      i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) return false;
      i = end + 2;
      token = WS;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i + 2);
      if (end < 0) return state === 1;
      i = end + 1;
      token = WS;
    } else if (c === "[") {
      const end = sql.indexOf("]", i + 1);
      if (end < 0) return false;
      i = end + 1;
      token = OTHER;
    } else if (c === "`" || c === '"' || c === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= n) return false;
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      i = j + 1;
      token = OTHER;
    } else if (isIdChar(c)) {
      let j = i + 1;
      while (j < n && isIdChar(sql[j])) j++;
      const word = sql.slice(i, j).toUpperCase();
      i = j;
      switch (word) {
        case "CREATE":
          token = CREATE;
          break;
        case "TRIGGER":
          token = TRIGGER;
          break;
        case "TEMP":
        case "TEMPORARY":
          token = TEMP;
          break;
        case "END":
          token = END;
          break;
        case "EXPLAIN":
          token = EXPLAIN;
          break;
        default:
          token = OTHER;
      }
    } else {
      token = OTHER;
      i++;
    }
    state = TRANS[state][token];
  }
  return state === 1;
}
