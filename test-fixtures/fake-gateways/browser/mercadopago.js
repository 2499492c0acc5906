/*
 * Stand-in for MercadoPago.js v2 (https://sdk.mercadopago.com/js/v2), served by the fake Mercado
 * Pago. Same global interface: new MercadoPago(publicKey, {locale}); the promise-returning core
 * methods getIdentificationTypes, getPaymentMethods, getIssuers, getInstallments, createCardToken;
 * and mp.cardForm({amount, iframe, form, callbacks}) with mount, unmount, createCardToken, submit,
 * update and getCardFormData. Only createCardToken calls the fake (POST /v1/card_tokens); the
 * lookups answer from the card's BIN here. Callbacks always run asynchronously. Test cards and
 * cardholder names: see the package README.
 */
(() => {
  const apiBase = new URL(document.currentScript.src).origin;
  const digits = (value) => String(value ?? '').replace(/\D/g, '');

  /** The card brands the fake knows, by BIN (`issuer` is a stand-in bank). */
  const METHODS = [
    { pattern: /^4/, id: 'visa', name: 'Visa', cvc: 3 },
    { pattern: /^(5[1-5]|2[2-7])/, id: 'master', name: 'Mastercard', cvc: 3 },
    { pattern: /^3[47]/, id: 'amex', name: 'American Express', cvc: 4 },
  ];
  const ISSUER = { id: '1', name: 'Banco de pruebas', thumbnail: '', secure_thumbnail: '', processing_mode: 'aggregator' };

  function methodOf(bin) {
    const found = METHODS.find((m) => m.pattern.test(digits(bin)));
    if (!found) return undefined;
    return {
      id: found.id,
      name: found.name,
      payment_type_id: 'credit_card',
      status: 'active',
      thumbnail: '',
      secure_thumbnail: '',
      settings: [
        {
          card_number: { length: found.id === 'amex' ? 15 : 16, validation: 'standard' },
          security_code: { length: found.cvc, card_location: found.id === 'amex' ? 'front' : 'back', mode: 'mandatory' },
          bin: { pattern: found.pattern.source, installments_pattern: found.pattern.source, exclusion_pattern: null },
        },
      ],
      issuer: { ...ISSUER, default: true },
      additional_info_needed: ['cardholder_name'],
      processing_mode: 'aggregator',
      deferred_capture: 'supported',
    };
  }

  class MercadoPago {
    constructor(publicKey, options = {}) {
      if (!publicKey) throw new Error('MercadoPago.js: the public key is required');
      this.publicKey = publicKey;
      this.locale = options.locale ?? 'es-MX';
    }

    async getIdentificationTypes() {
      // Mexico asks for no identification document at checkout.
      return [];
    }

    async getPaymentMethods({ bin }) {
      const method = methodOf(bin);
      return { paging: { total: method ? 1 : 0, limit: 30, offset: 0 }, results: method ? [method] : [] };
    }

    async getIssuers({ bin }) {
      return methodOf(bin) ? [ISSUER] : [];
    }

    async getInstallments({ amount, bin }) {
      const method = methodOf(bin);
      if (!method) return [];
      const total = Number(amount);
      return [
        {
          payment_method_id: method.id,
          payment_type_id: method.payment_type_id,
          issuer: ISSUER,
          processing_mode: 'aggregator',
          payer_costs: [
            {
              installments: 1,
              installment_rate: 0,
              discount_rate: 0,
              labels: [],
              min_allowed_amount: 5,
              max_allowed_amount: 300000,
              recommended_message: `1 pago de $ ${total.toFixed(2)}`,
              installment_amount: total,
              total_amount: total,
              payment_method_option_id: `${method.id}-1`,
            },
          ],
        },
      ];
    }

    /** Resolves to the token object (`id` is the token); rejects with Mercado Pago's error body. */
    async createCardToken(card) {
      const res = await fetch(`${apiBase}/v1/card_tokens?public_key=${encodeURIComponent(this.publicKey)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          card_number: digits(card.cardNumber),
          security_code: String(card.securityCode ?? ''),
          expiration_month: Number(card.cardExpirationMonth),
          expiration_year: Number(card.cardExpirationYear),
          cardholder: {
            name: card.cardholderName,
            identification: { type: card.identificationType, number: card.identificationNumber },
          },
        }),
      });
      const body = await res.json();
      if (!res.ok) throw body;
      return body;
    }

    cardForm(options) {
      return new CardForm(this, options);
    }
  }

  const later = (fn) => Promise.resolve().then(fn);

  class CardForm {
    constructor(mp, options) {
      this.mp = mp;
      this.options = { autoMount: true, processingMode: 'aggregator', iframe: false, ...options };
      this.callbacks = options.callbacks ?? {};
      this.data = { token: '', paymentMethodId: '', issuerId: '', installments: '', bin: '' };
      this.listeners = [];
      if (this.options.autoMount) this.mount();
    }

    /** Runs a callback if the page gave it; never lets it break the form. */
    emit(name, ...args) {
      const callback = this.callbacks[name];
      if (typeof callback !== 'function') return undefined;
      try {
        return callback(...args);
      } catch (error) {
        console.error(error);
        return undefined;
      }
    }

    async fetching(resource, work) {
      const done = this.emit('onFetching', resource);
      try {
        return await work();
      } finally {
        if (typeof done === 'function') done();
      }
    }

    /** The element for form key `key`; with iframe:true, card fields are <div>s that get an input of their own. */
    element(key) {
      const spec = this.options.form[key];
      if (!spec) return undefined;
      const node = document.getElementById(spec.id);
      if (!node) throw new Error(`MercadoPago.js cardForm: no element with id "${spec.id}" for ${key}`);
      if (node.tagName === 'DIV') {
        const input = document.createElement('input');
        input.id = `${spec.id}-input`;
        input.autocomplete = key === 'cardNumber' ? 'cc-number' : 'off';
        input.inputMode = 'numeric';
        node.appendChild(input);
        if (spec.placeholder) input.placeholder = spec.placeholder;
        return input;
      }
      if (spec.placeholder) node.placeholder = spec.placeholder;
      return node;
    }

    listen(node, type, handler) {
      node.addEventListener(type, handler);
      this.listeners.push(() => node.removeEventListener(type, handler));
    }

    mount() {
      later(async () => {
        try {
          const keys = ['cardholderName', 'cardholderEmail', 'cardNumber', 'expirationDate', 'expirationMonth', 'expirationYear'];
          keys.push('securityCode', 'installments', 'identificationType', 'identificationNumber', 'issuer');
          this.fields = {};
          this.formNode = document.getElementById(this.options.form.id);
          if (!this.formNode) throw new Error(`MercadoPago.js cardForm: no form with id "${this.options.form.id}"`);
          for (const key of keys) this.fields[key] = this.element(key);
          const { cardNumber, securityCode, cardholderName } = this.fields;
          if (!cardNumber || !securityCode || !cardholderName)
            throw new Error('MercadoPago.js cardForm: cardNumber, securityCode and cardholderName are required');
          this.listen(cardNumber, 'input', () => this.binChanged());
          this.listen(this.formNode, 'submit', (event) => this.submitted(event));
          const types = await this.fetching('identificationTypes', () => this.mp.getIdentificationTypes());
          this.fill(
            'identificationType',
            types.map((t) => [t.id, t.name]),
          );
          this.emit('onIdentificationTypesReceived', null, types);
          this.emit('onFormMounted');
          this.emit('onReady');
        } catch (error) {
          this.emit('onFormMounted', error);
        }
      });
      return this;
    }

    unmount() {
      for (const remove of this.listeners.splice(0)) remove();
      later(() => this.emit('onFormUnmounted'));
    }

    fill(key, options) {
      const select = this.fields[key];
      if (select?.tagName !== 'SELECT') return;
      select.replaceChildren(
        ...options.map(([value, label]) => {
          const option = document.createElement('option');
          option.value = value;
          option.textContent = label;
          return option;
        }),
      );
    }

    async binChanged() {
      const bin = digits(this.fields.cardNumber.value).slice(0, 8);
      const current = bin.length >= 6 ? bin : '';
      if (current === this.data.bin) return;
      this.data.bin = current;
      this.emit('onBinChange', current || null);
      if (!current) return;
      const methods = await this.fetching('paymentMethods', () => this.mp.getPaymentMethods({ bin: current }));
      this.emit('onPaymentMethodsReceived', null, methods.results);
      const method = methods.results[0];
      this.data.paymentMethodId = method?.id ?? '';
      if (!method) return;
      const issuers = await this.fetching('issuers', () => this.mp.getIssuers({ paymentMethodId: method.id, bin: current }));
      this.fill(
        'issuer',
        issuers.map((i) => [i.id, i.name]),
      );
      this.data.issuerId = issuers[0]?.id ?? '';
      this.emit('onIssuersReceived', null, issuers);
      const installments = await this.fetching('installments', () =>
        this.mp.getInstallments({ amount: this.options.amount, bin: current }),
      );
      const costs = installments[0]?.payer_costs ?? [];
      this.fill(
        'installments',
        costs.map((c) => [String(c.installments), c.recommended_message]),
      );
      this.data.installments = costs[0] ? String(costs[0].installments) : '';
      this.emit('onInstallmentsReceived', null, installments[0]);
    }

    value(key) {
      return this.fields[key]?.value?.trim() ?? '';
    }

    expiration() {
      if (this.fields.expirationDate) {
        const [month, year] = this.value('expirationDate').split('/');
        return { month: month ?? '', year: year ?? '' };
      }
      return { month: this.value('expirationMonth'), year: this.value('expirationYear') };
    }

    /** Tokenizes the card in the form; resolves to {token}, fires onCardTokenReceived either way. */
    async createCardToken() {
      const { month, year } = this.expiration();
      try {
        const token = await this.fetching('cardToken', () =>
          this.mp.createCardToken({
            cardNumber: this.value('cardNumber'),
            cardholderName: this.value('cardholderName'),
            cardExpirationMonth: month,
            cardExpirationYear: year.length === 2 ? `20${year}` : year,
            securityCode: this.value('securityCode'),
            identificationType: this.value('identificationType'),
            identificationNumber: this.value('identificationNumber'),
          }),
        );
        this.data.token = token.id;
        this.emit('onCardTokenReceived', null, { token: token.id });
        return { token: token.id };
      } catch (error) {
        this.data.token = '';
        const causes = Array.isArray(error?.cause) ? error.cause : [{ code: 'network', message: String(error) }];
        this.emit('onCardTokenReceived', causes);
        this.emit('onError', causes);
        throw causes;
      }
    }

    async submitted(event) {
      // The token first; the page's onSubmit then reads it with getCardFormData().
      event.preventDefault();
      try {
        await this.createCardToken();
      } catch {
        return;
      }
      this.emit('onSubmit', event);
    }

    submit() {
      this.formNode.requestSubmit();
    }

    update(key, { placeholder }) {
      const node = this.fields[key];
      if (node && placeholder !== undefined) node.placeholder = placeholder;
    }

    getCardFormData() {
      return {
        token: this.data.token,
        installments: this.value('installments') || this.data.installments,
        paymentMethodId: this.data.paymentMethodId,
        issuerId: this.value('issuer') || this.data.issuerId,
        identificationType: this.value('identificationType'),
        identificationNumber: this.value('identificationNumber'),
        processingMode: this.options.processingMode,
        cardholderEmail: this.value('cardholderEmail'),
        amount: String(this.options.amount),
      };
    }
  }

  window.MercadoPago = MercadoPago;
})();
