import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../components/page-header.tsx';
import { useSignedInUser } from '../features/auth/signed-in-user.ts';
import { paths } from './paths.ts';

/** Shown in place of a page the reader's role may not open (a deep link, a bookmark). */
export function ForbiddenPage() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  return (
    <div className="status-page">
      <PageHeader title={t('forbidden.title')} />
      <div className="card status-page__card">
        <p>{t('forbidden.message', { role: t(`roles.${user.role}`) })}</p>
        <Link className="button button--primary" to={paths.myAccount}>
          {t('forbidden.back')}
        </Link>
      </div>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="status-page">
      <PageHeader title={t('notFound.title')} />
      <div className="card status-page__card">
        <p>{t('notFound.message')}</p>
        <Link className="button button--primary" to={paths.home}>
          {t('notFound.back')}
        </Link>
      </div>
    </div>
  );
}

/** Shown when a page fails to render, instead of a blank screen; the console around it stays usable. */
export function PageErrorPage({ fullPage = false }: { fullPage?: boolean }) {
  const { t } = useTranslation();
  const content = (
    <div className="status-page">
      <PageHeader title={t('pageError.title')} />
      <div className="card status-page__card" role="alert">
        <p>{t('pageError.message')}</p>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          {t('pageError.reload')}
        </button>
      </div>
    </div>
  );
  return fullPage ? (
    <main id="main" className="main" tabIndex={-1}>
      {content}
    </main>
  ) : (
    content
  );
}
