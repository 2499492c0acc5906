/**
 * The client admin's dashboard, gathered in one call: today's sales and the last 30 days' (per day
 * and channel, per router, per plan) in the empresa's days, devices connected now per router, the
 * latest purchases, and the health of the background work (reconciliation's backlog, the expiry
 * sweep's last run).
 */
import type { CompanyRow } from '../db/companies.js';
import type { Db } from '../db/connection.js';
import { lastJobRun, type JobRun } from '../db/job-runs.js';
import { listRouters } from '../db/routers.js';
import { dashboardSales, paidSales, unsettledByState, type SalesGroup } from '../db/sales-reports.js';
import { searchSales, type SalesRow } from '../db/sales-search.js';
import type { TransactionState } from '../db/transactions.js';
import { addDays, localDay, reportZone } from './calendar.js';
import { connectedDevices, type CountSessions, type DeviceCount } from './connected-devices.js';

export const DASHBOARD_DAYS = 30;
export const LATEST_PURCHASES = 10;

export interface DashboardDeps {
  db: Db;
  countSessions: CountSessions;
  deviceTimeoutMs: number;
}

export interface Dashboard {
  zone: string;
  today: string;
  /** The first of the DASHBOARD_DAYS days ending today. */
  since: string;
  /** Today's paid sales, per currency. */
  todaySales: SalesGroup[];
  /** Per day and channel (only groups with sales). */
  daily: SalesGroup[];
  byRouter: SalesGroup[];
  byProduct: SalesGroup[];
  devices: DeviceCount[];
  latest: SalesRow[];
  unsettled: Array<{ state: TransactionState; count: number; oldest: Date }>;
  lastSweep: JobRun | undefined;
}

export async function companyDashboard(deps: DashboardDeps, company: CompanyRow, now: Date): Promise<Dashboard> {
  const { db } = deps;
  const zone = reportZone(company.zona_horaria);
  const today = localDay(now, zone);
  const since = addDays(today, -(DASHBOARD_DAYS - 1));
  const window = { companyId: company.id, zone, from: since, to: today };
  const [todaySales, { daily, byRouter, byProduct }, devices, latest, unsettled, lastSweep] = await Promise.all([
    paidSales(db, { ...window, from: today, by: [] }),
    dashboardSales(db, window),
    listRouters(db, company.id).then((routers) => connectedDevices(routers, deps.countSessions, deps.deviceTimeoutMs)),
    searchSales(db, { companyId: company.id, zone }, { limit: LATEST_PURCHASES }),
    unsettledByState(db, company.id),
    lastJobRun(db, 'expiry_sweep'),
  ]);
  return { zone, today, since, todaySales, daily, byRouter, byProduct, devices, latest, unsettled, lastSweep };
}
