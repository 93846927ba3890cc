/** One field of an audited object, as it was before the change and as it is after it. */
export interface ChangeRow {
  field: string;
  before: string | undefined;
  after: string | undefined;
  changed: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * Lines up the before and after summaries of an audit entry field by field. Returns null when
 * either side is not an object (a plain value is then shown as it is).
 */
export function changeRows(before: unknown, after: unknown): ChangeRow[] | null {
  const left = before ?? {};
  const right = after ?? {};
  if (!isRecord(left) || !isRecord(right)) return null;
  const fields = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return fields.map((field) => {
    const beforeValue = field in left ? displayValue(left[field]) : undefined;
    const afterValue = field in right ? displayValue(right[field]) : undefined;
    return { field, before: beforeValue, after: afterValue, changed: beforeValue !== afterValue };
  });
}
