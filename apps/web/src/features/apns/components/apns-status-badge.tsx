import type { ApnsCertificate } from '@vpp/contracts/apns';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../components/badge.tsx';

const tones: Record<ApnsCertificate['status'], BadgeTone> = {
  VALID: 'success',
  EXPIRING: 'warning',
  EXPIRED: 'danger',
};

export function ApnsStatusBadge({ status }: { status: ApnsCertificate['status'] }) {
  const { t } = useTranslation();
  return <Badge tone={tones[status]}>{t(`apns.status.${status}`)}</Badge>;
}
