/** A table of purchases, shared by the dashboard and the sales page (which adds per-row actions). */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n';
import { type Column, DataTable } from '../table';
import { useFormat } from '../ui';

/** A sale as the reports routes answer (`saleSchema` in the service's /openapi.json). */
export interface Transaction {
  id: string;
  router_id: string;
  producto_nombre: string | null;
  monto: number | string;
  moneda: string;
  canal: string;
  pasarela?: string | null;
  estado: string;
  estado_pago: string;
  cliente_nombre: string | null;
  cliente_email: string | null;
  creado_en: string;
  estado_usuario?: string | null;
}

export function TransactionTable({
  rows,
  caption,
  actions,
}: {
  rows: Transaction[];
  caption: string;
  actions?: (row: Transaction) => ComponentChildren;
}) {
  const { t, texts } = useI18n();
  const format = useFormat();
  const columns: Array<Column<Transaction> | false> = [
    { header: t('date'), cell: (row) => format.dateTime(row.creado_en), nowrap: true },
    { header: t('plan'), cell: (row) => row.producto_nombre ?? '—' },
    { header: t('amount'), cell: (row) => format.money(row.monto, row.moneda), nowrap: true },
    { header: t('channel'), cell: (row) => texts.channels[row.canal as keyof typeof texts.channels] ?? row.canal },
    {
      header: t('state'),
      cell: (row) => (
        <span class={`badge state-${row.estado}`}>{texts.states[row.estado as keyof typeof texts.states] ?? row.estado_pago}</span>
      ),
    },
    { header: t('customer'), cell: (row) => row.cliente_email ?? row.cliente_nombre ?? '—' },
    actions ? { header: t('actions'), cell: actions } : false,
  ];
  return (
    <DataTable
      label={caption}
      rows={rows}
      columns={columns}
      rowKey={(row) => row.id}
      rowData={(row) => ({ 'data-transaction': row.id })}
      stack
    />
  );
}
