import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../../../components/card.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { ListCard } from '../../../components/list-card.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { formatDate, formatDateTime, useLocaleFormat } from '../../../lib/locale-format.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import {
  RETURNED_PAGE_SIZE,
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
    <Card id="license-return-suggestions" title={t('licenseReturns.suggestions.heading')}>
      <StatusMessage>
        {released !== undefined ? t('licenseReturns.suggestions.released', { count: released }) : undefined}
      </StatusMessage>
      <ErrorMessage>{release.error ? describeError(release.error) : undefined}</ErrorMessage>
      <QueryState
        query={suggestions}
        errorClassName="card__body"
        empty={t('licenseReturns.suggestions.none')}
      >
        {({ items }) => (
          <DataTable
            caption={t('licenseReturns.suggestions.heading')}
            headings="licenseReturns.suggestions.columns"
            columns={[
              'device',
              ['unenrolled', 'hide-narrow'],
              'apps',
              ['due', 'hide-narrow'],
              user.role === 'admin' && 'actions',
            ]}
          >
            {items.map((item) => (
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
      </QueryState>
    </Card>
  );
}

function ReturnedCard() {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const [page, setPage] = useState(1);
  const returned = useReturnedLicenses(page);
  return (
    <ListCard
      id="licenses-returned"
      title={t('licenseReturns.list.heading')}
      results={(total) => format.number(total)}
      list={returned}
      empty={t('licenseReturns.list.empty')}
      paging={{ page, pageSize: RETURNED_PAGE_SIZE, goToPage: setPage }}
    >
      {(items) => (
        <DataTable
          caption={t('licenseReturns.list.heading')}
          headings="licenseReturns.list.columns"
          columns={['when', 'device', 'app', ['reason', 'hide-narrow'], ['by', 'hide-narrow']]}
        >
          {items.map((item) => (
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
      )}
    </ListCard>
  );
}
