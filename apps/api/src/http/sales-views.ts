/**
 * The console's sales answers (reports, dashboard, sales search, timeline): their TypeBox schemas,
 * which /openapi.json publishes as the contract, and the views that fill them. Channels and states
 * keep the values stored (`card`, `paid`), next to the Spanish `estado_pago` the old API used.
 */
import { type Static, Type } from 'typebox';
import type { JobRun } from '../db/job-runs.js';
import type { SalesGroup } from '../db/sales-reports.js';
import type { SalesRow } from '../db/sales-search.js';
import type { TransactionState } from '../db/transactions.js';
import { amountFromCents } from '../money.js';
import { csvAmount, csvRow } from '../reports/csv.js';
import { localDateTime } from '../reports/calendar.js';
import { MASK, PAYMENT_STATUS_NAMES, USER_STATE_NAMES } from './views.js';

const str = Type.String();
const nullableStr = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const int = Type.Integer();

export const CHANNELS = ['card', 'cash', 'voucher'] as const;
export type Channel = (typeof CHANNELS)[number];
export const channelInput = Type.Union([Type.Literal('card'), Type.Literal('cash'), Type.Literal('voucher')]);

const money = {
  moneda: str,
  ventas: Type.Integer({ description: 'paid sales' }),
  monto: Type.Number({ description: 'revenue, decimal' }),
  monto_centavos: Type.Integer({ description: 'revenue in cents' }),
};
export const moneySchema = Type.Object(money);

const moneyView = (g: Pick<SalesGroup, 'moneda' | 'sales' | 'cents'>) => ({
  moneda: g.moneda,
  ventas: g.sales,
  monto: amountFromCents(g.cents),
  monto_centavos: g.cents,
});

/** A report row: one group (a day, router, plan or channel) in one currency. */
export const reportRowSchema = Type.Object({
  clave: Type.String({ description: 'the day (YYYY-MM-DD), router id, producto id or channel' }),
  nombre: Type.String({ description: 'the day, router name, plan name or channel' }),
  ...money,
});

export type ReportGrouping = 'dia' | 'router' | 'plan' | 'canal';
export const reportGroupingInput = Type.Union([Type.Literal('dia'), Type.Literal('router'), Type.Literal('plan'), Type.Literal('canal')]);

function groupKey(g: SalesGroup, by: ReportGrouping): { clave: string; nombre: string } {
  switch (by) {
    case 'dia':
      return { clave: g.day ?? '', nombre: g.day ?? '' };
    case 'router':
      return { clave: g.router_id ?? '', nombre: g.router_name ?? g.router_id ?? '' };
    case 'plan':
      return { clave: String(g.producto_id), nombre: g.product_name ?? String(g.producto_id) };
    case 'canal':
      return { clave: g.channel ?? '', nombre: g.channel ?? '' };
  }
}

export function reportRowView(g: SalesGroup, by: ReportGrouping): Static<typeof reportRowSchema> {
  return { ...groupKey(g, by), ...moneyView(g) };
}

/** Totals per currency of some groups. */
export function totalsView(groups: readonly SalesGroup[]): Array<Static<typeof moneySchema>> {
  const byCurrency = new Map<string, { moneda: SalesGroup['moneda']; sales: number; cents: number }>();
  for (const g of groups) {
    const total = byCurrency.get(g.moneda) ?? { moneda: g.moneda, sales: 0, cents: 0 };
    total.sales += g.sales;
    total.cents += g.cents;
    byCurrency.set(g.moneda, total);
  }
  return [...byCurrency.values()].sort((a, b) => a.moneda.localeCompare(b.moneda)).map(moneyView);
}

const REPORT_KEY_HEADER: Record<ReportGrouping, [string, string]> = {
  dia: ['fecha', 'dia'],
  router: ['router_id', 'router'],
  plan: ['producto_id', 'plan'],
  canal: ['canal', 'canal'],
};

/** The report as CSV: a header, then one line per group and currency. */
export function reportCsv(groups: readonly SalesGroup[], by: ReportGrouping): string {
  const [keyName, labelName] = REPORT_KEY_HEADER[by];
  const header = by === 'dia' || by === 'canal' ? [keyName] : [keyName, labelName];
  const lines = groups.map((g) => {
    const { clave, nombre } = groupKey(g, by);
    const key = by === 'dia' || by === 'canal' ? [clave] : [clave, nombre];
    return csvRow([...key, g.moneda, g.sales, csvAmount(g.cents)]);
  });
  return [csvRow([...header, 'moneda', 'ventas', 'monto']), ...lines].join('');
}

/** A sale as the search, the dashboard and the CSV show it (never the hotspot password; a PIN is masked). */
export const saleSchema = Type.Object({
  id: str,
  creado_en: Type.String({ format: 'date-time' }),
  pagado_en: nullableStr,
  liquidado_en: nullableStr,
  estado: Type.String({ description: 'the stored state: pending, user_created, paid, declined, ...' }),
  estado_pago: Type.String({ description: 'the old API’s name of the state: pendiente, pagado, rechazado, ...' }),
  canal: str,
  pasarela: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'conekta or mercadopago; null for a voucher' }),
  router_id: str,
  producto_id: int,
  producto_nombre: str,
  monto: Type.Number(),
  monto_centavos: int,
  moneda: str,
  cliente_nombre: str,
  cliente_email: str,
  cliente_telefono: nullableStr,
  tipo_usuario: str,
  usuario_hotspot: str,
  estado_usuario: str,
  motivo: nullableStr,
});
export type SaleView = Static<typeof saleSchema>;

export function saleView(t: SalesRow): SaleView {
  return {
    id: t.id,
    creado_en: t.created_at.toISOString(),
    pagado_en: t.paid_at?.toISOString() ?? null,
    liquidado_en: t.settled_at?.toISOString() ?? null,
    estado: t.state,
    estado_pago: PAYMENT_STATUS_NAMES[t.state],
    canal: t.channel,
    pasarela: t.gateway,
    router_id: t.router_id,
    producto_id: t.producto_id,
    producto_nombre: t.product_name,
    monto: amountFromCents(t.amount_cents),
    monto_centavos: t.amount_cents,
    moneda: t.moneda,
    cliente_nombre: t.cliente_nombre,
    cliente_email: t.cliente_email,
    cliente_telefono: t.cliente_telefono,
    tipo_usuario: t.user_kind,
    usuario_hotspot: t.user_kind === 'pin' ? MASK : t.hotspot_username,
    estado_usuario: USER_STATE_NAMES[t.user_state],
    motivo: t.reason,
  };
}

export const SALES_CSV_HEADER = csvRow([
  'fecha_local',
  'id',
  'estado',
  'estado_pago',
  'canal',
  'pasarela',
  'router_id',
  'producto_id',
  'plan',
  'moneda',
  'monto',
  'cliente_nombre',
  'cliente_email',
  'cliente_telefono',
  'creado_en_utc',
  'pagado_en_utc',
]);

/** One sale as a CSV line; `fecha_local` is its creation in the empresa's zone. */
export function saleCsv(t: SalesRow, zone: string): string {
  return csvRow([
    localDateTime(t.created_at, zone),
    t.id,
    t.state,
    PAYMENT_STATUS_NAMES[t.state],
    t.channel,
    t.gateway,
    t.router_id,
    t.producto_id,
    t.product_name,
    t.moneda,
    csvAmount(t.amount_cents),
    t.cliente_nombre,
    t.cliente_email,
    t.cliente_telefono,
    t.created_at.toISOString(),
    t.paid_at?.toISOString() ?? null,
  ]);
}

/** A transaction's timeline: its state changes and its hotspot user's events, oldest first. */
export const timelineEventSchema = Type.Object({
  en: Type.String({ format: 'date-time' }),
  tipo: Type.Union([Type.Literal('estado'), Type.Literal('usuario')], {
    description: 'estado: the transaction changed state; usuario: something happened to its hotspot user',
  }),
  estado: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'tipo estado: the new stored state' }),
  estado_pago: nullableStr,
  evento: Type.Unsafe<string | null>({
    type: ['string', 'null'],
    description: 'tipo usuario: first_login, extended, terminated, expired, exhausted, removed',
  }),
  detalle: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'the reason (estado) or the detail (usuario)' }),
});
export type TimelineEvent = Static<typeof timelineEventSchema>;

export function timelineView(
  states: ReadonlyArray<{ state: TransactionState; reason: string | null; at: Date }>,
  userEvents: ReadonlyArray<{ kind: string; detail: string | null; at: Date }>,
): TimelineEvent[] {
  const events: Array<TimelineEvent & { order: number }> = [
    ...states.map((s, i) => ({
      en: s.at.toISOString(),
      tipo: 'estado' as const,
      estado: s.state,
      estado_pago: PAYMENT_STATUS_NAMES[s.state] ?? null,
      evento: null,
      detalle: s.reason,
      order: i,
    })),
    ...userEvents.map((e, i) => ({
      en: e.at.toISOString(),
      tipo: 'usuario' as const,
      estado: null,
      estado_pago: null,
      evento: e.kind,
      detalle: e.detail,
      order: states.length + i,
    })),
  ];
  // Same instant: the state change first (a sale is paid before its user logs in).
  events.sort((a, b) => a.en.localeCompare(b.en) || a.order - b.order);
  return events.map(({ order: _order, ...event }) => event);
}

/** The expiry sweep's last finished run, any instance's. */
export function jobRunView(run: JobRun | undefined) {
  return run ? { inicio: run.started_at.toISOString(), fin: run.finished_at.toISOString(), resumen: run.summary } : null;
}
