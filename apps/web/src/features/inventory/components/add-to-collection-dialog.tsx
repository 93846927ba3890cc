import type { Collection, CollectionType, ReplaceMembersResponse } from '@vpp/contracts/inventory';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/form-dialog.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useChangeCollectionMembers } from '../api/inventory-api.ts';
import { CollectionPicker } from '../collection-picker.tsx';

interface AddToCollectionDialogProps {
  /** Devices go into device collections, people into user collections. */
  type: CollectionType;
  memberIds: string[];
  /** Who is added: a serial number, an email. */
  subject: string;
  onClose: () => void;
  onAdded: (collection: Collection, result: ReplaceMembersResponse) => void;
}

/** Adds a device or a person to a collection of the right type, picked by searching. */
export function AddToCollectionDialog({
  type,
  memberIds,
  subject,
  onClose,
  onAdded,
}: AddToCollectionDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const change = useChangeCollectionMembers();
  const [collection, setCollection] = useState<Collection>();
  const [missing, setMissing] = useState(false);

  return (
    <FormDialog
      title={t('inventory.addToCollection.title')}
      intro={<p className="dialog__message">{t('inventory.addToCollection.intro', { subject })}</p>}
      failure={change.error ? describeError(change.error) : undefined}
      submitLabel={t('inventory.addToCollection.submit')}
      pending={change.isPending}
      onClose={onClose}
      onSubmit={(event) => {
        event.preventDefault();
        if (!collection) {
          setMissing(true);
          return;
        }
        change.mutate(
          { collectionId: collection.id, change: 'add', memberIds },
          { onSuccess: (result) => onAdded(collection, result) },
        );
      }}
    >
      <CollectionPicker
        type={type}
        value={collection}
        onChange={(chosen) => {
          setCollection(chosen);
          setMissing(false);
        }}
        error={missing ? t('inventory.addToCollection.required') : undefined}
      />
    </FormDialog>
  );
}
