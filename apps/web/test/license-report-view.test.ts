import { describe, expect, it } from 'vitest';
import {
  licenseReportHref,
  paramsFromView,
  parseSort,
  tablePageQuery,
  toggledSort,
  topAppsQuery,
  viewFromParams,
} from '../src/features/reports/license-report-view.ts';

const TOKEN_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

describe('viewFromParams', () => {
  it('starts with no filters, sorted by app name, on page 1, with the top 10 apps charted', () => {
    expect(viewFromParams(new URLSearchParams())).toEqual({
      filters: {},
      sort: 'appName',
      page: 1,
      chart: 'apps',
      top: 10,
    });
  });

  it('reads every filter, the sort, the page and the chart from the address', () => {
    const view = viewFromParams(
      new URLSearchParams({
        tokenId: TOKEN_ID,
        category: ' Sales ',
        tokenType: 'EDUCATION',
        search: '  Keynote ',
        sort: '-inUse',
        page: '3',
        chart: 'tokens',
        top: '50',
      }),
    );
    expect(view).toEqual({
      filters: { tokenId: TOKEN_ID, category: 'Sales', tokenType: 'EDUCATION', search: 'Keynote' },
      sort: '-inUse',
      page: 3,
      chart: 'tokens',
      top: 50,
    });
  });

  it('leaves out what the API would refuse instead of failing the page', () => {
    const view = viewFromParams(
      new URLSearchParams({
        tokenId: 'not-a-uuid',
        tokenType: 'HOME',
        search: '   ',
        sort: 'price',
        page: '-2',
        chart: 'pie',
        top: '15',
      }),
    );
    expect(view).toEqual({ filters: {}, sort: 'appName', page: 1, chart: 'apps', top: 10 });
  });

  it('round-trips through the address, leaving the defaults out', () => {
    const params = new URLSearchParams({ search: 'Slack', sort: '-available', page: '2', top: '20' });
    const view = viewFromParams(params);
    expect(paramsFromView(view)).toEqual({ search: 'Slack', sort: '-available', page: '2', top: '20' });
    expect(paramsFromView(viewFromParams(new URLSearchParams()))).toEqual({});
  });
});

describe('report queries', () => {
  const view = viewFromParams(new URLSearchParams({ tokenType: 'BUSINESS', sort: 'tokenName', page: '4' }));

  it('asks for the table page with the filters and the sort', () => {
    expect(tablePageQuery(view)).toEqual({ tokenType: 'BUSINESS', sort: 'tokenName', page: 4, pageSize: 50 });
  });

  it('asks for the chart as the first rows by licenses in use, whatever the table shows', () => {
    expect(topAppsQuery(view)).toEqual({ tokenType: 'BUSINESS', sort: '-inUse', page: 1, pageSize: 10 });
  });

  it('links to the report with filters and a sort', () => {
    expect(licenseReportHref({})).toBe('/reports/license-counts');
    expect(licenseReportHref({ tokenId: TOKEN_ID, search: '361309726' })).toBe(
      `/reports/license-counts?tokenId=${TOKEN_ID}&search=361309726`,
    );
    expect(licenseReportHref({}, 'available')).toBe('/reports/license-counts?sort=available');
  });
});

describe('sorting', () => {
  it('reads the key and the direction of a sort', () => {
    expect(parseSort('-inUse')).toEqual({ key: 'inUse', descending: true });
    expect(parseSort('tokenName')).toEqual({ key: 'tokenName', descending: false });
  });

  it('turns the order round when the same column is chosen again', () => {
    expect(toggledSort('appName', 'appName')).toBe('-appName');
    expect(toggledSort('-appName', 'appName')).toBe('appName');
    expect(toggledSort('-inUse', 'inUse')).toBe('inUse');
  });

  it('starts names A to Z and counts with the largest first', () => {
    expect(toggledSort('appName', 'tokenName')).toBe('tokenName');
    expect(toggledSort('appName', 'inUse')).toBe('-inUse');
    expect(toggledSort('-inUse', 'available')).toBe('-available');
  });
});
