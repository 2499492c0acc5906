/**
 * @hotspot/mock-routeros: a mock MikroTik RouterOS API server (TCP and TLS) for tests and for
 * developing captive portals without a router.
 */
export { startMockRouter, DEFAULT_ROS_VERSION, type MockRouter, type MockRouterOptions, type HotspotHttpOptions } from './server.js';
export type { FaultOptions, Faults } from './faults.js';
export { INJECTED_FATAL_REASON } from './faults.js';
export type { RouterState } from './state.js';
export type { MockStats } from './connection.js';
export { challengeResponse, LOGIN_REFUSED } from './login.js';
export type { RouterClock } from './clock.js';
export { NoActiveSessionError } from './hotspot-sessions.js';
export { HOTSPOT_ERRORS, type HotspotErrorKey } from './hotspot-errors.js';
