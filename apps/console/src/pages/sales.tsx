/**
 * Sales: the empresa's purchases, newest first, filtered (days in the empresa's zone, router, plan,
 * channel, state, customer) and paged by the service's keyset cursor; the same search as a CSV file;
 * a sale's timeline; a sold user's access extended or ended; a paid sale refunded.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { useI18n } from '../i18n';
import { ConfirmDialog, Field, formFields, Loading, Section, Select, useAction, useFormat, useLoad } from '../ui';
import type { Plan } from './plans';
import { listRouters } from './routers';
import { TransactionTable, type Transaction } from './transactions';

const SEARCH = '/api/v1/admin/mi-empresa/ventas';
const PAGE_SIZES = ['10', '25', '50', '100'];
const DEFAULT_PAGE_SIZE = '25';
/** The search's parameters the form sets; `limite` is the page's size (the CSV ignores it: it has every match). */
const FILTERS = ['desde', 'hasta', 'router_id', 'producto_id', 'canal', 'estado', 'cliente', 'limite'] as const;

type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

interface SearchPage {
  ventas: Transaction[];
  siguiente_cursor: string | null;
}

/** The search's query string: the filters given (empty ones left out) and any extra parameters. */
function queryOf(filters: Filters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (filters[name]) params.set(name, filters[name]!);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}

export function SalesPage() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  // The cursors of the pages behind this one: "previous" goes back one, a new search starts over.
  const [cursors, setCursors] = useState<string[]>([]);
  const [timelineOf, setTimelineOf] = useState<Transaction>();
  const cursor = cursors.at(-1);
  const sales = useLoad(
    () => api<SearchPage>('GET', `${SEARCH}?${queryOf({ limite: DEFAULT_PAGE_SIZE, ...filters }, cursor ? { cursor } : {})}`),
    [filters, cursor],
  );
  const search = (next: Filters) => {
    setFilters(next);
    setCursors([]);
  };
  return (
    <>
      <SalesFilters filters={filters} onSearch={search} />
      <Section title={t('sales')}>
        <a class="button secondary" href={`${SEARCH}?${queryOf(filters, { formato: 'csv' })}`} download data-csv>
          {t('downloadCsv')}
        </a>
        <Loading loaded={sales}>
          {() => (
            <>
              <SalesTable rows={sales.data!.ventas} onChanged={sales.reload} onTimeline={setTimelineOf} />
              <nav class="pager" aria-label={t('pages')}>
                <button type="button" class="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                  {t('previous')}
                </button>
                <span aria-live="polite">{t('pageNumber', { page: cursors.length + 1 })}</span>
                <button
                  type="button"
                  class="secondary"
                  disabled={!sales.data!.siguiente_cursor}
                  onClick={() => setCursors([...cursors, sales.data!.siguiente_cursor!])}
                >
                  {t('next')}
                </button>
              </nav>
            </>
          )}
        </Loading>
      </Section>
      {timelineOf ? <Timeline sale={timelineOf} onClose={() => setTimelineOf(undefined)} /> : null}
    </>
  );
}

function SalesFilters({ filters, onSearch }: { filters: Filters; onSearch: (filters: Filters) => void }) {
  const { t, texts } = useI18n();
  const choices = useLoad(() => Promise.all([listRouters(undefined), api<Plan[]>('GET', '/api/v1/admin/products')]), []);
  const all = { value: '', label: t('all') };
  const submit = (event: Event) => onSearch(formFields(event));
  return (
    <Section title={t('search')}>
      <Loading loaded={choices}>
        {() => {
          const [routers, plans] = choices.data!;
          return (
            <form onSubmit={submit} onReset={() => onSearch({})} class="grid" aria-label={t('search')}>
              <Field label={t('from')} name="desde" type="date" value={filters.desde ?? ''} />
              <Field label={t('to')} name="hasta" type="date" value={filters.hasta ?? ''} />
              <Select
                label={t('router')}
                name="router_id"
                value={filters.router_id ?? ''}
                options={[all, ...routers.map((r) => ({ value: r.id, label: r.nombre }))]}
              />
              <Select
                label={t('plan')}
                name="producto_id"
                value={filters.producto_id ?? ''}
                options={[all, ...plans.map((p) => ({ value: String(p.id), label: p.nombre_venta }))]}
              />
              <Select
                label={t('channel')}
                name="canal"
                value={filters.canal ?? ''}
                options={[all, ...Object.entries(texts.channels).map(([value, label]) => ({ value, label }))]}
              />
              <Select
                label={t('state')}
                name="estado"
                value={filters.estado ?? ''}
                options={[all, ...Object.entries(texts.states).map(([value, label]) => ({ value, label }))]}
              />
              <Field label={t('customer')} name="cliente" type="search" maxLength={100} value={filters.cliente ?? ''} />
              <Select
                label={t('pageSize')}
                name="limite"
                value={filters.limite ?? DEFAULT_PAGE_SIZE}
                options={PAGE_SIZES.map((size) => ({ value: size, label: size }))}
              />
              <div class="actions">
                <button type="submit">{t('filter')}</button>
                <button type="reset" class="secondary">
                  {t('clearFilters')}
                </button>
              </div>
            </form>
          );
        }}
      </Loading>
    </Section>
  );
}

function SalesTable({
  rows,
  onChanged,
  onTimeline,
}: {
  rows: Transaction[];
  onChanged: () => void;
  onTimeline: (row: Transaction) => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const action = useAction();
  // The action waiting for its confirmation in the dialog, and its sale.
  const [asking, setAsking] = useState<{ row: Transaction; what: 'end' | 'refund' }>();
  const base = (row: Transaction) => `/api/v1/admin/mi-empresa/transacciones/${encodeURIComponent(row.id)}`;
  const extend = (row: Transaction, form: HTMLFormElement) => {
    const vigencia = String(new FormData(form).get('vigencia') ?? '');
    return action.run(async () => {
      await api('POST', `${base(row)}/extender`, { vigencia });
      onChanged();
      return t('saved');
    });
  };
  const end = (row: Transaction) =>
    action.run(async () => {
      await api('POST', `${base(row)}/terminar`);
      onChanged();
      return t('saved');
    });
  // 200 with the sale refunded or sent to review (the gateway refused), 202 while reconciliation finishes it.
  const refund = (row: Transaction) =>
    action.run(async () => {
      try {
        const after = await api<Transaction>('POST', `${base(row)}/reembolsar`);
        return after.estado === 'refunded' ? t('refunded') : after.estado === 'needs_review' ? t('refundInReview') : t('refundPending');
      } catch (error) {
        throw error instanceof ApiError && error.status === 409 ? new Error(t('refundRefused')) : error;
      } finally {
        onChanged();
      }
    });
  // What the service refunds: a sale paid through a gateway (not a voucher), or one whose refund the gateway refused.
  const refundable = (row: Transaction) => (row.estado === 'paid' && row.canal !== 'voucher') || row.estado === 'needs_review';
  const userLive = (row: Transaction) => row.estado === 'paid' && row.estado_usuario && row.estado_usuario !== 'eliminado';
  return (
    <>
      {action.status}
      <TransactionTable
        rows={rows}
        caption={t('sales')}
        actions={(row) => (
          <div class="row-actions">
            <button type="button" class="secondary" onClick={() => onTimeline(row)}>
              {t('timeline')}
            </button>
            {userLive(row) ? (
              <>
                <form
                  class="inline"
                  onSubmit={(e) => {
                    e.preventDefault();
                    extend(row, e.currentTarget);
                  }}
                >
                  <label class="visually-hidden" for={`extend-${row.id}`}>
                    {t('extendBy')}
                  </label>
                  <input id={`extend-${row.id}`} name="vigencia" class="narrow" placeholder="1d" required />
                  <button type="submit" class="secondary">
                    {t('extend')}
                  </button>
                </form>
                <button type="button" class="secondary" onClick={() => setAsking({ row, what: 'end' })}>
                  {t('end')}
                </button>
              </>
            ) : null}
            {refundable(row) ? (
              <button type="button" class="secondary" onClick={() => setAsking({ row, what: 'refund' })}>
                {t('refund')}
              </button>
            ) : null}
          </div>
        )}
      />
      {asking?.what === 'refund' ? (
        <ConfirmDialog
          question={t('confirmRefund', {
            amount: format.money(asking.row.monto, asking.row.moneda),
            customer: asking.row.cliente_email ?? asking.row.cliente_nombre ?? '—',
          })}
          confirmLabel={t('refund')}
          onConfirm={() => refund(asking.row)}
          onClose={() => setAsking(undefined)}
        />
      ) : null}
      {asking?.what === 'end' ? (
        <ConfirmDialog
          question={t('confirmEnd')}
          confirmLabel={t('end')}
          onConfirm={() => end(asking.row)}
          onClose={() => setAsking(undefined)}
        />
      ) : null}
    </>
  );
}

interface TimelineEvent {
  en: string;
  tipo: 'estado' | 'usuario';
  estado: string | null;
  estado_pago: string | null;
  evento: string | null;
  detalle: string | null;
}

/** A sale's state changes and its hotspot user's events, oldest first, in a modal dialog. */
function Timeline({ sale, onClose }: { sale: Transaction; onClose: () => void }) {
  const { t, texts } = useI18n();
  const format = useFormat();
  const dialog = useRef<HTMLDialogElement>(null);
  const events = useLoad(
    () => api<{ eventos: TimelineEvent[] }>('GET', `/api/v1/admin/mi-empresa/transacciones/${encodeURIComponent(sale.id)}/historial`),
    [sale.id],
  );
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const what = (e: TimelineEvent) =>
    e.tipo === 'estado'
      ? (texts.states[e.estado as keyof typeof texts.states] ?? e.estado_pago ?? e.estado)
      : (texts.userEvents[e.evento as keyof typeof texts.userEvents] ?? e.evento);
  const title = t('timelineOf', { id: sale.id });
  return (
    <dialog ref={dialog} class="card timeline" aria-label={title} onClose={onClose}>
      <h2>{title}</h2>
      <Loading loaded={events}>
        {() => (
          <ol>
            {events.data!.eventos.map((e, i) => (
              <li key={i} data-event={e.tipo === 'estado' ? e.estado : e.evento}>
                <time dateTime={e.en}>{format.dateTime(e.en)}</time> <strong>{what(e)}</strong>
                {e.detalle ? <span class="hint"> · {e.detalle}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </Loading>
      <form method="dialog">
        <button type="submit">{t('close')}</button>
      </form>
    </dialog>
  );
}
