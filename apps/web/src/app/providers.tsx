import { QueryClientProvider } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { type ReactNode, useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { ReconnectingBanner } from '../components/reconnecting-banner.tsx';
import { suspendSession, useSession } from '../features/auth/api/get-session.ts';
import { applyLocale, createI18n, initialLocale } from '../lib/i18n.ts';
import { createQueryClient } from '../lib/query-client.ts';

/** Keeps the console in the signed-in account's language, and switches the moment it changes. */
function SessionLocale({ i18n }: { i18n: I18n }) {
  const session = useSession();
  const locale = session.data?.user?.locale;
  useEffect(() => {
    if (locale) applyLocale(i18n, locale).catch((error: unknown) => console.error(error));
  }, [i18n, locale]);
  return null;
}

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => createQueryClient(suspendSession));
  const [i18n] = useState(() => createI18n(initialLocale()));

  return (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <ReconnectingBanner />
        {children}
        {/* After the console, on purpose: React runs a commit's effects in tree order, so every
            component that rendered with the old language has subscribed to language changes before
            this effect switches the language. Placed first, the shell would miss the switch. */}
        <SessionLocale i18n={i18n} />
      </I18nextProvider>
    </QueryClientProvider>
  );
}
