import { useQuery } from '@tanstack/react-query';
import type { Deployment, DeploymentRequest } from '@vpp/contracts/deployments';
import type { Collection } from '@vpp/contracts/inventory';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { DialogActions } from '../../../components/form-dialog-actions.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { RadioGroup } from '../../../components/radio-group.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useApnsCertificate } from '../../apns/api/get-apns-certificate.ts';
import { collectionQueryOptions } from '../../inventory/api/get-collection.ts';
import { CollectionPicker } from '../../inventory/collection-picker.tsx';
import { useCreateDeployment } from '../api/create-deployment.ts';
import { useDeploymentPreview } from '../api/preview-deployment.ts';
import { ApnsRequiredNotice } from './apns-required-notice.tsx';
import { DeploymentPreviewView } from './deployment-preview.tsx';

type Action = DeploymentRequest['action'];
type Purpose = DeploymentRequest['purpose'];

interface DeploymentFormDialogProps {
  application: { id: string; name: string };
  /** Who the application's licenses belong to, shown under the title. */
  subject?: string | undefined;
  /** Opens with this collection chosen (the "Uninstall" shortcut of a deployment). */
  initialCollectionId?: string | undefined;
  initialAction?: Action;
  onClose: () => void;
  onCreated: (deployment: Deployment) => void;
}

function sameRequest(a: DeploymentRequest | undefined, b: DeploymentRequest | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.applicationId === b.applicationId &&
    a.collectionId === b.collectionId &&
    a.action === b.action &&
    a.purpose === b.purpose
  );
}

/**
 * Deploys an application to a collection: pick the collection, the action and the purpose, look at
 * the preview of the licenses it claims and the targets that will fail, then confirm. Any change
 * after the preview asks for a new one before the deployment can be saved.
 */
export function DeploymentFormDialog({
  application,
  subject,
  initialCollectionId,
  initialAction = 'INSTALL',
  onClose,
  onCreated,
}: DeploymentFormDialogProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const apns = useApnsCertificate();
  const initialCollection = useQuery({
    ...collectionQueryOptions(initialCollectionId ?? ''),
    enabled: initialCollectionId !== undefined,
  });
  const [picked, setPicked] = useState<Collection>();
  const [action, setAction] = useState<Action>(initialAction);
  const [purpose, setPurpose] = useState<Purpose>('REQUIRED');
  const [collectionError, setCollectionError] = useState<string>();
  const [previewRequest, setPreviewRequest] = useState<DeploymentRequest>();
  const preview = useDeploymentPreview(previewRequest);
  const createDeployment = useCreateDeployment();

  const collection: Collection | undefined = picked ?? initialCollection.data;
  const request: DeploymentRequest | undefined = collection
    ? { applicationId: application.id, collectionId: collection.id, action, purpose }
    : undefined;
  const previewShown = sameRequest(previewRequest, request) && preview.isSuccess;

  function changed() {
    setPreviewRequest(undefined);
    createDeployment.reset();
  }

  function askPreview() {
    if (preview.isFetching) return;
    if (!request) {
      setCollectionError(t('deployments.form.collectionRequired'));
      return;
    }
    createDeployment.reset();
    if (sameRequest(previewRequest, request)) preview.refetch();
    else setPreviewRequest(request);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!previewShown || !previewRequest) {
      askPreview();
      return;
    }
    if (createDeployment.isPending) return;
    createDeployment.mutate(previewRequest, { onSuccess: onCreated });
  }

  const error = createDeployment.error;
  const code = isApiError(error) ? error.code : undefined;
  const purposeError =
    code === 'PURPOSE_NOT_SUPPORTED' ? t('deployments.form.purposeNotSupported') : undefined;
  const certificateMissing = apns.data === null;
  const certificateExpired = apns.data?.status === 'EXPIRED';
  const failure =
    error && code !== 'PURPOSE_NOT_SUPPORTED' && code !== 'APNS_CERTIFICATE_REQUIRED'
      ? describeError(error)
      : undefined;

  return (
    <Dialog title={t('deployments.form.title', { application: application.name })} onClose={onClose} wide>
      <form className="form deployment-form" onSubmit={submit} noValidate>
        {subject && <p className="dialog__subject">{subject}</p>}
        {(certificateMissing || certificateExpired) && code !== 'APNS_CERTIFICATE_REQUIRED' && (
          <ApnsRequiredNotice expired={certificateExpired} />
        )}
        {initialCollectionId !== undefined && initialCollection.isPending ? (
          <LoadingState />
        ) : (
          <CollectionPicker
            value={collection}
            onChange={(next) => {
              setPicked(next);
              setCollectionError(undefined);
              changed();
            }}
            error={collectionError}
          />
        )}
        <div className="form__row">
          <RadioGroup
            legend={t('deployments.form.action')}
            name="action"
            value={action}
            onChange={(next) => {
              setAction(next);
              changed();
            }}
            options={[
              {
                value: 'INSTALL',
                label: t('deployments.actions.INSTALL'),
                hint: t('deployments.form.installHint'),
              },
              {
                value: 'UNINSTALL',
                label: t('deployments.actions.UNINSTALL'),
                hint: t('deployments.form.uninstallHint'),
              },
            ]}
          />
          <RadioGroup
            legend={t('deployments.form.purpose')}
            name="purpose"
            value={purpose}
            onChange={(next) => {
              setPurpose(next);
              changed();
            }}
            options={[
              {
                value: 'REQUIRED',
                label: t('deployments.purposes.REQUIRED'),
                hint: t('deployments.form.requiredHint'),
              },
              {
                value: 'AVAILABLE',
                label: t('deployments.purposes.AVAILABLE'),
                hint: t('deployments.form.availableHint'),
                disabled: true,
              },
            ]}
            error={purposeError}
          />
        </div>
        <p className="field__hint">{t('deployments.form.actionFixed')}</p>

        {/* The outcome of asking for the preview is announced in a few words; the figures are read on demand. */}
        <div className="visually-hidden" role="status" aria-live="polite">
          {previewShown && preview.data
            ? t('deployments.preview.announcement', {
                targets: preview.data.targets,
                claims: preview.data.newClaims,
                failing: preview.data.targetsThatWillFailCount,
              })
            : ''}
        </div>
        {previewRequest && sameRequest(previewRequest, request) && (
          <div aria-busy={preview.isFetching}>
            {preview.isPending ? (
              <LoadingState />
            ) : preview.isError ? (
              <p className="notice notice--error" role="alert">
                {describeError(preview.error)}
              </p>
            ) : (
              <DeploymentPreviewView preview={preview.data} action={previewRequest.action} />
            )}
          </div>
        )}

        <ErrorMessage>{failure}</ErrorMessage>
        <div className="live-region" role="alert">
          {code === 'APNS_CERTIFICATE_REQUIRED' && <ApnsRequiredNotice expired={certificateExpired} />}
        </div>
        {/* aria-disabled, not disabled: a button that is working keeps the keyboard focus. */}
        <DialogActions onCancel={onClose}>
          <button
            type="button"
            className={previewShown ? 'button button--secondary' : 'button button--primary'}
            onClick={askPreview}
            aria-disabled={preview.isFetching}
          >
            {previewShown ? t('deployments.form.previewAgain') : t('deployments.form.preview')}
          </button>
          {previewShown && (
            <button
              type="submit"
              className="button button--primary"
              aria-disabled={createDeployment.isPending}
            >
              {createDeployment.isPending
                ? t('deployments.form.deploying')
                : t(`deployments.form.confirm.${previewRequest?.action ?? action}`)}
            </button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
