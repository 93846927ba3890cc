import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { Badge } from '../../../components/badge.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useActiveAlerts } from '../api/alert-rules.ts';

/** The dashboard's panel of alerts firing now; nothing at all while none fires. */
export function ActiveAlertsCard() {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const active = useActiveAlerts();
  if (!active.data || active.data.total === 0) return null;
  return (
    <section className="card" aria-labelledby="active-alerts-heading">
      <h2 className="card__title" id="active-alerts-heading">
        {t('alerts.active.title', { count: active.data.total })}
      </h2>
      <ul className="alert-list">
        {active.data.items.map((alert) => (
          <li key={`${alert.ruleId}:${alert.subjectId}`} className="stacked-cell">
            <span>
              <Badge tone="danger">{t(`alerts.kinds.${alert.kind}`)}</Badge> {alert.subjectName}
            </span>
            <span className="stacked-cell__secondary">
              {alert.message} · {alert.ruleName} ·{' '}
              <time dateTime={alert.firedAt}>{format.dateTime(alert.firedAt)}</time>
            </span>
          </li>
        ))}
      </ul>
      <p>
        <Link to={paths.alerts}>{t('alerts.active.manage')}</Link>
      </p>
    </section>
  );
}
