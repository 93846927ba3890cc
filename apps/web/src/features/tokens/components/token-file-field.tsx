import { type ReactNode, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FileField } from '../../../components/form-field.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { MAX_TOKEN_FILE_BYTES, readTokenFile, type TokenFileReading } from '../token-file.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A token this close to its expiry is accepted, with a warning: it needs renewing soon. */
const EXPIRY_WARNING_DAYS = 30;

export interface ChosenTokenFile {
  file: File | undefined;
  /** What reading the file found; undefined while it is read or before a file is chosen. */
  reading: TokenFileReading | undefined;
  choose: (file: File | undefined) => void;
}

/** The chosen `.vpptoken` file and what the browser read from it. */
export function useChosenTokenFile(): ChosenTokenFile {
  const [file, setFile] = useState<File>();
  const [reading, setReading] = useState<TokenFileReading>();
  const latest = useRef<File | undefined>(undefined);

  const choose = useCallback((next: File | undefined) => {
    latest.current = next;
    setFile(next);
    setReading(undefined);
    if (!next) return;
    readTokenFile(next).then((result) => {
      // A file chosen after this one wins, however long this one took to read.
      if (latest.current === next) setReading(result);
    });
  }, []);

  return { file, reading, choose };
}

/**
 * The local reason why the chosen file cannot be uploaded (none chosen, not a token, expired), in
 * the reader's language; undefined when it can.
 */
export function useTokenFileProblem(): (chosen: ChosenTokenFile) => string | undefined {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  return (chosen) => {
    if (!chosen.file) return t('tokens.file.required');
    const reading = chosen.reading;
    if (!reading) return t('tokens.file.stillReading');
    if (!reading.ok) {
      return reading.problem === 'TOO_LARGE'
        ? t('tokens.file.problems.TOO_LARGE', { kilobytes: MAX_TOKEN_FILE_BYTES / 1024 })
        : t(`tokens.file.problems.${reading.problem}`);
    }
    if (reading.preview.expiresAt.getTime() <= Date.now()) {
      return t('tokens.file.expired', { date: format.date(reading.preview.expiresAt) });
    }
    return undefined;
  };
}

interface TokenFileFieldProps {
  chosen: ChosenTokenFile;
  /** An error from the server about the file (unreadable, expired, already added, …). */
  error: string | undefined;
  onChange?: () => void;
  label?: string;
}

/**
 * The `.vpptoken` file input. The browser reads the chosen file at once and shows its organisation
 * and expiry before anything is sent (never the token itself), or why it is not a token.
 */
export function TokenFileField({ chosen, error, onChange, label }: TokenFileFieldProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const problemOf = useTokenFileProblem();
  const reading = chosen.reading;
  // A file that cannot be a token is said at once; "choose a file" waits for the submit.
  const localProblem = chosen.file && reading ? problemOf(chosen) : undefined;

  let summary: ReactNode;
  if (reading?.ok) {
    const { orgName, expiresAt } = reading.preview;
    const daysLeft = Math.ceil((expiresAt.getTime() - Date.now()) / DAY_MS);
    summary = (
      <dl className="file-preview">
        <div>
          <dt>{t('tokens.file.organisation')}</dt>
          <dd>{orgName || t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('tokens.file.expires')}</dt>
          <dd>
            <time dateTime={expiresAt.toISOString()}>{format.date(expiresAt)}</time>
            {daysLeft > 0 && (
              <span className="muted"> ({t('tokens.file.daysLeft', { count: daysLeft })})</span>
            )}
          </dd>
        </div>
        {daysLeft > 0 && daysLeft <= EXPIRY_WARNING_DAYS && (
          <p className="notice notice--warning file-preview__warning">
            {t('tokens.file.expiresSoon', { count: daysLeft })}
          </p>
        )}
      </dl>
    );
  }

  return (
    <FileField
      label={label ?? t('tokens.fields.file')}
      name="token"
      accept=".vpptoken"
      required
      hint={t('tokens.file.hint')}
      summary={summary}
      error={localProblem ?? error}
      onChange={(event) => {
        chosen.choose(event.target.files?.[0]);
        onChange?.();
      }}
    />
  );
}
