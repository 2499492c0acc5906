/** The client admin's dashboard: today's sales and revenue, the totals, and the latest purchases. */
import { api } from '../api';
import { useI18n } from '../i18n';
import { Amounts, Loading, Section, useLoad } from '../ui';
import { TransactionTable, type Transaction } from './transactions';

interface Dashboard {
  ventas_hoy: number;
  ingresos_hoy: Record<string, string>;
  ingresos_totales: Record<string, string>;
  total_transacciones: number;
  transacciones_pagadas: number;
  transacciones_pendientes: number;
  transacciones_fallidas: number;
  transacciones_rechazadas: number;
  ultimas_transacciones: Transaction[];
}

export function DashboardPage() {
  const { t } = useI18n();
  const loaded = useLoad(() => api<Dashboard>('GET', '/api/v1/admin/mi-empresa/dashboard'), []);
  return (
    <Loading loaded={loaded}>
      {() => {
        const d = loaded.data!;
        return (
          <>
            <dl class="figures">
              <div>
                <dt>{t('salesToday')}</dt>
                <dd data-figure="sales-today">{d.ventas_hoy}</dd>
              </div>
              <div>
                <dt>{t('revenueToday')}</dt>
                <dd data-figure="revenue-today">
                  <Amounts byCurrency={d.ingresos_hoy} />
                </dd>
              </div>
              <div>
                <dt>{t('revenueTotal')}</dt>
                <dd>
                  <Amounts byCurrency={d.ingresos_totales} />
                </dd>
              </div>
              <div>
                <dt>{t('paid')}</dt>
                <dd>{d.transacciones_pagadas}</dd>
              </div>
              <div>
                <dt>{t('pending')}</dt>
                <dd>{d.transacciones_pendientes}</dd>
              </div>
              <div>
                <dt>{t('failed')}</dt>
                <dd>{d.transacciones_fallidas + d.transacciones_rechazadas}</dd>
              </div>
            </dl>
            <Section title={t('latestPurchases')}>
              <TransactionTable rows={d.ultimas_transacciones} caption={t('latestPurchases')} />
            </Section>
          </>
        );
      }}
    </Loading>
  );
}
