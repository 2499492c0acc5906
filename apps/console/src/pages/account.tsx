/** The admin's own account: who is signed in, and a password change (other sessions end). */
import { api } from '../api';
import { useI18n } from '../i18n';
import { useAdmin } from '../session';
import { Field, FormActions, formFields, Section, useAction } from '../ui';

export function AccountPage() {
  const { t } = useI18n();
  const admin = useAdmin();
  const action = useAction();
  const submit = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const { current_password, new_password } = formFields(event);
    return action.run(async () => {
      await api('POST', '/api/v1/auth/change-password', { current_password, new_password });
      form.reset();
      return t('passwordChanged');
    });
  };
  return (
    <>
      <p>
        {t('signedInAs')} <strong>{admin.nombre}</strong> ({admin.email})
      </p>
      <Section title={t('changePassword')}>
        <form onSubmit={submit}>
          <Field label={t('currentPassword')} name="current_password" type="password" autocomplete="current-password" required />
          <Field label={t('newPassword')} name="new_password" type="password" autocomplete="new-password" minLength={8} required />
          <FormActions disabled={action.busy} label={t('save')} />
          {action.status}
        </form>
      </Section>
    </>
  );
}
