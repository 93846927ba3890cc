import type { Application } from '@vpp/contracts/deployments';
import { createApplicationRequestSchema, type StoreApp } from '@vpp/contracts/store-apps';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { FormDialogActions } from '../../../components/form-dialog-actions.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import {
  type FieldErrors,
  fieldErrorsFromApi,
  fieldErrorsFromIssues,
  withoutFieldError,
} from '../../../lib/form-errors.ts';
import { useCreateApplication } from '../../applications/api/create-application.ts';
import { AppIcon } from './app-icon.tsx';
import { LicenseFigure } from './license-figures.tsx';

interface CreateApplicationDialogProps {
  app: StoreApp;
  onClose: () => void;
  onCreated: (application: Application) => void;
}

/** Makes an application from one store-app row: it stays bound to that token's licenses of the app. */
export function CreateApplicationDialog({ app, onClose, onCreated }: CreateApplicationDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const createApplication = useCreateApplication();
  const [name, setName] = useState(app.name);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // An empty name is allowed: the application is then named after the app.
    const parsed = createApplicationRequestSchema.safeParse(name.trim() ? { name } : {});
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setFieldErrors({});
    createApplication.mutate(
      { storeAppId: app.id, name: parsed.data.name },
      { onSuccess: onCreated, onError: (error) => setFieldErrors(fieldErrorsFromApi(error)) },
    );
  }

  return (
    <Dialog title={t('storeApps.create.title')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="app-summary">
          <AppIcon url={app.iconUrl} size="large" />
          <div>
            <p className="app-summary__name">{app.name || app.adamId}</p>
            <p className="muted">
              {app.token.name} · {t(`tokens.types.${app.token.type}`)}
            </p>
          </div>
        </div>
        <p>{t('storeApps.create.intro', { token: app.token.name })}</p>
        <DetailsList>
          <DetailsItem term={t('storeApps.columns.adamId')}>
            <span className="mono">{app.adamId}</span>
          </DetailsItem>
          <DetailsItem term={t('storeApps.columns.available')}>
            <LicenseFigure app={app} figure="available" />
          </DetailsItem>
          <DetailsItem term={t('storeApps.columns.deviceLicensing')}>
            {app.deviceAssignable
              ? t('storeApps.deviceLicensing.yesLong')
              : t('storeApps.deviceLicensing.noLong')}
          </DetailsItem>
        </DetailsList>
        <ErrorMessage>
          {createApplication.error ? describeError(createApplication.error) : undefined}
        </ErrorMessage>
        <TextField
          label={t('storeApps.create.name')}
          name="name"
          autoComplete="off"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setFieldErrors((errors) => withoutFieldError(errors, 'name'));
          }}
          hint={t('storeApps.create.nameHint')}
          error={fieldErrors.name}
          maxLength={200}
        />
        <FormDialogActions
          submitLabel={t('storeApps.create.submit')}
          pendingLabel={t('storeApps.create.creating')}
          pending={createApplication.isPending}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
