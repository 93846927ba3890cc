import type { ApnsCertificate } from '@vpp/contracts/apns';
import { type BadgeTone, StatusBadge } from '../../../components/badge.tsx';

const tones: Record<ApnsCertificate['status'], BadgeTone> = {
  VALID: 'success',
  EXPIRING: 'warning',
  EXPIRED: 'danger',
};

export function ApnsStatusBadge({ status }: { status: ApnsCertificate['status'] }) {
  return <StatusBadge status={status} texts="apns.status" tones={tones} />;
}
