/** `npm run demo` as a newcomer runs it: the printed credentials and commands work. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitFor } from './helpers/wait.js';

const apiDir = fileURLToPath(new URL('..', import.meta.url));

describe('demo', () => {
  it('starts a mock router, seeds an empresa with it and two plans, and prints working credentials', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo.ts'], {
      cwd: apiDir,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => out.includes('Ctrl-C stops the demo') || child.exitCode !== null, 'the demo to be ready', 60_000);
      const api = /export API=(\S+) KEY=(hsk_\S+)/.exec(out);
      expect(api, out).not.toBeNull();
      const [, base, key] = api!;
      expect(out).toContain(`curl -s $API/api/v1/catalogo_perfiles_venta -H "X-API-Key: $KEY"`);
      expect(out).toMatch(/curl -s -X POST \$API\/api\/v1\/payments\/pagar-conekta/);
      expect(key).toMatch(/^hsk_/);

      const [, email, password] = /Client admin: (\S+) \/ (\S+)/.exec(out)!;
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const token = ((await login.json()) as { access_token: string }).access_token;
      const auth = { authorization: `Bearer ${token}` };
      const plans = (await (await fetch(`${base}/api/v1/admin/products`, { headers: auth })).json()) as Array<{ nombre_venta: string; precio: number }>;
      expect(plans.map((p) => [p.nombre_venta, p.precio])).toEqual([
        ['1 hora', 15],
        ['1 día', 49.9],
      ]);
      const routerId = /router (RTR_[0-9A-F]{8})/.exec(out)![1];
      const check = (await (await fetch(`${base}/api/v1/admin/routers/${routerId}/test-connection`, { headers: auth })).json()) as { success: boolean };
      expect(check.success).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
