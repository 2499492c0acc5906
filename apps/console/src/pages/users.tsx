/** Super admin: the admin users; create a super admin or an empresa's admin, deactivate or reactivate one. */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import type { AdminUser } from '../session';
import { DataTable } from '../table';
import { Field, FormActions, formFields, Loading, Section, Select, useAction, useLoad } from '../ui';
import type { Company } from './routers';

export function UsersPage() {
  const { t } = useI18n();
  const users = useLoad(() => api<AdminUser[]>('GET', '/admin/usuarios'), []);
  const companies = useLoad(() => api<Company[]>('GET', '/admin/empresas'), []);
  const [role, setRole] = useState<AdminUser['rol']>('cliente_admin');
  const action = useAction();
  const roleName = (rol: string) => (rol === 'super_admin' ? t('superAdmin') : t('clientAdmin'));
  const create = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const f = formFields(event);
    return action.run(async () => {
      await api('POST', '/admin/usuarios', {
        email: f.email,
        nombre: f.nombre,
        password: f.password,
        rol: f.rol,
        empresa_id: f.rol === 'cliente_admin' ? f.empresa_id : null,
      });
      form.reset();
      users.reload();
      return t('saved');
    });
  };
  const toggle = (user: AdminUser) =>
    action.run(async () => {
      await api('PUT', `/admin/usuarios/${user.id}/toggle-activo`);
      users.reload();
    });
  return (
    <>
      <Section title={t('createUser')}>
        <Loading loaded={companies}>
          {() => (
            <form onSubmit={create} class="grid">
              <Field label={t('name')} name="nombre" required />
              <Field label={t('email')} name="email" type="email" required autocomplete="off" />
              <Field label={t('password')} name="password" type="password" minLength={8} required autocomplete="new-password" />
              <Select
                label={t('role')}
                name="rol"
                value={role}
                onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as AdminUser['rol'])}
                options={[
                  { value: 'cliente_admin', label: t('clientAdmin') },
                  { value: 'super_admin', label: t('superAdmin') },
                ]}
              />
              {role === 'cliente_admin' ? (
                <Select
                  label={t('company')}
                  name="empresa_id"
                  required
                  options={companies.data!.map((c) => ({ value: c.id, label: c.nombre }))}
                />
              ) : null}
              <FormActions disabled={action.busy} label={t('createUser')} />
            </form>
          )}
        </Loading>
        {action.status}
      </Section>
      <Section title={t('users')}>
        <Loading loaded={users}>
          {() => (
            <DataTable
              label={t('users')}
              rows={users.data!}
              rowKey={(u) => u.id}
              columns={[
                { header: t('name'), cell: (u) => u.nombre },
                { header: t('email'), cell: (u) => u.email },
                { header: t('role'), cell: (u) => roleName(u.rol) },
                { header: t('company'), cell: (u) => companies.data?.find((c) => c.id === u.empresa_id)?.nombre ?? '—' },
                {
                  header: t('state'),
                  cell: (u) => (
                    <button type="button" class="secondary" onClick={() => toggle(u)}>
                      {u.activo ? t('deactivate') : t('activate')}
                    </button>
                  ),
                },
              ]}
            />
          )}
        </Loading>
      </Section>
    </>
  );
}
