import type { QueryClient } from '@tanstack/react-query';
import type { Role } from '@vpp/contracts/accounts';
import type { ParseKeys } from 'i18next';
import { ACCOUNTS_PAGE_SIZE, accountsQueryOptions } from '../features/accounts/api/get-accounts.ts';
import { alertRulesQueryOptions } from '../features/alerts/api/alert-rules.ts';
import { apiKeysQueryOptions } from '../features/api-keys/api/api-keys.ts';
import { apnsCertificateQueryOptions } from '../features/apns/api/get-apns-certificate.ts';
import {
  applicationsQueryOptions,
  firstApplicationsPage,
} from '../features/applications/api/get-applications.ts';
import { auditLogQueryOptions, firstAuditLogPage } from '../features/audit-log/api/get-audit-log.ts';
import { dashboardQueryOptions } from '../features/dashboard/api/get-dashboard.ts';
import { collections, devices, people } from '../features/inventory/api/inventory-api.ts';
import { returnedLicensesQueryOptions } from '../features/license-returns/api/license-returns.ts';
import { reclaimsQueryOptions } from '../features/reclaim/api/reclaim.ts';
import {
  firstLicenseReportPage,
  licenseReportQueryOptions,
} from '../features/reports/api/get-license-report.ts';
import { deviceManagementQueryOptions } from '../features/settings/api/device-management.ts';
import { settingsQueryOptions } from '../features/settings/api/get-settings.ts';
import { firstStoreAppsPage, storeAppsQueryOptions } from '../features/store-apps/api/get-store-apps.ts';
import { firstTokensPage, tokensQueryOptions } from '../features/tokens/api/get-tokens.ts';
import { paths } from './paths.ts';

export interface NavItem {
  to: string;
  label: ParseKeys;
  roles: readonly Role[];
  /** Loads the page's first data when the link is pointed at or focused, with the page's own query key. */
  prefetch?: (client: QueryClient) => void;
}

export interface NavSection {
  id: string;
  label: ParseKeys;
  items: NavItem[];
}

const everyone: readonly Role[] = ['admin', 'manager'];
const adminsOnly: readonly Role[] = ['admin'];

// Every page reached from the sidebar; deployments open from their application, so they have
// no entry of their own. No entry exists before its page does.
export const navigation: NavSection[] = [
  {
    id: 'overview',
    label: 'dashboard.navSection',
    items: [
      {
        to: paths.home,
        label: 'dashboard.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(dashboardQueryOptions()),
      },
    ],
  },
  {
    id: 'volume-purchasing',
    label: 'nav.volumePurchasing',
    items: [
      {
        to: paths.tokens,
        label: 'nav.tokens',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(tokensQueryOptions(firstTokensPage)),
      },
      {
        to: paths.storeApps,
        label: 'storeApps.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(storeAppsQueryOptions(firstStoreAppsPage)),
      },
      {
        to: paths.applications,
        label: 'applications.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(applicationsQueryOptions(firstApplicationsPage)),
      },
    ],
  },
  {
    id: 'inventory',
    label: 'inventory.navSection',
    items: [
      {
        to: paths.devices,
        label: 'inventory.devices.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(devices.options(devices.firstPage)),
      },
      {
        to: paths.people,
        label: 'inventory.people.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(people.options(people.firstPage)),
      },
      {
        to: paths.collections,
        label: 'inventory.collections.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(collections.options(collections.firstPage)),
      },
    ],
  },
  {
    id: 'reports',
    label: 'reports.navSection',
    items: [
      {
        to: paths.licenseReport,
        label: 'reports.licenseCounts.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(licenseReportQueryOptions(firstLicenseReportPage)),
      },
      {
        to: paths.licenseReturns,
        label: 'licenseReturns.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(returnedLicensesQueryOptions(1)),
      },
      {
        to: paths.reclaim,
        label: 'reclaim.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(reclaimsQueryOptions(1)),
      },
    ],
  },
  {
    id: 'monitoring',
    label: 'alerts.navSection',
    items: [
      {
        to: paths.alerts,
        label: 'alerts.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(alertRulesQueryOptions()),
      },
    ],
  },
  {
    id: 'administration',
    label: 'nav.administration',
    items: [
      {
        to: paths.auditLog,
        label: 'nav.auditLog',
        roles: adminsOnly,
        prefetch: (client) => client.prefetchQuery(auditLogQueryOptions(firstAuditLogPage)),
      },
    ],
  },
  {
    id: 'settings',
    label: 'nav.settings',
    items: [
      {
        to: paths.accounts,
        label: 'nav.accounts',
        roles: adminsOnly,
        prefetch: (client) =>
          client.prefetchQuery(accountsQueryOptions({ page: 1, pageSize: ACCOUNTS_PAGE_SIZE })),
      },
      {
        to: paths.apiKeys,
        label: 'apiKeys.nav',
        roles: adminsOnly,
        prefetch: (client) => client.prefetchQuery(apiKeysQueryOptions()),
      },
      {
        to: paths.licenseSettings,
        label: 'settings.licenses.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(settingsQueryOptions()),
      },
      {
        to: paths.deviceManagement,
        label: 'settings.deviceManagement.nav',
        roles: adminsOnly,
        prefetch: (client) => client.prefetchQuery(deviceManagementQueryOptions()),
      },
      {
        to: paths.apnsCertificate,
        label: 'apns.nav',
        roles: everyone,
        prefetch: (client) => client.prefetchQuery(apnsCertificateQueryOptions()),
      },
      { to: paths.myAccount, label: 'nav.myAccount', roles: everyone },
    ],
  },
];

/** The sections and items a role may see; sections left empty are dropped. */
export function navigationFor(role: Role): NavSection[] {
  return navigation
    .map((section) => ({ ...section, items: section.items.filter((item) => item.roles.includes(role)) }))
    .filter((section) => section.items.length > 0);
}
