import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/data-table.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { formatDate, formatDateTime, useLocaleFormat } from '../../../lib/locale-format.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import {
  useLicenseReturnSuggestions,
  useReleaseSuggestion,
  useReturnedLicenses,
} from '../api/license-returns.ts';

/**
 * Licenses returned: device licenses given back to Apple because their device left (its own list:
 * sync runs list what Apple changed, this lists what the console gave back), and the checked-out
 * devices that still hold licenses, which an admin releases with one click.
 */
export function LicenseReturnsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('licenseReturns.title')} intro={t('licenseReturns.intro')} />
      <SuggestionsCard />
      <ReturnedCard />
    </>
  );
}

function SuggestionsCard() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const format = useLocaleFormat();
  const user = useSignedInUser();
  const suggestions = useLicenseReturnSuggestions();
  const release = useReleaseSuggestion();
  const [released, setReleased] = useState<number>();

  return (
    <section className="card card--flush" aria-labelledby="license-return-suggestions">
      <div className="card__header">
        <h2 className="card__title" id="license-return-suggestions">
          {t('licenseReturns.suggestions.heading')}
        </h2>
      </div>
      <StatusMessage>
        {released !== undefined ? t('licenseReturns.suggestions.released', { count: released }) : undefined}
      </StatusMessage>
      <ErrorMessage>{release.error ? describeError(release.error) : undefined}</ErrorMessage>
      {suggestions.isPending ? (
        <LoadingState />
      ) : suggestions.isError ? (
        <p className="notice notice--error" role="alert">
          {describeError(suggestions.error)}
        </p>
      ) : suggestions.data.items.length === 0 ? (
        <p className="empty-state">{t('licenseReturns.suggestions.none')}</p>
      ) : (
        <DataTable
          caption={t('licenseReturns.suggestions.heading')}
          columns={[
            t('licenseReturns.suggestions.columns.device'),
            [t('licenseReturns.suggestions.columns.unenrolled'), 'hide-narrow'],
            t('licenseReturns.suggestions.columns.apps'),
            [t('licenseReturns.suggestions.columns.due'), 'hide-narrow'],
            ...(user.role === 'admin' ? [t('licenseReturns.suggestions.columns.actions')] : []),
          ]}
        >
          {suggestions.data.items.map((item) => (
            <tr key={item.deviceId}>
              <th scope="row" className="stacked-cell">
                <span>{item.deviceName || item.serialNumber}</span>
                <span className="stacked-cell__secondary">{item.serialNumber}</span>
              </th>
              <td className="hide-narrow">
                {item.unenrolledAt ? formatDateTime(item.unenrolledAt, format.locale) : '—'}
              </td>
              <td>{item.apps.map((app) => app.name || app.adamId).join(', ')}</td>
              <td className="hide-narrow">
                {item.releaseDueAt
                  ? formatDate(item.releaseDueAt, format.locale)
                  : t('licenseReturns.suggestions.notDue')}
              </td>
              {user.role === 'admin' && (
                <td>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    disabled={release.isPending}
                    aria-label={`${t('licenseReturns.suggestions.release')}: ${item.serialNumber}`}
                    onClick={() =>
                      release.mutate(item.deviceId, { onSuccess: (result) => setReleased(result.released) })
                    }
                  >
                    {release.isPending && release.variables === item.deviceId
                      ? t('licenseReturns.suggestions.releasing')
                      : t('licenseReturns.suggestions.release')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function ReturnedCard() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const format = useLocaleFormat();
  const [page, setPage] = useState(1);
  const returned = useReturnedLicenses(page);
  return (
    <section className="card card--flush" aria-labelledby="licenses-returned">
      <div className="card__header">
        <h2 className="card__title" id="licenses-returned">
          {t('licenseReturns.list.heading')}
        </h2>
        {returned.data && <p className="card__meta">{returned.data.total}</p>}
      </div>
      {returned.isPending ? (
        <LoadingState />
      ) : returned.isError ? (
        <p className="notice notice--error" role="alert">
          {describeError(returned.error)}
        </p>
      ) : returned.data.items.length === 0 ? (
        <p className="empty-state">{t('licenseReturns.list.empty')}</p>
      ) : (
        <>
          <DataTable
            caption={t('licenseReturns.list.heading')}
            columns={[
              t('licenseReturns.list.columns.when'),
              t('licenseReturns.list.columns.device'),
              t('licenseReturns.list.columns.app'),
              [t('licenseReturns.list.columns.reason'), 'hide-narrow'],
              [t('licenseReturns.list.columns.by'), 'hide-narrow'],
            ]}
          >
            {returned.data.items.map((item) => (
              <tr key={item.id}>
                <td>{formatDateTime(item.returnedAt, format.locale)}</td>
                <th scope="row" className="stacked-cell">
                  <span>{item.deviceName || item.serialNumber}</span>
                  <span className="stacked-cell__secondary">{item.serialNumber}</span>
                </th>
                <td>{item.appName || item.adamId}</td>
                <td className="hide-narrow">{t(`licenseReturns.reasons.${item.reason}`)}</td>
                <td className="hide-narrow">{item.actorEmail ?? t('licenseReturns.list.console')}</td>
              </tr>
            ))}
          </DataTable>
          {returned.data.total > returned.data.pageSize && (
            <div className="form__actions">
              <button
                type="button"
                className="button button--secondary"
                disabled={page === 1}
                onClick={() => setPage(page - 1)}
              >
                {t('pagination.previous')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={page * returned.data.pageSize >= returned.data.total}
                onClick={() => setPage(page + 1)}
              >
                {t('pagination.next')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
