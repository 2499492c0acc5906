/**
 * The voucher sheet as a PDF, drawn with PDFKit (pure JavaScript, maintained since 2011, the PDF
 * library most Node services use) rather than printed by Chromium: the service must print where no
 * browser is installed, a PDF is a few KB drawn in milliseconds without a browser process per
 * request, and the built-in PDF fonts (Helvetica, Courier) need no font files. The QR codes are
 * vector squares, sharp on any printer. The empresa's logo (stored in the database) heads every
 * card when PDFKit can draw it (PNG or JPEG; a WebP logo is left out), embedded once per document.
 */
import PDFDocument from 'pdfkit';
import { darkModules, type QrMatrix } from './qr.js';
import { pagesOf, type Sheet, type SheetLogo, type VoucherCard } from './sheet.js';

const PT_PER_MM = 72 / 25.4;
const mm = (value: number) => value * PT_PER_MM;

/** The image types PDFKit draws. */
const PDF_IMAGE_TYPES = new Set(['image/png', 'image/jpeg']);
/** The logo's box on a card, in millimetres (the HTML sheet's too). */
const LOGO_BOX_MM = { width: 20, height: 8 };

/** PDFKit's `openImage` (left out of its typings): parses a source once and keeps it, so every card draws the one embedded image. */
type ImageOpener = { openImage(src: string): unknown };

/**
 * The logo as a source PDFKit has opened, or null when there is none or PDFKit cannot draw it
 * (another type, or bytes its parser refuses): the sheet then prints without it.
 */
function openLogo(doc: PDFKit.PDFDocument, logo: SheetLogo | null): string | null {
  if (logo === null || !PDF_IMAGE_TYPES.has(logo.contentType)) return null;
  const src = `data:${logo.contentType};base64,${logo.image.toString('base64')}`;
  try {
    (doc as unknown as ImageOpener).openImage(src);
  } catch {
    return null;
  }
  return src;
}

/** Draws `sheet`; @returns the PDF's bytes. */
export async function sheetPdf(sheet: Sheet): Promise<Buffer> {
  const l = sheet.layout;
  const doc = new PDFDocument({
    autoFirstPage: false,
    info: { Title: `Vouchers ${sheet.batchId} · ${sheet.companyName}`, Creator: 'hotspot' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const logo = openLogo(doc, sheet.logo);
  for (const cards of pagesOf(sheet.cards, l)) {
    doc.addPage({ size: [mm(l.pageWidthMm), mm(l.pageHeightMm)], margin: 0 });
    cards.forEach((card, i) => {
      const x = mm(l.marginMm + (i % l.columns) * l.cardWidthMm);
      const y = mm(l.marginMm + Math.floor(i / l.columns) * l.cardHeightMm);
      drawCard(doc, sheet, logo, card, x, y);
    });
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function drawCard(doc: PDFKit.PDFDocument, sheet: Sheet, logo: string | null, card: VoucherCard, x: number, y: number): void {
  const l = sheet.layout;
  const roll = sheet.format === '58mm';
  const width = mm(l.cardWidthMm);
  const height = mm(l.cardHeightMm);
  const pad = mm(roll ? 2 : 3);
  const inner = width - 2 * pad;
  doc.save().lineWidth(0.6).dash(3, { space: 2 }).strokeColor('#666666').rect(x, y, width, height).stroke().restore();

  let top = y + pad;
  /** Writes `text` at `top` (wrapped to `width`, at most two lines) and moves `top` below it. */
  const line = (text: string, font: string, size: number, options: { width: number; x: number; align?: 'left' | 'center' }) => {
    doc.font(font).fontSize(size).fillColor('#000000');
    const height = Math.min(doc.heightOfString(text, { width: options.width }), 2 * doc.currentLineHeight(true));
    doc.text(text, options.x, top, { width: options.width, height, align: options.align ?? 'left', ellipsis: true });
    top += height;
  };
  if (logo !== null) {
    const box = { width: mm(LOGO_BOX_MM.width), height: mm(LOGO_BOX_MM.height) };
    const boxX = roll ? x + (width - box.width) / 2 : x + pad;
    // In its box: centred on a roll, at the card's left edge (PDFKit's default) on a grid.
    doc.image(logo, boxX, top, { fit: [box.width, box.height], valign: 'center', ...(roll ? { align: 'center' as const } : {}) });
    top += box.height + mm(1);
  }
  line(sheet.companyName, 'Helvetica-Bold', roll ? 12 : 10, { x: x + pad, width: inner, align: roll ? 'center' : 'left' });
  top += mm(1.5);

  const qrSide = mm(l.qrMm);
  const offerTop = top;
  const planWidth = roll || !card.qr ? inner : inner - qrSide - mm(2);
  const align = roll ? 'center' : 'left';
  line(sheet.planName, 'Helvetica-Bold', roll ? 13 : 11, { x: x + pad, width: planWidth, align });
  line(sheet.price, 'Helvetica-Bold', roll ? 16 : 14, { x: x + pad, width: planWidth, align });
  for (const term of sheet.terms) line(term, 'Helvetica', 7, { x: x + pad, width: planWidth, align });
  if (card.qr) {
    const qrX = roll ? x + (width - qrSide) / 2 : x + width - pad - qrSide;
    const qrY = roll ? top + mm(1.5) : offerTop;
    drawQr(doc, card.qr, qrX, qrY, qrSide);
    top = Math.max(top, roll ? qrY + qrSide : offerTop + qrSide);
  }
  top += mm(1.5);

  const credentials: Array<[string, string]> = card.pin
    ? [['PIN', card.username]]
    : [
        ['USUARIO', card.username],
        ['CONTRASEÑA', card.password],
      ];
  for (const [label, value] of credentials) {
    line(label, 'Helvetica', 7, { x: x + pad, width: inner });
    line(value, 'Courier-Bold', l.credentialsPt, { x: x + pad, width: inner });
  }

  doc.font('Helvetica').fontSize(6.5).fillColor('#333333');
  const footerY = y + height - pad - mm(3);
  doc.text(`N.º ${card.number}`, x + pad, footerY, { width: inner, lineBreak: false });
  if (card.qr) doc.text('Escanee el código para conectarse', x + pad, footerY, { width: inner, align: 'right', lineBreak: false });
}

/** The QR's dark modules as filled squares, inside a 4-module quiet zone, in a `side` square at (x, y). */
function drawQr(doc: PDFKit.PDFDocument, matrix: QrMatrix, x: number, y: number, side: number): void {
  const cell = side / (matrix.length + 8);
  for (const [r, c] of darkModules(matrix)) doc.rect(x + (c + 4) * cell, y + (r + 4) * cell, cell, cell);
  doc.fillColor('#000000').fill();
}
