/**
 * Plans: created from one of the router's live hotspot profiles, with price, limits and validity
 * (written as RouterOS durations and read back in words), order, featured and active; the list in
 * catalogue order; and the router's portal page as devices see it.
 */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { durationInWords, useI18n } from '../i18n';
import { DataTable } from '../table';
import { Checkbox, Field, FormActions, formFields, Loading, Section, Select, useAction, useFormat, useLoad } from '../ui';
import { listProfiles, listRouters } from './routers';

export interface Plan {
  id: number;
  router_id: string;
  perfil_mikrotik_nombre: string;
  nombre_venta: string;
  descripcion: string | null;
  precio: number;
  moneda: string;
  activo: boolean;
  orden_visual: number;
  destacado: boolean;
  limite_tiempo: string | null;
  limite_datos_mb: number | null;
  vigencia: string | null;
  vigencia_desde: string | null;
}

export function PlansPage() {
  const { t } = useI18n();
  const routers = useLoad(() => listRouters(undefined), []);
  const [routerId, setRouterId] = useState<string>();
  return (
    <Loading loaded={routers}>
      {() => {
        const chosen = routerId ?? routers.data![0]?.id;
        return (
          <>
            <Select
              label={t('router')}
              value={chosen ?? ''}
              onChange={(e) => setRouterId((e.currentTarget as HTMLSelectElement).value)}
              options={routers.data!.map((r) => ({ value: r.id, label: r.nombre }))}
            />
            {chosen ? <RouterPlans key={chosen} routerId={chosen} /> : <p>{t('noRouters')}</p>}
          </>
        );
      }}
    </Loading>
  );
}

function RouterPlans({ routerId }: { routerId: string }) {
  const plans = useLoad(() => api<Plan[]>('GET', `/api/v1/admin/products?router_id=${encodeURIComponent(routerId)}`), [routerId]);
  const [previewRound, setPreviewRound] = useState(0);
  const changed = () => {
    plans.reload();
    setPreviewRound((n) => n + 1);
  };
  return (
    <>
      <CreatePlan routerId={routerId} onCreated={changed} />
      <Loading loaded={plans}>{() => <PlanList plans={plans.data!} onChanged={changed} />}</Loading>
      <Preview routerId={routerId} round={previewRound} />
    </>
  );
}

/** A duration field that says what it reads as, in words, while the operator types. */
function DurationField({ label, name }: { label: string; name: string }) {
  const { t, texts } = useI18n();
  const [value, setValue] = useState('');
  const words = value ? durationInWords(value, texts) : undefined;
  return (
    <Field
      label={label}
      name={name}
      value={value}
      onInput={(e) => setValue(e.currentTarget.value)}
      pattern="(\d+[wdhms])+|\d+|(\d+d)?\d+:\d\d:\d\d"
      hint={value ? (words ? t('durationWords', { words }) : t('invalidDuration')) : undefined}
    />
  );
}

function CreatePlan({ routerId, onCreated }: { routerId: string; onCreated: () => void }) {
  const { t } = useI18n();
  const profiles = useLoad(() => listProfiles(routerId), [routerId]);
  const action = useAction();
  const submit = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const f = formFields(event);
    return action.run(async () => {
      await api('POST', '/api/v1/admin/products', {
        router_id: routerId,
        perfil_mikrotik_nombre: f.perfil,
        nombre_venta: f.nombre_venta,
        descripcion: f.descripcion || null,
        precio: Number(f.precio),
        moneda: f.moneda,
        limite_tiempo: f.limite_tiempo || null,
        limite_datos_mb: f.limite_datos_mb ? Number(f.limite_datos_mb) : null,
        vigencia: f.vigencia || null,
        ...(f.vigencia ? { vigencia_desde: f.vigencia_desde } : {}),
        orden_visual: Number(f.orden_visual || 0),
        destacado: f.destacado === 'on',
        activo: f.activo === 'on',
      });
      form.reset();
      onCreated();
      return t('saved');
    });
  };
  return (
    <Section title={t('createPlan')}>
      <Loading loaded={profiles}>
        {() => (
          <form onSubmit={submit} class="grid">
            <Select label={t('profile')} name="perfil" required options={profiles.data!.map((p) => ({ value: p.name, label: p.name }))} />
            <Field label={t('salesName')} name="nombre_venta" required maxLength={100} />
            <Field label={t('price')} name="precio" type="number" min={0.01} step={0.01} required />
            <Select label={t('currency')} name="moneda" options={['MXN', 'USD'].map((c) => ({ value: c, label: c }))} />
            <Field label={t('description')} name="descripcion" maxLength={500} />
            <DurationField label={t('timeLimit')} name="limite_tiempo" />
            <Field label={t('dataLimit')} name="limite_datos_mb" type="number" min={1} />
            <DurationField label={t('validity')} name="vigencia" />
            <Select
              label={t('validityFrom')}
              name="vigencia_desde"
              options={[
                { value: 'compra', label: t('fromPurchase') },
                { value: 'primer_login', label: t('fromFirstLogin') },
              ]}
            />
            <Field label={t('order')} name="orden_visual" type="number" min={0} value="0" />
            <Checkbox label={t('featured')} name="destacado" />
            <Checkbox label={t('active')} name="activo" defaultChecked />
            <FormActions disabled={action.busy} label={t('createPlan')} />
          </form>
        )}
      </Loading>
      {action.status}
    </Section>
  );
}

function PlanList({ plans, onChanged }: { plans: Plan[]; onChanged: () => void }) {
  const { t, texts } = useI18n();
  const format = useFormat();
  const action = useAction();
  const update = (plan: Plan, changes: Partial<Plan>) =>
    action.run(async () => {
      await api('PUT', `/api/v1/admin/products/${plan.id}`, changes);
      onChanged();
    });
  if (plans.length === 0) return <p>{t('noPlans')}</p>;
  const words = (duration: string | null) => (duration ? (durationInWords(duration, texts) ?? duration) : t('unlimited'));
  return (
    <Section title={t('plans')}>
      {action.status}
      <DataTable
        label={t('plans')}
        rows={plans}
        rowKey={(plan) => plan.id}
        rowData={(plan) => ({ 'data-plan': plan.nombre_venta })}
        columns={[
          {
            header: t('order'),
            cell: (plan) => (
              <input
                type="number"
                min={0}
                class="narrow"
                aria-label={`${t('order')}: ${plan.nombre_venta}`}
                value={plan.orden_visual}
                onChange={(e) => update(plan, { orden_visual: Number(e.currentTarget.value) })}
              />
            ),
          },
          { header: t('salesName'), cell: (plan) => plan.nombre_venta },
          { header: t('profile'), cell: (plan) => plan.perfil_mikrotik_nombre },
          { header: t('price'), cell: (plan) => format.money(plan.precio, plan.moneda), nowrap: true },
          { header: t('timeLimit'), cell: (plan) => words(plan.limite_tiempo) },
          { header: t('validity'), cell: (plan) => words(plan.vigencia) },
          {
            header: t('featured'),
            cell: (plan) => (
              <input
                type="checkbox"
                aria-label={`${t('featured')}: ${plan.nombre_venta}`}
                checked={plan.destacado}
                onChange={(e) => update(plan, { destacado: e.currentTarget.checked })}
              />
            ),
          },
          {
            header: t('state'),
            cell: (plan) => (
              <button type="button" class="secondary" onClick={() => update(plan, { activo: !plan.activo })}>
                {plan.activo ? t('deactivate') : t('activate')}
              </button>
            ),
          },
        ]}
      />
    </Section>
  );
}

function Preview({ routerId, round }: { routerId: string; round: number }) {
  const { t, lang } = useI18n();
  const [shown, setShown] = useState(false);
  return (
    <Section title={t('preview')}>
      {shown ? (
        <iframe
          key={round}
          class="preview"
          title={t('preview')}
          sandbox=""
          src={`/api/v1/admin/routers/${encodeURIComponent(routerId)}/portal-preview?lang=${lang}`}
        />
      ) : (
        <button type="button" class="secondary" onClick={() => setShown(true)}>
          {t('showPreview')}
        </button>
      )}
    </Section>
  );
}
