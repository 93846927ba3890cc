import { X509Certificate } from 'node:crypto';
import type { ApnsCertificate } from '@vpp/contracts/apns';
import { AppError } from '@vpp/contracts/errors';
import type { ApnsCertificate as ApnsRow } from '@vpp/db/client';
import type { Db, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRY_WARNING_DAYS = 30;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export interface ParsedApnsCertificate {
  pem: string;
  subject: string;
  topic: string;
  serialNumber: string;
  notBefore: Date;
  expiresAt: Date;
}

/**
 * Reads an MDM push certificate with Node's X.509 support. The topic is the subject's UID, which
 * for an MDM push certificate starts with `com.apple.mgmt.`.
 */
export function parseApnsCertificate(text: string, now: Date): ParsedApnsCertificate {
  const pem = text.match(PEM_CERTIFICATE)?.[0];
  if (!pem) {
    throw new AppError(
      'CERTIFICATE_UNREADABLE',
      'Upload the certificate in PEM form (-----BEGIN CERTIFICATE-----).',
      {
        errors: [{ path: 'body.certificate', message: 'is not a PEM certificate' }],
      },
    );
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw new AppError('CERTIFICATE_UNREADABLE', 'The certificate cannot be read.', {
      errors: [{ path: 'body.certificate', message: 'is not a valid X.509 certificate' }],
    });
  }
  const subjectLines = certificate.subject.split('\n');
  const topic = subjectLines.find((line) => line.startsWith('UID='))?.slice(4) ?? '';
  if (!topic.startsWith('com.apple.mgmt.')) {
    throw new AppError(
      'CERTIFICATE_UNREADABLE',
      `This is not an MDM push certificate: its topic (subject UID) is "${topic || 'missing'}", not com.apple.mgmt.…`,
      { errors: [{ path: 'body.certificate', message: 'has no com.apple.mgmt topic' }] },
    );
  }
  const expiresAt = new Date(certificate.validTo);
  if (expiresAt.getTime() <= now.getTime()) {
    throw new AppError(
      'CERTIFICATE_EXPIRED',
      `This certificate expired on ${expiresAt.toISOString().slice(0, 10)}. Renew it at Apple's Push Certificates Portal.`,
    );
  }
  return {
    pem,
    subject: subjectLines.join(', '),
    topic,
    serialNumber: certificate.serialNumber,
    notBefore: new Date(certificate.validFrom),
    expiresAt,
  };
}

export function apnsStatus(
  expiresAt: Date,
  now: Date,
): Pick<ApnsCertificate, 'status' | 'statusReason' | 'statusReasonParams'> {
  const msLeft = expiresAt.getTime() - now.getTime();
  if (msLeft <= 0)
    return {
      status: 'EXPIRED',
      statusReason: 'The certificate has expired: deployments cannot be created.',
      statusReasonParams: {},
    };
  const days = Math.ceil(msLeft / DAY_MS);
  if (days <= EXPIRY_WARNING_DAYS)
    return {
      status: 'EXPIRING',
      statusReason: `The certificate expires in ${days} days: renew it.`,
      statusReasonParams: { days },
    };
  return { status: 'VALID', statusReason: `Valid for ${days} days.`, statusReasonParams: { days } };
}

function toApnsCertificate(row: ApnsRow, now: Date): ApnsCertificate {
  return {
    subject: row.subject,
    topic: row.topic,
    serialNumber: row.serialNumber,
    notBefore: row.notBefore.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    uploadedAt: row.uploadedAt.toISOString(),
    ...apnsStatus(row.expiresAt, now),
  };
}

export async function getApnsCertificate(db: Db, now: Date): Promise<ApnsCertificate> {
  const row = await db.apnsCertificate.findUnique({ where: { id: 'default' } });
  if (!row) throw new AppError('NOT_FOUND', 'No APNs certificate has been uploaded yet.');
  return toApnsCertificate(row, now);
}

/** Refuses work that needs to reach devices when there is no valid push certificate. */
export async function requireValidApnsCertificate(db: Db, now: Date): Promise<void> {
  const row = await db.apnsCertificate.findUnique({ where: { id: 'default' } });
  if (!row || row.expiresAt.getTime() <= now.getTime()) {
    throw new AppError(
      'APNS_CERTIFICATE_REQUIRED',
      row
        ? 'The APNs certificate has expired. Upload a renewed one under Settings → APNs certificate before deploying.'
        : 'Upload a valid APNs certificate under Settings → APNs certificate before deploying: devices are reached through it.',
    );
  }
}

export async function putApnsCertificate(
  prisma: DbClient,
  ctx: RequestContext,
  text: string,
  now: Date,
): Promise<ApnsCertificate> {
  const parsed = parseApnsCertificate(text, now);
  return prisma.$transaction(async (tx) => {
    const before = await tx.apnsCertificate.findUnique({ where: { id: 'default' } });
    const data = { ...parsed, uploadedAt: now };
    const row = await tx.apnsCertificate.upsert({
      where: { id: 'default' },
      create: { id: 'default', ...data },
      update: data,
    });
    const snapshot = (value: ApnsRow | null) =>
      value && {
        subject: value.subject,
        topic: value.topic,
        serialNumber: value.serialNumber,
        expiresAt: value.expiresAt,
      };
    await recordAudit(tx, ctx, {
      action: 'apns-certificate.put',
      targetType: 'apns-certificate',
      targetId: row.serialNumber,
      summary: `Uploaded APNs certificate for ${row.topic}, valid until ${row.expiresAt.toISOString().slice(0, 10)}`,
      before: snapshot(before),
      after: snapshot(row),
    });
    return toApnsCertificate(row, now);
  });
}
