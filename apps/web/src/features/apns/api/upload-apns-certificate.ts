import { apnsCertificateSchema } from '@vpp/contracts/apns';
import { apiRequest } from '../../../lib/api-client.ts';
import { useReplacingMutation } from '../../../lib/api-hooks.ts';
import { apnsCertificateQueryKey } from './get-apns-certificate.ts';

/** A PEM file (sent as the multipart field `certificate`) or pasted PEM text (sent as JSON). */
export type ApnsCertificateUpload = { file: File } | { pem: string };

export function uploadApnsCertificate(upload: ApnsCertificateUpload) {
  if ('file' in upload) {
    const body = new FormData();
    body.set('certificate', upload.file, upload.file.name);
    return apiRequest('/api/apns-certificate', apnsCertificateSchema, { method: 'PUT', body });
  }
  return apiRequest('/api/apns-certificate', apnsCertificateSchema, {
    method: 'PUT',
    body: { certificate: upload.pem },
  });
}

export function useUploadApnsCertificate() {
  return useReplacingMutation(uploadApnsCertificate, apnsCertificateQueryKey);
}
