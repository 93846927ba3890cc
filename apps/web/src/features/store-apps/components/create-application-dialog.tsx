import type { Application } from '@vpp/contracts/deployments';
import { createApplicationRequestSchema, type StoreApp } from '@vpp/contracts/store-apps';
import { useTranslation } from 'react-i18next';
import { AppIcon } from '../../../components/app-icon.tsx';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { FormDialog, type SaveDialogProps } from '../../../components/form-dialog.tsx';
import { TextField } from '../../../components/form-field.tsx';
import { LicenseFigure } from '../../../components/license-figures.tsx';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useCreateApplication } from '../../applications/api/create-application.ts';

interface CreateApplicationDialogProps extends SaveDialogProps<Application> {
  app: StoreApp;
}

/** Makes an application from one store-app row: it stays bound to that token's licenses of the app. */
export function CreateApplicationDialog({ app, onClose, onSaved }: CreateApplicationDialogProps) {
  const { t } = useTranslation();
  const createApplication = useCreateApplication();
  const form = useSchemaForm({
    schema: createApplicationRequestSchema,
    initial: { name: app.name },
    // An empty name is allowed: the application is then named after the app.
    input: ({ name }) => (name.trim() ? { name } : {}),
  });

  return (
    <FormDialog
      title={t('storeApps.create.title')}
      onClose={onClose}
      {...form.saving(createApplication, (data) => ({ storeAppId: app.id, name: data.name }), onSaved)}
      intro={
        <>
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
              {t(`storeApps.deviceLicensing.${app.deviceAssignable ? 'yesLong' : 'noLong'}`)}
            </DetailsItem>
          </DetailsList>
        </>
      }
      submitLabel={t('storeApps.create.submit')}
      pendingLabel={t('storeApps.create.creating')}
    >
      <TextField
        label={t('storeApps.create.name')}
        {...form.field('name')}
        autoComplete="off"
        hint={t('storeApps.create.nameHint')}
        maxLength={200}
      />
    </FormDialog>
  );
}
