import { describe, expect, it } from 'vitest';
import {
  burnRate,
  type CountPoint,
  endOfDayCounts,
  forecastExhaustion,
} from '../src/license-intelligence/forecast.ts';

const at = (iso: string) => new Date(iso);
const day = (offset: number, time = '09:00:00.000Z') =>
  new Date(`${new Date(Date.UTC(2026, 3, 1 + offset)).toISOString().slice(0, 10)}T${time}`);

describe('burn rate: net daily increase over 30 complete days without the largest day', () => {
  it('matches the hand calculation on a scripted 60-day history', () => {
    // Day k (k = 1…60) is 2026-04-01 + k: day 1 is 2 April, day 30 is 1 May, day 60 is 31 May.
    // "Today" is 1 June, so the window is days 31…60 (2–31 May) and the baseline is the end of day 30.
    const points: CountPoint[] = [];
    // Days 1–30: +1 a day from 100 (before the window: only their end, 129 on 1 May, matters).
    for (let k = 1; k <= 30; k += 1) points.push({ at: day(k), assigned: 100 + (k - 1) });
    // A point in the last millisecond of 1 May still belongs to 1 May: 129 is the baseline.
    points.push({ at: day(30, '23:59:59.999Z'), assigned: 129 });
    let assigned = 129;
    for (let k = 31; k <= 60; k += 1) {
      if (k === 45) {
        // 16 May: a bulk deployment of 200 on top of the day's 3.
        assigned += 203;
        points.push({ at: day(k), assigned });
      } else if (k === 40) {
        // 11 May: two points, +10 then −7; the day's last counts (net +3).
        points.push({ at: day(k), assigned: assigned + 10 });
        assigned += 3;
        points.push({ at: day(k, '15:00:00.000Z'), assigned });
      } else if (k === 55) {
        // 26 May: no point at all (carried: +0) …
      } else if (k === 56) {
        // … and 27 May makes up for it (+6).
        assigned += 6;
        points.push({ at: day(k), assigned });
      } else {
        assigned += 3;
        points.push({ at: day(k), assigned });
      }
    }
    // A change today does not count: today is not complete.
    points.push({ at: at('2026-06-01T08:00:00.000Z'), assigned: assigned + 50 });
    const today = at('2026-06-01T12:00:00.000Z');

    const counts = endOfDayCounts(points, today);
    expect(counts).toHaveLength(31);
    expect(counts[0]).toBe(129);
    // Daily increases in the window: 26 ordinary days × 3 = 78, 11 May +3, 16 May +203, 26 May 0,
    // 27 May +6: sum 290 over 30 observed days. End of 31 May: 129 + 290 = 419.
    expect(counts[30]).toBe(419);
    expect(assigned).toBe(419);

    // Leave out the largest day (203): (290 − 203) / (30 − 1) = 87 / 29 = 3 licenses a day.
    // (A plain average would say 290 / 30 = 9.67 a day: three times too fast after one bulk day.)
    expect(burnRate(counts)).toEqual({ perDay: 3, daysObserved: 30 });

    // 499 purchased, 419 assigned: 80 available. 80 / 3 = 26.67 → runs out in 27 days, on
    // 1 June + 27 = 28 June. Horizon 90 days: 90 × 3 = 270 needed − 80 available = 190 to buy.
    const forecast = forecastExhaustion(
      { available: 80, unlimited: false, perDay: 3 },
      { today, horizonDays: 90 },
    );
    expect(forecast).toEqual({ daysUntilExhausted: 27, exhaustedOn: '2026-06-28', suggestedPurchase: 190 });
  });

  it('does not observe the days before an app’s first point, and needs 7 observed days', () => {
    const today = at('2026-06-01T00:00:00.000Z');
    // First point on 26 May: baseline null until the end of 26 May; observed days 27–31 May = 5.
    const points = [26, 27, 28, 29, 30, 31].map((d, index) => ({
      at: at(`2026-05-${d}T10:00:00.000Z`),
      assigned: 10 + index * 2,
    }));
    const counts = endOfDayCounts(points, today);
    // The baseline (1 May) and 2–25 May: 25 days without a count.
    expect(counts.filter((value) => value === null)).toHaveLength(25);
    expect(burnRate(counts)).toBeNull();
    // Two more days of history (first point 24 May): 7 observed days, +2 a day.
    const longer = [
      { at: at('2026-05-24T10:00:00.000Z'), assigned: 6 },
      { at: at('2026-05-25T10:00:00.000Z'), assigned: 8 },
      ...points,
    ];
    // Increases 25→31 May: +2 each (7 days): (14 − 2) / 6 = 2.
    expect(burnRate(endOfDayCounts(longer, today))).toEqual({ perDay: 2, daysObserved: 7 });
  });

  it('counts releases as negative days: a shrinking app has no exhaustion date', () => {
    const counts = [50, 49, 48, 47, 46, 45, 44, 43];
    // Increases −1 × 7; leaving out the largest (−1): −6 / 6 = −1.
    expect(burnRate(counts)).toEqual({ perDay: -1, daysObserved: 7 });
    expect(
      forecastExhaustion(
        { available: 10, unlimited: false, perDay: -1 },
        { today: at('2026-06-01T00:00:00Z'), horizonDays: 90 },
      ),
    ).toEqual({ daysUntilExhausted: null, exhaustedOn: null, suggestedPurchase: 0 });
  });
});

describe('forecast from a rate', () => {
  const today = at('2026-12-30T18:00:00.000Z');

  it('is exhausted today when nothing is left, and buys the horizon', () => {
    // 0 left at 2 a day: out today; 30 days × 2 = 60 to buy.
    expect(
      forecastExhaustion({ available: 0, unlimited: false, perDay: 2 }, { today, horizonDays: 30 }),
    ).toEqual({
      daysUntilExhausted: 0,
      exhaustedOn: '2026-12-30',
      suggestedPurchase: 60,
    });
  });

  it('crosses the year and asks for nothing when the horizon is covered', () => {
    // 10 left at 0.5 a day: 20 days → 19 January; 30 days need 15 → 5 to buy; 20 days need exactly 10 → 0.
    expect(
      forecastExhaustion({ available: 10, unlimited: false, perDay: 0.5 }, { today, horizonDays: 30 }),
    ).toEqual({
      daysUntilExhausted: 20,
      exhaustedOn: '2027-01-19',
      suggestedPurchase: 5,
    });
    expect(
      forecastExhaustion({ available: 10, unlimited: false, perDay: 0.5 }, { today, horizonDays: 20 })
        .suggestedPurchase,
    ).toBe(0);
    // 0.1 × 30 is 3.0000000000000004 in floating point: still exactly 3, so nothing to buy with 3 left.
    expect(
      forecastExhaustion({ available: 3, unlimited: false, perDay: 0.1 }, { today, horizonDays: 30 })
        .suggestedPurchase,
    ).toBe(0);
  });

  it('never forecasts unlimited apps or apps without a rate', () => {
    const none = { daysUntilExhausted: null, exhaustedOn: null, suggestedPurchase: 0 };
    expect(
      forecastExhaustion({ available: 5, unlimited: true, perDay: 9 }, { today, horizonDays: 90 }),
    ).toEqual(none);
    expect(
      forecastExhaustion({ available: 5, unlimited: false, perDay: null }, { today, horizonDays: 90 }),
    ).toEqual(none);
    expect(
      forecastExhaustion({ available: 5, unlimited: false, perDay: 0 }, { today, horizonDays: 90 }),
    ).toEqual(none);
  });
});
