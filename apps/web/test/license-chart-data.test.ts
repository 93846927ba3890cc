import type { LicenseReportRow } from '@vpp/contracts/reports';
import { describe, expect, it } from 'vitest';
import { appBars, axisLabel, tokenBars } from '../src/features/reports/license-chart-data.ts';
import { licenseLevel } from '../src/features/reports/running-low.ts';

function row(overrides: Partial<LicenseReportRow>): LicenseReportRow {
  return {
    storeAppId: 'app-1',
    appName: 'Slack',
    adamId: '618783545',
    productType: 'APP',
    tokenId: 'token-1',
    tokenName: 'Northwind HQ',
    tokenType: 'BUSINESS',
    totalPurchased: 80,
    inUse: 48,
    available: 32,
    retired: 0,
    unlimited: false,
    deployedApplications: 0,
    lastSyncedAt: null,
    forecast: null,
    unitPriceMinor: null,
    valueInUseMinor: null,
    valueIdleMinor: null,
    ...overrides,
  };
}

describe('appBars', () => {
  it('keeps the rows in order, one bar per app per token, each named with its token', () => {
    const bars = appBars([
      row({ storeAppId: 'a', appName: 'Microsoft Teams', tokenName: 'Northwind HQ', inUse: 40 }),
      row({ storeAppId: 'b', appName: 'Slack', inUse: 30 }),
      row({ storeAppId: 'c', appName: 'Microsoft Teams', tokenName: 'Berlin', inUse: 20 }),
    ]);
    expect(bars.map((bar) => [bar.id, bar.label, bar.detail, bar.inUse])).toEqual([
      ['a', 'Microsoft Teams', 'Northwind HQ', 40],
      ['b', 'Slack', 'Northwind HQ', 30],
      ['c', 'Microsoft Teams', 'Berlin', 20],
    ]);
  });

  it('draws no available licenses for a free app with unlimited licenses', () => {
    const [bar] = appBars([row({ totalPurchased: null, available: null, unlimited: true, inUse: 12 })]);
    expect(bar).toMatchObject({ inUse: 12, available: 0, unlimited: true });
  });
});

describe('tokenBars', () => {
  const totals = (inUse: number, available: number, apps = 3) => ({
    apps,
    totalPurchased: inUse + available,
    inUse,
    available,
    retired: 0,
    unlimitedApps: 0,
    valueInUseMinor: 0,
    valueIdleMinor: 0,
    costByCategory: [],
  });

  it('puts the token with the most licenses in use first and leaves out tokens without apps', () => {
    const bars = tokenBars([
      { id: 'a', name: 'Berlin', totals: totals(20, 30) },
      { id: 'b', name: 'Northwind HQ', totals: totals(200, 100) },
      { id: 'c', name: 'Empty', totals: totals(0, 0, 0) },
      { id: 'd', name: 'Anchorage', totals: totals(20, 5) },
    ]);
    expect(bars.map((bar) => [bar.label, bar.inUse, bar.available, bar.apps])).toEqual([
      ['Northwind HQ', 200, 100, 3],
      ['Anchorage', 20, 5, 3],
      ['Berlin', 20, 30, 3],
    ]);
  });
});

describe('axisLabel', () => {
  it('shortens long names with an ellipsis and leaves short ones alone', () => {
    expect(axisLabel('Slack')).toBe('Slack');
    expect(axisLabel('Microsoft Dynamics 365 Field Service Mobile', 20)).toBe('Microsoft Dynamics…');
  });
});

describe('licenseLevel', () => {
  it('follows the dashboard: low at or below the threshold share of purchased licenses', () => {
    expect(licenseLevel({ totalPurchased: 100, available: 10 }, 10)).toBe('low');
    expect(licenseLevel({ totalPurchased: 100, available: 11 }, 10)).toBe('enough');
    expect(licenseLevel({ totalPurchased: 20, available: 0 }, 10)).toBe('none-left');
    expect(licenseLevel({ totalPurchased: 20, available: 0 }, 0)).toBe('none-left');
    expect(licenseLevel({ totalPurchased: 20, available: 1 }, 0)).toBe('enough');
  });

  it('never marks free apps with unlimited licenses, nor apps without purchased licenses', () => {
    expect(licenseLevel({ totalPurchased: null, available: null }, 100)).toBe('unlimited');
    expect(licenseLevel({ totalPurchased: 0, available: 0 }, 100)).toBe('enough');
  });
});
