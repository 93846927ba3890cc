import { dashboardSchema, licenseReportQuerySchema, licenseReportSchema } from '@vpp/contracts/reports';
import { horizonDaysFor } from '@vpp/core/license-history/license-intelligence-settings';
import { readDashboard } from '@vpp/core/reports/dashboard';
import { licenseCountsReport, streamLicenseCountsCsv } from '@vpp/core/reports/license-counts-report';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

export function reportRoutes(deps: AppDeps): Route[] {
  const { pool, prisma } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/reports/license-counts',
      access: 'signedIn',
      tag: 'Reports',
      summary: 'Apple VPP apps with license counts: JSON (paged, with totals) or CSV (every matching row)',
      query: licenseReportQuerySchema,
      success: { status: 200, schema: licenseReportSchema, description: 'JSON, or text/csv with format=csv' },
      handler: async ({ query, res }) => {
        const forecast = { today: deps.now(), horizonDays: await horizonDaysFor(prisma, query.horizonDays) };
        if (query.format === 'csv') {
          const stamp = query.asOf?.slice(0, 10) ?? deps.now().toISOString().slice(0, 10);
          res.status(200);
          res.setHeader('content-type', 'text/csv; charset=utf-8');
          res.setHeader('content-disposition', `attachment; filename="vpp-license-counts-${stamp}.csv"`);
          await streamLicenseCountsCsv(pool, query, res, forecast);
          return;
        }
        return licenseCountsReport(pool, query, deps.reportTotals, forecast);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/dashboard',
      access: 'signedIn',
      tag: 'Reports',
      summary: 'Tokens needing attention, apps running low on licenses, recent syncs',
      success: { status: 200, schema: dashboardSchema },
      handler: () => readDashboard(pool, deps.now()),
    }),
  ];
}
