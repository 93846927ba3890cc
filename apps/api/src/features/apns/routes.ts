import { apnsCertificateSchema, putApnsCertificateSchema } from '@vpp/contracts/apns';
import { AppError } from '@vpp/contracts/errors';
import { getApnsCertificate, putApnsCertificate } from '@vpp/core/apns/manage-apns-certificate';
import type { AppDeps } from '../../app-deps.ts';
import { DEFAULT_JSON_LIMIT_BYTES, type MultipartFormat } from '../../http/request-body.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

const certificateUpload: MultipartFormat = {
  fileField: 'certificate',
  maxFileBytes: 64 * 1024,
  maxFields: 2,
  maxFieldBytes: 64 * 1024,
};

export function apnsRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/apns-certificate',
      access: 'signedIn',
      tag: 'APNs certificate',
      summary: 'The MDM push certificate: subject, topic, expiry and status',
      success: { status: 200, schema: apnsCertificateSchema },
      errors: ['NOT_FOUND'],
      handler: () => getApnsCertificate(prisma, deps.now()),
    }),
    defineRoute({
      method: 'put',
      path: '/api/apns-certificate',
      access: 'admin',
      tag: 'APNs certificate',
      summary: 'Upload the PEM certificate (JSON `certificate`, or multipart file `certificate`)',
      accepts: { json: { limitBytes: DEFAULT_JSON_LIMIT_BYTES }, multipart: certificateUpload },
      body: putApnsCertificateSchema,
      success: { status: 200, schema: apnsCertificateSchema },
      errors: ['CERTIFICATE_UNREADABLE', 'CERTIFICATE_EXPIRED'],
      handler: ({ body, ctx, req }) => {
        const text = req.file?.buffer.toString('utf8') ?? body.certificate;
        if (!text) {
          throw new AppError('VALIDATION_FAILED', 'Send the certificate.', {
            errors: [{ path: 'body.certificate', message: 'is required' }],
          });
        }
        return putApnsCertificate(prisma, ctx, text, deps.now());
      },
    }),
  ];
}
