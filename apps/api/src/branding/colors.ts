/**
 * An empresa's colours on its portal page: `#rrggbb` as stored, and the text colours that stay
 * readable on them (WCAG 2 contrast), whatever colour the operator picks.
 */

/** The page's colour when the empresa chose none. */
export const DEFAULT_PRIMARY_COLOR = '#0b5cad';

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#ABC`, `abc`, `#aabbcc` → `#aabbcc`; undefined when it is no hex colour. */
export function normalizeHexColor(text: string): string | undefined {
  const match = HEX.exec(text.trim());
  if (!match) return undefined;
  const digits = match[1]!.toLowerCase();
  return `#${digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits}`;
}

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function toHex(rgb: [number, number, number]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const WHITE = '#ffffff';
const DARK = '#111827';
/** WCAG AA for body text. */
const READABLE = 4.5;

/** White or near-black, whichever reads better on `background`. */
export function textColorOn(background: string): string {
  return contrastRatio(WHITE, background) >= contrastRatio(DARK, background) ? WHITE : DARK;
}

/**
 * `color` for text and borders on the page's white cards: as it is when it reads (4.5:1), else
 * darkened step by step toward black (a light yellow brand becomes a readable olive, same hue).
 */
export function inkOnWhite(color: string): string {
  const rgb = channels(color);
  for (let keep = 1; keep > 0; keep -= 0.05) {
    const candidate = toHex(rgb.map((c) => c * keep) as [number, number, number]);
    if (contrastRatio(candidate, WHITE) >= READABLE) return candidate;
  }
  return DARK;
}

/** The page's palette: the brand colours and the text that goes on each. */
export interface Palette {
  primary: string;
  onPrimary: string;
  accent: string;
  onAccent: string;
  ink: string;
}

/** `color` as a background for text: as it is when white or near-black reads on it, else darkened until white does. */
export function readableBackground(color: string): string {
  return contrastRatio(textColorOn(color), color) >= READABLE ? color : inkOnWhite(color);
}

export function paletteOf(primary: string | null, secondary: string | null): Palette {
  const main = readableBackground(primary ?? DEFAULT_PRIMARY_COLOR);
  const accent = secondary === null ? main : readableBackground(secondary);
  return { primary: main, onPrimary: textColorOn(main), accent, onAccent: textColorOn(accent), ink: inkOnWhite(main) };
}
