import { MAX_IMPORT_BYTES } from '@vpp/contracts/inventory';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/dialog.tsx';
import { FormDialogActions } from '../../../components/form-dialog-actions.tsx';
import { FileField } from '../../../components/form-field.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';

export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
}

interface CsvImportDialogProps {
  title: string;
  intro: string;
  columns: CsvColumns;
  /**
   * The import's request: whether it is under way, its failure if it failed as a whole (no
   * report), and `reset`, called when another file is chosen to forget the previous report.
   */
  importing: { isPending: boolean; error: unknown; reset: () => void };
  /** The report of the finished import, shown in place of the form's buttons. */
  report: ReactNode;
  /** A sentence that sums the report up, announced when it arrives. */
  announcement: string | undefined;
  onImport: (file: File) => void;
  onClose: () => void;
  /** Fields of this import besides the file (e.g. add or replace members). */
  children?: ReactNode;
}

/** Missing columns named by a VALIDATION_FAILED answer (`extensions.missingColumns`). */
function missingColumns(error: unknown): string[] {
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED') return [];
  const missing = error.extensions.missingColumns;
  return Array.isArray(missing) ? missing.filter((name): name is string => typeof name === 'string') : [];
}

/**
 * Imports a CSV file and shows what happened: rows created or changed, and each refused row with its
 * line and why. The dialog stays open on the report so the admin can read it, or import another file.
 */
export function CsvImportDialog({
  title,
  intro,
  columns,
  importing,
  report,
  announcement,
  onImport,
  onClose,
  children,
}: CsvImportDialogProps) {
  const { isPending: pending, error } = importing;
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();

  const columnList = [
    ...columns.required.map((name) => t('inventory.import.requiredColumn', { name })),
    ...columns.optional,
  ].join(', ');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setFileError(t('inventory.import.fileRequired'));
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      setFileError(t('inventory.import.tooLarge', { megabytes: MAX_IMPORT_BYTES / 1024 / 1024 }));
      return;
    }
    setFileError(undefined);
    onImport(file);
  }

  const missing = missingColumns(error);
  const serverError = !error
    ? undefined
    : missing.length > 0
      ? t('inventory.import.missingColumns', { columns: missing.join(', '), count: missing.length })
      : isApiError(error) && error.code === 'VALIDATION_FAILED'
        ? t('inventory.import.unreadable')
        : describeError(error);

  return (
    <Dialog title={title} onClose={onClose} wide>
      <form className="form" onSubmit={submit} noValidate>
        <p>{intro}</p>
        <FileField
          label={t('inventory.import.file')}
          name="file"
          accept=".csv,text/csv"
          hint={t('inventory.import.columns', { columns: columnList })}
          error={fileError ?? serverError}
          onChange={(event) => {
            setFile(event.target.files?.[0]);
            setFileError(undefined);
            importing.reset();
          }}
        />
        {children}
        <div className="visually-hidden" role="status" aria-live="polite">
          {announcement ?? ''}
        </div>
        {report}
        <FormDialogActions
          submitLabel={report ? t('inventory.import.again') : t('inventory.import.submit')}
          pendingLabel={t('inventory.import.importing')}
          cancelLabel={report ? t('common.close') : t('common.cancel')}
          pending={pending}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
