import type { Db } from '@vpp/db/database';

// Apple's service config gives the invitation link as a template (`urls.invitationEmail`) with the
// literal `%25inviteCode%25` where a Registered user's code goes. It is kept in the settings table
// whenever users are read from Apple.

const TEMPLATE_KEY = 'apple-invitation-url-template';

export async function saveInvitationUrlTemplate(db: Db, template: string | undefined): Promise<void> {
  if (!template) return;
  await db.setting.upsert({
    where: { key: TEMPLATE_KEY },
    create: { key: TEMPLATE_KEY, value: template },
    update: { value: template },
  });
}

export async function invitationUrlTemplate(db: Db): Promise<string | null> {
  const row = await db.setting.findUnique({ where: { key: TEMPLATE_KEY } });
  return typeof row?.value === 'string' ? row.value : null;
}

export function invitationUrl(template: string, inviteCode: string): string {
  const code = encodeURIComponent(inviteCode);
  return template.replaceAll('%25inviteCode%25', code).replaceAll('%inviteCode%', code);
}
