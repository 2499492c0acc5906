// Paths and contents of the test certificates. They guard nothing: tests only.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
export const caCertPath = here('./ca.crt');
export const serverCertPath = here('./server.crt');
export const serverKeyPath = here('./server.key');
export const caCert = readFileSync(caCertPath, 'utf8');
export const serverCert = readFileSync(serverCertPath, 'utf8');
export const serverKey = readFileSync(serverKeyPath, 'utf8');
