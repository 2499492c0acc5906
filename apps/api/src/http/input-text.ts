/**
 * A NUL byte in request text: PostgreSQL cannot store one in a text column, so it would surface as
 * a database error (500). Refused up front for every route, whatever its schema says.
 */
import { HttpError } from './errors.js';

export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
  }
  return false;
}

export async function refuseNulBytes(request: { body: unknown; query: unknown; params: unknown }): Promise<void> {
  if (containsNul(request.body) || containsNul(request.query) || containsNul(request.params)) {
    throw new HttpError(422, 'El texto no puede contener el carácter NUL');
  }
}
