/**
 * The console's one table: a caption for screen readers, column headers, a row per item, and the
 * scroll box a table wider than a phone needs (or, `stack`, rows that wrap into lines on a phone, each
 * value after its column's name). Pages say what their columns are, never the markup.
 */
import type { ComponentChildren } from 'preact';
import { useI18n } from './i18n';

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** A cell that must not break across lines (amounts, dates, references). */
  nowrap?: boolean;
}

export function DataTable<T>({
  label,
  rows,
  columns,
  rowKey,
  rowData,
  showCaption = false,
  stack = false,
}: {
  label: string;
  rows: readonly T[];
  columns: ReadonlyArray<Column<T> | false | null>;
  rowKey: (row: T) => string | number;
  /** `data-*` attributes of a row (what tests and styles find it by). */
  rowData?: (row: T) => Record<`data-${string}`, string>;
  showCaption?: boolean;
  /** On a phone, a row's cells flow into lines instead of a table to scroll sideways (a long table with row actions). */
  stack?: boolean;
}) {
  const { t } = useI18n();
  if (rows.length === 0) return <p>{t('noData')}</p>;
  const shown = columns.filter((c): c is Column<T> => Boolean(c));
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to be scrolled without a pointer
    <section class="table-wrap" tabIndex={0} aria-label={label}>
      <table class={stack ? 'stack' : undefined}>
        <caption class={showCaption ? undefined : 'visually-hidden'}>{label}</caption>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowData?.(row)}>
              {shown.map((c, i) => (
                <td key={i} class={c.nowrap ? 'nowrap' : undefined} data-label={c.header}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
