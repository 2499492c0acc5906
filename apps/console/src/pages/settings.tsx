/**
 * Settings: the empresa's details and notification e-mail, and the payment gateways. Secrets are
 * write-only: the service answers whether each is set, never its value, and an empty field keeps it.
 */
import { api } from '../api';
import { useI18n } from '../i18n';
import { Field, formFields, Loading, Section, Select, useAction, useLoad } from '../ui';

interface Company {
  nombre: string;
  contacto_email: string | null;
  contacto_telefono: string | null;
}

interface Gateways {
  conekta: { conekta_public_key: string | null; conekta_private_key: string | null; conekta_mode: string | null; configurado: boolean };
  mercadoPago: {
    mercadopago_public_key: string | null;
    mercadopago_access_token: string | null;
    mercadopago_mode: string | null;
    mercadopago_webhook_secret: string | null;
    configurado: boolean;
  };
}

export function SettingsPage() {
  return (
    <>
      <CompanySettings />
      <GatewaySettings />
    </>
  );
}

function CompanySettings() {
  const { t } = useI18n();
  const company = useLoad(() => api<Company>('GET', '/api/v1/admin/mi-empresa'), []);
  const action = useAction();
  const submit = (event: Event) => {
    const f = formFields(event);
    return action.run(async () => {
      await api('PUT', '/api/v1/admin/mi-empresa', {
        nombre: f.nombre,
        contacto_email: f.contacto_email || null,
        contacto_telefono: f.contacto_telefono || null,
      });
      return t('saved');
    });
  };
  return (
    <Section title={t('companyData')}>
      <Loading loaded={company}>
        {() => (
          <form onSubmit={submit} class="grid">
            <Field label={t('name')} name="nombre" value={company.data!.nombre} required />
            <Field label={t('contactEmail')} name="contacto_email" type="email" value={company.data!.contacto_email ?? ''} />
            <Field label={t('contactPhone')} name="contacto_telefono" type="tel" value={company.data!.contacto_telefono ?? ''} />
            <div class="actions">
              <button type="submit" disabled={action.busy}>
                {t('save')}
              </button>
            </div>
          </form>
        )}
      </Loading>
      {action.status}
    </Section>
  );
}

function GatewaySettings() {
  const { t } = useI18n();
  const gateways = useLoad(async (): Promise<Gateways> => {
    const [conekta, mercadoPago] = await Promise.all([
      api<Gateways['conekta']>('GET', '/api/v1/admin/mi-empresa/conekta'),
      api<Gateways['mercadoPago']>('GET', '/api/v1/admin/mi-empresa/mercado-pago'),
    ]);
    return { conekta, mercadoPago };
  }, []);
  const action = useAction();
  const submit = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    // Only the fields typed in are sent: an empty secret field keeps the stored secret.
    const changes = Object.fromEntries(Object.entries(formFields(event)).filter(([, value]) => value !== ''));
    return action.run(async () => {
      await api('POST', '/api/v1/admin/mi-empresa/configurar-credenciales', changes);
      form.reset();
      gateways.reload();
      return t('saved');
    });
  };
  const secretHint = (value: string | null) => (value ? t('secretSet') : t('secretUnset'));
  const modes = (current: string | null) => [
    { value: current ?? 'sandbox', label: current ?? 'sandbox' },
    ...['sandbox', 'production'].filter((m) => m !== (current ?? 'sandbox')).map((m) => ({ value: m, label: m })),
  ];
  return (
    <Section title={t('gateways')}>
      <Loading loaded={gateways}>
        {() => {
          const { conekta, mercadoPago } = gateways.data!;
          return (
            <form onSubmit={submit}>
              <fieldset class="grid">
                <legend>
                  Conekta · <span data-configured="conekta">{conekta.configurado ? t('configured') : t('notConfigured')}</span>
                </legend>
                <Field label="Public key" name="conekta_public_key" placeholder={conekta.conekta_public_key ?? ''} autocomplete="off" />
                <Field
                  label="Private key"
                  name="conekta_private_key"
                  type="password"
                  autocomplete="new-password"
                  hint={secretHint(conekta.conekta_private_key)}
                />
                <Select label={t('mode')} name="conekta_mode" options={modes(conekta.conekta_mode)} />
              </fieldset>
              <fieldset class="grid">
                <legend>
                  Mercado Pago · <span>{mercadoPago.configurado ? t('configured') : t('notConfigured')}</span>
                </legend>
                <Field
                  label="Public key"
                  name="mercadopago_public_key"
                  placeholder={mercadoPago.mercadopago_public_key ?? ''}
                  autocomplete="off"
                />
                <Field
                  label="Access token"
                  name="mercadopago_access_token"
                  type="password"
                  autocomplete="new-password"
                  hint={secretHint(mercadoPago.mercadopago_access_token)}
                />
                <Field
                  label="Webhook secret"
                  name="mercadopago_webhook_secret"
                  type="password"
                  autocomplete="new-password"
                  hint={secretHint(mercadoPago.mercadopago_webhook_secret)}
                />
                <Select label={t('mode')} name="mercadopago_mode" options={modes(mercadoPago.mercadopago_mode)} />
              </fieldset>
              <button type="submit" disabled={action.busy}>
                {t('save')}
              </button>
            </form>
          );
        }}
      </Loading>
      {action.status}
    </Section>
  );
}
