// When will a store app run out of licenses, and how many to buy for a horizon? The model (see
// docs/license-intelligence.md): the burn rate is the net daily increase of assigned licenses over
// the last 30 complete UTC days, with the single largest daily increase left out, so one bulk
// deployment does not set the pace for the months after it:
//
//   perDay = (sum of the daily increases − the largest one) / (days observed − 1)
//
// Days before the app's first history point are not observed. Fewer than MIN_DAYS_OBSERVED days
// give no rate. Only complete days count, so the rate moves once a day, not with every sync.

export const BURN_WINDOW_DAYS = 30;
export const MIN_DAYS_OBSERVED = 7;
export const DEFAULT_HORIZON_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CountPoint {
  at: Date;
  assigned: number;
}

export interface BurnRate {
  perDay: number;
  daysObserved: number;
}

export interface Forecast {
  /** Whole days from today until no license is left; 0 when none is left now; null: not running out. */
  daysUntilExhausted: number | null;
  /** The UTC date (YYYY-MM-DD) the last license goes, at the current rate. */
  exhaustedOn: string | null;
  /** Licenses to buy so the horizon is covered at the current rate (0 when it is). */
  suggestedPurchase: number;
}

/** Midnight UTC of the day `at` falls on. */
export function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function isoDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/**
 * The assigned count at the end of each of the `days` complete UTC days before `today`, oldest
 * first, plus the count at the end of the day before them (the baseline). A day without a point
 * carries the last known count; a day before the first point is null (not observed).
 */
export function endOfDayCounts(
  points: CountPoint[],
  today: Date,
  days = BURN_WINDOW_DAYS,
): (number | null)[] {
  const sorted = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const start = utcDay(today).getTime() - days * DAY_MS;
  const values: (number | null)[] = [];
  let index = 0;
  let last: number | null = null;
  // Day 0 is the baseline: it ends at `start`.
  for (let day = 0; day <= days; day += 1) {
    const end = start + day * DAY_MS;
    while (index < sorted.length && sorted[index]!.at.getTime() < end) {
      last = sorted[index]!.assigned;
      index += 1;
    }
    values.push(last);
  }
  return values;
}

/** The burn rate from end-of-day counts (baseline first), or null when too few days are observed. */
export function burnRate(endOfDay: (number | null)[]): BurnRate | null {
  const increases: number[] = [];
  for (let day = 1; day < endOfDay.length; day += 1) {
    const before = endOfDay[day - 1];
    const after = endOfDay[day];
    if (before === null || before === undefined || after === null || after === undefined) continue;
    increases.push(after - before);
  }
  if (increases.length < MIN_DAYS_OBSERVED) return null;
  const total = increases.reduce((sum, value) => sum + value, 0);
  const largest = Math.max(...increases);
  return { perDay: (total - largest) / (increases.length - 1), daysObserved: increases.length };
}

/** The forecast of one store app from its current counts and burn rate. */
export function forecastExhaustion(
  app: { available: number; unlimited: boolean; perDay: number | null },
  options: { today: Date; horizonDays: number },
): Forecast {
  const perDay = app.perDay ?? 0;
  if (app.unlimited || perDay <= 0)
    return { daysUntilExhausted: null, exhaustedOn: null, suggestedPurchase: 0 };
  const available = Math.max(0, app.available);
  const daysUntilExhausted = Math.ceil(available / perDay);
  const exhaustedOn = isoDay(new Date(utcDay(options.today).getTime() + daysUntilExhausted * DAY_MS));
  // A hair of tolerance, so 0.1 × 30 = 3.0000000000000004 does not ask for one more license.
  const needed = Math.ceil(perDay * options.horizonDays - available - 1e-9);
  return { daysUntilExhausted, exhaustedOn, suggestedPurchase: Math.max(0, needed) };
}
