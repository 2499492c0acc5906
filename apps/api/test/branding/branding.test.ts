/** The portal page's parts that need no server: colours and their contrast, logo checks, plan limits in words, the CSP. */
import { describe, expect, it } from 'vitest';
import { contrastRatio, inkOnWhite, normalizeHexColor, paletteOf, readableBackground, textColorOn } from '../../src/branding/colors.js';
import { checkLogo, LogoRejectedError, logoFileName, MAX_LOGO_BYTES } from '../../src/branding/logo.js';
import { portalPolicy } from '../../src/portal/csp.js';
import { durationInWords, limitsInWords } from '../../src/portal/plan-words.js';
import { ringPng } from '../helpers/png.js';

const noLimits = { time_limit: null, data_limit_mb: null, validity: null, validity_start: null } as const;

describe('colours', () => {
  it('takes #rgb, #rrggbb with or without # in any case, and nothing else', () => {
    expect(normalizeHexColor('#ABC')).toBe('#aabbcc');
    expect(normalizeHexColor('0B5CAD')).toBe('#0b5cad');
    for (const bad of ['', '#12345', 'red', '#gggggg', '#0b5cad;}', 'url(x)']) expect(normalizeHexColor(bad)).toBeUndefined();
  });

  it('puts readable text on any brand colour and keeps the brand readable on white', () => {
    for (const color of ['#ffeb3b', '#0b5cad', '#000000', '#ffffff', '#00c853', '#ff9800', '#7f7f7f']) {
      const palette = paletteOf(color, color);
      expect(contrastRatio(palette.onPrimary, palette.primary)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(palette.onAccent, palette.accent)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(palette.ink, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
    expect(textColorOn('#ffeb3b')).not.toBe('#ffffff');
    expect(inkOnWhite('#0b5cad')).toBe('#0b5cad');
    expect(readableBackground('#0b5cad')).toBe('#0b5cad');
    expect(readableBackground('#7f7f7f')).not.toBe('#7f7f7f');
  });

  it('falls back to the page colour, and to the primary for the accent', () => {
    expect(paletteOf(null, null)).toMatchObject({ primary: '#0b5cad', accent: '#0b5cad', onPrimary: '#ffffff' });
    expect(paletteOf('#ffeb3b', '#6a1b9a')).toMatchObject({
      primary: '#ffeb3b',
      onPrimary: '#111827',
      accent: '#6a1b9a',
      onAccent: '#ffffff',
    });
  });
});

describe('logo checks', () => {
  const png = ringPng(8, [200, 0, 0]);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
  const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
  const problem = (name: string, bytes: Uint8Array) => {
    try {
      checkLogo(name, bytes);
    } catch (error) {
      if (error instanceof LogoRejectedError) return error.problem;
      throw error;
    }
    return undefined;
  };

  it('knows PNG, JPEG and WebP by their bytes, named with a matching extension in any case', () => {
    expect(checkLogo('Logo.PNG', png)).toEqual({ contentType: 'image/png', extension: '.png' });
    expect(checkLogo('foto.jpeg', jpeg)).toEqual({ contentType: 'image/jpeg', extension: '.jpg' });
    expect(checkLogo('a.webp', webp)).toEqual({ contentType: 'image/webp', extension: '.webp' });
  });

  it('refuses other names, bytes that are not the named image, empty and oversized files', () => {
    expect(problem('logo.svg', png)).toBe('format');
    expect(problem('logo.png', jpeg)).toBe('format');
    expect(problem('logo.png', Buffer.from('<script>alert(1)</script>'))).toBe('format');
    expect(problem('logo.jpg', Buffer.alloc(0))).toBe('empty');
    expect(problem('logo.png', Buffer.concat([png, Buffer.alloc(MAX_LOGO_BYTES)]))).toBe('too-large');
  });

  it('names a logo after its empresa, as the old service did, fresh each time', () => {
    expect(logoFileName('EMP_1', '.png')).toMatch(/^logo_EMP_1_[0-9a-f]{6}\.png$/);
    expect(logoFileName('EMP_1', '.png')).not.toBe(logoFileName('EMP_1', '.png'));
  });
});

describe('plan limits in words', () => {
  it('says time of use, data and validity in Spanish and English', () => {
    const plan = { time_limit: '1h', data_limit_mb: null, validity: '7d', validity_start: 'purchase' } as const;
    expect(limitsInWords(plan, 'es')).toBe('1 hora de uso, válido 7 días');
    expect(limitsInWords(plan, 'en')).toBe('1 hour of use, valid 7 days');
    const data = { time_limit: '1h30m', data_limit_mb: 1536, validity: '1d', validity_start: 'first_login' } as const;
    expect(limitsInWords(data, 'es')).toBe('1 hora y 30 minutos de uso, 1.5 GB de datos, válido 1 día desde tu primera conexión');
    expect(limitsInWords(data, 'en')).toBe('1 hour and 30 minutes of use, 1.5 GB of data, valid 1 day from your first login');
    expect(limitsInWords({ ...noLimits, data_limit_mb: 500 }, 'es')).toBe('500 MB de datos');
    expect(limitsInWords(noLimits, 'es')).toBe('');
  });

  it('keeps the two largest units', () => {
    expect(durationInWords(2 * 604_800, 'es')).toBe('14 días');
    expect(durationInWords(86_400 + 3_600 + 60 + 1, 'en')).toBe('1 day and 1 hour');
    expect(durationInWords(45 * 60, 'es')).toBe('45 minutos');
  });
});

describe('the page policy', () => {
  it('allows the nonce, the SDK and API hosts and the router login form, and nothing else', () => {
    const policy = portalPolicy({
      nonce: 'abc',
      sdk: { scriptUrl: 'https://sdk.mercadopago.com/js/v2', apiUrl: 'https://api.mercadopago.com' },
      loginUrl: 'http://10.5.50.1/login',
      destinationUrl: 'http://example.com/page?x=1',
    });
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'nonce-abc' https://sdk.mercadopago.com https://api.mercadopago.com");
    expect(policy).toContain("style-src 'nonce-abc'");
    expect(policy).toContain("connect-src 'self' https://sdk.mercadopago.com https://api.mercadopago.com");
    expect(policy).toContain("form-action 'self' http://10.5.50.1 http://example.com");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe');
    const bare = portalPolicy({ nonce: 'n', sdk: undefined, loginUrl: undefined, destinationUrl: undefined });
    expect(bare).toContain("script-src 'nonce-n';");
    expect(bare).toContain("frame-src 'none'");
    expect(bare).toContain("form-action 'self';");
  });
});
