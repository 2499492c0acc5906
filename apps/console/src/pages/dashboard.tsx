/**
 * The client admin's dashboard, in the empresa's days: today's sales and revenue, 30 days of revenue
 * per channel, sales per router and plan, devices connected now (read live from each router), the
 * latest purchases, reconciliation's backlog and the expiry sweep's last run; the all-time totals.
 */
import type { ComponentChildren } from 'preact';
import { api } from '../api';
import { type DailySeries, RevenueChart } from '../chart';
import { useI18n } from '../i18n';
import { DataTable } from '../table';
import { Amounts, Loading, Section, useFormat, useLoad } from '../ui';
import { TransactionTable, type Transaction } from './transactions';

interface Money {
  moneda: string;
  ventas: number;
  monto: number;
}

interface Summary {
  zona_horaria: string;
  hoy: { fecha: string; ventas: number; ingresos: Money[] };
  ultimos_30_dias: { dias: string[]; series: DailySeries[] };
  por_router: Array<Money & { router_id: string; nombre: string | null }>;
  por_plan: Array<Money & { producto_id: number; nombre: string | null }>;
  dispositivos_conectados: Array<{
    router_id: string;
    nombre: string;
    estado: 'ok' | 'sin_respuesta' | 'inactivo';
    conectados: number | null;
    detalle: string | null;
  }>;
  ultimas_compras: Transaction[];
  salud: {
    sin_liquidar: number;
    sin_liquidar_por_estado: Array<{ estado: string; cantidad: number; desde: string }>;
    ultimo_barrido_vencimientos: { inicio: string; fin: string; resumen: string | null } | null;
  };
}

interface Totals {
  ingresos_totales: Record<string, string>;
  transacciones_pagadas: number;
  transacciones_pendientes: number;
  transacciones_fallidas: number;
  transacciones_rechazadas: number;
}

const BASE = '/api/v1/admin/mi-empresa';

/** Money per currency as the report rows give it, in the shape <Amounts> takes. */
const byCurrency = (rows: Money[]) => Object.fromEntries(rows.map((r) => [r.moneda, r.monto]));

export function DashboardPage() {
  const { t } = useI18n();
  const loaded = useLoad(() => Promise.all([api<Summary>('GET', `${BASE}/resumen`), api<Totals>('GET', `${BASE}/dashboard`)]), []);
  return (
    <Loading loaded={loaded}>
      {() => {
        const [summary, totals] = loaded.data!;
        return (
          <>
            <p class="hint">{t('timeZone', { zone: summary.zona_horaria })}</p>
            <dl class="figures">
              <Figure label={t('salesToday')} name="sales-today">
                {summary.hoy.ventas}
              </Figure>
              <Figure label={t('revenueToday')} name="revenue-today">
                <Amounts byCurrency={byCurrency(summary.hoy.ingresos)} />
              </Figure>
              <Figure label={t('revenueTotal')}>
                <Amounts byCurrency={totals.ingresos_totales} />
              </Figure>
              <Figure label={t('paid')}>{totals.transacciones_pagadas}</Figure>
              <Figure label={t('pending')}>{totals.transacciones_pendientes}</Figure>
              <Figure label={t('failed')}>{totals.transacciones_fallidas + totals.transacciones_rechazadas}</Figure>
              <Figure label={t('unsettled')} name="unsettled">
                {summary.salud.sin_liquidar}
              </Figure>
            </dl>
            <Section title={t('revenueChart')}>
              <RevenueChart days={summary.ultimos_30_dias.dias} series={summary.ultimos_30_dias.series} />
            </Section>
            <div class="columns">
              <Devices devices={summary.dispositivos_conectados} />
              <Health health={summary.salud} />
            </div>
            <SalesByRouterAndPlan summary={summary} />
            <Section title={t('latestPurchases')}>
              <TransactionTable rows={summary.ultimas_compras} caption={t('latestPurchases')} />
            </Section>
          </>
        );
      }}
    </Loading>
  );
}

function Figure({ label, name, children }: { label: string; name?: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-figure={name}>{children}</dd>
    </div>
  );
}

function Devices({ devices }: { devices: Summary['dispositivos_conectados'] }) {
  const { t, texts } = useI18n();
  return (
    <Section title={t('connectedNow')}>
      <DataTable
        label={t('connectedNow')}
        rows={devices}
        rowKey={(d) => d.router_id}
        rowData={(d) => ({ 'data-devices': d.nombre })}
        columns={[
          { header: t('router'), cell: (d) => d.nombre },
          {
            header: t('state'),
            cell: (d) => (
              <span class={`badge router-${d.estado}`} title={d.detalle ?? undefined}>
                {texts.routerStates[d.estado]}
              </span>
            ),
          },
          { header: t('devices'), cell: (d) => d.conectados ?? '—' },
        ]}
      />
    </Section>
  );
}

function Health({ health }: { health: Summary['salud'] }) {
  const { t, texts } = useI18n();
  const format = useFormat();
  const sweep = health.ultimo_barrido_vencimientos;
  const stateName = (state: string) => texts.states[state as keyof typeof texts.states] ?? state;
  return (
    <Section title={t('health')}>
      <dl class="pairs">
        <dt>{t('unsettled')}</dt>
        <dd data-health="unsettled">
          {health.sin_liquidar === 0
            ? t('none')
            : health.sin_liquidar_por_estado
                .map((u) => `${stateName(u.estado)}: ${u.cantidad} (${t('since')} ${format.dateTime(u.desde)})`)
                .join(' · ')}
        </dd>
        <dt>{t('lastSweep')}</dt>
        <dd data-health="sweep">{sweep ? `${format.dateTime(sweep.fin)}${sweep.resumen ? ` · ${sweep.resumen}` : ''}` : t('never')}</dd>
      </dl>
    </Section>
  );
}

function SalesByRouterAndPlan({ summary }: { summary: Summary }) {
  const { t } = useI18n();
  const format = useFormat();
  const columns = (what: string) => [
    { header: what, cell: (r: Money & { nombre: string | null }) => r.nombre ?? '—' },
    { header: t('salesCount'), cell: (r: Money) => r.ventas },
    { header: t('amount'), cell: (r: Money) => format.money(r.monto, r.moneda), nowrap: true },
  ];
  return (
    <Section title={t('salesByRouterAndPlan')}>
      <div class="columns">
        <DataTable
          label={t('router')}
          rows={summary.por_router}
          rowKey={(r) => `${r.router_id}-${r.moneda}`}
          columns={columns(t('router'))}
        />
        <DataTable label={t('plan')} rows={summary.por_plan} rowKey={(r) => `${r.producto_id}-${r.moneda}`} columns={columns(t('plan'))} />
      </div>
    </Section>
  );
}
