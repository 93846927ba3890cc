import type { Dashboard } from '@vpp/contracts/reports';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { licenseReportPath, paths, tokenPath } from '../../../app/paths.ts';
import { Badge } from '../../../components/badge.tsx';
import { Card } from '../../../components/card.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { formatPercent, useLocaleFormat } from '../../../lib/locale-format.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';

type LowLicenses = Dashboard['lowLicenses'];

/** Apps whose available licenses are at or below the threshold, fewest available first. */
export function LowLicensesCard({ lowLicenses }: { lowLicenses: LowLicenses }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const user = useSignedInUser();
  const { items, count, thresholdPercent } = lowLicenses;

  return (
    <Card
      id="dashboard-low-licenses"
      title={t('dashboard.lowLicenses.title')}
      meta={t('dashboard.lowLicenses.count', { count })}
    >
      <div className="card__section card__section--meta">
        <p>
          {t('dashboard.lowLicenses.threshold', { percent: formatPercent(thresholdPercent, format.locale) })}{' '}
          {user.role === 'admin' && (
            <Link to={paths.licenseSettings}>{t('dashboard.lowLicenses.changeThreshold')}</Link>
          )}
        </p>
      </div>
      {items.length === 0 ? (
        <p className="empty-state">{t('dashboard.lowLicenses.none')}</p>
      ) : (
        <>
          <DataTable
            className="low-licenses-table"
            caption={t('dashboard.lowLicenses.caption')}
            headings="dashboard.lowLicenses.columns"
            columns={[
              'app',
              ['available', 'numeric'],
              ['inUse', 'numeric hide-narrow'],
              ['totalPurchased', 'numeric hide-narrow'],
            ]}
          >
            {items.map((app) => (
              <tr key={app.storeAppId}>
                <th scope="row" className="stacked-cell">
                  <Link to={licenseReportPath({ tokenId: app.tokenId, search: app.adamId })}>
                    {app.appName}
                  </Link>
                  <Link className="stacked-cell__secondary" to={tokenPath(app.tokenId)}>
                    {app.tokenName}
                  </Link>
                </th>
                <td className="numeric">
                  {app.available === 0 ? (
                    <Badge tone="danger">{t('dashboard.lowLicenses.noneLeft')}</Badge>
                  ) : (
                    format.number(app.available)
                  )}
                </td>
                <td className="numeric hide-narrow">{format.number(app.inUse)}</td>
                <td className="numeric hide-narrow">{format.number(app.totalPurchased)}</td>
              </tr>
            ))}
          </DataTable>
          <p className="card__footnote">
            {count > items.length && `${t('dashboard.lowLicenses.listed', { count: items.length })} `}
            <Link to={licenseReportPath({ sort: 'available' })}>{t('dashboard.lowLicenses.openReport')}</Link>
          </p>
        </>
      )}
    </Card>
  );
}
