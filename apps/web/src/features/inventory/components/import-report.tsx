import type { RefusedRow } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { useLocaleFormat } from '../../../lib/locale-format.ts';

/** More refused rows than this are counted, not listed: a file can refuse 50,000 rows. */
const LISTED_REFUSALS = 200;

interface ImportReportProps {
  counts: { label: string; value: number; tone?: 'success' | 'danger' }[];
  refused: RefusedRow[];
  ignoredColumns: string[];
}

/** What an import did: its counts, the columns it did not read, and every refused row with why. */
export function ImportReport({ counts, refused, ignoredColumns }: ImportReportProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const listed = refused.slice(0, LISTED_REFUSALS);

  return (
    <section className="import-report" aria-labelledby="import-report-title">
      <h3 className="import-report__title" id="import-report-title">
        {t('inventory.import.reportTitle')}
      </h3>
      <dl className="import-report__counts">
        {counts.map((count) => (
          <div
            key={count.label}
            className={count.tone && count.value > 0 ? `import-report__count--${count.tone}` : undefined}
          >
            <dt>{count.label}</dt>
            <dd>{format.number(count.value)}</dd>
          </div>
        ))}
      </dl>
      {ignoredColumns.length > 0 && (
        <p className="muted">
          {t('inventory.import.ignoredColumns', { columns: ignoredColumns.join(', ') })}
        </p>
      )}
      {refused.length === 0 ? (
        <p className="notice notice--success">{t('inventory.import.noneRefused')}</p>
      ) : (
        <>
          <h4 className="import-report__subtitle" id="import-report-refused">
            {t('inventory.import.refusedTitle', { count: refused.length })}
          </h4>
          <div className="table-wrap import-report__table">
            <table className="table table--compact" aria-labelledby="import-report-refused">
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    {t('inventory.import.columnsTable.line')}
                  </th>
                  <th scope="col">{t('inventory.import.columnsTable.value')}</th>
                  <th scope="col">{t('inventory.import.columnsTable.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {listed.map((row) => (
                  <tr key={`${row.line}-${row.value}`}>
                    <th scope="row" className="numeric">
                      {format.number(row.line)}
                    </th>
                    <td className="mono break-anywhere">
                      {row.value || <span className="muted">{t('common.none')}</span>}
                    </td>
                    <td>{row.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {refused.length > listed.length && (
            <p className="muted">
              {t('inventory.import.moreRefused', { count: refused.length - listed.length })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
