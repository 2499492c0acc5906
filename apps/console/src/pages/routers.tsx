/**
 * Routers: the client admin's own, or (super admin) one empresa's, where routers are added and
 * their API keys managed. Each router opens into its tools: a live connection test, its hotspot
 * profiles, an edit form (the password asked again when the destination changes) and the portal kit.
 */
import { useState } from 'preact/hooks';
import { api, download } from '../api';
import { useI18n } from '../i18n';
import { useAdmin } from '../session';
import { DataTable } from '../table';
import { Checkbox, Field, FormActions, formFields, Loading, Section, Select, Status, useAction, useFormat, useLoad } from '../ui';

export interface Router {
  id: string;
  empresa_id: string;
  nombre: string;
  host: string;
  puerto: number;
  ubicacion: string | null;
  activo: boolean;
  tls: boolean;
}

export interface Company {
  id: string;
  nombre: string;
  activa: boolean;
}

export interface Profile {
  id: string | null;
  name: string;
  session_timeout: string | null;
  shared_users: string | null;
  rate_limit: string | null;
}

interface ApiKey {
  key_id: string;
  issued_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  estado: string;
}

/** The routers the admin may see: the empresa's own, or those of the empresa the super admin chose. */
export function listRouters(companyId: string | undefined): Promise<Router[]> {
  if (companyId) return api<Router[]>('GET', `/admin/empresas/${encodeURIComponent(companyId)}/routers`);
  return api<{ routers: Router[] }>('GET', '/api/v1/admin/mi-empresa/routers').then((r) => r.routers);
}

export const listProfiles = (routerId: string) =>
  api<Profile[]>('GET', `/api/v1/admin/routers/${encodeURIComponent(routerId)}/mikrotik-profiles`);

export function CompanyPicker({ value, onChange }: { value: string | undefined; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const companies = useLoad(() => api<Company[]>('GET', '/admin/empresas'), []);
  return (
    <Loading loaded={companies}>
      {() => (
        <Select
          label={t('company')}
          value={value ?? ''}
          onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
          options={[{ value: '', label: t('chooseCompany') }, ...companies.data!.map((c) => ({ value: c.id, label: c.nombre }))]}
        />
      )}
    </Loading>
  );
}

export function RoutersPage() {
  const admin = useAdmin();
  const [companyId, setCompanyId] = useState<string>();
  const isSuper = admin.rol === 'super_admin';
  return (
    <>
      {isSuper ? <CompanyPicker value={companyId} onChange={setCompanyId} /> : null}
      {isSuper && !companyId ? null : <RouterList companyId={isSuper ? companyId : undefined} />}
    </>
  );
}

function RouterList({ companyId }: { companyId: string | undefined }) {
  const { t } = useI18n();
  const routers = useLoad(() => listRouters(companyId), [companyId]);
  return (
    <>
      {companyId ? <AddRouter companyId={companyId} onAdded={routers.reload} /> : null}
      <Loading loaded={routers}>
        {() =>
          routers.data!.length === 0 ? (
            <p>{t('noRouters')}</p>
          ) : (
            <ul class="plain">
              {routers.data!.map((router) => (
                <li key={router.id}>
                  <RouterPanel router={router} companyId={companyId} onChanged={routers.reload} />
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </>
  );
}

/** The new key, shown once, in a read-only field the operator can select and copy. */
function NewKey({ apiKey }: { apiKey: string | undefined }) {
  const { t } = useI18n();
  if (!apiKey) return null;
  return <Field label={t('newKeyOnce')} value={apiKey} readOnly class="key" data-new-api-key onFocus={(e) => e.currentTarget.select()} />;
}

function AddRouter({ companyId, onAdded }: { companyId: string; onAdded: () => void }) {
  const { t } = useI18n();
  const action = useAction();
  const [apiKey, setApiKey] = useState<string>();
  const submit = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const f = formFields(event);
    return action.run(async () => {
      const created = await api<{ api_key: string }>('POST', `/admin/empresas/${encodeURIComponent(companyId)}/routers`, {
        nombre: f.nombre,
        host: f.host,
        puerto: Number(f.puerto),
        usuario: f.usuario,
        password: f.password,
        ubicacion: f.ubicacion || null,
        tls: f.tls === 'on',
      });
      setApiKey(created.api_key);
      form.reset();
      onAdded();
      return t('saved');
    });
  };
  return (
    <Section title={t('addRouter')}>
      <form onSubmit={submit} class="grid">
        <Field label={t('name')} name="nombre" required maxLength={200} />
        <Field label={t('host')} name="host" required pattern="[A-Za-z0-9._:\-]+" />
        <Field label={t('port')} name="puerto" type="number" min={1} max={65535} value="8728" required />
        <Field label={t('apiUser')} name="usuario" required autocomplete="off" />
        <Field label={t('password')} name="password" type="password" required autocomplete="new-password" />
        <Field label={t('location')} name="ubicacion" />
        <Checkbox label={t('useTls')} name="tls" />
        <FormActions disabled={action.busy} label={t('addRouter')} />
      </form>
      {action.status}
      <NewKey apiKey={apiKey} />
    </Section>
  );
}

function RouterPanel({ router, companyId, onChanged }: { router: Router; companyId: string | undefined; onChanged: () => void }) {
  const { t } = useI18n();
  return (
    <details class="card router" data-router={router.nombre}>
      <summary>
        <strong>{router.nombre}</strong> — {router.host}:{router.puerto} · {router.activo ? t('active') : t('inactive')}
      </summary>
      <ConnectionTest router={router} />
      <Profiles routerId={router.id} />
      <EditRouter router={router} onChanged={onChanged} />
      {companyId ? <ApiKeys router={router} companyId={companyId} onChanged={onChanged} /> : null}
      <PortalKit routerId={router.id} />
    </details>
  );
}

interface TestResult {
  success: boolean;
  message: string;
  router_name: string | null;
  perfiles_encontrados: number | null;
  error: string | null;
}

function ConnectionTest({ router }: { router: Router }) {
  const { t } = useI18n();
  const action = useAction();
  const [result, setResult] = useState<TestResult>();
  const test = () =>
    action.run(async () => {
      setResult(undefined);
      setResult(await api<TestResult>('GET', `/api/v1/admin/routers/${encodeURIComponent(router.id)}/test-connection`));
    });
  return (
    <div class="tool">
      <button type="button" onClick={test} disabled={action.busy}>
        {action.busy ? t('testing') : t('testConnection')}
      </button>
      <p role="status" aria-live="polite" class={result ? (result.success ? 'ok' : 'error') : ''} data-test-result>
        {result
          ? `${result.success ? t('connected') : t('notConnected')}: ${result.message}${result.router_name ? ` (${result.router_name})` : ''}`
          : ''}
      </p>
      {action.error ? <Status error={action.error} /> : null}
    </div>
  );
}

function Profiles({ routerId }: { routerId: string }) {
  const { t } = useI18n();
  const action = useAction();
  const [profiles, setProfiles] = useState<Profile[]>();
  const load = () => action.run(async () => setProfiles(await listProfiles(routerId)));
  return (
    <div class="tool">
      <button type="button" class="secondary" onClick={load} disabled={action.busy}>
        {t('showProfiles')}
      </button>
      {action.error ? <Status error={action.error} /> : null}
      {profiles ? (
        <DataTable
          label={t('profiles')}
          showCaption
          rows={profiles}
          rowKey={(p) => p.name}
          columns={[
            { header: t('name'), cell: (p) => p.name },
            { header: 'session-timeout', cell: (p) => p.session_timeout ?? '—' },
            { header: 'shared-users', cell: (p) => p.shared_users ?? '—' },
            { header: 'rate-limit', cell: (p) => p.rate_limit ?? '—' },
          ]}
        />
      ) : null}
    </div>
  );
}

function EditRouter({ router, onChanged }: { router: Router; onChanged: () => void }) {
  const { t } = useI18n();
  const action = useAction();
  const submit = (event: Event) => {
    const f = formFields(event);
    const changes: Record<string, unknown> = {};
    if (f.nombre !== router.nombre) changes.nombre = f.nombre;
    if (f.host !== router.host) changes.host = f.host;
    if (Number(f.puerto) !== router.puerto) changes.puerto = Number(f.puerto);
    if (f.usuario) changes.usuario = f.usuario;
    if ((f.ubicacion || null) !== router.ubicacion) changes.ubicacion = f.ubicacion || null;
    if (f.password) changes.password = f.password;
    return action.run(async () => {
      await api('PUT', `/api/v1/admin/mi-empresa/routers/${encodeURIComponent(router.id)}`, changes);
      onChanged();
      return t('saved');
    });
  };
  return (
    <details class="tool">
      <summary>{t('edit')}</summary>
      <form onSubmit={submit} class="grid">
        <Field label={t('name')} name="nombre" value={router.nombre} required />
        <Field label={t('host')} name="host" value={router.host} required />
        <Field label={t('port')} name="puerto" type="number" min={1} max={65535} value={String(router.puerto)} required />
        <Field label={t('apiUser')} name="usuario" autocomplete="off" />
        <Field label={t('location')} name="ubicacion" value={router.ubicacion ?? ''} />
        <Field label={t('passwordAgain')} name="password" type="password" autocomplete="new-password" />
        <FormActions disabled={action.busy} label={t('save')} />
      </form>
      {action.status}
    </details>
  );
}

function ApiKeys({ router, companyId, onChanged }: { router: Router; companyId: string; onChanged: () => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const base = `/admin/empresas/${encodeURIComponent(companyId)}/routers/${encodeURIComponent(router.id)}`;
  const keys = useLoad(() => api<ApiKey[]>('GET', `${base}/api-keys`), [base]);
  const action = useAction();
  const [apiKey, setApiKey] = useState<string>();
  const regenerate = () =>
    action.run(async () => {
      setApiKey((await api<{ new_api_key: string }>('POST', `${base}/regenerate-api-key`)).new_api_key);
      keys.reload();
    });
  const revoke = (keyId: string) =>
    action.run(async () => {
      await api('POST', `${base}/api-keys/${encodeURIComponent(keyId)}/revoke`);
      keys.reload();
    });
  const toggle = () =>
    action.run(async () => {
      await api('PUT', `${base}/toggle-activo`);
      onChanged();
    });
  return (
    <div class="tool">
      <h3>{t('apiKeys')}</h3>
      <div class="actions">
        <button type="button" onClick={regenerate} disabled={action.busy}>
          {t('regenerateKey')}
        </button>
        <button type="button" class="secondary" onClick={toggle} disabled={action.busy}>
          {router.activo ? t('deactivate') : t('activate')}
        </button>
      </div>
      <NewKey apiKey={apiKey} />
      {action.status}
      <Loading loaded={keys}>
        {() => (
          <DataTable
            label={t('apiKeys')}
            rows={keys.data!}
            rowKey={(key) => key.key_id}
            columns={[
              { header: 'ID', cell: (key) => <span class="key">{key.key_id}</span> },
              { header: t('state'), cell: (key) => key.estado },
              { header: t('issued'), cell: (key) => format.dateTime(key.issued_at), nowrap: true },
              { header: t('lastUsed'), cell: (key) => format.dateTime(key.last_used_at), nowrap: true },
              {
                header: t('actions'),
                cell: (key) =>
                  key.revoked_at ? null : (
                    <button type="button" class="secondary" onClick={() => revoke(key.key_id)}>
                      {t('revoke')}
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Loading>
    </div>
  );
}

function PortalKit({ routerId }: { routerId: string }) {
  const { t } = useI18n();
  const action = useAction();
  const path = `/api/v1/admin/routers/${encodeURIComponent(routerId)}/portal-kit`;
  const fetchKit = () =>
    action.run(async () => {
      const kit = await api<{ files: Record<string, string> }>('GET', path);
      download('login.html', kit.files['login.html'] ?? '', 'text/html');
    });
  const apply = () =>
    action.run(async () => {
      const result = await api<{ added: number; already_present: number }>('POST', `${path}/apply`);
      return t('walledGardenApplied', { added: result.added, present: result.already_present });
    });
  return (
    <div class="tool">
      <h3>{t('portalKit')}</h3>
      <div class="actions">
        <button type="button" class="secondary" onClick={fetchKit} disabled={action.busy}>
          {t('downloadKit')}
        </button>
        <button type="button" class="secondary" onClick={apply} disabled={action.busy}>
          {t('applyWalledGarden')}
        </button>
      </div>
      {action.status}
    </div>
  );
}
