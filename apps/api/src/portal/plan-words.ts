/**
 * A plan's limits in the customer's words on the page's plan cards: "1 hora de uso, 500 MB,
 * válido 7 días" / "1 hour of use, 500 MB, valid 7 days", from `limite_tiempo`,
 * `limite_datos_mb`, `vigencia` and `vigencia_desde` (stored as RouterOS durations and MB).
 */
import type { ProductRow } from '../db/products.js';
import { parsePlanDuration } from '../plans/duration.js';
import type { Lang } from './i18n.js';

type Unit = 'day' | 'hour' | 'minute' | 'second';

const UNITS: Array<[Unit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

const UNIT_WORDS: Record<Lang, Record<Unit, [string, string]>> = {
  es: { day: ['día', 'días'], hour: ['hora', 'horas'], minute: ['minuto', 'minutos'], second: ['segundo', 'segundos'] },
  en: { day: ['day', 'days'], hour: ['hour', 'hours'], minute: ['minute', 'minutes'], second: ['second', 'seconds'] },
};

const PHRASES = {
  es: {
    use: (time: string) => `${time} de uso`,
    data: (amount: string) => `${amount} de datos`,
    valid: (time: string) => `válido ${time}`,
    fromFirstLogin: (valid: string) => `${valid} desde tu primera conexión`,
    and: ' y ',
  },
  en: {
    use: (time: string) => `${time} of use`,
    data: (amount: string) => `${amount} of data`,
    valid: (time: string) => `valid ${time}`,
    fromFirstLogin: (valid: string) => `${valid} from your first login`,
    and: ' and ',
  },
} satisfies Record<Lang, unknown>;

/** `5400` → "1 hora y 30 minutos" (at most two units: a plan is not sold to the second). */
export function durationInWords(seconds: number, lang: Lang): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of UNITS) {
    if (rest < size || parts.length === 2) continue;
    const count = Math.floor(rest / size);
    rest -= count * size;
    const [one, many] = UNIT_WORDS[lang][unit];
    parts.push(`${count} ${count === 1 ? one : many}`);
  }
  return parts.join(PHRASES[lang].and);
}

/** MB as a customer reads them: "500 MB", "1 GB", "1.5 GB". */
function dataInWords(megabytes: number, lang: Lang): string {
  if (megabytes < 1024) return `${megabytes} MB`;
  const gigabytes = new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: 1 }).format(megabytes / 1024);
  return `${gigabytes} GB`;
}

type PlanLimitColumns = Pick<ProductRow, 'time_limit' | 'data_limit_mb' | 'validity' | 'validity_start'>;

/** The plan's limits as one phrase; empty for a plan without limits. */
export function limitsInWords(plan: PlanLimitColumns, lang: Lang): string {
  const words = PHRASES[lang];
  const parts: string[] = [];
  if (plan.time_limit) parts.push(words.use(durationInWords(parsePlanDuration('limite_tiempo', plan.time_limit), lang)));
  if (plan.data_limit_mb) parts.push(words.data(dataInWords(plan.data_limit_mb, lang)));
  if (plan.validity) {
    const valid = words.valid(durationInWords(parsePlanDuration('vigencia', plan.validity), lang));
    parts.push(plan.validity_start === 'first_login' ? words.fromFirstLogin(valid) : valid);
  }
  return parts.join(', ');
}
