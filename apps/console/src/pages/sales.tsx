/** Sales: the empresa's purchases, newest first, a page at a time; a sold user's access extended or ended. */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import { Loading, Section, useAction, useLoad } from '../ui';
import { TransactionTable, type Transaction } from './transactions';

const PAGE_SIZE = 25;

interface SalesPage {
  total: number;
  transacciones: Transaction[];
}

export function SalesPage() {
  const { t } = useI18n();
  const [page, setPage] = useState(0);
  const sales = useLoad(
    () => api<SalesPage>('GET', `/api/v1/admin/mi-empresa/transacciones?limit=${PAGE_SIZE}&offset=${page * PAGE_SIZE}`),
    [page],
  );
  const action = useAction();
  const base = (row: Transaction) => `/api/v1/admin/mi-empresa/transacciones/${encodeURIComponent(row.id)}`;
  const extend = (row: Transaction, form: HTMLFormElement) => {
    const vigencia = String(new FormData(form).get('vigencia') ?? '');
    return action.run(async () => {
      await api('POST', `${base(row)}/extender`, { vigencia });
      sales.reload();
      return t('saved');
    });
  };
  const end = (row: Transaction) => {
    if (!confirm(t('confirmEnd'))) return;
    return action.run(async () => {
      await api('POST', `${base(row)}/terminar`);
      sales.reload();
      return t('saved');
    });
  };
  return (
    <Section title={t('sales')}>
      {action.status}
      <Loading loaded={sales}>
        {() => {
          const pages = Math.max(1, Math.ceil(sales.data!.total / PAGE_SIZE));
          return (
            <>
              <TransactionTable
                rows={sales.data!.transacciones}
                caption={t('sales')}
                actions={(row) =>
                  row.estado === 'paid' && row.estado_usuario && row.estado_usuario !== 'eliminado' ? (
                    <div class="row-actions">
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
                      <button type="button" class="secondary" onClick={() => end(row)}>
                        {t('end')}
                      </button>
                    </div>
                  ) : null
                }
              />
              <nav class="pager" aria-label={t('pageOf', { page: page + 1, pages })}>
                <button type="button" class="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
                  {t('previous')}
                </button>
                <span>{t('pageOf', { page: page + 1, pages })}</span>
                <button type="button" class="secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                  {t('next')}
                </button>
              </nav>
            </>
          );
        }}
      </Loading>
    </Section>
  );
}
