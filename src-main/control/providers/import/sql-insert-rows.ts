/**
 * The rows of one table in an SQL dump, read from its `INSERT INTO "<table>" ("a", "b") VALUES (…),
 * (…);` statements as SQLite dumps write them: text in single quotes with `''` for a quote, `NULL`,
 * numbers. Anything else in a value (a blob, `CAST(…)`) reads as null. This is no SQL parser: it
 * finds those statements and reads their values, and skips everything between them.
 */
export type SqlValue = string | number | null;

export function readSqlInsertRows(text: string, table: string): Array<Record<string, SqlValue>> {
  const rows: Array<Record<string, SqlValue>> = [];
  const statement = new RegExp(`INSERT\\s+INTO\\s+"?${table}"?\\s*\\(([^)]*)\\)\\s*VALUES\\s*`, 'gi');
  for (let match = statement.exec(text); match !== null; match = statement.exec(text)) {
    const columns = (match[1] ?? '').split(',').map((column) => column.trim().replace(/^"|"$/g, '').replace(/""/g, '"'));
    const reader = new ValuesReader(text, statement.lastIndex);
    for (let tuple = reader.tuple(); tuple !== undefined; tuple = reader.nextTuple()) {
      rows.push(Object.fromEntries(columns.map((column, index) => [column, tuple[index] ?? null])));
    }
    statement.lastIndex = reader.position;
  }
  return rows;
}

class ValuesReader {
  position: number;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.position = start;
  }

  /** The tuple at the reader's position, `(v, v, …)`; undefined when there is none. */
  tuple(): SqlValue[] | undefined {
    this.skipSpace();
    if (this.text.charAt(this.position) !== '(') return undefined;
    this.position += 1;
    const values: SqlValue[] = [];
    for (;;) {
      this.skipSpace();
      values.push(this.value());
      this.skipSpace();
      const separator = this.text.charAt(this.position);
      this.position += 1;
      if (separator === ')') return values;
      if (separator !== ',') return undefined;
    }
  }

  /** After a tuple: the next one when a comma follows, else the statement is over. */
  nextTuple(): SqlValue[] | undefined {
    this.skipSpace();
    if (this.text.charAt(this.position) !== ',') return undefined;
    this.position += 1;
    return this.tuple();
  }

  private value(): SqlValue {
    if (this.text.charAt(this.position) === "'") return this.quoted();
    const start = this.position;
    let depth = 0;
    // An unquoted value runs to the next `,` or `)` at its own depth (`CAST(X'00' AS TEXT)` has its own parentheses).
    while (this.position < this.text.length) {
      const character = this.text.charAt(this.position);
      if (character === "'") {
        this.quoted();
        continue;
      }
      if (character === '(') depth += 1;
      else if (character === ')' && depth === 0) break;
      else if (character === ')') depth -= 1;
      else if (character === ',' && depth === 0) break;
      this.position += 1;
    }
    const literal = this.text.slice(start, this.position).trim();
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(literal)) return Number(literal);
    return null;
  }

  private quoted(): string {
    let result = '';
    this.position += 1;
    while (this.position < this.text.length) {
      const close = this.text.indexOf("'", this.position);
      if (close === -1) {
        result += this.text.slice(this.position);
        this.position = this.text.length;
        break;
      }
      result += this.text.slice(this.position, close);
      this.position = close + 1;
      if (this.text.charAt(this.position) !== "'") break;
      result += "'";
      this.position += 1;
    }
    return result;
  }

  private skipSpace(): void {
    while (/\s/.test(this.text.charAt(this.position))) this.position += 1;
  }
}
