import type { ApnsCertificate } from '@vpp/contracts/apns';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FileField, TextAreaField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useUploadApnsCertificate } from '../api/upload-apns-certificate.ts';

const PEM_MARKER = '-----BEGIN CERTIFICATE-----';
/** The API takes at most 64 KB; a certificate is a few KB. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** Uploads the MDM push certificate: a PEM file, or its text pasted. The file wins when both are given. */
export function ApnsUploadForm({ onUploaded }: { onUploaded: (certificate: ApnsCertificate) => void }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const upload = useUploadApnsCertificate();
  // A new key empties the file input after an upload.
  const [fileKey, setFileKey] = useState(0);
  const [file, setFile] = useState<File>();
  const [pem, setPem] = useState('');
  const [problem, setProblem] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    upload.reset();
    if (!file && !pem.trim()) {
      setProblem(t('apns.upload.required'));
      return;
    }
    if (file && file.size > MAX_CERTIFICATE_BYTES) {
      setProblem(t('apns.upload.tooLarge'));
      return;
    }
    // A file or text that holds no PEM certificate at all is said at once, without a round trip.
    const text = file ? await file.text().catch(() => '') : pem;
    if (!text.includes(PEM_MARKER)) {
      setProblem(t('apns.upload.notPem'));
      return;
    }
    setProblem(undefined);
    upload.mutate(file ? { file } : { pem: pem.trim() }, {
      onSuccess: (certificate) => {
        setFile(undefined);
        setPem('');
        setFileKey((key) => key + 1);
        onUploaded(certificate);
      },
    });
  }

  const error = upload.error;
  const code = isApiError(error) ? error.code : undefined;
  const certificateError =
    code === 'CERTIFICATE_UNREADABLE'
      ? t('apns.upload.unreadable')
      : code === 'CERTIFICATE_EXPIRED'
        ? t('apns.upload.expired')
        : code === 'VALIDATION_FAILED'
          ? t('apns.upload.required')
          : undefined;
  const fieldError = problem ?? certificateError;
  const failure = error && !certificateError ? describeError(error) : undefined;

  return (
    <form className="form apns-upload" onSubmit={submit} noValidate>
      <ErrorMessage>{failure}</ErrorMessage>
      <FileField
        key={fileKey}
        label={t('apns.upload.file')}
        name="certificate"
        accept=".pem,.crt,.cer,application/x-pem-file"
        hint={t('apns.upload.fileHint')}
        error={file || !pem.trim() ? fieldError : undefined}
        onChange={(event) => {
          setFile(event.target.files?.[0]);
          setProblem(undefined);
          upload.reset();
        }}
      />
      <TextAreaField
        label={t('apns.upload.paste')}
        name="pem"
        value={pem}
        spellCheck={false}
        className="mono-input"
        rows={5}
        placeholder={PEM_MARKER}
        onChange={(event) => {
          setPem(event.target.value);
          setProblem(undefined);
          upload.reset();
        }}
        hint={t('apns.upload.pasteHint')}
        error={!file && pem.trim() ? fieldError : undefined}
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={upload.isPending}>
          {upload.isPending ? t('apns.upload.uploading') : t('apns.upload.submit')}
        </button>
      </div>
    </form>
  );
}
