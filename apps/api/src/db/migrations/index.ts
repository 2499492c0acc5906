/**
 * Every migration, in order. Names sort in the order they apply (Kysely checks that), so a new
 * file takes the next number: add it here as one line, e.g. `'0002-transacciones': transacciones,`.
 */
import type { Migration } from 'kysely';
import * as core from './0001-core.js';
import * as transacciones from './0002-transacciones.js';
import * as rateLimits from './0003-rate-limits.js';
import * as explicitProductIds from './0004-explicit-producto-ids.js';
import * as moneyLeases from './0005-money-leases.js';
import * as englishNames from './0006-english-names.js';
import * as portalReceipts from './0007-portal-receipts.js';
import * as planLimits from './0008-plan-limits.js';
import * as cash from './0009-cash.js';
import * as vouchers from './0010-vouchers.js';
import * as portalBranding from './0011-portal-branding.js';
import * as salesHistory from './0012-sales-history.js';
import * as refunds from './0013-refunds.js';
import * as telegram from './0014-telegram.js';
import * as refundDecisions from './0016-refund-decisions.js';
import * as apiKeyUses from './0019-api-key-uses.js';
import * as customerSearch from './0020-customer-search.js';

export const migrations: Record<string, Migration> = {
  '0001-core': core,
  '0002-transacciones': transacciones,
  '0003-rate-limits': rateLimits,
  '0004-explicit-producto-ids': explicitProductIds,
  '0005-money-leases': moneyLeases,
  '0006-english-names': englishNames,
  '0007-portal-receipts': portalReceipts,
  '0008-plan-limits': planLimits,
  '0009-cash': cash,
  '0010-vouchers': vouchers,
  '0011-portal-branding': portalBranding,
  '0012-sales-history': salesHistory,
  '0013-refunds': refunds,
  '0014-telegram': telegram,
  '0016-refund-decisions': refundDecisions,
  '0019-api-key-uses': apiKeyUses,
  '0020-customer-search': customerSearch,
};
