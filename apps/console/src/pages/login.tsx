/** Sign-in: the service sets the session cookie; the page keeps only the CSRF token, in memory. */
import { api, SESSION_PATH } from '../api';
import { LanguageSwitch } from '../app';
import { useI18n } from '../i18n';
import type { Session } from '../session';
import { Field, FormActions, formFields, useAction } from '../ui';

export function LoginPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t } = useI18n();
  const action = useAction();
  const submit = (event: Event) => {
    const { email, password } = formFields(event);
    return action.run(async () => {
      onSignedIn(await api<Session>('POST', SESSION_PATH, { email, password }));
    });
  };
  return (
    <main id="main" class="login">
      <div class="tools">
        <LanguageSwitch />
      </div>
      <h1>{t('signInTitle')}</h1>
      <form onSubmit={submit} class="card">
        <Field label={t('email')} name="email" type="email" autocomplete="username" required />
        <Field label={t('password')} name="password" type="password" autocomplete="current-password" required />
        <FormActions disabled={action.busy} label={t('signIn')} />
        {action.status}
      </form>
    </main>
  );
}
