/** Calls to the fakes' APIs the way the service's clients make them. */

/** Conekta's headers: basic auth with `key`, a pinned API version. */
export const conektaHeaders = (key = 'key_test') => ({
  authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
  accept: 'application/vnd.conekta-v2.1.0+json',
  'content-type': 'application/json',
});

export const mpHeaders = { authorization: 'Bearer TEST-token', 'content-type': 'application/json' };

/** A request whose answer is JSON. */
export async function call(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** `POST /orders` for one item of `unitPrice` cents paid with `paymentMethod`. */
export function postConektaOrder(
  baseUrl: string,
  paymentMethod: Record<string, unknown>,
  unitPrice: number,
  metadata: Record<string, string> = {},
) {
  return call(`${baseUrl}/orders`, {
    method: 'POST',
    headers: conektaHeaders(),
    body: JSON.stringify({
      currency: 'MXN',
      customer_info: { name: 'Ana', email: 'ana@example.com', phone: '5550000000' },
      line_items: [{ name: 'Plan', unit_price: unitPrice, quantity: 1 }],
      charges: [{ payment_method: paymentMethod }],
      metadata,
    }),
  });
}
