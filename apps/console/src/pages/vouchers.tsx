/**
 * Vouchers: a batch of printed cards for one plan (made on the plan's router in one burst), the
 * batches with their counts by state, each batch's cards sold or revoked singly or all at once, a
 * batch a router drop cut short resumed, and the sheet to print.
 */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import { DataTable } from '../table';
import { Field, FormActions, formFields, Loading, Section, Select, useAction, useFormat, useLoad } from '../ui';
import type { Plan } from './plans';

const BASE = '/api/v1/admin/mi-empresa/vouchers';

interface Batch {
  id: string;
  producto_nombre: string;
  monto: string;
  moneda: string;
  cantidad: number;
  estado: 'listo' | 'creando';
  creado_en: string;
  conteo: Record<string, number>;
}

interface Voucher {
  id: string;
  numero: number;
  usuario: string;
  estado: string;
}

const STATES = ['sin_vender', 'vendido', 'usado', 'expirado', 'revocado'] as const;

export function VouchersPage() {
  const batches = useLoad(() => api<{ lotes: Batch[] }>('GET', `${BASE}/lotes?limit=50`), []);
  return (
    <>
      <GenerateBatch onCreated={batches.reload} />
      <Loading loaded={batches}>{() => <BatchList batches={batches.data!.lotes} onChanged={batches.reload} />}</Loading>
    </>
  );
}

function GenerateBatch({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const plans = useLoad(() => api<Plan[]>('GET', '/api/v1/admin/products'), []);
  const action = useAction();
  const submit = (event: Event) => {
    const f = formFields(event);
    return action.run(async () => {
      await api('POST', BASE, {
        producto_id: Number(f.producto_id),
        cantidad: Number(f.cantidad),
        tipo_usuario: f.tipo_usuario,
        ...(f.prefijo ? { prefijo: f.prefijo } : {}),
      });
      onCreated();
      return t('saved');
    });
  };
  return (
    <Section title={t('generateBatch')}>
      <Loading loaded={plans}>
        {() => (
          <form onSubmit={submit} class="grid">
            <Select
              label={t('plan')}
              name="producto_id"
              required
              options={plans.data!.filter((p) => p.activo).map((p) => ({ value: String(p.id), label: p.nombre_venta }))}
            />
            <Field label={t('quantity')} name="cantidad" type="number" min={1} max={5000} value="10" required />
            <Select
              label={t('credentials')}
              name="tipo_usuario"
              options={[
                { value: 'usuario_contrasena', label: t('userAndPassword') },
                { value: 'pin', label: 'PIN' },
              ]}
            />
            <Field label={t('prefix')} name="prefijo" pattern="[a-z0-9\-]{1,8}" maxLength={8} />
            <FormActions disabled={action.busy} label={t('generateBatch')} />
          </form>
        )}
      </Loading>
      {action.status}
    </Section>
  );
}

function BatchList({ batches, onChanged }: { batches: Batch[]; onChanged: () => void }) {
  const { t } = useI18n();
  if (batches.length === 0) return <p>{t('noData')}</p>;
  return (
    <ul class="plain">
      {batches.map((batch) => (
        <li key={batch.id}>
          <BatchPanel batch={batch} onChanged={onChanged} />
        </li>
      ))}
    </ul>
  );
}

function BatchPanel({ batch, onChanged }: { batch: Batch; onChanged: () => void }) {
  const { t, texts } = useI18n();
  const format = useFormat();
  const action = useAction();
  const [round, setRound] = useState(0);
  const changed = () => {
    onChanged();
    setRound((n) => n + 1);
  };
  const post = (path: string, body?: unknown) =>
    action.run(async () => {
      await api('POST', path, body);
      changed();
      return t('saved');
    });
  const batchPath = `${BASE}/lotes/${encodeURIComponent(batch.id)}`;
  const counts = STATES.filter((s) => batch.conteo[s]).map((s) => `${texts.voucherStates[s]}: ${batch.conteo[s]}`);
  return (
    <details class="card" data-batch={batch.id}>
      <summary>
        <strong>{batch.producto_nombre}</strong> · {batch.cantidad} × {format.money(batch.monto, batch.moneda)} ·{' '}
        {format.dateTime(batch.creado_en)}
        <span class="hint"> ({counts.join(', ')})</span>
      </summary>
      <div class="actions">
        <a class="button" href={`${batchPath}/imprimir`} target="_blank" rel="noopener">
          {t('print')}
        </a>
        {batch.estado === 'creando' ? (
          <button type="button" onClick={() => post(`${batchPath}/reanudar`)} disabled={action.busy}>
            {t('resume')}
          </button>
        ) : null}
        <button type="button" class="secondary" onClick={() => post(`${batchPath}/vender`, {})} disabled={action.busy}>
          {t('sellAll')}
        </button>
        <button type="button" class="secondary" onClick={() => post(`${batchPath}/revocar`, {})} disabled={action.busy}>
          {t('revokeUnsold')}
        </button>
      </div>
      {action.status}
      <VoucherTable
        batchId={batch.id}
        round={round}
        onAction={(voucher, verb) => post(`${BASE}/${encodeURIComponent(voucher.id)}/${verb}`)}
      />
    </details>
  );
}

function VoucherTable({
  batchId,
  round,
  onAction,
}: {
  batchId: string;
  round: number;
  onAction: (v: Voucher, verb: 'vender' | 'revocar') => void;
}) {
  const { t, texts } = useI18n();
  const vouchers = useLoad(
    () => api<{ vouchers: Voucher[] }>('GET', `${BASE}?lote_id=${encodeURIComponent(batchId)}&limit=1000`),
    [batchId, round],
  );
  return (
    <Loading loaded={vouchers}>
      {() => (
        <DataTable
          label={t('vouchers')}
          rows={vouchers.data!.vouchers}
          rowKey={(v) => v.id}
          stack
          columns={[
            { header: '#', cell: (v) => v.numero },
            { header: t('user'), cell: (v) => <span class="key">{v.usuario}</span> },
            { header: t('state'), cell: (v) => texts.voucherStates[v.estado as (typeof STATES)[number]] ?? v.estado },
            {
              header: t('actions'),
              cell: (v) =>
                v.estado === 'sin_vender' ? (
                  <div class="row-actions">
                    <button type="button" class="secondary" onClick={() => onAction(v, 'vender')}>
                      {t('markSold')}
                    </button>
                    <button type="button" class="secondary" onClick={() => onAction(v, 'revocar')}>
                      {t('revoke')}
                    </button>
                  </div>
                ) : null,
            },
          ]}
        />
      )}
    </Loading>
  );
}
