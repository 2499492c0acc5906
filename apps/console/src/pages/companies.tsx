/** Super admin: every empresa; create one, deactivate or reactivate it. */
import { api } from '../api';
import { useI18n } from '../i18n';
import { Field, formFields, Loading, Section, useAction, useFormat, useLoad, TableBox } from '../ui';
import type { Company } from './routers';

interface CompanyRow extends Company {
  contacto_email: string | null;
  creada_en: string;
}

export function CompaniesPage() {
  const { t } = useI18n();
  const format = useFormat();
  const companies = useLoad(() => api<CompanyRow[]>('GET', '/admin/empresas'), []);
  const action = useAction();
  const create = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const f = formFields(event);
    return action.run(async () => {
      await api('POST', '/admin/empresas', { nombre: f.nombre, ...(f.contacto_email ? { contacto_email: f.contacto_email } : {}) });
      form.reset();
      companies.reload();
      return t('saved');
    });
  };
  const toggle = (company: CompanyRow) =>
    action.run(async () => {
      await api('PATCH', `/admin/empresas/${encodeURIComponent(company.id)}`, { activa: !company.activa });
      companies.reload();
    });
  return (
    <>
      <Section title={t('createCompany')}>
        <form onSubmit={create} class="grid">
          <Field label={t('name')} name="nombre" required maxLength={200} />
          <Field label={t('contactEmail')} name="contacto_email" type="email" />
          <div class="actions">
            <button type="submit" disabled={action.busy}>
              {t('createCompany')}
            </button>
          </div>
        </form>
        {action.status}
      </Section>
      <Section title={t('companies')}>
        <Loading loaded={companies}>
          {() => (
            <TableBox label={t('companies')}>
              <table>
                <caption class="visually-hidden">{t('companies')}</caption>
                <thead>
                  <tr>
                    <th scope="col">ID</th>
                    <th scope="col">{t('name')}</th>
                    <th scope="col">{t('contactEmail')}</th>
                    <th scope="col">{t('date')}</th>
                    <th scope="col">{t('state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {companies.data!.map((c) => (
                    <tr key={c.id} data-company={c.nombre}>
                      <td>{c.id}</td>
                      <td>{c.nombre}</td>
                      <td>{c.contacto_email ?? '—'}</td>
                      <td>{format.dateTime(c.creada_en)}</td>
                      <td>
                        <button type="button" class="secondary" onClick={() => toggle(c)}>
                          {c.activa ? t('deactivate') : t('activate')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
          )}
        </Loading>
      </Section>
    </>
  );
}
