import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DataTable } from '../../../components/data-table.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { SelectField } from '../../../components/form-field.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useLicenseHistory } from '../api/get-license-history.ts';

// The colours match the report's chart: in use blue, available green; total a neutral slate.
const IN_USE_COLOUR = '#1d4ed8';
const AVAILABLE_COLOUR = '#15803d';
const TOTAL_COLOUR = '#526077';
const SPANS = [30, 90, 365, 730] as const;

interface LicenseHistoryDialogProps {
  storeAppId: string;
  appName: string;
  tokenName: string;
  onClose: () => void;
}

/** A store app's counts over time as a step chart, with the same points as a table for screen readers. */
export function LicenseHistoryDialog({ storeAppId, appName, tokenName, onClose }: LicenseHistoryDialogProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const describeError = useErrorMessage();
  const [days, setDays] = useState<number>(90);
  const history = useLicenseHistory(storeAppId, days);
  const points = (history.data?.items ?? []).map((point) => ({ ...point, time: Date.parse(point.at) }));
  // The last known level carries on to now, so a flat line reaches the right edge.
  const last = points.at(-1);
  if (last) points.push({ ...last, time: Date.now() });

  return (
    <Dialog title={t('licenseHistory.title', { app: appName, token: tokenName })} onClose={onClose} wide>
      <SelectField
        label={t('licenseHistory.span')}
        value={String(days)}
        onChange={(event) => setDays(Number(event.target.value))}
        options={SPANS.map((span) => ({
          value: String(span),
          label: t('licenseHistory.lastDays', { count: span }),
        }))}
      />
      {history.isPending ? (
        <LoadingState />
      ) : history.isError ? (
        <p className="notice notice--error" role="alert">
          {describeError(history.error)}
        </p>
      ) : points.length === 0 ? (
        <p className="muted">{t('licenseHistory.empty')}</p>
      ) : (
        <>
          <div className="history-chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height={280}>
              <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis
                  dataKey="time"
                  type="number"
                  scale="time"
                  domain={['dataMin', 'dataMax']}
                  tickFormatter={(value: number) => format.date(new Date(value))}
                  fontSize={12}
                />
                <YAxis allowDecimals={false} fontSize={12} width={48} />
                <Tooltip labelFormatter={(value) => format.dateTime(new Date(Number(value)))} />
                <Legend />
                <Line
                  type="stepAfter"
                  dataKey="totalCount"
                  name={t('licenseHistory.total')}
                  stroke={TOTAL_COLOUR}
                  dot={false}
                />
                <Line
                  type="stepAfter"
                  dataKey="assignedCount"
                  name={t('licenseHistory.inUse')}
                  stroke={IN_USE_COLOUR}
                  dot={false}
                  strokeWidth={2}
                />
                <Line
                  type="stepAfter"
                  dataKey="availableCount"
                  name={t('licenseHistory.available')}
                  stroke={AVAILABLE_COLOUR}
                  dot={false}
                  strokeWidth={2}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <details>
            <summary>{t('licenseHistory.asTable', { count: history.data.items.length })}</summary>
            <DataTable
              caption={t('licenseHistory.caption', { app: appName })}
              className="table--compact"
              columns={[
                t('licenseHistory.at'),
                [t('licenseHistory.total'), 'numeric'],
                [t('licenseHistory.inUse'), 'numeric'],
                [t('licenseHistory.available'), 'numeric'],
              ]}
            >
              {history.data.items.map((point) => (
                <tr key={point.at}>
                  <td className="nowrap">
                    <time dateTime={point.at}>{format.dateTime(point.at)}</time>
                  </td>
                  <td className="numeric">{format.number(point.totalCount)}</td>
                  <td className="numeric">{format.number(point.assignedCount)}</td>
                  <td className="numeric">{format.number(point.availableCount)}</td>
                </tr>
              ))}
            </DataTable>
          </details>
        </>
      )}
    </Dialog>
  );
}
