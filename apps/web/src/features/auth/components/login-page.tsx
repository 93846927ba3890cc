import { type Locale, locales, loginRequestSchema } from '@vpp/contracts/accounts';
import { type SsoErrorCode, ssoErrorCodes } from '@vpp/contracts/sso';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EmailField, PasswordField } from '../../../components/form-field.tsx';
import { ErrorMessage } from '../../../components/live-messages.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useDocumentTitle } from '../../../lib/document-title.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { applyLocale } from '../../../lib/i18n.ts';
import { useSchemaForm } from '../../../lib/use-schema-form.ts';
import { useLogin } from '../api/login.ts';
import { ssoLoginUrl, useSignInMethods } from '../api/sign-in-methods.ts';

interface LoginPageProps {
  /** The reader was sent here because their session ended, not because they signed out. */
  sessionEnded: boolean;
  /** Where single sign-on brings the reader back to (the page they were sent here from). */
  returnTo?: string;
}

/** Each language named in itself, so a reader finds theirs whatever the page speaks now. */
const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'nl-NL': 'Nederlands' };

/** Switches the sign-in page's language before anyone signs in (an account's own choice wins after). */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <nav className="auth-card__languages" aria-label={t('login.language')}>
      {locales.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          className="link-button"
          aria-pressed={i18n.language === locale}
          onClick={() => applyLocale(i18n, locale)}
        >
          {LANGUAGE_NAMES[locale]}
        </button>
      ))}
    </nav>
  );
}

export function LoginPage({ sessionEnded, returnTo = '/' }: LoginPageProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const login = useLogin();
  const form = useSchemaForm({ schema: loginRequestSchema, initial: { email: '', password: '' } });
  useDocumentTitle(t('login.title'));
  const methods = useSignInMethods();
  const [params] = useSearchParams();
  const ssoError = params.get('sso_error');
  const ssoFailure =
    ssoError && (ssoErrorCodes as readonly string[]).includes(ssoError)
      ? t(`login.sso.errors.${ssoError as SsoErrorCode}`)
      : undefined;
  const oidc = methods.data?.oidc ?? null;
  const passwordsOpen = methods.data?.passwordSignIn ?? true;

  const submit = form.handleSubmit((data) => login.mutate(data, { onError: form.apiFailed() }));

  let failure: string | undefined;
  if (login.error) {
    const error = login.error;
    if (isApiError(error) && error.code === 'INVALID_CREDENTIALS') failure = t('login.invalidCredentials');
    else if (isApiError(error) && error.code === 'PASSWORD_SIGN_IN_DISABLED')
      failure = t('errors.PASSWORD_SIGN_IN_DISABLED');
    else if (isApiError(error) && error.code === 'RATE_LIMITED')
      failure = error.retryAfterSeconds
        ? t('login.rateLimited', { count: error.retryAfterSeconds })
        : t('login.rateLimitedLater');
    else failure = describeError(error);
  }

  return (
    <div className="auth-screen">
      <main id="main" className="auth-card" tabIndex={-1}>
        <div className="auth-card__brand">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          <div>
            <p className="auth-card__product">{t('app.name')}</p>
            <p className="auth-card__tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <h1 className="auth-card__title">{t('login.title')}</h1>
        <p className="auth-card__intro">{t('login.intro')}</p>
        {sessionEnded && !login.error && <p className="notice notice--info">{t('login.sessionEnded')}</p>}
        <ErrorMessage>{failure ?? ssoFailure}</ErrorMessage>
        {oidc && (
          <div className="auth-card__sso">
            <a className="button button--primary button--block" href={ssoLoginUrl(returnTo)}>
              {t('login.sso.button', { provider: oidc.providerName })}
            </a>
            {passwordsOpen && <p className="auth-card__divider">{t('login.sso.or')}</p>}
          </div>
        )}
        {passwordsOpen ? (
          passwordForm()
        ) : (
          <details className="auth-card__break-glass">
            <summary>{t('login.sso.breakGlass')}</summary>
            {passwordForm()}
          </details>
        )}
        <LanguageSwitch />
      </main>
    </div>
  );

  function passwordForm() {
    return (
      <form className="form" onSubmit={submit} noValidate>
        <EmailField
          label={t('login.email')}
          {...form.field('email')}
          autoComplete="username"
          inputMode="email"
          required
        />
        <PasswordField
          label={t('login.password')}
          {...form.field('password')}
          autoComplete="current-password"
          required
        />
        <button
          type="submit"
          className={oidc ? 'button button--secondary button--block' : 'button button--primary button--block'}
          disabled={login.isPending}
        >
          {login.isPending ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    );
  }
}
