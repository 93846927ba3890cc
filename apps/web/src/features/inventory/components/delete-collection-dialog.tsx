import type { Collection } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useDeleteCollection } from '../api/inventory-api.ts';

interface DeleteCollectionDialogProps {
  collection: Collection;
  onClose: () => void;
  onDeleted: () => void;
}

/** Asks before deleting a collection; one that an active deployment targets is refused, with why. */
export function DeleteCollectionDialog({ collection, onClose, onDeleted }: DeleteCollectionDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const deleteCollection = useDeleteCollection();
  const error = deleteCollection.error;
  const active =
    isApiError(error) && error.code === 'CONFLICT' ? Number(error.extensions.activeDeployments) : 0;

  return (
    <ConfirmDialog
      title={t('inventory.collections.deleteTitle')}
      message={t('inventory.collections.deleteConfirm', { name: collection.name })}
      confirmLabel={t('inventory.delete')}
      pending={deleteCollection.isPending}
      error={
        error
          ? active > 0
            ? t('inventory.collections.deleteInUse', { count: active })
            : describeError(error)
          : undefined
      }
      onClose={onClose}
      onConfirm={() => deleteCollection.mutate(collection.id, { onSuccess: onDeleted })}
    />
  );
}
