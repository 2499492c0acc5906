/**
 * Revenue per day, stacked by channel, drawn as SVG by hand: thirty bars need no chart library (uPlot
 * alone would add ~20 KB compressed to the first load, and draws on a canvas a screen reader cannot
 * read). The bars are an image with a summary for screen readers; the numbers are in a table under it.
 */
import { useI18n } from './i18n';
import { DataTable } from './table';
import { useFormat } from './ui';

export type Channel = 'card' | 'cash' | 'voucher';

export interface DailySeries {
  canal: Channel;
  moneda: string;
  ventas: number[];
  monto_centavos: number[];
}

/** Bars in a box this size, stretched to the figure's width (no text inside: it would stretch too). */
const WIDTH = 300;
const HEIGHT = 100;

/** The top of the scale: the largest day rounded up to 1, 2 or 5 times a power of ten. */
function scaleTop(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].find((step) => step * power >= max) ?? 10) * power;
}

/** One chart per currency: the days of `days`, each bar the day's channels stacked. */
export function RevenueChart({ days, series }: { days: string[]; series: DailySeries[] }) {
  const currencies = [...new Set(series.map((s) => s.moneda))];
  return (
    <>
      {currencies.map((moneda) => (
        <CurrencyChart key={moneda} days={days} series={series.filter((s) => s.moneda === moneda)} currency={moneda} />
      ))}
    </>
  );
}

function CurrencyChart({ days, series, currency }: { days: string[]; series: DailySeries[]; currency: string }) {
  const { t, texts } = useI18n();
  const format = useFormat();
  const money = (cents: number) => format.money(cents / 100, currency);
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.monto_centavos[i] ?? 0), 0));
  const top = scaleTop(Math.max(...totals) / 100) * 100;
  const slot = WIDTH / days.length;
  const total = totals.reduce((a, b) => a + b, 0);
  const summary = `${t('revenueChart')}, ${currency}: ${money(total)}`;
  return (
    <figure class="chart" data-chart={currency}>
      <div class="chart-top" aria-hidden="true">
        {money(top)}
      </div>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={summary}>
        <line class="grid" x1="0" x2={WIDTH} y1="0" y2="0" vector-effect="non-scaling-stroke" />
        {days.map((day, i) => {
          let base = HEIGHT;
          return (
            <g key={day}>
              {series.map((s) => {
                const cents = s.monto_centavos[i] ?? 0;
                if (cents === 0) return null;
                const height = (cents / top) * HEIGHT;
                base -= height;
                return (
                  <rect
                    key={s.canal}
                    class={`bar-${s.canal}`}
                    data-day={day}
                    data-channel={s.canal}
                    x={i * slot + slot * 0.15}
                    y={base}
                    width={slot * 0.7}
                    height={height}
                  >
                    <title>{`${day} · ${texts.channels[s.canal]}: ${money(cents)} (${s.ventas[i]})`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
      <div class="chart-days" aria-hidden="true">
        <span>{days[0]}</span>
        <span data-last-day>{days.at(-1)}</span>
      </div>
      <figcaption>
        <ul class="legend">
          {series.map((s) => (
            <li key={s.canal}>
              <span class={`swatch bar-${s.canal}`} aria-hidden="true" />
              {texts.channels[s.canal]}
            </li>
          ))}
        </ul>
        <details>
          <summary>{t('chartData')}</summary>
          <DataTable
            label={summary}
            rows={days.map((day, i) => ({ day, i })).filter(({ i }) => totals[i]! > 0)}
            rowKey={(r) => r.day}
            columns={[
              { header: t('date'), cell: (r) => r.day, nowrap: true },
              ...series.map((s) => ({
                header: texts.channels[s.canal],
                cell: (r: { i: number }) => `${money(s.monto_centavos[r.i] ?? 0)} (${s.ventas[r.i] ?? 0})`,
                nowrap: true,
              })),
            ]}
          />
        </details>
      </figcaption>
    </figure>
  );
}
