import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

interface StatusBadgeProps<Status extends string> {
  status: Status;
  /** The translation key the values' texts stand under (`tokens.status` → `tokens.status.VALID`). */
  texts: string;
  tones: Record<Status, BadgeTone>;
}

/** The badge of a status: the value's tone and its text. */
export function StatusBadge<Status extends string>({ status, texts, tones }: StatusBadgeProps<Status>) {
  const { t } = useTranslation();
  // The key is the value's own, so it is not known to the typed keys.
  return <Badge tone={tones[status]}>{t(`${texts}.${status}` as never)}</Badge>;
}
