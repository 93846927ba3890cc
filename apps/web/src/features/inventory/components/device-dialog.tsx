import {
  createDeviceRequestSchema,
  type Device,
  type DeviceDetail,
  inventoryEmailSchema,
  type UpdateDeviceRequest,
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
import { findPersonByEmail } from '../api/get-people.ts';
import { useSaveDevice } from '../api/save-device.ts';
import { PersonEmailField } from './person-email-field.tsx';

const deviceFieldsSchema = createDeviceRequestSchema.omit({ primaryUserId: true });

interface DeviceDialogProps {
  /** The device to edit; without one the dialog adds a device. */
  device?: Device | undefined;
  onClose: () => void;
  onSaved: (device: DeviceDetail) => void;
}

/** Adds or edits a device; its primary user is named by email and must be a known person. */
export function DeviceDialog({ device, onClose, onSaved }: DeviceDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const saveDevice = useSaveDevice();
  const [serialNumber, setSerialNumber] = useState(device?.serialNumber ?? '');
  const [name, setName] = useState(device?.name ?? '');
  const [model, setModel] = useState(device?.model ?? '');
  const [primaryUserEmail, setPrimaryUserEmail] = useState(device?.primaryUser?.email ?? '');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [resolving, setResolving] = useState(false);
  const [lookupFailure, setLookupFailure] = useState<unknown>();

  function clearError(field: string) {
    setFieldErrors((errors) => withoutFieldError(errors, field));
  }

  /** The primary user's id: null for none, undefined when the email names nobody (an error is set). */
  async function primaryUserId(errors: FieldErrors): Promise<string | null | undefined> {
    const email = primaryUserEmail.trim();
    if (!email) return null;
    const parsed = inventoryEmailSchema.safeParse(email);
    if (!parsed.success) {
      errors.primaryUserEmail = t('validation.email');
      return undefined;
    }
    if (device?.primaryUser && device.primaryUser.email === parsed.data) return device.primaryUser.id;
    const person = await findPersonByEmail(parsed.data);
    if (!person) errors.primaryUserEmail = t('inventory.devices.noSuchPerson');
    return person?.id;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = deviceFieldsSchema.safeParse({ serialNumber, name, model });
    const errors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, t);
    if (!parsed.success && errors.serialNumber) errors.serialNumber = t('inventory.devices.serialInvalid');
    setResolving(true);
    setLookupFailure(undefined);
    let userId: string | null | undefined;
    try {
      userId = await primaryUserId(errors);
    } catch (error) {
      setLookupFailure(error);
      return;
    } finally {
      setResolving(false);
    }
    if (!parsed.success || userId === undefined) {
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    const onError = (error: Error) => {
      if (isApiError(error) && error.code === 'CONFLICT') {
        setFieldErrors({ serialNumber: t('inventory.devices.serialTaken') });
      } else setFieldErrors(fieldErrorsFromApi(error));
    };
    if (!device) {
      saveDevice.mutate({ body: { ...parsed.data, primaryUserId: userId } }, { onSuccess: onSaved, onError });
      return;
    }
    const body: UpdateDeviceRequest = {};
    if (parsed.data.serialNumber !== device.serialNumber) body.serialNumber = parsed.data.serialNumber;
    if (parsed.data.name !== device.name) body.name = parsed.data.name;
    if (parsed.data.model !== device.model) body.model = parsed.data.model;
    if (userId !== device.primaryUserId) body.primaryUserId = userId;
    saveDevice.mutate({ id: device.id, body }, { onSuccess: onSaved, onError });
  }

  const failure = lookupFailure ?? saveDevice.error;
  const conflict = isApiError(saveDevice.error) && saveDevice.error.code === 'CONFLICT';
  return (
    <Dialog
      title={device ? t('inventory.devices.editTitle') : t('inventory.devices.addTitle')}
      onClose={onClose}
    >
      <form className="form" onSubmit={submit} noValidate>
        <ErrorMessage>{failure && !conflict ? describeError(failure) : undefined}</ErrorMessage>
        <TextField
          label={t('inventory.devices.fields.serialNumber')}
          name="serialNumber"
          autoComplete="off"
          spellCheck={false}
          className="mono-input"
          value={serialNumber}
          onChange={(event) => {
            setSerialNumber(event.target.value);
            clearError('serialNumber');
          }}
          hint={t('inventory.devices.fields.serialNumberHint')}
          error={fieldErrors.serialNumber}
          maxLength={14}
          required
        />
        <div className="form__row">
          <TextField
            label={t('inventory.devices.fields.name')}
            name="name"
            autoComplete="off"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              clearError('name');
            }}
            error={fieldErrors.name}
            maxLength={200}
          />
          <TextField
            label={t('inventory.devices.fields.model')}
            name="model"
            autoComplete="off"
            value={model}
            onChange={(event) => {
              setModel(event.target.value);
              clearError('model');
            }}
            error={fieldErrors.model}
            maxLength={100}
          />
        </div>
        <PersonEmailField
          label={t('inventory.devices.fields.primaryUser')}
          hint={t('inventory.devices.fields.primaryUserHint')}
          value={primaryUserEmail}
          error={fieldErrors.primaryUserEmail ?? fieldErrors.primaryUserId}
          onChange={(email) => {
            setPrimaryUserEmail(email);
            clearError('primaryUserEmail');
            clearError('primaryUserId');
          }}
        />
        <FormDialogActions
          submitLabel={device ? t('common.save') : t('inventory.devices.add')}
          pending={saveDevice.isPending || resolving}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
