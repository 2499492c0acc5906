/**
 * The console's shell: the session (checked at load, lost on a 401), the language, the menu for the
 * admin's role, and the page named by the location's #hash. Each page is its own module.
 */
import type { FunctionComponent } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, SESSION_PATH, setCsrfToken, whenUnauthorized } from './api';
import { I18nContext, i18nFor, saveLang, savedLang, useI18n, type Lang, type TextKey } from './i18n';
import { AccountPage } from './pages/account';
import { CompaniesPage } from './pages/companies';
import { DashboardPage } from './pages/dashboard';
import { LoginPage } from './pages/login';
import { PlansPage } from './pages/plans';
import { PlatformPage } from './pages/platform';
import { RoutersPage } from './pages/routers';
import { SalesPage } from './pages/sales';
import { SettingsPage } from './pages/settings';
import { UsersPage } from './pages/users';
import { VouchersPage } from './pages/vouchers';
import { SessionContext, type AdminUser, type Session } from './session';

interface PageEntry {
  path: string;
  title: TextKey;
  page: FunctionComponent;
}

const CLIENT_PAGES: PageEntry[] = [
  { path: 'dashboard', title: 'dashboard', page: DashboardPage },
  { path: 'routers', title: 'routers', page: RoutersPage },
  { path: 'plans', title: 'plans', page: PlansPage },
  { path: 'sales', title: 'sales', page: SalesPage },
  { path: 'vouchers', title: 'vouchers', page: VouchersPage },
  { path: 'settings', title: 'settings', page: SettingsPage },
];

const SUPER_PAGES: PageEntry[] = [
  { path: 'platform', title: 'platform', page: PlatformPage },
  { path: 'companies', title: 'companies', page: CompaniesPage },
  { path: 'routers', title: 'routers', page: RoutersPage },
  { path: 'users', title: 'users', page: UsersPage },
];

const ACCOUNT: PageEntry = { path: 'account', title: 'account', page: AccountPage };

const pagesOf = (user: AdminUser) => (user.rol === 'super_admin' ? SUPER_PAGES : CLIENT_PAGES);

function currentPath(): string {
  return location.hash.replace(/^#\/?/, '');
}

export function App() {
  const [lang, setLangState] = useState<Lang>(savedLang);
  const [session, setSession] = useState<Session | null>();
  const [path, setPath] = useState(currentPath);
  const i18n = useMemo(
    () =>
      i18nFor(lang, (next) => {
        saveLang(next);
        setLangState(next);
      }),
    [lang],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    whenUnauthorized(() => setSession(null));
    api<Session>('GET', SESSION_PATH).then(
      (answer) => signedIn(answer),
      () => setSession(null),
    );
    const onHash = () => setPath(currentPath());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  function signedIn(answer: Session) {
    setCsrfToken(answer.csrf_token);
    setSession(answer);
  }

  async function signOut() {
    await api('DELETE', SESSION_PATH).catch(() => undefined);
    setCsrfToken('');
    // The next admin starts on their own first page, not on the page this one left.
    history.replaceState(null, '', location.pathname);
    setPath('');
    setSession(null);
  }

  return (
    <I18nContext.Provider value={i18n}>
      {session === undefined ? null : session === null ? (
        <LoginPage onSignedIn={signedIn} />
      ) : (
        <SessionContext.Provider value={session.user}>
          <Shell user={session.user} path={path} onSignOut={signOut} />
        </SessionContext.Provider>
      )}
    </I18nContext.Provider>
  );
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div class="lang">
      <label for="lang">{t('language')}</label>
      <select id="lang" value={lang} onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
        <option value="es">Español</option>
        <option value="en">English</option>
      </select>
    </div>
  );
}

function Shell({ user, path, onSignOut }: { user: AdminUser; path: string; onSignOut: () => void }) {
  const { t } = useI18n();
  const pages = pagesOf(user);
  const entry = path === ACCOUNT.path ? ACCOUNT : pages.find((p) => p.path === path);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (!entry) location.replace(`#/${pages[0]!.path}`);
  }, [entry, pages]);

  // After a navigation the page's title takes the focus, so keyboard and screen-reader users start there.
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else heading.current?.focus();
  }, [path]);

  useEffect(() => {
    document.title = `${entry ? t(entry.title) : ''} · ${t('appName')}`;
  }, [entry, t]);

  const Page = entry?.page;
  return (
    <>
      <button type="button" class="skip" onClick={() => heading.current?.focus()}>
        {t('skip')}
      </button>
      <header class="top">
        <span class="brand">{t('appName')}</span>
        <nav aria-label={t('menu')}>
          <ul>
            {pages.map((p) => (
              <li key={p.path}>
                <a href={`#/${p.path}`} aria-current={p === entry ? 'page' : undefined}>
                  {t(p.title)}
                </a>
              </li>
            ))}
            <li>
              <a href="#/account" aria-current={entry === ACCOUNT ? 'page' : undefined}>
                {t('account')}
              </a>
            </li>
          </ul>
        </nav>
        <div class="tools">
          <LanguageSwitch />
          <button type="button" class="secondary" onClick={onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>
          {entry ? t(entry.title) : ''}
        </h1>
        {Page ? <Page key={path} /> : null}
      </main>
    </>
  );
}
