/** `npm run demo` as a newcomer runs it: the printed credentials and commands work. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startEntry } from './helpers/process.js';
import { waitFor } from './helpers/wait.js';

const run = promisify(execFile);

describe('demo', () => {
  it('starts a mock router, seeds an empresa with it and two plans, and prints working credentials', async () => {
    const { child, output, exited } = startEntry('src/bin/demo.ts');
    try {
      await waitFor(() => output().includes('Ctrl-C stops the demo') || child.exitCode !== null, 'the demo to be ready', 60_000);
      const api = /export API=(\S+) KEY=(hsk_\S+)/.exec(output());
      expect(api, output()).not.toBeNull();
      const [, base, key] = api!;
      expect(output()).toContain(`curl -s $API/api/v1/catalogo_perfiles_venta -H "X-API-Key: $KEY"`);
      expect(output()).toMatch(/curl -s -X POST \$API\/api\/v1\/payments\/pagar-conekta/);
      expect(key).toMatch(/^hsk_/);

      const [, email, password] = /Client admin: (\S+) \/ (\S+)/.exec(output())!;
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const token = ((await login.json()) as { access_token: string }).access_token;
      const auth = { authorization: `Bearer ${token}` };
      const plans = (await (await fetch(`${base}/api/v1/admin/products`, { headers: auth })).json()) as Array<{
        nombre_venta: string;
        precio: number;
      }>;
      expect(plans.map((p) => [p.nombre_venta, p.precio])).toEqual([
        ['1 hora', 15],
        ['1 día', 49.9],
      ]);
      const routerId = /router (RTR_[0-9A-F]{8})/.exec(output())![1];
      const check = (await (await fetch(`${base}/api/v1/admin/routers/${routerId}/test-connection`, { headers: auth })).json()) as {
        success: boolean;
      };
      expect(check.success).toBe(true);

      // The printed purchase and status commands work as printed: no placeholder left to fill in.
      expect(output()).not.toMatch(/<id_transaccion>|<router port>/);
      const mockPort = /mock RouterOS router at 127\.0\.0\.1:(\d+)/.exec(output())![1];
      expect(output()).toContain(`--port ${mockPort} --user admin`);
      const lines = output().split('\n');
      const buy = lines.find((line) => line.startsWith('ID=$(curl'))!;
      const status = lines.find((line) => line.includes('/estado-pago/$ID'))!;
      const { stdout } = await run('bash', ['-c', `export API=${base} KEY=${key}\n${buy} 2>/dev/null\n${status}`]);
      expect(JSON.parse(stdout)).toMatchObject({ id_transaccion: expect.stringMatching(/^TRX_/), estado_pago: 'paid', estado: 'paid' });

      const portalUrl = /Hosted payment page: (\S+)/.exec(output())![1]!;
      expect(portalUrl).toBe(`${base}/portal/${routerId}`);
      const portal = await fetch(portalUrl);
      expect(portal.status).toBe(200);
      expect(await portal.text()).toContain('1 hora');
      // The device's way in: the hotspot's login.html, which carries its variables to the page.
      const device = /the page\): (\S+)/.exec(output())![1]!;
      expect(await (await fetch(device)).text()).toContain(`action="${portalUrl}"`);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
