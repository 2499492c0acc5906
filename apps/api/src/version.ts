/** The service's name and version, from apps/api/package.json (one level up from src/ and dist/ alike). */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const SERVICE_NAME = 'hotspot-pagos-api';
export const SERVICE_VERSION = pkg.version;
