// Apple writes ISO-8601 with no colon in the offset (`2030-11-08T22:33:22+0000`); accept the
// colon form and `Z` too, and reject anything else rather than letting `Date` guess.
const APPLE_DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses Apple's ISO-8601 timestamps; returns undefined for anything that is not a real date and time. */
export function parseAppleDate(text: string): Date | undefined {
  const match = APPLE_DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const millis = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, millis);
  // Date.UTC rolls 31 February over into March; a round trip catches impossible days.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  return new Date(utc - offsetMinutes(offset ?? 'Z') * 60_000);
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  return sign * (hours * 60 + minutes);
}
