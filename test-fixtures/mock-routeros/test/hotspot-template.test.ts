import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { chapResponse, octalEscape } from '../src/hotspot-http/chap.js';
import { MD5_SCRIPT } from '../src/hotspot-http/md5-script.js';
import { renderTemplate, TemplateError } from '../src/hotspot-http/template.js';

describe('hotspot page templates', () => {
  it('substitutes variables and picks one branch of if / elif / else, nested', () => {
    const template =
      '$(if error)E:$(error)$(elif logged-in == \'yes\')in $(if uptime != "0s")for $(uptime)$(endif)$(else)out$(endif) [$(unknown)]';
    expect(renderTemplate(template, { error: 'bad' }).body).toBe('E:bad []');
    expect(renderTemplate(template, { 'logged-in': 'yes', uptime: '5m' }).body).toBe('in for 5m []');
    expect(renderTemplate(template, { 'logged-in': 'yes', uptime: '0s' }).body).toBe('in  []');
    expect(renderTemplate(template, { 'logged-in': 'no' }).body).toBe('out []');
  });

  it('takes http-status and http-header as assignments', () => {
    const page = renderTemplate(
      '$(if http-status == 302)Hotspot redirect$(endif)$(if http-header == "Location")$(link-redirect)$(endif)<a>',
      { 'link-redirect': 'http://example.com/' },
    );
    expect(page).toEqual({ status: 302, statusText: 'Hotspot redirect', headers: { Location: 'http://example.com/' }, body: '<a>' });
    expect(renderTemplate('plain', {}).status).toBe(200);
  });

  it('refuses a template it cannot read', () => {
    expect(() => renderTemplate('a $(endif)', {})).toThrow(TemplateError);
    expect(() => renderTemplate('$(if x)never closed', {})).toThrow(/without \$\(endif\)/);
    expect(() => renderTemplate('$(if a b c)x$(endif)', {})).toThrow(/cannot read condition/);
  });
});

describe('CHAP', () => {
  const id = Buffer.from([0o371]);
  const challenge = Buffer.from('ef0dd80b119c65a5c3ab62a65b7dfdce', 'hex');

  it('writes bytes as three-digit octal escapes and answers HOTSPOT.md 2.3 vectors', () => {
    expect(octalEscape(Buffer.from([0o371, 0x65, 0x0d]))).toBe('\\371\\145\\015');
    expect(chapResponse({ id, challenge }, 'test')).toBe('1e929c56b6ad2d52d4da1adc064ceb2a');
    expect(chapResponse({ id, challenge }, '')).toBe('83bdb09a281a4025f6262d3ddf4cf8fd');
    expect(chapResponse({ id, challenge }, '1234')).toBe('0c3c003893ded05685588e8cb195ca66');
  });

  it("serves an md5.js whose hexMD5 is MD5 over the text's bytes, as the browser runs it", () => {
    const sandbox: { hexMD5?: (text: string) => string } = {};
    runInNewContext(`${MD5_SCRIPT}; this.hexMD5 = hexMD5;`, sandbox);
    const hexMD5 = sandbox.hexMD5!;
    for (const text of ['', 'abc', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), readFileSync(new URL(import.meta.url), 'latin1')]) {
      expect(hexMD5(text)).toBe(createHash('md5').update(Buffer.from(text, 'latin1')).digest('hex'));
    }
    expect(hexMD5(`\u00f9test${challenge.toString('latin1')}`)).toBe('1e929c56b6ad2d52d4da1adc064ceb2a');
  });
});
