/**
 * Settings: the empresa's details, notification e-mail and time zone (its days in every report); the
 * portal's branding (logo, colours, cash sales); and the payment gateways. Secrets are write-only: the
 * service answers whether each is set, never its value, and an empty field keeps it.
 */
import { useState } from 'preact/hooks';
import { api, upload } from '../api';
import { useI18n } from '../i18n';
import { Checkbox, Field, FormActions, formFields, type Loaded, Loading, Section, Select, useAction, useLoad } from '../ui';

const COMPANY = '/api/v1/admin/mi-empresa';
/** The portal's colour when the empresa chose none (the service's DEFAULT_PRIMARY_COLOR); the secondary follows the primary. */
const PORTAL_PRIMARY = '#0b5cad';

interface Company {
  nombre: string;
  contacto_email: string | null;
  contacto_telefono: string | null;
  zona_horaria: string;
  logo_url: string | null;
  color_primario: string | null;
  color_secundario: string | null;
  vende_efectivo: boolean;
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
  const company = useLoad(() => api<Company>('GET', COMPANY), []);
  return (
    <>
      <CompanySettings company={company} />
      <BrandingSettings company={company} />
      <GatewaySettings />
    </>
  );
}

/** Saves some of the empresa's fields (only those given) and loads it again. */
function useCompanyChanges(company: Loaded<Company>) {
  const { t } = useI18n();
  const action = useAction();
  const put = (changes: Partial<Company>) =>
    action.run(async () => {
      await api('PUT', COMPANY, changes);
      company.reload();
      return t('saved');
    });
  return { action, put };
}

/** Every IANA zone the browser knows, the stored one included even when it does not. */
function zonesWith(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

function CompanySettings({ company }: { company: Loaded<Company> }) {
  const { t } = useI18n();
  const { action, put } = useCompanyChanges(company);
  const submit = (event: Event) => {
    const f = formFields(event);
    return put({
      nombre: f.nombre,
      contacto_email: f.contacto_email || null,
      contacto_telefono: f.contacto_telefono || null,
      zona_horaria: f.zona_horaria,
    });
  };
  return (
    <Section title={t('companyData')}>
      <Loading loaded={company}>
        {() => {
          const c = company.data!;
          return (
            <form onSubmit={submit} class="grid">
              <Field label={t('name')} name="nombre" value={c.nombre} required />
              <Field label={t('contactEmail')} name="contacto_email" type="email" value={c.contacto_email ?? ''} />
              <Field label={t('contactPhone')} name="contacto_telefono" type="tel" value={c.contacto_telefono ?? ''} />
              <Select
                label={t('timeZoneField')}
                name="zona_horaria"
                value={c.zona_horaria}
                options={zonesWith(c.zona_horaria).map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))}
              />
              <FormActions disabled={action.busy} label={t('save')} />
            </form>
          );
        }}
      </Loading>
      {action.status}
    </Section>
  );
}

function BrandingSettings({ company }: { company: Loaded<Company> }) {
  const { t } = useI18n();
  const { action, put } = useCompanyChanges(company);
  const [file, setFile] = useState<File>();
  const sendLogo = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (!file) return;
    return action.run(async () => {
      await upload(`${COMPANY}/logo`, 'file', file);
      form.reset();
      setFile(undefined);
      company.reload();
      return t('saved');
    });
  };
  const save = (c: Company) => (event: Event) => {
    const f = formFields(event);
    // A colour is sent only when changed: the picker always holds one, and an untouched default stays "none".
    const primary = c.color_primario ?? PORTAL_PRIMARY;
    const secondary = c.color_secundario ?? primary;
    return put({
      vende_efectivo: f.vende_efectivo === 'on',
      ...(f.color_primario !== primary ? { color_primario: f.color_primario } : {}),
      ...(f.color_secundario !== secondary ? { color_secundario: f.color_secundario } : {}),
    });
  };
  const portalColors = () => put({ color_primario: null, color_secundario: null });
  return (
    <Section title={t('branding')}>
      <Loading loaded={company}>
        {() => {
          const c = company.data!;
          return (
            <>
              <form onSubmit={sendLogo} class="logo-form">
                {c.logo_url ? <img class="logo" src={c.logo_url} alt={t('currentLogo')} data-logo /> : <p>{t('noLogo')}</p>}
                <Field
                  label={t('logo')}
                  hint={t('logoHint')}
                  name="file"
                  type="file"
                  accept="image/png,image/jpeg,image/webp"
                  required
                  onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0])}
                />
                <FormActions disabled={action.busy || !file} label={t('uploadLogo')} />
              </form>
              <form onSubmit={save(c)} class="grid">
                <Field label={t('primaryColor')} name="color_primario" type="color" value={c.color_primario ?? PORTAL_PRIMARY} />
                <Field
                  label={t('secondaryColor')}
                  name="color_secundario"
                  type="color"
                  value={c.color_secundario ?? c.color_primario ?? PORTAL_PRIMARY}
                />
                <Checkbox label={t('sellsCash')} name="vende_efectivo" checked={c.vende_efectivo} />
                <FormActions disabled={action.busy} label={t('save')}>
                  <button type="button" class="secondary" onClick={portalColors} disabled={action.busy}>
                    {t('defaultColors')}
                  </button>
                </FormActions>
              </form>
            </>
          );
        }}
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
