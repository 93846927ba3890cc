import type { SyncRun, Token } from '@vpp/contracts/tokens';
import { type BadgeTone, StatusBadge } from '../../../components/badge.tsx';

const tokenStatusTones: Record<Token['status'], BadgeTone> = {
  VALID: 'success',
  EXPIRING: 'warning',
  EXPIRED: 'danger',
  REVOKED: 'danger',
  IN_USE_ELSEWHERE: 'warning',
  SYNC_ERROR: 'danger',
};

export function TokenStatusBadge({ status }: { status: Token['status'] }) {
  return <StatusBadge status={status} texts="tokens.status" tones={tokenStatusTones} />;
}

const syncStatusTones: Record<SyncRun['status'], BadgeTone> = {
  QUEUED: 'neutral',
  RUNNING: 'info',
  SUCCEEDED: 'success',
  FAILED: 'danger',
};

export function SyncRunStatusBadge({ status }: { status: SyncRun['status'] }) {
  return <StatusBadge status={status} texts="sync.status" tones={syncStatusTones} />;
}
