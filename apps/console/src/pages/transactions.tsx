/** A table of purchases, shared by the dashboard and the sales page (which adds per-row actions). */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n';
import { useFormat, TableBox } from '../ui';

export interface Transaction {
  id: string;
  router_id: string;
  producto_nombre: string | null;
  monto: string;
  moneda: string;
  canal: string;
  estado: string;
  estado_pago: string;
  cliente_nombre: string | null;
  cliente_email: string | null;
  creado_en: string;
  estado_usuario?: string | null;
  expira_en?: string | null;
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
  const { t } = useI18n();
  const format = useFormat();
  if (rows.length === 0) return <p>{t('noData')}</p>;
  return (
    <TableBox label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('date')}</th>
            <th scope="col">{t('plan')}</th>
            <th scope="col">{t('amount')}</th>
            <th scope="col">{t('channel')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('customer')}</th>
            {actions ? <th scope="col">{t('actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-transaction={row.id}>
              <td>{format.dateTime(row.creado_en)}</td>
              <td>{row.producto_nombre ?? '—'}</td>
              <td>{format.money(row.monto, row.moneda)}</td>
              <td>{row.canal}</td>
              <td>
                <span class={`badge state-${row.estado}`}>{row.estado_pago}</span>
              </td>
              <td>{row.cliente_email ?? row.cliente_nombre ?? '—'}</td>
              {actions ? <td>{actions(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}
