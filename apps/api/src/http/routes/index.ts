/**
 * Every route module, in registration order. A new area adds one import and one entry here.
 */
import type { RouteModule } from '../context.js';
import { authRoutes } from './auth.js';
import { clientRouterRoutes } from './client-routers.js';
import { miEmpresaRoutes } from './mi-empresa.js';
import { portalRoutes } from './portal.js';
import { productRoutes } from './products.js';
import { superAdminDashboardRoutes } from './super-admin-dashboard.js';
import { superAdminEmpresaRoutes } from './super-admin-empresas.js';
import { superAdminRouterRoutes } from './super-admin-routers.js';
import { superAdminUsuarioRoutes } from './super-admin-usuarios.js';
import { systemRoutes } from './system.js';

export const routeModules: RouteModule[] = [
  systemRoutes,
  authRoutes,
  superAdminEmpresaRoutes,
  superAdminRouterRoutes,
  superAdminUsuarioRoutes,
  miEmpresaRoutes,
  clientRouterRoutes,
  productRoutes,
  superAdminDashboardRoutes,
  portalRoutes,
];
