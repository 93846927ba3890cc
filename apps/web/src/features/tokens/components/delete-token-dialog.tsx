import type { Token } from '@vpp/contracts/tokens';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/button.tsx';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { DialogActions } from '../../../components/form-dialog-actions.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { LoadError } from '../../../components/load-error.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useDeleteToken } from '../api/delete-token.ts';
import { useDeletionPreview } from '../api/get-deletion-preview.ts';

interface DeleteTokenDialogProps {
  token: Token;
  onClose: () => void;
  onDeleted: () => void;
}

/** Shows what deleting the token takes with it, then asks; Cancel comes first, so it has focus. */
export function DeleteTokenDialog({ token, onClose, onDeleted }: DeleteTokenDialogProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const describeError = useErrorMessage();
  const preview = useDeletionPreview(token.id);
  const deleteToken = useDeleteToken();

  return (
    <Dialog title={t('tokens.delete.title')} onClose={onClose} role="alertdialog">
      <p className="dialog__message">{t('tokens.delete.confirm', { name: token.name })}</p>
      <div aria-live="polite" aria-busy={preview.isPending}>
        {preview.isPending ? (
          <LoadingState />
        ) : preview.isError ? (
          <LoadError error={preview.error} onRetry={() => preview.refetch()} className="stack" small />
        ) : (
          <div className="deletion-preview">
            <p className="deletion-preview__title">{t('tokens.delete.previewTitle')}</p>
            <DetailsList>
              <DetailsItem term={t('tokens.delete.apps')}>{format.number(preview.data.apps)}</DetailsItem>
              <DetailsItem term={t('tokens.delete.applications')}>
                {format.number(preview.data.applications)}
              </DetailsItem>
              <DetailsItem term={t('tokens.delete.deployments')}>
                {format.number(preview.data.deployments)}
              </DetailsItem>
              <DetailsItem term={t('tokens.delete.assignedLicenses')}>
                {format.number(preview.data.assignedLicenses)}
              </DetailsItem>
            </DetailsList>
            <p className="muted">{t('tokens.delete.appleNote')}</p>
          </div>
        )}
      </div>
      <ErrorMessage>{deleteToken.error ? describeError(deleteToken.error) : undefined}</ErrorMessage>
      <DialogActions onCancel={onClose}>
        <Button
          variant="danger"
          onClick={() => deleteToken.mutate(token.id, { onSuccess: onDeleted })}
          disabled={!preview.isSuccess || deleteToken.isPending}
        >
          {deleteToken.isPending ? t('tokens.delete.deleting') : t('tokens.delete.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
