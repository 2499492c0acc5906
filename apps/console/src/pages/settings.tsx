/**
 * Settings: the empresa's details, notification e-mail and time zone (its days in every report); the
 * portal's branding (logo, colours, cash sales); the payment gateways; Telegram notices. Secrets are write-only: the
 * service answers whether each is set, never its value, and an empty field keeps it.
 */
import { useState } from 'preact/hooks';
import { ApiError, api, upload } from '../api';
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
  /** The bot token masked ("********") when set: it is never answered. */
  telegram_bot_token: string | null;
  telegram_chat_id: string | null;
  notificaciones_telegram: boolean;
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
      <TelegramSettings company={company} />
    </>
  );
}

/** Saves some of the empresa's fields (only those given) and loads it again. */
function useCompanyChanges(company: Loaded<Company>) {
  const { t } = useI18n();
  const action = useAction();
  const put = (changes: Partial<Company>, saved?: () => void) =>
    action.run(async () => {
      await api('PUT', COMPANY, changes);
      saved?.();
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
              <FormActions disabled={action.busy} label={t('save')} />
            </form>
          );
        }}
      </Loading>
      {action.status}
    </Section>
  );
}

/**
 * Telegram notices of paid sales: the chat, the bot's token (write-only: typed to set or replace it,
 * never shown back) and the switch; the test message goes to the chat and token typed in, else the stored ones.
 */
function TelegramSettings({ company }: { company: Loaded<Company> }) {
  const { t } = useI18n();
  const { action, put } = useCompanyChanges(company);
  const save = (event: Event) => {
    const token = (event.currentTarget as HTMLFormElement).elements.namedItem('telegram_bot_token') as HTMLInputElement;
    const f = formFields(event);
    return put(
      {
        telegram_chat_id: f.telegram_chat_id || null,
        notificaciones_telegram: f.notificaciones_telegram === 'on',
        // An empty token field keeps the stored token.
        ...(f.telegram_bot_token ? { telegram_bot_token: f.telegram_bot_token } : {}),
      },
      // Saved, the token is no longer shown: the field goes back to empty, its hint to "set".
      () => {
        token.value = '';
      },
    );
  };
  const sendTest = (form: HTMLFormElement) => {
    const typed = new FormData(form);
    const token = String(typed.get('telegram_bot_token') ?? '');
    const chatId = String(typed.get('telegram_chat_id') ?? '');
    return action.run(async () => {
      try {
        await api('POST', '/api/v1/admin/test-telegram', { ...(token ? { token } : {}), ...(chatId ? { chat_id: chatId } : {}) });
      } catch (error) {
        if (error instanceof ApiError && error.status === 400) throw new Error(t('telegramMissing'));
        if (error instanceof ApiError && error.status === 502) throw new Error(t('telegramRefused'));
        throw error;
      }
      return t('testMessageSent');
    });
  };
  return (
    <Section title={t('telegram')}>
      <p class="hint">{t('telegramHint')}</p>
      <Loading loaded={company}>
        {() => {
          const c = company.data!;
          return (
            <form onSubmit={save} class="grid">
              <Field label={t('chatId')} name="telegram_chat_id" value={c.telegram_chat_id ?? ''} autocomplete="off" maxLength={70} />
              <Field
                label={t('botToken')}
                name="telegram_bot_token"
                type="password"
                autocomplete="new-password"
                maxLength={250}
                hint={c.telegram_bot_token ? t('tokenSet') : t('tokenUnset')}
                data-token-configured={String(Boolean(c.telegram_bot_token))}
              />
              <Checkbox label={t('telegramNotifications')} name="notificaciones_telegram" checked={c.notificaciones_telegram} />
              <FormActions disabled={action.busy} label={t('save')}>
                <button
                  type="button"
                  class="secondary"
                  disabled={action.busy}
                  onClick={(e) => sendTest((e.currentTarget as HTMLButtonElement).form!)}
                >
                  {t('sendTestMessage')}
                </button>
              </FormActions>
            </form>
          );
        }}
      </Loading>
      {action.status}
    </Section>
  );
}
