import { createPersonRequestSchema, type Person, type PersonDetail } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { changedFields } from '../../../lib/api-hooks.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useSavePerson } from '../api/inventory-api.ts';

interface PersonDialogProps extends SaveDialogProps<PersonDetail> {
  /** The person to edit; without one the dialog adds a person. */
  person?: Person | undefined;
}

/** Adds or edits a managed user. Apple knows them by their clientUserId, which never changes. */
export function PersonDialog({ person, onClose, onSaved }: PersonDialogProps) {
  const { t } = useTranslation();
  const savePerson = useSavePerson();
  const form = useSchemaForm({
    schema: createPersonRequestSchema,
    initial: {
      email: person?.email ?? '',
      displayName: person?.displayName ?? '',
      managedAppleId: person?.managedAppleId ?? '',
      clientUserId: person?.clientUserId ?? '',
    },
    input: ({ managedAppleId, clientUserId, ...values }) => ({
      ...values,
      managedAppleId: managedAppleId.trim() || null,
      ...(person || !clientUserId.trim() ? {} : { clientUserId }),
    }),
    messages: { clientUserId: t('inventory.people.clientUserIdInvalid') },
  });

  const submit = form.handleSubmit((data) => {
    const onError = (error: Error) => {
      if (isApiError(error) && error.code === 'CONFLICT') {
        // Only the email conflict names the person who has it.
        form.setErrors(
          'existingId' in error.extensions
            ? { email: t('inventory.people.emailTaken') }
            : { clientUserId: t('inventory.people.clientUserIdTaken') },
        );
      } else form.apiFailed()(error);
    };
    savePerson.mutate(
      person
        ? { id: person.id, body: changedFields(data, person, ['email', 'displayName', 'managedAppleId']) }
        : { body: data },
      { onSuccess: onSaved, onError },
    );
  });

  return (
    <FormDialog
      title={person ? t('inventory.people.editTitle') : t('inventory.people.addTitle')}
      onClose={onClose}
      onSubmit={submit}
      failure={form.failure(savePerson.error, ['CONFLICT'])}
      submitLabel={person ? t('common.save') : t('inventory.people.add')}
      pending={savePerson.isPending}
    >
      <TextField
        label={t('inventory.people.fields.email')}
        type="email"
        {...form.field('email')}
        autoComplete="off"
        spellCheck={false}
        maxLength={254}
        required
      />
      <TextField
        label={t('inventory.people.fields.displayName')}
        {...form.field('displayName')}
        autoComplete="off"
        maxLength={200}
      />
      <TextField
        label={t('inventory.people.fields.managedAppleId')}
        type="email"
        {...form.field('managedAppleId')}
        autoComplete="off"
        spellCheck={false}
        hint={t('inventory.people.fields.managedAppleIdHint')}
        maxLength={254}
      />
      <TextField
        label={t('inventory.people.fields.clientUserId')}
        {...form.field('clientUserId')}
        autoComplete="off"
        spellCheck={false}
        readOnly={person !== undefined}
        hint={t(`inventory.people.fields.${person ? 'clientUserIdFixed' : 'clientUserIdHint'}`)}
        maxLength={256}
      />
    </FormDialog>
  );
}
