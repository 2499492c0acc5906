/** Super admin: every empresa; create one, deactivate or reactivate it. */
import { api } from '../api';
import { useI18n } from '../i18n';
import { DataTable } from '../table';
import { Field, FormActions, formFields, Loading, Section, useAction, useFormat, useLoad } from '../ui';
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
          <FormActions disabled={action.busy} label={t('createCompany')} />
        </form>
        {action.status}
      </Section>
      <Section title={t('companies')}>
        <Loading loaded={companies}>
          {() => (
            <DataTable
              label={t('companies')}
              rows={companies.data!}
              rowKey={(c) => c.id}
              rowData={(c) => ({ 'data-company': c.nombre })}
              columns={[
                { header: 'ID', cell: (c) => c.id },
                { header: t('name'), cell: (c) => c.nombre },
                { header: t('contactEmail'), cell: (c) => c.contacto_email ?? '—' },
                { header: t('date'), cell: (c) => format.dateTime(c.creada_en), nowrap: true },
                {
                  header: t('state'),
                  cell: (c) => (
                    <button type="button" class="secondary" onClick={() => toggle(c)}>
                      {c.activa ? t('deactivate') : t('activate')}
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
