import type { SyncRun } from '@vpp/contracts/tokens';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { nonZeroChanges } from './sync-changes.ts';

/** "13 apps added, 290 licenses assigned", or "No changes", in the reader's language. */
export function useSyncChangeSummary(): (changes: SyncRun['changes']) => string {
  const { t } = useTranslation();
  return useCallback(
    (changes: SyncRun['changes']) => {
      const parts = nonZeroChanges(changes).map(({ counter, count }) =>
        t(`sync.counters.${counter}`, { count }),
      );
      return parts.length > 0 ? parts.join(', ') : t('sync.noChanges');
    },
    [t],
  );
}
