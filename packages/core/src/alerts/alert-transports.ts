import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

// The three ways a message leaves: email through SMTP_URL (nodemailer), a JSON webhook signed with
// the channel's secret, and a Slack/Teams incoming webhook. Each returns what the far end said.

export interface SendOutcome {
  ok: boolean;
  /** The HTTP status, or the SMTP reply code. */
  responseCode: number | null;
  error: string | null;
}

const TIMEOUT_MS = 10_000;

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the channel's secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface EmailMessage {
  from: string;
  to: string | string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export async function sendEmail(smtpUrl: string | undefined, message: EmailMessage): Promise<SendOutcome> {
  if (!smtpUrl) return { ok: false, responseCode: null, error: 'SMTP_URL is not set: email cannot be sent.' };
  const options: SMTPTransport.Options = {
    url: smtpUrl,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  };
  const transport = nodemailer.createTransport(options);
  try {
    const info = await transport.sendMail(message);
    const code = Number.parseInt(String(info.response ?? '').slice(0, 3), 10);
    return { ok: true, responseCode: Number.isNaN(code) ? null : code, error: null };
  } catch (error) {
    const failure = error as { responseCode?: number; message?: string };
    return { ok: false, responseCode: failure.responseCode ?? null, error: failure.message ?? String(error) };
  } finally {
    transport.close();
  }
}

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<SendOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'vpp-console-alerts', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // The answer's body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      responseCode: response.status,
      error: ok ? null : `The receiver answered ${response.status}.`,
    };
  } catch (error) {
    return { ok: false, responseCode: null, error: (error as Error).message };
  }
}
