import { AppError } from '@vpp/contracts/errors';
import { MAX_IMPORT_ROWS, type RefusedRow } from '@vpp/contracts/inventory';
import { CsvError, parse } from 'csv-parse/sync';

// Reads an uploaded CSV file into rows keyed by the columns an import expects. Quotes, commas and
// line breaks in quoted fields, a UTF-8 BOM, CRLF line ends and `;` or tab separators are handled;
// header names match case-insensitively, ignoring spaces, `_` and `-`.

export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
}

export interface CsvRow {
  /** The line the row starts on; the header is line 1. */
  line: number;
  /** Trimmed cell of an expected column; '' when the row is short of that column. */
  get(column: string): string;
}

export interface CsvTable {
  /** The expected columns the header has. */
  present: ReadonlySet<string>;
  rows: CsvRow[];
  /** Rows with more cells than the header (usually an unquoted comma), refused as they stand. */
  refused: RefusedRow[];
  ignoredColumns: string[];
}

function canonical(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

function decodeUtf8(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new AppError(
      'VALIDATION_FAILED',
      'The file is not UTF-8 text: save it as "CSV UTF-8" and try again.',
    );
  }
}

/** The separator the header line uses: `,` unless the header has only `;` or only tabs. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes(';')) return ';';
  if (firstLine.includes('\t')) return '\t';
  return ',';
}

function describeColumns(columns: CsvColumns): string {
  return [...columns.required.map((name) => `${name} (required)`), ...columns.optional].join(', ');
}

function countLineBreaks(cells: string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) breaks += 1;
  }
  return breaks;
}

export function readCsvTable(content: Buffer, columns: CsvColumns): CsvTable {
  // One line-end convention first: the parser counts a CRLF inside a quoted field as two lines.
  const text = decodeUtf8(content)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  if (text.includes('\u0000')) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The file contains NUL characters, so it is not CSV text (it may be UTF-16 or a spreadsheet): save it as "CSV UTF-8" and try again.',
    );
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      throw new AppError('VALIDATION_FAILED', `The file is not valid CSV: ${error.message}.`);
    }
    throw error;
  }

  const [header, ...data] = records;
  if (!header) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The file is empty: its first line must name the columns: ${describeColumns(columns)}.`,
    );
  }
  if (data.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The file has ${data.length} rows; one import takes at most ${MAX_IMPORT_ROWS}. Split it into several files.`,
    );
  }

  const expected = new Map([...columns.required, ...columns.optional].map((name) => [canonical(name), name]));
  const indexByColumn = new Map<string, number>();
  const ignoredColumns: string[] = [];
  header.record.forEach((cell, index) => {
    const name = expected.get(canonical(cell));
    if (!name) {
      if (cell.trim()) ignoredColumns.push(cell.trim());
      return;
    }
    if (indexByColumn.has(name)) {
      throw new AppError('VALIDATION_FAILED', `The column ${name} appears twice in the header.`);
    }
    indexByColumn.set(name, index);
  });
  const missing = columns.required.filter((name) => !indexByColumn.has(name));
  if (missing.length > 0) {
    const found = header.record.map((cell) => cell.trim()).filter(Boolean);
    throw new AppError(
      'VALIDATION_FAILED',
      `The file has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}. Its first line must name the columns: ${describeColumns(columns)}; it names: ${found.join(', ') || 'nothing'}.`,
      {
        errors: missing.map((name) => ({ path: `file.${name}`, message: 'column is missing' })),
        extensions: { missingColumns: missing },
      },
    );
  }

  const keyIndex = indexByColumn.get(columns.required[0] ?? '') ?? 0;
  const width = header.record.length;
  const rows: CsvRow[] = [];
  const refused: RefusedRow[] = [];
  for (const { record, info } of data) {
    const line = info.lines - countLineBreaks(record);
    if (record.length > width) {
      refused.push({
        line,
        value: (record[keyIndex] ?? '').trim(),
        reason: `has ${record.length} cells but the header has ${width}: quote values that contain the separator`,
      });
      continue;
    }
    rows.push({
      line,
      get(column) {
        const index = indexByColumn.get(column);
        return index === undefined ? '' : (record[index] ?? '').trim();
      },
    });
  }
  return { present: new Set(indexByColumn.keys()), rows, refused, ignoredColumns };
}

/** Why a row failed its schema, naming the column: "serialNumber must be 8 to 14 letters and digits". */
export function describeRowIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'is not valid';
  return `${issue.path.map(String).join('.')} ${issue.message}`.trim();
}

/** Remembers each key's first line, to refuse later rows with the same key. */
export class FirstLineByKey {
  private readonly lines = new Map<string, number>();

  /** The line that had this key first, or undefined after remembering this line as the first. */
  claim(key: string, line: number): number | undefined {
    const first = this.lines.get(key);
    if (first !== undefined) return first;
    this.lines.set(key, line);
    return undefined;
  }
}
