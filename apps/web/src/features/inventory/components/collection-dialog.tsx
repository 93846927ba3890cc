import {
  type Collection,
  type CollectionDetail,
  type CollectionType,
  createCollectionRequestSchema,
  type UpdateCollectionRequest,
} from '@vpp/contracts/inventory';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { FormDialogActions } from '../../../components/form-dialog-actions.tsx';
import { TextAreaField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { RadioGroup } from '../../../components/radio-group.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import {
  type FieldErrors,
  fieldErrorsFromApi,
  fieldErrorsFromIssues,
  withoutFieldError,
} from '../../../lib/form-errors.ts';
import { useSaveCollection } from '../api/save-collection.ts';

interface CollectionDialogProps {
  /** The collection to edit; without one the dialog creates a collection. */
  collection?: Collection | undefined;
  onClose: () => void;
  onSaved: (collection: CollectionDetail) => void;
}

/** Creates a user or device collection, or renames one; the type is chosen once, at creation. */
export function CollectionDialog({ collection, onClose, onSaved }: CollectionDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const saveCollection = useSaveCollection();
  const [name, setName] = useState(collection?.name ?? '');
  const [description, setDescription] = useState(collection?.description ?? '');
  const [type, setType] = useState<CollectionType>(collection?.type ?? 'DEVICE');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function clearError(field: string) {
    setFieldErrors((errors) => withoutFieldError(errors, field));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = createCollectionRequestSchema.safeParse({ name, description, type });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setFieldErrors({});
    const onError = (error: Error) => {
      if (isApiError(error) && error.code === 'CONFLICT')
        setFieldErrors({ name: t('inventory.collections.nameTaken') });
      else setFieldErrors(fieldErrorsFromApi(error));
    };
    if (!collection) {
      saveCollection.mutate({ body: parsed.data }, { onSuccess: onSaved, onError });
      return;
    }
    const body: UpdateCollectionRequest = {};
    if (parsed.data.name !== collection.name) body.name = parsed.data.name;
    if (parsed.data.description !== collection.description) body.description = parsed.data.description;
    saveCollection.mutate({ id: collection.id, body }, { onSuccess: onSaved, onError });
  }

  const conflict = isApiError(saveCollection.error) && saveCollection.error.code === 'CONFLICT';
  return (
    <Dialog
      title={collection ? t('inventory.collections.editTitle') : t('inventory.collections.addTitle')}
      onClose={onClose}
    >
      <form className="form" onSubmit={submit} noValidate>
        <ErrorMessage>
          {saveCollection.error && !conflict ? describeError(saveCollection.error) : undefined}
        </ErrorMessage>
        <TextField
          label={t('inventory.collections.fields.name')}
          name="name"
          autoComplete="off"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            clearError('name');
          }}
          error={fieldErrors.name}
          maxLength={100}
          required
        />
        {collection ? (
          <p className="field__hint">
            {t('inventory.collections.typeFixed', {
              type: t(`inventory.collectionTypes.${collection.type}`),
            })}
          </p>
        ) : (
          <RadioGroup
            legend={t('inventory.collections.fields.type')}
            name="type"
            value={type}
            onChange={(next) => {
              setType(next);
              clearError('type');
            }}
            options={[
              {
                value: 'DEVICE',
                label: t('inventory.collectionTypes.DEVICE'),
                hint: t('inventory.collections.fields.deviceHint'),
              },
              {
                value: 'USER',
                label: t('inventory.collectionTypes.USER'),
                hint: t('inventory.collections.fields.userHint'),
              },
            ]}
            hint={t('inventory.collections.fields.typeHint')}
            error={fieldErrors.type}
          />
        )}
        <TextAreaField
          label={t('inventory.collections.fields.description')}
          name="description"
          value={description}
          onChange={(event) => {
            setDescription(event.target.value);
            clearError('description');
          }}
          error={fieldErrors.description}
          maxLength={1000}
          rows={3}
        />
        <FormDialogActions
          submitLabel={collection ? t('common.save') : t('inventory.collections.add')}
          pending={saveCollection.isPending}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
