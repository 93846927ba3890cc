// Table or JSON output. Tables are for people (aligned columns); JSON is for scripts (stable keys).

export type OutputFormat = 'table' | 'json';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export function renderTable(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (value: unknown) =>
    value === null || value === undefined ? '-' : Array.isArray(value) ? value.join(',') : String(value);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.toUpperCase())),
    ...rows.map((row) => line(columns.map((column) => cell(row[column])))),
  ].join('\n');
}

export function print(
  io: Io,
  format: OutputFormat,
  data: unknown,
  rows: Record<string, unknown>[],
  columns: string[],
): void {
  if (format === 'json') io.out(JSON.stringify(data, null, 2));
  else io.out(rows.length === 0 ? '(none)' : renderTable(rows, columns));
}

/** Minor units (cents) as a decimal of the currency ("12.99"), exactly: no float on the way. */
export function moneyText(minor: number, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    digits = 2;
  }
  const text = BigInt(minor)
    .toString()
    .padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
