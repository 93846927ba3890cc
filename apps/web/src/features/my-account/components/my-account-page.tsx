import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/badge.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { PasswordForm } from './password-form.tsx';
import { ProfileForm } from './profile-form.tsx';

export function MyAccountPage() {
  const { t } = useTranslation();
  const user = useSignedInUser();

  return (
    <>
      <PageHeader title={t('myAccount.title')} intro={t('myAccount.intro')} />
      <div className="card-grid">
        <section className="card" aria-labelledby="profile-heading">
          <h2 className="card__title" id="profile-heading">
            {t('myAccount.profile')}
          </h2>
          <dl className="facts">
            <div className="facts__item">
              <dt>{t('myAccount.email')}</dt>
              <dd>{user.email}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('myAccount.role')}</dt>
              <dd>
                <Badge tone={user.role === 'admin' ? 'info' : 'neutral'}>{t(`roles.${user.role}`)}</Badge>
              </dd>
            </div>
          </dl>
          <ProfileForm user={user} />
        </section>
        <section className="card" aria-labelledby="password-heading">
          <h2 className="card__title" id="password-heading">
            {t('myAccount.password')}
          </h2>
          <PasswordForm email={user.email} />
        </section>
      </div>
    </>
  );
}
