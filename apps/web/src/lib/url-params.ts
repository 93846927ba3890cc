/** A positive page number from the address, or the first page. */
export function pageFromParams(params: URLSearchParams): number {
  const page = Number(params.get('page'));
  return Number.isInteger(page) && page > 0 ? page : 1;
}

/** A trimmed text from the address, or undefined when it is absent or blank. */
export function textFromParams(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

/** The address parameters of a filtered list: only what is set, and the page only after the first. */
export function paramsFromFilters(
  filters: Record<string, string | boolean | undefined>,
  page: number,
): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params[name] = String(value);
  }
  if (page > 1) params.page = String(page);
  return params;
}
