/**
 * The console's words, Spanish first (the operators' language) and English by choice. A plain
 * dictionary: two languages do not need an i18n library. The choice is kept in localStorage (a
 * preference, never anything secret).
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Lang = 'es' | 'en';

const es = {
  appName: 'Hotspot · Consola',
  skip: 'Saltar al contenido',
  language: 'Idioma',
  signIn: 'Iniciar sesión',
  signInTitle: 'Consola del operador',
  email: 'Correo electrónico',
  password: 'Contraseña',
  signOut: 'Cerrar sesión',
  account: 'Mi cuenta',
  menu: 'Menú principal',
  dashboard: 'Panel',
  routers: 'Routers',
  plans: 'Planes',
  sales: 'Ventas',
  vouchers: 'Fichas',
  settings: 'Ajustes',
  companies: 'Empresas',
  users: 'Usuarios',
  platform: 'Plataforma',
  loading: 'Cargando…',
  save: 'Guardar',
  saved: 'Guardado',
  create: 'Crear',
  cancel: 'Cancelar',
  edit: 'Editar',
  yes: 'Sí',
  no: 'No',
  active: 'Activo',
  inactive: 'Inactivo',
  activate: 'Activar',
  deactivate: 'Desactivar',
  name: 'Nombre',
  state: 'Estado',
  actions: 'Acciones',
  date: 'Fecha',
  changePassword: 'Cambiar contraseña',
  currentPassword: 'Contraseña actual',
  newPassword: 'Contraseña nueva',
  passwordChanged: 'Contraseña actualizada; las demás sesiones se cerraron.',
  signedInAs: 'Sesión de',
  salesToday: 'Ventas de hoy',
  revenueToday: 'Ingresos de hoy',
  revenueTotal: 'Ingresos totales',
  paid: 'Pagadas',
  pending: 'Pendientes',
  failed: 'Fallidas',
  declined: 'Rechazadas',
  latestPurchases: 'Últimas compras',
  revenueChart: 'Ingresos por día (30 días)',
  noData: 'Sin datos todavía.',
  amount: 'Monto',
  plan: 'Plan',
  router: 'Router',
  customer: 'Cliente',
  channel: 'Canal',
  company: 'Empresa',
  chooseCompany: 'Elija una empresa',
  addRouter: 'Agregar router',
  host: 'Host o IP',
  port: 'Puerto',
  apiUser: 'Usuario de la API',
  location: 'Ubicación',
  useTls: 'Usar TLS (API-SSL)',
  passwordAgain: 'Contraseña del router (obligatoria si cambia host, puerto o usuario)',
  testConnection: 'Probar conexión',
  testing: 'Probando…',
  connected: 'Conectado',
  notConnected: 'Sin conexión',
  profiles: 'Perfiles de hotspot',
  showProfiles: 'Ver perfiles',
  apiKeys: 'API keys',
  regenerateKey: 'Regenerar API key',
  newKeyOnce: 'Nueva API key (se muestra una sola vez; cópiela ahora):',
  revoke: 'Revocar',
  issued: 'Emitida',
  expires: 'Vence',
  lastUsed: 'Último uso',
  portalKit: 'Kit del portal',
  downloadKit: 'Descargar login.html',
  applyWalledGarden: 'Aplicar walled garden',
  walledGardenApplied: 'Walled garden: {added} agregadas, {present} ya estaban.',
  deleteRouter: 'Eliminar',
  noRouters: 'No hay routers todavía.',
  createPlan: 'Crear plan',
  profile: 'Perfil del router',
  chooseRouter: 'Elija un router',
  salesName: 'Nombre de venta',
  description: 'Descripción',
  price: 'Precio',
  currency: 'Moneda',
  timeLimit: 'Tiempo de uso (ej. 1h, 1d)',
  dataLimit: 'Límite de datos (MB)',
  validity: 'Vigencia (ej. 7d)',
  validityFrom: 'La vigencia corre desde',
  fromPurchase: 'la compra',
  fromFirstLogin: 'el primer inicio de sesión',
  order: 'Orden',
  featured: 'Destacado',
  preview: 'Vista previa del portal',
  showPreview: 'Ver vista previa',
  noPlans: 'No hay planes todavía.',
  unlimited: 'sin límite',
  extend: 'Extender',
  extendBy: 'Extender por (ej. 1d)',
  end: 'Terminar acceso',
  confirmEnd: '¿Terminar el acceso de este cliente ahora?',
  previous: 'Anterior',
  next: 'Siguiente',
  pageOf: 'Página {page} de {pages}',
  companyData: 'Datos de la empresa',
  contactEmail: 'Correo de notificaciones',
  contactPhone: 'Teléfono de contacto',
  gateways: 'Pasarelas de pago',
  secretSet: 'guardada (escriba para reemplazarla)',
  secretUnset: 'sin configurar',
  mode: 'Modo',
  configured: 'Configurada',
  notConfigured: 'Sin configurar',
  createCompany: 'Crear empresa',
  createUser: 'Crear usuario',
  role: 'Rol',
  superAdmin: 'Super admin',
  clientAdmin: 'Admin de empresa',
  companiesTotal: 'Empresas',
  routersTotal: 'Routers',
  activePlans: 'Planes activos',
  transactionsTotal: 'Transacciones',
  unknownPage: 'Página no encontrada.',
  durationWords: 'Se lee: {words}',
  invalidDuration: 'No es una duración válida',
  week: ['semana', 'semanas'],
  day: ['día', 'días'],
  hour: ['hora', 'horas'],
  minute: ['minuto', 'minutos'],
  second: ['segundo', 'segundos'],
};

export type Texts = typeof es;

const en: Texts = {
  appName: 'Hotspot · Console',
  skip: 'Skip to content',
  language: 'Language',
  signIn: 'Sign in',
  signInTitle: "Operator's console",
  email: 'E-mail',
  password: 'Password',
  signOut: 'Sign out',
  account: 'My account',
  menu: 'Main menu',
  dashboard: 'Dashboard',
  routers: 'Routers',
  plans: 'Plans',
  sales: 'Sales',
  vouchers: 'Vouchers',
  settings: 'Settings',
  companies: 'Companies',
  users: 'Users',
  platform: 'Platform',
  loading: 'Loading…',
  save: 'Save',
  saved: 'Saved',
  create: 'Create',
  cancel: 'Cancel',
  edit: 'Edit',
  yes: 'Yes',
  no: 'No',
  active: 'Active',
  inactive: 'Inactive',
  activate: 'Activate',
  deactivate: 'Deactivate',
  name: 'Name',
  state: 'State',
  actions: 'Actions',
  date: 'Date',
  changePassword: 'Change password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  passwordChanged: 'Password changed; your other sessions were signed out.',
  signedInAs: 'Signed in as',
  salesToday: "Today's sales",
  revenueToday: "Today's revenue",
  revenueTotal: 'Total revenue',
  paid: 'Paid',
  pending: 'Pending',
  failed: 'Failed',
  declined: 'Declined',
  latestPurchases: 'Latest purchases',
  revenueChart: 'Revenue per day (30 days)',
  noData: 'No data yet.',
  amount: 'Amount',
  plan: 'Plan',
  router: 'Router',
  customer: 'Customer',
  channel: 'Channel',
  company: 'Company',
  chooseCompany: 'Choose a company',
  addRouter: 'Add router',
  host: 'Host or IP',
  port: 'Port',
  apiUser: 'API user',
  location: 'Location',
  useTls: 'Use TLS (API-SSL)',
  passwordAgain: 'Router password (required when host, port or user change)',
  testConnection: 'Test connection',
  testing: 'Testing…',
  connected: 'Connected',
  notConnected: 'Not connected',
  profiles: 'Hotspot profiles',
  showProfiles: 'Show profiles',
  apiKeys: 'API keys',
  regenerateKey: 'Regenerate API key',
  newKeyOnce: 'New API key (shown only once; copy it now):',
  revoke: 'Revoke',
  issued: 'Issued',
  expires: 'Expires',
  lastUsed: 'Last used',
  portalKit: 'Portal kit',
  downloadKit: 'Download login.html',
  applyWalledGarden: 'Apply walled garden',
  walledGardenApplied: 'Walled garden: {added} added, {present} already there.',
  deleteRouter: 'Delete',
  noRouters: 'No routers yet.',
  createPlan: 'Create plan',
  profile: 'Router profile',
  chooseRouter: 'Choose a router',
  salesName: 'Sales name',
  description: 'Description',
  price: 'Price',
  currency: 'Currency',
  timeLimit: 'Usage time (e.g. 1h, 1d)',
  dataLimit: 'Data limit (MB)',
  validity: 'Validity (e.g. 7d)',
  validityFrom: 'Validity runs from',
  fromPurchase: 'the purchase',
  fromFirstLogin: 'the first login',
  order: 'Order',
  featured: 'Featured',
  preview: 'Portal preview',
  showPreview: 'Show preview',
  noPlans: 'No plans yet.',
  unlimited: 'unlimited',
  extend: 'Extend',
  extendBy: 'Extend by (e.g. 1d)',
  end: 'End access',
  confirmEnd: "End this customer's access now?",
  previous: 'Previous',
  next: 'Next',
  pageOf: 'Page {page} of {pages}',
  companyData: 'Company details',
  contactEmail: 'Notification e-mail',
  contactPhone: 'Contact phone',
  gateways: 'Payment gateways',
  secretSet: 'set (type to replace it)',
  secretUnset: 'not set',
  mode: 'Mode',
  configured: 'Configured',
  notConfigured: 'Not configured',
  createCompany: 'Create company',
  createUser: 'Create user',
  role: 'Role',
  superAdmin: 'Super admin',
  clientAdmin: 'Company admin',
  companiesTotal: 'Companies',
  routersTotal: 'Routers',
  activePlans: 'Active plans',
  transactionsTotal: 'Transactions',
  unknownPage: 'Page not found.',
  durationWords: 'Reads: {words}',
  invalidDuration: 'Not a valid duration',
  week: ['week', 'weeks'],
  day: ['day', 'days'],
  hour: ['hour', 'hours'],
  minute: ['minute', 'minutes'],
  second: ['second', 'seconds'],
};

export const TEXTS: Record<Lang, Texts> = { es, en };

export type TextKey = { [K in keyof Texts]: Texts[K] extends string ? K : never }[keyof Texts];

export interface I18n {
  lang: Lang;
  texts: Texts;
  /** The text for `key`, with `{name}` placeholders filled from `values`. */
  t: (key: TextKey, values?: Record<string, string | number>) => string;
  setLang: (lang: Lang) => void;
}

export function i18nFor(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const texts = TEXTS[lang];
  return {
    lang,
    texts,
    setLang,
    t: (key, values = {}) => texts[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? '')),
  };
}

const STORAGE_KEY = 'console-lang';

export function savedLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'es';
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
}

export const I18nContext = createContext<I18n>(i18nFor('es', () => {}));

export const useI18n = (): I18n => useContext(I18nContext);

const UNIT_SECONDS: Array<[keyof Texts & ('week' | 'day' | 'hour' | 'minute' | 'second'), number]> = [
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** Seconds in a RouterOS duration as plans take it (`1d12h`, `01:30:00`, bare seconds), or undefined. */
export function durationSeconds(text: string): number | undefined {
  const value = text.trim();
  if (/^\d{1,10}$/.test(value)) return Number(value);
  if (/^(?:\d{1,9}[wdhms])+$/.test(value)) {
    const units: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };
    let total = 0;
    for (const [, n, unit] of value.matchAll(/(\d+)([wdhms])/g)) total += Number(n) * units[unit!]!;
    return total;
  }
  const clock = /^(?:(\d{1,4})d)?(\d{1,5}):([0-5]\d):([0-5]\d)$/.exec(value);
  if (clock) return Number(clock[1] ?? 0) * 86_400 + Number(clock[2]) * 3_600 + Number(clock[3]) * 60 + Number(clock[4]);
  return undefined;
}

/** A duration in words: `1d12h` → "1 día, 12 horas". */
export function durationInWords(text: string, texts: Texts): string | undefined {
  let seconds = durationSeconds(text);
  if (seconds === undefined || seconds <= 0) return undefined;
  const parts: string[] = [];
  for (const [unit, size] of UNIT_SECONDS) {
    const count = Math.floor(seconds / size);
    seconds -= count * size;
    if (count > 0) parts.push(`${count} ${texts[unit][count === 1 ? 0 : 1]}`);
  }
  return parts.join(', ');
}
