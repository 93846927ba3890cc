/** Formats a date the way Apple writes `expDate` and `tokenExpirationDate`: `2030-11-08T22:33:22+0000`. */
export function formatAppleDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}

/** Parses Apple's date format (offset without a colon) and plain ISO-8601. Returns undefined when invalid. */
export function parseAppleDate(text: string): Date | undefined {
  const withColon = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(withColon);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
