/**
 * Every route module, in registration order. A new area adds one import and one entry here; route
 * modules never import each other (what two share lives in src/http/).
 */
import type { RouteModule } from '../context.js';
import { authRoutes } from './auth.js';
import { clientRouterRoutes } from './client-routers.js';
import { clientCompanyRoutes } from './client-company.js';
import { companyLogoRoutes } from './company-logo.js';
import { clientReportRoutes } from './client-reports.js';
import { clientSalesRoutes } from './client-sales.js';
import { conektaWebhookRoutes } from './conekta-webhook.js';
import { consoleAppRoutes } from './console-app.js';
import { consoleSessionRoutes } from './console-session.js';
import { mercadoPagoWebhookRoutes } from './mercado-pago-webhook.js';
import { mercadoPagoWebhookSetupRoutes } from './mercado-pago-webhook-setup.js';
import { paymentCredentialRoutes } from './payment-credentials.js';
import { portalCashRoutes } from './portal-cash.js';
import { portalCatalogRoutes } from './portal-catalog.js';
import { portalKitRoutes } from './portal-kit.js';
import { portalPageRoutes } from './portal-page.js';
import { planUserRoutes } from './plan-users.js';
import { clientRefundRoutes } from './client-refunds.js';
import { portalPaymentRoutes } from './portal-payments.js';
import { portalPreviewRoutes } from './portal-preview.js';
import { portalReconnectRoutes } from './portal-reconnect.js';
import { portalRouterCheckRoutes } from './portal-router-check.js';
import { portalUserProfileRoutes } from './portal-user-profile.js';
import { productRoutes } from './products.js';
import { superAdminDashboardRoutes } from './super-admin-dashboard.js';
import { superAdminCompanyRoutes } from './super-admin-companies.js';
import { superAdminRouterRoutes } from './super-admin-routers.js';
import { superAdminUserRoutes } from './super-admin-users.js';
import { systemRoutes } from './system.js';
import { voucherRoutes } from './vouchers.js';

export const routeModules: RouteModule[] = [
  systemRoutes,
  authRoutes,
  consoleSessionRoutes,
  superAdminCompanyRoutes,
  superAdminRouterRoutes,
  superAdminUserRoutes,
  clientCompanyRoutes,
  companyLogoRoutes,
  clientRouterRoutes,
  productRoutes,
  superAdminDashboardRoutes,
  portalCatalogRoutes,
  portalPaymentRoutes,
  portalCashRoutes,
  portalReconnectRoutes,
  portalUserProfileRoutes,
  portalRouterCheckRoutes,
  mercadoPagoWebhookRoutes,
  mercadoPagoWebhookSetupRoutes,
  paymentCredentialRoutes,
  conektaWebhookRoutes,
  clientSalesRoutes,
  clientReportRoutes,
  portalPageRoutes,
  portalKitRoutes,
  portalPreviewRoutes,
  planUserRoutes,
  voucherRoutes,
  clientRefundRoutes,
  consoleAppRoutes,
];
