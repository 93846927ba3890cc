import type { StoreApp } from '@vpp/contracts/store-apps';
import { useTranslation } from 'react-i18next';
import { useLocaleFormat } from '../lib/locale-format.ts';

type Figure = 'total' | 'inUse' | 'available' | 'retired' | 'reserved';

const counts: Record<Figure, (app: StoreApp) => number> = {
  total: (app) => app.totalCount,
  inUse: (app) => app.assignedCount,
  available: (app) => app.availableCount,
  retired: (app) => app.retiredCount,
  reserved: (app) => app.reservedCount,
};

/**
 * One of an app's license counts. Free apps Apple lists as unlimited have no purchased total and
 * nothing that runs out: they say "Unlimited" instead of a number there.
 */
export function LicenseFigure({ app, figure }: { app: StoreApp; figure: Figure }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  if (app.unlimited && (figure === 'total' || figure === 'available')) {
    return <span className="unlimited">{t('storeApps.unlimited')}</span>;
  }
  return <>{format.number(counts[figure](app))}</>;
}
