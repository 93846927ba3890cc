import { type APIRequestContext, expect, type Page } from '@playwright/test';

// The accounts scripts/e2e-server.ts creates.
export const PASSWORD = 'correct-horse-battery';
export const ADMIN = { email: 'admin@example.test', password: PASSWORD } as const;
export const MANAGER = { email: 'manager@example.test', password: PASSWORD } as const;

export interface Credentials {
  email: string;
  password: string;
}

/** An address nobody else uses, so tests can run again against a server that kept its data. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
}

export async function signIn(page: Page, who: Credentials): Promise<void> {
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens sign-in, signs in, and waits until the console shows the landing page's heading. */
export async function openSignedIn(page: Page, who: Credentials, landingHeading: string): Promise<void> {
  await page.goto('/login');
  await signIn(page, who);
  await expect(page.getByRole('heading', { level: 1, name: landingHeading })).toBeVisible();
}

export function mainNavigation(page: Page) {
  return page.getByRole('navigation', { name: 'Main navigation' });
}

/**
 * Saves a picture of what the reader sees, for a person to look at: the whole page, or only the
 * viewport where a full-page capture would resize the window (and so close an open menu).
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  // Sticky header and sidebar would be drawn mid-page in a full-page capture of a scrolled page.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage });
}

/** Puts an account back to English through the API, whatever a failed test left behind. */
export async function resetLocale(request: APIRequestContext, who: Credentials): Promise<void> {
  const login = await request.post('/api/auth/login', { data: who });
  expect(login.ok()).toBe(true);
  const patch = await request.patch('/api/auth/me', { data: { locale: 'en' } });
  expect(patch.ok()).toBe(true);
  await request.post('/api/auth/logout');
}
