import type { LicenseReportRow } from '@vpp/contracts/reports';

export type LicenseLevel = 'none-left' | 'low' | 'enough' | 'unlimited';

/**
 * How a row stands against the low-license threshold, by the dashboard's rule: an app with a count
 * is low when its available licenses are at most `thresholdPercent` of its purchased ones. Free apps
 * without a count never run low.
 */
export function licenseLevel(
  row: Pick<LicenseReportRow, 'totalPurchased' | 'available'>,
  thresholdPercent: number,
): LicenseLevel {
  if (row.totalPurchased === null || row.available === null) return 'unlimited';
  if (row.totalPurchased <= 0) return 'enough';
  if (row.available <= 0) return 'none-left';
  return row.available * 100 <= row.totalPurchased * thresholdPercent ? 'low' : 'enough';
}
