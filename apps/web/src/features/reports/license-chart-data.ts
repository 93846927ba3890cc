import type { LicenseReport, LicenseReportRow } from '@vpp/contracts/reports';

type Totals = LicenseReport['totals'];

/** One bar of the chart: licenses in use, with the available ones stacked after them. */
export interface LicenseBar {
  /** Unique per bar: the axis tells bars apart by it, even when two apps share a name. */
  id: string;
  /** The app's or the token's name. */
  label: string;
  /** Under an app's name: its token, since the same app can be bought with two tokens. */
  detail?: string;
  inUse: number;
  /** 0 for free apps without a count: they have no "available" to draw. */
  available: number;
  /** A free app whose licenses Apple does not count. */
  unlimited: boolean;
}

export interface AppBar extends LicenseBar {
  tokenName: string;
}

/** The chart's bars for report rows, in their order (the API sorts them by use). */
export function appBars(rows: readonly LicenseReportRow[]): AppBar[] {
  return rows.map((row) => ({
    id: row.storeAppId,
    label: row.appName,
    detail: row.tokenName,
    tokenName: row.tokenName,
    inUse: row.inUse,
    available: row.available ?? 0,
    unlimited: row.unlimited,
  }));
}

export interface TokenTotals {
  id: string;
  name: string;
  totals: Totals;
}

export interface TokenBar extends LicenseBar {
  apps: number;
  /** Free apps with unlimited licenses: their use is in `inUse`, they add nothing to `available`. */
  unlimitedApps: number;
}

/** The chart's bars for tokens, the most licenses in use first; tokens without apps are left out. */
export function tokenBars(tokens: readonly TokenTotals[]): TokenBar[] {
  return tokens
    .filter((token) => token.totals.apps > 0)
    .map((token) => ({
      id: token.id,
      label: token.name,
      apps: token.totals.apps,
      unlimitedApps: token.totals.unlimitedApps,
      inUse: token.totals.inUse,
      available: token.totals.available,
      unlimited: false,
    }))
    .sort((a, b) => b.inUse - a.inUse || a.label.localeCompare(b.label));
}

/** A name short enough for the chart's axis; the full name is in the tooltip and the table. */
export function axisLabel(label: string, maxLength = 26): string {
  return label.length <= maxLength ? label : `${label.slice(0, maxLength - 1).trimEnd()}…`;
}
