/**
 * The CSV reader of `.import`, field by field exactly as the sqlite3 shell reads: a field that
 * starts with `"` runs until a `"` followed by the separator, a newline or end of input (`""`
 * is one quote; a stray quote is kept, with an "unescaped" warning); other fields run to the
 * separator or newline, dropping a CR before the newline.
 * Follows: shell.c.in csv_read_one_field and the .import record loop.
 * Must never: do I/O (warnings are returned as text).
 * @module
 */

/** One record and the line it starts on (1-based). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Parsed records plus the warnings the shell prints on stderr (without the file prefix). */
export interface CsvResult {
  records: CsvRecord[];
  /**
   * `[line, message, record]` triples, e.g. `[3, 'unescaped " character', 1]`; `record` is the
   * index of the record being read (the shell prints them as it reads that record).
   */
  warnings: [number, string, number][];
}

/**
 * Parse `text` into records with column separator `sep` (one character) and rows split at \n.
 * @example
 * ```ts
 * parseCsv('a,b\n1,"x\ny"\n', ",").records;
 * // [{fields:["a","b"],line:1},{fields:["1","x\ny"],line:2}]
 * ```
 */
export function parseCsv(text: string, sep: string): CsvResult {
  const records: CsvRecord[] = [];
  const warnings: [number, string, number][] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  const EOF = "";
  const getc = (): string => (i < n ? text[i++] : EOF);
  for (;;) {
    const start = line;
    const fields: string[] = [];
    let term = EOF;
    for (;;) {
      let field = "";
      let c = getc();
      if (c === '"') {
        const startLine = line;
        let pc = "", ppc = "";
        for (;;) {
          c = getc();
          if (c === "\n") line++;
          if (c === '"' && pc === '"') {
            pc = "";
            continue;
          }
          if (
            (c === sep && pc === '"') || (c === "\n" && pc === '"') ||
            (c === "\n" && pc === "\r" && ppc === '"') || (c === EOF && pc === '"')
          ) {
            field = field.slice(0, field.lastIndexOf('"'));
            term = c;
            break;
          }
          if (pc === '"' && c !== "\r") {
            warnings.push([line, 'unescaped " character', records.length]);
          }
          if (c === EOF) {
            warnings.push([startLine, 'unterminated "-quoted field', records.length]);
            term = c;
            break;
          }
          field += c;
          ppc = pc;
          pc = c;
        }
      } else {
        while (c !== EOF && c !== sep && c !== "\n") {
          field += c;
          c = getc();
        }
        if (c === "\n") {
          line++;
          if (field.endsWith("\r")) field = field.slice(0, -1);
        }
        term = c;
      }
      if (term === EOF && fields.length === 0 && field.length === 0 && text[i - 1] !== '"') {
        return { records, warnings };
      }
      fields.push(field);
      if (term !== sep) break;
    }
    records.push({ fields, line: start });
    if (term === EOF) return { records, warnings };
  }
}
