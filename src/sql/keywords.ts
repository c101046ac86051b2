/**
 * SQLite's keyword table and the identifier-fallback set.
 *
 * Owns: the 147 keywords of SQLite 3.53 (tool/mkkeywordhash.c, lang_keywords.html), the token
 * type each maps to (several keywords share one token class, as in parse.y: JOIN_KW, LIKE_KW,
 * CTIME_KW, TEMP), and parse.y's `%fallback ID …` list of keywords that may stand for an
 * identifier where the keyword itself cannot appear.
 * Lookup is hot (every identifier-shaped token): it hashes char codes of the source in place,
 * like mkkeywordhash's generated code, and allocates nothing.
 * Must never: allocate per lookup, or know about the grammar beyond the fallback list.
 * @module
 */

/** The token types a keyword can produce (SQLite's TK_ names without the prefix). */
export type KeywordToken =
  | "ABORT"
  | "ACTION"
  | "ADD"
  | "AFTER"
  | "ALL"
  | "ALTER"
  | "ALWAYS"
  | "ANALYZE"
  | "AND"
  | "AS"
  | "ASC"
  | "ATTACH"
  | "AUTOINCR"
  | "BEFORE"
  | "BEGIN"
  | "BETWEEN"
  | "BY"
  | "CASCADE"
  | "CASE"
  | "CAST"
  | "CHECK"
  | "COLLATE"
  | "COLUMNKW"
  | "COMMIT"
  | "CONFLICT"
  | "CONSTRAINT"
  | "CREATE"
  | "JOIN_KW"
  | "CURRENT"
  | "CTIME_KW"
  | "DATABASE"
  | "DEFAULT"
  | "DEFERRED"
  | "DEFERRABLE"
  | "DELETE"
  | "DESC"
  | "DETACH"
  | "DISTINCT"
  | "DO"
  | "DROP"
  | "END"
  | "EACH"
  | "ELSE"
  | "ESCAPE"
  | "EXCEPT"
  | "EXCLUSIVE"
  | "EXCLUDE"
  | "EXISTS"
  | "EXPLAIN"
  | "FAIL"
  | "FILTER"
  | "FIRST"
  | "FOLLOWING"
  | "FOR"
  | "FOREIGN"
  | "FROM"
  | "GENERATED"
  | "LIKE_KW"
  | "GROUP"
  | "GROUPS"
  | "HAVING"
  | "IF"
  | "IGNORE"
  | "IMMEDIATE"
  | "IN"
  | "INDEX"
  | "INDEXED"
  | "INITIALLY"
  | "INSERT"
  | "INSTEAD"
  | "INTERSECT"
  | "INTO"
  | "IS"
  | "ISNULL"
  | "JOIN"
  | "KEY"
  | "LAST"
  | "LIMIT"
  | "MATCH"
  | "MATERIALIZED"
  | "NO"
  | "NOT"
  | "NOTHING"
  | "NOTNULL"
  | "NULL"
  | "NULLS"
  | "OF"
  | "OFFSET"
  | "ON"
  | "OR"
  | "ORDER"
  | "OTHERS"
  | "OVER"
  | "PARTITION"
  | "PLAN"
  | "PRAGMA"
  | "PRECEDING"
  | "PRIMARY"
  | "QUERY"
  | "RAISE"
  | "RANGE"
  | "RECURSIVE"
  | "REFERENCES"
  | "REINDEX"
  | "RELEASE"
  | "RENAME"
  | "REPLACE"
  | "RESTRICT"
  | "RETURNING"
  | "ROLLBACK"
  | "ROW"
  | "ROWS"
  | "SAVEPOINT"
  | "SELECT"
  | "SET"
  | "TABLE"
  | "TEMP"
  | "THEN"
  | "TIES"
  | "TO"
  | "TRANSACTION"
  | "TRIGGER"
  | "UNBOUNDED"
  | "UNION"
  | "UNIQUE"
  | "UPDATE"
  | "USING"
  | "VACUUM"
  | "VALUES"
  | "VIEW"
  | "VIRTUAL"
  | "WHEN"
  | "WHERE"
  | "WINDOW"
  | "WITH"
  | "WITHOUT";

/** [keyword spelling, token type] for every SQLite keyword. */
const KEYWORDS: ReadonlyArray<readonly [string, KeywordToken]> = [
  ["ABORT", "ABORT"],
  ["ACTION", "ACTION"],
  ["ADD", "ADD"],
  ["AFTER", "AFTER"],
  ["ALL", "ALL"],
  ["ALTER", "ALTER"],
  ["ALWAYS", "ALWAYS"],
  ["ANALYZE", "ANALYZE"],
  ["AND", "AND"],
  ["AS", "AS"],
  ["ASC", "ASC"],
  ["ATTACH", "ATTACH"],
  ["AUTOINCREMENT", "AUTOINCR"],
  ["BEFORE", "BEFORE"],
  ["BEGIN", "BEGIN"],
  ["BETWEEN", "BETWEEN"],
  ["BY", "BY"],
  ["CASCADE", "CASCADE"],
  ["CASE", "CASE"],
  ["CAST", "CAST"],
  ["CHECK", "CHECK"],
  ["COLLATE", "COLLATE"],
  ["COLUMN", "COLUMNKW"],
  ["COMMIT", "COMMIT"],
  ["CONFLICT", "CONFLICT"],
  ["CONSTRAINT", "CONSTRAINT"],
  ["CREATE", "CREATE"],
  ["CROSS", "JOIN_KW"],
  ["CURRENT", "CURRENT"],
  ["CURRENT_DATE", "CTIME_KW"],
  ["CURRENT_TIME", "CTIME_KW"],
  ["CURRENT_TIMESTAMP", "CTIME_KW"],
  ["DATABASE", "DATABASE"],
  ["DEFAULT", "DEFAULT"],
  ["DEFERRED", "DEFERRED"],
  ["DEFERRABLE", "DEFERRABLE"],
  ["DELETE", "DELETE"],
  ["DESC", "DESC"],
  ["DETACH", "DETACH"],
  ["DISTINCT", "DISTINCT"],
  ["DO", "DO"],
  ["DROP", "DROP"],
  ["END", "END"],
  ["EACH", "EACH"],
  ["ELSE", "ELSE"],
  ["ESCAPE", "ESCAPE"],
  ["EXCEPT", "EXCEPT"],
  ["EXCLUSIVE", "EXCLUSIVE"],
  ["EXCLUDE", "EXCLUDE"],
  ["EXISTS", "EXISTS"],
  ["EXPLAIN", "EXPLAIN"],
  ["FAIL", "FAIL"],
  ["FILTER", "FILTER"],
  ["FIRST", "FIRST"],
  ["FOLLOWING", "FOLLOWING"],
  ["FOR", "FOR"],
  ["FOREIGN", "FOREIGN"],
  ["FROM", "FROM"],
  ["FULL", "JOIN_KW"],
  ["GENERATED", "GENERATED"],
  ["GLOB", "LIKE_KW"],
  ["GROUP", "GROUP"],
  ["GROUPS", "GROUPS"],
  ["HAVING", "HAVING"],
  ["IF", "IF"],
  ["IGNORE", "IGNORE"],
  ["IMMEDIATE", "IMMEDIATE"],
  ["IN", "IN"],
  ["INDEX", "INDEX"],
  ["INDEXED", "INDEXED"],
  ["INITIALLY", "INITIALLY"],
  ["INNER", "JOIN_KW"],
  ["INSERT", "INSERT"],
  ["INSTEAD", "INSTEAD"],
  ["INTERSECT", "INTERSECT"],
  ["INTO", "INTO"],
  ["IS", "IS"],
  ["ISNULL", "ISNULL"],
  ["JOIN", "JOIN"],
  ["KEY", "KEY"],
  ["LAST", "LAST"],
  ["LEFT", "JOIN_KW"],
  ["LIKE", "LIKE_KW"],
  ["LIMIT", "LIMIT"],
  ["MATCH", "MATCH"],
  ["MATERIALIZED", "MATERIALIZED"],
  ["NATURAL", "JOIN_KW"],
  ["NO", "NO"],
  ["NOT", "NOT"],
  ["NOTHING", "NOTHING"],
  ["NOTNULL", "NOTNULL"],
  ["NULL", "NULL"],
  ["NULLS", "NULLS"],
  ["OF", "OF"],
  ["OFFSET", "OFFSET"],
  ["ON", "ON"],
  ["OR", "OR"],
  ["ORDER", "ORDER"],
  ["OTHERS", "OTHERS"],
  ["OUTER", "JOIN_KW"],
  ["OVER", "OVER"],
  ["PARTITION", "PARTITION"],
  ["PLAN", "PLAN"],
  ["PRAGMA", "PRAGMA"],
  ["PRECEDING", "PRECEDING"],
  ["PRIMARY", "PRIMARY"],
  ["QUERY", "QUERY"],
  ["RAISE", "RAISE"],
  ["RANGE", "RANGE"],
  ["RECURSIVE", "RECURSIVE"],
  ["REFERENCES", "REFERENCES"],
  ["REGEXP", "LIKE_KW"],
  ["REINDEX", "REINDEX"],
  ["RELEASE", "RELEASE"],
  ["RENAME", "RENAME"],
  ["REPLACE", "REPLACE"],
  ["RESTRICT", "RESTRICT"],
  ["RETURNING", "RETURNING"],
  ["RIGHT", "JOIN_KW"],
  ["ROLLBACK", "ROLLBACK"],
  ["ROW", "ROW"],
  ["ROWS", "ROWS"],
  ["SAVEPOINT", "SAVEPOINT"],
  ["SELECT", "SELECT"],
  ["SET", "SET"],
  ["TABLE", "TABLE"],
  ["TEMP", "TEMP"],
  ["TEMPORARY", "TEMP"],
  ["THEN", "THEN"],
  ["TIES", "TIES"],
  ["TO", "TO"],
  ["TRANSACTION", "TRANSACTION"],
  ["TRIGGER", "TRIGGER"],
  ["UNBOUNDED", "UNBOUNDED"],
  ["UNION", "UNION"],
  ["UNIQUE", "UNIQUE"],
  ["UPDATE", "UPDATE"],
  ["USING", "USING"],
  ["VACUUM", "VACUUM"],
  ["VALUES", "VALUES"],
  ["VIEW", "VIEW"],
  ["VIRTUAL", "VIRTUAL"],
  ["WHEN", "WHEN"],
  ["WHERE", "WHERE"],
  ["WINDOW", "WINDOW"],
  ["WITH", "WITH"],
  ["WITHOUT", "WITHOUT"],
];

/** Every keyword spelling, upper case (147 of them, as SQLite 3.53's sqlite3_keyword_count()). */
export const KEYWORD_NAMES: readonly string[] = KEYWORDS.map((k) => k[0]);

/**
 * Token types that parse.y's `%fallback ID` lets stand for an identifier when the keyword
 * itself cannot be shifted (ABORT … WITHOUT, NULLS FIRST LAST, the window keywords,
 * GENERATED ALWAYS, MATERIALIZED, REINDEX RENAME CTIME_KW IF).
 */
export const FALLBACK_ID: ReadonlySet<string> = new Set<string>([
  "ABORT",
  "ACTION",
  "AFTER",
  "ANALYZE",
  "ASC",
  "ATTACH",
  "BEFORE",
  "BEGIN",
  "BY",
  "CASCADE",
  "CAST",
  "COLUMNKW",
  "CONFLICT",
  "DATABASE",
  "DEFERRED",
  "DESC",
  "DETACH",
  "DO",
  "EACH",
  "END",
  "EXCLUSIVE",
  "EXPLAIN",
  "FAIL",
  "FOR",
  "IGNORE",
  "IMMEDIATE",
  "INITIALLY",
  "INSTEAD",
  "LIKE_KW",
  "MATCH",
  "NO",
  "PLAN",
  "QUERY",
  "KEY",
  "OF",
  "OFFSET",
  "PRAGMA",
  "RAISE",
  "RECURSIVE",
  "RELEASE",
  "REPLACE",
  "RESTRICT",
  "ROW",
  "ROWS",
  "ROLLBACK",
  "SAVEPOINT",
  "TEMP",
  "TRIGGER",
  "VACUUM",
  "VIEW",
  "VIRTUAL",
  "WITH",
  "WITHOUT",
  "NULLS",
  "FIRST",
  "LAST",
  "CURRENT",
  "FOLLOWING",
  "PARTITION",
  "PRECEDING",
  "RANGE",
  "UNBOUNDED",
  "EXCLUDE",
  "GROUPS",
  "OTHERS",
  "TIES",
  "GENERATED",
  "ALWAYS",
  "MATERIALIZED",
  "REINDEX",
  "RENAME",
  "CTIME_KW",
  "IF",
]);

// Hash table: bucket = (upper(first)*4 ^ upper(last)*3 ^ len) & 255 → keyword indexes.
const BUCKETS = 256;
const bucketHead = new Int16Array(BUCKETS).fill(-1);
const chain = new Int16Array(KEYWORDS.length).fill(-1);
const kwCodes: Uint8Array[] = KEYWORDS.map(([w]) => {
  const a = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) a[i] = w.charCodeAt(i);
  return a;
});

function bucketOf(first: number, last: number, len: number): number {
  return ((first << 2) ^ (last * 3) ^ len) & (BUCKETS - 1);
}

for (let i = KEYWORDS.length - 1; i >= 0; i--) {
  const w = kwCodes[i];
  const b = bucketOf(w[0], w[w.length - 1], w.length);
  chain[i] = bucketHead[b];
  bucketHead[b] = i;
}

/** ASCII upper-casing of one char code (letters only; others unchanged). */
function upper(c: number): number {
  return c >= 97 && c <= 122 ? c - 32 : c;
}

/**
 * The keyword token type of `sql[start..end)`, or null when it is not a keyword.
 * Hot: called for every identifier-shaped token; allocation-free.
 *
 * @example
 * ```ts
 * import { keywordCode } from "./keywords.ts";
 * keywordCode("select 1", 0, 6); // "SELECT"
 * ```
 */
export function keywordCode(sql: string, start: number, end: number): KeywordToken | null {
  const len = end - start;
  if (len < 2 || len > 17) return null;
  let k = bucketHead[bucketOf(upper(sql.charCodeAt(start)), upper(sql.charCodeAt(end - 1)), len)];
  while (k >= 0) {
    const w = kwCodes[k];
    if (w.length === len) {
      let i = 0;
      while (i < len && upper(sql.charCodeAt(start + i)) === w[i]) i++;
      if (i === len) return KEYWORDS[k][1];
    }
    k = chain[k];
  }
  return null;
}
