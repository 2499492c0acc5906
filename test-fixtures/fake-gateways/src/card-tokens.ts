/**
 * Card tokens the fakes mint for their browser stand-ins (`POST /tokens`, `POST /v1/card_tokens`):
 * single use, like the real ones, and each remembers the card it stands for, whose number and
 * cardholder name decide the charge's outcome (see {@link behaviourOfCard}).
 */
import { randomBytes } from 'node:crypto';
import { behaviourOfCard, type TokenBehaviour } from './tokens.js';

/** The card behind a token, as much of it as a gateway shows after tokenizing. */
export interface TokenizedCard {
  firstSix: string;
  last4: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'unknown';
  holder: string;
  expMonth: number;
  expYear: number;
}

/** A token taken for a charge: how the charge goes and the card it charges. */
export interface TakenToken {
  behaviour: TokenBehaviour;
  card: TokenizedCard;
}

/** What a card form sent, before any check. */
export interface CardInput {
  number: unknown;
  holder: unknown;
  expMonth: unknown;
  expYear: unknown;
  cvc: unknown;
}

/** Which field of a card is wrong. */
export type CardField = 'number' | 'holder' | 'expiration' | 'cvc';

/** The card checks the gateways make before tokenizing (Luhn, a future expiry on the gateway's clock, a 3–4 digit code). */
export function checkCard(input: CardInput, now: Date): TokenizedCard | CardField {
  const number = typeof input.number === 'string' ? input.number.replace(/[\s-]/g, '') : '';
  if (!/^\d{13,19}$/.test(number) || !luhn(number)) return 'number';
  if (typeof input.holder !== 'string' || input.holder.trim() === '') return 'holder';
  const month = Number(input.expMonth);
  let year = Number(input.expYear);
  if (year < 100) year += 2000;
  const expired = year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1);
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year) || expired) return 'expiration';
  if (!/^\d{3,4}$/.test(String(input.cvc ?? ''))) return 'cvc';
  return {
    firstSix: number.slice(0, 6),
    last4: number.slice(-4),
    brand: brandOf(number),
    holder: input.holder.trim(),
    expMonth: month,
    expYear: year,
  };
}

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function brandOf(number: string): TokenizedCard['brand'] {
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  return 'unknown';
}

/** The tokens one fake minted. */
export class CardTokens {
  readonly #tokens = new Map<string, TakenToken & { used: boolean }>();

  /** A new token for `card`, whose full number picks the outcome with the holder's name. */
  mint(id: string, number: string, card: TokenizedCard): string {
    this.#tokens.set(id, { behaviour: behaviourOfCard(number.replace(/[\s-]/g, ''), card.holder), card, used: false });
    return id;
  }

  /** Takes `token` for a charge: undefined when this fake did not mint it, `used` when a charge already took it. */
  take(token: string): TakenToken | 'used' | undefined {
    const entry = this.#tokens.get(token);
    if (!entry) return undefined;
    if (entry.used) return 'used';
    entry.used = true;
    return { behaviour: entry.behaviour, card: entry.card };
  }
}

/** `count` random bytes as hex: Mercado Pago's 32-character token ids. */
export function randomHex(count: number): string {
  return randomBytes(count).toString('hex');
}
