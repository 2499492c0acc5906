/**
 * Every route module, in registration order. A new area adds one import and one entry here.
 */
import type { RouteModule } from '../context.js';
import { systemRoutes } from './system.js';

export const routeModules: RouteModule[] = [systemRoutes];
