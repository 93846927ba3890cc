import { useMutation, useQueryClient } from '@tanstack/react-query';
import { loginRequestSchema, type SessionUser } from '@vpp/contracts/accounts';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/form-dialog.tsx';
import { EmailField, PasswordField } from '../../../components/form-field.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { endSession, sessionQueryKey, setSessionUser } from '../api/get-session.ts';
import { login } from '../api/login.ts';

/**
 * The session ended while a page was open: sign in again here, and the page (with whatever was
 * typed into it) stays as it was. The same person carries on where they were; anyone else starts
 * afresh, since the page may show what they may not see.
 */
export function SignInAgainDialog({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const form = useSchemaForm({ schema: loginRequestSchema, initial: { email: user.email, password: '' } });
  const signIn = useMutation({
    mutationFn: login,
    onSuccess: ({ user: signedIn }) => {
      if (signedIn.id !== user.id) {
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      }
      setSessionUser(queryClient, signedIn);
      // What failed while the session was gone is asked for again.
      queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
    },
  });
  const failure = signIn.error
    ? isApiError(signIn.error) && signIn.error.code === 'INVALID_CREDENTIALS'
      ? t('login.invalidCredentials')
      : describeError(signIn.error)
    : undefined;

  return (
    <FormDialog
      title={t('login.again.title')}
      intro={<p className="dialog__message">{t('login.again.intro')}</p>}
      failure={failure}
      submitLabel={t('login.submit')}
      pendingLabel={t('login.submitting')}
      pending={signIn.isPending}
      onClose={() => endSession(queryClient, 'expired')}
      onSubmit={form.handleSubmit((data) => signIn.mutate(data, { onError: form.apiFailed() }))}
    >
      <EmailField label={t('login.email')} {...form.field('email')} autoComplete="username" required />
      <PasswordField
        label={t('login.password')}
        {...form.field('password')}
        autoComplete="current-password"
        required
      />
    </FormDialog>
  );
}
