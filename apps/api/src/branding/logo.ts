/**
 * An empresa's logo as uploaded to `POST /api/v1/admin/mi-empresa/logo`. The old service trusted
 * the file name's extension and any size; here the bytes must be a PNG, JPEG or WebP image (by
 * their magic numbers) whose kind matches the name's extension, and small enough for a captive
 * portal page on a slow link. Stored in PostgreSQL (every instance serves it) under a fresh name
 * per upload, `logo_<empresa id>_<6 hex><ext>` as the old one named its files.
 */
import { randomBytes } from 'node:crypto';

/** The page's budget is 60 KB before the SDK: the logo may take about half of it. */
export const MAX_LOGO_BYTES = 32 * 1024;

export type LogoProblem = 'format' | 'too-large' | 'empty';

/** The upload is no logo this service keeps; the route words `problem` for the client. */
export class LogoRejectedError extends Error {
  constructor(readonly problem: LogoProblem) {
    super(`logo rejected: ${problem}`);
    this.name = 'LogoRejectedError';
  }
}

interface ImageKind {
  contentType: string;
  extension: string;
  /** The extensions a file of this kind may be named with. */
  names: string[];
  matches(bytes: Uint8Array): boolean;
}

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const KINDS: ImageKind[] = [
  {
    contentType: 'image/png',
    extension: '.png',
    names: ['.png'],
    matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { contentType: 'image/jpeg', extension: '.jpg', names: ['.jpg', '.jpeg'], matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    contentType: 'image/webp',
    extension: '.webp',
    names: ['.webp'],
    matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
  },
];

export interface CheckedLogo {
  contentType: string;
  extension: string;
}

/** What the upload is, or why it is refused. @throws LogoRejectedError */
export function checkLogo(fileName: string, bytes: Uint8Array): CheckedLogo {
  const name = fileName.toLowerCase();
  const named = KINDS.find((kind) => kind.names.some((extension) => name.endsWith(extension)));
  if (!named) throw new LogoRejectedError('format');
  if (bytes.length === 0) throw new LogoRejectedError('empty');
  if (bytes.length > MAX_LOGO_BYTES) throw new LogoRejectedError('too-large');
  if (!named.matches(bytes)) throw new LogoRejectedError('format');
  return { contentType: named.contentType, extension: named.extension };
}

/** A fresh file name for the empresa's logo (a new upload is a new URL, so it can be cached for good). */
export function logoFileName(companyId: string, extension: string): string {
  return `logo_${companyId}_${randomBytes(3).toString('hex')}${extension}`;
}

/** The public path a logo is served at (the old service's). */
export function logoUrl(fileName: string | null): string | null {
  return fileName === null ? null : `/static/logos/${fileName}`;
}
