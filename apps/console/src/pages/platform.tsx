/** Super admin: the platform's figures across every empresa. */
import { api } from '../api';
import { useI18n } from '../i18n';
import { Amounts, Loading, useLoad } from '../ui';

/** GET /admin/dashboard's `estadisticas` (the old service's nesting). */
interface Platform {
  total_empresas: number;
  empresas_activas: number;
  total_routers: number;
  routers_activos: number;
  productos_activos: number;
  total_transacciones?: number;
  ventas_hoy?: number;
  ingresos_hoy?: Record<string, string>;
  ingresos_totales?: Record<string, string>;
}

export function PlatformPage() {
  const { t } = useI18n();
  const loaded = useLoad(() => api<{ estadisticas: Platform }>('GET', '/admin/dashboard'), []);
  return (
    <Loading loaded={loaded}>
      {() => {
        const d = loaded.data!.estadisticas;
        return (
          <dl class="figures">
            <div>
              <dt>{t('companiesTotal')}</dt>
              <dd>
                {d.empresas_activas} / {d.total_empresas}
              </dd>
            </div>
            <div>
              <dt>{t('routersTotal')}</dt>
              <dd>
                {d.routers_activos} / {d.total_routers}
              </dd>
            </div>
            <div>
              <dt>{t('activePlans')}</dt>
              <dd>{d.productos_activos}</dd>
            </div>
            <div>
              <dt>{t('transactionsTotal')}</dt>
              <dd>{d.total_transacciones ?? 0}</dd>
            </div>
            <div>
              <dt>{t('salesToday')}</dt>
              <dd>{d.ventas_hoy ?? 0}</dd>
            </div>
            <div>
              <dt>{t('revenueTotal')}</dt>
              <dd>
                <Amounts byCurrency={d.ingresos_totales} />
              </dd>
            </div>
          </dl>
        );
      }}
    </Loading>
  );
}
