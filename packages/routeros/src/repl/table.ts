/**
 * Aligned text tables for `!re` rows. Rows of one reply need not share their attributes, so
 * the columns are the union of every row's names, in the order first seen, `.id` first.
 */

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Shows a value on one line: control characters become escapes, so a row stays one line. */
export function displayValue(value: string): string {
  return value.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (char) => NAMED_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** The column names of `rows`: every attribute seen, in first-seen order, `.id` first. */
function columnsOf(rows: readonly Record<string, string>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) seen.add(name);
  const columns = [...seen];
  return seen.has('.id') ? ['.id', ...columns.filter((name) => name !== '.id')] : columns;
}

/** Renders rows as a header line and one line per row, columns padded to align. */
export function renderTable(rows: readonly Record<string, string>[]): string[] {
  const columns = columnsOf(rows);
  const cells = rows.map((row) => columns.map((name) => displayValue(row[name] ?? '')));
  const widths = columns.map((name, index) => Math.max(name.length, ...cells.map((line) => line[index]!.length)));
  const align = (line: readonly string[]) =>
    line
      .map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd();
  return [align(columns), ...cells.map(align)];
}

/** One row as `name=value` pairs on a line (values with spaces quoted), for streamed rows. */
export function renderPairs(attributes: Readonly<Record<string, string>>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${name}=${/^$|[\s"']/.test(value) ? JSON.stringify(value) : displayValue(value)}`)
    .join(' ');
}
