import {
  createPersonRequestSchema,
  type Person,
  type PersonDetail,
  type UpdatePersonRequest,
} from '@vpp/contracts/inventory';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { FormDialogActions } from '../../../components/form-dialog-actions.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import {
  type FieldErrors,
  fieldErrorsFromApi,
  fieldErrorsFromIssues,
  withoutFieldError,
} from '../../../lib/form-errors.ts';
import { useSavePerson } from '../api/save-person.ts';

interface PersonDialogProps {
  /** The person to edit; without one the dialog adds a person. */
  person?: Person | undefined;
  onClose: () => void;
  onSaved: (person: PersonDetail) => void;
}

/** Adds or edits a managed user. Apple knows them by their clientUserId, which never changes. */
export function PersonDialog({ person, onClose, onSaved }: PersonDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const savePerson = useSavePerson();
  const [email, setEmail] = useState(person?.email ?? '');
  const [displayName, setDisplayName] = useState(person?.displayName ?? '');
  const [managedAppleId, setManagedAppleId] = useState(person?.managedAppleId ?? '');
  const [clientUserId, setClientUserId] = useState(person?.clientUserId ?? '');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function clearError(field: string) {
    setFieldErrors((errors) => withoutFieldError(errors, field));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = createPersonRequestSchema.safeParse({
      email,
      displayName,
      managedAppleId: managedAppleId.trim() || null,
      ...(person || !clientUserId.trim() ? {} : { clientUserId }),
    });
    if (!parsed.success) {
      const errors = fieldErrorsFromIssues(parsed.error.issues, t);
      if (errors.clientUserId) errors.clientUserId = t('inventory.people.clientUserIdInvalid');
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    const onError = (error: Error) => {
      if (isApiError(error) && error.code === 'CONFLICT') {
        // Only the email conflict names the person who has it.
        const field = 'existingId' in error.extensions ? 'email' : 'clientUserId';
        setFieldErrors({
          [field]:
            field === 'email' ? t('inventory.people.emailTaken') : t('inventory.people.clientUserIdTaken'),
        });
      } else setFieldErrors(fieldErrorsFromApi(error));
    };
    if (!person) {
      savePerson.mutate({ body: parsed.data }, { onSuccess: onSaved, onError });
      return;
    }
    const body: UpdatePersonRequest = {};
    if (parsed.data.email !== person.email) body.email = parsed.data.email;
    if (parsed.data.displayName !== person.displayName) body.displayName = parsed.data.displayName;
    if (parsed.data.managedAppleId !== person.managedAppleId)
      body.managedAppleId = parsed.data.managedAppleId;
    savePerson.mutate({ id: person.id, body }, { onSuccess: onSaved, onError });
  }

  const conflict = isApiError(savePerson.error) && savePerson.error.code === 'CONFLICT';
  return (
    <Dialog
      title={person ? t('inventory.people.editTitle') : t('inventory.people.addTitle')}
      onClose={onClose}
    >
      <form className="form" onSubmit={submit} noValidate>
        <ErrorMessage>
          {savePerson.error && !conflict ? describeError(savePerson.error) : undefined}
        </ErrorMessage>
        <TextField
          label={t('inventory.people.fields.email')}
          type="email"
          name="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
            clearError('email');
          }}
          error={fieldErrors.email}
          maxLength={254}
          required
        />
        <TextField
          label={t('inventory.people.fields.displayName')}
          name="displayName"
          autoComplete="off"
          value={displayName}
          onChange={(event) => {
            setDisplayName(event.target.value);
            clearError('displayName');
          }}
          error={fieldErrors.displayName}
          maxLength={200}
        />
        <TextField
          label={t('inventory.people.fields.managedAppleId')}
          type="email"
          name="managedAppleId"
          autoComplete="off"
          spellCheck={false}
          value={managedAppleId}
          onChange={(event) => {
            setManagedAppleId(event.target.value);
            clearError('managedAppleId');
          }}
          hint={t('inventory.people.fields.managedAppleIdHint')}
          error={fieldErrors.managedAppleId}
          maxLength={254}
        />
        <TextField
          label={t('inventory.people.fields.clientUserId')}
          name="clientUserId"
          autoComplete="off"
          spellCheck={false}
          value={clientUserId}
          readOnly={person !== undefined}
          onChange={(event) => {
            setClientUserId(event.target.value);
            clearError('clientUserId');
          }}
          hint={
            person
              ? t('inventory.people.fields.clientUserIdFixed')
              : t('inventory.people.fields.clientUserIdHint')
          }
          error={fieldErrors.clientUserId}
          maxLength={256}
        />
        <FormDialogActions
          submitLabel={person ? t('common.save') : t('inventory.people.add')}
          pending={savePerson.isPending}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
