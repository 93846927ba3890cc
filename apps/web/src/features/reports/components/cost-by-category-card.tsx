import type { LicenseReport } from '@vpp/contracts/reports';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { formatMoney } from '../../../lib/money.ts';

/** Chargeback: the value of the report's licenses by token category (a token in two counts in both). */
export function CostByCategoryCard({
  totals,
  currency,
}: {
  totals: LicenseReport['totals'];
  currency: string;
}) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const money = (minor: number) => formatMoney(minor, currency, format.locale);
  return (
    <section className="card card--flush" aria-labelledby="cost-by-category">
      <div className="card__header">
        <h2 className="card__title" id="cost-by-category">
          {t('reports.licenseCounts.cost.heading')}
        </h2>
        <p className="card__meta">{t('reports.licenseCounts.cost.meta', { currency })}</p>
      </div>
      <DataTable
        caption={t('reports.licenseCounts.cost.heading')}
        columns={[
          t('reports.licenseCounts.cost.columns.category'),
          [t('reports.licenseCounts.cost.columns.apps'), 'numeric hide-narrow'],
          [t('reports.licenseCounts.cost.columns.inUse'), 'numeric'],
          [t('reports.licenseCounts.cost.columns.idle'), 'numeric'],
        ]}
      >
        {totals.costByCategory.map((entry) => (
          <tr key={entry.category}>
            <th scope="row">{entry.category || t('reports.licenseCounts.cost.none')}</th>
            <td className="numeric hide-narrow">{format.number(entry.apps)}</td>
            <td className="numeric">{money(entry.valueInUseMinor)}</td>
            <td className="numeric">{money(entry.valueIdleMinor)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
