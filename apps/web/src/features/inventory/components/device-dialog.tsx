import {
  createDeviceRequestSchema,
  type Device,
  type DeviceDetail,
  inventoryEmailSchema,
} from '@vpp/contracts/inventory';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { changedFields } from '../../../lib/api-hooks.ts';
import type { FieldErrors } from '../../../lib/form-errors.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { findPersonByEmail, useSaveDevice } from '../api/inventory-api.ts';
import { PersonEmailField } from './person-email-field.tsx';

const deviceFieldsSchema = createDeviceRequestSchema.omit({ primaryUserId: true });

interface DeviceDialogProps extends SaveDialogProps<DeviceDetail> {
  /** The device to edit; without one the dialog adds a device. */
  device?: Device | undefined;
}

/** Adds or edits a device; its primary user is named by email and must be a known person. */
export function DeviceDialog({ device, onClose, onSaved }: DeviceDialogProps) {
  const { t } = useTranslation();
  const saveDevice = useSaveDevice();
  const form = useSchemaForm({
    schema: deviceFieldsSchema,
    initial: {
      serialNumber: device?.serialNumber ?? '',
      name: device?.name ?? '',
      model: device?.model ?? '',
      primaryUserEmail: device?.primaryUser?.email ?? '',
    },
    input: ({ primaryUserEmail: _email, ...fields }) => fields,
    messages: { serialNumber: t('inventory.devices.serialInvalid') },
  });
  const [resolving, setResolving] = useState(false);
  const [lookupFailure, setLookupFailure] = useState<unknown>();

  /** The primary user's id: null for none, undefined when the email names nobody (an error is set). */
  async function primaryUserId(errors: FieldErrors): Promise<string | null | undefined> {
    const email = form.values.primaryUserEmail.trim();
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
    const errors: FieldErrors = {};
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
    const data = form.parse((found) => Object.assign(found, errors));
    if (data === undefined || userId === undefined) return;
    const onError = form.apiFailed({ CONFLICT: { serialNumber: t('inventory.devices.serialTaken') } });
    const fields = { ...data, primaryUserId: userId };
    saveDevice.mutate(
      device
        ? {
            id: device.id,
            body: changedFields(fields, device, ['serialNumber', 'name', 'model', 'primaryUserId']),
          }
        : { body: fields },
      { onSuccess: onSaved, onError },
    );
  }

  return (
    <FormDialog
      title={device ? t('inventory.devices.editTitle') : t('inventory.devices.addTitle')}
      onClose={onClose}
      onSubmit={submit}
      failure={form.failure(lookupFailure ?? saveDevice.error, ['CONFLICT'])}
      submitLabel={device ? t('common.save') : t('inventory.devices.add')}
      pending={saveDevice.isPending || resolving}
    >
      <TextField
        label={t('inventory.devices.fields.serialNumber')}
        {...form.field('serialNumber')}
        autoComplete="off"
        spellCheck={false}
        className="mono-input"
        hint={t('inventory.devices.fields.serialNumberHint')}
        maxLength={14}
        required
      />
      <div className="form__row">
        <TextField
          label={t('inventory.devices.fields.name')}
          {...form.field('name')}
          autoComplete="off"
          maxLength={200}
        />
        <TextField
          label={t('inventory.devices.fields.model')}
          {...form.field('model')}
          autoComplete="off"
          maxLength={100}
        />
      </div>
      <PersonEmailField
        label={t('inventory.devices.fields.primaryUser')}
        hint={t('inventory.devices.fields.primaryUserHint')}
        value={form.values.primaryUserEmail}
        error={form.errors.primaryUserEmail ?? form.errors.primaryUserId}
        onChange={(email) => {
          form.setValue('primaryUserEmail', email);
          form.setErrors((errors) => ({ ...errors, primaryUserId: undefined }));
        }}
      />
    </FormDialog>
  );
}
