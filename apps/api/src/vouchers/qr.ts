/**
 * QR codes for printed vouchers, from `qrcode-generator` (Kazuhiko Arase's, MIT, no dependencies:
 * the encoder every other JavaScript QR package descends from). Only its module matrix is used, so
 * the HTML sheet (an SVG path) and the PDF (filled squares) draw the very same code.
 */
import qrcode from 'qrcode-generator';

/** Dark modules, row by row; a quiet zone is the drawer's job. */
export type QrMatrix = boolean[][];

/**
 * The QR code of `text` (byte mode, error correction M: a smudged thermal print still scans; the
 * smallest version that holds the text).
 */
export function qrMatrix(text: string): QrMatrix {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => code.isDark(row, col)));
}

/** The dark modules' (row, column) positions: what every drawer of the code paints. */
export function darkModules(matrix: QrMatrix): Array<[number, number]> {
  return matrix.flatMap((row, r) => row.flatMap((dark, c): Array<[number, number]> => (dark ? [[r, c]] : [])));
}

/** The code as one SVG path of unit squares in a `size + 8` square (a 4-module quiet zone each side). */
export function qrSvg(matrix: QrMatrix, sizeCss: string): string {
  const n = matrix.length;
  const path = darkModules(matrix)
    .map(([y, x]) => `M${x + 4} ${y + 4}h1v1h-1z`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n + 8} ${n + 8}" width="${sizeCss}" height="${sizeCss}" shape-rendering="crispEdges" role="img" aria-label="QR"><rect width="100%" height="100%" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
