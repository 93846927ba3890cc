import {
  type Collection,
  type CollectionDetail,
  createCollectionRequestSchema,
} from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { TextAreaField, TextField } from '../../../components/form-field.tsx';
import { RadioGroup } from '../../../components/radio-group.tsx';
import { changedFields } from '../../../lib/api-hooks.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useSaveCollection } from '../api/inventory-api.ts';

interface CollectionDialogProps extends SaveDialogProps<CollectionDetail> {
  /** The collection to edit; without one the dialog creates a collection. */
  collection?: Collection | undefined;
}

/** Creates a user or device collection, or renames one; the type is chosen once, at creation. */
export function CollectionDialog({ collection, onClose, onSaved }: CollectionDialogProps) {
  const { t } = useTranslation();
  const saveCollection = useSaveCollection();
  const form = useSchemaForm({
    schema: createCollectionRequestSchema,
    initial: {
      name: collection?.name ?? '',
      description: collection?.description ?? '',
      type: collection?.type ?? 'DEVICE',
    },
  });

  return (
    <FormDialog
      title={collection ? t('inventory.collections.editTitle') : t('inventory.collections.addTitle')}
      onClose={onClose}
      {...form.saving(
        saveCollection,
        (data) =>
          collection
            ? { id: collection.id, body: changedFields(data, collection, ['name', 'description']) }
            : { body: data },
        onSaved,
        { CONFLICT: { name: t('inventory.collections.nameTaken') } },
      )}
      submitLabel={collection ? t('common.save') : t('inventory.collections.add')}
    >
      <TextField
        label={t('inventory.collections.fields.name')}
        {...form.field('name')}
        autoComplete="off"
        maxLength={100}
        required
      />
      {collection ? (
        <p className="field__hint">
          {t('inventory.collections.typeFixed', { type: t(`inventory.collectionTypes.${collection.type}`) })}
        </p>
      ) : (
        <RadioGroup
          legend={t('inventory.collections.fields.type')}
          name="type"
          value={form.values.type}
          onChange={(next) => form.setValue('type', next)}
          options={(['DEVICE', 'USER'] as const).map((value) => ({
            value,
            label: t(`inventory.collectionTypes.${value}`),
            hint: t(`inventory.collections.fields.${value === 'DEVICE' ? 'deviceHint' : 'userHint'}`),
          }))}
          hint={t('inventory.collections.fields.typeHint')}
          error={form.errors.type}
        />
      )}
      <TextAreaField
        label={t('inventory.collections.fields.description')}
        {...form.field('description')}
        maxLength={1000}
        rows={3}
      />
    </FormDialog>
  );
}
