import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { Badge } from '../components/badge.tsx';
import { Button } from '../components/button.tsx';
import { ErrorMessage } from '../components/live-messages.tsx';
import { LoadingState } from '../components/loading-state.tsx';
import { useLogout } from '../features/auth/api/logout.ts';
import { useSignedInUser } from '../features/auth/signed-in-user.ts';
import { SyncHealthBanner } from '../features/tokens/components/sync-health-banner.tsx';
import { useErrorMessage } from '../lib/error-messages.ts';
import { navigationFor } from './navigation.ts';
import { paths } from './paths.ts';

function initials(name: string, email: string): string {
  const words = (name || email).split(/[\s@._-]+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

function Sidebar({ open, onNavigate }: { open: boolean; onNavigate: () => void }) {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const sections = navigationFor(user.role);

  return (
    <aside id="sidebar" className="sidebar" data-open={open}>
      <NavLink to={paths.home} className="sidebar__brand" onClick={onNavigate}>
        <span className="brand-mark" aria-hidden="true">
          V
        </span>
        <span className="sidebar__product">{t('app.name')}</span>
      </NavLink>
      <nav className="nav" aria-label={t('nav.label')}>
        {sections.map((section) => (
          <div key={section.id} className="nav__section">
            <h2 className="nav__heading" id={`nav-${section.id}`}>
              {t(section.label)}
            </h2>
            <ul className="nav__list" aria-labelledby={`nav-${section.id}`}>
              {section.items.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    className="nav__link"
                    onClick={onNavigate}
                    onPointerEnter={() => item.prefetch?.(queryClient)}
                    onFocus={() => item.prefetch?.(queryClient)}
                  >
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
    </aside>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const logout = useLogout();
  const describeError = useErrorMessage();

  return (
    <div className="user-menu">
      <span className="avatar" aria-hidden="true">
        {initials(user.displayName, user.email)}
      </span>
      <p className="user-menu__who">
        <span className="visually-hidden">{t('header.signedInAs')} </span>
        <span className="user-menu__name">{user.displayName || user.email}</span>
        <Badge tone={user.role === 'admin' ? 'info' : 'neutral'}>{t(`roles.${user.role}`)}</Badge>
      </p>
      <Button variant="secondary" small onClick={() => logout.mutate()} disabled={logout.isPending}>
        {logout.isPending ? t('header.signingOut') : t('header.signOut')}
      </Button>
      <ErrorMessage>{logout.error ? describeError(logout.error) : undefined}</ErrorMessage>
    </div>
  );
}

/** The signed-in console: skip link, sidebar navigation, header with the account, page, footer. */
export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);
  const menuButtonRef = useRef<HTMLButtonElement>(null);

  // The narrow-screen menu closes on Escape (focus back on its button) and on a click outside it.
  useEffect(() => {
    if (!menuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButtonRef.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target instanceof Node ? event.target : null;
      if (
        target &&
        !document.getElementById('sidebar')?.contains(target) &&
        !menuButtonRef.current?.contains(target)
      ) {
        setMenuOpen(false);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [menuOpen]);

  // After a navigation, move focus to the new page's heading so keyboard and screen-reader users
  // start at the top of the new content, as after a full page load.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    (heading ?? mainRef.current)?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Sidebar open={menuOpen} onNavigate={() => setMenuOpen(false)} />
      <div className="shell__body">
        <header className="topbar">
          <button
            ref={menuButtonRef}
            type="button"
            className="button button--secondary button--small topbar__menu"
            aria-expanded={menuOpen}
            aria-controls="sidebar"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="topbar__menu-icon" aria-hidden="true" />
            {menuOpen ? t('nav.closeMenu') : t('nav.openMenu')}
          </button>
          <UserMenu />
        </header>
        <main id="main" ref={mainRef} className="main" tabIndex={-1}>
          <SyncHealthBanner />
          {/* Pages load as their own chunks (router.tsx): the shell stays while one arrives. */}
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </main>
        <footer className="footer">
          <span>{t('app.name')}</span>
          <a href="/api/docs" target="_blank" rel="noopener noreferrer">
            {t('app.apiDocs')}
            <span className="visually-hidden"> {t('app.opensInNewTab')}</span>
            <span aria-hidden="true"> ↗</span>
          </a>
        </footer>
      </div>
    </div>
  );
}
