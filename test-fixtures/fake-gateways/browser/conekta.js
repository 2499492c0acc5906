/*
 * Stand-in for Conekta.js (https://cdn.conekta.io/js/latest/conekta.js), served by the fake Conekta.
 * Same global interface: Conekta.setPublicKey / getPublicKey, setLanguage / getLanguage,
 * Conekta.Token.create(params, success, error) and the Conekta.card validators. It tokenizes
 * against the fake it was loaded from (POST /tokens, basic auth with the public key); exactly one
 * callback runs, always asynchronously. Test cards: see the package README.
 */
(() => {
  const script = document.currentScript;
  const apiBase = new URL(script.src).origin;
  let publicKey = script.getAttribute('data-conekta-public-key');
  let language = 'es';

  const MESSAGES = {
    es: {
      key: 'Falta la llave pública de Conekta.',
      number: 'El número de la tarjeta es inválido.',
      name: 'Falta el nombre del tarjetahabiente.',
      expiration: 'La fecha de vencimiento es inválida.',
      cvc: 'El código de seguridad es inválido.',
      network: 'No se pudo conectar con Conekta. Intenta de nuevo.',
    },
    en: {
      key: 'The Conekta public key is missing.',
      number: 'The card number is invalid.',
      name: 'The cardholder name is missing.',
      expiration: 'The expiration date is invalid.',
      cvc: 'The security code is invalid.',
      network: 'Could not reach Conekta. Try again.',
    },
  };

  const digits = (value) => String(value ?? '').replace(/\D/g, '');

  function luhn(number) {
    let sum = 0;
    for (let i = 0; i < number.length; i++) {
      let digit = Number(number[number.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    return sum % 10 === 0;
  }

  const card = {
    validateNumber: (number) => /^\d{13,19}$/.test(digits(number)) && luhn(digits(number)),
    validateExpirationDate(month, year) {
      const m = Number(month);
      let y = Number(year);
      if (y < 100) y += 2000;
      if (!Number.isInteger(m) || m < 1 || m > 12 || !Number.isInteger(y)) return false;
      const now = new Date();
      return y > now.getFullYear() || (y === now.getFullYear() && m >= now.getMonth() + 1);
    },
    validateCVC: (cvc) => /^\d{3,4}$/.test(String(cvc ?? '').trim()),
    getBrand(number) {
      const n = digits(number);
      if (/^4/.test(n)) return 'visa';
      if (/^(5[1-5]|2[2-7])/.test(n)) return 'mastercard';
      if (/^3[47]/.test(n)) return 'amex';
      return null;
    },
  };

  /** The card from `{card:{…}}`, or from a form (or jQuery-wrapped form) whose inputs carry data-conekta="card[…]". */
  function cardOf(params) {
    if (params?.card) return params.card;
    const form = params?.jquery ? params[0] : params;
    if (!form || typeof form.querySelector !== 'function') return {};
    const read = (name) => form.querySelector(`[data-conekta="card[${name}]"]`)?.value ?? '';
    return { number: read('number'), name: read('name'), cvc: read('cvc'), exp_month: read('exp_month'), exp_year: read('exp_year') };
  }

  const text = (key) => (MESSAGES[language] ?? MESSAGES.es)[key];
  const failure = (type, key, param, code, debug) => ({
    object: 'error',
    type,
    message: debug ?? text(key),
    message_to_purchaser: text(key),
    param,
    code,
  });

  /** What Conekta.js checks before calling the API; undefined when the card may be sent. */
  function invalid(c) {
    if (!publicKey) return failure('authentication_error', 'key', null, 'conekta.errors.authentication.missing_key');
    if (!card.validateNumber(c.number)) return failure('parameter_validation_error', 'number', 'card[number]', 'invalid_number');
    if (!String(c.name ?? '').trim()) return failure('parameter_validation_error', 'name', 'card[name]', 'invalid_name');
    if (!card.validateExpirationDate(c.exp_month, c.exp_year)) {
      return failure('parameter_validation_error', 'expiration', 'card[exp_month]', 'invalid_expiry_month');
    }
    if (!card.validateCVC(c.cvc)) return failure('parameter_validation_error', 'cvc', 'card[cvc]', 'invalid_cvc');
    return undefined;
  }

  function create(params, success, error) {
    const c = cardOf(params);
    const problem = invalid(c);
    if (problem) {
      setTimeout(() => error(problem), 0);
      return;
    }
    fetch(`${apiBase}/tokens`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${publicKey}:`)}`,
        accept: 'application/vnd.conekta-v2.1.0+json',
        'accept-language': language,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        card: {
          number: digits(c.number),
          name: String(c.name).trim(),
          exp_month: String(c.exp_month),
          exp_year: String(c.exp_year),
          cvc: String(c.cvc).trim(),
        },
      }),
    })
      .then(async (res) => {
        const body = await res.json();
        if (res.ok) return success(body);
        const detail = body.details?.[0] ?? {};
        return error({
          object: 'error',
          type: body.type,
          message: detail.debug_message ?? detail.message,
          message_to_purchaser: detail.message,
          param: detail.param ?? null,
          code: detail.code,
        });
      })
      .catch(() => error(failure('api_error', 'network', null, 'conekta.errors.api.system.general_failure')));
  }

  window.Conekta = {
    setPublicKey: (key) => {
      publicKey = key;
    },
    getPublicKey: () => publicKey,
    setLanguage: (lang) => {
      language = lang === 'en' ? 'en' : 'es';
    },
    getLanguage: () => language,
    Token: { create },
    card,
  };
  // Older integrations' names for the same two calls.
  window.Conekta.setPublishableKey = window.Conekta.setPublicKey;
  window.Conekta.getPublishableKey = window.Conekta.getPublicKey;
})();
